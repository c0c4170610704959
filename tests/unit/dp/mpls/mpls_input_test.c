// SPDX-License-Identifier: BSD-3-Clause
// Tests of dp/mpls/mpls_input.c (and the label table of dp/writer/writer_mpls.c): one
// packet in, the edge it took, and on the good paths the exact label stack out.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include "dp/core/dp_meta.h"
#include "tests/unit/dp/dp_test_env.h"

dp_node_process_t mpls_input_process;

#define NH_P 7	   // the next P/PE, no label of its own
#define NH_PUSH 8  // the same neighbour, pushing 16005 first
#define NH_UNRES 9 // unresolved
#define SVC 1000   // a service label popping into DPT_BD
#define SVC_CW 1001

static int mpls_nh(uint32_t nh, bool resolved, uint8_t n_labels, uint32_t label)
{
	struct dp_msg m = {.type = DP_MSG_NH_SET,
		.nh = {.nh = nh,
			.encap = DP_ENCAP_MPLS,
			.resolved = resolved,
			.port = DPT_UL,
			.remote = {.family = AF_INET},
			.n_labels = n_labels,
			.labels = {label}}};
	memcpy(m.nh.dst_mac, &dpt_peer_mac, 6);
	m.nh.remote.v4.s_addr = DPT_PEER4;
	return dpt_apply(&m);
}

static int label_set(uint32_t label, uint8_t action, uint32_t out, uint32_t nh, uint16_t bd,
	bool cw)
{
	struct dp_msg m = {.type = DP_MSG_LABEL_SET,
		.label = {.label = label, .action = action, .out_label = out, .nh = nh, .bd = bd,
			.control_word = cw}};
	return dpt_apply(&m);
}

// The standard topology and no label at all.
static int setup_bare(void **state)
{
	if (dpt_setup(state) != 0)
		return -1;
	dpt_topology();
	return 0;
}

static int setup(void **state)
{
	if (dpt_setup(state) != 0)
		return -1;
	dpt_topology();
	assert_int_equal(mpls_nh(NH_P, true, 0, 0), 0);
	assert_int_equal(mpls_nh(NH_PUSH, true, 1, 16005), 0);
	assert_int_equal(mpls_nh(NH_UNRES, false, 0, 0), 0);
	assert_int_equal(label_set(16003, DP_LABEL_SWAP, 16004, NH_P, 0, false), 0);
	assert_int_equal(label_set(16013, DP_LABEL_SWAP, 16004, NH_PUSH, 0, false), 0);
	assert_int_equal(label_set(16002, DP_LABEL_POP, 0, NH_P, 0, false), 0);
	assert_int_equal(label_set(16099, DP_LABEL_SWAP, 16004, NH_UNRES, 0, false), 0);
	assert_int_equal(label_set(SVC, DP_LABEL_POP_L2, 0, 0, DPT_BD, false), 0);
	assert_int_equal(label_set(SVC_CW, DP_LABEL_POP_L2, 0, 0, DPT_BD, true), 0);
	assert_int_equal(label_set(16009, DP_LABEL_POP_LOCAL, 0, 0, 0, false), 0);
	return 0;
}

static uint32_t lse(uint32_t label, bool bos, uint8_t ttl)
{
	return label << 12 | (bos ? 0x100u : 0) | ttl;
}

// Ethernet to port 0 from the peer, the label entries, then `tail` bytes of `t`.
static void mpls_pkt(struct dpt_pkt *p, const uint32_t *lses, unsigned n, const void *t,
	uint16_t tail)
{
	struct rte_ether_addr dst = dpt.port_mac[DPT_UL];

	dpt_pkt_init(p);
	dpt_put_eth(p, &dst, &dpt_peer_mac, RTE_ETHER_TYPE_MPLS);
	for (unsigned i = 0; i < n; i++) {
		rte_be32_t v = rte_cpu_to_be_32(lses[i]);
		dpt_put(p, &v, 4);
	}
	dpt_put(p, t, tail);
}

static struct dpt_pkt inner;

static int feed(const struct dpt_pkt *p)
{
	struct rte_mbuf *m = dpt_mbuf(p);
	dp_meta(m)->in_port = DPT_UL;
	return dpt_feed("mpls_input", mpls_input_process, m);
}

static void inner_frame(void)
{
	struct rte_ether_addr a = dpt_mac(1), b = dpt_mac(2);
	dpt_frame(&inner, &b, &a, 0, 60);
}

