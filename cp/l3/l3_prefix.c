// SPDX-License-Identifier: BSD-3-Clause
// Type-5 prefix routes in the VRF FIBs (see l3_prefix.h), in the control plane's hash
// table.
#include "cp/l3/l3_prefix.h"

#include <errno.h>
#include <string.h>

#include "cp/cp_htable.h"
#include "cp/cp_log.h"
#include "cp/cp_msgq.h"
#include "cp/l3/l3_nexthop.h"
#include "cp/l3/l3_vrf.h"

static struct {
	struct cp_htable t;
	bool ready;
} l3p;

struct l3_prefix_key {
	uint16_t vrf;
	uint8_t len;
	const struct cp_ip *ip;
};

static uint32_t l3_prefix_hash(uint16_t vrf, const struct cp_ip *ip, uint8_t len)
{
	uint32_t h = (2166136261u ^ vrf) * 16777619u;

	for (size_t i = 0; i < cp_ip_len(ip->family); i++)
		h = (h ^ ip->addr[i]) * 16777619u;
	return (h ^ len) * 16777619u;
}

static bool l3_prefix_eq(const void *entry, const void *key, void *arg)
{
	const struct l3_prefix *p = entry;
	const struct l3_prefix_key *k = key;

	(void)arg;
	return p->vrf == k->vrf && p->len == k->len && cp_ip_eq(&p->ip, k->ip);
}

// The VRF's own routes (connected, static) win over a received prefix.
static bool l3_prefix_is_local(uint16_t vrf, const struct cp_ip *ip, uint8_t len)
{
	for (size_t i = 0; i < l3_vrf_count(); i++) {
		const struct l3_vrf *v = l3_vrf_at(i);
		if (v->id != vrf)
			continue;
		for (size_t j = 0; j < v->n_routes; j++)
			if (v->routes[j].dst.len == len && cp_ip_eq(&v->routes[j].dst.addr, ip))
				return true;
	}
	return false;
}

static int l3_prefix_route(uint16_t type, const struct l3_prefix *p, uint32_t rnh)
{
	struct dp_msg m = {.type = type};

	m.route.vrf = p->vrf;
	m.route.len = p->len;
	m.route.rnh = rnh;
	cp_ip_to_dp(&p->ip, &m.route.prefix);
	return cp_send(&m);
}

static uint8_t l3_prefix_pick(const struct l3_prefix *p)
{
	uint8_t best = 0;

	for (uint8_t i = 1; i < p->n_paths; i++)
		if (l3_prefix_path_cmp(&p->paths[i], &p->paths[best]) < 0)
			best = i;
	return best;
}

// Installs what the paths lead to when it changed (a route add replaces the FIB's
// entry); an ECMP next hop no longer used goes after the route left it.
static void l3_prefix_install(struct l3_prefix *p, uint32_t installed)
{
	p->best = l3_prefix_pick(p);
	if (p->local)
		return;
	uint32_t target = l3_prefix_ecmp_target(p);
	if (target != installed && l3_prefix_route(DP_MSG_ROUTE_ADD, p, target) < 0)
		CP_WARN("l3", "vrf %u: a prefix route is not installed (dataplane queue full)",
			p->vrf);
	if (p->ecmp != 0 && target != p->ecmp) {
		l3_prefix_ecmp_put(p->ecmp);
		p->ecmp = 0;
	}
}

// What the FIB has for p now: its ECMP next hop or its best path's.
static uint32_t l3_prefix_installed(const struct l3_prefix *p)
{
	if (p->local || p->n_paths == 0)
		return 0;
	return p->ecmp != 0 ? p->ecmp : p->paths[p->best].rnh;
}

static struct l3_prefix *l3_prefix_get(uint16_t vrf, const struct cp_ip *ip, uint8_t len)
{
	struct l3_prefix_key k = {vrf, len, ip};
	uint32_t hash = l3_prefix_hash(vrf, ip, len);
	struct l3_prefix *p;
	uint32_t i;

	if (!l3p.ready && cp_htable_init(&l3p.t, sizeof(struct l3_prefix), 8, 64) == 0)
		l3p.ready = true;
	if (!l3p.ready)
		return NULL;
	i = cp_htable_probe(&l3p.t, hash, &k, l3_prefix_eq, NULL);
	if (cp_htable_used(&l3p.t, i))
		return cp_htable_at(&l3p.t, i);
	if ((p = cp_htable_fill(&l3p.t, i, hash)) == NULL)
		return NULL;
	p->vrf = vrf;
	p->len = len;
	p->ip = *ip;
	p->local = l3_prefix_is_local(vrf, ip, len);
	return p;
}

