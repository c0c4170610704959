// SPDX-License-Identifier: BSD-3-Clause
// Tests of dp/writer: every message applied or refused with the right -errno, worker
// learn events turned into LEARNED/MOVED notifications (or quiet refreshes), aging,
// MAC flush (clear mac, link down), notifications lost to a full ring, the VNI map,
// flood lists, next-hop header templates, and neighbour solicitations handed to
// worker 0.
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <rte_arp.h>
#include <rte_cycles.h>
#include <rte_ip.h>
#include <rte_udp.h>
#include <rte_vxlan.h>

#include "dp/core/dp_meta.h"
#include "dp/ip/nd_packet.h"
#include "dp/writer/writer.h"
#include "dp/writer/writer_gp.h"
#include "tests/unit/dp/dp_test_env.h"

static int setup(void **state)
{
	if (dpt_setup(state) != 0)
		return -1;
	dpt_topology();
	return 0;
}

// A ring to the control plane that holds 4 notifications.
static int small_ring_setup(void **state)
{
	int ret;
	dpt_notify_ring_size = 4;
	ret = setup(state);
	dpt_notify_ring_size = 0;
	return ret;
}

// --- helpers ----------------------------------------------------------------------

static struct dp_msg mac_msg(uint16_t type, uint16_t bd, uint16_t n)
{
	struct dp_msg m = {.type = type, .mac = {.bd = bd}};
	struct rte_ether_addr mac = dpt_mac(n);
	memcpy(m.mac.mac, &mac, 6);
	return m;
}

// A worker reports a MAC; the writer runs.
static void learn(uint16_t bd, uint16_t n, uint16_t port, uint16_t vlan)
{
	struct dp_event ev = {.type = DP_EVENT_LEARN, .bd = bd, .port = port, .vlan = vlan};
	struct rte_ether_addr mac = dpt_mac(n);
	memcpy(ev.mac, &mac, 6);
	assert_int_equal(dp_event_post(dpt.w, &ev), 0);
	dp_writer_poll();
}

static unsigned notifications(struct dp_notify *out, unsigned n)
{
	return dpt_notify_take(out, n);
}

static void check_notify(const struct dp_notify *n, uint16_t type, uint16_t bd, uint16_t mac,
	uint16_t port, uint16_t vlan, bool was_remote)
{
	struct rte_ether_addr m = dpt_mac(mac);
	assert_int_equal(n->type, type);
	assert_int_equal(n->bd, bd);
	assert_memory_equal(n->mac, &m, 6);
	assert_int_equal(n->port, port);
	assert_int_equal(n->vlan, vlan);
	assert_int_equal(n->was_remote, was_remote);
}

static bool lookup(uint16_t bd, uint16_t n, mac_entry_t *e)
{
	struct rte_ether_addr mac = dpt_mac(n);
	return dpt_mac_lookup(bd, &mac, e);
}

static uint64_t tsc_in(int sec)
{
	return rte_rdtsc() + (uint64_t)sec * dp_tables.tsc_hz;
}

// --- messages applied and refused --------------------------------------------------

struct msg_case {
	const char *what;
	struct dp_msg msg;
	int err;
};

static void run_cases(const struct msg_case *c, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		struct dp_msg m = c[i].msg;
		int got = dpt_apply(&m);
		if (got != c[i].err)
			fail_msg("%s: got %d, want %d", c[i].what, got, c[i].err);
	}
}

#define V4(a, b, c, d)                                                                             \
	{                                                                                          \
		.family = AF_INET, .v4 = {.s_addr = RTE_BE32(RTE_IPV4(a, b, c, d)) }               \
	}
#define V6(last)                                                                                   \
	{                                                                                          \
		.family = AF_INET6, .bytes = { 0x20, 0x01, 0x0d, 0xb8, [15] = last }               \
	}

static void test_bd_messages(void **state)
{
	const struct msg_case cases[] = {
		{"bd 0", {.type = DP_MSG_BD_SET, .bd = {.bd = 0, .vni = 9}}, -EINVAL},
		{"bd 4096", {.type = DP_MSG_BD_SET, .bd = {.bd = 4096, .vni = 9}}, -EINVAL},
		{"vni 0", {.type = DP_MSG_BD_SET, .bd = {.bd = 30, .vni = 0}}, -EINVAL},
		{"vni 2^24", {.type = DP_MSG_BD_SET, .bd = {.bd = 30, .vni = 1 << 24}}, -EINVAL},
		{"vni of bd 10", {.type = DP_MSG_BD_SET, .bd = {.bd = 30, .vni = DPT_VNI}},
			-EEXIST},
		{"new bd", {.type = DP_MSG_BD_SET, .bd = {.bd = 30, .vni = 0xffffff}}, 0},
		{"same again", {.type = DP_MSG_BD_SET, .bd = {.bd = 30, .vni = 0xffffff}}, 0},
		{"bd 4095", {.type = DP_MSG_BD_SET, .bd = {.bd = 4095, .vni = 1}}, 0},
		{"del unknown", {.type = DP_MSG_BD_DEL, .bd = {.bd = 31}}, -ENOENT},
		{"del 0", {.type = DP_MSG_BD_DEL, .bd = {.bd = 0}}, -ENOENT},
		{"del", {.type = DP_MSG_BD_DEL, .bd = {.bd = 30}}, 0},
		{"del twice", {.type = DP_MSG_BD_DEL, .bd = {.bd = 30}}, -ENOENT},
	};
	(void)state;
	run_cases(cases, RTE_DIM(cases));
	assert_null(dp_tables.bd[30]);
	assert_non_null(dp_tables.bd[4095]);
	// Aging is clamped below the 16-bit clock's wrap.
	assert_int_equal(dpt_bd_set(40, 4000, 100000, true), 0);
	assert_int_equal(dp_tables.bd[40]->aging_sec, 60000);
}

static void test_member_messages(void **state)
{
	const struct msg_case cases[] = {
		{"unknown bd", {.type = DP_MSG_MEMBER_ADD, .member = {.bd = 31, .port = 1}},
			-ENOENT},
		{"port 64", {.type = DP_MSG_MEMBER_ADD, .member = {.bd = 10, .port = 64}}, -EINVAL},
		{"port unregistered", {.type = DP_MSG_MEMBER_ADD, .member = {.bd = 10, .port = 9}},
			-EINVAL},
		{"vlan 4095",
			{.type = DP_MSG_MEMBER_ADD, .member = {.bd = 10, .port = 1, .vlan = 4095}},
			-EINVAL},
		{"underlay port", {.type = DP_MSG_MEMBER_ADD, .member = {.bd = 10, .port = DPT_UL}},
			-EBUSY},
		{"already a member", {.type = DP_MSG_MEMBER_ADD, .member = {.bd = 10, .port = 1}},
			0},
		{"port/vlan of bd 20",
			{.type = DP_MSG_MEMBER_ADD, .member = {.bd = 10, .port = 1, .vlan = 20}},
			-EEXIST},
		{"del absent",
			{.type = DP_MSG_MEMBER_DEL, .member = {.bd = 10, .port = 1, .vlan = 7}},
			-ENOENT},
		{"del", {.type = DP_MSG_MEMBER_DEL, .member = {.bd = 10, .port = 3, .vlan = 200}},
			0},
	};
	(void)state;
	run_cases(cases, RTE_DIM(cases));
	assert_int_equal(dp_tables.bd[DPT_BD]->n_members, 2);
	assert_int_equal(dp_tables.port[DPT_A3]->vlan_bd[200], 0);
	assert_int_equal(dp_tables.port[DPT_A2]->vlan_bd[100], DPT_BD);
	assert_int_equal(dp_tables.port[DPT_A2]->role, DP_PORT_ACCESS);
	// A bridge domain holds DP_MAX_MEMBERS attachments.
	assert_int_equal(dpt_bd_set(30, 3000, 0, true), 0);
	for (uint16_t v = 1; v <= DP_MAX_MEMBERS; v++)
		assert_int_equal(dpt_member(true, 30, DPT_A3, v), 0);
	assert_int_equal(dpt_member(true, 30, DPT_A3, DP_MAX_MEMBERS + 1), -ENOSPC);
}

