// SPDX-License-Identifier: BSD-3-Clause
// Type-5 routes of the VRFs: set-up, origination and views (see evpn_prefix.h); the
// import is evpn_prefix_rx.c.
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
	pv->l3.mpls_label = cfg_vrf_label(cfg, (int)i + 1); // 0: VXLAN, the L3VNI
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

struct evpn_prefix_vrf *evpn_prefix_vrf_rw(size_t i)
{
	return i < pf.n ? &pf.vrfs[i] : NULL;
}
