// SPDX-License-Identifier: BSD-3-Clause
#include "dp/ip/neigh_table.h"

#include <errno.h>
#include <rte_hash.h>
#include <rte_hash_crc.h>
#include <stdlib.h>

#include "dp/core/dp_lf_hash.h"

_Static_assert(sizeof(struct neigh_key) == 20, "no padding hashed by chance");

struct neigh_table {
	struct dp_lf_hash lf;
};

// Keys are 20 bytes: three CRC32-C instructions, where rte_hash_crc loops over a
// generic length (47 instructions a lookup, perf/run.sh callgrind arp-proxy-reply).
static uint32_t neigh_key_hash(const void *key, uint32_t len, uint32_t init)
{
	uint64_t a, b;
	uint32_t c;
	RTE_SET_USED(len);
	memcpy(&a, key, 8);
	memcpy(&b, (const uint8_t *)key + 8, 8);
	memcpy(&c, (const uint8_t *)key + 16, 4);
	return rte_hash_crc_4byte(c, rte_hash_crc_8byte(b, rte_hash_crc_8byte(a, init)));
}

struct neigh_table *neigh_table_create(const char *name, uint32_t size, int socket)
{
	struct rte_hash_parameters p = {
		.name = name,
		.entries = size < 1024 ? 1024 : size,
		.key_len = sizeof(struct neigh_key),
		.hash_func = neigh_key_hash,
		.socket_id = socket,
	};
	struct neigh_table *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	if (dp_lf_hash_create(&t->lf, &p) != 0) {
		free(t);
		return NULL;
	}
	return t;
}

void neigh_table_free(struct neigh_table *t)
{
	if (t == NULL)
		return;
	dp_lf_hash_free(&t->lf);
	free(t);
}

int neigh_table_lookup(const struct neigh_table *t, const struct neigh_key *key, neigh_entry_t *e)
{
	return dp_lf_hash_lookup(&t->lf, key, e);
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
	return dp_lf_hash_lookup_bulk(&t->lf, (const void **)keys, RTE_MIN(n, (unsigned)RTE_HASH_LOOKUP_BULK_MAX), e);
}
