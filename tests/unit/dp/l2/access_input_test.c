// SPDX-License-Identifier: BSD-3-Clause
// Tests of dp/l2/access_input.c: port + 802.1Q VLAN -> bridge domain, the tag removed.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dp/core/dp_meta.h"
#include "tests/unit/dp/dp_test_env.h"

static int setup(void **state)
{
	if (dpt_setup(state) != 0)
		return -1;
	dpt_topology();
	return 0;
}

static int feed_m(uint16_t port, struct rte_mbuf *m)
{
	return dpt_feed_port("access_input", access_input_process, port, m);
}

static int feed(uint16_t port, const struct dpt_pkt *p)
{
	struct rte_mbuf *m = dpt_mbuf(p);
	// Stale metadata from a previous life of the mbuf must not survive.
	dp_meta(m)->from_tunnel = 1;
	dp_meta(m)->bd = 999;
	return feed_m(port, m);
}

// Takes the frame queued for l2_fwd and checks its bytes and metadata.
static void check_l2(const struct dpt_pkt *want, uint16_t port, uint16_t vlan, uint16_t bd)
{
	struct rte_mbuf *m;
	struct dp_meta *meta;

	assert_int_equal(dpt_vec_take(DPT_VEC(l2_fwd), &m, 1), 1);
	meta = dp_meta(m);
	assert_int_equal(rte_pktmbuf_pkt_len(m), want->len);
	assert_memory_equal(rte_pktmbuf_mtod(m, void *), want->b, want->len);
	assert_int_equal(meta->in_port, port);
	assert_int_equal(meta->in_vlan, vlan);
	assert_int_equal(meta->bd, bd);
	assert_int_equal(meta->from_tunnel, 0);
	rte_pktmbuf_free(m);
}

static void frames(struct dpt_pkt *tagged, struct dpt_pkt *untagged, uint16_t tci)
{
	struct rte_ether_addr a = dpt_mac(1), b = dpt_mac(2);
	dpt_frame(tagged, &b, &a, tci, 60);
	dpt_frame(untagged, &b, &a, 0, 60);
}

static void test_untagged(void **state)
{
	struct dpt_pkt t, u;
	(void)state;
	frames(&t, &u, 100);
	assert_edge(feed(DPT_A1, &u), dpt_cnt("access_input", "to_l2"));
	check_l2(&u, DPT_A1, 0, DPT_BD);
}

static void test_tagged_stripped(void **state)
{
	struct dpt_pkt t, u;
	(void)state;
	frames(&t, &u, 100);
	assert_edge(feed(DPT_A2, &t), dpt_cnt("access_input", "to_l2"));
	check_l2(&u, DPT_A2, 100, DPT_BD);
	frames(&t, &u, 200);
	assert_edge(feed(DPT_A3, &t), dpt_cnt("access_input", "to_l2"));
	check_l2(&u, DPT_A3, 200, DPT_BD);
	// Port 1: untagged is bd 10, VLAN 20 is bd 20.
	frames(&t, &u, 20);
	assert_edge(feed(DPT_A1, &t), dpt_cnt("access_input", "to_l2"));
	check_l2(&u, DPT_A1, 20, DPT_BD2);
}

// The priority and DEI bits are not part of the VLAN id.
static void test_tag_pcp_ignored(void **state)
{
	struct dpt_pkt t, u;
	(void)state;
	frames(&t, &u, 0xf000 | 100);
	assert_edge(feed(DPT_A2, &t), dpt_cnt("access_input", "to_l2"));
	check_l2(&u, DPT_A2, 100, DPT_BD);
}

// A priority-tagged frame (VLAN 0) belongs to the untagged member.
static void test_priority_tagged(void **state)
{
	struct dpt_pkt t, u;
	(void)state;
	frames(&t, &u, 0xa000);
	assert_edge(feed(DPT_A1, &t), dpt_cnt("access_input", "to_l2"));
	check_l2(&u, DPT_A1, 0, DPT_BD);
}

// The NIC already stripped the tag: the VLAN comes from the mbuf.
static void test_hw_stripped(void **state)
{
	struct dpt_pkt t, u;
	struct rte_mbuf *m;
	(void)state;
	frames(&t, &u, 100);
	m = dpt_mbuf(&u);
	m->ol_flags = RTE_MBUF_F_RX_VLAN | RTE_MBUF_F_RX_VLAN_STRIPPED;
	m->vlan_tci = 0x2000 | 100;
	assert_edge(feed_m(DPT_A2, m), dpt_cnt("access_input", "to_l2"));
	check_l2(&u, DPT_A2, 100, DPT_BD);
}

