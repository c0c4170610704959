// SPDX-License-Identifier: BSD-3-Clause
// The queries of dp/dp_api.h, asked of the forwarding process: one frame out, the
// records collected, the END's value returned; then the callbacks run over the records.
// Names come inline and are interned here, so the pointers the callbacks get stay
// valid as in-process ones do.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dp/dp_api.h"
#include "dp/ipc/dp_ipc_client_priv.h"
#include "dp/ipc/dp_ipc_proto.h"

struct answer {
	uint8_t *recs;
	size_t len, cap;
	uint32_t n;
	struct dp_ipc_end end;
};

static int keep_records(struct answer *a, const uint8_t *p, size_t len, uint32_t count)
{
	if (a->len + len > a->cap) {
		size_t cap = a->cap ? a->cap : 65536;
		while (cap < a->len + len)
			cap *= 2;
		uint8_t *r = realloc(a->recs, cap);
		if (r == NULL)
			return -ENOMEM;
		a->recs = r;
		a->cap = cap;
	}
	memcpy(a->recs + a->len, p, len);
	a->len += len;
	a->n += count;
	return 0;
}

// Asks q; 0 with *a filled (a->end.ret is the query's own value), or -errno.
static int ask(const struct dp_ipc_rpc *q, struct answer *a)
{
	static uint32_t seq;
	struct {
		struct dp_ipc_hdr h;
		struct dp_ipc_rpc q;
	} f = {.h = {.op = DP_IPC_RPC, .count = 1, .seq = ++seq}, .q = *q};
	int ret;

	memset(a, 0, sizeof(*a));
	if ((ret = dp_ipc_client_flush_all()) < 0 || (ret = dp_ipc_client_send(&f, sizeof(f))) < 0)
		return ret;
	for (;;) {
		const struct dp_ipc_hdr *h = (const void *)dpc.in;
		if ((ret = dp_ipc_client_recv(true)) < 0)
			break;
		if (ret == 1)
			continue;
		if ((h->op == DP_IPC_RECORDS || h->op == DP_IPC_END) && h->seq != f.h.seq)
			continue; // the answer of a query given up on (a signal, a timeout)
		if (h->op == DP_IPC_RECORDS && h->rpc == q->op)
			ret = keep_records(a, dpc.in + sizeof(*h), dpc.in_len - sizeof(*h), h->count);
		else if (h->op == DP_IPC_END && h->rpc == q->op &&
			 dpc.in_len >= sizeof(*h) + sizeof(a->end)) {
			memcpy(&a->end, dpc.in + sizeof(*h), sizeof(a->end));
			return 0;
		} else
			ret = -EPROTO;
		if (ret < 0)
			break;
	}
	free(a->recs);
	a->recs = NULL;
	return ret;
}

static int ask_ret(const struct dp_ipc_rpc *q, struct dp_ipc_end *end)
{
	struct answer a;
	int ret = ask(q, &a);

	if (end != NULL && ret < 0)
		memset(end, 0, sizeof(*end));
	if (ret < 0)
		return ret;
	free(a.recs);
	if (end != NULL)
		*end = a.end;
	return a.end.ret;
}

static const char *intern(const char *s)
{
	static struct name {
		struct name *next;
		char s[DP_IPC_NAME];
	} *names;

	for (struct name *n = names; n != NULL; n = n->next)
		if (strcmp(n->s, s) == 0)
			return n->s;
	struct name *n = calloc(1, sizeof(*n));
	if (n == NULL)
		return "?";
	snprintf(n->s, sizeof(n->s), "%s", s);
	n->next = names;
	names = n;
	return n->s;
}

