// SPDX-License-Identifier: BSD-3-Clause
// Symmetric IRB in the dataplane (dp/ip/l3vni_input.c, ip_forward's DP_RNH_REMOTE_L3,
// vxlan_decap's L3VNI, the writer's L3VNI_SET): bridge domains 10 and 20 have an anycast
// gateway in VRF 1, whose L3VNI is 5000 with router MAC 02:00:00:00:50:01.
// - a host of bd 10 pings 10.5.0.7, a host route via the L3 next hop (VTEP 192.0.2.2,
//   router MAC 02:00:00:00:50:02, L3VNI 5000): it leaves the underlay port in VXLAN VNI
//   5000, inner destination the remote router MAC, source ours, TTL 63 and a good
//   checksum (IPv4), hop limit 63 (IPv6);
// - a frame in VNI 5000 to our router MAC for a host of bd 20 is routed to it (port 1
//   VLAN 20, from the gateway MAC, TTL one less); to another MAC, or not IP, it is
//   dropped and counted;
// - the writer refuses an L3VNI that is a bridge domain's VNI, and a bad next hop.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <rte_icmp.h>
#include <rte_ip.h>
#include <rte_udp.h>
#include <rte_vxlan.h>

#include "dp/core/dp_meta.h"
#include "dp/writer/writer.h"
#include "tests/unit/dp/dp_test_env.h"

#define VRF 1
#define L3VNI 5000
#define RNH_BD20 20
#define RNH_L3 16384
#define HOST_IP RTE_BE32(RTE_IPV4(10, 1, 0, 1))
#define DST_IP RTE_BE32(RTE_IPV4(10, 2, 0, 5))	  // a host of bd 20
#define REMOTE_IP RTE_BE32(RTE_IPV4(10, 5, 0, 7)) // a host behind the remote VTEP

static const uint8_t host6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 1};
static const uint8_t remote6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 5, [15] = 7};
static const struct rte_ether_addr rmac = {{2, 0, 0, 0, 0x50, 1}}, rmac2 = {{2, 0, 0, 0, 0x50, 2}};
static const struct rte_ether_addr gw_mac = {{0x00, 0x00, 0x5e, 0x00, 0x01, 0x01}};
static struct rte_ether_addr host_mac, dst_mac;

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
	return dpt_apply(&m);
}

static int l3vni(uint32_t vni)
{
	struct dp_msg m = {.type = DP_MSG_L3VNI_SET, .l3vni = {.vrf = VRF, .vni = vni}};
	memcpy(m.l3vni.router_mac, &rmac, 6);
	return dpt_apply(&m);
}

static int rnh_l3(uint32_t id, uint32_t nh, uint32_t vni)
{
	struct dp_msg m = {.type = DP_MSG_RNH_SET,
		.rnh = {.id = id, .kind = DP_RNH_REMOTE_L3, .nh = nh, .vni = vni}};
	memcpy(m.rnh.mac, &rmac2, 6);
	memcpy(m.rnh.src_mac, &rmac, 6);
	return dpt_apply(&m);
}

static int route(uint8_t family, const void *pfx, uint8_t len, uint32_t id)
{
	struct dp_msg m = {.type = DP_MSG_ROUTE_ADD, .route = {.vrf = VRF, .len = len, .rnh = id}};
	m.route.prefix.family = family;
	memcpy(m.route.prefix.bytes, pfx, family == AF_INET ? 4 : 16);
	return dpt_apply(&m);
}

static int setup(void **state)
{
	rte_be32_t dst = DST_IP, net2 = RTE_BE32(RTE_IPV4(10, 2, 0, 0)), rem = REMOTE_IP;
	struct dp_msg n = {.type = DP_MSG_NEIGH_ADD, .neigh = {.bd = DPT_BD2}};
	struct dp_msg c = {.type = DP_MSG_RNH_SET,
		.rnh = {.id = RNH_BD20, .kind = DP_RNH_CONNECTED, .bd = DPT_BD2}};

	if (dpt_setup(state) != 0)
		return -1;
	dpt_topology();
	host_mac = dpt_mac(0x101);
	dst_mac = dpt_mac(0x205);
	assert_int_equal(bd_gw(DPT_BD, DPT_VNI), 0);
	assert_int_equal(bd_gw(DPT_BD2, DPT_VNI2), 0);
	assert_int_equal(l3vni(L3VNI), 0);
	n.neigh.ip.family = AF_INET;
	n.neigh.ip.v4.s_addr = dst;
	memcpy(n.neigh.mac, &dst_mac, 6);
	assert_int_equal(dpt_apply(&n), 0);
	assert_int_equal(dpt_apply(&c), 0);
	assert_int_equal(route(AF_INET, &net2, 24, RNH_BD20), 0);
	assert_int_equal(rnh_l3(RNH_L3, 1, L3VNI), 0);
	assert_int_equal(route(AF_INET, &rem, 32, RNH_L3), 0);
	assert_int_equal(route(AF_INET6, remote6, 128, RNH_L3), 0);
	return 0;
}

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

