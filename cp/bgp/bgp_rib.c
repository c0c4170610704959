// SPDX-License-Identifier: BSD-3-Clause
// The IPv4 unicast RIB: a chained hash of destinations (grown by doubling), each
// with a short list of paths, best first, and a FIFO of changed destinations.
#include "cp/bgp/bgp_rib.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static struct {
	struct bgp_dest **slots;
	size_t cap; // power of two
	size_t n;
	size_t n_paths;
	struct bgp_dest **queue; // changed destinations, in order
	size_t q_len, q_cap;
} rib;

// Fibonacci hashing, high half: the table takes the low bits, and with the
// product's low bits those would only see the low bits of s_addr, the first
// octet of the prefix (the same for a whole /8: chains of thousands).
static uint32_t dest_hash(struct in_addr p, uint8_t len)
{
	uint64_t h = ((uint64_t)p.s_addr << 8 | len) * 0x9e3779b97f4a7c15ull;
	return (uint32_t)(h >> 32);
}

int bgp_rib_init(void)
{
	memset(&rib, 0, sizeof(rib));
	rib.cap = 1024;
	rib.slots = calloc(rib.cap, sizeof(*rib.slots));
	return rib.slots == NULL ? -ENOMEM : 0;
}

static void dest_free(struct bgp_dest *d)
{
	for (struct bgp_path *p = d->paths, *next; p != NULL; p = next) {
		next = p->next;
		bgp_pattr_unref(p->attrs);
		free(p);
	}
	free(d);
}

void bgp_rib_fini(void)
{
	for (size_t i = 0; i < rib.cap; i++)
		for (struct bgp_dest *d = rib.slots[i], *next; d != NULL; d = next) {
			next = d->next;
			dest_free(d);
		}
	free(rib.slots);
	free(rib.queue);
	memset(&rib, 0, sizeof(rib));
}

static int grow(void)
{
	size_t cap = rib.cap * 2;
	struct bgp_dest **slots = calloc(cap, sizeof(*slots));

	if (slots == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < rib.cap; i++)
		for (struct bgp_dest *d = rib.slots[i], *next; d != NULL; d = next) {
			next = d->next;
			size_t b = dest_hash(d->prefix, d->len) & (cap - 1);
			d->next = slots[b];
			slots[b] = d;
		}
	free(rib.slots);
	rib.slots = slots;
	rib.cap = cap;
	return 0;
}

struct bgp_dest *bgp_rib_lookup(struct in_addr prefix, uint8_t len)
{
	size_t b = dest_hash(prefix, len) & (rib.cap - 1);

	for (struct bgp_dest *d = rib.slots[b]; d != NULL; d = d->next)
		if (d->prefix.s_addr == prefix.s_addr && d->len == len)
			return d;
	return NULL;
}

static struct bgp_dest *dest_get(struct in_addr prefix, uint8_t len)
{
	struct bgp_dest *d = bgp_rib_lookup(prefix, len);

	if (d != NULL)
		return d;
	if (rib.n >= rib.cap && grow() < 0)
		return NULL;
	if ((d = calloc(1, sizeof(*d))) == NULL)
		return NULL;
	size_t b = dest_hash(prefix, len) & (rib.cap - 1);
	d->prefix = prefix;
	d->len = len;
	d->next = rib.slots[b];
	rib.slots[b] = d;
	rib.n++;
	return d;
}

static void dest_unlink(struct bgp_dest *d)
{
	struct bgp_dest **pp = &rib.slots[dest_hash(d->prefix, d->len) & (rib.cap - 1)];

	while (*pp != d)
		pp = &(*pp)->next;
	*pp = d->next;
	rib.n--;
	free(d);
}

static int enqueue(struct bgp_dest *d)
{
	if (d->queued)
		return 0;
	if (rib.q_len == rib.q_cap) {
		size_t cap = rib.q_cap ? rib.q_cap * 2 : 1024;
		struct bgp_dest **q = realloc(rib.queue, cap * sizeof(*q));
		if (q == NULL)
			return -ENOMEM;
		rib.queue = q;
		rib.q_cap = cap;
	}
	rib.queue[rib.q_len++] = d;
	d->queued = true;
	return 0;
}

// Moves the best path to the head; queues d when the best path or its
// attributes changed.
static void reselect(struct bgp_dest *d, const struct bgp_path *old_best,
	const struct bgp_pattr *old_attrs)
{
	struct bgp_path **best = &d->paths;

	for (struct bgp_path **pp = &d->paths; *pp != NULL; pp = &(*pp)->next)
		if (bgp_path_cmp(*pp, *best) < 0)
			best = pp;
	if (best != &d->paths) {
		struct bgp_path *b = *best;
		*best = b->next;
		b->next = d->paths;
		d->paths = b;
	}
	// An emptied destination is queued too: the groups withdraw it, the drain frees it.
	if (d->paths != old_best || d->paths == NULL || d->paths->attrs != old_attrs)
		enqueue(d);
}

