// SPDX-License-Identifier: BSD-3-Clause
// Tests of dp/l2/l2_fwd.c: where a frame goes (local, remote, flood, dropped) and which
// source MACs become learn events for the writer (new, moved, stale; at most once a
// second per MAC).
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dp/core/dp_meta.h"
#include "dp/writer/writer.h"
#include "tests/unit/dp/dp_test_env.h"

// MACs: H1 static on port 1 untagged, H2 static on port 2 VLAN 100, R remote via nh 1.
#define H1 1
#define H2 2
#define R 3
#define R_STICKY 4
#define NEW 100

static int setup(void **state)
{
	struct rte_ether_addr h1 = dpt_mac(H1), h2 = dpt_mac(H2), r = dpt_mac(R),
			      rs = dpt_mac(R_STICKY);
	if (dpt_setup(state) != 0)
		return -1;
	dpt_topology();
	assert_int_equal(dpt_mac_local(DPT_BD, &h1, DP_MAC_LOCAL_STATIC, DPT_A1, 0), 0);
	assert_int_equal(dpt_mac_local(DPT_BD, &h2, DP_MAC_LOCAL_STATIC, DPT_A2, 100), 0);
	assert_int_equal(dpt_mac_remote(DPT_BD, &r, DP_MAC_REMOTE, 1, 0), 0);
	assert_int_equal(dpt_mac_remote_pinned(DPT_BD, &rs, 2, 5555), 0);
	dpt_clock(0);
	return 0;
}

static struct rte_mbuf *l2_mbuf(
	uint16_t src, uint16_t dst, uint16_t port, uint16_t vlan, bool from_tunnel)
{
	struct rte_ether_addr s = dpt_mac(src), d = dpt_mac(dst);
	struct dpt_pkt f;
	dpt_frame(&f, &d, &s, 0, 50);
	return dpt_l2_mbuf(&f, DPT_BD, port, vlan, from_tunnel);
}

static struct rte_mbuf *l2_mbuf_mac(const struct rte_ether_addr *src,
	const struct rte_ether_addr *dst, uint16_t port, uint16_t vlan)
{
	struct dpt_pkt f;
	dpt_frame(&f, dst, src, 0, 50);
	return dpt_l2_mbuf(&f, DPT_BD, port, vlan, false);
}

static int fwd(struct rte_mbuf *m)
{
	return dpt_feed("l2_fwd", l2_fwd_process, m);
}

static unsigned n_events(void)
{
	return rte_ring_count(dpt.w->events);
}

static struct rte_mbuf *take_one(struct dp_vec *v)
{
	struct rte_mbuf *m;
	assert_int_equal(dpt_vec_take(v, &m, 1), 1);
	return m;
}

static void drain_events(void)
{
	struct dp_event ev[64];
	while (dpt_events_take(ev, 64) > 0)
		;
}

// --- destinations ----------------------------------------------------------------

static void test_local_tagged(void **state)
{
	struct rte_mbuf *m;
	const uint8_t *p;
	struct rte_ether_addr h1 = dpt_mac(H1), h2 = dpt_mac(H2);
	(void)state;
	assert_edge(fwd(l2_mbuf(H1, H2, DPT_A1, 0, false)), dpt_cnt("l2_fwd", "to_access"));
	assert_int_equal(dpt.w->cnt[dpt_cnt("access_output", "to_tx")], 1);
	assert_int_equal(dpt_tx_take(DPT_A2, &m, 1), 1);
	// access_output put the member's tag back: dst, src, 8100, VLAN 100, 0800.
	p = rte_pktmbuf_mtod(m, const uint8_t *);
	assert_int_equal(rte_pktmbuf_pkt_len(m), 14 + 50 + 4);
	assert_memory_equal(p, &h2, 6);
	assert_memory_equal(p + 6, &h1, 6);
	assert_memory_equal(p + 12, ((const uint8_t[]){0x81, 0x00, 0x00, 100, 0x08, 0x00}), 6);
	assert_int_equal(dp_meta(m)->out_port, DPT_A2);
	assert_int_equal(dp_meta(m)->out_vlan, 100);
	rte_pktmbuf_free(m);
}

