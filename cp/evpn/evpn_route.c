// SPDX-License-Identifier: BSD-3-Clause
// Our EVPN routes in wire form, and received ones into MAC and flood state.
#include "evpn_route.h"

#include "cp/bgp/bgp_msg.h"
#include "evpn_mpls.h"
#include "evpn_rt_index.h"

#include "cp/cp_addr.h"

#include <errno.h>
#include <string.h>

static int vtep_ip(const struct dp_ip *vtep, struct cp_ip *out)
{
	if (cp_ip_len(vtep->family) == 0)
		return -EINVAL;
	cp_ip_of_dp(vtep, out);
	return 0;
}

static void add_ecomm(struct evpn_route_out *out, const uint8_t *raw)
{
	memcpy(out->ecomm + out->ecomm_len, raw, EVPN_ECOMM_LEN);
	out->ecomm_len += EVPN_ECOMM_LEN;
}

// ET:8 then the export route targets, as FRR orders them.
static void base_ecomms(const struct evpn_vni *v, struct evpn_route_out *out)
{
	uint8_t raw[EVPN_ECOMM_LEN];
	out->ecomm_len = 0;
	evpn_ecomm_encap(raw, evpn_mpls_tunnel(v));
	add_ecomm(out, raw);
	for (unsigned i = 0; i < v->export.n; i++)
		add_ecomm(out, v->export.rt[i].b);
}

static int finish(struct evpn_route_out *out)
{
	int n = evpn_route_encode(out->nlri, sizeof(out->nlri), &out->route, false);
	if (n < 0)
		return n;
	out->nlri_len = (uint8_t)n;
	return 0;
}

int evpn_build_macip(const struct evpn_vni *v, const uint8_t mac[6], const struct cp_ip *ip,
	uint32_t seq, bool sticky, const struct dp_ip *vtep, struct evpn_route_out *out)
{
	struct cp_ip dummy;
	memset(out, 0, sizeof(*out));
	if (vtep_ip(vtep, &dummy) < 0)
		return -EINVAL;
	out->nexthop = *vtep;
	struct evpn_route *r = &out->route;
	r->type = EVPN_RT_MACIP;
	r->rd = v->rd;
	memcpy(r->mac, mac, 6);
	if (ip && ip->family)
		r->ip = *ip;
	r->n_labels = 1;
	r->label[0] = evpn_mpls_label_out(v);
	base_ecomms(v, out);
	if (ip && ip->family && v->l3vni != 0) {
		uint8_t raw[EVPN_ECOMM_LEN];
		r->n_labels = 2;
		// RFC 7432 7.2: an MPLS label in the high 20 bits (the per-VRF label)
		r->label[1] = v->l3_label != 0 ? v->l3_label << 4 : evpn_vni_to_label(v->l3vni);
		add_ecomm(out, v->l3_rt.b);
		evpn_ecomm_router_mac(raw, v->rmac);
		add_ecomm(out, raw);
	}
	if (seq || sticky) {
		uint8_t raw[EVPN_ECOMM_LEN];
		evpn_ecomm_mac_mobility(raw, seq, sticky);
		add_ecomm(out, raw);
	}
	return finish(out);
}

int evpn_build_gw_macip(const struct evpn_vni *v, const uint8_t mac[6], const struct cp_ip *ip,
	const struct dp_ip *vtep, struct evpn_route_out *out)
{
	struct evpn_ecomm nd = {.kind = EVPN_EC_ARP_ND, .nd_flags = EVPN_ND_F_ROUTER};
	uint8_t raw[EVPN_ECOMM_LEN];
	int ret;

	if (ip == NULL || ip->family == 0)
		return -EINVAL;
	if ((ret = evpn_build_macip(v, mac, ip, 0, false, vtep, out)) < 0)
		return ret;
	evpn_ecomm_def_gw(raw);
	add_ecomm(out, raw);
	// As FRR: the IPv6 gateway is a router for ND (the NA's R flag, RFC 9161 3.2).
	if (ip->family == AF_INET6 && evpn_ecomm_encode(&nd, raw) == 0)
		add_ecomm(out, raw);
	return 0;
}

int evpn_build_prefix(const struct evpn_vni *v, const uint8_t rmac[6], const struct cp_ip *dst,
	uint8_t len, const struct dp_ip *vtep, struct evpn_route_out *out)
{
	uint8_t raw[EVPN_ECOMM_LEN];
	struct cp_ip dummy;

	memset(out, 0, sizeof(*out));
	if (vtep_ip(vtep, &dummy) < 0 || cp_ip_len(dst->family) == 0 ||
		len > cp_ip_len(dst->family) * 8)
		return -EINVAL;
	out->nexthop = *vtep;
	struct evpn_route *r = &out->route;
	r->type = EVPN_RT_PREFIX;
	r->rd = v->rd;
	r->prefix_len = len;
	r->ip.family = dst->family;
	for (unsigned i = 0; i < (unsigned)cp_ip_len(dst->family); i++) {
		unsigned keep = len >= (i + 1) * 8 ? 8 : len > i * 8 ? len - i * 8 : 0;
		r->ip.addr[i] = (uint8_t)(dst->addr[i] & (0xff00 >> keep));
	}
	r->gw.family = dst->family;
	r->n_labels = 1;
	r->label[0] = evpn_mpls_label_out(v); // the L3VNI, or the per-VRF label over MPLS
	base_ecomms(v, out);
	evpn_ecomm_router_mac(raw, rmac);
	add_ecomm(out, raw);
	return finish(out);
}

