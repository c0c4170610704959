// SPDX-License-Identifier: BSD-3-Clause
// Tests of dp/core/dp_graph.c: the registry resolves next nodes by name at start-up (an
// unknown one is refused then, not met per packet), the walk carries a loop between
// nodes to its end, a loop nothing ends is cut by the sweep bound with a counted drop,
// and the per-node figures add up (per worker and in dp_node_walk, show's view).
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dp/dp_api.h"
#include "pipelines/vtep_pipeline.h"
#include "tests/unit/dp/dp_test_env.h"

// Test nodes: a packet's first byte is its hop limit. gt_a takes one off and sends the
// packet to gt_b, or to gt_sink at zero; gt_b sends it back to gt_a (a loop between
// two nodes, as L2 -> L3 -> L2 will be). gt_sink frees what it gets.
enum gt_a_next { GT_A_TO_B, GT_A_TO_SINK };
static struct dp_node gt_a_node, gt_b_node;
static unsigned gt_sunk;

static void gt_a_process(struct dp_worker *w, struct rte_mbuf **pkts, uint16_t n)
{
	for (uint16_t i = 0; i < n; i++) {
		uint8_t *hops = rte_pktmbuf_mtod(pkts[i], uint8_t *);

		if (--*hops == 0)
			dp_vec_push(dp_next(w, &gt_a_node, GT_A_TO_SINK), pkts[i]);
		else
			dp_vec_push(dp_next(w, &gt_a_node, GT_A_TO_B), pkts[i]);
	}
}

static void gt_b_process(struct dp_worker *w, struct rte_mbuf **pkts, uint16_t n)
{
	for (uint16_t i = 0; i < n; i++)
		dp_vec_push(dp_next(w, &gt_b_node, 0), pkts[i]);
}

static void gt_sink_process(struct dp_worker *w, struct rte_mbuf **pkts, uint16_t n)
{
	(void)w;
	gt_sunk += n;
	rte_pktmbuf_free_bulk(pkts, n);
}

static void gt_in_input(struct dp_worker *w, uint16_t port, struct rte_mbuf **pkts, uint16_t n)
{
	(void)port;
	for (uint16_t i = 0; i < n; i++)
		dp_vec_push(&w->vec[gt_a_node.id], pkts[i]);
}

// A node whose next node nobody registered.
static void gt_bad_process(struct dp_worker *w, struct rte_mbuf **pkts, uint16_t n)
{
	(void)w;
	rte_pktmbuf_free_bulk(pkts, n);
}

static struct dp_node gt_a_node = {
	.name = "gt_a",
	.process = gt_a_process,
	.next = {[GT_A_TO_B] = "gt_b", [GT_A_TO_SINK] = "gt_sink"},
};
static struct dp_node gt_b_node = {.name = "gt_b", .process = gt_b_process, .next = {"gt_a"}};
static struct dp_node gt_sink_node = {.name = "gt_sink", .process = gt_sink_process};
// An access entry declares no_bridge_domain: dp_worker_input counts a port with no role.
#define GT_IN_COUNTERS(X) X(GT_IN_CNT_NO_BD, "no_bridge_domain", true)
DP_COUNTER_ENUM(gt_in_cnt, GT_IN_COUNTERS);
static struct dp_node gt_in_node = {
	.name = "gt_in",
	.input = gt_in_input,
	.next = {"gt_a"},
	.cnt = {DP_COUNTER_BLOCK(GT_IN_COUNTERS)},
};
static struct dp_node gt_bad_node = {
	.name = "gt_bad", .process = gt_bad_process, .next = {"gt_sink", "no_such_node"}};
DP_NODE_REGISTER(gt_a_node);
DP_NODE_REGISTER(gt_b_node);
DP_NODE_REGISTER(gt_sink_node);
DP_NODE_REGISTER(gt_in_node);
DP_NODE_REGISTER(gt_bad_node);

static const struct dp_pipeline gt_loop = {
	.name = "gt_loop",
	.entry_access = "gt_in",
	.entry_underlay = "gt_in",
	.nodes = {"gt_a", "gt_b", "gt_sink"},
};

static int setup(void **state)
{
	if (dpt_setup(state) != 0)
		return -1;
	gt_sunk = 0;
	return dp_graph_build(&gt_loop);
}