static void test_local_untagged(void **state)
{
	struct rte_mbuf *m;
	(void)state;
	assert_edge(fwd(l2_mbuf(H2, H1, DPT_A2, 100, false)), dpt_cnt("l2_fwd", "to_access"));
	assert_int_equal(dpt_tx_take(DPT_A1, &m, 1), 1);
	assert_int_equal(rte_pktmbuf_pkt_len(m), 14 + 50);
	assert_int_equal(rte_pktmbuf_mtod_offset(m, const uint8_t *, 12)[0], 0x08);
	rte_pktmbuf_free(m);
}

static void test_remote(void **state)
{
	struct rte_mbuf *m;
	(void)state;
	assert_edge(fwd(l2_mbuf(H1, R, DPT_A1, 0, false)), dpt_cnt("l2_fwd", "to_vxlan_encap"));
	m = take_one(DPT_VEC(vxlan_encap));
	assert_int_equal(dp_meta(m)->nh, 1);
	assert_int_equal(dp_meta(m)->vni, DPT_VNI); // MAC_ADD without a VNI: the bd's
	rte_pktmbuf_free(m);
	assert_edge(fwd(l2_mbuf(H1, R_STICKY, DPT_A1, 0, false)),
		dpt_cnt("l2_fwd", "to_vxlan_encap"));
	m = take_one(DPT_VEC(vxlan_encap));
	assert_int_equal(dp_meta(m)->nh, 2);
	assert_int_equal(dp_meta(m)->vni, 5555);
	rte_pktmbuf_free(m);
}

static void test_flood(void **state)
{
	struct rte_ether_addr h1 = dpt_mac(H1), mc = {{0x01, 0x00, 0x5e, 0x00, 0x00, 0x01}};
	(void)state;
	assert_edge(fwd(l2_mbuf(H1, 999, DPT_A1, 0, false)), dpt_cnt("l2_fwd", "to_bum_flood"));
	assert_edge(fwd(l2_mbuf_mac(&h1, &dpt_bcast, DPT_A1, 0)),
		dpt_cnt("l2_fwd", "to_bum_flood"));
	assert_edge(fwd(l2_mbuf_mac(&h1, &mc, DPT_A1, 0)), dpt_cnt("l2_fwd", "to_bum_flood"));
	assert_int_equal(DPT_VEC(bum_flood)->n, 3);
	// Known unicast in another bridge domain is unknown here.
	assert_edge(fwd(l2_mbuf(H1, H2, DPT_A1, 0, false)), dpt_cnt("l2_fwd", "to_access"));
	{
		struct rte_mbuf *m = l2_mbuf(H1, H2, DPT_A1, 20, false);
		dp_meta(m)->bd = DPT_BD2;
		assert_edge(fwd(m), dpt_cnt("l2_fwd", "to_bum_flood"));
	}
}

static void test_same_port(void **state)
{
	struct rte_mbuf *m;
	(void)state;
	assert_edge(fwd(l2_mbuf(NEW, H2, DPT_A2, 100, false)), dpt_cnt("l2_fwd", "same_port"));
	// Same port, another VLAN (another member) is a different segment: forwarded.
	assert_edge(fwd(l2_mbuf(NEW, H2, DPT_A2, 300, false)), dpt_cnt("l2_fwd", "to_access"));
	assert_int_equal(dpt_tx_take(DPT_A2, &m, 1), 1);
	rte_pktmbuf_free(m);
}

// From a tunnel: local destinations are served, remote ones never (split horizon).
static void test_from_tunnel(void **state)
{
	struct rte_mbuf *m;
	(void)state;
	assert_edge(fwd(l2_mbuf(500, R, DPT_UL, 0, true)), dpt_cnt("l2_fwd", "split_horizon"));
	assert_edge(fwd(l2_mbuf(500, R_STICKY, DPT_UL, 0, true)),
		dpt_cnt("l2_fwd", "split_horizon"));
	assert_edge(fwd(l2_mbuf(500, H2, DPT_UL, 0, true)), dpt_cnt("l2_fwd", "to_access"));
	assert_int_equal(dpt_tx_take(DPT_A2, &m, 1), 1);
	rte_pktmbuf_free(m);
	assert_edge(fwd(l2_mbuf(500, 999, DPT_UL, 0, true)), dpt_cnt("l2_fwd", "to_bum_flood"));
	assert_int_equal(DPT_VEC(vxlan_encap)->n, 0);
	// Nothing learned from tunnel traffic (the control plane knows remote MACs).
	assert_int_equal(n_events(), 0);
	assert_int_equal(dpt.w->cnt[dpt_cnt("l2_fwd", "learn_event")], 0);
}

