// SPDX-License-Identifier: BSD-3-Clause
// The unicast RIB: a chained hash of destinations of both families (grown by
// doubling), each with a short list of paths, best first, and a FIFO of changed
// destinations. An IPv6 destination is 16 octets longer than an IPv4 one.
#include "cp/bgp/bgp_rib.h"
#include "cp/cp_table_mem.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static struct {
	struct bgp_dest **slots;
	size_t cap; // power of two
	size_t n;
	size_t n6; // of n, IPv6 unicast
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

// A prefix of either family, as the table looks it up.
struct key {
	uint8_t af, len;
	struct in_addr v4;
	const struct in6_addr *v6;
};

static uint32_t key_hash(const struct key *k)
{
	uint64_t hi, lo;

	if (k->af != BGP_AF_IPV6_UNICAST)
		return dest_hash(k->v4, k->len);
	memcpy(&hi, k->v6->s6_addr, 8);
	memcpy(&lo, k->v6->s6_addr + 8, 8);
	uint64_t h = (hi * 0xff51afd7ed558ccdull ^ lo ^ k->len) * 0x9e3779b97f4a7c15ull;
	return (uint32_t)(h >> 32);
}

static struct key dest_key(const struct bgp_dest *d)
{
	return (struct key){d->af, d->len, d->prefix, d->af == BGP_AF_IPV6_UNICAST ? d->prefix6 : NULL};
}

static bool dest_is(const struct bgp_dest *d, const struct key *k)
{
	if (d->af != k->af || d->len != k->len)
		return false;
	if (k->af == BGP_AF_IPV6_UNICAST)
		return memcmp(d->prefix6, k->v6, sizeof(*k->v6)) == 0;
	return d->prefix.s_addr == k->v4.s_addr;
}

int bgp_rib_init(void)
{
	memset(&rib, 0, sizeof(rib));
	rib.cap = 1024;
	rib.slots = cp_table_alloc(rib.cap, sizeof(*rib.slots));
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
	cp_table_free(rib.slots, rib.cap, sizeof(*rib.slots));
	free(rib.queue);
	memset(&rib, 0, sizeof(rib));
}

static int grow(void)
{
	size_t cap = rib.cap * 2;
	struct bgp_dest **slots = cp_table_alloc(cap, sizeof(*slots));

	if (slots == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < rib.cap; i++)
		for (struct bgp_dest *d = rib.slots[i], *next; d != NULL; d = next) {
			next = d->next;
			struct key k = dest_key(d);
			size_t b = key_hash(&k) & (cap - 1);
			d->next = slots[b];
			slots[b] = d;
		}
	cp_table_free(rib.slots, rib.cap, sizeof(*rib.slots));
	rib.slots = slots;
	rib.cap = cap;
	return 0;
}

static struct bgp_dest *lookup(const struct key *k)
{
	size_t b = key_hash(k) & (rib.cap - 1);

	for (struct bgp_dest *d = rib.slots[b]; d != NULL; d = d->next)
		if (dest_is(d, k))
			return d;
	return NULL;
}

struct bgp_dest *bgp_rib_lookup(struct in_addr prefix, uint8_t len)
{
	struct key k = {BGP_AF_IPV4_UNICAST, len, prefix, NULL};
	return lookup(&k);
}

struct bgp_dest *bgp_rib_lookup6(const struct in6_addr *prefix, uint8_t len)
{
	struct key k = {BGP_AF_IPV6_UNICAST, len, {0}, prefix};
	return lookup(&k);
}

static struct bgp_dest *dest_get(const struct key *k)
{
	struct bgp_dest *d = lookup(k);
	bool v6 = k->af == BGP_AF_IPV6_UNICAST;

	if (d != NULL)
		return d;
	if (rib.n >= rib.cap && grow() < 0)
		return NULL;
	if ((d = calloc(1, sizeof(*d) + (v6 ? sizeof(*k->v6) : 0))) == NULL)
		return NULL;
	size_t b = key_hash(k) & (rib.cap - 1);
	d->af = k->af;
	d->prefix = k->v4;
	if (v6)
		d->prefix6[0] = *k->v6;
	d->len = k->len;
	d->next = rib.slots[b];
	rib.slots[b] = d;
	rib.n++;
	rib.n6 += v6;
	return d;
}