static void test_flood_messages(void **state)
{
	const struct msg_case cases[] = {
		{"unknown bd", {.type = DP_MSG_FLOOD_ADD, .flood = {.bd = 31, .nh = 1}}, -ENOENT},
		{"nh 0", {.type = DP_MSG_FLOOD_ADD, .flood = {.bd = 10, .nh = 0}}, -EINVAL},
		{"nh too big",
			{.type = DP_MSG_FLOOD_ADD, .flood = {.bd = 10, .nh = DP_MAX_NEXTHOPS}},
			-EINVAL},
		{"del absent", {.type = DP_MSG_FLOOD_DEL, .flood = {.bd = 10, .nh = 5}}, -ENOENT},
	};
	(void)state;
	run_cases(cases, RTE_DIM(cases));
	assert_int_equal(dpt_bd_set(30, 3000, 0, true), 0);
	for (uint32_t nh = 1; nh <= DP_MAX_FLOOD; nh++)
		assert_int_equal(dpt_flood(true, 30, nh, 0), 0);
	assert_int_equal(dpt_flood(true, 30, DP_MAX_FLOOD + 1, 0), -ENOSPC);
	assert_int_equal(dpt_flood(true, 30, 7, 0), 0); // an update still fits
}

static void test_mac_messages(void **state)
{
	struct msg_case cases[] = {
		{"unknown bd", mac_msg(DP_MSG_MAC_ADD, 31, 1), -ENOENT},
		{"local port 64", mac_msg(DP_MSG_MAC_ADD, 10, 1), -EINVAL},
		{"local vlan 4095", mac_msg(DP_MSG_MAC_ADD, 10, 1), -EINVAL},
		{"remote nh 0", mac_msg(DP_MSG_MAC_ADD, 10, 1), -EINVAL},
		{"remote nh too big", mac_msg(DP_MSG_MAC_ADD, 10, 1), -EINVAL},
		{"remote vni 2^24", mac_msg(DP_MSG_MAC_ADD, 10, 1), -EINVAL},
		{"bad kind", mac_msg(DP_MSG_MAC_ADD, 10, 1), -EINVAL},
		{"del absent", mac_msg(DP_MSG_MAC_DEL, 10, 1), -ENOENT},
		{"static", mac_msg(DP_MSG_MAC_ADD, 10, 1), 0},
		{"remote", mac_msg(DP_MSG_MAC_ADD, 10, 2), 0},
		{"del", mac_msg(DP_MSG_MAC_DEL, 10, 2), 0},
		{"del again", mac_msg(DP_MSG_MAC_DEL, 10, 2), -ENOENT},
	};
	mac_entry_t e;
	(void)state;
	cases[1].msg.mac.kind = DP_MAC_LOCAL_STATIC;
	cases[1].msg.mac.port = 64;
	cases[2].msg.mac.kind = DP_MAC_LOCAL_STATIC;
	cases[2].msg.mac.port = 1;
	cases[2].msg.mac.vlan = 4095;
	cases[3].msg.mac.kind = DP_MAC_REMOTE;
	cases[4].msg.mac.kind = DP_MAC_REMOTE;
	cases[4].msg.mac.pinned = true;
	cases[4].msg.mac.nh = DP_MAX_NEXTHOPS;
	cases[5].msg.mac.kind = DP_MAC_REMOTE;
	cases[5].msg.mac.nh = 1;
	cases[5].msg.mac.vni = 1 << 24;
	cases[6].msg.mac.kind = 9;
	cases[8].msg.mac.kind = DP_MAC_LOCAL_STATIC;
	cases[8].msg.mac.port = 2;
	cases[8].msg.mac.vlan = 100;
	cases[9].msg.mac.kind = DP_MAC_REMOTE;
	cases[9].msg.mac.nh = 1;
	run_cases(cases, RTE_DIM(cases));
	assert_true(lookup(10, 1, &e));
	assert_int_equal(mac_entry_kind(e), DP_MAC_LOCAL_STATIC);
	assert_int_equal(mac_entry_port(e), 2);
	assert_int_equal(mac_entry_vlan(e), 100);
	assert_false(lookup(10, 2, &e));
	// A remote MAC without a VNI takes its bridge domain's.
	assert_int_equal(dpt_mac_remote(DPT_BD2, &(struct rte_ether_addr){{2, 0, 0, 0, 0, 3}},
				 DP_MAC_REMOTE, 2, 0),
		0);
	assert_true(lookup(DPT_BD2, 3, &e));
	assert_int_equal(mac_entry_vni(e), DPT_VNI2);
	assert_int_equal(mac_entry_nh(e), 2);
}

static void test_underlay_messages(void **state)
{
	const struct msg_case cases[] = {
		{"vtep family 0", {.type = DP_MSG_VTEP_ADDR}, -EAFNOSUPPORT},
		{"uaddr port 64", {.type = DP_MSG_UNDERLAY_ADDR, .uaddr = {.port = 64}}, -ENODEV},
		{"uaddr unregistered", {.type = DP_MSG_UNDERLAY_ADDR, .uaddr = {.port = 9}},
			-ENODEV},
		{"uaddr on access", {.type = DP_MSG_UNDERLAY_ADDR, .uaddr = {.port = DPT_A1}},
			-EBUSY},
		{"nh 0", {.type = DP_MSG_NH_SET, .nh = {.nh = 0, .encap = DP_ENCAP_VXLAN}},
			-EINVAL},
		{"nh too big",
			{.type = DP_MSG_NH_SET,
				.nh = {.nh = DP_MAX_NEXTHOPS, .encap = DP_ENCAP_VXLAN}},
			-EINVAL},
		{"mpls reserved label",
			{.type = DP_MSG_NH_SET,
				.nh = {.nh = 5,
					.encap = DP_ENCAP_MPLS,
					.remote = V4(1, 1, 1, 1),
					.n_labels = 2,
					.labels = {16002, 3}}},
			-EINVAL},
		{"mpls too many labels",
			{.type = DP_MSG_NH_SET,
				.nh = {.nh = 5,
					.encap = DP_ENCAP_MPLS,
					.remote = V4(1, 1, 1, 1),
					.n_labels = DP_MPLS_MAX_PUSH + 1}},
			-EINVAL},
		{"mpls label too big",
			{.type = DP_MSG_NH_SET,
				.nh = {.nh = 5,
					.encap = DP_ENCAP_MPLS,
					.remote = V4(1, 1, 1, 1),
					.n_labels = 1,
					.labels = {DP_MPLS_LABEL_MAX + 1}}},
			-EINVAL},
		{"mpls, no local address needed",
			{.type = DP_MSG_NH_SET,
				.nh = {.nh = 5,
					.encap = DP_ENCAP_MPLS,
					.remote = V4(1, 1, 1, 1),
					.n_labels = 1,
					.labels = {16002}}},
			0},
		{"encap 0", {.type = DP_MSG_NH_SET, .nh = {.nh = 5, .remote = V4(1, 1, 1, 1)}},
			-EINVAL},
		{"family mix",
			{.type = DP_MSG_NH_SET,
				.nh = {.nh = 5,
					.encap = DP_ENCAP_VXLAN,
					.remote = V4(1, 1, 1, 1),
					.local = V6(1)}},
			-EAFNOSUPPORT},
		{"no family", {.type = DP_MSG_NH_SET, .nh = {.nh = 5, .encap = DP_ENCAP_VXLAN}},
			-EAFNOSUPPORT},
		{"resolved, port 64",
			{.type = DP_MSG_NH_SET,
				.nh = {.nh = 5,
					.encap = DP_ENCAP_VXLAN,
					.resolved = true,
					.port = 64,
					.remote = V4(1, 1, 1, 1),
					.local = V4(1, 1, 1, 2)}},
			-ENODEV},
		{"resolved, port unregistered",
			{.type = DP_MSG_NH_SET,
				.nh = {.nh = 5,
					.encap = DP_ENCAP_VXLAN,
					.resolved = true,
					.port = 9,
					.remote = V4(1, 1, 1, 1),
					.local = V4(1, 1, 1, 2)}},
			-ENODEV},
		{"unresolved",
			{.type = DP_MSG_NH_SET,
				.nh = {.nh = 5,
					.encap = DP_ENCAP_VXLAN,
					.port = 9,
					.remote = V4(1, 1, 1, 1),
					.local = V4(1, 1, 1, 2)}},
			0},
		{"nh del absent", {.type = DP_MSG_NH_DEL, .nh = {.nh = 6}}, -ENOENT},
		{"nh del 0", {.type = DP_MSG_NH_DEL, .nh = {.nh = 0}}, -ENOENT},
		{"nh del", {.type = DP_MSG_NH_DEL, .nh = {.nh = 5}}, 0},
		{"solicit port 64", {.type = DP_MSG_NEIGH_SOLICIT, .solicit = {.port = 64}},
			-ENODEV},
		{"solicit unregistered", {.type = DP_MSG_NEIGH_SOLICIT, .solicit = {.port = 9}},
			-ENODEV},
		{"solicit family mix",
			{.type = DP_MSG_NEIGH_SOLICIT,
				.solicit = {.port = DPT_UL,
					.target = V4(10, 0, 0, 2),
					.source = V6(1)}},
			-EAFNOSUPPORT},
		{"solicit no family", {.type = DP_MSG_NEIGH_SOLICIT, .solicit = {.port = DPT_UL}},
			-EAFNOSUPPORT},
		{"type none", {.type = DP_MSG_NONE}, -ENOTSUP},
		{"type unknown", {.type = 999}, -ENOTSUP},
	};
	(void)state;
	run_cases(cases, RTE_DIM(cases));
	assert_null(dp_tables.nh[5]);
	assert_int_equal(dp_writer.n_workers, 1);
	assert_int_equal(rte_ring_count(dpt.w->inject), 0);
}

