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

// Recent exports of a group: destinations with the same best path's attribute
// set and source get the same result, so it is computed (copied, hashed,
// interned) once per set rather than once per destination, also when sets
// alternate (a direct-mapped cache by attribute set). Each used slot holds a
// reference on in and out; zero-initialised is empty.
#define BGP_EXPORT_MEMO_SLOTS 64

struct bgp_export_memo_slot {
	struct bgp_pattr *in, *out; // in == NULL: free
	bool local, ebgp, rr_client; // of the best path's source
	uint8_t af;
	struct in_addr router_id;
	uint32_t asn; // bgp_glob()'s, at the time
	struct in_addr cluster_id;
};

struct bgp_export_memo {
	uint64_t used; // slots in use, as bits
	struct bgp_export_memo_slot slot[BGP_EXPORT_MEMO_SLOTS];
};

// bgp_export through m (k must be the same on every call with m).
struct bgp_pattr *bgp_export_memo(const struct bgp_dest *d, const struct bgp_export_key *k,
	struct bgp_export_memo *m);
// Drops m's references (m is then empty).
void bgp_export_memo_clear(struct bgp_export_memo *m);

#endif
