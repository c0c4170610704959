// SPDX-License-Identifier: BSD-3-Clause
// Read-only views of the tables for `show` commands (control thread only).
#include <errno.h>
#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <string.h>

#include "dp/writer/writer.h"

int dp_port_by_name(const char *name)
{
	for (unsigned p = 0; p < DP_MAX_PORTS; p++)
		if (dp_tables.port[p] != NULL && strcmp(dp_writer.port_name[p], name) == 0)
			return (int)p;
	return -ENOENT;
}

static void port_info_fill(uint16_t p, struct dp_port_info *i)
{
	struct rte_eth_stats st;
	struct rte_eth_link link;
	struct rte_eth_dev_info dev;

	memset(i, 0, sizeof(*i));
	i->port = p;
	snprintf(i->name, sizeof(i->name), "%s", dp_writer.port_name[p]);
	i->role = dp_tables.port[p]->role;
	memcpy(i->mac, &dp_tables.port[p]->mac, 6);
	if (rte_eth_link_get_nowait(p, &link) == 0) {
		i->link_up = link.link_status == RTE_ETH_LINK_UP;
		i->speed_mbps = link.link_speed;
	}
	// The PMD's view is not the whole story (af_packet says up whatever its kernel
	// interface does): the state the dataplane acts on wins once it is known.
	if (dp_writer.link[p] != DP_LINK_UNKNOWN)
		i->link_up = dp_writer.link[p] == DP_LINK_UP;
	if (rte_eth_dev_info_get(p, &dev) == 0) {
		i->rx_queues = dev.nb_rx_queues;
		i->tx_queues = dev.nb_tx_queues;
	}
	if (rte_eth_stats_get(p, &st) == 0) {
		i->rx_packets = st.ipackets;
		i->rx_bytes = st.ibytes;
		i->rx_missed = st.imissed;
		i->rx_errors = st.ierrors;
		i->rx_nombuf = st.rx_nombuf;
		i->tx_packets = st.opackets;
		i->tx_bytes = st.obytes;
		i->tx_errors = st.oerrors;
		for (unsigned q = 0; q < DP_PORT_QSTATS && q < RTE_ETHDEV_QUEUE_STAT_CNTRS; q++) {
			i->rxq_packets[q] = st.q_ipackets[q];
			i->txq_packets[q] = st.q_opackets[q];
		}
	}
	for (unsigned k = 0; k < dp_writer.n_workers; k++)
		i->tx_dropped +=
			__atomic_load_n(&dp_writer.workers[k]->tx[p].dropped, __ATOMIC_RELAXED);
}

int dp_port_walk(dp_port_cb cb, void *arg)
{
	for (uint16_t p = 0; p < DP_MAX_PORTS; p++) {
		struct dp_port_info i;
		int ret;
		if (dp_tables.port[p] == NULL)
			continue;
		port_info_fill(p, &i);
		if ((ret = cb(&i, arg)) != 0)
			return ret;
	}
	return 0;
}

// The gateway's addresses are the domain's proxy entries flagged gateway (a walk of
// the table: show only).
static void bd_gateway_fill(const struct dp_bd *bd, struct dp_bd_info *i)
{
	struct neigh_key k;
	neigh_entry_t e;
	uint32_t next = 0;

	i->has_gw = bd->has_gw;
	memcpy(i->gw_mac, bd->gw_mac.addr_bytes, 6);
	while (bd->has_gw && i->n_gw_addrs < DP_MAX_GW_ADDRS &&
		neigh_table_iterate(dp_tables.neighs, &next, &k, &e) == 0) {
		struct dp_ip *ip = &i->gw_addrs[i->n_gw_addrs];
		if (k.bd != bd->id || !(neigh_entry_flags(e) & NEIGH_FLAG_GATEWAY))
			continue;
		ip->family = k.family;
		memcpy(ip->bytes, k.ip, k.family == AF_INET ? 4 : 16);
		i->n_gw_addrs++;
	}
}

int dp_bd_walk(dp_bd_cb cb, void *arg)
{
	for (uint16_t b = 1; b < DP_MAX_BD; b++) {
		const struct dp_bd *bd = dp_tables.bd[b];
		struct dp_bd_info i;
		int ret;
		if (bd == NULL)
			continue;
		memset(&i, 0, sizeof(i));
		i.bd = b;
		i.vni = bd->vni;
		i.aging_sec = bd->aging_sec;
		i.learning = bd->learning;
		i.arp_suppress = bd->arp_suppress;
		i.nd_suppress = bd->nd_suppress;
		i.unknown_drop = bd->unknown_drop;
		i.n_neigh = dp_writer.neighs[b];
		i.n_members = bd->n_members;
		for (unsigned m = 0; m < bd->n_members; m++) {
			i.members[m].port = bd->members[m].port;
			i.members[m].vlan = bd->members[m].vlan;
		}
		i.n_flood = bd->n_flood;
		for (unsigned f = 0; f < bd->n_flood; f++) {
			const struct dp_nh *nh = dp_tables.nh[bd->flood[f].nh];
			i.flood[f].nh = bd->flood[f].nh;
			i.flood[f].vni = bd->flood[f].vni;
			if (nh != NULL)
				i.flood[f].remote = nh->remote;
		}
		i.n_macs_local = dp_writer.macs_local[b];
		i.n_macs_remote = dp_writer.macs_remote[b];
		bd_gateway_fill(bd, &i);
		if ((ret = cb(&i, arg)) != 0)
			return ret;
	}
	return 0;
}

