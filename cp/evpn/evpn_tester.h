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

#endif
