// SPDX-License-Identifier: BSD-3-Clause
// Received EVPN routes into the EVPN module: subscribes to the speaker's EVPN
// RIB (bgp_rib.h, bgp_evpn_rib_subscribe) and hands every change of best path
// to evpn_vtep_rx() as an evpn_rx_path (decoded NLRI, next hop, extended
// communities, PMSI tunnel). Our own routes (src->local) are not fed back.
#ifndef EVPND_BGP_EVPN_IN_H
#define EVPND_BGP_EVPN_IN_H

#include <stdbool.h>

#include "cp/bgp/bgp_rib.h"
#include "cp/evpn/evpn_route.h"

// Subscribes and imports what the RIB holds already. No-op (0) when EVPN is
// not configured.
int bgp_evpn_in_init(void);
void bgp_evpn_in_fini(void);

// A RIB path as the EVPN module reads it. rx->route points to *route; both
// are valid while r is. 0, or -EINVAL when the NLRI does not decode.
int bgp_evpn_path_decode(
	const struct bgp_evpn_route *r, struct evpn_route *route, struct evpn_rx_path *rx);

#endif
