// SPDX-License-Identifier: BSD-3-Clause
#include "dp/ip/neigh_table.h"

#include <errno.h>
#include <rte_hash.h>
#include <stdlib.h>

#include "dp/core/dp_lf_hash.h"

_Static_assert(sizeof(struct neigh_key) == 20, "no padding hashed by chance");

static uint32_t neigh_key_hash(const void *key, uint32_t len, uint32_t init)
{
	RTE_SET_USED(len);
	return neigh_key_sig(key, init);
}

// 20 bytes are not among rte_hash's own compares (16, 32, ...): without this it calls
// memcmp through the PLT on every hit (~20 instructions an ARP proxy reply).
static int neigh_key_cmp(const void *a, const void *b, size_t len)
{
	uint64_t a0, a1, b0, b1;
	uint32_t a2, b2;

	RTE_SET_USED(len);
	memcpy(&a0, a, 8);
	memcpy(&a1, (const uint8_t *)a + 8, 8);
	memcpy(&a2, (const uint8_t *)a + 16, 4);
	memcpy(&b0, b, 8);
	memcpy(&b1, (const uint8_t *)b + 8, 8);
	memcpy(&b2, (const uint8_t *)b + 16, 4);
	return ((a0 ^ b0) | (a1 ^ b1) | (a2 ^ b2)) != 0;
}

struct neigh_table *neigh_table_create(const char *name, uint32_t size, int socket)
{
	struct rte_hash_parameters p = {
		.name = name,
		.entries = size < 1024 ? 1024 : size,
		.key_len = sizeof(struct neigh_key),
		.hash_func = neigh_key_hash,
		.hash_func_init_val = NEIGH_KEY_HASH_INIT,
		.socket_id = socket,
	};
	struct neigh_table *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	if (dp_lf_hash_create(&t->lf, &p) != 0) {
		free(t);
		return NULL;
	}
	rte_hash_set_cmp_func(t->lf.h, neigh_key_cmp);
	return t;
}

void neigh_table_free(struct neigh_table *t)
{
	if (t == NULL)
		return;
	dp_lf_hash_free(&t->lf);
	free(t);
}

int neigh_table_set(struct neigh_table *t, const struct neigh_key *key, neigh_entry_t e)
{
	return dp_lf_hash_set(&t->lf, key, e);
}

int neigh_table_del(struct neigh_table *t, const struct neigh_key *key)
{
	return dp_lf_hash_del(&t->lf, key);
}

bool neigh_table_reclaim_pending(const struct neigh_table *t)
{
	return dp_lf_hash_reclaim_pending(&t->lf);
}

void neigh_table_reclaim_seal(struct neigh_table *t)
{
	dp_lf_hash_reclaim_seal(&t->lf);
}

void neigh_table_reclaim(struct neigh_table *t)
{
	dp_lf_hash_reclaim(&t->lf);
}

uint32_t neigh_table_count(const struct neigh_table *t)
{
	return dp_lf_hash_count(&t->lf);
}

int neigh_table_iterate(const struct neigh_table *t, uint32_t *next, struct neigh_key *key, neigh_entry_t *e)
{
	const void *k;

	if (dp_lf_hash_iterate(&t->lf, next, &k, e) != 0)
		return -ENOENT;
	memcpy(key, k, sizeof(*key));
	return 0;
}

uint64_t neigh_table_lookup_bulk(
	const struct neigh_table *t, const struct neigh_key **keys, unsigned n, neigh_entry_t *e)
{
	uint32_t sig[RTE_HASH_LOOKUP_BULK_MAX];

	n = RTE_MIN(n, (unsigned)RTE_HASH_LOOKUP_BULK_MAX);
	for (unsigned i = 0; i < n; i++) // as in mac_table_lookup_bulk
		sig[i] = neigh_key_sig(keys[i], NEIGH_KEY_HASH_INIT);
	return dp_lf_hash_lookup_bulk_with_hash(&t->lf, (const void **)keys, sig, n, e);
}