// The frame sent to the peer: Ethernet from port 0, the labels, then the rest as sent.
static void check_tx(const uint32_t *lses, unsigned n, const struct dpt_pkt *rest, uint16_t from)
{
	struct rte_mbuf *m;
	const uint8_t *b;
	const struct rte_ether_hdr *eth;

	assert_int_equal(dpt_tx_take(DPT_UL, &m, 1), 1);
	b = rte_pktmbuf_mtod(m, const uint8_t *);
	eth = (const struct rte_ether_hdr *)b;
	assert_memory_equal(&eth->dst_addr, &dpt_peer_mac, 6);
	assert_memory_equal(&eth->src_addr, &dpt.port_mac[DPT_UL], 6);
	assert_int_equal(eth->ether_type, RTE_BE16(RTE_ETHER_TYPE_MPLS));
	for (unsigned i = 0; i < n; i++) {
		rte_be32_t v;
		memcpy(&v, b + 14 + 4 * i, 4);
		assert_int_equal(rte_be_to_cpu_32(v), lses[i]);
	}
	assert_int_equal(rte_pktmbuf_pkt_len(m), 14 + 4 * n + rest->len - from);
	assert_memory_equal(b + 14 + 4 * n, rest->b + from, rest->len - from);
	rte_pktmbuf_free(m);
}

struct label_want {
	uint32_t label;
	uint64_t pkts;
};

static int label_cb(const struct dp_label_info *i, void *arg)
{
	struct label_want *want = arg;
	if (i->label != want->label)
		return 0;
	want->pkts = i->packets;
	return 1;
}

static uint64_t label_packets(uint32_t label)
{
	struct label_want want = {label, UINT64_MAX};
	assert_int_equal(dp_label_walk(label_cb, &want), 1);
	return want.pkts;
}

static void test_swap(void **state)
{
	uint32_t in[] = {lse(16003, false, 64), lse(SVC, true, 64)};
	uint32_t out[] = {lse(16004, false, 63), lse(SVC, true, 64)};
	struct dpt_pkt p;
	(void)state;
	inner_frame();
	mpls_pkt(&p, in, 2, inner.b, inner.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "swapped"));
	check_tx(out, 2, &p, 22);
	assert_int_equal(label_packets(16003), 1);
	assert_int_equal(label_packets(16002), 0);
}

static void test_swap_and_push(void **state)
{
	uint32_t in[] = {lse(16013, false, 9), lse(SVC, true, 64)};
	uint32_t out[] = {lse(16005, false, 255), lse(16004, false, 8), lse(SVC, true, 64)};
	struct dpt_pkt p;
	(void)state;
	inner_frame();
	mpls_pkt(&p, in, 2, inner.b, inner.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "swapped"));
	check_tx(out, 3, &p, 22);
}

// Penultimate hop popping: the service label is on top now, with the TTL copied down.
static void test_php(void **state)
{
	uint32_t in[] = {lse(16002, false, 10), lse(SVC, true, 64)};
	uint32_t out[] = {lse(SVC, true, 9)};
	struct dpt_pkt p;
	(void)state;
	inner_frame();
	mpls_pkt(&p, in, 2, inner.b, inner.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "popped"));
	check_tx(out, 1, &p, 22);
}

// Our own node label on top: popped (TTL copied down), the frame back into mpls_input,
// where the service label pops into the bridge domain.
static void test_pop_local(void **state)
{
	uint32_t in[] = {lse(16009, false, 10), lse(SVC, true, 64)}, bos[] = {lse(16009, true, 9)};
	struct dpt_pkt p;
	struct rte_mbuf *m;
	rte_be32_t v;
	(void)state;
	inner_frame();
	mpls_pkt(&p, in, 2, inner.b, inner.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "popped_local"));
	assert_int_equal(dpt_vec_take(DPT_VEC(mpls_input), &m, 1), 1);
	assert_int_equal(rte_pktmbuf_pkt_len(m), p.len - 4);
	assert_memory_equal(rte_pktmbuf_mtod(m, void *), p.b, 14);
	memcpy(&v, rte_pktmbuf_mtod_offset(m, void *, 14), 4);
	assert_int_equal(rte_be_to_cpu_32(v), lse(SVC, true, 9));
	assert_edge(dpt_feed("mpls_input", mpls_input_process, m), dpt_cnt("mpls_input", "to_l2"));
	assert_int_equal(dpt_vec_take(DPT_VEC(l2_fwd), &m, 1), 1);
	assert_memory_equal(rte_pktmbuf_mtod(m, void *), inner.b, inner.len);
	rte_pktmbuf_free(m);
	mpls_pkt(&p, bos, 1, inner.b, inner.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "pop_bottom_of_stack"));
}

