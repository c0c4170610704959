// SPDX-License-Identifier: BSD-3-Clause
// underlay_input: a frame from an underlay port -> VXLAN to one of our VTEP addresses
// (vxlan_decap), MPLS and MPLS-in-UDP to one of them (mpls_input), ARP (arp_input) or IPv6 neighbour discovery (nd_input). Validates the
// outer Ethernet and IP headers (IPv6: and its extension headers); everything else is
// dropped with a reason.
#include <rte_ether.h>
#include <rte_icmp.h>
#include <rte_ip.h>
#include <rte_udp.h>
#include <rte_vxlan.h>
#include <urcu/pointer.h>

#include "dp/core/dp_csum.h"
#include "dp/core/dp_meta.h"
#include "dp/core/dp_worker.h"
#include "dp/mpls/mpls_udp.h"

enum underlay_input_next {
	UNDERLAY_INPUT_TO_VXLAN_DECAP,
	UNDERLAY_INPUT_TO_ARP_INPUT,
	UNDERLAY_INPUT_TO_ND_INPUT,
	UNDERLAY_INPUT_TO_MPLS_INPUT,
};
// Every edge it takes and every drop, named (the drops: true).
#define UNDERLAY_INPUT_COUNTERS(X)                                                         \
	X(UNDERLAY_INPUT_CNT_VXLAN, "to_vxlan_decap", false)                               \
	X(UNDERLAY_INPUT_CNT_ARP, "to_arp_input", false)                                   \
	X(UNDERLAY_INPUT_CNT_ND, "to_nd_input", false)                                     \
	X(UNDERLAY_INPUT_CNT_MPLS, "to_mpls_input", false)                                 \
	X(UNDERLAY_INPUT_CNT_MPLS_UDP, "mpls_udp_to_mpls_input", false)                    \
	X(UNDERLAY_INPUT_CNT_BAD_UDP_LEN, "bad_udp_length", true)                          \
	X(UNDERLAY_INPUT_CNT_RUNT, "runt", true)                                           \
	X(UNDERLAY_INPUT_CNT_NOT_OUR_MAC, "not_our_mac", true)                             \
	X(UNDERLAY_INPUT_CNT_BAD_IP_HEADER, "bad_ip_header", true)                         \
	X(UNDERLAY_INPUT_CNT_BAD_IP_CHECKSUM, "bad_ip_checksum", true)                     \
	X(UNDERLAY_INPUT_CNT_IP_FRAGMENT, "ip_fragment", true)                             \
	X(UNDERLAY_INPUT_CNT_IP6_EXT_TRUNCATED, "ip6_ext_truncated", true)                 \
	X(UNDERLAY_INPUT_CNT_IP6_EXT_LIMIT, "ip6_ext_limit", true)                         \
	X(UNDERLAY_INPUT_CNT_IP6_HBH_NOT_FIRST, "ip6_hop_by_hop_not_first", true)          \
	X(UNDERLAY_INPUT_CNT_IP6_ROUTING_NOT_FINAL, "ip6_routing_not_final", true)         \
	X(UNDERLAY_INPUT_CNT_NOT_LOCAL, "not_local_address", true)                         \
	X(UNDERLAY_INPUT_CNT_NOT_VXLAN, "no_exception_path", true)                         \
	X(UNDERLAY_INPUT_CNT_TO_HOST, "to_host", false)                                    \
	X(UNDERLAY_INPUT_CNT_OTHER_ETHERTYPE, "other_ethertype", true)
DP_COUNTER_ENUM(underlay_input_cnt, UNDERLAY_INPUT_COUNTERS);
static struct dp_node underlay_input_node;
dp_node_input_t underlay_input_process;

#define ICMP6_NS 135
#define ICMP6_NA 136

