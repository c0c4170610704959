// SPDX-License-Identifier: BSD-3-Clause
// The forwarding process's end of the wire to the control process (evpnd --split):
// applies its messages to the tables (through the shadow that lets a restarted control
// process take over without a packet lost), sends it the dataplane's notifications and
// answers its queries. One control process at a time. Writer thread only.
#ifndef EVPND_DP_IPC_SERVER_H
#define EVPND_DP_IPC_SERVER_H

#include <stdbool.h>
#include <stdint.h>

// Listens on path (replacing a stale socket file): 0 or -errno.
int dp_ipc_server_open(const char *path);
// The fds to poll for input (the listening socket, the control process's): how many.
int dp_ipc_server_fds(int *fds, int max);
// Accepts, reads, applies, forwards notifications, answers queries. Returns the work done.
unsigned dp_ipc_server_poll(uint64_t now_ms);
// Whether a control process is connected.
bool dp_ipc_server_connected(void);
// Whether a control process said its configuration is sent, and the queue to the
// writer is empty (the writer's own ring is the caller's to check).
bool dp_ipc_server_configured(void);
void dp_ipc_server_close(void);


#endif
