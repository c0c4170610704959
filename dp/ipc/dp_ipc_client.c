// SPDX-License-Identifier: BSD-3-Clause
// The control process's connection: frames out (messages, queries, sync done) and in
// (notifications, answers). No DPDK here: evpnd-cp links this instead of the dataplane.
#include "dp/ipc/dp_ipc_client.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "dp/dp_api.h"
#include "dp/ipc/dp_ipc_client_priv.h"
#include "dp/ipc/dp_ipc_proto.h"

#define MSGS_PER_FRAME ((DP_IPC_FRAME_MAX - sizeof(struct dp_ipc_hdr)) / sizeof(struct dp_msg))
#define WAIT_MS 10000 // an answer later than this: the forwarding process is stuck

struct dp_ipc_client dpc = {.fd = -1};

// Waits for the socket (a signal does not cut the wait short). Past ms, the forwarding
// process is stuck or gone: the connection is closed (evpnd-cp then stops and the
// forwarding process, if alive, starts another).
static int wait_fd(short events, int ms)
{
	struct pollfd p = {.fd = dpc.fd, .events = events};
	int r;

	while ((r = poll(&p, 1, ms)) < 0 && errno == EINTR)
		;
	if (r > 0)
		return 0;
	r = r < 0 ? -errno : -ETIMEDOUT;
	dp_ipc_client_close();
	return r;
}

int dp_ipc_client_send(const void *frame, size_t len)
{
	for (;;) {
		if (dpc.fd < 0)
			return -ENOTCONN;
		if (send(dpc.fd, frame, len, MSG_NOSIGNAL | MSG_DONTWAIT) == (ssize_t)len)
			return 0;
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != ENOBUFS)
			return -errno;
		int ret = wait_fd(POLLOUT, WAIT_MS);
		if (ret < 0)
			return ret;
	}
}

static void notify_push(const struct dp_notify *n, uint32_t count)
{
	if (dpc.nq_len + count > dpc.nq_cap) {
		size_t cap = dpc.nq_cap ? dpc.nq_cap : 1024;
		while (cap < dpc.nq_len + count)
			cap *= 2;
		struct dp_notify *q = realloc(dpc.nq, cap * sizeof(*q));
		if (q == NULL) { // as the in-process ring does when full: say so, last
			dpc.nq_lost += count;
			return;
		}
		dpc.nq = q;
		dpc.nq_cap = cap;
	}
	memcpy(dpc.nq + dpc.nq_len, n, count * sizeof(*n));
	dpc.nq_len += count;
}

