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

// One route of an Adj-RIB-Out as advertised (prefix6 for IPv6 only).
struct bgp_adj_out {
	uint8_t af; // BGP_AF_IPV4_UNICAST or BGP_AF_IPV6_UNICAST
	uint8_t len;
	struct in_addr prefix;
	struct in6_addr prefix6;
	const struct bgp_pattr *attrs; // what goes out: next hop, AS path as sent
};

// Calls fn for every route of af that p's group advertises (any order; show
// commands); stops at a non-zero return, which it returns.
int bgp_ugroup_adj_out_walk(const struct bgp_peer *p, enum bgp_af af,
	int (*fn)(const struct bgp_adj_out *r, void *ctx), void *ctx);

#endif
