// SPDX-License-Identifier: BSD-3-Clause
// tester_gen: the tester's source node. Each poll loop, every stream of this worker
// gets the frames its rate allows since the run started (a TSC budget: no drift, and a
// late loop catches up in bursts), allocated in bulk, its prebuilt headers copied and
// only the per-frame fields written: lengths and checksums, the emulated VTEP and host
// of the frame (host i of the stream's hosts in turn, behind emulated VTEP i modulo
// their number, as its EVPN routes say, or where tester move put it), sequence number and TSC. Sent with
// the worker's own tx queue; what the port does not take is freed and sent again with
// the same sequence numbers, so a stream's tx count is what left the port.
#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_ip.h>
#include <rte_memcpy.h>
#include <rte_udp.h>

#include "dp/core/dp_worker.h"
#include "dp/tester/tester.h"

#define TESTER_GEN_COUNTERS(X)                                                             \
	X(TESTER_GEN_CNT_SENT, "sent", false)                                              \
	X(TESTER_GEN_CNT_ALLOC_FAILED, "alloc_failed", false)                              \
	X(TESTER_GEN_CNT_PORT_FULL, "port_full", false)
DP_COUNTER_ENUM(tester_gen_cnt, TESTER_GEN_COUNTERS);
static struct dp_node tester_gen_node;

unsigned tester_gen_budget(const struct tester_stream *s, struct tester_tx *tx, uint64_t now)
{
	uint64_t elapsed = now - tester.run.start_tsc, due = UINT64_MAX;
	uint64_t limit = s->c.count != 0 ? s->c.count : UINT64_MAX;
	bool over = s->duration_tsc != 0 && elapsed >= s->duration_tsc;

	// frame k is due at k / pps; a loop that comes late still sends what was due
	// before the end of the duration
	if (s->c.pps != 0)
		due = (uint64_t)((unsigned __int128)(over ? s->duration_tsc - 1 : elapsed) *
				 s->c.pps / tester.hz) + 1;
	else if (over)
		due = 0;
	if (due > limit)
		due = limit;
	if (tx->pkts >= due) {
		tx->done = over || tx->pkts >= limit;
		return 0;
	}
	return due - tx->pkts > DP_BURST ? DP_BURST : (unsigned)(due - tx->pkts);
}

// Length and checksum of a prebuilt IPv4 header whose other fields sum to `sum` (RFC
// 1071's sum, the 16-bit words as they lie in memory), and its UDP length.
static inline void gen_ip_len(uint8_t *hdr, uint32_t sum, uint16_t ip_len)
{
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)hdr;
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);
	uint16_t be_len = rte_cpu_to_be_16(ip_len);

	sum += be_len;
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	ip->total_length = be_len;
	ip->hdr_checksum = (uint16_t)~sum;
	udp->dgram_len = rte_cpu_to_be_16((uint16_t)(ip_len - sizeof(*ip)));
}

// The next frame's size and host.
static inline void gen_advance(const struct tester_stream *s, struct tester_tx *tx)
{
	tx->bytes += s->c.sizes[tx->next_size];
	tx->pkts++;
	if (++tx->next_size == s->c.n_sizes)
		tx->next_size = 0;
	if (++tx->host == s->c.n_macs)
		tx->host = 0;
}

// The emulated VTEP a host is behind: host % n_vteps, unless it was moved.
static inline uint32_t gen_vtep(const struct tester_stream *s, uint32_t host)
{
	if (unlikely(host == __atomic_load_n(&s->moved_host, __ATOMIC_ACQUIRE)))
		return __atomic_load_n(&s->moved_vtep, __ATOMIC_RELAXED);
	return host % s->c.n_vteps;
}

