// SPDX-License-Identifier: BSD-3-Clause
// The EVPN RIB's best-path changes into the EVPN module.
#include "cp/evpn/evpn_bgp_in.h"

#include <errno.h>
#include <string.h>

#include "cp/bgp/bgp_speaker.h"
#include "cp/cp_addr.h"
#include "cp/cp_log.h"
#include "cp/evpn/evpn_family.h"
#include "cp/evpn/evpn_vtep.h"

static void addr_of(struct dp_ip *ip, const uint8_t *b, size_t len)
{
	memset(ip, 0, sizeof(*ip));
	if (len != 4 && len != 16)
		return;
	ip->family = len == 4 ? AF_INET : AF_INET6;
	memcpy(ip->bytes, b, len);
}

int evpn_bgp_path_decode(
	const struct bgp_route *r, struct evpn_route *route, struct evpn_rx_path *rx)
{
	const struct bgp_pattr *a = r->attrs;
	enum evpn_nlri_err err;
	struct bgp_bytes ext;

	if (r->nlri_len < 2 ||
		evpn_route_decode(r->nlri[0], r->nlri + 2, r->nlri_len - 2u, route, &err) < 0)
		return -EINVAL;
	memset(rx, 0, sizeof(*rx));
	rx->route = route;
	rx->attrs = a;
	rx->internal = !r->src->local && !r->src->ebgp;
	if (a->has & BGP_PATTR_NH6)
		addr_of(&rx->nexthop, a->next_hop6.s6_addr, 16);
	else
		addr_of(&rx->nexthop, (const uint8_t *)&a->next_hop, 4);
	ext = bgp_pattr_ext(a);
	rx->ecomm = ext.ptr;
	rx->ecomm_len = ext.len;
	if (a->has & BGP_AS_PMSI_TUNNEL) {
		rx->has_pmsi = true;
		rx->pmsi_tunnel_type = a->pmsi_type;
		rx->pmsi_label = a->pmsi_label;
		addr_of(&rx->pmsi_endpoint, a->pmsi_id, a->pmsi_id_len);
	}
	return 0;
}

// A path that may name another VTEP: received, or injected (cp/inject/).
static bool may_import(const struct bgp_src *s)
{
	return s != NULL && (!s->local || s->injected);
}

// Ours, never imported: our own routes (evpn_bgp_out.c), and injected ones
// whose next hop is our VTEP (next-hop self: advertised only). A received one
// to our VTEP goes on as before (evpn_vtep_rx ignores what it must).
static bool is_ours(
	const struct bgp_src *s, const struct evpn_rx_path *rx, const struct dp_ip *self)
{
	return !may_import(s) || (s->injected && cp_dp_ip_eq(&rx->nexthop, self));
}

enum evpn_import evpn_bgp_import(enum bgp_route_event ev, const struct bgp_route *r,
	const struct dp_ip *self, struct evpn_route *route, struct evpn_rx_path *rx)
{
	struct bgp_route prev;

	// Ours over ours changes nothing here: not decoded (a million local routes).
	if (!may_import(r->src) && (ev != BGP_ROUTE_ADD || !may_import(r->prev_src)))
		return EVPN_IMPORT_NONE;
	if (evpn_bgp_path_decode(r, route, rx) < 0) {
		CP_WARN("evpn", "an EVPN route of the RIB does not decode; ignored");
		return EVPN_IMPORT_NONE;
	}
	if (!is_ours(r->src, rx, self))
		return ev == BGP_ROUTE_ADD ? EVPN_IMPORT_ADD : EVPN_IMPORT_DEL;
	// One of ours that won over an imported path hides it: that one is no
	// longer a best path here.
	if (ev != BGP_ROUTE_ADD || !may_import(r->prev_src))
		return EVPN_IMPORT_NONE;
	prev = (struct bgp_route){.nlri = r->nlri,
		.nlri_len = r->nlri_len,
		.attrs = r->prev_attrs,
		.src = r->prev_src,
		.best = true};
	if (evpn_bgp_path_decode(&prev, route, rx) < 0 || is_ours(prev.src, rx, self))
		return EVPN_IMPORT_NONE;
	return EVPN_IMPORT_DEL;
}

static void on_change(enum bgp_route_event ev, const struct bgp_route *r, void *ctx)
{
	struct evpn_route route;
	struct evpn_rx_path rx;
	enum evpn_import im = evpn_bgp_import(ev, r, evpn_vtep_local(), &route, &rx);

	(void)ctx;
	if (im != EVPN_IMPORT_NONE)
		evpn_vtep_rx(&rx, im == EVPN_IMPORT_ADD, bgp_glob()->now_ms, NULL);
}

// Type 2: RD, ESI, tag, MAC length, MAC, IP length, IP, label 1 (the VNI with
// VXLAN): the VNI the route most likely lands in, as a hint.
static void on_prefetch(const uint8_t *nlri, size_t len)
{
	const size_t mac_off = 2 + 8 + 10 + 4 + 1;
	size_t label_off;

	if (len < mac_off + 7 || nlri[0] != 2)
		return;
	label_off = mac_off + 7 + nlri[mac_off + 6] / 8u;
	if (len < label_off + 3)
		return;
	uint32_t label = (uint32_t)nlri[label_off] << 16 | (uint32_t)nlri[label_off + 1] << 8 |
			 nlri[label_off + 2];
	evpn_vtep_prefetch(evpn_label_to_vni(label), nlri + mac_off);
}

static int import_one(const struct bgp_route *r, void *ctx)
{
	on_change(BGP_ROUTE_ADD, r, ctx);
	return 0;
}

struct vni_walk {
	uint32_t vni;
	bool add;
	unsigned done;
};

static int vni_one(const struct bgp_route *r, void *ctx)
{
	struct vni_walk *w = ctx;
	struct evpn_route route;
	struct evpn_rx_path rx;

	if (evpn_bgp_import(BGP_ROUTE_ADD, r, evpn_vtep_local(), &route, &rx) != EVPN_IMPORT_ADD)
		return 0;
	if (evpn_vtep_rx_vni_only(&rx, w->vni, w->add, bgp_glob()->now_ms))
		w->done++;
	return 0;
}

void evpn_bgp_in_vni(uint32_t vni, bool add)
{
	struct vni_walk w = {.vni = vni, .add = add};

	if (!evpn_vtep_enabled())
		return;
	bgp_rib_walk_routes(BGP_AF_L2VPN_EVPN, vni_one, &w, false);
	CP_INFO("evpn", "VNI %u: %u received routes %s", vni, w.done,
		add ? "imported" : "unimported");
}

int evpn_bgp_in_init(void)
{
	int ret = evpn_family_register();

	if (ret < 0 || !evpn_vtep_enabled())
		return ret;
	bgp_rib_walk_routes(BGP_AF_L2VPN_EVPN, import_one, NULL, false);
	bgp_rib_subscribe(BGP_AF_L2VPN_EVPN, on_change, NULL);
	bgp_rib_subscribe_prefetch(BGP_AF_L2VPN_EVPN, on_prefetch);
	return 0;
}

void evpn_bgp_in_fini(void)
{
	if (evpn_vtep_enabled()) {
		bgp_rib_unsubscribe(BGP_AF_L2VPN_EVPN, on_change);
		bgp_rib_subscribe_prefetch(BGP_AF_L2VPN_EVPN, NULL);
	}
	evpn_family_unregister();
}