int evpn_build_imet(const struct evpn_vni *v, const struct dp_ip *vtep, struct evpn_route_out *out)
{
	memset(out, 0, sizeof(*out));
	struct evpn_route *r = &out->route;
	if (vtep_ip(vtep, &r->ip) < 0)
		return -EINVAL;
	out->nexthop = *vtep;
	r->type = EVPN_RT_IMET;
	r->rd = v->rd;
	base_ecomms(v, out);
	// RFC 6514 5 / RFC 8365 5.1.3: ingress replication, the VNI in the label.
	uint8_t *p = out->pmsi;
	uint32_t label = evpn_mpls_label_out(v);
	p[0] = 0;
	p[1] = 6;
	p[2] = (uint8_t)(label >> 16);
	p[3] = (uint8_t)(label >> 8);
	p[4] = (uint8_t)label;
	unsigned alen = vtep->family == AF_INET ? 4 : 16;
	memcpy(p + 5, vtep->bytes, alen);
	out->pmsi_len = (uint8_t)(5 + alen);
	return finish(out);
}

static int ignore(struct evpn_rx_result *res, const char *why)
{
	res->ignored = true;
	res->reason = why;
	return 0;
}

static void rx_macip(struct evpn_mac_table *macs, const struct evpn_vni *v,
	const struct evpn_rx_path *rx, const struct evpn_ecomm_info *ec, bool add, uint64_t now)
{
	const struct evpn_route *r = rx->route;
	// The route (its RD) names the path: a new next hop replaces the old one.
	struct evpn_mac_path p = {
		.vtep = rx->nexthop,
		.seq = ec->mm_seq,
		.sticky = ec->sticky,
		.vni = evpn_mpls_label_in(v, r->label[0]),
		.unreachable = rx->unreachable,
		.has_rd = true,
		.default_gw = ec->def_gw,
	};
	memcpy(p.rd, r->rd.b, sizeof(p.rd));
	if (!add)
		evpn_mac_remote_del_path(macs, v->vni, r->mac, &p, now);
	else
		evpn_mac_remote_add(macs, v->vni, r->mac, &p, now);
}

static void rx_imet(const struct evpn_rx_ops *flood, void *arg, const struct evpn_vni *v,
	const struct evpn_rx_path *rx, bool add)
{
	// The replication target is the PMSI endpoint when there is one, else the
	// originator (RFC 8365 5.1.3 allows the PMSI to be left out for IR).
	const struct dp_ip *to =
		rx->has_pmsi && rx->pmsi_endpoint.family ? &rx->pmsi_endpoint : &rx->nexthop;
	if (!add || rx->unreachable) {
		flood->flood_del(arg, v->vni, to);
		return;
	}
	uint32_t send_vni = rx->has_pmsi ? evpn_mpls_label_in(v, rx->pmsi_label) : 0;
	if (send_vni == 0 && v->mpls_label == 0)
		send_vni = v->vni;
	flood->flood_add(arg, v->vni, to, send_vni);
}

int evpn_route_rx(struct evpn_inst *in, struct evpn_mac_table *macs,
	const struct evpn_rx_ops *flood, void *flood_arg, const struct dp_ip *local_vtep,
	const struct evpn_rx_path *rx, bool add, uint64_t now_ms, struct evpn_rx_result *res)
{
	const struct evpn_route *r = rx->route;
	struct evpn_ecomm_info ec;

	memset(res, 0, sizeof(*res));
	if (r->type != EVPN_RT_MACIP && r->type != EVPN_RT_IMET)
		return ignore(res, "route type not imported into VNIs");
	if (local_vtep && cp_dp_ip_eq(&rx->nexthop, local_vtep))
		return ignore(res, "our own next hop");
	if (r->type == EVPN_RT_IMET && add && rx->has_pmsi &&
		rx->pmsi_tunnel_type != BGP_PMSI_INGRESS_REPLICATION)
		return ignore(res, "PMSI tunnel type is not ingress replication");
	evpn_ecomm_scan(rx->ecomm, rx->ecomm_len, &ec);
	const uint32_t *idx;
	int n = evpn_rt_index_match(in, rx->ecomm, rx->ecomm_len, &idx);
	if (n < 0)
		return ignore(res, "out of memory for the route-target index");
	for (int k = 0; k < n; k++) {
		const struct evpn_vni *v = &in->vnis[idx[k]];
		if (add && !evpn_mpls_encap_ok(v, &ec))
			continue; // counted; a withdrawal finds nothing installed
		res->n_vni++;
		if (r->type == EVPN_RT_MACIP && r->ip.family == 0)
			rx_macip(macs, v, rx, &ec, add, now_ms);
		else if (r->type == EVPN_RT_MACIP && flood->neigh != NULL)
			flood->neigh(flood_arg, v->vni, &rx->nexthop, r->mac, &r->ip, ec.nd_router,
				add && !rx->unreachable);
		else
			rx_imet(flood, flood_arg, v, rx, add);
	}
	if (res->n_vni == 0)
		return ignore(res, n > 0 ? "an encapsulation its VNI does not use"
					 : "no VNI imports its route targets");
	return 0;
}
