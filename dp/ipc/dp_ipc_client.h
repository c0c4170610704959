// SPDX-License-Identifier: BSD-3-Clause
// The control process's end of the wire (evpnd-cp): dp/dp_api.h implemented by asking
// the forwarding process, so the control plane runs unchanged in its own process. The
// messages are buffered and sent in frames; notifications are read as they come;
// queries wait for their answer (records first collected, then given to the callback,
// so a callback may ask again).
#ifndef EVPND_DP_IPC_CLIENT_H
#define EVPND_DP_IPC_CLIENT_H

#include <stdbool.h>
#include <stdint.h>

// Connects and says hello: 0, *has_state (the forwarding process's tables hold what an
// earlier control process set: this is a restart), or -errno.
int dp_ipc_client_connect(const char *path, bool *has_state);
int dp_ipc_client_fd(void);
// Sends what is buffered, reads what came: 0 or -ENOTCONN (the forwarding process
// went away).
int dp_ipc_client_poll(void);
// The configuration's messages are all sent (after control_start): 0 or -errno.
int dp_ipc_client_configured(void);
// Everything is sent again (a restart's re-sync is over): the forwarding process
// removes the rest. 0 or -errno.
int dp_ipc_client_sync_done(void);
void dp_ipc_client_close(void);

#endif
