// SPDX-License-Identifier: BSD-3-Clause
// graph_proto: the same dp/ node functions run three ways, to measure before choosing
// how nodes declare themselves (issue 9 item 1; README.md here). stage_bench.c is
// compiled again with these as its input, set-up and end hooks.
#ifndef EVPND_PERF_GRAPH_PROTO_H
#define EVPND_PERF_GRAPH_PROTO_H

#include <rte_mbuf.h>

#include "dp/core/dp_worker.h"

// GRAPH_PROTO_RUNNER: "current" (dp_worker_input), "graph" (rte_graph), "registry",
// "registry-untimed" (the registry without its per-node calls/objects/cycles).
void graph_proto_setup(struct dp_worker *w);
void graph_proto_input(struct dp_worker *w, uint16_t port, struct rte_mbuf **pkts, uint16_t n);
void graph_proto_fini(void);

// gp_graph.c: the nodes on rte_graph
int gp_graph_create(struct dp_worker *w);
void gp_graph_input(struct dp_worker *w, uint16_t port, struct rte_mbuf **pkts, uint16_t n);
void gp_graph_stats(FILE *f);

// gp_registry.c: the nodes in a table of our own
void gp_registry_input(struct dp_worker *w, uint16_t port, struct rte_mbuf **pkts, uint16_t n);
void gp_registry_input_untimed(struct dp_worker *w, uint16_t port, struct rte_mbuf **pkts,
	uint16_t n); // no per-node figures
void gp_registry_stats(FILE *f);

#endif
