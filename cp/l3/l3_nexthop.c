// SPDX-License-Identifier: BSD-3-Clause
// L3 next hops (see l3_nexthop.h): a slot per id, found by its triple through a hash
// table of slot indexes (every host route of a million asks for one).
#include "cp/l3/l3_nexthop.h"

#include <errno.h>
#include <string.h>

#include "cp/cp_addr.h"
#include "cp/cp_htable.h"
#include "cp/cp_log.h"
#include "cp/cp_msgq.h"
#include "cp/l3/l3_vrf.h"
#include "cp/mpls/mpls.h"
#include "cp/underlay/underlay.h"

static struct {
	struct l3_nexthop slot[L3_NEXTHOP_MAX];
	uint32_t high; // slots below it may be in use
	size_t n;
	struct cp_htable index; // slot indexes by triple
	bool ready;
} l3nh;

// What is looked up (a slot is compared with it).
struct l3_nexthop_key {
	uint16_t vrf;
	uint32_t l3vni;
	const uint8_t *rmac;
	const struct dp_ip *vtep;
};

static uint32_t l3_nexthop_hash(const struct l3_nexthop_key *k)
{
	uint32_t h = 2166136261u ^ k->vrf ^ (k->l3vni << 8);

	for (size_t i = 0; i < 6; i++)
		h = (h ^ k->rmac[i]) * 16777619u;
	for (size_t i = 0; i < cp_ip_len(k->vtep->family); i++)
		h = (h ^ k->vtep->bytes[i]) * 16777619u;
	return h;
}

static bool l3_nexthop_eq(const void *entry, const void *key, void *arg)
{
	const struct l3_nexthop *n = &l3nh.slot[*(const uint32_t *)entry];
	const struct l3_nexthop_key *k = key;

	(void)arg;
	return n->vrf == k->vrf && n->l3vni == k->l3vni && memcmp(n->rmac, k->rmac, 6) == 0 &&
	       cp_dp_ip_eq(&n->vtep, k->vtep);
}

static uint32_t *l3_nexthop_index(const struct l3_nexthop_key *k)
{
	if (!l3nh.ready && cp_htable_init(&l3nh.index, sizeof(uint32_t), 4, 64) == 0)
		l3nh.ready = true;
	if (!l3nh.ready)
		return NULL;
	return cp_htable_find(&l3nh.index, l3_nexthop_hash(k), k, l3_nexthop_eq, NULL);
}

static struct l3_nexthop *l3_nexthop_lookup(
	uint16_t vrf, const struct dp_ip *vtep, const uint8_t rmac[6], uint32_t l3vni)
{
	struct l3_nexthop_key k = {vrf, l3vni, rmac, vtep};
	uint32_t *i = l3_nexthop_index(&k);

	return i != NULL ? &l3nh.slot[*i] : NULL;
}

// Indexes slot n under its triple: 0 or -ENOMEM.
static int l3_nexthop_index_add(const struct l3_nexthop *n)
{
	struct l3_nexthop_key k = {n->vrf, n->l3vni, n->rmac, &n->vtep};
	uint32_t h = l3_nexthop_hash(&k), *e;

	if (!l3nh.ready)
		return -ENOMEM;
	e = cp_htable_fill(
		&l3nh.index, cp_htable_probe(&l3nh.index, h, &k, l3_nexthop_eq, NULL), h);
	if (e == NULL)
		return -ENOMEM;
	*e = (uint32_t)(n - l3nh.slot);
	return 0;
}

static struct l3_nexthop *l3_nexthop_free_slot(void)
{
	for (uint32_t i = 0; i < L3_NEXTHOP_MAX; i++)
		if (l3nh.slot[i].rnh == 0) {
			if (i >= l3nh.high)
				l3nh.high = i + 1;
			return &l3nh.slot[i];
		}
	return NULL;
}

static int l3_nexthop_program(struct l3_nexthop *n, const uint8_t src_mac[6])
{
	struct dp_msg m = {.type = DP_MSG_RNH_SET};

	m.rnh.id = n->rnh;
	m.rnh.kind = DP_RNH_REMOTE_L3;
	m.rnh.nh = n->nh;
	m.rnh.vni = n->l3vni;
	memcpy(m.rnh.mac, n->rmac, 6);
	memcpy(m.rnh.src_mac, src_mac, 6);
	return cp_send(&m);
}

