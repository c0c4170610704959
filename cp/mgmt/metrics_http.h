// SPDX-License-Identifier: BSD-3-Clause
// A minimal HTTP/1.1 server for Prometheus: GET (or HEAD) /metrics answers the body
// a producer writes (metrics_collect), anything else 404, 405 or 400; every answer
// closes the connection. Served from the control loop, never blocking it: the sockets
// are non-blocking, a request is at most METRICS_HTTP_REQ_MAX bytes, a client gets
// METRICS_HTTP_TIMEOUT_MS to send it and read the answer, and at most
// METRICS_HTTP_CONNS are served at once (more wait in the listen backlog).
#ifndef EVPND_METRICS_HTTP_H
#define EVPND_METRICS_HTTP_H

#include <stdint.h>

#include "cp/mgmt/mgmt_out.h"

#define METRICS_HTTP_CONNS 8
#define METRICS_HTTP_REQ_MAX 4096
#define METRICS_HTTP_TIMEOUT_MS 5000

typedef int (*metrics_http_body)(struct mgmt_out *out);

// Listens on addr (IPv4 or IPv6 literal) port (0: the kernel picks one, see
// metrics_http_port). 0 or -errno (-EBUSY if already open).
int metrics_http_open(const char *addr, uint16_t port, metrics_http_body body);
// The port listened on (host order), 0 when closed.
uint16_t metrics_http_port(void);
// One descriptor to watch for POLLIN (an epoll set of the listening socket and the
// clients); -1 when closed.
int metrics_http_fd(void);
// Accepts, reads, answers and times out what is ready; never blocks. now_ms: a
// monotonic clock in ms. Returns the number of things done (0 = idle).
unsigned metrics_http_poll(uint64_t now_ms);
void metrics_http_close(void);

#endif