static void test_underlay_addr_limit(void **state)
{
	(void)state;
	// dpt_topology added two.
	for (unsigned i = 2; i < DP_MAX_UADDR; i++)
		assert_int_equal(dpt_uaddr4(DPT_UL, RTE_BE32(RTE_IPV4(10, 1, 0, i)), 24), 0);
	assert_int_equal(dpt_uaddr4(DPT_UL, RTE_BE32(RTE_IPV4(10, 2, 0, 1)), 24), -ENOSPC);
	assert_int_equal(dp_tables.addrs->n, DP_MAX_UADDR);
	// An address makes a port an underlay port: it can no longer be a member.
	assert_int_equal(dp_tables.port[DPT_UL]->role, DP_PORT_UNDERLAY);
	assert_int_equal(dpt_member(true, DPT_BD, DPT_UL, 0), -EBUSY);
}

// Errors carry the message's cookie; a barrier answers once everything before it is in.
static void test_cookies_barrier_stats(void **state)
{
	struct dp_msg bad = {.type = DP_MSG_BD_DEL, .cookie = 4711, .bd = {.bd = 77}};
	struct dp_msg barrier = {.type = DP_MSG_BARRIER, .cookie = 4712};
	struct dp_msg good = {.type = DP_MSG_BD_SET, .cookie = 4713, .bd = {.bd = 77, .vni = 77}};
	struct dp_notify n[4];
	uint64_t applied = dp_writer.stats.msgs_applied, refused = dp_writer.stats.msgs_refused;
	(void)state;
	assert_int_equal(dp_msg_send(&bad), 0);
	assert_int_equal(dp_msg_send(&good), 0);
	assert_int_equal(dp_msg_send(&barrier), 0);
	assert_int_equal(dp_msg_pending(), 3);
	assert_non_null(dp_tables.bd[DPT_BD]); // nothing applied before the writer runs
	assert_null(dp_tables.bd[77]);
	dp_writer_poll();
	assert_int_equal(dp_msg_pending(), 0);
	assert_int_equal(notifications(n, 4), 2);
	assert_int_equal(n[0].type, DP_NOTIFY_MSG_ERROR);
	assert_int_equal(n[0].cookie, 4711);
	assert_int_equal(n[0].error, -ENOENT);
	assert_int_equal(n[1].type, DP_NOTIFY_BARRIER);
	assert_int_equal(n[1].cookie, 4712);
	assert_non_null(dp_tables.bd[77]);
	assert_int_equal(dp_writer.stats.msgs_applied - applied, 2);
	assert_int_equal(dp_writer.stats.msgs_refused - refused, 1);
}

// Replaced objects are freed after a grace period, in a later writer step
// (writer_gp_test.c: not before the readers passed a quiescent state).
static void test_grace_period(void **state)
{
	uint64_t gp;
	(void)state;
	dpt_reclaim();
	gp = dp_writer.stats.grace_periods;
	assert_int_equal(dpt_bd_set(DPT_BD, DPT_VNI, 60, true), 0);
	dpt_reclaim();
	assert_int_equal(dp_writer.stats.grace_periods, gp + 1);
	dp_writer_poll(); // idle: no grace period to start
	assert_false(writer_gp_in_flight());
	assert_int_equal(dp_writer.stats.grace_periods, gp + 1);
}

// The longest control-loop iteration and writer step are kept (show stats).
static void test_loop_and_step_max(void **state)
{
	(void)state;
	assert_true(dp_writer.stats.step_max_tsc > 0); // dpt_topology ran the writer
	dp_loop_time(500);
	dp_loop_time(300);
	assert_int_equal(dp_writer.stats.loop_max_tsc, 500);
}

// --- learning ---------------------------------------------------------------------

static void test_learn_new(void **state)
{
	struct dp_notify n[4];
	mac_entry_t e;
	(void)state;
	learn(DPT_BD, 50, DPT_A3, 200);
	assert_int_equal(notifications(n, 4), 1);
	check_notify(&n[0], DP_NOTIFY_MAC_LEARNED, DPT_BD, 50, DPT_A3, 200, false);
	assert_true(lookup(DPT_BD, 50, &e));
	assert_int_equal(mac_entry_kind(e), DP_MAC_LOCAL);
	assert_int_equal(mac_entry_port(e), DPT_A3);
	assert_int_equal(mac_entry_vlan(e), 200);
	assert_true((uint16_t)(dp_now_sec(rte_rdtsc()) - mac_entry_seen(e)) <= 1);
	assert_int_equal(dp_writer.stats.macs_learned, 1);
}

// Same place again: the entry's clock restarts, nobody is told.
static void test_learn_refresh(void **state)
{
	struct dp_notify n[4];
	mac_entry_t e;
	union mac_key k;
	struct rte_ether_addr mac = dpt_mac(50);
	(void)state;
	learn(DPT_BD, 50, DPT_A3, 200);
	assert_int_equal(notifications(n, 4), 1);
	k = mac_key_make(DPT_BD, &mac);
	assert_int_equal(
		mac_table_set(dp_tables.macs, &k, mac_entry_local(DP_MAC_LOCAL, 0, 7, DPT_A3, 200)),
		0);
	learn(DPT_BD, 50, DPT_A3, 200);
	assert_int_equal(notifications(n, 4), 0);
	assert_true(lookup(DPT_BD, 50, &e));
	assert_true((uint16_t)(dp_now_sec(rte_rdtsc()) - mac_entry_seen(e)) <= 1);
	assert_int_equal(dp_writer.stats.macs_moved, 0);
}

