// SPDX-License-Identifier: BSD-3-Clause
// Update groups: the Adj-RIB-Out of peers treated alike, kept once per group.
// RIB changes become pending entries; a flush groups them by attribute set so
// each UPDATE carries as many NLRI as fit, builds it once and copies the bytes
// to every member. A new member of a group with routes is sent the group's
// table first (a cursor walk, bounded per poll), then End-of-RIB.
#include "cp/bgp/bgp_ugroup.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cp/bgp/bgp_encode.h"
#include "cp/bgp/bgp_export.h"
#include "cp/bgp/bgp_family.h"
#include "cp/bgp/bgp_fsm.h"
#include "cp/bgp/bgp_gr_restart.h"
#include "cp/bgp/bgp_io.h"
#include "cp/bgp/bgp_speaker.h"
#include "cp/cp_log.h"
#include "cp/cp_table_mem.h"

#define FLUSH_BUDGET 8192 // entries per group per poll
#define DUMP_BUDGET 8192  // entries per dumping peer per poll

struct out_entry {
	struct out_entry *next;
	struct in_addr prefix; // IPv4
	uint8_t len;
	uint8_t af; // BGP_AF_IPV4_UNICAST or BGP_AF_IPV6_UNICAST
	bool pending;
	struct bgp_pattr *attrs;   // advertised (or to be), NULL = withdrawn
	struct in6_addr prefix6[]; // IPv6 only: [0], allocated for those alone
};

// Entries come from chunks, one pool per entry size (IPv4, IPv6), and go back to
// its free list; the chunks are freed with the group (so after a mass withdrawal
// the group keeps their memory for the next routes). A calloc per route cost
// about 200 instructions and 8 bytes of malloc header.
#define POOL_CHUNK_MIN 64
#define POOL_CHUNK_MAX 8192
#define POOL_FREE 0xff // af of an entry on the free list

struct out_chunk {
	struct out_chunk *next;
	size_t n; // entries
	max_align_t mem[];
};

struct out_pool {
	struct out_chunk *chunks; // the newest first
	size_t used;              // entries taken from the newest chunk
	struct out_entry *free;   // linked through next
	size_t size;              // of one entry
};

struct bgp_ugroup {
	struct bgp_ugroup *next;
	struct bgp_export_key key;
	struct bgp_codec_ctx ctx;
	struct bgp_peer **members;
	size_t n_members, members_cap;
	struct out_entry **slots;
	size_t cap, n;
	struct out_entry **pending; // live entries: [pending_head, pending_head + n_pending)
	size_t n_pending, pending_cap, pending_head;
	struct bgp_export_memo memo; // emptied after each drain or fill
	struct out_pool pool4, pool6;
};

static struct bgp_ugroup *groups;

// A prefix as the Adj-RIB-Out looks it up, with its hash.
struct out_key {
	struct in_addr prefix; // IPv4
	uint8_t len, af;
	uint32_t hash;
	struct in6_addr prefix6; // IPv6
};

// As bgp_rib.c: the high half of a 64-bit Fibonacci product, all bits mixed.
static void key_hash(struct out_key *k)
{
	uint64_t x = (uint64_t)k->prefix.s_addr << 8 | k->len, hi, lo;

	if (k->af == BGP_AF_IPV6_UNICAST) {
		memcpy(&hi, k->prefix6.s6_addr, 8);
		memcpy(&lo, k->prefix6.s6_addr + 8, 8);
		x = hi * 0xff51afd7ed558ccdull ^ lo ^ k->len;
	}
	k->hash = (uint32_t)((x * 0x9e3779b97f4a7c15ull) >> 32);
}

// The key of a unicast route of the RIB (its NLRI: bgp_family_unicast.c).
static struct out_key route_key(enum bgp_af af, const uint8_t *nlri, size_t len)
{
	uint8_t addr[16];
	struct out_key k = {.af = (uint8_t)af};

