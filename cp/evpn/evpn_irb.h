// SPDX-License-Identifier: BSD-3-Clause
// Symmetric or asymmetric IRB for a received MAC+IP route (RFC 9135). A route that
// carries a second label and the Router MAC community, as FRR sends them for a host of
// an L2VNI attached to a VRF, is routed symmetrically when that label is the L3VNI of
// one of our VRFs: a host route in the VRF via (VTEP, router MAC, L3VNI). Any other is
// asymmetric, as before: its binding in the proxy ARP/ND table of the L2VNI's bridge
// domain is what ip_forward resolves. A router MAC of all zeros or an L3VNI we do not
// have installs nothing, counted; nor does a gateway's route (default-gateway community,
// or an address of our own gateways). Control thread only.
#ifndef EVPND_EVPN_IRB_H
#define EVPND_EVPN_IRB_H

#include <stdbool.h>
#include <stdint.h>

#include "cp/config/config.h"
#include "cp/evpn/evpn_ecomm.h"
#include "cp/evpn/evpn_route.h"
#include "cp/evpn/evpn_vni.h"

enum evpn_irb_kind {
	EVPN_IRB_NONE = 0,	// not a MAC+IP route
	EVPN_IRB_ASYMMETRIC,	// one label or no Router MAC: only the L2VNI
	EVPN_IRB_SYMMETRIC,	// host route in vrf via (vtep, rmac, l3vni)
	EVPN_IRB_ZERO_RMAC,	// refused: a Router MAC of all zeros
	EVPN_IRB_UNKNOWN_L3VNI, // refused: the second label is no L3VNI of ours
	EVPN_IRB_GATEWAY,	// refused (evpn_irb_rx): a gateway's route
};

struct evpn_irb_decision {
	uint8_t kind; // enum evpn_irb_kind
	uint16_t vrf;
	uint32_t l3vni;
	uint8_t rmac[6];
};

// The VRF id of an L3VNI, or -1.
typedef int evpn_irb_vrf_fn(uint32_t l3vni, void *arg);

// What to do with route r, whose communities ec describes.
void evpn_irb_decide(const struct evpn_route *r, const struct evpn_ecomm_info *ec,
	evpn_irb_vrf_fn *vrf_of, void *arg, struct evpn_irb_decision *d);

// The L3 side of a VNI from the configuration: the L3VNI of the VRF its bridge domain
// routes in, our router MAC there and the VRF's route target (auto, AS:L3VNI, as FRR).
void evpn_irb_vni_setup(
	const struct evpnd_config *cfg, const struct evpn_inst *in, struct evpn_vni *v);

// A received path (add) or its withdrawal into the VRF host routes (cp/l3/l3_host.h).
// Ours (next hop local_vtep) are ignored; one whose VTEP is unreachable is withdrawn.
// Returns the decision's kind.
enum evpn_irb_kind evpn_irb_rx(
	const struct evpn_rx_path *rx, bool add, const struct dp_ip *local_vtep);

// One of our MAC+IP routes of v (its sequence set or changed; or withdrawn, !add):
// in a VNI with an L3VNI, the host's local path (l3_host_local_set), which wins over
// remote host routes of lower sequence as our route does.
void evpn_irb_local(const struct evpn_vni *v, const struct cp_ip *ip, uint32_t seq, bool add);

struct evpn_irb_stats {
	uint64_t symmetric;	 // MAC+IP paths installed as host routes
	uint64_t asymmetric;	 // MAC+IP paths for the L2VNI only
	uint64_t zero_rmac;	 // refused
	uint64_t unknown_l3vni;	 // refused
	uint64_t install_failed; // symmetric, but no next hop could be made
	uint64_t gateway;	 // symmetric, but a gateway's (default-gateway community, or ours)
};
const struct evpn_irb_stats *evpn_irb_stats(void);
// Host routes and L3 next hops go (evpn_vtep_fini).
void evpn_irb_fini(void);

#endif