static void mac_info_fill(const union mac_key *k, mac_entry_t e, uint16_t now,
	struct dp_mac_info *i)
{
	memset(i, 0, sizeof(*i));
	i->bd = k->bd;
	i->kind = mac_entry_kind(e);
	memcpy(i->mac, k->mac, 6);
	i->pinned = mac_entry_flags(e) & MAC_FLAG_PINNED;
	if (mac_entry_is_local(e)) {
		i->port = mac_entry_port(e);
		i->vlan = mac_entry_vlan(e);
		i->age_sec = (uint16_t)(now - mac_entry_seen(e));
	} else {
		const struct dp_nh *nh = dp_tables.nh[mac_entry_nh(e)];
		i->nh = mac_entry_nh(e);
		i->vni = mac_entry_vni(e);
		if (nh != NULL)
			i->remote = nh->remote;
	}
}

int dp_mac_walk(uint16_t bd, dp_mac_cb cb, void *arg)
{
	uint16_t now = dp_now_sec(rte_rdtsc());
	uint32_t next = 0;
	union mac_key k;
	mac_entry_t e;

	while (mac_table_iterate(dp_tables.macs, &next, &k, &e) == 0) {
		struct dp_mac_info i;
		int ret;
		if (bd != 0 && k.bd != bd)
			continue;
		mac_info_fill(&k, e, now, &i);
		if ((ret = cb(&i, arg)) != 0)
			return ret;
	}
	return 0;
}

int dp_mac_get(uint16_t bd, const uint8_t mac[6], struct dp_mac_info *out)
{
	union mac_key k = mac_key_make(bd, (const struct rte_ether_addr *)mac);
	mac_entry_t e;

	if (mac_table_lookup(dp_tables.macs, &k, &e) != 0)
		return -ENOENT;
	mac_info_fill(&k, e, dp_now_sec(rte_rdtsc()), out);
	return 0;
}

int dp_nh_walk(dp_nh_cb cb, void *arg)
{
	for (uint32_t n = 1; n < DP_MAX_NEXTHOPS; n++) {
		const struct dp_nh *nh = dp_tables.nh[n];
		struct dp_nh_info i;
		int ret;
		if (nh == NULL)
			continue;
		memset(&i, 0, sizeof(i));
		i.nh = n;
		i.resolved = nh->resolved;
		i.encap = nh->encap;
		i.port = nh->port;
		memcpy(i.dst_mac, &nh->dst_mac, 6);
		i.remote = nh->remote;
		i.local = nh->local;
		if ((ret = cb(&i, arg)) != 0)
			return ret;
	}
	return 0;
}

int dp_counter_walk(dp_counter_cb cb, void *arg)
{
	const struct dp_writer_stats *s = &dp_writer.stats;
	const struct {
		const char *name;
		uint64_t v;
	} wr[] = {
		{"msgs_applied", s->msgs_applied},
		{"msgs_refused", s->msgs_refused},
		{"macs_learned", s->macs_learned},
		{"macs_moved", s->macs_moved},
		{"macs_move_refused", s->macs_move_refused},
		{"macs_aged", s->macs_aged},
		{"macs_flushed", s->macs_flushed},
		{"macip_snooped", s->macip_snooped},
		{"mac_table_full", s->mac_table_full},
		{"neigh_table_full", s->neigh_table_full},
		{"gateway_refused", s->gateway_refused},
		{"fib_full", s->fib_full},
		{"fib_routes", s->fib_routes},
		{"notify_dropped", s->notify_dropped},
		{"grace_periods", s->grace_periods},
		{"garbage_leaked", s->garbage_leaked},
		{"solicits_sent", s->solicits_sent},
		{"exception_to_kernel", s->exception_to_kernel},
		{"exception_from_kernel", s->exception_from_kernel},
		{"exception_errors", s->exception_errors},
		{"loop_max_us", s->loop_max_tsc * 1000000 / dp_tables.tsc_hz},
		{"step_max_us", s->step_max_tsc * 1000000 / dp_tables.tsc_hz},
	};
	int ret;

	for (unsigned c = 0; c < dp_graph.n_counters; c++) {
		const struct dp_counter_name *d = &dp_graph.counter[c];
		struct dp_counter_info i = {d->owner, d->name, d->drop, 0};
		for (unsigned k = 0; k < dp_writer.n_workers; k++)
			i.value += dp_writer.workers[k]->cnt[c];
		if ((ret = cb(&i, arg)) != 0)
			return ret;
	}
	for (unsigned c = 0; c < RTE_DIM(wr); c++) {
		struct dp_counter_info i = {"writer", wr[c].name, false, wr[c].v};
		if ((ret = cb(&i, arg)) != 0)
			return ret;
	}
	return 0;
}
