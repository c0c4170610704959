// SPDX-License-Identifier: BSD-3-Clause
// ip_icmp_error: the ICMP errors of the router the anycast gateway is. ip_forward hands
// over a packet whose TTL (hop limit) would reach 0 or that has no route, and the packet
// itself becomes the error (RFC 792 / RFC 4443: time exceeded in transit, destination
// (network) unreachable / no route), from the address of the gateway the sender uses
// (its domain's first gateway address of the family), quoting as much of the packet as
// RFC 1812 4.3.2.3 (576 octets in all) or RFC 4443 2.4 (1280) allows. It goes back to
// ip_forward, which routes it to the sender like any packet.
// Never sent (RFC 1812 4.3.2.7, RFC 4443 2.4 e): about an ICMP error, a fragment other
// than the first, a packet to or from a multicast, broadcast, unspecified or loopback
// address, or one that came in an L3VNI (no gateway of ours was its first hop). At most
// IP_ICMP_ERROR_PER_SEC a second per worker.
#include <rte_ether.h>
#include <rte_icmp.h>
#include <rte_ip.h>
#include <rte_per_lcore.h>
#include <urcu/pointer.h>

#include "dp/core/dp_csum.h"
#include "dp/core/dp_meta.h"
#include "dp/core/dp_worker.h"
#include "dp/ip/nd_packet.h"

enum ip_icmp_error_next { IP_ICMP_ERROR_TO_IP_FORWARD };
#define IP_ICMP_ERROR_COUNTERS(X)                                                                  \
	X(IP_ICMP_ERROR_CNT_SENT4, "icmp_sent", false)                                             \
	X(IP_ICMP_ERROR_CNT_SENT6, "icmp6_sent", false)                                            \
	X(IP_ICMP_ERROR_CNT_NOT_SENT, "not_sent_rfc", true)                                        \
	X(IP_ICMP_ERROR_CNT_RATE, "rate_limited", true)                                            \
	X(IP_ICMP_ERROR_CNT_NO_SOURCE, "no_gateway_address", true)                                 \
	X(IP_ICMP_ERROR_CNT_NO_ROOM, "no_headroom", true)
DP_COUNTER_ENUM(ip_icmp_error_cnt, IP_ICMP_ERROR_COUNTERS);
static struct dp_node ip_icmp_error_node;
dp_node_process_t ip_icmp_error_process;

#define IP_ICMP_ERROR_PER_SEC 100
#define IP_ICMP4_MAX 576  // RFC 1812 4.3.2.3: the whole error, IP header included
#define IP_ICMP6_MAX 1280 // RFC 4443 2.4 (c): the IPv6 minimum MTU
#define IP_ICMP_HDR 8	  // type, code, checksum, 4 unused (or MTU) octets

struct ip_icmp_error_rate {
	uint16_t sec;
	uint16_t sent;
};
static RTE_DEFINE_PER_LCORE(struct ip_icmp_error_rate, ip_icmp_error_rate);

static bool ip_icmp_error_admit(struct dp_worker *w)
{
	struct ip_icmp_error_rate *r = &RTE_PER_LCORE(ip_icmp_error_rate);

	if (r->sec != w->now_sec) {
		r->sec = w->now_sec;
		r->sent = 0;
	}
	return r->sent < IP_ICMP_ERROR_PER_SEC && ++r->sent;
}

// A host's own unicast IPv4 address (not 0/8, 127/8, multicast, class E or broadcast).
static bool ip_icmp_error_unicast4(rte_be32_t a)
{
	uint32_t ip = rte_be_to_cpu_32(a);

	return (ip >> 24) != 0 && (ip >> 24) != 127 && (ip >> 28) < 0xe;
}

// RFC 1812 4.3.2.7: whether an error may be sent about this IPv4 packet.
static bool ip_icmp_error_allowed4(const struct rte_ipv4_hdr *ip, uint32_t len)
{
	uint32_t ihl = (uint32_t)(ip->version_ihl & 0xf) * 4;
	const struct rte_icmp_hdr *icmp;

	if (!ip_icmp_error_unicast4(ip->src_addr) || !ip_icmp_error_unicast4(ip->dst_addr) ||
		(ip->fragment_offset & RTE_BE16(RTE_IPV4_HDR_OFFSET_MASK)) != 0 || ihl < sizeof(*ip))
		return false;
	if (ip->next_proto_id != IPPROTO_ICMP)
		return true;
	if (len < ihl + sizeof(*icmp))
		return false;
	icmp = (const struct rte_icmp_hdr *)((const uint8_t *)ip + ihl);
	// never an error about an error: unreachable, source quench, redirect, time
	// exceeded, parameter problem
	switch (icmp->icmp_type) {
	case 3:
	case 4:
	case 5:
	case 11:
	case 12:
		return false;
	default:
		return true;
	}
}

