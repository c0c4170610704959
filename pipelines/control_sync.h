// SPDX-License-Identifier: BSD-3-Clause
// When a control process has said everything again: the configuration's tables are
// sent and, after a restart, BGP's graceful restart is over (every peer's End-of-RIB
// in, or the selection deferral timer out). Then the forwarding process sweeps.
#ifndef EVPND_CONTROL_SYNC_H
#define EVPND_CONTROL_SYNC_H

#include <stdbool.h>
#include <stdint.h>

// Before control_start: restarting says the forwarding process kept an earlier
// control process's tables (BGP restarts as graceful-restart restarting speaker).
void control_sync_begin(bool restarting, uint64_t now_ms);
// Says SYNC_DONE once, when it is time.
void control_sync_poll(uint64_t now_ms);

#endif
