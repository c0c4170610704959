// SPDX-License-Identifier: BSD-3-Clause
// Deleted slots of a lock-free rte_hash (RTE_HASH_EXTRA_FLAGS_RW_CONCURRENCY_LF: one
// writer, lock-free readers), kept until a grace period has passed: a reader in flight
// must never see another key's data under its key. The MAC FIB and the proxy table use
// it the same way: delete -> push; seal before a grace period starts; free after it.
#ifndef EVPND_DP_HASH_SLOTS_H
#define EVPND_DP_HASH_SLOTS_H

#include <errno.h>
#include <rte_hash.h>
#include <stdint.h>
#include <stdlib.h>

struct dp_hash_slots {
	uint32_t *pos;
	uint32_t n;
	uint32_t cap;
};

// 0, or -ENOMEM (the slot leaks until restart; the key is gone).
static inline int dp_hash_slots_push(struct dp_hash_slots *d, int32_t pos)
{
	if (d->n == d->cap) {
		uint32_t cap = d->cap ? d->cap * 2 : 256;
		uint32_t *p = realloc(d->pos, cap * sizeof(*p));
		if (p == NULL)
			return -ENOMEM;
		d->pos = p;
		d->cap = cap;
	}
	d->pos[d->n++] = (uint32_t)pos;
	return 0;
}

// The two lists swap: the sealed one is empty, its array is reused.
static inline void dp_hash_slots_seal(struct dp_hash_slots *deleted, struct dp_hash_slots *sealed)
{
	struct dp_hash_slots empty = *sealed;
	*sealed = *deleted;
	*deleted = empty;
}

static inline void dp_hash_slots_free(struct rte_hash *h, struct dp_hash_slots *sealed)
{
	for (uint32_t i = 0; i < sealed->n; i++)
		rte_hash_free_key_with_position(h, sealed->pos[i]);
	sealed->n = 0;
}

// rte_hash counts the slots that are not free: the deleted ones waiting for their
// grace period too.
static inline uint32_t dp_hash_slots_count(const struct rte_hash *h,
	const struct dp_hash_slots *deleted, const struct dp_hash_slots *sealed)
{
	int32_t n = rte_hash_count(h);
	uint32_t waiting = deleted->n + sealed->n;
	return n < 0 || (uint32_t)n < waiting ? 0 : (uint32_t)n - waiting;
}

#endif
