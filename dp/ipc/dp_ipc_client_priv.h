// SPDX-License-Identifier: BSD-3-Clause
// The control process's connection state, shared by its two halves: the stream
// (dp_ipc_client.c) and the queries (dp_ipc_client_rpc.c).
#ifndef EVPND_DP_IPC_CLIENT_PRIV_H
#define EVPND_DP_IPC_CLIENT_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dp/ipc/dp_ipc_proto.h"

struct dp_ipc_client {
	int fd;
	struct dp_ipc_hello hello; // the forwarding process's
	size_t out_n;		   // messages in out
	uint8_t out[DP_IPC_FRAME_MAX];
	struct dp_notify *nq; // notifications come, not yet taken
	size_t nq_head, nq_len, nq_cap;
	uint64_t nq_lost;
	size_t in_len;
	uint8_t in[DP_IPC_FRAME_MAX];
};

extern struct dp_ipc_client dpc;

int dp_ipc_client_send(const void *frame, size_t len);
// 1: a notification frame (queued), 2: another frame in dpc.in, 0: none now, -errno.
int dp_ipc_client_recv(bool wait);
int dp_ipc_client_flush_all(void);

#endif