static void test_learn_moved_local(void **state)
{
	struct dp_notify n[4];
	mac_entry_t e;
	(void)state;
	learn(DPT_BD, 50, DPT_A3, 200);
	learn(DPT_BD, 50, DPT_A1, 0);
	assert_int_equal(notifications(n, 4), 2);
	check_notify(&n[1], DP_NOTIFY_MAC_MOVED, DPT_BD, 50, DPT_A1, 0, false);
	assert_true(lookup(DPT_BD, 50, &e));
	assert_int_equal(mac_entry_port(e), DPT_A1);
	// Another VLAN on the same port is a move too.
	learn(DPT_BD, 50, DPT_A1, 20);
	assert_int_equal(notifications(n, 4), 1);
	check_notify(&n[0], DP_NOTIFY_MAC_MOVED, DPT_BD, 50, DPT_A1, 20, false);
	assert_int_equal(dp_writer.stats.macs_moved, 2);
}

// A host behind a remote VTEP appears locally: it switches at once, flagged was_remote.
static void test_learn_remote_to_local(void **state)
{
	struct dp_notify n[4];
	mac_entry_t e;
	struct rte_ether_addr mac = dpt_mac(60);
	(void)state;
	assert_int_equal(dpt_mac_remote(DPT_BD, &mac, DP_MAC_REMOTE, 1, 0), 0);
	learn(DPT_BD, 60, DPT_A2, 100);
	assert_int_equal(notifications(n, 4), 1);
	check_notify(&n[0], DP_NOTIFY_MAC_MOVED, DPT_BD, 60, DPT_A2, 100, true);
	assert_true(lookup(DPT_BD, 60, &e));
	assert_int_equal(mac_entry_kind(e), DP_MAC_LOCAL);
	assert_int_equal(mac_entry_port(e), DPT_A2);
}

static void test_static_sticky_frozen_never_move(void **state)
{
	struct dp_notify n[4];
	mac_entry_t before, after;
	struct rte_ether_addr s = dpt_mac(70), r = dpt_mac(71), f = dpt_mac(72);
	union mac_key k = mac_key_make(DPT_BD, &f);
	(void)state;
	assert_int_equal(dpt_mac_local(DPT_BD, &s, DP_MAC_LOCAL_STATIC, DPT_A1, 0), 0);
	assert_int_equal(dpt_mac_remote_pinned(DPT_BD, &r, 1, 0), 0);
	assert_int_equal(mac_table_set(dp_tables.macs, &k,
				 mac_entry_local(DP_MAC_LOCAL, MAC_FLAG_PINNED, 0, DPT_A1, 0)),
		0);
	for (uint16_t m = 70; m <= 72; m++) {
		assert_true(lookup(DPT_BD, m, &before));
		learn(DPT_BD, m, DPT_A3, 200);
		assert_true(lookup(DPT_BD, m, &after));
		assert_true(before == after);
	}
	assert_int_equal(notifications(n, 4), 0);
}

// The control plane pins a remote MAC with the install message's bit: a local
// sighting leaves it where it is, counted, not notified. Programmed again without the
// bit (a thaw), the next sighting moves it at once, as it does any unpinned MAC.
static void test_pinned_refuses_local_sighting(void **state)
{
	struct dp_notify n[4];
	struct dp_msg m = mac_msg(DP_MSG_MAC_ADD, DPT_BD, 73);
	mac_entry_t e;
	(void)state;
	m.mac.kind = DP_MAC_REMOTE;
	m.mac.nh = 1;
	m.mac.pinned = true;
	assert_int_equal(dpt_apply(&m), 0);
	learn(DPT_BD, 73, DPT_A3, 200);
	assert_true(lookup(DPT_BD, 73, &e));
	assert_int_equal(mac_entry_kind(e), DP_MAC_REMOTE);
	assert_int_equal(mac_entry_nh(e), 1);
	assert_int_equal(notifications(n, 4), 0);
	assert_int_equal(dp_writer.stats.macs_move_refused, 1);
	assert_int_equal(dp_writer.stats.macs_moved, 0);

	m.mac.pinned = false;
	assert_int_equal(dpt_apply(&m), 0);
	learn(DPT_BD, 73, DPT_A3, 200);
	assert_int_equal(notifications(n, 4), 1);
	check_notify(&n[0], DP_NOTIFY_MAC_MOVED, DPT_BD, 73, DPT_A3, 200, true);
	assert_true(lookup(DPT_BD, 73, &e));
	assert_int_equal(mac_entry_kind(e), DP_MAC_LOCAL);
	assert_int_equal(mac_entry_port(e), DPT_A3);
	assert_int_equal(dp_writer.stats.macs_move_refused, 1);
	assert_int_equal(dp_writer.stats.macs_moved, 1);
}

static void test_learn_ignored(void **state)
{
	struct dp_notify n[4];
	mac_entry_t e;
	(void)state;
	assert_int_equal(dpt_bd_set(DPT_BD2, DPT_VNI2, 300, false), 0);
	learn(DPT_BD2, 80, DPT_A1, 20); // learning off
	learn(55, 81, DPT_A1, 0);	// no such bridge domain
	learn(DP_MAX_BD + 5, 82, DPT_A1, 0);
	assert_int_equal(notifications(n, 4), 0);
	assert_false(lookup(DPT_BD2, 80, &e));
	assert_int_equal(mac_table_count(dp_tables.macs), 0);
}

// End to end: a frame on an access port is learned through the real nodes.
static void test_learn_from_frame(void **state)
{
	struct dpt_pkt f;
	struct rte_ether_addr src = dpt_mac(90);
	struct rte_mbuf *m;
	struct dp_notify n[4];
	(void)state;
	dpt_frame(&f, &dpt_bcast, &src, 100, 50);
	m = dpt_mbuf(&f);
	access_input_process(dpt.w, DPT_A2, &m, 1);
	assert_int_equal(dpt_vec_take(DPT_VEC(l2_fwd), &m, 1), 1);
	l2_fwd_process(dpt.w, &m, 1);
	dp_writer_poll();
	assert_int_equal(notifications(n, 4), 1);
	check_notify(&n[0], DP_NOTIFY_MAC_LEARNED, DPT_BD, 90, DPT_A2, 100, false);
}

// The neighbour event becomes a NEIGH notification as is.
static void test_neigh_event(void **state)
{
	struct dp_event ev = {.type = DP_EVENT_NEIGH, .port = DPT_UL, .ip = V4(10, 0, 0, 2)};
	struct dp_notify n;
	(void)state;
	memcpy(ev.mac, &dpt_peer_mac, 6);
	assert_int_equal(dp_event_post(dpt.w, &ev), 0);
	dp_writer_poll();
	assert_int_equal(notifications(&n, 1), 1);
	assert_int_equal(n.type, DP_NOTIFY_NEIGH);
	assert_int_equal(n.port, DPT_UL);
	assert_int_equal(n.ip.v4.s_addr, DPT_PEER4);
	assert_memory_equal(n.mac, &dpt_peer_mac, 6);
}

// --- aging and flush --------------------------------------------------------------

static void test_aging(void **state)
{
	struct dp_notify n[8];
	struct rte_ether_addr s = dpt_mac(2), r = dpt_mac(3);
	mac_entry_t e;
	(void)state;
	assert_int_equal(dpt_bd_set(DPT_BD2, DPT_VNI2, 0, true), 0); // never ages
	learn(DPT_BD, 1, DPT_A3, 200);
	learn(DPT_BD2, 4, DPT_A1, 20);
	assert_int_equal(dpt_mac_local(DPT_BD, &s, DP_MAC_LOCAL_STATIC, DPT_A1, 0), 0);
	assert_int_equal(dpt_mac_remote(DPT_BD, &r, DP_MAC_REMOTE, 1, 0), 0);
	assert_int_equal(notifications(n, 8), 2);
	// Not yet (aging 300 s).
	writer_aging_step(tsc_in(200));
	assert_int_equal(notifications(n, 8), 0);
	assert_true(lookup(DPT_BD, 1, &e));
	writer_aging_step(tsc_in(400));
	assert_int_equal(notifications(n, 8), 1);
	check_notify(&n[0], DP_NOTIFY_MAC_AGED, DPT_BD, 1, DPT_A3, 200, false);
	assert_false(lookup(DPT_BD, 1, &e));
	assert_true(lookup(DPT_BD, 2, &e));  // static
	assert_true(lookup(DPT_BD, 3, &e));  // remote
	assert_true(lookup(DPT_BD2, 4, &e)); // bd without aging
	assert_int_equal(dp_writer.stats.macs_aged, 1);
	// The slot comes back after the next grace period.
	assert_true(mac_table_reclaim_pending(dp_tables.macs));
	dpt_reclaim();
	assert_int_equal(mac_table_count(dp_tables.macs), 3);
}

