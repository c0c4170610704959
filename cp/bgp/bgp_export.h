// SPDX-License-Identifier: BSD-3-Clause
// Outbound treatment of a best path for one kind of neighbor (what an update
// group shares, or one l2vpn evpn neighbor): iBGP/eBGP rules, route reflection
// (RFC 4456), next-hop self for eBGP and local unicast routes, AS prepend. The
// one place that says which best path goes to whom, for every family: the
// unicast update groups (bgp_ugroup.c) and the sender of the other families (bgp_out.c)
// both ask it.
//
// What differs per family is in its table (bgp_family.h): a family whose paths
// keep their next hop (l2vpn evpn: the VTEP that originated them, towards iBGP
// and eBGP neighbors alike, as FRR does by default) says so there; the others
// get next hop self where RFC 4271 asks for it. Route-reflector clients are
// per family (bgp_src.rr_client[af]).
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
	bool af[BGP_AF_MAX];  // the families negotiated (that the key sends)
	// The neighbor itself (its bgp_src.owner) when the key is one neighbor's
	// (EVPN): a path is never sent back to its source. NULL for an update group
	// (shared by several).
	const void *self;
};

// Whether best (of family af, BGP_AF_*) may go to neighbors of k at all: the
// family negotiated, not back to its source, iBGP to iBGP only by reflection
// (from a client to all, else to clients), not to an eBGP neighbor whose AS
// starts the path.
bool bgp_export_allowed(const struct bgp_path *best, uint8_t af, const struct bgp_export_key *k);

// bgp_export for a path outside the unicast RIB (an EVPN best path).
struct bgp_pattr *bgp_export_path(
	const struct bgp_path *best, uint8_t af, const struct bgp_export_key *k);

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
	const void *owner;           // the best path's source's owner (only compared)
	bool local, ebgp, rr_client; // its flags
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
struct bgp_pattr *bgp_export_memo_path(const struct bgp_path *best, uint8_t af,
	const struct bgp_export_key *k, struct bgp_export_memo *m);
// Drops m's references (m is then empty).
void bgp_export_memo_clear(struct bgp_export_memo *m);

#endif
