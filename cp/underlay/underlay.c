// SPDX-License-Identifier: BSD-3-Clause
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cp/cp_log.h"
#include "cp/cp_msgq.h"
#include "cp/underlay/underlay.h"

#define SOLICIT_RETRY_MS 1000
#define REFRESH_MS 30000

struct ul_nh {
	uint32_t id;
	unsigned refs;
	struct cp_ip remote;
	bool routable; // a connected prefix or route reaches it
	bool resolved;
	bool warned;
	int cfg_port;
	struct cp_ip gw;  // the neighbour to resolve: the VTEP itself or the route's via
	struct cp_ip src; // our interface address toward gw (source of ARP/NS)
	uint8_t mac[6];
	uint64_t next_solicit_ms;
	// An MPLS next hop: reached through the neighbour `via`, pushing labels[].
	bool mpls;
	struct cp_ip via;
	uint8_t n_labels;
	uint32_t labels[DP_MPLS_MAX_PUSH];
	bool entropy_label;
	// MPLS-in-UDP (RFC 7510): routed to remote and sourced as a VXLAN next hop is.
	bool udp;
};

struct ul_neigh {
	struct cp_ip ip;
	uint8_t mac[6];
	uint16_t port; // dataplane port id
	bool is_static;
};

static struct {
	const struct evpnd_config *cfg;
	uint16_t port_ids[CFG_MAX_PORTS];
	struct ul_nh *nh; // indexed by id; id 0 unused
	uint32_t n_nh;
	struct ul_neigh *neigh;
	size_t n_neigh, cap_neigh;
} ul;

static void ul_send(const struct dp_msg *m)
{
	// The ring holds 64k messages; the control plane never outruns it at start-up.
	cp_send(m);
}

static void ip_to_dp(const struct cp_ip *c, struct dp_ip *d)
{
	memset(d, 0, sizeof(*d));
	d->family = (uint8_t)c->family;
	if (c->family == AF_INET)
		d->v4 = c->v4;
	else if (c->family == AF_INET6)
		d->v6 = c->v6;
}

static void ip_from_dp(const struct dp_ip *d, struct cp_ip *c)
{
	memset(c, 0, sizeof(*c));
	c->family = d->family;
	if (d->family == AF_INET)
		c->v4 = d->v4;
	else if (d->family == AF_INET6)
		c->v6 = d->v6;
}

static bool ul_route(struct ul_nh *nh)
{
	const struct cfg_uaddr *a =
		cfg_underlay_route(ul.cfg, nh->mpls ? &nh->via : &nh->remote, &nh->gw);

	if (a == NULL)
		return false;
	nh->cfg_port = a->port;
	nh->src = a->prefix.addr;
	return true;
}

static const struct cp_ip *ul_vtep(int family)
{
	const struct cp_ip *v = family == AF_INET ? &ul.cfg->vtep4 : &ul.cfg->vtep6;
	return v->family == family ? v : NULL;
}

static void ul_program(const struct ul_nh *nh)
{
	struct dp_msg m = {.type = DP_MSG_NH_SET};
	char a[INET6_ADDRSTRLEN];

	m.nh.nh = nh->id;
	m.nh.encap = nh->mpls ? DP_ENCAP_MPLS : nh->udp ? DP_ENCAP_MPLS_UDP : DP_ENCAP_VXLAN;
	m.nh.resolved = nh->resolved;
	m.nh.port = nh->routable ? ul.port_ids[nh->cfg_port] : 0;
	memcpy(m.nh.dst_mac, nh->mac, 6);
	ip_to_dp(&nh->remote, &m.nh.remote);
	if (nh->mpls) {
		m.nh.n_labels = nh->n_labels;
		m.nh.entropy_label = nh->entropy_label;
		memcpy(m.nh.labels, nh->labels, sizeof(m.nh.labels));
	} else {
		ip_to_dp(ul_vtep(nh->remote.family), &m.nh.local);
	}
	ul_send(&m);
	CP_INFO("underlay", "%s %s: next hop %u %s",
		nh->mpls ? "mpls" : nh->udp ? "mpls-in-udp" : "vtep",
		cp_ip_str(&nh->remote, a, sizeof(a)), nh->id,
		nh->resolved ? "resolved" : "unresolved");
}

static struct ul_neigh *ul_neigh_find(const struct cp_ip *ip)
{
	for (size_t i = 0; i < ul.n_neigh; i++)
		if (cp_ip_eq(&ul.neigh[i].ip, ip))
			return &ul.neigh[i];
	return NULL;
}

