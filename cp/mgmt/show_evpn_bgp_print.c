// SPDX-License-Identifier: BSD-3-Clause
// FRR 8's layout of the EVPN BGP table (bgpd/bgp_route.c route_vty_out,
// bgpd/bgp_evpn_vty.c), checked against FRR 8.4's vtysh in the EVPN lab.
#include "cp/mgmt/show_evpn_bgp_print.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp/cp_addr.h"
#include "cp/evpn/evpn_ecomm.h"
#include "cp/mgmt/show_comm.h"

// FRR's prefixlen of every EVPN prefix: sizeof(struct evpn_addr) * 8.
#define FRR_EVPN_PREFIXLEN 352
#define DEFAULT_LOCAL_PREF 100

static const char *const origin_names[] = {"IGP", "EGP", "incomplete"};
static const char origin_codes[] = {'i', 'e', '?'};

static void ip_s(const struct dp_ip *ip, char *buf, size_t len)
{
	if (ip->family == 0 || inet_ntop(ip->family, ip->bytes, buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "0.0.0.0");
}

void evpn_bgp_row_fill(struct evpn_bgp_row *r, const struct evpn_route *route,
	const struct dp_ip *nexthop, const uint8_t *ecomm, size_t ecomm_len)
{
	r->route = *route;
	evpn_route_str(r->prefix, sizeof(r->prefix), route);
	evpn_rd_str(r->rd, sizeof(r->rd), &route->rd);
	ip_s(nexthop, r->nexthop, sizeof(r->nexthop));
	evpn_ecomm_list_str(r->ecomm, sizeof(r->ecomm), ecomm, ecomm_len);
}

static int same_prefix(const struct evpn_bgp_row *a, const struct evpn_bgp_row *b)
{
	int c = memcmp(a->route.rd.b, b->route.rd.b, EVPN_RD_LEN);
	return c != 0 ? c : strcmp(a->prefix, b->prefix);
}

static int by_rd_prefix(const void *x, const void *y)
{
	const struct evpn_bgp_row *a = x, *b = y;
	int c = same_prefix(a, b);
	return c != 0 ? c : (int)b->best - (int)a->best;
}

void evpn_bgp_table_sort(struct evpn_bgp_table *t)
{
	if (t->n > 1)
		qsort(t->v, t->n, sizeof(*t->v), by_rd_prefix);
}

static bool new_rd(const struct evpn_bgp_table *t, size_t i)
{
	return i == 0 || memcmp(t->v[i].route.rd.b, t->v[i - 1].route.rd.b, EVPN_RD_LEN) != 0;
}

static bool new_prefix(const struct evpn_bgp_table *t, size_t i)
{
	return i == 0 || same_prefix(&t->v[i], &t->v[i - 1]) != 0;
}

static size_t count_prefixes(const struct evpn_bgp_table *t)
{
	size_t n = 0;
	for (size_t i = 0; i < t->n; i++)
		n += new_prefix(t, i);
	return n;
}

// ---- text

static void text_header(struct mgmt_out *out, const struct evpn_bgp_table *t)
{
	char id[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &t->router_id, id, sizeof(id));
	mgmt_printf(out,
		"BGP table version is 0, local router ID is %s\n"
		"Status codes: s suppressed, d damped, h history, * valid, > best, i - internal\n"
		"Origin codes: i - IGP, e - EGP, ? - incomplete\n"
		"EVPN type-1 prefix: [1]:[EthTag]:[ESI]:[IPlen]:[VTEP-IP]:[Frag-id]\n"
		"EVPN type-2 prefix: [2]:[EthTag]:[MAClen]:[MAC]:[IPlen]:[IP]\n"
		"EVPN type-3 prefix: [3]:[EthTag]:[IPlen]:[OrigIP]\n"
		"EVPN type-4 prefix: [4]:[ESI]:[IPlen]:[OrigIP]\n"
		"EVPN type-5 prefix: [5]:[EthTag]:[IPlen]:[IP]\n\n"
		"   Network          Next Hop            Metric LocPrf Weight Path\n",
		id);
	if (t->route_view)
		mgmt_printf(out, "%20sExtended Community\n", "");
}

// FRR's table view has no room for them; its detail view words them so.
static void text_comms(struct mgmt_out *out, const struct evpn_bgp_row *r, int indent)
{
	char *s;

	if (r->comms.len > 0 && (s = show_comm_str(r->comms)) != NULL) {
		mgmt_printf(out, "%*sCommunity: %s\n", indent, "", s);
		free(s);
	}
	if (r->large.len > 0 && (s = show_large_str(r->large)) != NULL) {
		mgmt_printf(out, "%*sLarge Community: %s\n", indent, "", s);
		free(s);
	}
}

// Status, prefix, then on the next line: next hop padded to 16 (or a line of
// its own), metric %10u, LocPrf %7u, weight %7u, path and origin code.
static void text_row(struct mgmt_out *out, const struct evpn_bgp_row *r)
{
	char med[16] = "", lp[16] = "";
	int pad = 16 - (int)strlen(r->nexthop);

	if (r->has_med)
		snprintf(med, sizeof(med), "%u", r->med);
	if (r->has_lp)
		snprintf(lp, sizeof(lp), "%u", r->lp);
	// FRR shows a path whose next hop is inaccessible neither valid nor best.
	mgmt_printf(out, "%c%c%c%s\n",
		r->stale     ? 'S'
		: r->invalid ? ' '
			     : '*',
		r->best && !r->invalid ? '>' : ' ', r->local || r->ebgp ? ' ' : 'i', r->prefix);
	mgmt_printf(out, "%20s%s", "", r->nexthop);
	if (pad < 1)
		mgmt_printf(out, "\n%36s", "");
	else
		mgmt_printf(out, "%*s", pad, "");
	mgmt_printf(out, "%10s%7s%7u %s%s%c\n", med, lp, r->weight, r->path, r->path[0] ? " " : "",
		origin_codes[r->origin % 3]);
	if (r->ecomm[0])
		mgmt_printf(out, "%20s%s\n", "", r->ecomm);
	text_comms(out, r, 20);
}

// The paths of the prefix starting at row i.
static size_t prefix_paths(const struct evpn_bgp_table *t, size_t i)
{
	size_t n = 1;
	while (i + n < t->n && !new_prefix(t, i + n))
		n++;
	return n;
}

// The MPLS label of a type-2 route whose encapsulation community says MPLS (ET:10):
// the high 20 bits of its label field (RFC 7432 7.2); 0 for any other route.
static uint32_t mpls_label(const struct evpn_bgp_row *r)
{
	const char *et = strstr(r->ecomm, "ET:10");

	if (r->route.type != EVPN_RT_MACIP || r->route.n_labels == 0 || et == NULL ||
		(et[5] != '\0' && et[5] != ' '))
		return 0;
	return evpn_label_to_mpls(r->route.label[0]);
}

// FRR's detail of a path (route_vty_out_detail), communities by name.
static void text_detail(struct mgmt_out *out, const struct evpn_bgp_table *t, size_t i)
{
	const struct evpn_bgp_row *r = &t->v[i];

	if (new_prefix(t, i))
		mgmt_printf(out,
			"BGP routing table entry for %s:%s\nPaths: (%zu available, best #1)\n",
			r->rd, r->prefix, prefix_paths(t, i));
	mgmt_printf(out, "  %s\n    %s from %s\n", r->path[0] ? r->path : "Local", r->nexthop,
		r->local ? "0.0.0.0" : r->peer);
	mgmt_printf(out, "      Origin %s", origin_names[r->origin % 3]);
	if (r->has_med)
		mgmt_printf(out, ", metric %u", r->med);
	if (r->has_lp)
		mgmt_printf(out, ", localpref %u", r->lp);
	mgmt_printf(out, ", weight %u, %s%s%s%s\n", r->weight, r->invalid ? "" : "valid, ",
		r->local  ? "sourced, local"
		: r->ebgp ? "external"
			  : "internal",
		r->best && !r->invalid ? ", best" : "", r->stale ? ", stale" : "");
	if (r->ecomm[0])
		mgmt_printf(out, "      Extended Community: %s\n", r->ecomm);
	if (mpls_label(r) != 0)
		mgmt_printf(out, "      MPLS label: %u\n", mpls_label(r));
	text_comms(out, r, 6);
}

void evpn_bgp_print_text(struct mgmt_out *out, const struct evpn_bgp_table *t)
{
	size_t n_prefix = count_prefixes(t);

	if (t->n > 0 && !t->detail)
		text_header(out, t);
	for (size_t i = 0; i < t->n; i++) {
		if (new_rd(t, i))
			mgmt_printf(out, "Route Distinguisher: %s\n", t->v[i].rd);
		if (t->detail)
			text_detail(out, t, i);
		else
			text_row(out, &t->v[i]);
	}
	if (t->route_view && t->n == 0)
		mgmt_printf(
			out, "No EVPN prefixes %sexist\n", t->type ? "(of requested type) " : "");
	else if (t->route_view)
		mgmt_printf(out, "\nDisplayed %zu prefixes (%zu paths)%s\n", n_prefix, t->n,
			t->type ? " (of requested type)" : "");
	else if (t->adj_view)
		mgmt_printf(out, "\nTotal number of prefixes %zu\n", n_prefix);
	else if (t->n == 0)
		mgmt_printf(out, "No prefixes displayed, %zu exist\n", t->n_total);
	else
		mgmt_printf(out, "\nDisplayed %zu out of %zu total prefixes\n", t->n, t->n_total);
}

// ---- json

// FRR's bgp_evpn_route2json: the fields of the route itself.
static void route_json(struct json_writer *w, const struct evpn_route *rt)
{
	char b[INET6_ADDRSTRLEN + EVPN_ESI_STRLEN];

	json_kv_u64(w, "routeType", rt->type);
	if (rt->type == EVPN_RT_EAD || rt->type == EVPN_RT_ES) {
		evpn_esi_str(b, sizeof(b), &rt->esi);
		json_kv_str(w, "esi", b);
	}
	if (rt->type != EVPN_RT_ES)
		json_kv_u64(w, "ethTag", rt->eth_tag);
	if (rt->type == EVPN_RT_MACIP) {
		json_kv_u64(w, "macLen", 48);
		cp_mac_str(rt->mac, b, sizeof(b));
		json_kv_str(w, "mac", b);
	}
	if (rt->ip.family && rt->type != EVPN_RT_EAD) {
		inet_ntop(rt->ip.family, rt->ip.addr, b, sizeof(b));
		json_kv_u64(w, "ipLen",
			rt->type == EVPN_RT_PREFIX ? rt->prefix_len
			: rt->ip.family == AF_INET ? 32
						   : 128);
		json_kv_str(w, "ip", b);
	}
}

static void path_json(struct json_writer *w, const struct evpn_bgp_row *r)
{
	json_obj_begin(w);
	json_kv_bool(w, "valid", !r->invalid);
	if (r->stale)
		json_kv_bool(w, "stale", true);
	if (r->best && !r->invalid)
		json_kv_bool(w, "bestpath", true);
	// FRR calls its own routes external too.
	json_kv_str(w, "pathFrom", r->local || r->ebgp ? "external" : "internal");
	route_json(w, &r->route);
	if (mpls_label(r) != 0) // evpnd's
		json_kv_u64(w, "mplsLabel", mpls_label(r));
	if (r->has_med)
		json_kv_u64(w, "metric", r->med);
	if (r->has_lp)
		json_kv_u64(w, "locPrf", r->lp);
	json_kv_u64(w, "weight", r->weight);
	json_kv_str(w, "peerId", r->peer);
	json_kv_str(w, "path", r->path);
	json_kv_str(w, "origin", origin_names[r->origin % 3]);
	show_comm_json(w, r->comms);
	show_large_json(w, r->large);
	if (r->ecomm[0]) {
		json_key(w, "extendedCommunity");
		json_obj_begin(w);
		json_kv_str(w, "string", r->ecomm);
		json_obj_end(w);
	}
	json_key(w, "nexthops");
	json_arr_begin(w);
	json_obj_begin(w);
	json_kv_str(w, "ip", r->nexthop);
	json_kv_str(w, "afi", strchr(r->nexthop, ':') ? "ipv6" : "ipv4");
	json_kv_bool(w, "used", true);
	json_obj_end(w);
	json_arr_end(w);
	json_obj_end(w);
}

static void json_header(struct json_writer *w, const struct evpn_bgp_table *t)
{
	char id[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &t->router_id, id, sizeof(id));
	json_kv_u64(w, "bgpTableVersion", 0);
	json_kv_str(w, "bgpLocalRouterId", id);
	json_kv_u64(w, "defaultLocPrf", DEFAULT_LOCAL_PREF);
	json_kv_u64(w, "localAS", t->asn);
}

// Opens the RD and prefix objects row i starts, closing those row i - 1 was in.
static void json_group(struct json_writer *w, const struct evpn_bgp_table *t, size_t i)
{
	const struct evpn_bgp_row *r = &t->v[i];

	if (!new_prefix(t, i))
		return;
	if (i > 0) {
		json_arr_end(w); // paths
		json_obj_end(w); // prefix
		if (new_rd(t, i))
			json_obj_end(w);
	}
	if (new_rd(t, i)) {
		json_key(w, r->rd);
		json_obj_begin(w);
		json_kv_str(w, "rd", r->rd);
	}
	json_key(w, r->prefix);
	json_obj_begin(w);
	json_kv_str(w, "prefix", r->prefix);
	json_kv_u64(w, "prefixLen", FRR_EVPN_PREFIXLEN);
	json_key(w, "paths");
	json_arr_begin(w);
}

int evpn_bgp_print_json(struct mgmt_out *out, const struct evpn_bgp_table *t)
{
	struct json_writer w;

	json_init(&w, out, true);
	json_obj_begin(&w);
	if (!t->route_view)
		json_header(&w, t);
	for (size_t i = 0; i < t->n; i++) {
		json_group(&w, t, i);
		if (t->route_view) // evpn_show_all_routes: each path in an array
			json_arr_begin(&w);
		path_json(&w, &t->v[i]);
		if (t->route_view)
			json_arr_end(&w);
	}
	if (t->n > 0) {
		json_arr_end(&w);
		json_obj_end(&w);
		json_obj_end(&w);
	}
	json_kv_u64(&w, "numPrefix", t->route_view ? count_prefixes(t) : t->n);
	if (t->route_view)
		json_kv_u64(&w, "numPaths", t->n);
	else
		json_kv_u64(&w, "totalPrefix", t->n_total);
	json_obj_end(&w);
	return json_finish(&w);
}

int evpn_bgp_route_type(const char *s, uint8_t *type)
{
	static const char *const names[] = {NULL, "ead", "macip", "multicast", "es", "prefix"};
	char *end;
	unsigned long v;

	*type = 0;
	for (uint8_t i = 1; i < 6; i++)
		if (strcmp(s, names[i]) == 0) {
			*type = i;
			return 0;
		}
	v = strtoul(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < 1 || v > 5)
		return -EINVAL;
	*type = (uint8_t)v;
	return 0;
}