static void test_bad_src_mac(void **state)
{
	struct rte_ether_addr mc = {{0x01, 0x00, 0x5e, 0x00, 0x00, 0x05}}, h2 = dpt_mac(H2);
	(void)state;
	assert_edge(fwd(l2_mbuf_mac(&mc, &h2, DPT_A1, 0)), dpt_cnt("l2_fwd", "bad_src_mac"));
	assert_edge(fwd(l2_mbuf_mac(&dpt_bcast, &dpt_bcast, DPT_A1, 0)),
		dpt_cnt("l2_fwd", "bad_src_mac"));
	// Also without learning.
	assert_int_equal(dpt_bd_set(DPT_BD, DPT_VNI, 300, false), 0);
	assert_edge(fwd(l2_mbuf_mac(&mc, &h2, DPT_A1, 0)), dpt_cnt("l2_fwd", "bad_src_mac"));
	assert_int_equal(n_events(), 0);
	assert_int_equal(dpt_pending(), 0);
}

// --- learning ---------------------------------------------------------------------

static void test_learn_new(void **state)
{
	struct dp_event ev;
	struct rte_ether_addr mac = dpt_mac(NEW);
	(void)state;
	assert_edge(fwd(l2_mbuf(NEW, H2, DPT_A3, 200, false)), dpt_cnt("l2_fwd", "to_access"));
	assert_int_equal(dpt.w->cnt[dpt_cnt("l2_fwd", "learn_event")], 1);
	assert_int_equal(dpt_events_take(&ev, 1), 1);
	assert_int_equal(ev.type, DP_EVENT_LEARN);
	assert_int_equal(ev.bd, DPT_BD);
	assert_int_equal(ev.port, DPT_A3);
	assert_int_equal(ev.vlan, 200);
	assert_memory_equal(ev.mac, &mac, 6);
}

// A burst of frames from one new MAC sends one event a second.
static void test_learn_filter(void **state)
{
	(void)state;
	for (unsigned i = 0; i < 10; i++)
		assert_edge(fwd(l2_mbuf(NEW, H2, DPT_A1, 0, false)),
			dpt_cnt("l2_fwd", "to_access"));
	assert_int_equal(n_events(), 1);
	assert_int_equal(dpt.w->cnt[dpt_cnt("l2_fwd", "learn_event")], 1);
	// Same second, another MAC: its own event.
	assert_edge(fwd(l2_mbuf(NEW + 1, H2, DPT_A1, 0, false)), dpt_cnt("l2_fwd", "to_access"));
	assert_int_equal(n_events(), 2);
	// Next second (the writer has not caught up): one more event each.
	dpt.w->now_sec++;
	for (unsigned i = 0; i < 5; i++) {
		fwd(l2_mbuf(NEW, H2, DPT_A1, 0, false));
		fwd(l2_mbuf(NEW + 1, H2, DPT_A1, 0, false));
	}
	assert_int_equal(n_events(), 4);
	dpt_free(dpt.w->tx[DPT_A2].pkts, dpt.w->tx[DPT_A2].n);
	dpt.w->tx[DPT_A2].n = 0;
}

// Known, same place, refreshed this second: nothing. Last refreshed earlier: one
// refresh event (so the writer's age restarts).
static void test_learn_refresh(void **state)
{
	struct dp_event ev;
	mac_entry_t e;
	struct rte_ether_addr mac = dpt_mac(NEW);
	(void)state;
	fwd(l2_mbuf(NEW, 999, DPT_A3, 200, false));
	assert_int_equal(dpt_events_take(&ev, 1), 1);
	writer_apply_event(&ev);
	assert_true(dpt_mac_lookup(DPT_BD, &mac, &e));
	dpt.w->now_sec = mac_entry_seen(e);
	memset(dpt.w->learn_filter, 0, sizeof(dpt.w->learn_filter));
	for (unsigned i = 0; i < 3; i++)
		fwd(l2_mbuf(NEW, 999, DPT_A3, 200, false));
	assert_int_equal(n_events(), 0);
	dpt.w->now_sec++;
	fwd(l2_mbuf(NEW, 999, DPT_A3, 200, false));
	fwd(l2_mbuf(NEW, 999, DPT_A3, 200, false));
	assert_int_equal(n_events(), 1);
}

