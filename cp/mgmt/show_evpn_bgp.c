// SPDX-License-Identifier: BSD-3-Clause
// show bgp l2vpn evpn [route-type N] [json]: our routes (evpn_local) and the
// paths of the EVPN RIB, grouped by RD, with FRR's prefix strings and layout.
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp/bgp/bgp_evpn_in.h"
#include "cp/bgp/bgp_speaker.h"
#include "cp/evpn/evpn_local.h"
#include "cp/mgmt/mgmt_cmd.h"
#include "cp/mgmt/mgmt_out.h"
#include "cp/mgmt/show_evpn.h"

#define WEIGHT_LOCAL 32768

struct row {
	struct evpn_route route;
	char prefix[EVPN_ROUTE_STRLEN];
	char rd[EVPN_RD_STRLEN];
	char nexthop[INET6_ADDRSTRLEN];
	char peer[INET6_ADDRSTRLEN];
	char path[128];
	char ecomm[512];
	bool local, best, ebgp, has_lp;
	uint8_t origin;
	uint32_t lp, weight;
};

struct rows {
	struct row *v;
	size_t n, cap;
	uint8_t type; // filter, 0 = all
};

static struct row *row_new(struct rows *l)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct row *v = realloc(l->v, cap * sizeof(*v));
		if (v == NULL)
			return NULL;
		l->v = v;
		l->cap = cap;
	}
	memset(&l->v[l->n], 0, sizeof(l->v[0]));
	return &l->v[l->n++];
}

