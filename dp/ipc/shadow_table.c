// SPDX-License-Identifier: BSD-3-Clause
// The shadow's chained hash table of records (see shadow_table.h).
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dp/ipc/shadow_table.h"

#define INITIAL_BUCKETS 1024u

static struct shadow_rec *at(const struct shadow_table *t, uint32_t i)
{
	return &t->chunks[i >> SHADOW_CHUNK_BITS][i & (SHADOW_CHUNK - 1)];
}

static uint32_t *new_buckets(uint32_t n)
{
	uint32_t *b = malloc(n * sizeof(*b));

	if (b != NULL)
		memset(b, 0xff, n * sizeof(*b)); // SHADOW_NIL
	return b;
}

int shadow_table_init(struct shadow_table *t)
{
	memset(t, 0, sizeof(*t));
	t->free = SHADOW_NIL;
	if ((t->buckets = new_buckets(INITIAL_BUCKETS)) == NULL)
		return -ENOMEM;
	t->mask = INITIAL_BUCKETS - 1;
	return 0;
}

void shadow_table_fini(struct shadow_table *t)
{
	for (uint32_t c = 0; c < t->n_chunks; c++)
		free(t->chunks[c]);
	free(t->chunks);
	free(t->buckets);
	memset(t, 0, sizeof(*t));
}

static uint32_t hash_of(const struct dp_msg *m)
{
	union shadow_key k;

	shadow_key_make(m, &k);
	return shadow_key_hash(&k);
}

struct shadow_rec *shadow_table_find(struct shadow_table *t, const struct dp_msg *m)
{
	union shadow_key k, rk;
	uint32_t i;

	shadow_key_make(m, &k);
	for (i = t->buckets[shadow_key_hash(&k) & t->mask]; i != SHADOW_NIL; i = at(t, i)->next) {
		shadow_key_make(&at(t, i)->msg, &rk);
		if (memcmp(&k, &rk, sizeof(k)) == 0)
			return at(t, i);
	}
	return NULL;
}

// Twice the buckets once there are more records than buckets: chains stay short.
static int grow(struct shadow_table *t)
{
	uint32_t n = (t->mask + 1) * 2, *b = new_buckets(n);

	if (b == NULL)
		return -ENOMEM;
	for (uint32_t i = 0; i < t->n_slots; i++) {
		struct shadow_rec *r = at(t, i);

		if (r->msg.type == DP_MSG_NONE)
			continue;
		uint32_t h = hash_of(&r->msg) & (n - 1);
		r->next = b[h];
		b[h] = i;
	}
	free(t->buckets);
	t->buckets = b;
	t->mask = n - 1;
	return 0;
}

static int new_chunk(struct shadow_table *t)
{
	struct shadow_rec **c = realloc(t->chunks, (t->n_chunks + 1) * sizeof(*c));

	if (c == NULL)
		return -ENOMEM;
	t->chunks = c;
	if ((c[t->n_chunks] = malloc(SHADOW_CHUNK * sizeof(**c))) == NULL)
		return -ENOMEM;
	t->n_chunks++;
	return 0;
}

// A free slot's index, or SHADOW_NIL when out of memory.
static uint32_t take_slot(struct shadow_table *t)
{
	uint32_t i = t->free;

	if (i != SHADOW_NIL) {
		t->free = at(t, i)->next;
		return i;
	}
	if (t->n_slots == SHADOW_NIL - 1)
		return SHADOW_NIL;
	if ((t->n_slots >> SHADOW_CHUNK_BITS) == t->n_chunks && new_chunk(t) < 0)
		return SHADOW_NIL;
	return t->n_slots++;
}

struct shadow_rec *shadow_table_add(struct shadow_table *t, const struct dp_msg *m)
{
	struct shadow_rec *r;
	uint32_t i, h;

	if (t->count >= t->mask + 1 && grow(t) < 0)
		return NULL;
	if ((i = take_slot(t)) == SHADOW_NIL)
		return NULL;
	r = at(t, i);
	r->msg = *m;
	r->stale = false;
	h = hash_of(m) & t->mask;
	r->next = t->buckets[h];
	t->buckets[h] = i;
	t->count++;
	return r;
}

// The index of a record the table holds: it sits in one of the chunks.
static uint32_t index_of(const struct shadow_table *t, const struct shadow_rec *r)
{
	for (uint32_t c = 0;; c++)
		if (r >= t->chunks[c] && r < t->chunks[c] + SHADOW_CHUNK)
			return (c << SHADOW_CHUNK_BITS) | (uint32_t)(r - t->chunks[c]);
}

void shadow_table_del(struct shadow_table *t, struct shadow_rec *r)
{
	uint32_t i = index_of(t, r), *p = &t->buckets[hash_of(&r->msg) & t->mask];

	while (*p != i)
		p = &at(t, *p)->next;
	*p = r->next;
	memset(&r->msg, 0, sizeof(r->msg)); // DP_MSG_NONE: a free slot
	r->next = t->free;
	t->free = i;
	t->count--;
}

struct shadow_rec *shadow_table_slot(const struct shadow_table *t, uint32_t i)
{
	struct shadow_rec *r = at(t, i);

	return r->msg.type == DP_MSG_NONE ? NULL : r;
}

size_t shadow_table_memory(const struct shadow_table *t)
{
	return (size_t)t->n_chunks * (SHADOW_CHUNK * sizeof(struct shadow_rec) + sizeof(void *)) +
	       ((size_t)t->mask + 1) * sizeof(uint32_t);
}
