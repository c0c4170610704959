// SPDX-License-Identifier: BSD-3-Clause
// Non-blocking sockets for BGP sessions. Every fd is O_NONBLOCK and sits in one
// epoll set whose fd the control loop may watch.
#include "cp/bgp/bgp_io.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cp/cp_log.h"

#define TCP_STATE_CLOSE 7 // the kernel's TCP_CLOSE (tcp_info.tcpi_state)

static int epfd = -1;
// Sockets shut for writing whose last bytes are not acknowledged yet.
static struct {
	int *fd;
	size_t n, cap;
} lingering;

int bgp_io_init(void)
{
	epfd = epoll_create1(EPOLL_CLOEXEC);
	return epfd < 0 ? -errno : 0;
}

void bgp_io_fini(void)
{
	for (size_t i = 0; i < lingering.n; i++)
		close(lingering.fd[i]);
	free(lingering.fd);
	memset(&lingering, 0, sizeof(lingering));
	if (epfd >= 0)
		close(epfd);
	epfd = -1;
}

int bgp_io_epoll_fd(void)
{
	return epfd;
}

static int watch(struct bgp_conn *c, uint32_t events)
{
	struct epoll_event ev = {.events = events, .data.ptr = c};
	int op = c->events ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;

	if (c->events == events)
		return 0;
	if (epoll_ctl(epfd, op, c->fd, &ev) < 0)
		return -errno;
	c->events = events;
	return 0;
}

// A socket address of either family for ip and port; its length.
static socklen_t sockaddr_of(const struct cp_ip *ip, uint16_t port, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (ip->family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		s6->sin6_addr = ip->v6;
		return sizeof(*s6);
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	s4->sin_family = AF_INET;
	s4->sin_port = htons(port);
	s4->sin_addr = ip->v4;
	return sizeof(*s4);
}

static struct cp_ip ip_of(const struct sockaddr_storage *ss)
{
	struct cp_ip ip = {.family = ss->ss_family};

	if (ss->ss_family == AF_INET6)
		ip.v6 = ((const struct sockaddr_in6 *)ss)->sin6_addr;
	else
		ip.v4 = ((const struct sockaddr_in *)ss)->sin_addr;
	return ip;
}

static int new_socket(int family)
{
	int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1;

	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return fd;
}

int bgp_io_listen(struct bgp_conn *conn, int family, uint16_t port)
{
	struct cp_ip any = {.family = family};
	struct sockaddr_storage ss;
	socklen_t sl = sockaddr_of(&any, port, &ss);
	int fd = new_socket(family), ret, one = 1;

	if (fd < 0)
		return fd;
	// IPv4 peers have their own socket: no IPv4-mapped addresses here.
	if (family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, sl) < 0 || listen(fd, 64) < 0) {
		ret = -errno;
		close(fd);
		return ret;
	}
	memset(conn, 0, sizeof(*conn));
	conn->fd = fd;
	return watch(conn, EPOLLIN);
}

