// SPDX-License-Identifier: BSD-3-Clause
// gw_input: frames l2_fwd found addressed to the bridge domain's anycast gateway MAC
// (the same MAC and addresses on every VTEP, so a host keeps its gateway wherever it
// moves). An ICMP or ICMPv6 echo request to one of the gateway's addresses is answered
// in place, from the gateway's MAC and address, out of the port and VLAN it came in on.
// So are the ARP requests and neighbour solicitations a host sends unicast to the
// gateway to check its cached entry (Linux NUD probes). IPv4 and IPv6 go to
// ip_forward first, routed in the domain's VRF (asymmetric IRB): what its FIB and proxy
// table resolve to a gateway address comes back here (DP_FROM_GATEWAY) to be answered,
// so a routed packet is looked up once, not here and there. Other frames are dropped,
// counted. The gateway never answers over the overlay: every VTEP
// answers its own hosts.
#include <rte_arp.h>
#include <rte_ether.h>
#include <rte_icmp.h>
#include <rte_ip.h>
#include <urcu/pointer.h>

#include "dp/core/dp_csum.h"
#include "dp/core/dp_meta.h"
#include "dp/core/dp_worker.h"
#include "dp/ip/arp_packet.h"
#include "dp/ip/nd_packet.h"

#define GW_ICMP6_ECHO_REQUEST 128
#define GW_ICMP6_ECHO_REPLY 129
#define GW_REPLY_TTL 64

enum gw_input_next {
	GW_INPUT_TO_IP_FORWARD,
};

// Every outcome, named (the drops: true). Replies leave by access_output.
#define GW_INPUT_COUNTERS(X)                                                                       \
	X(GW_INPUT_CNT_ECHO_REPLY, "echo_reply_sent", false)                                       \
	X(GW_INPUT_CNT_ECHO6_REPLY, "echo6_reply_sent", false)                                     \
	X(GW_INPUT_CNT_ARP_REPLY, "arp_reply_sent", false)                                         \
	X(GW_INPUT_CNT_ND_ADVERT, "advert_sent", false)                                            \
	X(GW_INPUT_CNT_TO_ROUTE, "to_ip_forward", false)                                           \
	X(GW_INPUT_CNT_NOT_IP, "not_ip", true)                                                     \
	X(GW_INPUT_CNT_OTHER, "for_gateway_not_echo", true)                                        \
	X(GW_INPUT_CNT_FROM_OVERLAY, "from_overlay", true)                                         \
	X(GW_INPUT_CNT_FRAGMENT, "fragment", true)                                                 \
	X(GW_INPUT_CNT_BAD_IP, "malformed_ip", true)                                               \
	X(GW_INPUT_CNT_BAD_ICMP, "malformed_icmp", true)                                           \
	X(GW_INPUT_CNT_BAD_ARP, "malformed_arp", true)                                             \
	X(GW_INPUT_CNT_NO_ROOM, "no_room_for_reply", true)
DP_COUNTER_ENUM(gw_input_cnt, GW_INPUT_COUNTERS);
static struct dp_node gw_input_node;
dp_node_process_t gw_input_process;

// Whether ip (4 or 16 bytes) is one of the gateway's addresses in the frame's domain.
static bool gw_input_is_gw(const struct rte_mbuf *m, uint8_t family, const void *ip)
{
	struct neigh_key k = neigh_key_make(dp_meta((struct rte_mbuf *)m)->bd, family, ip);
	neigh_entry_t e;

	return neigh_table_lookup(dp_tables.neighs, &k, &e) == 0 &&
	       (neigh_entry_flags(e) & NEIGH_FLAG_GATEWAY);
}

// Back to the sender, from the gateway's MAC (the frame's destination).
static void gw_input_swap_eth(struct rte_ether_hdr *eth)
{
	struct rte_ether_addr gw = eth->dst_addr;

	eth->dst_addr = eth->src_addr;
	eth->src_addr = gw;
}

static enum gw_input_cnt gw_input_arp(struct rte_mbuf *m)
{
	struct rte_arp_hdr *arp = arp_packet_check(m);
	struct rte_ether_addr gw;

	if (arp == NULL)
		return GW_INPUT_CNT_BAD_ARP;
	if (arp->arp_opcode != RTE_BE16(RTE_ARP_OP_REQUEST) || arp->arp_data.arp_sip == 0 ||
		!gw_input_is_gw(m, AF_INET, &arp->arp_data.arp_tip))
		return GW_INPUT_CNT_OTHER;
	gw = rte_pktmbuf_mtod(m, struct rte_ether_hdr *)->dst_addr;
	arp_packet_reply(m, arp, &gw);
	return GW_INPUT_CNT_ARP_REPLY;
}

