// SPDX-License-Identifier: BSD-3-Clause
// Tests of dp/ip/ip_forward.c and the VRF FIB messages of the writer: bridge domains 10
// and 20 have the same anycast gateway and are in VRF 1 (connected 10.1.0.0/24,
// 10.2.0.0/24, 2001:db8:1::/64, 2001:db8:2::/64; a static 10.9.0.0/16 via 10.2.0.5;
// a blackhole 10.99.0.0/16). Each packet's edge is asserted, and what routing changed
// in it (MACs, TTL and checksum, hop limit, the bridge domain in its metadata); then
// l2_fwd sends it on in the out domain: over VXLAN with that domain's VNI (asymmetric
// IRB) or to a local port, and the whole path access -> gateway -> route -> access; a
// gateway address goes back to gw_input, which answers it; an unknown host is gleaned
// (ip_glean: the packet becomes an ARP request or NS from bd 20's gateway).
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <rte_arp.h>
#include <rte_icmp.h>
#include <rte_ip.h>

#include "dp/core/dp_meta.h"
#include "dp/ip/nd_packet.h"
#include "dp/writer/writer.h"
#include "tests/unit/dp/dp_test_env.h"

dp_node_process_t ip_forward_process;

#define VRF 1
#define HOST_IP RTE_BE32(RTE_IPV4(10, 1, 0, 1))
#define DST_IP RTE_BE32(RTE_IPV4(10, 2, 0, 5))	 // a host of bd 20
#define GW1_IP RTE_BE32(RTE_IPV4(10, 1, 0, 254)) // bd 10's gateway
#define GW2_IP RTE_BE32(RTE_IPV4(10, 2, 0, 254)) // bd 20's gateway
#define UNKNOWN_IP RTE_BE32(RTE_IPV4(10, 2, 0, 77)) // in bd 20's subnet, not in its table
#define RNH_BD10 10
#define RNH_BD20 20
#define RNH_VIA 100
#define RNH_BH 4095

static const uint8_t host6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 1};
static const uint8_t dst6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 2, [15] = 5};
static const uint8_t gw1_6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 0xfe};
static const uint8_t gw2_6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 2, [15] = 0xfe};
static const uint8_t unknown6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 2, [15] = 0x77};
static struct rte_ether_addr host_mac, dst_mac, gw_mac;

static int bd_gw(uint16_t bd, uint32_t vni)
{
	struct dp_msg m = {.type = DP_MSG_BD_SET,
		.bd = {.bd = bd,
			.vni = vni,
			.aging_sec = 300,
			.learning = true,
			.has_gw = true,
			.vrf = VRF}};
	memcpy(m.bd.gw_mac, &gw_mac, 6);
	// the sources of glean's requests and of ICMP errors
	m.bd.glean_src4.family = AF_INET;
	m.bd.glean_src4.v4.s_addr = bd == DPT_BD2 ? GW2_IP : GW1_IP;
	m.bd.glean_src6.family = AF_INET6;
	memcpy(m.bd.glean_src6.bytes, bd == DPT_BD2 ? gw2_6 : gw1_6, 16);
	return dpt_apply(&m);
}

static int neigh(
	uint16_t bd, uint8_t family, const void *ip, const struct rte_ether_addr *mac, bool gateway)
{
	struct dp_msg m = {.type = DP_MSG_NEIGH_ADD, .neigh = {.bd = bd, .gateway = gateway}};
	m.neigh.ip.family = family;
	memcpy(m.neigh.ip.bytes, ip, family == AF_INET ? 4 : 16);
	memcpy(m.neigh.mac, mac, 6);
	return dpt_apply(&m);
}

static int rnh(uint32_t id, uint8_t kind, uint16_t bd, rte_be32_t via)
{
	struct dp_msg m = {.type = DP_MSG_RNH_SET, .rnh = {.id = id, .kind = kind, .bd = bd}};
	if (via != 0) {
		m.rnh.via.family = AF_INET;
		m.rnh.via.v4.s_addr = via;
	}
	return dpt_apply(&m);
}

static int route(
	uint16_t type, uint16_t vrf, uint8_t family, const void *pfx, uint8_t len, uint32_t id)
{
	struct dp_msg m = {.type = type, .route = {.vrf = vrf, .len = len, .rnh = id}};
	m.route.prefix.family = family;
	memcpy(m.route.prefix.bytes, pfx, family == AF_INET ? 4 : 16);
	return dpt_apply(&m);
}