int bgp_io_accept(struct bgp_conn *listener, struct cp_ip *from)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int fd = accept4(listener->fd, (struct sockaddr *)&ss, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
	int one = 1;

	if (fd < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK ? -EAGAIN : -errno;
	if (ss.ss_family != AF_INET && ss.ss_family != AF_INET6) {
		close(fd);
		return -EAFNOSUPPORT;
	}
	*from = ip_of(&ss);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return fd;
}

int bgp_io_md5(int fd, const struct cp_ip *peer, const char *key)
{
	struct tcp_md5sig sig;
	size_t len = strlen(key);

	memset(&sig, 0, sizeof(sig));
	sockaddr_of(peer, 0, (struct sockaddr_storage *)(void *)&sig.tcpm_addr);
	if (len > TCP_MD5SIG_MAXKEYLEN)
		return -EINVAL;
	sig.tcpm_keylen = (uint16_t)len;
	memcpy(sig.tcpm_key, key, len);
	return setsockopt(fd, IPPROTO_TCP, TCP_MD5SIG, &sig, sizeof(sig)) < 0 ? -errno : 0;
}

int bgp_io_gtsm(int fd, int family, unsigned hops)
{
	int ttl = 255, minttl = 256 - (int)hops;
	bool v6 = family == AF_INET6;

	if (setsockopt(fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP, v6 ? IPV6_UNICAST_HOPS : IP_TTL, &ttl,
		    sizeof(ttl)) < 0)
		return -errno;
	if (hops != 0 && setsockopt(fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP,
				 v6 ? IPV6_MINHOPCOUNT : IP_MINTTL, &minttl, sizeof(minttl)) < 0)
		return -errno;
	return 0;
}

static int secure(struct bgp_peer *peer, int fd)
{
	int ret = 0;

	if (peer->cfg.password[0] != '\0')
		ret = bgp_io_md5(fd, &peer->cfg.addr, peer->cfg.password);
	if (ret == 0 && peer->cfg.ttl_hops != 0)
		ret = bgp_io_gtsm(fd, peer->cfg.addr.family, peer->cfg.ttl_hops);
	return ret;
}

static void conn_init(struct bgp_conn *conn, struct bgp_peer *peer, int fd, bool outbound)
{
	memset(conn, 0, sizeof(*conn));
	conn->fd = fd;
	conn->peer = peer;
	conn->outbound = outbound;
}

static int bind_source(struct bgp_peer *peer, int fd)
{
	struct sockaddr_storage src;
	socklen_t sl;

	if (peer->cfg.update_source.family != peer->cfg.addr.family)
		return 0;
	sl = sockaddr_of(&peer->cfg.update_source, 0, &src);
	return bind(fd, (struct sockaddr *)&src, sl) < 0 ? -errno : 0;
}

int bgp_io_connect(struct bgp_peer *peer, struct bgp_conn *conn, uint16_t port)
{
	struct sockaddr_storage dst;
	socklen_t dl = sockaddr_of(&peer->cfg.addr, port, &dst);
	int fd = new_socket(peer->cfg.addr.family), ret;

	if (fd < 0)
		return fd;
	if ((ret = secure(peer, fd)) < 0 || (ret = bind_source(peer, fd)) < 0)
		goto fail;
	if (connect(fd, (struct sockaddr *)&dst, dl) < 0 && errno != EINPROGRESS) {
		ret = -errno;
		goto fail;
	}
	conn_init(conn, peer, fd, true);
	conn->connecting = true;
	if ((ret = watch(conn, EPOLLOUT)) < 0) {
		bgp_io_close(conn);
		return ret;
	}
	return 0;
fail:
	close(fd);
	return ret;
}

// Our address on conn: local over IPv4 (and local6 its IPv4-mapped form, the
// next hop of IPv6 routes there), local6 over IPv6.
static void learn_local(struct bgp_conn *conn)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	// Another family (a socket pair in the FSM fuzz target) has no address to learn.
	if (getsockname(conn->fd, (struct sockaddr *)&ss, &len) < 0 ||
		(ss.ss_family != AF_INET && ss.ss_family != AF_INET6))
		return;
	struct cp_ip ip = ip_of(&ss);
	if (ip.family == AF_INET6) {
		conn->local.s_addr = 0;
		conn->local6 = ip.v6;
		return;
	}
	conn->local = ip.v4;
	memset(&conn->local6, 0, sizeof(conn->local6));
	conn->local6.s6_addr[10] = conn->local6.s6_addr[11] = 0xff;
	memcpy(&conn->local6.s6_addr[12], &ip.v4, 4);
}

