// SPDX-License-Identifier: BSD-3-Clause
// Tests of dp/vxlan/vxlan_decap.c: one packet in, the edge it took, and on the good
// path the exact inner frame and metadata.
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

static int setup(void **state)
{
	if (dpt_setup(state) != 0)
		return -1;
	dpt_topology();
	return 0;
}

static void inner_frame(struct dpt_pkt *in, uint16_t payload)
{
	struct rte_ether_addr a = dpt_mac(1), b = dpt_mac(2);
	dpt_frame(in, &b, &a, 0, payload);
}

// An mbuf as underlay_input hands it over: in_port and the outer IP header length.
static struct rte_mbuf *decap_mbuf(const struct dpt_pkt *p)
{
	struct rte_mbuf *m = dpt_mbuf(p);
	dp_meta(m)->in_port = DPT_UL;
	dp_meta(m)->l3_len = (uint8_t)(p->l4 - p->l3);
	return m;
}

static int decap(const struct dpt_pkt *p)
{
	return dpt_feed("vxlan_decap", vxlan_decap_process, decap_mbuf(p));
}

static void check_inner(const struct dpt_pkt *in, uint16_t bd)
{
	struct rte_mbuf *m;
	struct dp_meta *meta;

	assert_int_equal(dpt_vec_take(DPT_VEC(l2_fwd), &m, 1), 1);
	meta = dp_meta(m);
	assert_int_equal(rte_pktmbuf_pkt_len(m), in->len);
	assert_int_equal(rte_pktmbuf_data_len(m), in->len);
	assert_memory_equal(rte_pktmbuf_mtod(m, void *), in->b, in->len);
	assert_int_equal(meta->bd, bd);
	assert_int_equal(meta->from_tunnel, 1);
	assert_int_equal(meta->in_vlan, 0);
	assert_int_equal(meta->in_port, DPT_UL);
	assert_int_equal(m->ol_flags, 0);
	rte_pktmbuf_free(m);
}

static void test_good_ipv4(void **state)
{
	struct dpt_pkt in, p;
	(void)state;
	inner_frame(&in, 100);
	dpt_vxlan4_pkt(&p, &in, DPT_VNI);
	assert_edge(decap(&p), dpt_cnt("vxlan_decap", "to_l2"));
	check_inner(&in, DPT_BD);
}

static void test_good_ipv6(void **state)
{
	struct dpt_pkt in, p;
	(void)state;
	inner_frame(&in, 333);
	dpt_vxlan6_pkt(&p, &in, DPT_VNI2);
	assert_edge(decap(&p), dpt_cnt("vxlan_decap", "to_l2"));
	check_inner(&in, DPT_BD2);
}

// IPv4 options: the outer header is 24 bytes and exactly that much more is stripped.
static void test_good_ipv4_options(void **state)
{
	struct dpt_pkt in, p;
	struct rte_ipv4_hdr *ip;
	(void)state;
	inner_frame(&in, 64);
	dpt_pkt_init(&p);
	dpt_put_eth(&p, &dpt.port_mac[DPT_UL], &dpt_peer_mac, RTE_ETHER_TYPE_IPV4);
	ip = dpt_put_ipv4(&p, DPT_REMOTE4, DPT_VTEP4, IPPROTO_UDP);
	ip->version_ihl = 0x46;
	dpt_put(&p, (const uint8_t[4]){1, 1, 1, 0}, 4); // NOP NOP NOP EOL
	dpt_put_udp(&p, 1234, RTE_VXLAN_DEFAULT_PORT);
	dpt_put_vxlan(&p, 0x08000000, DPT_VNI);
	dpt_put(&p, in.b, in.len);
	dpt_fix_lengths(&p);
	assert_edge(decap(&p), dpt_cnt("vxlan_decap", "to_l2"));
	check_inner(&in, DPT_BD);
}

