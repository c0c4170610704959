// SPDX-License-Identifier: BSD-3-Clause
// MAC mobility and duplicate detection per (VNI, MAC). See evpn_mac.h.
#include "evpn_mac.h"

#include "cp/cp_addr.h"
#include "cp/cp_hash.h"
#include "cp/cp_htable.h"
#include "cp/cp_log.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define F_LOCAL 0x001
#define F_STATIC 0x002
#define F_ADV 0x004	  // our route is advertised (ext->adv_seq, F_ADV_STICKY)
#define F_INSTALLED 0x008 // the remote path behind `at` is programmed
#define F_DUP 0x010
#define F_FROZEN 0x020
#define F_WINDOW 0x040 // a detection window was opened (ext->dad_start_ms)
#define F_ADV_STICKY 0x080
#define F_AT_PINNED 0x100 // what is programmed behind `at` is pinned (see pins())
#define F_FREE 0x200	  // a slab entry not in use
// Gone (aged, flushed at link down, withdrawn) inside an open detection window: the
// entry is kept, hidden, so that where the MAC shows up next counts as a move.
#define F_LEFT_LOCAL 0x400
#define F_LEFT_REMOTE 0x800
#define F_LEFT (F_LEFT_LOCAL | F_LEFT_REMOTE)
#define LEFT_SWEEP_MS 1000
// Our anycast gateway MAC (evpn_mac_gateway_set): remote paths for it are ignored.
// Hidden from get/walk/count: the dataplane holds it as its own kind.
#define F_GATEWAY 0x1000

#define P_STICKY 0x01
#define P_UNREACHABLE 0x02
#define P_DEF_GW 0x04 // the route had the Default Gateway community: never a DAD move

#define NO_PATH 0xff
#define NO_SRC 0

#define SLAB_ENTRIES 4096

// The origin of remote paths: VTEP, the VNI of the route's label, the RD.
// Interned: the MACs behind one route origin share it (index into srcs).
struct msrc {
	struct dp_ip vtep;
	uint32_t vni;
	uint32_t refs;
	uint32_t next; // the free list, when not in use
	bool has_rd;
	uint8_t rd[8];
};

// A remote path, as stored.
struct cpath {
	uint32_t src;
	uint32_t seq;  // MAC mobility sequence
	uint8_t flags; // P_*
};

// What only some MACs need: the local entry, duplicate detection and the
// paths beyond the first (during a move).
struct mac_ext {
	uint16_t port, vlan;
	uint32_t local_seq;
	uint32_t adv_seq;
	uint32_t dad_count;
	uint32_t moves;
	uint64_t dad_start_ms;
	uint64_t frozen_at_ms;
	struct cpath *more; // paths 1 .. n_paths-1
};

struct mac_entry {
	struct mac_ext *ext; // NULL for a remote-only MAC that never moved
	uint32_t vni;
	uint8_t mac[6];
	uint16_t flags;
	uint8_t n_paths;
	uint8_t loc; // where the outputs last put it: 0 nowhere, 1 local, 2 remote
	// loc 2: the source it was put behind (holds a reference); F_FREE: the
	// next free entry's id
	uint32_t at;
	struct cpath path0;
};
_Static_assert(sizeof(struct mac_entry) <= 40, "the remote-only MAC is the table's bulk");

// Entries live in slabs and are named by id (1 + index over the slabs). The
// index is a cp_htable of ids: 8-byte slots of (hash, id), so a MAC not in
// the table (every new one) costs one cache line of slots and no entry read.
struct slab {
	struct mac_entry e[SLAB_ENTRIES];
};

struct evpn_mac_table {
	struct evpn_mac_cfg cfg;
	struct evpn_mac_ops ops;
	void *arg;
	struct cp_htable index; // of uint32_t ids
	size_t count;
	size_t n_frozen;
	size_t n_left; // entries kept only for duplicate detection (F_LEFT, no path)
	size_t n_gw;   // our gateway MACs (F_GATEWAY)
	uint64_t gw_ignored; // remote paths for them, not taken
	uint64_t left_sweep_ms;
	struct slab **slabs;
	uint32_t n_slabs, free_id;
	// interned sources; index 0 is never used (NO_SRC)
	struct msrc *srcs;
	uint32_t n_srcs, cap_srcs, free_src, last_src;
	struct cp_htable src_index; // of uint32_t ids of srcs in use
};

void evpn_mac_cfg_default(struct evpn_mac_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->dad_enable = true;
	cfg->dad_max_moves = EVPN_DAD_MAX_MOVES;
	cfg->dad_time_sec = EVPN_DAD_TIME_SEC;
	cfg->dad_freeze = true;
}

