// SPDX-License-Identifier: BSD-3-Clause
// evpnctl commands of the BGP speaker: show bgp summary / neighbors / ipv4
// unicast (text and FRR-shaped json), clear bgp.
#ifndef EVPND_SHOW_BGP_H
#define EVPND_SHOW_BGP_H

#include <stddef.h>
#include <stdint.h>

#include "cp/bgp/bgp_peer.h"

int show_bgp_register(void);
// show bgp l2vpn evpn (show_bgp_evpn.c); called by show_bgp_register.
int show_bgp_evpn_register(void);

// What `show bgp summary` counts, for the metrics (metrics.c) to say the same: the
// time since the session last changed state, a neighbor's prefixes of a family in
// its Adj-RIB-In (PfxRcd) and Adj-RIB-Out (PfxSnt), the RIB's entries of a family.
uint64_t show_bgp_uptime_ms(const struct bgp_peer *p);
uint64_t show_bgp_pfx_rcvd(const struct bgp_peer *p, enum bgp_af af);
uint64_t show_bgp_pfx_sent(const struct bgp_peer *p, enum bgp_af af);
size_t show_bgp_rib_count(enum bgp_af af);
// FRR's sentPrefixCounter (`show bgp neighbors`), cheap for every family: unicast, the
// PfxSnt above; the other families, routes sent since the session came up.
uint64_t show_bgp_sent_counter(const struct bgp_peer *p, enum bgp_af af);

#endif
