// SPDX-License-Identifier: BSD-3-Clause
// The EVPN RIB (see bgp_rib.h): routes keyed by route key in an open-addressing
// table (linear probing, at most three quarters full, grown by doubling), each
// with its paths (best first), and one subscriber told of every change of best
// path. NLRI stay bytes here: their key comes from the family's table
// (bgp_family.h) and the EVPN module decodes them. A route is its slot: the hash
// of its key and its paths, nothing allocated for it (a million type-2 routes:
// one cache miss and 32 bytes less each). Slots move when others are
// removed: no pointer to a route is kept across a removal.
#include "cp/bgp/bgp_rib.h"
#include "cp/bgp/bgp_family.h"
#include "cp/cp_hash.h"
#include "cp/cp_table_mem.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

// A path and the NLRI its source sent: path.next chains the route's paths.
struct evpn_path {
	struct bgp_path path;
	uint8_t nlri_len;
	uint8_t nlri[];
};

// The route key is not stored: every path's NLRI holds it.
struct evpn_dest {
	uint32_t hash;
	struct bgp_path *paths; // struct evpn_path, best first; NULL: a free slot
};

struct subscriber {
	bgp_route_change_fn *fn; // NULL: free
	void *ctx;
};

static struct {
	struct evpn_dest *slots;
	size_t cap; // power of two, 0 before the first route
	size_t n, n_paths;
	struct subscriber subs[BGP_RIB_SUBSCRIBERS];
	bgp_route_prefetch_fn *prefetch;
	struct bgp_evpn_cursor *cursors; // active walks
} rib;

// A route's key: the l2vpn evpn family's (bgp_family.h, registered by the EVPN
// module), -ENOTSUP before it registered.
static int nlri_key(const uint8_t *nlri, size_t len, uint8_t *key)
{
	if (len > BGP_EVPN_NLRI_MAX)
		return -EINVAL; // longer than a path keeps
	return bgp_family_key(BGP_AF_L2VPN_EVPN, nlri, len, key);
}

static uint32_t key_hash(const uint8_t *k, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ k[i]) * 16777619u;
	return cp_hash_mix32(h); // the low bits pick the slot
}

static int grow(void)
{
	size_t cap = rib.cap ? rib.cap * 2 : 1024;
	struct evpn_dest *slots = cp_table_alloc(cap, sizeof(*slots));

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
	for (struct bgp_evpn_cursor *c = rib.cursors; c != NULL; c = c->next)
		c->slot = 0; // every route moved: the walks start again
	return 0;
}

// Whether d is the route of key: its (first) path's NLRI gives the same key.
static bool dest_is(const struct evpn_dest *d, const uint8_t *key, size_t len)
{
	const struct evpn_path *e = (const struct evpn_path *)d->paths;
	uint8_t k[BGP_FAMILY_KEY_MAX];

	return nlri_key(e->nlri, e->nlri_len, k) == (int)len && memcmp(k, key, len) == 0;
}

// The slot of key, or the free slot where it would go.
static struct evpn_dest *dest_find(const uint8_t *key, size_t len, uint32_t h)
{
	for (size_t i = h & (rib.cap - 1);; i = (i + 1) & (rib.cap - 1)) {
		struct evpn_dest *d = &rib.slots[i];
		if (d->paths == NULL || (d->hash == h && dest_is(d, key, len)))
			return d;
	}
}

static struct bgp_path **path_find(struct evpn_dest *d, const struct bgp_src *src)
{
	struct bgp_path **pp = &d->paths;

	while (*pp != NULL && (*pp)->src != src)
		pp = &(*pp)->next;
	return pp;
}

static void view(const struct bgp_path *p, bool best, struct bgp_route *r)
{
	const struct evpn_path *e = (const struct evpn_path *)p;

	*r = (struct bgp_route){.nlri = e->nlri,
		.nlri_len = e->nlri_len,
		.attrs = p->attrs,
		.src = p->src,
		.best = best,
		.stale = (p->flags & BGP_PATH_STALE) != 0};
}