static uint32_t hash(uint32_t vni, const uint8_t *mac)
{
	uint64_t k = 0;
	for (int i = 0; i < 6; i++)
		k = (k << 8) | mac[i];
	return (uint32_t)cp_hash_mix64(k ^ ((uint64_t)vni << 40) ^ ((uint64_t)vni >> 24));
}

// ---- interned sources

static uint32_t src_hash(const struct evpn_mac_path *p)
{
	uint64_t k = p->vni;
	for (int i = 0; i < (p->vtep.family == AF_INET ? 4 : 16); i++)
		k = k * 31 + p->vtep.bytes[i];
	for (int i = 0; p->has_rd && i < 8; i++)
		k = k * 31 + p->rd[i];
	return (uint32_t)cp_hash_mix64(k);
}

static bool src_is(const struct msrc *s, const struct evpn_mac_path *p)
{
	return s->vni == p->vni && s->has_rd == p->has_rd && cp_dp_ip_eq(&s->vtep, &p->vtep) &&
	       (!p->has_rd || memcmp(s->rd, p->rd, 8) == 0);
}

static bool src_id_is(const void *id, const void *p, void *t)
{
	return src_is(&((struct evpn_mac_table *)t)->srcs[*(const uint32_t *)id], p);
}

static bool id_is(const void *id, const void *key, void *arg)
{
	(void)arg;
	return *(const uint32_t *)id == *(const uint32_t *)key;
}

// A free source id, or NO_SRC when out of memory.
static uint32_t src_alloc(struct evpn_mac_table *t)
{
	uint32_t id = t->free_src;
	if (id != NO_SRC) {
		t->free_src = t->srcs[id].next;
		return id;
	}
	if (t->n_srcs == t->cap_srcs) {
		uint32_t cap = t->cap_srcs ? t->cap_srcs * 2 : 16;
		struct msrc *s = realloc(t->srcs, cap * sizeof(*s));
		if (s == NULL)
			return NO_SRC;
		t->srcs = s;
		t->cap_srcs = cap;
		if (t->n_srcs == 0)
			t->n_srcs = 1; // index 0 is NO_SRC
	}
	return t->n_srcs++;
}

// The source of p, with one more reference; NO_SRC when out of memory.
static uint32_t src_get(struct evpn_mac_table *t, const struct evpn_mac_path *p)
{
	if (t->last_src != NO_SRC && t->srcs[t->last_src].refs > 0 &&
		src_is(&t->srcs[t->last_src], p)) {
		t->srcs[t->last_src].refs++;
		return t->last_src;
	}
	uint32_t h = src_hash(p), i = cp_htable_probe(&t->src_index, h, p, src_id_is, t), *id;
	if (cp_htable_used(&t->src_index, i)) {
		id = cp_htable_at(&t->src_index, i);
		t->srcs[*id].refs++;
		return t->last_src = *id;
	}
	if ((id = cp_htable_fill(&t->src_index, i, h)) == NULL)
		return NO_SRC;
	if ((*id = src_alloc(t)) == NO_SRC) {
		cp_htable_del(&t->src_index, id);
		return NO_SRC;
	}
	struct msrc *s = &t->srcs[*id];
	*s = (struct msrc){.vtep = p->vtep, .vni = p->vni, .refs = 1, .has_rd = p->has_rd};
	memcpy(s->rd, p->rd, 8);
	return t->last_src = *id;
}

// Out of line: src_put's common case (more references left) stays two tests.
__attribute__((noinline)) static void src_release(struct evpn_mac_table *t, uint32_t id)
{
	struct msrc *s = &t->srcs[id];
	struct evpn_mac_path p = {.vtep = s->vtep, .vni = s->vni, .has_rd = s->has_rd};
	memcpy(p.rd, s->rd, 8);
	cp_htable_del_at(
		&t->src_index, cp_htable_probe(&t->src_index, src_hash(&p), &id, id_is, NULL));
	s->next = t->free_src;
	t->free_src = id;
}

static void src_put(struct evpn_mac_table *t, uint32_t id)
{
	if (id != NO_SRC && --t->srcs[id].refs == 0)
		src_release(t, id);
}

static const struct dp_ip *src_vtep(const struct evpn_mac_table *t, uint32_t id)
{
	return &t->srcs[id].vtep;
}

// ---- entries

struct evpn_mac_table *evpn_mac_table_new(
	const struct evpn_mac_cfg *cfg, const struct evpn_mac_ops *ops, void *arg)
{
	struct evpn_mac_table *t = calloc(1, sizeof(*t));
	if (t == NULL)
		return NULL;
	t->cfg = *cfg;
	t->ops = *ops;
	t->arg = arg;
	if (cp_htable_init(&t->index, sizeof(uint32_t), sizeof(uint32_t), 48) < 0 ||
		cp_htable_init(&t->src_index, sizeof(uint32_t), sizeof(uint32_t), 12) < 0) {
		cp_htable_fini(&t->index);
		free(t);
		errno = ENOMEM;
		return NULL;
	}
	return t;
}

