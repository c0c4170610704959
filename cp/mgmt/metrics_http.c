// SPDX-License-Identifier: BSD-3-Clause
// The metrics HTTP server (metrics_http.h): one epoll set of the listening socket and
// its clients, each a fixed request buffer and the answer being sent.
#include "cp/mgmt/metrics_http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

struct http_conn {
	int fd;		// -1: a free slot
	bool answering; // the request is read: sending resp
	size_t req_len, sent;
	uint64_t deadline_ms;
	struct mgmt_out resp;
	char req[METRICS_HTTP_REQ_MAX];
};

static struct {
	int lfd, epfd;
	uint16_t port;
	bool listening; // lfd in the epoll set (out of it while every slot is taken)
	metrics_http_body body;
	struct http_conn conn[METRICS_HTTP_CONNS];
} srv = {.lfd = -1, .epfd = -1};

static int bind_listen(const char *addr, uint16_t port)
{
	struct sockaddr_storage ss = {0};
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	socklen_t len = sizeof(*s4);
	int one = 1, fd;

	if (inet_pton(AF_INET, addr, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
	} else if (inet_pton(AF_INET6, addr, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		len = sizeof(*s6);
	} else {
		return -EINVAL;
	}
	if ((fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, len) < 0 || listen(fd, 16) < 0 ||
		getsockname(fd, (struct sockaddr *)&ss, &len) < 0) {
		int err = -errno;
		close(fd);
		return err;
	}
	srv.port = ntohs(ss.ss_family == AF_INET ? s4->sin_port : s6->sin6_port);
	return fd;
}

static int ep_ctl(int op, int fd, uint32_t events, uint64_t data)
{
	struct epoll_event ev = {.events = events, .data.u64 = data};
	return epoll_ctl(srv.epfd, op, fd, &ev) < 0 ? -errno : 0;
}

#define LISTEN_TAG UINT64_MAX

int metrics_http_open(const char *addr, uint16_t port, metrics_http_body body)
{
	int ret;

	if (srv.lfd >= 0)
		return -EBUSY;
	for (unsigned i = 0; i < METRICS_HTTP_CONNS; i++) {
		srv.conn[i].fd = -1;
		mgmt_out_init(&srv.conn[i].resp);
	}
	if ((srv.epfd = epoll_create1(EPOLL_CLOEXEC)) < 0)
		return -errno;
	if ((srv.lfd = bind_listen(addr, port)) < 0) {
		ret = srv.lfd;
		metrics_http_close();
		return ret;
	}
	if ((ret = ep_ctl(EPOLL_CTL_ADD, srv.lfd, EPOLLIN, LISTEN_TAG)) < 0) {
		metrics_http_close();
		return ret;
	}
	srv.listening = true;
	srv.body = body;
	return 0;
}

uint16_t metrics_http_port(void)
{
	return srv.lfd >= 0 ? srv.port : 0;
}

int metrics_http_fd(void)
{
	return srv.epfd;
}

static void conn_close(struct http_conn *c)
{
	char sink[512];

	// Unread request bytes would make the close a reset, which can destroy the
	// answer before the client read it (a 431): take what has come, boundedly.
	for (int i = 0; i < 16 && recv(c->fd, sink, sizeof(sink), MSG_DONTWAIT) > 0; i++)
		;
	close(c->fd); // leaves the epoll set with it
	c->fd = -1;
	mgmt_out_free(&c->resp);
	if (!srv.listening && ep_ctl(EPOLL_CTL_ADD, srv.lfd, EPOLLIN, LISTEN_TAG) == 0)
		srv.listening = true;
}

static struct http_conn *free_slot(void)
{
	for (unsigned i = 0; i < METRICS_HTTP_CONNS; i++)
		if (srv.conn[i].fd < 0)
			return &srv.conn[i];
	return NULL;
}

// Takes the waiting clients while slots are free; with none free, stops watching the
// listening socket (the kernel's backlog holds the others) until one is.
static unsigned accept_all(uint64_t now_ms)
{
	struct http_conn *c;
	unsigned n = 0;
	int fd;

	while ((c = free_slot()) != NULL) {
		if ((fd = accept4(srv.lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) < 0)
			return n;
		if (ep_ctl(EPOLL_CTL_ADD, fd, EPOLLIN, (uint64_t)(c - srv.conn)) < 0) {
			close(fd);
			continue;
		}
		*c = (struct http_conn){.fd = fd, .deadline_ms = now_ms + METRICS_HTTP_TIMEOUT_MS};
		mgmt_out_init(&c->resp);
		n++;
	}
	if (srv.listening && epoll_ctl(srv.epfd, EPOLL_CTL_DEL, srv.lfd, NULL) == 0)
		srv.listening = false;
	return n;
}

static void answer(struct http_conn *c, int code, const char *reason, const char *extra,
	const struct mgmt_out *body, bool head)
{
	size_t len = body != NULL ? body->len : 0;

	mgmt_printf(&c->resp,
		"HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n%s"
		"Connection: close\r\n\r\n",
		code, reason,
		code == 200 ? "text/plain; version=0.0.4; charset=utf-8"
			    : "text/plain; charset=utf-8",
		len, extra);
	if (len > 0 && !head)
		mgmt_write(&c->resp, body->buf, len);
}

static void answer_text(struct http_conn *c, int code, const char *reason, const char *extra)
{
	struct mgmt_out b = MGMT_OUT_INIT;

	mgmt_printf(&b, "%d %s\n", code, reason);
	answer(c, code, reason, extra, &b, false);
	mgmt_out_free(&b);
}

static void answer_metrics(struct http_conn *c, bool head)
{
	struct mgmt_out b = MGMT_OUT_INIT;

	if (srv.body(&b) < 0)
		answer_text(c, 500, "Internal Server Error", "");
	else
		answer(c, 200, "OK", "", &b, head);
	mgmt_out_free(&b);
}

// The request line: "GET /metrics HTTP/1.1"; the headers after it do not matter.
static void route(struct http_conn *c)
{
	char method[8], target[256], version[16];
	bool head;

	c->req[c->req_len] = '\0';
	if (sscanf(c->req, "%7s %255s %15s", method, target, version) != 3 ||
		strncmp(version, "HTTP/1.", 7) != 0) {
		answer_text(c, 400, "Bad Request", "");
		return;
	}
	head = strcmp(method, "HEAD") == 0;
	if (strcmp(method, "GET") != 0 && !head)
		answer_text(c, 405, "Method Not Allowed", "Allow: GET, HEAD\r\n");
	else if (strcmp(target, "/metrics") != 0 && strncmp(target, "/metrics?", 9) != 0)
		answer_text(c, 404, "Not Found", "");
	else
		answer_metrics(c, head);
}

static bool request_complete(const struct http_conn *c)
{
	return memmem(c->req, c->req_len, "\r\n\r\n", 4) != NULL ||
	       memmem(c->req, c->req_len, "\n\n", 2) != NULL;
}

static void conn_write(struct http_conn *c)
{
	ssize_t n = send(
		c->fd, c->resp.buf + c->sent, c->resp.len - c->sent, MSG_NOSIGNAL | MSG_DONTWAIT);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n < 0) {
		conn_close(c);
		return;
	}
	c->sent += (size_t)n;
	if (c->sent == c->resp.len)
		conn_close(c);
}

static void conn_read(struct http_conn *c)
{
	ssize_t n = recv(c->fd, c->req + c->req_len, sizeof(c->req) - 1 - c->req_len, 0);

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		conn_close(c);
		return;
	}
	if (n < 0)
		return;
	c->req_len += (size_t)n;
	if (request_complete(c))
		route(c);
	else if (c->req_len == sizeof(c->req) - 1)
		answer_text(c, 431, "Request Header Fields Too Large", "");
	else
		return;
	c->answering = true;
	if (ep_ctl(EPOLL_CTL_MOD, c->fd, EPOLLOUT, (uint64_t)(c - srv.conn)) < 0)
		conn_close(c);
	else
		conn_write(c); // most answers fit the socket's buffer: done now
}

static unsigned expire(uint64_t now_ms)
{
	unsigned n = 0;

	for (unsigned i = 0; i < METRICS_HTTP_CONNS; i++)
		if (srv.conn[i].fd >= 0 && now_ms >= srv.conn[i].deadline_ms) {
			conn_close(&srv.conn[i]);
			n++;
		}
	return n;
}

unsigned metrics_http_poll(uint64_t now_ms)
{
	struct epoll_event ev[METRICS_HTTP_CONNS + 1];
	unsigned done;
	int n;

	if (srv.epfd < 0)
		return 0;
	done = expire(now_ms);
	n = epoll_wait(srv.epfd, ev, METRICS_HTTP_CONNS + 1, 0);
	for (int i = 0; i < n; i++) {
		struct http_conn *c;
		if (ev[i].data.u64 == LISTEN_TAG) {
			done += accept_all(now_ms);
			continue;
		}
		c = &srv.conn[ev[i].data.u64];
		if (c->fd < 0)
			continue; // closed by an earlier event of this round
		if (c->answering)
			conn_write(c);
		else
			conn_read(c);
		done++;
	}
	return done;
}

void metrics_http_close(void)
{
	for (unsigned i = 0; i < METRICS_HTTP_CONNS; i++)
		if (srv.conn[i].fd >= 0) {
			close(srv.conn[i].fd);
			srv.conn[i].fd = -1;
			mgmt_out_free(&srv.conn[i].resp);
		}
	if (srv.lfd >= 0)
		close(srv.lfd);
	if (srv.epfd >= 0)
		close(srv.epfd);
	srv.lfd = srv.epfd = -1;
	srv.listening = false;
	srv.port = 0;
}
