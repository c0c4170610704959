// SPDX-License-Identifier: BSD-3-Clause
// Tests of dp/ip/nd_proxy.c (and its edge from l2_fwd): ND suppression per RFC 9161.
// A solicitation for a target in the proxy table is answered with the advertisement
// its owner would send (every field, options and ICMPv6 checksum checked), out of the
// port and VLAN it came in on; unknown targets flood or drop by policy; duplicate
// address detection and other IPv6 go the usual way; a broken NS is a counted drop.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dp/core/dp_meta.h"
#include "dp/ip/nd_packet.h"
#include "dp/writer/writer.h"
#include "tests/unit/dp/dp_test_env.h"

dp_node_process_t nd_proxy_process;

static const uint8_t host_ip[16] = {0xfd, 0, 0, 1, [15] = 1};  // the soliciting host
static const uint8_t known_ip[16] = {0xfd, 0, 0, 1, [15] = 2}; // in the proxy table
static const uint8_t unknown_ip[16] = {0xfd, 0, 0, 1, [15] = 9};
static const uint8_t snm_known[16] = {0xff, 2, [11] = 1, [12] = 0xff, [15] = 2}; // ff02::1:ff00:2
static const uint8_t unspec[16];
static struct rte_ether_addr host_mac, known_mac;

static int bd_suppress(bool nd, bool unknown_drop)
{
	struct dp_msg m = {.type = DP_MSG_BD_SET,
		.bd = {.bd = DPT_BD,
			.vni = DPT_VNI,
			.aging_sec = 300,
			.learning = true,
			.nd_suppress = nd,
			.unknown_drop = unknown_drop}};
	return dpt_apply(&m);
}

static int neigh6(const uint8_t ip[16], const struct rte_ether_addr *mac, bool router)
{
	struct dp_msg m = {.type = DP_MSG_NEIGH_ADD, .neigh = {.bd = DPT_BD, .router = router}};
	m.neigh.ip.family = AF_INET6;
	memcpy(&m.neigh.ip.v6, ip, 16);
	memcpy(m.neigh.mac, mac, 6);
	return dpt_apply(&m);
}

static int setup(void **state)
{
	if (dpt_setup(state) != 0)
		return -1;
	dpt_topology();
	host_mac = dpt_mac(0x101);
	known_mac = dpt_mac(0x102);
	assert_int_equal(bd_suppress(true, false), 0);
	assert_int_equal(neigh6(known_ip, &known_mac, false), 0);
	return 0;
}

static struct rte_mbuf *ns(
	const uint8_t src[16], const uint8_t target[16], uint16_t port, uint16_t vlan)
{
	struct dpt_pkt p;
	dpt_ns_pkt(&p, &host_mac, src, snm_known, target);
	return dpt_l2_mbuf(&p, DPT_BD, port, vlan, false);
}

static int proxy(struct rte_mbuf *m)
{
	return dpt_feed("nd_proxy", nd_proxy_process, m);
}

