// SPDX-License-Identifier: BSD-3-Clause
// Non-blocking sockets for BGP sessions. Every fd is O_NONBLOCK and sits in one
// epoll set whose fd the control loop may watch.
#include "cp/bgp/bgp_io.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cp/cp_log.h"

static int epfd = -1;

int bgp_io_init(void)
{
	epfd = epoll_create1(EPOLL_CLOEXEC);
	return epfd < 0 ? -errno : 0;
}

void bgp_io_fini(void)
{
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

static int new_socket(void)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1;

	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return fd;
}

int bgp_io_listen(struct bgp_conn *conn, struct in_addr addr, uint16_t port)
{
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr = addr};
	int fd = new_socket(), ret;

	if (fd < 0)
		return fd;
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 || listen(fd, 64) < 0) {
		ret = -errno;
		close(fd);
		return ret;
	}
	memset(conn, 0, sizeof(*conn));
	conn->fd = fd;
	return watch(conn, EPOLLIN);
}

int bgp_io_accept(struct bgp_conn *listener, struct sockaddr_in *from)
{
	socklen_t len = sizeof(*from);
	int fd = accept4(listener->fd, (struct sockaddr *)from, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
	int one = 1;

	if (fd < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK ? -EAGAIN : -errno;
	if (from->sin_family != AF_INET) {
		close(fd);
		return -EAFNOSUPPORT;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return fd;
}

int bgp_io_md5(int fd, struct in_addr peer, const char *key)
{
	struct tcp_md5sig sig;
	struct sockaddr_in *sin = (struct sockaddr_in *)&sig.tcpm_addr;
	size_t len = strlen(key);

	memset(&sig, 0, sizeof(sig));
	sin->sin_family = AF_INET;
	sin->sin_addr = peer;
	if (len > TCP_MD5SIG_MAXKEYLEN)
		return -EINVAL;
	sig.tcpm_keylen = (uint16_t)len;
	memcpy(sig.tcpm_key, key, len);
	return setsockopt(fd, IPPROTO_TCP, TCP_MD5SIG, &sig, sizeof(sig)) < 0 ? -errno : 0;
}

int bgp_io_gtsm(int fd, unsigned hops)
{
	int ttl = 255, minttl = 256 - (int)hops;

	if (setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl)) < 0 ||
		setsockopt(fd, IPPROTO_IP, IP_MINTTL, &minttl, sizeof(minttl)) < 0)
		return -errno;
	return 0;
}

static int secure(struct bgp_peer *peer, int fd)
{
	int ret = 0;

	if (peer->cfg.password[0] != '\0')
		ret = bgp_io_md5(fd, peer->cfg.addr.v4, peer->cfg.password);
	if (ret == 0 && peer->cfg.ttl_hops != 0)
		ret = bgp_io_gtsm(fd, peer->cfg.ttl_hops);
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
	struct sockaddr_in src = {.sin_family = AF_INET};

	if (peer->cfg.update_source.family != AF_INET)
		return 0;
	src.sin_addr = peer->cfg.update_source.v4;
	return bind(fd, (struct sockaddr *)&src, sizeof(src)) < 0 ? -errno : 0;
}

int bgp_io_connect(struct bgp_peer *peer, struct bgp_conn *conn, uint16_t port)
{
	struct sockaddr_in dst = {.sin_family = AF_INET, .sin_port = htons(port),
		.sin_addr = peer->cfg.addr.v4};
	int fd = new_socket(), ret;

	if (fd < 0)
		return fd;
	if ((ret = secure(peer, fd)) < 0 || (ret = bind_source(peer, fd)) < 0)
		goto fail;
	if (connect(fd, (struct sockaddr *)&dst, sizeof(dst)) < 0 && errno != EINPROGRESS) {
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

static void learn_local(struct bgp_conn *conn)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);

	if (getsockname(conn->fd, (struct sockaddr *)&sin, &len) == 0)
		conn->local = sin.sin_addr;
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

int bgp_io_adopt(struct bgp_conn *conn, int fd)
{
	struct bgp_peer *peer = conn->peer;

	conn_init(conn, peer, fd, false);
	if (peer->cfg.ttl_hops != 0)
		bgp_io_gtsm(fd, peer->cfg.ttl_hops);
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

int bgp_buf_append(struct bgp_buf *b, const void *data, size_t len)
{
	if (b->len + len > b->cap) {
		if (b->off > 0) {
			memmove(b->data, b->data + b->off, b->len - b->off);
			b->len -= b->off;
			b->off = 0;
		}
		size_t cap = b->cap ? b->cap : 16384;
		while (cap < b->len + len)
			cap *= 2;
		uint8_t *d = cap != b->cap ? realloc(b->data, cap) : b->data;
		if (d == NULL)
			return -ENOMEM;
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, data, len);
	b->len += len;
	return 0;
}

void bgp_buf_free(struct bgp_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}
