// SPDX-License-Identifier: BSD-3-Clause
// `show dataplane nodes`: each node's calls, packets and cycles summed over workers
// (control thread; the workers' figures are read racily, as `show stats` reads theirs).
#include "dp/writer/writer.h"

static int dp_node_report(const struct dp_node *n, dp_node_cb cb, void *arg)
{
	struct dp_node_info i = {.name = n->name};

	for (unsigned k = 0; k < dp_writer.n_workers; k++) {
		const struct dp_node_stats *s = &dp_writer.workers[k]->node_stats[n->id];

		i.calls += __atomic_load_n(&s->calls, __ATOMIC_RELAXED);
		i.packets += __atomic_load_n(&s->pkts, __ATOMIC_RELAXED);
		i.cycles += __atomic_load_n(&s->cycles, __ATOMIC_RELAXED);
	}
	return cb(&i, arg);
}

int dp_node_walk(dp_node_cb cb, void *arg)
{
	int ret;

	for (uint16_t id = dp_graph.n_swept; id < dp_graph.n_nodes; id++)
		if ((ret = dp_node_report(dp_graph.node[id], cb, arg)) != 0)
			return ret;
	for (uint16_t id = 0; id < dp_graph.n_swept; id++)
		if ((ret = dp_node_report(dp_graph.node[id], cb, arg)) != 0)
			return ret;
	return 0;
}
