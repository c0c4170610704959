// SPDX-License-Identifier: BSD-3-Clause
// The route-injection API (README "Route injection"): the helper processes of
// the configuration (inject_proc.h) and evpnctl's own source "cli", driven from
// the control loop; events to the helpers: every BGP neighbor's session going
// up or down, and with "receive routes" the RIB at each start of the helper
// (inject_replay.h), then every change of best path of the unicast and EVPN
// RIBs. Control thread only.
#ifndef EVPND_INJECT_H
#define EVPND_INJECT_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>

#include "cp/config/config.h"
#include "cp/inject/inject_proc.h"

#define INJECT_MAX_PROCS CFG_MAX_PROCESSES // the config refuses more

// After bgp_init: the processes start with the first poll. 0, -E2BIG (too many
// processes), -ENOMEM.
int inject_init(const struct evpnd_config *cfg);
// Work done (0 = idle).
unsigned inject_poll(uint64_t now_ms);
// The helpers' stdout descriptors into pfd (POLLIN), at most max: how many.
int inject_pollfds(struct pollfd *pfd, int max);
// Stops every helper and withdraws every injected route (before bgp_fini).
void inject_fini(void);

// For evpnctl: the "cli" source and the processes.
struct inject_src *inject_cli(void);
size_t inject_n_procs(void);
const struct inject_proc *inject_proc_at(size_t i);

#endif
