// SPDX-License-Identifier: BSD-3-Clause
// Per-worker counters, declared by their owner. A node declares its edges and named
// drops in its own file, as an X-macro list X(ID, "name", drop) next to its struct
// dp_node: DP_COUNTER_ENUM makes the file's enum of them, DP_COUNTER_BLOCK fills the
// node's block (.cnt). A part that is not a node (tx, the event ring, ...) declares a
// block of its own the same way and registers it (DP_COUNTERS_REGISTER). A node records
// the edge each packet takes by bumping its counter, so `show stats` and the unit tests
// see the same thing.
//
// dp_graph_build lays the pipeline's blocks out in one flat per-worker array (w->cnt):
// the nodes' (entry nodes first, then the sweep's order), then the other blocks; each
// block learns its base. A node takes its block once per burst (dp_cnt, dp_worker.h):
// a count is then an add at a constant offset, as cheap as the one central list was.
// Names are resolved once, at build (two counters of one owner with one name are
// refused there): code counts by its own enum, never by name.
#ifndef EVPND_DP_COUNTERS_H
#define EVPND_DP_COUNTERS_H

#include <stdbool.h>
#include <stdint.h>

// Counters of a worker, and blocks, every block of the pipeline together
// (dp_graph_build refuses more with -ENOSPC).
#define DP_CNT_MAX 256
#define DP_CNT_BLOCKS_MAX 48

struct dp_counter_desc {
	const char *name;
	bool drop; // counts packets dropped
};

// A block of counters with one owner.
struct dp_counters {
	const char *owner; // `show stats` node column; a node's is its name (set at
			   // registration)
	const struct dp_counter_desc *desc; // by the owner's enum
	uint16_t n;
	uint16_t base; // set by dp_graph_build: index in w->cnt of the first
	struct dp_counters *registered; // non-node blocks' registry
};

#define DP_COUNTER_ENUM_ID_(id, name, drop) id,
#define DP_COUNTER_DESC_(id, nm, dr) [id] = {.name = nm, .drop = dr},
#define DP_COUNTER_ONE_(id, name, drop) +1
// The owner's enum of its counter list, e.g. DP_COUNTER_ENUM(vxlan_decap_cnt, LIST).
#define DP_COUNTER_ENUM(tag, LIST) enum tag { LIST(DP_COUNTER_ENUM_ID_) }
// The fields of a struct dp_counters for the list: .cnt = {DP_COUNTER_BLOCK(LIST)}.
#define DP_COUNTER_BLOCK(LIST)                                                             \
	.desc = (const struct dp_counter_desc[]){LIST(DP_COUNTER_DESC_)},                  \
	.n = 0 LIST(DP_COUNTER_ONE_)

// A block that is not a node's, at the bottom of its owner's file.
void dp_counters_register(struct dp_counters *c);
#define DP_COUNTERS_REGISTER(block)                                                        \
	static void __attribute__((constructor)) dp_counters_register_##block(void)        \
	{                                                                                  \
		dp_counters_register(&block);                                              \
	}

// What `show stats` and the tests read of a counter of the built pipeline.
struct dp_counter_name {
	const char *owner;
	const char *name;
	bool drop;
};

#endif
