// SPDX-License-Identifier: BSD-3-Clause
// MAC mobility and duplicate detection per (VNI, MAC). See evpn_mac.h.
#include "evpn_mac.h"

#include "cp/cp_log.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define F_LOCAL 0x01
#define F_STATIC 0x02
#define F_ADV 0x04	 // our route is advertised (adv_seq, adv_sticky)
#define F_INSTALLED 0x08 // a remote path is programmed (installed)
#define F_DUP 0x10
#define F_FROZEN 0x20
#define F_WINDOW 0x40 // a detection window was opened (dad_start_ms)

#define NO_PATH 0xff

struct mac_entry {
	struct mac_entry *next; // hash chain
	uint32_t vni;
	uint8_t mac[6];
	uint8_t flags;
	uint8_t n_paths;
	uint8_t loc; // where the outputs last put it: 0 nowhere, 1 local, 2 remote (loc_vtep)
	uint16_t port, vlan;
	uint32_t local_seq;
	uint32_t adv_seq;
	bool adv_sticky;
	uint32_t dad_count;
	uint32_t moves;
	uint64_t dad_start_ms;
	uint64_t frozen_at_ms;
	struct evpn_mac_path installed;
	struct dp_ip loc_vtep;
	struct evpn_mac_path path0; // the common case: one remote path, inline
	struct evpn_mac_path *more; // paths 1..n_paths-1 during a move
};

struct evpn_mac_table {
	struct evpn_mac_cfg cfg;
	struct evpn_mac_ops ops;
	void *arg;
	struct mac_entry **buckets;
	size_t n_buckets; // power of two
	size_t count;
	size_t n_frozen;
};

void evpn_mac_cfg_default(struct evpn_mac_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->dad_enable = true;
	cfg->dad_max_moves = EVPN_DAD_MAX_MOVES;
	cfg->dad_time_sec = EVPN_DAD_TIME_SEC;
	cfg->dad_freeze = true;
}

static size_t hash(uint32_t vni, const uint8_t *mac)
{
	uint64_t h = 1469598103934665603ull ^ vni;
	for (int i = 0; i < 6; i++)
		h = (h ^ mac[i]) * 1099511628211ull;
	return (size_t)(h ^ (h >> 29));
}

struct evpn_mac_table *evpn_mac_table_new(
	const struct evpn_mac_cfg *cfg, const struct evpn_mac_ops *ops, void *arg)
{
	struct evpn_mac_table *t = calloc(1, sizeof(*t));
	if (t == NULL)
		return NULL;
	t->cfg = *cfg;
	t->ops = *ops;
	t->arg = arg;
	t->n_buckets = 64;
	t->buckets = calloc(t->n_buckets, sizeof(t->buckets[0]));
	if (t->buckets == NULL) {
		free(t);
		errno = ENOMEM;
		return NULL;
	}
	return t;
}

void evpn_mac_table_free(struct evpn_mac_table *t)
{
	if (t == NULL)
		return;
	for (size_t b = 0; b < t->n_buckets; b++) {
		struct mac_entry *e = t->buckets[b], *n;
		for (; e; e = n) {
			n = e->next;
			free(e->more);
			free(e);
		}
	}
	free(t->buckets);
	free(t);
}

static struct mac_entry *lookup(const struct evpn_mac_table *t, uint32_t vni, const uint8_t *mac)
{
	struct mac_entry *e = t->buckets[hash(vni, mac) & (t->n_buckets - 1)];
	for (; e; e = e->next)
		if (e->vni == vni && memcmp(e->mac, mac, 6) == 0)
			return e;
	return NULL;
}

static void rehash(struct evpn_mac_table *t)
{
	size_t n = t->n_buckets * 2;
	struct mac_entry **nb = calloc(n, sizeof(*nb));
	if (nb == NULL)
		return; // keep the longer chains
	for (size_t b = 0; b < t->n_buckets; b++) {
		struct mac_entry *e = t->buckets[b], *next;
		for (; e; e = next) {
			next = e->next;
			size_t h = hash(e->vni, e->mac) & (n - 1);
			e->next = nb[h];
			nb[h] = e;
		}
	}
	free(t->buckets);
	t->buckets = nb;
	t->n_buckets = n;
}

static struct mac_entry *get_or_add(
	struct evpn_mac_table *t, uint32_t vni, const uint8_t *mac, int *err)
{
	struct mac_entry *e = lookup(t, vni, mac);
	if (e)
		return e;
	if (t->cfg.max_entries && t->count >= t->cfg.max_entries) {
		*err = -ENOSPC;
		return NULL;
	}
	e = calloc(1, sizeof(*e));
	if (e == NULL) {
		*err = -ENOMEM;
		return NULL;
	}
	e->vni = vni;
	memcpy(e->mac, mac, 6);
	if (t->count >= t->n_buckets)
		rehash(t);
	size_t h = hash(vni, mac) & (t->n_buckets - 1);
	e->next = t->buckets[h];
	t->buckets[h] = e;
	t->count++;
	return e;
}

