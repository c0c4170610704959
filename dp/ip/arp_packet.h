// SPDX-License-Identifier: BSD-3-Clause
// ARP frames shared by arp_input (our own addresses, underlay) and arp_proxy (RFC 9161
// proxy replies, access side): the checks of a well-formed Ethernet/IPv4 ARP and the
// reply built in place of the request. Inline: arp_proxy's per-packet path.
#ifndef EVPND_ARP_PACKET_H
#define EVPND_ARP_PACKET_H

#include <rte_arp.h>
#include <rte_ether.h>
#include <rte_mbuf.h>
#include <stdbool.h>

#include "dp/core/dp_meta.h"

// The ARP header of an Ethernet frame (no tag at the front), or NULL when it is short
// or not Ethernet/IPv4 (RFC 826: hardware 1, protocol 0x0800, lengths 6 and 4).
static inline struct rte_arp_hdr *arp_packet_check(struct rte_mbuf *m)
{
	struct rte_arp_hdr *arp;

	if (rte_pktmbuf_data_len(m) < sizeof(struct rte_ether_hdr) + sizeof(*arp))
		return NULL;
	arp = rte_pktmbuf_mtod_offset(m, struct rte_arp_hdr *, sizeof(struct rte_ether_hdr));
	if (arp->arp_hardware != RTE_BE16(RTE_ARP_HRD_ETHER) ||
		arp->arp_protocol != RTE_BE16(RTE_ETHER_TYPE_IPV4) || arp->arp_hlen != 6 ||
		arp->arp_plen != 4)
		return NULL;
	return arp;
}

// Turns the request into the reply of `mac` for the request's target address: the
// target becomes the sender, the requester the target, the frame goes back to the
// requester from `mac`. Offload flags are cleared (the frame changed).
static inline void arp_packet_reply(
	struct rte_mbuf *m, struct rte_arp_hdr *arp, const struct rte_ether_addr *mac)
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

#endif
