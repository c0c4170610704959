// SPDX-License-Identifier: BSD-3-Clause
// Route next hop ids: a bridge domain's connected subnets share id = its domain id
// (1..4094); the blackhole is L3_RNH_BLACKHOLE; each static route via a router has its
// own, from L3_RNH_STATIC up.
#include "cp/l3/l3_vrf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cp/cp_log.h"
#include "cp/cp_msgq.h"

#define L3_RNH_BLACKHOLE 4095
#define L3_RNH_STATIC 4096

static struct {
	struct l3_vrf *vrfs;
	size_t n;
} l3;

static int l3_route_cmp(const void *a, const void *b)
{
	const struct l3_route *x = a, *y = b;
	int c = cp_ip_cmp(&x->dst.addr, &y->dst.addr);

	return c != 0 ? c : (int)x->dst.len - (int)y->dst.len;
}

static struct l3_route *l3_route_push(struct l3_vrf *v)
{
	struct l3_route *r = realloc(v->routes, (v->n_routes + 1) * sizeof(*r));

	if (r == NULL)
		return NULL;
	v->routes = r;
	r = &v->routes[v->n_routes++];
	memset(r, 0, sizeof(*r));
	return r;
}

static int l3_send_rnh(uint32_t id, uint8_t kind, uint16_t bd, const struct cp_ip *via)
{
	struct dp_msg m = {.type = DP_MSG_RNH_SET};

	m.rnh.id = id;
	m.rnh.kind = kind;
	m.rnh.bd = bd;
	if (via != NULL)
		cp_ip_to_dp(via, &m.rnh.via);
	return cp_send(&m);
}

static int l3_send_route(const struct l3_vrf *v, struct l3_route *r)
{
	struct dp_msg m = {.type = DP_MSG_ROUTE_ADD};
	int ret;

	m.route.vrf = v->id;
	m.route.len = r->dst.len;
	m.route.rnh = r->rnh;
	cp_ip_to_dp(&r->dst.addr, &m.route.prefix);
	if ((ret = cp_send(&m)) == 0)
		r->installed = true;
	return ret;
}

// The connected subnets of the VRF's domains.
static int l3_vrf_connected(const struct evpnd_config *cfg, struct l3_vrf *v)
{
	for (size_t i = 0; i < cfg->n_bds; i++) {
		const struct cfg_bd *b = &cfg->bds[i];

		if (cfg_vrf_id(cfg, b->vrf) != v->id || !b->has_gw_mac || b->n_gw_addrs == 0)
			continue;
		v->bds[v->n_bds++] = (uint16_t)b->id;
		if (l3_send_rnh(b->id, DP_RNH_CONNECTED, (uint16_t)b->id, NULL) < 0)
			return -ENOBUFS;
		for (size_t j = 0; j < b->n_gw_addrs; j++) {
			struct l3_route *r = l3_route_push(v);
			if (r == NULL)
				return -ENOMEM;
			r->dst = b->gw_addrs[j];
			cfg_prefix_mask(&r->dst);
			r->kind = L3_ROUTE_CONNECTED;
			r->bd = (uint16_t)b->id;
			r->rnh = b->id;
		}
	}
	return 0;
}

static int l3_vrf_static(const struct evpnd_config *cfg, struct l3_vrf *v, uint32_t *next_rnh)
{
	const struct cfg_vrf *c = v->id > 0 ? &cfg->vrfs[v->id - 1] : NULL;

	for (size_t i = 0; c != NULL && i < c->n_routes; i++) {
		const struct cfg_vrf_route *cr = &c->routes[i];
		const struct cfg_bd *bd =
			cr->blackhole ? NULL : cfg_vrf_connected(cfg, v->id, &cr->via);
		struct l3_route *r;

		if (!cr->blackhole && bd == NULL)
			continue; // config_check refuses it
		if ((r = l3_route_push(v)) == NULL)
			return -ENOMEM;
		r->dst = cr->dst;
		r->kind = L3_ROUTE_STATIC;
		r->blackhole = cr->blackhole;
		r->via = cr->via;
		r->bd = bd != NULL ? (uint16_t)bd->id : 0;
		r->rnh = cr->blackhole ? L3_RNH_BLACKHOLE : (*next_rnh)++;
		if (!cr->blackhole && l3_send_rnh(r->rnh, DP_RNH_VIA, r->bd, &r->via) < 0)
			return -ENOBUFS;
	}
	return 0;
}

