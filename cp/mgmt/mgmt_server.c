// SPDX-License-Identifier: BSD-3-Clause
// The unix-socket server of the management API. Everything is non-blocking and
// bounded per call, so a slow, silent or dead client costs the control loop
// nothing: it gets no more than its share of each mgmt_server_poll() call and is
// reaped when it stops making progress.
#include "cp/mgmt/mgmt_server.h"
#include "cp/mgmt/mgmt_cmd.h"
#include "cp/mgmt/mgmt_out.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define POLL_EVENTS 32		   // epoll events handled per call
#define REQS_PER_POLL 4		   // requests answered per client per call
#define WRITE_PER_POLL (1u << 20)  // bytes written per client per call
#define KEEP_BUF_MAX (1u << 20)	   // larger response buffers are freed after use
#define LISTEN_SLOT MGMT_MAX_CONNS // epoll tag of the listening socket
#define HDR_MAX 32		   // "<status> <length>\n"

struct mgmt_conn {
	int fd;
	uint32_t events;   // registered with epoll
	bool discard;	   // skipping the rest of an overlong line
	bool eof;	   // the client will send no more requests
	uint64_t last_ms;  // last progress (bytes read or written)
	char hdr[HDR_MAX]; // header of the response being sent
	size_t hdr_len;
	struct mgmt_out body; // output of the response being sent
	size_t sent;	      // bytes of hdr + body sent
	size_t rlen;
	char rbuf[MGMT_LINE_MAX]; // the request line being received
};

static struct {
	int lfd;
	int epfd;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	dev_t dev;
	ino_t ino;
	unsigned idle_ms;
	unsigned nconns;
	struct mgmt_conn *conns[MGMT_MAX_CONNS];
} srv = {.lfd = -1, .epfd = -1, .idle_ms = MGMT_IDLE_TIMEOUT_MS};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

// --- responses --------------------------------------------------------------------

static bool conn_sending(const struct mgmt_conn *c)
{
	return c->sent < c->hdr_len + c->body.len;
}

// Frames the output in c->body with status.
static void conn_respond(struct mgmt_conn *c, int status)
{
	c->hdr_len = (size_t)snprintf(c->hdr, sizeof(c->hdr), "%d %zu\n", status, c->body.len);
	c->sent = 0;
}

static void conn_respond_msg(struct mgmt_conn *c, int status, const char *msg)
{
	mgmt_out_reset(&c->body);
	mgmt_puts(&c->body, msg);
	conn_respond(c, status);
}

static void conn_sent_all(struct mgmt_conn *c)
{
	if (c->body.cap > KEEP_BUF_MAX)
		mgmt_out_free(&c->body);
	mgmt_out_reset(&c->body);
	c->hdr_len = 0;
	c->sent = 0;
}

// Sends what it can of the response; 0 or -errno (the client is gone).
static int conn_flush(struct mgmt_conn *c)
{
	size_t budget = WRITE_PER_POLL;
	struct iovec iov[2];
	struct msghdr msg = {.msg_iov = iov};
	ssize_t n;

	while (conn_sending(c) && budget > 0) {
		size_t hoff = c->sent < c->hdr_len ? c->sent : c->hdr_len;
		size_t boff = c->sent - hoff;

		iov[0] = (struct iovec){c->hdr + hoff, c->hdr_len - hoff};
		iov[1] = (struct iovec){c->body.buf + boff, c->body.len - boff};
		if (iov[1].iov_len > budget)
			iov[1].iov_len = budget;
		msg.msg_iovlen = 2;
		n = sendmsg(c->fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0)
			return errno == EAGAIN || errno == EINTR ? 0 : -errno;
		c->sent += (size_t)n;
		budget -= (size_t)n < budget ? (size_t)n : budget;
		c->last_ms = now_ms();
	}
	if (!conn_sending(c) && c->hdr_len > 0)
		conn_sent_all(c);
	return 0;
}

// --- requests ---------------------------------------------------------------------

static void conn_dispatch(struct mgmt_conn *c, char *line, size_t len)
{
	int rc;

	if (len > 0 && line[len - 1] == '\r')
		len--;
	line[len] = '\0';
	if (memchr(line, '\0', len) != NULL) {
		conn_respond_msg(c, -EINVAL, "% Invalid request: NUL byte\n");
		return;
	}
	mgmt_out_reset(&c->body);
	rc = mgmt_dispatch(line, &c->body);
	conn_respond(c, rc);
}

