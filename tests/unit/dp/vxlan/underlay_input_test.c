// SPDX-License-Identifier: BSD-3-Clause
// Tests of dp/vxlan/underlay_input.c: outer Ethernet and IP validation, and which
// node each frame from an underlay port goes to.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <rte_arp.h>
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

static void vx4(struct dpt_pkt *p)
{
	struct dpt_pkt in;
	struct rte_ether_addr a = dpt_mac(1), b = dpt_mac(2);
	dpt_frame(&in, &b, &a, 0, 64);
	dpt_vxlan4_pkt(p, &in, DPT_VNI);
}

static void vx6(struct dpt_pkt *p)
{
	struct dpt_pkt in;
	struct rte_ether_addr a = dpt_mac(1), b = dpt_mac(2);
	dpt_frame(&in, &b, &a, 0, 64);
	dpt_vxlan6_pkt(p, &in, DPT_VNI);
}

static struct rte_ipv4_hdr *ip4(struct dpt_pkt *p)
{
	return (struct rte_ipv4_hdr *)(p->b + p->l3);
}

static struct rte_ipv6_hdr *ip6(struct dpt_pkt *p)
{
	return (struct rte_ipv6_hdr *)(p->b + p->l3);
}

static int feed_m(struct rte_mbuf *m)
{
	return dpt_feed_port("underlay_input", underlay_input_process, DPT_UL, m);
}

static int feed(const struct dpt_pkt *p)
{
	return feed_m(dpt_mbuf(p));
}

// Takes the one packet the node queued for the next node.
static struct rte_mbuf *take(struct dp_vec *v)
{
	struct rte_mbuf *m;
	assert_int_equal(dpt_vec_take(v, &m, 1), 1);
	return m;
}

static void test_vxlan4(void **state)
{
	struct dpt_pkt p;
	struct rte_mbuf *m;
	(void)state;
	vx4(&p);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "to_vxlan_decap"));
	m = take(DPT_VEC(vxlan_decap));
	assert_int_equal(dp_meta(m)->l3_len, 20);
	assert_int_equal(dp_meta(m)->in_port, DPT_UL);
	assert_int_equal(rte_pktmbuf_pkt_len(m), p.len);
	assert_memory_equal(rte_pktmbuf_mtod(m, void *), p.b, p.len);
	rte_pktmbuf_free(m);
}

static void test_vxlan6(void **state)
{
	struct dpt_pkt p;
	struct rte_mbuf *m;
	(void)state;
	vx6(&p);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "to_vxlan_decap"));
	m = take(DPT_VEC(vxlan_decap));
	assert_int_equal(dp_meta(m)->l3_len, 40);
	assert_int_equal(rte_pktmbuf_pkt_len(m), p.len);
	rte_pktmbuf_free(m);
}

// Ethernet padding after the IP packet is trimmed so decap sees the exact datagram.
static void test_padding_trimmed(void **state)
{
	struct dpt_pkt p;
	uint16_t len;
	struct rte_mbuf *m;
	(void)state;
	vx4(&p);
	len = p.len;
	dpt_put(&p, NULL, 12);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "to_vxlan_decap"));
	m = take(DPT_VEC(vxlan_decap));
	assert_int_equal(rte_pktmbuf_pkt_len(m), len);
	rte_pktmbuf_free(m);
	vx6(&p);
	len = p.len;
	dpt_put(&p, NULL, 7);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "to_vxlan_decap"));
	m = take(DPT_VEC(vxlan_decap));
	assert_int_equal(rte_pktmbuf_pkt_len(m), len);
	rte_pktmbuf_free(m);
}

static void test_ipv4_options(void **state)
{
	struct dpt_pkt p, in;
	struct rte_mbuf *m;
	struct rte_ether_addr a = dpt_mac(1);
	(void)state;
	dpt_frame(&in, &dpt_bcast, &a, 0, 64);
	dpt_pkt_init(&p);
	dpt_put_eth(&p, &dpt.port_mac[DPT_UL], &dpt_peer_mac, RTE_ETHER_TYPE_IPV4);
	dpt_put_ipv4(&p, DPT_REMOTE4, DPT_VTEP4, IPPROTO_UDP)->version_ihl = 0x47;
	dpt_put(&p, NULL, 8);
	dpt_put_udp(&p, 1, RTE_VXLAN_DEFAULT_PORT);
	dpt_put_vxlan(&p, 0x08000000, DPT_VNI);
	dpt_put(&p, in.b, in.len);
	dpt_fix_lengths(&p);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "to_vxlan_decap"));
	m = take(DPT_VEC(vxlan_decap));
	assert_int_equal(dp_meta(m)->l3_len, 28);
	rte_pktmbuf_free(m);
}

