// SPDX-License-Identifier: BSD-3-Clause
// show vrf, show ip route vrf NAME, show ipv6 route vrf NAME: FRR's layout, from
// what the control plane programmed (cp/l3/l3_vrf.h, and the symmetric IRB host
// routes of cp/l3/l3_host.h).
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp/cp_addr.h"
#include "cp/l3/l3_host.h"
#include "cp/l3/l3_nexthop.h"
#include "cp/l3/l3_vrf.h"
#include "cp/mgmt/mgmt_cmd.h"
#include "cp/mgmt/mgmt_out.h"
#include "cp/mgmt/show_vrf.h"

static void show_vrf_text(struct mgmt_out *out)
{
	struct mgmt_table t;
	char mac[CP_MAC_STRLEN];

	mgmt_table_init(&t, 5);
	mgmt_table_add(&t, "VRF", "Id", "L3VNI", "Router MAC", "Bridge domains");
	for (size_t i = 0; i < l3_vrf_count(); i++) {
		const struct l3_vrf *v = l3_vrf_at(i);
		char bds[256] = "";
		size_t len = 0;

		for (uint16_t j = 0; j < v->n_bds && len < sizeof(bds) - 8; j++)
			len += (size_t)snprintf(
				bds + len, sizeof(bds) - len, "%s%u", j ? " " : "", v->bds[j]);
		mgmt_table_cell(&t, "%s", v->name);
		mgmt_table_cell(&t, "%u", v->id);
		if (v->vni != 0)
			mgmt_table_cell(&t, "%u", v->vni);
		else
			mgmt_table_cell(&t, "-");
		mgmt_table_cell(&t, "%s", cp_mac_str(v->router_mac, mac, sizeof(mac)));
		mgmt_table_cell(&t, "%s", len ? bds : "-");
	}
	mgmt_table_print(&t, out);
	mgmt_table_free(&t);
}

static int show_vrf(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	struct json_writer w;
	char mac[CP_MAC_STRLEN];

	(void)ctx;
	if (!req->json) {
		show_vrf_text(out);
		return 0;
	}
	json_init(&w, out, true);
	json_obj_begin(&w);
	for (size_t i = 0; i < l3_vrf_count(); i++) {
		const struct l3_vrf *v = l3_vrf_at(i);

		json_key(&w, v->name);
		json_obj_begin(&w);
		json_kv_u64(&w, "id", v->id);
		json_kv_u64(&w, "l3vni", v->vni);
		json_kv_str(&w, "routerMac", cp_mac_str(v->router_mac, mac, sizeof(mac)));
		json_key(&w, "bridgeDomains");
		json_arr_begin(&w);
		for (uint16_t j = 0; j < v->n_bds; j++)
			json_u64(&w, v->bds[j]);
		json_arr_end(&w);
		json_obj_end(&w);
	}
	json_obj_end(&w);
	return json_finish(&w);
}

// One route as FRR prints it: "C>* 10.1.0.0/24 is directly connected, bd100".
static void route_text(struct mgmt_out *out, const struct l3_route *r)
{
	char p[CP_IP_STRLEN], a[CP_IP_STRLEN];

	cp_ip_str(&r->dst.addr, p, sizeof(p));
	mgmt_printf(out, "%c>%s %s/%u", r->kind, r->installed ? "*" : " ", p, r->dst.len);
	if (r->kind == L3_ROUTE_CONNECTED)
		mgmt_printf(out, " is directly connected, bd%u\n", r->bd);
	else if (r->blackhole)
		mgmt_printf(out, " [1/0] unreachable (blackhole)\n");
	else
		mgmt_printf(out, " [1/0] via %s, bd%u\n", cp_ip_str(&r->via, a, sizeof(a)), r->bd);
}

static void route_json(struct json_writer *w, const struct l3_vrf *v, const struct l3_route *r)
{
	char p[CP_IP_STRLEN], a[CP_IP_STRLEN], ifn[16], key[CP_IP_STRLEN + 4];

	cp_ip_str(&r->dst.addr, p, sizeof(p));
	snprintf(ifn, sizeof(ifn), "bd%u", r->bd);
	snprintf(key, sizeof(key), "%s/%u", p, r->dst.len);
	json_key(w, key); // FRR's object: routes by prefix, each a list of paths
	json_arr_begin(w);
	json_obj_begin(w);
	json_kv_str(w, "prefix", key);
	json_kv_str(w, "protocol", r->kind == L3_ROUTE_CONNECTED ? "connected" : "static");
	json_kv_str(w, "vrfName", v->name);
	json_kv_bool(w, "selected", true);
	json_kv_bool(w, "installed", r->installed);
	json_key(w, "nexthops");
	json_arr_begin(w);
	json_obj_begin(w);
	if (r->kind == L3_ROUTE_CONNECTED)
		json_kv_bool(w, "directlyConnected", true);
	else if (r->blackhole)
		json_kv_str(w, "unreachable", "blackhole");
	else
		json_kv_str(w, "ip", cp_ip_str(&r->via, a, sizeof(a)));
	if (!r->blackhole)
		json_kv_str(w, "interfaceName", ifn);
	json_kv_bool(w, "active", true);
	json_obj_end(w);
	json_arr_end(w);
	json_obj_end(w);
	json_arr_end(w);
}

// Symmetric IRB host routes of a VRF (cp/l3/l3_host.h), of one family, by address.
struct host_list {
	uint16_t vrf;
	int family;
	size_t n, cap;
	const struct l3_host **h;
	int err;
};

