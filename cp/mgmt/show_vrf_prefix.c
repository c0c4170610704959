// SPDX-License-Identifier: BSD-3-Clause
// The type-5 prefix routes of a VRF's FIB (cp/l3/l3_prefix.h) in show ip[v6] route
// vrf NAME, as zebra shows what BGP EVPN installed: "B>* 10.2.0.0/24 [200/0] via
// 192.0.2.2, vni5000 onlink" (evpnd has no L3VNI interface to name: the host routes'
// form); json protocol "bgp", the next hop with its VNI and routerMac.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "cp/cp_addr.h"
#include "cp/l3/l3_nexthop.h"
#include "cp/l3/l3_prefix.h"
#include "cp/l3/l3_vrf.h"
#include "cp/mgmt/mgmt_out.h"
#include "cp/mgmt/show_vrf.h"

struct prefix_list {
	const struct l3_prefix **v;
	size_t n, cap;
	uint16_t vrf;
	int family;
};

static int collect(const struct l3_prefix *p, void *arg)
{
	struct prefix_list *l = arg;

	if (p->vrf != l->vrf || p->ip.family != l->family)
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		const struct l3_prefix **v = realloc(l->v, cap * sizeof(*v));
		if (v == NULL)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = p;
	return 0;
}

static int by_prefix(const void *x, const void *y)
{
	const struct l3_prefix *a = *(const struct l3_prefix *const *)x;
	const struct l3_prefix *b = *(const struct l3_prefix *const *)y;
	int c = cp_ip_cmp(&a->ip, &b->ip);

	return c != 0 ? c : (int)a->len - (int)b->len;
}

// The L3 next hops the FIB uses: each once with ECMP, else the best path's.
static unsigned used_paths(const struct l3_prefix *p, const struct l3_nexthop *out[])
{
	unsigned n = 0;

	for (unsigned i = 0; i < p->n_paths; i++) {
		const struct l3_nexthop *nh = l3_nexthop_find(p->paths[i].rnh);
		bool dup = nh == NULL || (p->ecmp == 0 && i != p->best);
		for (unsigned j = 0; j < n && !dup; j++)
			dup = out[j] == nh;
		if (!dup)
			out[n++] = nh;
	}
	return n;
}

static void prefix_text(struct mgmt_out *out, const struct l3_prefix *p)
{
	const struct l3_nexthop *u[L3_PREFIX_MAX_PATHS];
	unsigned n = used_paths(p, u);
	char a[CP_IP_STRLEN], nh[CP_IP_STRLEN], head[CP_IP_STRLEN + 32], via[24];
	int w = snprintf(head, sizeof(head), "B%s %s/%u [200/0]", p->local ? "  " : ">*",
		cp_ip_str(&p->ip, a, sizeof(a)), p->len);

	for (unsigned i = 0; i < n; i++) {
		cp_dp_ip_str(&u[i]->vtep, nh, sizeof(nh));
		if (i == 0)
			mgmt_printf(out, "%s via %s, %s onlink\n", head, nh,
				l3_nexthop_via(u[i]->l3vni, via, sizeof(via)));
		else // FRR's further ECMP next hops: "  *" under the route
			mgmt_printf(out, "  %s%*s via %s, %s onlink\n", p->local ? " " : "*",
				w - 3, "", nh, l3_nexthop_via(u[i]->l3vni, via, sizeof(via)));
	}
}

static void prefix_json(struct json_writer *w, const char *vrf, const struct l3_prefix *p)
{
	const struct l3_nexthop *u[L3_PREFIX_MAX_PATHS];
	unsigned n = used_paths(p, u);
	char a[CP_IP_STRLEN], key[CP_IP_STRLEN + 4], mac[CP_MAC_STRLEN];

	snprintf(key, sizeof(key), "%s/%u", cp_ip_str(&p->ip, a, sizeof(a)), p->len);
	json_key(w, key);
	json_arr_begin(w);
	json_obj_begin(w);
	json_kv_str(w, "prefix", key);
	json_kv_str(w, "protocol", "bgp");
	json_kv_str(w, "vrfName", vrf);
	json_kv_bool(w, "selected", !p->local);
	json_kv_bool(w, "installed", !p->local);
	json_key(w, "nexthops");
	json_arr_begin(w);
	for (unsigned i = 0; i < n; i++) {
		json_obj_begin(w);
		json_kv_str(w, "ip", cp_dp_ip_str(&u[i]->vtep, a, sizeof(a)));
		json_kv_bool(w, "onLink", true);
		if (u[i]->l3vni & DP_MPLS_IP_FLAG) // over MPLS: the PE's per-VRF label
			json_kv_u64(w, "mplsLabel", u[i]->l3vni & DP_MPLS_LABEL_MAX);
		else
			json_kv_u64(w, "vni", u[i]->l3vni);
		json_kv_str(w, "routerMac", cp_mac_str(u[i]->rmac, mac, sizeof(mac)));
		json_kv_bool(w, "active", !p->local);
		json_obj_end(w);
	}
	json_arr_end(w);
	json_obj_end(w);
	json_arr_end(w);
}

int show_vrf_prefixes(
	struct mgmt_out *out, struct json_writer *w, const struct l3_vrf *v, int family)
{
	struct prefix_list l = {.vrf = v->id, .family = family};
	int ret = l3_prefix_walk(collect, &l);

	if (ret == 0) {
		qsort(l.v, l.n, sizeof(*l.v), by_prefix);
		for (size_t i = 0; i < l.n; i++)
			if (w != NULL)
				prefix_json(w, v->name, l.v[i]);
			else
				prefix_text(out, l.v[i]);
	}
	free(l.v);
	return ret;
}
