// SPDX-License-Identifier: BSD-3-Clause
// EVPN IP prefix routes (type 5, RFC 9136) of the VRFs with an L3VNI.
//
// Each such VRF is an EVPN instance of its own, as FRR's "router bgp ASN vrf
// NAME": RD router-id:index (an index of the shared RD space, taken after the
// L2VNIs'), RT ASN:L3VNI, or the configured rd / route-target. With "advertise
// ipv4|ipv6 unicast" its connected subnets (the gateways') and static routes
// are originated as type-5 routes: label = L3VNI, the VRF's router MAC, VXLAN
// encapsulation, its export RTs. Received type-5 best paths whose RTs one of
// its import RTs matches are kept per VRF (show bgp vrf NAME ipv4|ipv6
// unicast) and installed in its FIB via the L3 next hop of symmetric IRB
// (cp/l3/l3_prefix.h). Control thread only.
#ifndef EVPND_EVPN_PREFIX_H
#define EVPND_EVPN_PREFIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cp/config/config.h"
#include "cp/cp_htable.h"
#include "cp/evpn/evpn_route.h"
#include "cp/evpn/evpn_vni.h"

// A received type-5 path imported into a VRF.
struct evpn_prefix_path {
	struct evpn_route route; // RD, prefix, gateway IP, label
	struct dp_ip vtep;	 // the next hop
	uint8_t rmac[6];	 // Router MAC community (zeros: none)
	bool internal;		 // iBGP
	bool installed;		 // a path of the VRF's FIB (cp/l3/l3_prefix.h)
	struct bgp_pattr *attrs; // one reference
};

struct evpn_prefix_vrf {
	char name[CFG_NAME_MAX];
	uint16_t vrf_id;
	uint8_t rmac[6];
	bool advertise[2];	// [0] IPv4, [1] IPv6
	struct evpn_vni l3;	// vni = the L3VNI; RD and RTs
	struct cp_htable rx;	// struct evpn_prefix_path by (RD, prefix)
	uint32_t advertised;	// our type-5 routes
	struct cfg_prefix *adv; // their prefixes
};

// The VRFs of cfg with an L3VNI (after l3_vrf_apply and the L2VNIs of in);
// originates the type-5 routes of those that advertise. 0 or -errno.
int evpn_prefix_start(
	const struct evpnd_config *cfg, struct evpn_inst *in, const struct dp_ip *vtep);
void evpn_prefix_fini(struct evpn_inst *in);

// A received type-5 best path (add) or its withdrawal: kept in (or removed from)
// every VRF whose import RTs match. A route with both ESI and gateway IP is a
// withdrawal (RFC 9136 3.2); one without Router MAC or with a zero one is not
// kept (there is no inner destination MAC to route to it).
void evpn_prefix_rx(const struct evpn_rx_path *rx, bool add, const struct dp_ip *local_vtep,
	struct evpn_rx_result *res);

size_t evpn_prefix_vrf_count(void);
const struct evpn_prefix_vrf *evpn_prefix_vrf_at(size_t i);
const struct evpn_prefix_vrf *evpn_prefix_vrf_find(const char *name);
// For evpn_prefix_rx.c: the VRF at i to change, or NULL past the last.
struct evpn_prefix_vrf *evpn_prefix_vrf_rw(size_t i);
// Routes refused (no or zero Router MAC) since start.
uint64_t evpn_prefix_refused(void);
// Routes kept but not installed (no L3 next hop: VTEP unreachable, no room).
uint64_t evpn_prefix_install_failed(void);
// Routes kept but not installed (no L3 next hop: VTEP unreachable, no room).
uint64_t evpn_prefix_install_failed(void);

#endif
