// SPDX-License-Identifier: BSD-3-Clause
// Tables change under traffic with no lock and no loss: a worker on its own lcore
// forwards a steady stream of frames to MACs that never change, while the writer
// adds and removes 100k other MACs, republishes the bridge domain and the next hop,
// and reclaims after grace periods. Every stable frame must be encapsulated toward
// its VTEP: none flooded, none dropped.
#include <arpa/inet.h>
#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <urcu-qsbr.h>

#include "dp/core/dp_meta.h"
#include "dp/writer/writer.h"
#include "pipelines/vtep_pipeline.h"

#define STABLE_MACS 64
#define CHURN_MACS 100000
#define ROUNDS 3

static struct rte_mempool *pool;
static struct dp_worker *worker;
static volatile bool stop;

// The worker's counter `name` of `owner`, as `show stats` names it.
static uint64_t churn_cnt(const char *owner, const char *name)
{
	int c = dp_counter_id(owner, name);

	assert_true(c >= 0);
	return worker->cnt[c];
}
static uint64_t injected;

static void port_up(const char *name, uint16_t *id)
{
	struct rte_eth_conf conf = {0};
	char devargs[64];
	snprintf(devargs, sizeof(devargs), "%s,no-rx=1", name);
	assert_int_equal(rte_dev_probe(devargs), 0);
	assert_int_equal(rte_eth_dev_get_port_by_name(name, id), 0);
	assert_int_equal(rte_eth_dev_configure(*id, 1, 1, &conf), 0);
	assert_int_equal(rte_eth_rx_queue_setup(*id, 0, 64, 0, NULL, pool), 0);
	assert_int_equal(rte_eth_tx_queue_setup(*id, 0, 512, 0, NULL), 0);
	assert_int_equal(rte_eth_dev_start(*id), 0);
}

static void msg(struct dp_msg m)
{
	while (dp_msg_send(&m) < 0)
		dp_writer_poll();
}

static void mac_of(uint32_t i, uint8_t mac[6])
{
	mac[0] = 0x02;
	mac[1] = 0x10;
	mac[2] = (uint8_t)(i >> 24);
	mac[3] = (uint8_t)(i >> 16);
	mac[4] = (uint8_t)(i >> 8);
	mac[5] = (uint8_t)i;
}

static void remote_mac(uint32_t i, bool add)
{
	struct dp_msg m = {.type = add ? DP_MSG_MAC_ADD : DP_MSG_MAC_DEL};
	m.mac.bd = 100;
	m.mac.kind = DP_MAC_REMOTE;
	m.mac.nh = 1;
	m.mac.vni = 100;
	mac_of(i, m.mac.mac);
	msg(m);
}

static void nh_set(void)
{
	struct dp_msg m = {.type = DP_MSG_NH_SET};
	m.nh.nh = 1;
	m.nh.encap = DP_ENCAP_VXLAN;
	m.nh.resolved = true;
	m.nh.port = 0;
	m.nh.remote.family = m.nh.local.family = AF_INET;
	inet_pton(AF_INET, "192.0.2.2", &m.nh.remote.v4);
	inet_pton(AF_INET, "192.0.2.1", &m.nh.local.v4);
	msg(m);
}

// The worker: frames from the access port to the stable MACs, as fast as it can.
static int worker_main(void *arg)
{
	uint32_t next = 0;
	(void)arg;
	rcu_register_thread();
	while (!stop) {
		struct rte_mbuf *pkts[DP_BURST];
		if (rte_pktmbuf_alloc_bulk(pool, pkts, DP_BURST) != 0) {
			rcu_quiescent_state();
			continue;
		}
		for (unsigned i = 0; i < DP_BURST; i++, next++) {
			uint8_t *f = (uint8_t *)rte_pktmbuf_append(pkts[i], 64);
			memset(f, 0, 64);
			mac_of(next % STABLE_MACS, f);          // dst: a stable remote MAC
			f[6] = 0x02;                            // src: a stable local MAC
			f[11] = 0x01;
			f[12] = 0x08;
		}
		worker->now_tsc = rte_rdtsc();
		worker->now_sec = dp_now_sec(worker->now_tsc);
		dp_worker_input(worker, 1, pkts, DP_BURST);
		injected += DP_BURST;
		rcu_quiescent_state();
	}
	rcu_unregister_thread();
	return 0;
}