// n packets with a hop limit of `hops` through the loop's entry node, then the walk.
static void gt_send(unsigned n, uint8_t hops)
{
	struct rte_mbuf *pkts[DP_BURST];
	uint8_t data[64] = {hops};

	for (unsigned i = 0; i < n; i++)
		pkts[i] = dpt_mbuf_bytes(data, sizeof(data));
	gt_in_node.input(dpt.w, 0, pkts, (uint16_t)n);
	dp_worker_drain(dpt.w);
}

static const struct dp_node_stats *gt_stats(const struct dp_node *node)
{
	return &dpt.w->node_stats[node->id];
}

// a -> b -> a ... five times round, then the sink: one sweep per lap, and no packet
// left behind or dropped.
static void test_loop_runs_to_completion(void **state)
{
	struct dpt_cnt before;

	(void)state;
	assert_true(dp_graph.back_edge); // gt_b -> gt_a: the walk sweeps again
	dpt_snap(&before);
	gt_send(3, 5);
	assert_int_equal(gt_sunk, 3);
	assert_int_equal(gt_stats(&gt_a_node)->calls, 5);
	assert_int_equal(gt_stats(&gt_a_node)->pkts, 15);
	assert_int_equal(gt_stats(&gt_b_node)->calls, 4);
	assert_int_equal(gt_stats(&gt_b_node)->pkts, 12);
	assert_int_equal(gt_stats(&gt_sink_node)->calls, 1);
	assert_int_equal(gt_stats(&gt_sink_node)->pkts, 3);
	assert_int_equal(dpt_delta(&before, dpt_cnt("graph", "sweep_limit")), 0);
	assert_int_equal(dpt_pending(), 0);
}

// A loop longer than the sweep bound (a misconfigured cycle): the walk ends, what is
// left is dropped and counted, nothing leaks (the teardown checks the pool).
static void test_endless_loop_is_cut(void **state)
{
	struct dpt_cnt before;

	(void)state;
	dpt_snap(&before);
	gt_send(4, 255);
	assert_int_equal(gt_sunk, 0);
	assert_int_equal(gt_stats(&gt_a_node)->calls, DP_GRAPH_MAX_SWEEPS);
	assert_int_equal(dpt_delta(&before, dpt_cnt("graph", "sweep_limit")), 4);
	assert_int_equal(dpt_pending(), 0);
	// The next walk starts clean.
	gt_send(2, 1);
	assert_int_equal(gt_sunk, 2);
	assert_int_equal(dpt_delta(&before, dpt_cnt("graph", "sweep_limit")), 4);
}

// Next nodes resolve by name when the pipeline is built: an unknown name, an unknown
// node, a node listed twice or in the wrong role (a source too) is refused there, and
// the pipeline built before stays as it was.
static void test_build_refuses_bad_pipelines(void **state)
{
	static const struct dp_pipeline unknown_next = {
		.name = "t", .entry_access = "gt_in", .entry_underlay = "gt_in",
		.nodes = {"gt_a", "gt_b", "gt_sink", "gt_bad"}};
	static const struct dp_pipeline unknown_node = {
		.name = "t", .entry_access = "gt_in", .entry_underlay = "gt_in",
		.nodes = {"gt_a", "gt_b", "gt_sink", "gt_nope"}};
	static const struct dp_pipeline twice = {.name = "t", .entry_access = "gt_in",
		.entry_underlay = "gt_in", .nodes = {"gt_a", "gt_b", "gt_sink", "gt_b"}};
	static const struct dp_pipeline entry_swept = {.name = "t", .entry_access = "gt_in",
		.entry_underlay = "gt_in", .nodes = {"gt_a", "gt_b", "gt_sink", "gt_in"}};
	static const struct dp_pipeline next_not_swept = {.name = "t",
		.entry_access = "gt_in", .entry_underlay = "gt_in", .nodes = {"gt_a", "gt_sink"}};
	// a source must be a source node (tester_gen), not a vector-fed one
	static const struct dp_pipeline swept_source = {.name = "t", .entry_access = "gt_in",
		.entry_underlay = "gt_in", .source = "gt_sink", .nodes = {"gt_a", "gt_b"}};
	uint16_t a_id = gt_a_node.id, b_id = gt_b_node.id;

	(void)state;
	assert_int_equal(dp_graph_build(&unknown_next), -ENOENT);
	assert_int_equal(dp_graph_build(&unknown_node), -ENOENT);
	assert_int_equal(dp_graph_build(&twice), -EINVAL);
	assert_int_equal(dp_graph_build(&entry_swept), -EINVAL);
	assert_int_equal(dp_graph_build(&next_not_swept), -EINVAL);
	assert_int_equal(dp_graph_build(&swept_source), -EINVAL);
	assert_ptr_equal(dp_graph.pipeline, &gt_loop);
	assert_int_equal(gt_a_node.id, a_id);
	assert_int_equal(gt_a_node.next_id[GT_A_TO_B], b_id);
	gt_send(1, 2);
	assert_int_equal(gt_sunk, 1);
}