static struct mac_entry *entry(const struct evpn_mac_table *t, uint32_t id)
{
	return &t->slabs[(id - 1) / SLAB_ENTRIES]->e[(id - 1) % SLAB_ENTRIES];
}

static void ext_free(struct mac_entry *e)
{
	if (e->ext != NULL)
		free(e->ext->more);
	free(e->ext);
	e->ext = NULL;
}

void evpn_mac_table_free(struct evpn_mac_table *t)
{
	if (t == NULL)
		return;
	for (uint32_t i = 0; i < t->n_slabs; i++) {
		for (size_t j = 0; j < SLAB_ENTRIES; j++)
			ext_free(&t->slabs[i]->e[j]);
		free(t->slabs[i]);
	}
	free(t->slabs);
	cp_htable_fini(&t->index);
	free(t->srcs);
	cp_htable_fini(&t->src_index);
	free(t);
}

// A free entry's id, or 0 when out of memory.
static uint32_t entry_alloc(struct evpn_mac_table *t)
{
	if (t->free_id == 0) {
		struct slab **v = realloc(t->slabs, (t->n_slabs + 1) * sizeof(*v));
		if (v == NULL)
			return 0;
		t->slabs = v;
		if ((v[t->n_slabs] = malloc(sizeof(struct slab))) == NULL)
			return 0;
		uint32_t base = t->n_slabs++ * SLAB_ENTRIES;
		for (uint32_t i = SLAB_ENTRIES; i-- > 0;) {
			struct mac_entry *e = &v[t->n_slabs - 1]->e[i];
			*e = (struct mac_entry){.flags = F_FREE, .at = t->free_id};
			t->free_id = base + i + 1;
		}
	}
	uint32_t id = t->free_id;
	struct mac_entry *e = entry(t, id);
	t->free_id = e->at;
	memset(e, 0, sizeof(*e));
	return id;
}

struct mac_key {
	uint32_t vni;
	const uint8_t *mac;
};

static bool id_is_key(const void *id, const void *key, void *t)
{
	const struct mac_entry *e = entry(t, *(const uint32_t *)id);
	const struct mac_key *k = key;
	return e->vni == k->vni && memcmp(e->mac, k->mac, 6) == 0;
}

static bool id_is_entry(const void *id, const void *e, void *t)
{
	return entry(t, *(const uint32_t *)id) == e;
}

static struct mac_entry *lookup(const struct evpn_mac_table *t, uint32_t vni, const uint8_t *mac)
{
	struct mac_key k = {vni, mac};
	const uint32_t *id = cp_htable_find(&t->index, hash(vni, mac), &k, id_is_key, (void *)t);
	return id ? entry(t, *id) : NULL;
}

static struct mac_entry *get_or_add(
	struct evpn_mac_table *t, uint32_t vni, const uint8_t *mac, int *err)
{
	struct mac_key k = {vni, mac};
	uint32_t h = hash(vni, mac), i = cp_htable_probe(&t->index, h, &k, id_is_key, t), *id;
	if (cp_htable_used(&t->index, i))
		return entry(t, *(uint32_t *)cp_htable_at(&t->index, i));
	if (t->cfg.max_entries && t->count >= t->cfg.max_entries) {
		*err = -ENOSPC;
		return NULL;
	}
	if ((id = cp_htable_fill(&t->index, i, h)) == NULL) {
		*err = -ENOMEM;
		return NULL;
	}
	if ((*id = entry_alloc(t)) == 0) {
		cp_htable_del(&t->index, id);
		*err = -ENOMEM;
		return NULL;
	}
	struct mac_entry *e = entry(t, *id);
	e->vni = vni;
	memcpy(e->mac, mac, 6);
	t->count++;
	return e;
}

static struct cpath *path_at(struct mac_entry *e, unsigned i)
{
	return i == 0 ? &e->path0 : &e->ext->more[i - 1];
}

static void unlink_free(struct evpn_mac_table *t, struct mac_entry *e)
{
	uint32_t i = cp_htable_probe(&t->index, hash(e->vni, e->mac), e, id_is_entry, t);
	uint32_t id = *(uint32_t *)cp_htable_at(&t->index, i);
	cp_htable_del_at(&t->index, i);
	if (e->flags & F_FROZEN)
		t->n_frozen--;
	if (e->flags & F_LEFT)
		t->n_left--;
	for (unsigned i = 0; i < e->n_paths; i++)
		src_put(t, path_at(e, i)->src);
	src_put(t, e->at);
	ext_free(e);
	*e = (struct mac_entry){.flags = F_FREE, .at = t->free_id};
	t->free_id = id;
	t->count--;
}

