// SPDX-License-Identifier: BSD-3-Clause
// Symmetric IRB host routes (see l3_host.h), in the control plane's hash table.
#include "cp/l3/l3_host.h"

#include <errno.h>
#include <string.h>

#include "cp/cp_htable.h"
#include "cp/cp_log.h"
#include "cp/cp_msgq.h"
#include "cp/l3/l3_nexthop.h"

static struct {
	struct cp_htable t;
	bool ready;
	uint32_t stamp;
	size_t n_remote; // hosts whose installed path is remote: routes in the FIBs
} l3h;

struct l3_host_key {
	uint16_t vrf;
	const struct cp_ip *ip;
};

static uint32_t l3_host_hash(uint16_t vrf, const struct cp_ip *ip)
{
	uint32_t h = 2166136261u ^ vrf;

	for (size_t i = 0; i < cp_ip_len(ip->family); i++)
		h = (h ^ ip->addr[i]) * 16777619u;
	return h;
}

static bool l3_host_eq(const void *entry, const void *key, void *arg)
{
	const struct l3_host *h = entry;
	const struct l3_host_key *k = key;

	(void)arg;
	return h->vrf == k->vrf && cp_ip_eq(&h->ip, k->ip);
}

static int l3_host_route(uint16_t type, const struct l3_host *h, uint32_t rnh)
{
	struct dp_msg m = {.type = type};

	m.route.vrf = h->vrf;
	m.route.len = h->ip.family == AF_INET ? 32 : 128;
	m.route.rnh = rnh;
	cp_ip_to_dp(&h->ip, &m.route.prefix);
	return cp_send(&m);
}

// The path to install: highest sequence, then the latest.
static uint8_t l3_host_pick(const struct l3_host *h)
{
	uint8_t best = 0;

	for (uint8_t i = 1; i < h->n_paths; i++) {
		const struct l3_host_path *p = &h->paths[i], *b = &h->paths[best];

		if (p->seq > b->seq || (p->seq == b->seq && h->path_stamp[i] > h->path_stamp[best]))
			best = i;
	}
	return best;
}

// Installs the best path when it changed (a route add replaces the FIB's entry); a
// local best path removes the route.
static void l3_host_install(struct l3_host *h, uint32_t installed)
{
	uint32_t rnh;

	h->best = l3_host_pick(h);
	rnh = h->paths[h->best].rnh;
	if (rnh == installed)
		return;
	if (installed == 0)
		l3h.n_remote++;
	else if (rnh == 0)
		l3h.n_remote--;
	if (rnh == 0 ? l3_host_route(DP_MSG_ROUTE_DEL, h, installed) < 0
		     : l3_host_route(DP_MSG_ROUTE_ADD, h, rnh) < 0)
		CP_WARN("l3", "vrf %u: a host route is not %s (dataplane queue full)", h->vrf,
			rnh == 0 ? "removed" : "installed");
}

static const uint8_t local_rd[8];

static struct l3_host *l3_host_get(uint16_t vrf, const struct cp_ip *ip)
{
	struct l3_host_key k = {vrf, ip};
	uint32_t hash = l3_host_hash(vrf, ip);
	uint32_t i;
	struct l3_host *h;

	if (!l3h.ready && cp_htable_init(&l3h.t, sizeof(struct l3_host), 8, 64) == 0)
		l3h.ready = true;
	if (!l3h.ready)
		return NULL;
	i = cp_htable_probe(&l3h.t, hash, &k, l3_host_eq, NULL);
	if (cp_htable_used(&l3h.t, i))
		return cp_htable_at(&l3h.t, i);
	if ((h = cp_htable_fill(&l3h.t, i, hash)) == NULL)
		return NULL;
	h->vrf = vrf;
	h->ip = *ip;
	return h;
}

static int l3_host_path_index(const struct l3_host *h, const uint8_t rd[8])
{
	for (int i = 0; i < h->n_paths; i++)
		if (memcmp(h->paths[i].rd, rd, 8) == 0)
			return i;
	return -1;
}

