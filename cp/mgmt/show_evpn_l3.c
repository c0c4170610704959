// SPDX-License-Identifier: BSD-3-Clause
// The L3VNIs of symmetric IRB as FRR's zebra shows them: show evpn rmac vni <VNI|all>,
// show evpn next-hops vni <VNI|all> (text and json, FRR 8.4's layout), and the L3 part
// of show evpn vni. What they list is the L3 next hops in use (cp/l3/l3_nexthop.h):
// each remote VTEP's router MAC, and the VTEP as the next hop of that MAC.
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cp/cp_addr.h"
#include "cp/evpn/evpn_irb.h"
#include "cp/evpn/evpn_vtep.h"
#include "cp/l3/l3_host.h"
#include "cp/l3/l3_nexthop.h"
#include "cp/l3/l3_vrf.h"
#include "cp/mgmt/mgmt_cmd.h"
#include "cp/mgmt/show_evpn.h"

#define VNI_MAX 16777215

// The distinct (router MAC, VTEP) pairs of an L3VNI, in next hop order.
struct l3_pair {
	uint8_t rmac[6];
	struct dp_ip vtep;
};

struct l3_pairs {
	uint32_t l3vni;
	size_t n, cap;
	struct l3_pair *p;
};

static int l3_pair_add(const struct l3_nexthop *nh, void *arg)
{
	struct l3_pairs *s = arg;

	if (nh->l3vni != s->l3vni)
		return 0;
	for (size_t i = 0; i < s->n; i++)
		if (memcmp(s->p[i].rmac, nh->rmac, 6) == 0 && cp_dp_ip_eq(&s->p[i].vtep, &nh->vtep))
			return 0;
	if (s->n == s->cap) {
		struct l3_pair *p = realloc(s->p, (s->cap ? 2 * s->cap : 16) * sizeof(*p));

		if (p == NULL)
			return -ENOMEM;
		s->p = p;
		s->cap = s->cap ? 2 * s->cap : 16;
	}
	memcpy(s->p[s->n].rmac, nh->rmac, 6);
	s->p[s->n++].vtep = nh->vtep;
	return 0;
}

// Fills s (free s->p after): the walk stops where memory ran out, what it has is shown.
static void l3_pairs_of(uint32_t l3vni, struct l3_pairs *s)
{
	s->l3vni = l3vni;
	s->n = 0;
	l3_nexthop_walk(l3_pair_add, s);
}

bool show_evpn_l3_exists(uint32_t vni)
{
	return l3_vrf_by_vni(vni) != NULL;
}

// "all" is 0, else a VNI that must be an L3VNI of ours (FRR's message).
static int l3vni_arg(const struct mgmt_req *req, uint32_t *vni, struct mgmt_out *out)
{
	const char *s = mgmt_req_arg(req, "VNI");
	char *end;
	unsigned long v;

	if (s == NULL || strcmp(s, "all") == 0) {
		*vni = 0;
		return 0;
	}
	v = strtoul(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < 1 || v > VNI_MAX) {
		mgmt_printf(out, "%% Invalid VNI: %s\n", s);
		return -EINVAL;
	}
	*vni = (uint32_t)v;
	if (!show_evpn_l3_exists(*vni)) {
		mgmt_printf(out, "%% L3-VNI %u does not exist\n", *vni);
		return -ENOENT;
	}
	return 0;
}

// One L3VNI's rmacs (next_hops false) or next hops, text.
static void l3_text(const struct l3_pairs *s, bool next_hops, bool all, struct mgmt_out *out)
{
	char m[CP_MAC_STRLEN], a[CP_IP_STRLEN];

	if (all)
		mgmt_printf(out, "\nVNI %u #%s %zu\n\n", s->l3vni,
			next_hops ? "Next-Hops" : "RMACs", s->n);
	else if (next_hops)
		mgmt_printf(out, "Number of NH Neighbors known for this VNI: %zu\n", s->n);
	else
		mgmt_printf(out, "Number of Remote RMACs known for this VNI: %zu\n", s->n);
	if (next_hops)
		mgmt_printf(out, "%-15s %-17s\n", "IP", "RMAC");
	else
		mgmt_printf(out, "%-17s %-21s\n", all ? "RMAC" : "MAC", "Remote VTEP");
	for (size_t i = 0; i < s->n; i++) {
		cp_mac_str(s->p[i].rmac, m, sizeof(m));
		cp_dp_ip_str(&s->p[i].vtep, a, sizeof(a));
		if (next_hops)
			mgmt_printf(out, "%-15s %-17s\n", a, m);
		else
			mgmt_printf(out, "%-17s %-21s\n", m, a);
	}
}

