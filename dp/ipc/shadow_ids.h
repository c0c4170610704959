// SPDX-License-Identifier: BSD-3-Clause
// One id space the shadow translates (next hops, route next hops): the control
// process's ids to the dataplane's and back, which dataplane ids are taken, and the
// stale ones not claimed yet by identity hash, for a new control process's "same" one
// to take over. Ids are 1..max-1 on both sides; 0 means none.
#ifndef EVPND_SHADOW_IDS_H
#define EVPND_SHADOW_IDS_H

#include <stddef.h>
#include <stdint.h>

struct shadow_ids {
	uint32_t max;
	uint32_t *to_dp; // control process id -> dataplane id
	uint32_t *to_cp; // dataplane id -> control process id
	uint8_t *state;	 // dataplane id: enum in shadow_ids.c
	uint32_t *hash;	 // dataplane id in the stale index: its identity's hash
	uint32_t *next;	 // the stale index's chains (0: end)
	uint32_t *head;	 // [max] by hash % max
	uint32_t cursor; // where the search for a free id goes on
};

int shadow_ids_init(struct shadow_ids *ids, uint32_t max);
void shadow_ids_fini(struct shadow_ids *ids);
// A new control process: no id maps any more, the stale index is emptied (the caller
// fills it again with shadow_ids_stale); taken ids stay taken.
void shadow_ids_forget(struct shadow_ids *ids);
// Dataplane id dp is taken and stale, its identity hashes to hash.
void shadow_ids_stale(struct shadow_ids *ids, uint32_t dp, uint32_t hash);
// The first stale unclaimed dataplane id whose identity hashes to hash, then the next
// one after dp: 0 at the end. The caller compares the identities.
uint32_t shadow_ids_first(const struct shadow_ids *ids, uint32_t hash);
uint32_t shadow_ids_next(const struct shadow_ids *ids, uint32_t dp);
// A free dataplane id, cp itself when free (a first control process sees its own ids);
// 0 when all are taken. It is not taken until claimed.
uint32_t shadow_ids_alloc(struct shadow_ids *ids, uint32_t cp);
// cp and dp map to each other from now on; dp is taken and no longer in the stale index.
void shadow_ids_claim(struct shadow_ids *ids, uint32_t cp, uint32_t dp);
// dp is free again (deleted): its map and stale index entry go.
void shadow_ids_release(struct shadow_ids *ids, uint32_t dp);
// cp's dataplane id, 0 when unset or out of range; and the other way.
uint32_t shadow_ids_dp(const struct shadow_ids *ids, uint32_t cp);
uint32_t shadow_ids_cp(const struct shadow_ids *ids, uint32_t dp);
size_t shadow_ids_memory(const struct shadow_ids *ids);

#endif