int bgp_io_connect_result(struct bgp_conn *conn)
{
	int err = 0;
	socklen_t len = sizeof(err);

	if (getsockopt(conn->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	if (err != 0)
		return -err;
	conn->connecting = false;
	learn_local(conn);
	return watch(conn, EPOLLIN);
}

bool bgp_io_connect_done(const struct bgp_conn *conn)
{
	struct sockaddr_storage sa;
	socklen_t len = sizeof(sa);

	return getpeername(conn->fd, (struct sockaddr *)&sa, &len) == 0;
}

int bgp_io_adopt(struct bgp_conn *conn, int fd)
{
	struct bgp_peer *peer = conn->peer;

	conn_init(conn, peer, fd, false);
	if (peer->cfg.ttl_hops != 0)
		bgp_io_gtsm(fd, peer->cfg.addr.family, peer->cfg.ttl_hops);
	learn_local(conn);
	return watch(conn, EPOLLIN);
}

void bgp_io_close(struct bgp_conn *conn)
{
	if (conn->fd >= 0) {
		epoll_ctl(epfd, EPOLL_CTL_DEL, conn->fd, NULL);
		close(conn->fd);
	}
	conn->fd = -1;
	conn->events = 0;
	bgp_buf_free(&conn->rx);
	bgp_buf_free(&conn->tx);
}

void bgp_io_linger(struct bgp_conn *conn)
{
	if (conn->fd < 0)
		return;
	if (lingering.n == lingering.cap) {
		size_t cap = lingering.cap ? lingering.cap * 2 : 16;
		int *fd = realloc(lingering.fd, cap * sizeof(*fd));
		if (fd == NULL) {
			bgp_io_close(conn); // no room: the plain close it was before
			return;
		}
		lingering.fd = fd;
		lingering.cap = cap;
	}
	epoll_ctl(epfd, EPOLL_CTL_DEL, conn->fd, NULL);
	shutdown(conn->fd, SHUT_WR);
	lingering.fd[lingering.n++] = conn->fd;
	conn->fd = -1;
	bgp_io_close(conn);
}

// Bytes sent on fd and not acknowledged yet; 0 once the connection is gone.
static size_t unacked(int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);
	int n;

	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) < 0 ||
		ti.tcpi_state == TCP_STATE_CLOSE)
		return 0;
	return ioctl(fd, SIOCOUTQ, &n) < 0 || n < 0 ? 0 : (size_t)n;
}

size_t bgp_io_unsent(void)
{
	size_t total = 0;

	for (size_t i = 0; i < lingering.n;) {
		size_t n = unacked(lingering.fd[i]);
		if (n > 0) {
			total += n;
			i++;
			continue;
		}
		close(lingering.fd[i]);
		lingering.fd[i] = lingering.fd[--lingering.n];
	}
	return total;
}

int bgp_io_read(struct bgp_conn *conn)
{
	struct bgp_buf *b = &conn->rx;

	if (b->data == NULL) {
		if ((b->data = malloc(BGP_RX_BUF)) == NULL)
			return -ENOMEM;
		b->cap = BGP_RX_BUF;
	}
	if (b->off > 0) { // keep the unread part at the front
		memmove(b->data, b->data + b->off, b->len - b->off);
		b->len -= b->off;
		b->off = 0;
	}
	while (b->len < b->cap) {
		ssize_t n = read(conn->fd, b->data + b->len, b->cap - b->len);
		if (n > 0) {
			b->len += (size_t)n;
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n < 0 && errno == EINTR)
			continue;
		return -ECONNRESET;
	}
	return 0; // full: the rest waits in the kernel (TCP back-pressure)
}

int bgp_io_write(struct bgp_conn *conn)
{
	struct bgp_buf *b = &conn->tx;

	while (bgp_buf_used(b) > 0) {
		ssize_t n = send(conn->fd, b->data + b->off, bgp_buf_used(b), MSG_NOSIGNAL);
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		b->off += (size_t)n;
	}
	if (bgp_buf_used(b) == 0)
		b->off = b->len = 0;
	return watch(conn, bgp_buf_used(b) > 0 ? EPOLLIN | EPOLLOUT : EPOLLIN);
}