	k.len = bgp_unicast_addr(nlri, len, addr);
	if (af == BGP_AF_IPV6_UNICAST)
		memcpy(&k.prefix6, addr, 16);
	else
		memcpy(&k.prefix, addr, 4);
	key_hash(&k);
	return k;
}

static struct out_key entry_key(const struct out_entry *e)
{
	struct out_key k = {.prefix = e->prefix, .len = e->len, .af = e->af};

	if (e->af == BGP_AF_IPV6_UNICAST)
		k.prefix6 = e->prefix6[0];
	key_hash(&k);
	return k;
}

static bool out_is(const struct out_entry *e, const struct out_key *k)
{
	if (e->len != k->len || e->af != k->af)
		return false;
	if (k->af == BGP_AF_IPV6_UNICAST)
		return memcmp(&e->prefix6[0], &k->prefix6, sizeof(k->prefix6)) == 0;
	return e->prefix.s_addr == k->prefix.s_addr;
}

static struct out_entry **out_slot(struct bgp_ugroup *g, const struct out_key *k)
{
	return &g->slots[k->hash & (g->cap - 1)];
}

static struct out_entry **out_find(struct bgp_ugroup *g, const struct out_key *k)
{
	struct out_entry **pp = out_slot(g, k);

	while (*pp != NULL && !out_is(*pp, k))
		pp = &(*pp)->next;
	return pp;
}

static struct out_entry *chunk_entry(const struct out_pool *p, struct out_chunk *c, size_t i)
{
	return (struct out_entry *)((uint8_t *)c->mem + i * p->size);
}

// Links every live entry of p into slots (mask + 1 of them).
static void pool_rehash(struct out_pool *p, struct out_entry **slots, size_t mask)
{
	for (struct out_chunk *c = p->chunks; c != NULL; c = c->next) {
		size_t n = c == p->chunks ? p->used : c->n;
		for (size_t i = 0; i < n; i++) {
			struct out_entry *e = chunk_entry(p, c, i);
			if (e->af == POOL_FREE)
				continue;
			size_t b = entry_key(e).hash & mask;
			e->next = slots[b];
			slots[b] = e;
		}
	}
}

static struct out_entry *pool_get(struct out_pool *p)
{
	struct out_entry *e = p->free;

	if (e != NULL) {
		p->free = e->next;
	} else {
		struct out_chunk *c = p->chunks;
		if (c == NULL || p->used == c->n) {
			size_t n = c == NULL ? POOL_CHUNK_MIN : c->n < POOL_CHUNK_MAX ? c->n * 2 : c->n;
			if ((c = malloc(sizeof(*c) + n * p->size)) == NULL)
				return NULL;
			c->n = n;
			c->next = p->chunks;
			p->chunks = c;
			p->used = 0;
		}
		e = chunk_entry(p, c, p->used++);
	}
	memset(e, 0, p->size);
	return e;
}

static void pool_put(struct out_pool *p, struct out_entry *e)
{
	e->af = POOL_FREE;
	e->next = p->free;
	p->free = e;
}

