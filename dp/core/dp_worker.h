// SPDX-License-Identifier: BSD-3-Clause
// A worker's private state: its vectors between nodes, tx buffers, counters and rings.
// Only its own lcore writes it (the counters are read racily by `show stats`).
#ifndef EVPND_DP_WORKER_H
#define EVPND_DP_WORKER_H

#include <rte_branch_prediction.h>
#include <rte_mbuf.h>
#include <rte_ring.h>
#include <stdint.h>

#include "dp/core/dp_counters.h"
#include "dp/core/dp_node.h"
#include "dp/core/dp_trace.h"
#include "dp/core/dp_tables.h"

#define DP_BURST 32
#define DP_VEC_MAX 256
#define DP_TX_MAX 64

struct dp_vec {
	uint16_t n;
	struct rte_mbuf *pkts[DP_VEC_MAX];
};

struct dp_txq {
	uint16_t n;
	// Frames the port's queue had no room for (its share of tx/queue_full);
	// dp: rw, writer: ro (show port)
	uint64_t dropped;
	struct rte_mbuf *pkts[DP_TX_MAX];
};

// What workers tell the writer: a MAC seen on an access port (new, moved or to be
// refreshed), an underlay neighbour seen in ARP/ND, or a host's IP seen in ARP/ND
// on an access port (snooped: EVPN advertises it as a MAC+IP route).
enum dp_event_type {
	DP_EVENT_LEARN = 1,
	DP_EVENT_NEIGH,
	DP_EVENT_SNOOP,
};

struct dp_event {
	uint8_t type;
	uint8_t announced; // NEIGH: from a gratuitous ARP (updates a known neighbour only)
	uint16_t bd;
	uint16_t port;
	uint16_t vlan;
	uint8_t mac[6];
	uint16_t pad2;
	struct dp_ip ip; // DP_EVENT_NEIGH, DP_EVENT_SNOOP
};

// Per-worker memory of source MACs "dealt with this second" on this port and VLAN:
// reported to the writer, or found fresh in the table. A burst of frames from one MAC
// sends one event while the writer catches up, and a busy source costs no table lookup
// after its first frame of the second.
#define DP_LEARN_FILTER_SIZE 4096
struct dp_learn_filter {
	uint64_t key;
	uint16_t sec;
	uint16_t port;
	uint16_t vlan;
};

// Per-worker memory of (bridge domain, MAC, IP) pairs snooped this second: a host
// that ARPs in a loop sends one event a second. A hash collision only delays an
// event to the next second.
#define DP_SNOOP_FILTER_SIZE 1024
struct dp_snoop_filter {
	uint64_t hash;
	uint16_t sec;
};

// Per node, what `show dataplane nodes` sums over workers: calls, packets in, TSC
// cycles spent in the node (an rdtsc pair per call).
struct dp_node_stats {
	uint64_t calls;
	uint64_t pkts;
	uint64_t cycles;
};

struct dp_worker {
	unsigned id;
	uint16_t txq_id; // tx queue this worker owns on every port
	uint16_t now_sec;
	uint64_t now_tsc;
	struct rte_ring *events; // SP (this worker) / SC (writer)
	struct rte_ring *inject; // SP (writer) / SC (this worker): packets the writer sends
	struct rte_mempool *pool;
	bool tracing; // this walk follows traced packets (dp_trace.h)
	uint64_t cnt[DP_CNT_MAX]; // every block's, laid out by dp_graph_build

	struct dp_node_stats node_stats[DP_NODE_MAX]; // by node id; dp: rw, show: ro
	struct dp_vec vec[DP_NODE_MAX];               // input vector of each node, by id
	uint64_t tx_dirty; // bit per port with packets waiting in tx[]
	struct dp_txq tx[DP_MAX_PORTS];
	uint32_t mac_flush_gen; // dp_tables.mac_flush_gen the filters below were made under
	struct dp_learn_filter learn_filter[DP_LEARN_FILTER_SIZE];
	struct dp_snoop_filter snoop_filter[DP_SNOOP_FILTER_SIZE];
	uint64_t label_pkts[DP_MPLS_MAX_LOCAL]; // packets per local label (its slot); show: ro
	struct dp_trace trace; // "trace add": dp: rw, show: ro
} __rte_cache_aligned;