// The walks: each record of the answer, as its in-process type, to cb.
#define WALK(op_, wire_t, ...)                                               \
	do {                                                                     \
		struct answer a;                                                 \
		int ret = ask(&(struct dp_ipc_rpc){.op = (op_), .bd = bd_}, &a); \
		if (ret < 0)                                                     \
			return ret;                                              \
		if (a.len != (size_t)a.n * sizeof(wire_t)) {                     \
			free(a.recs);                                            \
			return -EPROTO;                                          \
		}                                                                \
		for (uint32_t i = 0; i < a.n && ret == 0; i++) {                 \
			const wire_t *w = (const void *)(a.recs + i * sizeof(wire_t)); \
			__VA_ARGS__;                                             \
		}                                                                \
		free(a.recs);                                                    \
		return ret != 0 ? ret : a.end.ret;                               \
	} while (0)

int dp_port_walk(dp_port_cb cb, void *arg)
{
	uint16_t bd_ = 0;
	WALK(DP_RPC_PORT_WALK, struct dp_port_info, ret = cb(w, arg));
}

int dp_bd_walk(dp_bd_cb cb, void *arg)
{
	uint16_t bd_ = 0;
	WALK(DP_RPC_BD_WALK, struct dp_bd_info, ret = cb(w, arg));
}

int dp_mac_walk(uint16_t bd_, dp_mac_cb cb, void *arg)
{
	WALK(DP_RPC_MAC_WALK, struct dp_mac_info, ret = cb(w, arg));
}

int dp_nh_walk(dp_nh_cb cb, void *arg)
{
	uint16_t bd_ = 0;
	WALK(DP_RPC_NH_WALK, struct dp_nh_info, ret = cb(w, arg));
}

int dp_label_walk(dp_label_cb cb, void *arg)
{
	uint16_t bd_ = 0;
	WALK(DP_RPC_LABEL_WALK, struct dp_label_info, ret = cb(w, arg));
}

int dp_counter_walk(dp_counter_cb cb, void *arg)
{
	uint16_t bd_ = 0;
	WALK(DP_RPC_COUNTER_WALK, struct dp_ipc_counter, {
		struct dp_counter_info c = {.node = intern(w->node), .name = intern(w->name),
			.drop = w->drop, .value = w->value};
		ret = cb(&c, arg);
	});
}

int dp_node_walk(dp_node_cb cb, void *arg)
{
	uint16_t bd_ = 0;
	WALK(DP_RPC_NODE_WALK, struct dp_ipc_node, {
		struct dp_node_info n = {.name = intern(w->name), .calls = w->calls,
			.packets = w->packets, .cycles = w->cycles};
		ret = cb(&n, arg);
	});
}

int dp_trace_walk(dp_trace_cb cb, void *arg)
{
	uint16_t bd_ = 0;
	WALK(DP_RPC_TRACE_WALK, struct dp_ipc_trace, {
		struct dp_trace_info t = w->t;
		for (unsigned k = 0; k < t.n_hops && k < DP_TRACE_MAX_HOPS; k++)
			t.node[k] = intern(w->node[k]);
		ret = cb(&t, arg);
	});
}

int dp_tester_walk(dp_tester_cb cb, void *arg)
{
	uint16_t bd_ = 0;
	WALK(DP_RPC_TESTER_WALK, struct dp_ipc_tester, {
		struct dp_tester_info t = w->t;
		t.name = intern(w->name);
		ret = cb(&t, arg);
	});
}

int dp_mac_get(uint16_t bd, const uint8_t mac[6], struct dp_mac_info *out)
{
	struct dp_ipc_rpc q = {.op = DP_RPC_MAC_GET, .bd = bd};
	struct dp_ipc_end e;
	int ret;

	memcpy(q.mac, mac, 6);
	if ((ret = ask_ret(&q, &e)) == 0)
		*out = e.mac;
	return ret;
}

int dp_neigh_get(uint16_t bd, const struct dp_ip *ip, uint8_t mac[6])
{
	struct dp_ipc_end e;
	int ret = ask_ret(&(struct dp_ipc_rpc){.op = DP_RPC_NEIGH_GET, .bd = bd, .ip = *ip}, &e);

	if (ret == 0)
		memcpy(mac, e.neigh_mac, 6);
	return ret;
}