static void pool_free(struct out_pool *p)
{
	for (struct out_chunk *c = p->chunks, *next; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	memset(p, 0, sizeof(*p));
}

static struct out_pool *pool_of(struct bgp_ugroup *g, uint8_t af)
{
	return af == BGP_AF_IPV6_UNICAST ? &g->pool6 : &g->pool4;
}

// Doubles the table. The entries are found by scanning the pools' chunks in
// memory order rather than by walking the old chains (a cache miss per entry at
// 1M routes); the array comes from cp_table_alloc (written once, huge pages).
static int out_grow(struct bgp_ugroup *g)
{
	size_t cap = g->cap ? g->cap * 2 : 1024;
	struct out_entry **slots = cp_table_alloc(cap, sizeof(*slots));

	if (slots == NULL)
		return -ENOMEM;
	pool_rehash(&g->pool4, slots, cap - 1);
	pool_rehash(&g->pool6, slots, cap - 1);
	cp_table_free(g->slots, g->cap, sizeof(*g->slots));
	g->slots = slots;
	g->cap = cap;
	return 0;
}

static bool dumping(const struct bgp_ugroup *g)
{
	for (size_t i = 0; i < g->n_members; i++)
		if (g->members[i]->dumping)
			return true;
	return false;
}

static int push_pending(struct bgp_ugroup *g, struct out_entry *e)
{
	if (e->pending)
		return 0;
	if (g->pending_head + g->n_pending == g->pending_cap) {
		// Flushed entries leave a hole at the front: reuse it once it is half the
		// array (amortised O(1) per entry), otherwise grow.
		if (g->pending_head > 0 && g->pending_head >= g->pending_cap / 2) {
			memmove(g->pending, g->pending + g->pending_head,
				g->n_pending * sizeof(*g->pending));
			g->pending_head = 0;
		} else {
			size_t cap = g->pending_cap ? g->pending_cap * 2 : 1024;
			struct out_entry **q = realloc(g->pending, cap * sizeof(*q));
			if (q == NULL)
				return -ENOMEM;
			g->pending = q;
			g->pending_cap = cap;
		}
	}
	g->pending[g->pending_head + g->n_pending++] = e;
	e->pending = true;
	return 0;
}

// The group should advertise a for k's prefix (NULL: withdraw). Takes a's reference.
static int out_set(struct bgp_ugroup *g, const struct out_key *k, struct bgp_pattr *a)
{
	struct out_entry **pp = out_find(g, k), *e = *pp;

	if (e == NULL) {
		if (a == NULL)
			return 0; // never advertised
		// No growth while a cursor walks the table: chains just get longer.
		if (g->n >= g->cap && !dumping(g) && out_grow(g) < 0)
			goto nomem;
		if ((e = pool_get(pool_of(g, k->af))) == NULL)
			goto nomem;
		e->prefix = k->prefix, e->len = k->len, e->af = k->af;
		if (k->af == BGP_AF_IPV6_UNICAST)
			e->prefix6[0] = k->prefix6;
		pp = out_slot(g, k);
		e->next = *pp;
		*pp = e;
		g->n++;
	}
	if (e->attrs == a) {
		bgp_pattr_unref(a);
		return 0;
	}
	bgp_pattr_unref(e->attrs);
	e->attrs = a;
	return push_pending(g, e);
nomem:
	bgp_pattr_unref(a);
	return -ENOMEM;
}

// RIB changes reach out_set through a short ring, so each one's slot is
// prefetched AHEAD changes before it is looked up, and its first entry half as
// many: at 1M routes the table lookup, a cache and TLB miss per route, was the
// largest cost of the send path. A change holds no pointer into the RIB (its
// routes may go before the ring is applied). Control thread only, like the rest.
#define AHEAD 16

static struct {
	struct change {
		struct bgp_ugroup *g;
		struct bgp_pattr *a; // a reference, for out_set
		struct out_key k;
	} ring[AHEAD];
	unsigned head, n;
} changes;

static int change_apply(void)
{
	struct change *c = &changes.ring[changes.head];

	if (changes.n > AHEAD / 2) {
		const struct change *next = &changes.ring[(changes.head + AHEAD / 2) % AHEAD];
		struct out_entry *e = *out_slot(next->g, &next->k);
		if (e != NULL)
			__builtin_prefetch(e);
	}
	changes.head = (changes.head + 1) % AHEAD;
	changes.n--;
	return out_set(c->g, &c->k, c->a);
}

// best: the route's best path, NULL when the route is gone.
static int change_push(struct bgp_ugroup *g, const struct out_key *k, const struct bgp_path *best)
{
	int ret = changes.n == AHEAD ? change_apply() : 0;
	struct change *c = &changes.ring[(changes.head + changes.n++) % AHEAD];

	c->g = g;
	c->k = *k;
	c->a = best != NULL ? bgp_export_memo_path(best, k->af, &g->key, &g->memo) : NULL;
	__builtin_prefetch(out_slot(g, &c->k));
	return ret;
}

static int changes_apply(void)
{
	int ret = 0;

	while (changes.n > 0)
		ret |= change_apply();
	return ret;
}

// The RIB's subscriber for both unicast families (ctx: the family): each change
// of best path to every group.
static void on_change(enum bgp_route_event ev, const struct bgp_route *r, void *ctx)
{
	enum bgp_af af = (enum bgp_af)(uintptr_t)ctx;
	struct out_key k = route_key(af, r->nlri, r->nlri_len);
	const struct bgp_path best = {
		.src = (struct bgp_src *)r->src, .attrs = (struct bgp_pattr *)r->attrs};

	for (struct bgp_ugroup *g = groups; g != NULL; g = g->next)
		change_push(g, &k, ev == BGP_ROUTE_ADD ? &best : NULL);
}

// ---- building UPDATEs

struct sender {
	struct bgp_ugroup *g;
	struct bgp_peer *only; // one peer (a dump), or every member
	struct bgp_update_builder b;
	uint8_t buf[BGP_MAX_MSG_LEN];
	const struct bgp_pattr *attrs;
	uint8_t af; // of the open UPDATE
	bool open;
	size_t sent;
};

static void emit(struct sender *s)
{
	int len;

	if (!s->open)
		return;
	s->open = false;
	if ((len = bgp_update_finish(&s->b)) <= 0)
		return;
	if (s->only != NULL) {
		bgp_peer_send(s->only, s->buf, (size_t)len);
		return;
	}
	for (size_t i = 0; i < s->g->n_members; i++)
		bgp_peer_send(s->g->members[i], s->buf, (size_t)len);
}

static int begin(struct sender *s, const struct bgp_pattr *a, uint8_t af)
{
	uint16_t afi = af == BGP_AF_IPV6_UNICAST ? BGP_AFI_IPV6 : BGP_AFI_IPV4;
	struct bgp_attr_set set;

	s->attrs = a;
	s->af = af;
	s->open = true;
	if (a == NULL)
		return bgp_update_begin_withdraw(&s->b, s->buf, sizeof(s->buf), &s->g->ctx, afi,
			BGP_SAFI_UNICAST);
	bgp_pattr_to_set(a, &set);
	set.afi = afi; // an IPv6 route's next hop is in next_hop6 (BGP_PATTR_NH6)
	return bgp_update_begin(&s->b, s->buf, sizeof(s->buf), &s->g->ctx, &set);
}

static void add(struct sender *s, const struct out_entry *e, const struct bgp_pattr *a)
{
	bool v6 = e->af == BGP_AF_IPV6_UNICAST;
	struct bgp_prefix pf = {.afi = v6 ? BGP_AFI_IPV6 : BGP_AFI_IPV4, .len = e->len};

	memcpy(pf.addr, v6 ? (const void *)&e->prefix6[0] : (const void *)&e->prefix, v6 ? 16 : 4);
	if (s->open && (s->attrs != a || s->af != e->af))
		emit(s);
	if (!s->open && begin(s, a, e->af) < 0) {
		s->open = false;
		CP_ERR("bgp", "cannot encode the attributes of %08x/%u", e->prefix.s_addr, e->len);
		return;
	}
	if (bgp_update_add_prefix(&s->b, &pf) == -ENOSPC) {
		emit(s);
		if (begin(s, a, e->af) == 0)
			bgp_update_add_prefix(&s->b, &pf);
	}
	s->sent++;
}

static bool same_key(const struct out_entry *a, const struct out_entry *b)
{
	return a->attrs == b->attrs && a->af == b->af;
}

// Scratch of group_by_attrs (the control thread only): an open-addressed table of
// the batch's distinct (attributes, family) keys, each entry's slot in it, and
// the regrouped batch.
struct key_slot {
	const struct out_entry *first; // NULL: free
	uint32_t start;                // the key's first place in the output
};

static struct {
	struct key_slot *tab;
	uint32_t *slot_of;
	struct out_entry **out;
	size_t tab_cap, n_cap;
} scratch;

static int scratch_reserve(size_t n)
{
	size_t cap = 64;

	while (cap < 2 * n)
		cap *= 2;
	if (cap > scratch.tab_cap) {
		struct key_slot *t = realloc(scratch.tab, cap * sizeof(*t));
		if (t == NULL)
			return -ENOMEM;
		scratch.tab = t, scratch.tab_cap = cap;
	}
	if (n > scratch.n_cap) {
		uint32_t *s = realloc(scratch.slot_of, n * sizeof(*s));
		if (s != NULL)
			scratch.slot_of = s;
		struct out_entry **o = realloc(scratch.out, n * sizeof(*o));
		if (o != NULL)
			scratch.out = o;
		if (s == NULL || o == NULL)
			return -ENOMEM;
		scratch.n_cap = n;
	}
	memset(scratch.tab, 0, cap * sizeof(*scratch.tab));
	return (int)(cap - 1);
}

static uint32_t attrs_hash(const struct out_entry *e)
{
	uint64_t x = (uint64_t)(uintptr_t)e->attrs ^ e->af;
	return (uint32_t)((x * 0x9e3779b97f4a7c15ull) >> 32);
}

// Puts entries with the same attribute set and family next to each other, so
// each UPDATE carries as many NLRI as fit; keys in order of first appearance.
// A batch where every key already sits in one run (a feed of one attribute set,
// or of sets in turn) is left as it is. Linear: a qsort was ~280 instructions
// per route.
static void group_by_attrs(struct out_entry **batch, size_t n)
{
	size_t runs = 1;
	int mask;

	for (size_t i = 1; i < n; i++)
		runs += !same_key(batch[i], batch[i - 1]);
	if (runs == 1 || (mask = scratch_reserve(n)) < 0)
		return; // unsorted on ENOMEM: only more UPDATEs
	// Count each key's entries (in start), then turn the counts into places.
	size_t n_keys = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t h = attrs_hash(batch[i]) & (uint32_t)mask;
		struct key_slot *k;
		while ((k = &scratch.tab[h])->first != NULL && !same_key(k->first, batch[i]))
			h = (h + 1) & (uint32_t)mask;
		if (k->first == NULL) {
			k->first = batch[i];
			n_keys++;
		}
		k->start++;
		scratch.slot_of[i] = h;
	}
	if (n_keys == runs)
		return; // one run per key already
	uint32_t at = 0;
	for (size_t i = 0; i < n; i++) {
		struct key_slot *k = &scratch.tab[scratch.slot_of[i]];
		if (k->first == batch[i]) { // the key's first entry: its count becomes its place
			uint32_t count = k->start;
			k->start = at;
			at += count;
		}
	}
	for (size_t i = 0; i < n; i++)
		scratch.out[scratch.tab[scratch.slot_of[i]].start++] = batch[i];
	memcpy(batch, scratch.out, n * sizeof(*batch));
}

