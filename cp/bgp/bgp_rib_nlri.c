// SPDX-License-Identifier: BSD-3-Clause
// The RIB of the families whose NLRI the speaker keeps as bytes (see bgp_rib.h;
// l2vpn evpn, and the test-only family of bgp_family_test): routes keyed by
// (family, route key) in one open-addressing table (linear probing, at most
// three quarters full, grown by doubling), each with its paths (best first),
// and the family's subscribers told of every change of best path. NLRI stay
// bytes here: their key comes from the family's table (bgp_family.h) and the
// family's owner decodes them. A route is its slot: the hash of its key, its
// family and its paths, nothing allocated for it (a million type-2 routes: one
// cache miss and 32 bytes less each). Slots move when others are removed: no
// pointer to a route is kept across a removal.
#include "cp/bgp/bgp_family.h"
#include "cp/bgp/bgp_rib.h"
#include "cp/cp_hash.h"
#include "cp/cp_table_mem.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

// A path and the NLRI its source sent: path.next chains the route's paths.
struct nlri_path {
	struct bgp_path path;
	uint8_t nlri_len;
	uint8_t nlri[];
};

// The route key is not stored: every path's NLRI holds it.
struct nlri_dest {
	uint32_t hash;
	uint8_t af;		// enum bgp_af (in what was padding: a slot is still 16 octets)
	struct bgp_path *paths; // struct nlri_path, best first; NULL: a free slot
};

struct subscriber {
	bgp_route_change_fn *fn; // NULL: free
	void *ctx;
};

static struct {
	struct nlri_dest *slots;
	size_t cap; // power of two, 0 before the first route
	size_t n;   // routes of every family
	size_t routes[BGP_AF_MAX], paths[BGP_AF_MAX];
	struct subscriber subs[BGP_AF_MAX][BGP_RIB_SUBSCRIBERS];
	bgp_route_prefetch_fn *prefetch[BGP_AF_MAX];
	struct bgp_rib_cursor *cursors; // active walks
} rib;

// The families kept here: those with a table (bgp_family.h).
static bool held(enum bgp_af af)
{
	return bgp_family_get(af) != NULL;
}

// A route's key: its family's (bgp_family.h), -ENOTSUP without one.
static int nlri_key(enum bgp_af af, const uint8_t *nlri, size_t len, uint8_t *key)
{
	if (len > BGP_NLRI_MAX)
		return -EINVAL; // longer than a path keeps
	return bgp_family_key(af, nlri, len, key);
}

static uint32_t key_hash(enum bgp_af af, const uint8_t *k, size_t len)
{
	// the family apart: the same key bytes in two families are two routes
	return (uint32_t)cp_hash_bytes(k, len) ^ (uint32_t)af * 0x9e3779b9u;
}

static int grow(void)
{
	size_t cap = rib.cap ? rib.cap * 2 : 1024;
	struct nlri_dest *slots = cp_table_alloc(cap, sizeof(*slots));

	if (slots == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < rib.cap; i++) {
		if (rib.slots[i].paths == NULL)
			continue;
		size_t j = rib.slots[i].hash & (cap - 1);
		while (slots[j].paths != NULL)
			j = (j + 1) & (cap - 1);
		slots[j] = rib.slots[i];
	}
	cp_table_free(rib.slots, rib.cap, sizeof(*rib.slots));
	rib.slots = slots;
	rib.cap = cap;
	for (struct bgp_rib_cursor *c = rib.cursors; c != NULL; c = c->next)
		c->slot = 0; // every route moved: the walks start again
	return 0;
}

// Whether d is the route of (af, key): its (first) path's NLRI gives the same key.
static bool dest_is(const struct nlri_dest *d, enum bgp_af af, const uint8_t *key, size_t len)
{
	const struct nlri_path *e = (const struct nlri_path *)d->paths;
	uint8_t k[BGP_FAMILY_KEY_MAX];

	if (d->af != af)
		return false;
	if (bgp_family_get(af)->nlri_is_key) // kept as its key: no call
		return e->nlri_len == len && memcmp(e->nlri, key, len) == 0;
	return nlri_key(af, e->nlri, e->nlri_len, k) == (int)len && memcmp(k, key, len) == 0;
}

