// SPDX-License-Identifier: BSD-3-Clause
// The client side of the management wire protocol (see mgmt_server.h): used by
// evpnctl and by tests.
#ifndef EVPND_MGMT_CLIENT_H
#define EVPND_MGMT_CLIENT_H

#include <stddef.h>

#include "cp/mgmt/mgmt_out.h"

// Connects to the server's socket; a descriptor, or -errno.
int mgmt_client_connect(const char *path);

// Sends one request line (no '\n' inside; it is added) and waits at most
// timeout_ms for the whole response. On 0, *status is the server's status and
// body holds the output (replacing its contents). Returns 0 or -errno:
// -EINVAL (bad line), -ETIMEDOUT, -ECONNRESET (closed early), -EPROTO (bad frame).
int mgmt_client_request(
	int fd, const char *line, int timeout_ms, int *status, struct mgmt_out *body);

// Parses a response header at the start of buf. Returns 0 with the status, the
// body length and the header length, -EAGAIN if more bytes are needed, -EPROTO.
int mgmt_frame_header(const char *buf, size_t len, int *status, size_t *body_len, size_t *hdr_len);

#endif