static struct ul_neigh *ul_neigh_add(const struct cp_ip *ip)
{
	if (ul.n_neigh == ul.cap_neigh) {
		size_t cap = ul.cap_neigh ? ul.cap_neigh * 2 : 16;
		struct ul_neigh *n = realloc(ul.neigh, cap * sizeof(*n));
		if (n == NULL)
			return NULL;
		ul.neigh = n;
		ul.cap_neigh = cap;
	}
	memset(&ul.neigh[ul.n_neigh], 0, sizeof(ul.neigh[0]));
	ul.neigh[ul.n_neigh].ip = *ip;
	return &ul.neigh[ul.n_neigh++];
}

// Marks next hops behind this neighbour resolved (or updates their MAC).
static void ul_neigh_apply(const struct ul_neigh *ne)
{
	for (uint32_t i = 1; i < ul.n_nh; i++) {
		struct ul_nh *nh = &ul.nh[i];
		if (nh->refs == 0 || !nh->routable || !cp_ip_eq(&nh->gw, &ne->ip) ||
			ul.port_ids[nh->cfg_port] != ne->port)
			continue;
		if (nh->resolved && memcmp(nh->mac, ne->mac, 6) == 0)
			continue;
		nh->resolved = true;
		memcpy(nh->mac, ne->mac, 6);
		ul_program(nh);
	}
}

static int ul_send_addrs(void)
{
	const struct cp_ip *v[2] = {&ul.cfg->vtep4, &ul.cfg->vtep6};
	for (int i = 0; i < 2; i++) {
		struct dp_msg m = {.type = DP_MSG_VTEP_ADDR};
		if (v[i]->family == 0)
			continue;
		ip_to_dp(v[i], &m.vtep.ip);
		ul_send(&m);
	}
	for (size_t i = 0; i < ul.cfg->n_addrs; i++) {
		struct dp_msg m = {.type = DP_MSG_UNDERLAY_ADDR};
		m.uaddr.port = ul.port_ids[ul.cfg->addrs[i].port];
		m.uaddr.prefix_len = ul.cfg->addrs[i].prefix.len;
		ip_to_dp(&ul.cfg->addrs[i].prefix.addr, &m.uaddr.ip);
		ul_send(&m);
	}
	return 0;
}

int underlay_init(const struct evpnd_config *cfg, const uint16_t *port_ids)
{
	memset(&ul, 0, sizeof(ul));
	ul.cfg = cfg;
	memcpy(ul.port_ids, port_ids, sizeof(ul.port_ids[0]) * cfg->n_ports);
	ul.n_nh = 1;
	ul.nh = calloc(1, sizeof(*ul.nh));
	if (ul.nh == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < cfg->n_neighs; i++) {
		struct ul_neigh *ne = ul_neigh_add(&cfg->neighs[i].ip);
		if (ne == NULL)
			return -ENOMEM;
		memcpy(ne->mac, cfg->neighs[i].mac, 6);
		ne->port = port_ids[cfg->neighs[i].port];
		ne->is_static = true;
	}
	return ul_send_addrs();
}

void underlay_fini(void)
{
	free(ul.nh);
	free(ul.neigh);
	memset(&ul, 0, sizeof(ul));
}

static uint32_t ul_nh_new(const struct cp_ip *vtep, const struct ul_nh *mpls)
{
	struct ul_nh *nhs;
	struct ul_nh *nh;
	const struct ul_neigh *ne;

	if (ul.n_nh >= DP_MAX_NEXTHOPS) {
		errno = ENOSPC;
		return 0;
	}
	nhs = realloc(ul.nh, (ul.n_nh + 1) * sizeof(*nhs));
	if (nhs == NULL) {
		errno = ENOMEM;
		return 0;
	}
	ul.nh = nhs;
	nh = &ul.nh[ul.n_nh];
	memset(nh, 0, sizeof(*nh));
	if (mpls != NULL)
		*nh = *mpls;
	nh->id = ul.n_nh++;
	nh->remote = *vtep;
	nh->routable = ul_route(nh);
	nh->refs = 1;
	if (nh->routable && (ne = ul_neigh_find(&nh->gw)) != NULL &&
		ne->port == ul.port_ids[nh->cfg_port]) {
		nh->resolved = true;
		memcpy(nh->mac, ne->mac, 6);
	}
	ul_program(nh);
	return nh->id;
}

