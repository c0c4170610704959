// SPDX-License-Identifier: BSD-3-Clause
// MPLS-in-UDP (RFC 7510): the label stack right after a UDP header to port 6635, over
// IPv4 or IPv6 between PE addresses. Sending: the next hop's prebuilt Ethernet/IP/UDP
// header (as VXLAN's, without the VXLAN header) gets the lengths, the IPv4 header
// checksum, the flow's source port and, over IPv6, the UDP checksum (RFC 7510 section 3
// lets IPv4 send 0; IPv6 zero checksums need RFC 6936's conditions, which a software PE
// with no checksum offload cannot promise, so it computes it as vxlan_encap does).
// Receiving: underlay_input moves the Ethernet header over IP/UDP so that mpls_input
// finds the stack where it finds it in an 0x8847 frame.
#ifndef EVPND_MPLS_UDP_H
#define EVPND_MPLS_UDP_H

#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include "dp/core/dp_csum.h"
#include "dp/core/dp_tables.h"

#define MPLS_UDP_PORT 6635

static inline void mpls_udp_fill4(struct rte_mbuf *m, const struct dp_nh *nh, rte_be16_t sport)
{
	uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *);
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(p + sizeof(struct rte_ether_hdr));
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);
	uint16_t ip_len = (uint16_t)(rte_pktmbuf_pkt_len(m) - sizeof(struct rte_ether_hdr));

	ip->total_length = rte_cpu_to_be_16(ip_len);
	ip->hdr_checksum = (rte_be16_t)~csum_fold(nh->ip4_csum_base + rte_cpu_to_be_16(ip_len));
	udp->src_port = sport;
	udp->dgram_len = rte_cpu_to_be_16((uint16_t)(ip_len - sizeof(*ip)));
	udp->dgram_cksum = 0;
}

static inline void mpls_udp_fill6(struct rte_mbuf *m, const struct dp_nh *nh, rte_be16_t sport)
{
	uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *);
	struct rte_ipv6_hdr *ip = (struct rte_ipv6_hdr *)(p + sizeof(struct rte_ether_hdr));
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);
	uint32_t off = sizeof(struct rte_ether_hdr) + sizeof(*ip);
	uint16_t udp_len = (uint16_t)(rte_pktmbuf_pkt_len(m) - off);
	uint32_t sum;
	uint16_t csum;

	ip->payload_len = rte_cpu_to_be_16(udp_len);
	udp->src_port = sport;
	udp->dgram_len = rte_cpu_to_be_16(udp_len);
	udp->dgram_cksum = 0;
	sum = nh->ip6_pseudo_base + rte_cpu_to_be_16(udp_len) + csum_sum_mbuf(m, off, udp_len);
	csum = (uint16_t)~csum_fold(csum_fold(sum));
	udp->dgram_cksum = csum == 0 ? 0xffff : csum;
}

// The Ethernet header moved over the l3_len bytes of IP and the UDP header: the frame
// now looks like an 0x8847 one.
static inline void mpls_udp_strip(struct rte_mbuf *m, uint32_t l3_len)
{
	uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *);
	uint32_t gap = l3_len + sizeof(struct rte_udp_hdr);
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)(p + gap);

	memmove(p + gap, p, sizeof(*eth));
	eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_MPLS);
	rte_pktmbuf_adj(m, (uint16_t)gap);
}

#endif