static void test_arp_and_nd_dispatch(void **state)
{
	struct dpt_pkt p;
	struct rte_ether_addr peer = dpt_peer_mac;
	uint8_t group[16] = {0xff, 0x02, [11] = 1, [12] = 0xff, [15] = 1};
	(void)state;
	dpt_arp_pkt(&p, RTE_ARP_OP_REQUEST, &peer, DPT_PEER4, DPT_UL4);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "to_arp_input"));
	rte_pktmbuf_free(take(DPT_VEC(arp_input)));
	dpt_ns_pkt(&p, &peer, dpt_peer6, group, dpt_ul6);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "to_nd_input"));
	rte_pktmbuf_free(take(DPT_VEC(nd_input)));
	dpt_na_pkt(&p, &peer, dpt_peer6, dpt_ul6, dpt_peer6);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "to_nd_input"));
	rte_pktmbuf_free(take(DPT_VEC(nd_input)));
}

static void test_runt(void **state)
{
	struct dpt_pkt p;
	(void)state;
	vx4(&p);
	assert_edge(feed_m(dpt_mbuf_bytes(p.b, 13)), dpt_cnt("underlay_input", "runt"));
	assert_edge(feed_m(dpt_mbuf_bytes(p.b, 0)), dpt_cnt("underlay_input", "runt"));
}

static void test_truncated_ipv4(void **state)
{
	struct dpt_pkt p;
	(void)state;
	vx4(&p);
	assert_edge(feed_m(dpt_mbuf_bytes(p.b, 14 + 19)), dpt_cnt("underlay_input", "runt"));
	assert_edge(feed_m(dpt_mbuf_bytes(p.b, 14)), dpt_cnt("underlay_input", "runt"));
	// The IPv4 header is whole but the datagram is cut: total length beyond the frame.
	assert_edge(feed_m(dpt_mbuf_bytes(p.b, 14 + 20 + 4)),
		dpt_cnt("underlay_input", "bad_ip_header"));
}

static void test_truncated_ipv6(void **state)
{
	struct dpt_pkt p;
	(void)state;
	vx6(&p);
	assert_edge(feed_m(dpt_mbuf_bytes(p.b, 14 + 39)), dpt_cnt("underlay_input", "runt"));
	assert_edge(feed_m(dpt_mbuf_bytes(p.b, 14 + 40 + 4)),
		dpt_cnt("underlay_input", "bad_ip_header"));
}

static void test_wrong_dst_mac(void **state)
{
	struct dpt_pkt p;
	struct rte_ether_addr other = dpt_mac(77);
	struct rte_mbuf *m;
	(void)state;
	vx4(&p);
	memcpy(p.b, &other, 6);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "not_our_mac"));
	// Another port's MAC is not ours on this port.
	memcpy(p.b, &dpt.port_mac[DPT_A1], 6);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "not_our_mac"));
	// Group addresses are accepted (ARP broadcasts, ND multicast).
	memcpy(p.b, &dpt_bcast, 6);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "to_vxlan_decap"));
	m = take(DPT_VEC(vxlan_decap));
	rte_pktmbuf_free(m);
}

static void test_bad_ihl(void **state)
{
	struct dpt_pkt p;
	(void)state;
	vx4(&p);
	ip4(&p)->version_ihl = 0x44;
	dpt_fix_ipv4_csum(&p);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "bad_ip_header"));
	ip4(&p)->version_ihl = 0x40;
	assert_edge(feed(&p), dpt_cnt("underlay_input", "bad_ip_header"));
	// IHL 15 (60 bytes) in a frame whose total length is 40.
	vx4(&p);
	ip4(&p)->version_ihl = 0x4f;
	ip4(&p)->total_length = RTE_BE16(40);
	p.len = 14 + 40;
	assert_edge(feed(&p), dpt_cnt("underlay_input", "bad_ip_header"));
	// IHL bigger than what the frame holds.
	vx4(&p);
	ip4(&p)->version_ihl = 0x4f;
	assert_edge(feed_m(dpt_mbuf_bytes(p.b, 14 + 40)),
		dpt_cnt("underlay_input", "bad_ip_header"));
}

