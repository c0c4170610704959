// SPDX-License-Identifier: BSD-3-Clause
// Update groups and the Adj-RIB-Out: peers with the same outbound treatment
// (iBGP/eBGP, route-reflector client, 4-octet AS, local address, neighbor AS)
// share one group. The group keeps what it advertises per prefix and builds
// each UPDATE once for all its members, many NLRI per message.
#ifndef EVPND_BGP_UGROUP_H
#define EVPND_BGP_UGROUP_H

#include <stddef.h>

#include "cp/bgp/bgp_peer.h"

// A peer became Established: it joins (or creates) its group and is sent the
// group's table, then End-of-RIB.
int bgp_ugroup_join(struct bgp_peer *p);
void bgp_ugroup_leave(struct bgp_peer *p);
// Route refresh of af (a unicast family) from the peer, or soft out: its group's
// table again; to a peer that negotiated enhanced route refresh, between a BoRR
// and an EoRR of af (RFC 7313 4), the EoRR when the last route is queued.
void bgp_ugroup_refresh(struct bgp_peer *p, enum bgp_af af);
// Takes the RIB's changes and sends what fits; returns the work done.
unsigned bgp_ugroup_poll(void);
void bgp_ugroup_fini(void);
size_t bgp_ugroup_count(void);
// Entries in the Adj-RIB-Out of p's group (advertised or about to be).
size_t bgp_ugroup_routes(const struct bgp_peer *p);
// Those of one unicast family advertised (for show: walks the table when the group
// carries both families).
size_t bgp_ugroup_routes_af(const struct bgp_peer *p, enum bgp_af af);

#endif