static struct mac_ext *ext_get(struct mac_entry *e)
{
	if (e->ext == NULL)
		e->ext = calloc(1, sizeof(*e->ext));
	return e->ext;
}

static uint32_t local_seq(const struct mac_entry *e)
{
	return e->ext ? e->ext->local_seq : 0;
}

static void path_view(
	const struct evpn_mac_table *t, const struct cpath *c, struct evpn_mac_path *out)
{
	const struct msrc *s = &t->srcs[c->src];
	*out = (struct evpn_mac_path){.vtep = s->vtep,
		.seq = c->seq,
		.sticky = (c->flags & P_STICKY) != 0,
		.vni = s->vni,
		.unreachable = (c->flags & P_UNREACHABLE) != 0,
		.has_rd = s->has_rd};
	memcpy(out->rd, s->rd, 8);
}

// The same route: by RD when p has one (its next hop may have changed), else
// by VTEP.
static bool same_path(
	const struct evpn_mac_table *t, const struct cpath *a, const struct evpn_mac_path *p)
{
	const struct msrc *s = &t->srcs[a->src];
	if (p->has_rd)
		return s->has_rd && memcmp(s->rd, p->rd, sizeof(p->rd)) == 0;
	return cp_dp_ip_eq(&s->vtep, &p->vtep);
}

static int find_path(
	const struct evpn_mac_table *t, struct mac_entry *e, const struct evpn_mac_path *p)
{
	for (unsigned i = 0; i < e->n_paths; i++)
		if (same_path(t, path_at(e, i), p))
			return (int)i;
	return -1;
}

static int add_path(struct evpn_mac_table *t, struct mac_entry *e, const struct evpn_mac_path *p)
{
	int i = find_path(t, e, p);
	uint32_t src;
	struct cpath *c;

	if (i < 0 && e->n_paths == NO_PATH - 1)
		return -ENOSPC;
	if (i < 0 && e->n_paths >= 1) {
		struct cpath *m;
		if (ext_get(e) == NULL ||
			(m = realloc(e->ext->more, e->n_paths * sizeof(*m))) == NULL)
			return -ENOMEM;
		e->ext->more = m;
	}
	if ((src = src_get(t, p)) == NO_SRC)
		return -ENOMEM;
	if (i >= 0) {
		c = path_at(e, (unsigned)i);
		src_put(t, c->src);
	} else {
		c = path_at(e, e->n_paths++);
	}
	*c = (struct cpath){.src = src,
		.seq = p->seq,
		.flags = (uint8_t)((p->sticky ? P_STICKY : 0) |
				   (p->unreachable ? P_UNREACHABLE : 0) |
				   (p->default_gw ? P_DEF_GW : 0))};
	return 0;
}

static void del_path(struct evpn_mac_table *t, struct mac_entry *e, unsigned i)
{
	unsigned last = e->n_paths - 1u;
	src_put(t, path_at(e, i)->src);
	if (i != last)
		*path_at(e, i) = *path_at(e, last);
	e->n_paths--;
	if (e->n_paths <= 1 && e->ext != NULL) {
		free(e->ext->more);
		e->ext->more = NULL;
	}
}

static uint32_t max_remote_seq(struct mac_entry *e)
{
	uint32_t s = 0;
	for (unsigned i = 0; i < e->n_paths; i++)
		if (path_at(e, i)->seq > s)
			s = path_at(e, i)->seq;
	return s;
}

// A contender for the MAC: our local entry or one remote path.
struct cand {
	bool sticky;
	uint32_t seq;
	const struct dp_ip *ip;
};

// > 0 when a beats b (FRR's bgp_path_info_cmp order for type-2 routes).
static int cand_cmp(const struct cand *a, const struct cand *b)
{
	if (a->sticky != b->sticky)
		return a->sticky ? 1 : -1;
	if (a->seq != b->seq)
		return a->seq > b->seq ? 1 : -1;
	return -cp_dp_ip_cmp(a->ip, b->ip);
}

static struct cand path_cand(const struct evpn_mac_table *t, const struct cpath *c)
{
	return (struct cand){(c->flags & P_STICKY) != 0, c->seq, src_vtep(t, c->src)};
}

// Index of the best remote path the underlay reaches, or NO_PATH.
static unsigned best_remote(const struct evpn_mac_table *t, struct mac_entry *e)
{
	unsigned best = NO_PATH;
	struct cand bc = {0};
	for (unsigned i = 0; i < e->n_paths; i++) {
		const struct cpath *p = path_at(e, i);
		if (p->flags & P_UNREACHABLE)
			continue;
		struct cand c = path_cand(t, p);
		if (best == NO_PATH || cand_cmp(&c, &bc) > 0) {
			best = i;
			bc = c;
		}
	}
	return best;
}

