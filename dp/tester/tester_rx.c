// SPDX-License-Identifier: BSD-3-Clause
// tester_rx: the tester's entry node on every port. Finds a test frame's payload under
// whatever carries it (Ethernet with or without an 802.1Q tag, VXLAN, MPLS, MPLS-in-UDP;
// one level of encapsulation), and accounts it in this worker's copy of its stream:
// packets, bytes, sequence, latency, and whether it came in on the wrong port or with
// the wrong VNI or service label, and on a stream toward a moved host by which path it
// came (tester_move.h). Anything else is the host's (ARP, BGP through a
// kernel-interface) or dropped.
#include <rte_cycles.h>
#include <rte_ip.h>
#include <rte_udp.h>
#include <rte_vxlan.h>
#include <string.h>
#include <urcu/pointer.h>

#include "dp/core/dp_meta.h"
#include "dp/core/dp_worker.h"
#include "dp/mpls/mpls_lse.h"
#include "dp/mpls/mpls_udp.h"
#include "dp/tester/tester.h"

// no_bridge_domain: dp_worker_input's count of a frame from a port it does not know
// (every entry node has it).
#define TESTER_RX_COUNTERS(X)                                                              \
	X(TESTER_RX_CNT_TEST, "test_frames", false)                                        \
	X(TESTER_RX_CNT_HOST, "to_host", false)                                            \
	X(TESTER_RX_CNT_OTHER, "not_test", true)                                           \
	X(TESTER_RX_CNT_BAD_STREAM, "bad_stream", true)                                    \
	X(TESTER_RX_CNT_NO_PORT, "no_bridge_domain", true)
DP_COUNTER_ENUM(tester_rx_cnt, TESTER_RX_COUNTERS);
static struct dp_node tester_rx_node;

struct rx_found {
	uint32_t off; // of the payload
	bool has_vni, has_label;
	uint32_t vni, label;
	rte_be32_t path; // the outer IPv4 destination of VXLAN, MPLS-in-UDP (0: none)
};

// The label stack at off; returns the offset after it (0: no bottom in the frame).
static uint32_t rx_labels(const uint8_t *p, uint32_t len, uint32_t off, struct rx_found *f)
{
	for (unsigned i = 0; i < 8 && off + LSE_LEN <= len; i++, off += LSE_LEN) {
		uint32_t lse = lse_get(p + off);
		if (lse & LSE_S) {
			f->has_label = true;
			f->label = lse >> 12;
			return off + LSE_LEN;
		}
	}
	return 0;
}

// Where the payload is, from the Ethernet header at off; false: no test frame.
static bool rx_find(const uint8_t *p, uint32_t len, uint32_t off, struct rx_found *f, int depth)
{
	const struct rte_ipv4_hdr *ip;
	const struct rte_udp_hdr *udp;
	uint16_t type, dport;
	uint32_t l4;

	if (off + RTE_ETHER_HDR_LEN + 4 > len)
		return false;
	type = (uint16_t)(p[off + 12] << 8 | p[off + 13]);
	off += RTE_ETHER_HDR_LEN;
	if (type == RTE_ETHER_TYPE_VLAN) {
		type = (uint16_t)(p[off + 2] << 8 | p[off + 3]);
		off += 4;
	}
	if (type == RTE_ETHER_TYPE_MPLS && depth > 0)
		return (off = rx_labels(p, len, off, f)) != 0 && rx_find(p, len, off, f, depth - 1);
	if (type != RTE_ETHER_TYPE_IPV4 || off + sizeof(*ip) > len)
		return false;
	ip = (const struct rte_ipv4_hdr *)(p + off);
	l4 = off + (uint32_t)((ip->version_ihl & 0xf) * 4);
	if (ip->next_proto_id != IPPROTO_UDP || l4 + sizeof(*udp) > len)
		return false;
	udp = (const struct rte_udp_hdr *)(p + l4);
	dport = rte_be_to_cpu_16(udp->dst_port);
	off = l4 + (uint32_t)sizeof(*udp);
	if (dport == TESTER_UDP_PORT) {
		rte_be32_t magic = rte_cpu_to_be_32(TESTER_MAGIC);
		f->off = off;
		return off + sizeof(struct tester_payload) <= len && memcmp(p + off, &magic, 4) == 0;
	}
	if (depth == 0)
		return false;
	f->path = ip->dst_addr;
	if (dport == RTE_VXLAN_DEFAULT_PORT && off + 8 <= len) {
		f->has_vni = true;
		f->vni = (uint32_t)(p[off + 4] << 16 | p[off + 5] << 8 | p[off + 6]);
		return rx_find(p, len, off + 8, f, depth - 1);
	}
	if (dport == MPLS_UDP_PORT)
		return (off = rx_labels(p, len, off, f)) != 0 && rx_find(p, len, off, f, depth - 1);
	return false;
}

