// SPDX-License-Identifier: BSD-3-Clause
// show bgp vrf NAME ipv4 unicast | ipv6 unicast [json]: a VRF's BGP table as FRR
// prints it: the type-5 routes it imported (next hop the remote VTEP) and the
// prefixes it advertises as type 5 (its gateway subnets and static routes, shown
// as FRR shows redistributed ones: next hop 0.0.0.0, weight 32768, origin ?).
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp/bgp/bgp_pattr.h"
#include "cp/bgp/bgp_speaker.h"
#include "cp/cp_addr.h"
#include "cp/evpn/evpn_prefix.h"
#include "cp/l3/l3_prefix.h"
#include "cp/mgmt/mgmt_cmd.h"
#include "cp/mgmt/mgmt_out.h"
#include "cp/mgmt/show_vrf.h"

// One row: an imported path (p) or one of our prefixes (p NULL).
struct row {
	struct cp_ip prefix;
	uint8_t len;
	const struct evpn_prefix_path *p;
};

// By prefix; of one prefix ours first, then by VTEP: the first is the best (the one
// the FIB has without ECMP, cp/l3/l3_prefix.h), the others ECMP members ("=") or not.
static int row_cmp(const void *x, const void *y)
{
	const struct row *a = x, *b = y;
	int c = cp_ip_cmp(&a->prefix, &b->prefix);

	if (c == 0)
		c = (int)a->len - (int)b->len;
	if (c == 0)
		c = (a->p != NULL) - (b->p != NULL);
	return c != 0 || a->p == NULL ? c : cp_dp_ip_cmp(&a->p->vtep, &b->p->vtep);
}

static bool same_prefix(const struct row *a, const struct row *b)
{
	return a->len == b->len && cp_ip_eq(&a->prefix, &b->prefix);
}

static int rows_of(const struct evpn_prefix_vrf *pv, int family, struct row **out, size_t *n)
{
	size_t cap = cp_htable_count(&pv->rx) + pv->advertised + 1, k = 0;
	struct row *r = calloc(cap, sizeof(*r));
	const struct evpn_prefix_path *p;
	uint32_t pos = 0;

	if (r == NULL)
		return -ENOMEM;
	while ((p = cp_htable_next(&pv->rx, &pos)) != NULL)
		if (p->route.ip.family == family)
			r[k++] = (struct row){p->route.ip, p->route.prefix_len, p};
	for (size_t i = 0; i < pv->advertised; i++)
		if (pv->adv[i].addr.family == family)
			r[k++] = (struct row){pv->adv[i].addr, pv->adv[i].len, NULL};
	qsort(r, k, sizeof(*r), row_cmp);
	*out = r;
	*n = k;
	return 0;
}

// Another path the FIB uses beside the best one (an ECMP member, FRR's "=").
static bool multipath(const struct evpn_prefix_vrf *pv, const struct row *r, bool best)
{
	const struct l3_prefix *lp;

	if (best || r->p == NULL || !r->p->installed)
		return false;
	lp = l3_prefix_find(pv->vrf_id, &r->prefix, r->len);
	return lp != NULL && lp->ecmp != 0;
}

static const char *net_str(const struct row *r, char *buf, size_t size)
{
	char a[CP_IP_STRLEN];

	snprintf(buf, size, "%s/%u", cp_ip_str(&r->prefix, a, sizeof(a)), r->len);
	return buf;
}

static const char *nh_str(const struct row *r, char *buf, size_t size)
{
	if (r->p == NULL)
		return r->prefix.family == AF_INET6 ? "::" : "0.0.0.0";
	return cp_dp_ip_str(&r->p->vtep, buf, size);
}

static void row_text(struct mgmt_table *t, const struct row *r, bool best, bool multi)
{
	const struct bgp_pattr *a = r->p ? r->p->attrs : NULL;
	char net[CP_IP_STRLEN + 4], nh[CP_IP_STRLEN], path[512] = "";
	char origin = '?';

	if (a != NULL) {
		bgp_pattr_aspath_str(a, path, sizeof(path));
		origin = "ie?"[a->origin % 3];
	}
	mgmt_table_cell(t, "*%s%s",
		best	? ">"
		: multi ? "="
			: " ",
		r->p && r->p->internal ? "i" : " ");
	mgmt_table_cell(t, "%s", best ? net_str(r, net, sizeof(net)) : "");
	mgmt_table_cell(t, "%s", nh_str(r, nh, sizeof(nh)));
	if (a && (a->has & BGP_AS_MED))
		mgmt_table_cell(t, "%u", a->med);
	else
		mgmt_table_cell(t, "%s", r->p ? "" : "0");
	if (a && (a->has & BGP_AS_LOCAL_PREF))
		mgmt_table_cell(t, "%u", a->local_pref);
	else
		mgmt_table_cell(t, "%s", "");
	mgmt_table_cell(t, "%u", a ? a->weight : 32768u);
	mgmt_table_cell(t, "%s%s%c", path, path[0] ? " " : "", origin);
}

