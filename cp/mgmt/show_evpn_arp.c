// SPDX-License-Identifier: BSD-3-Clause
// show evpn arp-cache vni <VNI> [json]: the rows from our MAC+IP routes
// (evpn_local) and the EVPN RIB's best paths, printed by show_evpn_arp_print.c.
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp/cp_addr.h"
#include "cp/evpn/evpn_bgp_in.h"
#include "cp/evpn/evpn_dp.h"
#include "cp/evpn/evpn_ecomm.h"
#include "cp/evpn/evpn_ip_owner.h"
#include "cp/evpn/evpn_local.h"
#include "cp/evpn/evpn_vtep.h"
#include "cp/mgmt/mgmt_cmd.h"
#include "cp/mgmt/show_evpn.h"
#include "cp/mgmt/show_evpn_arp_print.h"

#define VNI_MAX 16777215

// One walk fills the table of one VNI (only), or those of every VNI of the
// instance (t[i] for in->vnis[i]): the RIB is read once either way.
struct arp_walk {
	const struct evpn_inst *in;
	const struct evpn_vni *only;
	struct evpn_arp_table *t;
	const struct dp_ip *self; // our VTEP address
	int err;
};

static struct evpn_arp_table *table_of(struct arp_walk *s, const struct evpn_vni *v)
{
	if (s->only != NULL)
		return v == s->only ? &s->t[0] : NULL;
	return &s->t[v - s->in->vnis];
}

static bool mac_duplicate(uint32_t vni, const uint8_t mac[6])
{
	struct evpn_mac_info i;
	return evpn_mac_get(evpn_vtep_macs(), vni, mac, &i) == 0 && i.duplicate;
}

static void add_local(const struct evpn_local_route *lr, void *arg)
{
	const struct evpn_route *route = &lr->out.route;
	struct arp_walk *s = arg;
	struct evpn_ecomm_info ec;
	struct evpn_arp_row r = {.local = true, .active = true};
	const struct evpn_vni *v;
	struct evpn_arp_table *t;

	if (s->err || route->type != EVPN_RT_MACIP || route->ip.family == 0 ||
		(v = evpn_vni_find(s->in, lr->vni)) == NULL || (t = table_of(s, v)) == NULL)
		return;
	evpn_ecomm_scan(lr->out.ecomm, lr->out.ecomm_len, &ec);
	r.ip = route->ip;
	memcpy(r.mac, route->mac, 6);
	r.local_seq = ec.mm_seq;
	r.duplicate = mac_duplicate(lr->vni, route->mac) || evpn_ip_owner_is_dup(lr->vni, &r.ip);
	s->err = evpn_arp_add(t, &r);
}

static int add_remote(const struct bgp_route *br, void *arg)
{
	struct arp_walk *s = arg;
	struct evpn_route route;
	struct evpn_rx_path rx;
	struct evpn_ecomm_info ec;
	struct evpn_arp_row r = {.local = false};

	if (br->src->local || evpn_bgp_path_decode(br, &route, &rx) < 0)
		return 0;
	if (route.type != EVPN_RT_MACIP || route.ip.family == 0 ||
		(s->self != NULL && cp_dp_ip_eq(&rx.nexthop, s->self)))
		return 0;
	evpn_ecomm_scan(rx.ecomm, rx.ecomm_len, &ec);
	r.ip = route.ip;
	memcpy(r.mac, route.mac, 6);
	r.vtep = rx.nexthop;
	r.remote_seq = ec.mm_seq;
	r.active = evpn_dp_vtep_reachable(&rx.nexthop);
	for (uint32_t i = 0; i < s->in->n_vni; i++) {
		const struct evpn_vni *v = &s->in->vnis[i];
		struct evpn_arp_table *t = table_of(s, v);
		int ret;

		if (t == NULL || !evpn_vni_imports(v, rx.ecomm, rx.ecomm_len))
			continue;
		r.duplicate = mac_duplicate(v->vni, route.mac);
		if ((ret = evpn_arp_add(t, &r)) < 0)
			return ret;
	}
	return 0;
}

static int vni_arg(const char *s, uint32_t *vni, struct mgmt_out *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 1 || v > VNI_MAX) {
		mgmt_printf(out, "%% Invalid VNI: %s (1-%u)\n", s, VNI_MAX);
		return -EINVAL;
	}
	*vni = (uint32_t)v;
	return 0;
}

// Fills the tables (one, or one per VNI) with their merged rows: 0 or -ENOMEM.
static int arp_collect(struct arp_walk *s, size_t ntables)
{
	s->self = evpn_vtep_local();
	evpn_local_walk(add_local, s);
	if (s->err == 0)
		s->err = bgp_rib_walk_routes(BGP_AF_L2VPN_EVPN, add_remote, s, false);
	for (size_t i = 0; s->err == 0 && i < ntables; i++)
		evpn_arp_merge(&s->t[i]);
	return s->err;
}

int show_evpn_arp_counts(const struct evpn_inst *in, size_t *counts)
{
	struct arp_walk s = {.in = in, .t = calloc(in->n_vni ? in->n_vni : 1, sizeof(*s.t))};

	if (s.t == NULL)
		return -ENOMEM;
	arp_collect(&s, in->n_vni);
	for (uint32_t i = 0; i < in->n_vni; i++) {
		counts[i] = s.t[i].n;
		evpn_arp_free(&s.t[i]);
	}
	free(s.t);
	return s.err;
}

// The rows the dataplane's proxy table answers for, with the same MAC.
static void mark_proxied(struct evpn_arp_table *t, uint16_t bd)
{
	for (size_t i = 0; i < t->n; i++) {
		struct evpn_arp_row *r = &t->v[i];
		struct dp_ip ip;
		uint8_t mac[6];

		cp_ip_to_dp(&r->ip, &ip);
		r->proxied = dp_neigh_get(bd, &ip, mac) == 0 && memcmp(mac, r->mac, 6) == 0;
	}
}

static int show_arp(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	const struct evpn_inst *in = evpn_vtep_inst();
	struct evpn_arp_table t = {0};
	struct arp_walk s = {.in = in, .t = &t};
	uint32_t vni;
	int ret = 0;

	(void)ctx;
	if ((ret = vni_arg(mgmt_req_arg(req, "VNI"), &vni, out)) < 0)
		return ret;
	if (in == NULL) {
		mgmt_puts(out, "% EVPN is not enabled (router bgp: address-family l2vpn evpn, "
			       "advertise-all-vni)\n");
		return -ENOENT;
	}
	if ((s.only = evpn_vni_find(in, vni)) == NULL) {
		mgmt_printf(out, "%% VNI %u does not exist\n", vni);
		return -ENOENT;
	}
	if (arp_collect(&s, 1) == 0) {
		mark_proxied(&t, evpn_vtep_bd(vni));
		if (req->json)
			ret = evpn_arp_print_json(out, &t);
		else
			evpn_arp_print_text(out, &t);
	}
	evpn_arp_free(&t);
	return s.err ? s.err : ret;
}

int show_evpn_arp_register(void)
{
	return mgmt_register("show evpn arp-cache vni <VNI>", show_arp, NULL,
		"IP neighbours of a VNI (FRR's ARP/ND cache): local MAC+IP routes we "
		"advertise, remote ones the VNI imports");
}