static void test_churn_under_traffic(void **state)
{
	unsigned lcore = rte_get_next_lcore(-1, 1, 0);
	uint64_t t0;
	(void)state;

	assert_true(lcore < RTE_MAX_LCORE);
	assert_int_equal(rte_eal_remote_launch(worker_main, NULL, lcore), 0);
	t0 = rte_rdtsc();
	for (int r = 0; r < ROUNDS; r++) {
		for (uint32_t i = STABLE_MACS; i < STABLE_MACS + CHURN_MACS; i++) {
			remote_mac(i, true);
			if (i % 4096 == 0)
				dp_writer_poll();
		}
		nh_set(); // same content, new object: readers must never see it freed
		msg((struct dp_msg){.type = DP_MSG_BD_SET,
			.bd = {.bd = 100, .vni = 100, .aging_sec = 300, .learning = true}});
		for (uint32_t i = STABLE_MACS; i < STABLE_MACS + CHURN_MACS; i++) {
			remote_mac(i, false);
			if (i % 4096 == 0)
				dp_writer_poll();
		}
		dp_writer_poll();
	}
	stop = true;
	rte_eal_mp_wait_lcore();
	print_message("churn: %u rounds of %u MAC adds+deletes in %.2f s, %lu frames forwarded, "
		      "%lu grace periods\n", ROUNDS, CHURN_MACS,
		(double)(rte_rdtsc() - t0) / rte_get_tsc_hz(), (unsigned long)injected,
		(unsigned long)dp_writer.stats.grace_periods);
	assert_true(injected > 0);
	assert_true(dp_writer.stats.grace_periods > 0);
	assert_int_equal(churn_cnt("l2_fwd", "to_bum_flood"), 0);
	assert_int_equal(churn_cnt("l2_fwd", "to_vxlan_encap"), injected);
	assert_int_equal(churn_cnt("vxlan_encap", "no_nexthop"), 0);
	assert_int_equal(churn_cnt("vxlan_encap", "to_tx"), injected);
	assert_int_equal(dp_writer.macs_remote[100], STABLE_MACS);
}

static int setup(void **state)
{
	char *eal[] = {"churn_test", "--no-huge", "-m", "512", "--no-pci", "--no-shconf",
		"--file-prefix", "churn_test", "-l", "0-1", "--log-level", "*:error", NULL};
	struct rte_ether_addr mac = {{0x02, 0, 0, 0, 0, 0xaa}};
	uint16_t up, acc;
	(void)state;

	if (rte_eal_init(RTE_DIM(eal) - 1, eal) < 0 || rte_lcore_count() < 2)
		return -1; // needs two lcores
	pool = dp_pktmbuf_pool_create("churn_pool", 16384, 0);
	worker = rte_zmalloc("w", sizeof(*worker), RTE_CACHE_LINE_SIZE);
	assert_non_null(pool);
	assert_non_null(worker);
	assert_int_equal(dp_graph_build(&vtep_pipeline), 0);
	assert_int_equal(dp_worker_init(worker, 0, pool), 0);
	assert_int_equal(dp_init(1, &worker, pool, 2 * CHURN_MACS, 0), 0);
	port_up("net_null0", &up);
	port_up("net_null1", &acc);
	assert_int_equal(up, 0);
	assert_int_equal(acc, 1);
	dp_port_register(0, "uplink0", &mac);
	dp_port_register(1, "host0", &mac);
	msg((struct dp_msg){.type = DP_MSG_UNDERLAY_ADDR, .uaddr = {.port = 0, .prefix_len = 24,
		.ip = {.family = AF_INET, .v4 = {htonl(0xc0000201)}}}});
	msg((struct dp_msg){.type = DP_MSG_BD_SET,
		.bd = {.bd = 100, .vni = 100, .aging_sec = 300, .learning = true}});
	msg((struct dp_msg){.type = DP_MSG_MEMBER_ADD, .member = {100, 1, 0}});
	nh_set();
	for (uint32_t i = 0; i < STABLE_MACS; i++)
		remote_mac(i, true);
	dp_writer_poll();
	assert_int_equal(dp_writer.stats.msgs_refused, 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	dp_fini();
	dp_worker_fini(worker);
	rte_free(worker);
	rte_eal_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_churn_under_traffic),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
