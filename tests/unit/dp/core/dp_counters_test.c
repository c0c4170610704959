// SPDX-License-Identifier: BSD-3-Clause
// Tests of dp/core/dp_counters.c: a node's counters are its own. Two nodes (and a block
// that is no node) may name a counter alike and still count apart, as `show stats`
// lists them; a pipeline with a counter named twice in one node, or whose access entry
// has no no_bridge_domain, is refused when it is built, and the one built before
// stays; a name is looked up once (dp_counter_id), an unknown one is -ENOENT.
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dp/dp_api.h"
#include "tests/unit/dp/dp_test_env.h"

// ct_in -> ct_a -> ct_b. ct_a drops a packet whose first byte is odd; both count
// every packet they get as "passed".
enum ct_a_next { CT_A_TO_B };
#define CT_A_COUNTERS(X) X(CT_A_CNT_PASSED, "passed", false) X(CT_A_CNT_ODD, "odd", true)
DP_COUNTER_ENUM(ct_a_cnt, CT_A_COUNTERS);
#define CT_B_COUNTERS(X) X(CT_B_CNT_PASSED, "passed", false)
DP_COUNTER_ENUM(ct_b_cnt, CT_B_COUNTERS);
#define CT_IN_COUNTERS(X) X(CT_IN_CNT_NO_BD, "no_bridge_domain", true)
DP_COUNTER_ENUM(ct_in_cnt, CT_IN_COUNTERS);
// A block of no node, with the same name again.
#define CT_SIDE_COUNTERS(X) X(CT_SIDE_CNT_PASSED, "passed", false)
DP_COUNTER_ENUM(ct_side_cnt, CT_SIDE_COUNTERS);
// Two counters of one node with one name: a mistake the build refuses.
#define CT_TWICE_COUNTERS(X) X(CT_TWICE_A, "passed", false) X(CT_TWICE_B, "passed", true)
DP_COUNTER_ENUM(ct_twice_cnt, CT_TWICE_COUNTERS);
static struct dp_node ct_a_node, ct_b_node;

static void ct_a_process(struct dp_worker *w, struct rte_mbuf **pkts, uint16_t n)
{
	uint64_t *cnt = dp_cnt(w, &ct_a_node.cnt);

	for (uint16_t i = 0; i < n; i++) {
		dp_count(cnt, CT_A_CNT_PASSED);
		if (*rte_pktmbuf_mtod(pkts[i], uint8_t *) & 1)
			dp_drop(cnt, pkts[i], CT_A_CNT_ODD);
		else
			dp_vec_push(dp_next(w, &ct_a_node, CT_A_TO_B), pkts[i]);
	}
}

static void ct_b_process(struct dp_worker *w, struct rte_mbuf **pkts, uint16_t n)
{
	uint64_t *cnt = dp_cnt(w, &ct_b_node.cnt);

	for (uint16_t i = 0; i < n; i++)
		dp_drop(cnt, pkts[i], CT_B_CNT_PASSED);
}

static void ct_in_input(struct dp_worker *w, uint16_t port, struct rte_mbuf **pkts, uint16_t n)
{
	(void)port;
	for (uint16_t i = 0; i < n; i++)
		dp_vec_push(&w->vec[ct_a_node.id], pkts[i]);
}

static struct dp_node ct_a_node = {
	.name = "ct_a",
	.process = ct_a_process,
	.next = {[CT_A_TO_B] = "ct_b"},
	.cnt = {DP_COUNTER_BLOCK(CT_A_COUNTERS)},
};
static struct dp_node ct_b_node = {
	.name = "ct_b", .process = ct_b_process, .cnt = {DP_COUNTER_BLOCK(CT_B_COUNTERS)}};
static struct dp_node ct_in_node = {.name = "ct_in",
	.input = ct_in_input,
	.next = {"ct_a"},
	.cnt = {DP_COUNTER_BLOCK(CT_IN_COUNTERS)}};
static struct dp_node ct_bare_node = {.name = "ct_bare", .input = ct_in_input, .next = {"ct_a"}};
static struct dp_node ct_twice_node = {
	.name = "ct_twice", .process = ct_b_process, .cnt = {DP_COUNTER_BLOCK(CT_TWICE_COUNTERS)}};
static struct dp_counters ct_side = {.owner = "ct_side", DP_COUNTER_BLOCK(CT_SIDE_COUNTERS)};
DP_NODE_REGISTER(ct_a_node);
DP_NODE_REGISTER(ct_b_node);
DP_NODE_REGISTER(ct_in_node);
DP_NODE_REGISTER(ct_bare_node);
DP_NODE_REGISTER(ct_twice_node);
DP_COUNTERS_REGISTER(ct_side);

static const struct dp_pipeline ct_pipe = {
	.name = "ct",
	.entry_access = "ct_in",
	.entry_underlay = "ct_in",
	.nodes = {"ct_a", "ct_b"},
};

static int setup(void **state)
{
	if (dpt_setup(state) != 0)
		return -1;
	return dp_graph_build(&ct_pipe);
}