static uint32_t ul_nh_ref_ip(const struct cp_ip *vtep, bool udp)
{
	struct ul_nh want = {.udp = true};

	if (ul_vtep(vtep->family) == NULL) {
		errno = EAFNOSUPPORT;
		return 0;
	}
	for (uint32_t i = 1; i < ul.n_nh; i++)
		if (!ul.nh[i].mpls && ul.nh[i].udp == udp && cp_ip_eq(&ul.nh[i].remote, vtep)) {
			if (ul.nh[i].refs++ == 0)
				ul_program(&ul.nh[i]);
			return i;
		}
	return ul_nh_new(vtep, udp ? &want : NULL);
}

uint32_t underlay_nh_ref(const struct cp_ip *vtep)
{
	return ul_nh_ref_ip(vtep, false);
}

uint32_t underlay_nh_ref_mpls_udp(const struct cp_ip *pe)
{
	return ul_nh_ref_ip(pe, true);
}

static bool ul_same_mpls(const struct ul_nh *a, const struct ul_nh *b)
{
	return a->mpls && cp_ip_eq(&a->remote, &b->remote) && cp_ip_eq(&a->via, &b->via) &&
	       a->n_labels == b->n_labels && a->entropy_label == b->entropy_label &&
	       memcmp(a->labels, b->labels, a->n_labels * sizeof(a->labels[0])) == 0;
}

uint32_t underlay_nh_ref_mpls(const struct cp_ip *remote, const struct cp_ip *via,
	const uint32_t *labels, uint8_t n_labels, bool entropy_label)
{
	struct ul_nh want = {.mpls = true, .remote = *remote, .via = *via,
		.entropy_label = entropy_label};

	if (n_labels > DP_MPLS_MAX_PUSH) {
		errno = EINVAL;
		return 0;
	}
	want.n_labels = n_labels;
	if (n_labels > 0)
		memcpy(want.labels, labels, n_labels * sizeof(labels[0]));
	for (uint32_t i = 1; i < ul.n_nh; i++)
		if (ul_same_mpls(&ul.nh[i], &want)) {
			if (ul.nh[i].refs++ == 0)
				ul_program(&ul.nh[i]);
			return i;
		}
	return ul_nh_new(remote, &want);
}

void underlay_nh_unref(uint32_t id)
{
	struct dp_msg m = {.type = DP_MSG_NH_DEL};
	if (id == 0 || id >= ul.n_nh || ul.nh[id].refs == 0)
		return;
	if (--ul.nh[id].refs > 0)
		return;
	m.nh.nh = id;
	ul_send(&m);
}

bool underlay_nh_routable(uint32_t id)
{
	return id != 0 && id < ul.n_nh && ul.nh[id].refs > 0 && ul.nh[id].routable;
}

bool underlay_reachable(const struct cp_ip *ip)
{
	struct ul_nh nh = {.remote = *ip};
	return ul.cfg != NULL && ul_route(&nh);
}

void underlay_on_neigh(const struct dp_notify *n)
{
	struct cp_ip ip;
	struct ul_neigh *ne;

	ip_from_dp(&n->ip, &ip);
	ne = ul_neigh_find(&ip);
	if (ne != NULL && ne->is_static)
		return;
	// Anyone may announce itself: only a neighbour we know is updated (as Linux
	// does with arp_accept 0), so announcements cannot fill the table.
	if (ne == NULL && (n->announced || (ne = ul_neigh_add(&ip)) == NULL))
		return;
	memcpy(ne->mac, n->mac, 6);
	ne->port = n->port;
	ul_neigh_apply(ne);
}

static void ul_solicit(struct ul_nh *nh)
{
	struct dp_msg m = {.type = DP_MSG_NEIGH_SOLICIT};
	m.solicit.port = ul.port_ids[nh->cfg_port];
	ip_to_dp(&nh->gw, &m.solicit.target);
	ip_to_dp(&nh->src, &m.solicit.source);
	ul_send(&m);
}

void underlay_tick(uint64_t now_ms)
{
	char a[INET6_ADDRSTRLEN];
	for (uint32_t i = 1; i < ul.n_nh; i++) {
		struct ul_nh *nh = &ul.nh[i];
		const struct ul_neigh *ne;
		if (nh->refs == 0)
			continue;
		if (!nh->routable) {
			if (!nh->warned)
				CP_WARN("underlay", "vtep %s: no route in the underlay",
					cp_ip_str(&nh->remote, a, sizeof(a)));
			nh->warned = true;
			continue;
		}
		if (now_ms < nh->next_solicit_ms)
			continue;
		ne = ul_neigh_find(&nh->gw);
		if (ne != NULL && ne->is_static)
			continue;
		ul_solicit(nh);
		nh->next_solicit_ms = now_ms + (nh->resolved ? REFRESH_MS : SOLICIT_RETRY_MS);
	}
}
