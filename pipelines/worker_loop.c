// SPDX-License-Identifier: BSD-3-Clause
#include <errno.h>
#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <urcu-qsbr.h>

#include "dp/core/dp_meta.h"
#include "pipelines/worker_loop.h"

static volatile bool worker_stop;

int worker_plan_build(struct worker_plan *plans, unsigned n_workers, const uint16_t *ports,
	unsigned n_ports, const uint16_t *rx_queues)
{
	for (unsigned p = 0; p < n_ports; p++)
		for (uint16_t q = 0; q < rx_queues[p]; q++) {
			struct worker_plan *wp = &plans[q % n_workers];
			if (wp->n_queues == WORKER_MAX_QUEUES)
				return -ENOSPC;
			wp->q[wp->n_queues].port = ports[p];
			wp->q[wp->n_queues].queue = q;
			wp->n_queues++;
		}
	return 0;
}

// Packets the writer asked us to send (ARP requests, neighbour solicitations).
static void worker_inject(struct dp_worker *w)
{
	struct rte_mbuf *pkts[8];
	unsigned n = rte_ring_sc_dequeue_burst(w->inject, (void **)pkts, 8, NULL);
	for (unsigned i = 0; i < n; i++)
		dp_tx(w, dp_meta(pkts[i])->out_port, pkts[i]);
	if (n > 0)
		dp_tx_flush_all(w);
}

int worker_loop_run(void *arg)
{
	struct worker_plan *wp = arg;
	struct dp_worker *w = wp->w;
	struct rte_mbuf *pkts[DP_BURST];

	rcu_register_thread();
	while (!worker_stop) {
		w->now_tsc = rte_rdtsc();
		w->now_sec = dp_now_sec(w->now_tsc);
		for (unsigned i = 0; i < wp->n_queues; i++) {
			uint16_t port = wp->q[i].port;
			uint16_t n = rte_eth_rx_burst(port, wp->q[i].queue, pkts, DP_BURST);
			if (n > 0)
				dp_worker_input(w, port, pkts, n);
		}
		dp_worker_source(w); // the tester's generator; nothing in the VTEP
		worker_inject(w);
		// Tables read in this iteration are no longer referenced.
		rcu_quiescent_state();
	}
	rcu_unregister_thread();
	return 0;
}

void worker_loop_stop(void)
{
	worker_stop = true;
}
