// SPDX-License-Identifier: BSD-3-Clause
// `tester rfc2544 STREAM ...`: RFC 2544 throughput and latency, run from the control
// loop as a state machine (one trial at a time, never waiting), `show tester rfc2544`.
#ifndef EVPND_SHOW_RFC2544_H
#define EVPND_SHOW_RFC2544_H

#include <stdint.h>

int show_rfc2544_register(void);
// From the control loop: ends a trial, starts the next.
void show_rfc2544_poll(uint64_t now_ms);

#endif