// Block `c`'s counters in worker w, indexed by the owner's enum. A node takes them once
// per burst: per packet, a count is then one add to a register-held pointer, as cheap
// as a constant index (the block's base is fixed while workers run).
static inline uint64_t *dp_cnt(struct dp_worker *w, const struct dp_counters *c)
{
	uint64_t *cnt = &w->cnt[c->base];

	__asm__("" : "+r"(cnt)); // one pointer for the burst, not w + base per count
	return cnt;
}

// One count outside a burst's loop (a rare event, a step called per frame).
static inline void dp_count_in(struct dp_worker *w, const struct dp_counters *c, unsigned id)
{
	w->cnt[c->base + id]++;
}

static inline void dp_count(uint64_t *cnt, unsigned id)
{
	cnt[id]++;
}

static inline void dp_drop(uint64_t *cnt, struct rte_mbuf *m, unsigned id)
{
	cnt[id]++;
	rte_pktmbuf_free(m);
}

// Append to a vector; the caller sizes vectors so this never overflows (a vector is
// drained once per burst and a burst fans out at most DP_BURST * DP_MAX_FLOOD... for
// flooding, bum_flood sends directly).
static inline void dp_vec_push(struct dp_vec *v, struct rte_mbuf *m)
{
	v->pkts[v->n++] = m;
}

// The input vector of `node`'s next node at its edge `edge` (the node's enum). Fixed while
// workers run: a node may take it once per burst.
static inline struct dp_vec *dp_next(struct dp_worker *w, const struct dp_node *node,
	unsigned edge)
{
	return (struct dp_vec *)((char *)w + node->next_off[edge]);
}

// Transmit (dp_worker.c).
#define TX_COUNTERS(X)                                                                     \
	X(TX_CNT_SENT, "sent", false)                                                      \
	X(TX_CNT_FULL, "queue_full", true)                                                 \
	X(TX_CNT_NO_PORT, "no_port", true)
DP_COUNTER_ENUM(tx_cnt, TX_COUNTERS);
extern struct dp_counters dp_tx_counters;

void dp_tx_flush(struct dp_worker *w, uint16_t port);
void dp_tx_flush_all(struct dp_worker *w);

static inline void dp_tx(struct dp_worker *w, uint16_t port, struct rte_mbuf *m)
{
	struct dp_txq *q;
	if (unlikely(port >= DP_MAX_PORTS)) {
		dp_drop(dp_cnt(w, &dp_tx_counters), m, TX_CNT_NO_PORT);
		return;
	}
	q = &w->tx[port];
	q->pkts[q->n++] = m;
	w->tx_dirty |= UINT64_C(1) << port;
	if (unlikely(q->n == DP_TX_MAX))
		dp_tx_flush(w, port);
}

// Packets for the host's IP stack (a kernel interface mirrors the port): MP/SC ring
// drained by the control thread (dp/writer/exception.c).
extern struct rte_ring *dp_exception_ring;
#define EXCEPTION_COUNTERS(X) X(EXCEPTION_CNT_RING_FULL, "ring_full", true)
DP_COUNTER_ENUM(exception_cnt, EXCEPTION_COUNTERS);
extern struct dp_counters dp_exception_counters;

static inline void dp_to_host(struct dp_worker *w, struct rte_mbuf *m)
{
	if (unlikely(dp_exception_ring == NULL || rte_ring_mp_enqueue(dp_exception_ring, m) != 0))
		dp_drop(dp_cnt(w, &dp_exception_counters), m, EXCEPTION_CNT_RING_FULL);
}

// Post an event to the writer; counted when the ring is full (the MAC is learned on
// a later frame).
int dp_event_post(struct dp_worker *w, const struct dp_event *ev);

// Worker set-up.
int dp_worker_init(struct dp_worker *w, unsigned id, struct rte_mempool *pool);
void dp_worker_fini(struct dp_worker *w);

// Not nodes (no vector): steps l2_fwd and bum_flood call per frame.
void access_output_process(struct dp_worker *w, struct rte_mbuf *m);
// l2_fwd's side step for ARP and IPv6 frames from access ports: the sender's (MAC, IP)
// becomes a DP_EVENT_SNOOP; the frame is only read.
void l2_snoop(struct dp_worker *w, const struct rte_mbuf *m, bool fresh);

// Sweep the pipeline's nodes (dp_graph) until every vector is empty, then flush tx.
void dp_worker_drain(struct dp_worker *w);
// One poll step over a received burst from `port` (the pipeline calls it per rx burst).
void dp_worker_input(struct dp_worker *w, uint16_t port, struct rte_mbuf **pkts, uint16_t n);

#endif
