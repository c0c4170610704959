// SPDX-License-Identifier: BSD-3-Clause
// Tests of dp_tx_flush (dp/core/dp_worker.c): what a full tx queue drops is counted
// as tx/queue_full (show stats) and against the port (show port's TxDrops), so the
// two agree. The underlay port is a real ethdev here: a net_ring port nobody reads.
#include <rte_dev.h>
#include <rte_ethdev.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/dp/dp_test_env.h"

#define FLUSHES 20 // of DP_TX_MAX frames: more than the ring's 1023 slots hold

struct port_drops {
	uint64_t v[DPT_N_PORTS];
};

static int drops_cb(const struct dp_port_info *i, void *arg)
{
	struct port_drops *d = arg;

	if (i->port < DPT_N_PORTS)
		d->v[i->port] = i->tx_dropped;
	return 0;
}

// net_ring0 as ethdev 0, the registered underlay port: its tx ring is never read.
static void ring_port_up(void)
{
	struct rte_eth_conf conf = {0};
	uint16_t id;

	assert_int_equal(rte_dev_probe("net_ring0"), 0);
	assert_int_equal(rte_eth_dev_get_port_by_name("net_ring0", &id), 0);
	assert_int_equal(id, DPT_UL);
	assert_int_equal(rte_eth_dev_configure(id, 1, 1, &conf), 0);
	assert_int_equal(rte_eth_rx_queue_setup(id, 0, 64, 0, NULL, dpt.pool), 0);
	assert_int_equal(rte_eth_tx_queue_setup(id, 0, 64, 0, NULL), 0);
	assert_int_equal(rte_eth_dev_start(id), 0);
}

// Frees what the ring holds (its rx side reads the same ring) and removes the port.
static void ring_port_down(void)
{
	struct rte_mbuf *back[64];
	uint16_t n;

	while ((n = rte_eth_rx_burst(DPT_UL, 0, back, 64)) > 0)
		rte_pktmbuf_free_bulk(back, n);
	rte_eth_dev_stop(DPT_UL);
	rte_eth_dev_close(DPT_UL);
	rte_eal_hotplug_remove("vdev", "net_ring0");
}

static void test_queue_full_counted_per_port(void **state)
{
	struct dp_txq *q = &dpt.w->tx[DPT_UL];
	struct port_drops d = {{0}};
	struct dpt_cnt before;
	uint64_t sent, dropped;

	(void)state;
	ring_port_up();
	dpt_snap(&before);
	for (int i = 0; i < FLUSHES; i++) {
		q->n = DP_TX_MAX;
		assert_int_equal(rte_pktmbuf_alloc_bulk(dpt.pool, q->pkts, q->n), 0);
		dp_tx_flush(dpt.w, DPT_UL);
	}
	sent = dpt_delta(&before, dpt_cnt("tx", "sent"));
	dropped = dpt_delta(&before, dpt_cnt("tx", "queue_full"));
	assert_true(dropped > 0);
	assert_int_equal(sent + dropped, FLUSHES * DP_TX_MAX);
	assert_int_equal(dp_port_walk(drops_cb, &d), 0);
	assert_int_equal(d.v[DPT_UL], dropped);
	assert_int_equal(d.v[DPT_A1] + d.v[DPT_A2] + d.v[DPT_A3], 0);
	ring_port_down();
}
int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_queue_full_counted_per_port, dpt_setup, dpt_teardown),
	};
	int ret;
	(void)argc;
	dpt_eal_init(argv[0]);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	dpt_eal_fini();
	return ret;
}