// Hardware offload flags of the outer packet do not survive into the inner frame.
static void test_good_clears_offload_flags(void **state)
{
	struct dpt_pkt in, p;
	struct rte_mbuf *m;
	(void)state;
	inner_frame(&in, 46);
	dpt_vxlan4_pkt(&p, &in, DPT_VNI);
	m = decap_mbuf(&p);
	m->ol_flags =
		RTE_MBUF_F_RX_IP_CKSUM_GOOD | RTE_MBUF_F_RX_L4_CKSUM_GOOD | RTE_MBUF_F_RX_RSS_HASH;
	assert_edge(dpt_feed("vxlan_decap", vxlan_decap_process, m),
		dpt_cnt("vxlan_decap", "to_l2"));
	check_inner(&in, DPT_BD);
}

static void test_udp_length_mismatch(void **state)
{
	struct dpt_pkt in, p;
	struct rte_udp_hdr *udp;
	(void)state;
	inner_frame(&in, 64);
	dpt_vxlan4_pkt(&p, &in, DPT_VNI);
	udp = (struct rte_udp_hdr *)(p.b + p.l4);
	udp->dgram_len = rte_cpu_to_be_16(rte_be_to_cpu_16(udp->dgram_len) + 1);
	assert_edge(decap(&p), dpt_cnt("vxlan_decap", "bad_udp_length"));
	udp->dgram_len = rte_cpu_to_be_16(rte_be_to_cpu_16(udp->dgram_len) - 2);
	assert_edge(decap(&p), dpt_cnt("vxlan_decap", "bad_udp_length"));
	udp->dgram_len = RTE_BE16(8); // no room for the VXLAN header
	assert_edge(decap(&p), dpt_cnt("vxlan_decap", "bad_udp_length"));
	udp->dgram_len = 0;
	assert_edge(decap(&p), dpt_cnt("vxlan_decap", "bad_udp_length"));
}

// The frame ends inside the VXLAN header.
static void test_truncated_vxlan_header(void **state)
{
	struct dpt_pkt in, p;
	(void)state;
	inner_frame(&in, 0);
	dpt_vxlan4_pkt(&p, &in, DPT_VNI);
	p.len = (uint16_t)(p.l5 + 4);
	dpt_fix_lengths(&p);
	assert_edge(decap(&p), dpt_cnt("vxlan_decap", "bad_udp_length"));
}

static void test_udp_checksum_bad_by_nic(void **state)
{
	struct dpt_pkt in, p;
	struct rte_mbuf *m;
	(void)state;
	inner_frame(&in, 64);
	dpt_vxlan4_pkt(&p, &in, DPT_VNI);
	((struct rte_udp_hdr *)(p.b + p.l4))->dgram_cksum = RTE_BE16(0x1234);
	m = decap_mbuf(&p);
	m->ol_flags = RTE_MBUF_F_RX_L4_CKSUM_BAD;
	assert_edge(dpt_feed("vxlan_decap", vxlan_decap_process, m),
		dpt_cnt("vxlan_decap", "bad_udp_checksum"));
	// Not verified in software (RFC 7348: optional) when the NIC did not look.
	assert_edge(decap(&p), dpt_cnt("vxlan_decap", "to_l2"));
	check_inner(&in, DPT_BD);
}

// A zero UDP checksum means "none": a NIC verdict on it is ignored.
static void test_udp_checksum_zero_ignored(void **state)
{
	struct dpt_pkt in, p;
	struct rte_mbuf *m;
	(void)state;
	inner_frame(&in, 64);
	dpt_vxlan4_pkt(&p, &in, DPT_VNI);
	m = decap_mbuf(&p);
	m->ol_flags = RTE_MBUF_F_RX_L4_CKSUM_BAD;
	assert_edge(dpt_feed("vxlan_decap", vxlan_decap_process, m),
		dpt_cnt("vxlan_decap", "to_l2"));
	check_inner(&in, DPT_BD);
}

