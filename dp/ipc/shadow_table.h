// SPDX-License-Identifier: BSD-3-Clause
// The shadow's records: one per object, its last SET/ADD message, in a chained hash
// table by the object's key (shadow_key.h). Records sit in chunks of 64k that never
// move (a pointer stays valid until the record is deleted) and are linked by index, so
// that a million routes and a million MACs cost about 100 bytes each.
#ifndef EVPND_SHADOW_TABLE_H
#define EVPND_SHADOW_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dp/dp_api.h"
#include "dp/ipc/shadow_key.h"

#define SHADOW_NIL UINT32_MAX
#define SHADOW_CHUNK_BITS 16
#define SHADOW_CHUNK (1u << SHADOW_CHUNK_BITS)

struct shadow_rec {
	// The SET/ADD: only its type's union member, in a zeroed message, dataplane ids,
	// cookie 0. A free slot has type DP_MSG_NONE.
	struct dp_msg msg;
	uint32_t next; // the bucket's chain, or the free list
	bool stale;    // recorded before the last mark and not set again since
};

struct shadow_table {
	struct shadow_rec **chunks;
	uint32_t n_chunks;
	uint32_t n_slots; // slots handed out so far (live or free): indexes 0..n_slots-1
	uint32_t free;	  // free slots, chained by next
	uint32_t *buckets;
	uint32_t mask; // buckets - 1 (a power of two)
	size_t count;  // live records
};

int shadow_table_init(struct shadow_table *t);
void shadow_table_fini(struct shadow_table *t);
// The record of m's object, or NULL.
struct shadow_rec *shadow_table_find(struct shadow_table *t, const struct dp_msg *m);
// A new record holding m (absent before): NULL when out of memory.
struct shadow_rec *shadow_table_add(struct shadow_table *t, const struct dp_msg *m);
void shadow_table_del(struct shadow_table *t, struct shadow_rec *r);
// Slot i (i < n_slots) when it holds a record, else NULL: walks need no other order.
struct shadow_rec *shadow_table_slot(const struct shadow_table *t, uint32_t i);
size_t shadow_table_memory(const struct shadow_table *t);

#endif
