// SPDX-License-Identifier: BSD-3-Clause
// A worker's set-up, its event ring and its tx buffers (the walk over the nodes is
// dp_graph.c).
#include <errno.h>
#include <rte_ethdev.h>
#include <stdio.h>
#include <string.h>

#include "dp/core/dp_worker.h"

#define DP_EVENT_RING_SIZE 4096
#define DP_INJECT_RING_SIZE 256

// Not a drop: the event is lost, the frame goes on (its MAC is learned on a later one).
#define EVENTS_COUNTERS(X) X(EVENTS_CNT_RING_FULL, "ring_full", false)
DP_COUNTER_ENUM(events_cnt, EVENTS_COUNTERS);
static struct dp_counters events_counters = {.owner = "events", DP_COUNTER_BLOCK(EVENTS_COUNTERS)};
DP_COUNTERS_REGISTER(events_counters);

struct dp_counters dp_tx_counters = {.owner = "tx", DP_COUNTER_BLOCK(TX_COUNTERS)};
DP_COUNTERS_REGISTER(dp_tx_counters);

int dp_worker_init(struct dp_worker *w, unsigned id, struct rte_mempool *pool)
{
	char name[RTE_RING_NAMESIZE];
	memset(w, 0, sizeof(*w));
	w->id = id;
	w->txq_id = (uint16_t)id;
	w->pool = pool;
	snprintf(name, sizeof(name), "dp_ev%u", id);
	w->events = rte_ring_create_elem(name, sizeof(struct dp_event), DP_EVENT_RING_SIZE,
		SOCKET_ID_ANY, RING_F_SP_ENQ | RING_F_SC_DEQ);
	snprintf(name, sizeof(name), "dp_inj%u", id);
	w->inject = rte_ring_create(name, DP_INJECT_RING_SIZE, SOCKET_ID_ANY,
		RING_F_SP_ENQ | RING_F_SC_DEQ);
	if (w->events == NULL || w->inject == NULL) {
		dp_worker_fini(w);
		return -ENOMEM;
	}
	return 0;
}

void dp_worker_fini(struct dp_worker *w)
{
	struct rte_mbuf *m;
	if (w->inject != NULL)
		while (rte_ring_dequeue(w->inject, (void **)&m) == 0)
			rte_pktmbuf_free(m);
	rte_ring_free(w->events);
	rte_ring_free(w->inject);
	w->events = NULL;
	w->inject = NULL;
	for (uint16_t p = 0; p < DP_MAX_PORTS; p++) {
		rte_pktmbuf_free_bulk(w->tx[p].pkts, w->tx[p].n);
		w->tx[p].n = 0;
	}
}

int dp_event_post(struct dp_worker *w, const struct dp_event *ev)
{
	if (rte_ring_sp_enqueue_elem(w->events, (void *)(uintptr_t)ev, sizeof(*ev)) != 0) {
		dp_count_in(w, &events_counters, EVENTS_CNT_RING_FULL);
		return -ENOBUFS;
	}
	return 0;
}

void dp_tx_flush(struct dp_worker *w, uint16_t port)
{
	struct dp_txq *q = &w->tx[port];
	if (unlikely(w->tracing))
		dp_trace_tx(w, port, q->pkts, q->n);
	uint16_t sent = rte_eth_tx_burst(port, w->txq_id, q->pkts, q->n);
	w->cnt[dp_tx_counters.base + TX_CNT_SENT] += sent;
	if (unlikely(sent < q->n)) {
		w->cnt[dp_tx_counters.base + TX_CNT_FULL] += q->n - sent;
		q->dropped += q->n - sent; // per port too, for show port
		rte_pktmbuf_free_bulk(&q->pkts[sent], q->n - sent);
	}
	q->n = 0;
}

void dp_tx_flush_all(struct dp_worker *w)
{
	while (w->tx_dirty != 0) {
		uint16_t p = (uint16_t)__builtin_ctzll(w->tx_dirty);
		w->tx_dirty &= w->tx_dirty - 1;
		if (w->tx[p].n > 0)
			dp_tx_flush(w, p);
	}
}