static void out_remove(struct bgp_ugroup *g, struct out_entry *e)
{
	struct out_key k = entry_key(e);
	struct out_entry **pp = out_find(g, &k);

	*pp = e->next;
	g->n--;
	pool_put(pool_of(g, e->af), e);
}

static bool members_ready(const struct bgp_ugroup *g)
{
	for (size_t i = 0; i < g->n_members; i++) {
		struct bgp_conn *c = g->members[i]->conn;
		if (c != NULL && bgp_buf_used(&c->tx) > BGP_TX_HIGH)
			return false;
	}
	return true;
}

static size_t flush(struct bgp_ugroup *g)
{
	static struct sender s;
	size_t n = g->n_pending < FLUSH_BUDGET ? g->n_pending : FLUSH_BUDGET;

	if (n == 0 || !members_ready(g))
		return 0;
	// The oldest n, grouped by attribute set; the head then moves past them.
	struct out_entry **batch = g->pending + g->pending_head;
	group_by_attrs(batch, n);
	memset(&s, 0, sizeof(s));
	s.g = g;
	for (size_t i = 0; i < n; i++)
		add(&s, batch[i], batch[i]->attrs);
	emit(&s);
	// A withdrawn entry goes now, also while a member is dumping: the dump cursor
	// is a slot index, which removal does not move (only growth would). Keeping
	// it until the dump ends leaked it: nothing removed it afterwards.
	for (size_t i = 0; i < n; i++) {
		batch[i]->pending = false;
		if (batch[i]->attrs == NULL)
			out_remove(g, batch[i]);
	}
	g->n_pending -= n;
	g->pending_head = g->n_pending == 0 ? 0 : g->pending_head + n;
	for (size_t i = 0; i < g->n_members; i++)
		g->members[i]->prefixes_out += n;
	return n;
}

