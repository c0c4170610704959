// SPDX-License-Identifier: BSD-3-Clause
// Non-blocking TCP for BGP: listen and connect sockets (update-source, TCP MD5,
// GTSM), buffered reads and writes, and the epoll set the speaker polls. No
// BGP parsing here.
#ifndef EVPND_BGP_IO_H
#define EVPND_BGP_IO_H

#include <netinet/in.h>
#include <stddef.h>

#include "cp/bgp/bgp_buf.h"
#include "cp/bgp/bgp_peer.h"

#define BGP_PORT 179

int bgp_io_init(void);
void bgp_io_fini(void);
int bgp_io_epoll_fd(void);

// A listening socket on the any address of family (AF_INET, or AF_INET6 for
// IPv6 only) and port, registered in the epoll set with tag conn
// (conn->peer == NULL marks a listener). Returns 0 or -errno.
int bgp_io_listen(struct bgp_conn *conn, int family, uint16_t port);
// Accepts one connection: its fd and the remote address, or -EAGAIN.
int bgp_io_accept(struct bgp_conn *listener, struct cp_ip *from);

// TCP MD5 key for peer on fd (a listener or a connection); "" removes it.
int bgp_io_md5(int fd, const struct cp_ip *peer, const char *key);
// GTSM (RFC 5082): send with TTL (hop limit) 255, accept only >= 256 - hops (any
// with hops 0). Returns 0 or -errno.
int bgp_io_gtsm(int fd, int family, unsigned hops);

// Starts a non-blocking connect from the peer's update-source to port; conn
// gets the fd and is registered. Returns 0 or -errno.
int bgp_io_connect(struct bgp_peer *peer, struct bgp_conn *conn, uint16_t port);
// After the socket became writable: 0 when connected, -errno otherwise.
int bgp_io_connect_result(struct bgp_conn *conn);
// Whether a connection still marked connecting has in fact completed its TCP
// handshake (its writable event not handled yet).
bool bgp_io_connect_done(const struct bgp_conn *conn);
// Registers an accepted fd as conn.
int bgp_io_adopt(struct bgp_conn *conn, int fd);
void bgp_io_close(struct bgp_conn *conn);
// Closes conn for writing (FIN after what it sent) but keeps its socket open, out
// of the epoll set, until the peer has acknowledged everything (bgp_io_unsent) or
// bgp_io_fini: a close() with unread data would send a RST instead, and the last
// message (a NOTIFICATION) would be lost. conn itself is closed as bgp_io_close.
void bgp_io_linger(struct bgp_conn *conn);
// Bytes the lingering sockets still have to get acknowledged (SIOCOUTQ); those
// done are closed.
size_t bgp_io_unsent(void);

// Reads what fits in conn->rx: 0, or -ECONNRESET (closed by the peer, error).
int bgp_io_read(struct bgp_conn *conn);
// Writes conn->tx until EAGAIN: 0 or -errno. Watches EPOLLOUT while data remain.
int bgp_io_write(struct bgp_conn *conn);

#endif
