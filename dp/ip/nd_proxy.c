// SPDX-License-Identifier: BSD-3-Clause
// nd_proxy: ND suppression (RFC 9161) for bridge domains with `neigh-suppression`.
// l2_fwd sends here the multicast IPv6 frames from access ports (after learning and
// snooping them). A neighbour solicitation whose target is in the proxy table is
// answered in place with the advertisement its owner would send (Solicited and
// Override set, Router when the entry says so, target link-layer option, hop limit
// 255), out of the port and VLAN it came in on, and not
// flooded. An unknown target floods, or is dropped by `unknown-unicast-suppression`.
// Duplicate address detection (source ::) and every other IPv6 frame go the usual way,
// but DAD for an anycast gateway address is answered: the gateway owns it.
#include <rte_ether.h>
#include <rte_ip.h>
#include <urcu/pointer.h>

#include "dp/core/dp_meta.h"
#include "dp/core/dp_worker.h"
#include "dp/ip/nd_packet.h"

enum nd_proxy_next { ND_PROXY_TO_BUM_FLOOD };
// Every edge it takes and every drop, named (the drops: true).
#define ND_PROXY_COUNTERS(X)                                                                       \
	X(ND_PROXY_CNT_REPLY, "advert_sent", false)                                                \
	X(ND_PROXY_CNT_NOT_PROXIED, "not_proxied", false)                                          \
	X(ND_PROXY_CNT_UNKNOWN_FLOOD, "unknown_flooded", false)                                    \
	X(ND_PROXY_CNT_UNKNOWN_DROP, "unknown_dropped", true)                                      \
	X(ND_PROXY_CNT_BAD, "malformed", true)                                                     \
	X(ND_PROXY_CNT_NO_ROOM, "no_room_for_reply", true)                                         \
	X(ND_PROXY_CNT_GW_REPLY, "gateway_advert_sent", false)                                     \
	X(ND_PROXY_CNT_NOT_SUPPRESSED, "not_suppressed", false)
DP_COUNTER_ENUM(nd_proxy_cnt, ND_PROXY_COUNTERS);
static struct dp_node nd_proxy_node;
dp_node_process_t nd_proxy_process;

static const uint8_t nd_unspec[16];

// The NS in m, or NULL for anything else (not ICMPv6 right after the IPv6 header, or
// another ICMPv6 type). *bad: an NS that is not whole and sound.
static struct nd_msg *nd_proxy_ns(struct rte_mbuf *m, bool *bad)
{
	uint32_t len = rte_pktmbuf_data_len(m) - sizeof(struct rte_ether_hdr);
	struct rte_ipv6_hdr *ip =
		rte_pktmbuf_mtod_offset(m, struct rte_ipv6_hdr *, sizeof(struct rte_ether_hdr));
	struct nd_msg *nd = (struct nd_msg *)(ip + 1);

	*bad = false;
	if (rte_pktmbuf_data_len(m) < sizeof(struct rte_ether_hdr) ||
		len < sizeof(*ip) + sizeof(*nd) || ip->proto != IPPROTO_ICMPV6 ||
		nd->type != ND_TYPE_NS)
		return NULL;
	*bad = !nd_msg_ok(ip, len);
	return nd;
}

static enum nd_proxy_cnt nd_proxy_one(struct rte_mbuf *m)
{
	const struct dp_bd *bd = rcu_dereference(dp_tables.bd[dp_meta(m)->bd]);
	struct rte_ipv6_hdr *ip;
	struct rte_ether_addr mac;
	struct neigh_key k;
	neigh_entry_t e;
	bool bad, gw, dad;
	struct nd_msg *ns = nd_proxy_ns(m, &bad);

	if (ns == NULL)
		return ND_PROXY_CNT_NOT_PROXIED;
	if (bad)
		return ND_PROXY_CNT_BAD;
	ip = (struct rte_ipv6_hdr *)ns - 1;
	dad = memcmp(ip->src_addr, nd_unspec, 16) == 0; // duplicate address detection
	k = neigh_key_make(dp_meta(m)->bd, AF_INET6, ns->target);
	if (neigh_table_lookup(dp_tables.neighs, &k, &e) != 0) {
		if (dad)
			return ND_PROXY_CNT_NOT_PROXIED;
		if (bd == NULL || !bd->nd_suppress)
			return ND_PROXY_CNT_NOT_SUPPRESSED;
		return bd->unknown_drop ? ND_PROXY_CNT_UNKNOWN_DROP : ND_PROXY_CNT_UNKNOWN_FLOOD;
	}
	gw = neigh_entry_flags(e) & NEIGH_FLAG_GATEWAY;
	// DAD for a host's address: the host answers itself. For the gateway's, the
	// gateway is the owner and defends it (RFC 4861 7.2.4: to all nodes, S clear).
	if (dad && !gw)
		return ND_PROXY_CNT_NOT_PROXIED;
	if (!gw && (bd == NULL || !bd->nd_suppress))
		return ND_PROXY_CNT_NOT_SUPPRESSED;
	neigh_entry_mac(e, mac.addr_bytes);
	if (rte_is_same_ether_addr(&mac, &rte_pktmbuf_mtod(m, struct rte_ether_hdr *)->src_addr))
		return ND_PROXY_CNT_NOT_PROXIED; // the owner asking: not ours to answer
	if (!nd_advert_fits(m))
		return ND_PROXY_CNT_NO_ROOM;
	// The gateway is a router (RFC 4861 4.4: hosts keep it as their default router).
	nd_advert_build(m, ip, ns, &mac, gw || (neigh_entry_flags(e) & NEIGH_FLAG_ROUTER));
	if (dad)
		nd_advert_to_all_nodes(m, ip, ns);
	return gw ? ND_PROXY_CNT_GW_REPLY : ND_PROXY_CNT_REPLY;
}

void nd_proxy_process(struct dp_worker *w, struct rte_mbuf **pkts, uint16_t n)
{
	uint64_t *cnt = dp_cnt(w, &nd_proxy_node.cnt);

	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		struct dp_meta *meta = dp_meta(m);
		enum nd_proxy_cnt edge = nd_proxy_one(m);

		switch (edge) {
		case ND_PROXY_CNT_REPLY:
		case ND_PROXY_CNT_GW_REPLY:
			dp_count(cnt, edge);
			meta->out_port = meta->in_port;
			meta->out_vlan = meta->in_vlan;
			access_output_process(w, m);
			break;
		case ND_PROXY_CNT_NOT_PROXIED:
		case ND_PROXY_CNT_UNKNOWN_FLOOD:
		case ND_PROXY_CNT_NOT_SUPPRESSED:
			dp_count(cnt, edge);
			dp_vec_push(dp_next(w, &nd_proxy_node, ND_PROXY_TO_BUM_FLOOD), m);
			break;
		default:
			dp_drop(cnt, m, edge);
		}
	}
}

static struct dp_node nd_proxy_node = {
	.name = "nd_proxy",
	.process = nd_proxy_process,
	.next = {[ND_PROXY_TO_BUM_FLOOD] = "bum_flood"},
	.cnt = {DP_COUNTER_BLOCK(ND_PROXY_COUNTERS)},
};
DP_NODE_REGISTER(nd_proxy_node);