static void test_pop_l2(void **state)
{
	uint32_t in[] = {lse(SVC, true, 9)};
	struct dpt_pkt p;
	struct rte_mbuf *m;
	(void)state;
	inner_frame();
	mpls_pkt(&p, in, 1, inner.b, inner.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "to_l2"));
	assert_int_equal(dpt_vec_take(DPT_VEC(l2_fwd), &m, 1), 1);
	assert_int_equal(rte_pktmbuf_pkt_len(m), inner.len);
	assert_memory_equal(rte_pktmbuf_mtod(m, void *), inner.b, inner.len);
	assert_int_equal(dp_meta(m)->bd, DPT_BD);
	assert_int_equal(dp_meta(m)->from_tunnel, DP_FROM_TUNNEL);
	rte_pktmbuf_free(m);
	assert_int_equal(label_packets(SVC), 1);
}

#define VRF_LABEL 1002 // a per-VRF label (L3 EVPN) popping into VRF 3
#define VRF_ID 3

static int vrf_label_setup(void **state)
{
	struct dp_msg m = {.type = DP_MSG_L3VNI_SET, .l3vni = {.vrf = VRF_ID, .vni = 5000}};
	struct dp_msg l = {.type = DP_MSG_LABEL_SET,
		.label = {.label = VRF_LABEL, .action = DP_LABEL_POP_VRF, .vrf = VRF_ID}};

	if (setup(state) != 0)
		return -1;
	memcpy(m.l3vni.router_mac, "\x02\x00\x00\x00\x50\x00", 6);
	assert_int_equal(dpt_apply(&m), 0);
	assert_int_equal(dpt_apply(&l), 0);
	return 0;
}

// The IP packet right under the per-VRF label (no inner Ethernet, RFC 9135 5.1): out to
// l3vni_input as an L3VNI frame of the VRF, to its router MAC, the ethertype from the
// first nibble.
static void test_pop_vrf(void **state)
{
	static const uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
	uint32_t in[] = {lse(VRF_LABEL, true, 9)};
	struct dpt_pkt ip, p;
	struct rte_mbuf *m;
	const struct rte_ether_hdr *eth;
	(void)state;

	for (int f = 4; f <= 6; f += 2) {
		dpt_pkt_init(&ip);
		if (f == 4)
			dpt_put_ipv4(&ip, RTE_BE32(0x0a000101), RTE_BE32(0x0a000201), IPPROTO_UDP);
		else
			dpt_put_ipv6(&ip, v6, v6, IPPROTO_UDP, 64);
		dpt_put(&ip, NULL, 20);
		dpt_fix_lengths(&ip);
		mpls_pkt(&p, in, 1, ip.b, ip.len);
		assert_edge(feed(&p), dpt_cnt("mpls_input", "to_vrf"));
		assert_int_equal(dpt_vec_take(DPT_VEC(l3vni_input), &m, 1), 1);
		eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
		assert_memory_equal(&eth->dst_addr, "\x02\x00\x00\x00\x50\x00", 6);
		assert_memory_equal(&eth->src_addr, &dpt_peer_mac, 6);
		assert_int_equal(eth->ether_type, f == 4 ? RTE_BE16(RTE_ETHER_TYPE_IPV4)
							 : RTE_BE16(RTE_ETHER_TYPE_IPV6));
		assert_int_equal(rte_pktmbuf_pkt_len(m), 14 + ip.len);
		assert_memory_equal(eth + 1, ip.b, ip.len);
		assert_int_equal(dp_meta(m)->vrf, VRF_ID);
		assert_int_equal(dp_meta(m)->bd, 0);
		assert_int_equal(dp_meta(m)->from_tunnel, DP_FROM_L3VNI);
		rte_pktmbuf_free(m);
	}
	assert_int_equal(label_packets(VRF_LABEL), 2);
}

