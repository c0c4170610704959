// SPDX-License-Identifier: BSD-3-Clause
// Tests of dp/vxlan/vxlan_encap.c: the outer headers it prepends byte by byte
// (lengths, IPv4 header checksum, IPv6 UDP checksum, source port, VNI) and its drops.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <rte_ip.h>
#include <rte_udp.h>
#include <rte_vxlan.h>

#include "dp/core/dp_meta.h"
#include "tests/unit/dp/dp_test_env.h"

#define NH4 1
#define NH6 2

static int setup(void **state)
{
	if (dpt_setup(state) != 0)
		return -1;
	dpt_topology();
	return 0;
}

static struct rte_mbuf *encap_mbuf(const struct dpt_pkt *in, uint32_t nh, uint32_t vni)
{
	struct rte_mbuf *m = dpt_l2_mbuf(in, DPT_BD, DPT_A1, 0, false);
	dp_meta(m)->nh = nh;
	dp_meta(m)->vni = vni;
	return m;
}

static int encap(const struct dpt_pkt *in, uint32_t nh, uint32_t vni)
{
	return dpt_feed("vxlan_encap", vxlan_encap_process, encap_mbuf(in, nh, vni));
}

static struct rte_mbuf *take_tx(void)
{
	struct rte_mbuf *m;
	assert_int_equal(dpt_tx_take(DPT_UL, &m, 1), 1);
	return m;
}

static void frame(struct dpt_pkt *in, uint16_t src, uint16_t dst, uint16_t payload)
{
	struct rte_ether_addr s = dpt_mac(src), d = dpt_mac(dst);
	dpt_frame(in, &d, &s, 0, payload);
}

static uint16_t sport_of(struct rte_mbuf *m, bool ipv6)
{
	const struct rte_udp_hdr *udp = rte_pktmbuf_mtod_offset(m, const struct rte_udp_hdr *,
		sizeof(struct rte_ether_hdr) +
			(ipv6 ? sizeof(struct rte_ipv6_hdr) : sizeof(struct rte_ipv4_hdr)));
	return rte_be_to_cpu_16(udp->src_port);
}

// Checks every outer byte of an IPv4 VXLAN packet and returns its UDP source port.
static uint16_t check_ipv4(struct rte_mbuf *m, const struct dpt_pkt *in, uint32_t vni)
{
	const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);
	const struct rte_ether_hdr *eth = (const struct rte_ether_hdr *)p;
	const struct rte_ipv4_hdr *ip = (const struct rte_ipv4_hdr *)(eth + 1);
	const struct rte_udp_hdr *udp = (const struct rte_udp_hdr *)(ip + 1);
	const struct rte_vxlan_hdr *vx = (const struct rte_vxlan_hdr *)(udp + 1);
	struct rte_ipv4_hdr copy = *ip;
	uint16_t sport = rte_be_to_cpu_16(udp->src_port);

	assert_int_equal(rte_pktmbuf_pkt_len(m), in->len + 50);
	assert_memory_equal(&eth->dst_addr, &dpt_peer_mac, 6);
	assert_memory_equal(&eth->src_addr, &dpt.port_mac[DPT_UL], 6);
	assert_int_equal(eth->ether_type, RTE_BE16(RTE_ETHER_TYPE_IPV4));
	assert_int_equal(ip->version_ihl, 0x45);
	assert_int_equal(rte_be_to_cpu_16(ip->total_length), in->len + 36);
	assert_int_equal(ip->fragment_offset, 0);
	assert_int_equal(ip->time_to_live, 64);
	assert_int_equal(ip->next_proto_id, IPPROTO_UDP);
	assert_int_equal(ip->src_addr, DPT_VTEP4);
	assert_int_equal(ip->dst_addr, DPT_REMOTE4);
	copy.hdr_checksum = 0;
	assert_int_equal(ip->hdr_checksum, rte_ipv4_cksum(&copy));
	assert_int_equal(rte_raw_cksum(ip, sizeof(*ip)), 0xffff);
	assert_true(sport >= 49152);
	assert_int_equal(udp->dst_port, RTE_BE16(RTE_VXLAN_DEFAULT_PORT));
	assert_int_equal(rte_be_to_cpu_16(udp->dgram_len), in->len + 16);
	assert_int_equal(udp->dgram_cksum, 0);
	assert_int_equal(vx->vx_flags, RTE_BE32(0x08000000));
	assert_int_equal(vx->vx_vni, rte_cpu_to_be_32(vni << 8));
	assert_memory_equal(vx + 1, in->b, in->len);
	assert_int_equal(m->ol_flags, 0);
	return sport;
}