struct gt_walk {
	unsigned n;
	struct dp_node_info got[DP_NODE_MAX];
};

static int gt_walk_cb(const struct dp_node_info *i, void *arg)
{
	struct gt_walk *g = arg;

	g->got[g->n++] = *i;
	return 0;
}

static const struct dp_node_info *gt_walk_find(const struct gt_walk *g, const char *name)
{
	for (unsigned i = 0; i < g->n; i++)
		if (strcmp(g->got[i].name, name) == 0)
			return &g->got[i];
	fail_msg("node %s not in dp_node_walk", name);
	return NULL;
}

// The real pipeline through dp_worker_input: a VXLAN packet of an unknown VNI goes
// underlay_input -> vxlan_decap (dropped there). Each node's packets are the packets
// its predecessor counted on the edge to it; dp_node_walk (show's view) reports what
// the worker counted, entry nodes first.
static void test_stats_add_up(void **state)
{
	struct dpt_pkt in, p;
	struct rte_mbuf *pkts[3];
	struct dpt_cnt before;
	struct gt_walk g = {0};
	const struct dp_node_info *ul, *dec, *l2;
	struct rte_ether_addr a = dpt_mac(1), b = dpt_mac(2);

	(void)state;
	assert_int_equal(dp_graph_build(&vtep_pipeline), 0);
	// ip_forward hands routed frames back to l2_fwd: a walk with one takes two sweeps
	assert_true(dp_graph.back_edge);
	dpt_topology();
	dpt_frame(&in, &b, &a, 0, 64);
	dpt_vxlan4_pkt(&p, &in, 4242);
	for (unsigned i = 0; i < RTE_DIM(pkts); i++)
		pkts[i] = dpt_mbuf(&p);
	dpt_snap(&before);
	dp_worker_input(dpt.w, DPT_UL, pkts, RTE_DIM(pkts));
	assert_int_equal(dpt_delta(&before, dpt_cnt("underlay_input", "to_vxlan_decap")), 3);
	assert_int_equal(dpt_delta(&before, dpt_cnt("vxlan_decap", "unknown_vni")), 3);

	assert_int_equal(dp_node_walk(gt_walk_cb, &g), 0);
	assert_int_equal(g.n, 17); // with l3vni_input, ip_glean, ip_icmp_error, mpls_input, mpls_encap
	assert_string_equal(g.got[0].name, "access_input");
	assert_string_equal(g.got[1].name, "underlay_input");
	ul = gt_walk_find(&g, "underlay_input");
	dec = gt_walk_find(&g, "vxlan_decap");
	l2 = gt_walk_find(&g, "l2_fwd");
	assert_int_equal(ul->calls, 1);
	assert_int_equal(ul->packets, 3);
	assert_int_equal(dec->calls, 1);
	assert_int_equal(dec->packets,
		dpt_delta(&before, dpt_cnt("underlay_input", "to_vxlan_decap")));
	assert_int_equal(l2->calls, 0);
	assert_int_equal(l2->packets, 0);
	assert_true(ul->cycles > 0 && dec->cycles > 0);
	assert_int_equal(ul->packets, dpt.w->node_stats[dp_node_find("underlay_input")->id].pkts);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_loop_runs_to_completion, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_endless_loop_is_cut, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_build_refuses_bad_pipelines, setup,
			dpt_teardown),
		cmocka_unit_test_setup_teardown(test_stats_add_up, setup, dpt_teardown),
	};
	int ret;

	dpt_eal_init("dp_graph_test");
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	dpt_eal_fini();
	return ret;
}