// zebra's duplicate address detection, one location change.
static void dad_move(struct evpn_mac_table *t, struct mac_entry *e, bool is_local,
	const struct dp_ip *vtep, uint64_t now)
{
	const struct evpn_mac_cfg *c = &t->cfg;
	struct mac_ext *x = ext_get(e);
	if (x == NULL) {
		CP_WARN("evpn", "VNI %u: out of memory: a MAC move not counted", e->vni);
		return;
	}
	x->moves++;
	if (!c->dad_enable || (e->flags & F_DUP))
		return;
	bool reset =
		!(e->flags & F_WINDOW) || now - x->dad_start_ms > (uint64_t)c->dad_time_sec * 1000;
	if (is_local && !reset)
		reset = x->dad_count == 0;
	if (reset) {
		x->dad_count = 0;
		if (is_local) {
			x->dad_start_ms = now;
			e->flags |= F_WINDOW;
		}
	} else if (!is_local)
		x->dad_count++;
	if (is_local)
		x->dad_count++;
	if (x->dad_count < c->dad_max_moves)
		return;
	char m[24], ip[INET6_ADDRSTRLEN];
	cp_mac_str(e->mac, m, sizeof(m));
	cp_dp_ip_str(vtep, ip, sizeof(ip));
	CP_WARN("evpn", "VNI %u: MAC %s detected as duplicate during %s VTEP %s%s", e->vni, m,
		is_local ? "local update, last" : "remote update, from", ip,
		c->dad_freeze ? ", frozen" : "");
	e->flags |= F_DUP;
	if (c->dad_freeze) {
		e->flags |= F_FROZEN;
		x->frozen_at_ms = now;
		t->n_frozen++;
	}
}

// The dataplane lost the remote entry by itself (a local one replaced it).
static void forget_installed(struct evpn_mac_table *t, struct mac_entry *e)
{
	if (!(e->flags & F_INSTALLED))
		return;
	e->flags &= (uint16_t)~F_INSTALLED;
	t->ops.forget_remote(t->arg, e->vni, e->mac, src_vtep(t, e->at));
}

static void go_local(struct evpn_mac_table *t, struct mac_entry *e)
{
	struct mac_ext *x = e->ext; // a local MAC has one
	forget_installed(t, e);	    // the dataplane entry is local already
	bool sticky = e->flags & F_STATIC;
	if ((e->flags & F_ADV) && x->adv_seq == x->local_seq &&
		((e->flags & F_ADV_STICKY) != 0) == sticky)
		return;
	e->flags |= F_ADV;
	e->flags =
		sticky ? (uint16_t)(e->flags | F_ADV_STICKY) : (uint16_t)(e->flags & ~F_ADV_STICKY);
	x->adv_seq = x->local_seq;
	t->ops.advertise(t->arg, e->vni, e->mac, x->local_seq, sticky);
}

static void withdraw_ours(struct evpn_mac_table *t, struct mac_entry *e)
{
	if (e->flags & F_ADV) {
		e->flags &= (uint16_t)~F_ADV;
		t->ops.withdraw(t->arg, e->vni, e->mac);
	}
}

// Whether the dataplane must keep the MAC behind c when it shows up locally: the
// only place that says so. The dataplane switches any other remote MAC to local at
// once by itself (no round trip), and we follow (evpn_mac_local_learn); a sticky
// MAC, or a duplicate frozen where it is, must stay.
static bool pins(const struct mac_entry *e, const struct cpath *c)
{
	return (c->flags & P_STICKY) || (e->flags & F_FROZEN);
}

// Programs e behind c, in place of the entry behind `replaces` (NULL: none).
static void program(struct evpn_mac_table *t, struct mac_entry *e, const struct cpath *c,
	const struct dp_ip *replaces)
{
	bool pinned = pins(e, c);
	struct evpn_mac_path p;
	struct dp_ip was = {0};
	path_view(t, c, &p);
	if (replaces)
		was = *replaces;
	int ret = t->ops.install_remote(t->arg, e->vni, e->mac, &p, pinned, replaces ? &was : NULL);
	e->flags &= (uint16_t) ~(F_INSTALLED | F_AT_PINNED);
	if (ret == 0)
		e->flags |= (uint16_t)(F_INSTALLED | (pinned ? F_AT_PINNED : 0));
}

// Puts e behind path c: `at` takes a reference on c's source; the caller
// still holds the one of `old` (where it was, when loc was 2).
static void go_remote(
	struct evpn_mac_table *t, struct mac_entry *e, const struct cpath *c, uint32_t old)
{
	withdraw_ours(t, e);
	// Yield: the local entry goes, the remote one is programmed over it.
	e->flags &= (uint16_t) ~(F_LOCAL | F_STATIC);
	bool replaces = e->flags & F_INSTALLED;
	t->srcs[c->src].refs++;
	e->at = c->src;
	if (replaces && ((e->flags & F_AT_PINNED) != 0) == pins(e, c) &&
		cp_dp_ip_eq(src_vtep(t, old), src_vtep(t, c->src)) &&
		t->srcs[old].vni == t->srcs[c->src].vni)
		return; // the same install
	program(t, e, c, replaces ? src_vtep(t, old) : NULL);
}