static void test_learn_moved(void **state)
{
	struct dp_event ev;
	(void)state;
	fwd(l2_mbuf(NEW, 999, DPT_A3, 200, false));
	assert_int_equal(dpt_events_take(&ev, 1), 1);
	writer_apply_event(&ev);
	dpt.w->now_sec++; // past the learn filter
	// Same MAC on port 1: moved.
	fwd(l2_mbuf(NEW, 999, DPT_A1, 0, false));
	assert_int_equal(dpt_events_take(&ev, 1), 1);
	assert_int_equal(ev.port, DPT_A1);
	assert_int_equal(ev.vlan, 0);
	// Same port, another VLAN: moved too.
	dpt.w->now_sec++;
	writer_apply_event(&ev);
	fwd(l2_mbuf(NEW, 999, DPT_A1, 20, false));
	assert_int_equal(dpt_events_take(&ev, 1), 1);
	assert_int_equal(ev.vlan, 20);
}

// A MAC behind a remote VTEP showing up locally is reported (mobility).
static void test_learn_remote_to_local(void **state)
{
	struct dp_event ev;
	struct rte_ether_addr r = dpt_mac(R);
	(void)state;
	assert_edge(fwd(l2_mbuf(R, H2, DPT_A1, 0, false)), dpt_cnt("l2_fwd", "to_access"));
	assert_int_equal(dpt_events_take(&ev, 1), 1);
	assert_memory_equal(ev.mac, &r, 6);
	assert_int_equal(ev.port, DPT_A1);
	assert_int_equal(dpt.w->cnt[dpt_cnt("l2_fwd", "static_mac_seen_elsewhere")], 0);
}

// Static and sticky MACs never move: no event, only a counter when seen elsewhere.
static void test_static_and_sticky(void **state)
{
	(void)state;
	fwd(l2_mbuf(H1, 999, DPT_A1, 0, false)); // where it belongs
	assert_int_equal(dpt.w->cnt[dpt_cnt("l2_fwd", "static_mac_seen_elsewhere")], 0);
	fwd(l2_mbuf(H1, 999, DPT_A3, 200, false));
	assert_int_equal(dpt.w->cnt[dpt_cnt("l2_fwd", "static_mac_seen_elsewhere")], 1);
	fwd(l2_mbuf(H1, 999, DPT_A1, 20, false)); // right port, wrong VLAN
	assert_int_equal(dpt.w->cnt[dpt_cnt("l2_fwd", "static_mac_seen_elsewhere")], 2);
	fwd(l2_mbuf(R_STICKY, 999, DPT_A1, 0, false));
	assert_int_equal(dpt.w->cnt[dpt_cnt("l2_fwd", "static_mac_seen_elsewhere")], 3);
	dpt.w->now_sec++;
	fwd(l2_mbuf(R_STICKY, 999, DPT_A1, 0, false));
	assert_int_equal(n_events(), 0);
	assert_int_equal(dpt.w->cnt[dpt_cnt("l2_fwd", "learn_event")], 0);
}

static void test_frozen_not_reported(void **state)
{
	union mac_key k;
	struct rte_ether_addr mac = dpt_mac(NEW);
	(void)state;
	k = mac_key_make(DPT_BD, &mac);
	assert_int_equal(mac_table_set(dp_tables.macs, &k,
				 mac_entry_local(DP_MAC_LOCAL, MAC_FLAG_PINNED, 0, DPT_A2, 100)),
		0);
	dpt.w->now_sec = 1234;
	fwd(l2_mbuf(NEW, 999, DPT_A1, 0, false));
	assert_int_equal(n_events(), 0);
}

