// SPDX-License-Identifier: BSD-3-Clause
// Our EVPN routes, keyed by NLRI, with a change queue for the BGP side; the IPs
// of local MACs, whose MAC+IP routes follow their MAC-only route.
#include "cp/evpn/evpn_local.h"

#include "cp/cp_addr.h"
#include "cp/cp_hash.h"
#include "cp/cp_htable.h"
#include "cp/evpn/evpn_ip_owner.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

// The IPs of one local MAC: only MACs with an IP have one.
struct mac_ips {
	uint32_t vni;
	uint8_t mac[6];
	uint8_t n;
	struct cp_ip ip[EVPN_LOCAL_MAX_IPS]; // oldest first
};

static struct cp_htable ips; // of struct mac_ips

static struct {
	struct cp_htable index; // of struct evpn_local_route *, keyed by NLRI
	size_t live;
	struct evpn_local_route **queue;
	size_t n_queue, cap_queue;
} loc;

struct nlri_key {
	const uint8_t *nlri;
	size_t len;
};

static uint32_t nlri_hash(const uint8_t *nlri, size_t len)
{
	return (uint32_t)cp_hash_bytes(nlri, len);
}

static bool route_is(const void *e, const void *key, void *arg)
{
	const struct evpn_local_route *r = *(struct evpn_local_route *const *)e;
	const struct nlri_key *k = key;
	(void)arg;
	return r->out.nlri_len == k->len && memcmp(r->out.nlri, k->nlri, k->len) == 0;
}

// The slot of the route with this NLRI, or the empty one where it would go.
static uint32_t probe(const uint8_t *nlri, size_t len)
{
	struct nlri_key k = {nlri, len};
	return cp_htable_probe(&loc.index, nlri_hash(nlri, len), &k, route_is, NULL);
}

static struct evpn_local_route *find(const uint8_t *nlri, size_t len)
{
	uint32_t i = probe(nlri, len);
	return cp_htable_used(&loc.index, i)
		       ? *(struct evpn_local_route **)cp_htable_at(&loc.index, i)
		       : NULL;
}

int evpn_local_init(void)
{
	memset(&loc, 0, sizeof(loc));
	if (cp_htable_init(&loc.index, sizeof(struct evpn_local_route *),
		    _Alignof(struct evpn_local_route *), 768) < 0 ||
		cp_htable_init(&ips, sizeof(struct mac_ips), _Alignof(struct mac_ips), 192) < 0)
		return -ENOMEM;
	return 0;
}

void evpn_local_fini(void)
{
	struct evpn_local_route **r;
	uint32_t pos = 0;

	while ((r = cp_htable_next(&loc.index, &pos)) != NULL)
		free(*r);
	cp_htable_fini(&loc.index);
	free(loc.queue);
	memset(&loc, 0, sizeof(loc));
	cp_htable_fini(&ips);
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
	uint32_t i = probe(out->nlri, out->nlri_len);
	struct evpn_local_route *r, **slot;

	if (cp_htable_used(&loc.index, i)) {
		r = *(struct evpn_local_route **)cp_htable_at(&loc.index, i);
	} else {
		if ((r = calloc(1, sizeof(*r))) == NULL)
			return -ENOMEM;
		if ((slot = cp_htable_fill(&loc.index, i, nlri_hash(out->nlri, out->nlri_len))) ==
			NULL) {
			free(r);
			return -ENOMEM;
		}
		*slot = r;
	}
	if (!r->live)
		loc.live++;
	r->vni = vni;
	r->live = true;
	r->out = *out;
	return enqueue(r);
}

int evpn_local_del(const uint8_t *nlri, size_t len)
{
	struct evpn_local_route *r = find(nlri, len);

	if (r == NULL || !r->live)
		return -ENOENT;
	r->live = false;
	loc.live--;
	return enqueue(r);
}

const struct evpn_local_route *evpn_local_find(const uint8_t *nlri, size_t len)
{
	struct evpn_local_route *r = find(nlri, len);
	return r != NULL && r->live ? r : NULL;
}

void evpn_local_walk(evpn_local_fn fn, void *arg)
{
	struct evpn_local_route **r;
	uint32_t pos = 0;

	while ((r = cp_htable_next(&loc.index, &pos)) != NULL)
		if ((*r)->live)
			fn(*r, arg);
}