static void test_no_bridge_domain(void **state)
{
	struct dpt_pkt t, u;
	(void)state;
	frames(&t, &u, 300);
	assert_edge(feed(DPT_A2, &t), dpt_cnt("access_input", "no_bridge_domain"));
	assert_edge(feed(DPT_A2, &u),
		dpt_cnt("access_input", "no_bridge_domain")); // port 2 has no untagged
	frames(&t, &u, 100);
	assert_edge(feed(DPT_A3, &t),
		dpt_cnt("access_input", "no_bridge_domain")); // VLAN 100 is port 2's
	assert_edge(feed(DPT_A1, &t), dpt_cnt("access_input", "no_bridge_domain"));
	frames(&t, &u, 4095);
	assert_edge(feed(DPT_A1, &t), dpt_cnt("access_input", "no_bridge_domain"));
	// After the member is removed, its VLAN maps nowhere.
	assert_int_equal(dpt_member(false, DPT_BD, DPT_A3, 200), 0);
	frames(&t, &u, 200);
	assert_edge(feed(DPT_A3, &t), dpt_cnt("access_input", "no_bridge_domain"));
	assert_int_equal(dpt_pending(), 0);
}

static void test_runt(void **state)
{
	struct dpt_pkt t, u;
	(void)state;
	frames(&t, &u, 100);
	assert_edge(feed_m(DPT_A1, dpt_mbuf_bytes(u.b, 13)), dpt_cnt("access_input", "runt"));
	assert_edge(feed_m(DPT_A1, dpt_mbuf_bytes(u.b, 0)), dpt_cnt("access_input", "runt"));
	// A tag announced but cut short.
	assert_edge(feed_m(DPT_A2, dpt_mbuf_bytes(t.b, 17)), dpt_cnt("access_input", "runt"));
	assert_edge(feed_m(DPT_A2, dpt_mbuf_bytes(t.b, 14)), dpt_cnt("access_input", "runt"));
	assert_int_equal(dpt_pending(), 0);
}

// A tag and nothing after it is an (empty) Ethernet header once untagged.
static void test_minimal_tagged(void **state)
{
	struct dpt_pkt t, u;
	(void)state;
	frames(&t, &u, 100);
	t.len = 18;
	u.len = 14;
	assert_edge(feed(DPT_A2, &t), dpt_cnt("access_input", "to_l2"));
	check_l2(&u, DPT_A2, 100, DPT_BD);
}

// A burst: verdicts per frame, the good ones kept in order.
static void test_burst(void **state)
{
	struct rte_mbuf *pkts[5], *out[5];
	struct dpt_pkt t, u;
	struct dpt_cnt before;
	(void)state;
	frames(&t, &u, 100);
	pkts[0] = dpt_mbuf(&t);
	pkts[1] = dpt_mbuf(&u);
	pkts[2] = dpt_mbuf_bytes(t.b, 10);
	pkts[3] = dpt_mbuf(&t);
	frames(&t, &u, 7);
	pkts[4] = dpt_mbuf(&t);
	dpt_snap(&before);
	access_input_process(dpt.w, DPT_A2, pkts, 5);
	assert_int_equal(dpt_delta(&before, dpt_cnt("access_input", "to_l2")), 2);
	assert_int_equal(dpt_delta(&before, dpt_cnt("access_input", "no_bridge_domain")), 2);
	assert_int_equal(dpt_delta(&before, dpt_cnt("access_input", "runt")), 1);
	assert_int_equal(dpt_vec_take(DPT_VEC(l2_fwd), out, 5), 2);
	assert_ptr_equal(out[0], pkts[0]);
	assert_ptr_equal(out[1], pkts[3]);
	dpt_free(out, 2);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_untagged, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_tagged_stripped, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_tag_pcp_ignored, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_priority_tagged, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_hw_stripped, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_no_bridge_domain, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_runt, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_minimal_tagged, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_burst, setup, dpt_teardown),
	};
	int ret;
	(void)argc;
	dpt_eal_init(argv[0]);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	dpt_eal_fini();
	return ret;
}
