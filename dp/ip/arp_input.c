// SPDX-License-Identifier: BSD-3-Clause
// arp_input: ARP on an underlay port. A request for one of our addresses is answered
// in place; the sender of a request or reply aimed at us becomes a neighbour event
// (the control plane resolves underlay next hops from them). So does the sender of a
// gratuitous ARP (its own address as target, RFC 5227 announcement), marked so: a
// gateway whose MAC changed says so this way, and nothing else would tell us until
// the next refresh, while we send it traffic its new MAC no longer takes.
#include <rte_arp.h>
#include <rte_ether.h>
#include <urcu/pointer.h>

#include "dp/core/dp_meta.h"
#include "dp/core/dp_worker.h"
#include "dp/ip/arp_packet.h"

// Every edge it takes and every drop, named (the drops: true).
#define ARP_INPUT_COUNTERS(X)                                                              \
	X(ARP_INPUT_CNT_REPLY, "reply_sent", false)                                        \
	X(ARP_INPUT_CNT_NEIGH, "neighbor_seen", true)                                      \
	X(ARP_INPUT_CNT_BAD, "malformed", true)                                            \
	X(ARP_INPUT_CNT_NOT_FOR_US, "not_for_us", true)                                    \
	X(ARP_INPUT_CNT_TO_HOST, "to_host", false)                                         \
	X(ARP_INPUT_CNT_GRATUITOUS, "gratuitous", true)
DP_COUNTER_ENUM(arp_input_cnt, ARP_INPUT_COUNTERS);
static struct dp_node arp_input_node;
dp_node_process_t arp_input_process;

static bool arp_is_ours(const struct dp_local_addrs *a, uint16_t port, rte_be32_t ip)
{
	if (ip == 0)
		return false;
	if (ip == a->vtep4)
		return true;
	for (unsigned i = 0; i < a->n; i++)
		if (a->addr[i].port == port && a->addr[i].ip.family == AF_INET &&
			a->addr[i].ip.v4.s_addr == ip)
			return true;
	return false;
}

static void arp_neigh_event(
	struct dp_worker *w, uint16_t port, const struct rte_arp_ipv4 *d, bool announced)
{
	struct dp_event ev = {.type = DP_EVENT_NEIGH, .port = port, .announced = announced};
	if (d->arp_sip == 0 || rte_is_multicast_ether_addr(&d->arp_sha))
		return;
	memcpy(ev.mac, &d->arp_sha, sizeof(ev.mac));
	ev.ip.family = AF_INET;
	ev.ip.v4.s_addr = d->arp_sip;
	dp_event_post(w, &ev);
}

static enum arp_input_cnt arp_input_one(struct dp_worker *w, struct rte_mbuf *m,
	const struct dp_local_addrs *a)
{
	uint16_t port = dp_meta(m)->in_port;
	const struct dp_port *p = rcu_dereference(dp_tables.port[port]);
	struct rte_arp_hdr *arp = arp_packet_check(m);

	if (arp == NULL)
		return ARP_INPUT_CNT_BAD;
	if (a == NULL || p == NULL)
		return ARP_INPUT_CNT_NOT_FOR_US;
	if (!arp_is_ours(a, port, arp->arp_data.arp_tip)) {
		if (arp->arp_data.arp_tip != arp->arp_data.arp_sip || arp->arp_data.arp_sip == 0 ||
			p->role != DP_PORT_UNDERLAY)
			return ARP_INPUT_CNT_NOT_FOR_US;
		arp_neigh_event(w, port, &arp->arp_data, true);
		return ARP_INPUT_CNT_GRATUITOUS;
	}
	arp_neigh_event(w, port, &arp->arp_data, false);
	if (p->to_host) // the kernel answers and learns for its own stack
		return ARP_INPUT_CNT_TO_HOST;
	if (arp->arp_opcode != RTE_BE16(RTE_ARP_OP_REQUEST))
		return ARP_INPUT_CNT_NEIGH;
	arp_packet_reply(m, arp, &p->mac);
	return ARP_INPUT_CNT_REPLY;
}

void arp_input_process(struct dp_worker *w, struct rte_mbuf **pkts, uint16_t n)
{
	uint64_t *cnt = dp_cnt(w, &arp_input_node.cnt);
	const struct dp_local_addrs *a = rcu_dereference(dp_tables.addrs);

	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		enum arp_input_cnt edge = arp_input_one(w, m, a);
		if (edge == ARP_INPUT_CNT_REPLY) {
			dp_count(cnt, edge);
			dp_tx(w, dp_meta(m)->in_port, m);
		} else if (edge == ARP_INPUT_CNT_TO_HOST) {
			dp_count(cnt, edge);
			dp_to_host(w, m);
		} else {
			dp_drop(cnt, m, edge);
		}
	}
}

// No next node: frames leave by tx (or to the host).
static struct dp_node arp_input_node = {
	.name = "arp_input",
	.process = arp_input_process,
	.cnt = {DP_COUNTER_BLOCK(ARP_INPUT_COUNTERS)},
};
DP_NODE_REGISTER(arp_input_node);
