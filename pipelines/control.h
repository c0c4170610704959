// SPDX-License-Identifier: BSD-3-Clause
// The control plane's part of a process: BGP, EVPN, the configuration's tables, the
// management socket, metrics and the route-injection helpers. evpnd runs it beside
// the table writer on its main lcore; evpnd-cp runs it alone, the dataplane API going
// over the wire to the forwarding process (evpnd --split).
#ifndef EVPND_CONTROL_H
#define EVPND_CONTROL_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>

#include "cp/config/config.h"
#include "cp/inject/inject.h"

#define CONTROL_POLLFDS (3 + INJECT_MAX_PROCS)

struct control_conf {
	struct evpnd_config *cfg;
	const char *cfg_path;
	const char *sock_path; // the management socket
	const uint16_t *port_ids;
};

// Registers the management commands, programs the tables from the configuration,
// starts BGP and the helpers: 0 or -errno.
int control_start(const struct control_conf *c);
// The Prometheus endpoint (after start-up; a failure is logged, no more).
void control_metrics_open(const struct evpnd_config *cfg);
// One turn: notifications, timers, BGP, EVPN, injection. Returns the work done.
unsigned control_poll(uint64_t now_ms);
// The fds the control plane waits on: how many were filled in (at most CONTROL_POLLFDS).
int control_pollfds(struct pollfd *pfd);
// After poll() on control_pollfds' fds: the management socket and metrics endpoint.
void control_serve(const struct pollfd *pfd, int ready, uint64_t now_ms);
// Cease to every BGP peer; returns while they are unacknowledged (bgp_io_unsent).
void control_goodbye(void);
void control_fini(void);

#endif
