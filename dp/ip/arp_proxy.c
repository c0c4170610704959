// SPDX-License-Identifier: BSD-3-Clause
// arp_proxy: ARP suppression (RFC 9161) for bridge domains with `arp-suppression`.
// l2_fwd sends here the broadcast ARP frames from access ports (after learning their
// source); they are snooped here (dp_meta.snoop says whether), before any reply. A
// request whose target is in the proxy table is answered in place, out of the port
// and VLAN it came in on, and not flooded: a remote host's address is
// resolved without the request crossing the overlay. A request for an unknown target is
// flooded, or dropped when the domain says so (`unknown-unicast-suppression`).
// Gratuitous ARP (sender = target: an announcement) and probes (sender 0.0.0.0, RFC
// 5227 duplicate detection) are not answered: they flood as before, so the owner of
// the address hears them and speaks for itself; only a probe for the gateway's own
// address is answered (the gateway is its owner).
// The addresses of the domain's anycast gateway (proxy entries flagged gateway) are
// answered whether or not the domain suppresses; in a domain that does not, every
// other request floods as before (not_suppressed).
#include <rte_arp.h>
#include <rte_ether.h>
#include <urcu/pointer.h>

#include "dp/core/dp_meta.h"
#include "dp/core/dp_worker.h"
#include "dp/ip/arp_packet.h"
#include "dp/l2/l2_snoop.h"

enum arp_proxy_next { ARP_PROXY_TO_BUM_FLOOD };
// Every edge it takes and every drop, named (the drops: true).
#define ARP_PROXY_COUNTERS(X)                                                                      \
	X(ARP_PROXY_CNT_REPLY, "reply_sent", false)                                                \
	X(ARP_PROXY_CNT_NOT_PROXIED, "not_proxied", false)                                         \
	X(ARP_PROXY_CNT_UNKNOWN_FLOOD, "unknown_flooded", false)                                   \
	X(ARP_PROXY_CNT_UNKNOWN_DROP, "unknown_dropped", true)                                     \
	X(ARP_PROXY_CNT_BAD, "malformed", true)                                                    \
	X(ARP_PROXY_CNT_GW_REPLY, "gateway_reply_sent", false)                                     \
	X(ARP_PROXY_CNT_NOT_SUPPRESSED, "not_suppressed", false)
DP_COUNTER_ENUM(arp_proxy_cnt, ARP_PROXY_COUNTERS);
static struct dp_node arp_proxy_node;
dp_node_process_t arp_proxy_process;

static enum arp_proxy_cnt arp_proxy_one(struct dp_worker *w, struct rte_mbuf *m)
{
	struct rte_arp_hdr *arp = arp_packet_check(m);
	const struct dp_bd *bd = rcu_dereference(dp_tables.bd[dp_meta(m)->bd]);
	const struct rte_arp_ipv4 *d;
	struct rte_ether_addr mac;
	struct neigh_key k;
	neigh_entry_t e;
	uint32_t sig;
	bool gw;

	if (arp == NULL) // l2_snoop would not read it either (the same checks)
		return ARP_PROXY_CNT_BAD;
	if (dp_meta(m)->snoop != DP_SNOOP_NONE) // l2_fwd's snoop, before the reply rewrites it
		l2_snoop_arp_checked(w, m, arp, dp_meta(m)->snoop == DP_SNOOP_ARP_FRESH);
	d = &arp->arp_data;
	if (arp->arp_opcode != RTE_BE16(RTE_ARP_OP_REQUEST) || d->arp_sip == d->arp_tip)
		return ARP_PROXY_CNT_NOT_PROXIED;
	sig = neigh_key_make4(&k, dp_meta(m)->bd, d->arp_tip);
	if (neigh_table_lookup_sig(dp_tables.neighs, &k, sig, &e) != 0) {
		if (d->arp_sip == 0)
			return ARP_PROXY_CNT_NOT_PROXIED;
		if (bd == NULL || !bd->arp_suppress)
			return ARP_PROXY_CNT_NOT_SUPPRESSED;
		return bd->unknown_drop ? ARP_PROXY_CNT_UNKNOWN_DROP : ARP_PROXY_CNT_UNKNOWN_FLOOD;
	}
	gw = neigh_entry_flags(e) & NEIGH_FLAG_GATEWAY;
	// A probe (RFC 5227) for the gateway's address is answered: the gateway owns it,
	// and the prober must see the conflict. For a host's, the host answers itself.
	if (d->arp_sip == 0 && !gw)
		return ARP_PROXY_CNT_NOT_PROXIED;
	if (!gw && (bd == NULL || !bd->arp_suppress))
		return ARP_PROXY_CNT_NOT_SUPPRESSED;
	// A host asking for its own address (the table says it owns it): its duplicate
	// check, not ours to answer.
	if (neigh_entry_mac_is(e, d->arp_sha.addr_bytes))
		return ARP_PROXY_CNT_NOT_PROXIED;
	neigh_entry_mac(e, mac.addr_bytes);
	arp_packet_reply(m, arp, &mac);
	return gw ? ARP_PROXY_CNT_GW_REPLY : ARP_PROXY_CNT_REPLY;
}

void arp_proxy_process(struct dp_worker *w, struct rte_mbuf **pkts, uint16_t n)
{
	uint64_t *cnt = dp_cnt(w, &arp_proxy_node.cnt);

	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		struct dp_meta *meta = dp_meta(m);
		enum arp_proxy_cnt edge = arp_proxy_one(w, m);

		switch (edge) {
		case ARP_PROXY_CNT_REPLY:
		case ARP_PROXY_CNT_GW_REPLY:
			dp_count(cnt, edge);
			meta->out_port = meta->in_port;
			meta->out_vlan = meta->in_vlan;
			access_output_process(w, m);
			break;
		case ARP_PROXY_CNT_NOT_PROXIED:
		case ARP_PROXY_CNT_UNKNOWN_FLOOD:
		case ARP_PROXY_CNT_NOT_SUPPRESSED:
			dp_count(cnt, edge);
			dp_vec_push(dp_next(w, &arp_proxy_node, ARP_PROXY_TO_BUM_FLOOD), m);
			break;
		default:
			dp_drop(cnt, m, edge);
		}
	}
}

static struct dp_node arp_proxy_node = {
	.name = "arp_proxy",
	.process = arp_proxy_process,
	.next = {[ARP_PROXY_TO_BUM_FLOOD] = "bum_flood"},
	.cnt = {DP_COUNTER_BLOCK(ARP_PROXY_COUNTERS)},
};
DP_NODE_REGISTER(arp_proxy_node);
