// SPDX-License-Identifier: BSD-3-Clause
// The workers' side of the per-packet trace (dp_trace.h); the control thread's is
// dp/writer/dp_trace_query.c. Called only while a trace is asked for or running.
#include <rte_cycles.h>
#include <rte_mbuf.h>
#include <string.h>

#include "dp/core/dp_meta.h"
#include "dp/core/dp_trace.h"
#include "dp/core/dp_worker.h"

// The record of m, or NULL when m is not traced (a clone carries its slot but not
// its pointer).
static struct dp_trace_rec *trace_rec(struct dp_worker *w, struct rte_mbuf *m)
{
	uint8_t slot = dp_meta(m)->trace;
	struct dp_trace_rec *r;

	if (slot == 0 || slot > DP_TRACE_PKTS)
		return NULL;
	r = &w->trace.rec[slot - 1];
	return r->m == m ? r : NULL;
}

static void trace_step(struct dp_trace_rec *r, uint16_t node, uint64_t now)
{
	uint8_t k = r->n_hops;

	if (k >= DP_TRACE_HOPS)
		return;
	r->node[k] = node;
	r->dt[k] = (uint32_t)(now - r->tsc0);
	__atomic_store_n(&r->n_hops, k + 1, __ATOMIC_RELEASE);
}

static void trace_start(struct dp_worker *w, struct rte_mbuf *m, uint16_t port, uint32_t slot,
	uint64_t now)
{
	struct dp_trace_rec *r = &w->trace.rec[slot];

	__atomic_store_n(&r->n_hops, 0, __ATOMIC_RELAXED);
	r->m = m;
	r->tsc0 = now;
	r->in_port = port;
	r->len = (uint16_t)rte_pktmbuf_pkt_len(m);
	r->out_port = DP_TRACE_NO_PORT;
	memset(r->head, 0, sizeof(r->head));
	memcpy(r->head, rte_pktmbuf_mtod(m, void *), RTE_MIN(m->data_len, DP_TRACE_HEAD));
	dp_meta(m)->trace = (uint8_t)(slot + 1);
}

void dp_trace_input(struct dp_worker *w, uint16_t port, uint16_t entry, struct rte_mbuf **pkts,
	uint16_t n)
{
	uint64_t now = rte_rdtsc();
	uint32_t want = __atomic_load_n(&w->trace.want, __ATOMIC_RELAXED);
	uint32_t used = __atomic_load_n(&w->trace.used, __ATOMIC_RELAXED);
	uint32_t took = 0;

	for (uint16_t i = 0; i < n; i++) {
		dp_meta(pkts[i])->trace = 0; // stale from the mbuf's last use
		if (took >= want || used >= DP_TRACE_PKTS)
			continue;
		uint32_t slot = used++;
		trace_start(w, pkts[i], port, slot, now);
		trace_step(&w->trace.rec[slot], entry, now);
		took++;
	}
	if (took == 0)
		return;
	__atomic_store_n(&w->trace.used, used, __ATOMIC_RELEASE);
	__atomic_fetch_sub(&w->trace.want, took, __ATOMIC_RELAXED);
	w->tracing = true;
}

void dp_trace_hop(struct dp_worker *w, uint16_t id, struct rte_mbuf **pkts, uint16_t n)
{
	uint64_t now = rte_rdtsc();

	for (uint16_t i = 0; i < n; i++) {
		struct dp_trace_rec *r = trace_rec(w, pkts[i]);
		if (r != NULL)
			trace_step(r, id, now);
	}
}

void dp_trace_tx(struct dp_worker *w, uint16_t port, struct rte_mbuf **pkts, uint16_t n)
{
	uint64_t now = rte_rdtsc();

	for (uint16_t i = 0; i < n; i++) {
		struct dp_trace_rec *r = trace_rec(w, pkts[i]);
		if (r == NULL)
			continue;
		r->out_port = port;
		trace_step(r, DP_TRACE_TX_HOP, now);
	}
}