static uint16_t check_ipv6(struct rte_mbuf *m, const struct dpt_pkt *in, uint32_t vni)
{
	const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);
	const struct rte_ether_hdr *eth = (const struct rte_ether_hdr *)p;
	const struct rte_ipv6_hdr *ip = (const struct rte_ipv6_hdr *)(eth + 1);
	const struct rte_udp_hdr *udp = (const struct rte_udp_hdr *)(ip + 1);
	const struct rte_vxlan_hdr *vx = (const struct rte_vxlan_hdr *)(udp + 1);
	uint16_t sport = rte_be_to_cpu_16(udp->src_port);

	assert_int_equal(rte_pktmbuf_pkt_len(m), in->len + 70);
	assert_memory_equal(&eth->dst_addr, &dpt_peer_mac, 6);
	assert_memory_equal(&eth->src_addr, &dpt.port_mac[DPT_UL], 6);
	assert_int_equal(eth->ether_type, RTE_BE16(RTE_ETHER_TYPE_IPV6));
	assert_int_equal(ip->vtc_flow, RTE_BE32(6u << 28));
	assert_int_equal(rte_be_to_cpu_16(ip->payload_len), in->len + 16);
	assert_int_equal(ip->proto, IPPROTO_UDP);
	assert_int_equal(ip->hop_limits, 64);
	assert_memory_equal(ip->src_addr, dpt_vtep6, 16);
	assert_memory_equal(ip->dst_addr, dpt_remote6, 16);
	assert_true(sport >= 49152);
	assert_int_equal(udp->dst_port, RTE_BE16(RTE_VXLAN_DEFAULT_PORT));
	assert_int_equal(rte_be_to_cpu_16(udp->dgram_len), in->len + 16);
	assert_int_not_equal(udp->dgram_cksum, 0);
	// Verified on a flat copy: DPDK 22.11's rte_ipv6_udptcp_cksum_mbuf_verify loses
	// carries on a segment at an odd offset, as its checksum did (dp/core/dp_csum.h).
	{
		uint8_t flat[2048];
		const uint8_t *f = rte_pktmbuf_read(m, 0, rte_pktmbuf_pkt_len(m), flat);
		assert_non_null(f);
		assert_int_equal(rte_ipv6_udptcp_cksum_verify((const struct rte_ipv6_hdr *)(f + 14),
					 f + 54), 0);
	}
	assert_int_equal(vx->vx_flags, RTE_BE32(0x08000000));
	assert_int_equal(vx->vx_vni, rte_cpu_to_be_32(vni << 8));
	assert_int_equal(m->ol_flags, 0);
	return sport;
}

static void test_ipv4(void **state)
{
	struct dpt_pkt in;
	struct rte_mbuf *m;
	(void)state;
	frame(&in, 1, 2, 100);
	assert_edge(encap(&in, NH4, DPT_VNI), dpt_cnt("vxlan_encap", "to_tx"));
	m = take_tx();
	check_ipv4(m, &in, DPT_VNI);
	rte_pktmbuf_free(m);
}