static int route4(uint16_t type, uint8_t a, uint8_t b, uint8_t len, uint32_t id)
{
	rte_be32_t p = RTE_BE32(RTE_IPV4(10, a, b, 0));
	return route(type, VRF, AF_INET, &p, len, id);
}

static int setup(void **state)
{
	static const uint8_t net1[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1};
	static const uint8_t net2[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 2};
	rte_be32_t dst4 = DST_IP, gw2 = GW2_IP;

	if (dpt_setup(state) != 0)
		return -1;
	dpt_topology();
	host_mac = dpt_mac(0x101);
	dst_mac = dpt_mac(0x205);
	gw_mac = (struct rte_ether_addr){{0x00, 0x00, 0x5e, 0x00, 0x01, 0x01}};
	assert_int_equal(bd_gw(DPT_BD, DPT_VNI), 0);
	assert_int_equal(bd_gw(DPT_BD2, DPT_VNI2), 0);
	assert_int_equal(neigh(DPT_BD2, AF_INET, &dst4, &dst_mac, false), 0);
	assert_int_equal(neigh(DPT_BD2, AF_INET6, dst6, &dst_mac, false), 0);
	assert_int_equal(neigh(DPT_BD2, AF_INET, &gw2, &gw_mac, true), 0);
	assert_int_equal(rnh(RNH_BD10, DP_RNH_CONNECTED, DPT_BD, 0), 0);
	assert_int_equal(rnh(RNH_BD20, DP_RNH_CONNECTED, DPT_BD2, 0), 0);
	assert_int_equal(rnh(RNH_VIA, DP_RNH_VIA, DPT_BD2, DST_IP), 0);
	assert_int_equal(rnh(RNH_BH, DP_RNH_BLACKHOLE, 0, 0), 0);
	assert_int_equal(route4(DP_MSG_ROUTE_ADD, 1, 0, 24, RNH_BD10), 0);
	assert_int_equal(route4(DP_MSG_ROUTE_ADD, 2, 0, 24, RNH_BD20), 0);
	assert_int_equal(route4(DP_MSG_ROUTE_ADD, 9, 0, 16, RNH_VIA), 0);
	assert_int_equal(route4(DP_MSG_ROUTE_ADD, 99, 0, 16, RNH_BH), 0);
	assert_int_equal(route(DP_MSG_ROUTE_ADD, VRF, AF_INET6, net1, 64, RNH_BD10), 0);
	assert_int_equal(route(DP_MSG_ROUTE_ADD, VRF, AF_INET6, net2, 64, RNH_BD20), 0);
	return 0;
}

// An ICMP echo request host -> dst, to the gateway MAC, with a TTL.
static void echo4(struct dpt_pkt *p, rte_be32_t dst, uint8_t ttl)
{
	struct rte_ipv4_hdr *ip;
	struct rte_icmp_hdr *icmp;

	dpt_pkt_init(p);
	dpt_put_eth(p, &gw_mac, &host_mac, RTE_ETHER_TYPE_IPV4);
	ip = dpt_put_ipv4(p, HOST_IP, dst, IPPROTO_ICMP);
	icmp = dpt_put(p, NULL, sizeof(*icmp));
	icmp->icmp_type = RTE_IP_ICMP_ECHO_REQUEST;
	memcpy(dpt_put(p, NULL, 16), "0123456789abcdef", 16);
	icmp->icmp_cksum = (uint16_t)~rte_raw_cksum(icmp, (size_t)(p->len - p->l4));
	ip->time_to_live = ttl;
	dpt_fix_lengths(p);
}

static void echo6(struct dpt_pkt *p, const uint8_t dst[16], uint8_t hops)
{
	struct rte_icmp_hdr *icmp;

	dpt_pkt_init(p);
	dpt_put_eth(p, &gw_mac, &host_mac, RTE_ETHER_TYPE_IPV6);
	dpt_put_ipv6(p, host6, dst, IPPROTO_ICMPV6, hops);
	icmp = dpt_put(p, NULL, sizeof(*icmp));
	icmp->icmp_type = 128;
	memcpy(dpt_put(p, NULL, 16), "0123456789abcdef", 16);
	dpt_fix_lengths(p);
	dpt_fix_icmp6_csum(p);
}

static int fwd(const struct dpt_pkt *p)
{
	return dpt_feed("ip_forward", ip_forward_process, dpt_l2_mbuf(p, DPT_BD, DPT_A1, 0, false));
}