// What is not an IP packet under the label, a label TTL of 0, a label that is not the
// bottom of the stack, nothing under it, a VRF that lost its L3VNI: dropped, counted.
static void test_pop_vrf_bad(void **state)
{
	uint32_t in[] = {lse(VRF_LABEL, true, 9)}, ttl0[] = {lse(VRF_LABEL, true, 0)};
	uint32_t notbos[] = {lse(VRF_LABEL, false, 9), lse(SVC, true, 9)};
	struct dp_msg del = {.type = DP_MSG_L3VNI_DEL, .l3vni = {.vrf = VRF_ID}};
	struct dpt_pkt ip, p;
	(void)state;

	dpt_pkt_init(&ip);
	dpt_put_ipv4(&ip, RTE_BE32(0x0a000101), RTE_BE32(0x0a000201), IPPROTO_UDP);
	dpt_fix_lengths(&ip);
	ip.b[0] = 0x55; // version 5
	mpls_pkt(&p, in, 1, ip.b, ip.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "vrf_bad_ip_version"));
	inner_frame(); // an Ethernet frame (RFC 7432's) where the IP packet should be
	inner.b[0] = 0x02;
	mpls_pkt(&p, in, 1, inner.b, inner.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "vrf_bad_ip_version"));
	ip.b[0] = 0x45;
	mpls_pkt(&p, ttl0, 1, ip.b, ip.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "ttl_expired"));
	mpls_pkt(&p, notbos, 2, ip.b, ip.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "service_label_not_bottom"));
	mpls_pkt(&p, in, 1, NULL, 0);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "inner_runt"));
	assert_int_equal(dpt_apply(&del), 0);
	mpls_pkt(&p, in, 1, ip.b, ip.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "vrf_gone"));
	// a VRF label needs a VRF id
	struct dp_msg bad = {.type = DP_MSG_LABEL_SET,
		.label = {.label = 20000, .action = DP_LABEL_POP_VRF, .vrf = DP_MAX_VRF}};
	assert_int_equal(dpt_apply(&bad), -EINVAL);
}

static void test_control_word(void **state)
{
	uint32_t in[] = {lse(SVC_CW, true, 9), 0};
	struct dpt_pkt p;
	struct rte_mbuf *m;
	(void)state;
	inner_frame();
	mpls_pkt(&p, in, 2, inner.b, inner.len); // a zero control word
	assert_edge(feed(&p), dpt_cnt("mpls_input", "to_l2"));
	assert_int_equal(dpt_vec_take(DPT_VEC(l2_fwd), &m, 1), 1);
	assert_int_equal(rte_pktmbuf_pkt_len(m), inner.len);
	assert_memory_equal(rte_pktmbuf_mtod(m, void *), inner.b, inner.len);
	rte_pktmbuf_free(m);
	// an IPv4 packet where the control word should be
	in[1] = 0x45000000;
	mpls_pkt(&p, in, 2, inner.b, inner.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "bad_control_word"));
	mpls_pkt(&p, in, 1, "\0\0", 2);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "control_word_truncated"));
}

static void test_bad_stacks(void **state)
{
	uint32_t deep[9], nobos[] = {lse(16003, false, 64), lse(SVC, false, 64)};
	uint32_t reserved[] = {lse(3, true, 64)}, inside[] = {lse(16003, false, 64), lse(7, true, 1)};
	uint32_t unknown[] = {lse(17000, true, 64)}, beyond[] = {lse(900000, true, 64)};
	struct dpt_pkt p;
	(void)state;
	inner_frame();
	for (unsigned i = 0; i < 9; i++)
		deep[i] = lse(16003, i == 8, 64);
	mpls_pkt(&p, deep, 9, inner.b, inner.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "stack_too_deep"));
	mpls_pkt(&p, nobos, 2, NULL, 0);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "no_bottom_of_stack"));
	mpls_pkt(&p, reserved, 1, inner.b, inner.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "reserved_label"));
	mpls_pkt(&p, inside, 2, inner.b, inner.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "entropy_label_bottom_of_stack"));
	mpls_pkt(&p, unknown, 1, inner.b, inner.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "unknown_label"));
	mpls_pkt(&p, beyond, 1, inner.b, inner.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "unknown_label"));
	mpls_pkt(&p, NULL, 0, "\1\2", 2);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "runt"));
}