// The slot of (af, key), or the free slot where it would go.
static struct nlri_dest *dest_find(enum bgp_af af, const uint8_t *key, size_t len, uint32_t h)
{
	for (size_t i = h & (rib.cap - 1);; i = (i + 1) & (rib.cap - 1)) {
		struct nlri_dest *d = &rib.slots[i];
		if (d->paths == NULL || (d->hash == h && dest_is(d, af, key, len)))
			return d;
	}
}

static struct bgp_path **path_find(struct nlri_dest *d, const struct bgp_src *src)
{
	struct bgp_path **pp = &d->paths;

	while (*pp != NULL && (*pp)->src != src)
		pp = &(*pp)->next;
	return pp;
}

static void view(const struct bgp_path *p, bool best, struct bgp_route *r)
{
	const struct nlri_path *e = (const struct nlri_path *)p;

	*r = (struct bgp_route){.nlri = e->nlri,
		.nlri_len = e->nlri_len,
		.attrs = p->attrs,
		.src = p->src,
		.best = best,
		.stale = (p->flags & BGP_PATH_STALE) != 0};
}

// To the subscribers of af. prev: the best path before, when it was another
// one (ADD only).
static void notify(enum bgp_af af, enum bgp_route_event ev, const struct bgp_path *p,
	const struct bgp_path *prev)
{
	struct bgp_route r;

	if (p == NULL)
		return;
	view(p, true, &r);
	if (prev != NULL && prev->src != p->src) {
		r.prev_src = prev->src;
		r.prev_attrs = prev->attrs;
	}
	for (unsigned i = 0; i < BGP_RIB_SUBSCRIBERS; i++)
		if (rib.subs[af][i].fn != NULL)
			rib.subs[af][i].fn(ev, &r, rib.subs[af][i].ctx);
}

// Puts the best path first and tells the subscriber when it changed: a new best
// path, or the best one was touched (new attributes or NLRI). old_best: the best
// path before (still allocated, maybe unlinked), or NULL for a new route.
static void reselect(
	struct nlri_dest *d, const struct bgp_path *old_best, const struct bgp_path *touched)
{
	bgp_paths_best_first(&d->paths);
	if (d->paths != NULL && (d->paths != old_best || d->paths == touched))
		notify(d->af, BGP_ROUTE_ADD, d->paths, d->paths != old_best ? old_best : NULL);
}

// Frees d's slot, moving back the routes after it that probed past it.
static void dest_remove(struct nlri_dest *d)
{
	size_t mask = rib.cap - 1, i = (size_t)(d - rib.slots);

	for (size_t j = (i + 1) & mask; rib.slots[j].paths != NULL; j = (j + 1) & mask) {
		size_t home = rib.slots[j].hash & mask;
		// j's route may fill the hole at i when its home is not in (i, j]
		bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
		if (!stays) {
			rib.slots[i] = rib.slots[j];
			// a walk past i but not j would miss it
			for (struct bgp_rib_cursor *c = rib.cursors; c != NULL; c = c->next)
				if (i < c->slot && j >= c->slot)
					c->slot = i;
			i = j;
		}
	}
	rib.slots[i] = (struct nlri_dest){0, 0, NULL};
	rib.n--;
}

// The route of (af, key); a free slot (paths NULL, hash and af set) when there
// is none: the caller fills it with the first path or leaves it free.
static struct nlri_dest *dest_get(enum bgp_af af, const uint8_t *key, size_t len)
{
	uint32_t h = key_hash(af, key, len);
	struct nlri_dest *d;

	if ((rib.cap == 0 || (rib.n + 1) * 4 > rib.cap * 3) && grow() < 0)
		return NULL;
	if ((d = dest_find(af, key, len, h))->paths == NULL) {
		d->hash = h;
		d->af = (uint8_t)af;
	}
	return d;
}

// A path for src with room for len octets of NLRI: the old one when they fit.
static struct nlri_path *path_for(
	struct nlri_dest *d, struct bgp_path **pp, struct bgp_src *src, size_t len)
{
	struct nlri_path *e = (struct nlri_path *)*pp;

