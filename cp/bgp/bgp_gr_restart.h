// SPDX-License-Identifier: BSD-3-Clause
// Graceful restart as the restarting speaker (RFC 4724 4.1). The process that
// starts the speaker says, before bgp_init, whether the dataplane outlived the
// previous control process (forwarding preserved: the F bit of our families) and
// whether this start is such a restart (the R bit, and the deferral of our own
// advertisements until the neighbors sent their End-of-RIB). Both take effect
// only with "bgp graceful-restart": without it the neighbors dropped our routes
// when we died, and waiting would only make the outage longer.
// Control thread only.
#ifndef EVPND_BGP_GR_RESTART_H
#define EVPND_BGP_GR_RESTART_H

#include <stdbool.h>
#include <stdint.h>

// The dataplane outlives this process (split mode): every OPEN lists our
// families with the F bit (forwarding state preserved).
void bgp_gr_set_forwarding_preserved(bool on);
// This start is a restart over preserved forwarding state: OPENs carry the R bit
// until the deferral is over; until then no UPDATE nor End-of-RIB of ours leaves.
void bgp_gr_set_restarting(bool on);
// The deferral is over (always true when not restarting): every configured,
// enabled neighbor is Established and, if it advertised graceful restart, sent
// End-of-RIB for all the families negotiated with it; or select-defer-time
// expired. Neighbors not up keep us waiting until the timer: we cannot know
// whether they keep our routes.
bool bgp_gr_restart_complete(void);

// Every configured, enabled neighbor is Established and sent End-of-RIB for every
// family negotiated with it, graceful restart or not: the routes BGP had before a
// restart are all back (the sweep of the forwarding process's stale entries waits
// for it). True without neighbors.
bool bgp_gr_peers_synced(void);

// ---- for the speaker, the FSM and show commands

// At bgp_init (bgp_glob() set): the deferral starts, select_defer_s long
// (0: BGP_GR_SELECT_DEFER_TIME), counted from the first bgp_gr_restart_poll.
void bgp_gr_restart_init(uint16_t select_defer_s);
// Every poll: ends the deferral when it is over (logged once).
void bgp_gr_restart_poll(uint64_t now);
// The restart flags (BGP_GR_F_*) and per-family flags (BGP_GR_AF_F_*) of the
// graceful restart capability we send now.
uint8_t bgp_gr_restart_flags(void);
uint8_t bgp_gr_restart_af_flags(void);

struct bgp_gr_restart_state {
	bool restarting;	   // deferring (or deferred) at this start
	bool forwarding_preserved; // F bit advertised
	bool done;		   // bgp_gr_restart_complete()
	bool by_timer;		   // ended by select-defer-time, not End-of-RIB
	uint16_t select_defer_s;
	uint64_t elapsed_ms; // of the deferral: so far, or how long it took
};
void bgp_gr_restart_state(struct bgp_gr_restart_state *s);

#endif
