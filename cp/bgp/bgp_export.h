// SPDX-License-Identifier: BSD-3-Clause
// Outbound treatment of a best path for one kind of neighbor (what an update
// group shares): iBGP/eBGP rules, route reflection (RFC 4456), next-hop self
// for eBGP and local routes, AS prepend.
#ifndef EVPND_BGP_EXPORT_H
#define EVPND_BGP_EXPORT_H

#include "cp/bgp/bgp_rib.h"

struct bgp_export_key {
	bool ebgp;
	bool rr_client;
	bool four_octet;
	struct in_addr local;   // our address towards the group's peers
	struct in6_addr local6; // the same for IPv6 routes (IPv4-mapped over IPv4)
	uint32_t remote_as;   // eBGP only
	bool ext_nh;          // IPv6 next hops for IPv4 routes negotiated (RFC 8950)
	bool af4, af6;        // IPv4 / IPv6 unicast negotiated
};

// The attributes to advertise for d (of either family) (interned, one reference for the caller),
// or NULL when d must not be advertised (or is withdrawn).
struct bgp_pattr *bgp_export(const struct bgp_dest *d, const struct bgp_export_key *k);

#endif
