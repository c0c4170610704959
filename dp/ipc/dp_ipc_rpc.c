// SPDX-License-Identifier: BSD-3-Clause
// The forwarding process answers the control process's queries: each is the in-process
// call of dp/dp_api.h, its records packed as they come; names go inline. Next-hop ids
// go back in the control process's numbering (the shadow translates them).
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "dp/ipc/dp_ipc_reply.h"
#include "dp/ipc/dp_ipc_shadow.h"
#include "dp/ipc/dp_ipc_server.h"

int dp_ipc_send_frame(int fd, const void *frame, size_t len)
{
	for (int waited = 0; waited < 1000; waited += 10) {
		if (send(fd, frame, len, MSG_DONTWAIT | MSG_NOSIGNAL) == (ssize_t)len)
			return 0;
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != ENOBUFS)
			return -errno;
		poll(&(struct pollfd){.fd = fd, .events = POLLOUT}, 1, 10);
	}
	return -ETIMEDOUT;
}

void dp_ipc_reply_init(struct dp_ipc_reply *r, int fd, uint16_t rpc, uint32_t seq)
{
	r->fd = fd;
	r->rpc = rpc;
	r->seq = seq;
	r->error = 0;
	r->len = sizeof(struct dp_ipc_hdr);
	r->count = 0;
}

static void reply_flush(struct dp_ipc_reply *r)
{
	struct dp_ipc_hdr h = {.op = DP_IPC_RECORDS, .rpc = r->rpc, .count = r->count, .seq = r->seq};

	if (r->count > 0 && !r->error) {
		memcpy(r->buf, &h, sizeof(h));
		r->error = dp_ipc_send_frame(r->fd, r->buf, r->len);
	}
	r->len = sizeof(h);
	r->count = 0;
}

void dp_ipc_reply_record(struct dp_ipc_reply *r, const void *rec, size_t size)
{
	if (r->error) // the control process is gone: the rest of the walk is dropped
		return;
	if (r->len + size > sizeof(r->buf))
		reply_flush(r);
	memcpy(r->buf + r->len, rec, size);
	r->len += size;
	r->count++;
}

int dp_ipc_reply_end(struct dp_ipc_reply *r, const struct dp_ipc_end *end)
{
	struct {
		struct dp_ipc_hdr h;
		struct dp_ipc_end e;
	} f = {.h = {.op = DP_IPC_END, .rpc = r->rpc, .count = 1, .seq = r->seq}, .e = *end};

	reply_flush(r);
	if (r->error)
		return r->error;
	return dp_ipc_send_frame(r->fd, &f, sizeof(f));
}

static int port_rec(const struct dp_port_info *p, void *arg)
{
	dp_ipc_reply_record(arg, p, sizeof(*p));
	return 0;
}

static int bd_rec(const struct dp_bd_info *b, void *arg)
{
	struct dp_bd_info c = *b;
	for (unsigned i = 0; i < c.n_flood; i++)
		c.flood[i].nh = dp_ipc_shadow_nh_to_cp(c.flood[i].nh);
	dp_ipc_reply_record(arg, &c, sizeof(c));
	return 0;
}

static int mac_rec(const struct dp_mac_info *m, void *arg)
{
	struct dp_mac_info c = *m;
	if (c.nh != 0)
		c.nh = dp_ipc_shadow_nh_to_cp(c.nh);
	dp_ipc_reply_record(arg, &c, sizeof(c));
	return 0;
}

static int nh_rec(const struct dp_nh_info *n, void *arg)
{
	struct dp_nh_info c = *n;
	c.nh = dp_ipc_shadow_nh_to_cp(c.nh);
	dp_ipc_reply_record(arg, &c, sizeof(c));
	return 0;
}

static int label_rec(const struct dp_label_info *l, void *arg)
{
	struct dp_label_info c = *l;
	if (c.nh != 0)
		c.nh = dp_ipc_shadow_nh_to_cp(c.nh);
	dp_ipc_reply_record(arg, &c, sizeof(c));
	return 0;
}

static void copy_name(char *dst, const char *src)
{
	snprintf(dst, DP_IPC_NAME, "%s", src != NULL ? src : "");
}

static int counter_rec(const struct dp_counter_info *c, void *arg)
{
	struct dp_ipc_counter w = {.drop = c->drop, .value = c->value};
	copy_name(w.node, c->node);
	copy_name(w.name, c->name);
	dp_ipc_reply_record(arg, &w, sizeof(w));
	return 0;
}

static int node_rec(const struct dp_node_info *n, void *arg)
{
	struct dp_ipc_node w = {.calls = n->calls, .packets = n->packets, .cycles = n->cycles};
	copy_name(w.name, n->name);
	dp_ipc_reply_record(arg, &w, sizeof(w));
	return 0;
}

