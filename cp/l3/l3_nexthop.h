// SPDX-License-Identifier: BSD-3-Clause
// L3 next hops of symmetric IRB (RFC 9135): a remote VTEP, its router MAC and the
// L3VNI of a VRF. Routes that lead there (host routes from type-2 MAC+IP routes, and
// type-5 prefixes later) share one dataplane route next hop (DP_RNH_REMOTE_L3) per
// triple, reference counted: the first user programs it (and takes a reference on the
// VTEP's underlay next hop), the last one removes it. Control thread only.
#ifndef EVPND_L3_NEXTHOP_H
#define EVPND_L3_NEXTHOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dp/dp_api.h"

// Route next hop ids of L3 next hops: L3_NEXTHOP_RNH_BASE and up (cp/l3/l3_vrf.c keeps
// the ids below for connected subnets, the blackhole and static routes).
#define L3_NEXTHOP_RNH_BASE 16384
#define L3_NEXTHOP_MAX (DP_MAX_RNH - L3_NEXTHOP_RNH_BASE)

struct l3_nexthop {
	uint32_t rnh; // dataplane route next hop id, 0 = free slot
	uint32_t refs;
	uint16_t vrf;
	uint32_t l3vni; // or over MPLS: the PE's per-VRF label | DP_MPLS_IP_FLAG
	struct dp_ip vtep;
	uint8_t rmac[6];
	uint32_t nh; // the VTEP's underlay next hop
};

// A reference to the L3 next hop (vtep, rmac, l3vni) of VRF vrf, made on first use
// (with our router MAC of that VRF as the inner source). Its route next hop id, or
// -EINVAL (no such VRF, zero router MAC), -EHOSTUNREACH (no underlay next hop for
// the VTEP), -ENOSPC, -ENOBUFS.
int l3_nexthop_get(uint16_t vrf, const struct dp_ip *vtep, const uint8_t rmac[6], uint32_t l3vni);
// How a route shows its L3 next hop's l3vni: "vni5000" (FRR's interface name), or over
// MPLS "label2001" (the PE's per-VRF label).
static inline const char *l3_nexthop_via(uint32_t l3vni, char *buf, size_t len)
{
	if (l3vni & DP_MPLS_IP_FLAG)
		snprintf(buf, len, "label%u", l3vni & DP_MPLS_LABEL_MAX);
	else
		snprintf(buf, len, "vni%u", l3vni);
	return buf;
}
// Gives back a reference (by route next hop id); the last one removes it. The routes
// through it must be gone first (DP_MSG_ROUTE_DEL sent before).
void l3_nexthop_put(uint32_t rnh);
// The next hop of a route next hop id, or NULL.
const struct l3_nexthop *l3_nexthop_find(uint32_t rnh);
// Every L3 next hop in use, in id order; stops at a non-zero return and returns it.
typedef int (*l3_nexthop_cb)(const struct l3_nexthop *nh, void *arg);
int l3_nexthop_walk(l3_nexthop_cb cb, void *arg);
size_t l3_nexthop_count(void);
// Forgets them all (the dataplane state goes with the process).
void l3_nexthop_fini(void);

#endif