// Packets whose first bytes are `first[0..n-1]` through ct_in, then the walk.
static void ct_send(const uint8_t *first, unsigned n)
{
	struct rte_mbuf *pkts[DP_BURST];
	uint8_t data[64] = {0};

	for (unsigned i = 0; i < n; i++) {
		data[0] = first[i];
		pkts[i] = dpt_mbuf_bytes(data, sizeof(data));
	}
	ct_in_node.input(dpt.w, 0, pkts, (uint16_t)n);
	dp_worker_drain(dpt.w);
}

struct ct_row {
	const char *node, *name;
	bool found, drop;
	uint64_t value;
};

static int ct_walk_cb(const struct dp_counter_info *i, void *arg)
{
	struct ct_row *r = arg;

	if (strcmp(i->node, r->node) == 0 && strcmp(i->name, r->name) == 0) {
		assert_false(r->found); // listed once
		r->found = true;
		r->drop = i->drop;
		r->value = i->value;
	}
	return 0;
}

// What dp_counter_walk (show stats) says of one counter.
static struct ct_row ct_show(const char *node, const char *name)
{
	struct ct_row r = {.node = node, .name = name};

	assert_int_equal(dp_counter_walk(ct_walk_cb, &r), 0);
	if (!r.found)
		fail_msg("show stats has no %s %s", node, name);
	return r;
}

static void test_same_name_counts_apart(void **state)
{
	const uint8_t first[] = {2, 3, 4, 5, 6};
	int a = dpt_cnt("ct_a", "passed"), b = dpt_cnt("ct_b", "passed");
	int side = dpt_cnt("ct_side", "passed");
	struct dpt_cnt before;

	(void)state;
	assert_true(a != b && a != side && b != side);
	assert_true(side > a && side > b); // the nodes' blocks first
	dpt_snap(&before);
	ct_send(first, RTE_DIM(first));
	assert_int_equal(dpt_delta(&before, a), 5);
	assert_int_equal(dpt_delta(&before, dpt_cnt("ct_a", "odd")), 2);
	assert_int_equal(dpt_delta(&before, b), 3);
	assert_int_equal(dpt_delta(&before, side), 0);
	dp_count_in(dpt.w, &ct_side, CT_SIDE_CNT_PASSED);
	assert_int_equal(dpt_delta(&before, side), 1);
	assert_int_equal(dpt_delta(&before, a), 5);
	assert_int_equal(dpt_delta(&before, b), 3);
	// show stats: the same figures, each under its own node
	assert_int_equal(ct_show("ct_a", "passed").value, 5);
	assert_true(ct_show("ct_a", "odd").drop);
	assert_int_equal(ct_show("ct_b", "passed").value, 3);
	assert_int_equal(ct_show("ct_side", "passed").value, 1);
	assert_false(ct_show("ct_side", "passed").drop);
	assert_int_equal(dpt_pending(), 0);
}

// Names resolve at build: code counts by its enum, tools look a name up once.
static void test_unknown_name(void **state)
{
	(void)state;
	assert_true(dp_counter_id("ct_a", "passed") >= 0); // the lookup works
	assert_int_equal(dp_counter_id("ct_a", "nope"), -ENOENT);
	assert_int_equal(dp_counter_id("nope", "passed"), -ENOENT);
	assert_int_equal(dp_counter_id("ct_a", "no_bridge_domain"), -ENOENT); // ct_in's
	assert_true(dp_counter_id("ct_in", "no_bridge_domain") >= 0);
	// A node the built pipeline does not run has no counters there.
	assert_int_equal(dp_counter_id("ct_twice", "passed"), -ENOENT);
}

static void test_build_refuses_bad_counters(void **state)
{
	static const struct dp_pipeline twice = {.name = "t", .entry_access = "ct_in",
		.entry_underlay = "ct_in", .nodes = {"ct_a", "ct_b", "ct_twice"}};
	static const struct dp_pipeline bare = {.name = "t", .entry_access = "ct_bare",
		.entry_underlay = "ct_in", .nodes = {"ct_a", "ct_b"}};
	const uint8_t first[] = {2};
	uint16_t a_base = ct_a_node.cnt.base, side_base = ct_side.base;
	int b = dpt_cnt("ct_b", "passed");
	struct dpt_cnt before;

	(void)state;
	assert_int_equal(dp_graph_build(&twice), -EINVAL);
	assert_int_equal(dp_graph_build(&bare), -ENOENT);
	assert_ptr_equal(dp_graph.pipeline, &ct_pipe);
	assert_int_equal(ct_a_node.cnt.base, a_base);
	assert_int_equal(ct_side.base, side_base);
	assert_int_equal(dpt_cnt("ct_b", "passed"), b);
	dpt_snap(&before);
	ct_send(first, 1);
	assert_int_equal(dpt_delta(&before, b), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_same_name_counts_apart, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_name, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_build_refuses_bad_counters, setup,
			dpt_teardown),
	};
	int ret;

	dpt_eal_init("dp_counters_test");
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	dpt_eal_fini();
	return ret;
}
