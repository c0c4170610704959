// SPDX-License-Identifier: BSD-3-Clause
// Tests of dp/mpls/mpls_encap.c: a frame of an MPLS bridge domain to a remote PE, from
// l2_fwd (a remote MAC) or bum_flood (ingress replication) through vxlan_encap, which
// hands MPLS next hops on; the exact label stack out.
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

dp_node_process_t mpls_encap_process;

#define NH_SR 7	   // PE 192.0.2.7 behind {16002 16003}
#define NH_NULL 8  // PE behind an implicit-null transport: service label only
#define NH_UNRES 9
#define NH_EL 10 // PE behind {16002}, with an ELI and entropy label
#define NH_UDP4 11 // PE 192.0.2.2 over MPLS-in-UDP, IPv4
#define NH_UDP6 12 // and over IPv6
#define SVC 3000

static int mpls_nh_el(uint32_t nh, bool resolved, uint8_t n, uint32_t l0, uint32_t l1, bool el)
{
	struct dp_msg m = {.type = DP_MSG_NH_SET,
		.nh = {.nh = nh,
			.encap = DP_ENCAP_MPLS,
			.resolved = resolved,
			.port = DPT_UL,
			.remote = {.family = AF_INET},
			.n_labels = n,
			.labels = {l0, l1},
			.entropy_label = el}};
	memcpy(m.nh.dst_mac, &dpt_peer_mac, 6);
	m.nh.remote.v4.s_addr = RTE_BE32(RTE_IPV4(192, 0, 2, nh));
	return dpt_apply(&m);
}

static int mpls_nh(uint32_t nh, bool resolved, uint8_t n, uint32_t l0, uint32_t l1)
{
	return mpls_nh_el(nh, resolved, n, l0, l1, false);
}

static int mpls_udp_nh(uint32_t nh, bool v6)
{
	struct dp_msg m = {.type = DP_MSG_NH_SET,
		.nh = {.nh = nh, .encap = DP_ENCAP_MPLS_UDP, .resolved = true, .port = DPT_UL}};
	memcpy(m.nh.dst_mac, &dpt_peer_mac, 6);
	m.nh.remote.family = m.nh.local.family = v6 ? AF_INET6 : AF_INET;
	if (v6) {
		memcpy(&m.nh.remote.v6, dpt_remote6, 16);
		memcpy(&m.nh.local.v6, dpt_vtep6, 16);
	} else {
		m.nh.remote.v4.s_addr = DPT_REMOTE4;
		m.nh.local.v4.s_addr = DPT_VTEP4;
	}
	return dpt_apply(&m);
}

static int setup(void **state)
{
	if (dpt_setup(state) != 0)
		return -1;
	dpt_topology();
	assert_int_equal(mpls_nh(NH_SR, true, 2, 16002, 16003), 0);
	assert_int_equal(mpls_nh(NH_NULL, true, 0, 0, 0), 0);
	assert_int_equal(mpls_nh(NH_UNRES, false, 0, 0, 0), 0);
	assert_int_equal(mpls_nh_el(NH_EL, true, 1, 16002, 0, true), 0);
	assert_int_equal(mpls_udp_nh(NH_UDP4, false), 0);
	assert_int_equal(mpls_udp_nh(NH_UDP6, true), 0);
	return 0;
}

static struct dpt_pkt inner;

static struct rte_mbuf *frame_to(uint32_t nh, uint32_t svc)
{
	struct rte_ether_addr a = dpt_mac(1), b = dpt_mac(2);
	struct rte_mbuf *m;

	dpt_frame(&inner, &b, &a, 0, 60);
	m = dpt_l2_mbuf(&inner, DPT_BD, DPT_A1, 0, false);
	dp_meta(m)->nh = nh;
	dp_meta(m)->vni = svc;
	return m;
}

// vxlan_encap passes it on; then mpls_encap's edge.
static int encap(struct rte_mbuf *m)
{
	struct rte_mbuf *got;
	assert_edge(dpt_feed("vxlan_encap", vxlan_encap_process, m),
		dpt_cnt("vxlan_encap", "to_mpls_encap"));
	assert_int_equal(dpt_vec_take(DPT_VEC(mpls_encap), &got, 1), 1);
	return dpt_feed("mpls_encap", mpls_encap_process, got);
}

