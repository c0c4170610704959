// SPDX-License-Identifier: BSD-3-Clause
// The forwarding process's end of the control wire. A control process connects and
// says hello; if the tables hold what an earlier one set, every object is marked stale
// (it keeps forwarding) and the new one hears again what it needs (dp_ipc_replay).
// Its messages go through the shadow (ids translated, repeats skipped) into a queue
// that drains into the writer's ring; when it says SYNC_DONE, what it did not set
// again is removed. Its queries are answered at once, in order with its messages.
#include "dp/ipc/dp_ipc_server.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <rte_log.h>

#include "dp/dp_api.h"
#include "dp/ipc/dp_ipc_fifo.h"
#include "dp/ipc/dp_ipc_proto.h"
#include "dp/ipc/dp_ipc_replay.h"
#include "dp/ipc/dp_ipc_reply.h"
#include "dp/ipc/dp_ipc_shadow.h"

#define QUEUE_HIGH 65536   // messages waiting for the writer: stop reading above
#define NOTIFY_QUEUE 65536 // live notifications waiting for the control process, at most
#define FRAMES_PER_POLL 64

RTE_LOG_REGISTER(dp_ipc_logtype, evpnd.ipc, INFO);
#define IPC_LOG(lvl, fmt, ...) \
	rte_log(RTE_LOG_##lvl, dp_ipc_logtype, "forwarding: " fmt "\n", ##__VA_ARGS__)

static struct {
	int listen_fd, fd;
	char path[108];
	uint64_t started_ms, connected_ms, now_ms;
	uint32_t controls;
	bool greeted; // the connected control process said hello
	bool syncing;
	bool configured; // a control process has sent its configuration once
	// messages for the writer, in order (the control process's, then a sweep's)
	struct dp_ipc_fifo q;
	// notifications for the control process
	// notifications for the control process: a replay (never dropped), then live ones
	struct dp_ipc_fifo nq;
	uint64_t nq_lost; // dropped since the last LOST sent
	struct dp_split_info stats;
	struct dp_ipc_reply reply;
	uint8_t in[DP_IPC_FRAME_MAX];
} sv = {.listen_fd = -1, .fd = -1, .q = {.esize = sizeof(struct dp_msg)},
	.nq = {.esize = sizeof(struct dp_notify)}};

static uint64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

int dp_ipc_server_open(const char *path)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	int fd;

	if (strlen(path) >= sizeof(a.sun_path))
		return -ENAMETOOLONG;
	if (dp_ipc_shadow_init() < 0)
		return -ENOMEM;
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
	snprintf(sv.path, sizeof(sv.path), "%s", path);
	if ((fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) < 0)
		return -errno;
	unlink(path); // a stale socket of a forwarding process that died
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || chmod(path, 0660) < 0 ||
		listen(fd, 2) < 0) {
		int ret = -errno;
		close(fd);
		return ret;
	}
	sv.listen_fd = fd;
	sv.started_ms = mono_ms();
	return 0;
}

int dp_ipc_server_fds(int *fds, int max)
{
	int n = 0;
	if (n < max && sv.listen_fd >= 0)
		fds[n++] = sv.listen_fd;
	if (n < max && sv.fd >= 0)
		fds[n++] = sv.fd;
	return n;
}

bool dp_ipc_server_connected(void)
{
	return sv.fd >= 0;
}

bool dp_ipc_server_configured(void)
{
	return sv.configured && sv.q.len == 0;
}

static void drop_control(const char *why)
{
	if (sv.fd < 0)
		return;
	if (sv.listen_fd < 0) // stopping
		IPC_LOG(INFO, "control process %u disconnected", sv.controls);
	else
		IPC_LOG(WARNING, "control process %u gone: %s; forwarding goes on with the "
				 "tables as they are", sv.controls, why);
	close(sv.fd);
	sv.fd = -1;
	sv.greeted = sv.syncing = false;
	dp_ipc_fifo_clear(&sv.nq);
	sv.nq_lost = 0;
}

// ---- notifications to the control process

// A live notification: dropped (and said with a LOST) when the control process is
// this far behind; it then reads the MAC table again.
static void notify_queue(const struct dp_notify *n, void *arg)
{
	struct dp_notify lost = {.type = DP_NOTIFY_LOST, .n_lost = (uint32_t)sv.nq_lost};

	(void)arg;
	if (sv.nq_lost > 0 && sv.nq.len < NOTIFY_QUEUE && dp_ipc_fifo_push(&sv.nq, &lost) == 0)
		sv.nq_lost = 0;
	if (sv.nq_lost > 0 || sv.nq.len >= NOTIFY_QUEUE || dp_ipc_fifo_push(&sv.nq, n) < 0) {
		sv.nq_lost++;
		sv.stats.notifies_dropped++;
	}
}