// Answers the first complete line in rbuf, or the whole rbuf at end of input.
// Returns true if a request was consumed.
static bool conn_next_request(struct mgmt_conn *c)
{
	char *nl = memchr(c->rbuf, '\n', c->rlen);
	size_t len, used;

	if (nl == NULL && !(c->eof && c->rlen > 0))
		return false;
	len = nl != NULL ? (size_t)(nl - c->rbuf) : c->rlen;
	used = nl != NULL ? len + 1 : len;
	if (c->discard) {
		c->discard = false; // the tail of an overlong line, already answered
	} else if (nl != NULL) {
		conn_dispatch(c, c->rbuf, len);
	} else if (c->rlen < sizeof(c->rbuf)) {
		conn_dispatch(c, c->rbuf, len); // last line without '\n'
	}
	c->rlen -= used;
	memmove(c->rbuf, c->rbuf + used, c->rlen);
	return true;
}

// A full buffer without '\n': answer once, then drop bytes up to the next '\n'.
static void conn_overlong(struct mgmt_conn *c)
{
	if (c->rlen < sizeof(c->rbuf) || memchr(c->rbuf, '\n', c->rlen) != NULL)
		return;
	if (!c->discard) {
		char msg[64];

		snprintf(msg, sizeof(msg), "%% Request too long (at most %u bytes)\n",
			MGMT_LINE_MAX - 1);
		conn_respond_msg(c, -E2BIG, msg);
		c->discard = true;
	}
	c->rlen = 0;
}

// Reads once; 0, or -errno when the connection is broken.
static int conn_read(struct mgmt_conn *c)
{
	ssize_t n = recv(c->fd, c->rbuf + c->rlen, sizeof(c->rbuf) - c->rlen, MSG_DONTWAIT);

	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;
	if (n == 0)
		c->eof = true;
	c->rlen += (size_t)n;
	c->last_ms = now_ms();
	conn_overlong(c);
	return 0;
}

// --- connections ------------------------------------------------------------------