// What ip_forward handed ip_icmp_error: the packet, with the error to send.
static void take_icmp(uint8_t err)
{
	struct rte_mbuf *m;

	assert_int_equal(dpt_vec_take(DPT_VEC(ip_icmp_error), &m, 1), 1);
	assert_int_equal(dp_meta(m)->icmp_error, err);
	dpt_free(&m, 1);
}

// What ip_forward handed ip_glean: the packet, in the out domain.
static void take_glean(uint16_t bd)
{
	struct rte_mbuf *m;

	assert_int_equal(dpt_vec_take(DPT_VEC(ip_glean), &m, 1), 1);
	assert_int_equal(dp_meta(m)->bd, bd);
	dpt_free(&m, 1);
}

static struct rte_mbuf *take_routed(void)
{
	struct rte_mbuf *m;
	const struct rte_ether_hdr *eth;

	// to l2_fwd while the host's MAC is unknown, else where l2_fwd would send it
	if (dpt_vec_take(DPT_VEC(l2_fwd), &m, 1) != 1)
		assert_int_equal(dpt_vec_take(DPT_VEC(vxlan_encap), &m, 1), 1);
	eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	assert_memory_equal(&eth->dst_addr, &dst_mac, 6);
	assert_memory_equal(&eth->src_addr, &gw_mac, 6);
	assert_int_equal(dp_meta(m)->bd, DPT_BD2);
	assert_int_equal(dp_meta(m)->from_tunnel, DP_FROM_ROUTER);
	return m;
}

static void test_routed4(void **state)
{
	const struct rte_ipv4_hdr *ip;
	struct rte_mbuf *m;
	struct dpt_pkt p;
	(void)state;

	echo4(&p, DST_IP, 64);
	assert_edge(fwd(&p), dpt_cnt("ip_forward", "routed4"));
	m = take_routed();
	ip = rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, sizeof(struct rte_ether_hdr));
	assert_int_equal(ip->time_to_live, 63);
	assert_int_equal(rte_raw_cksum(ip, sizeof(*ip)), 0xffff); // RFC 1624's update
	// The host is behind a remote VTEP: l2_fwd sends it over VXLAN with bd 20's VNI.
	assert_int_equal(dpt_mac_remote(DPT_BD2, &dst_mac, DP_MAC_REMOTE, 1, DPT_VNI2), 0);
	assert_edge(dpt_feed("l2_fwd", l2_fwd_process, m), dpt_cnt("l2_fwd", "to_vxlan_encap"));
	assert_int_equal(dpt_vec_take(DPT_VEC(vxlan_encap), &m, 1), 1);
	assert_int_equal(dp_meta(m)->vni, DPT_VNI2);
	assert_int_equal(dp_meta(m)->nh, 1);
	dpt_free(&m, 1);
	// Now that the MAC is known, ip_forward sends the next one there itself.
	echo4(&p, DST_IP, 64);
	assert_edge(fwd(&p), dpt_cnt("ip_forward", "routed4"));
	assert_int_equal(dpt_vec_take(DPT_VEC(l2_fwd), &m, 1), 0);
	assert_int_equal(dpt_vec_take(DPT_VEC(vxlan_encap), &m, 1), 1);
	assert_int_equal(dp_meta(m)->vni, DPT_VNI2);
	assert_int_equal(dp_meta(m)->nh, 1);
	dpt_free(&m, 1);
	// A static route via 10.2.0.5 leads to the same host.
	echo4(&p, RTE_BE32(RTE_IPV4(10, 9, 3, 4)), 2);
	assert_edge(fwd(&p), dpt_cnt("ip_forward", "routed4"));
	m = take_routed();
	dpt_free(&m, 1);
	// So does a host next hop (its MAC in the route, no proxy lookup).
	struct dp_msg h = {
		.type = DP_MSG_RNH_SET, .rnh = {.id = 101, .kind = DP_RNH_HOST, .bd = DPT_BD2}};
	memcpy(h.rnh.mac, &dst_mac, 6);
	assert_int_equal(dpt_apply(&h), 0);
	assert_int_equal(route4(DP_MSG_ROUTE_ADD, 8, 0, 16, 101), 0);
	echo4(&p, RTE_BE32(RTE_IPV4(10, 8, 1, 1)), 64);
	assert_edge(fwd(&p), dpt_cnt("ip_forward", "routed4"));
	m = take_routed();
	dpt_free(&m, 1);
}

