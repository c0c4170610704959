// SPDX-License-Identifier: BSD-3-Clause
// Host routes (/32, /128) of symmetric IRB: a remote host's type-2 MAC+IP route with an
// L3VNI of ours and a router MAC becomes a route of that VRF's FIB via the L3 next hop
// (VTEP, router MAC, L3VNI, cp/l3/l3_nexthop.h). Several routes may name one host for a
// while (a move: the new VTEP's route comes before the old one's withdrawal): each is a
// path, named by its RD; the one with the highest MAC mobility sequence is installed,
// the latest among equals. The host may also be ours (a local MAC+IP of a bridge
// domain of the VRF, with our route's sequence): a local path, which installs no
// route when it wins, so the VRF reaches the host through its gateway subnet at once
// instead of through its old VTEP until that one withdraws. Control thread only.
#ifndef EVPND_L3_HOST_H
#define EVPND_L3_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cp/cp_addr.h"

#define L3_HOST_MAX_PATHS 4

// What a route says of a host: l3_host_path_add's input.
struct l3_host_route {
	uint8_t rd[8];
	struct dp_ip vtep;
	uint8_t rmac[6];
	uint32_t l3vni;
	uint32_t seq;
};

// A path as the host keeps it: the VTEP, its router MAC and the L3VNI are its L3 next
// hop's (l3_nexthop_find(rnh)), shared by every host behind that VTEP.
struct l3_host_path {
	uint8_t rd[8]; // all zero: the local path
	uint32_t seq;
	uint32_t rnh; // its L3 next hop (held while the path is known), 0 for the local path
};

struct l3_host {
	struct cp_ip ip;
	uint16_t vrf;
	uint8_t n_paths;
	uint8_t best; // index of the installed path
	struct l3_host_path paths[L3_HOST_MAX_PATHS];
	uint32_t path_stamp[L3_HOST_MAX_PATHS]; // when each came, for ties
};

// A path for (vrf, ip) from route r (replacing the earlier one of its RD). 0, or -errno
// (its next hop could not be made: nothing changed; -ENOSPC: the host has
// L3_HOST_MAX_PATHS paths already).
int l3_host_path_add(uint16_t vrf, const struct cp_ip *ip, const struct l3_host_route *r);
// The path of route rd withdrawn: another one is installed, or the route removed.
// 0 or -ENOENT.
int l3_host_path_del(uint16_t vrf, const struct cp_ip *ip, const uint8_t rd[8]);
// The host is ours, with our MAC+IP route's sequence (added, or its sequence changed);
// no longer ours. 0 or -errno (-ENOENT: del of a host that is not ours).
int l3_host_local_set(uint16_t vrf, const struct cp_ip *ip, uint32_t seq);
int l3_host_local_del(uint16_t vrf, const struct cp_ip *ip);
// Whether the installed path is a remote VTEP's (a route in the FIB), not ours.
static inline bool l3_host_remote(const struct l3_host *h)
{
	return h->paths[h->best].rnh != 0;
}
// The host of (vrf, ip), or NULL.
const struct l3_host *l3_host_find(uint16_t vrf, const struct cp_ip *ip);
// Host routes in the FIBs (hosts whose installed path is remote).
size_t l3_host_count(void);
typedef int (*l3_host_cb)(const struct l3_host *h, void *arg);
int l3_host_walk(l3_host_cb cb, void *arg);
// Removes them all from the dataplane and forgets them.
void l3_host_fini(void);

#endif
