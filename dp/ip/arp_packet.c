// SPDX-License-Identifier: BSD-3-Clause
#include "dp/ip/arp_packet.h"

#include "dp/core/dp_meta.h"

void arp_packet_reply(struct rte_mbuf *m, struct rte_arp_hdr *arp, const struct rte_ether_addr *mac)
{
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	struct rte_arp_ipv4 *d = &arp->arp_data;
	rte_be32_t ip = d->arp_tip;

	arp->arp_opcode = RTE_BE16(RTE_ARP_OP_REPLY);
	d->arp_tha = d->arp_sha;
	d->arp_tip = d->arp_sip;
	d->arp_sha = *mac;
	d->arp_sip = ip;
	eth->dst_addr = eth->src_addr;
	eth->src_addr = *mac;
	dp_mbuf_clear_offloads(m);
}