// Aging runs at most once a second, however often the writer polls.
static void test_aging_interval(void **state)
{
	struct rte_ether_addr mac = dpt_mac(1);
	union mac_key k = mac_key_make(DPT_BD, &mac);
	uint64_t t = tsc_in(10);
	mac_entry_t e;
	(void)state;
	writer_aging_step(t); // nothing due: the step runs and sets the clock
	assert_int_equal(mac_table_set(dp_tables.macs, &k,
				 mac_entry_local(DP_MAC_LOCAL, 0, (uint16_t)(dp_now_sec(t) - 400),
					 DPT_A1, 0)),
		0);
	writer_aging_step(t + dp_tables.tsc_hz / 2);
	assert_true(lookup(DPT_BD, 1, &e));
	writer_aging_step(t + dp_tables.tsc_hz + 1);
	assert_false(lookup(DPT_BD, 1, &e));
}

// A refresh restarts the age.
static void test_aging_after_refresh(void **state)
{
	struct dp_notify n[8];
	union mac_key k;
	struct rte_ether_addr mac = dpt_mac(1);
	mac_entry_t e;
	(void)state;
	learn(DPT_BD, 1, DPT_A3, 200);
	k = mac_key_make(DPT_BD, &mac);
	// Pretend it was last seen 250 s ago, then a worker reports it again.
	assert_int_equal(mac_table_set(dp_tables.macs, &k,
				 mac_entry_local(DP_MAC_LOCAL, 0,
					 (uint16_t)(dp_now_sec(rte_rdtsc()) - 250), DPT_A3, 200)),
		0);
	learn(DPT_BD, 1, DPT_A3, 200);
	writer_aging_step(tsc_in(100));
	assert_true(lookup(DPT_BD, 1, &e));
	assert_int_equal(notifications(n, 8), 1); // the first LEARNED only
}

static void test_aging_many(void **state)
{
	struct dp_notify n[64];
	unsigned got, total = 0;
	(void)state;
	for (uint16_t i = 0; i < 1000; i++) {
		struct dp_event ev = {.type = DP_EVENT_LEARN, .bd = DPT_BD, .port = DPT_A1};
		struct rte_ether_addr mac = dpt_mac((uint16_t)(1000 + i));
		memcpy(ev.mac, &mac, 6);
		assert_int_equal(dp_event_post(dpt.w, &ev), 0);
	}
	dp_writer_poll();
	while ((got = notifications(n, 64)) > 0)
		total += got;
	assert_int_equal(total, 1000);
	assert_int_equal(mac_table_count(dp_tables.macs), 1000);
	// Up to 256 removals per step, one step a second: every MAC goes in time.
	for (int s = 0; s < 10; s++)
		writer_aging_step(tsc_in(400 + 2 * s));
	total = 0;
	while ((got = notifications(n, 64)) > 0) {
		for (unsigned i = 0; i < got; i++)
			assert_int_equal(n[i].type, DP_NOTIFY_MAC_AGED);
		total += got;
	}
	assert_int_equal(total, 1000);
	dp_writer_poll();
	assert_int_equal(mac_table_count(dp_tables.macs), 0);
}

// Each learned MAC a flush removes is notified (the control plane withdraws its
// routes), the static and remote ones stay.
static void test_mac_flush(void **state)
{
	struct dp_msg flush = {.type = DP_MSG_MAC_FLUSH, .mac = {.bd = DPT_BD}};
	struct rte_ether_addr s = dpt_mac(2), r = dpt_mac(3);
	struct dp_notify n[64];
	unsigned got, total = 0;
	mac_entry_t e;
	(void)state;
	for (uint16_t i = 0; i < 600; i++)
		learn(DPT_BD, (uint16_t)(1000 + i), DPT_A1, 0);
	learn(DPT_BD2, 4, DPT_A1, 20);
	assert_int_equal(dpt_mac_local(DPT_BD, &s, DP_MAC_LOCAL_STATIC, DPT_A1, 0), 0);
	assert_int_equal(dpt_mac_remote(DPT_BD, &r, DP_MAC_REMOTE, 1, 0), 0);
	while (notifications(n, 64) > 0)
		;
	assert_int_equal(dpt_apply(&flush), 0);
	while ((got = notifications(n, 64)) > 0)
		for (unsigned i = 0; i < got; i++, total++) {
			assert_int_equal(n[i].type, DP_NOTIFY_MAC_FLUSHED);
			assert_int_equal(n[i].bd, DPT_BD);
			assert_int_equal(n[i].port, DPT_A1);
		}
	assert_int_equal(total, 600);
	assert_int_equal(mac_table_count(dp_tables.macs), 3);
	assert_true(lookup(DPT_BD, 2, &e));
	assert_true(lookup(DPT_BD, 3, &e));
	assert_true(lookup(DPT_BD2, 4, &e));
	for (uint16_t i = 0; i < 600; i++)
		assert_false(lookup(DPT_BD, (uint16_t)(1000 + i), &e));
	flush.mac.bd = 0; // every bridge domain
	assert_int_equal(dpt_apply(&flush), 0);
	assert_false(lookup(DPT_BD2, 4, &e));
	assert_int_equal(notifications(n, 64), 1);
	check_notify(&n[0], DP_NOTIFY_MAC_FLUSHED, DPT_BD2, 4, DPT_A1, 20, false);
	assert_int_equal(mac_table_count(dp_tables.macs), 2);
}

// A flush of one port (a member that left its domain) takes the MACs learned there
// alone, each notified.
static void test_mac_flush_port(void **state)
{
	struct dp_msg flush = {.type = DP_MSG_MAC_FLUSH,
		.mac = {.bd = DPT_BD, .port = DPT_A2, .flush_port = true}};
	struct dp_notify n[64];
	mac_entry_t e;
	unsigned got;
	(void)state;
	for (uint16_t i = 0; i < 3; i++)
		learn(DPT_BD, (uint16_t)(100 + i), DPT_A1, 0);
	for (uint16_t i = 0; i < 2; i++)
		learn(DPT_BD, (uint16_t)(200 + i), DPT_A2, 0);
	while (notifications(n, 64) > 0)
		;
	assert_int_equal(dpt_apply(&flush), 0);
	got = notifications(n, 64);
	assert_int_equal(got, 2);
	for (unsigned i = 0; i < got; i++) {
		assert_int_equal(n[i].type, DP_NOTIFY_MAC_FLUSHED);
		assert_int_equal(n[i].port, DPT_A2);
	}
	for (uint16_t i = 0; i < 3; i++)
		assert_true(lookup(DPT_BD, (uint16_t)(100 + i), &e));
	for (uint16_t i = 0; i < 2; i++)
		assert_false(lookup(DPT_BD, (uint16_t)(200 + i), &e));
}

// dp_port_walk callback: copies the port asked for and stops.
static int port_info_of(const struct dp_port_info *p, void *arg)
{
	struct dp_port_info *want = arg;
	if (p->port != want->port)
		return 0;
	*want = *p;
	return 1;
}

static bool port_link_shown(uint16_t port)
{
	struct dp_port_info i;
	memset(&i, 0, sizeof(i));
	i.port = port;
	assert_int_equal(dp_port_walk(port_info_of, &i), 1);
	return i.link_up;
}