int l3_host_path_add(uint16_t vrf, const struct cp_ip *ip, const struct l3_host_route *p)
{
	struct l3_host *h = l3_host_get(vrf, ip);
	uint32_t installed;
	int i, rnh;

	if (h == NULL)
		return -ENOMEM;
	installed = h->n_paths > 0 ? h->paths[h->best].rnh : 0;
	i = l3_host_path_index(h, p->rd);
	if (i < 0 && h->n_paths == L3_HOST_MAX_PATHS)
		return -ENOSPC;
	rnh = memcmp(p->rd, local_rd, 8) == 0 ? 0 : l3_nexthop_get(vrf, &p->vtep, p->rmac, p->l3vni);
	if (rnh < 0) {
		if (h->n_paths == 0)
			cp_htable_del(&l3h.t, h);
		return rnh;
	}
	uint32_t old = i >= 0 ? h->paths[i].rnh : 0;

	if (i < 0)
		i = h->n_paths++;
	memcpy(h->paths[i].rd, p->rd, 8);
	h->paths[i].seq = p->seq;
	h->paths[i].rnh = (uint32_t)rnh;
	h->path_stamp[i] = ++l3h.stamp;
	l3_host_install(h, installed);
	if (old != 0) // after the route left it: the dataplane refuses to remove a used one
		l3_nexthop_put(old);
	return 0;
}

int l3_host_path_del(uint16_t vrf, const struct cp_ip *ip, const uint8_t rd[8])
{
	struct l3_host_key k = {vrf, ip};
	struct l3_host *h =
		l3h.ready ? cp_htable_find(&l3h.t, l3_host_hash(vrf, ip), &k, l3_host_eq, NULL)
			  : NULL;
	int i = h != NULL ? l3_host_path_index(h, rd) : -1;
	uint32_t gone, installed;

	if (i < 0)
		return -ENOENT;
	gone = h->paths[i].rnh;
	installed = h->paths[h->best].rnh;
	h->paths[i] = h->paths[h->n_paths - 1];
	h->path_stamp[i] = h->path_stamp[h->n_paths - 1];
	if (--h->n_paths > 0) {
		l3_host_install(h, installed);
	} else if (installed != 0) {
		l3h.n_remote--;
		if (l3_host_route(DP_MSG_ROUTE_DEL, h, installed) < 0)
			CP_WARN("l3", "vrf %u: a host route is not removed (dataplane queue full)",
				vrf);
	}
	if (h->n_paths == 0)
		cp_htable_del(&l3h.t, h);
	if (gone != 0)
		l3_nexthop_put(gone);
	return 0;
}

int l3_host_local_set(uint16_t vrf, const struct cp_ip *ip, uint32_t seq)
{
	struct l3_host_route r = {.seq = seq};

	return l3_host_path_add(vrf, ip, &r);
}

int l3_host_local_del(uint16_t vrf, const struct cp_ip *ip)
{
	return l3_host_path_del(vrf, ip, local_rd);
}

const struct l3_host *l3_host_find(uint16_t vrf, const struct cp_ip *ip)
{
	struct l3_host_key k = {vrf, ip};

	if (!l3h.ready)
		return NULL;
	return cp_htable_find(&l3h.t, l3_host_hash(vrf, ip), &k, l3_host_eq, NULL);
}

size_t l3_host_count(void)
{
	return l3h.n_remote;
}

int l3_host_walk(l3_host_cb cb, void *arg)
{
	uint32_t pos = 0;
	const struct l3_host *h;
	int ret;

	if (!l3h.ready)
		return 0;
	while ((h = cp_htable_next(&l3h.t, &pos)) != NULL)
		if ((ret = cb(h, arg)) != 0)
			return ret;
	return 0;
}

void l3_host_fini(void)
{
	uint32_t pos = 0;
	struct l3_host *h;

	if (!l3h.ready)
		return;
	while ((h = cp_htable_next(&l3h.t, &pos)) != NULL) {
		if (l3_host_remote(h))
			l3_host_route(DP_MSG_ROUTE_DEL, h, h->paths[h->best].rnh);
		for (uint8_t i = 0; i < h->n_paths; i++)
			if (h->paths[i].rnh != 0)
				l3_nexthop_put(h->paths[i].rnh);
	}
	cp_htable_fini(&l3h.t);
	memset(&l3h, 0, sizeof(l3h));
}