// prev: the best path before, when it was another one (ADD only).
static void notify(enum bgp_route_event ev, const struct bgp_path *p, const struct bgp_path *prev)
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
		if (rib.subs[i].fn != NULL)
			rib.subs[i].fn(ev, &r, rib.subs[i].ctx);
}

// Puts the best path first and tells the subscriber when it changed: a new best
// path, or the best one was touched (new attributes or NLRI). old_best: the best
// path before (still allocated, maybe unlinked), or NULL for a new route.
static void reselect(
	struct evpn_dest *d, const struct bgp_path *old_best, const struct bgp_path *touched)
{
	bgp_paths_best_first(&d->paths);
	if (d->paths != NULL && (d->paths != old_best || d->paths == touched))
		notify(BGP_ROUTE_ADD, d->paths, d->paths != old_best ? old_best : NULL);
}

// Frees d's slot, moving back the routes after it that probed past it.
static void dest_remove(struct evpn_dest *d)
{
	size_t mask = rib.cap - 1, i = (size_t)(d - rib.slots);

	for (size_t j = (i + 1) & mask; rib.slots[j].paths != NULL; j = (j + 1) & mask) {
		size_t home = rib.slots[j].hash & mask;
		// j's route may fill the hole at i when its home is not in (i, j]
		bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
		if (!stays) {
			rib.slots[i] = rib.slots[j];
			// a walk past i but not j would miss it
			for (struct bgp_evpn_cursor *c = rib.cursors; c != NULL; c = c->next)
				if (i < c->slot && j >= c->slot)
					c->slot = i;
			i = j;
		}
	}
	rib.slots[i] = (struct evpn_dest){0, NULL};
	rib.n--;
}

// The route of key; a free slot (paths NULL, hash set) when there is none:
// the caller fills it with the first path or leaves it free.
static struct evpn_dest *dest_get(const uint8_t *key, size_t len)
{
	uint32_t h = key_hash(key, len);
	struct evpn_dest *d;

	if ((rib.cap == 0 || (rib.n + 1) * 4 > rib.cap * 3) && grow() < 0)
		return NULL;
	if ((d = dest_find(key, len, h))->paths == NULL)
		d->hash = h;
	return d;
}

// A path for src with room for len octets of NLRI: the old one when they fit.
static struct evpn_path *path_for(
	struct evpn_dest *d, struct bgp_path **pp, struct bgp_src *src, size_t len)
{
	struct evpn_path *e = (struct evpn_path *)*pp;

