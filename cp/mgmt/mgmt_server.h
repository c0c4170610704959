// SPDX-License-Identifier: BSD-3-Clause
// The management API server: a unix stream socket served from the control loop,
// never blocking it. Requests are dispatched to the command registry (mgmt_cmd.h).
//
// Wire protocol (version 1), both directions UTF-8 text:
//
//   request:  one line ending in '\n', at most MGMT_LINE_MAX bytes with the '\n'
//             (a '\r' before it is ignored), e.g. "show mac bd 100 json\n".
//   response: a header line "<status> <length>\n" in ASCII decimal, then exactly
//             <length> bytes of output (text or JSON, possibly empty), e.g.
//             "0 12\nhello world\n". status is 0 on success, or the negative errno
//             of the failure (then the output is the error message, e.g.
//             "-22 33\n% Unknown command: shwo mac\n...").
//
// A connection may carry any number of requests; responses come in request order
// (a client should wait for each response before sending the next request). A line
// that is too long gets a -E2BIG response and is skipped up to its '\n'. When the
// client shuts down its writing side, pending requests are still answered, then
// the server closes. At most MGMT_MAX_CONNS clients are served at once; one more
// is sent a -EBUSY response and closed. A client making no progress (neither
// sending nor reading) for the idle timeout is disconnected.
#ifndef EVPND_MGMT_SERVER_H
#define EVPND_MGMT_SERVER_H

#include "cp/mgmt/mgmt_cmd.h" // MGMT_LINE_MAX

#define MGMT_DEFAULT_SOCK "/run/evpnd.sock"
#define MGMT_SOCK_ENV "EVPND_SOCK"
#define MGMT_MAX_CONNS 16
#define MGMT_IDLE_TIMEOUT_MS 120000

// Listens on path: a stale socket file there is removed; another live server there
// gives -EADDRINUSE, a file that is not a socket -EEXIST. The socket gets mode 0660.
// Returns 0 or -errno; -EBUSY if the server is already open.
int mgmt_server_open(const char *path);

// One descriptor to watch for EPOLLIN (it is an epoll set of the listening socket
// and the clients, so it nests in the caller's epoll); -1 when closed.
int mgmt_server_fd(void);

// Non-blocking: accepts clients, reads requests, dispatches them and writes the
// responses, with bounded work per call (events, requests per client, bytes
// written). Call it when mgmt_server_fd() is readable, and about once a second
// so idle clients are reaped; work left over keeps the fd readable.
void mgmt_server_poll(void);

// Closes every client and the socket and removes the socket file.
void mgmt_server_close(void);

// Clients connected now (tests, "show" commands).
unsigned mgmt_server_nconns(void);

// Idle timeout in milliseconds (MGMT_IDLE_TIMEOUT_MS by default; for tests).
void mgmt_server_set_idle_timeout(unsigned ms);

#endif
