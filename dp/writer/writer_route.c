// SPDX-License-Identifier: BSD-3-Clause
// VRF FIBs and the route next hops they point at. A VRF's FIB is made at its first
// route and lives until dp_fini. A next hop is an immutable object replaced whole
// (RCU); a route names it by id, so changing where many routes lead is one message.
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <urcu/pointer.h>

#include "dp/ip/vrf_fib.h"
#include "dp/writer/writer.h"

static bool rnh_msg_ok(const struct dp_msg_rnh *r)
{
	if (r->id == 0 || r->id >= DP_MAX_RNH)
		return false;
	switch (r->kind) {
	case DP_RNH_BLACKHOLE:
		return true;
	case DP_RNH_CONNECTED:
		break;
	case DP_RNH_VIA:
		if (r->via.family != AF_INET && r->via.family != AF_INET6)
			return false;
		break;
	case DP_RNH_HOST:
		if (!rte_is_valid_assigned_ether_addr((const struct rte_ether_addr *)r->mac))
			return false;
		break;
	case DP_RNH_REMOTE_L3: // no bridge domain: the L3VNI
		return r->nh > 0 && r->nh < DP_MAX_NEXTHOPS && r->vni > 0 && r->vni <= 0xffffff &&
		       rte_is_valid_assigned_ether_addr((const struct rte_ether_addr *)r->mac) &&
		       rte_is_valid_assigned_ether_addr((const struct rte_ether_addr *)r->src_mac);
	case DP_RNH_ECMP: // members that exist, none an ECMP one itself, nor this one
		if (r->n_members < 2 || r->n_members > DP_RNH_ECMP_MAX)
			return false;
		for (unsigned i = 0; i < r->n_members; i++) {
			uint16_t id = r->members[i];
			if (id == 0 || id >= DP_MAX_RNH || id == r->id ||
				dp_tables.rnh[id] == NULL || dp_tables.rnh[id]->kind == DP_RNH_ECMP)
				return false;
		}
		return true;
	default:
		return false;
	}
	return r->bd > 0 && r->bd < DP_MAX_BD;
}

// An ECMP next hop holds its members as a route does (they cannot go while it is there).
static void rnh_member_refs(const struct dp_rnh *n, int delta)
{
	for (unsigned i = 0; n != NULL && n->kind == DP_RNH_ECMP && i < n->n_members; i++)
		dp_writer.rnh_refs[n->members[i]] += (uint32_t)delta;
}

static int writer_rnh_set(const struct dp_msg_rnh *r)
{
	struct dp_rnh *n;

	if (!rnh_msg_ok(r))
		return -EINVAL;
	// A next hop in use does not become an ECMP one: it may be an ECMP one's member.
	if (r->kind == DP_RNH_ECMP && dp_tables.rnh[r->id] != NULL &&
		dp_tables.rnh[r->id]->kind != DP_RNH_ECMP && dp_writer.rnh_refs[r->id] > 0)
		return -EBUSY;
	if ((n = calloc(1, sizeof(*n))) == NULL)
		return -ENOMEM;
	n->kind = r->kind;
	n->bd = r->kind == DP_RNH_BLACKHOLE || r->kind == DP_RNH_REMOTE_L3 ? 0 : r->bd;
	memcpy(&n->mac, r->mac, 6);
	if (r->kind == DP_RNH_REMOTE_L3) {
		n->nh = r->nh;
		n->vni = r->vni;
		memcpy(&n->src_mac, r->src_mac, 6);
	}
	if (r->kind == DP_RNH_VIA) {
		n->via_family = r->via.family;
		memcpy(n->via, r->via.bytes, r->via.family == AF_INET ? 4 : 16);
	}
	if (r->kind == DP_RNH_ECMP) {
		n->n_members = r->n_members;
		memcpy(n->members, r->members, sizeof(n->members));
	}
	rnh_member_refs(n, 1);
	rnh_member_refs(dp_tables.rnh[r->id], -1);
	writer_defer_free(dp_tables.rnh[r->id]);
	rcu_assign_pointer(dp_tables.rnh[r->id], n);
	return 0;
}

static int writer_rnh_del(uint32_t id)
{
	if (id == 0 || id >= DP_MAX_RNH || dp_tables.rnh[id] == NULL)
		return -ENOENT;
	if (dp_writer.rnh_refs[id] > 0)
		return -EBUSY;
	rnh_member_refs(dp_tables.rnh[id], -1);
	writer_defer_free(dp_tables.rnh[id]);
	rcu_assign_pointer(dp_tables.rnh[id], NULL);
	return 0;
}

// VRFs whose FIB could not be made: not tried again for each of their routes (DPDK
// logs every failure), counted as fib_full.
static bool fib_failed[DP_MAX_VRF];

static struct vrf_fib *writer_fib(uint16_t vrf)
{
	struct vrf_fib *f = dp_tables.fib[vrf];