// IPv6 extension headers before UDP (RFC 8200 section 4): a sender may put each once,
// Destination Options twice, so 8 is a bound no valid chain reaches. Their bytes are
// bounded so that the outer header length still fits dp_meta's l3_len.
#define IP6_EXT_MAX_HDRS 8
#define IP6_EXT_MAX_LEN 208
_Static_assert(sizeof(struct rte_ipv6_hdr) + IP6_EXT_MAX_LEN <= UINT8_MAX, "l3_len is 8 bits");
#define IP6_FRAG_OFFSET_M RTE_BE16(0xfff9) // fragment offset and M flag (RFC 8200 4.5)

static inline bool ip4_csum_ok(const struct rte_mbuf *m, const struct rte_ipv4_hdr *ip,
	unsigned hlen)
{
	uint64_t f = m->ol_flags & RTE_MBUF_F_RX_IP_CKSUM_MASK;
	if (f == RTE_MBUF_F_RX_IP_CKSUM_GOOD)
		return true;
	if (f == RTE_MBUF_F_RX_IP_CKSUM_BAD)
		return false;
	return csum_ip4_hdr_ok(ip, hlen);
}

// UDP to our VTEP address, not VXLAN: MPLS-in-UDP (RFC 7510) when this router has
// local labels, else the host's (port 6635 included). `ip_rest` is what the IP header
// says follows it (the UDP length must match it).
static __rte_noinline enum underlay_input_cnt underlay_input_other_udp(struct rte_mbuf *m,
	const struct rte_udp_hdr *udp, uint32_t ip_rest, uint32_t hlen)
{
	uint32_t end = sizeof(struct rte_ether_hdr) + hlen + ip_rest;

	if (udp->dst_port != RTE_BE16(MPLS_UDP_PORT) || rcu_dereference(dp_tables.labels) == NULL)
		return UNDERLAY_INPUT_CNT_NOT_VXLAN;
	if (rte_be_to_cpu_16(udp->dgram_len) != ip_rest || ip_rest < sizeof(*udp))
		return UNDERLAY_INPUT_CNT_BAD_UDP_LEN;
	if (rte_pktmbuf_pkt_len(m) > end) // Ethernet padding is not part of the stack
		rte_pktmbuf_trim(m, (uint16_t)(rte_pktmbuf_pkt_len(m) - end));
	dp_meta(m)->l3_len = (uint8_t)hlen;
	return UNDERLAY_INPUT_CNT_MPLS_UDP;
}

static enum underlay_input_cnt underlay_input_ip4(struct rte_mbuf *m,
	const struct dp_local_addrs *a)
{
	struct rte_ipv4_hdr *ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *,
		sizeof(struct rte_ether_hdr));
	uint32_t avail = rte_pktmbuf_data_len(m) - sizeof(struct rte_ether_hdr);
	unsigned hlen, tlen;
	const struct rte_udp_hdr *udp;

	if (unlikely(avail < sizeof(*ip)))
		return UNDERLAY_INPUT_CNT_RUNT;
	hlen = (ip->version_ihl & 0xf) * 4u;
	tlen = rte_be_to_cpu_16(ip->total_length);
	if (unlikely((ip->version_ihl >> 4) != 4 || hlen < sizeof(*ip) || tlen < hlen ||
		    tlen > rte_pktmbuf_pkt_len(m) - sizeof(struct rte_ether_hdr) ||
		    hlen > avail))
		return UNDERLAY_INPUT_CNT_BAD_IP_HEADER;
	if (unlikely(!ip4_csum_ok(m, ip, hlen)))
		return UNDERLAY_INPUT_CNT_BAD_IP_CHECKSUM;
	if (unlikely(ip->fragment_offset & RTE_BE16(RTE_IPV4_HDR_MF_FLAG | RTE_IPV4_HDR_OFFSET_MASK)))
		return UNDERLAY_INPUT_CNT_IP_FRAGMENT;
	if (a->vtep4 == 0 || ip->dst_addr != a->vtep4) { // 0: no IPv4 VTEP
		for (unsigned i = 0; i < a->n; i++)
			if (a->addr[i].ip.family == AF_INET && a->addr[i].ip.v4.s_addr == ip->dst_addr)
				return UNDERLAY_INPUT_CNT_NOT_VXLAN;
		return UNDERLAY_INPUT_CNT_NOT_LOCAL;
	}
	if (ip->next_proto_id != IPPROTO_UDP || tlen < hlen + sizeof(*udp) ||
		avail < hlen + sizeof(*udp))
		return UNDERLAY_INPUT_CNT_NOT_VXLAN;
	udp = (const struct rte_udp_hdr *)((const uint8_t *)ip + hlen);
	if (udp->dst_port != RTE_BE16(RTE_VXLAN_DEFAULT_PORT))
		return underlay_input_other_udp(m, udp, tlen - hlen, hlen);
	// Ethernet padding after the IP packet is not part of the inner frame.
	if (rte_pktmbuf_pkt_len(m) > sizeof(struct rte_ether_hdr) + tlen)
		rte_pktmbuf_trim(m, rte_pktmbuf_pkt_len(m) - sizeof(struct rte_ether_hdr) - tlen);
	dp_meta(m)->l3_len = (uint8_t)hlen;
	return UNDERLAY_INPUT_CNT_VXLAN;
}