// The NA on `port` (tagged `vlan` when not 0) for known_ip, flags as given.
static void check_advert(uint16_t port, uint16_t vlan, rte_be32_t flags)
{
	struct rte_mbuf *m;
	const struct rte_ether_hdr *eth;
	size_t off = sizeof(*eth);

	assert_int_equal(dpt_tx_take(port, &m, 1), 1);
	eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	assert_memory_equal(&eth->dst_addr, &host_mac, 6);
	assert_memory_equal(&eth->src_addr, &known_mac, 6);
	if (vlan != 0) {
		const struct rte_vlan_hdr *vh = (const struct rte_vlan_hdr *)(eth + 1);
		assert_int_equal(eth->ether_type, RTE_BE16(RTE_ETHER_TYPE_VLAN));
		assert_int_equal(rte_be_to_cpu_16(vh->vlan_tci) & 0xfff, vlan);
		assert_int_equal(vh->eth_proto, RTE_BE16(RTE_ETHER_TYPE_IPV6));
		off += sizeof(*vh);
	} else {
		assert_int_equal(eth->ether_type, RTE_BE16(RTE_ETHER_TYPE_IPV6));
	}
	const struct rte_ipv6_hdr *ip =
		rte_pktmbuf_mtod_offset(m, const struct rte_ipv6_hdr *, off);
	const struct nd_msg *na = (const struct nd_msg *)(ip + 1);
	const struct nd_opt_lladdr *opt = (const struct nd_opt_lladdr *)(na + 1);
	assert_int_equal(rte_pktmbuf_pkt_len(m), off + sizeof(*ip) + 32);
	assert_int_equal(ip->proto, IPPROTO_ICMPV6);
	assert_int_equal(ip->hop_limits, 255);
	assert_int_equal(rte_be_to_cpu_16(ip->payload_len), 32);
	assert_memory_equal(ip->src_addr, known_ip, 16);
	assert_memory_equal(ip->dst_addr, host_ip, 16);
	assert_int_equal(na->type, ND_TYPE_NA);
	assert_int_equal(na->code, 0);
	assert_int_equal(na->flags, flags);
	assert_memory_equal(na->target, known_ip, 16);
	assert_int_equal(opt->type, ND_OPT_TGT_LLADDR);
	assert_int_equal(opt->len, 1);
	assert_memory_equal(&opt->mac, &known_mac, 6);
	assert_int_equal(rte_ipv6_udptcp_cksum_verify(ip, ip + 1), 0);
	rte_pktmbuf_free(m);
}

static void test_known_target_answered(void **state)
{
	(void)state;
	assert_edge(proxy(ns(host_ip, known_ip, DPT_A1, 0)), dpt_cnt("nd_proxy", "advert_sent"));
	check_advert(DPT_A1, 0, ND_NA_FLAG_SOLICITED | ND_NA_FLAG_OVERRIDE);
	assert_int_equal(dpt_pending(), 0);
}

static void test_vlan_and_router_flag(void **state)
{
	(void)state;
	assert_int_equal(neigh6(known_ip, &known_mac, true), 0);
	assert_edge(proxy(ns(host_ip, known_ip, DPT_A2, 100)), dpt_cnt("nd_proxy", "advert_sent"));
	check_advert(DPT_A2, 100, ND_NA_FLAG_ROUTER | ND_NA_FLAG_SOLICITED | ND_NA_FLAG_OVERRIDE);
	assert_int_equal(dpt_pending(), 0);
}

// An NS without a source link-layer option (RFC 4861 allows it) is 8 bytes shorter
// than its answer: the NA grows into the tailroom.
static void test_ns_without_option(void **state)
{
	struct dpt_pkt p;
	(void)state;
	dpt_ns_pkt(&p, &host_mac, host_ip, snm_known, known_ip);
	p.len = (uint16_t)(p.len - 8);
	dpt_fix_lengths(&p);
	dpt_fix_icmp6_csum(&p);
	assert_edge(proxy(dpt_l2_mbuf(&p, DPT_BD, DPT_A1, 0, false)),
		dpt_cnt("nd_proxy", "advert_sent"));
	check_advert(DPT_A1, 0, ND_NA_FLAG_SOLICITED | ND_NA_FLAG_OVERRIDE);
}

static void test_unknown_target(void **state)
{
	(void)state;
	assert_edge(
		proxy(ns(host_ip, unknown_ip, DPT_A1, 0)), dpt_cnt("nd_proxy", "unknown_flooded"));
	assert_int_equal(bd_suppress(true, true), 0);
	assert_edge(
		proxy(ns(host_ip, unknown_ip, DPT_A1, 0)), dpt_cnt("nd_proxy", "unknown_dropped"));
	assert_int_equal(DPT_VEC(bum_flood)->n, 1);
	assert_int_equal(dpt_tx_take(DPT_A1, &(struct rte_mbuf *){NULL}, 1), 0);
}