static void send_eor(struct bgp_peer *p)
{
	for (enum bgp_af af = BGP_AF_IPV4_UNICAST; af <= BGP_AF_IPV6_UNICAST; af++)
		if (p->af[af])
			bgp_peer_send_eor(p, af);
	// the other families: bgp_out sends it after their table
	p->eor_sent = true;
}

// The refreshed table went out (changes since go to every member anyway).
static void send_eorr(struct bgp_peer *p)
{
	for (enum bgp_af af = BGP_AF_IPV4_UNICAST; af <= BGP_AF_IPV6_UNICAST; af++)
		if (p->eorr_due & (1u << af))
			bgp_peer_send_rr(p, af, BGP_RR_EORR);
	p->eorr_due = 0;
}

// Sends the next part of the group's table to a new member (or one refreshed).
static size_t dump(struct bgp_ugroup *g, struct bgp_peer *p)
{
	static struct sender s;
	struct bgp_conn *c = p->conn;
	size_t n = 0;

	if (c == NULL || bgp_buf_used(&c->tx) > BGP_TX_HIGH)
		return 0;
	memset(&s, 0, sizeof(s));
	s.g = g;
	s.only = p;
	for (; p->dump_slot < g->cap && n < DUMP_BUDGET; p->dump_slot++)
		for (struct out_entry *e = g->slots[p->dump_slot]; e != NULL; e = e->next)
			if (e->attrs != NULL) {
				add(&s, e, e->attrs);
				n++;
			}
	emit(&s);
	p->prefixes_out += n;
	if (p->dump_slot >= g->cap)
		p->dumping = false;
	return n + 1;
}