static bool ip6_is_ours(const struct dp_local_addrs *a, const struct in6_addr *dst)
{
	if (a->has_vtep6 && memcmp(dst, &a->vtep6, sizeof(*dst)) == 0)
		return true;
	for (unsigned i = 0; i < a->n; i++)
		if (a->addr[i].ip.family == AF_INET6 && memcmp(&a->addr[i].ip.v6, dst, 16) == 0)
			return true;
	return false;
}

// Walks the extension headers between the IPv6 header and the upper-layer header (RFC
// 8200 section 4), within the first `end` bytes of the packet. Returns
// UNDERLAY_INPUT_VXLAN with the upper-layer protocol and its offset, or why the packet
// is dropped. AH and ESP are not walked: what follows them must not be used before
// IPsec checked it, which only the host stack does (-> not VXLAN, like any other
// protocol). Headers past the first mbuf segment count as truncated: with a 2 KB
// first segment a valid chain never gets there.
static __rte_noinline enum underlay_input_cnt ip6_ext_walk(const struct rte_ipv6_hdr *ip,
	uint32_t end, uint32_t *hlen, uint8_t *proto)
{
	uint32_t off = sizeof(*ip);
	uint8_t nh = ip->proto;

	for (unsigned n = 0;; n++) {
		const uint8_t *h = (const uint8_t *)ip + off;
		uint32_t len;

		switch (nh) {
		case IPPROTO_HOPOPTS: // only right after the IPv6 header
			if (n != 0)
				return UNDERLAY_INPUT_CNT_IP6_HBH_NOT_FIRST;
			break;
		case IPPROTO_DSTOPTS:
		case IPPROTO_ROUTING:
		case IPPROTO_FRAGMENT:
			break;
		default:
			*hlen = off;
			*proto = nh;
			return UNDERLAY_INPUT_CNT_VXLAN;
		}
		if (n == IP6_EXT_MAX_HDRS)
			return UNDERLAY_INPUT_CNT_IP6_EXT_LIMIT;
		if (end < off + 8)
			return UNDERLAY_INPUT_CNT_IP6_EXT_TRUNCATED;
		len = nh == IPPROTO_FRAGMENT ? 8 : (h[1] + 1u) * 8;
		if (off + len - sizeof(*ip) > IP6_EXT_MAX_LEN)
			return UNDERLAY_INPUT_CNT_IP6_EXT_LIMIT;
		if (end < off + len)
			return UNDERLAY_INPUT_CNT_IP6_EXT_TRUNCATED;
		// Segments left: another node is the final destination. We route no source
		// routes (RFC 8200 4.4 would have us process or discard it): discard.
		if (nh == IPPROTO_ROUTING && h[3] != 0)
			return UNDERLAY_INPUT_CNT_IP6_ROUTING_NOT_FINAL;
		// A VTEP must not fragment (RFC 7348 4.3), IPv6 routers never do, and the
		// receiver may discard fragments: dropped as over IPv4. An atomic fragment
		// (offset 0, no M flag, RFC 6946) is a whole packet.
		if (nh == IPPROTO_FRAGMENT) {
			rte_be16_t frag;
			memcpy(&frag, h + 2, sizeof(frag));
			if (frag & IP6_FRAG_OFFSET_M)
				return UNDERLAY_INPUT_CNT_IP_FRAGMENT;
		}
		nh = h[0];
		off += len;
	}
}