// The checksum update holds for every TTL and checksum (one's complement corner
// cases: a sum of 0xffff, a carry).
static void test_ttl_checksum(void **state)
{
	struct rte_mbuf *m;
	struct dpt_pkt p;
	(void)state;

	for (unsigned ttl = 2; ttl < 256; ttl += 7)
		for (unsigned id = 0; id < 65536; id += 4099) {
			struct rte_ipv4_hdr *ip;

			echo4(&p, DST_IP, (uint8_t)ttl);
			ip = (struct rte_ipv4_hdr *)(p.b + p.l3);
			ip->packet_id = rte_cpu_to_be_16((uint16_t)id);
			ip->hdr_checksum = 0;
			ip->hdr_checksum = (uint16_t)~rte_raw_cksum(ip, sizeof(*ip));
			assert_edge(fwd(&p), dpt_cnt("ip_forward", "routed4"));
			m = take_routed();
			ip = rte_pktmbuf_mtod_offset(
				m, struct rte_ipv4_hdr *, sizeof(struct rte_ether_hdr));
			assert_int_equal(ip->time_to_live, ttl - 1);
			assert_int_equal(rte_raw_cksum(ip, sizeof(*ip)), 0xffff);
			dpt_free(&m, 1);
		}
}

static void test_routed6(void **state)
{
	const struct rte_ipv6_hdr *ip;
	struct rte_mbuf *m;
	struct dpt_pkt p;
	(void)state;

	echo6(&p, dst6, 64);
	assert_edge(fwd(&p), dpt_cnt("ip_forward", "routed6"));
	m = take_routed();
	ip = rte_pktmbuf_mtod_offset(m, const struct rte_ipv6_hdr *, sizeof(struct rte_ether_hdr));
	assert_int_equal(ip->hop_limits, 63);
	dpt_free(&m, 1);
}

static void test_drops(void **state)
{
	static const uint8_t ll6[16] = {0xfe, 0x80, [15] = 5};
	static const uint8_t nowhere6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 9, [15] = 1};
	struct dpt_pkt p;
	(void)state;

	echo4(&p, RTE_BE32(RTE_IPV4(10, 77, 0, 1)), 64);
	assert_edge(fwd(&p), dpt_cnt("ip_forward", "no_route"));
	take_icmp(DP_ICMP_ERR_NET_UNREACH);
	echo4(&p, UNKNOWN_IP, 64);
	assert_edge(fwd(&p), dpt_cnt("ip_forward", "glean_unknown_host"));
	take_glean(DPT_BD2);
	echo4(&p, DST_IP, 1);
	assert_edge(fwd(&p), dpt_cnt("ip_forward", "ttl_exceeded"));
	take_icmp(DP_ICMP_ERR_TIME_EXCEEDED);
	echo4(&p, DST_IP, 0);
	assert_edge(fwd(&p), dpt_cnt("ip_forward", "ttl_exceeded"));
	take_icmp(DP_ICMP_ERR_TIME_EXCEEDED);
	echo4(&p, RTE_BE32(RTE_IPV4(10, 99, 1, 1)), 64);
	assert_edge(fwd(&p), dpt_cnt("ip_forward", "blackhole"));
	echo4(&p, RTE_BE32(RTE_IPV4(239, 1, 1, 1)), 64);
	assert_edge(fwd(&p), dpt_cnt("ip_forward", "dst_not_routable"));
	echo4(&p, RTE_BE32(0xffffffff), 64);
	assert_edge(fwd(&p), dpt_cnt("ip_forward", "dst_not_routable"));
	echo6(&p, ll6, 64);
	assert_edge(fwd(&p), dpt_cnt("ip_forward", "dst_not_routable"));
	echo6(&p, unknown6, 64);
	assert_edge(fwd(&p), dpt_cnt("ip_forward", "glean_unknown_host"));
	take_glean(DPT_BD2);
	echo6(&p, nowhere6, 64);
	assert_edge(fwd(&p), dpt_cnt("ip_forward", "no_route"));
	take_icmp(DP_ICMP_ERR_NET_UNREACH);
	echo6(&p, dst6, 1);
	assert_edge(fwd(&p), dpt_cnt("ip_forward", "ttl_exceeded"));
	take_icmp(DP_ICMP_ERR_TIME_EXCEEDED);
	// Not IP, or cut short: malformed.
	dpt_pkt_init(&p);
	dpt_put_eth(&p, &gw_mac, &host_mac, RTE_ETHER_TYPE_ARP);
	memset(dpt_put(&p, NULL, 28), 0, 28);
	assert_edge(fwd(&p), dpt_cnt("ip_forward", "malformed_ip"));
	echo4(&p, DST_IP, 64);
	p.len = sizeof(struct rte_ether_hdr) + 10;
	assert_edge(fwd(&p), dpt_cnt("ip_forward", "malformed_ip"));
	// A domain in a VRF without a FIB.
	struct dp_msg m = {.type = DP_MSG_BD_SET,
		.bd = {.bd = DPT_BD, .vni = DPT_VNI, .has_gw = true, .vrf = 7}};
	memcpy(m.bd.gw_mac, &gw_mac, 6);
	assert_int_equal(dpt_apply(&m), 0);
	echo4(&p, DST_IP, 64);
	assert_edge(fwd(&p), dpt_cnt("ip_forward", "no_route"));
	take_icmp(DP_ICMP_ERR_NET_UNREACH);
	assert_int_equal(dpt_pending(), 0);
}

