// SPDX-License-Identifier: BSD-3-Clause
// The EVPN RIB's best paths (ours, originated into it by the EVPN module, and
// received ones) to the neighbors that negotiated l2vpn evpn: the whole table
// when a session comes up or the neighbor asks for a route refresh
// (bgp_peer.evpn_resend), then each change, many NLRI per UPDATE (MP_REACH_NLRI
// AFI 25/SAFI 70, the attributes bgp_export.h gives: for ours, next hop our VTEP
// address, extended communities and PMSI tunnel as the EVPN module made them,
// ORIGIN IGP, LOCAL_PREF 100 to iBGP, our AS prepended to eBGP). Withdrawals go
// in MP_UNREACH_NLRI. It only reads the peer table and queues whole messages
// with bgp_peer_send(); the IPv4 update groups are not involved.
#ifndef EVPND_BGP_EVPN_OUT_H
#define EVPND_BGP_EVPN_OUT_H

#include <stdbool.h>
#include <stddef.h>

#include "cp/bgp/bgp_rib.h"

// Sends what changed since the last call; work done (0 = idle). Call it after
// bgp_poll() in the control loop.
unsigned bgp_evpn_out_poll(void);
void bgp_evpn_out_fini(void);
// EVPN routes sent to the peer named name since its session came up.
size_t bgp_evpn_out_sent(const char *name);
// EVPN routes advertised to it (sent, or queued to go): the best paths export
// allows once it was sent the table, none before.
size_t bgp_evpn_out_advertised(const char *name);
// Whether the neighbor named name was sent our table, and whether r, a best
// path of the EVPN RIB, is advertised to neighbor p: what
// bgp_evpn_out_advertised counts.
bool bgp_evpn_out_synced(const char *name);
struct bgp_peer;
bool bgp_evpn_out_advertises(const struct bgp_peer *p, const struct bgp_route *r);

#endif
