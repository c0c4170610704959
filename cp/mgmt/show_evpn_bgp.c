// SPDX-License-Identifier: BSD-3-Clause
// show bgp l2vpn evpn [route-type <T>] [json] and its FRR alias
// show bgp l2vpn evpn route [type <T>] [json]: our routes (evpn_local) and the
// paths of the EVPN RIB, grouped by RD, printed as FRR prints them
// (show_evpn_bgp_print.c).
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp/bgp/bgp_out.h"
#include "cp/bgp/bgp_speaker.h"
#include "cp/evpn/evpn_bgp_in.h"
#include "cp/evpn/evpn_dp.h"
#include "cp/evpn/evpn_local.h"
#include "cp/evpn/evpn_vtep.h"
#include "cp/mgmt/mgmt_cmd.h"
#include "cp/mgmt/mgmt_out.h"
#include "cp/mgmt/show_evpn.h"
#include "cp/mgmt/show_evpn_bgp_print.h"

struct rows {
	struct evpn_bgp_table t;
	size_t cap;
	bool oom;
	const struct bgp_peer *peer; // only what it sent us, or (advertised) what we send it
	bool advertised;
};

// Whether a path of the RIB passes the neighbor filter.
static bool rib_wanted(const struct rows *l, const struct bgp_route *br)
{
	if (l->peer == NULL)
		return true;
	if (l->advertised)
		return br->best && bgp_out_advertises(l->peer, BGP_AF_L2VPN_EVPN, br);
	return br->src == &l->peer->src;
}

static struct evpn_bgp_row *row_new(struct rows *l)
{
	if (l->t.n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct evpn_bgp_row *v = realloc(l->t.v, cap * sizeof(*v));
		if (v == NULL) {
			l->oom = true;
			return NULL;
		}
		l->t.v = v;
		l->cap = cap;
	}
	memset(&l->t.v[l->t.n], 0, sizeof(l->t.v[0]));
	return &l->t.v[l->t.n++];
}

static void add_local(const struct evpn_local_route *lr, void *arg)
{
	struct rows *l = arg;
	struct evpn_bgp_row *r;

	l->t.n_total++;
	if (l->peer != NULL && !(l->advertised && bgp_out_synced(l->peer->name)))
		return;
	if ((l->t.type && lr->out.route.type != l->t.type) || (r = row_new(l)) == NULL)
		return;
	evpn_bgp_row_fill(r, &lr->out.route, &lr->out.nexthop, lr->out.ecomm, lr->out.ecomm_len);
	r->local = r->best = true;
	r->weight = BGP_WEIGHT_LOCAL;
	snprintf(r->peer, sizeof(r->peer), "(unspec)");
}

static int add_rib(const struct bgp_route *br, void *arg)
{
	const struct bgp_pattr *a = br->attrs;
	struct rows *l = arg;
	struct evpn_route route;
	struct evpn_rx_path rx;
	struct evpn_bgp_row *r;

	// Our own routes come from evpn_local_walk; injected ones (local too) from here.
	if ((br->src->local && !br->src->injected) || evpn_bgp_path_decode(br, &route, &rx) < 0)
		return 0;
	l->t.n_total++;
	if ((l->t.type && route.type != l->t.type) || !rib_wanted(l, br))
		return 0;
	if ((r = row_new(l)) == NULL)
		return -ENOMEM;
	evpn_bgp_row_fill(r, &route, &rx.nexthop, rx.ecomm, rx.ecomm_len);
	r->best = br->best;
	r->stale = br->stale;
	// As EVPN sees it: a VTEP the underlay does not reach is not installed.
	// An injected next-hop self route is only advertised: valid.
	r->invalid = evpn_vtep_enabled() && !evpn_dp_vtep_reachable(&rx.nexthop) &&
		     !(br->src->injected && cp_dp_ip_eq(&rx.nexthop, evpn_vtep_local()));
	r->local = br->src->local; // injected: "sourced, local" as ours
	r->ebgp = br->src->ebgp;
	r->origin = a->origin;
	r->weight = a->weight;
	if ((r->has_lp = a->has & BGP_AS_LOCAL_PREF))
		r->lp = a->local_pref;
	if ((r->has_med = a->has & BGP_AS_MED))
		r->med = a->med;
	bgp_pattr_aspath_str(a, r->path, sizeof(r->path));
	r->comms = bgp_pattr_comms(a);
	r->large = bgp_pattr_large(a);
	if (br->src->addr.s_addr == 0 && !IN6_IS_ADDR_UNSPECIFIED(&br->src->addr6))
		inet_ntop(AF_INET6, &br->src->addr6, r->peer, sizeof(r->peer)); // an IPv6 neighbor
	else
		inet_ntop(AF_INET, &br->src->addr, r->peer, sizeof(r->peer));
	return 0;
}

