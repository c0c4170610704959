// SPDX-License-Identifier: BSD-3-Clause
// Our EVPN routes (evpn_local.h) into the BGP speaker: each queued change is
// originated in (or withdrawn from) the speaker's RIB through its
// family-agnostic API (cp/bgp/bgp_speaker.h, bgp_originate), as a path of the
// local source with an interned attribute set: next hop our VTEP, the route's
// extended communities and PMSI tunnel, ORIGIN IGP, weight BGP_WEIGHT_LOCAL
// (ours win over a received path of the same key, as FRR's). From there the
// speaker sends them like any best path. Control thread only.
#ifndef EVPND_EVPN_BGP_OUT_H
#define EVPND_EVPN_BGP_OUT_H

#include "cp/bgp/bgp_pattr.h"
#include "cp/evpn/evpn_route.h"

// Drains the queue of our route changes into the RIB: how many (0 = idle).
// Without "router bgp" the changes are dropped (nobody to send them to). Call
// it before the speaker's output in the control loop.
unsigned evpn_bgp_out_poll(void);

// The attribute set of our route r (interned, one reference for the caller),
// or NULL (ENOMEM).
struct bgp_pattr *evpn_bgp_out_attrs(const struct evpn_route_out *r);

#endif