static void echo(struct dpt_pkt *p, const struct rte_ether_addr *dst,
	const struct rte_ether_addr *src, bool v6, const void *to, uint8_t ttl)
{
	struct rte_icmp_hdr *icmp;

	dpt_pkt_init(p);
	dpt_put_eth(p, dst, src, v6 ? RTE_ETHER_TYPE_IPV6 : RTE_ETHER_TYPE_IPV4);
	if (v6) {
		dpt_put_ipv6(p, host6, to, IPPROTO_ICMPV6, ttl);
	} else {
		struct rte_ipv4_hdr *ip =
			dpt_put_ipv4(p, HOST_IP, *(const rte_be32_t *)to, IPPROTO_ICMP);
		ip->time_to_live = ttl;
	}
	icmp = dpt_put(p, NULL, sizeof(*icmp));
	icmp->icmp_type = v6 ? 128 : RTE_IP_ICMP_ECHO_REQUEST;
	memcpy(dpt_put(p, NULL, 16), "0123456789abcdef", 16);
	dpt_fix_lengths(p);
}

// The VXLAN packet on the underlay port: VNI, then the inner Ethernet header.
static const struct rte_ether_hdr *vxlan_inner(struct rte_mbuf *m, uint32_t *vni)
{
	const struct rte_ipv4_hdr *ip = rte_pktmbuf_mtod_offset(
		m, const struct rte_ipv4_hdr *, sizeof(struct rte_ether_hdr));
	const struct rte_udp_hdr *udp = (const struct rte_udp_hdr *)(ip + 1);
	const struct rte_vxlan_hdr *vx = (const struct rte_vxlan_hdr *)(udp + 1);

	assert_int_equal(ip->dst_addr, DPT_REMOTE4);
	assert_int_equal(udp->dst_port, RTE_BE16(4789));
	*vni = rte_be_to_cpu_32(vx->vx_vni) >> 8;
	return (const struct rte_ether_hdr *)(vx + 1);
}

// Access -> gateway -> host route via the L3 next hop -> VXLAN in the L3VNI.
static void test_access_to_l3vni(void **state)
{
	rte_be32_t rem = REMOTE_IP;
	struct dpt_cnt before;
	struct dpt_pkt p;
	struct rte_mbuf *m;
	uint32_t vni;
	(void)state;

	for (int v6 = 0; v6 <= 1; v6++) {
		const struct rte_ether_hdr *in;

		dpt_snap(&before);
		echo(&p, &gw_mac, &host_mac, v6, v6 ? (const void *)remote6 : &rem, 64);
		m = dpt_mbuf(&p);
		access_input_process(dpt.w, DPT_A1, &m, 1);
		walk();
		assert_int_equal(dpt_tx_take(DPT_UL, &m, 1), 1);
		in = vxlan_inner(m, &vni);
		assert_int_equal(vni, L3VNI);
		assert_memory_equal(&in->dst_addr, &rmac2, 6);
		assert_memory_equal(&in->src_addr, &rmac, 6);
		if (v6) {
			const struct rte_ipv6_hdr *ip6 = (const struct rte_ipv6_hdr *)(in + 1);
			assert_int_equal(ip6->hop_limits, 63);
		} else {
			const struct rte_ipv4_hdr *ip = (const struct rte_ipv4_hdr *)(in + 1);
			assert_int_equal(ip->time_to_live, 63);
			assert_int_equal(rte_raw_cksum(ip, sizeof(*ip)), 0xffff);
		}
		assert_int_equal(dpt_delta(&before, dpt_cnt("ip_forward", "routed_l3vni")), 1);
		rte_pktmbuf_free(m);
	}
	// TTL 1: not sent into the L3VNI.
	dpt_snap(&before);
	echo(&p, &gw_mac, &host_mac, false, &rem, 1);
	m = dpt_mbuf(&p);
	access_input_process(dpt.w, DPT_A1, &m, 1);
	walk();
	assert_int_equal(dpt_delta(&before, dpt_cnt("ip_forward", "ttl_exceeded")), 1);
	assert_int_equal(dpt_pending(), 0);
}