static void test_bad_actions(void **state)
{
	uint32_t ttl1[] = {lse(16003, true, 1)}, php_bos[] = {lse(16002, true, 64)};
	uint32_t svc_top[] = {lse(SVC, false, 64), lse(16003, true, 64)};
	uint32_t svc_ttl0[] = {lse(SVC, true, 0)}, unres[] = {lse(16099, true, 64)};
	uint32_t svc[] = {lse(SVC, true, 9)};
	struct dpt_pkt p;
	struct rte_ether_addr zero = {{0}}, b = dpt_mac(2);
	(void)state;
	inner_frame();
	mpls_pkt(&p, ttl1, 1, inner.b, inner.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "ttl_expired"));
	mpls_pkt(&p, php_bos, 1, inner.b, inner.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "pop_bottom_of_stack"));
	mpls_pkt(&p, svc_top, 2, inner.b, inner.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "service_label_not_bottom"));
	mpls_pkt(&p, svc_ttl0, 1, inner.b, inner.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "ttl_expired"));
	mpls_pkt(&p, unres, 1, inner.b, inner.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "unresolved_nexthop"));
	mpls_pkt(&p, svc, 1, inner.b, 10);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "inner_runt"));
	dpt_frame(&inner, &b, &zero, 0, 60);
	mpls_pkt(&p, svc, 1, inner.b, inner.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "bad_inner_src_mac"));
}

// The frame l2_fwd got is the inner frame, whole.
static void check_l2(void)
{
	struct rte_mbuf *m;
	assert_int_equal(dpt_vec_take(DPT_VEC(l2_fwd), &m, 1), 1);
	assert_int_equal(rte_pktmbuf_pkt_len(m), inner.len);
	assert_memory_equal(rte_pktmbuf_mtod(m, void *), inner.b, inner.len);
	assert_int_equal(dp_meta(m)->bd, DPT_BD);
	rte_pktmbuf_free(m);
}

// Explicit null (IPv4 0, IPv6 2) on top: popped, the label under it looked up, its TTL
// copied down when lower; in the middle it is not ours; at the bottom the payload is IP.
static void test_explicit_null(void **state)
{
	uint32_t v4[] = {lse(0, false, 5), lse(SVC, true, 64)}, v6[] = {lse(2, false, 5),
		lse(16003, false, 64), lse(SVC, true, 64)};
	uint32_t out[] = {lse(16004, false, 4), lse(SVC, true, 64)}; // the null's TTL 5, - 1
	uint32_t mid[] = {lse(16003, false, 64), lse(0, false, 64), lse(SVC, true, 64)};
	uint32_t bos[] = {lse(0, true, 64)}, two[] = {lse(0, false, 64), lse(2, false, 64),
		lse(SVC, true, 64)};
	struct dpt_pkt p;
	(void)state;
	inner_frame();
	mpls_pkt(&p, v4, 2, inner.b, inner.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "to_l2"));
	check_l2();
	assert_int_equal(label_packets(SVC), 1);
	mpls_pkt(&p, v6, 3, inner.b, inner.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "swapped"));
	check_tx(out, 2, &p, 26);
	mpls_pkt(&p, two, 3, inner.b, inner.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "to_l2"));
	check_l2();
	mpls_pkt(&p, mid, 3, inner.b, inner.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "reserved_label"));
	mpls_pkt(&p, bos, 1, inner.b, inner.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "explicit_null_ip_unsupported"));
}

// ELI (7) and its EL: popped on top, carried under a swapped label, popped after our
// own node label; at the bottom, or with a reserved EL, dropped.
static void test_entropy_labels(void **state)
{
	uint32_t top[] = {lse(7, false, 64), lse(123456, false, 0), lse(SVC, true, 64)};
	uint32_t swap[] = {lse(16003, false, 64), lse(7, false, 64), lse(123456, false, 0),
		lse(SVC, true, 64)};
	uint32_t swapped[] = {lse(16004, false, 63), lse(7, false, 64), lse(123456, false, 0),
		lse(SVC, true, 64)};
	uint32_t local[] = {lse(16009, false, 10), lse(7, false, 9), lse(99999, false, 0),
		lse(SVC, true, 64)};
	uint32_t null_eli[] = {lse(0, false, 64), lse(7, false, 64), lse(4242, false, 0),
		lse(SVC, true, 64)};
	uint32_t el_bos[] = {lse(7, false, 64), lse(123456, true, 0)};
	uint32_t el_res[] = {lse(7, false, 64), lse(3, false, 0), lse(SVC, true, 64)};
	uint32_t el_cut[] = {lse(16003, false, 64), lse(7, false, 64)};
	struct dpt_pkt p;
	struct rte_mbuf *m;
	(void)state;
	inner_frame();
	mpls_pkt(&p, top, 3, inner.b, inner.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "to_l2"));
	check_l2();
	mpls_pkt(&p, swap, 4, inner.b, inner.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "swapped"));
	check_tx(swapped, 4, &p, 30);
	mpls_pkt(&p, local, 4, inner.b, inner.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "popped_local"));
	assert_int_equal(dpt_vec_take(DPT_VEC(mpls_input), &m, 1), 1);
	assert_edge(dpt_feed("mpls_input", mpls_input_process, m), dpt_cnt("mpls_input", "to_l2"));
	check_l2();
	mpls_pkt(&p, null_eli, 4, inner.b, inner.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "to_l2"));
	check_l2();
	mpls_pkt(&p, el_bos, 2, inner.b, inner.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "entropy_label_bottom_of_stack"));
	mpls_pkt(&p, el_res, 3, inner.b, inner.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "reserved_label"));
	mpls_pkt(&p, el_cut, 2, NULL, 0);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "no_bottom_of_stack"));
}

