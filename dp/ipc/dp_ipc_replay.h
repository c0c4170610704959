// SPDX-License-Identifier: BSD-3-Clause
// What a new control process must hear again from the forwarding process: the
// notifications whose content the tables do not keep in a form it reads back (the
// underlay neighbours, the IPs seen for local MACs), the ports whose link is down, and
// a "notifications lost" that makes it read the MAC table again (cp_resync).
#ifndef EVPND_DP_IPC_REPLAY_H
#define EVPND_DP_IPC_REPLAY_H

#include "dp/dp_api.h"

// Keeps what n says if it is of a kind to replay: 0 or -ENOMEM.
int dp_ipc_replay_note(const struct dp_notify *n);
// Gives emit() the notifications a new control process needs, in order. Returns how many.
unsigned dp_ipc_replay(void (*emit)(const struct dp_notify *n, void *arg), void *arg);
void dp_ipc_replay_fini(void);

#endif
