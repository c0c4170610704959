// SPDX-License-Identifier: BSD-3-Clause
// The node registry and the walk. Nodes register themselves (DP_NODE_REGISTER, before
// main); dp_graph_build numbers a pipeline's nodes and resolves their next nodes by
// name, once. A received burst goes to its port's entry node, then the walk sweeps the
// vector-fed nodes in the pipeline's order until every vector is empty: a node may feed
// one before it (L2 -> L3 -> L2 into another bridge domain) with no hand-written order.
#include <errno.h>
#include <rte_cycles.h>
#include <rte_log.h>
#include <stddef.h>
#include <string.h>
#include <urcu/pointer.h>

#include "dp/core/dp_worker.h"

RTE_LOG_REGISTER(dp_graph_logtype, evpnd.graph, INFO);
#define GRAPH_LOG(lvl, fmt, ...)                                                           \
	rte_log(RTE_LOG_##lvl, dp_graph_logtype, "graph: " fmt "\n", ##__VA_ARGS__)

// The walk's own counter: packets still in vectors when a walk gave up.
#define GRAPH_COUNTERS(X) X(GRAPH_CNT_SWEEP_LIMIT, "sweep_limit", true)
DP_COUNTER_ENUM(graph_cnt, GRAPH_COUNTERS);
static struct dp_counters graph_counters = {.owner = "graph", DP_COUNTER_BLOCK(GRAPH_COUNTERS)};
DP_COUNTERS_REGISTER(graph_counters);

struct dp_graph dp_graph;
static struct dp_node *dp_node_list;

void dp_node_register(struct dp_node *node)
{
	node->cnt.owner = node->name;
	node->registered = dp_node_list;
	dp_node_list = node;
}

struct dp_node *dp_node_find(const char *name)
{
	for (struct dp_node *n = dp_node_list; n != NULL; n = n->registered)
		if (strcmp(n->name, name) == 0)
			return n;
	return NULL;
}

// The pipeline's id of a node by name, or -1.
static int dp_graph_id(const struct dp_graph *g, const char *name)
{
	for (unsigned i = 0; i < g->n_nodes; i++)
		if (strcmp(g->node[i]->name, name) == 0)
			return (int)i;
	return -1;
}

enum dp_graph_kind { DP_KIND_SWEPT, DP_KIND_ENTRY, DP_KIND_SOURCE };

static bool dp_graph_kind_ok(const struct dp_node *n, enum dp_graph_kind kind)
{
	return kind == DP_KIND_SWEPT ? n->process != NULL :
	       kind == DP_KIND_ENTRY ? n->input != NULL : n->source != NULL;
}

// Gives the next id to a registered node of the right kind (vector-fed, entry or
// source); an entry node may take both port roles.
static int dp_graph_add(struct dp_graph *g, const char *name, enum dp_graph_kind kind)
{
	struct dp_node *n = dp_node_find(name);
	int id = dp_graph_id(g, name);

	if (id >= 0 && kind == DP_KIND_ENTRY && g->node[id]->input != NULL)
		return id;
	if (n == NULL) {
		GRAPH_LOG(ERR, "pipeline %s: no node %s", g->pipeline->name, name);
		return -ENOENT;
	}
	if (id >= 0 || !dp_graph_kind_ok(n, kind)) {
		GRAPH_LOG(ERR, "pipeline %s: node %s: %s", g->pipeline->name, name,
			id >= 0 ? "listed twice" : "an entry node is not fed by a vector, nor "
						   "the other way round, nor a source");
		return -EINVAL;
	}
	if (g->n_nodes == DP_NODE_MAX) {
		GRAPH_LOG(ERR, "pipeline %s: more than %u nodes", g->pipeline->name, DP_NODE_MAX);
		return -EINVAL;
	}
	g->node[g->n_nodes] = n;
	return g->n_nodes++;
}

static int dp_graph_resolve(const struct dp_graph *g, const struct dp_node *n,
	uint16_t next_id[DP_NODE_MAX_NEXT])
{
	for (unsigned e = 0; e < DP_NODE_MAX_NEXT && n->next[e] != NULL; e++) {
		int id = dp_graph_id(g, n->next[e]);

		if (dp_node_find(n->next[e]) == NULL) {
			GRAPH_LOG(ERR, "pipeline %s: node %s: unknown next node %s",
				g->pipeline->name, n->name, n->next[e]);
			return -ENOENT;
		}
		if (id < 0 || id >= g->n_swept) {
			GRAPH_LOG(ERR, "pipeline %s: node %s: next node %s is not one it sweeps",
				g->pipeline->name, n->name, n->next[e]);
			return -EINVAL;
		}
		next_id[e] = (uint16_t)id;
	}
	return 0;
}

// Nothing changes unless the whole pipeline resolves.
int dp_graph_build(const struct dp_pipeline *p)
{
	struct dp_graph g = {.pipeline = p};
	uint16_t next_id[DP_NODE_MAX][DP_NODE_MAX_NEXT] = {{0}};
	int ret;

	for (unsigned i = 0; i < DP_NODE_MAX && p->nodes[i] != NULL; i++)
		if ((ret = dp_graph_add(&g, p->nodes[i], DP_KIND_SWEPT)) < 0)
			return ret;
	g.n_swept = g.n_nodes;
	if ((ret = dp_graph_add(&g, p->entry_access, DP_KIND_ENTRY)) < 0)
		return ret;
	g.entry_access = g.node[ret];
	if ((ret = dp_graph_add(&g, p->entry_underlay, DP_KIND_ENTRY)) < 0)
		return ret;
	g.entry_underlay = g.node[ret];
	if (p->source != NULL) {
		if ((ret = dp_graph_add(&g, p->source, DP_KIND_SOURCE)) < 0)
			return ret;
		g.source = g.node[ret];
	}
	for (unsigned i = 0; i < g.n_nodes; i++)
		if ((ret = dp_graph_resolve(&g, g.node[i], next_id[i])) < 0)
			return ret;
	if ((ret = dp_counters_layout(&g)) < 0)
		return ret;
	// dp_worker_input counts a frame from a port with no role there
	if ((ret = dp_counters_find(&g, g.entry_access->name, "no_bridge_domain")) < 0) {
		GRAPH_LOG(ERR, "pipeline %s: entry node %s: no counter no_bridge_domain",
			p->name, g.entry_access->name);
		return ret;
	}
	g.cnt_no_port = (uint16_t)ret;
	for (unsigned i = 0; i < g.n_nodes; i++) {
		struct dp_node *n = g.node[i];

		n->id = (uint16_t)i;
		memcpy(n->next_id, next_id[i], sizeof(next_id[i]));
		for (unsigned e = 0; e < DP_NODE_MAX_NEXT; e++) {
			n->next_off[e] = (uint32_t)(offsetof(struct dp_worker, vec) +
						    next_id[i][e] * sizeof(struct dp_vec));
			if (n->next[e] != NULL && i < g.n_swept && next_id[i][e] <= i)
				g.back_edge = true;
		}
	}
	dp_counters_commit(&g);
	dp_graph = g;
	return 0;
}

static inline void dp_node_account(struct dp_worker *w, uint16_t id, uint16_t n, uint64_t t0)
{
	struct dp_node_stats *s = &w->node_stats[id];

	s->cycles += rte_rdtsc() - t0;
	s->calls++;
	s->pkts += n;
}

void dp_node_run(struct dp_worker *w, uint16_t id)
{
	struct dp_vec *v = &w->vec[id];
	struct rte_mbuf *pkts[DP_VEC_MAX];
	uint16_t n = v->n;
	uint64_t t0;

	// Take the vector's content first: the node may push back into it.
	memcpy(pkts, v->pkts, n * sizeof(pkts[0]));
	v->n = 0;
	if (unlikely(w->tracing))
		dp_trace_hop(w, id, pkts, n);
	t0 = rte_rdtsc();
	dp_graph.node[id]->process(w, pkts, n);
	dp_node_account(w, id, n, t0);
}

// A walk that did not settle within DP_GRAPH_MAX_SWEEPS: a loop no hop limit ended.
static __rte_noinline void dp_graph_drop_left(struct dp_worker *w)
{
	for (uint16_t id = 0; id < dp_graph.n_swept; id++) {
		struct dp_vec *v = &w->vec[id];

		w->cnt[graph_counters.base + GRAPH_CNT_SWEEP_LIMIT] += v->n;
		rte_pktmbuf_free_bulk(v->pkts, v->n);
		v->n = 0;
	}
}

void dp_worker_drain(struct dp_worker *w)
{
	unsigned sweeps = 0;
	bool busy;

	do {
		busy = false;
		for (uint16_t id = 0; id < dp_graph.n_swept; id++)
			if (w->vec[id].n > 0) {
				dp_node_run(w, id);
				busy = true;
			}
	} while (busy && dp_graph.back_edge && ++sweeps < DP_GRAPH_MAX_SWEEPS);
	if (unlikely(sweeps == DP_GRAPH_MAX_SWEEPS))
		dp_graph_drop_left(w);
	dp_tx_flush_all(w);
}

void dp_worker_input(struct dp_worker *w, uint16_t port, struct rte_mbuf **pkts, uint16_t n)
{
	const struct dp_port *p = rcu_dereference(dp_tables.port[port]);
	struct dp_node *entry;
	uint64_t t0;

	if (unlikely(p == NULL || (p->role == DP_PORT_UNUSED && !dp_graph.pipeline->rx_any_port))) {
		w->cnt[dp_graph.cnt_no_port] += n;
		rte_pktmbuf_free_bulk(pkts, n);
		return;
	}
	entry = p->role == DP_PORT_UNDERLAY ? dp_graph.entry_underlay : dp_graph.entry_access;
	w->tracing = false;
	if (unlikely(__atomic_load_n(&w->trace.want, __ATOMIC_RELAXED) != 0))
		dp_trace_input(w, port, entry->id, pkts, n);
	t0 = rte_rdtsc();
	entry->input(w, port, pkts, n);
	dp_node_account(w, entry->id, n, t0);
	dp_worker_drain(w);
}

void dp_worker_source(struct dp_worker *w)
{
	struct dp_node *src = dp_graph.source;
	uint64_t t0;
	unsigned n;

	if (src == NULL)
		return;
	t0 = rte_rdtsc();
	n = src->source(w);
	dp_node_account(w, src->id, (uint16_t)n, t0);
	dp_worker_drain(w);
}