// From the port: underlay_input hands 0x8847 to mpls_input.
static void test_underlay_input(void **state)
{
	uint32_t in[] = {lse(16003, true, 64)};
	struct dpt_pkt p;
	struct rte_mbuf *m;
	(void)state;
	inner_frame();
	mpls_pkt(&p, in, 1, inner.b, inner.len);
	assert_edge(dpt_feed_port("underlay_input", underlay_input_process, DPT_UL, dpt_mbuf(&p)),
		dpt_cnt("underlay_input", "to_mpls_input"));
	assert_int_equal(dpt_vec_take(DPT_VEC(mpls_input), &m, 1), 1);
	rte_pktmbuf_free(m);
}

// MPLS-in-UDP (RFC 7510) to our VTEP address, over IPv4 or IPv6: the label stack after
// the UDP header; `udp_len_delta` spoils the UDP length.
static void mpls_udp_pkt(struct dpt_pkt *p, bool v6, const uint32_t *lses, unsigned n,
	int udp_len_delta)
{
	struct rte_udp_hdr *udp;

	dpt_pkt_init(p);
	dpt_put_eth(p, &dpt.port_mac[DPT_UL], &dpt_peer_mac,
		v6 ? RTE_ETHER_TYPE_IPV6 : RTE_ETHER_TYPE_IPV4);
	if (v6)
		dpt_put_ipv6(p, dpt_remote6, dpt_vtep6, IPPROTO_UDP, 64);
	else
		dpt_put_ipv4(p, DPT_REMOTE4, DPT_VTEP4, IPPROTO_UDP);
	udp = dpt_put_udp(p, 49999, 6635);
	for (unsigned i = 0; i < n; i++) {
		rte_be32_t v = rte_cpu_to_be_32(lses[i]);
		dpt_put(p, &v, 4);
	}
	dpt_put(p, inner.b, inner.len);
	dpt_fix_lengths(p);
	udp->dgram_len = rte_cpu_to_be_16((uint16_t)(p->len - p->l4 + udp_len_delta));
}

