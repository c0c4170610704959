// SPDX-License-Identifier: BSD-3-Clause
// The dataplane's shared tables. Workers read them between two quiescent states
// (liburcu QSBR); only the table writer (dp/writer) changes them: it builds a new
// object, publishes it with rcu_assign_pointer, and frees the old one after a grace
// period. Objects reachable from here are immutable once published.
#ifndef EVPND_DP_TABLES_H
#define EVPND_DP_TABLES_H

#include <netinet/in.h>
#include <rte_ether.h>
#include <stdint.h>

#include "dp/dp_api.h"
#include "dp/ip/neigh_table.h"
#include "dp/l2/mac_table.h"

#define DP_MAX_WORKERS 64

struct dp_member {
	uint16_t port;
	uint16_t vlan;
};

struct dp_flood_target {
	uint32_t nh;
	uint32_t vni;
};

struct dp_bd {
	uint16_t id;
	uint32_t vni;
	uint32_t aging_sec;
	bool learning;
	bool arp_suppress; // answer ARP from the proxy table (arp_proxy)
	bool nd_suppress;  // answer NS from it (nd_proxy)
	bool unknown_drop; // ... and drop requests for unknown targets
	bool has_gw;	   // an anycast gateway (gw_mac, DP_MAC_GATEWAY in the MAC FIB)
	// Where l2_fwd sends broadcast ARP / multicast IPv6 from access ports: to the
	// proxies when suppressing or when a gateway answers for its addresses.
	bool arp_to_proxy;
	bool nd_to_proxy;
	struct rte_ether_addr gw_mac;
	uint16_t vrf; // where ip_forward routes what the gateway receives (0: default)
	struct dp_ip glean_src4; // ip_glean's ARP sender address (family 0: none)
	struct dp_ip glean_src6; // ip_glean's NS source address (family 0: none)
	uint16_t n_members;
	uint16_t n_flood;
	struct dp_member members[DP_MAX_MEMBERS];
	struct dp_flood_target flood[DP_MAX_FLOOD];
};

// VNI -> bridge domain: a small open-addressing table, rebuilt whole on change. An
// L3VNI's slot holds DP_VNI_L3 | its VRF id instead (symmetric IRB).
#define DP_VNI_L3 0x8000
struct dp_vni_map {
	uint32_t mask;
	struct {
		uint32_t vni; // 0 = empty slot (VNI 0 is never configured)
		uint16_t bd;
	} slot[];
};

// A VRF with an L3VNI (DP_MSG_L3VNI_SET): frames in it to router_mac are routed there.
struct dp_vrf {
	uint32_t l3vni;
	struct rte_ether_addr router_mac;
};

enum dp_port_role {
	DP_PORT_UNUSED = 0,
	DP_PORT_ACCESS,
	DP_PORT_UNDERLAY,
};

// Per port: role, MAC, and for access ports the VLAN -> bridge domain map.
struct dp_port {
	uint8_t role;
	uint8_t to_host; // a kernel interface mirrors this port: host traffic goes there
	struct rte_ether_addr mac;
	uint16_t vlan_bd[4096]; // [0] untagged; 0 = not a member
};

// Underlay addresses we own: VTEP addresses (decap destination) and interface
// addresses (answer ARP/ND on that port).
#define DP_MAX_UADDR 16
struct dp_local_addrs {
	rte_be32_t vtep4; // 0 = none
	struct in6_addr vtep6;
	bool has_vtep6;
	unsigned n;
	struct {
		uint16_t port;
		uint8_t prefix_len;
		struct dp_ip ip;
	} addr[DP_MAX_UADDR];
};

// A remote VTEP or PE: everything encap needs, including a prebuilt outer header.
#define DP_ENCAP_HDR_MAX 72
// dp_nh.resolved: how its outer header is made (0: not resolved, dropped). One compare
// sends VXLAN on and anything else aside, so MPLS costs the VXLAN path nothing.
#define DP_NH_VXLAN 1
#define DP_NH_MPLS 2 // hdr: Ethernet (0x8847) and the transport labels, or MPLS-in-UDP's
		     // Ethernet/IP/UDP (dp_nh.udp); mpls_encap
