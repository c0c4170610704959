// SPDX-License-Identifier: BSD-3-Clause
// EVPN routes given whole from outside (the route-injection API, cp/inject):
// RD, route targets, VNI or MPLS label and next hop said by the caller rather
// than taken from a configured VNI. Built with the same encoders as our own
// routes (evpn_route.c): type 2 with MAC mobility, type 3 with its PMSI tunnel,
// type 5 with gateway and router MAC; ET:8 (VXLAN) or ET:10 (MPLS), then the RTs.
#ifndef EVPND_EVPN_INJECT_H
#define EVPND_EVPN_INJECT_H

#include <stdbool.h>
#include <stdint.h>

#include "cp/cp_addr.h"
#include "cp/evpn/evpn_ecomm.h"
#include "cp/evpn/evpn_nlri.h"
#include "cp/evpn/evpn_route.h"

#define EVPN_INJECT_MAX_RT 8

struct evpn_inject {
	uint8_t type; // EVPN_RT_MACIP, EVPN_RT_IMET or EVPN_RT_PREFIX
	bool mpls;    // label N (MPLS, tunnel type 10), else vni N (VXLAN, 8)
	uint32_t id;  // the VNI (24 bits) or the MPLS label (20 bits)
	struct evpn_rd rd;
	struct evpn_rt rt[EVPN_INJECT_MAX_RT];
	uint8_t n_rt;
	uint8_t mac[6];	   // type 2
	struct cp_ip ip;   // type 2 (family 0: MAC only); type 5: the prefix
	uint8_t len;	   // type 5 prefix length
	struct cp_ip gw;   // type 5 gateway (family 0: none)
	bool has_rmac;	   // type 5 router MAC
	uint8_t rmac[6];
	uint32_t seq;	   // type 2 MAC mobility
	bool sticky;
	uint32_t l3vni; // type 2 MAC+IP, symmetric IRB (with rmac); 0: none
};

// The route of in with next hop nh (the caller's, or our VTEP for "self") into
// out: 0, or -EINVAL (a field the encoder refuses).
int evpn_inject_build(const struct evpn_inject *in, const struct cp_ip *nh,
	struct evpn_route_out *out);

#endif