static struct bgp_path **find_path(struct bgp_dest *d, const struct bgp_src *src)
{
	struct bgp_path **pp = &d->paths;

	while (*pp != NULL && (*pp)->src != src)
		pp = &(*pp)->next;
	return pp;
}

int bgp_rib_update(struct bgp_src *src, struct in_addr prefix, uint8_t len, struct bgp_pattr *a)
{
	struct bgp_dest *d = dest_get(prefix, len);
	const struct bgp_path *old_best;
	const struct bgp_pattr *old_attrs;
	int added = 0;

	if (d == NULL)
		return -ENOMEM;
	old_best = d->paths;
	old_attrs = old_best ? old_best->attrs : NULL;
	struct bgp_path **pp = find_path(d, src), *p = *pp;
	if (p == NULL) {
		if ((p = calloc(1, sizeof(*p))) == NULL)
			return -ENOMEM;
		p->src = src;
		p->next = d->paths;
		d->paths = p;
		src->n_prefixes++;
		rib.n_paths++;
		added = 1;
	} else {
		bgp_pattr_unref(p->attrs);
	}
	p->attrs = bgp_pattr_ref(a);
	p->flags = 0;
	reselect(d, old_best, old_attrs);
	return added;
}

static void path_remove(struct bgp_dest *d, struct bgp_path **pp)
{
	const struct bgp_path *old_best = d->paths;
	struct bgp_path *p = *pp;

	*pp = p->next;
	p->src->n_prefixes--;
	rib.n_paths--;
	bgp_pattr_unref(p->attrs);
	free(p);
	if (old_best == p || d->paths == NULL)
		reselect(d, NULL, NULL);
}

int bgp_rib_withdraw(struct bgp_src *src, struct in_addr prefix, uint8_t len)
{
	struct bgp_dest *d = bgp_rib_lookup(prefix, len);

	if (d == NULL || *find_path(d, src) == NULL)
		return 0;
	path_remove(d, find_path(d, src));
	return 1;
}

struct flush_ctx {
	struct bgp_src *src;
	bool stale_only;
	size_t n;
};

static int flush_one(struct bgp_dest *d, void *arg)
{
	struct flush_ctx *c = arg;
	struct bgp_path **pp = find_path(d, c->src);

	if (*pp != NULL && (!c->stale_only || ((*pp)->flags & BGP_PATH_STALE))) {
		path_remove(d, pp);
		c->n++;
	}
	return 0;
}

// Walk that tolerates fn unlinking the destination it is given.
static int walk_safe(int (*fn)(struct bgp_dest *d, void *ctx), void *ctx)
{
	int ret;

	for (size_t i = 0; i < rib.cap; i++)
		for (struct bgp_dest *d = rib.slots[i], *next; d != NULL; d = next) {
			next = d->next;
			if ((ret = fn(d, ctx)) != 0)
				return ret;
		}
	return 0;
}

void bgp_rib_flush_src(struct bgp_src *src, bool stale_only)
{
	struct flush_ctx c = {src, stale_only, 0};

	if (src->n_prefixes > 0)
		walk_safe(flush_one, &c);
}

static int mark_one(struct bgp_dest *d, void *arg)
{
	struct flush_ctx *c = arg;
	struct bgp_path *p = *find_path(d, c->src);

	if (p != NULL) {
		p->flags |= BGP_PATH_STALE;
		c->n++;
	}
	return 0;
}

size_t bgp_rib_mark_stale(struct bgp_src *src)
{
	struct flush_ctx c = {src, false, 0};

	if (src->n_prefixes > 0)
		walk_safe(mark_one, &c);
	return c.n;
}

void bgp_rib_drain(void (*fn)(struct bgp_dest *d, void *ctx), void *ctx)
{
	// fn may not change the RIB, so the queue is stable while it runs.
	for (size_t i = 0; fn != NULL && i < rib.q_len; i++)
		fn(rib.queue[i], ctx);
	for (size_t i = 0; i < rib.q_len; i++) {
		struct bgp_dest *d = rib.queue[i];
		d->queued = false;
		if (d->paths == NULL)
			dest_unlink(d);
	}
	rib.q_len = 0;
}

int bgp_rib_walk(int (*fn)(struct bgp_dest *d, void *ctx), void *ctx)
{
	return walk_safe(fn, ctx);
}

size_t bgp_rib_count(void)
{
	return rib.n;
}

size_t bgp_rib_paths(void)
{
	return rib.n_paths;
}
