// SPDX-License-Identifier: BSD-3-Clause
// A query's answer on the wire: records packed into DP_IPC_RECORDS frames, then one
// DP_IPC_END. The control process waits for it, so a frame that does not fit the socket
// now is waited for (briefly): a stuck control process is closed instead.
#ifndef EVPND_DP_IPC_REPLY_H
#define EVPND_DP_IPC_REPLY_H

#include <stddef.h>
#include <stdint.h>

#include "dp/ipc/dp_ipc_proto.h"

struct dp_ipc_reply {
	int fd;
	uint16_t rpc;
	uint32_t seq;
	int error; // a send failed: the rest is dropped, the connection is closed after
	size_t len;
	uint32_t count;
	uint8_t buf[DP_IPC_FRAME_MAX];
};

// A frame to fd, waiting up to a second for room: 0 or -errno.
int dp_ipc_send_frame(int fd, const void *frame, size_t len);
void dp_ipc_reply_init(struct dp_ipc_reply *r, int fd, uint16_t rpc, uint32_t seq);
void dp_ipc_reply_record(struct dp_ipc_reply *r, const void *rec, size_t size);
// Sends what is packed and the end: 0 or -errno (the connection is to be closed).
int dp_ipc_reply_end(struct dp_ipc_reply *r, const struct dp_ipc_end *end);

// Runs query q and writes its answer to r.
void dp_ipc_rpc_answer(const struct dp_ipc_rpc *q, struct dp_ipc_reply *r);

#endif