static void unlink_free(struct evpn_mac_table *t, struct mac_entry *e)
{
	struct mac_entry **pp = &t->buckets[hash(e->vni, e->mac) & (t->n_buckets - 1)];
	while (*pp != e)
		pp = &(*pp)->next;
	*pp = e->next;
	if (e->flags & F_FROZEN)
		t->n_frozen--;
	free(e->more);
	free(e);
	t->count--;
}

static struct evpn_mac_path *path_at(struct mac_entry *e, unsigned i)
{
	return i == 0 ? &e->path0 : &e->more[i - 1];
}

static bool ip_equal(const struct dp_ip *a, const struct dp_ip *b)
{
	size_t n = a->family == AF_INET ? 4 : 16;
	return a->family == b->family && memcmp(a->bytes, b->bytes, n) == 0;
}

static int ip_cmp(const struct dp_ip *a, const struct dp_ip *b)
{
	if (a->family != b->family)
		return a->family == AF_INET ? -1 : 1; // IPv4 first
	return memcmp(a->bytes, b->bytes, a->family == AF_INET ? 4 : 16);
}

// The same route: by RD when p has one (its next hop may have changed), else
// by VTEP.
static bool same_path(const struct evpn_mac_path *a, const struct evpn_mac_path *p)
{
	if (p->has_rd)
		return a->has_rd && memcmp(a->rd, p->rd, sizeof(p->rd)) == 0;
	return ip_equal(&a->vtep, &p->vtep);
}

static int find_path(struct mac_entry *e, const struct evpn_mac_path *p)
{
	for (unsigned i = 0; i < e->n_paths; i++)
		if (same_path(path_at(e, i), p))
			return (int)i;
	return -1;
}

static int add_path(struct mac_entry *e, const struct evpn_mac_path *p)
{
	int i = find_path(e, p);
	if (i >= 0) {
		*path_at(e, (unsigned)i) = *p;
		return 0;
	}
	if (e->n_paths == NO_PATH - 1)
		return -ENOSPC;
	if (e->n_paths >= 1) {
		struct evpn_mac_path *m = realloc(e->more, e->n_paths * sizeof(*m));
		if (m == NULL)
			return -ENOMEM;
		e->more = m;
	}
	*path_at(e, e->n_paths++) = *p;
	return 0;
}

