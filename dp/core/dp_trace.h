// SPDX-License-Identifier: BSD-3-Clause
// Opt-in per-packet trace, as VPP's "trace add" and grout's trace: each worker
// follows the next few packets it receives through the nodes they take, with the
// time since reception, and the port each is sent on. Off, it costs one test per
// received burst and one per node call (w->tracing), nothing per packet.
#ifndef EVPND_DP_TRACE_H
#define EVPND_DP_TRACE_H

#include <stdint.h>

struct rte_mbuf;
struct dp_worker;

#define DP_TRACE_PKTS 64u // packets a worker keeps (dp_meta.trace is the slot + 1)
#define DP_TRACE_HOPS 16 // nodes kept per packet
#define DP_TRACE_HEAD 14 // first bytes kept: the Ethernet header
#define DP_TRACE_NO_PORT UINT16_MAX
#define DP_TRACE_TX_HOP UINT16_MAX // a hop that is no node: handed to out_port's tx queue

struct dp_trace_rec {
	const struct rte_mbuf *m; // worker only: the traced packet (its clones are not)
	uint64_t tsc0;		  // when its burst came in
	uint16_t in_port;
	uint16_t len;
	uint16_t out_port; // the port it was sent on, DP_TRACE_NO_PORT until then
	uint8_t head[DP_TRACE_HEAD];
	uint8_t n_hops; // release store: the hops below it are written
	uint16_t node[DP_TRACE_HOPS];
	uint32_t dt[DP_TRACE_HOPS]; // TSC cycles since tsc0
};

// One worker's trace. want: the control thread adds, the worker takes; used: the
// worker takes slots, "clear trace" resets it (a record being written then may
// survive the clear: harmless).
struct dp_trace {
	uint32_t want;
	uint32_t used;
	struct dp_trace_rec rec[DP_TRACE_PKTS];
};

// Marks the packets of a received burst the worker is asked to trace, records the
// entry node, and sets w->tracing when it took one.
void dp_trace_input(struct dp_worker *w, uint16_t port, uint16_t entry, struct rte_mbuf **pkts,
	uint16_t n);
// Node `id` is about to process pkts: a hop for each traced one.
void dp_trace_hop(struct dp_worker *w, uint16_t id, struct rte_mbuf **pkts, uint16_t n);
// pkts go to port's tx queue.
void dp_trace_tx(struct dp_worker *w, uint16_t port, struct rte_mbuf **pkts, uint16_t n);

#endif