// Sweeps the pipeline's nodes as dp_worker_drain does, without flushing the tx queues
// (the tests take them). Returns how many sweeps it took.
static unsigned walk(void)
{
	unsigned sweeps = 0;
	bool busy = true;

	while (busy && sweeps < DP_GRAPH_MAX_SWEEPS) {
		busy = false;
		for (uint16_t id = 0; id < dp_graph.n_swept; id++)
			if (dpt.w->vec[id].n > 0) {
				dp_node_run(dpt.w, id);
				busy = true;
			}
		sweeps += busy;
	}
	return sweeps;
}

// A gateway address (here bd 20's, from a host of bd 10) goes back to gw_input, marked,
// whatever its TTL: the gateway answers it.
static void test_to_gateway(void **state)
{
	struct rte_mbuf *m;
	struct dpt_pkt p;
	(void)state;

	for (uint8_t ttl = 1; ttl <= 64; ttl += 63) {
		echo4(&p, GW2_IP, ttl);
		assert_edge(fwd(&p), dpt_cnt("ip_forward", "to_gateway"));
		assert_int_equal(dpt_vec_take(DPT_VEC(gw_input), &m, 1), 1);
		assert_int_equal(dp_meta(m)->from_tunnel, DP_FROM_GATEWAY);
		assert_int_equal(dp_meta(m)->bd, DPT_BD);
		dpt_free(&m, 1);
	}
}

// Access port 1 (bd 10) -> l2_fwd -> gw_input -> ip_forward -> access port 1 VLAN 20
// (bd 20): the whole walk of one routed packet, as a worker runs it (one sweep:
// ip_forward finds the host's MAC on the port and sends it there itself).
static void test_access_to_access(void **state)
{
	struct rte_mbuf *m;
	const struct rte_ether_hdr *eth;
	const struct rte_vlan_hdr *vh;
	const struct rte_ipv4_hdr *ip;
	struct dpt_cnt before;
	struct dpt_pkt p;
	(void)state;

	dpt_snap(&before);
	assert_int_equal(dpt_mac_local(DPT_BD2, &dst_mac, DP_MAC_LOCAL_STATIC, DPT_A1, 20), 0);
	echo4(&p, DST_IP, 64);
	m = dpt_mbuf(&p);
	access_input_process(dpt.w, DPT_A1, &m, 1);
	assert_int_equal(walk(), 1);
	assert_int_equal(dpt_tx_take(DPT_A1, &m, 1), 1);
	eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	assert_memory_equal(&eth->dst_addr, &dst_mac, 6);
	assert_memory_equal(&eth->src_addr, &gw_mac, 6);
	assert_int_equal(eth->ether_type, RTE_BE16(RTE_ETHER_TYPE_VLAN));
	vh = (const struct rte_vlan_hdr *)(eth + 1);
	assert_int_equal(rte_be_to_cpu_16(vh->vlan_tci) & 0xfff, 20);
	ip = (const struct rte_ipv4_hdr *)(vh + 1);
	assert_int_equal(ip->time_to_live, 63);
	rte_pktmbuf_free(m);
	assert_int_equal(dpt_pending(), 0);
	// An echo to bd 20's gateway address from bd 10: gw_input -> ip_forward -> gw_input,
	// answered back to the port (two sweeps).
	echo4(&p, GW2_IP, 64);
	m = dpt_mbuf(&p);
	access_input_process(dpt.w, DPT_A1, &m, 1);
	assert_int_equal(walk(), 2);
	assert_int_equal(dpt_tx_take(DPT_A1, &m, 1), 1);
	eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	assert_memory_equal(&eth->dst_addr, &host_mac, 6);
	ip = (const struct rte_ipv4_hdr *)(eth + 1);
	assert_int_equal(ip->src_addr, GW2_IP);
	assert_int_equal(dpt_delta(&before, dpt_cnt("gw_input", "echo_reply_sent")), 1);
	rte_pktmbuf_free(m);
}