// Link down on a port flushes the MACs learned there, in every bridge domain and VLAN
// of the port (A1: BD untagged, BD2 VLAN 20), each with a MAC_FLUSHED notification,
// then one PORT_LINK with the count; static and remote MACs and other ports' stay.
// Link up says so, and the port learns again.
static void test_port_link_down_flush(void **state)
{
	struct dp_event ev = {.type = DP_EVENT_LEARN, .bd = DPT_BD2, .port = DPT_A1, .vlan = 20};
	struct dp_notify n[8];
	struct rte_ether_addr s = dpt_mac(2), r = dpt_mac(3), late = dpt_mac(4);
	mac_entry_t e;
	(void)state;
	learn(DPT_BD, 1, DPT_A1, 0);
	learn(DPT_BD, 5, DPT_A3, 200);
	assert_int_equal(dpt_mac_local(DPT_BD, &s, DP_MAC_LOCAL_STATIC, DPT_A1, 0), 0);
	assert_int_equal(dpt_mac_remote(DPT_BD, &r, DP_MAC_REMOTE, 1, 0), 0);
	assert_int_equal(notifications(n, 8), 2);
	dp_port_link_set(DPT_A1, true); // first reading: up, nothing to say
	assert_int_equal(notifications(n, 8), 0);
	assert_true(port_link_shown(DPT_A1));

	// A frame the port received before its link went down, still on the worker's
	// ring: learned first, then flushed with the others.
	memcpy(ev.mac, &late, 6);
	assert_int_equal(dp_event_post(dpt.w, &ev), 0);
	dp_port_link_set(DPT_A1, false);
	assert_int_equal(notifications(n, 8), 4);
	check_notify(&n[0], DP_NOTIFY_MAC_LEARNED, DPT_BD2, 4, DPT_A1, 20, false);
	// The table walk decides the order of the two MACs.
	if (n[1].bd != DPT_BD) {
		struct dp_notify t = n[1];
		n[1] = n[2];
		n[2] = t;
	}
	check_notify(&n[1], DP_NOTIFY_MAC_FLUSHED, DPT_BD, 1, DPT_A1, 0, false);
	check_notify(&n[2], DP_NOTIFY_MAC_FLUSHED, DPT_BD2, 4, DPT_A1, 20, false);
	assert_int_equal(n[3].type, DP_NOTIFY_PORT_LINK);
	assert_int_equal(n[3].port, DPT_A1);
	assert_false(n[3].link_up);
	assert_int_equal(n[3].n_flushed, 2);
	assert_false(lookup(DPT_BD, 1, &e));
	assert_false(lookup(DPT_BD2, 4, &e));
	assert_true(lookup(DPT_BD, 2, &e)); // static
	assert_true(lookup(DPT_BD, 3, &e)); // remote
	assert_true(lookup(DPT_BD, 5, &e)); // another port
	assert_int_equal(dp_writer.stats.macs_flushed, 2);
	assert_false(port_link_shown(DPT_A1));
	// Said once.
	dp_port_link_set(DPT_A1, false);
	assert_int_equal(notifications(n, 8), 0);
	dp_port_link_set(DPT_A1, true);
	assert_int_equal(notifications(n, 8), 1);
	assert_int_equal(n[0].type, DP_NOTIFY_PORT_LINK);
	assert_true(n[0].link_up);
	assert_int_equal(n[0].n_flushed, 0);
	assert_true(port_link_shown(DPT_A1));
	learn(DPT_BD, 1, DPT_A1, 0);
	assert_int_equal(notifications(n, 8), 1);
	check_notify(&n[0], DP_NOTIFY_MAC_LEARNED, DPT_BD, 1, DPT_A1, 0, false);
	// An unknown port is ignored.
	dp_port_link_set(DP_MAX_PORTS, false);
	dp_port_link_set(40, false);
	assert_int_equal(notifications(n, 8), 0);
}

// `clear mac` tells the control plane too, so that EVPN withdraws the routes.
static void test_mac_flush_notifies(void **state)
{
	struct dp_msg flush = {.type = DP_MSG_MAC_FLUSH, .mac = {.bd = DPT_BD2}};
	struct dp_notify n[8];
	(void)state;
	learn(DPT_BD, 1, DPT_A1, 0);
	learn(DPT_BD2, 4, DPT_A1, 20);
	assert_int_equal(notifications(n, 8), 2);
	assert_int_equal(dp_msg_send(&flush), 0);
	dp_writer_poll();
	assert_int_equal(notifications(n, 8), 1);
	check_notify(&n[0], DP_NOTIFY_MAC_FLUSHED, DPT_BD2, 4, DPT_A1, 20, false);
}

// Workers report n MACs from `first` on at once; the writer runs once.
static void learn_burst(uint16_t first, uint16_t n)
{
	struct dp_event ev = {.type = DP_EVENT_LEARN, .bd = DPT_BD, .port = DPT_A1};
	for (uint16_t i = 0; i < n; i++) {
		struct rte_ether_addr mac = dpt_mac((uint16_t)(first + i));
		memcpy(ev.mac, &mac, 6);
		assert_int_equal(dp_event_post(dpt.w, &ev), 0);
	}
	dp_writer_poll();
}

// What does not fit in the ring to the control plane is counted and owed: one
// DP_NOTIFY_LOST with the count goes up before anything newer as soon as there is
// room, at the next step even when nothing newer comes, so that the control plane
// reads the MAC table again.
static void test_notify_lost(void **state)
{
	struct dp_notify n[8];
	(void)state;
	learn_burst(1, 10);
	assert_int_equal(dp_writer.stats.notify_dropped, 6);
	assert_int_equal(notifications(n, 8), 4);
	for (uint16_t i = 0; i < 4; i++)
		check_notify(
			&n[i], DP_NOTIFY_MAC_LEARNED, DPT_BD, (uint16_t)(1 + i), DPT_A1, 0, false);
	assert_int_equal(mac_table_count(dp_tables.macs), 10); // the table has them all
	dp_writer_poll();
	assert_int_equal(notifications(n, 8), 1);
	assert_int_equal(n[0].type, DP_NOTIFY_LOST);
	assert_int_equal(n[0].n_lost, 6);
	dp_writer_poll(); // said once
	assert_int_equal(notifications(n, 8), 0);

	// Dropped while the marker still waits for room (the ring stays full): one
	// marker for them all, then what came next.
	learn_burst(11, 6);
	learn_burst(17, 1);
	assert_int_equal(dp_writer.stats.notify_dropped, 9);
	assert_int_equal(notifications(n, 8), 4);
	learn_burst(18, 1);
	assert_int_equal(notifications(n, 8), 2);
	assert_int_equal(n[0].type, DP_NOTIFY_LOST);
	assert_int_equal(n[0].n_lost, 3);
	check_notify(&n[1], DP_NOTIFY_MAC_LEARNED, DPT_BD, 18, DPT_A1, 0, false);
}

// Deleting a bridge domain removes all its MACs (static and remote too), unmaps its
// VLANs and its VNI.
static void test_bd_delete(void **state)
{
	struct rte_ether_addr s = dpt_mac(2), r = dpt_mac(3);
	mac_entry_t e;
	(void)state;
	learn(DPT_BD, 1, DPT_A1, 0);
	learn(DPT_BD2, 4, DPT_A1, 20);
	assert_int_equal(dpt_mac_local(DPT_BD, &s, DP_MAC_LOCAL_STATIC, DPT_A1, 0), 0);
	assert_int_equal(dpt_mac_remote(DPT_BD, &r, DP_MAC_REMOTE, 1, 0), 0);
	assert_int_equal(dpt_bd_del(DPT_BD), 0);
	assert_null(dp_tables.bd[DPT_BD]);
	assert_int_equal(mac_table_count(dp_tables.macs), 1);
	assert_true(lookup(DPT_BD2, 4, &e));
	assert_int_equal(dp_tables.port[DPT_A1]->vlan_bd[0], 0);
	assert_int_equal(dp_tables.port[DPT_A1]->vlan_bd[20], DPT_BD2);
	assert_int_equal(dp_tables.port[DPT_A2]->vlan_bd[100], 0);
	assert_int_equal(dp_vni_to_bd(dp_tables.vni_map, DPT_VNI), 0);
	assert_int_equal(dp_vni_to_bd(dp_tables.vni_map, DPT_VNI2), DPT_BD2);
	// Its VNI and VLANs are free for another bridge domain.
	assert_int_equal(dpt_bd_set(50, DPT_VNI, 0, true), 0);
	assert_int_equal(dpt_member(true, 50, DPT_A2, 100), 0);
}