// RFC 4443 2.4 (e): the same for IPv6 (an ICMPv6 error is a type below 128).
static bool ip_icmp_error_allowed6(const struct rte_ipv6_hdr *ip, uint32_t len)
{
	static const uint8_t unspec[16];

	if (ip->src_addr[0] == 0xff || memcmp(ip->src_addr, unspec, 16) == 0 ||
		ip->dst_addr[0] == 0xff)
		return false;
	if (ip->proto != IPPROTO_ICMPV6)
		return true;
	return len > sizeof(*ip) && ((const uint8_t *)(ip + 1))[0] >= 128;
}

// Makes room for the new IP and ICMP headers in front of the quoted packet (cut to
// `quote` octets) and moves the Ethernet header there. The new IP header, or NULL.
static void *ip_icmp_error_room(struct rte_mbuf *m, uint32_t quote, uint32_t hdrs)
{
	struct rte_ether_hdr eth = *rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	uint32_t keep = sizeof(eth) + quote;
	struct rte_ether_hdr *neth;

	if (rte_pktmbuf_data_len(m) > keep)
		rte_pktmbuf_trim(m, rte_pktmbuf_data_len(m) - keep);
	neth = (struct rte_ether_hdr *)rte_pktmbuf_prepend(m, (uint16_t)hdrs);
	if (neth == NULL)
		return NULL;
	*neth = eth;
	return neth + 1;
}

static enum ip_icmp_error_cnt ip_icmp_error4(
	struct dp_worker *w, struct rte_mbuf *m, const struct dp_bd *bd, uint8_t err)
{
	const struct rte_ipv4_hdr *orig =
		rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *, sizeof(struct rte_ether_hdr));
	uint32_t len = rte_pktmbuf_data_len(m) - sizeof(struct rte_ether_hdr);
	uint32_t quote = RTE_MIN(len, (uint32_t)rte_be_to_cpu_16(orig->total_length));
	rte_be32_t to = orig->src_addr;
	struct rte_ipv4_hdr *ip;
	struct rte_icmp_hdr *icmp;

	if (!ip_icmp_error_allowed4(orig, len))
		return IP_ICMP_ERROR_CNT_NOT_SENT;
	if (bd->glean_src4.family != AF_INET)
		return IP_ICMP_ERROR_CNT_NO_SOURCE;
	if (!ip_icmp_error_admit(w))
		return IP_ICMP_ERROR_CNT_RATE;
	quote = RTE_MIN(quote, (uint32_t)(IP_ICMP4_MAX - sizeof(*ip) - IP_ICMP_HDR));
	ip = ip_icmp_error_room(m, quote, sizeof(*ip) + IP_ICMP_HDR);
	if (ip == NULL)
		return IP_ICMP_ERROR_CNT_NO_ROOM;
	memset(ip, 0, sizeof(*ip) + IP_ICMP_HDR);
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->type_of_service = 0xc0; // internetwork control (RFC 1812 4.3.2.5)
	ip->total_length = rte_cpu_to_be_16((uint16_t)(sizeof(*ip) + IP_ICMP_HDR + quote));
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_ICMP;
	ip->src_addr = bd->glean_src4.v4.s_addr;
	ip->dst_addr = to;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	icmp = (struct rte_icmp_hdr *)(ip + 1);
	icmp->icmp_type = err == DP_ICMP_ERR_TIME_EXCEEDED ? 11 : 3;
	icmp->icmp_code = 0; // time exceeded in transit / network unreachable
	icmp->icmp_cksum = (uint16_t)~csum_fold(csum_sum(icmp, IP_ICMP_HDR + quote));
	rte_pktmbuf_mtod(m, struct rte_ether_hdr *)->ether_type = RTE_BE16(RTE_ETHER_TYPE_IPV4);
	return IP_ICMP_ERROR_CNT_SENT4;
}

