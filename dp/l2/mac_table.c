// SPDX-License-Identifier: BSD-3-Clause
#include <errno.h>
#include <rte_hash_crc.h>
#include <rte_malloc.h>
#include <stdlib.h>
#include <string.h>

#include "dp/core/dp_hash_slots.h"
#include "dp/l2/mac_table.h"

struct mac_table {
	struct rte_hash *h;
	struct dp_hash_slots deleted; // since the last seal
	struct dp_hash_slots sealed;  // freed by mac_table_reclaim
};

// Keys are 8 bytes. One CRC32-C instruction hashes one (rte_hash_crc loops over a
// generic length: about 34 instructions against 8), and rte_hash has no compare of
// its own for 8-byte keys (it calls memcmp through the PLT): perf/README.md.
static uint32_t mac_key_hash(const void *key, uint32_t len, uint32_t init)
{
	uint64_t k;
	RTE_SET_USED(len);
	memcpy(&k, key, sizeof(k));
	return rte_hash_crc_8byte(k, init);
}

static int mac_key_cmp(const void *a, const void *b, size_t len)
{
	uint64_t x, y;
	RTE_SET_USED(len);
	memcpy(&x, a, sizeof(x));
	memcpy(&y, b, sizeof(y));
	return x != y;
}

struct mac_table *mac_table_create(const char *name, uint32_t size, int socket)
{
	struct rte_hash_parameters p = {
		.name = name,
		.entries = size < 1024 ? 1024 : size,
		.key_len = sizeof(union mac_key),
		.hash_func = mac_key_hash,
		.socket_id = socket,
		// one writer, lock-free readers; deleted slots are freed by us after a grace period
		.extra_flag = RTE_HASH_EXTRA_FLAGS_RW_CONCURRENCY_LF | RTE_HASH_EXTRA_FLAGS_EXT_TABLE,
	};
	struct mac_table *t = calloc(1, sizeof(*t));
	if (t == NULL)
		return NULL;
	t->h = rte_hash_create(&p);
	if (t->h == NULL) {
		free(t);
		return NULL;
	}
	rte_hash_set_cmp_func(t->h, mac_key_cmp);
	return t;
}

void mac_table_free(struct mac_table *t)
{
	if (t == NULL)
		return;
	rte_hash_free(t->h);
	free(t->deleted.pos);
	free(t->sealed.pos);
	free(t);
}

uint64_t mac_table_lookup_bulk(const struct mac_table *t, const union mac_key **keys,
	unsigned n, mac_entry_t *entries)
{
	uint64_t hits = 0;
	rte_hash_lookup_bulk_data(t->h, (const void **)keys, n, &hits, (void **)entries);
	return hits;
}

int mac_table_lookup(const struct mac_table *t, const union mac_key *key, mac_entry_t *e)
{
	void *data;
	int ret = rte_hash_lookup_data(t->h, key, &data);
	if (ret < 0)
		return ret;
	*e = (mac_entry_t)(uintptr_t)data;
	return 0;
}

int mac_table_set(struct mac_table *t, const union mac_key *key, mac_entry_t e)
{
	return rte_hash_add_key_data(t->h, key, (void *)(uintptr_t)e);
}

int mac_table_del(struct mac_table *t, const union mac_key *key)
{
	int32_t pos = rte_hash_del_key(t->h, key);
	if (pos < 0)
		return pos;
	return dp_hash_slots_push(&t->deleted, pos);
}

bool mac_table_reclaim_pending(const struct mac_table *t)
{
	return t->deleted.n > 0;
}

void mac_table_reclaim_seal(struct mac_table *t)
{
	dp_hash_slots_seal(&t->deleted, &t->sealed);
}

void mac_table_reclaim(struct mac_table *t)
{
	dp_hash_slots_free(t->h, &t->sealed);
}

uint32_t mac_table_count(const struct mac_table *t)
{
	return dp_hash_slots_count(t->h, &t->deleted, &t->sealed);
}

int mac_table_iterate(const struct mac_table *t, uint32_t *next, union mac_key *key,
	mac_entry_t *e)
{
	const void *k;
	void *data;
	int32_t ret = rte_hash_iterate(t->h, &k, &data, next);
	if (ret < 0)
		return -ENOENT;
	memcpy(key, k, sizeof(*key));
	*e = (mac_entry_t)(uintptr_t)data;
	return 0;
}
