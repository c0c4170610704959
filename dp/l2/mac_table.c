// SPDX-License-Identifier: BSD-3-Clause
#include <errno.h>
#include <rte_malloc.h>
#include <stdlib.h>
#include <string.h>

#include "dp/core/dp_crc.h"
#include "dp/core/dp_lf_hash.h"
#include "dp/l2/mac_table.h"

struct mac_table {
	struct dp_lf_hash lf;
};

// Keys are 8 bytes. One CRC32-C instruction hashes one (rte_hash_crc loops over a
// generic length: about 34 instructions against 8), and rte_hash has no compare of
// its own for 8-byte keys (it calls memcmp through the PLT): perf/README.md.
static uint32_t mac_key_hash(const void *key, uint32_t len, uint32_t init)
{
	uint64_t k;
	RTE_SET_USED(len);
	memcpy(&k, key, sizeof(k));
	return dp_crc32c_8(k, init);
}

#define MAC_KEY_HASH_INIT 0 // the table's hash_func_init_val: the readers hash with it

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
		.hash_func_init_val = MAC_KEY_HASH_INIT,
		.socket_id = socket,
		.extra_flag = RTE_HASH_EXTRA_FLAGS_EXT_TABLE,
	};
	struct mac_table *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	if (dp_lf_hash_create(&t->lf, &p) != 0) {
		free(t);
		return NULL;
	}
	rte_hash_set_cmp_func(t->lf.h, mac_key_cmp);
	return t;
}

void mac_table_free(struct mac_table *t)
{
	if (t == NULL)
		return;
	dp_lf_hash_free(&t->lf);
	free(t);
}

int mac_table_lookup(const struct mac_table *t, const union mac_key *key, mac_entry_t *e)
{
	return dp_lf_hash_lookup(&t->lf, key, e);
}

int mac_table_set(struct mac_table *t, const union mac_key *key, mac_entry_t e)
{
	return dp_lf_hash_set(&t->lf, key, e);
}

int mac_table_del(struct mac_table *t, const union mac_key *key)
{
	return dp_lf_hash_del(&t->lf, key);
}

bool mac_table_reclaim_pending(const struct mac_table *t)
{
	return dp_lf_hash_reclaim_pending(&t->lf);
}

void mac_table_reclaim_seal(struct mac_table *t)
{
	dp_lf_hash_reclaim_seal(&t->lf);
}

void mac_table_reclaim(struct mac_table *t)
{
	dp_lf_hash_reclaim(&t->lf);
}

uint32_t mac_table_count(const struct mac_table *t)
{
	return dp_lf_hash_count(&t->lf);
}

int mac_table_iterate(const struct mac_table *t, uint32_t *next, union mac_key *key, mac_entry_t *e)
{
	const void *k;

	if (dp_lf_hash_iterate(&t->lf, next, &k, e) != 0)
		return -ENOENT;
	memcpy(key, k, sizeof(*key));
	return 0;
}

uint64_t mac_table_lookup_bulk(const struct mac_table *t, const union mac_key **keys,
	unsigned n, mac_entry_t *entries)
{
	uint32_t sig[RTE_HASH_LOOKUP_BULK_MAX];

	// hashed here, one CRC32-C each, not by rte_hash through two calls per key
	// (~10 instructions a key, perf/run.sh callgrind l2-encap-vxlan4)
	n = RTE_MIN(n, (unsigned)RTE_HASH_LOOKUP_BULK_MAX);
	for (unsigned i = 0; i < n; i++)
		sig[i] = dp_crc32c_8(keys[i]->u64, MAC_KEY_HASH_INIT);
	return dp_lf_hash_lookup_bulk_with_hash(&t->lf, (const void **)keys, sig, n, entries);
}