static const struct l3_vrf *l3_vrf_by_id(uint16_t id)
{
	for (size_t i = 0; i < l3_vrf_count(); i++)
		if (l3_vrf_at(i)->id == id)
			return l3_vrf_at(i);
	return NULL;
}

int l3_nexthop_get(uint16_t vrf, const struct dp_ip *vtep, const uint8_t rmac[6], uint32_t l3vni)
{
	static const uint8_t zero[6];
	const struct l3_vrf *v = l3_vrf_by_id(vrf);
	struct l3_nexthop *n = l3_nexthop_lookup(vrf, vtep, rmac, l3vni);
	struct cp_ip ip;
	int ret;

	if (n != NULL) {
		n->refs++;
		return (int)n->rnh;
	}
	if (v == NULL || memcmp(rmac, zero, 6) == 0)
		return -EINVAL;
	if ((n = l3_nexthop_free_slot()) == NULL)
		return -ENOSPC;
	cp_ip_of_dp(vtep, &ip);
	memset(n, 0, sizeof(*n));
	// Over MPLS (a per-VRF label) the PE is reached by its transport.
	n->nh = (l3vni & DP_MPLS_IP_FLAG) ? mpls_pe_nh_ref(&ip) : underlay_nh_ref(&ip);
	if (n->nh == 0)
		return -EHOSTUNREACH;
	n->rnh = L3_NEXTHOP_RNH_BASE + (uint32_t)(n - l3nh.slot);
	n->vrf = vrf;
	n->l3vni = l3vni;
	n->vtep = *vtep;
	memcpy(n->rmac, rmac, 6);
	if ((ret = l3_nexthop_index_add(n)) < 0 ||
		(ret = l3_nexthop_program(n, v->router_mac)) < 0) {
		uint32_t *i = l3_nexthop_index(&(struct l3_nexthop_key){vrf, l3vni, rmac, vtep});

		if (i != NULL)
			cp_htable_del(&l3nh.index, i);
		underlay_nh_unref(n->nh);
		memset(n, 0, sizeof(*n));
		return ret;
	}
	n->refs = 1;
	l3nh.n++;
	return (int)n->rnh;
}

const struct l3_nexthop *l3_nexthop_find(uint32_t rnh)
{
	uint32_t i = rnh - L3_NEXTHOP_RNH_BASE;

	if (rnh < L3_NEXTHOP_RNH_BASE || i >= L3_NEXTHOP_MAX || l3nh.slot[i].rnh == 0)
		return NULL;
	return &l3nh.slot[i];
}

void l3_nexthop_put(uint32_t rnh)
{
	struct l3_nexthop *n = (struct l3_nexthop *)l3_nexthop_find(rnh);
	struct dp_msg m = {.type = DP_MSG_RNH_DEL};

	if (n == NULL || --n->refs > 0)
		return;
	m.rnh.id = rnh;
	if (cp_send(&m) < 0)
		CP_WARN("l3", "route next hop %u not removed from the dataplane", rnh);
	uint32_t *i =
		l3_nexthop_index(&(struct l3_nexthop_key){n->vrf, n->l3vni, n->rmac, &n->vtep});
	if (i != NULL)
		cp_htable_del(&l3nh.index, i);
	underlay_nh_unref(n->nh);
	memset(n, 0, sizeof(*n));
	l3nh.n--;
}

int l3_nexthop_walk(l3_nexthop_cb cb, void *arg)
{
	for (uint32_t i = 0; i < l3nh.high; i++) {
		int ret;

		if (l3nh.slot[i].rnh != 0 && (ret = cb(&l3nh.slot[i], arg)) != 0)
			return ret;
	}
	return 0;
}

size_t l3_nexthop_count(void)
{
	return l3nh.n;
}

void l3_nexthop_fini(void)
{
	if (l3nh.ready)
		cp_htable_fini(&l3nh.index);
	memset(&l3nh, 0, sizeof(l3nh));
}