	if (f != NULL || fib_failed[vrf])
		return f;
	if ((f = vrf_fib_create(vrf)) == NULL) {
		fib_failed[vrf] = true;
		return NULL;
	}
	rcu_assign_pointer(dp_tables.fib[vrf], f);
	return f;
}

static int writer_route_add(const struct dp_msg_route *r)
{
	struct vrf_fib *f;
	uint32_t old = 0;
	int ret;

	if (r->vrf >= DP_MAX_VRF || r->rnh == 0 || r->rnh >= DP_MAX_RNH)
		return -EINVAL;
	if (dp_tables.rnh[r->rnh] == NULL)
		return -ENOENT;
	if ((f = writer_fib(r->vrf)) == NULL) {
		dp_writer.stats.fib_full++;
		return -ENOMEM;
	}
	vrf_fib_get(f, &r->prefix, r->len, &old);
	if ((ret = vrf_fib_add(f, &r->prefix, r->len, r->rnh)) < 0) {
		if (ret == -ENOSPC)
			dp_writer.stats.fib_full++;
		return ret;
	}
	if (old != 0)
		dp_writer.rnh_refs[old]--;
	else
		dp_writer.stats.fib_routes++;
	dp_writer.rnh_refs[r->rnh]++;
	return 0;
}

static int writer_route_del(const struct dp_msg_route *r)
{
	struct vrf_fib *f;
	uint32_t old;
	int ret;

	if (r->vrf >= DP_MAX_VRF)
		return -EINVAL;
	if ((f = dp_tables.fib[r->vrf]) == NULL)
		return 0;
	if ((ret = vrf_fib_get(f, &r->prefix, r->len, &old)) == -ENOENT)
		return 0;
	if (ret < 0 || (ret = vrf_fib_del(f, &r->prefix, r->len)) < 0)
		return ret;
	dp_writer.rnh_refs[old]--;
	dp_writer.stats.fib_routes--;
	return 0;
}

// An L3VNI is a VNI of a VRF: no bridge domain may have it, no other VRF.
static int writer_l3vni_set(const struct dp_msg_l3vni *l)
{
	struct dp_vrf *n;

	if (l->vrf >= DP_MAX_VRF || l->vni == 0 || l->vni > 0xffffff ||
		!rte_is_valid_assigned_ether_addr((const struct rte_ether_addr *)l->router_mac))
		return -EINVAL;
	for (unsigned i = 0; i < DP_MAX_BD; i++)
		if (dp_tables.bd[i] != NULL && dp_tables.bd[i]->vni == l->vni)
			return -EEXIST;
	for (unsigned i = 0; i < DP_MAX_VRF; i++)
		if (i != l->vrf && dp_tables.vrf[i] != NULL && dp_tables.vrf[i]->l3vni == l->vni)
			return -EEXIST;
	if ((n = calloc(1, sizeof(*n))) == NULL)
		return -ENOMEM;
	n->l3vni = l->vni;
	memcpy(&n->router_mac, l->router_mac, 6);
	writer_defer_free(dp_tables.vrf[l->vrf]);
	rcu_assign_pointer(dp_tables.vrf[l->vrf], n);
	return writer_vni_map_rebuild();
}

static int writer_l3vni_del(uint16_t vrf)
{
	if (vrf >= DP_MAX_VRF || dp_tables.vrf[vrf] == NULL)
		return -ENOENT;
	writer_defer_free(dp_tables.vrf[vrf]);
	rcu_assign_pointer(dp_tables.vrf[vrf], NULL);
	return writer_vni_map_rebuild();
}

int writer_apply_route(const struct dp_msg *m)
{
	switch (m->type) {
	case DP_MSG_RNH_SET:
		return writer_rnh_set(&m->rnh);
	case DP_MSG_RNH_DEL:
		return writer_rnh_del(m->rnh.id);
	case DP_MSG_ROUTE_ADD:
		return writer_route_add(&m->route);
	case DP_MSG_ROUTE_DEL:
		return writer_route_del(&m->route);
	case DP_MSG_L3VNI_SET:
		return writer_l3vni_set(&m->l3vni);
	case DP_MSG_L3VNI_DEL:
		return writer_l3vni_del(m->l3vni.vrf);
	default:
		return -ENOTSUP;
	}
}

int dp_fib_size(uint32_t routes)
{
	return vrf_fib_size(routes);
}

void writer_route_fini(void)
{
	memset(fib_failed, 0, sizeof(fib_failed));
	for (unsigned i = 0; i < DP_MAX_VRF; i++) {
		vrf_fib_free(dp_tables.fib[i]);
		free(dp_tables.vrf[i]);
	}
	for (unsigned i = 0; i < DP_MAX_RNH; i++)
		free(dp_tables.rnh[i]);
}