static void test_i_flag_clear(void **state)
{
	struct dpt_pkt in, p;
	struct rte_vxlan_hdr *vx;
	(void)state;
	inner_frame(&in, 64);
	dpt_vxlan4_pkt(&p, &in, DPT_VNI);
	vx = (struct rte_vxlan_hdr *)(p.b + p.l5);
	vx->vx_flags = 0;
	assert_edge(decap(&p), dpt_cnt("vxlan_decap", "bad_flags"));
	vx->vx_flags = RTE_BE32(0xf7000000); // everything but I
	assert_edge(decap(&p), dpt_cnt("vxlan_decap", "bad_flags"));
	// Reserved bits set alongside I are ignored (RFC 7348: receivers ignore them).
	vx->vx_flags = RTE_BE32(0x0c000000);
	assert_edge(decap(&p), dpt_cnt("vxlan_decap", "to_l2"));
	check_inner(&in, DPT_BD);
}

static void test_unknown_vni(void **state)
{
	struct dpt_pkt in, p;
	(void)state;
	inner_frame(&in, 64);
	dpt_vxlan4_pkt(&p, &in, 4242);
	assert_edge(decap(&p), dpt_cnt("vxlan_decap", "unknown_vni"));
	dpt_vxlan4_pkt(&p, &in, 0);
	assert_edge(decap(&p), dpt_cnt("vxlan_decap", "unknown_vni"));
	// The low byte of the VNI word is reserved and must not leak into the VNI.
	dpt_vxlan4_pkt(&p, &in, DPT_VNI);
	p.b[p.l5 + 7] = 0xab;
	assert_edge(decap(&p), dpt_cnt("vxlan_decap", "to_l2"));
	check_inner(&in, DPT_BD);
}

static void test_inner_runt(void **state)
{
	struct dpt_pkt in, p;
	(void)state;
	dpt_pkt_init(&in);
	dpt_put(&in, NULL, 13); // one byte short of an Ethernet header
	dpt_vxlan4_pkt(&p, &in, DPT_VNI);
	assert_edge(decap(&p), dpt_cnt("vxlan_decap", "inner_runt"));
	dpt_pkt_init(&in);
	dpt_vxlan6_pkt(&p, &in, DPT_VNI);
	assert_edge(decap(&p), dpt_cnt("vxlan_decap", "inner_runt"));
	// Exactly an Ethernet header is a frame.
	dpt_pkt_init(&in);
	dpt_put_eth(&in, &dpt_bcast, &dpt_peer_mac, 0x88b5);
	dpt_vxlan4_pkt(&p, &in, DPT_VNI);
	assert_edge(decap(&p), dpt_cnt("vxlan_decap", "to_l2"));
	check_inner(&in, DPT_BD);
}

// A VNI reassigned to another bridge domain is followed at once (map rebuilt).
static void test_vni_remap(void **state)
{
	struct dpt_pkt in, p;
	(void)state;
	inner_frame(&in, 64);
	assert_int_equal(dpt_bd_set(DPT_BD2, 3000, 0, true), 0);
	assert_int_equal(dpt_bd_set(DPT_BD, DPT_VNI2, 0, true), 0);
	dpt_vxlan4_pkt(&p, &in, DPT_VNI2);
	assert_edge(decap(&p), dpt_cnt("vxlan_decap", "to_l2"));
	check_inner(&in, DPT_BD);
	dpt_vxlan4_pkt(&p, &in, DPT_VNI);
	assert_edge(decap(&p), dpt_cnt("vxlan_decap", "unknown_vni"));
	assert_int_equal(dpt_bd_del(DPT_BD), 0);
	dpt_vxlan4_pkt(&p, &in, DPT_VNI2);
	assert_edge(decap(&p), dpt_cnt("vxlan_decap", "unknown_vni"));
}

// --- UDP checksum over IPv6 (RFC 8200 8.1, RFC 6935/6936) ----------------------------

// Hop-by-Hop (8 bytes) then Destination Options (16), each padded with PadN, then UDP.
static const uint8_t hbh_dstopts[] = {IPPROTO_DSTOPTS, 0, 1, 4, 0, 0, 0, 0, IPPROTO_UDP, 1, 1, 12,
	[23] = 0};