int dp_port_by_name(const char *name)
{
	struct dp_ipc_rpc q = {.op = DP_RPC_PORT_BY_NAME};

	snprintf(q.name, sizeof(q.name), "%s", name);
	return ask_ret(&q, NULL);
}

int dp_capture_start(const struct dp_capture_req *req, char *err, size_t errlen)
{
	struct dp_ipc_rpc q = {.op = DP_RPC_CAPTURE_START, .port = req->port, .dir = req->dir,
		.count = req->count, .seconds = req->seconds};
	struct dp_ipc_end e;
	int ret;

	snprintf(q.name, sizeof(q.name), "%s", req->port_name ? req->port_name : "");
	snprintf(q.filter, sizeof(q.filter), "%s", req->filter ? req->filter : "");
	snprintf(q.path, sizeof(q.path), "%s", req->path);
	ret = ask_ret(&q, &e);
	if (ret < 0 && errlen > 0)
		snprintf(err, errlen, "%s", e.err[0] ? e.err : strerror(-ret));
	return ret;
}

int dp_capture_stop(void)
{
	return ask_ret(&(struct dp_ipc_rpc){.op = DP_RPC_CAPTURE_STOP}, NULL);
}

int dp_capture_get(struct dp_capture_info *out)
{
	struct dp_ipc_end e;
	int ret = ask_ret(&(struct dp_ipc_rpc){.op = DP_RPC_CAPTURE_GET}, &e);

	if (ret == 0)
		*out = e.capture;
	return ret;
}

int dp_trace_add(unsigned n)
{
	return ask_ret(&(struct dp_ipc_rpc){.op = DP_RPC_TRACE_ADD, .u64 = {n}}, NULL);
}

void dp_trace_clear(void)
{
	ask_ret(&(struct dp_ipc_rpc){.op = DP_RPC_TRACE_CLEAR}, NULL);
}

unsigned dp_trace_pending(void)
{
	struct dp_ipc_end e;
	return ask_ret(&(struct dp_ipc_rpc){.op = DP_RPC_TRACE_PENDING}, &e) == 0
		       ? (unsigned)e.pending
		       : 0;
}

int dp_tester_start(void)
{
	return ask_ret(&(struct dp_ipc_rpc){.op = DP_RPC_TESTER_START}, NULL);
}

int dp_tester_trial(unsigned stream, uint64_t pps, uint64_t ms)
{
	return ask_ret(&(struct dp_ipc_rpc){.op = DP_RPC_TESTER_TRIAL, .u64 = {stream, pps, ms}},
		NULL);
}

int dp_tester_stop(void)
{
	return ask_ret(&(struct dp_ipc_rpc){.op = DP_RPC_TESTER_STOP}, NULL);
}

void dp_tester_state(struct dp_tester_state *st)
{
	struct dp_ipc_end e;

	memset(st, 0, sizeof(*st));
	if (ask_ret(&(struct dp_ipc_rpc){.op = DP_RPC_TESTER_STATE}, &e) == 0)
		*st = e.tester;
}

int dp_tester_move(unsigned stream, uint32_t host, uint32_t *vtep, uint32_t *old_vtep,
	unsigned *measured)
{
	struct dp_ipc_end e = {.ret = 0};
	int ret = ask_ret(&(struct dp_ipc_rpc){.op = DP_RPC_TESTER_MOVE,
				  .u64 = {stream, host, *vtep}}, &e);

	*vtep = e.move[0];
	*old_vtep = e.move[1];
	*measured = e.move[2];
	return ret;
}

int dp_split_info(struct dp_split_info *out)
{
	struct answer a;
	int ret = ask(&(struct dp_ipc_rpc){.op = DP_RPC_SHOW_SPLIT}, &a);

	if (ret < 0)
		return ret;
	if (a.n == 1 && a.len == sizeof(*out)) {
		memcpy(out, a.recs, sizeof(*out));
		out->cp_pid = (uint32_t)getpid();
	}
	ret = a.n == 1 && a.len == sizeof(*out) ? 0 : -EPROTO;
	free(a.recs);
	return ret;
}
