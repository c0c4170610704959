// SPDX-License-Identifier: BSD-3-Clause
// A fake of cp/bgp/bgp_io.c for bgp_fsm_test: linked before cp_lib, it defines
// every function of bgp_io.h, so the archive's bgp_io.o is never pulled in. Each
// connection is a real descriptor (of /dev/null, so that the FSM's own close()
// of a refused one is real and checkable) with a scripted wire: what the peer
// sends waits in `in` until the FSM reads it, what the FSM writes goes to `out`.
#include "bgp_fsm_fake_io.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "cp/bgp/bgp_io.h"

struct fake_wire fake_wires[FAKE_MAX_FD];
int fake_connect_result;
bool fake_connect_done;
unsigned fake_connects;
unsigned fake_closes;

static int epfd = -1;

int fake_fd_new(void)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (fd < 0 || fd >= FAKE_MAX_FD)
		return -EMFILE;
	bgp_buf_free(&fake_wires[fd].in);
	bgp_buf_free(&fake_wires[fd].out);
	memset(&fake_wires[fd], 0, sizeof(fake_wires[fd]));
	fake_wires[fd].open = true;
	return fd;
}

bool fake_fd_closed(int fd)
{
	if (fake_wires[fd].open && fcntl(fd, F_GETFD) < 0 && errno == EBADF)
		fake_wires[fd].open = false; // closed by the FSM itself (refused)
	return !fake_wires[fd].open;
}

void fake_reset(void)
{
	for (int fd = 0; fd < FAKE_MAX_FD; fd++) {
		if (fake_wires[fd].open)
			close(fd);
		bgp_buf_free(&fake_wires[fd].in);
		bgp_buf_free(&fake_wires[fd].out);
		memset(&fake_wires[fd], 0, sizeof(fake_wires[fd]));
	}
	fake_connect_result = 0;
	fake_connect_done = false;
	fake_connects = 0;
	fake_closes = 0;
}

int bgp_io_init(void)
{
	epfd = epoll_create1(EPOLL_CLOEXEC); // stays empty: events come from the test
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

int bgp_io_listen(struct bgp_conn *conn, int family, uint16_t port)
{
	(void)conn, (void)family, (void)port;
	return -EADDRNOTAVAIL; // connections come in by bgp_fsm_accept
}

int bgp_io_accept(struct bgp_conn *listener, struct cp_ip *from)
{
	(void)listener, (void)from;
	return -EAGAIN;
}

int bgp_io_md5(int fd, const struct cp_ip *peer, const char *key)
{
	(void)fd, (void)peer, (void)key;
	return 0;
}

int bgp_io_gtsm(int fd, int family, unsigned hops)
{
	(void)fd, (void)family, (void)hops;
	return 0;
}

static void conn_init(struct bgp_conn *c, struct bgp_peer *p, int fd, bool outbound)
{
	memset(c, 0, sizeof(*c));
	c->fd = fd;
	c->peer = p;
	c->outbound = outbound;
}

int bgp_io_connect(struct bgp_peer *peer, struct bgp_conn *conn, uint16_t port)
{
	int fd = fake_fd_new();

	(void)port;
	if (fd < 0)
		return fd;
	fake_connects++;
	conn_init(conn, peer, fd, true);
	conn->connecting = true;
	return 0;
}

int bgp_io_connect_result(struct bgp_conn *conn)
{
	if (fake_connect_result < 0)
		return fake_connect_result;
	conn->connecting = false;
	return 0;
}

bool bgp_io_connect_done(const struct bgp_conn *conn)
{
	(void)conn;
	return fake_connect_done;
}

int bgp_io_adopt(struct bgp_conn *conn, int fd)
{
	conn_init(conn, conn->peer, fd, false);
	return 0;
}

void bgp_io_close(struct bgp_conn *conn)
{
	if (conn->fd >= 0) {
		fake_wires[conn->fd].open = false;
		close(conn->fd);
		fake_closes++;
	}
	conn->fd = -1;
	bgp_buf_free(&conn->rx);
	bgp_buf_free(&conn->tx);
}

void bgp_io_linger(struct bgp_conn *conn)
{
	if (conn->fd >= 0) {
		bgp_io_write(conn);
		fake_wires[conn->fd].lingered = true;
	}
	bgp_io_close(conn);
}

size_t bgp_io_unsent(void)
{
	return 0;
}

int bgp_io_read(struct bgp_conn *conn)
{
	struct fake_wire *w = &fake_wires[conn->fd];

	if (bgp_buf_used(&w->in) > 0 &&
		bgp_buf_append(&conn->rx, w->in.data + w->in.off, bgp_buf_used(&w->in)) < 0)
		return -ENOMEM;
	w->in.off = w->in.len = 0;
	return w->eof ? -ECONNRESET : 0;
}

int bgp_io_write(struct bgp_conn *conn)
{
	struct bgp_buf *b = &conn->tx;

	if (bgp_buf_used(b) > 0 &&
		bgp_buf_append(&fake_wires[conn->fd].out, b->data + b->off, bgp_buf_used(b)) < 0)
		return -ENOMEM;
	b->off = b->len = 0;
	return 0;
}
