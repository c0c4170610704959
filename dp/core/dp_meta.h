// SPDX-License-Identifier: BSD-3-Clause
// Per-packet metadata, in the mbuf private area (pools are made by dp_pktmbuf_pool_create).
#ifndef EVPND_DP_META_H
#define EVPND_DP_META_H

#include <rte_mbuf.h>
#include <stdint.h>

struct dp_meta {
	uint16_t in_port;
	uint16_t in_vlan;  // access side: the 802.1Q VLAN the frame came in on (0 untagged)
	uint16_t bd;       // bridge domain, set by access_input / vxlan_decap
	uint16_t out_port; // access_output / tx
	uint16_t out_vlan;
	uint8_t from_tunnel; // DP_FROM_*: arrived over VXLAN: split horizon toward tunnels
	uint8_t l3_len;      // underlay_input: outer IP (+ IPv6 extension) headers for vxlan_decap
	uint32_t nh;         // vxlan_encap: remote VTEP
	uint32_t vni;        // vxlan_encap: VNI to send with
	uint8_t icmp_error;  // ip_forward -> ip_icmp_error: which error (DP_ICMP_ERR_*)
	uint8_t trace;       // traced: its record's slot + 1 (valid while w->tracing, dp_trace.h)
	uint8_t snoop;       // l2_fwd -> arp_proxy: DP_SNOOP_*, the ARP still to snoop
	uint16_t vrf;        // DP_FROM_L3VNI: the VRF of the L3VNI it came in (bd is 0)
};

// Where a frame entered its bridge domain (dp_meta.from_tunnel).
#define DP_FROM_ACCESS 0
#define DP_FROM_TUNNEL 1
// Routed into it by ip_forward: sent on to a local port or a remote VTEP like a frame
// from an access port, but no source to learn (it is the gateway's MAC) and no input
// port to skip (in_port is DP_PORT_ROUTED).
#define DP_FROM_ROUTER 2
// Handed back to gw_input by ip_forward: for one of the gateway's addresses (of its
// domain or another of the VRF), from an access port.
#define DP_FROM_GATEWAY 3
// Came in an L3VNI to our router MAC (symmetric IRB): routed in meta.vrf, no bridge domain.
#define DP_FROM_L3VNI 4
#define DP_PORT_ROUTED UINT16_MAX

// The ICMP error ip_icmp_error sends for a packet ip_forward could not route.
#define DP_ICMP_ERR_TIME_EXCEEDED 1 // TTL or hop limit would reach 0
#define DP_ICMP_ERR_NET_UNREACH 2   // no route

// What arp_proxy snoops for l2_fwd (dp_meta.snoop): it reads the ARP anyway, so the
// frames l2_fwd hands it are snooped there (the source was learned before, in l2_fwd).
#define DP_SNOOP_NONE 0
#define DP_SNOOP_ARP 1
#define DP_SNOOP_ARP_FRESH 2 // its source was just (re)learned: l2_snoop's `fresh`

#define DP_META_SIZE RTE_ALIGN(sizeof(struct dp_meta), RTE_MBUF_PRIV_ALIGN)
_Static_assert(sizeof(struct dp_meta) <= 32, "keep the metadata in one half cache line");

static inline struct dp_meta *dp_meta(struct rte_mbuf *m)
{
	return (struct dp_meta *)rte_mbuf_to_priv(m);
}

// Forgets the offload flags of a frame that changed (headers added or removed, a reply
// built in place). Not ol_flags = 0: that also drops RTE_MBUF_F_EXTERNAL and
// RTE_MBUF_F_INDIRECT, so a frame in an external buffer (mlx5 multi-packet RQ, vhost)
// would be freed as if the buffer were the mbuf's own: the buffer never released, the
// mbuf back in its pool still pointing into it.
static inline void dp_mbuf_clear_offloads(struct rte_mbuf *m)
{
	m->ol_flags &= RTE_MBUF_F_EXTERNAL | RTE_MBUF_F_INDIRECT;
}

// A pool whose mbufs carry struct dp_meta. Every pool the dataplane sees comes from here.
struct rte_mempool *dp_pktmbuf_pool_create(const char *name, unsigned n, int socket);

#endif