// A wrong non-zero checksum is dropped when the NIC did not look; a right one passes.
static void test_udp6_checksum_verified(void **state)
{
	struct dpt_pkt in, p;
	struct rte_udp_hdr *udp;
	(void)state;
	inner_frame(&in, 100);
	dpt_vxlan6_pkt(&p, &in, DPT_VNI);
	dpt_fix_udp6_csum(&p);
	assert_edge(decap(&p), dpt_cnt("vxlan_decap", "to_l2"));
	check_inner(&in, DPT_BD);
	udp = (struct rte_udp_hdr *)(p.b + p.l4);
	udp->dgram_cksum ^= RTE_BE16(0x0101);
	assert_edge(decap(&p), dpt_cnt("vxlan_decap", "bad_udp_checksum"));
	// A bit flipped in the inner frame, or in an address of the pseudo-header.
	dpt_fix_udp6_csum(&p);
	p.b[p.len - 1] ^= 0x40;
	assert_edge(decap(&p), dpt_cnt("vxlan_decap", "bad_udp_checksum"));
	p.b[p.len - 1] ^= 0x40;
	p.b[p.l3 + 8 + 15] ^= 1; // source address
	assert_edge(decap(&p), dpt_cnt("vxlan_decap", "bad_udp_checksum"));
	// An odd-length datagram sums its last byte as the high half of a word.
	inner_frame(&in, 101);
	dpt_vxlan6_pkt(&p, &in, DPT_VNI);
	dpt_fix_udp6_csum(&p);
	assert_edge(decap(&p), dpt_cnt("vxlan_decap", "to_l2"));
	check_inner(&in, DPT_BD);
}

// Zero means "none": accepted for a tunnel (RFC 6935), as Linux does with udp6zerocsumrx.
static void test_udp6_checksum_zero(void **state)
{
	struct dpt_pkt in, p;
	(void)state;
	inner_frame(&in, 64);
	dpt_vxlan6_pkt(&p, &in, DPT_VNI);
	assert_int_equal(((struct rte_udp_hdr *)(p.b + p.l4))->dgram_cksum, 0);
	assert_edge(decap(&p), dpt_cnt("vxlan_decap", "to_l2"));
	check_inner(&in, DPT_BD);
}

// The NIC's verdict is followed and spares the software sum.
static void test_udp6_checksum_by_nic(void **state)
{
	struct dpt_pkt in, p;
	struct rte_mbuf *m;
	(void)state;
	inner_frame(&in, 64);
	dpt_vxlan6_pkt(&p, &in, DPT_VNI);
	dpt_fix_udp6_csum(&p);
	m = decap_mbuf(&p);
	m->ol_flags = RTE_MBUF_F_RX_L4_CKSUM_BAD;
	assert_edge(dpt_feed("vxlan_decap", vxlan_decap_process, m),
		dpt_cnt("vxlan_decap", "bad_udp_checksum"));
	((struct rte_udp_hdr *)(p.b + p.l4))->dgram_cksum ^= RTE_BE16(0x0101);
	m = decap_mbuf(&p);
	m->ol_flags = RTE_MBUF_F_RX_L4_CKSUM_GOOD;
	assert_edge(dpt_feed("vxlan_decap", vxlan_decap_process, m),
		dpt_cnt("vxlan_decap", "to_l2"));
	check_inner(&in, DPT_BD);
	m = decap_mbuf(&p);
	m->ol_flags = RTE_MBUF_F_RX_L4_CKSUM_NONE; // not in the data, but the data is intact
	assert_edge(dpt_feed("vxlan_decap", vxlan_decap_process, m),
		dpt_cnt("vxlan_decap", "to_l2"));
	check_inner(&in, DPT_BD);
}