static enum gw_input_cnt gw_input_ip4(struct rte_mbuf *m, struct rte_ether_hdr *eth)
{
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);
	uint32_t avail = rte_pktmbuf_data_len(m) - sizeof(*eth), hlen, tot;
	struct rte_icmp_hdr *icmp;
	rte_be32_t a;

	if (avail < sizeof(*ip) || (ip->version_ihl >> 4) != 4)
		return GW_INPUT_CNT_BAD_IP;
	hlen = (uint32_t)(ip->version_ihl & RTE_IPV4_HDR_IHL_MASK) * RTE_IPV4_IHL_MULTIPLIER;
	tot = rte_be_to_cpu_16(ip->total_length);
	if (hlen < sizeof(*ip) || tot < hlen || tot > avail || !csum_ip4_hdr_ok(ip, hlen))
		return GW_INPUT_CNT_BAD_IP;
	// No reply to a source no host has: 0, multicast (224/4: not RTE_IS_IPV4_MCAST,
	// whose RTE_IPV4 shifts an int into its sign bit), broadcast.
	if (ip->src_addr == 0 || (rte_be_to_cpu_32(ip->src_addr) >> 28) == 0xe ||
		ip->src_addr == RTE_BE32(0xffffffff))
		return GW_INPUT_CNT_BAD_IP;
	if (dp_meta(m)->from_tunnel != DP_FROM_GATEWAY)
		return GW_INPUT_CNT_TO_ROUTE;
	if (ip->fragment_offset & RTE_BE16(RTE_IPV4_HDR_MF_FLAG | RTE_IPV4_HDR_OFFSET_MASK))
		return GW_INPUT_CNT_FRAGMENT;
	if (ip->next_proto_id != IPPROTO_ICMP)
		return GW_INPUT_CNT_OTHER;
	icmp = (struct rte_icmp_hdr *)((uint8_t *)ip + hlen);
	if (tot - hlen < sizeof(*icmp) || csum_fold(csum_sum(icmp, tot - hlen)) != 0xffff)
		return GW_INPUT_CNT_BAD_ICMP;
	if (icmp->icmp_type != RTE_IP_ICMP_ECHO_REQUEST || icmp->icmp_code != 0)
		return GW_INPUT_CNT_OTHER;
	gw_input_swap_eth(eth);
	a = ip->src_addr;
	ip->src_addr = ip->dst_addr;
	ip->dst_addr = a;
	ip->time_to_live = GW_REPLY_TTL;
	ip->hdr_checksum = 0;
	ip->hdr_checksum = (uint16_t)~csum_fold(csum_sum(ip, hlen));
	icmp->icmp_type = RTE_IP_ICMP_ECHO_REPLY;
	icmp->icmp_cksum = 0;
	icmp->icmp_cksum = (uint16_t)~csum_fold(csum_sum(icmp, tot - hlen));
	dp_mbuf_clear_offloads(m);
	return GW_INPUT_CNT_ECHO_REPLY;
}

// A unicast NS to the gateway (NUD): answered as nd_proxy answers a multicast one.
static enum gw_input_cnt gw_input_ns(struct rte_mbuf *m, struct rte_ipv6_hdr *ip, uint32_t len)
{
	struct nd_msg *ns = (struct nd_msg *)(ip + 1);
	struct rte_ether_addr gw;

	if (!nd_msg_ok(ip, len))
		return GW_INPUT_CNT_BAD_ICMP;
	if (!gw_input_is_gw(m, AF_INET6, ns->target))
		return GW_INPUT_CNT_OTHER;
	if (!nd_advert_fits(m))
		return GW_INPUT_CNT_NO_ROOM;
	gw = rte_pktmbuf_mtod(m, struct rte_ether_hdr *)->dst_addr;
	nd_advert_build(m, ip, ns, &gw, true);
	return GW_INPUT_CNT_ND_ADVERT;
}

static enum gw_input_cnt gw_input_ip6(struct rte_mbuf *m, struct rte_ether_hdr *eth)
{
	struct rte_ipv6_hdr *ip = (struct rte_ipv6_hdr *)(eth + 1);
	uint32_t avail = rte_pktmbuf_data_len(m) - sizeof(*eth), plen;
	struct rte_icmp_hdr *icmp = (struct rte_icmp_hdr *)(ip + 1);
	static const uint8_t unspec[16];
	uint8_t a[16];

