// SPDX-License-Identifier: BSD-3-Clause
// EVPN over MPLS (RFC 7432) beside VXLAN (RFC 8365), per VNI: what the label field of
// our type-2/type-3 routes and PMSI attribute carries (our service label in its high 20
// bits, not the VNI), which encapsulation community we send (MPLS, 10), and whether a
// received route's encapsulation is one the VNI does (no community: MPLS for an MPLS
// VNI, RFC 7432; VXLAN for a VXLAN one, RFC 8365). Kept apart from evpn_route.c so the
// VXLAN code stays as it was.
#ifndef EVPND_EVPN_MPLS_H
#define EVPND_EVPN_MPLS_H

#include <stdbool.h>
#include <stdint.h>

#include "cp/config/config.h"
#include "evpn_ecomm.h"
#include "evpn_vni.h"

// Sets v->mpls_label from the bridge domain of v->vni (0: VXLAN).
void evpn_mpls_vni_setup(const struct evpnd_config *cfg, struct evpn_vni *v);
// The 24-bit label field of our routes for v.
uint32_t evpn_mpls_label_out(const struct evpn_vni *v);
// What a received label field means for v: the remote's service label, or the VNI.
uint32_t evpn_mpls_label_in(const struct evpn_vni *v, uint32_t raw);
// The tunnel type of our encapsulation community for v.
uint16_t evpn_mpls_tunnel(const struct evpn_vni *v);
// Whether a route with these communities may be installed in v; when not, counted.
bool evpn_mpls_encap_ok(const struct evpn_vni *v, const struct evpn_ecomm_info *ec);
// Routes not installed in a VNI because of their encapsulation, since start-up.
uint64_t evpn_mpls_wrong_encap(void);

#endif