// Frozen behind a VTEP: the same entry programmed again, pinned (a thaw unpins it
// through go_remote).
static void pin_frozen(struct evpn_mac_table *t, struct mac_entry *e, const struct cpath *c)
{
	if ((e->flags & (F_FROZEN | F_INSTALLED | F_AT_PINNED)) == (F_FROZEN | F_INSTALLED))
		program(t, e, c, src_vtep(t, e->at));
}

static void go_nowhere(struct evpn_mac_table *t, struct mac_entry *e)
{
	withdraw_ours(t, e);
	if (e->flags & F_INSTALLED) {
		e->flags &= (uint16_t)~F_INSTALLED;
		t->ops.remove_remote(t->arg, e->vni, e->mac, src_vtep(t, e->at));
	}
}

static bool window_open(const struct evpn_mac_table *t, const struct mac_entry *e, uint64_t now)
{
	return (e->flags & F_WINDOW) && e->ext != NULL &&
	       now - e->ext->dad_start_ms <= (uint64_t)t->cfg.dad_time_sec * 1000;
}

static void set_left(struct evpn_mac_table *t, struct mac_entry *e, uint16_t left)
{
	t->n_left -= (e->flags & F_LEFT) != 0;
	e->flags = (uint16_t)((e->flags & ~F_LEFT) | left);
	t->n_left += left != 0;
}

// A MAC that leaves one place before it shows up at the other (a link down here
// flushes it, a Linux bridge flushes it on carrier loss) still moved: it is kept
// while its detection window is open, and its next place counts.
static uint16_t left_how(
	const struct evpn_mac_table *t, const struct mac_entry *e, int before, uint64_t now)
{
	if (e->n_paths > 0 || !window_open(t, e, now))
		return 0;
	if (before == 0)
		return e->flags & F_LEFT;
	return before == 1 ? F_LEFT_LOCAL : F_LEFT_REMOTE;
}

// Decides and emits. Returns false when the entry was freed.
static bool apply(struct evpn_mac_table *t, struct mac_entry *e, uint64_t now)
{
	if (e->flags & (F_FROZEN | F_GATEWAY))
		return true;
	unsigned b = best_remote(t, e);
	bool local_wins = false;
	if (e->flags & F_LOCAL) {
		struct cand lc = {(e->flags & F_STATIC) != 0, local_seq(e), &t->cfg.local_vtep};
		local_wins = b == NO_PATH;
		if (!local_wins) {
			struct cand rc = path_cand(t, path_at(e, b));
			local_wins = cand_cmp(&lc, &rc) > 0;
		}
	}
	int before = e->loc;
	uint16_t left = e->flags & F_LEFT;
	uint32_t was = e->at; // loc 2: where it was, still referenced
	if (local_wins) {
		go_local(t, e);
		e->loc = 1;
		set_left(t, e, 0);
		// After it left a remote VTEP (F_LEFT_REMOTE) that source was released: no
		// VTEP to name.
		if (before == 2 || (left & F_LEFT_REMOTE))
			dad_move(t, e, true, before == 2 ? src_vtep(t, was) : NULL, now);
	} else if (b != NO_PATH) {
		struct cpath c = *path_at(e, b);
		go_remote(t, e, &c, was);
		e->loc = 2;
		set_left(t, e, 0);
		// A remote gateway's MAC is where its VTEP is by definition: no move (FRR
		// skips mobility for default-gateway routes too).
		if (!(c.flags & P_DEF_GW) && (before == 1 || (left & F_LEFT_LOCAL) ||
						     (before == 2 && !cp_dp_ip_eq(src_vtep(t, was),
									     src_vtep(t, c.src)))))
			dad_move(t, e, false, src_vtep(t, c.src), now);
		pin_frozen(t, e, &c);
		src_put(t, was);
		return true;
	} else {
		e->loc = 0;
		go_nowhere(t, e);
		set_left(t, e, left_how(t, e, before, now));
	}
	src_put(t, was); // no longer remote
	e->at = NO_SRC;
	// Paths the underlay does not reach keep the entry (show).
	if (e->loc == 0 && e->n_paths == 0 && !(e->flags & (F_DUP | F_FROZEN | F_LEFT))) {
		unlink_free(t, e);
		return false;
	}
	return true;
}

static void warn_sticky(const struct mac_entry *e, const char *what)
{
	char m[24];
	cp_mac_str(e->mac, m, sizeof(m));
	CP_WARN("evpn", "VNI %u: MAC %s %s (RFC 7432 15.2)", e->vni, m, what);
}