	if (e != NULL && e->nlri_len == len)
		return e;
	// offsetof, not sizeof: the padding after nlri_len would push IPv4 routes to
	// the next malloc size (44 octets: a 64-octet chunk instead of 48)
	struct nlri_path *n = calloc(1, offsetof(struct nlri_path, nlri) + len);
	if (n == NULL)
		return NULL;
	n->path.src = src;
	if (e != NULL) { // same place in the list, the old attributes kept for now
		n->path.next = e->path.next;
		n->path.attrs = e->path.attrs;
		*pp = &n->path;
		free(e);
	} else {
		n->path.next = d->paths;
		d->paths = &n->path;
	}
	return n;
}

int bgp_nlri_rib_update(
	enum bgp_af af, struct bgp_src *src, const uint8_t *nlri, size_t len, struct bgp_pattr *a)
{
	uint8_t key[BGP_FAMILY_KEY_MAX];
	int klen = nlri_key(af, nlri, len, key);
	struct nlri_dest *d;

	if (klen < 0)
		return klen;
	if (bgp_family_get(af)->nlri_is_key) // kept as its key (bits past a prefix cleared)
		nlri = key;
	if ((d = dest_get(af, key, (size_t)klen)) == NULL)
		return -ENOMEM;
	bool new_dest = d->paths == NULL;
	const struct bgp_path *old_best = d->paths;
	struct bgp_path **pp = path_find(d, src);
	bool existed = *pp != NULL;
	const struct nlri_path *old = (const struct nlri_path *)*pp;
	bool changed = !existed || old->path.attrs != a || old->nlri_len != len ||
		       memcmp(old->nlri, nlri, len) != 0 || (old->path.flags & BGP_PATH_STALE);
	if (!changed) {
		// announced again after a BoRR: kept, and nobody needs to hear of it
		(*pp)->flags &= (uint8_t)~BGP_PATH_REFRESH;
		return 0;
	}
	struct nlri_path *e = path_for(d, pp, src, len);
	if (e == NULL)
		return -ENOMEM; // a new route's slot stays free
	if (new_dest) {
		rib.n++;
		rib.routes[af]++;
	}
	if (old_best == (const struct bgp_path *)old)
		old_best = &e->path; // reallocated in place: still the same path
	bgp_pattr_unref(e->path.attrs);
	e->path.attrs = bgp_pattr_ref(a);
	e->path.flags = 0;
	e->nlri_len = (uint8_t)len;
	memcpy(e->nlri, nlri, len);
	if (!existed) {
		(*bgp_src_count(src, af))++;
		rib.paths[af]++;
	}
	reselect(d, old_best, &e->path);
	return existed ? 0 : 1;
}

// Unlinks and frees *pp of d; frees d's slot when it was the last path.
static void path_remove(struct nlri_dest *d, struct bgp_path **pp)
{
	struct bgp_path *p = *pp;
	bool was_best = p == d->paths;

	*pp = p->next;
	(*bgp_src_count(p->src, d->af))--;
	rib.paths[d->af]--;
	if (d->paths == NULL) {
		rib.routes[d->af]--;
		notify(d->af, BGP_ROUTE_DEL, p, NULL);
	} else if (was_best)
		reselect(d, p, NULL); // p unlinked: whichever is first is a new best
	bgp_pattr_unref(p->attrs);
	free(p);
	if (d->paths == NULL)
		dest_remove(d);
}

int bgp_nlri_rib_withdraw(enum bgp_af af, struct bgp_src *src, const uint8_t *nlri, size_t len)
{
	uint8_t key[BGP_FAMILY_KEY_MAX];
	int klen = nlri_key(af, nlri, len, key);
	struct nlri_dest *d;

	if (klen < 0 || rib.cap == 0)
		return 0;
	if ((d = dest_find(af, key, (size_t)klen, key_hash(af, key, (size_t)klen)))->paths == NULL)
		return 0;
	struct bgp_path **pp = path_find(d, src);
	if (*pp == NULL)
		return 0;
	path_remove(d, pp);
	return 1;
}

// Every path of src of af carrying flag (any path when 0).
static size_t flush_af(struct bgp_src *src, enum bgp_af af, uint8_t flag)
{
	const uint32_t *left = bgp_src_count(src, af);
	size_t n = 0;

	for (size_t i = 0; *left > 0 && i < rib.cap;) {
		struct nlri_dest *d = &rib.slots[i];
		struct bgp_path **pp;
		if (d->paths != NULL && d->af == af && *(pp = path_find(d, src)) != NULL &&
			(!flag || ((*pp)->flags & flag))) {
			// the slot may now hold a route moved back into it: look again
			// (one moved back across the end may be looked at twice: it has
			// no path of src any more)
			path_remove(d, pp);
			n++;
			continue;
		}
		i++;
	}
	return n;
}

