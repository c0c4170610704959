// SPDX-License-Identifier: BSD-3-Clause
// The counter blocks' registry and their layout in a worker's flat array, once per
// graph build (dp_counters.h).
#include <errno.h>
#include <rte_log.h>
#include <string.h>

#include "dp/core/dp_node.h"

RTE_LOG_REGISTER(dp_counters_logtype, evpnd.counters, INFO);
#define CNT_LOG(lvl, fmt, ...)                                                             \
	rte_log(RTE_LOG_##lvl, dp_counters_logtype, "counters: " fmt "\n", ##__VA_ARGS__)

// Non-node blocks in registration order (a stable `show stats`).
static struct dp_counters *dp_counters_list;
static struct dp_counters **dp_counters_tail = &dp_counters_list;

void dp_counters_register(struct dp_counters *c)
{
	c->registered = NULL;
	*dp_counters_tail = c;
	dp_counters_tail = &c->registered;
}

// The graph's blocks in layout order: its nodes' as `show dataplane nodes` lists them
// (entry nodes first, then the sweep's order), then every registered one. Their number,
// or -ENOSPC.
static int dp_counters_blocks(const struct dp_graph *g, struct dp_counters **out)
{
	unsigned n = 0;

	for (unsigned i = g->n_swept; i < g->n_nodes; i++)
		out[n++] = &g->node[i]->cnt;
	for (unsigned i = 0; i < g->n_swept; i++)
		out[n++] = &g->node[i]->cnt;
	for (struct dp_counters *c = dp_counters_list; c != NULL; c = c->registered) {
		if (n == DP_CNT_BLOCKS_MAX) {
			CNT_LOG(ERR, "more than %u counter blocks", DP_CNT_BLOCKS_MAX);
			return -ENOSPC;
		}
		out[n++] = c;
	}
	return (int)n;
}

int dp_counters_find(const struct dp_graph *g, const char *owner, const char *name)
{
	for (unsigned i = 0; i < g->n_counters; i++)
		if (strcmp(g->counter[i].owner, owner) == 0 &&
			strcmp(g->counter[i].name, name) == 0)
			return (int)i;
	return -ENOENT;
}

static int dp_counters_place(struct dp_graph *g, const struct dp_counters *c)
{
	if (g->n_counters + c->n > DP_CNT_MAX) {
		CNT_LOG(ERR, "%s: more than %u counters in all", c->owner, DP_CNT_MAX);
		return -ENOSPC;
	}
	for (unsigned i = 0; i < c->n; i++) {
		if (dp_counters_find(g, c->owner, c->desc[i].name) >= 0) {
			CNT_LOG(ERR, "%s: two counters %s", c->owner, c->desc[i].name);
			return -EINVAL;
		}
		g->counter[g->n_counters++] =
			(struct dp_counter_name){c->owner, c->desc[i].name, c->desc[i].drop};
	}
	return 0;
}

int dp_counters_layout(struct dp_graph *g)
{
	struct dp_counters *block[DP_CNT_BLOCKS_MAX];
	int n = dp_counters_blocks(g, block);
	int ret;

	g->n_counters = 0;
	for (int i = 0; i < n; i++)
		if ((ret = dp_counters_place(g, block[i])) < 0)
			return ret;
	return n < 0 ? n : 0;
}

void dp_counters_commit(const struct dp_graph *g)
{
	struct dp_counters *block[DP_CNT_BLOCKS_MAX];
	int n = dp_counters_blocks(g, block);
	uint16_t base = 0;

	for (int i = 0; i < n; i++) {
		block[i]->base = base;
		base += block[i]->n;
	}
}

int dp_counter_id(const char *owner, const char *name)
{
	return dp_counters_find(&dp_graph, owner, name);
}