struct dp_nh {
	uint32_t id;
	uint16_t port;
	uint8_t resolved; // 0, DP_NH_VXLAN or DP_NH_MPLS
	uint8_t ipv6;
	uint8_t hdr_len; // 50 (IPv4) or 70 (IPv6); MPLS: 14 + 4 per transport label
	uint8_t el_off;	 // MPLS: where in hdr the entropy label goes (after the ELI), 0: none
	uint8_t udp;	 // MPLS-in-UDP (RFC 7510): hdr is Ethernet/IP/UDP to port 6635
	uint8_t encap;	 // enum dp_encap, for show
	uint16_t ip4_csum_base; // IPv4 header checksum with total length 0, not inverted
	uint32_t ip6_pseudo_base; // IPv6 pseudo-header sum without the length
	struct dp_ip remote;
	struct dp_ip local;
	struct rte_ether_addr dst_mac;
	uint8_t hdr[DP_ENCAP_HDR_MAX] __rte_aligned(16);
};

// A route's next hop (DP_MSG_RNH_SET): immutable once published.
struct dp_rnh {
	uint8_t kind; // enum dp_rnh_kind
	uint16_t bd;
	struct rte_ether_addr mac; // DP_RNH_HOST
	uint8_t via[16];	   // DP_RNH_VIA: the router's address (IPv4: first 4 bytes)
	uint8_t via_family;
	uint32_t nh;			// DP_RNH_REMOTE_L3: the remote VTEP (dp_tables.nh)
	uint32_t vni;			// DP_RNH_REMOTE_L3: the L3VNI
	struct rte_ether_addr src_mac;	// DP_RNH_REMOTE_L3: our router MAC
	uint8_t n_members;		// DP_RNH_ECMP
	uint16_t members[DP_RNH_ECMP_MAX]; // DP_RNH_ECMP: route next hop ids
};

// The local label table: a flat array indexed by label (one load per packet, no hash),
// as long as the highest label set + 1, rebuilt whole on change. action 0 = no label.
struct dp_label {
	uint8_t action; // enum dp_label_action
	uint8_t control_word;
	uint16_t bd;
	uint16_t slot; // its counters: dp_worker.label_pkts[slot]
	uint16_t vrf;  // DP_LABEL_POP_VRF
	uint32_t out_label;
	uint32_t nh;
};
struct dp_label_table {
	uint32_t size;
	struct dp_label e[];
};

struct vrf_fib;

struct dp_tables {
	struct dp_bd *bd[DP_MAX_BD];         /* dp: ro, writer: rw (rcu) */
	struct dp_port *port[DP_MAX_PORTS];  /* dp: ro, writer: rw (rcu) */
	struct dp_nh *nh[DP_MAX_NEXTHOPS];   /* dp: ro, writer: rw (rcu) */
	struct dp_vni_map *vni_map;          /* dp: ro, writer: rw (rcu) */
	struct dp_local_addrs *addrs;        /* dp: ro, writer: rw (rcu) */
	struct mac_table *macs;              /* dp: ro lookups, writer: rw */
	struct neigh_table *neighs;          /* dp: ro lookups, writer: rw (proxy ARP/ND) */
	// Per VRF: IPv4 and IPv6 LPM (dp/ip/vrf_fib.h), NULL until its first route.
	struct vrf_fib *fib[DP_MAX_VRF]; /* dp: ro lookups, writer: rw (rcu) */
	struct dp_rnh *rnh[DP_MAX_RNH];	 /* dp: ro, writer: rw (rcu) */
	struct dp_vrf *vrf[DP_MAX_VRF];	 /* dp: ro, writer: rw (rcu); NULL: no L3VNI */
	struct dp_label_table *labels;	 /* dp: ro, writer: rw (rcu); NULL: none */
	uint64_t tsc_hz;
	// Bumped after a flush removed MACs (clear mac, link down): workers then forget
	// their "dealt with this second" filters, or a host back within that second would
	// be neither learned nor snooped until it rolls.
	uint32_t mac_flush_gen;              /* dp: ro (acquire), writer: rw (release) */
};

extern struct dp_tables dp_tables;

// The dataplane clock in seconds, mod 2^16: workers read it once per burst.
static inline uint16_t dp_now_sec(uint64_t tsc)
{
	return (uint16_t)(tsc / dp_tables.tsc_hz);
}

static inline uint16_t dp_vni_to_bd(const struct dp_vni_map *m, uint32_t vni)
{
	if (m == NULL)
		return 0;
	for (uint32_t i = (vni * 2654435761u) >> 16;; i++) {
		uint32_t s = i & m->mask;
		if (m->slot[s].vni == vni)
			return m->slot[s].bd;
		if (m->slot[s].vni == 0)
			return 0;
	}
}

#endif