static void test_mpls_in_udp(void **state)
{
	uint32_t svc[] = {lse(SVC, true, 64)}, cw[] = {lse(SVC_CW, true, 64), 0};
	uint32_t swap[] = {lse(16003, false, 64), lse(SVC, true, 64)};
	uint32_t out[] = {lse(16004, false, 63), lse(SVC, true, 64)};
	struct dpt_pkt p, plain;
	struct rte_mbuf *m;
	(void)state;
	inner_frame();
	for (int v6 = 0; v6 < 2; v6++) {
		mpls_udp_pkt(&p, v6, v6 ? cw : svc, v6 ? 2 : 1, 0);
		assert_edge(dpt_feed_port("underlay_input", underlay_input_process, DPT_UL,
				    dpt_mbuf(&p)),
			dpt_cnt("underlay_input", "mpls_udp_to_mpls_input"));
		assert_int_equal(dpt_vec_take(DPT_VEC(mpls_input), &m, 1), 1);
		assert_edge(dpt_feed("mpls_input", mpls_input_process, m),
			dpt_cnt("mpls_input", "to_l2"));
		check_l2();
	}
	// a P router's swap works the same from UDP: the frame leaves as plain MPLS
	mpls_udp_pkt(&p, false, swap, 2, 0);
	assert_edge(dpt_feed_port("underlay_input", underlay_input_process, DPT_UL, dpt_mbuf(&p)),
		dpt_cnt("underlay_input", "mpls_udp_to_mpls_input"));
	assert_int_equal(dpt_vec_take(DPT_VEC(mpls_input), &m, 1), 1);
	assert_edge(dpt_feed("mpls_input", mpls_input_process, m), dpt_cnt("mpls_input", "swapped"));
	mpls_pkt(&plain, swap, 2, inner.b, inner.len);
	check_tx(out, 2, &plain, 22);
	// malformed: the UDP length disagrees with IP's, a stack cut short
	mpls_udp_pkt(&p, false, svc, 1, 1);
	assert_edge(dpt_feed_port("underlay_input", underlay_input_process, DPT_UL, dpt_mbuf(&p)),
		dpt_cnt("underlay_input", "bad_udp_length"));
	mpls_udp_pkt(&p, true, svc, 1, -1);
	assert_edge(dpt_feed_port("underlay_input", underlay_input_process, DPT_UL, dpt_mbuf(&p)),
		dpt_cnt("underlay_input", "bad_udp_length"));
	inner.len = 2;
	mpls_udp_pkt(&p, false, NULL, 0, 0);
	assert_edge(dpt_feed_port("underlay_input", underlay_input_process, DPT_UL, dpt_mbuf(&p)),
		dpt_cnt("underlay_input", "mpls_udp_to_mpls_input"));
	assert_int_equal(dpt_vec_take(DPT_VEC(mpls_input), &m, 1), 1);
	assert_edge(dpt_feed("mpls_input", mpls_input_process, m), dpt_cnt("mpls_input", "runt"));
}

// Without any local label (no mpls section), UDP 6635 to our VTEP address is no
// MPLS-in-UDP: it is the host's, as any other UDP port (here no exception path).
static void test_mpls_in_udp_unconfigured(void **state)
{
	uint32_t svc[] = {lse(SVC, true, 64)};
	struct dpt_pkt p;
	(void)state;

	inner_frame();
	mpls_udp_pkt(&p, false, svc, 1, 0);
	assert_edge(dpt_feed_port("underlay_input", underlay_input_process, DPT_UL, dpt_mbuf(&p)),
		dpt_cnt("underlay_input", "no_exception_path"));
}

static void test_label_messages(void **state)
{
	struct dp_msg del = {.type = DP_MSG_LABEL_DEL, .label = {.label = 16003}};
	uint32_t in[] = {lse(16003, true, 64)};
	struct dpt_pkt p;
	(void)state;
	assert_int_equal(label_set(15, DP_LABEL_POP_L2, 0, 0, DPT_BD, false), -EINVAL);
	assert_int_equal(label_set(DP_MPLS_LABEL_MAX + 1, DP_LABEL_POP_L2, 0, 0, DPT_BD, false),
		-EINVAL);
	assert_int_equal(label_set(20000, 0, 0, 0, DPT_BD, false), -EINVAL);
	assert_int_equal(label_set(20000, DP_LABEL_SWAP, 3, NH_P, 0, false), -EINVAL);
	assert_int_equal(label_set(20000, DP_LABEL_POP, 0, 0, 0, false), -EINVAL);
	assert_int_equal(label_set(20000, DP_LABEL_POP_L2, 0, 0, 0, false), -EINVAL);
	assert_int_equal(dpt_apply(&del), 0);
	assert_int_equal(dpt_apply(&del), -ENOENT);
	inner_frame();
	mpls_pkt(&p, in, 1, inner.b, inner.len);
	assert_edge(feed(&p), dpt_cnt("mpls_input", "unknown_label"));
	// back, with its counter from zero
	assert_int_equal(label_set(16003, DP_LABEL_SWAP, 16004, NH_P, 0, false), 0);
	assert_int_equal(label_packets(16003), 0);
	dpt_reclaim();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_swap, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_swap_and_push, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_php, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_pop_l2, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_pop_local, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_control_word, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_pop_vrf, vrf_label_setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_pop_vrf_bad, vrf_label_setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_explicit_null, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_entropy_labels, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_mpls_in_udp_unconfigured, setup_bare, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_bad_stacks, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_bad_actions, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_underlay_input, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_mpls_in_udp, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_label_messages, setup, dpt_teardown),
	};
	int ret;

	dpt_eal_init("mpls_input_test");
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	dpt_eal_fini();
	return ret;
}
