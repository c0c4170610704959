// SPDX-License-Identifier: BSD-3-Clause
#include "cp/evpn/evpn_gw.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cp/cp_log.h"
#include "cp/evpn/evpn_local.h"
#include "cp/evpn/evpn_mac.h"
#include "cp/evpn/evpn_route.h"
#include "cp/evpn/evpn_vni.h"

struct gw {
	uint16_t bd;
	uint32_t vni;
	uint8_t mac[6];
	uint8_t n;
	struct cp_ip ip[CFG_GW_MAX_ADDRS];
	uint8_t len[CFG_GW_MAX_ADDRS];
};

// The VNIs whose vni block says advertise-default-gw.
static uint32_t *vni_adv;
static size_t n_vni_adv;

static struct {
	struct gw *gws; // the bridge domains with a gateway-mac
	size_t n;
	uint16_t idx[DP_MAX_BD]; // bd -> 1 + index in gws, 0 = none
	bool advertise;
	unsigned routes;
} g;

int evpn_gw_init(const struct evpnd_config *cfg)
{
	evpn_gw_fini();
	if (cfg->n_bds > 0 && (g.gws = calloc(cfg->n_bds, sizeof(*g.gws))) == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < cfg->n_bds; i++) {
		const struct cfg_bd *b = &cfg->bds[i];
		struct gw *w = &g.gws[g.n];

		if (!b->has_gw_mac || b->id >= DP_MAX_BD)
			continue;
		w->bd = (uint16_t)b->id;
		w->vni = b->vni;
		memcpy(w->mac, b->gw_mac, 6);
		for (size_t j = 0; j < b->n_gw_addrs && j < CFG_GW_MAX_ADDRS; j++) {
			w->ip[w->n] = b->gw_addrs[j].addr;
			w->len[w->n++] = b->gw_addrs[j].len;
		}
		g.idx[w->bd] = (uint16_t)++g.n;
	}
	g.advertise = cfg->bgp.advertise_default_gw;
	if (cfg->bgp.n_evpn_vnis > 0 &&
		(vni_adv = calloc(cfg->bgp.n_evpn_vnis, sizeof(*vni_adv))) == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < cfg->bgp.n_evpn_vnis; i++)
		if (cfg->bgp.evpn_vnis[i].advertise_default_gw)
			vni_adv[n_vni_adv++] = cfg->bgp.evpn_vnis[i].vni;
	return 0;
}

void evpn_gw_fini(void)
{
	free(g.gws);
	memset(&g, 0, sizeof(g));
	free(vni_adv);
	vni_adv = NULL;
	n_vni_adv = 0;
}

bool evpn_gw_vni_advertised(uint32_t vni)
{
	for (size_t i = 0; i < n_vni_adv; i++)
		if (vni_adv[i] == vni)
			return true;
	return false;
}

static const struct gw *gw_of(uint16_t bd)
{
	return bd < DP_MAX_BD && g.idx[bd] ? &g.gws[g.idx[bd] - 1] : NULL;
}

const uint8_t *evpn_gw_mac(uint16_t bd)
{
	const struct gw *w = gw_of(bd);
	return w ? w->mac : NULL;
}

bool evpn_gw_has_ip(uint16_t bd, const struct cp_ip *ip)
{
	const struct gw *w = gw_of(bd);

	for (unsigned i = 0; w != NULL && i < w->n; i++)
		if (cp_ip_eq(&w->ip[i], ip))
			return true;
	return false;
}

unsigned evpn_gw_addrs(uint16_t bd, struct cp_ip *ips, uint8_t *lens)
{
	const struct gw *w = gw_of(bd);

	if (w == NULL)
		return 0;
	memcpy(ips, w->ip, w->n * sizeof(*ips));
	memcpy(lens, w->len, w->n);
	return w->n;
}

bool evpn_gw_advertised(void)
{
	return g.advertise;
}

unsigned evpn_gw_routes(void)
{
	return g.routes;
}

// One MAC+IP route per gateway address, as FRR's advertise-default-gw does for its
// SVI (no MAC-only route: the MAC is every VTEP's).
static int gw_advertise(const struct gw *w, const struct evpn_vni *v, const struct dp_ip *vtep)
{
	struct evpn_route_out out;
	int ret;

	for (unsigned i = 0; i < w->n; i++) {
		if ((ret = evpn_build_gw_macip(v, w->mac, &w->ip[i], vtep, &out)) < 0 ||
			(ret = evpn_local_set(v->vni, &out)) < 0)
			return ret;
		g.routes++;
	}
	CP_INFO("evpn", "VNI %u: %u gateway MAC+IP routes advertised (default gateway)", v->vni,
		w->n);
	return 0;
}

int evpn_gw_start(const struct evpnd_config *cfg, const struct evpn_inst *in,
	struct evpn_mac_table *macs, const struct dp_ip *vtep)
{
	int ret;

	if ((ret = evpn_gw_init(cfg)) < 0)
		return ret;
	for (size_t i = 0; i < g.n; i++) {
		const struct gw *w = &g.gws[i];
		const struct evpn_vni *v = evpn_vni_find(in, w->vni);

		if ((ret = evpn_mac_gateway_set(macs, w->vni, w->mac)) < 0)
			return ret;
		if ((g.advertise || evpn_gw_vni_advertised(w->vni)) && v != NULL &&
			(ret = gw_advertise(w, v, vtep)) < 0)
			return ret;
	}
	return 0;
}
