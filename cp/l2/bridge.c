// SPDX-License-Identifier: BSD-3-Clause
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cp/cp_addr.h"
#include "cp/cp_log.h"
#include "cp/cp_msgq.h"
#include "cp/l2/bridge.h"
#include "cp/underlay/underlay.h"

static char port_names[DP_MAX_PORTS][CFG_NAME_MAX]; // by dataplane port id, for logs

static int bridge_send(const struct dp_msg *m)
{
	return cp_send(m);
}

static int bridge_apply_macs(const struct cfg_bd *b, const uint16_t *port_ids)
{
	char a[INET6_ADDRSTRLEN];
	for (size_t i = 0; i < b->n_macs; i++) {
		const struct cfg_mac *c = &b->macs[i];
		struct dp_msg m = {.type = DP_MSG_MAC_ADD};
		m.mac.bd = (uint16_t)b->id;
		memcpy(m.mac.mac, c->mac, 6);
		if (c->kind == CFG_MAC_LOCAL) {
			m.mac.kind = DP_MAC_LOCAL_STATIC;
			m.mac.port = port_ids[c->local.port];
			m.mac.vlan = c->local.vlan;
		} else {
			m.mac.kind = DP_MAC_REMOTE;
			m.mac.vni = b->vni;
			m.mac.nh = underlay_nh_ref(&c->vtep);
			if (m.mac.nh == 0) {
				CP_ERR("l2", "bridge-domain %u: remote vtep %s: %s", b->id,
					cp_ip_str(&c->vtep, a, sizeof(a)), strerror(errno));
				return -errno;
			}
		}
		bridge_send(&m);
	}
	return 0;
}

static int bridge_apply_flood(const struct cfg_bd *b)
{
	char a[INET6_ADDRSTRLEN];
	for (size_t i = 0; i < b->n_flood_vteps; i++) {
		struct dp_msg m = {.type = DP_MSG_FLOOD_ADD};
		m.flood.bd = (uint16_t)b->id;
		m.flood.vni = b->vni;
		m.flood.nh = underlay_nh_ref(&b->flood_vteps[i]);
		if (m.flood.nh == 0) {
			CP_ERR("l2", "bridge-domain %u: flood vtep %s: %s", b->id,
				cp_ip_str(&b->flood_vteps[i], a, sizeof(a)), strerror(errno));
			return -errno;
		}
		bridge_send(&m);
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
	for (size_t i = 0; i < b->n_members; i++) {
		struct dp_msg mm = {.type = DP_MSG_MEMBER_ADD};
		mm.member.bd = (uint16_t)b->id;
		mm.member.port = port_ids[b->members[i].port];
		mm.member.vlan = b->members[i].vlan;
		bridge_send(&mm);
	}
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
