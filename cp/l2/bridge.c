// SPDX-License-Identifier: BSD-3-Clause
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cp/cp_addr.h"
#include "cp/cp_log.h"
#include "cp/cp_msgq.h"
#include "cp/l2/bridge.h"
#include "cp/mpls/mpls.h"
#include "cp/underlay/underlay.h"

static char port_names[DP_MAX_PORTS][CFG_NAME_MAX]; // by dataplane port id, for logs

static int bridge_send(const struct dp_msg *m)
{
	return cp_send(m);
}

// The MAC_ADD (or MAC_DEL) of one static MAC; a remote one takes (add) or drops (del)
// a reference to its next hop.
static int bridge_mac(const struct cfg_bd *b, const struct cfg_mac *c, const uint16_t *port_ids,
	bool add)
{
	char a[INET6_ADDRSTRLEN];
	struct dp_msg m = {.type = add ? DP_MSG_MAC_ADD : DP_MSG_MAC_DEL};

	m.mac.bd = (uint16_t)b->id;
	memcpy(m.mac.mac, c->mac, 6);
	if (c->kind == CFG_MAC_LOCAL) {
		m.mac.kind = DP_MAC_LOCAL_STATIC;
		m.mac.port = port_ids[c->local.port];
		m.mac.vlan = c->local.vlan;
		return bridge_send(&m);
	}
	m.mac.kind = DP_MAC_REMOTE;
	m.mac.vni = b->mpls ? mpls_remote_vni(b, c->label) : b->vni;
	m.mac.nh = b->mpls ? mpls_pe_nh_ref(&c->vtep) : underlay_nh_ref(&c->vtep);
	if (m.mac.nh == 0) {
		CP_ERR("l2", "bridge-domain %u: remote vtep %s: %s", b->id,
			cp_ip_str(&c->vtep, a, sizeof(a)), strerror(errno));
		return -errno;
	}
	int ret = bridge_send(&m);
	if (!add) { // the reference just taken, and the one of the MAC_ADD
		underlay_nh_unref(m.mac.nh);
		underlay_nh_unref(m.mac.nh);
	}
	return ret;
}

static int bridge_apply_macs(const struct cfg_bd *b, const uint16_t *port_ids)
{
	for (size_t i = 0; i < b->n_macs; i++) {
		int ret = bridge_mac(b, &b->macs[i], port_ids, true);
		if (ret < 0)
			return ret;
	}
	return 0;
}

// The FLOOD_ADD (or FLOOD_DEL) of flood-vtep i, with its next hop reference.
static int bridge_flood(const struct cfg_bd *b, size_t i, bool add)
{
	char a[INET6_ADDRSTRLEN];
	struct dp_msg m = {.type = add ? DP_MSG_FLOOD_ADD : DP_MSG_FLOOD_DEL};

	m.flood.bd = (uint16_t)b->id;
	if (b->mpls) {
		m.flood.vni = mpls_remote_vni(b, b->flood_labels[i]);
		m.flood.nh = mpls_pe_nh_ref(&b->flood_vteps[i]);
	} else {
		m.flood.vni = b->vni;
		m.flood.nh = underlay_nh_ref(&b->flood_vteps[i]);
	}
	if (m.flood.nh == 0) {
		CP_ERR("l2", "bridge-domain %u: flood vtep %s: %s", b->id,
			cp_ip_str(&b->flood_vteps[i], a, sizeof(a)), strerror(errno));
		return -errno;
	}
	int ret = bridge_send(&m);
	if (!add) { // the reference just taken, and the one of the FLOOD_ADD
		underlay_nh_unref(m.flood.nh);
		underlay_nh_unref(m.flood.nh);
	}
	return ret;
}

static int bridge_apply_flood(const struct cfg_bd *b)
{
	for (size_t i = 0; i < b->n_flood_vteps; i++) {
		int ret = bridge_flood(b, i, true);
		if (ret < 0)
			return ret;
	}
	return 0;
}

// The anycast gateway's addresses: proxy entries flagged gateway, answered with or
// without suppression (and by gw_input for ICMP echo).
static void bridge_apply_gateway(const struct cfg_bd *b)
{
	for (size_t i = 0; b->has_gw_mac && i < b->n_gw_addrs; i++) {
		struct dp_msg m = {.type = DP_MSG_NEIGH_ADD};
		m.neigh.bd = (uint16_t)b->id;
		m.neigh.gateway = true;
		m.neigh.router = true;
		memcpy(m.neigh.mac, b->gw_mac, 6);
		cp_ip_to_dp(&b->gw_addrs[i].addr, &m.neigh.ip);
		bridge_send(&m);
	}
	if (b->has_gw_mac)
		CP_INFO("l2", "bridge-domain %u: anycast gateway, %zu addresses", b->id,
			b->n_gw_addrs);
}

static int bridge_member(
	const struct cfg_bd *b, const struct cfg_member *mb, const uint16_t *port_ids, bool add)
{
	struct dp_msg m = {.type = add ? DP_MSG_MEMBER_ADD : DP_MSG_MEMBER_DEL};
	m.member.bd = (uint16_t)b->id;
	m.member.port = port_ids[mb->port];
	m.member.vlan = mb->vlan;
	int ret = bridge_send(&m);
	if (ret < 0 || add)
		return ret;
	// The MACs learned behind the member would still send there: those the domain
	// learned on its port go (notified, so EVPN withdraws them).
	struct dp_msg f = {.type = DP_MSG_MAC_FLUSH};
	f.mac.bd = (uint16_t)b->id;
	f.mac.port = m.member.port;
	f.mac.flush_port = true;
	return bridge_send(&f);
}