// An unknown host of bd 20 (from a host of bd 10, through the whole walk): the packet
// becomes an ARP request (NS) from bd 20's gateway, flooded in bd 20 (port 1 VLAN 20);
// one per address a second, IP_GLEAN_PER_SEC (100) in all; none without a gateway
// address of the family.
static void test_glean(void **state)
{
	const struct rte_ether_hdr *eth;
	const struct rte_arp_hdr *arp;
	const struct rte_ipv6_hdr *ip6;
	const struct nd_msg *ns;
	struct rte_mbuf *m;
	struct dpt_cnt before;
	struct dpt_pkt p;
	(void)state;

	dpt.w->now_sec += 7; // a second of its own
	dpt_snap(&before);
	echo4(&p, UNKNOWN_IP, 64);
	m = dpt_mbuf(&p);
	access_input_process(dpt.w, DPT_A1, &m, 1);
	walk();
	assert_int_equal(dpt_tx_take(DPT_A1, &m, 1), 1);
	eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	assert_true(rte_is_broadcast_ether_addr(&eth->dst_addr));
	assert_memory_equal(&eth->src_addr, &gw_mac, 6);
	arp = rte_pktmbuf_mtod_offset(m, const struct rte_arp_hdr *,
		sizeof(*eth) + sizeof(struct rte_vlan_hdr)); // VLAN 20
	assert_int_equal(arp->arp_opcode, RTE_BE16(RTE_ARP_OP_REQUEST));
	assert_int_equal(arp->arp_data.arp_sip, GW2_IP);
	assert_int_equal(arp->arp_data.arp_tip, UNKNOWN_IP);
	assert_memory_equal(&arp->arp_data.arp_sha, &gw_mac, 6);
	rte_pktmbuf_free(m);
	assert_int_equal(dpt_delta(&before, dpt_cnt("ip_glean", "arp_request_sent")), 1);
	// The next packet to it within the second: the request is on its way.
	echo4(&p, UNKNOWN_IP, 64);
	assert_edge(fwd(&p), dpt_cnt("ip_forward", "glean_unknown_host"));
	assert_int_equal(walk(), 1);
	assert_int_equal(dpt_delta(&before, dpt_cnt("ip_glean", "request_pending")), 1);
	assert_int_equal(dpt_pending(), 0);
	// IPv6: a neighbour solicitation to the solicited-node group, checksum right.
	echo6(&p, unknown6, 64);
	assert_edge(fwd(&p), dpt_cnt("ip_forward", "glean_unknown_host"));
	walk();
	assert_int_equal(dpt_tx_take(DPT_A1, &m, 1), 1);
	ip6 = rte_pktmbuf_mtod_offset(m, const struct rte_ipv6_hdr *,
		sizeof(*eth) + sizeof(struct rte_vlan_hdr));
	assert_memory_equal(ip6->src_addr, gw2_6, 16);
	assert_int_equal(ip6->dst_addr[0], 0xff);
	assert_int_equal(ip6->dst_addr[15], 0x77);
	ns = (const struct nd_msg *)(ip6 + 1);
	assert_int_equal(ns->type, ND_TYPE_NS);
	assert_memory_equal(ns->target, unknown6, 16);
	assert_true(nd_msg_ok(ip6, rte_pktmbuf_data_len(m) - sizeof(*eth) - sizeof(struct rte_vlan_hdr)));
	rte_pktmbuf_free(m);
	// A scan of the subnet: 100 requests this second, then rate-limited.
	for (unsigned i = 0; i < 101; i++) {
		echo4(&p, RTE_BE32(RTE_IPV4(10, 2, 0, 100) + i), 64);
		fwd(&p);
		walk();
		while (dpt_tx_take(DPT_A1, &m, 1) == 1)
			rte_pktmbuf_free(m);
	}
	// 2 sent before (ARP, NS), 98 of the scan: 3 left out
	assert_int_equal(dpt_delta(&before, dpt_cnt("ip_glean", "arp_request_sent")), 99);
	assert_int_equal(dpt_delta(&before, dpt_cnt("ip_glean", "rate_limited")), 3);
	// bd 20 without its gateway's addresses: nothing to send from.
	dpt.w->now_sec++;
	struct dp_msg b = {.type = DP_MSG_BD_SET,
		.bd = {.bd = DPT_BD2, .vni = DPT_VNI2, .learning = true, .has_gw = true, .vrf = VRF}};
	memcpy(b.bd.gw_mac, &gw_mac, 6);
	assert_int_equal(dpt_apply(&b), 0);
	echo4(&p, UNKNOWN_IP, 64);
	fwd(&p);
	walk();
	assert_int_equal(dpt_delta(&before, dpt_cnt("ip_glean", "no_gateway_address")), 1);
	assert_int_equal(bd_gw(DPT_BD2, DPT_VNI2), 0);
	assert_int_equal(dpt_pending(), 0);
}