static uint32_t el_seen; // the entropy label of the last check_tx with want_el

static void check_tx(const uint32_t *lses, unsigned n, bool cw)
{
	struct rte_mbuf *m;
	const uint8_t *b;
	const struct rte_ether_hdr *eth;
	unsigned off = 14 + 4 * n;

	assert_int_equal(dpt_tx_take(DPT_UL, &m, 1), 1);
	b = rte_pktmbuf_mtod(m, const uint8_t *);
	eth = (const struct rte_ether_hdr *)b;
	assert_memory_equal(&eth->dst_addr, &dpt_peer_mac, 6);
	assert_memory_equal(&eth->src_addr, &dpt.port_mac[DPT_UL], 6);
	assert_int_equal(eth->ether_type, RTE_BE16(RTE_ETHER_TYPE_MPLS));
	for (unsigned i = 0; i < n; i++) {
		rte_be32_t v;
		memcpy(&v, b + 14 + 4 * i, 4);
		if (lses[i] == UINT32_MAX) { // the entropy label: any but reserved, TTL 0
			uint32_t el = rte_be_to_cpu_32(v);
			assert_int_equal(el & 0xfff, 0);
			assert_true(el >> 12 >= 16);
			el_seen = el >> 12;
			continue;
		}
		assert_int_equal(rte_be_to_cpu_32(v), lses[i]);
	}
	if (cw) {
		static const uint8_t zero[4];
		assert_memory_equal(b + off, zero, 4);
		off += 4;
	}
	assert_int_equal(rte_pktmbuf_pkt_len(m), off + inner.len);
	assert_memory_equal(b + off, inner.b, inner.len);
	rte_pktmbuf_free(m);
}

static void test_push_two_transport_labels(void **state)
{
	const uint32_t want[] = {16002u << 12 | 255, 16003u << 12 | 255, SVC << 12 | 0x100 | 255};
	(void)state;
	assert_edge(encap(frame_to(NH_SR, SVC)), dpt_cnt("mpls_encap", "to_tx"));
	check_tx(want, 3, false);
}

static void test_implicit_null_and_control_word(void **state)
{
	const uint32_t want[] = {SVC << 12 | 0x100 | 255};
	(void)state;
	assert_edge(encap(frame_to(NH_NULL, SVC | DP_MPLS_CW_FLAG)), dpt_cnt("mpls_encap", "to_tx"));
	check_tx(want, 1, true);
}

// Layer 3 EVPN over MPLS: a packet ip_forward routed toward a remote PE's per-VRF label
// (DP_MPLS_IP_FLAG) loses its inner Ethernet header, the IP packet right under the label
// (RFC 9135 section 5.1); with an entropy label too. A frame with nothing after its
// Ethernet header is dropped, counted.
static void test_push_vrf_label(void **state)
{
	const uint32_t want[] = {16002u << 12 | 255, 16003u << 12 | 255, SVC << 12 | 0x100 | 255};
	const uint32_t want_el[] = {16002u << 12 | 255, 7u << 12 | 255, UINT32_MAX,
		SVC << 12 | 0x100 | 255};
	struct rte_mbuf *m;
	(void)state;

	for (int el = 0; el < 2; el++) {
		m = frame_to(el ? NH_EL : NH_SR, SVC | DP_MPLS_IP_FLAG);
		inner.len -= 14;
		memmove(inner.b, inner.b + 14, inner.len);
		assert_edge(encap(m), dpt_cnt("mpls_encap", "to_tx"));
		check_tx(el ? want_el : want, el ? 4 : 3, false);
	}
	m = frame_to(NH_SR, SVC | DP_MPLS_IP_FLAG);
	rte_pktmbuf_trim(m, (uint16_t)(rte_pktmbuf_pkt_len(m) - 14));
	assert_edge(encap(m), dpt_cnt("mpls_encap", "vrf_inner_runt"));
	// the L2 path is untouched: the whole frame goes
	assert_edge(encap(frame_to(NH_SR, SVC)), dpt_cnt("mpls_encap", "to_tx"));
	check_tx(want, 3, false);
}

