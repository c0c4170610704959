// SPDX-License-Identifier: BSD-3-Clause
// Applying a received, decoded UPDATE to the peer's Adj-RIB-In: RFC 7606
// actions, loop checks (AS path, ORIGINATOR_ID, CLUSTER_LIST), End-of-RIB,
// maximum-prefix, EVPN NLRI kept opaque.
#ifndef EVPND_BGP_UPDATE_IN_H
#define EVPND_BGP_UPDATE_IN_H

#include "cp/bgp/bgp_msg.h"
#include "cp/bgp/bgp_peer.h"

// 0, or -ECONNABORTED when the session was torn down (maximum-prefix).
int bgp_update_in(struct bgp_peer *p, const struct bgp_update *u, const struct bgp_fault *f);

#endif