static int show_rows(const struct mgmt_req *req, struct mgmt_out *out, struct rows *rows)
{
	const struct bgp_globals *g = bgp_glob();
	const char *type = mgmt_req_arg(req, "T");
	struct rows l = *rows;
	int ret = 0;

	if (g->asn == 0) {
		mgmt_puts(out, "% BGP is not configured\n");
		return -ENOENT;
	}
	if (type != NULL && evpn_bgp_route_type(type, &l.t.type) < 0) {
		mgmt_printf(out,
			"%% Invalid route type: %s (1-5, ead, macip, multicast, es, prefix)\n",
			type);
		return -EINVAL;
	}
	l.t.router_id = g->router_id;
	l.t.asn = g->asn;
	evpn_local_walk(add_local, &l);
	if (!l.oom)
		bgp_rib_walk_routes(BGP_AF_L2VPN_EVPN, add_rib, &l, true);
	if (l.oom) {
		ret = -ENOMEM;
	} else {
		evpn_bgp_table_sort(&l.t);
		if (req->json)
			ret = evpn_bgp_print_json(out, &l.t);
		else
			evpn_bgp_print_text(out, &l.t);
	}
	free(l.t.v);
	return ret;
}

static int show_routes(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	// ctx: NULL for the table view, else 1 for the route view, 2 for its detail
	struct rows l = {.t.route_view = ctx != NULL, .t.detail = ctx != NULL && *(int *)ctx == 2};

	return show_rows(req, out, &l);
}

// show bgp l2vpn evpn neighbors PEER {advertised-routes|received-routes|routes}:
// the table view of what PEER sent us (evpnd keeps every Adj-RIB-In: received-routes
// and routes are the same), or of what we advertise to it.
static int show_nbr_routes(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	const char *name = mgmt_req_arg(req, "PEER");
	struct rows l = {.advertised = mgmt_req_has(req, "advertised-routes"), .t.adj_view = true};

	(void)ctx;
	if (bgp_glob()->asn != 0 && (l.peer = bgp_peer_find(name)) == NULL) {
		mgmt_printf(out, "%% No such neighbor: %s\n", name);
		return -ENOENT;
	}
	return show_rows(req, out, &l);
}

int show_evpn_bgp_register(void)
{
	static int route_view = 1, route_detail = 2;
	int ret = mgmt_register("show bgp l2vpn evpn [route-type <T>]", show_routes, NULL,
		"the EVPN BGP table by RD, FRR's way; route-type 1-5, ead, macip, multicast, "
		"es or prefix");
	if (ret < 0)
		return ret;
	ret = mgmt_register("show bgp l2vpn evpn neighbors <PEER> "
			    "{advertised-routes|received-routes|routes}",
		show_nbr_routes, NULL,
		"the EVPN routes a neighbor sent us, or those we advertise to it");
	if (ret < 0)
		return ret;
	ret = mgmt_register("show bgp l2vpn evpn route detail [type <T>]", show_routes,
		&route_detail, "every EVPN path in detail, communities too, as FRR");
	if (ret < 0)
		return ret;
	return mgmt_register("show bgp l2vpn evpn route [type <T>]", show_routes, &route_view,
		"EVPN routes as FRR's `show bgp l2vpn evpn route [type T]` prints them");
}
