// SPDX-License-Identifier: BSD-3-Clause
// Tests of dp/l2/bum_flood.c: ingress replication to local members and flood-list
// VTEPs, split horizon, and that no mbuf is lost or duplicated on the way.
//
// Bridge domain 10 (dpt_topology): members port 1 untagged, port 2 VLAN 100, port 3
// VLAN 200; flood list nh 1 (IPv4) and nh 2 (IPv6).
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dp/core/dp_meta.h"
#include "tests/unit/dp/dp_test_env.h"

static int setup(void **state)
{
	if (dpt_setup(state) != 0)
		return -1;
	dpt_topology();
	return 0;
}

static struct dpt_pkt frame;

static struct rte_mbuf *bum(uint16_t bd, uint16_t port, uint16_t vlan, bool from_tunnel)
{
	struct rte_ether_addr src = dpt_mac(7);
	dpt_frame(&frame, &dpt_bcast, &src, 0, 80);
	return dpt_l2_mbuf(&frame, bd, port, vlan, from_tunnel);
}

// What one flood produced: packets per access port and the VTEP replicas, all taken
// out of the worker (the caller frees them with release()).
struct flood_out {
	struct rte_mbuf *port[DPT_N_PORTS][8];
	unsigned n_port[DPT_N_PORTS];
	struct rte_mbuf *vtep[DP_VEC_MAX];
	unsigned n_vtep;
	uint64_t copies;
};

static void flood(struct rte_mbuf *m, struct flood_out *o)
{
	struct dpt_cnt before;
	memset(o, 0, sizeof(*o));
	dpt_snap(&before);
	bum_flood_process(dpt.w, &m, 1);
	o->copies = dpt_delta(&before, dpt_cnt("bum_flood", "copies"));
	for (uint16_t p = 0; p < DPT_N_PORTS; p++)
		o->n_port[p] = dpt_tx_take(p, o->port[p], 8);
	o->n_vtep = dpt_vec_take(DPT_VEC(vxlan_encap), o->vtep, DP_VEC_MAX);
	assert_int_equal(dpt_pending(), 0);
}

static void release(struct flood_out *o)
{
	for (uint16_t p = 0; p < DPT_N_PORTS; p++)
		dpt_free(o->port[p], o->n_port[p]);
	dpt_free(o->vtep, o->n_vtep);
}

// The replica on an access port: the frame, with the member's tag if it has one.
static void check_member_copy(struct rte_mbuf *m, uint16_t vlan)
{
	const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);
	assert_int_equal(rte_mbuf_refcnt_read(m), 1);
	if (vlan == 0) {
		assert_int_equal(rte_pktmbuf_pkt_len(m), frame.len);
		assert_memory_equal(p, frame.b, frame.len);
		return;
	}
	assert_int_equal(rte_pktmbuf_pkt_len(m), frame.len + 4);
	assert_memory_equal(p, frame.b, 12);
	assert_int_equal(p[12], 0x81);
	assert_int_equal(p[13], 0x00);
	assert_int_equal(((p[14] << 8) | p[15]) & 0xfff, vlan);
	assert_memory_equal(p + 16, frame.b + 12, frame.len - 12);
}

static void check_vtep_copy(struct rte_mbuf *m, uint32_t nh, uint32_t vni)
{
	assert_int_equal(dp_meta(m)->nh, nh);
	assert_int_equal(dp_meta(m)->vni, vni);
	assert_int_equal(rte_pktmbuf_pkt_len(m), frame.len);
	assert_memory_equal(rte_pktmbuf_mtod(m, void *), frame.b, frame.len);
}

// From access port 1: the other members and every VTEP, never back to port 1.
static void test_from_access(void **state)
{
	struct flood_out o;
	unsigned avail = rte_mempool_avail_count(dpt.pool);
	(void)state;
	flood(bum(DPT_BD, DPT_A1, 0, false), &o);
	assert_int_equal(o.copies, 4);
	assert_int_equal(o.n_port[DPT_A1], 0);
	assert_int_equal(o.n_port[DPT_A2], 1);
	assert_int_equal(o.n_port[DPT_A3], 1);
	assert_int_equal(o.n_port[DPT_UL], 0);
	check_member_copy(o.port[DPT_A2][0], 100);
	check_member_copy(o.port[DPT_A3][0], 200);
	assert_int_equal(o.n_vtep, 2);
	check_vtep_copy(o.vtep[0], 1, DPT_VNI);
	check_vtep_copy(o.vtep[1], 2, DPT_VNI);
	// Four distinct mbufs: the original plus three copies.
	assert_ptr_not_equal(o.port[DPT_A2][0], o.port[DPT_A3][0]);
	assert_ptr_not_equal(o.vtep[0], o.vtep[1]);
	assert_int_equal(rte_mempool_avail_count(dpt.pool), avail - 4);
	release(&o);
	assert_int_equal(rte_mempool_avail_count(dpt.pool), avail);
}