static int bridge_apply_one(const struct cfg_bd *b, int vrf, const uint16_t *port_ids)
{
	struct dp_msg m = {.type = DP_MSG_BD_SET};
	int ret;

	m.bd.bd = (uint16_t)b->id;
	m.bd.vni = b->vni;
	m.bd.aging_sec = b->mac_aging_sec;
	m.bd.learning = b->learning;
	m.bd.arp_suppress = b->arp_suppress;
	m.bd.nd_suppress = b->nd_suppress;
	m.bd.unknown_drop = b->unknown_drop;
	m.bd.has_gw = b->has_gw_mac;
	memcpy(m.bd.gw_mac, b->gw_mac, 6);
	m.bd.vrf = (uint16_t)(vrf < 0 ? 0 : vrf);
	for (size_t i = 0; b->has_gw_mac && i < b->n_gw_addrs; i++) {
		struct dp_ip *src = b->gw_addrs[i].addr.family == AF_INET ? &m.bd.glean_src4
									   : &m.bd.glean_src6;
		if (src->family == 0)
			cp_ip_to_dp(&b->gw_addrs[i].addr, src);
	}
	bridge_send(&m);
	bridge_apply_gateway(b);
	for (size_t i = 0; i < b->n_members; i++)
		bridge_member(b, &b->members[i], port_ids, true);
	if ((ret = bridge_apply_macs(b, port_ids)) < 0)
		return ret;
	if ((ret = bridge_apply_flood(b)) < 0)
		return ret;
	CP_INFO("l2", "bridge-domain %u: vni %u, %zu members, %zu static macs, %zu flood vteps",
		b->id, b->vni, b->n_members, b->n_macs, b->n_flood_vteps);
	return 0;
}

int bridge_apply(const struct evpnd_config *cfg, const uint16_t *port_ids)
{
	for (size_t i = 0; i < cfg->n_ports; i++)
		if (port_ids[i] < DP_MAX_PORTS)
			snprintf(port_names[port_ids[i]], CFG_NAME_MAX, "%s", cfg->ports[i].name);
	for (size_t i = 0; i < cfg->n_bds; i++) {
		int ret =
			bridge_apply_one(&cfg->bds[i], cfg_vrf_id(cfg, cfg->bds[i].vrf), port_ids);
		if (ret < 0)
			return ret;
	}
	return 0;
}

// The inverse of bridge_apply_one: its static items (and their next hop references),
// members, then the domain (the dataplane flushes its MACs and proxy entries).
static int bridge_remove_one(const struct cfg_bd *b, const uint16_t *port_ids)
{
	struct dp_msg m = {.type = DP_MSG_BD_DEL};
	int ret = 0;

	for (size_t i = 0; ret == 0 && i < b->n_flood_vteps; i++)
		ret = bridge_flood(b, i, false);
	for (size_t i = 0; ret == 0 && i < b->n_macs; i++)
		ret = bridge_mac(b, &b->macs[i], port_ids, false);
	for (size_t i = 0; ret == 0 && i < b->n_members; i++) {
		struct dp_msg mm = {.type = DP_MSG_MEMBER_DEL};
		mm.member.bd = (uint16_t)b->id;
		mm.member.port = port_ids[b->members[i].port];
		mm.member.vlan = b->members[i].vlan;
		ret = bridge_send(&mm);
	}
	if (ret < 0)
		return ret;
	m.bd.bd = (uint16_t)b->id;
	if ((ret = bridge_send(&m)) == 0)
		CP_INFO("l2", "bridge-domain %u: vni %u removed", b->id, b->vni);
	return ret;
}

int bridge_change(const struct evpnd_config *cfg, const struct cfg_change *c, bool add,
	const uint16_t *port_ids)
{
	const struct cfg_bd *b = &cfg->bds[c->bd_idx];

	switch (c->kind) {
	case CFG_CHANGE_BD: // config_diff refused those with a VRF
		return add ? bridge_apply_one(b, 0, port_ids) : bridge_remove_one(b, port_ids);
	case CFG_CHANGE_MAC:
		return bridge_mac(b, &b->macs[c->idx], port_ids, add);
	case CFG_CHANGE_FLOOD:
		return bridge_flood(b, c->idx, add);
	case CFG_CHANGE_MEMBER:
		return bridge_member(b, &b->members[c->idx], port_ids, add);
	default:
		return -ENOTSUP;
	}
}

void bridge_on_mac(const struct dp_notify *n)
{
	static const char *what[] = {
		[DP_NOTIFY_MAC_LEARNED] = "learned",
		[DP_NOTIFY_MAC_MOVED] = "moved",
		[DP_NOTIFY_MAC_AGED] = "aged out",
		[DP_NOTIFY_MAC_FLUSHED] = "flushed",
	};
	char mac[CP_MAC_STRLEN];

	CP_INFO("l2", "bridge-domain %u: mac %s %s on port %u vlan %u%s", n->bd,
		cp_mac_str(n->mac, mac, sizeof(mac)), what[n->type], n->port, n->vlan,
		n->was_remote ? " (was remote)" : "");
}

void bridge_on_link(const struct dp_notify *n)
{
	const char *name = n->port < DP_MAX_PORTS && port_names[n->port][0] != '\0'
				   ? port_names[n->port]
				   : "?";
	if (n->link_up)
		CP_INFO("l2", "port %s: link up", name);
	else
		CP_INFO("l2", "port %s: link down, %u MACs flushed", name, n->n_flushed);
}
