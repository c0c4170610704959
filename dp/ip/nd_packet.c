// SPDX-License-Identifier: BSD-3-Clause
#include <errno.h>
#include <rte_arp.h>
#include <string.h>

#include "dp/ip/nd_packet.h"

#include "dp/core/dp_meta.h"

uint16_t nd_icmp6_cksum(const struct rte_ipv6_hdr *ip)
{
	// rte_ipv6_udptcp_cksum works for any upper layer: it uses ip->proto and payload_len.
	return rte_ipv6_udptcp_cksum(ip, ip + 1);
}

const struct rte_ether_addr *nd_find_lladdr(const uint8_t *opts, uint32_t len, uint8_t type)
{
	while (len >= 8) {
		uint32_t olen = opts[1] * 8u;
		if (olen == 0 || olen > len)
			return NULL; // RFC 4861: a zero-length option makes the packet invalid
		if (opts[0] == type && olen == 8)
			return &((const struct nd_opt_lladdr *)opts)->mac;
		opts += olen;
		len -= olen;
	}
	return NULL;
}

int nd_build_ns(struct rte_mbuf *m, const struct rte_ether_addr *src_mac,
	const struct in6_addr *src, const struct in6_addr *target)
{
	uint16_t len = sizeof(struct rte_ether_hdr) + sizeof(struct rte_ipv6_hdr) +
		sizeof(struct nd_msg) + sizeof(struct nd_opt_lladdr);
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)rte_pktmbuf_append(m, len);
	struct rte_ipv6_hdr *ip;
	struct nd_msg *ns;
	struct nd_opt_lladdr *opt;
	uint8_t group[16] = {0xff, 0x02, [11] = 0x01, [12] = 0xff};

	if (eth == NULL)
		return -ENOSPC;
	memcpy(&group[13], &target->s6_addr[13], 3);
	ip = (struct rte_ipv6_hdr *)(eth + 1);
	ns = (struct nd_msg *)(ip + 1);
	opt = (struct nd_opt_lladdr *)(ns + 1);
	// 33:33 + the low 32 bits of the solicited-node group
	eth->dst_addr = (struct rte_ether_addr){{0x33, 0x33, 0xff, group[13], group[14], group[15]}};
	eth->src_addr = *src_mac;
	eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_IPV6);
	ip->vtc_flow = RTE_BE32(6u << 28);
	ip->payload_len = rte_cpu_to_be_16(sizeof(*ns) + sizeof(*opt));
	ip->proto = IPPROTO_ICMPV6;
	ip->hop_limits = 255;
	memcpy(ip->src_addr, src, 16);
	memcpy(ip->dst_addr, group, 16);
	memset(ns, 0, sizeof(*ns));
	ns->type = ND_TYPE_NS;
	memcpy(ns->target, target, 16);
	opt->type = ND_OPT_SRC_LLADDR;
	opt->len = 1;
	opt->mac = *src_mac;
	ns->cksum = nd_icmp6_cksum(ip);
	return 0;
}

int arp_build_request(struct rte_mbuf *m, const struct rte_ether_addr *src_mac,
	rte_be32_t src, rte_be32_t target)
{
	uint16_t len = sizeof(struct rte_ether_hdr) + sizeof(struct rte_arp_hdr);
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)rte_pktmbuf_append(m, len);
	struct rte_arp_hdr *arp;

	if (eth == NULL)
		return -ENOSPC;
	arp = (struct rte_arp_hdr *)(eth + 1);
	memset(&eth->dst_addr, 0xff, sizeof(eth->dst_addr));
	eth->src_addr = *src_mac;
	eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_ARP);
	arp->arp_hardware = RTE_BE16(RTE_ARP_HRD_ETHER);
	arp->arp_protocol = RTE_BE16(RTE_ETHER_TYPE_IPV4);
	arp->arp_hlen = RTE_ETHER_ADDR_LEN;
	arp->arp_plen = 4;
	arp->arp_opcode = RTE_BE16(RTE_ARP_OP_REQUEST);
	arp->arp_data.arp_sha = *src_mac;
	arp->arp_data.arp_sip = src;
	memset(&arp->arp_data.arp_tha, 0, sizeof(arp->arp_data.arp_tha));
	arp->arp_data.arp_tip = target;
	return 0;
}

bool nd_opts_ok(const uint8_t *opts, uint32_t len)
{
	while (len >= 2) {
		uint32_t olen = opts[1] * 8u;
		if (olen == 0 || olen > len)
			return false;
		opts += olen;
		len -= olen;
	}
	return true;
}

bool nd_msg_ok(const struct rte_ipv6_hdr *ip, uint32_t len)
{
	const struct nd_msg *nd = (const struct nd_msg *)(ip + 1);
	uint32_t plen;

	if (len < sizeof(*ip))
		return false;
	plen = rte_be_to_cpu_16(ip->payload_len);
	return plen >= sizeof(*nd) && len >= sizeof(*ip) + plen && ip->hop_limits == 255 &&
	       nd->code == 0 && rte_ipv6_udptcp_cksum_verify(ip, ip + 1) == 0 &&
	       nd_opts_ok((const uint8_t *)(nd + 1), plen - sizeof(*nd));
}

bool nd_advert_fits(const struct rte_mbuf *m)
{
	uint32_t len = rte_pktmbuf_pkt_len(m);

	return len >= ND_ADVERT_LEN || rte_pktmbuf_tailroom(m) >= ND_ADVERT_LEN - len;
}

void nd_advert_build(struct rte_mbuf *m, struct rte_ipv6_hdr *ip, struct nd_msg *ns,
	const struct rte_ether_addr *mac, bool router)
{
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	struct nd_opt_lladdr *opt = (struct nd_opt_lladdr *)(ns + 1);
	uint16_t len = ND_ADVERT_ICMP_LEN;

	if (rte_pktmbuf_pkt_len(m) < ND_ADVERT_LEN)
		rte_pktmbuf_append(m, (uint16_t)(ND_ADVERT_LEN - rte_pktmbuf_pkt_len(m)));
	else
		rte_pktmbuf_trim(m, (uint16_t)(rte_pktmbuf_pkt_len(m) - ND_ADVERT_LEN));
	eth->dst_addr = eth->src_addr;
	eth->src_addr = *mac;
	memcpy(ip->dst_addr, ip->src_addr, 16);
	memcpy(ip->src_addr, ns->target, 16);
	ip->payload_len = rte_cpu_to_be_16(len);
	ip->hop_limits = 255;
	ns->type = ND_TYPE_NA;
	ns->code = 0;
	ns->cksum = 0;
	ns->flags = ND_NA_FLAG_SOLICITED | ND_NA_FLAG_OVERRIDE | (router ? ND_NA_FLAG_ROUTER : 0);
	opt->type = ND_OPT_TGT_LLADDR;
	opt->len = 1;
	opt->mac = *mac;
	ns->cksum = nd_icmp6_cksum(ip);
	dp_mbuf_clear_offloads(m);
}

void nd_advert_to_all_nodes(struct rte_mbuf *m, struct rte_ipv6_hdr *ip, struct nd_msg *na)
{
	static const uint8_t all_nodes[16] = {0xff, 0x02, [15] = 1};
	static const struct rte_ether_addr all_nodes_mac = {{0x33, 0x33, 0, 0, 0, 1}};

	rte_pktmbuf_mtod(m, struct rte_ether_hdr *)->dst_addr = all_nodes_mac;
	memcpy(ip->dst_addr, all_nodes, 16);
	na->flags &= ~ND_NA_FLAG_SOLICITED;
	na->cksum = 0;
	na->cksum = nd_icmp6_cksum(ip);
}
