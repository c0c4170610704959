// SPDX-License-Identifier: BSD-3-Clause
// Received type-5 routes into the VRFs that import them, and into their FIBs through
// cp/l3/l3_prefix.h (see evpn_prefix.h).
#include "cp/evpn/evpn_prefix.h"

#include <errno.h>
#include <string.h>

#include "cp/bgp/bgp_pattr.h"
#include "cp/evpn/evpn_mpls.h"
#include "cp/l3/l3_prefix.h"

static struct {
	uint64_t refused;
	uint64_t install_failed;
} rxs;

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
// L3VNI, or over MPLS as the PE's per-VRF label); a VTEP the underlay does not reach is
// not installed (counted).
static void install(struct evpn_prefix_vrf *pv, struct evpn_prefix_path *p)
{
	uint32_t raw = p->route.label[0];
	struct l3_prefix_route lp = {.vtep = p->vtep,
		.l3vni = pv->l3.mpls_label != 0 ? evpn_label_to_mpls(raw) | DP_MPLS_IP_FLAG
						: evpn_label_to_vni(raw)};
	bool was = p->installed;

	memcpy(lp.rd, p->route.rd.b, sizeof(lp.rd));
	memcpy(lp.rmac, p->rmac, 6);
	p->installed = l3_prefix_path_add(pv->vrf_id, &p->route.ip, p->route.prefix_len, &lp) == 0;
	if (!p->installed) {
		rxs.install_failed++;
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
			rxs.refused++;
		add = false; // treat as withdraw
		res->reason = rx->route->overlay_invalid ? "ESI and gateway IP both set"
							 : "no Router MAC";
	}
	struct evpn_prefix_vrf *pv;

	for (size_t i = 0; (pv = evpn_prefix_vrf_rw(i)) != NULL; i++) {
		if (add && evpn_vni_imports(&pv->l3, rx->ecomm, rx->ecomm_len) &&
			evpn_mpls_encap_ok(&pv->l3, &info)) {
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

uint64_t evpn_prefix_refused(void)
{
	return rxs.refused;
}

uint64_t evpn_prefix_install_failed(void)
{
	return rxs.install_failed;
}
