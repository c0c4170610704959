// SPDX-License-Identifier: BSD-3-Clause
// The tester's EVPN routes: what its streams emulate, announced by evpnd's own speaker
// so that the device under test learns it.
#ifndef EVPND_EVPN_TESTER_H
#define EVPND_EVPN_TESTER_H

#include "cp/config/config.h"

// Originates, for every stream that emulates remote VTEPs or PEs (encapsulation vxlan,
// mpls, mpls-udp, with a vni and a source-vtep): a type-3 route per emulated VTEP and a type-2 route per
// emulated host, next hop the VTEP that host sits behind (host i behind VTEP
// i % count), RD VTEP:VNI, RT AS:VNI, for MPLS the stream's rx-label (else its service
// label): what the device under test is to push toward the emulated PEs. After
// bgp_init; without router bgp nothing. Returns the routes originated, or -errno.
int evpn_tester_originate(const struct evpnd_config *cfg);

// A move made (tester move): the host, its VTEPs (indexes among the stream's emulated
// ones), its new mobility sequence, the streams that measure it.
struct evpn_tester_move {
	uint8_t mac[6];
	uint32_t from, to, seq;
	unsigned measured;
};
// Moves emulated host `host` of stream `name` to its emulated VTEP `vtep` (-1: the one
// after where it is) while a run goes: the dataplane sends it from there and measures
// the move (dp_tester_move), and, with router bgp, its type-2 route from the new VTEP
// is announced with the next MAC mobility sequence and the one from the old VTEP
// withdrawn. 0, -ENOENT (no such stream), or dp_tester_move's and BGP's errors.
int evpn_tester_move(const char *name, uint32_t host, int vtep, struct evpn_tester_move *m);

#endif