static void test_learning_disabled(void **state)
{
	(void)state;
	assert_int_equal(dpt_bd_set(DPT_BD, DPT_VNI, 300, false), 0);
	assert_edge(fwd(l2_mbuf(NEW, H2, DPT_A1, 0, false)), dpt_cnt("l2_fwd", "to_access"));
	assert_int_equal(n_events(), 0);
	dpt_free(dpt.w->tx[DPT_A2].pkts, dpt.w->tx[DPT_A2].n);
	dpt.w->tx[DPT_A2].n = 0;
}

// A full event ring is counted; the frame is still forwarded.
static void test_event_ring_full(void **state)
{
	struct dp_event ev = {.type = DP_EVENT_LEARN};
	(void)state;
	while (rte_ring_free_count(dpt.w->events) > 0)
		assert_int_equal(dp_event_post(dpt.w, &ev), 0);
	assert_edge(fwd(l2_mbuf(NEW, 999, DPT_A1, 0, false)), dpt_cnt("l2_fwd", "to_bum_flood"));
	assert_int_equal(dpt.w->cnt[dpt_cnt("l2_fwd", "learn_ring_full")], 1);
	assert_int_equal(dpt.w->cnt[dpt_cnt("events", "ring_full")], 1);
	assert_int_equal(dpt.w->cnt[dpt_cnt("l2_fwd", "learn_event")], 0);
	drain_events();
}

// More than one lookup chunk, with and without source keys: every frame still gets
// its own destination and its own source verdict.
static void test_mixed_burst(void **state)
{
	struct rte_mbuf *pkts[80];
	struct dpt_cnt before;
	struct dp_event ev[80];
	unsigned n_ev, want_local = 0, want_remote = 0, want_flood = 0, want_learn = 0;
	(void)state;
	for (unsigned i = 0; i < RTE_DIM(pkts); i++) {
		static const uint16_t dst[] = {H2, R, 999, H1};
		bool tunnel = i % 5 == 4;
		uint16_t d = dst[i % 4];
		pkts[i] = l2_mbuf(
			(uint16_t)(200 + i), d, tunnel ? DPT_UL : DPT_A3, tunnel ? 0 : 200, tunnel);
		if (d == R)
			want_remote += !tunnel;
		else if (d == 999)
			want_flood++;
		else
			want_local++;
		want_learn += !tunnel;
	}
	dpt_snap(&before);
	l2_fwd_process(dpt.w, pkts, RTE_DIM(pkts));
	assert_int_equal(dpt_delta(&before, dpt_cnt("l2_fwd", "to_access")), want_local);
	assert_int_equal(dpt_delta(&before, dpt_cnt("l2_fwd", "to_vxlan_encap")), want_remote);
	assert_int_equal(dpt_delta(&before, dpt_cnt("l2_fwd", "to_bum_flood")), want_flood);
	assert_int_equal(dpt_delta(&before, dpt_cnt("l2_fwd", "split_horizon")), 4);
	assert_int_equal(dpt_delta(&before, dpt_cnt("l2_fwd", "learn_event")), want_learn);
	n_ev = dpt_events_take(ev, RTE_DIM(ev));
	assert_int_equal(n_ev, want_learn);
	for (unsigned i = 0, k = 0; i < RTE_DIM(pkts); i++) {
		struct rte_ether_addr mac = dpt_mac((uint16_t)(200 + i));
		if (i % 5 == 4)
			continue;
		assert_memory_equal(ev[k].mac, &mac, 6);
		assert_int_equal(ev[k].port, DPT_A3);
		k++;
	}
	for (unsigned i = 0; i < DPT_VEC(vxlan_encap)->n; i++)
		assert_int_equal(dp_meta(DPT_VEC(vxlan_encap)->pkts[i])->nh, 1);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_local_tagged, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_local_untagged, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_remote, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_flood, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_same_port, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_from_tunnel, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_bad_src_mac, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_learn_new, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_learn_filter, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_learn_refresh, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_learn_moved, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_learn_remote_to_local, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_static_and_sticky, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_frozen_not_reported, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_learning_disabled, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_event_ring_full, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_mixed_burst, setup, dpt_teardown),
	};
	int ret;
	(void)argc;
	dpt_eal_init(argv[0]);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	dpt_eal_fini();
	return ret;
}