static void test_unresolved(void **state)
{
	(void)state;
	// unresolved MPLS next hops are dropped by vxlan_encap as any unresolved one
	assert_edge(dpt_feed("vxlan_encap", vxlan_encap_process, frame_to(NH_UNRES, SVC)),
		dpt_cnt("vxlan_encap", "unresolved_nexthop"));
	assert_edge(dpt_feed("mpls_encap", mpls_encap_process, frame_to(NH_UNRES, SVC)),
		dpt_cnt("mpls_encap", "unresolved_nexthop"));
	assert_edge(dpt_feed("mpls_encap", mpls_encap_process, frame_to(4000, SVC)),
		dpt_cnt("mpls_encap", "no_nexthop"));
}

// RFC 6790: {transport, ELI, EL, service}; the EL follows the flow (the RSS hash when
// the NIC gave one) and is never a reserved label.
static void test_entropy_label(void **state)
{
	const uint32_t want[] = {16002u << 12 | 255, 7u << 12 | 255, UINT32_MAX,
		SVC << 12 | 0x100 | 255};
	struct rte_mbuf *m;
	uint32_t first;
	(void)state;
	assert_edge(encap(frame_to(NH_EL, SVC)), dpt_cnt("mpls_encap", "to_tx"));
	check_tx(want, 4, false);
	first = el_seen;
	assert_edge(encap(frame_to(NH_EL, SVC)), dpt_cnt("mpls_encap", "to_tx"));
	check_tx(want, 4, false);
	assert_int_equal(el_seen, first); // the same flow, the same label
	m = frame_to(NH_EL, SVC);
	m->ol_flags |= RTE_MBUF_F_RX_RSS_HASH;
	m->hash.rss = 5; // would be label 5: moved out of the reserved range
	assert_edge(encap(m), dpt_cnt("mpls_encap", "to_tx"));
	check_tx(want, 4, false);
	assert_int_equal(el_seen, 5 + 16);
	m = frame_to(NH_EL, SVC);
	m->ol_flags |= RTE_MBUF_F_RX_RSS_HASH;
	m->hash.rss = 0x12345;
	assert_edge(encap(m), dpt_cnt("mpls_encap", "to_tx"));
	check_tx(want, 4, false);
	assert_int_equal(el_seen, 0x12345);
}

// RFC 7510 over IPv4: Ethernet/IPv4/UDP to 6635 from a port of 49152-65535 that
// follows the flow, checksum 0, then the service label (and control word) and the frame.
static uint16_t udp_tx(uint32_t nh, uint32_t svc, bool v6, struct rte_mbuf *in)
{
	struct rte_mbuf *m;
	const uint8_t *b;
	const struct rte_udp_hdr *udp;
	unsigned l3 = v6 ? 40 : 20, off = 14 + l3 + 8;
	bool cw = svc & DP_MPLS_CW_FLAG;
	uint16_t sport;
	rte_be32_t v;

	assert_edge(encap(in != NULL ? in : frame_to(nh, svc)), dpt_cnt("mpls_encap", "to_tx"));
	assert_int_equal(dpt_tx_take(DPT_UL, &m, 1), 1);
	b = rte_pktmbuf_mtod(m, const uint8_t *);
	assert_memory_equal(b, &dpt_peer_mac, 6);
	udp = (const struct rte_udp_hdr *)(b + 14 + l3);
	assert_int_equal(rte_pktmbuf_pkt_len(m), off + 4 + (cw ? 4 : 0) + inner.len);
	if (v6) {
		const struct rte_ipv6_hdr *ip = (const void *)(b + 14);
		assert_int_equal(((const struct rte_ether_hdr *)b)->ether_type,
			RTE_BE16(RTE_ETHER_TYPE_IPV6));
		assert_memory_equal(ip->dst_addr, dpt_remote6, 16);
		assert_int_equal(rte_be_to_cpu_16(ip->payload_len), rte_pktmbuf_pkt_len(m) - 54);
		assert_int_not_equal(udp->dgram_cksum, 0);
		assert_int_equal(rte_ipv6_udptcp_cksum_verify(ip, udp), 0);
	} else {
		const struct rte_ipv4_hdr *ip = (const void *)(b + 14);
		assert_int_equal(((const struct rte_ether_hdr *)b)->ether_type,
			RTE_BE16(RTE_ETHER_TYPE_IPV4));
		assert_int_equal(ip->dst_addr, DPT_REMOTE4);
		assert_int_equal(ip->src_addr, DPT_VTEP4);
		assert_int_equal(ip->next_proto_id, IPPROTO_UDP);
		assert_int_equal(rte_be_to_cpu_16(ip->total_length), rte_pktmbuf_pkt_len(m) - 14);
		assert_int_equal(rte_raw_cksum(ip, sizeof(*ip)), 0xffff); // header checksum good
		assert_int_equal(udp->dgram_cksum, 0);
	}
	assert_int_equal(udp->dst_port, RTE_BE16(6635));
	assert_int_equal(rte_be_to_cpu_16(udp->dgram_len), rte_pktmbuf_pkt_len(m) - 14 - l3);
	sport = rte_be_to_cpu_16(udp->src_port);
	assert_true(sport >= 49152);
	memcpy(&v, b + off, 4);
	assert_int_equal(rte_be_to_cpu_32(v), (svc & 0xfffff) << 12 | 0x100 | 255);
	if (cw) {
		static const uint8_t zero[4];
		assert_memory_equal(b + off + 4, zero, 4);
		off += 4;
	}
	assert_memory_equal(b + off + 4, inner.b, inner.len);
	rte_pktmbuf_free(m);
	return sport;
}