int evpn_mac_local_learn(struct evpn_mac_table *t, uint32_t vni, const uint8_t mac[6],
	uint16_t port, uint16_t vlan, bool is_static, uint64_t now_ms)
{
	int err = 0;
	struct mac_entry *e = get_or_add(t, vni, mac, &err);
	struct mac_ext *x;
	if (e == NULL)
		return err;
	if (e->flags & F_GATEWAY) // the dataplane never learns it: nothing to decide
		return 0;
	if ((x = ext_get(e)) == NULL) {
		if (e->n_paths == 0 && e->loc == 0 && !(e->flags & (F_DUP | F_FROZEN)))
			unlink_free(t, e);
		return -ENOMEM;
	}
	if (!(e->flags & F_LOCAL) || ((e->flags & F_STATIC) != 0) != is_static) {
		// New here: one more than any sequence seen from elsewhere (15.1).
		if (!(e->flags & F_LOCAL))
			x->local_seq = e->n_paths ? max_remote_seq(e) + 1 : 0;
		unsigned b = e->n_paths ? best_remote(t, e) : NO_PATH;
		if (is_static && b != NO_PATH && (path_at(e, b)->flags & P_STICKY))
			warn_sticky(e, "is static here and sticky behind a remote VTEP");
	}
	e->flags |= F_LOCAL;
	e->flags = is_static ? (uint16_t)(e->flags | F_STATIC) : (uint16_t)(e->flags & ~F_STATIC);
	x->port = port;
	x->vlan = vlan;
	// The dataplane replaced any remote entry with its local one.
	forget_installed(t, e);
	apply(t, e, now_ms);
	return 0;
}

int evpn_mac_local_age(
	struct evpn_mac_table *t, uint32_t vni, const uint8_t mac[6], uint64_t now_ms)
{
	struct mac_entry *e = lookup(t, vni, mac);
	if (e == NULL || !(e->flags & F_LOCAL))
		return -ENOENT;
	e->flags &= (uint16_t) ~(F_LOCAL | F_STATIC);
	e->ext->local_seq = 0;
	apply(t, e, now_ms);
	return 0;
}

int evpn_mac_remote_add(struct evpn_mac_table *t, uint32_t vni, const uint8_t mac[6],
	const struct evpn_mac_path *path, uint64_t now_ms)
{
	int err = 0;
	struct mac_entry *e = get_or_add(t, vni, mac, &err);
	if (e == NULL)
		return err;
	if (e->flags & F_GATEWAY) {
		t->gw_ignored++;
		return 0;
	}
	if ((err = add_path(t, e, path)) < 0) {
		if (e->n_paths == 0 && e->loc == 0 && !(e->flags & (F_LOCAL | F_DUP | F_FROZEN)))
			unlink_free(t, e);
		return err;
	}
	if ((e->flags & F_STATIC) && path->sticky)
		warn_sticky(e, "is static here and sticky behind a remote VTEP");
	apply(t, e, now_ms);
	return 0;
}

int evpn_mac_remote_del(struct evpn_mac_table *t, uint32_t vni, const uint8_t mac[6],
	const struct dp_ip *vtep, uint64_t now_ms)
{
	struct evpn_mac_path p = {.vtep = *vtep};
	return evpn_mac_remote_del_path(t, vni, mac, &p, now_ms);
}

int evpn_mac_remote_del_path(struct evpn_mac_table *t, uint32_t vni, const uint8_t mac[6],
	const struct evpn_mac_path *path, uint64_t now_ms)
{
	struct mac_entry *e = lookup(t, vni, mac);
	int i = e ? find_path(t, e, path) : -1;
	if (i < 0)
		return -ENOENT;
	del_path(t, e, (unsigned)i);
	apply(t, e, now_ms);
	return 0;
}

// Back to normal: count and window reset, the current best applied.
static bool thaw(struct evpn_mac_table *t, struct mac_entry *e, uint64_t now)
{
	if (!(e->flags & (F_DUP | F_FROZEN)))
		return false;
	if (e->flags & F_FROZEN)
		t->n_frozen--;
	e->flags &= (uint16_t) ~(F_DUP | F_FROZEN | F_WINDOW);
	if (e->ext != NULL)
		e->ext->dad_count = 0;
	apply(t, e, now);
	return true;
}

unsigned evpn_mac_clear_dup(
	struct evpn_mac_table *t, uint32_t vni, const uint8_t *mac, uint64_t now_ms)
{
	unsigned n = 0;
	if (mac) {
		struct mac_entry *e = lookup(t, vni, mac);
		return e && thaw(t, e, now_ms) ? 1 : 0;
	}
	// entries do not move in their slabs: thaw may free one, none other
	for (uint32_t id = 1; id <= t->n_slabs * SLAB_ENTRIES; id++) {
		struct mac_entry *e = entry(t, id);
		if (!(e->flags & F_FREE) && (vni == 0 || e->vni == vni) && thaw(t, e, now_ms))
			n++;
	}
	return n;
}