static int l3_vrf_build(const struct evpnd_config *cfg, struct l3_vrf *v, uint32_t *next_rnh)
{
	int ret;

	if ((v->bds = calloc(cfg->n_bds + 1, sizeof(*v->bds))) == NULL)
		return -ENOMEM;
	if ((ret = l3_vrf_connected(cfg, v)) < 0 || (ret = l3_vrf_static(cfg, v, next_rnh)) < 0)
		return ret;
	qsort(v->routes, v->n_routes, sizeof(*v->routes), l3_route_cmp);
	for (size_t i = 0; i < v->n_routes; i++)
		if ((ret = l3_send_route(v, &v->routes[i])) < 0)
			return ret;
	return 0;
}

// Symmetric IRB: the dataplane routes what comes in the L3VNI to our router MAC.
static int l3_vrf_l3vni(const struct l3_vrf *v)
{
	struct dp_msg m = {.type = DP_MSG_L3VNI_SET};

	if (v->vni == 0)
		return 0;
	m.l3vni.vrf = v->id;
	m.l3vni.vni = v->vni;
	memcpy(m.l3vni.router_mac, v->router_mac, 6);
	return cp_send(&m);
}

// Whether the default VRF has a gateway: then it is listed as a VRF.
static bool l3_default_used(const struct evpnd_config *cfg)
{
	for (size_t i = 0; i < cfg->n_bds; i++)
		if (cfg->bds[i].vrf[0] == '\0' && cfg->bds[i].has_gw_mac &&
			cfg->bds[i].n_gw_addrs > 0)
			return true;
	return false;
}

int l3_vrf_apply(const struct evpnd_config *cfg)
{
	uint32_t next_rnh = L3_RNH_STATIC;
	bool dflt = l3_default_used(cfg);
	int ret;

	l3_vrf_fini();
	if ((l3.vrfs = calloc(cfg->n_vrfs + 1, sizeof(*l3.vrfs))) == NULL)
		return -ENOMEM;
	if (dflt || cfg->n_vrfs > 0) {
		struct dp_msg m = {.type = DP_MSG_RNH_SET};
		m.rnh.id = L3_RNH_BLACKHOLE;
		m.rnh.kind = DP_RNH_BLACKHOLE;
		cp_send(&m);
	}
	for (size_t i = dflt ? 0 : 1; i <= cfg->n_vrfs; i++) {
		struct l3_vrf *v = &l3.vrfs[l3.n++];

		v->id = (uint16_t)i;
		snprintf(
			v->name, sizeof(v->name), "%s", i == 0 ? "default" : cfg->vrfs[i - 1].name);
		v->vni = i == 0 ? 0 : cfg->vrfs[i - 1].vni;
		cfg_vrf_router_mac(cfg, (int)i, v->router_mac);
		if ((ret = l3_vrf_l3vni(v)) < 0 || (ret = l3_vrf_build(cfg, v, &next_rnh)) < 0) {
			CP_ERR("l3", "vrf %s: %s", v->name, strerror(-ret));
			return ret;
		}
		CP_INFO("l3", "vrf %s: id %u, %u bridge domains, %zu routes", v->name, v->id,
			v->n_bds, v->n_routes);
	}
	return 0;
}

void l3_vrf_fini(void)
{
	for (size_t i = 0; i < l3.n; i++) {
		free(l3.vrfs[i].bds);
		free(l3.vrfs[i].routes);
	}
	free(l3.vrfs);
	memset(&l3, 0, sizeof(l3));
}

size_t l3_vrf_count(void)
{
	return l3.n;
}

const struct l3_vrf *l3_vrf_at(size_t i)
{
	return i < l3.n ? &l3.vrfs[i] : NULL;
}

const struct l3_vrf *l3_vrf_find(const char *name)
{
	for (size_t i = 0; i < l3.n; i++)
		if (strcmp(l3.vrfs[i].name, name) == 0)
			return &l3.vrfs[i];
	return NULL;
}

const struct l3_vrf *l3_vrf_by_vni(uint32_t vni)
{
	for (size_t i = 0; vni != 0 && i < l3.n; i++)
		if (l3.vrfs[i].vni == vni)
			return &l3.vrfs[i];
	return NULL;
}