// From a tagged member: the split horizon is per (port, VLAN).
static void test_from_tagged_member(void **state)
{
	struct flood_out o;
	(void)state;
	flood(bum(DPT_BD, DPT_A2, 100, false), &o);
	assert_int_equal(o.copies, 4);
	assert_int_equal(o.n_port[DPT_A1], 1);
	assert_int_equal(o.n_port[DPT_A2], 0);
	assert_int_equal(o.n_port[DPT_A3], 1);
	check_member_copy(o.port[DPT_A1][0], 0);
	check_member_copy(o.port[DPT_A3][0], 200);
	assert_int_equal(o.n_vtep, 2);
	release(&o);
}

// From a tunnel: local members only (every one of them), never another VTEP.
static void test_from_tunnel(void **state)
{
	struct flood_out o;
	unsigned avail = rte_mempool_avail_count(dpt.pool);
	(void)state;
	flood(bum(DPT_BD, DPT_UL, 0, true), &o);
	assert_int_equal(o.copies, 3);
	assert_int_equal(o.n_port[DPT_A1], 1);
	assert_int_equal(o.n_port[DPT_A2], 1);
	assert_int_equal(o.n_port[DPT_A3], 1);
	assert_int_equal(o.n_port[DPT_UL], 0);
	assert_int_equal(o.n_vtep, 0);
	check_member_copy(o.port[DPT_A1][0], 0);
	check_member_copy(o.port[DPT_A2][0], 100);
	check_member_copy(o.port[DPT_A3][0], 200);
	release(&o);
	assert_int_equal(rte_mempool_avail_count(dpt.pool), avail);
}

// A tunnel frame whose metadata happens to name a member's port/VLAN still reaches it.
static void test_from_tunnel_ignores_in_port(void **state)
{
	struct flood_out o;
	(void)state;
	flood(bum(DPT_BD, DPT_A1, 0, true), &o);
	assert_int_equal(o.copies, 3);
	assert_int_equal(o.n_port[DPT_A1], 1);
	release(&o);
}

static void test_no_target(void **state)
{
	struct flood_out o;
	struct dpt_cnt before;
	unsigned avail = rte_mempool_avail_count(dpt.pool);
	(void)state;
	// bd 20: port 1 VLAN 20 is its only member and it has no flood list.
	assert_edge(dpt_feed("bum_flood", bum_flood_process, bum(DPT_BD2, DPT_A1, 20, false)),
		dpt_cnt("bum_flood", "no_target"));
	// From a tunnel into a bridge domain without members.
	assert_int_equal(dpt_member(false, DPT_BD2, DPT_A1, 20), 0);
	assert_edge(dpt_feed("bum_flood", bum_flood_process, bum(DPT_BD2, DPT_UL, 0, true)),
		dpt_cnt("bum_flood", "no_target"));
	// A bridge domain that does not exist (deleted while the frame was in flight).
	assert_edge(dpt_feed("bum_flood", bum_flood_process, bum(99, DPT_A1, 0, false)),
		dpt_cnt("bum_flood", "no_target"));
	assert_int_equal(rte_mempool_avail_count(dpt.pool), avail);
	// With only a flood list, an access frame goes to the VTEPs alone.
	assert_int_equal(dpt_flood(true, DPT_BD2, 1, 0), 0);
	assert_int_equal(dpt_member(true, DPT_BD2, DPT_A1, 20), 0);
	dpt_snap(&before);
	flood(bum(DPT_BD2, DPT_A1, 20, false), &o);
	assert_int_equal(o.copies, 1);
	assert_int_equal(o.n_vtep, 1);
	check_vtep_copy(o.vtep[0], 1, DPT_VNI2);
	assert_int_equal(dpt_delta(&before, dpt_cnt("bum_flood", "no_target")), 0);
	release(&o);
}