static void test_bad_version(void **state)
{
	struct dpt_pkt p;
	(void)state;
	vx4(&p);
	ip4(&p)->version_ihl = 0x65;
	dpt_fix_ipv4_csum(&p);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "bad_ip_header"));
	vx6(&p);
	ip6(&p)->vtc_flow = RTE_BE32(4u << 28);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "bad_ip_header"));
}

static void test_total_length(void **state)
{
	struct dpt_pkt p;
	uint16_t tlen;
	(void)state;
	vx4(&p);
	tlen = rte_be_to_cpu_16(ip4(&p)->total_length);
	ip4(&p)->total_length = rte_cpu_to_be_16(tlen + 1);
	dpt_fix_ipv4_csum(&p);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "bad_ip_header"));
	ip4(&p)->total_length = RTE_BE16(19); // shorter than the header
	dpt_fix_ipv4_csum(&p);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "bad_ip_header"));
	vx6(&p);
	ip6(&p)->payload_len = rte_cpu_to_be_16(rte_be_to_cpu_16(ip6(&p)->payload_len) + 1);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "bad_ip_header"));
}

static void test_bad_checksum(void **state)
{
	struct dpt_pkt p;
	struct rte_mbuf *m;
	(void)state;
	vx4(&p);
	ip4(&p)->hdr_checksum ^= RTE_BE16(0x0100);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "bad_ip_checksum"));
	// The NIC's verdict wins over the bytes: good.
	m = dpt_mbuf(&p);
	m->ol_flags = RTE_MBUF_F_RX_IP_CKSUM_GOOD;
	assert_edge(feed_m(m), dpt_cnt("underlay_input", "to_vxlan_decap"));
	rte_pktmbuf_free(take(DPT_VEC(vxlan_decap)));
	// ... and bad.
	dpt_fix_ipv4_csum(&p);
	m = dpt_mbuf(&p);
	m->ol_flags = RTE_MBUF_F_RX_IP_CKSUM_BAD;
	assert_edge(feed_m(m), dpt_cnt("underlay_input", "bad_ip_checksum"));
}

static void test_fragments(void **state)
{
	struct dpt_pkt p;
	(void)state;
	vx4(&p);
	ip4(&p)->fragment_offset = RTE_BE16(RTE_IPV4_HDR_MF_FLAG);
	dpt_fix_ipv4_csum(&p);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "ip_fragment"));
	ip4(&p)->fragment_offset = RTE_BE16(185); // a later fragment
	dpt_fix_ipv4_csum(&p);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "ip_fragment"));
	ip4(&p)->fragment_offset = RTE_BE16(RTE_IPV4_HDR_DF_FLAG); // DF is fine
	dpt_fix_ipv4_csum(&p);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "to_vxlan_decap"));
	rte_pktmbuf_free(take(DPT_VEC(vxlan_decap)));
}

static void test_wrong_dst_ip(void **state)
{
	struct dpt_pkt p;
	(void)state;
	vx4(&p);
	ip4(&p)->dst_addr = RTE_BE32(RTE_IPV4(192, 0, 2, 99));
	dpt_fix_ipv4_csum(&p);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "not_local_address"));
	// Our interface address is ours, but only VXLAN is handled: no exception path.
	ip4(&p)->dst_addr = DPT_UL4;
	dpt_fix_ipv4_csum(&p);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "no_exception_path"));
	vx6(&p);
	ip6(&p)->dst_addr[15] = 0x99;
	assert_edge(feed(&p), dpt_cnt("underlay_input", "not_local_address"));
	memcpy(ip6(&p)->dst_addr, dpt_ul6, 16);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "no_exception_path"));
}

// Without an IPv4 VTEP address, nothing is ours: not even a datagram to 0.0.0.0.
static void test_no_vtep4_zero_dst(void **state)
{
	struct dpt_pkt p;
	(void)state;
	assert_int_equal(dpt_vtep_set6(dpt_vtep6), 0);
	assert_int_equal(dpt_bd_set(DPT_BD, DPT_VNI, 0, true), 0);
	vx4(&p);
	ip4(&p)->dst_addr = 0;
	dpt_fix_ipv4_csum(&p);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "not_local_address"));
}

