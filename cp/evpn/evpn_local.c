// SPDX-License-Identifier: BSD-3-Clause
// Our EVPN routes, keyed by NLRI, with a change queue for the BGP side; the IPs
// of local MACs, whose MAC+IP routes follow their MAC-only route.
#include "cp/evpn/evpn_local.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

// The IPs of one local MAC: only MACs with an IP have one.
struct mac_ips {
	struct mac_ips *next; // hash chain
	uint32_t vni;
	uint8_t mac[6];
	uint8_t n;
	struct evpn_ip ip[EVPN_LOCAL_MAX_IPS]; // oldest first
};

static struct {
	struct mac_ips **slots;
	size_t cap, n;
} ips;

static struct {
	struct evpn_local_route **slots;
	size_t cap, n, live;
	struct evpn_local_route **queue;
	size_t n_queue, cap_queue;
} loc;

static uint32_t key_hash(const uint8_t *nlri, size_t len)
{
	uint32_t h = 2166136261u; // FNV-1a
	for (size_t i = 0; i < len; i++)
		h = (h ^ nlri[i]) * 16777619u;
	return h;
}

static bool key_eq(const struct evpn_local_route *r, const uint8_t *nlri, size_t len)
{
	return r->out.nlri_len == len && memcmp(r->out.nlri, nlri, len) == 0;
}

static struct evpn_local_route **find(const uint8_t *nlri, size_t len)
{
	struct evpn_local_route **pp = &loc.slots[key_hash(nlri, len) & (loc.cap - 1)];
	while (*pp != NULL && !key_eq(*pp, nlri, len))
		pp = &(*pp)->next;
	return pp;
}

int evpn_local_init(void)
{
	memset(&loc, 0, sizeof(loc));
	memset(&ips, 0, sizeof(ips));
	loc.cap = 1024;
	loc.slots = calloc(loc.cap, sizeof(*loc.slots));
	ips.cap = 256;
	ips.slots = calloc(ips.cap, sizeof(*ips.slots));
	return loc.slots == NULL || ips.slots == NULL ? -ENOMEM : 0;
}

static void ips_fini(void)
{
	for (size_t i = 0; ips.slots != NULL && i < ips.cap; i++)
		for (struct mac_ips *m = ips.slots[i], *next; m != NULL; m = next) {
			next = m->next;
			free(m);
		}
	free(ips.slots);
	memset(&ips, 0, sizeof(ips));
}

void evpn_local_fini(void)
{
	for (size_t i = 0; loc.slots != NULL && i < loc.cap; i++)
		for (struct evpn_local_route *r = loc.slots[i], *next; r != NULL; r = next) {
			next = r->next;
			free(r);
		}
	free(loc.slots);
	free(loc.queue);
	memset(&loc, 0, sizeof(loc));
	ips_fini();
}

static void grow(void)
{
	size_t cap = loc.cap * 2;
	struct evpn_local_route **slots = calloc(cap, sizeof(*slots));
	if (slots == NULL)
		return; // longer chains
	for (size_t i = 0; i < loc.cap; i++)
		for (struct evpn_local_route *r = loc.slots[i], *next; r != NULL; r = next) {
			next = r->next;
			size_t b = key_hash(r->out.nlri, r->out.nlri_len) & (cap - 1);
			r->next = slots[b];
			slots[b] = r;
		}
	free(loc.slots);
	loc.slots = slots;
	loc.cap = cap;
}

static int enqueue(struct evpn_local_route *r)
{
	if (r->pending)
		return 0;
	if (loc.n_queue == loc.cap_queue) {
		size_t cap = loc.cap_queue ? loc.cap_queue * 2 : 256;
		struct evpn_local_route **q = realloc(loc.queue, cap * sizeof(*q));
		if (q == NULL)
			return -ENOMEM;
		loc.queue = q;
		loc.cap_queue = cap;
	}
	loc.queue[loc.n_queue++] = r;
	r->pending = true;
	return 0;
}

int evpn_local_set(uint32_t vni, const struct evpn_route_out *out)
{
	struct evpn_local_route **pp = find(out->nlri, out->nlri_len), *r = *pp;

	if (r == NULL) {
		if ((r = calloc(1, sizeof(*r))) == NULL)
			return -ENOMEM;
		*pp = r;
		loc.n++;
	}
	if (!r->live)
		loc.live++;
	r->vni = vni;
	r->live = true;
	r->out = *out;
	if (enqueue(r) < 0)
		return -ENOMEM;
	if (loc.n > loc.cap)
		grow();
	return 0;
}

int evpn_local_del(const uint8_t *nlri, size_t len)
{
	struct evpn_local_route *r = *find(nlri, len);

	if (r == NULL || !r->live)
		return -ENOENT;
	r->live = false;
	loc.live--;
	return enqueue(r);
}

const struct evpn_local_route *evpn_local_find(const uint8_t *nlri, size_t len)
{
	struct evpn_local_route *r = *find(nlri, len);
	return r != NULL && r->live ? r : NULL;
}

void evpn_local_walk(evpn_local_fn fn, void *arg)
{
	for (size_t i = 0; i < loc.cap; i++)
		for (struct evpn_local_route *r = loc.slots[i]; r != NULL; r = r->next)
			if (r->live)
				fn(r, arg);
}

static void unlink_free(struct evpn_local_route *r)
{
	struct evpn_local_route **pp = find(r->out.nlri, r->out.nlri_len);
	*pp = r->next;
	loc.n--;
	free(r);
}

