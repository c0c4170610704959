// SPDX-License-Identifier: BSD-3-Clause
// A source of injected routes (one per helper process, and "cli" for evpnctl):
// its own bgp_src in the RIB, local like our network statements and EVPN
// routes, so that its routes go out to every neighbor through the normal
// outbound machinery and withdraw/flush remove exactly its own paths.
// Control thread only.
#ifndef EVPND_INJECT_SRC_H
#define EVPND_INJECT_SRC_H

#include <stddef.h>
#include <stdint.h>

#include "cp/bgp/bgp_rib.h"
#include "cp/inject/inject_cmd.h"

struct inject_src {
	struct bgp_src bgp; // first: the RIB's view (owner points back here)
	char name[32];
	uint64_t commands; // that changed nothing or something, and
	uint64_t errors;   // that were refused
};

// Where "next-hop self" points an EVPN route: the VTEP address of our own EVPN
// routes (cfg_evpn_vtep); NULL: none.
void inject_src_set_vtep(const struct cp_ip *vtep);

void inject_src_init(struct inject_src *s, const char *name);
// Applies one parsed command: 0, or -errno with the reason in err (no "router
// bgp", an EVPN route without a VTEP address, the RIB's errors).
int inject_src_apply(struct inject_src *s, const struct inject_cmd *c, char *err, size_t len);
// Withdraws every route of s: how many.
size_t inject_src_flush(struct inject_src *s);
// Routes of s in the RIB.
uint32_t inject_src_routes(const struct inject_src *s);

#endif
