// SPDX-License-Identifier: BSD-3-Clause
// cycle_check: does rte_graph carry a loop between layers (L2 -> L3 -> L2) within one
// walk, and does it take an edge from a node to itself? (README.md here.) Objects go
// a -> b -> a ... three times round, then to a sink; a second graph holds a node with
// an edge to itself. Exits 0 when both answers are as the README says.
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_graph.h>
#include <rte_graph_worker.h>
#include <stdio.h>

#define N_OBJ 2
#define LAPS 3

struct cc_obj {
	int laps;
};

static struct cc_obj cc_objs[N_OBJ];
static int cc_fed, cc_a, cc_b, cc_sink;

static uint16_t cc_src_process(struct rte_graph *g, struct rte_node *n, void **o, uint16_t k)
{
	void *v[N_OBJ];
	(void)o;
	(void)k;
	if (cc_fed++)
		return 0;
	for (int i = 0; i < N_OBJ; i++)
		v[i] = &cc_objs[i];
	rte_node_enqueue(g, n, 0, v, N_OBJ);
	return N_OBJ;
}

static uint16_t cc_a_process(struct rte_graph *g, struct rte_node *n, void **o, uint16_t k)
{
	for (uint16_t i = 0; i < k; i++) {
		struct cc_obj *x = o[i];
		cc_a++;
		rte_node_enqueue_x1(g, n, x->laps++ < LAPS ? 0 : 1, x);
	}
	return k;
}

static uint16_t cc_b_process(struct rte_graph *g, struct rte_node *n, void **o, uint16_t k)
{
	cc_b += k;
	rte_node_enqueue(g, n, 0, o, k); // back to a: the loop
	return k;
}

static uint16_t cc_sink_process(struct rte_graph *g, struct rte_node *n, void **o, uint16_t k)
{
	(void)g;
	(void)n;
	(void)o;
	cc_sink += k;
	return k;
}

static struct rte_node_register cc_src = {.name = "cc_src", .flags = RTE_NODE_SOURCE_F,
	.process = cc_src_process, .nb_edges = 1, .next_nodes = {"cc_a"}};
RTE_NODE_REGISTER(cc_src)
static struct rte_node_register cc_a_node = {.name = "cc_a", .process = cc_a_process,
	.nb_edges = 2, .next_nodes = {"cc_b", "cc_sink"}};
RTE_NODE_REGISTER(cc_a_node)
static struct rte_node_register cc_b_node = {.name = "cc_b", .process = cc_b_process,
	.nb_edges = 1, .next_nodes = {"cc_a"}};
RTE_NODE_REGISTER(cc_b_node)
static struct rte_node_register cc_sink_node = {.name = "cc_sink", .process = cc_sink_process};
RTE_NODE_REGISTER(cc_sink_node)
// a node with an edge to itself (never walked: the graph is refused)
static struct rte_node_register cc_self_node = {.name = "cc_self", .process = cc_sink_process,
	.nb_edges = 1, .next_nodes = {"cc_self"}};
RTE_NODE_REGISTER(cc_self_node)

static rte_graph_t cc_graph(const char *name, const char *pattern)
{
	const char *patterns[] = {"cc_src", pattern, "cc_sink"};
	struct rte_graph_param p = {.socket_id = SOCKET_ID_ANY, .nb_node_patterns = 3,
		.node_patterns = patterns};
	return rte_graph_create(name, &p);
}

int main(int argc, char **argv)
{
	char *eal[] = {argv[0], "-l", "0", "--no-huge", "-m", "256", "--no-pci", "--no-shconf",
		"--log-level=lib.eal:error", "--log-level=lib.graph:crit"};
	rte_graph_t loop, self;
	bool ok;

	(void)argc;
	if (rte_eal_init(RTE_DIM(eal), eal) < 0)
		return 1;
	loop = cc_graph("cc_loop", "cc_[ab]");
	if (loop == RTE_GRAPH_ID_INVALID) {
		printf("cycle_check: the a <-> b graph was refused (%s)\n", rte_strerror(rte_errno));
		return 1;
	}
	rte_graph_walk(rte_graph_lookup("cc_loop"));
	self = cc_graph("cc_self", "cc_self");
	// each object: a, b, a, b, a, b, a, sink
	ok = cc_a == N_OBJ * (LAPS + 1) && cc_b == N_OBJ * LAPS && cc_sink == N_OBJ &&
		self == RTE_GRAPH_ID_INVALID;
	printf("cycle_check: one walk: a %d b %d sink %d objects seen (want %d %d %d); "
	       "a node with an edge to itself: %s\n", cc_a, cc_b, cc_sink, N_OBJ * (LAPS + 1),
		N_OBJ * LAPS, N_OBJ, self == RTE_GRAPH_ID_INVALID ? "graph refused" : "accepted");
	rte_graph_destroy(loop);
	rte_eal_cleanup();
	return ok ? 0 : 1;
}
