// SPDX-License-Identifier: BSD-3-Clause
// A dataplane node declares itself in its own file: its name, how it is called, its
// next nodes by name (its edges, indexed by the node's own enum), and registers itself
// with DP_NODE_REGISTER. A pipeline (pipelines/) lists the nodes it runs; dp_graph_build
// resolves every next node by name once, at start-up, and numbers the nodes: node id
// is the index of its input vector (w->vec[id]) and of its figures (w->node_stats[id]).
// Shaped like DPDK's rte_node_register, so a move to rte_graph stays mechanical
// (perf/graph_proto/README.md: why a registry of our own).
//
// A node file starts with its edge enum, its counter list (every edge taken and every
// named drop: dp_counters.h) and its enum, a declaration of its struct dp_node (its
// process function pushes and counts through it: dp_next, dp_count) and its process
// function's prototype (not static: the unit tests call a node directly); the struct
// and DP_NODE_REGISTER sit at its bottom.
#ifndef EVPND_DP_NODE_H
#define EVPND_DP_NODE_H

#include <stdbool.h>
#include <stdint.h>

#include "dp/core/dp_counters.h"

struct dp_worker;
struct rte_mbuf;

#define DP_NODE_MAX 24
#define DP_NODE_MAX_NEXT 8
// Sweeps of one walk before what is left is dropped (graph/sweep_limit): a loop between
// layers takes one sweep per lap, so this bounds a misconfigured cycle, not real work.
#define DP_GRAPH_MAX_SWEEPS 32

// A node fed through its input vector.
typedef void dp_node_process_t(struct dp_worker *w, struct rte_mbuf **pkts, uint16_t n);
// An entry node, fed a received burst with its port (underlay_input, access_input).
typedef void dp_node_input_t(struct dp_worker *w, uint16_t port, struct rte_mbuf **pkts,
	uint16_t n);
// A source node, called once per poll loop with no packets (the tester's generator);
// returns how many packets it made.
typedef unsigned dp_node_source_t(struct dp_worker *w);

struct dp_node {
	const char *name;
	dp_node_process_t *process; // one of the three
	dp_node_input_t *input;
	dp_node_source_t *source;
	const char *next[DP_NODE_MAX_NEXT]; // next nodes by name, at the node's edge index
	struct dp_counters cnt; // its edges and named drops: {DP_COUNTER_BLOCK(LIST)}
	// Set by dp_graph_build, read by the workers:
	uint16_t id;
	uint16_t next_id[DP_NODE_MAX_NEXT];
	// where in struct dp_worker each next node's vector is: a push costs an add, not
	// an index times the vector's size
	uint32_t next_off[DP_NODE_MAX_NEXT];
	struct dp_node *registered; // the registry's list
};

void dp_node_register(struct dp_node *node);
// At the bottom of a node file, after its struct dp_node.
#define DP_NODE_REGISTER(node)                                                             \
	static void __attribute__((constructor)) dp_node_register_##node(void)             \
	{                                                                                  \
		dp_node_register(&node);                                                   \
	}

// A registered node by name, or NULL.
struct dp_node *dp_node_find(const char *name);

// What a pipeline runs: entry nodes per port role, and the nodes fed by vectors in the
// order one sweep runs them (any order works; a producer before its consumers saves
// sweeps). NULL-terminated.
struct dp_pipeline {
	const char *name;
	const char *entry_access;
	const char *entry_underlay;
	const char *source; // NULL, or a source node each poll loop calls
	// Frames of a port with no role go to entry_access too (the tester's ports are no
	// bridge-domain member nor underlay); else they are dropped (no_bridge_domain).
	bool rx_any_port;
	const char *nodes[DP_NODE_MAX];
};

// The built pipeline, read by every worker; written only by dp_graph_build before they
// start.
struct dp_graph {
	const struct dp_pipeline *pipeline;
	uint16_t n_swept; // ids 0 .. n_swept-1: fed by vectors, swept
	uint16_t n_nodes; // then the entry nodes
	// A node feeds one it does not come before (itself included): a walk may need
	// more than one sweep. Without, one sweep empties every vector.
	bool back_edge;
	struct dp_node *node[DP_NODE_MAX];
	struct dp_node *entry_access;
	struct dp_node *entry_underlay;
	struct dp_node *source; // NULL: none
	// The counters, laid out: the nodes' blocks (entry nodes first), then the others.
	uint16_t n_counters;
	uint16_t cnt_no_port; // entry_access's no_bridge_domain: a port with no role
	struct dp_counter_name counter[DP_CNT_MAX];
};
extern struct dp_graph dp_graph;

// Numbers the pipeline's nodes and resolves their next nodes by name, at start-up (never
// per packet). 0, or -ENOENT (an unknown node or next node, logged with both names),
// -EINVAL (too many nodes, one listed twice or of the wrong kind, a next node the
// pipeline does not sweep, two counters of one owner with the same name), -ENOSPC
// (more than DP_CNT_MAX counters); on failure nothing changes.
int dp_graph_build(const struct dp_pipeline *p);

// dp_graph_build's steps for the counters (dp_counters.c): lay g's blocks out in
// g->counter (0, -ENOSPC, -EINVAL, logged), then, once the build succeeded, give each
// block its base.
int dp_counters_layout(struct dp_graph *g);
void dp_counters_commit(const struct dp_graph *g);
// The index of counter `name` of `owner` in g's layout, or -ENOENT.
int dp_counters_find(const struct dp_graph *g, const char *owner, const char *name);

// The index in w->cnt of the built pipeline's counter `name` of `owner` (a node or a
// registered block), or -ENOENT. For tests and tools: the dataplane counts by its enums.
int dp_counter_id(const char *owner, const char *name);

// Runs node `id` once on what its vector holds (a node may push into its own vector or
// one before it: the sweep sees it next time).
void dp_node_run(struct dp_worker *w, uint16_t id);
// Runs the pipeline's source node, if any, then the sweep (once per poll loop).
void dp_worker_source(struct dp_worker *w);

#endif