static void l3_json(struct json_writer *w, const struct l3_pairs *s, bool next_hops)
{
	char m[CP_MAC_STRLEN], a[CP_IP_STRLEN];

	json_obj_begin(w);
	json_kv_u64(w, next_hops ? "numNextHops" : "numRmacs", s->n);
	for (size_t i = 0; i < s->n; i++) {
		cp_mac_str(s->p[i].rmac, m, sizeof(m));
		cp_dp_ip_str(&s->p[i].vtep, a, sizeof(a));
		json_key(w, next_hops ? a : m);
		json_obj_begin(w);
		json_kv_str(w, next_hops ? "nexthopIp" : "routerMac", next_hops ? a : m);
		json_kv_str(w, next_hops ? "routerMac" : "vtepIp", next_hops ? m : a);
		json_obj_end(w);
	}
	json_obj_end(w);
}

static int show_l3(const struct mgmt_req *req, struct mgmt_out *out, bool next_hops)
{
	struct l3_pairs s = {0};
	struct json_writer w;
	char k[16];
	uint32_t vni;
	int ret;

	if ((ret = l3vni_arg(req, &vni, out)) < 0)
		return ret;
	if (req->json) {
		json_init(&w, out, true);
		if (vni == 0)
			json_obj_begin(&w);
	}
	for (size_t i = 0; i < l3_vrf_count(); i++) {
		const struct l3_vrf *v = l3_vrf_at(i);

		if (v->vni == 0 || (vni != 0 && v->vni != vni))
			continue;
		l3_pairs_of(v->vni, &s);
		if (!req->json) {
			l3_text(&s, next_hops, vni == 0, out);
			continue;
		}
		if (vni == 0) {
			snprintf(k, sizeof(k), "%u", v->vni);
			json_key(&w, k);
		}
		l3_json(&w, &s, next_hops);
	}
	free(s.p);
	if (!req->json)
		return 0;
	if (vni == 0)
		json_obj_end(&w);
	return json_finish(&w);
}

static int show_rmac(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	(void)ctx;
	return show_l3(req, out, false);
}

static int show_next_hops(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	(void)ctx;
	return show_l3(req, out, true);
}

// The L2VNIs attached to an L3VNI ("100 200").
static void l2_vnis(uint32_t l3vni, char *buf, size_t len)
{
	const struct evpn_inst *in = evpn_vtep_inst();
	size_t n = 0;

	buf[0] = '\0';
	for (uint32_t i = 0; in != NULL && i < in->n_vni && n < len; i++)
		if (in->vnis[i].l3vni == l3vni)
			n += (size_t)snprintf(
				buf + n, len - n, "%s%u", n ? " " : "", in->vnis[i].vni);
}

size_t show_evpn_l3_count(uint32_t vni)
{
	size_t n = 0;

	for (size_t i = 0; i < l3_vrf_count(); i++)
		n += l3_vrf_at(i)->vni != 0 && (vni == 0 || l3_vrf_at(i)->vni == vni);
	return n;
}

