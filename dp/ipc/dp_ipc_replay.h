// SPDX-License-Identifier: BSD-3-Clause
// What a new control process must hear again from the forwarding process: the
// ports whose link is down, the learned MACs (as if learned now), then what the tables
// do not keep in a form it reads back: the underlay neighbours and the IPs seen for
// local MACs (from the last notification of each).
#ifndef EVPND_DP_IPC_REPLAY_H
#define EVPND_DP_IPC_REPLAY_H

#include "dp/dp_api.h"

// Keeps what n says if it is of a kind to replay: 0 or -ENOMEM.
int dp_ipc_replay_note(const struct dp_notify *n);
// Gives emit() the notifications a new control process needs, in order. Returns how many.
unsigned dp_ipc_replay(void (*emit)(const struct dp_notify *n, void *arg), void *arg);
void dp_ipc_replay_fini(void);

#endif