// What a new control process must hear: all of it, whatever its size.
static void replay_queue(const struct dp_notify *n, void *arg)
{
	(void)arg;
	if (dp_ipc_fifo_push(&sv.nq, n) < 0) {
		sv.nq_lost++;
		sv.stats.notifies_dropped++;
	}
}

static unsigned notify_send(void)
{
	uint8_t frame[DP_IPC_FRAME_MAX];
	const size_t per = (sizeof(frame) - sizeof(struct dp_ipc_hdr)) / sizeof(struct dp_notify);
	size_t sent = 0;

	while (sv.nq.len > 0) {
		size_t n = sv.nq.len < per ? sv.nq.len : per;
		struct dp_ipc_hdr h = {.op = DP_IPC_NOTIFY, .count = (uint32_t)n};
		memcpy(frame, &h, sizeof(h));
		memcpy(frame + sizeof(h), dp_ipc_fifo_at(&sv.nq, 0), n * sizeof(struct dp_notify));
		if (send(sv.fd, frame, sizeof(h) + n * sizeof(struct dp_notify),
			    MSG_DONTWAIT | MSG_NOSIGNAL) < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != ENOBUFS)
				drop_control(strerror(errno));
			break;
		}
		dp_ipc_fifo_pop(&sv.nq, n);
		sent += n;
	}
	sv.stats.notifies_sent += sent;
	return (unsigned)sent;
}

// What the writer notifies: kept for a replay, and to the control process if one is there.
static unsigned notify_forward(void)
{
	struct dp_notify batch[256];
	unsigned n, done = 0;

	while ((n = dp_notify_recv(batch, 256)) > 0) {
		for (unsigned i = 0; i < n; i++) {
			dp_ipc_replay_note(&batch[i]);
			if (sv.fd >= 0)
				notify_queue(&batch[i], NULL);
		}
		done += n;
	}
	if (sv.fd >= 0 && sv.nq.len > 0)
		done += notify_send();
	return done;
}

// ---- messages to the writer

static int queue_push(const struct dp_msg *m)
{
	return dp_ipc_fifo_push(&sv.q, m);
}

static unsigned queue_drain(void)
{
	unsigned n = 0;

	while (sv.q.len > 0 && dp_msg_send(dp_ipc_fifo_at(&sv.q, 0)) == 0) {
		dp_ipc_fifo_pop(&sv.q, 1);
		n++;
	}
	return n;
}

static void take_msgs(const struct dp_msg *m, uint32_t count)
{
	for (uint32_t i = 0; i < count; i++) {
		struct dp_msg out;
		int ret = dp_ipc_shadow_msg(&m[i], &out);
		sv.stats.msgs++;
		if (ret == 1)
			ret = queue_push(&out);
		if (ret < 0) // as the writer says a refusal: the control process logs it
			notify_queue(&(struct dp_notify){.type = DP_NOTIFY_MSG_ERROR,
					     .cookie = m[i].cookie, .error = ret}, NULL);
	}
}

// A MAC the sweep would remove may have been learned here since: the writer removes it
// only if it is still what was recorded, when it applies the delete (not now: the
// queue and the ring lie between).
static int sweep_emit(const struct dp_msg *del, void *arg)
{
	struct dp_msg m = *del;
	(void)arg;

	if (m.type == DP_MSG_MAC_DEL)
		m.mac.del_if_same = true;
	return queue_push(&m) < 0 ? -ENOMEM : 0;
}

static void sync_done(void)
{
	size_t stale = dp_ipc_shadow_stale();
	unsigned removed = dp_ipc_shadow_sweep(sweep_emit, NULL);

	sv.stats.last_sweep_removed = removed;
	sv.stats.last_sync_ms = sv.now_ms - sv.connected_ms;
	if (sv.syncing && sv.controls > 1)
		IPC_LOG(NOTICE, "control process %u re-synchronised in %lu ms: %zu table entries "
				"stale, %u removed", sv.controls,
			(unsigned long)sv.stats.last_sync_ms, stale, removed);
	sv.syncing = false;
}

// ---- the connection

static void hello(const struct dp_ipc_hello *in)
{
	struct {
		struct dp_ipc_hdr h;
		struct dp_ipc_hello o;
	} f = {.h = {.op = DP_IPC_HELLO, .count = 1}};

	if (in->version != DP_IPC_VERSION || in->msg_size != sizeof(struct dp_msg) ||
		in->notify_size != sizeof(struct dp_notify)) {
		drop_control("another version of evpnd (protocol or sizes differ)");
		return;
	}
	f.o = (struct dp_ipc_hello){.version = DP_IPC_VERSION, .msg_size = sizeof(struct dp_msg),
		.notify_size = sizeof(struct dp_notify), .pid = (uint32_t)getpid(),
		.has_state = dp_ipc_shadow_has_state(), .controls = sv.controls,
		.uptime_ms = sv.now_ms - sv.started_ms};
	if (dp_ipc_send_frame(sv.fd, &f, sizeof(f)) < 0) {
		drop_control("hello not sent");
		return;
	}
	IPC_LOG(NOTICE, "control process %u (pid %u) connected%s",
		sv.controls, in->pid, f.o.has_state ? ": tables kept, marked stale until it re-syncs" : "");
	sv.stats.cp_pid = in->pid;
	sv.greeted = true;
	if (f.o.has_state)
		dp_ipc_shadow_mark();
	sv.syncing = true;
	dp_ipc_replay(replay_queue, NULL);
}

