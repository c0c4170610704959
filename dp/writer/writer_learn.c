// SPDX-License-Identifier: BSD-3-Clause
// Writer side of learning: MACs seen by workers on access ports become (or refresh)
// local entries; a MAC behind a remote VTEP that shows up locally switches at once
// (the control plane then advertises the move), unless the control plane pinned it.
// Whether a MAC may move (sticky, duplicate frozen, sequence numbers) is decided in
// cp/evpn/evpn_mac.c only: here a pinned entry stays, any other gives way, without
// a round trip, so a move costs no control-plane latency. IPs snooped for a local MAC (its
// ARP/ND, DHCP replies to it) go up to the control plane. Aging removes local learned
// MACs that were not seen for the bridge domain's aging time.
#include <rte_cycles.h>
#include <string.h>

#include "dp/writer/writer.h"

#define AGING_INTERVAL_MS 1000
#define AGING_SCAN_BUDGET 131072

void writer_mac_notify(uint16_t type, const union mac_key *k, uint16_t port, uint16_t vlan,
	bool was_remote)
{
	struct dp_notify n = {.type = type, .bd = k->bd, .port = port, .vlan = vlan,
		.was_remote = was_remote};
	memcpy(n.mac, k->mac, sizeof(n.mac));
	writer_notify(&n);
}

static void writer_learn(const struct dp_event *ev)
{
	const struct dp_bd *bd = ev->bd < DP_MAX_BD ? dp_tables.bd[ev->bd] : NULL;
	union mac_key k = mac_key_make(ev->bd, (const struct rte_ether_addr *)ev->mac);
	uint16_t now = dp_now_sec(rte_rdtsc());
	mac_entry_t old, e = mac_entry_local(DP_MAC_LOCAL, 0, now, ev->port, ev->vlan);
	bool exists = mac_table_lookup(dp_tables.macs, &k, &old) == 0;
	int ret;

	if (bd == NULL || !bd->learning)
		return;
	if (exists) {
		bool here = mac_entry_is_local(old) && mac_entry_port(old) == ev->port &&
			mac_entry_vlan(old) == ev->vlan;
		if (here && mac_entry_kind(old) == DP_MAC_LOCAL) {
			// refresh, pinned or not: the same place is no move
			writer_mac_store(&k, mac_entry_local(DP_MAC_LOCAL, mac_entry_flags(old),
						     now, ev->port, ev->vlan));
			return;
		}
		if (mac_entry_flags(old) & MAC_FLAG_PINNED) {
			dp_writer.stats.macs_move_refused += !here;
			return;
		}
	}
	ret = writer_mac_store(&k, e);
	if (ret < 0) {
		dp_writer.stats.mac_table_full++;
		return;
	}
	if (!exists) {
		dp_writer.stats.macs_learned++;
		writer_mac_notify(DP_NOTIFY_MAC_LEARNED, &k, ev->port, ev->vlan, false);
	} else {
		dp_writer.stats.macs_moved++;
		writer_mac_notify(DP_NOTIFY_MAC_MOVED, &k, ev->port, ev->vlan, !mac_entry_is_local(old));
	}
}

// An IP seen in ARP/ND from a host, or in a DHCP reply to it: worth telling only while
// its MAC is local here (for ARP/ND the learn event came first on the same ring, so a
// new MAC is in the table by now; a DHCP client's MAC was learned from its request).
// The port is the MAC's: a DHCP reply may have come from the tunnel.
static void writer_snoop(const struct dp_event *ev)
{
	union mac_key k = mac_key_make(ev->bd, (const struct rte_ether_addr *)ev->mac);
	struct dp_notify n = {.type = DP_NOTIFY_MAC_IP, .bd = ev->bd, .ip = ev->ip};
	mac_entry_t e;

	if (mac_table_lookup(dp_tables.macs, &k, &e) != 0 || !mac_entry_is_local(e))
		return;
	dp_writer.stats.macip_snooped++;
	n.port = mac_entry_port(e);
	n.vlan = mac_entry_vlan(e);
	memcpy(n.mac, ev->mac, sizeof(n.mac));
	writer_notify(&n);
}

void writer_apply_event(const struct dp_event *ev)
{
	struct dp_notify n = {
		.type = DP_NOTIFY_NEIGH, .port = ev->port, .ip = ev->ip, .announced = ev->announced};

	switch (ev->type) {
	case DP_EVENT_LEARN:
		writer_learn(ev);
		break;
	case DP_EVENT_NEIGH:
		memcpy(n.mac, ev->mac, sizeof(n.mac));
		writer_notify(&n);
		break;
	case DP_EVENT_SNOOP:
		writer_snoop(ev);
		break;
	default:
		break;
	}
}

static bool mac_expired(const union mac_key *k, mac_entry_t e, uint16_t now)
{
	const struct dp_bd *bd;
	if (mac_entry_kind(e) != DP_MAC_LOCAL)
		return false;
	bd = k->bd < DP_MAX_BD ? dp_tables.bd[k->bd] : NULL;
	if (bd == NULL || bd->aging_sec == 0)
		return false;
	return (uint16_t)(now - mac_entry_seen(e)) >= bd->aging_sec;
}

// Scans part of the table at each interval, so a million MACs never stall the writer.
void writer_aging_step(uint64_t now_tsc)
{
	struct dp_writer *w = &dp_writer;
	union mac_key batch[256];
	mac_entry_t ent[256];
	uint16_t now = dp_now_sec(now_tsc);
	unsigned scanned = 0, n = 0;

	if (now_tsc - w->last_aging_tsc < dp_tables.tsc_hz / 1000 * AGING_INTERVAL_MS)
		return;
	w->last_aging_tsc = now_tsc;
	while (scanned < AGING_SCAN_BUDGET) {
		union mac_key k;
		mac_entry_t e;
		if (mac_table_iterate(dp_tables.macs, &w->aging_cursor, &k, &e) != 0) {
			w->aging_cursor = 0;
			break;
		}
		scanned++;
		if (mac_expired(&k, e, now) && n < RTE_DIM(batch)) {
			ent[n] = e;
			batch[n++] = k;
		}
	}
	for (unsigned i = 0; i < n; i++) {
		writer_mac_remove(&batch[i]);
		w->stats.macs_aged++;
		writer_mac_notify(DP_NOTIFY_MAC_AGED, &batch[i], mac_entry_port(ent[i]),
			mac_entry_vlan(ent[i]), false);
	}
}