int show_evpn_l3_table(uint32_t vni, struct mgmt_out *out)
{
	const struct evpn_irb_stats *st = evpn_irb_stats();
	struct mgmt_table t;
	struct l3_pairs s = {0};
	char l2[128], m[CP_MAC_STRLEN];
	int ret;

	mgmt_printf(out, "Number of L3 VNIs: %zu\n", show_evpn_l3_count(vni));
	mgmt_table_init(&t, 6);
	mgmt_table_add(&t, "VNI", "Type", "Tenant VRF", "Router MAC", "#Remote RMACs", "L2 VNIs");
	for (size_t i = 0; i < l3_vrf_count(); i++) {
		const struct l3_vrf *v = l3_vrf_at(i);

		if (v->vni == 0 || (vni != 0 && v->vni != vni))
			continue;
		l3_pairs_of(v->vni, &s);
		l2_vnis(v->vni, l2, sizeof(l2));
		mgmt_table_cell(&t, "%u", v->vni);
		mgmt_table_cell(&t, "L3");
		mgmt_table_cell(&t, "%s", v->name);
		mgmt_table_cell(&t, "%s", cp_mac_str(v->router_mac, m, sizeof(m)));
		mgmt_table_cell(&t, "%zu", s.n);
		mgmt_table_cell(&t, "%s", l2[0] ? l2 : "-");
	}
	free(s.p);
	ret = mgmt_table_print(&t, out);
	mgmt_table_free(&t);
	if (ret == 0)
		ret = mgmt_printf(out,
			"Symmetric IRB: %zu host routes, %zu L3 next hops; MAC+IP paths refused: "
			"%llu zero router MAC, %llu unknown L3VNI, %llu gateway\n",
			l3_host_count(), l3_nexthop_count(), (unsigned long long)st->zero_rmac,
			(unsigned long long)st->unknown_l3vni, (unsigned long long)st->gateway);
	return ret < 0 ? ret : 0;
}

// show evpn vni <L3VNI>: FRR's detail of an L3 VNI (zebra's zl3vni_print).
int show_evpn_l3_detail(uint32_t vni, struct mgmt_out *out)
{
	const struct l3_vrf *v = l3_vrf_by_vni(vni);
	char m[CP_MAC_STRLEN], a[CP_IP_STRLEN], l2[128];
	struct l3_pairs s = {0};

	if (v == NULL)
		return -ENOENT;
	l3_pairs_of(vni, &s);
	free(s.p);
	l2_vnis(vni, l2, sizeof(l2));
	cp_mac_str(v->router_mac, m, sizeof(m));
	return mgmt_printf(out,
		       "VNI: %u\n  Type: L3\n  Tenant VRF: %s\n  Local Vtep Ip: %s\n  State: Up\n"
		       "  Router MAC: %s\n  Remote RMACs: %zu\n  L2 VNIs: %s\n",
		       vni, v->name, cp_dp_ip_str(evpn_vtep_local(), a, sizeof(a)), m, s.n,
		       l2[0] ? l2 : "-") < 0
		       ? -ENOMEM
		       : 0;
}

// An L3VNI as FRR's show evpn vni json has it (keyed by the caller when listed).
void show_evpn_l3_json(struct json_writer *w, uint32_t vni)
{
	const struct l3_vrf *v = l3_vrf_by_vni(vni);
	struct l3_pairs s = {0};
	char m[CP_MAC_STRLEN], l2[128], *p, *save = NULL;

	if (v == NULL)
		return;
	l3_pairs_of(vni, &s);
	free(s.p);
	l2_vnis(vni, l2, sizeof(l2));
	json_obj_begin(w);
	json_kv_u64(w, "vni", vni);
	json_kv_str(w, "type", "L3");
	json_kv_str(w, "tenantVrf", v->name);
	json_kv_str(w, "routerMac", cp_mac_str(v->router_mac, m, sizeof(m)));
	json_kv_u64(w, "numRmacs", s.n);
	json_kv_str(w, "numRemoteVteps", "n/a");
	json_key(w, "l2Vnis");
	json_arr_begin(w);
	for (p = strtok_r(l2, " ", &save); p != NULL; p = strtok_r(NULL, " ", &save))
		json_u64(w, strtoull(p, NULL, 10));
	json_arr_end(w);
	json_obj_end(w);
}

int show_evpn_l3_register(void)
{
	int ret = mgmt_register("show evpn rmac vni <VNI>", show_rmac, NULL,
		"router MACs of the remote VTEPs of an L3VNI (or all), as FRR: symmetric IRB");

	return ret < 0 ? ret
		       : mgmt_register("show evpn next-hops vni <VNI>", show_next_hops, NULL,
				 "remote VTEPs (L3 next hops) of an L3VNI (or all) and their "
				 "router MACs, as FRR");
}