// --- VNI map, flood lists ---------------------------------------------------------

static void test_vni_map_rebuild(void **state)
{
	(void)state;
	for (uint16_t bd = 100; bd < 400; bd++)
		assert_int_equal(dpt_bd_set(bd, (uint32_t)bd * 977 + 5, 0, false), 0);
	for (uint16_t bd = 100; bd < 400; bd++)
		assert_int_equal(dp_vni_to_bd(dp_tables.vni_map, (uint32_t)bd * 977 + 5), bd);
	assert_int_equal(dp_vni_to_bd(dp_tables.vni_map, DPT_VNI), DPT_BD);
	assert_int_equal(dp_vni_to_bd(dp_tables.vni_map, 6), 0);
	// The map stays at most half full.
	assert_true(dp_tables.vni_map->mask + 1 >= 2 * 302);
	// A new VNI for a bridge domain: the old one is gone, the new one maps.
	assert_int_equal(dpt_bd_set(150, 424242, 0, false), 0);
	assert_int_equal(dp_vni_to_bd(dp_tables.vni_map, 150 * 977 + 5), 0);
	assert_int_equal(dp_vni_to_bd(dp_tables.vni_map, 424242), 150);
	for (uint16_t bd = 100; bd < 400; bd += 2)
		assert_int_equal(dpt_bd_del(bd), 0);
	for (uint16_t bd = 101; bd < 400; bd += 2)
		assert_int_equal(dp_vni_to_bd(dp_tables.vni_map, (uint32_t)bd * 977 + 5), bd);
	for (uint16_t bd = 102; bd < 400; bd += 2)
		assert_int_equal(dp_vni_to_bd(dp_tables.vni_map, (uint32_t)bd * 977 + 5), 0);
}

static void test_flood_list(void **state)
{
	const struct dp_bd *bd;
	(void)state;
	assert_int_equal(dpt_flood(true, DPT_BD, 5, 0), 0);
	bd = dp_tables.bd[DPT_BD];
	assert_int_equal(bd->n_flood, 3);
	assert_int_equal(bd->flood[2].nh, 5);
	assert_int_equal(bd->flood[2].vni, DPT_VNI);
	// Adding it again updates its VNI in place.
	assert_int_equal(dpt_flood(true, DPT_BD, 5, 9999), 0);
	bd = dp_tables.bd[DPT_BD];
	assert_int_equal(bd->n_flood, 3);
	assert_int_equal(bd->flood[2].vni, 9999);
	// Deleting the first keeps the others.
	assert_int_equal(dpt_flood(false, DPT_BD, 1, 0), 0);
	bd = dp_tables.bd[DPT_BD];
	assert_int_equal(bd->n_flood, 2);
	for (unsigned i = 0; i < bd->n_flood; i++)
		assert_true(bd->flood[i].nh == 2 || bd->flood[i].nh == 5);
	assert_true(bd->flood[0].nh != bd->flood[1].nh);
	assert_int_equal(dpt_flood(false, DPT_BD, 1, 0), -ENOENT);
	assert_int_equal(dpt_flood(false, DPT_BD, 2, 0), 0);
	assert_int_equal(dpt_flood(false, DPT_BD, 5, 0), 0);
	assert_int_equal(dp_tables.bd[DPT_BD]->n_flood, 0);
	// Members are untouched by flood changes.
	assert_int_equal(dp_tables.bd[DPT_BD]->n_members, 3);
}

// --- next hops --------------------------------------------------------------------

static void test_nh_template_ipv4(void **state)
{
	const struct dp_nh *nh = dp_tables.nh[1];
	const struct rte_ether_hdr *eth;
	const struct rte_ipv4_hdr *ip;
	const struct rte_udp_hdr *udp;
	const struct rte_vxlan_hdr *vx;
	(void)state;
	assert_non_null(nh);
	eth = (const struct rte_ether_hdr *)nh->hdr;
	ip = (const struct rte_ipv4_hdr *)(eth + 1);
	udp = (const struct rte_udp_hdr *)(ip + 1);
	vx = (const struct rte_vxlan_hdr *)(udp + 1);
	assert_int_equal(nh->id, 1);
	assert_true(nh->resolved);
	assert_false(nh->ipv6);
	assert_int_equal(nh->port, DPT_UL);
	assert_int_equal(nh->hdr_len, 50);
	assert_memory_equal(&eth->dst_addr, &dpt_peer_mac, 6);
	assert_memory_equal(&eth->src_addr, &dpt.port_mac[DPT_UL], 6);
	assert_int_equal(eth->ether_type, RTE_BE16(RTE_ETHER_TYPE_IPV4));
	assert_int_equal(ip->version_ihl, 0x45);
	assert_int_equal(ip->type_of_service, 0);
	assert_int_equal(ip->total_length, 0);
	assert_int_equal(ip->fragment_offset, 0);
	assert_int_equal(ip->time_to_live, 64);
	assert_int_equal(ip->next_proto_id, IPPROTO_UDP);
	assert_int_equal(ip->hdr_checksum, 0);
	assert_int_equal(ip->src_addr, DPT_VTEP4);
	assert_int_equal(ip->dst_addr, DPT_REMOTE4);
	assert_int_equal(udp->src_port, 0);
	assert_int_equal(udp->dst_port, RTE_BE16(RTE_VXLAN_DEFAULT_PORT));
	assert_int_equal(udp->dgram_cksum, 0);
	assert_int_equal(vx->vx_flags, RTE_BE32(0x08000000));
	assert_int_equal(vx->vx_vni, 0);
	// The checksum base plus a length is the real header checksum for that length.
	for (uint32_t len = 50; len < 65536; len += 4093) {
		struct rte_ipv4_hdr h = *ip;
		uint32_t sum = nh->ip4_csum_base + rte_cpu_to_be_16((uint16_t)len);
		sum = (sum & 0xffff) + (sum >> 16);
		sum = (sum & 0xffff) + (sum >> 16);
		h.total_length = rte_cpu_to_be_16((uint16_t)len);
		assert_int_equal((uint16_t)~sum, rte_ipv4_cksum(&h));
	}
}

static void test_nh_template_ipv6(void **state)
{
	const struct dp_nh *nh = dp_tables.nh[2];
	const struct rte_ether_hdr *eth;
	const struct rte_ipv6_hdr *ip;
	const struct rte_udp_hdr *udp;
	(void)state;
	assert_non_null(nh);
	eth = (const struct rte_ether_hdr *)nh->hdr;
	ip = (const struct rte_ipv6_hdr *)(eth + 1);
	udp = (const struct rte_udp_hdr *)(ip + 1);
	assert_true(nh->ipv6);
	assert_int_equal(nh->hdr_len, 70);
	assert_int_equal(eth->ether_type, RTE_BE16(RTE_ETHER_TYPE_IPV6));
	assert_int_equal(ip->vtc_flow, RTE_BE32(6u << 28));
	assert_int_equal(ip->proto, IPPROTO_UDP);
	assert_int_equal(ip->hop_limits, 64);
	assert_memory_equal(ip->src_addr, dpt_vtep6, 16);
	assert_memory_equal(ip->dst_addr, dpt_remote6, 16);
	assert_int_equal(udp->dst_port, RTE_BE16(RTE_VXLAN_DEFAULT_PORT));
	assert_int_equal(nh->hdr[14 + 40 + 8], 0x08);
}