static unsigned group_poll(struct bgp_ugroup *g)
{
	unsigned done = 0;

	if (!g->key.ebgp || g->n_members > 0)
		done += (unsigned)flush(g);
	for (size_t i = 0; i < g->n_members; i++) {
		struct bgp_peer *p = g->members[i];
		if (!p->af[BGP_AF_IPV4_UNICAST] && !p->af[BGP_AF_IPV6_UNICAST] && !p->eor_sent) {
			send_eor(p);
			continue;
		}
		if (p->dumping)
			done += (unsigned)dump(g, p);
		if (!p->dumping && p->eorr_due)
			send_eorr(p);
		if (!p->dumping && !p->eor_sent && g->n_pending == 0)
			send_eor(p);
	}
	return done;
}

unsigned bgp_ugroup_poll(void)
{
	unsigned done = 0;

	changes_apply();
	if (!bgp_gr_restart_complete())
		return 0; // restarting: nothing of ours leaves yet (RFC 4724 4.1)
	for (struct bgp_ugroup *g = groups; g != NULL; g = g->next) {
		bgp_export_memo_clear(&g->memo); // holds no attribute set between polls
		done += group_poll(g);
	}
	return done;
}

// ---- membership

static bool key_equal(const struct bgp_export_key *a, const struct bgp_export_key *b)
{
	return a->ebgp == b->ebgp && a->rr_client == b->rr_client &&
	       a->four_octet == b->four_octet && a->local.s_addr == b->local.s_addr &&
	       a->remote_as == b->remote_as && a->ext_nh == b->ext_nh &&
	       memcmp(&a->local6, &b->local6, sizeof(a->local6)) == 0 &&
	       memcmp(a->af, b->af, sizeof(a->af)) == 0;
}