static void test_mpls_in_udp(void **state)
{
	struct rte_ether_addr a = dpt_mac(1), c = dpt_mac(3);
	struct rte_mbuf *m;
	uint16_t s1, s2;
	(void)state;
	s1 = udp_tx(NH_UDP4, SVC, false, NULL);
	assert_int_equal(udp_tx(NH_UDP4, SVC, false, NULL), s1); // one flow, one port
	// another flow (another source MAC), another port
	dpt_frame(&inner, &c, &a, 0, 60);
	m = dpt_l2_mbuf(&inner, DPT_BD, DPT_A1, 0, false);
	dp_meta(m)->nh = NH_UDP4;
	dp_meta(m)->vni = SVC;
	s2 = udp_tx(NH_UDP4, SVC, false, m);
	assert_int_not_equal(s1, s2);
	udp_tx(NH_UDP6, SVC | DP_MPLS_CW_FLAG, true, NULL);
}

// Ingress replication: a broadcast from an access port to a VXLAN VTEP and an MPLS PE
// of one flood list; each replica leaves with its own encapsulation.
static void test_flood_mixed(void **state)
{
	struct rte_ether_addr a = dpt_mac(1);
	struct rte_mbuf *m, *out[8];
	(void)state;
	assert_int_equal(dpt_flood(true, DPT_BD, NH_SR, SVC), 0);
	dpt_frame(&inner, &dpt_bcast, &a, 0, 60);
	m = dpt_l2_mbuf(&inner, DPT_BD, DPT_A1, 0, false);
	bum_flood_process(dpt.w, &m, 1);
	vxlan_encap_process(dpt.w, DPT_VEC(vxlan_encap)->pkts, DPT_VEC(vxlan_encap)->n);
	DPT_VEC(vxlan_encap)->n = 0;
	assert_int_equal(DPT_VEC(mpls_encap)->n, 1);
	mpls_encap_process(dpt.w, DPT_VEC(mpls_encap)->pkts, 1);
	DPT_VEC(mpls_encap)->n = 0;
	// nh 1 and 2 (VXLAN) and nh 7 (MPLS) on the underlay; ports 2, 3 locally
	assert_int_equal(dpt_tx_take(DPT_UL, out, 8), 3);
	assert_int_equal(rte_pktmbuf_mtod(out[2], struct rte_ether_hdr *)->ether_type,
		RTE_BE16(RTE_ETHER_TYPE_MPLS));
	dpt_free(out, 3);
	dpt_free(out, dpt_tx_take(DPT_A2, out, 8));
	dpt_free(out, dpt_tx_take(DPT_A3, out, 8));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_push_two_transport_labels, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_implicit_null_and_control_word, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_unresolved, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_push_vrf_label, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_entropy_label, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_mpls_in_udp, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_flood_mixed, setup, dpt_teardown),
	};
	int ret;

	dpt_eal_init("mpls_encap_test");
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	dpt_eal_fini();
	return ret;
}