void evpn_local_drain(evpn_local_fn fn, void *arg)
{
	for (size_t i = 0; i < loc.n_queue; i++) {
		struct evpn_local_route *r = loc.queue[i];
		if (fn != NULL)
			fn(r, arg);
		r->pending = false;
		if (!r->live)
			unlink_free(r);
	}
	loc.n_queue = 0;
}

size_t evpn_local_pending(void)
{
	return loc.n_queue;
}

size_t evpn_local_count(void)
{
	return loc.live;
}

// ---- MAC+IP routes of local MACs

static uint32_t mac_hash(uint32_t vni, const uint8_t mac[6])
{
	uint8_t k[10];
	memcpy(k, &vni, 4);
	memcpy(k + 4, mac, 6);
	return key_hash(k, sizeof(k));
}

static struct mac_ips **ips_find(uint32_t vni, const uint8_t mac[6])
{
	struct mac_ips **pp = &ips.slots[mac_hash(vni, mac) & (ips.cap - 1)];
	while (*pp != NULL && ((*pp)->vni != vni || memcmp((*pp)->mac, mac, 6) != 0))
		pp = &(*pp)->next;
	return pp;
}

static void ips_grow(void)
{
	size_t cap = ips.cap * 2;
	struct mac_ips **slots = calloc(cap, sizeof(*slots));
	if (slots == NULL)
		return; // longer chains
	for (size_t i = 0; i < ips.cap; i++)
		for (struct mac_ips *m = ips.slots[i], *next; m != NULL; m = next) {
			next = m->next;
			size_t b = mac_hash(m->vni, m->mac) & (cap - 1);
			m->next = slots[b];
			slots[b] = m;
		}
	free(ips.slots);
	ips.slots = slots;
	ips.cap = cap;
}

static bool ip_eq(const struct evpn_ip *a, const struct evpn_ip *b)
{
	return a->family == b->family &&
	       memcmp(a->addr, b->addr, a->family == AF_INET ? 4 : 16) == 0;
}

// Sets (seq, sticky) or withdraws (del) one route of a MAC; ip NULL: MAC only.
static int mac_route(const struct evpn_vni *v, const uint8_t mac[6], const struct evpn_ip *ip,
	uint32_t seq, bool sticky, const struct dp_ip *vtep, bool del)
{
	struct evpn_route_out out;
	int ret = evpn_build_macip(v, mac, ip, seq, sticky, vtep, &out);
	if (ret < 0)
		return ret;
	return del ? evpn_local_del(out.nlri, out.nlri_len) : evpn_local_set(v->vni, &out);
}

int evpn_local_mac_set(const struct evpn_vni *v, const uint8_t mac[6], uint32_t seq, bool sticky,
	const struct dp_ip *vtep)
{
	const struct mac_ips *m = *ips_find(v->vni, mac);
	int ret = mac_route(v, mac, NULL, seq, sticky, vtep, false);

	for (unsigned i = 0; ret == 0 && m != NULL && i < m->n; i++)
		ret = mac_route(v, mac, &m->ip[i], seq, sticky, vtep, false);
	return ret;
}

int evpn_local_mac_del(const struct evpn_vni *v, const uint8_t mac[6], const struct dp_ip *vtep)
{
	struct mac_ips **pp = ips_find(v->vni, mac), *m = *pp;
	int ret = mac_route(v, mac, NULL, 0, false, vtep, true);

	if (m == NULL)
		return ret;
	for (unsigned i = 0; i < m->n; i++)
		mac_route(v, mac, &m->ip[i], 0, false, vtep, true);
	*pp = m->next;
	ips.n--;
	free(m);
	return ret;
}

int evpn_local_mac_ip_add(const struct evpn_vni *v, const uint8_t mac[6], const struct evpn_ip *ip,
	uint32_t seq, bool sticky, const struct dp_ip *vtep)
{
	struct mac_ips **pp = ips_find(v->vni, mac), *m = *pp;
	int ret;

	if (ip->family != AF_INET && ip->family != AF_INET6)
		return -EINVAL;
	for (unsigned i = 0; m != NULL && i < m->n; i++)
		if (ip_eq(&m->ip[i], ip))
			return 0;
	if (m == NULL) {
		if ((m = calloc(1, sizeof(*m))) == NULL)
			return -ENOMEM;
		m->vni = v->vni;
		memcpy(m->mac, mac, 6);
		*pp = m;
		if (++ips.n > ips.cap)
			ips_grow();
	}
	if (m->n == EVPN_LOCAL_MAX_IPS) {
		mac_route(v, mac, &m->ip[0], 0, false, vtep, true);
		memmove(&m->ip[0], &m->ip[1], (EVPN_LOCAL_MAX_IPS - 1) * sizeof(m->ip[0]));
		m->n--;
	}
	memset(&m->ip[m->n], 0, sizeof(m->ip[0]));
	m->ip[m->n].family = ip->family;
	memcpy(m->ip[m->n].addr, ip->addr, ip->family == AF_INET ? 4 : 16);
	if ((ret = mac_route(v, mac, &m->ip[m->n], seq, sticky, vtep, false)) < 0)
		return ret;
	m->n++;
	return 1;
}

unsigned evpn_local_mac_ips(
	uint32_t vni, const uint8_t mac[6], struct evpn_ip out[EVPN_LOCAL_MAX_IPS])
{
	const struct mac_ips *m = ips.slots != NULL ? *ips_find(vni, mac) : NULL;

	if (m == NULL)
		return 0;
	memcpy(out, m->ip, m->n * sizeof(m->ip[0]));
	return m->n;
}