// Extension headers are not in the pseudo-header's length (the UDP length is).
static void test_udp6_checksum_ext_headers(void **state)
{
	struct dpt_pkt in, p;
	struct rte_mbuf *m;
	(void)state;
	inner_frame(&in, 80);
	dpt_vxlan6_ext_pkt(&p, &in, DPT_VNI, IPPROTO_HOPOPTS, hbh_dstopts, sizeof(hbh_dstopts));
	dpt_fix_udp6_csum(&p);
	assert_int_equal(p.l4 - p.l3, 40 + 24);
	assert_edge(decap(&p), dpt_cnt("vxlan_decap", "to_l2"));
	check_inner(&in, DPT_BD);
	p.b[p.l4 + 20] ^= 0x10; // in the VXLAN header's reserved bits
	assert_edge(decap(&p), dpt_cnt("vxlan_decap", "bad_udp_checksum"));
	// A multi-segment packet sums across the segments.
	p.b[p.l4 + 20] ^= 0x10;
	m = decap_mbuf(&p);
	{
		struct rte_mbuf *tail = rte_pktmbuf_alloc(dpt.pool);
		uint16_t cut = (uint16_t)(p.l5 + 8 + 14 + 13); // an odd split past the inner header
		assert_non_null(tail);
		memcpy(rte_pktmbuf_append(tail, (uint16_t)(p.len - cut)), p.b + cut, p.len - cut);
		rte_pktmbuf_trim(m, (uint16_t)(p.len - cut));
		assert_int_equal(rte_pktmbuf_chain(m, tail), 0);
	}
	assert_edge(dpt_feed("vxlan_decap", vxlan_decap_process, m),
		dpt_cnt("vxlan_decap", "to_l2"));
	assert_int_equal(dpt_vec_take(DPT_VEC(l2_fwd), &m, 1), 1);
	assert_int_equal(rte_pktmbuf_pkt_len(m), in.len);
	rte_pktmbuf_free(m);
}

// The whole way: VXLAN over IPv6 with Hop-by-Hop + Destination Options and a UDP
// checksum, from the underlay port through underlay_input, vxlan_decap and l2_fwd out
// of the access port where the inner destination lives, the inner frame unchanged.
static void test_ip6_ext_chain_forwarded(void **state)
{
	struct rte_ether_addr dst = dpt_mac(2);
	struct dpt_pkt in, p;
	struct rte_mbuf *m;
	(void)state;
	assert_int_equal(dpt_mac_local(DPT_BD, &dst, DP_MAC_LOCAL_STATIC, DPT_A1, 0), 0);
	inner_frame(&in, 90);
	dpt_vxlan6_ext_pkt(&p, &in, DPT_VNI, IPPROTO_HOPOPTS, hbh_dstopts, sizeof(hbh_dstopts));
	dpt_fix_udp6_csum(&p);
	assert_edge(dpt_feed_port("underlay_input", underlay_input_process, DPT_UL, dpt_mbuf(&p)),
		dpt_cnt("underlay_input", "to_vxlan_decap"));
	assert_int_equal(dpt_vec_take(DPT_VEC(vxlan_decap), &m, 1), 1);
	assert_edge(dpt_feed("vxlan_decap", vxlan_decap_process, m),
		dpt_cnt("vxlan_decap", "to_l2"));
	assert_int_equal(dpt_vec_take(DPT_VEC(l2_fwd), &m, 1), 1);
	assert_edge(dpt_feed("l2_fwd", l2_fwd_process, m), dpt_cnt("l2_fwd", "to_access"));
	assert_int_equal(dpt_tx_take(DPT_A1, &m, 1), 1);
	assert_int_equal(rte_pktmbuf_pkt_len(m), in.len);
	assert_memory_equal(rte_pktmbuf_mtod(m, void *), in.b, in.len);
	rte_pktmbuf_free(m);
	assert_int_equal(dpt_pending(), 0);
}

// A wrong non-zero checksum over IPv4 passes unless the NIC found it bad (RFC 7348
// section 5: verifying is optional; the IPv4 header checksum covers the addresses).
static void test_udp4_checksum_not_verified(void **state)
{
	struct dpt_pkt in, p;
	(void)state;
	inner_frame(&in, 64);
	dpt_vxlan4_pkt(&p, &in, DPT_VNI);
	((struct rte_udp_hdr *)(p.b + p.l4))->dgram_cksum = RTE_BE16(0x1234);
	assert_edge(decap(&p), dpt_cnt("vxlan_decap", "to_l2"));
	check_inner(&in, DPT_BD);
}