static void conn_close(unsigned slot)
{
	struct mgmt_conn *c = srv.conns[slot];

	epoll_ctl(srv.epfd, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	mgmt_out_free(&c->body);
	free(c);
	srv.conns[slot] = NULL;
	srv.nconns--;
}

static bool conn_has_line(const struct mgmt_conn *c)
{
	return memchr(c->rbuf, '\n', c->rlen) != NULL || (c->eof && c->rlen > 0);
}

// Registers the events c waits for: input while it has nothing to send (a client
// that does not read its responses is not read either), output while a response
// or an already received request is pending.
static int conn_update_events(unsigned slot, struct mgmt_conn *c)
{
	struct epoll_event ev = {.data.u32 = slot};

	if (!c->eof && !conn_sending(c))
		ev.events |= EPOLLIN;
	if (conn_sending(c) || conn_has_line(c))
		ev.events |= EPOLLOUT;
	if (ev.events == c->events)
		return 0;
	c->events = ev.events;
	return epoll_ctl(srv.epfd, EPOLL_CTL_MOD, c->fd, &ev) < 0 ? -errno : 0;
}

// Serves one client for one call; 0, or -errno if it must be closed.
static int conn_service(unsigned slot, struct mgmt_conn *c, uint32_t events)
{
	unsigned reqs = 0;
	bool did_read = false;
	int rc;

	if (events & EPOLLERR)
		return -EPIPE;
	if ((rc = conn_flush(c)) < 0)
		return rc;
	while (!conn_sending(c) && reqs < REQS_PER_POLL) {
		if (conn_next_request(c)) {
			reqs++;
			if ((rc = conn_flush(c)) < 0)
				return rc;
		} else if (!c->eof && !did_read) {
			did_read = true;
			if ((rc = conn_read(c)) < 0)
				return rc;
		} else {
			break;
		}
	}
	if (c->eof && !conn_sending(c) && !conn_has_line(c))
		return -ECONNRESET; // done: the client sent everything and got its answers
	return conn_update_events(slot, c);
}

static void server_refuse(int fd)
{
	static const char msg[] = "% Too many management connections, retry later\n";
	char frame[128];
	int n;

	n = snprintf(frame, sizeof(frame), "%d %zu\n%s", -EBUSY, sizeof(msg) - 1, msg);
	send(fd, frame, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT);
	close(fd);
}

static int server_add(int fd)
{
	struct epoll_event ev = {.events = EPOLLIN};
	struct mgmt_conn *c;
	unsigned slot;

	for (slot = 0; slot < MGMT_MAX_CONNS && srv.conns[slot] != NULL; slot++)
		;
	if (slot == MGMT_MAX_CONNS)
		return -EBUSY;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return -ENOMEM;
	c->fd = fd;
	c->events = ev.events;
	c->last_ms = now_ms();
	ev.data.u32 = slot;
	if (epoll_ctl(srv.epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		free(c);
		return -errno;
	}
	srv.conns[slot] = c;
	srv.nconns++;
	return 0;
}

static void server_accept(void)
{
	unsigned i;
	int fd;

	for (i = 0; i < MGMT_MAX_CONNS; i++) {
		fd = accept4(srv.lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return; // EAGAIN, or out of descriptors: retried on the next call
		if (server_add(fd) < 0)
			server_refuse(fd);
	}
}

static void server_reap(void)
{
	uint64_t now = now_ms();
	unsigned slot;

	for (slot = 0; slot < MGMT_MAX_CONNS; slot++)
		if (srv.conns[slot] != NULL && now - srv.conns[slot]->last_ms > srv.idle_ms)
			conn_close(slot);
}

void mgmt_server_poll(void)
{
	struct epoll_event ev[POLL_EVENTS];
	unsigned slot;
	int i, n;

	if (srv.epfd < 0)
		return;
	n = epoll_wait(srv.epfd, ev, POLL_EVENTS, 0);
	for (i = 0; i < n; i++) {
		slot = ev[i].data.u32;
		if (slot == LISTEN_SLOT)
			server_accept();
		else if (srv.conns[slot] != NULL &&
			 conn_service(slot, srv.conns[slot], ev[i].events) < 0)
			conn_close(slot);
	}
	server_reap();
}

// --- socket -----------------------------------------------------------------------

// Removes a socket file left by a dead server; a live one is left alone.
static int remove_stale(const char *path, const struct sockaddr_un *sun)
{
	struct stat st;
	int fd, rc;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISSOCK(st.st_mode))
		return -EEXIST;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	rc = connect(fd, (const struct sockaddr *)sun, sizeof(*sun));
	rc = rc == 0 || errno == EAGAIN ? -EADDRINUSE : 0;
	close(fd);
	if (rc == 0 && unlink(path) < 0 && errno != ENOENT)
		rc = -errno;
	return rc;
}

static int server_listen(const struct sockaddr_un *sun)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.u32 = LISTEN_SLOT};
	struct stat st;

	srv.lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (srv.lfd < 0)
		return -errno;
	if (bind(srv.lfd, (const struct sockaddr *)sun, sizeof(*sun)) < 0)
		return -errno;
	snprintf(srv.path, sizeof(srv.path), "%s", sun->sun_path); // ours to remove now
	if (stat(srv.path, &st) < 0)
		return -errno;
	srv.dev = st.st_dev;
	srv.ino = st.st_ino;
	// Nobody can connect before listen(), so the mode is right before first use.
	if (chmod(srv.path, 0660) < 0)
		return -errno;
	if (listen(srv.lfd, MGMT_MAX_CONNS) < 0)
		return -errno;
	srv.epfd = epoll_create1(EPOLL_CLOEXEC);
	if (srv.epfd < 0)
		return -errno;
	return epoll_ctl(srv.epfd, EPOLL_CTL_ADD, srv.lfd, &ev) < 0 ? -errno : 0;
}

int mgmt_server_open(const char *path)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	int rc;

	if (srv.lfd >= 0)
		return -EBUSY;
	if (path == NULL || path[0] == '\0')
		return -EINVAL;
	if (strlen(path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	strcpy(sun.sun_path, path);
	rc = remove_stale(path, &sun);
	if (rc == 0)
		rc = server_listen(&sun);
	if (rc < 0)
		mgmt_server_close();
	return rc;
}

int mgmt_server_fd(void)
{
	return srv.epfd;
}

void mgmt_server_close(void)
{
	struct stat st;
	unsigned slot;

	for (slot = 0; slot < MGMT_MAX_CONNS; slot++)
		if (srv.conns[slot] != NULL)
			conn_close(slot);
	if (srv.epfd >= 0)
		close(srv.epfd);
	if (srv.lfd >= 0)
		close(srv.lfd);
	// Remove the socket file only if it is still ours (not a newer server's).
	if (srv.path[0] != '\0' && stat(srv.path, &st) == 0 && st.st_dev == srv.dev &&
		st.st_ino == srv.ino)
		unlink(srv.path);
	srv.epfd = -1;
	srv.lfd = -1;
	srv.path[0] = '\0';
}

unsigned mgmt_server_nconns(void)
{
	return srv.nconns;
}

void mgmt_server_set_idle_timeout(unsigned ms)
{
	srv.idle_ms = ms;
}