// The flood target's own VNI is carried when it has one.
static void test_flood_vni(void **state)
{
	struct flood_out o;
	(void)state;
	assert_int_equal(dpt_flood(true, DPT_BD, 2, 7777), 0); // update, not a duplicate
	flood(bum(DPT_BD, DPT_A1, 0, false), &o);
	assert_int_equal(o.n_vtep, 2);
	check_vtep_copy(o.vtep[0], 1, DPT_VNI);
	check_vtep_copy(o.vtep[1], 2, 7777);
	release(&o);
}

// Out of mbufs: the copies that cannot be made are counted, the original still goes
// to the last target, and nothing leaks.
static void test_no_mbuf(void **state)
{
	struct rte_mbuf *hog[DPT_POOL_SIZE];
	struct rte_mbuf *m = bum(DPT_BD, DPT_A1, 0, false);
	struct flood_out o;
	struct dpt_cnt before;
	unsigned n_hog = 0;
	(void)state;
	while (n_hog < RTE_DIM(hog) && (hog[n_hog] = rte_pktmbuf_alloc(dpt.pool)) != NULL)
		n_hog++;
	dpt_snap(&before);
	flood(m, &o);
	assert_int_equal(dpt_delta(&before, dpt_cnt("bum_flood", "no_mbuf")), 3);
	assert_int_equal(o.copies, 1);
	assert_int_equal(o.n_vtep, 1);
	assert_ptr_equal(o.vtep[0], m);
	check_vtep_copy(o.vtep[0], 2, DPT_VNI);
	release(&o);
	dpt_free(hog, n_hog);
}

// Many VTEPs: one replica each, in flood-list order, all freed at the end.
static void test_many_vteps(void **state)
{
	struct flood_out o;
	unsigned avail = rte_mempool_avail_count(dpt.pool);
	(void)state;
	for (uint32_t nh = 10; nh < 110; nh++) {
		assert_int_equal(
			dpt_nh4(nh, DPT_UL, rte_cpu_to_be_32(RTE_IPV4(198, 51, 100, 0) + nh),
				DPT_VTEP4),
			0);
		assert_int_equal(dpt_flood(true, DPT_BD, nh, 0), 0);
	}
	flood(bum(DPT_BD, DPT_A1, 0, false), &o);
	assert_int_equal(o.copies, 2 + 102);
	assert_int_equal(o.n_vtep, 102);
	for (unsigned i = 0; i < o.n_vtep; i++)
		check_vtep_copy(o.vtep[i], i < 2 ? i + 1 : i - 2 + 10, DPT_VNI);
	release(&o);
	assert_int_equal(rte_mempool_avail_count(dpt.pool), avail);
}

// A burst of frames from different places: each gets its own replica set.
static void test_burst(void **state)
{
	struct rte_mbuf *pkts[3];
	struct dpt_cnt before;
	struct flood_out o;
	(void)state;
	pkts[0] = bum(DPT_BD, DPT_A1, 0, false);
	pkts[1] = bum(DPT_BD, DPT_UL, 0, true);
	pkts[2] = bum(DPT_BD, DPT_A3, 200, false);
	dpt_snap(&before);
	bum_flood_process(dpt.w, pkts, 3);
	assert_int_equal(dpt_delta(&before, dpt_cnt("bum_flood", "copies")), 4 + 3 + 4);
	assert_int_equal(dpt_delta(&before, dpt_cnt("access_output", "to_tx")), 2 + 3 + 2);
	memset(&o, 0, sizeof(o));
	for (uint16_t p = 0; p < DPT_N_PORTS; p++)
		o.n_port[p] = dpt_tx_take(p, o.port[p], 8);
	o.n_vtep = dpt_vec_take(DPT_VEC(vxlan_encap), o.vtep, DP_VEC_MAX);
	assert_int_equal(o.n_port[DPT_A1], 2);
	assert_int_equal(o.n_port[DPT_A2], 3);
	assert_int_equal(o.n_port[DPT_A3], 2);
	assert_int_equal(o.n_vtep, 4);
	release(&o);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_from_access, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_from_tagged_member, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_from_tunnel, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(
			test_from_tunnel_ignores_in_port, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_no_target, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_flood_vni, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_no_mbuf, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_many_vteps, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_burst, setup, dpt_teardown),
	};
	int ret;
	(void)argc;
	dpt_eal_init(argv[0]);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	dpt_eal_fini();
	return ret;
}