// Likewise for IPv6 without an IPv6 VTEP.
static void test_no_vtep6_zero_dst(void **state)
{
	struct dpt_pkt p;
	(void)state;
	assert_int_equal(dpt_vtep_set4(DPT_VTEP4), 0);
	assert_int_equal(dpt_bd_set(DPT_BD, DPT_VNI, 0, true), 0);
	vx6(&p);
	memset(ip6(&p)->dst_addr, 0, 16);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "not_local_address"));
}

static void test_not_vxlan(void **state)
{
	struct dpt_pkt p;
	struct rte_udp_hdr *udp;
	(void)state;
	vx4(&p);
	ip4(&p)->next_proto_id = IPPROTO_TCP;
	dpt_fix_ipv4_csum(&p);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "no_exception_path"));
	vx4(&p);
	udp = (struct rte_udp_hdr *)(p.b + p.l4);
	udp->dst_port = RTE_BE16(4790);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "no_exception_path"));
	// UDP whose datagram is too short to hold a UDP header.
	vx4(&p);
	ip4(&p)->total_length = RTE_BE16(20 + 7);
	dpt_fix_ipv4_csum(&p);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "no_exception_path"));
	vx6(&p);
	ip6(&p)->proto = IPPROTO_TCP;
	assert_edge(feed(&p), dpt_cnt("underlay_input", "no_exception_path"));
	vx6(&p);
	((struct rte_udp_hdr *)(p.b + p.l4))->dst_port = RTE_BE16(53);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "no_exception_path"));
}

// --- IPv6 extension headers (RFC 8200 section 4) -----------------------------------

// A Hop-by-Hop or Destination Options header of `len` bytes (a multiple of 8): next
// header, length in 8-byte units past the first 8, then PadN filling the rest.
static uint16_t ext_opts(uint8_t *b, uint8_t next, uint16_t len)
{
	memset(b, 0, len);
	b[0] = next;
	b[1] = (uint8_t)(len / 8 - 1);
	b[2] = 1; // PadN
	b[3] = (uint8_t)(len - 4);
	return len;
}

// A Routing header (type 4, one 16-byte segment) with `left` segments left.
static uint16_t ext_routing(uint8_t *b, uint8_t next, uint8_t left)
{
	memset(b, 0, 24);
	b[0] = next;
	b[1] = 2;
	b[2] = 4;
	b[3] = left;
	return 24;
}

// A Fragment header with offset (in 8-byte units) and the M flag.
static uint16_t ext_frag(uint8_t *b, uint8_t next, uint16_t offset, bool more)
{
	uint16_t v = (uint16_t)(offset << 3 | more);
	memset(b, 0, 8);
	b[0] = next;
	b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
	b[7] = 42; // identification
	return 8;
}

static void vx6_ext(struct dpt_pkt *p, uint8_t first, const uint8_t *ext, uint16_t len)
{
	struct dpt_pkt in;
	struct rte_ether_addr a = dpt_mac(1), b = dpt_mac(2);
	dpt_frame(&in, &b, &a, 0, 64);
	dpt_vxlan6_ext_pkt(p, &in, DPT_VNI, first, ext, len);
}

// The one packet went to vxlan_decap with the outer header length `l3_len`.
static void check_to_decap(uint8_t l3_len)
{
	struct rte_mbuf *m = take(DPT_VEC(vxlan_decap));
	assert_int_equal(dp_meta(m)->l3_len, l3_len);
	rte_pktmbuf_free(m);
}

// Hop-by-Hop + Destination Options, and every kind alone, are walked to the UDP header.
static void test_ip6_ext_walked(void **state)
{
	uint8_t ext[256];
	uint16_t n;
	struct dpt_pkt p;
	(void)state;
	n = ext_opts(ext, IPPROTO_DSTOPTS, 8);
	n += ext_opts(ext + n, IPPROTO_UDP, 16);
	vx6_ext(&p, IPPROTO_HOPOPTS, ext, n);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "to_vxlan_decap"));
	check_to_decap(40 + 24);
	// Routing header with no segment left: we are the final destination.
	n = ext_routing(ext, IPPROTO_UDP, 0);
	vx6_ext(&p, IPPROTO_ROUTING, ext, n);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "to_vxlan_decap"));
	check_to_decap(40 + 24);
	// An atomic fragment (offset 0, no M flag, RFC 6946) is a whole packet.
	n = ext_frag(ext, IPPROTO_UDP, 0, false);
	vx6_ext(&p, IPPROTO_FRAGMENT, ext, n);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "to_vxlan_decap"));
	check_to_decap(40 + 8);
	// The longest chain accepted: 8 headers, 208 bytes.
	n = 0;
	for (unsigned i = 0; i < 7; i++)
		n += ext_opts(ext + n, IPPROTO_DSTOPTS, 24);
	n += ext_opts(ext + n, IPPROTO_UDP, 40);
	vx6_ext(&p, IPPROTO_DSTOPTS, ext, n);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "to_vxlan_decap"));
	check_to_decap(40 + 208);
}