static int l3_prefix_path_index(const struct l3_prefix *p, const uint8_t rd[8])
{
	for (int i = 0; i < p->n_paths; i++)
		if (memcmp(p->paths[i].rd, rd, 8) == 0)
			return i;
	return -1;
}

int l3_prefix_path_add(
	uint16_t vrf, const struct cp_ip *ip, uint8_t len, const struct l3_prefix_route *path)
{
	struct l3_prefix *p = l3_prefix_get(vrf, ip, len);
	uint32_t installed;
	int i, rnh;

	if (p == NULL)
		return -ENOMEM;
	installed = l3_prefix_installed(p);
	i = l3_prefix_path_index(p, path->rd);
	if (i < 0 && p->n_paths == L3_PREFIX_MAX_PATHS)
		return -ENOSPC;
	if ((rnh = l3_nexthop_get(vrf, &path->vtep, path->rmac, path->l3vni)) < 0) {
		if (p->n_paths == 0)
			cp_htable_del(&l3p.t, p);
		return rnh;
	}
	uint32_t old = i >= 0 ? p->paths[i].rnh : 0;

	if (i < 0)
		i = p->n_paths++;
	memcpy(p->paths[i].rd, path->rd, 8);
	p->paths[i].rnh = (uint32_t)rnh;
	l3_prefix_install(p, installed);
	if (old != 0) // after the route left it: the dataplane refuses to remove a used one
		l3_nexthop_put(old);
	return 0;
}

int l3_prefix_path_del(uint16_t vrf, const struct cp_ip *ip, uint8_t len, const uint8_t rd[8])
{
	struct l3_prefix_key k = {vrf, len, ip};
	struct l3_prefix *p = l3p.ready ? cp_htable_find(&l3p.t, l3_prefix_hash(vrf, ip, len), &k,
						  l3_prefix_eq, NULL)
					: NULL;
	int i = p != NULL ? l3_prefix_path_index(p, rd) : -1;
	uint32_t gone, installed;

	if (i < 0)
		return -ENOENT;
	gone = p->paths[i].rnh;
	installed = l3_prefix_installed(p);
	p->paths[i] = p->paths[p->n_paths - 1];
	if (--p->n_paths > 0) {
		l3_prefix_install(p, installed);
	} else {
		if (!p->local && l3_prefix_route(DP_MSG_ROUTE_DEL, p, installed) < 0)
			CP_WARN("l3",
				"vrf %u: a prefix route is not removed (dataplane queue full)",
				vrf);
		if (p->ecmp != 0)
			l3_prefix_ecmp_put(p->ecmp);
		cp_htable_del(&l3p.t, p);
	}
	l3_nexthop_put(gone);
	return 0;
}

const struct l3_prefix *l3_prefix_find(uint16_t vrf, const struct cp_ip *ip, uint8_t len)
{
	struct l3_prefix_key k = {vrf, len, ip};

	if (!l3p.ready)
		return NULL;
	return cp_htable_find(&l3p.t, l3_prefix_hash(vrf, ip, len), &k, l3_prefix_eq, NULL);
}

size_t l3_prefix_count(void)
{
	return l3p.ready ? cp_htable_count(&l3p.t) : 0;
}

int l3_prefix_walk(l3_prefix_cb cb, void *arg)
{
	uint32_t pos = 0;
	const struct l3_prefix *p;
	int ret;

	if (!l3p.ready)
		return 0;
	while ((p = cp_htable_next(&l3p.t, &pos)) != NULL)
		if ((ret = cb(p, arg)) != 0)
			return ret;
	return 0;
}

void l3_prefix_fini(void)
{
	uint32_t pos = 0;
	struct l3_prefix *p;

	if (!l3p.ready)
		return;
	while ((p = cp_htable_next(&l3p.t, &pos)) != NULL) {
		if (!p->local)
			l3_prefix_route(DP_MSG_ROUTE_DEL, p, l3_prefix_installed(p));
		if (p->ecmp != 0)
			l3_prefix_ecmp_put(p->ecmp);
		for (uint8_t i = 0; i < p->n_paths; i++)
			l3_nexthop_put(p->paths[i].rnh);
	}
	cp_htable_fini(&l3p.t);
	memset(&l3p, 0, sizeof(l3p));
	l3_prefix_ecmp_fini();
}