static int host_collect(const struct l3_host *h, void *arg)
{
	struct host_list *l = arg;
	const struct l3_host **n;

	if (h->vrf != l->vrf || h->ip.family != l->family || !l3_host_remote(h))
		return 0;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		if ((n = realloc(l->h, l->cap * sizeof(*n))) == NULL) {
			l->err = -ENOMEM;
			return l->err;
		}
		l->h = n;
	}
	l->h[l->n++] = h;
	return 0;
}

static int host_cmp(const void *a, const void *b)
{
	return cp_ip_cmp(
		&(*(const struct l3_host *const *)a)->ip, &(*(const struct l3_host *const *)b)->ip);
}

// FRR's form of an EVPN route in a VRF: "B>* 10.2.0.2/32 [200/0] via 192.0.2.2, vni5000
// onlink" (FRR names its L3VNI's SVI there; evpnd has none: the L3VNI).
static void host_text(struct mgmt_out *out, const struct l3_host *h)
{
	const struct l3_nexthop *p = l3_nexthop_find(h->paths[h->best].rnh);
	char ip[CP_IP_STRLEN], a[CP_IP_STRLEN], via[24];

	if (p == NULL)
		return;
	mgmt_printf(out, "B>* %s/%u [200/0] via %s, %s onlink\n",
		cp_ip_str(&h->ip, ip, sizeof(ip)), h->ip.family == AF_INET ? 32 : 128,
		cp_dp_ip_str(&p->vtep, a, sizeof(a)), l3_nexthop_via(p->l3vni, via, sizeof(via)));
}

static void host_json(struct json_writer *w, const struct l3_vrf *v, const struct l3_host *h)
{
	const struct l3_nexthop *p = l3_nexthop_find(h->paths[h->best].rnh);
	char ip[CP_IP_STRLEN], a[CP_IP_STRLEN], key[CP_IP_STRLEN + 4], ifn[24], m[CP_MAC_STRLEN];

	if (p == NULL)
		return;
	snprintf(key, sizeof(key), "%s/%u", cp_ip_str(&h->ip, ip, sizeof(ip)),
		h->ip.family == AF_INET ? 32 : 128);
	l3_nexthop_via(p->l3vni, ifn, sizeof(ifn));
	json_key(w, key);
	json_arr_begin(w);
	json_obj_begin(w);
	json_kv_str(w, "prefix", key);
	json_kv_str(w, "protocol", "bgp");
	json_kv_str(w, "vrfName", v->name);
	json_kv_bool(w, "selected", true);
	json_kv_bool(w, "installed", true);
	json_key(w, "nexthops");
	json_arr_begin(w);
	json_obj_begin(w);
	json_kv_str(w, "ip", cp_dp_ip_str(&p->vtep, a, sizeof(a)));
	json_kv_str(w, "afi", p->vtep.family == AF_INET ? "ipv4" : "ipv6");
	json_kv_str(w, "interfaceName", ifn);
	json_kv_bool(w, "onLink", true);
	json_kv_str(w, "routerMac", cp_mac_str(p->rmac, m, sizeof(m))); // evpnd's
	json_kv_bool(w, "active", true);
	json_obj_end(w);
	json_arr_end(w);
	json_obj_end(w);
	json_arr_end(w);
}

static int show_route(const struct mgmt_req *req, struct mgmt_out *out, int family)
{
	const char *name = mgmt_req_arg(req, "NAME");
	const struct l3_vrf *v = l3_vrf_find(name != NULL ? name : "default");
	struct json_writer w;
	struct host_list hl = {.family = family};

	if (v == NULL) {
		mgmt_printf(out, "%% VRF %s not found\n", name != NULL ? name : "default");
		return -ENOENT;
	}
	if (req->json) {
		json_init(&w, out, true);
		json_obj_begin(&w);
	} else {
		mgmt_printf(out,
			"Codes: C - connected, S - static, B - BGP (EVPN host and type-5 routes),\n"
			"       > - selected route, * - FIB route\n\nVRF %s:\n",
			v->name);
	}
	for (size_t i = 0; i < v->n_routes; i++) {
		const struct l3_route *r = &v->routes[i];
		if (r->dst.addr.family != family)
			continue;
		if (req->json)
			route_json(&w, v, r);
		else
			route_text(out, r);
	}
	hl.vrf = v->id;
	l3_host_walk(host_collect, &hl);
	qsort(hl.h, hl.n, sizeof(*hl.h), host_cmp);
	for (size_t i = 0; i < hl.n; i++) {
		if (req->json)
			host_json(&w, v, hl.h[i]);
		else
			host_text(out, hl.h[i]);
	}
	free(hl.h);
	if (hl.err < 0 && !req->json)
		mgmt_puts(out, "% out of memory: host routes not all listed\n");
	show_vrf_prefixes(out, req->json ? &w : NULL, v, family);
	if (!req->json)
		return 0;
	json_obj_end(&w);
	return json_finish(&w);
}

static int show_ip_route(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	(void)ctx;
	return show_route(req, out, AF_INET);
}

static int show_ipv6_route(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	(void)ctx;
	return show_route(req, out, AF_INET6);
}

int show_vrf_register(void)
{
	static const struct {
		const char *syntax;
		mgmt_handler fn;
		const char *help;
	} cmds[] = {
		{"show vrf", show_vrf, "VRFs: id, L3VNI, router MAC, bridge domains"},
		{"show ip route [vrf <NAME>]", show_ip_route, "a VRF's IPv4 routes (FIB)"},
		{"show ipv6 route [vrf <NAME>]", show_ipv6_route, "a VRF's IPv6 routes (FIB)"},
	};
	for (unsigned i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		int ret = mgmt_register(cmds[i].syntax, cmds[i].fn, NULL, cmds[i].help);
		if (ret < 0)
			return ret;
	}
	return show_bgp_vrf_register();
}