static enum underlay_input_cnt underlay_input_ip6(struct rte_mbuf *m,
	const struct dp_local_addrs *a)
{
	struct rte_ipv6_hdr *ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv6_hdr *,
		sizeof(struct rte_ether_hdr));
	uint32_t avail = rte_pktmbuf_data_len(m) - sizeof(struct rte_ether_hdr);
	uint32_t plen, end, hlen = sizeof(*ip);
	uint8_t proto;
	const struct rte_udp_hdr *udp;

	if (unlikely(avail < sizeof(*ip)))
		return UNDERLAY_INPUT_CNT_RUNT;
	plen = rte_be_to_cpu_16(ip->payload_len);
	if (unlikely((rte_be_to_cpu_32(ip->vtc_flow) >> 28) != 6 ||
		    plen + sizeof(*ip) > rte_pktmbuf_pkt_len(m) - sizeof(struct rte_ether_hdr)))
		return UNDERLAY_INPUT_CNT_BAD_IP_HEADER;
	if (rte_pktmbuf_pkt_len(m) > sizeof(struct rte_ether_hdr) + sizeof(*ip) + plen)
		rte_pktmbuf_trim(m, rte_pktmbuf_pkt_len(m) - sizeof(struct rte_ether_hdr) -
				sizeof(*ip) - plen);
	if (ip->proto == IPPROTO_ICMPV6 && avail >= sizeof(*ip) + 1) {
		uint8_t type = *((const uint8_t *)(ip + 1));
		if (type == ICMP6_NS || type == ICMP6_NA)
			return UNDERLAY_INPUT_CNT_ND;
	}
	if (!a->has_vtep6 || memcmp(ip->dst_addr, &a->vtep6, 16) != 0) {
		// Link-local and link-scope multicast belong to the host stack too.
		bool link_scope = (ip->dst_addr[0] == 0xfe && (ip->dst_addr[1] & 0xc0) == 0x80) ||
			(ip->dst_addr[0] == 0xff && (ip->dst_addr[1] & 0x0f) == 0x02);
		return link_scope || ip6_is_ours(a, (const struct in6_addr *)ip->dst_addr) ?
			UNDERLAY_INPUT_CNT_NOT_VXLAN : UNDERLAY_INPUT_CNT_NOT_LOCAL;
	}
	end = RTE_MIN(avail, sizeof(*ip) + plen);
	if (unlikely(ip->proto != IPPROTO_UDP)) {
		enum underlay_input_cnt c = ip6_ext_walk(ip, end, &hlen, &proto);
		if (c != UNDERLAY_INPUT_CNT_VXLAN)
			return c;
		if (proto != IPPROTO_UDP)
			return UNDERLAY_INPUT_CNT_NOT_VXLAN;
	}
	if (end < hlen + sizeof(*udp))
		return UNDERLAY_INPUT_CNT_NOT_VXLAN;
	udp = (const struct rte_udp_hdr *)((const uint8_t *)ip + hlen);
	if (udp->dst_port != RTE_BE16(RTE_VXLAN_DEFAULT_PORT))
		return underlay_input_other_udp(m, udp, sizeof(*ip) + plen - hlen, hlen);
	dp_meta(m)->l3_len = (uint8_t)hlen;
	return UNDERLAY_INPUT_CNT_VXLAN;
}

