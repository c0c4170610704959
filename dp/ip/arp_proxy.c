// SPDX-License-Identifier: BSD-3-Clause
// arp_proxy: ARP suppression (RFC 9161) for bridge domains with `arp-suppression`.
// l2_fwd sends here the broadcast ARP frames from access ports (after learning and
// snooping them). A request whose target is in the proxy table is answered in place,
// out of the port and VLAN it came in on, and not flooded: a remote host's address is
// resolved without the request crossing the overlay. A request for an unknown target is
// flooded, or dropped when the domain says so (`unknown-unicast-suppression`).
// Gratuitous ARP (sender = target: an announcement) and probes (sender 0.0.0.0, RFC
// 5227 duplicate detection) are never answered: they flood as before, so the owner of
// the address hears them and speaks for itself.
#include <rte_arp.h>
#include <rte_ether.h>
#include <urcu/pointer.h>

#include "dp/core/dp_meta.h"
#include "dp/core/dp_worker.h"
#include "dp/ip/arp_packet.h"

enum arp_proxy_next { ARP_PROXY_TO_BUM_FLOOD };
static struct dp_node arp_proxy_node;
dp_node_process_t arp_proxy_process;

static enum dp_counter arp_proxy_one(struct rte_mbuf *m)
{
	struct rte_arp_hdr *arp = arp_packet_check(m);
	const struct dp_bd *bd = rcu_dereference(dp_tables.bd[dp_meta(m)->bd]);
	const struct rte_arp_ipv4 *d;
	struct rte_ether_addr mac;
	struct neigh_key k;
	neigh_entry_t e;

	if (arp == NULL)
		return DP_CNT_ARP_PROXY_BAD;
	d = &arp->arp_data;
	if (arp->arp_opcode != RTE_BE16(RTE_ARP_OP_REQUEST) || d->arp_sip == 0 ||
		d->arp_sip == d->arp_tip)
		return DP_CNT_ARP_PROXY_NOT_PROXIED;
	k = neigh_key_make(dp_meta(m)->bd, AF_INET, &d->arp_tip);
	if (neigh_table_lookup(dp_tables.neighs, &k, &e) != 0)
		return bd != NULL && bd->unknown_drop ? DP_CNT_ARP_PROXY_UNKNOWN_DROP
						      : DP_CNT_ARP_PROXY_UNKNOWN_FLOOD;
	neigh_entry_mac(e, mac.addr_bytes);
	// A host asking for its own address (the table says it owns it): its duplicate
	// check, not ours to answer.
	if (rte_is_same_ether_addr(&mac, &d->arp_sha))
		return DP_CNT_ARP_PROXY_NOT_PROXIED;
	arp_packet_reply(m, arp, &mac);
	return DP_CNT_ARP_PROXY_REPLY;
}

void arp_proxy_process(struct dp_worker *w, struct rte_mbuf **pkts, uint16_t n)
{
	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		struct dp_meta *meta = dp_meta(m);
		enum dp_counter edge = arp_proxy_one(m);

		switch (edge) {
		case DP_CNT_ARP_PROXY_REPLY:
			dp_count(w, edge);
			meta->out_port = meta->in_port;
			meta->out_vlan = meta->in_vlan;
			access_output_process(w, m);
			break;
		case DP_CNT_ARP_PROXY_NOT_PROXIED:
		case DP_CNT_ARP_PROXY_UNKNOWN_FLOOD:
			dp_count(w, edge);
			dp_vec_push(dp_next(w, &arp_proxy_node, ARP_PROXY_TO_BUM_FLOOD), m);
			break;
		default:
			dp_drop(w, m, edge);
		}
	}
}

static struct dp_node arp_proxy_node = {
	.name = "arp_proxy",
	.process = arp_proxy_process,
	.next = {[ARP_PROXY_TO_BUM_FLOOD] = "bum_flood"},
};
DP_NODE_REGISTER(arp_proxy_node);
