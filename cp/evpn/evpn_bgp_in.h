// SPDX-License-Identifier: BSD-3-Clause
// Received EVPN routes into the EVPN module: registers the l2vpn evpn family
// with the speaker (evpn_family.h), subscribes to its best-path changes
// (cp/bgp/bgp_rib.h, bgp_rib_subscribe) and hands every change of best path
// to evpn_vtep_rx() as an evpn_rx_path (decoded NLRI, next hop, extended
// communities, PMSI tunnel). Our own routes (src->local) are not fed back;
// injected ones (src->injected) are, unless their next hop is our VTEP.
#ifndef EVPND_EVPN_BGP_IN_H
#define EVPND_EVPN_BGP_IN_H

#include <stdbool.h>

#include "cp/bgp/bgp_rib.h"
#include "cp/evpn/evpn_route.h"

// Registers the family (always: the speaker may relay EVPN routes without a VNI
// here), then, when EVPN is configured, subscribes and imports what the RIB
// holds already. 0 or -errno.
int evpn_bgp_in_init(void);
void evpn_bgp_in_fini(void);
// A VNI added (add) or about to be removed by a reload: the best paths of the RIB
// that VNI alone imports, imported into it or taken out.
void evpn_bgp_in_vni(uint32_t vni, bool add);

// A RIB path as the EVPN module reads it. rx->route points to *route; both
// are valid while r is. 0, or -EINVAL when the NLRI does not decode.
int evpn_bgp_path_decode(
	const struct bgp_route *r, struct evpn_route *route, struct evpn_rx_path *rx);

// What a change of best path of the RIB means to the EVPN module: install
// rx, remove it, or nothing. Received and injected paths are imported, unless
// their next hop is self (our VTEP: injected next-hop self routes are only
// advertised); ours never are, and one of ours that becomes best removes the
// imported path it hides (rx then describes that one).
enum evpn_import { EVPN_IMPORT_NONE, EVPN_IMPORT_ADD, EVPN_IMPORT_DEL };
enum evpn_import evpn_bgp_import(enum bgp_route_event ev, const struct bgp_route *r,
	const struct dp_ip *self, struct evpn_route *route, struct evpn_rx_path *rx);

#endif