static inline enum underlay_input_cnt underlay_input_one(struct rte_mbuf *m,
	const struct dp_port *p, const struct dp_local_addrs *a)
{
	const struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);

	if (unlikely(rte_pktmbuf_data_len(m) < sizeof(*eth)))
		return UNDERLAY_INPUT_CNT_RUNT;
	if (unlikely(!rte_is_same_ether_addr(&eth->dst_addr, &p->mac) &&
		    !rte_is_multicast_ether_addr(&eth->dst_addr)))
		return UNDERLAY_INPUT_CNT_NOT_OUR_MAC;
	switch (eth->ether_type) {
	case RTE_BE16(RTE_ETHER_TYPE_IPV4):
		return underlay_input_ip4(m, a);
	case RTE_BE16(RTE_ETHER_TYPE_IPV6):
		return underlay_input_ip6(m, a);
	case RTE_BE16(RTE_ETHER_TYPE_ARP):
		return UNDERLAY_INPUT_CNT_ARP;
	case RTE_BE16(RTE_ETHER_TYPE_MPLS):
		return UNDERLAY_INPUT_CNT_MPLS;
	default:
		return UNDERLAY_INPUT_CNT_OTHER_ETHERTYPE;
	}
}

void underlay_input_process(struct dp_worker *w, uint16_t port, struct rte_mbuf **pkts,
	uint16_t n)
{
	uint64_t *cnt = dp_cnt(w, &underlay_input_node.cnt);
	struct dp_vec *to_decap = dp_next(w, &underlay_input_node, UNDERLAY_INPUT_TO_VXLAN_DECAP);
	const struct dp_port *p = rcu_dereference(dp_tables.port[port]);
	const struct dp_local_addrs *a = rcu_dereference(dp_tables.addrs);

	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		enum underlay_input_cnt edge;

		if (i + 2 < n)
			rte_prefetch0(rte_pktmbuf_mtod(pkts[i + 2], void *));
		if (unlikely(a == NULL)) {
			dp_drop(cnt, m, UNDERLAY_INPUT_CNT_NOT_LOCAL);
			continue;
		}
		dp_meta(m)->in_port = port;
		edge = underlay_input_one(m, p, a);
		switch (edge) {
		case UNDERLAY_INPUT_CNT_VXLAN:
			dp_count(cnt, edge);
			dp_vec_push(to_decap, m);
			break;
		case UNDERLAY_INPUT_CNT_ARP:
			dp_count(cnt, edge);
			dp_vec_push(dp_next(w, &underlay_input_node, UNDERLAY_INPUT_TO_ARP_INPUT), m);
			break;
		case UNDERLAY_INPUT_CNT_ND:
			dp_count(cnt, edge);
			dp_vec_push(dp_next(w, &underlay_input_node, UNDERLAY_INPUT_TO_ND_INPUT), m);
			break;
		case UNDERLAY_INPUT_CNT_MPLS_UDP:
			mpls_udp_strip(m, dp_meta(m)->l3_len);
			/* fallthrough */
		case UNDERLAY_INPUT_CNT_MPLS:
			dp_count(cnt, edge);
			dp_vec_push(dp_next(w, &underlay_input_node, UNDERLAY_INPUT_TO_MPLS_INPUT), m);
			break;
		case UNDERLAY_INPUT_CNT_NOT_VXLAN:
			if (p->to_host) {
				dp_count(cnt, UNDERLAY_INPUT_CNT_TO_HOST);
				dp_to_host(w, m);
				break;
			}
			dp_drop(cnt, m, edge);
			break;
		default:
			dp_drop(cnt, m, edge);
		}
	}
}

static struct dp_node underlay_input_node = {
	.name = "underlay_input",
	.input = underlay_input_process,
	.next = {
		[UNDERLAY_INPUT_TO_VXLAN_DECAP] = "vxlan_decap",
		[UNDERLAY_INPUT_TO_ARP_INPUT] = "arp_input",
		[UNDERLAY_INPUT_TO_ND_INPUT] = "nd_input",
		[UNDERLAY_INPUT_TO_MPLS_INPUT] = "mpls_input",
	},
	.cnt = {DP_COUNTER_BLOCK(UNDERLAY_INPUT_COUNTERS)},
};
DP_NODE_REGISTER(underlay_input_node);