static size_t mark_af(struct bgp_src *src, enum bgp_af af, uint8_t flag)
{
	size_t n = 0;

	for (size_t i = 0; *bgp_src_count(src, af) > 0 && i < rib.cap; i++) {
		struct bgp_path *p;
		if (rib.slots[i].paths != NULL && rib.slots[i].af == af &&
			(p = *path_find(&rib.slots[i], src)) != NULL) {
			p->flags |= flag;
			n++;
		}
	}
	return n;
}

// fn for af, or for each family (BGP_AF_MAX), where this table has routes of
// it (registered or not any more: a flush at shutdown still frees them).
static size_t each_af(size_t (*fn)(struct bgp_src *, enum bgp_af, uint8_t), struct bgp_src *src,
	enum bgp_af af, uint8_t flag)
{
	size_t n = 0;

	for (enum bgp_af a = 0; a < BGP_AF_MAX; a++)
		if ((af == BGP_AF_MAX || a == af) && rib.routes[a] > 0)
			n += fn(src, a, flag);
	return n;
}

size_t bgp_nlri_rib_flush(struct bgp_src *src, enum bgp_af af, uint8_t flag)
{
	return each_af(flush_af, src, af, flag);
}

size_t bgp_nlri_rib_mark(struct bgp_src *src, enum bgp_af af, uint8_t flag)
{
	return each_af(mark_af, src, af, flag);
}

int bgp_rib_subscribe(enum bgp_af af, bgp_route_change_fn *fn, void *ctx)
{
	struct subscriber *free_slot = NULL;

	if (!held(af))
		return -ENOTSUP;
	for (unsigned i = 0; i < BGP_RIB_SUBSCRIBERS; i++) {
		if (rib.subs[af][i].fn == fn) {
			rib.subs[af][i].ctx = ctx;
			return 0;
		}
		if (rib.subs[af][i].fn == NULL && free_slot == NULL)
			free_slot = &rib.subs[af][i];
	}
	if (free_slot == NULL)
		return -ENOSPC;
	*free_slot = (struct subscriber){fn, ctx};
	return 0;
}

void bgp_rib_unsubscribe(enum bgp_af af, bgp_route_change_fn *fn)
{
	for (unsigned i = 0; (unsigned)af < BGP_AF_MAX && i < BGP_RIB_SUBSCRIBERS; i++)
		if (rib.subs[af][i].fn == fn)
			rib.subs[af][i] = (struct subscriber){NULL, NULL};
}

int bgp_rib_best(enum bgp_af af, const uint8_t *nlri, size_t len, struct bgp_route *r)
{
	uint8_t key[BGP_FAMILY_KEY_MAX];
	int klen = nlri_key(af, nlri, len, key);
	const struct nlri_dest *d;

	if (klen < 0 || rib.cap == 0)
		return 0;
	d = dest_find(af, key, (size_t)klen, key_hash(af, key, (size_t)klen));
	if (d->paths == NULL)
		return 0;
	view(d->paths, true, r);
	return 1;
}

void bgp_rib_cursor_start(struct bgp_rib_cursor *c, enum bgp_af af)
{
	if (c->active)
		bgp_rib_cursor_stop(c);
	c->slot = 0;
	c->af = af;
	c->active = true;
	c->next = rib.cursors;
	rib.cursors = c;
}

void bgp_rib_cursor_stop(struct bgp_rib_cursor *c)
{
	for (struct bgp_rib_cursor **cp = &rib.cursors; *cp != NULL; cp = &(*cp)->next)
		if (*cp == c) {
			*cp = c->next;
			break;
		}
	c->active = false;
	c->next = NULL;
}

