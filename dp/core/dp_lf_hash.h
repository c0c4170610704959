// SPDX-License-Identifier: BSD-3-Clause
// A lock-free rte_hash (RTE_HASH_EXTRA_FLAGS_RW_CONCURRENCY_LF) written by one thread,
// the table writer, and read by the workers; a key's entry is its 64-bit data word.
// The MAC FIB (mac_table.h) and the proxy table (neigh_table.h) are two of them, each
// with its own key and hash function.
// A deleted key's slot must not be reused while a reader in flight may still find it
// (it would see another key's data under its key): deleted slots wait for a grace
// period, in two steps that never block: seal (the slots deleted so far wait for the
// grace period started after it), then reclaim (frees the sealed ones, once that
// grace period has ended). Deletes in between wait for the next seal.
#ifndef EVPND_DP_LF_HASH_H
#define EVPND_DP_LF_HASH_H

#include <rte_hash.h>
#include <stdbool.h>
#include <stdint.h>

struct dp_lf_hash_slots {
	uint32_t *pos;
	uint32_t n;
	uint32_t cap;
};

struct dp_lf_hash {
	struct rte_hash *h;
	struct dp_lf_hash_slots deleted; // since the last seal
	struct dp_lf_hash_slots sealed;  // freed by dp_lf_hash_reclaim
};

// p's extra_flag gets the lock-free flag. 0, or -ENOMEM / rte_errno's reason.
int dp_lf_hash_create(struct dp_lf_hash *t, const struct rte_hash_parameters *p);
void dp_lf_hash_free(struct dp_lf_hash *t);

// Readers. 0 and *e, or -ENOENT.
static inline int dp_lf_hash_lookup(const struct dp_lf_hash *t, const void *key, uint64_t *e)
{
	void *data;
	int ret = rte_hash_lookup_data(t->h, key, &data);

	if (ret < 0)
		return ret;
	*e = (uint64_t)(uintptr_t)data;
	return 0;
}

// The same with the key's hash computed by the caller (the table's hash_func of it,
// with its init value), inline: rte_hash_lookup_data calls the hash through a pointer.
static inline int dp_lf_hash_lookup_with_hash(
	const struct dp_lf_hash *t, const void *key, uint32_t sig, uint64_t *e)
{
	void *data;
	int ret = rte_hash_lookup_with_hash_data(t->h, key, sig, &data);

	if (ret < 0)
		return ret;
	*e = (uint64_t)(uintptr_t)data;
	return 0;
}

// Up to RTE_HASH_LOOKUP_BULK_MAX keys: bit i of the result set when keys[i] is there,
// its entry in e[i] (e[i] undefined otherwise). sig[i] is keys[i]'s hash as the
// table's hash_func gives it with its init value, computed by the caller:
// rte_hash_lookup_bulk_data calls rte_hash_hash, and it the hash function through a
// pointer, per key.
static inline uint64_t dp_lf_hash_lookup_bulk_with_hash(
	const struct dp_lf_hash *t, const void **keys, uint32_t *sig, unsigned n, uint64_t *e)
{
	uint64_t hits = 0;

	if (n > 0)
		rte_hash_lookup_with_hash_bulk_data(t->h, keys, sig, n, &hits, (void **)e);
	return hits;
}

// Writer only. set: 0 or -ENOSPC (full); del: 0 or -ENOENT (its slot waits for a
// grace period), -ENOMEM (the slot leaks until restart; the key is gone).
int dp_lf_hash_set(struct dp_lf_hash *t, const void *key, uint64_t e);
int dp_lf_hash_del(struct dp_lf_hash *t, const void *key);
bool dp_lf_hash_reclaim_pending(const struct dp_lf_hash *t); // deleted, not sealed
void dp_lf_hash_reclaim_seal(struct dp_lf_hash *t);          // only with none sealed
void dp_lf_hash_reclaim(struct dp_lf_hash *t);
uint32_t dp_lf_hash_count(const struct dp_lf_hash *t); // keys in it (not slots held)
// Walk: *next starts at 0; returns 0, *key (the table's copy) and *e, or -ENOENT.
int dp_lf_hash_iterate(const struct dp_lf_hash *t, uint32_t *next, const void **key, uint64_t *e);

#endif