struct fill {
	struct bgp_ugroup *g;
	enum bgp_af af;
};

static int fill(const struct bgp_route *r, void *arg)
{
	const struct fill *f = arg;
	struct out_key k = route_key(f->af, r->nlri, r->nlri_len);
	const struct bgp_path best = {
		.src = (struct bgp_src *)r->src, .attrs = (struct bgp_pattr *)r->attrs};

	return change_push(f->g, &k, &best) < 0;
}

// The group's table from the RIB, and the RIB's changes from now on.
static int group_fill(struct bgp_ugroup *g)
{
	int err = 0;

	for (enum bgp_af af = BGP_AF_IPV4_UNICAST; af <= BGP_AF_IPV6_UNICAST; af++) {
		struct fill f = {g, af};
		err |= bgp_rib_subscribe(af, on_change, (void *)(uintptr_t)af);
		err |= bgp_rib_walk_routes(af, fill, &f, false);
	}
	return err | changes_apply(); // what fill left in the ring, also after a failure
}

static struct bgp_ugroup *group_new(const struct bgp_export_key *k, const struct bgp_peer *p)
{
	struct bgp_ugroup *g = calloc(1, sizeof(*g));

	if (g == NULL || out_grow(g) < 0) {
		free(g);
		return NULL;
	}
	g->key = *k;
	g->pool4.size = sizeof(struct out_entry);
	g->pool6.size = sizeof(struct out_entry) + sizeof(struct in6_addr);
	g->ctx.four_octet_as = k->four_octet;
	g->ctx.ebgp = k->ebgp;
	(void)p;
	if (group_fill(g) != 0)
		CP_ERR("bgp", "update group: out of memory while filling it");
	bgp_export_memo_clear(&g->memo);
	g->next = groups;
	groups = g;
	return g;
}

static void group_free(struct bgp_ugroup *g)
{
	for (size_t i = 0; i < g->cap; i++)
		for (struct out_entry *e = g->slots[i]; e != NULL; e = e->next)
			bgp_pattr_unref(e->attrs);
	pool_free(&g->pool4);
	pool_free(&g->pool6);
	bgp_export_memo_clear(&g->memo);
	cp_table_free(g->slots, g->cap, sizeof(*g->slots));
	free(g->pending);
	free(g->members);
	free(g);
}

int bgp_ugroup_join(struct bgp_peer *p)
{
	// Over IPv6, IPv4 routes get the router ID as next hop (no IPv4 address of ours
	// on that connection).
	struct in_addr local = p->conn->local.s_addr ? p->conn->local : bgp_glob()->router_id;
	struct bgp_export_key k = {.ebgp = p->src.ebgp,
		.rr_client = p->src.rr_client[BGP_AF_IPV4_UNICAST],
		.four_octet = p->ctx.four_octet_as,
		.local = local,
		.local6 = p->conn->local6,
		.remote_as = p->src.ebgp ? p->remote_as : 0,
		.ext_nh = p->ext_nh,
		.af[BGP_AF_IPV4_UNICAST] = p->af[BGP_AF_IPV4_UNICAST],
		.af[BGP_AF_IPV6_UNICAST] = p->af[BGP_AF_IPV6_UNICAST]};
	struct bgp_ugroup *g = groups;

	while (g != NULL && !key_equal(&g->key, &k))
		g = g->next;
	bool existed = g != NULL;
	if (g == NULL && (g = group_new(&k, p)) == NULL)
		return -ENOMEM;
	if (g->n_members == g->members_cap) {
		size_t cap = g->members_cap ? g->members_cap * 2 : 4;
		struct bgp_peer **m = realloc(g->members, cap * sizeof(*m));
		if (m == NULL)
			return -ENOMEM;
		g->members = m;
		g->members_cap = cap;
	}
	g->members[g->n_members++] = p;
	p->group = g;
	p->eor_sent = false;
	p->prefixes_out = 0;
	p->dumping = existed && g->n > 0;
	p->dump_slot = 0;
	p->eorr_due = 0;
	return 0;
}

