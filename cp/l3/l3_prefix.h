// SPDX-License-Identifier: BSD-3-Clause
// Prefix routes of symmetric IRB: a received EVPN type-5 route (RFC 9136) that a VRF
// imports becomes a route of that VRF's FIB via the L3 next hop (VTEP, router MAC,
// L3VNI, cp/l3/l3_nexthop.h). Several routes (RDs: several VTEPs) may carry one
// prefix: each is a path; with two L3 next hops or more among them the prefix is
// installed via an ECMP next hop (DP_RNH_ECMP, ids from L3_PREFIX_ECMP_BASE) over
// them (up to DP_RNH_ECMP_MAX, the lowest VTEPs), else via its one L3 next hop.
// A prefix the VRF has itself (a gateway subnet or static route) is never replaced:
// its paths are kept, not installed. Control thread only.
#ifndef EVPND_L3_PREFIX_H
#define EVPND_L3_PREFIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cp/cp_addr.h"

#define L3_PREFIX_MAX_PATHS 4
// Route next hop ids of the ECMP next hops: below the L3 next hops'
// (L3_NEXTHOP_RNH_BASE); l3_vrf's static routes stay below it (4096 + 8192 of them).
#define L3_PREFIX_ECMP_BASE 12288
#define L3_PREFIX_ECMP_MAX 4096

// What a route says of a prefix: l3_prefix_path_add's input.
struct l3_prefix_route {
	uint8_t rd[8];
	struct dp_ip vtep;
	uint8_t rmac[6];
	uint32_t l3vni; // or an MPLS PE's per-VRF label | DP_MPLS_IP_FLAG
};

// A path as the prefix keeps it: its VTEP, router MAC and L3VNI (or label) are its L3
// next hop's (l3_nexthop_find(rnh)), shared by every prefix behind that VTEP.
struct l3_prefix_path {
	uint8_t rd[8];
	uint32_t rnh; // its L3 next hop (held while the path is known)
};

struct l3_prefix {
	struct cp_ip ip;
	uint16_t vrf;
	uint8_t len;
	bool local; // the VRF's own prefix: not installed
	uint8_t n_paths;
	uint8_t best;  // index of the path of the lowest VTEP (the one installed without ECMP)
	uint32_t ecmp; // its ECMP next hop id, 0 = none
	struct l3_prefix_path paths[L3_PREFIX_MAX_PATHS];
};

// A path for (vrf, ip/len) from the route with p->rd (replacing that RD's earlier
// one). 0, or -errno (its next hop could not be made: nothing changed; -ENOSPC: the
// prefix has L3_PREFIX_MAX_PATHS paths already).
int l3_prefix_path_add(
	uint16_t vrf, const struct cp_ip *ip, uint8_t len, const struct l3_prefix_route *r);
// The path of route rd withdrawn: another one is installed, or the route removed.
// 0 or -ENOENT.
int l3_prefix_path_del(uint16_t vrf, const struct cp_ip *ip, uint8_t len, const uint8_t rd[8]);
const struct l3_prefix *l3_prefix_find(uint16_t vrf, const struct cp_ip *ip, uint8_t len);
size_t l3_prefix_count(void);
typedef int (*l3_prefix_cb)(const struct l3_prefix *p, void *arg);
int l3_prefix_walk(l3_prefix_cb cb, void *arg);
// Removes them all from the dataplane and forgets them.
void l3_prefix_fini(void);

// For l3_prefix.c (l3_prefix_ecmp.c): what p's paths lead to: its ECMP next hop, made
// or updated in place (p->ecmp), when they name two L3 next hops or more, else (or
// when no ECMP id is left) its best path's.
uint32_t l3_prefix_ecmp_target(struct l3_prefix *p);
// Paths in the order of their VTEPs (the lowest is installed without ECMP).
int l3_prefix_path_cmp(const struct l3_prefix_path *a, const struct l3_prefix_path *b);
// Removes an ECMP next hop from the dataplane (after the route left it) and frees its id.
void l3_prefix_ecmp_put(uint32_t id);
void l3_prefix_ecmp_fini(void);

#endif
