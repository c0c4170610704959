// SPDX-License-Identifier: BSD-3-Clause
// graph_proto: picks how stage_bench's bursts go through the nodes.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph_proto.h"

enum gp_runner { GP_CURRENT, GP_GRAPH, GP_REGISTRY, GP_REGISTRY_UNTIMED };

static enum gp_runner gp_runner;

void graph_proto_setup(struct dp_worker *w)
{
	const char *r = getenv("GRAPH_PROTO_RUNNER");
	int ret;

	if (r == NULL || strcmp(r, "current") == 0) {
		gp_runner = GP_CURRENT;
	} else if (strcmp(r, "graph") == 0) {
		gp_runner = GP_GRAPH;
		if ((ret = gp_graph_create(w)) < 0) {
			fprintf(stderr, "graph_bench: rte_graph_create: %s\n", strerror(-ret));
			exit(1);
		}
	} else if (strcmp(r, "registry") == 0) {
		gp_runner = GP_REGISTRY;
	} else if (strcmp(r, "registry-untimed") == 0) {
		gp_runner = GP_REGISTRY_UNTIMED;
	} else {
		fprintf(stderr, "graph_bench: GRAPH_PROTO_RUNNER=%s: current, graph, registry or "
				"registry-untimed\n", r);
		exit(2);
	}
	fprintf(stderr, "# runner: %s\n", r == NULL ? "current" : r);
}

void graph_proto_input(struct dp_worker *w, uint16_t port, struct rte_mbuf **pkts, uint16_t n)
{
	switch (gp_runner) {
	case GP_CURRENT:
		dp_worker_input(w, port, pkts, n);
		break;
	case GP_GRAPH:
		gp_graph_input(w, port, pkts, n);
		break;
	case GP_REGISTRY:
		gp_registry_input(w, port, pkts, n);
		break;
	case GP_REGISTRY_UNTIMED:
		gp_registry_input_untimed(w, port, pkts, n);
		break;
	}
}

// The per-node figures each runner gives (the current one has none: only counters).
void graph_proto_fini(void)
{
	if (gp_runner == GP_GRAPH)
		gp_graph_stats(stderr);
	else if (gp_runner == GP_REGISTRY)
		gp_registry_stats(stderr);
}
