// SPDX-License-Identifier: BSD-3-Clause
// Underlay reachability of remote VTEPs: our addresses, connected prefixes, static
// routes and neighbours (static, or learned from ARP/ND that the dataplane reports).
// Each remote VTEP in use is a dataplane next hop, programmed resolved once its
// underlay neighbour is known, and solicited until then.
#ifndef EVPND_UNDERLAY_H
#define EVPND_UNDERLAY_H

#include <stdbool.h>
#include <stdint.h>

#include "cp/config/config.h"
#include "dp/dp_api.h"

// port_ids maps config port indexes to dataplane port ids.
int underlay_init(const struct evpnd_config *cfg, const uint16_t *port_ids);
void underlay_fini(void);

// A reference to the next hop for a remote VTEP (created on first use). Returns the
// next hop id, or 0 with errno set (EAFNOSUPPORT: no local VTEP address of that family).
uint32_t underlay_nh_ref(const struct cp_ip *vtep);
void underlay_nh_unref(uint32_t nh);
// The same for MPLS-in-UDP (RFC 7510) to a remote PE's address: routed and sourced as a
// VXLAN next hop, its frames carry the service label in UDP to port 6635.
uint32_t underlay_nh_ref_mpls_udp(const struct cp_ip *pe);
// A reference to an MPLS next hop: toward `remote` (a remote PE, or a label's next
// hop itself) through the neighbour `via` on a connected subnet, pushing the labels
// (outermost first), then an ELI and entropy label when `entropy_label`. Needs no VTEP
// address. 0 with errno set on failure.
uint32_t underlay_nh_ref_mpls(const struct cp_ip *remote, const struct cp_ip *via,
	const uint32_t *labels, uint8_t n_labels, bool entropy_label);
// Whether a connected prefix or a route of the underlay reaches the next hop's
// VTEP (false for an unknown id). EVPN does not install routes behind one that
// does not.
bool underlay_nh_routable(uint32_t nh);
// The same question for an address, without making a next hop for it.
bool underlay_reachable(const struct cp_ip *ip);

void underlay_on_neigh(const struct dp_notify *n);
// Timers: solicit unresolved next hops, refresh resolved ones. `now_ms` is monotonic.
void underlay_tick(uint64_t now_ms);

#endif