// An unresolved next hop has no template; set again resolved, it gets one; deleted,
// it is gone. The table entry is replaced, never edited in place.
static void test_nh_lifecycle(void **state)
{
	struct dp_msg m = {.type = DP_MSG_NH_SET,
		.nh = {.nh = 7,
			.encap = DP_ENCAP_VXLAN,
			.resolved = false,
			.remote = V4(192, 0, 2, 3),
			.local = V4(192, 0, 2, 1)}};
	const struct dp_nh *first;
	(void)state;
	assert_int_equal(dpt_apply(&m), 0);
	first = dp_tables.nh[7];
	assert_non_null(first);
	assert_false(first->resolved);
	assert_int_equal(first->hdr_len, 0);
	assert_int_equal(dpt_nh4(7, DPT_UL, DPT_REMOTE4B, DPT_VTEP4), 0);
	assert_true(dp_tables.nh[7]->resolved);
	assert_int_equal(dp_tables.nh[7]->hdr_len, 50);
	m.type = DP_MSG_NH_DEL;
	assert_int_equal(dpt_apply(&m), 0);
	assert_null(dp_tables.nh[7]);
}

// --- neighbour solicitation ---------------------------------------------------------

static struct rte_mbuf *take_inject(void)
{
	struct rte_mbuf *m = NULL;
	assert_int_equal(rte_ring_count(dpt.w->inject), 1);
	assert_int_equal(rte_ring_dequeue(dpt.w->inject, (void **)&m), 0);
	return m;
}

static void test_solicit_arp(void **state)
{
	struct dp_msg msg = {.type = DP_MSG_NEIGH_SOLICIT,
		.solicit = {.port = DPT_UL, .target = V4(10, 0, 0, 2), .source = V4(10, 0, 0, 1)}};
	struct rte_mbuf *m;
	const struct rte_ether_hdr *eth;
	const struct rte_arp_hdr *a;
	(void)state;
	assert_int_equal(dpt_apply(&msg), 0);
	m = take_inject();
	assert_int_equal(dp_meta(m)->out_port, DPT_UL);
	eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	a = (const struct rte_arp_hdr *)(eth + 1);
	assert_int_equal(rte_pktmbuf_pkt_len(m), 14 + 28);
	assert_memory_equal(&eth->dst_addr, &dpt_bcast, 6);
	assert_memory_equal(&eth->src_addr, &dpt.port_mac[DPT_UL], 6);
	assert_int_equal(eth->ether_type, RTE_BE16(RTE_ETHER_TYPE_ARP));
	assert_int_equal(a->arp_hardware, RTE_BE16(RTE_ARP_HRD_ETHER));
	assert_int_equal(a->arp_protocol, RTE_BE16(RTE_ETHER_TYPE_IPV4));
	assert_int_equal(a->arp_hlen, 6);
	assert_int_equal(a->arp_plen, 4);
	assert_int_equal(a->arp_opcode, RTE_BE16(RTE_ARP_OP_REQUEST));
	assert_memory_equal(&a->arp_data.arp_sha, &dpt.port_mac[DPT_UL], 6);
	assert_int_equal(a->arp_data.arp_sip, DPT_UL4);
	assert_memory_equal(&a->arp_data.arp_tha, ((const uint8_t[6]){0}), 6);
	assert_int_equal(a->arp_data.arp_tip, DPT_PEER4);
	assert_int_equal(dp_writer.stats.solicits_sent, 1);
	rte_pktmbuf_free(m);
}

static void test_solicit_ns(void **state)
{
	struct dp_msg msg = {.type = DP_MSG_NEIGH_SOLICIT, .solicit = {.port = DPT_UL}};
	static const uint8_t target[16] = {0xfd, 0x00, [13] = 0xab, 0xcd, 0xef};
	static const uint8_t group[16] = {0xff, 0x02, [11] = 1, 0xff, 0xab, 0xcd, 0xef};
	struct rte_mbuf *m;
	const struct rte_ether_hdr *eth;
	const struct rte_ipv6_hdr *ip;
	const struct nd_msg *ns;
	const struct nd_opt_lladdr *opt;
	(void)state;
	msg.solicit.target.family = AF_INET6;
	memcpy(msg.solicit.target.bytes, target, 16);
	msg.solicit.source.family = AF_INET6;
	memcpy(msg.solicit.source.bytes, dpt_ul6, 16);
	assert_int_equal(dpt_apply(&msg), 0);
	m = take_inject();
	assert_int_equal(dp_meta(m)->out_port, DPT_UL);
	eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	ip = (const struct rte_ipv6_hdr *)(eth + 1);
	ns = (const struct nd_msg *)(ip + 1);
	opt = (const struct nd_opt_lladdr *)(ns + 1);
	assert_int_equal(rte_pktmbuf_pkt_len(m), 14 + 40 + 24 + 8);
	assert_memory_equal(
		&eth->dst_addr, ((const uint8_t[6]){0x33, 0x33, 0xff, 0xab, 0xcd, 0xef}), 6);
	assert_memory_equal(&eth->src_addr, &dpt.port_mac[DPT_UL], 6);
	assert_int_equal(eth->ether_type, RTE_BE16(RTE_ETHER_TYPE_IPV6));
	assert_int_equal(ip->vtc_flow, RTE_BE32(6u << 28));
	assert_int_equal(rte_be_to_cpu_16(ip->payload_len), 32);
	assert_int_equal(ip->proto, IPPROTO_ICMPV6);
	assert_int_equal(ip->hop_limits, 255);
	assert_memory_equal(ip->src_addr, dpt_ul6, 16);
	assert_memory_equal(ip->dst_addr, group, 16);
	assert_int_equal(ns->type, ND_TYPE_NS);
	assert_int_equal(ns->code, 0);
	assert_int_equal(ns->flags, 0);
	assert_memory_equal(ns->target, target, 16);
	assert_int_equal(opt->type, ND_OPT_SRC_LLADDR);
	assert_int_equal(opt->len, 1);
	assert_memory_equal(&opt->mac, &dpt.port_mac[DPT_UL], 6);
	assert_int_equal(rte_ipv6_udptcp_cksum_verify(ip, ns), 0);
	rte_pktmbuf_free(m);
}

// The inject ring full: refused with -ENOBUFS, the packet freed (teardown counts).
static void test_solicit_backpressure(void **state)
{
	struct dp_msg msg = {.type = DP_MSG_NEIGH_SOLICIT,
		.solicit = {.port = DPT_UL, .target = V4(10, 0, 0, 2), .source = V4(10, 0, 0, 1)}};
	unsigned cap = rte_ring_get_capacity(dpt.w->inject);
	(void)state;
	for (unsigned i = 0; i < cap; i++)
		assert_int_equal(dpt_apply(&msg), 0);
	assert_int_equal(dpt_apply(&msg), -ENOBUFS);
	assert_int_equal(rte_ring_count(dpt.w->inject), cap);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bd_messages, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_member_messages, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_flood_messages, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_mac_messages, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_underlay_messages, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_underlay_addr_limit, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_cookies_barrier_stats, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_grace_period, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_loop_and_step_max, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_learn_new, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_learn_refresh, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_learn_moved_local, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_learn_remote_to_local, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(
			test_static_sticky_frozen_never_move, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(
			test_pinned_refuses_local_sighting, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_learn_ignored, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_learn_from_frame, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_neigh_event, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_aging, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_aging_interval, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_aging_after_refresh, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_aging_many, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_mac_flush, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_mac_flush_port, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_bd_delete, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_vni_map_rebuild, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_flood_list, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_nh_template_ipv4, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_nh_template_ipv6, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_nh_lifecycle, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_solicit_arp, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_solicit_ns, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_solicit_backpressure, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_port_link_down_flush, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_mac_flush_notifies, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_notify_lost, small_ring_setup, dpt_teardown),
	};
	int ret;
	(void)argc;
	dpt_eal_init(argv[0]);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	dpt_eal_fini();
	return ret;
}