// DAD, the owner soliciting its own address, an NA, other IPv6: flooded as before.
static void test_never_answered(void **state)
{
	struct dpt_pkt p;
	(void)state;
	assert_edge(proxy(ns(unspec, known_ip, DPT_A1, 0)), dpt_cnt("nd_proxy", "not_proxied"));
	assert_int_equal(neigh6(host_ip, &host_mac, false), 0);
	assert_edge(proxy(ns(known_ip, host_ip, DPT_A1, 0)), dpt_cnt("nd_proxy", "not_proxied"));
	dpt_na_pkt(&p, &host_mac, host_ip, snm_known, host_ip);
	assert_edge(proxy(dpt_l2_mbuf(&p, DPT_BD, DPT_A1, 0, false)),
		dpt_cnt("nd_proxy", "not_proxied"));
	dpt_pkt_init(&p);
	dpt_put_eth(&p, &(struct rte_ether_addr){{0x33, 0x33, 0, 0, 0, 1}}, &host_mac,
		RTE_ETHER_TYPE_IPV6);
	dpt_put_ipv6(&p, host_ip, snm_known, IPPROTO_UDP, 64);
	dpt_put_udp(&p, 1000, 2000);
	dpt_fix_lengths(&p);
	assert_edge(proxy(dpt_l2_mbuf(&p, DPT_BD, DPT_A1, 0, false)),
		dpt_cnt("nd_proxy", "not_proxied"));
	assert_int_equal(DPT_VEC(bum_flood)->n, 4);
	assert_int_equal(dpt_tx_take(DPT_A1, &(struct rte_mbuf *){NULL}, 1), 0);
}

static void test_malformed(void **state)
{
	struct dpt_pkt p;
	(void)state;
	dpt_ns_pkt(&p, &host_mac, host_ip, snm_known, known_ip);
	p.b[p.len - 1] ^= 1; // checksum no longer matches
	assert_edge(
		proxy(dpt_l2_mbuf(&p, DPT_BD, DPT_A1, 0, false)), dpt_cnt("nd_proxy", "malformed"));
	dpt_ns_pkt(&p, &host_mac, host_ip, snm_known, known_ip);
	((struct rte_ipv6_hdr *)(p.b + p.l3))->hop_limits = 64; // RFC 4861 7.1.1
	assert_edge(
		proxy(dpt_l2_mbuf(&p, DPT_BD, DPT_A1, 0, false)), dpt_cnt("nd_proxy", "malformed"));
	dpt_ns_pkt(&p, &host_mac, host_ip, snm_known, known_ip);
	p.b[p.len - 7] = 0; // option length 0
	dpt_fix_icmp6_csum(&p);
	assert_edge(
		proxy(dpt_l2_mbuf(&p, DPT_BD, DPT_A1, 0, false)), dpt_cnt("nd_proxy", "malformed"));
	dpt_ns_pkt(&p, &host_mac, host_ip, snm_known, known_ip);
	p.len = (uint16_t)(p.len - 4); // payload length says more than there is
	assert_edge(
		proxy(dpt_l2_mbuf(&p, DPT_BD, DPT_A1, 0, false)), dpt_cnt("nd_proxy", "malformed"));
	assert_int_equal(dpt_pending(), 0);
}

static void test_l2_fwd_edge(void **state)
{
	(void)state;
	assert_edge(dpt_feed("l2_fwd", l2_fwd_process, ns(host_ip, known_ip, DPT_A1, 0)),
		dpt_cnt("l2_fwd", "to_nd_proxy"));
	assert_int_equal(DPT_VEC(nd_proxy)->n, 1);
	assert_int_equal(bd_suppress(false, false), 0);
	assert_edge(dpt_feed("l2_fwd", l2_fwd_process, ns(host_ip, known_ip, DPT_A1, 0)),
		dpt_cnt("l2_fwd", "to_bum_flood"));
	assert_int_equal(DPT_VEC(nd_proxy)->n, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_known_target_answered, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_vlan_and_router_flag, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_ns_without_option, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_target, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_never_answered, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_malformed, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_l2_fwd_edge, setup, dpt_teardown),
	};
	dpt_eal_init("nd_proxy_test");
	int ret = cmocka_run_group_tests(tests, NULL, NULL);
	dpt_eal_fini();
	return ret;
}