static enum ip_icmp_error_cnt ip_icmp_error6(
	struct dp_worker *w, struct rte_mbuf *m, const struct dp_bd *bd, uint8_t err)
{
	const struct rte_ipv6_hdr *orig =
		rte_pktmbuf_mtod_offset(m, struct rte_ipv6_hdr *, sizeof(struct rte_ether_hdr));
	uint32_t len = rte_pktmbuf_data_len(m) - sizeof(struct rte_ether_hdr);
	uint32_t quote = RTE_MIN(len, (uint32_t)(sizeof(*orig) + rte_be_to_cpu_16(orig->payload_len)));
	uint8_t to[16];
	struct rte_ipv6_hdr *ip;
	uint8_t *icmp;

	if (!ip_icmp_error_allowed6(orig, len))
		return IP_ICMP_ERROR_CNT_NOT_SENT;
	if (bd->glean_src6.family != AF_INET6)
		return IP_ICMP_ERROR_CNT_NO_SOURCE;
	if (!ip_icmp_error_admit(w))
		return IP_ICMP_ERROR_CNT_RATE;
	memcpy(to, orig->src_addr, 16);
	quote = RTE_MIN(quote, (uint32_t)(IP_ICMP6_MAX - sizeof(*ip) - IP_ICMP_HDR));
	ip = ip_icmp_error_room(m, quote, sizeof(*ip) + IP_ICMP_HDR);
	if (ip == NULL)
		return IP_ICMP_ERROR_CNT_NO_ROOM;
	memset(ip, 0, sizeof(*ip) + IP_ICMP_HDR);
	ip->vtc_flow = RTE_BE32(6u << 28);
	ip->payload_len = rte_cpu_to_be_16((uint16_t)(IP_ICMP_HDR + quote));
	ip->proto = IPPROTO_ICMPV6;
	ip->hop_limits = 64;
	memcpy(ip->src_addr, bd->glean_src6.bytes, 16);
	memcpy(ip->dst_addr, to, 16);
	icmp = (uint8_t *)(ip + 1);
	icmp[0] = err == DP_ICMP_ERR_TIME_EXCEEDED ? 3 : 1; // code 0: hop limit / no route
	((struct nd_msg *)icmp)->cksum = nd_icmp6_cksum(ip);
	rte_pktmbuf_mtod(m, struct rte_ether_hdr *)->ether_type = RTE_BE16(RTE_ETHER_TYPE_IPV6);
	return IP_ICMP_ERROR_CNT_SENT6;
}

static enum ip_icmp_error_cnt ip_icmp_error_one(struct dp_worker *w, struct rte_mbuf *m)
{
	struct dp_meta *meta = dp_meta(m);
	const struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	const struct dp_bd *bd = rcu_dereference(dp_tables.bd[meta->bd]);
	enum ip_icmp_error_cnt edge;

	// ip_forward checked the headers' lengths and that the frame is one segment.
	if (bd == NULL)
		return IP_ICMP_ERROR_CNT_NOT_SENT;
	if (eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_IPV4))
		edge = ip_icmp_error4(w, m, bd, meta->icmp_error);
	else
		edge = ip_icmp_error6(w, m, bd, meta->icmp_error);
	if (edge != IP_ICMP_ERROR_CNT_SENT4 && edge != IP_ICMP_ERROR_CNT_SENT6)
		return edge;
	meta->icmp_error = 0;
	dp_mbuf_clear_offloads(m);
	return edge;
}

void ip_icmp_error_process(struct dp_worker *w, struct rte_mbuf **pkts, uint16_t n)
{
	uint64_t *cnt = dp_cnt(w, &ip_icmp_error_node.cnt);
	struct dp_vec *fwd = dp_next(w, &ip_icmp_error_node, IP_ICMP_ERROR_TO_IP_FORWARD);

	for (uint16_t i = 0; i < n; i++) {
		enum ip_icmp_error_cnt edge = ip_icmp_error_one(w, pkts[i]);

		if (edge == IP_ICMP_ERROR_CNT_SENT4 || edge == IP_ICMP_ERROR_CNT_SENT6) {
			dp_count(cnt, edge);
			dp_vec_push(fwd, pkts[i]);
		} else {
			dp_drop(cnt, pkts[i], edge);
		}
	}
}

static struct dp_node ip_icmp_error_node = {
	.name = "ip_icmp_error",
	.process = ip_icmp_error_process,
	.next = {[IP_ICMP_ERROR_TO_IP_FORWARD] = "ip_forward"},
	.cnt = {DP_COUNTER_BLOCK(IP_ICMP_ERROR_COUNTERS)},
};
DP_NODE_REGISTER(ip_icmp_error_node);