static void del_path(struct mac_entry *e, unsigned i)
{
	unsigned last = e->n_paths - 1u;
	if (i != last)
		*path_at(e, i) = *path_at(e, last);
	e->n_paths--;
	if (e->n_paths <= 1) {
		free(e->more);
		e->more = NULL;
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
	return -ip_cmp(a->ip, b->ip);
}

// Index of the best remote path the underlay reaches, or NO_PATH.
static unsigned best_remote(struct mac_entry *e)
{
	unsigned best = NO_PATH;
	struct cand bc = {0};
	for (unsigned i = 0; i < e->n_paths; i++) {
		const struct evpn_mac_path *p = path_at(e, i);
		struct cand c = {p->sticky, p->seq, &p->vtep};
		if (p->unreachable)
			continue;
		if (best == NO_PATH || cand_cmp(&c, &bc) > 0) {
			best = i;
			bc = c;
		}
	}
	return best;
}

static void mac_str(char *buf, size_t n, const uint8_t *m)
{
	snprintf(buf, n, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

static void ip_str(char *buf, size_t n, const struct dp_ip *ip)
{
	if (ip->family == 0 || inet_ntop(ip->family, ip->bytes, buf, (socklen_t)n) == NULL)
		snprintf(buf, n, "-");
}

// zebra's duplicate address detection, one location change.
static void dad_move(struct evpn_mac_table *t, struct mac_entry *e, bool is_local,
	const struct dp_ip *vtep, uint64_t now)
{
	const struct evpn_mac_cfg *c = &t->cfg;
	e->moves++;
	if (!c->dad_enable || (e->flags & F_DUP))
		return;
	bool reset =
		!(e->flags & F_WINDOW) || now - e->dad_start_ms > (uint64_t)c->dad_time_sec * 1000;
	if (is_local && !reset)
		reset = e->dad_count == 0;
	if (reset) {
		e->dad_count = 0;
		if (is_local) {
			e->dad_start_ms = now;
			e->flags |= F_WINDOW;
		}
	} else if (!is_local)
		e->dad_count++;
	if (is_local)
		e->dad_count++;
	if (e->dad_count < c->dad_max_moves)
		return;
	char m[24], ip[INET6_ADDRSTRLEN];
	mac_str(m, sizeof(m), e->mac);
	ip_str(ip, sizeof(ip), vtep);
	CP_WARN("evpn", "VNI %u: MAC %s detected as duplicate during %s VTEP %s%s", e->vni, m,
		is_local ? "local update, last" : "remote update, from", ip,
		c->dad_freeze ? ", frozen" : "");
	e->flags |= F_DUP;
	if (c->dad_freeze) {
		e->flags |= F_FROZEN;
		e->frozen_at_ms = now;
		t->n_frozen++;
	}
}

static bool same_install(const struct evpn_mac_path *a, const struct evpn_mac_path *b)
{
	return ip_equal(&a->vtep, &b->vtep) && a->sticky == b->sticky && a->vni == b->vni;
}

static void go_local(struct evpn_mac_table *t, struct mac_entry *e)
{
	// The dataplane entry is local already (learned there): nothing to remove.
	e->flags &= (uint8_t)~F_INSTALLED;
	bool sticky = e->flags & F_STATIC;
	if ((e->flags & F_ADV) && e->adv_seq == e->local_seq && e->adv_sticky == sticky)
		return;
	e->flags |= F_ADV;
	e->adv_seq = e->local_seq;
	e->adv_sticky = sticky;
	t->ops.advertise(t->arg, e->vni, e->mac, e->local_seq, sticky);
}

static void go_remote(struct evpn_mac_table *t, struct mac_entry *e, const struct evpn_mac_path *p)
{
	if (e->flags & F_ADV) {
		e->flags &= (uint8_t)~F_ADV;
		t->ops.withdraw(t->arg, e->vni, e->mac);
	}
	// Yield: the local entry goes, the remote one is programmed over it.
	e->flags &= (uint8_t) ~(F_LOCAL | F_STATIC);
	if ((e->flags & F_INSTALLED) && same_install(&e->installed, p))
		return;
	e->flags |= F_INSTALLED;
	e->installed = *p;
	t->ops.install_remote(t->arg, e->vni, e->mac, p);
}

static void go_nowhere(struct evpn_mac_table *t, struct mac_entry *e)
{
	if (e->flags & F_ADV) {
		e->flags &= (uint8_t)~F_ADV;
		t->ops.withdraw(t->arg, e->vni, e->mac);
	}
	if (e->flags & F_INSTALLED) {
		e->flags &= (uint8_t)~F_INSTALLED;
		t->ops.remove_remote(t->arg, e->vni, e->mac);
	}
}

// Decides and emits. Returns false when the entry was freed.
static bool apply(struct evpn_mac_table *t, struct mac_entry *e, uint64_t now)
{
	if (e->flags & F_FROZEN)
		return true;
	unsigned b = best_remote(e);
	bool local_wins = false;
	if (e->flags & F_LOCAL) {
		struct cand lc = {(e->flags & F_STATIC) != 0, e->local_seq, &t->cfg.local_vtep};
		local_wins = b == NO_PATH;
		if (!local_wins) {
			const struct evpn_mac_path *p = path_at(e, b);
			struct cand rc = {p->sticky, p->seq, &p->vtep};
			local_wins = cand_cmp(&lc, &rc) > 0;
		}
	}
	int before = e->loc;
	struct dp_ip was = e->loc_vtep;
	if (local_wins) {
		go_local(t, e);
		e->loc = 1;
		if (before == 2)
			dad_move(t, e, true, &was, now);
	} else if (b != NO_PATH) {
		struct evpn_mac_path p = *path_at(e, b);
		go_remote(t, e, &p);
		e->loc = 2;
		e->loc_vtep = p.vtep;
		if (before == 1 || (before == 2 && !ip_equal(&was, &p.vtep)))
			dad_move(t, e, false, &p.vtep, now);
	} else {
		e->loc = 0;
		go_nowhere(t, e);
		// Paths the underlay does not reach keep the entry (show).
		if (e->n_paths == 0 && !(e->flags & (F_DUP | F_FROZEN))) {
			unlink_free(t, e);
			return false;
		}
	}
	return true;
}

static void warn_sticky(const struct mac_entry *e, const char *what)
{
	char m[24];
	mac_str(m, sizeof(m), e->mac);
	CP_WARN("evpn", "VNI %u: MAC %s %s (RFC 7432 15.2)", e->vni, m, what);
}

int evpn_mac_local_learn(struct evpn_mac_table *t, uint32_t vni, const uint8_t mac[6],
	uint16_t port, uint16_t vlan, bool is_static, uint64_t now_ms)
{
	int err = 0;
	struct mac_entry *e = get_or_add(t, vni, mac, &err);
	if (e == NULL)
		return err;
	if (!(e->flags & F_LOCAL) || ((e->flags & F_STATIC) != 0) != is_static) {
		// New here: one more than any sequence seen from elsewhere (15.1).
		if (!(e->flags & F_LOCAL))
			e->local_seq = e->n_paths ? max_remote_seq(e) + 1 : 0;
		if (is_static && e->n_paths && best_remote(e) != NO_PATH &&
			path_at(e, best_remote(e))->sticky)
			warn_sticky(e, "is static here and sticky behind a remote VTEP");
	}
	e->flags |= F_LOCAL;
	e->flags = is_static ? (uint8_t)(e->flags | F_STATIC) : (uint8_t)(e->flags & ~F_STATIC);
	e->port = port;
	e->vlan = vlan;
	// The dataplane replaced any remote entry with its local one.
	e->flags &= (uint8_t)~F_INSTALLED;
	apply(t, e, now_ms);
	return 0;
}

int evpn_mac_local_age(
	struct evpn_mac_table *t, uint32_t vni, const uint8_t mac[6], uint64_t now_ms)
{
	struct mac_entry *e = lookup(t, vni, mac);
	if (e == NULL || !(e->flags & F_LOCAL))
		return -ENOENT;
	e->flags &= (uint8_t) ~(F_LOCAL | F_STATIC);
	e->local_seq = 0;
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
	if ((err = add_path(e, path)) < 0) {
		if (e->n_paths == 0 && !(e->flags & F_LOCAL))
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
	int i = e ? find_path(e, path) : -1;
	if (i < 0)
		return -ENOENT;
	del_path(e, (unsigned)i);
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
	e->flags &= (uint8_t) ~(F_DUP | F_FROZEN | F_WINDOW);
	e->dad_count = 0;
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
	for (size_t b = 0; b < t->n_buckets; b++) {
		struct mac_entry *e = t->buckets[b], *next;
		for (; e; e = next) {
			next = e->next; // thaw may free e
			if ((vni == 0 || e->vni == vni) && thaw(t, e, now_ms))
				n++;
		}
	}
	return n;
}

void evpn_mac_tick(struct evpn_mac_table *t, uint64_t now_ms)
{
	uint64_t hold = (uint64_t)t->cfg.dad_freeze_sec * 1000;
	if (t->n_frozen == 0 || hold == 0)
		return;
	for (size_t b = 0; b < t->n_buckets; b++) {
		struct mac_entry *e = t->buckets[b], *next;
		for (; e; e = next) {
			next = e->next;
			if ((e->flags & F_FROZEN) && now_ms - e->frozen_at_ms >= hold)
				thaw(t, e, now_ms);
		}
	}
}

static void fill_info(struct mac_entry *e, struct evpn_mac_info *out)
{
	memset(out, 0, sizeof(*out));
	out->vni = e->vni;
	memcpy(out->mac, e->mac, 6);
	out->local = e->flags & F_LOCAL;
	out->local_static = e->flags & F_STATIC;
	out->port = e->port;
	out->vlan = e->vlan;
	out->local_seq = e->local_seq;
	out->advertised = e->flags & F_ADV;
	out->remote_installed = e->flags & F_INSTALLED;
	out->n_remote = e->n_paths;
	unsigned b = best_remote(e);
	if (b != NO_PATH)
		out->best_remote = *path_at(e, b);
	else if (e->n_paths > 0)
		out->best_remote = *path_at(e, 0); // none reachable: show one
	out->remote_seq = max_remote_seq(e);
	out->duplicate = e->flags & F_DUP;
	out->frozen = e->flags & F_FROZEN;
	out->dad_count = e->dad_count;
	out->moves = e->moves;
}

int evpn_mac_get(const struct evpn_mac_table *t, uint32_t vni, const uint8_t mac[6],
	struct evpn_mac_info *out)
{
	struct mac_entry *e = lookup(t, vni, mac);
	if (e == NULL)
		return -ENOENT;
	fill_info(e, out);
	return 0;
}

int evpn_mac_walk(const struct evpn_mac_table *t, uint32_t vni, evpn_mac_walk_cb cb, void *arg)
{
	struct evpn_mac_info info;
	for (size_t b = 0; b < t->n_buckets; b++)
		for (struct mac_entry *e = t->buckets[b]; e; e = e->next) {
			if (vni && e->vni != vni)
				continue;
			fill_info(e, &info);
			int rc = cb(&info, arg);
			if (rc)
				return rc;
		}
	return 0;
}

size_t evpn_mac_count(const struct evpn_mac_table *t)
{
	return t->count;
}