// A frame of a stream with a move armed: by the old path, the new one, or neither.
static void rx_move(struct tester_worker *tw, uint16_t id, uint32_t move_seq,
	const struct rx_found *f, uint64_t seq, uint64_t tsc, uint64_t now)
{
	const struct tester_move *mv = &tester.move[id];

	if (tw->move_seq[id] != move_seq) {
		tester_move_reset(&tw->mv[id]);
		tw->move_seq[id] = move_seq;
		if (tw->last[id].rx != 0 && tw->last[id].path == mv->old_path)
			tester_move_seed(&tw->mv[id], tw->last[id].seq, tw->last[id].tx,
				tw->last[id].rx);
	}
	if (f->path == mv->new_path || f->path == mv->old_path)
		tester_move_frame(&tw->mv[id], f->path == mv->new_path, seq, tsc, now, mv->tsc);
}

// Accounts one test frame (rx_find checked its magic); false: not one of our streams.
static bool rx_account(struct tester_worker *tw, uint16_t port, const struct rte_mbuf *m,
	const struct rx_found *f, uint64_t now)
{
	const struct tester_payload *pl =
		(const struct tester_payload *)(rte_pktmbuf_mtod(m, const uint8_t *) + f->off);
	uint16_t id = rte_be_to_cpu_16(pl->stream);
	const struct tester_stream *s;
	struct tester_acct *a;
	uint64_t tsc, seq;
	uint32_t move_seq;

	if (id >= tester.n_streams)
		return false;
	s = &tester.stream[id];
	a = &tw->rx[id];
	a->pkts++;
	a->bytes += m->pkt_len + TESTER_FCS;
	seq = rte_be_to_cpu_64(pl->seq);
	tester_acct_seq(a, seq);
	tsc = rte_be_to_cpu_64(pl->tsc);
	tester_acct_latency(a, now > tsc ? now - tsc : 0);
	move_seq = __atomic_load_n(&tester.move[id].seq, __ATOMIC_ACQUIRE);
	if (unlikely(move_seq != 0))
		rx_move(tw, id, move_seq, f, seq, tsc, now);
	tw->last[id].rx = now;
	tw->last[id].tx = tsc;
	tw->last[id].seq = seq;
	tw->last[id].path = f->path;
	if (s->c.rx_port != TESTER_ANY_PORT && port != s->c.rx_port)
		a->wrong_port++;
	if ((f->has_vni && s->c.vni != 0 && f->vni != s->c.vni) ||
		(f->has_label && s->c.rx_label != 0 && f->label != s->c.rx_label))
		a->wrong_vni++;
	return true;
}

void tester_rx_process(struct dp_worker *w, uint16_t port, struct rte_mbuf **pkts, uint16_t n);
void tester_rx_process(struct dp_worker *w, uint16_t port, struct rte_mbuf **pkts, uint16_t n)
{
	struct tester_worker *tw = tester_worker_sync(w->id);
	const struct dp_port *dport = rcu_dereference(dp_tables.port[port]);
	uint64_t *cnt = dp_cnt(w, &tester_rx_node.cnt);
	uint64_t now = rte_rdtsc();
	struct rte_mbuf *done[DP_BURST];
	unsigned n_done = 0;

	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		struct rx_found f = {0};

		if (i + 1 < n)
			rte_prefetch0(rte_pktmbuf_mtod(pkts[i + 1], void *));
		if (likely(rx_find(rte_pktmbuf_mtod(m, const uint8_t *), m->data_len, 0, &f, 1))) {
			if (likely(rx_account(tw, port, m, &f, now)))
				dp_count(cnt, TESTER_RX_CNT_TEST);
			else
				dp_count(cnt, TESTER_RX_CNT_BAD_STREAM);
			done[n_done++] = m;
		} else if (dport != NULL && dport->to_host) {
			dp_count(cnt, TESTER_RX_CNT_HOST);
			dp_meta(m)->in_port = port;
			dp_to_host(w, m);
		} else {
			dp_count(cnt, TESTER_RX_CNT_OTHER);
			done[n_done++] = m;
		}
		if (unlikely(n_done == DP_BURST)) {
			rte_pktmbuf_free_bulk(done, n_done);
			n_done = 0;
		}
	}
	rte_pktmbuf_free_bulk(done, n_done);
}

static struct dp_node tester_rx_node = {
	.name = "tester_rx",
	.input = tester_rx_process,
	.cnt = {DP_COUNTER_BLOCK(TESTER_RX_COUNTERS)},
};
DP_NODE_REGISTER(tester_rx_node);