static void take_frame(const uint8_t *buf, size_t len)
{
	const struct dp_ipc_hdr *h = (const void *)buf;
	const uint8_t *body = buf + sizeof(*h);
	size_t blen = len - sizeof(*h);

	if ((h->op == DP_IPC_HELLO) == sv.greeted) { // a hello first, and only one
		drop_control(sv.greeted ? "a second hello" : "no hello first");
		return;
	}
	switch (h->op) {
	case DP_IPC_HELLO:
		if (blen >= sizeof(struct dp_ipc_hello))
			hello((const void *)body);
		else
			drop_control("a malformed hello");
		break;
	case DP_IPC_MSGS:
		if ((size_t)h->count * sizeof(struct dp_msg) != blen) {
			drop_control("a malformed message frame");
			break;
		}
		take_msgs((const void *)body, h->count);
		break;
	case DP_IPC_SYNC_DONE:
		sync_done();
		break;
	case DP_IPC_CONFIGURED:
		sv.configured = true;
		break;
	case DP_IPC_RPC: {
		struct dp_ipc_rpc q;
		if (blen < sizeof(q)) {
			drop_control("a malformed query");
			break;
		}
		memcpy(&q, body, sizeof(q)); // its strings ended here, whatever came
		q.name[sizeof(q.name) - 1] = q.filter[sizeof(q.filter) - 1] = '\0';
		q.path[sizeof(q.path) - 1] = '\0';
		dp_ipc_reply_init(&sv.reply, sv.fd, q.op, h->seq);
		dp_ipc_rpc_answer(&q, &sv.reply);
		if (sv.reply.error)
			drop_control("a query's answer could not be sent");
		break;
	}
	default:
		drop_control("unknown frame");
	}
}

static void accept_control(void)
{
	int fd = accept4(sv.listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	struct dp_ipc_hdr refused = {.op = DP_IPC_REFUSED};

	if (fd < 0)
		return;
	if (sv.fd >= 0) {
		send(fd, &refused, sizeof(refused), MSG_DONTWAIT | MSG_NOSIGNAL);
		close(fd);
		return;
	}
	sv.fd = fd;
	sv.controls++;
	sv.connected_ms = sv.now_ms;
}

static unsigned read_frames(void)
{
	unsigned n = 0;

	while (sv.fd >= 0 && n < FRAMES_PER_POLL && sv.q.len < QUEUE_HIGH) {
		ssize_t len = recv(sv.fd, sv.in, sizeof(sv.in), MSG_DONTWAIT | MSG_TRUNC);
		if (len < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (len <= 0) {
			drop_control(len == 0 ? "connection closed" : strerror(errno));
			break;
		}
		if ((size_t)len > sizeof(sv.in) || (size_t)len < sizeof(struct dp_ipc_hdr)) {
			drop_control("a frame of a wrong size");
			break;
		}
		take_frame(sv.in, (size_t)len);
		n++;
	}
	return n;
}

unsigned dp_ipc_server_poll(uint64_t now_ms)
{
	unsigned done;

	sv.now_ms = now_ms;
	if (sv.listen_fd >= 0)
		accept_control();
	done = queue_drain();
	done += read_frames();
	done += queue_drain();
	done += notify_forward();
	return done;
}

int dp_split_info(struct dp_split_info *out)
{
	if (sv.started_ms == 0)
		return -ENOTSUP; // one process
	*out = sv.stats;
	out->fwd_pid = (uint32_t)getpid();
	out->fwd_uptime_ms = sv.now_ms - sv.started_ms;
	out->controls = sv.controls;
	out->syncing = sv.syncing;
	out->recorded = dp_ipc_shadow_count();
	out->stale = dp_ipc_shadow_stale();
	return 0;
}

void dp_ipc_server_close(void)
{
	if (sv.listen_fd >= 0) {
		close(sv.listen_fd);
		unlink(sv.path);
		sv.listen_fd = -1;
	}
	drop_control("stopping");
	dp_ipc_fifo_free(&sv.q);
	dp_ipc_fifo_free(&sv.nq);
	dp_ipc_replay_fini();
	dp_ipc_shadow_fini();
}
