// SPDX-License-Identifier: BSD-3-Clause
// The sender of every family but unicast (l2vpn evpn today, VPNv4/VPNv6 with
// only their table, bgp_family.h): the RIB's best paths of each family a
// neighbor negotiated, ours (originated into the RIB, bgp_originate) and
// received ones (route reflection to iBGP neighbors, relay to eBGP ones). The
// whole table of a family when a session comes up or the neighbor asks for a
// route refresh of it (bgp_peer.resend), then each change, many NLRI per UPDATE
// (MP_REACH_NLRI with the family's AFI/SAFI and the attributes bgp_export.h
// gives), withdrawals in MP_UNREACH_NLRI. It only reads the peer table and
// queues whole messages with bgp_peer_send(). IPv4/IPv6 unicast go out of the
// update groups (bgp_ugroup.c), which keep an Adj-RIB-Out.
#ifndef EVPND_BGP_OUT_H
#define EVPND_BGP_OUT_H

#include <stdbool.h>
#include <stddef.h>

#include "cp/bgp/bgp_rib.h"

// Whether af goes out here: a family of the RIB other than unicast.
bool bgp_out_serves(enum bgp_af af);
// Sends what changed since the last call; work done (0 = idle). Call it after
// bgp_poll() in the control loop.
unsigned bgp_out_poll(void);
void bgp_out_fini(void);
// Routes of af sent to the peer named name since its session came up.
size_t bgp_out_sent(const char *name, enum bgp_af af);
// Routes of af advertised to it (sent, or queued to go): the best paths export
// allows once it was sent the table, none before.
size_t bgp_out_advertised(const char *name, enum bgp_af af);
// Whether the neighbor named name was sent our table, and whether r, a best
// path of af, is advertised to neighbor p: what bgp_out_advertised counts.
bool bgp_out_synced(const char *name);
struct bgp_peer;
bool bgp_out_advertises(const struct bgp_peer *p, enum bgp_af af, const struct bgp_route *r);

#endif