static void test_ipv6(void **state)
{
	struct dpt_pkt in;
	struct rte_mbuf *m;
	(void)state;
	frame(&in, 1, 2, 100);
	assert_edge(encap(&in, NH6, DPT_VNI), dpt_cnt("vxlan_encap", "to_tx"));
	m = take_tx();
	check_ipv6(m, &in, DPT_VNI);
	assert_memory_equal(rte_pktmbuf_mtod_offset(m, void *, 70), in.b, in.len);
	rte_pktmbuf_free(m);
}

// Every length from a bare Ethernet header to a full-size frame, odd ones included:
// the incremental IPv4 checksum and the IPv6 UDP checksum hold for all of them.
static void test_lengths(void **state)
{
	(void)state;
	for (uint16_t pl = 0; pl <= 1500; pl += pl < 64 ? 1 : 37) {
		struct dpt_pkt in;
		struct rte_mbuf *m;
		frame(&in, 3, 4, pl);
		assert_edge(encap(&in, NH4, DPT_VNI), dpt_cnt("vxlan_encap", "to_tx"));
		m = take_tx();
		check_ipv4(m, &in, DPT_VNI);
		rte_pktmbuf_free(m);
		assert_edge(encap(&in, NH6, DPT_VNI), dpt_cnt("vxlan_encap", "to_tx"));
		m = take_tx();
		check_ipv6(m, &in, DPT_VNI);
		rte_pktmbuf_free(m);
	}
}

// The VNI comes from the packet's metadata (the MAC entry or flood target), 24 bits.
static void test_vni_from_meta(void **state)
{
	static const uint32_t vnis[] = {1, 4242, 0xabcdef, 0xffffff};
	struct dpt_pkt in;
	(void)state;
	frame(&in, 1, 2, 60);
	for (unsigned i = 0; i < RTE_DIM(vnis); i++) {
		struct rte_mbuf *m;
		assert_edge(encap(&in, NH4, vnis[i]), dpt_cnt("vxlan_encap", "to_tx"));
		m = take_tx();
		check_ipv4(m, &in, vnis[i]);
		rte_pktmbuf_free(m);
	}
}

// Same inner flow, same source port (no reordering across ECMP paths); different
// flows spread over the range.
static void test_sport_stable_and_spread(void **state)
{
	uint16_t first = 0, seen[64];
	unsigned distinct = 0;
	(void)state;
	for (unsigned i = 0; i < 8; i++) {
		struct dpt_pkt in;
		struct rte_mbuf *m;
		frame(&in, 1, 2, (uint16_t)(46 + i * 100)); // payload differs, flow does not
		assert_edge(encap(&in, NH4, DPT_VNI), dpt_cnt("vxlan_encap", "to_tx"));
		m = take_tx();
		if (i == 0)
			first = sport_of(m, false);
		assert_int_equal(sport_of(m, false), first);
		rte_pktmbuf_free(m);
		assert_edge(encap(&in, NH6, DPT_VNI), dpt_cnt("vxlan_encap", "to_tx"));
		m = take_tx();
		assert_int_equal(sport_of(m, true), first);
		rte_pktmbuf_free(m);
	}
	for (unsigned i = 0; i < RTE_DIM(seen); i++) {
		struct dpt_pkt in;
		struct rte_mbuf *m;
		unsigned k;
		frame(&in, (uint16_t)(100 + i), (uint16_t)(1000 + i * 3), 46);
		assert_edge(encap(&in, NH4, DPT_VNI), dpt_cnt("vxlan_encap", "to_tx"));
		m = take_tx();
		seen[i] = sport_of(m, false);
		assert_true(seen[i] >= 49152);
		for (k = 0; k < i && seen[k] != seen[i]; k++)
			;
		distinct += k == i;
		rte_pktmbuf_free(m);
	}
	assert_true(distinct >= 48);
}