void bgp_ugroup_leave(struct bgp_peer *p)
{
	struct bgp_ugroup *g = p->group, **gp;

	if (g == NULL)
		return;
	for (size_t i = 0; i < g->n_members; i++)
		if (g->members[i] == p) {
			g->members[i] = g->members[--g->n_members];
			break;
		}
	p->group = NULL;
	p->dumping = false;
	p->eorr_due = 0;
	if (g->n_members > 0)
		return;
	changes_apply(); // none may be left for g
	for (gp = &groups; *gp != g; gp = &(*gp)->next)
		;
	*gp = g->next;
	group_free(g);
}

void bgp_ugroup_refresh(struct bgp_peer *p, enum bgp_af af)
{
	if (p->group == NULL)
		return;
	// Queued now, so before any route of the dump. A refresh asked again while one
	// runs restarts the dump inside the same BoRR/EoRR.
	if (p->peer_enh_rr && !(p->eorr_due & (1u << af))) {
		bgp_peer_send_rr(p, af, BGP_RR_BORR);
		p->eorr_due |= (uint8_t)(1u << af);
	}
	p->dumping = true;
	p->dump_slot = 0;
}

void bgp_ugroup_fini(void)
{
	changes_apply();
	for (enum bgp_af af = BGP_AF_IPV4_UNICAST; af <= BGP_AF_IPV6_UNICAST; af++)
		bgp_rib_unsubscribe(af, on_change);
	free(scratch.tab);
	free(scratch.slot_of);
	free(scratch.out);
	memset(&scratch, 0, sizeof(scratch));
	while (groups != NULL) {
		struct bgp_ugroup *g = groups;
		groups = g->next;
		group_free(g);
	}
}

size_t bgp_ugroup_routes(const struct bgp_peer *p)
{
	return p->group != NULL ? p->group->n : 0;
}

size_t bgp_ugroup_count(void)
{
	size_t n = 0;
	for (struct bgp_ugroup *g = groups; g != NULL; g = g->next)
		n++;
	return n;
}

int bgp_ugroup_adj_out_walk(const struct bgp_peer *p, enum bgp_af af,
	int (*fn)(const struct bgp_adj_out *r, void *ctx), void *ctx)
{
	const struct bgp_ugroup *g = p->group;
	int ret;

	if (g == NULL || !p->af[af])
		return 0;
	for (size_t i = 0; i < g->cap; i++)
		for (const struct out_entry *e = g->slots[i]; e != NULL; e = e->next) {
			struct bgp_adj_out r = {.af = e->af,
				.len = e->len,
				.prefix = e->prefix,
				.prefix6 = e->af == BGP_AF_IPV6_UNICAST ? e->prefix6[0] : in6addr_any,
				.attrs = e->attrs};
			if (e->af == af && e->attrs != NULL && (ret = fn(&r, ctx)) != 0)
				return ret;
		}
	return 0;
}

size_t bgp_ugroup_routes_af(const struct bgp_peer *p, enum bgp_af af)
{
	const struct bgp_ugroup *g = p->group;
	size_t n = 0;

	if (g == NULL || !p->af[af])
		return 0;
	// The group carries the families its members negotiated: one of them, all its.
	if (!p->af[BGP_AF_IPV4_UNICAST] || !p->af[BGP_AF_IPV6_UNICAST])
		return g->n;
	for (size_t i = 0; i < g->cap; i++)
		for (const struct out_entry *e = g->slots[i]; e != NULL; e = e->next)
			n += e->af == af && e->attrs != NULL;
	return n;
}