static void ip_s(const struct dp_ip *ip, char *buf, size_t len)
{
	if (ip->family == 0 || inet_ntop(ip->family, ip->bytes, buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "0.0.0.0");
}

static void row_route(struct row *r, const struct evpn_route *route, const struct dp_ip *nh,
	const uint8_t *ecomm, size_t ecomm_len)
{
	r->route = *route;
	evpn_route_str(r->prefix, sizeof(r->prefix), route);
	evpn_rd_str(r->rd, sizeof(r->rd), &route->rd);
	ip_s(nh, r->nexthop, sizeof(r->nexthop));
	evpn_ecomm_list_str(r->ecomm, sizeof(r->ecomm), ecomm, ecomm_len);
}

static void add_local(const struct evpn_local_route *lr, void *arg)
{
	struct rows *l = arg;
	struct row *r;

	if (l->type && lr->out.route.type != l->type)
		return;
	if ((r = row_new(l)) == NULL)
		return;
	row_route(r, &lr->out.route, &lr->out.nexthop, lr->out.ecomm, lr->out.ecomm_len);
	r->local = r->best = true;
	r->weight = WEIGHT_LOCAL;
	r->origin = 0;
	snprintf(r->peer, sizeof(r->peer), "(unspec)");
}

static int add_rib(const struct bgp_evpn_route *br, void *arg)
{
	struct rows *l = arg;
	struct evpn_route route;
	struct evpn_rx_path rx;
	struct row *r;

	if (br->src->local || bgp_evpn_path_decode(br, &route, &rx) < 0)
		return 0;
	if (l->type && route.type != l->type)
		return 0;
	if ((r = row_new(l)) == NULL)
		return -ENOMEM;
	row_route(r, &route, &rx.nexthop, rx.ecomm, rx.ecomm_len);
	r->best = br->best;
	r->ebgp = br->src->ebgp;
	r->origin = br->attrs->origin;
	r->weight = br->attrs->weight;
	if ((r->has_lp = br->attrs->has & BGP_AS_LOCAL_PREF))
		r->lp = br->attrs->local_pref;
	bgp_pattr_aspath_str(br->attrs, r->path, sizeof(r->path));
	inet_ntop(AF_INET, &br->src->addr, r->peer, sizeof(r->peer));
	return 0;
}

static int by_rd_prefix(const void *x, const void *y)
{
	const struct row *a = x, *b = y;
	int c = memcmp(a->route.rd.b, b->route.rd.b, EVPN_RD_LEN);
	if (c == 0)
		c = strcmp(a->prefix, b->prefix);
	return c != 0 ? c : (int)b->best - (int)a->best;
}

static const char *const origin_names[] = {"IGP", "EGP", "incomplete"};
static const char origin_codes[] = {'i', 'e', '?'};

// ---- text

static void text_header(struct mgmt_out *out)
{
	const struct bgp_globals *g = bgp_glob();
	char id[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &g->router_id, id, sizeof(id));
	mgmt_printf(out,
		"BGP table version is 1, local router ID is %s\n"
		"Status codes: s suppressed, d damped, h history, * valid, > best, i - internal\n"
		"Origin codes: i - IGP, e - EGP, ? - incomplete\n"
		"EVPN type-1 prefix: [1]:[EthTag]:[ESI]:[IPlen]:[VTEP-IP]:[Frag-id]\n"
		"EVPN type-2 prefix: [2]:[EthTag]:[MAClen]:[MAC]:[IPlen]:[IP]\n"
		"EVPN type-3 prefix: [3]:[EthTag]:[IPlen]:[OrigIP]\n"
		"EVPN type-4 prefix: [4]:[ESI]:[IPlen]:[OrigIP]\n"
		"EVPN type-5 prefix: [5]:[EthTag]:[IPlen]:[IP]\n\n"
		"   Network          Next Hop            Metric LocPrf Weight Path\n",
		id);
}

static void text_row(struct mgmt_out *out, const struct row *r)
{
	char lp[16] = "";

	if (r->has_lp)
		snprintf(lp, sizeof(lp), "%u", r->lp);
	mgmt_printf(
		out, " *%s%s%s\n", r->best ? ">" : " ", r->local || r->ebgp ? " " : "i", r->prefix);
	mgmt_printf(out, "                    %-18s %7s %6s %6u %s%s%c\n", r->nexthop, "", lp,
		r->weight, r->path, r->path[0] ? " " : "", origin_codes[r->origin % 3]);
	if (r->ecomm[0])
		mgmt_printf(out, "                    %s\n", r->ecomm);
}

static void text_all(struct mgmt_out *out, const struct rows *l)
{
	size_t n_prefix = 0;

	text_header(out);
	for (size_t i = 0; i < l->n; i++) {
		const struct row *r = &l->v[i];
		if (i == 0 || strcmp(r->rd, l->v[i - 1].rd) != 0)
			mgmt_printf(out, "Route Distinguisher: %s\n", r->rd);
		if (i == 0 || by_rd_prefix(r, &l->v[i - 1]) != 0 ||
			strcmp(r->prefix, l->v[i - 1].prefix))
			n_prefix++;
		text_row(out, r);
	}
	mgmt_printf(out, "\nDisplayed %zu prefixes (%zu paths)\n", n_prefix, l->n);
}

// ---- json

static void path_json(struct json_writer *w, const struct row *r)
{
	const struct evpn_route *rt = &r->route;
	char b[INET6_ADDRSTRLEN];

	json_arr_begin(w);
	json_obj_begin(w);
	json_kv_bool(w, "valid", true);
	if (r->best)
		json_kv_bool(w, "bestpath", true);
	json_kv_str(w, "pathFrom", r->local ? "local" : r->ebgp ? "external" : "internal");
	json_kv_u64(w, "routeType", rt->type);
	json_kv_u64(w, "ethTag", rt->eth_tag);
	if (rt->type == EVPN_RT_MACIP) {
		json_kv_u64(w, "macLen", 48);
		snprintf(b, sizeof(b), "%02x:%02x:%02x:%02x:%02x:%02x", rt->mac[0], rt->mac[1],
			rt->mac[2], rt->mac[3], rt->mac[4], rt->mac[5]);
		json_kv_str(w, "mac", b);
	}
	if (rt->ip.family) {
		inet_ntop(rt->ip.family, rt->ip.addr, b, sizeof(b));
		json_kv_u64(w, "ipLen", rt->ip.family == AF_INET ? 32 : 128);
		json_kv_str(w, "ip", b);
	}
	if (r->has_lp)
		json_kv_u64(w, "locPrf", r->lp);
	json_kv_u64(w, "weight", r->weight);
	json_kv_str(w, "peerId", r->peer);
	json_kv_str(w, "path", r->path);
	json_kv_str(w, "origin", origin_names[r->origin % 3]);
	json_key(w, "extendedCommunity");
	json_obj_begin(w);
	json_kv_str(w, "string", r->ecomm);
	json_obj_end(w);
	json_key(w, "nexthops");
	json_arr_begin(w);
	json_obj_begin(w);
	json_kv_str(w, "ip", r->nexthop);
	json_kv_str(w, "afi", strchr(r->nexthop, ':') ? "ipv6" : "ipv4");
	json_kv_bool(w, "used", true);
	json_obj_end(w);
	json_arr_end(w);
	json_obj_end(w);
	json_arr_end(w);
}

static int json_all(struct mgmt_out *out, const struct rows *l)
{
	const struct bgp_globals *g = bgp_glob();
	struct json_writer w;
	char id[INET_ADDRSTRLEN];
	size_t n_prefix = 0;

	json_init(&w, out, true);
	json_obj_begin(&w);
	inet_ntop(AF_INET, &g->router_id, id, sizeof(id));
	json_kv_str(&w, "bgpLocalRouterId", id);
	json_kv_u64(&w, "defaultLocPrf", 100);
	json_kv_u64(&w, "localAS", g->asn);
	for (size_t i = 0; i < l->n; i++) {
		const struct row *r = &l->v[i];
		bool new_rd = i == 0 || strcmp(r->rd, l->v[i - 1].rd) != 0;
		bool new_prefix = new_rd || strcmp(r->prefix, l->v[i - 1].prefix) != 0;
		if (new_prefix && i > 0) {
			json_arr_end(&w); // paths
			json_obj_end(&w); // prefix
		}
		if (new_rd && i > 0)
			json_obj_end(&w);
		if (new_rd) {
			json_key(&w, r->rd);
			json_obj_begin(&w);
			json_kv_str(&w, "rd", r->rd);
		}
		if (new_prefix) {
			n_prefix++;
			json_key(&w, r->prefix);
			json_obj_begin(&w);
			json_kv_str(&w, "prefix", r->prefix);
			json_kv_u64(&w, "prefixLen",
				(2u + (unsigned)evpn_route_value_len(&r->route)) * 8u);
			json_key(&w, "paths");
			json_arr_begin(&w);
		}
		path_json(&w, r);
	}
	if (l->n > 0) {
		json_arr_end(&w);
		json_obj_end(&w);
		json_obj_end(&w);
	}
	json_kv_u64(&w, "numPrefix", n_prefix);
	json_kv_u64(&w, "numPaths", l->n);
	json_obj_end(&w);
	return json_finish(&w);
}

// FRR's names of the route types, or their numbers. 0 = all.
static int route_type(const char *s, uint64_t *type, struct mgmt_out *out)
{
	static const char *const names[] = {NULL, "ead", "macip", "multicast", "es", "prefix"};
	char *end;

	*type = 0;
	if (s == NULL)
		return 0;
	for (unsigned i = 1; i < 6; i++)
		if (strcmp(s, names[i]) == 0) {
			*type = i;
			return 0;
		}
	*type = strtoul(s, &end, 10);
	if (*s == '\0' || *end != '\0' || *type < 1 || *type > 5) {
		mgmt_printf(out,
			"%% Invalid route type: %s (1-5, ead, macip, multicast, es, prefix)\n", s);
		return -EINVAL;
	}
	return 0;
}

static int show_routes(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	struct rows l = {.v = NULL};
	uint64_t type = 0;
	int ret;

	(void)ctx;
	if ((ret = route_type(mgmt_req_arg(req, "T"), &type, out)) < 0)
		return ret;
	l.type = (uint8_t)type;
	evpn_local_walk(add_local, &l);
	if ((ret = bgp_evpn_rib_walk(add_rib, &l, true)) < 0) {
		free(l.v);
		return ret;
	}
	if (l.n > 0)
		qsort(l.v, l.n, sizeof(*l.v), by_rd_prefix);
	if (req->json)
		ret = json_all(out, &l);
	else
		text_all(out, &l);
	free(l.v);
	return ret;
}

int show_evpn_bgp_register(void)
{
	int ret = mgmt_register("show bgp l2vpn evpn route [type <T>]", show_routes, NULL,
		"EVPN routes, FRR's way: ours and the received ones, by route distinguisher");
	if (ret < 0)
		return ret;
	return mgmt_register("show bgp l2vpn evpn route-type <T>", show_routes, NULL,
		"EVPN routes of one type (1-5, or ead, macip, multicast, es, prefix)");
}