// With an RSS hash from the NIC, the port follows the hash.
static void test_sport_from_rss(void **state)
{
	struct dpt_pkt in;
	uint16_t sp[2];
	struct rte_mbuf *m;
	(void)state;
	frame(&in, 1, 2, 46);
	for (unsigned i = 0; i < 2; i++) {
		m = encap_mbuf(&in, NH4, DPT_VNI);
		m->ol_flags = RTE_MBUF_F_RX_RSS_HASH;
		m->hash.rss = 0x00000001;
		assert_edge(dpt_feed("vxlan_encap", vxlan_encap_process, m),
			dpt_cnt("vxlan_encap", "to_tx"));
		m = take_tx();
		sp[i] = sport_of(m, false);
		check_ipv4(m, &in, DPT_VNI);
		rte_pktmbuf_free(m);
	}
	assert_int_equal(sp[0], sp[1]);
	m = encap_mbuf(&in, NH4, DPT_VNI);
	m->ol_flags = RTE_MBUF_F_RX_RSS_HASH;
	m->hash.rss = 0x00000002;
	assert_edge(dpt_feed("vxlan_encap", vxlan_encap_process, m),
		dpt_cnt("vxlan_encap", "to_tx"));
	m = take_tx();
	assert_int_not_equal(sport_of(m, false), sp[0]);
	rte_pktmbuf_free(m);
}

// A chained mbuf whose first segment ends on an odd byte: the IPv6 UDP checksum must
// still cover the payload at the right byte positions.
static void test_ipv6_multiseg_odd(void **state)
{
	struct dpt_pkt in;
	struct rte_mbuf *m, *seg;
	(void)state;
	frame(&in, 1, 2, 200);
	m = dpt_mbuf_bytes(in.b, 33);
	seg = dpt_mbuf_bytes(in.b + 33, (uint16_t)(in.len - 33));
	assert_int_equal(rte_pktmbuf_chain(m, seg), 0);
	dp_meta(m)->nh = NH6;
	dp_meta(m)->vni = DPT_VNI;
	assert_edge(dpt_feed("vxlan_encap", vxlan_encap_process, m),
		dpt_cnt("vxlan_encap", "to_tx"));
	m = take_tx();
	check_ipv6(m, &in, DPT_VNI);
	rte_pktmbuf_free(m);
}

static void test_no_nexthop(void **state)
{
	struct dpt_pkt in;
	(void)state;
	frame(&in, 1, 2, 46);
	assert_edge(encap(&in, 0, DPT_VNI), dpt_cnt("vxlan_encap", "no_nexthop"));
	assert_edge(encap(&in, 77, DPT_VNI), dpt_cnt("vxlan_encap", "no_nexthop"));
	assert_edge(encap(&in, DP_MAX_NEXTHOPS, DPT_VNI), dpt_cnt("vxlan_encap", "no_nexthop"));
	assert_edge(encap(&in, UINT32_MAX, DPT_VNI), dpt_cnt("vxlan_encap", "no_nexthop"));
	assert_int_equal(dpt_pending(), 0);
}

static void test_nexthop_deleted(void **state)
{
	struct dp_msg msg = {.type = DP_MSG_NH_DEL, .nh = {.nh = NH4}};
	struct dpt_pkt in;
	(void)state;
	assert_int_equal(dpt_apply(&msg), 0);
	frame(&in, 1, 2, 46);
	assert_edge(encap(&in, NH4, DPT_VNI), dpt_cnt("vxlan_encap", "no_nexthop"));
}

static void test_unresolved(void **state)
{
	struct dp_msg msg = {.type = DP_MSG_NH_SET,
		.nh = {.nh = 9,
			.encap = DP_ENCAP_VXLAN,
			.resolved = false,
			.remote = {.family = AF_INET},
			.local = {.family = AF_INET}}};
	struct dpt_pkt in;
	struct rte_mbuf *m;
	(void)state;
	msg.nh.remote.v4.s_addr = DPT_REMOTE4B;
	msg.nh.local.v4.s_addr = DPT_VTEP4;
	assert_int_equal(dpt_apply(&msg), 0);
	frame(&in, 1, 2, 46);
	assert_edge(encap(&in, 9, DPT_VNI), dpt_cnt("vxlan_encap", "unresolved_nexthop"));
	assert_int_equal(dpt_pending(), 0);
	// Resolved later: the same next hop now encapsulates toward its address.
	assert_int_equal(dpt_nh4(9, DPT_UL, DPT_REMOTE4B, DPT_VTEP4), 0);
	assert_edge(encap(&in, 9, DPT_VNI), dpt_cnt("vxlan_encap", "to_tx"));
	m = take_tx();
	assert_int_equal(
		rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *, 14)->dst_addr, DPT_REMOTE4B);
	rte_pktmbuf_free(m);
}