// One frame in: notifications are queued, an answer's parts go to the query waiting.
// 1 (a frame), 0 (none now), or -errno.
int dp_ipc_client_recv(bool wait)
{
	ssize_t len;
	const struct dp_ipc_hdr *h = (const void *)dpc.in;

	if (dpc.fd < 0)
		return -ENOTCONN;
	if (wait) {
		int ret = wait_fd(POLLIN, WAIT_MS);
		if (ret < 0)
			return ret;
	}
	len = recv(dpc.fd, dpc.in, sizeof(dpc.in), MSG_DONTWAIT | MSG_TRUNC);
	if (len < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return 0;
	if (len <= 0 || (size_t)len < sizeof(*h) || (size_t)len > sizeof(dpc.in)) {
		dp_ipc_client_close();
		return -ENOTCONN;
	}
	dpc.in_len = (size_t)len;
	if (h->op == DP_IPC_NOTIFY &&
		sizeof(*h) + (size_t)h->count * sizeof(struct dp_notify) == (size_t)len) {
		notify_push((const void *)(dpc.in + sizeof(*h)), h->count);
		return 1;
	}
	if (h->op == DP_IPC_REFUSED) {
		fprintf(stderr, "evpnd-cp: the forwarding process has another control process\n");
		dp_ipc_client_close();
		return -EBUSY;
	}
	return 2; // an answer: the caller reads dpc.in
}

static int flush_msgs(void)
{
	struct dp_ipc_hdr h = {.op = DP_IPC_MSGS, .count = (uint32_t)dpc.out_n};
	int ret;

	if (dpc.out_n == 0)
		return 0;
	memcpy(dpc.out, &h, sizeof(h));
	if (send(dpc.fd, dpc.out, sizeof(h) + dpc.out_n * sizeof(struct dp_msg),
		    MSG_NOSIGNAL | MSG_DONTWAIT) < 0) {
		ret = -errno;
		if (ret == -EAGAIN || ret == -EWOULDBLOCK || ret == -ENOBUFS)
			return -ENOBUFS;
		dp_ipc_client_close();
		return -ENOTCONN;
	}
	dpc.out_n = 0;
	return 0;
}

// Queries and sync done come after every message before them.
int dp_ipc_client_flush_all(void)
{
	while (dpc.out_n > 0) {
		int ret = flush_msgs();
		if (ret == -ENOBUFS)
			ret = wait_fd(POLLOUT, WAIT_MS);
		if (ret < 0 && ret != -ENOBUFS)
			return ret;
	}
	return 0;
}

int dp_msg_send(const struct dp_msg *msg)
{
	if (dpc.fd < 0)
		return -ENOTCONN;
	if (dpc.out_n == MSGS_PER_FRAME && flush_msgs() < 0)
		return -ENOBUFS; // the cp's backlog keeps it (cp_msgq.c)
	memcpy(dpc.out + sizeof(struct dp_ipc_hdr) + dpc.out_n * sizeof(*msg), msg, sizeof(*msg));
	dpc.out_n++;
	return 0;
}

unsigned dp_msg_pending(void)
{
	return (unsigned)dpc.out_n;
}

unsigned dp_notify_recv(struct dp_notify *out, unsigned n)
{
	unsigned k = 0;

	if (dpc.nq_len == 0)
		while (dp_ipc_client_recv(false) == 1 && dpc.nq_len < n)
			;
	while (k < n && dpc.nq_head < dpc.nq_len)
		out[k++] = dpc.nq[dpc.nq_head++];
	if (dpc.nq_lost > 0 && k < n && dpc.nq_head == dpc.nq_len) {
		out[k++] = (struct dp_notify){.type = DP_NOTIFY_LOST, .n_lost = (uint32_t)dpc.nq_lost};
		dpc.nq_lost = 0;
	}
	if (dpc.nq_head == dpc.nq_len)
		dpc.nq_head = dpc.nq_len = 0;
	return k;
}

int dp_ipc_client_connect(const char *path, bool *has_state)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	struct {
		struct dp_ipc_hdr h;
		struct dp_ipc_hello o;
	} f = {.h = {.op = DP_IPC_HELLO, .count = 1},
		.o = {.version = DP_IPC_VERSION, .msg_size = sizeof(struct dp_msg),
			.notify_size = sizeof(struct dp_notify), .pid = (uint32_t)getpid()}};
	int ret;

	if (strlen(path) >= sizeof(a.sun_path))
		return -ENAMETOOLONG;
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
	if ((dpc.fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0)) < 0)
		return -errno;
	if (connect(dpc.fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		ret = -errno;
		dp_ipc_client_close();
		return ret;
	}
	if ((ret = dp_ipc_client_send(&f, sizeof(f))) < 0) {
		dp_ipc_client_close();
		return ret;
	}
	while ((ret = dp_ipc_client_recv(true)) == 1)
		;
	if (ret < 0)
		return ret;
	const struct dp_ipc_hdr *h = (const void *)dpc.in;
	if (h->op != DP_IPC_HELLO || dpc.in_len < sizeof(f)) {
		dp_ipc_client_close();
		return -EPROTO;
	}
	memcpy(&dpc.hello, dpc.in + sizeof(*h), sizeof(dpc.hello));
	if (dpc.hello.version != DP_IPC_VERSION || dpc.hello.msg_size != sizeof(struct dp_msg)) {
		dp_ipc_client_close();
		return -EPROTO;
	}
	*has_state = dpc.hello.has_state;
	return 0;
}

int dp_ipc_client_fd(void)
{
	return dpc.fd;
}

int dp_ipc_client_poll(void)
{
	int ret;

	if (dpc.fd < 0)
		return -ENOTCONN;
	ret = flush_msgs();
	if (ret < 0 && ret != -ENOBUFS)
		return ret;
	while ((ret = dp_ipc_client_recv(false)) == 1)
		;
	return ret < 0 ? ret : 0;
}

int dp_ipc_client_configured(void)
{
	struct dp_ipc_hdr h = {.op = DP_IPC_CONFIGURED};
	int ret = dp_ipc_client_flush_all();
	return ret < 0 ? ret : dp_ipc_client_send(&h, sizeof(h));
}

int dp_ipc_client_sync_done(void)
{
	struct dp_ipc_hdr h = {.op = DP_IPC_SYNC_DONE};
	int ret = dp_ipc_client_flush_all();
	return ret < 0 ? ret : dp_ipc_client_send(&h, sizeof(h));
}

void dp_ipc_client_close(void)
{
	if (dpc.fd >= 0)
		close(dpc.fd);
	dpc.fd = -1;
}
