// SPDX-License-Identifier: BSD-3-Clause
// Port link state, read on the control thread (never by the workers): from the PMD,
// woken by its link-state interrupt where it has one, polled every few milliseconds
// otherwise, and for af_packet from its kernel interface (the PMD always says up).
#ifndef EVPND_PORT_LINK_H
#define EVPND_PORT_LINK_H

#include <stdbool.h>
#include <stdint.h>

typedef void (*port_link_cb)(uint16_t port, bool up);

// Called by port_open before the port starts: remembers the af_packet kernel
// interface named in devargs and listens to the PMD's link interrupts if lsc is set.
void port_link_watch(uint16_t port, const char *devargs, const char *driver, bool lsc);
void port_link_unwatch(uint16_t port);
// Reads the watched ports when one raised an interrupt, and all of them every
// LINK_POLL_MS; calls cb(port, up) for each port read (the callee keeps the state).
// Returns the number of ports read.
unsigned port_link_poll(uint64_t now_ms, port_link_cb cb);
// The link of one port now.
bool port_link_up(uint16_t port);

#endif
