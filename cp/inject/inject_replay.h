// SPDX-License-Identifier: BSD-3-Clause
// Route events to the helpers started with "receive routes": the line of one
// change of best path, and the replay of the Loc-RIB of every family to a
// helper that just started (what it would have seen had it run before), walked
// over many polls with a RIB cursor while the helper's event buffer has room,
// so that neither a large RIB nor a slow reader blocks evpnd or loses events.
// Changes during the replay are sent as they happen: a route may be announced
// twice, and one withdrawn before the cursor reached it is withdrawn without
// having been announced. The end is an event of its own:
// {"type":"replayed","routes":N}. Control thread only.
#ifndef EVPND_INJECT_REPLAY_H
#define EVPND_INJECT_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cp/bgp/bgp_rib.h"
#include "cp/inject/inject_proc.h"

#define INJECT_EVENT_MAX 512 // characters of one route event line
#define INJECT_REPLAY_PER_POLL 128

struct inject_replay {
	struct bgp_rib_cursor c; // registered with the RIB while active: must not move
	uint8_t af;		 // the family being walked (enum bgp_af)
	bool on;
	uint64_t routes; // sent so far
};

// One route event line (without '\n') into buf (INJECT_EVENT_MAX).
void inject_route_line(char *buf, enum bgp_route_event ev, enum bgp_af af,
	const struct bgp_route *r);

// From the first family (again from the start when on).
void inject_replay_start(struct inject_replay *rp);
// Up to INJECT_REPLAY_PER_POLL routes to p while its buffer is less than half
// full; stops when p is not running. Routes sent (0: idle or done).
unsigned inject_replay_poll(struct inject_replay *rp, struct inject_proc *p);
void inject_replay_stop(struct inject_replay *rp);

#endif
