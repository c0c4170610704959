// SPDX-License-Identifier: BSD-3-Clause
// MPLS in the control plane: programs the local label table from the configuration
// (the mpls section's lsps: swap or pop toward a neighbour; one service label per MPLS
// bridge domain, popping into it; one per MPLS VRF, popping into the VRF), and makes
// the next hops toward remote PEs from the mpls section's transports. Control thread
// only.
#ifndef EVPND_CP_MPLS_H
#define EVPND_CP_MPLS_H

#include <stdint.h>

#include "cp/config/config.h"

// After underlay_init. 0 or -errno (logged).
int mpls_apply(const struct evpnd_config *cfg);
void mpls_fini(void);
// A reference to the next hop toward remote PE `pe` by its transport (underlay_nh_unref
// drops it). 0 with errno set: ENOENT when no transport reaches that PE.
uint32_t mpls_pe_nh_ref(const struct cp_ip *pe);
// What a remote MAC or flood target of MPLS domain `bd` carries in its vni: the PE's
// service label, and whether a control word goes after it.
uint32_t mpls_remote_vni(const struct cfg_bd *bd, uint32_t label);

#endif