	if (e != NULL && e->nlri_len == len)
		return e;
	struct evpn_path *n = calloc(1, sizeof(*n) + len);
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

int bgp_evpn_rib_update(struct bgp_src *src, const uint8_t *nlri, size_t len, struct bgp_pattr *a)
{
	uint8_t key[BGP_FAMILY_KEY_MAX];
	int klen = nlri_key(nlri, len, key);
	struct evpn_dest *d;

	if (klen < 0)
		return klen;
	if ((d = dest_get(key, (size_t)klen)) == NULL)
		return -ENOMEM;
	bool new_dest = d->paths == NULL;
	const struct bgp_path *old_best = d->paths;
	struct bgp_path **pp = path_find(d, src);
	bool existed = *pp != NULL;
	const struct evpn_path *old = (const struct evpn_path *)*pp;
	bool changed = !existed || old->path.attrs != a || old->nlri_len != len ||
		       memcmp(old->nlri, nlri, len) != 0 || (old->path.flags & BGP_PATH_STALE);
	if (!changed) {
		// announced again after a BoRR: kept, and nobody needs to hear of it
		(*pp)->flags &= (uint8_t)~BGP_PATH_REFRESH;
		return 0;
	}
	struct evpn_path *e = path_for(d, pp, src, len);
	if (e == NULL)
		return -ENOMEM; // a new route's slot stays free
	if (new_dest)
		rib.n++;
	if (old_best == (const struct bgp_path *)old)
		old_best = &e->path; // reallocated in place: still the same path
	bgp_pattr_unref(e->path.attrs);
	e->path.attrs = bgp_pattr_ref(a);
	e->path.flags = 0;
	e->nlri_len = (uint8_t)len;
	memcpy(e->nlri, nlri, len);
	if (!existed) {
		src->n_evpn++;
		rib.n_paths++;
	}
	reselect(d, old_best, &e->path);
	return existed ? 0 : 1;
}

// Unlinks and frees *pp of d; frees d's slot when it was the last path.
static void path_remove(struct evpn_dest *d, struct bgp_path **pp)
{
	struct bgp_path *p = *pp;
	bool was_best = p == d->paths;

	*pp = p->next;
	p->src->n_evpn--;
	rib.n_paths--;
	if (d->paths == NULL)
		notify(BGP_ROUTE_DEL, p, NULL);
	else if (was_best)
		reselect(d, p, NULL); // p unlinked: whichever is first is a new best
	bgp_pattr_unref(p->attrs);
	free(p);
	if (d->paths == NULL)
		dest_remove(d);
}

int bgp_evpn_rib_withdraw(struct bgp_src *src, const uint8_t *nlri, size_t len)
{
	uint8_t key[BGP_FAMILY_KEY_MAX];
	int klen = nlri_key(nlri, len, key);
	struct evpn_dest *d;

	if (klen < 0 || rib.cap == 0)
		return 0;
	if ((d = dest_find(key, (size_t)klen, key_hash(key, (size_t)klen)))->paths == NULL)
		return 0;
	struct bgp_path **pp = path_find(d, src);
	if (*pp == NULL)
		return 0;
	path_remove(d, pp);
	return 1;
}

// Every path of src carrying flag (any path when 0).
static size_t flush_flagged(struct bgp_src *src, uint8_t flag)
{
	size_t n = 0;

	for (size_t i = 0; src->n_evpn > 0 && i < rib.cap;) {
		struct evpn_dest *d = &rib.slots[i];
		struct bgp_path **pp;
		if (d->paths != NULL && *(pp = path_find(d, src)) != NULL &&
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

size_t bgp_evpn_rib_flush_src(struct bgp_src *src, bool stale_only)
{
	return flush_flagged(src, stale_only ? BGP_PATH_STALE : 0);
}

static size_t mark(struct bgp_src *src, uint8_t flag)
{
	size_t n = 0;

	for (size_t i = 0; src->n_evpn > 0 && i < rib.cap; i++) {
		struct bgp_path *p;
		if (rib.slots[i].paths != NULL && (p = *path_find(&rib.slots[i], src)) != NULL) {
			p->flags |= flag;
			n++;
		}
	}
	return n;
}

size_t bgp_evpn_rib_mark_stale(struct bgp_src *src)
{
	return mark(src, BGP_PATH_STALE);
}

size_t bgp_evpn_rib_refresh_mark(struct bgp_src *src)
{
	return mark(src, BGP_PATH_REFRESH);
}

size_t bgp_evpn_rib_refresh_flush(struct bgp_src *src)
{
	return flush_flagged(src, BGP_PATH_REFRESH);
}

// The families of the route API (bgp_rib.h) this table holds.
static bool held(enum bgp_af af)
{
	return af == BGP_AF_L2VPN_EVPN;
}

int bgp_rib_subscribe(enum bgp_af af, bgp_route_change_fn *fn, void *ctx)
{
	struct subscriber *free_slot = NULL;

	if (!held(af))
		return -ENOTSUP;
	for (unsigned i = 0; i < BGP_RIB_SUBSCRIBERS; i++) {
		if (rib.subs[i].fn == fn) {
			rib.subs[i].ctx = ctx;
			return 0;
		}
		if (rib.subs[i].fn == NULL && free_slot == NULL)
			free_slot = &rib.subs[i];
	}
	if (free_slot == NULL)
		return -ENOSPC;
	*free_slot = (struct subscriber){fn, ctx};
	return 0;
}

void bgp_rib_unsubscribe(enum bgp_af af, bgp_route_change_fn *fn)
{
	for (unsigned i = 0; held(af) && i < BGP_RIB_SUBSCRIBERS; i++)
		if (rib.subs[i].fn == fn)
			rib.subs[i] = (struct subscriber){NULL, NULL};
}

int bgp_rib_best(enum bgp_af af, const uint8_t *nlri, size_t len, struct bgp_route *r)
{
	uint8_t key[BGP_FAMILY_KEY_MAX];
	int klen = nlri_key(nlri, len, key);
	const struct evpn_dest *d;

	if (!held(af) || klen < 0 || rib.cap == 0)
		return 0;
	d = dest_find(key, (size_t)klen, key_hash(key, (size_t)klen));
	if (d->paths == NULL)
		return 0;
	view(d->paths, true, r);
	return 1;
}

void bgp_evpn_cursor_start(struct bgp_evpn_cursor *c)
{
	if (c->active)
		bgp_evpn_cursor_stop(c);
	c->slot = 0;
	c->active = true;
	c->next = rib.cursors;
	rib.cursors = c;
}

void bgp_evpn_cursor_stop(struct bgp_evpn_cursor *c)
{
	for (struct bgp_evpn_cursor **cp = &rib.cursors; *cp != NULL; cp = &(*cp)->next)
		if (*cp == c) {
			*cp = c->next;
			break;
		}
	c->active = false;
	c->next = NULL;
}

size_t bgp_evpn_rib_walk_from(struct bgp_evpn_cursor *c, size_t budget,
	void (*fn)(const struct bgp_route *r, void *ctx), void *ctx)
{
	struct bgp_route r;
	size_t n = 0;

	for (; c->active && c->slot < rib.cap && n < budget; c->slot++) {
		const struct bgp_path *p = rib.slots[c->slot].paths;
		if (p == NULL)
			continue;
		view(p, true, &r);
		fn(&r, ctx);
		n++;
	}
	if (c->slot >= rib.cap)
		bgp_evpn_cursor_stop(c);
	return n;
}

void bgp_rib_subscribe_prefetch(enum bgp_af af, bgp_route_prefetch_fn *fn)
{
	if (held(af))
		rib.prefetch = fn;
}

void bgp_evpn_rib_prefetch(const uint8_t *nlri, size_t len)
{
	uint8_t key[BGP_FAMILY_KEY_MAX];
	int klen = nlri_key(nlri, len, key);

	if (klen < 0)
		return;
	if (rib.cap > 0)
		__builtin_prefetch(&rib.slots[key_hash(key, (size_t)klen) & (rib.cap - 1)]);
	if (rib.prefetch != NULL)
		rib.prefetch(nlri, len);
}

int bgp_rib_walk_routes(
	enum bgp_af af, int (*fn)(const struct bgp_route *r, void *ctx), void *ctx, bool all_paths)
{
	struct bgp_route r;
	int ret;

	for (size_t i = 0; held(af) && i < rib.cap; i++)
		for (const struct bgp_path *p = rib.slots[i].paths; p != NULL; p = p->next) {
			view(p, p == rib.slots[i].paths, &r);
			if ((ret = fn(&r, ctx)) != 0)
				return ret;
			if (!all_paths)
				break;
		}
	return 0;
}

size_t bgp_evpn_rib_count(void)
{
	return rib.n;
}

size_t bgp_evpn_rib_paths(void)
{
	return rib.n_paths;
}

void bgp_evpn_rib_fini(void)
{
	for (size_t i = 0; i < rib.cap; i++)
		for (struct bgp_path *p = rib.slots[i].paths, *pn; p != NULL; p = pn) {
			pn = p->next; // p->src may be gone already: its counter is not touched
			bgp_pattr_unref(p->attrs);
			free(p);
		}
	cp_table_free(rib.slots, rib.cap, sizeof(*rib.slots));
	struct subscriber subs[BGP_RIB_SUBSCRIBERS];
	memcpy(subs, rib.subs, sizeof(subs));
	bgp_route_prefetch_fn *prefetch = rib.prefetch;
	struct bgp_evpn_cursor *cursors = rib.cursors;
	memset(&rib, 0, sizeof(rib));
	// the subscriptions (and walks) outlive a restart of the speaker
	memcpy(rib.subs, subs, sizeof(subs));
	rib.prefetch = prefetch;
	rib.cursors = cursors;
	for (struct bgp_evpn_cursor *c = cursors; c != NULL; c = c->next)
		c->slot = 0;
}
