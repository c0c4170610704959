// SPDX-License-Identifier: BSD-3-Clause
// ECMP over VTEPs (DP_RNH_ECMP, ip_forward and the writer): a prefix of VRF 1 via an
// ECMP next hop whose members are two L3 next hops (remote VTEPs 192.0.2.2, nh 1, and
// 192.0.2.3, nh 3 made here, the same L3VNI): flows from many sources leave toward both VTEPs,
// one flow always toward the same one; the writer refuses an ECMP next hop with one
// member, an unknown one, an ECMP one or itself, keeps a member while an ECMP next hop
// names it, and an ECMP next hop while a route uses it.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <rte_icmp.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include "dp/core/dp_meta.h"
#include "dp/writer/writer.h"
#include "tests/unit/dp/dp_test_env.h"

#define VRF 1
#define L3VNI 5000
#define RNH_A 16384
#define RNH_B 16385
#define RNH_ECMP 12288
#define PREFIX RTE_BE32(RTE_IPV4(10, 5, 0, 0))
#define DST RTE_BE32(RTE_IPV4(10, 5, 0, 7))

static const struct rte_ether_addr rmac = {{2, 0, 0, 0, 0x50, 1}}, rmac2 = {{2, 0, 0, 0, 0x50, 2}};
static const struct rte_ether_addr gw_mac = {{0x00, 0x00, 0x5e, 0x00, 0x01, 0x01}};

static int rnh_l3(uint32_t id, uint32_t nh)
{
	struct dp_msg m = {.type = DP_MSG_RNH_SET,
		.rnh = {.id = id, .kind = DP_RNH_REMOTE_L3, .nh = nh, .vni = L3VNI}};
	memcpy(m.rnh.mac, &rmac2, 6);
	memcpy(m.rnh.src_mac, &rmac, 6);
	return dpt_apply(&m);
}

static int rnh_ecmp(uint32_t id, uint8_t n, const uint16_t *members)
{
	struct dp_msg m = {
		.type = DP_MSG_RNH_SET, .rnh = {.id = id, .kind = DP_RNH_ECMP, .n_members = n}};
	memcpy(m.rnh.members, members, n * sizeof(*members));
	return dpt_apply(&m);
}

static int rnh_del(uint32_t id)
{
	struct dp_msg m = {.type = DP_MSG_RNH_DEL, .rnh = {.id = id}};
	return dpt_apply(&m);
}

static int route(uint16_t type, uint32_t id)
{
	struct dp_msg m = {.type = type, .route = {.vrf = VRF, .len = 16, .rnh = id}};
	rte_be32_t pfx = PREFIX;

	m.route.prefix.family = AF_INET;
	memcpy(m.route.prefix.bytes, &pfx, 4);
	return dpt_apply(&m);
}

static int setup(void **state)
{
	struct dp_msg bd = {.type = DP_MSG_BD_SET,
		.bd = {.bd = DPT_BD,
			.vni = DPT_VNI,
			.aging_sec = 300,
			.learning = true,
			.has_gw = true,
			.vrf = VRF}};
	struct dp_msg l3 = {.type = DP_MSG_L3VNI_SET, .l3vni = {.vrf = VRF, .vni = L3VNI}};
	const uint16_t members[] = {RNH_A, RNH_B};

	if (dpt_setup(state) != 0)
		return -1;
	dpt_topology();
	memcpy(bd.bd.gw_mac, &gw_mac, 6);
	memcpy(l3.l3vni.router_mac, &rmac, 6);
	assert_int_equal(dpt_apply(&bd), 0);
	assert_int_equal(dpt_apply(&l3), 0);
	assert_int_equal(dpt_nh4(3, DPT_UL, DPT_REMOTE4B, DPT_VTEP4), 0);
	assert_int_equal(rnh_l3(RNH_A, 1), 0);
	assert_int_equal(rnh_l3(RNH_B, 3), 0);
	assert_int_equal(rnh_ecmp(RNH_ECMP, 2, members), 0);
	assert_int_equal(route(DP_MSG_ROUTE_ADD, RNH_ECMP), 0);
	return 0;
}