// Entries kept for a window that has closed go (at most once a second).
static void left_sweep(struct evpn_mac_table *t, uint64_t now_ms)
{
	if (t->n_left == 0 || now_ms - t->left_sweep_ms < LEFT_SWEEP_MS)
		return;
	t->left_sweep_ms = now_ms;
	for (uint32_t id = 1; id <= t->n_slabs * SLAB_ENTRIES && t->n_left > 0; id++) {
		struct mac_entry *e = entry(t, id);
		if (!(e->flags & F_FREE) && (e->flags & F_LEFT) && !window_open(t, e, now_ms)) {
			set_left(t, e, 0);
			apply(t, e, now_ms);
		}
	}
}

void evpn_mac_tick(struct evpn_mac_table *t, uint64_t now_ms)
{
	uint64_t hold = (uint64_t)t->cfg.dad_freeze_sec * 1000;
	left_sweep(t, now_ms);
	if (t->n_frozen == 0 || hold == 0)
		return;
	for (uint32_t id = 1; id <= t->n_slabs * SLAB_ENTRIES; id++) {
		struct mac_entry *e = entry(t, id);
		if (!(e->flags & F_FREE) && (e->flags & F_FROZEN) &&
			now_ms - e->ext->frozen_at_ms >= hold)
			thaw(t, e, now_ms);
	}
}

static void fill_info(
	const struct evpn_mac_table *t, struct mac_entry *e, struct evpn_mac_info *out)
{
	const struct mac_ext *x = e->ext;
	memset(out, 0, sizeof(*out));
	out->vni = e->vni;
	memcpy(out->mac, e->mac, 6);
	out->local = e->flags & F_LOCAL;
	out->local_static = e->flags & F_STATIC;
	out->advertised = e->flags & F_ADV;
	out->remote_installed = e->flags & F_INSTALLED;
	if (e->flags & F_INSTALLED)
		out->installed_vtep = *src_vtep(t, e->at);
	out->n_remote = e->n_paths;
	unsigned b = best_remote(t, e);
	if (b != NO_PATH)
		path_view(t, path_at(e, b), &out->best_remote);
	else if (e->n_paths > 0)
		path_view(t, path_at(e, 0), &out->best_remote); // none reachable: show one
	out->remote_seq = max_remote_seq(e);
	out->duplicate = e->flags & F_DUP;
	out->frozen = e->flags & F_FROZEN;
	if (x != NULL) {
		out->port = x->port;
		out->vlan = x->vlan;
		out->local_seq = x->local_seq;
		out->dad_count = x->dad_count;
		out->moves = x->moves;
	}
}

// Kept only to count its next move: not a MAC anyone can see.
static bool hidden(const struct mac_entry *e)
{
	return ((e->flags & F_LEFT) && e->n_paths == 0) || (e->flags & F_GATEWAY);
}

int evpn_mac_get(const struct evpn_mac_table *t, uint32_t vni, const uint8_t mac[6],
	struct evpn_mac_info *out)
{
	struct mac_entry *e = lookup(t, vni, mac);
	if (e == NULL || hidden(e))
		return -ENOENT;
	fill_info(t, e, out);
	return 0;
}

int evpn_mac_walk(const struct evpn_mac_table *t, uint32_t vni, evpn_mac_walk_cb cb, void *arg)
{
	struct evpn_mac_info info;
	for (uint32_t id = 1; id <= t->n_slabs * SLAB_ENTRIES; id++) {
		struct mac_entry *e = entry(t, id);
		if ((e->flags & F_FREE) || (vni && e->vni != vni) || hidden(e))
			continue;
		fill_info(t, e, &info);
		int rc = cb(&info, arg);
		if (rc)
			return rc;
	}
	return 0;
}

void evpn_mac_prefetch(const struct evpn_mac_table *t, uint32_t vni, const uint8_t mac[6])
{
	cp_htable_prefetch(&t->index, hash(vni, mac));
}

size_t evpn_mac_count(const struct evpn_mac_table *t)
{
	return t->count - t->n_left - t->n_gw;
}

int evpn_mac_gateway_set(struct evpn_mac_table *t, uint32_t vni, const uint8_t mac[6])
{
	int err = 0;
	struct mac_entry *e = get_or_add(t, vni, mac, &err);

	if (e == NULL)
		return err;
	if (!(e->flags & F_GATEWAY))
		t->n_gw++;
	e->flags |= F_GATEWAY;
	return 0;
}

uint64_t evpn_mac_gw_ignored(const struct evpn_mac_table *t)
{
	return t->gw_ignored;
}