static void unlink_free(struct evpn_local_route *r)
{
	cp_htable_del_at(&loc.index, probe(r->out.nlri, r->out.nlri_len));
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

struct mac_key {
	uint32_t vni;
	const uint8_t *mac;
};

static uint32_t mac_hash(uint32_t vni, const uint8_t mac[6])
{
	uint64_t k = (uint64_t)vni << 48;
	for (int i = 0; i < 6; i++)
		k ^= (uint64_t)mac[i] << (8 * i);
	return (uint32_t)cp_hash_mix64(k ^ vni >> 16);
}

static bool ips_is(const void *e, const void *key, void *arg)
{
	const struct mac_ips *m = e;
	const struct mac_key *k = key;
	(void)arg;
	return m->vni == k->vni && memcmp(m->mac, k->mac, 6) == 0;
}

static struct mac_ips *ips_find(uint32_t vni, const uint8_t mac[6])
{
	struct mac_key k = {vni, mac};
	return cp_htable_find(&ips, mac_hash(vni, mac), &k, ips_is, NULL);
}

// The IPs of (vni, mac), added empty when new; NULL when out of memory.
static struct mac_ips *ips_get(uint32_t vni, const uint8_t mac[6])
{
	struct mac_key k = {vni, mac};
	uint32_t h = mac_hash(vni, mac), i = cp_htable_probe(&ips, h, &k, ips_is, NULL);
	struct mac_ips *m = cp_htable_at(&ips, i);

	if (cp_htable_used(&ips, i) || (m = cp_htable_fill(&ips, i, h)) == NULL)
		return m;
	m->vni = vni;
	memcpy(m->mac, mac, 6);
	return m;
}

// Sets (seq, sticky) or withdraws (del) one route of a MAC; ip NULL: MAC only.
static int mac_route(const struct evpn_vni *v, const uint8_t mac[6], const struct cp_ip *ip,
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
	const struct mac_ips *m = ips_find(v->vni, mac);
	int ret = mac_route(v, mac, NULL, seq, sticky, vtep, false);

	for (unsigned i = 0; ret == 0 && m != NULL && i < m->n; i++)
		ret = mac_route(v, mac, &m->ip[i], seq, sticky, vtep, false);
	return ret;
}

int evpn_local_mac_del(const struct evpn_vni *v, const uint8_t mac[6], const struct dp_ip *vtep)
{
	struct mac_ips *m = ips_find(v->vni, mac);
	int ret = mac_route(v, mac, NULL, 0, false, vtep, true);

	if (m == NULL)
		return ret;
	for (unsigned i = 0; i < m->n; i++) {
		mac_route(v, mac, &m->ip[i], 0, false, vtep, true);
		evpn_ip_owner_release(v->vni, mac, &m->ip[i]);
	}
	cp_htable_del(&ips, m);
	return ret;
}

// Forgets ip[i] of m, withdrawing its route.
static void ip_forget(
	const struct evpn_vni *v, struct mac_ips *m, unsigned i, const struct dp_ip *vtep)
{
	mac_route(v, m->mac, &m->ip[i], 0, false, vtep, true);
	evpn_ip_owner_release(v->vni, m->mac, &m->ip[i]);
	memmove(&m->ip[i], &m->ip[i + 1], (m->n - i - 1) * sizeof(m->ip[0]));
	m->n--;
}

int evpn_local_mac_ip_del(const struct evpn_vni *v, const uint8_t mac[6], const struct cp_ip *ip,
	const struct dp_ip *vtep)
{
	struct mac_ips *m = ips_find(v->vni, mac);

	for (unsigned i = 0; m != NULL && i < m->n; i++)
		if (cp_ip_eq(&m->ip[i], ip)) {
			ip_forget(v, m, i, vtep);
			return 0;
		}
	return -ENOENT;
}

int evpn_local_mac_ip_add(const struct evpn_vni *v, const uint8_t mac[6], const struct cp_ip *ip,
	uint32_t seq, bool sticky, const struct dp_ip *vtep)
{
	struct mac_ips *m = ips_find(v->vni, mac);
	int ret;

	if (ip->family != AF_INET && ip->family != AF_INET6)
		return -EINVAL;
	for (unsigned i = 0; m != NULL && i < m->n; i++)
		if (cp_ip_eq(&m->ip[i], ip))
			return 0;
	if (m == NULL && (m = ips_get(v->vni, mac)) == NULL)
		return -ENOMEM;
	if (m->n == EVPN_LOCAL_MAX_IPS)
		ip_forget(v, m, 0, vtep);
	memset(&m->ip[m->n], 0, sizeof(m->ip[0]));
	m->ip[m->n].family = ip->family;
	memcpy(m->ip[m->n].addr, ip->addr, cp_ip_len(ip->family));
	if ((ret = mac_route(v, mac, &m->ip[m->n], seq, sticky, vtep, false)) < 0)
		return ret;
	m->n++;
	return 1;
}

unsigned evpn_local_mac_ips(
	uint32_t vni, const uint8_t mac[6], struct cp_ip out[EVPN_LOCAL_MAX_IPS])
{
	const struct mac_ips *m = ips.slots != NULL ? ips_find(vni, mac) : NULL;

	if (m == NULL)
		return 0;
	memcpy(out, m->ip, m->n * sizeof(m->ip[0]));
	return m->n;
}
