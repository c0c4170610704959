// SPDX-License-Identifier: BSD-3-Clause
// Type-5 routes of the VRFs: origination and import (see evpn_prefix.h).
#include "cp/evpn/evpn_prefix.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cp/bgp/bgp_pattr.h"
#include "cp/cp_log.h"
#include "cp/evpn/evpn_local.h"
#include "cp/l3/l3_prefix.h"
#include "cp/l3/l3_vrf.h"

static struct {
	struct evpn_prefix_vrf *vrfs;
	size_t n;
	uint64_t refused;
	uint64_t install_failed;
} pf;

// ---- set-up and origination

static void set_rts(struct evpn_inst *in, struct evpn_vni *v, const struct cfg_vrf *c)
{
	if (c->rd_set) {
		struct evpn_rd rd;
		memcpy(rd.b, c->rd, sizeof(rd.b));
		evpn_vni_set_rd(in, v, &rd);
	}
	for (unsigned j = 0; j < c->n_rts; j++) {
		struct evpn_rt rt;
		memcpy(rt.b, c->rts[j].rt, sizeof(rt.b));
		evpn_vni_rt_add(in, v, (enum evpn_rt_dir)c->rts[j].dir, &rt);
	}
}

static int vrf_init(
	struct evpn_inst *in, const struct evpnd_config *cfg, size_t i, struct evpn_prefix_vrf *pv)
{
	const struct cfg_vrf *c = &cfg->vrfs[i];
	int id = evpn_rd_id_alloc(in);

	if (id < 0)
		return id;
	snprintf(pv->name, sizeof(pv->name), "%s", c->name);
	pv->vrf_id = (uint16_t)(i + 1);
	cfg_vrf_router_mac(cfg, (int)i + 1, pv->rmac);
	pv->advertise[0] = c->advertise_line[0] != 0;
	pv->advertise[1] = c->advertise_line[1] != 0;
	pv->l3.vni = c->vni;
	pv->l3.rd_id = (uint16_t)id;
	evpn_vni_set_rd(in, &pv->l3, NULL); // auto RD and RTs
	set_rts(in, &pv->l3, c);
	return cp_htable_init(&pv->rx, sizeof(struct evpn_prefix_path), 8, 16);
}

static const struct l3_vrf *l3_of(uint16_t id)
{
	for (size_t i = 0; i < l3_vrf_count(); i++)
		if (l3_vrf_at(i)->id == id)
			return l3_vrf_at(i);
	return NULL;
}

// The VRF's connected subnets and static routes of the advertised families that its
// route-map (if any) permits.
static int originate(const struct evpnd_config *cfg, const struct cfg_vrf *c,
	struct evpn_prefix_vrf *pv, const struct dp_ip *vtep)
{
	const struct l3_vrf *v = l3_of(pv->vrf_id);
	struct evpn_route_out out;
	int ret;

	if (v != NULL && (pv->adv = calloc(v->n_routes + 1, sizeof(*pv->adv))) == NULL)
		return -ENOMEM;
	for (size_t i = 0; v != NULL && i < v->n_routes; i++) {
		const struct l3_route *r = &v->routes[i];
		int f = r->dst.addr.family == AF_INET6;
		if (!pv->advertise[f] ||
			(c->advertise_rmap[f][0] &&
				!cfg_route_map_permits(cfg, c->advertise_rmap[f], &r->dst)))
			continue;
		if ((ret = evpn_build_prefix(
			     &pv->l3, pv->rmac, &r->dst.addr, r->dst.len, vtep, &out)) < 0 ||
			(ret = evpn_local_set(pv->l3.vni, &out)) < 0)
			return ret;
		pv->adv[pv->advertised++] = r->dst;
	}
	return 0;
}

int evpn_prefix_start(
	const struct evpnd_config *cfg, struct evpn_inst *in, const struct dp_ip *vtep)
{
	int ret;

	memset(&pf, 0, sizeof(pf));
	if ((pf.vrfs = calloc(cfg->n_vrfs + 1, sizeof(*pf.vrfs))) == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < cfg->n_vrfs; i++) {
		if (cfg->vrfs[i].vni == 0)
			continue;
		struct evpn_prefix_vrf *pv = &pf.vrfs[pf.n++];
		char rd[EVPN_RD_STRLEN];
		if ((ret = vrf_init(in, cfg, i, pv)) < 0 ||
			(ret = originate(cfg, &cfg->vrfs[i], pv, vtep)) < 0)
			return ret;
		evpn_rd_str(rd, sizeof(rd), &pv->l3.rd);
		CP_INFO("evpn", "vrf %s: L3VNI %u, RD %s, %u type-5 routes advertised", pv->name,
			pv->l3.vni, rd, pv->advertised);
	}
	return 0;
}

void evpn_prefix_fini(struct evpn_inst *in)
{
	for (size_t i = 0; i < pf.n; i++) {
		struct evpn_prefix_vrf *pv = &pf.vrfs[i];
		struct evpn_prefix_path *p;
		uint32_t pos = 0;
		while ((p = cp_htable_next(&pv->rx, &pos)) != NULL)
			bgp_pattr_unref(p->attrs);
		cp_htable_fini(&pv->rx);
		free(pv->adv);
		if (in != NULL)
			evpn_rd_id_free(in, pv->l3.rd_id);
	}
	l3_prefix_fini();
	free(pf.vrfs);
	memset(&pf, 0, sizeof(pf));
}