// --- inner source MAC (RFC 7042 2.1: the I/G bit marks a group address) -------------

// A group (multicast, broadcast) or all-zero source is no host: dropped, as from an
// access port, and never learned.
static void test_bad_inner_src_mac(void **state)
{
	static const struct rte_ether_addr bad[] = {
		{{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}},
		{{0x01, 0x00, 0x5e, 0x00, 0x00, 0x01}},
		{{0x33, 0x33, 0x00, 0x00, 0x00, 0x01}},
		{{0x03, 0x00, 0x00, 0x00, 0x00, 0x02}}, // I/G and U/L both set
		{{0}},
	};
	struct rte_ether_addr dst = dpt_mac(2);
	struct dpt_pkt in, p;
	(void)state;
	for (unsigned i = 0; i < RTE_DIM(bad); i++) {
		dpt_frame(&in, &dst, &bad[i], 0, 64);
		dpt_vxlan4_pkt(&p, &in, DPT_VNI);
		assert_edge(decap(&p), dpt_cnt("vxlan_decap", "bad_inner_src_mac"));
		dpt_vxlan6_pkt(&p, &in, DPT_VNI);
		assert_edge(decap(&p), dpt_cnt("vxlan_decap", "bad_inner_src_mac"));
		assert_false(dpt_mac_lookup(DPT_BD, &bad[i], NULL));
	}
	assert_int_equal(dpt_pending(), 0);
	// A locally administered unicast source is a host's.
	dpt_frame(&in, &dst, &(struct rte_ether_addr){{0x02, 0, 0, 0, 0, 9}}, 0, 64);
	dpt_vxlan4_pkt(&p, &in, DPT_VNI);
	assert_edge(decap(&p), dpt_cnt("vxlan_decap", "to_l2"));
	check_inner(&in, DPT_BD);
}

// A burst keeps per-packet verdicts and order.
static void test_burst(void **state)
{
	struct rte_mbuf *pkts[8], *out[8];
	struct dpt_pkt in[8], p;
	struct dpt_cnt before;
	(void)state;
	for (unsigned i = 0; i < 8; i++) {
		inner_frame(&in[i], (uint16_t)(50 + i));
		dpt_vxlan4_pkt(&p, &in[i], i % 4 == 3 ? 99 : DPT_VNI);
		pkts[i] = decap_mbuf(&p);
	}
	dpt_snap(&before);
	vxlan_decap_process(dpt.w, pkts, 8);
	assert_int_equal(dpt_delta(&before, dpt_cnt("vxlan_decap", "to_l2")), 6);
	assert_int_equal(dpt_delta(&before, dpt_cnt("vxlan_decap", "unknown_vni")), 2);
	assert_int_equal(dpt_vec_take(DPT_VEC(l2_fwd), out, 8), 6);
	for (unsigned i = 0, k = 0; i < 8; i++) {
		if (i % 4 == 3)
			continue;
		assert_int_equal(rte_pktmbuf_pkt_len(out[k]), in[i].len);
		assert_memory_equal(rte_pktmbuf_mtod(out[k], void *), in[i].b, in[i].len);
		k++;
	}
	dpt_free(out, 6);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_good_ipv4, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_good_ipv6, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_good_ipv4_options, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(
			test_good_clears_offload_flags, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_udp_length_mismatch, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_truncated_vxlan_header, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_udp_checksum_bad_by_nic, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(
			test_udp_checksum_zero_ignored, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_i_flag_clear, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_vni, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_inner_runt, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_vni_remap, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_udp6_checksum_verified, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_udp6_checksum_zero, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_udp6_checksum_by_nic, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_udp6_checksum_ext_headers, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_ip6_ext_chain_forwarded, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_udp4_checksum_not_verified, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_bad_inner_src_mac, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_burst, setup, dpt_teardown),
	};
	int ret;
	(void)argc;
	dpt_eal_init(argv[0]);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	dpt_eal_fini();
	return ret;
}