static void test_ip6_ext_limits(void **state)
{
	uint8_t ext[512];
	uint16_t n = 0;
	struct dpt_pkt p;
	(void)state;
	for (unsigned i = 0; i < 8; i++)
		n += ext_opts(ext + n, IPPROTO_DSTOPTS, 8);
	n += ext_opts(ext + n, IPPROTO_UDP, 8); // a ninth header
	vx6_ext(&p, IPPROTO_DSTOPTS, ext, n);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "ip6_ext_limit"));
	n = ext_opts(ext, IPPROTO_DSTOPTS, 200);
	n += ext_opts(ext + n, IPPROTO_UDP, 16); // 216 bytes
	vx6_ext(&p, IPPROTO_HOPOPTS, ext, n);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "ip6_ext_limit"));
}

static void test_ip6_ext_truncated(void **state)
{
	uint8_t ext[64];
	uint16_t n;
	struct dpt_pkt p;
	(void)state;
	n = ext_opts(ext, IPPROTO_UDP, 32);
	vx6_ext(&p, IPPROTO_DSTOPTS, ext, n);
	// The payload ends inside the header (its first 8 bytes are there) ...
	p.len = (uint16_t)(p.l3 + 40 + 16);
	dpt_fix_lengths(&p);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "ip6_ext_truncated"));
	// ... or inside its first 8 bytes ...
	p.len = (uint16_t)(p.l3 + 40 + 4);
	dpt_fix_lengths(&p);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "ip6_ext_truncated"));
	// ... or the frame does, though the payload length says more.
	vx6_ext(&p, IPPROTO_DSTOPTS, ext, n);
	assert_edge(feed_m(dpt_mbuf_bytes(p.b, (uint16_t)(p.l3 + 40 + 20))),
		dpt_cnt("underlay_input", "bad_ip_header"));
}

static void test_ip6_hop_by_hop_not_first(void **state)
{
	uint8_t ext[32];
	uint16_t n;
	struct dpt_pkt p;
	(void)state;
	n = ext_opts(ext, IPPROTO_HOPOPTS, 8);
	n += ext_opts(ext + n, IPPROTO_UDP, 8);
	vx6_ext(&p, IPPROTO_DSTOPTS, ext, n);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "ip6_hop_by_hop_not_first"));
}

// Segments left: the packet is on its way to another node (RFC 8200 4.4).
static void test_ip6_routing_not_final(void **state)
{
	uint8_t ext[32];
	uint16_t n;
	struct dpt_pkt p;
	(void)state;
	n = ext_routing(ext, IPPROTO_UDP, 1);
	vx6_ext(&p, IPPROTO_ROUTING, ext, n);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "ip6_routing_not_final"));
}

// A VTEP does not fragment (RFC 7348 4.3): fragments are dropped, as over IPv4.
static void test_ip6_fragments(void **state)
{
	uint8_t ext[32];
	uint16_t n;
	struct dpt_pkt p;
	(void)state;
	n = ext_frag(ext, IPPROTO_UDP, 0, true); // the first fragment
	vx6_ext(&p, IPPROTO_FRAGMENT, ext, n);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "ip_fragment"));
	n = ext_frag(ext, IPPROTO_UDP, 185, false); // the last one
	vx6_ext(&p, IPPROTO_FRAGMENT, ext, n);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "ip_fragment"));
	n = ext_opts(ext, IPPROTO_FRAGMENT, 8); // behind Hop-by-Hop
	n += ext_frag(ext + n, IPPROTO_UDP, 1, true);
	vx6_ext(&p, IPPROTO_HOPOPTS, ext, n);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "ip_fragment"));
}

