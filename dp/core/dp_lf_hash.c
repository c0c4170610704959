// SPDX-License-Identifier: BSD-3-Clause
#include "dp/core/dp_lf_hash.h"

#include <errno.h>
#include <rte_errno.h>
#include <stdlib.h>
#include <string.h>

int dp_lf_hash_create(struct dp_lf_hash *t, const struct rte_hash_parameters *p)
{
	struct rte_hash_parameters lf = *p;

	memset(t, 0, sizeof(*t));
	// one writer, lock-free readers; deleted slots are freed by us after a grace period
	lf.extra_flag |= RTE_HASH_EXTRA_FLAGS_RW_CONCURRENCY_LF;
	t->h = rte_hash_create(&lf);
	return t->h == NULL ? -(rte_errno ? rte_errno : ENOMEM) : 0;
}

void dp_lf_hash_free(struct dp_lf_hash *t)
{
	rte_hash_free(t->h);
	free(t->deleted.pos);
	free(t->sealed.pos);
	memset(t, 0, sizeof(*t));
}

int dp_lf_hash_set(struct dp_lf_hash *t, const void *key, uint64_t e)
{
	return rte_hash_add_key_data(t->h, key, (void *)(uintptr_t)e);
}

int dp_lf_hash_del(struct dp_lf_hash *t, const void *key)
{
	struct dp_lf_hash_slots *d = &t->deleted;
	int32_t pos = rte_hash_del_key(t->h, key);

	if (pos < 0)
		return pos;
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

bool dp_lf_hash_reclaim_pending(const struct dp_lf_hash *t)
{
	return t->deleted.n > 0;
}

// The two lists swap: the sealed one is empty, its array is reused.
void dp_lf_hash_reclaim_seal(struct dp_lf_hash *t)
{
	struct dp_lf_hash_slots empty = t->sealed;

	t->sealed = t->deleted;
	t->deleted = empty;
}

void dp_lf_hash_reclaim(struct dp_lf_hash *t)
{
	for (uint32_t i = 0; i < t->sealed.n; i++)
		rte_hash_free_key_with_position(t->h, t->sealed.pos[i]);
	t->sealed.n = 0;
}

// rte_hash counts the slots that are not free: the deleted ones waiting for their
// grace period too.
uint32_t dp_lf_hash_count(const struct dp_lf_hash *t)
{
	int32_t n = rte_hash_count(t->h);
	uint32_t waiting = t->deleted.n + t->sealed.n;

	return n < 0 || (uint32_t)n < waiting ? 0 : (uint32_t)n - waiting;
}

int dp_lf_hash_iterate(const struct dp_lf_hash *t, uint32_t *next, const void **key, uint64_t *e)
{
	void *data;

	if (rte_hash_iterate(t->h, key, &data, next) < 0)
		return -ENOENT;
	*e = (uint64_t)(uintptr_t)data;
	return 0;
}