static void dest_unlink(struct bgp_dest *d)
{
	struct key k = dest_key(d);
	struct bgp_dest **pp = &rib.slots[key_hash(&k) & (rib.cap - 1)];

	while (*pp != d)
		pp = &(*pp)->next;
	*pp = d->next;
	rib.n--;
	rib.n6 -= d->af == BGP_AF_IPV6_UNICAST;
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
	bgp_paths_best_first(&d->paths);
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

static int update(struct bgp_src *src, const struct key *k, struct bgp_pattr *a)
{
	struct bgp_dest *d = dest_get(k);
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
		(*bgp_src_count(src, d->af))++;
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

int bgp_rib_update(struct bgp_src *src, struct in_addr prefix, uint8_t len, struct bgp_pattr *a)
{
	struct key k = {BGP_AF_IPV4_UNICAST, len, prefix, NULL};
	return update(src, &k, a);
}

int bgp_rib_update6(struct bgp_src *src, const struct in6_addr *prefix, uint8_t len,
	struct bgp_pattr *a)
{
	struct key k = {BGP_AF_IPV6_UNICAST, len, {0}, prefix};
	return update(src, &k, a);
}

static void path_remove(struct bgp_dest *d, struct bgp_path **pp)
{
	const struct bgp_path *old_best = d->paths;
	struct bgp_path *p = *pp;

	*pp = p->next;
	(*bgp_src_count(p->src, d->af))--;
	rib.n_paths--;
	bgp_pattr_unref(p->attrs);
	free(p);
	if (old_best == p || d->paths == NULL)
		reselect(d, NULL, NULL);
}

static int withdraw(struct bgp_src *src, struct bgp_dest *d)
{
	if (d == NULL || *find_path(d, src) == NULL)
		return 0;
	path_remove(d, find_path(d, src));
	return 1;
}

int bgp_rib_withdraw(struct bgp_src *src, struct in_addr prefix, uint8_t len)
{
	return withdraw(src, bgp_rib_lookup(prefix, len));
}

int bgp_rib_withdraw6(struct bgp_src *src, const struct in6_addr *prefix, uint8_t len)
{
	return withdraw(src, bgp_rib_lookup6(prefix, len));
}

struct flush_ctx {
	struct bgp_src *src;
	uint8_t flag;   // flush: only paths with this flag (0: all); mark: the flag set
	enum bgp_af af; // BGP_AF_MAX: both
	size_t n;
};

static int flush_one(struct bgp_dest *d, void *arg)
{
	struct flush_ctx *c = arg;
	struct bgp_path **pp = find_path(d, c->src);

	if (c->af != BGP_AF_MAX && d->af != c->af)
		return 0;
	if (*pp != NULL && (!c->flag || ((*pp)->flags & c->flag))) {
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

void bgp_rib_flush_src_af(struct bgp_src *src, enum bgp_af af, bool stale_only)
{
	struct flush_ctx c = {src, stale_only ? BGP_PATH_STALE : 0, af, 0};

	if (src->n_prefixes + src->n_ipv6 > 0)
		walk_safe(flush_one, &c);
}

void bgp_rib_flush_src(struct bgp_src *src, bool stale_only)
{
	bgp_rib_flush_src_af(src, BGP_AF_MAX, stale_only);
}

static int mark_one(struct bgp_dest *d, void *arg)
{
	struct flush_ctx *c = arg;
	struct bgp_path *p = *find_path(d, c->src);

	if (p != NULL && (c->af == BGP_AF_MAX || d->af == c->af)) {
		p->flags |= c->flag;
		c->n++;
	}
	return 0;
}

size_t bgp_rib_mark_stale_af(struct bgp_src *src, enum bgp_af af)
{
	struct flush_ctx c = {src, BGP_PATH_STALE, af, 0};

	if (src->n_prefixes + src->n_ipv6 > 0)
		walk_safe(mark_one, &c);
	return c.n;
}

size_t bgp_rib_mark_stale(struct bgp_src *src)
{
	return bgp_rib_mark_stale_af(src, BGP_AF_MAX);
}

size_t bgp_rib_refresh_mark(struct bgp_src *src, enum bgp_af af)
{
	struct flush_ctx c = {src, BGP_PATH_REFRESH, af, 0};

	if (*bgp_src_count(src, af) > 0)
		walk_safe(mark_one, &c);
	return c.n;
}

size_t bgp_rib_refresh_flush(struct bgp_src *src, enum bgp_af af)
{
	struct flush_ctx c = {src, BGP_PATH_REFRESH, af, 0};

	if (*bgp_src_count(src, af) > 0)
		walk_safe(flush_one, &c);
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

size_t bgp_rib_count_af(enum bgp_af af)
{
	if (af == BGP_AF_IPV6_UNICAST)
		return rib.n6;
	return af == BGP_AF_IPV4_UNICAST ? rib.n - rib.n6 : 0;
}

size_t bgp_rib_paths(void)
{
	return rib.n_paths;
}
