// SPDX-License-Identifier: BSD-3-Clause
// show evpn arp-cache vni <VNI> [json]: see show_evpn_arp.h.
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp/bgp/bgp_evpn_in.h"
#include "cp/evpn/evpn_dp.h"
#include "cp/evpn/evpn_ecomm.h"
#include "cp/evpn/evpn_local.h"
#include "cp/evpn/evpn_vtep.h"
#include "cp/mgmt/mgmt_cmd.h"
#include "cp/mgmt/show_evpn_arp.h"

#define VNI_MAX 16777215

// ---- the table

int evpn_arp_add(struct evpn_arp_table *t, const struct evpn_arp_row *r)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		struct evpn_arp_row *v = realloc(t->v, cap * sizeof(*v));
		if (v == NULL)
			return -ENOMEM;
		t->v = v;
		t->cap = cap;
	}
	t->v[t->n++] = *r;
	return 0;
}

void evpn_arp_free(struct evpn_arp_table *t)
{
	free(t->v);
	memset(t, 0, sizeof(*t));
}

static size_t ip_len(const struct evpn_ip *ip)
{
	return ip->family == AF_INET6 ? 16 : 4;
}

static int cmp_ip(const struct evpn_ip *a, const struct evpn_ip *b)
{
	if (a->family != b->family)
		return a->family == AF_INET ? -1 : 1;
	return memcmp(a->addr, b->addr, ip_len(a));
}

static uint32_t seq_of(const struct evpn_arp_row *r)
{
	return r->local ? r->local_seq : r->remote_seq;
}

// By IP; within an IP the row that wins first: local, then the highest sequence.
static int cmp_row(const void *pa, const void *pb)
{
	const struct evpn_arp_row *a = pa, *b = pb;
	int c = cmp_ip(&a->ip, &b->ip);

	if (c != 0)
		return c;
	if (a->local != b->local)
		return a->local ? -1 : 1;
	if (seq_of(a) != seq_of(b))
		return seq_of(a) > seq_of(b) ? -1 : 1;
	return memcmp(a->vtep.bytes, b->vtep.bytes, sizeof(a->vtep.bytes));
}

void evpn_arp_merge(struct evpn_arp_table *t)
{
	size_t n = 0;

	if (t->n == 0)
		return;
	qsort(t->v, t->n, sizeof(t->v[0]), cmp_row);
	for (size_t i = 1; i < t->n; i++) {
		struct evpn_arp_row *keep = &t->v[n];
		const struct evpn_arp_row *r = &t->v[i];

		if (cmp_ip(&keep->ip, &r->ip) != 0) {
			t->v[++n] = *r;
			continue;
		}
		// Sorted: the first row of an IP has the highest sequence of its side.
		if (keep->local && !r->local && r->remote_seq > keep->remote_seq)
			keep->remote_seq = r->remote_seq;
	}
	t->n = n + 1;
}

// ---- printing

