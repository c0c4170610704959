// SPDX-License-Identifier: BSD-3-Clause
// Between the BGP RIB and the EVPN state: our type-2/type-3 routes built in
// wire form for the BGP side to advertise, and received type-2/type-3 paths
// turned into MAC mobility inputs and flood-list changes for the VNIs whose
// import route targets match.
//
// Our routes look like FRR's (checked against bgp-evpn-frr.pcap): the label
// field carries the VNI, communities in the order ET:8, the export RTs, then
// MM:seq (left out at sequence 0 unless sticky); type 3 carries a PMSI tunnel
// attribute: flags 0, ingress replication (6), the VNI in the label field,
// the VTEP address as tunnel identifier.
#ifndef EVPND_EVPN_ROUTE_H
#define EVPND_EVPN_ROUTE_H

#include "evpn_ecomm.h"
#include "evpn_mac.h"
#include "evpn_nlri.h"
#include "evpn_vni.h"

#include "dp/dp_api.h"

#define EVPN_OUT_MAX_ECOMM (2 + EVPN_VNI_MAX_RT + 3) // + the L3VNI's RT and router MAC

// One route of ours: NLRI (type, length, value; no path id) and attributes.
struct evpn_route_out {
	struct evpn_route route;
	uint8_t nlri[2 + EVPN_NLRI_MAX_VALUE];
	uint8_t nlri_len;
	uint8_t ecomm[EVPN_OUT_MAX_ECOMM * EVPN_ECOMM_LEN];
	uint16_t ecomm_len;
	uint8_t pmsi[5 + 16]; // flags, type, label, tunnel id; type 3 only
	uint8_t pmsi_len;
	struct dp_ip nexthop; // the VTEP address (MP_REACH next hop)
};

// Type 2 for a local MAC (ip NULL or family 0: MAC only). 0 or -EINVAL. A MAC+IP route
// of a VNI with an L3VNI (v->l3vni) carries it as its second label, the VRF's route
// target after the VNI's and the Router MAC community, as FRR does (RFC 9135 symmetric
// IRB); a MAC-only one does not.
int evpn_build_macip(const struct evpn_vni *v, const uint8_t mac[6], const struct cp_ip *ip,
	uint32_t seq, bool sticky, const struct dp_ip *vtep, struct evpn_route_out *out);
// Type 2 MAC+IP of an anycast gateway address (`advertise-default-gw`): no mobility
// sequence, the Default Gateway community (RFC 7432 7.8), and for IPv6 the ARP/ND
// community with the Router flag. 0 or -EINVAL.
int evpn_build_gw_macip(const struct evpn_vni *v, const uint8_t mac[6], const struct cp_ip *ip,
	const struct dp_ip *vtep, struct evpn_route_out *out);
// Type 5 (IP prefix, RFC 9136) of a VRF: v is its L3VNI with the VRF's RD and RTs;
// dst is masked; gateway IP and ESI zero, label = L3VNI; ET:8, export RTs and the
// Router MAC community rmac, as FRR sends them. 0 or -EINVAL.
int evpn_build_prefix(const struct evpn_vni *v, const uint8_t rmac[6], const struct cp_ip *dst,
	uint8_t len, const struct dp_ip *vtep, struct evpn_route_out *out);
// Type 3 (inclusive multicast, ingress replication) for a VNI. 0 or -EINVAL.
int evpn_build_imet(const struct evpn_vni *v, const struct dp_ip *vtep, struct evpn_route_out *out);

// A received path as the RIB holds it: the route, its next hop and attributes.
// For a withdrawal the RIB passes the attributes of the path being removed.
struct bgp_pattr;

struct evpn_rx_path {
	const struct evpn_route *route;
	const struct bgp_pattr *attrs; // the path's (kept with a reference by type 5)
	bool internal;		       // from an iBGP peer
	struct dp_ip nexthop;
	const uint8_t *ecomm; // EXTENDED_COMMUNITIES value, n * 8
	size_t ecomm_len;
	bool has_pmsi;
	uint8_t pmsi_tunnel_type;
	uint32_t pmsi_label; // raw 24 bits: the VNI
	struct dp_ip pmsi_endpoint;
	// The caller found the VTEP (next hop, or PMSI endpoint of a type 3) out of
	// the underlay's reach: a type 2 is kept but never selected, a type 3 is not
	// flooded to.
	bool unreachable;
};

// What import does with what it keeps outside the MAC table.
struct evpn_rx_ops {
	// Add or remove a remote VTEP in the flood list of a VNI; send_vni is what
	// to send with (from the PMSI label).
	void (*flood_add)(void *arg, uint32_t vni, const struct dp_ip *vtep, uint32_t send_vni);
	void (*flood_del)(void *arg, uint32_t vni, const struct dp_ip *vtep);
	// A MAC+IP binding of a VNI from the route of VTEP vtep learned (add) or gone:
	// the proxy ARP/ND table's (RFC 9161); router: the route's ARP/ND community has
	// R. Gone too when its VTEP is out of the underlay's reach. May be NULL.
	void (*neigh)(void *arg, uint32_t vni, const struct dp_ip *vtep, const uint8_t mac[6],
		const struct cp_ip *ip, bool router, bool add);
};

// What import did with a path.
struct evpn_rx_result {
	uint16_t n_vni;	    // VNIs that imported it
	bool ignored;	    // not for us (type, no matching RT, our own next hop ...)
	const char *reason; // why it was ignored (static string)
};

// Applies a received type-2 or type-3 path (add = false: withdrawn) to every
// VNI of `in` whose import RTs match. Type 2 goes to the MAC table (MAC-only
// routes: a MAC+IP route and its withdrawal do not touch the MAC, since FRR and
// RFC 7432 9.1 send the MAC-only route beside it; MAC+IP routes go to the neigh
// op), type 3
// (PMSI ingress replication, or no PMSI) to the flood ops. Our own routes
// (next hop == local_vtep) are ignored.
int evpn_route_rx(struct evpn_inst *in, struct evpn_mac_table *macs,
	const struct evpn_rx_ops *flood, void *flood_arg, const struct dp_ip *local_vtep,
	const struct evpn_rx_path *rx, bool add, uint64_t now_ms, struct evpn_rx_result *res);

#endif