static void row_json(struct json_writer *w, const struct row *r, bool best, bool multi)
{
	static const char *const origins[] = {"IGP", "EGP", "incomplete"};
	const struct bgp_pattr *a = r->p ? r->p->attrs : NULL;
	char net[CP_IP_STRLEN + 4], nh[CP_IP_STRLEN], path[512] = "", mac[CP_MAC_STRLEN];

	json_obj_begin(w);
	json_kv_bool(w, "valid", true);
	if (best)
		json_kv_bool(w, "bestpath", true);
	if (multi)
		json_kv_bool(w, "multipath", true);
	json_kv_str(w, "pathFrom",
		r->p == NULL	 ? "local"
		: r->p->internal ? "internal"
				 : "external");
	json_kv_str(w, "prefix", cp_ip_str(&r->prefix, nh, sizeof(nh)));
	json_kv_u64(w, "prefixLen", r->len);
	json_kv_str(w, "network", net_str(r, net, sizeof(net)));
	if (a && (a->has & BGP_AS_MED))
		json_kv_u64(w, "metric", a->med);
	if (a && (a->has & BGP_AS_LOCAL_PREF))
		json_kv_u64(w, "locPrf", a->local_pref);
	json_kv_u64(w, "weight", a ? a->weight : 32768u);
	json_kv_str(w, "path", a ? bgp_pattr_aspath_str(a, path, sizeof(path)) : "");
	json_kv_str(w, "origin", origins[a ? a->origin % 3 : 2]);
	if (r->p != NULL) {
		json_kv_u64(w, "vni", evpn_label_to_vni(r->p->route.label[0]));
		json_kv_str(w, "rmac", cp_mac_str(r->p->rmac, mac, sizeof(mac)));
	}
	json_key(w, "nexthops");
	json_arr_begin(w);
	json_obj_begin(w);
	json_kv_str(w, "ip", nh_str(r, nh, sizeof(nh)));
	json_kv_str(w, "afi", r->p && r->p->vtep.family == AF_INET6 ? "ipv6" : "ipv4");
	json_kv_bool(w, "used", true);
	json_obj_end(w);
	json_arr_end(w);
	json_obj_end(w);
}

static void print_json(
	struct mgmt_out *out, const struct evpn_prefix_vrf *pv, const struct row *r, size_t n)
{
	const struct bgp_globals *g = bgp_glob();
	struct json_writer w;
	char b[INET_ADDRSTRLEN], net[CP_IP_STRLEN + 4];

	json_init(&w, out, true);
	json_obj_begin(&w);
	json_kv_u64(&w, "vrfId", pv->vrf_id);
	json_kv_str(&w, "vrfName", pv->name);
	json_kv_str(&w, "routerId", inet_ntop(AF_INET, &g->router_id, b, sizeof(b)));
	json_kv_u64(&w, "defaultLocPrf", 100);
	json_kv_u64(&w, "localAS", g->asn);
	// evpnd's own: received type-5 routes refused (no or zero Router MAC) and kept
	// but not installed (no L3 next hop), every VRF together.
	json_kv_u64(&w, "evpnType5Refused", evpn_prefix_refused());
	json_kv_u64(&w, "evpnType5NotInstalled", evpn_prefix_install_failed());
	json_key(&w, "routes");
	json_obj_begin(&w);
	for (size_t i = 0; i < n; i++) {
		bool first = i == 0 || !same_prefix(&r[i - 1], &r[i]);
		if (first) {
			if (i > 0)
				json_arr_end(&w);
			json_key(&w, net_str(&r[i], net, sizeof(net)));
			json_arr_begin(&w);
		}
		row_json(&w, &r[i], first, multipath(pv, &r[i], first));
	}
	if (n > 0)
		json_arr_end(&w);
	json_obj_end(&w);
	json_obj_end(&w);
	json_finish(&w);
}

static void print_text(
	struct mgmt_out *out, const struct evpn_prefix_vrf *pv, const struct row *r, size_t n)
{
	const struct bgp_globals *g = bgp_glob();
	struct mgmt_table t;
	char b[INET_ADDRSTRLEN];

	mgmt_printf(out,
		"BGP table version is 0, local router ID is %s, vrf id %u\n"
		"Default local pref 100, local AS %u\n"
		"Status codes:  * valid, > best, i internal\n"
		"Origin codes:  i - IGP, e - EGP, ? - incomplete\n\n",
		inet_ntop(AF_INET, &g->router_id, b, sizeof(b)), pv->vrf_id, g->asn);
	mgmt_table_init(&t, 7);
	mgmt_table_add(&t, "", "Network", "Next Hop", "Metric", "LocPrf", "Weight", "Path");
	size_t routes = 0;
	for (size_t i = 0; i < n; i++) {
		bool first = i == 0 || !same_prefix(&r[i - 1], &r[i]);
		routes += first;
		row_text(&t, &r[i], first, multipath(pv, &r[i], first));
	}
	mgmt_table_print(&t, out);
	mgmt_table_free(&t);
	mgmt_printf(out, "\nDisplayed  %zu routes and %zu total paths\n", routes, n);
}

static int show_bgp_vrf(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	const char *name = mgmt_req_arg(req, "NAME");
	const struct evpn_prefix_vrf *pv = evpn_prefix_vrf_find(name);
	int family = (int)(intptr_t)ctx;
	struct row *r;
	size_t n;

	if (pv == NULL) {
		mgmt_printf(
			out, "%% View/Vrf %s is unknown (no vrf with an L3VNI under EVPN)\n", name);
		return -ENOENT;
	}
	if (rows_of(pv, family, &r, &n) < 0)
		return -ENOMEM;
	if (req->json)
		print_json(out, pv, r, n);
	else
		print_text(out, pv, r, n);
	free(r);
	return 0;
}

int show_bgp_vrf_register(void)
{
	int ret = mgmt_register("show bgp vrf <NAME> ipv4 unicast", show_bgp_vrf,
		(void *)(intptr_t)AF_INET,
		"a VRF's BGP table: its type-5 routes, imported and ours");

	if (ret < 0)
		return ret;
	return mgmt_register("show bgp vrf <NAME> ipv6 unicast", show_bgp_vrf,
		(void *)(intptr_t)AF_INET6, "a VRF's IPv6 BGP table: its type-5 routes");
}