// A packet from h (bd 10, port 1) with TTL 1, and one with no route: the walk sends h a
// time exceeded / network unreachable from bd 10's gateway address, quoting the packet,
// routed back like any packet (TTL 64 less the hop). IPv6 the same. Never an error
// about an error.
static void test_icmp_error(void **state)
{
	static const uint8_t nowhere6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 9, [15] = 1};
	rte_be32_t host = HOST_IP;
	const struct rte_ipv4_hdr *ip, *quoted;
	const struct rte_ipv6_hdr *ip6;
	const struct rte_icmp_hdr *icmp;
	struct rte_mbuf *m;
	struct dpt_cnt before;
	struct dpt_pkt p;
	(void)state;

	assert_int_equal(neigh(DPT_BD, AF_INET, &host, &host_mac, false), 0);
	assert_int_equal(neigh(DPT_BD, AF_INET6, host6, &host_mac, false), 0);
	assert_int_equal(dpt_mac_local(DPT_BD, &host_mac, DP_MAC_LOCAL_STATIC, DPT_A1, 0), 0);
	dpt.w->now_sec += 11;
	dpt_snap(&before);
	for (unsigned k = 0; k < 2; k++) {
		echo4(&p, k == 0 ? DST_IP : RTE_BE32(RTE_IPV4(10, 77, 0, 1)), k == 0 ? 1 : 64);
		fwd(&p);
		walk();
		assert_int_equal(dpt_tx_take(DPT_A1, &m, 1), 1);
		assert_memory_equal(&rte_pktmbuf_mtod(m, struct rte_ether_hdr *)->dst_addr, &host_mac, 6);
		ip = rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, sizeof(struct rte_ether_hdr));
		assert_int_equal(ip->src_addr, GW1_IP);
		assert_int_equal(ip->dst_addr, HOST_IP);
		assert_int_equal(ip->time_to_live, 63);
		assert_int_equal(rte_raw_cksum(ip, sizeof(*ip)), 0xffff);
		icmp = (const struct rte_icmp_hdr *)(ip + 1);
		assert_int_equal(icmp->icmp_type, k == 0 ? 11 : 3);
		assert_int_equal(icmp->icmp_code, 0);
		assert_int_equal(rte_raw_cksum(icmp, rte_be_to_cpu_16(ip->total_length) - sizeof(*ip)), 0xffff);
		quoted = (const struct rte_ipv4_hdr *)(icmp + 1);
		assert_int_equal(quoted->src_addr, HOST_IP); // the whole packet, as it came
		assert_int_equal(rte_be_to_cpu_16(ip->total_length), 28 + rte_be_to_cpu_16(quoted->total_length));
		rte_pktmbuf_free(m);
	}
	assert_int_equal(dpt_delta(&before, dpt_cnt("ip_icmp_error", "icmp_sent")), 2);
	// IPv6, no route: destination unreachable (1), code 0, checksum right
	echo6(&p, nowhere6, 64);
	fwd(&p);
	walk();
	assert_int_equal(dpt_tx_take(DPT_A1, &m, 1), 1);
	ip6 = rte_pktmbuf_mtod_offset(m, const struct rte_ipv6_hdr *, sizeof(struct rte_ether_hdr));
	assert_memory_equal(ip6->src_addr, gw1_6, 16);
	assert_memory_equal(ip6->dst_addr, host6, 16);
	assert_int_equal(((const uint8_t *)(ip6 + 1))[0], 1);
	assert_int_equal(nd_icmp6_cksum(ip6), 0);
	rte_pktmbuf_free(m);
	assert_int_equal(dpt_delta(&before, dpt_cnt("ip_icmp_error", "icmp6_sent")), 1);
	// The error itself with TTL 1 again: dropped, not answered.
	echo4(&p, DST_IP, 1);
	p.b[p.l4] = 11; // time exceeded (the checksum does not matter here)
	fwd(&p);
	walk();
	assert_int_equal(dpt_delta(&before, dpt_cnt("ip_icmp_error", "not_sent_rfc")), 1);
	assert_int_equal(dpt_pending(), 0);
}