static void test_no_headroom(void **state)
{
	struct dpt_pkt in;
	struct rte_mbuf *m = rte_pktmbuf_alloc(dpt.pool);
	(void)state;
	frame(&in, 1, 2, 46);
	m->data_off = 49; // one byte short of the IPv4 outer header
	memcpy(rte_pktmbuf_append(m, in.len), in.b, in.len);
	dp_meta(m)->nh = NH4;
	dp_meta(m)->vni = DPT_VNI;
	assert_edge(
		dpt_feed("vxlan_encap", vxlan_encap_process, m), dpt_cnt("vxlan_encap",
			"no_headroom"));
	m = rte_pktmbuf_alloc(dpt.pool);
	m->data_off = 69;
	memcpy(rte_pktmbuf_append(m, in.len), in.b, in.len);
	dp_meta(m)->nh = NH6;
	dp_meta(m)->vni = DPT_VNI;
	assert_edge(
		dpt_feed("vxlan_encap", vxlan_encap_process, m), dpt_cnt("vxlan_encap",
			"no_headroom"));
	// Exactly enough is enough.
	m = rte_pktmbuf_alloc(dpt.pool);
	m->data_off = 50;
	memcpy(rte_pktmbuf_append(m, in.len), in.b, in.len);
	dp_meta(m)->nh = NH4;
	dp_meta(m)->vni = DPT_VNI;
	assert_edge(dpt_feed("vxlan_encap", vxlan_encap_process, m),
		dpt_cnt("vxlan_encap", "to_tx"));
	m = take_tx();
	check_ipv4(m, &in, DPT_VNI);
	rte_pktmbuf_free(m);
}

// A burst to several next hops lands on the underlay port in order.
static void test_burst(void **state)
{
	struct rte_mbuf *pkts[6], *out[6];
	struct dpt_pkt in[6];
	struct dpt_cnt before;
	(void)state;
	for (unsigned i = 0; i < 6; i++) {
		frame(&in[i], (uint16_t)i, 50, (uint16_t)(46 + i));
		pkts[i] = encap_mbuf(&in[i], i == 4 ? 55 : (i % 2 ? NH6 : NH4), DPT_VNI);
	}
	dpt_snap(&before);
	vxlan_encap_process(dpt.w, pkts, 6);
	assert_int_equal(dpt_delta(&before, dpt_cnt("vxlan_encap", "to_tx")), 5);
	assert_int_equal(dpt_delta(&before, dpt_cnt("vxlan_encap", "no_nexthop")), 1);
	assert_int_equal(dpt_tx_take(DPT_UL, out, 6), 5);
	check_ipv4(out[0], &in[0], DPT_VNI);
	check_ipv6(out[1], &in[1], DPT_VNI);
	check_ipv4(out[2], &in[2], DPT_VNI);
	check_ipv6(out[3], &in[3], DPT_VNI);
	check_ipv6(out[4], &in[5], DPT_VNI);
	dpt_free(out, 5);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ipv4, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_ipv6, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_lengths, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_vni_from_meta, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_sport_stable_and_spread, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_sport_from_rss, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_ipv6_multiseg_odd, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_no_nexthop, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_nexthop_deleted, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_unresolved, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_no_headroom, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_burst, setup, dpt_teardown),
	};
	int ret;
	(void)argc;
	dpt_eal_init(argv[0]);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	dpt_eal_fini();
	return ret;
}