static int trace_rec(const struct dp_trace_info *t, void *arg)
{
	struct dp_ipc_trace w = {.t = *t};
	for (unsigned i = 0; i < t->n_hops && i < DP_TRACE_MAX_HOPS; i++) {
		copy_name(w.node[i], t->node[i]);
		w.t.node[i] = NULL;
	}
	dp_ipc_reply_record(arg, &w, sizeof(w));
	return 0;
}

static int tester_rec(const struct dp_tester_info *t, void *arg)
{
	struct dp_ipc_tester w = {.t = *t};
	copy_name(w.name, t->name);
	w.t.name = NULL;
	dp_ipc_reply_record(arg, &w, sizeof(w));
	return 0;
}

static int capture_start(const struct dp_ipc_rpc *q, struct dp_ipc_end *e)
{
	struct dp_capture_req req = {.port = q->port, .port_name = q->name, .dir = q->dir,
		.filter = q->filter[0] ? q->filter : NULL, .count = q->count,
		.seconds = q->seconds, .path = q->path};
	return dp_capture_start(&req, e->err, sizeof(e->err));
}

static int tester_move(const struct dp_ipc_rpc *q, struct dp_ipc_end *e)
{
	uint32_t vtep = (uint32_t)q->u64[2], old_vtep = 0;
	unsigned measured = 0;
	int ret = dp_tester_move((unsigned)q->u64[0], (uint32_t)q->u64[1], &vtep, &old_vtep,
		&measured);
	e->move[0] = vtep;
	e->move[1] = old_vtep;
	e->move[2] = measured;
	return ret;
}

static int query(const struct dp_ipc_rpc *q, struct dp_ipc_reply *r, struct dp_ipc_end *e)
{
	switch (q->op) {
	case DP_RPC_PORT_WALK: return dp_port_walk(port_rec, r);
	case DP_RPC_BD_WALK: return dp_bd_walk(bd_rec, r);
	case DP_RPC_MAC_WALK: return dp_mac_walk(q->bd, mac_rec, r);
	case DP_RPC_MAC_GET: {
		int ret = dp_mac_get(q->bd, q->mac, &e->mac);
		if (ret == 0 && e->mac.nh != 0)
			e->mac.nh = dp_ipc_shadow_nh_to_cp(e->mac.nh);
		return ret;
	}
	case DP_RPC_NH_WALK: return dp_nh_walk(nh_rec, r);
	case DP_RPC_LABEL_WALK: return dp_label_walk(label_rec, r);
	case DP_RPC_COUNTER_WALK: return dp_counter_walk(counter_rec, r);
	case DP_RPC_NODE_WALK: return dp_node_walk(node_rec, r);
	case DP_RPC_NEIGH_GET: return dp_neigh_get(q->bd, &q->ip, e->neigh_mac);
	case DP_RPC_PORT_BY_NAME: return dp_port_by_name(q->name);
	case DP_RPC_CAPTURE_START: return capture_start(q, e);
	case DP_RPC_CAPTURE_STOP: return dp_capture_stop();
	case DP_RPC_CAPTURE_GET: return dp_capture_get(&e->capture);
	case DP_RPC_TRACE_ADD: return dp_trace_add((unsigned)q->u64[0]);
	case DP_RPC_TRACE_CLEAR: dp_trace_clear(); return 0;
	case DP_RPC_TRACE_PENDING: e->pending = dp_trace_pending(); return 0;
	case DP_RPC_TRACE_WALK: return dp_trace_walk(trace_rec, r);
	case DP_RPC_TESTER_START: return dp_tester_start();
	case DP_RPC_TESTER_TRIAL:
		return dp_tester_trial((unsigned)q->u64[0], q->u64[1], q->u64[2]);
	case DP_RPC_TESTER_STOP: return dp_tester_stop();
	case DP_RPC_TESTER_STATE: dp_tester_state(&e->tester); return 0;
	case DP_RPC_TESTER_MOVE: return tester_move(q, e);
	case DP_RPC_TESTER_WALK: return dp_tester_walk(tester_rec, r);
	case DP_RPC_SHOW_SPLIT: {
		struct dp_split_info s;
		dp_split_info(&s);
		dp_ipc_reply_record(r, &s, sizeof(s));
		return 0;
	}
	default: return -EOPNOTSUPP;
	}
}

void dp_ipc_rpc_answer(const struct dp_ipc_rpc *q, struct dp_ipc_reply *r)
{
	struct dp_ipc_end e;

	memset(&e, 0, sizeof(e));
	e.ret = query(q, r, &e);
	r->error = r->error ? r->error : dp_ipc_reply_end(r, &e);
}
