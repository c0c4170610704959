// SPDX-License-Identifier: BSD-3-Clause
// The table behind show evpn arp-cache: see show_evpn_arp_print.h.
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp/mgmt/show_evpn_arp_print.h"

#include "cp/cp_addr.h"

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

static uint32_t seq_of(const struct evpn_arp_row *r)
{
	return r->local ? r->local_seq : r->remote_seq;
}

// By IP; within an IP the row that wins first: local, then the highest sequence.
static int cmp_row(const void *pa, const void *pb)
{
	const struct evpn_arp_row *a = pa, *b = pb;
	int c = cp_ip_cmp(&a->ip, &b->ip);

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

		if (cp_ip_cmp(&keep->ip, &r->ip) != 0) {
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

static void ip_str(const struct cp_ip *ip, char *buf, size_t len)
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

void evpn_arp_print_text(struct mgmt_out *out, const struct evpn_arp_table *t)
{
	char ip[INET6_ADDRSTRLEN], vtep[INET6_ADDRSTRLEN], mac[24];
	struct mgmt_table tb;

	mgmt_printf(out,
		"Number of ARPs (local and remote) known for this VNI: %zu\n"
		"Flags: D=duplicate (its MAC or IP), P=answered by the dataplane (ARP/ND "
		"suppression)\n",
		t->n);
	mgmt_table_init(&tb, 7);
	mgmt_table_add(
		&tb, "Neighbor", "Type", "Flags", "State", "MAC", "Remote ES/VTEP", "Seq #'s");
	for (size_t i = 0; i < t->n; i++) {
		const struct evpn_arp_row *r = &t->v[i];

		ip_str(&r->ip, ip, sizeof(ip));
		cp_mac_str(r->mac, mac, sizeof(mac));
		vtep_str(r, vtep, sizeof(vtep));
		mgmt_table_cell(&tb, "%s", ip);
		mgmt_table_cell(&tb, "%s", r->local ? "local" : "remote");
		mgmt_table_cell(&tb, "%s%s", r->duplicate ? "D" : "", r->proxied ? "P" : "");
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
		cp_mac_str(r->mac, mac, sizeof(mac));
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
		json_kv_bool(&w, "proxied", r->proxied);
		json_obj_end(&w);
	}
	json_obj_end(&w);
	return json_finish(&w);
}
