// SPDX-License-Identifier: BSD-3-Clause
#include "dp/ip/neigh_table.h"

#include <errno.h>
#include <rte_hash.h>
#include <rte_hash_crc.h>
#include <stdlib.h>

#include "dp/core/dp_hash_slots.h"

_Static_assert(sizeof(struct neigh_key) == 20, "no padding hashed by chance");

struct neigh_table {
	struct rte_hash *h;
	struct dp_hash_slots deleted; // since the last seal
	struct dp_hash_slots sealed;  // freed by neigh_table_reclaim
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
		// one writer, lock-free readers; deleted slots are freed by us after a grace period
		.extra_flag = RTE_HASH_EXTRA_FLAGS_RW_CONCURRENCY_LF,
	};
	struct neigh_table *t = calloc(1, sizeof(*t));
	if (t == NULL)
		return NULL;
	if ((t->h = rte_hash_create(&p)) == NULL) {
		free(t);
		return NULL;
	}
	return t;
}

void neigh_table_free(struct neigh_table *t)
{
	if (t == NULL)
		return;
	rte_hash_free(t->h);
	free(t->deleted.pos);
	free(t->sealed.pos);
	free(t);
}

int neigh_table_lookup(const struct neigh_table *t, const struct neigh_key *key, neigh_entry_t *e)
{
	void *data;
	int ret = rte_hash_lookup_data(t->h, key, &data);
	if (ret < 0)
		return ret;
	*e = (neigh_entry_t)(uintptr_t)data;
	return 0;
}

uint64_t neigh_table_lookup_bulk(
	const struct neigh_table *t, const struct neigh_key **keys, unsigned n, neigh_entry_t *e)
{
	void *data[RTE_HASH_LOOKUP_BULK_MAX];
	uint64_t hits = 0;

	if (n == 0)
		return 0;
	if (n > RTE_HASH_LOOKUP_BULK_MAX)
		n = RTE_HASH_LOOKUP_BULK_MAX;
	if (rte_hash_lookup_bulk_data(t->h, (const void **)keys, n, &hits, data) < 0)
		return 0;
	for (unsigned i = 0; i < n; i++)
		e[i] = (neigh_entry_t)(uintptr_t)data[i];
	return hits;
}

int neigh_table_set(struct neigh_table *t, const struct neigh_key *key, neigh_entry_t e)
{
	return rte_hash_add_key_data(t->h, key, (void *)(uintptr_t)e);
}

int neigh_table_del(struct neigh_table *t, const struct neigh_key *key)
{
	int32_t pos = rte_hash_del_key(t->h, key);
	if (pos < 0)
		return pos;
	return dp_hash_slots_push(&t->deleted, pos);
}

bool neigh_table_reclaim_pending(const struct neigh_table *t)
{
	return t->deleted.n > 0;
}

void neigh_table_reclaim_seal(struct neigh_table *t)
{
	dp_hash_slots_seal(&t->deleted, &t->sealed);
}

void neigh_table_reclaim(struct neigh_table *t)
{
	dp_hash_slots_free(t->h, &t->sealed);
}

uint32_t neigh_table_count(const struct neigh_table *t)
{
	return dp_hash_slots_count(t->h, &t->deleted, &t->sealed);
}

int neigh_table_iterate(
	const struct neigh_table *t, uint32_t *next, struct neigh_key *key, neigh_entry_t *e)
{
	const void *k;
	void *data;
	if (rte_hash_iterate(t->h, &k, &data, next) < 0)
		return -ENOENT;
	memcpy(key, k, sizeof(*key));
	*e = (neigh_entry_t)(uintptr_t)data;
	return 0;
}