static void ip_str(const struct evpn_ip *ip, char *buf, size_t len)
{
	if (ip->family == 0 || inet_ntop(ip->family, ip->addr, buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "-");
}

static void vtep_str(const struct evpn_arp_row *r, char *buf, size_t len)
{
	buf[0] = '\0';
	if (!r->local && r->vtep.family != 0)
		inet_ntop(r->vtep.family, r->vtep.bytes, buf, (socklen_t)len);
}

static void mac_str(const uint8_t *m, char *buf, size_t len)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

void evpn_arp_print_text(struct mgmt_out *out, const struct evpn_arp_table *t)
{
	char ip[INET6_ADDRSTRLEN], vtep[INET6_ADDRSTRLEN], mac[24];
	struct mgmt_table tb;

	mgmt_printf(out,
		"Number of ARPs (local and remote) known for this VNI: %zu\n"
		"Flags: D=duplicate (its MAC)\n",
		t->n);
	mgmt_table_init(&tb, 7);
	mgmt_table_add(
		&tb, "Neighbor", "Type", "Flags", "State", "MAC", "Remote ES/VTEP", "Seq #'s");
	for (size_t i = 0; i < t->n; i++) {
		const struct evpn_arp_row *r = &t->v[i];

		ip_str(&r->ip, ip, sizeof(ip));
		mac_str(r->mac, mac, sizeof(mac));
		vtep_str(r, vtep, sizeof(vtep));
		mgmt_table_cell(&tb, "%s", ip);
		mgmt_table_cell(&tb, "%s", r->local ? "local" : "remote");
		mgmt_table_cell(&tb, "%s", r->duplicate ? "D" : "");
		mgmt_table_cell(&tb, "%s", r->active ? "active" : "inactive");
		mgmt_table_cell(&tb, "%s", mac);
		mgmt_table_cell(&tb, "%s", vtep);
		mgmt_table_cell(&tb, "%u/%u", r->local_seq, r->remote_seq);
	}
	mgmt_table_print(&tb, out);
	mgmt_table_free(&tb);
}

int evpn_arp_print_json(struct mgmt_out *out, const struct evpn_arp_table *t)
{
	char ip[INET6_ADDRSTRLEN], vtep[INET6_ADDRSTRLEN], mac[24];
	struct json_writer w;

	json_init(&w, out, true);
	json_obj_begin(&w);
	json_kv_u64(&w, "numArpNd", t->n);
	for (size_t i = 0; i < t->n; i++) {
		const struct evpn_arp_row *r = &t->v[i];

		ip_str(&r->ip, ip, sizeof(ip));
		mac_str(r->mac, mac, sizeof(mac));
		json_key(&w, ip);
		json_obj_begin(&w);
		json_kv_str(&w, "type", r->local ? "local" : "remote");
		json_kv_str(&w, "state", r->active ? "active" : "inactive");
		json_kv_str(&w, "mac", mac);
		if (!r->local) {
			vtep_str(r, vtep, sizeof(vtep));
			json_kv_str(&w, "remoteVtep", vtep);
		}
		json_kv_u64(&w, "localSequence", r->local_seq);
		json_kv_u64(&w, "remoteSequence", r->remote_seq);
		json_kv_bool(&w, "isDuplicate", r->duplicate);
		json_obj_end(&w);
	}
	json_obj_end(&w);
	return json_finish(&w);
}

// ---- the walks

struct arp_walk {
	struct evpn_arp_table t;
	const struct evpn_vni *vni;
	const struct dp_ip *self; // our VTEP address
	int err;
};

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

	if (s->err || lr->vni != s->vni->vni || route->type != EVPN_RT_MACIP ||
		route->ip.family == 0)
		return;
	evpn_ecomm_scan(lr->out.ecomm, lr->out.ecomm_len, &ec);
	r.ip = route->ip;
	memcpy(r.mac, route->mac, 6);
	r.local_seq = ec.mm_seq;
	r.duplicate = mac_duplicate(lr->vni, route->mac);
	s->err = evpn_arp_add(&s->t, &r);
}

static bool same_ip(const struct dp_ip *a, const struct dp_ip *b)
{
	size_t len = a->family == AF_INET6 ? 16 : 4;
	return a->family == b->family && memcmp(a->bytes, b->bytes, len) == 0;
}

static int add_remote(const struct bgp_evpn_route *br, void *arg)
{
	struct arp_walk *s = arg;
	struct evpn_route route;
	struct evpn_rx_path rx;
	struct evpn_ecomm_info ec;
	struct evpn_arp_row r = {.local = false};

	if (br->src->local || bgp_evpn_path_decode(br, &route, &rx) < 0)
		return 0;
	if (route.type != EVPN_RT_MACIP || route.ip.family == 0 ||
		(s->self != NULL && same_ip(&rx.nexthop, s->self)) ||
		!evpn_vni_imports(s->vni, rx.ecomm, rx.ecomm_len))
		return 0;
	evpn_ecomm_scan(rx.ecomm, rx.ecomm_len, &ec);
	r.ip = route.ip;
	memcpy(r.mac, route.mac, 6);
	r.vtep = rx.nexthop;
	r.remote_seq = ec.mm_seq;
	r.active = evpn_dp_vtep_reachable(&rx.nexthop);
	r.duplicate = mac_duplicate(s->vni->vni, route.mac);
	return evpn_arp_add(&s->t, &r);
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

static int show_arp(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	const struct evpn_inst *in = evpn_vtep_inst();
	struct arp_walk s = {.err = 0};
	uint32_t vni;
	int ret;

	(void)ctx;
	if (in == NULL) {
		mgmt_puts(out, "% EVPN is not enabled (router bgp: address-family l2vpn evpn, "
			       "advertise-all-vni)\n");
		return -ENOENT;
	}
	if ((ret = vni_arg(mgmt_req_arg(req, "VNI"), &vni, out)) < 0)
		return ret;
	if ((s.vni = evpn_vni_find(in, vni)) == NULL) {
		mgmt_printf(out, "%% VNI %u does not exist\n", vni);
		return -ENOENT;
	}
	s.self = evpn_vtep_local();
	evpn_local_walk(add_local, &s);
	if (s.err == 0)
		s.err = bgp_evpn_rib_walk(add_remote, &s, false);
	if (s.err == 0) {
		evpn_arp_merge(&s.t);
		if (req->json)
			ret = evpn_arp_print_json(out, &s.t);
		else
			evpn_arp_print_text(out, &s.t);
	}
	evpn_arp_free(&s.t);
	return s.err ? s.err : ret;
}

int show_evpn_arp_register(void)
{
	return mgmt_register("show evpn arp-cache vni <VNI>", show_arp, NULL,
		"IP neighbours of a VNI (FRR's ARP/ND cache): local MAC+IP routes we "
		"advertise, remote ones the VNI imports");
}