// The writer checks route and next hop messages, and counts the routes using a next
// hop: one in use is not removed.
static void test_writer_msgs(void **state)
{
	rte_be32_t p = RTE_BE32(RTE_IPV4(10, 5, 0, 0)), host_bits = RTE_BE32(RTE_IPV4(10, 5, 0, 1));
	struct dp_msg m = {
		.type = DP_MSG_RNH_SET, .rnh = {.id = 0, .kind = DP_RNH_CONNECTED, .bd = DPT_BD}};
	(void)state;

	assert_int_equal(dpt_apply(&m), -EINVAL); // id 0
	m.rnh.id = 200;
	m.rnh.kind = 77;
	assert_int_equal(dpt_apply(&m), -EINVAL);
	m.rnh.kind = DP_RNH_CONNECTED;
	m.rnh.bd = 0;
	assert_int_equal(dpt_apply(&m), -EINVAL);
	m.rnh.kind = DP_RNH_VIA; // without an address
	m.rnh.bd = DPT_BD;
	assert_int_equal(dpt_apply(&m), -EINVAL);
	m.rnh.kind = DP_RNH_HOST; // without a MAC
	assert_int_equal(dpt_apply(&m), -EINVAL);
	m.rnh.id = DP_MAX_RNH;
	m.rnh.kind = DP_RNH_BLACKHOLE;
	assert_int_equal(dpt_apply(&m), -EINVAL);
	assert_int_equal(route(DP_MSG_ROUTE_ADD, VRF, AF_INET, &p, 16, 201), -ENOENT);
	assert_int_equal(route(DP_MSG_ROUTE_ADD, DP_MAX_VRF, AF_INET, &p, 16, RNH_BD10), -EINVAL);
	assert_int_equal(route(DP_MSG_ROUTE_ADD, VRF, AF_INET, &host_bits, 16, RNH_BD10), -EINVAL);
	assert_int_equal(route(DP_MSG_ROUTE_ADD, VRF, AF_INET, &p, 33, RNH_BD10), -EINVAL);
	assert_int_equal(route(DP_MSG_ROUTE_ADD, VRF, 0, dst6, 16, RNH_BD10), -EINVAL);
	// A next hop in use stays; replaced or deleted routes release it.
	assert_int_equal(rnh(300, DP_RNH_CONNECTED, DPT_BD, 0), 0);
	assert_int_equal(route(DP_MSG_ROUTE_ADD, VRF, AF_INET, &p, 16, 300), 0);
	assert_int_equal(dp_writer.rnh_refs[300], 1);
	assert_int_equal(rnh(301, DP_RNH_CONNECTED, DPT_BD2, 0), 0);
	m = (struct dp_msg){.type = DP_MSG_RNH_DEL, .rnh = {.id = 300}};
	assert_int_equal(dpt_apply(&m), -EBUSY);
	assert_int_equal(route(DP_MSG_ROUTE_ADD, VRF, AF_INET, &p, 16, 301), 0); // replaced
	assert_int_equal(dp_writer.rnh_refs[300], 0);
	assert_int_equal(dpt_apply(&m), 0);
	assert_int_equal(dpt_apply(&m), -ENOENT);
	assert_int_equal(route(DP_MSG_ROUTE_DEL, VRF, AF_INET, &p, 16, 0), 0);
	assert_int_equal(route(DP_MSG_ROUTE_DEL, VRF, AF_INET, &p, 16, 0), 0); // absent: no error
	assert_int_equal(route(DP_MSG_ROUTE_DEL, 9, AF_INET, &p, 16, 0), 0);   // no FIB: no error
	assert_int_equal(dp_writer.rnh_refs[301], 0);
	dpt_reclaim();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_routed4, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_ttl_checksum, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_routed6, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_drops, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_to_gateway, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_access_to_access, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_glean, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_icmp_error, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_writer_msgs, setup, dpt_teardown),
	};
	dpt_eal_init("ip_forward_test");
	int ret = cmocka_run_group_tests(tests, NULL, NULL);
	dpt_eal_fini();
	return ret;
}