static void walk(void)
{
	for (unsigned sweeps = 0; sweeps < DP_GRAPH_MAX_SWEEPS; sweeps++) {
		bool busy = false;
		for (uint16_t id = 0; id < dp_graph.n_swept; id++)
			if (dpt.w->vec[id].n > 0) {
				dp_node_run(dpt.w, id);
				busy = true;
			}
		if (!busy)
			return;
	}
}

// An echo request from src to DST; the outer destination (the VTEP) it left with.
static rte_be32_t send_from(rte_be32_t src)
{
	struct rte_ether_addr host = dpt_mac(0x101);
	struct dpt_pkt p;
	struct rte_mbuf *m;
	struct rte_icmp_hdr *icmp;
	rte_be32_t vtep;

	dpt_pkt_init(&p);
	dpt_put_eth(&p, &gw_mac, &host, RTE_ETHER_TYPE_IPV4);
	dpt_put_ipv4(&p, src, DST, IPPROTO_ICMP)->time_to_live = 64;
	icmp = dpt_put(&p, NULL, sizeof(*icmp));
	icmp->icmp_type = RTE_IP_ICMP_ECHO_REQUEST;
	dpt_fix_lengths(&p);
	m = dpt_mbuf(&p);
	access_input_process(dpt.w, DPT_A1, &m, 1);
	walk();
	assert_int_equal(dpt_tx_take(DPT_UL, &m, 1), 1);
	vtep = rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, sizeof(struct rte_ether_hdr))
		       ->dst_addr;
	rte_pktmbuf_free(m);
	return vtep;
}

static void test_spread(void **state)
{
	unsigned to_a = 0, to_b = 0;
	(void)state;

	for (uint8_t i = 1; i <= 64; i++) {
		rte_be32_t vtep = send_from(RTE_BE32(RTE_IPV4(10, 1, 0, i)));
		to_a += vtep == DPT_REMOTE4;
		to_b += vtep == DPT_REMOTE4B;
		// One flow, one VTEP.
		assert_int_equal(send_from(RTE_BE32(RTE_IPV4(10, 1, 0, i))), vtep);
	}
	assert_int_equal(to_a + to_b, 64);
	assert_true(to_a >= 16 && to_b >= 16);
}

static void test_writer(void **state)
{
	const uint16_t one[] = {RNH_A}, self[] = {RNH_A, RNH_ECMP + 1},
		       nested[] = {RNH_A, RNH_ECMP}, unknown[] = {RNH_A, RNH_B + 1};
	(void)state;

	assert_int_equal(rnh_ecmp(RNH_ECMP + 1, 1, one), -EINVAL);
	assert_int_equal(rnh_ecmp(RNH_ECMP + 1, 2, self), -EINVAL);
	assert_int_equal(rnh_ecmp(RNH_ECMP + 1, 2, nested), -EINVAL);
	assert_int_equal(rnh_ecmp(RNH_ECMP + 1, 2, unknown), -EINVAL);
	assert_int_equal(rnh_del(RNH_B), -EBUSY);    // a member
	assert_int_equal(rnh_del(RNH_ECMP), -EBUSY); // the route's
	// One member fewer: B is free to go once the ECMP next hop no longer names it.
	const uint16_t ab[] = {RNH_A, RNH_A};
	assert_int_equal(rnh_ecmp(RNH_ECMP, 2, ab), 0);
	assert_int_equal(rnh_del(RNH_B), 0);
	assert_int_equal(route(DP_MSG_ROUTE_DEL, RNH_ECMP), 0);
	assert_int_equal(rnh_del(RNH_ECMP), 0);
	assert_int_equal(rnh_del(RNH_A), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_spread, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_writer, setup, dpt_teardown),
	};

	dpt_eal_init("ip_ecmp_test");
	int ret = cmocka_run_group_tests(tests, NULL, NULL);
	dpt_eal_fini();
	return ret;
}