	if (avail < sizeof(*ip) || (rte_be_to_cpu_32(ip->vtc_flow) >> 28) != 6)
		return GW_INPUT_CNT_BAD_IP;
	plen = rte_be_to_cpu_16(ip->payload_len);
	if (plen > avail - sizeof(*ip) || ip->src_addr[0] == 0xff ||
		memcmp(ip->src_addr, unspec, 16) == 0)
		return GW_INPUT_CNT_BAD_IP;
	if (ip->proto == IPPROTO_ICMPV6 && plen >= sizeof(struct nd_msg) &&
		icmp->icmp_type == ND_TYPE_NS)
		return gw_input_ns(m, ip, avail);
	if (dp_meta(m)->from_tunnel != DP_FROM_GATEWAY)
		return GW_INPUT_CNT_TO_ROUTE;
	if (ip->proto != IPPROTO_ICMPV6) // extension headers, fragments: not for us yet
		return GW_INPUT_CNT_OTHER;
	if (plen < sizeof(*icmp) || rte_ipv6_udptcp_cksum_verify(ip, icmp) != 0)
		return GW_INPUT_CNT_BAD_ICMP;
	if (icmp->icmp_type != GW_ICMP6_ECHO_REQUEST || icmp->icmp_code != 0)
		return GW_INPUT_CNT_OTHER;
	gw_input_swap_eth(eth);
	memcpy(a, ip->src_addr, 16);
	memcpy(ip->src_addr, ip->dst_addr, 16);
	memcpy(ip->dst_addr, a, 16);
	ip->hop_limits = GW_REPLY_TTL;
	icmp->icmp_type = GW_ICMP6_ECHO_REPLY;
	icmp->icmp_cksum = 0;
	icmp->icmp_cksum = nd_icmp6_cksum(ip);
	dp_mbuf_clear_offloads(m);
	return GW_INPUT_CNT_ECHO6_REPLY;
}

static enum gw_input_cnt gw_input_one(struct rte_mbuf *m)
{
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);

	// A host behind another VTEP has that VTEP's gateway (the same MAC): a frame to it
	// over the overlay is not ours to answer.
	if (dp_meta(m)->from_tunnel != DP_FROM_ACCESS && dp_meta(m)->from_tunnel != DP_FROM_GATEWAY)
		return GW_INPUT_CNT_FROM_OVERLAY;
	if (m->nb_segs != 1 || rte_pktmbuf_data_len(m) < sizeof(*eth))
		return GW_INPUT_CNT_BAD_IP;
	switch (eth->ether_type) {
	case RTE_BE16(RTE_ETHER_TYPE_IPV4):
		return gw_input_ip4(m, eth);
	case RTE_BE16(RTE_ETHER_TYPE_IPV6):
		return gw_input_ip6(m, eth);
	case RTE_BE16(RTE_ETHER_TYPE_ARP):
		return gw_input_arp(m);
	default:
		return GW_INPUT_CNT_NOT_IP;
	}
}

void gw_input_process(struct dp_worker *w, struct rte_mbuf **pkts, uint16_t n)
{
	uint64_t *cnt = dp_cnt(w, &gw_input_node.cnt);
	struct dp_vec *route = dp_next(w, &gw_input_node, GW_INPUT_TO_IP_FORWARD);

	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		struct dp_meta *meta = dp_meta(m);
		enum gw_input_cnt edge = gw_input_one(m);

		switch (edge) {
		case GW_INPUT_CNT_ECHO_REPLY:
		case GW_INPUT_CNT_ECHO6_REPLY:
		case GW_INPUT_CNT_ARP_REPLY:
		case GW_INPUT_CNT_ND_ADVERT:
			dp_count(cnt, edge);
			meta->out_port = meta->in_port;
			meta->out_vlan = meta->in_vlan;
			access_output_process(w, m);
			break;
		case GW_INPUT_CNT_TO_ROUTE:
			dp_count(cnt, edge);
			dp_vec_push(route, m);
			break;
		default:
			dp_drop(cnt, m, edge);
		}
	}
}

static struct dp_node gw_input_node = {
	.name = "gw_input",
	.process = gw_input_process,
	.next = {[GW_INPUT_TO_IP_FORWARD] = "ip_forward"},
	.cnt = {DP_COUNTER_BLOCK(GW_INPUT_COUNTERS)},
};
DP_NODE_REGISTER(gw_input_node);