void tester_gen_fill(const struct tester_stream *s, uint16_t id, struct tester_tx *tx,
	struct rte_mbuf *m, uint64_t tsc)
{
	uint16_t len = (uint16_t)(s->c.sizes[tx->next_size] - TESTER_FCS);
	uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *);
	struct tester_payload *pl = (struct tester_payload *)(p + s->hdr_len);
	uint32_t host = tx->host; // behind emulated VTEP host % n_vteps

	rte_memcpy(p, s->hdr, s->hdr_len);
	m->data_len = len;
	m->pkt_len = len;
	if (s->c.n_macs > 1)
		tester_mac_add(p + s->inner_eth + RTE_ETHER_ADDR_LEN, host);
	if (s->outer_ip != 0) {
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(p + s->outer_ip);
		struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);
		const uint16_t *src = (const uint16_t *)&ip->src_addr;
		if (s->c.n_vteps > 1)
			ip->src_addr = rte_cpu_to_be_32(rte_be_to_cpu_32(ip->src_addr) +
							gen_vtep(s, host));
		// the flow's entropy (RFC 7348, 7510): one port per emulated host
		udp->src_port = rte_cpu_to_be_16((uint16_t)(49152 + (host & 16383)));
		gen_ip_len(p + s->outer_ip, s->outer_sum + src[0] + src[1],
			(uint16_t)(len - s->outer_ip));
	}
	gen_ip_len(p + s->inner_ip, s->inner_sum, (uint16_t)(len - s->inner_ip));
	pl->magic = rte_cpu_to_be_32(TESTER_MAGIC);
	pl->stream = rte_cpu_to_be_16(id);
	pl->pad = 0;
	pl->seq = rte_cpu_to_be_64(tx->pkts);
	pl->tsc = rte_cpu_to_be_64(tsc);
	gen_advance(s, tx);
}

// One stream's burst; the frames the port refused are taken back (their sequence
// numbers are sent again next time).
static unsigned gen_stream(struct dp_worker *w, uint64_t *cnt, uint16_t id, struct tester_tx *tx,
	uint64_t now)
{
	const struct tester_stream *s = &tester.stream[id];
	struct rte_mbuf *pkts[DP_BURST];
	struct tester_tx before = *tx;
	unsigned n = tester_gen_budget(s, tx, now);
	uint16_t sent;

	if (n == 0)
		return 0;
	if (unlikely(rte_pktmbuf_alloc_bulk(w->pool, pkts, n) != 0)) {
		dp_count(cnt, TESTER_GEN_CNT_ALLOC_FAILED);
		return 0;
	}
	for (unsigned i = 0; i < n; i++)
		tester_gen_fill(s, id, tx, pkts[i], now);
	sent = rte_eth_tx_burst(s->c.tx_port, w->txq_id, pkts, (uint16_t)n);
	cnt[TESTER_GEN_CNT_SENT] += sent;
	if (unlikely(sent < n)) {
		cnt[TESTER_GEN_CNT_PORT_FULL] += n - sent;
		rte_pktmbuf_free_bulk(&pkts[sent], n - sent);
		// the first `sent` frames left: count those only, resend the rest
		*tx = before;
		for (unsigned i = 0; i < sent; i++)
			gen_advance(s, tx);
	}
	return sent;
}

unsigned tester_gen_process(struct dp_worker *w);
unsigned tester_gen_process(struct dp_worker *w)
{
	struct tester_worker *tw;
	uint64_t *cnt = dp_cnt(w, &tester_gen_node.cnt);
	uint64_t now = rte_rdtsc();
	unsigned made = 0;

	// running first: dp_tester_start stores the new run before it, so a worker that
	// sees it running sees the run too (the other order sent a frame of the old state
	// before resetting it: sequence 0 twice)
	if (!__atomic_load_n(&tester.run.running, __ATOMIC_ACQUIRE))
		return 0;
	tw = tester_worker_sync(w->id);
	for (uint16_t id = (uint16_t)w->id; id < tester.n_streams; id += tester.n_workers)
		if (!tw->tx[id].done && (tester.run.only == TESTER_ALL || id == tester.run.only))
			made += gen_stream(w, cnt, id, &tw->tx[id], now);
	return made;
}

static struct dp_node tester_gen_node = {
	.name = "tester_gen",
	.source = tester_gen_process,
	.cnt = {DP_COUNTER_BLOCK(TESTER_GEN_COUNTERS)},
};
DP_NODE_REGISTER(tester_gen_node);