// What ends the chain with something else than UDP is not VXLAN: ESP, AH (IPsec is
// the host's), No Next Header, TCP; and a UDP header cut short.
static void test_ip6_ext_not_vxlan(void **state)
{
	static const uint8_t ends[] = {IPPROTO_ESP, IPPROTO_AH, IPPROTO_NONE, IPPROTO_TCP};
	uint8_t ext[32];
	uint16_t n;
	struct dpt_pkt p;
	(void)state;
	for (unsigned i = 0; i < RTE_DIM(ends); i++) {
		n = ext_opts(ext, ends[i], 8);
		vx6_ext(&p, IPPROTO_HOPOPTS, ext, n);
		assert_edge(feed(&p), dpt_cnt("underlay_input", "no_exception_path"));
	}
	vx6_ext(&p, IPPROTO_ESP, NULL, 0);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "no_exception_path"));
	n = ext_opts(ext, IPPROTO_UDP, 8);
	vx6_ext(&p, IPPROTO_HOPOPTS, ext, n);
	p.len = (uint16_t)(p.l3 + 40 + 8 + 7);
	dpt_fix_lengths(&p);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "no_exception_path"));
}

static void test_other_ethertype(void **state)
{
	struct dpt_pkt p;
	(void)state;
	dpt_pkt_init(&p);
	dpt_put_eth(&p, &dpt.port_mac[DPT_UL], &dpt_peer_mac, 0x88cc); // LLDP
	dpt_put(&p, NULL, 46);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "other_ethertype"));
	dpt_pkt_init(&p);
	dpt_put_eth_vlan(&p, &dpt.port_mac[DPT_UL], &dpt_peer_mac, 5, RTE_ETHER_TYPE_IPV4);
	dpt_put(&p, NULL, 46);
	assert_edge(feed(&p), dpt_cnt("underlay_input", "other_ethertype"));
}

// A burst: every packet goes its own way, in order, nothing is lost.
static void test_burst(void **state)
{
	struct rte_mbuf *pkts[6];
	struct dpt_pkt p;
	struct dpt_cnt before;
	struct rte_ether_addr peer = dpt_peer_mac;
	(void)state;
	vx4(&p);
	pkts[0] = dpt_mbuf(&p);
	pkts[1] = dpt_mbuf_bytes(p.b, 10);
	vx6(&p);
	pkts[2] = dpt_mbuf(&p);
	dpt_arp_pkt(&p, RTE_ARP_OP_REQUEST, &peer, DPT_PEER4, DPT_UL4);
	pkts[3] = dpt_mbuf(&p);
	vx4(&p);
	ip4(&p)->hdr_checksum = 0;
	pkts[4] = dpt_mbuf(&p);
	vx4(&p);
	pkts[5] = dpt_mbuf(&p);
	dpt_snap(&before);
	underlay_input_process(dpt.w, DPT_UL, pkts, 6);
	assert_int_equal(dpt_delta(&before, dpt_cnt("underlay_input", "to_vxlan_decap")), 3);
	assert_int_equal(dpt_delta(&before, dpt_cnt("underlay_input", "to_arp_input")), 1);
	assert_int_equal(dpt_delta(&before, dpt_cnt("underlay_input", "runt")), 1);
	assert_int_equal(dpt_delta(&before, dpt_cnt("underlay_input", "bad_ip_checksum")), 1);
	assert_int_equal(DPT_VEC(vxlan_decap)->n, 3);
	assert_ptr_equal(DPT_VEC(vxlan_decap)->pkts[0], pkts[0]);
	assert_ptr_equal(DPT_VEC(vxlan_decap)->pkts[1], pkts[2]);
	assert_ptr_equal(DPT_VEC(vxlan_decap)->pkts[2], pkts[5]);
	assert_int_equal(DPT_VEC(arp_input)->n, 1);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_vxlan4, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_vxlan6, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_padding_trimmed, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_ipv4_options, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_arp_and_nd_dispatch, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_runt, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_truncated_ipv4, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_truncated_ipv6, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_wrong_dst_mac, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_bad_ihl, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_bad_version, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_total_length, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_bad_checksum, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_fragments, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_wrong_dst_ip, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_no_vtep4_zero_dst, dpt_setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_no_vtep6_zero_dst, dpt_setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_not_vxlan, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_other_ethertype, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_ip6_ext_walked, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_ip6_ext_limits, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_ip6_ext_truncated, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_ip6_hop_by_hop_not_first, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_ip6_routing_not_final, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_ip6_fragments, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_ip6_ext_not_vxlan, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_burst, setup, dpt_teardown),
	};
	int ret;
	(void)argc;
	dpt_eal_init(argv[0]);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	dpt_eal_fini();
	return ret;
}