// ---- import

static uint32_t key_hash(const struct evpn_route *r)
{
	uint32_t h = 2166136261u;
	const uint8_t *parts[2] = {r->rd.b, r->ip.addr};
	const size_t lens[2] = {EVPN_RD_LEN, 16};

	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < lens[k]; i++)
			h = (h ^ parts[k][i]) * 16777619u;
	return (h ^ r->prefix_len) * 16777619u;
}

static bool key_eq(const void *entry, const void *key, void *arg)
{
	const struct evpn_prefix_path *p = entry;
	(void)arg;
	return evpn_route_same_key(&p->route, key);
}

static void vrf_del(struct evpn_prefix_vrf *pv, const struct evpn_route *r, uint32_t h)
{
	struct evpn_prefix_path *p = cp_htable_find(&pv->rx, h, r, key_eq, NULL);

	if (p == NULL)
		return;
	if (p->installed)
		l3_prefix_path_del(pv->vrf_id, &p->route.ip, p->route.prefix_len, p->route.rd.b);
	bgp_pattr_unref(p->attrs);
	cp_htable_del(&pv->rx, p);
}

// Into the VRF's FIB via the L3 next hop (VTEP, router MAC, the route's label as
// L3VNI); a VTEP the underlay does not reach is not installed (counted).
static void install(struct evpn_prefix_vrf *pv, struct evpn_prefix_path *p)
{
	struct l3_prefix_path lp = {.vtep = p->vtep, .l3vni = evpn_label_to_vni(p->route.label[0])};
	bool was = p->installed;

	memcpy(lp.rd, p->route.rd.b, sizeof(lp.rd));
	memcpy(lp.rmac, p->rmac, 6);
	p->installed = l3_prefix_path_add(pv->vrf_id, &p->route.ip, p->route.prefix_len, &lp) == 0;
	if (!p->installed) {
		pf.install_failed++;
		if (was) // its earlier path is still there
			l3_prefix_path_del(
				pv->vrf_id, &p->route.ip, p->route.prefix_len, p->route.rd.b);
	}
}

static int vrf_set(struct evpn_prefix_vrf *pv, const struct evpn_rx_path *rx,
	const struct evpn_ecomm_info *info, uint32_t h)
{
	uint32_t i = cp_htable_probe(&pv->rx, h, rx->route, key_eq, NULL);
	struct evpn_prefix_path *p;

	bool installed = false;

	if (cp_htable_used(&pv->rx, i)) {
		p = cp_htable_at(&pv->rx, i);
		installed = p->installed;
		bgp_pattr_unref(p->attrs);
	} else if ((p = cp_htable_fill(&pv->rx, i, h)) == NULL) {
		return -ENOMEM;
	}
	p->installed = installed;
	p->route = *rx->route;
	p->route.path_id = 0;
	p->vtep = rx->nexthop;
	memcpy(p->rmac, info->rmac, 6);
	p->internal = rx->internal;
	p->attrs = rx->attrs ? bgp_pattr_ref((struct bgp_pattr *)rx->attrs) : NULL;
	install(pv, p);
	return 0;
}

static bool mac_zero(const uint8_t m[6])
{
	return (m[0] | m[1] | m[2] | m[3] | m[4] | m[5]) == 0;
}

void evpn_prefix_rx(const struct evpn_rx_path *rx, bool add, const struct dp_ip *local_vtep,
	struct evpn_rx_result *res)
{
	struct evpn_route key = *rx->route;
	struct evpn_ecomm_info info;
	uint32_t h;

	key.path_id = 0;
	h = key_hash(&key);
	evpn_ecomm_scan(rx->ecomm, rx->ecomm_len, &info);
	if (add && cp_dp_ip_eq(&rx->nexthop, local_vtep)) {
		res->ignored = true;
		res->reason = "our own VTEP";
		return;
	}
	if (add && (rx->route->overlay_invalid || !info.has_rmac || mac_zero(info.rmac))) {
		if (!rx->route->overlay_invalid)
			pf.refused++;
		add = false; // treat as withdraw
		res->reason = rx->route->overlay_invalid ? "ESI and gateway IP both set"
							 : "no Router MAC";
	}
	for (size_t i = 0; i < pf.n; i++) {
		struct evpn_prefix_vrf *pv = &pf.vrfs[i];
		if (add && evpn_vni_imports(&pv->l3, rx->ecomm, rx->ecomm_len)) {
			if (vrf_set(pv, rx, &info, h) == 0)
				res->n_vni++;
		} else {
			vrf_del(pv, &key, h);
		}
	}
	if (res->n_vni == 0) {
		res->ignored = true;
		if (res->reason == NULL)
			res->reason = "no VRF imports its route targets";
	}
}

// ---- views

size_t evpn_prefix_vrf_count(void)
{
	return pf.n;
}

const struct evpn_prefix_vrf *evpn_prefix_vrf_at(size_t i)
{
	return i < pf.n ? &pf.vrfs[i] : NULL;
}

const struct evpn_prefix_vrf *evpn_prefix_vrf_find(const char *name)
{
	for (size_t i = 0; i < pf.n; i++)
		if (strcmp(pf.vrfs[i].name, name) == 0)
			return &pf.vrfs[i];
	return NULL;
}

uint64_t evpn_prefix_refused(void)
{
	return pf.refused;
}

uint64_t evpn_prefix_install_failed(void)
{
	return pf.install_failed;
}