// VXLAN in the L3VNI to our router MAC -> routed to the host of bd 20 on port 1 VLAN 20.
static void test_l3vni_to_access(void **state)
{
	rte_be32_t dst = DST_IP;
	const struct rte_ether_hdr *eth;
	const struct rte_ipv4_hdr *ip;
	struct dpt_cnt before;
	struct dpt_pkt in, p;
	struct rte_mbuf *m;
	(void)state;

	assert_int_equal(dpt_mac_local(DPT_BD2, &dst_mac, DP_MAC_LOCAL_STATIC, DPT_A1, 20), 0);
	dpt_snap(&before);
	echo(&in, &rmac, &rmac2, false, &dst, 63);
	dpt_vxlan4_pkt(&p, &in, L3VNI);
	m = dpt_mbuf(&p);
	underlay_input_process(dpt.w, DPT_UL, &m, 1);
	walk();
	assert_int_equal(dpt_delta(&before, dpt_cnt("vxlan_decap", "to_l3vni")), 1);
	assert_int_equal(dpt_delta(&before, dpt_cnt("l3vni_input", "to_route4")), 1);
	assert_int_equal(dpt_tx_take(DPT_A1, &m, 1), 1);
	eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	assert_memory_equal(&eth->dst_addr, &dst_mac, 6);
	assert_memory_equal(&eth->src_addr, &gw_mac, 6);
	ip = (const struct rte_ipv4_hdr *)((const uint8_t *)(eth + 1) + 4); // VLAN 20
	assert_int_equal(ip->time_to_live, 62);
	assert_int_equal(rte_raw_cksum(ip, sizeof(*ip)), 0xffff);
	rte_pktmbuf_free(m);
	// Not to our router MAC: dropped, never bridged.
	dpt_snap(&before);
	echo(&in, &dst_mac, &rmac2, false, &dst, 63);
	dpt_vxlan4_pkt(&p, &in, L3VNI);
	m = dpt_mbuf(&p);
	underlay_input_process(dpt.w, DPT_UL, &m, 1);
	walk();
	assert_int_equal(dpt_delta(&before, dpt_cnt("l3vni_input", "not_router_mac")), 1);
	// IPv4 that is no IPv4 header (the bytes of dpt_frame), and not IP at all (ARP).
	dpt_frame(&in, &rmac, &rmac2, 0, 64);
	dpt_vxlan4_pkt(&p, &in, L3VNI);
	m = dpt_mbuf(&p);
	underlay_input_process(dpt.w, DPT_UL, &m, 1);
	walk();
	assert_int_equal(dpt_delta(&before, dpt_cnt("l3vni_input", "malformed_ip")), 1);
	dpt_pkt_init(&in);
	dpt_put_eth(&in, &rmac, &rmac2, RTE_ETHER_TYPE_ARP);
	dpt_put(&in, NULL, 28);
	dpt_vxlan4_pkt(&p, &in, L3VNI);
	m = dpt_mbuf(&p);
	underlay_input_process(dpt.w, DPT_UL, &m, 1);
	walk();
	assert_int_equal(dpt_delta(&before, dpt_cnt("l3vni_input", "not_ip")), 1);
	assert_int_equal(dpt_pending(), 0);
}

static void test_writer(void **state)
{
	(void)state;
	assert_int_equal(l3vni(DPT_VNI), -EEXIST); // a bridge domain's
	assert_int_equal(dpt_bd_set(30, L3VNI, 300, true), -EEXIST);
	assert_int_equal(rnh_l3(RNH_L3 + 1, 0, L3VNI), -EINVAL); // no VTEP
	assert_int_equal(rnh_l3(RNH_L3 + 1, 1, 0), -EINVAL);	 // no VNI
	struct dp_msg d = {.type = DP_MSG_L3VNI_DEL, .l3vni = {.vrf = VRF}};
	assert_int_equal(dpt_apply(&d), 0);
	assert_int_equal(dpt_apply(&d), -ENOENT);
	assert_int_equal(dpt_bd_set(30, L3VNI, 300, true), 0); // free again
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_access_to_l3vni, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_l3vni_to_access, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_writer, setup, dpt_teardown),
	};

	dpt_eal_init("l3vni_test");
	int ret = cmocka_run_group_tests(tests, NULL, NULL);
	dpt_eal_fini();
	return ret;
}
