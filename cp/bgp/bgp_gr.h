// SPDX-License-Identifier: BSD-3-Clause
// Graceful restart as receiving speaker (RFC 4724 4.2), one address family at a
// time. Control thread only; the FSM calls these at the session's events.
#ifndef EVPND_BGP_GR_H
#define EVPND_BGP_GR_H

#include <stdbool.h>
#include <stdint.h>

#include "cp/bgp/bgp_msg.h"
#include "cp/bgp/bgp_peer.h"

// The families (1 << enum bgp_af) listed in c's graceful restart capability; with
// fwd, only those whose F bit says their forwarding state was preserved.
uint8_t bgp_gr_afs(const struct bgp_caps *c, bool fwd);

// The Established session of p went down. With keep_stale (the TCP connection
// failed or the hold timer expired), the routes of the families the peer listed
// in its capability stay, marked stale, for its restart time; all others go.
void bgp_gr_session_down(struct bgp_peer *p, bool keep_stale, uint64_t now);

// The peer's OPEN (capabilities c) after p->af[] was negotiated: the stale routes
// of every family not listed again with the F bit, or not negotiated, go now.
// Then c's graceful restart capability becomes the peer's.
void bgp_gr_session_up(struct bgp_peer *p, const struct bgp_caps *c);

// End-of-RIB of af: the stale routes of af still not announced again go.
void bgp_gr_eor(struct bgp_peer *p, enum bgp_af af);

// The restart time is over: every stale route goes.
void bgp_gr_restart_over(struct bgp_peer *p);

#endif