size_t bgp_rib_walk_from(struct bgp_rib_cursor *c, size_t budget,
	void (*fn)(const struct bgp_route *r, void *ctx), void *ctx)
{
	struct bgp_route r;
	size_t n = 0;

	for (; c->active && c->slot < rib.cap && n < budget; c->slot++) {
		const struct bgp_path *p = rib.slots[c->slot].paths;
		if (p == NULL || rib.slots[c->slot].af != c->af)
			continue;
		view(p, true, &r);
		fn(&r, ctx);
		n++;
	}
	if (c->slot >= rib.cap)
		bgp_rib_cursor_stop(c);
	return n;
}

void bgp_rib_subscribe_prefetch(enum bgp_af af, bgp_route_prefetch_fn *fn)
{
	if (held(af))
		rib.prefetch[af] = fn;
}

void bgp_nlri_rib_prefetch(enum bgp_af af, const uint8_t *nlri, size_t len)
{
	uint8_t key[BGP_FAMILY_KEY_MAX];
	int klen = nlri_key(af, nlri, len, key);

	if (klen < 0)
		return;
	if (rib.cap > 0)
		__builtin_prefetch(&rib.slots[key_hash(af, key, (size_t)klen) & (rib.cap - 1)]);
	if (rib.prefetch[af] != NULL)
		rib.prefetch[af](nlri, len);
}

int bgp_rib_walk_routes(
	enum bgp_af af, int (*fn)(const struct bgp_route *r, void *ctx), void *ctx, bool all_paths)
{
	struct bgp_route r;
	int ret;

	for (size_t i = 0; held(af) && i < rib.cap; i++)
		for (const struct bgp_path *p = rib.slots[i].paths;
			p != NULL && rib.slots[i].af == af; p = p->next) {
			view(p, p == rib.slots[i].paths, &r);
			if ((ret = fn(&r, ctx)) != 0)
				return ret;
			if (!all_paths)
				break;
		}
	return 0;
}

size_t bgp_nlri_rib_count(enum bgp_af af)
{
	return (unsigned)af < BGP_AF_MAX ? rib.routes[af] : 0;
}

size_t bgp_nlri_rib_paths(enum bgp_af af)
{
	return (unsigned)af < BGP_AF_MAX ? rib.paths[af] : 0;
}

void bgp_nlri_rib_fini(void)
{
	for (size_t i = 0; i < rib.cap; i++)
		for (struct bgp_path *p = rib.slots[i].paths, *pn; p != NULL; p = pn) {
			pn = p->next; // p->src may be gone already: its counter is not touched
			bgp_pattr_unref(p->attrs);
			free(p);
		}
	cp_table_free(rib.slots, rib.cap, sizeof(*rib.slots));
	struct subscriber subs[BGP_AF_MAX][BGP_RIB_SUBSCRIBERS];
	bgp_route_prefetch_fn *prefetch[BGP_AF_MAX];
	memcpy(subs, rib.subs, sizeof(subs));
	memcpy(prefetch, rib.prefetch, sizeof(prefetch));
	struct bgp_rib_cursor *cursors = rib.cursors;
	memset(&rib, 0, sizeof(rib));
	// the subscriptions (and walks) outlive a restart of the speaker
	memcpy(rib.subs, subs, sizeof(subs));
	memcpy(rib.prefetch, prefetch, sizeof(prefetch));
	rib.cursors = cursors;
	for (struct bgp_rib_cursor *c = cursors; c != NULL; c = c->next)
		c->slot = 0;
}

struct bgp_path *bgp_nlri_rib_paths_of(enum bgp_af af, const uint8_t *nlri, size_t len)
{
	uint8_t key[BGP_FAMILY_KEY_MAX];
	int klen = nlri_key(af, nlri, len, key);

	if (klen < 0 || rib.cap == 0)
		return NULL;
	return dest_find(af, key, (size_t)klen, key_hash(af, key, (size_t)klen))->paths;
}

int bgp_nlri_rib_walk_paths(enum bgp_af af,
	int (*fn)(const uint8_t *nlri, size_t len, struct bgp_path *paths, void *ctx), void *ctx)
{
	int ret;

	for (size_t i = 0; i < rib.cap; i++) {
		const struct nlri_path *e = (const struct nlri_path *)rib.slots[i].paths;
		if (e != NULL && rib.slots[i].af == af &&
			(ret = fn(e->nlri, e->nlri_len, rib.slots[i].paths, ctx)) != 0)
			return ret;
	}
	return 0;
}
