// SPDX-License-Identifier: BSD-3-Clause
// Tests of dp/ipc/dp_ipc_shadow.c: a first control process sees its own ids; after a
// mark, what is re-sent identical gives nothing to apply and the sweep removes exactly
// what was not re-sent, in the order the writer accepts; a new control process that
// numbers its VTEPs and route next hops another way gets the dataplane's ids back by
// identity; unknown ids, exhausted ids, the proxy entry rule; a million routes.
#include <arpa/inet.h>
#include <errno.h>
#include <malloc.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "dp/ipc/dp_ipc_shadow.h"

static struct dp_msg out;

static int put(struct dp_msg m)
{
	memset(&out, 0xee, sizeof(out)); // what the shadow does not write shows
	return dp_ipc_shadow_msg(&m, &out);
}

static struct dp_ip ip4(uint32_t a)
{
	struct dp_ip ip = {.family = AF_INET};

	ip.v4.s_addr = htonl(a);
	return ip;
}

static struct dp_msg nh_set(uint32_t id, uint32_t remote)
{
	return (struct dp_msg){.type = DP_MSG_NH_SET,
		.nh = {.nh = id, .encap = DP_ENCAP_VXLAN, .resolved = true, .port = 1,
			.dst_mac = {2, 0, 0, 0, 0, 1}, .remote = ip4(remote),
			.local = ip4(0xc0000201)}};
}

static struct dp_msg bd_set(uint16_t bd, uint32_t vni)
{
	return (struct dp_msg){.type = DP_MSG_BD_SET, .bd = {.bd = bd, .vni = vni, .learning = true}};
}

static struct dp_msg member(uint16_t type, uint16_t bd, uint16_t port, uint16_t vlan)
{
	return (struct dp_msg){.type = type, .member = {.bd = bd, .port = port, .vlan = vlan}};
}

static struct dp_msg flood(uint16_t type, uint16_t bd, uint32_t nh)
{
	return (struct dp_msg){.type = type, .flood = {.bd = bd, .nh = nh, .vni = 1000 + bd}};
}

static struct dp_msg mac_add(uint16_t bd, uint8_t last, uint32_t nh)
{
	return (struct dp_msg){.type = DP_MSG_MAC_ADD,
		.mac = {.bd = bd, .mac = {0, 0x11, 0, 0, 0, last}, .kind = DP_MAC_REMOTE, .nh = nh,
			.vni = 1000 + bd}};
}

static struct dp_msg neigh(uint16_t type, uint32_t ip, uint8_t mac_last, bool gateway)
{
	return (struct dp_msg){.type = type,
		.neigh = {.bd = 10, .mac = {0, 0x11, 0, 0, 0, mac_last}, .gateway = gateway,
			.ip = ip4(ip)}};
}

static struct dp_msg rnh_l3(uint32_t id, uint32_t nh)
{
	return (struct dp_msg){.type = DP_MSG_RNH_SET,
		.rnh = {.id = id, .kind = DP_RNH_REMOTE_L3, .mac = {2, 0, 0, 0, 0, 9}, .nh = nh,
			.vni = 5000, .src_mac = {2, 0, 0, 0, 0, 8}}};
}

static struct dp_msg rnh_ecmp(uint32_t id, uint16_t a, uint16_t b)
{
	return (struct dp_msg){.type = DP_MSG_RNH_SET,
		.rnh = {.id = id, .kind = DP_RNH_ECMP, .n_members = 2, .members = {a, b}}};
}

static struct dp_msg route(uint16_t type, uint32_t prefix, uint8_t len, uint32_t rnh)
{
	return (struct dp_msg){.type = type,
		.route = {.vrf = 1, .len = len, .prefix = ip4(prefix), .rnh = rnh}};
}

// A bit of everything, each object once; the first control process's ids.
enum { A = 0x0a000011, B = 0x0a000012, C = 0x0a000013 }; // remote VTEPs
static struct dp_msg all[18];

static void make_all(void)
{
	unsigned i = 0;

	all[i++] = (struct dp_msg){.type = DP_MSG_VTEP_ADDR, .vtep = {.ip = ip4(0xc0000201)}};
	all[i++] = (struct dp_msg){.type = DP_MSG_UNDERLAY_ADDR,
		.uaddr = {.port = 1, .prefix_len = 24, .ip = ip4(0xc0000201)}};
	all[i++] = bd_set(10, 1010);
	all[i++] = member(DP_MSG_MEMBER_ADD, 10, 0, 100);
	all[i++] = nh_set(1, A);
	all[i++] = nh_set(2, B);
	all[i++] = flood(DP_MSG_FLOOD_ADD, 10, 1);
	all[i++] = flood(DP_MSG_FLOOD_ADD, 10, 2);
	all[i++] = mac_add(10, 1, 1);
	all[i++] = mac_add(10, 2, 2);
	all[i++] = neigh(DP_MSG_NEIGH_ADD, 0x0a0a0001, 1, true);
	all[i++] = rnh_l3(1, 1);
	all[i++] = rnh_l3(2, 2);
	all[i++] = rnh_ecmp(3, 1, 2);
	all[i++] = route(DP_MSG_ROUTE_ADD, 0x0a010000, 16, 3);
	all[i++] = route(DP_MSG_ROUTE_ADD, 0x0a020000, 16, 1);
	all[i++] = (struct dp_msg){.type = DP_MSG_L3VNI_SET,
		.l3vni = {.vrf = 1, .vni = 5000, .router_mac = {2, 0, 0, 0, 0, 8}}};
	all[i++] = (struct dp_msg){.type = DP_MSG_LABEL_SET,
		.label = {.label = 100, .action = DP_LABEL_POP_L2, .bd = 10}};
	assert_int_equal(i, 18);
}

static void program_all(void)
{
	make_all();
	for (unsigned i = 0; i < 18; i++)
		assert_int_equal(put(all[i]), 1);
	assert_int_equal(dp_ipc_shadow_count(), 18);
	assert_int_equal(dp_ipc_shadow_stale(), 0);
}

// The deletes a sweep emits, kept in order.
static struct {
	struct dp_msg m[64];
	unsigned n, refused;
	int ret; // what emit answers
} swept;

static int collect(const struct dp_msg *del, void *arg)
{
	assert_ptr_equal(arg, &swept);
	if (swept.n < 64)
		swept.m[swept.n] = *del;
	swept.n++;
	if (swept.ret != 0)
		swept.refused++;
	return swept.ret;
}

static unsigned sweep(void)
{
	memset(&swept, 0, sizeof(swept));
	return dp_ipc_shadow_sweep(collect, &swept);
}

// The delete the sweep must emit for a message the first control process sent.
static struct dp_msg del_of(struct dp_msg m, uint16_t type)
{
	struct dp_msg d;

	memset(&d, 0, sizeof(d));
	d = m;
	d.type = type;
	return d;
}

static void assert_msg_equal(const struct dp_msg *a, const struct dp_msg *b)
{
	assert_int_equal(a->type, b->type);
	assert_memory_equal(a, b, sizeof(*a));
}

static int setup(void **state)
{
	(void)state;
	return dp_ipc_shadow_init();
}

static int teardown(void **state)
{
	(void)state;
	dp_ipc_shadow_fini();
	return 0;
}

static void test_fresh_identity(void **state)
{
	struct dp_msg m = nh_set(5, A);

	(void)state;
	assert_false(dp_ipc_shadow_has_state());
	m.cookie = 42;
	assert_int_equal(put(m), 1);
	assert_int_equal(out.nh.nh, 5);
	assert_int_equal(out.cookie, 42);
	assert_int_equal(dp_ipc_shadow_nh_to_cp(5), 5);
	assert_int_equal(dp_ipc_shadow_nh_to_dp(5), 5);
	assert_int_equal(put(mac_add(10, 1, 5)), 1);
	assert_int_equal(out.mac.nh, 5);
	assert_int_equal(put(rnh_l3(7, 5)), 1);
	assert_int_equal(out.rnh.id, 7);
	assert_int_equal(out.rnh.nh, 5);
	assert_int_equal(put(route(DP_MSG_ROUTE_ADD, 0x0a010000, 16, 7)), 1);
	assert_int_equal(out.route.rnh, 7);
	assert_int_equal(put(nh_set(5, A)), 0); // identical, cookie aside
	assert_true(dp_ipc_shadow_has_state());
	assert_int_equal(dp_ipc_shadow_count(), 4);
	assert_int_equal(dp_ipc_shadow_rnh_to_cp(7), 7);
	assert_true(dp_ipc_shadow_memory() > 0);
}

static void test_identical_resend(void **state)
{
	(void)state;
	program_all();
	dp_ipc_shadow_mark();
	assert_int_equal(dp_ipc_shadow_stale(), 18);
	assert_int_equal(dp_ipc_shadow_nh_to_cp(1), 0); // the old control process's ids are gone
	assert_int_equal(dp_ipc_shadow_nh_to_dp(1), 0);
	for (unsigned i = 0; i < 18; i++) {
		bool always = all[i].type == DP_MSG_MAC_ADD || all[i].type == DP_MSG_NEIGH_ADD;

		assert_int_equal(put(all[i]), always ? 1 : 0);
	}
	assert_int_equal(dp_ipc_shadow_stale(), 0);
	assert_int_equal(sweep(), 0);
	assert_int_equal(swept.n, 0);
	assert_int_equal(dp_ipc_shadow_count(), 18);
	assert_int_equal(dp_ipc_shadow_nh_to_cp(2), 2);
}

static void test_subset_resend(void **state)
{
	static const unsigned resent[] = {0, 2, 4, 6, 8, 11, 15}; // not UNDERLAY_ADDR (kept)
	// all[] index and delete type, in the sweep's order
	static const unsigned gone[][2] = {{14, DP_MSG_ROUTE_DEL}, {13, DP_MSG_RNH_DEL},
		{12, DP_MSG_RNH_DEL}, {17, DP_MSG_LABEL_DEL}, {16, DP_MSG_L3VNI_DEL},
		{9, DP_MSG_MAC_DEL}, {7, DP_MSG_FLOOD_DEL}, {10, DP_MSG_NEIGH_DEL},
		{3, DP_MSG_MEMBER_DEL}, {5, DP_MSG_NH_DEL}};

	(void)state;
	program_all();
	dp_ipc_shadow_mark();
	for (unsigned i = 0; i < sizeof(resent) / sizeof(resent[0]); i++)
		put(all[resent[i]]);
	assert_int_equal(dp_ipc_shadow_stale(), 18 - 7);
	assert_int_equal(sweep(), 10);
	assert_int_equal(swept.n, 10);
	for (unsigned i = 0; i < 10; i++) {
		struct dp_msg want = del_of(all[gone[i][0]], gone[i][1]);

		assert_msg_equal(&swept.m[i], &want);
	}
	assert_true(swept.m[7].neigh.gateway); // the recorded mac and flag
	assert_int_equal(swept.m[7].neigh.mac[5], 1);
	assert_int_equal(dp_ipc_shadow_stale(), 0);
	assert_int_equal(dp_ipc_shadow_count(), 8);
	// The next hop B's id is free again; A's is the new control process's.
	assert_int_equal(dp_ipc_shadow_nh_to_dp(1), 1);
	assert_int_equal(put(nh_set(9, C)), 1);
	assert_int_equal(out.nh.nh, 9);
	assert_int_equal(put(nh_set(2, B)), 1);
	assert_int_equal(out.nh.nh, 2);
}

static void test_nothing_resent(void **state)
{
	static const uint16_t order[] = {DP_MSG_ROUTE_DEL, DP_MSG_ROUTE_DEL, DP_MSG_RNH_DEL,
		DP_MSG_RNH_DEL, DP_MSG_RNH_DEL, DP_MSG_LABEL_DEL, DP_MSG_L3VNI_DEL, DP_MSG_MAC_DEL,
		DP_MSG_MAC_DEL, DP_MSG_FLOOD_DEL, DP_MSG_FLOOD_DEL, DP_MSG_NEIGH_DEL,
		DP_MSG_MEMBER_DEL, DP_MSG_NH_DEL, DP_MSG_NH_DEL, DP_MSG_BD_DEL};

	(void)state;
	program_all();
	dp_ipc_shadow_mark();
	assert_int_equal(sweep(), 16);
	for (unsigned i = 0; i < 16; i++)
		assert_int_equal(swept.m[i].type, order[i]);
	assert_int_equal(swept.m[2].rnh.kind, DP_RNH_ECMP); // before its members
	assert_int_equal(dp_ipc_shadow_count(), 2); // VTEP_ADDR, UNDERLAY_ADDR: no delete
	assert_int_equal(dp_ipc_shadow_stale(), 0);
	assert_true(dp_ipc_shadow_has_state());
	assert_int_equal(sweep(), 0);
}

static void test_nh_reorder(void **state)
{
	(void)state;
	assert_int_equal(put(nh_set(1, A)), 1);
	assert_int_equal(put(nh_set(2, B)), 1);
	assert_int_equal(put(mac_add(10, 1, 1)), 1); // behind A
	dp_ipc_shadow_mark();
	// The new control process numbers B first.
	assert_int_equal(put(nh_set(1, B)), 0); // the dataplane has it as it is
	assert_int_equal(dp_ipc_shadow_nh_to_dp(1), 2);
	assert_int_equal(dp_ipc_shadow_nh_to_cp(2), 1);
	assert_int_equal(dp_ipc_shadow_nh_to_cp(1), 0); // A: stale, not claimed yet
	assert_int_equal(put(nh_set(2, A)), 0);
	assert_int_equal(dp_ipc_shadow_nh_to_dp(2), 1);
	assert_int_equal(dp_ipc_shadow_nh_to_cp(1), 2);
	assert_int_equal(put(mac_add(10, 3, 1)), 1); // a new MAC behind B
	assert_int_equal(out.mac.nh, 2);
	assert_int_equal(put(mac_add(10, 1, 2)), 1); // the old one, still behind A
	assert_int_equal(out.mac.nh, 1);
	// A new VTEP takes its own id when free; a changed underlay path keeps the id.
	struct dp_msg c = nh_set(3, C);
	assert_int_equal(put(c), 1);
	assert_int_equal(out.nh.nh, 3);
	c.nh.port = 2;
	assert_int_equal(put(c), 1);
	assert_int_equal(out.nh.nh, 3);
	assert_int_equal(sweep(), 0);
	assert_int_equal(dp_ipc_shadow_count(), 5);
}

static void test_nh_path_change_after_mark(void **state)
{
	struct dp_msg a = nh_set(1, A);

	(void)state;
	assert_int_equal(put(a), 1);
	dp_ipc_shadow_mark();
	a.nh.nh = 7;
	a.nh.resolved = false;
	a.nh.remote.bytes[9] = 0x55; // past an IPv4 address: no part of it
	// The new control process has not resolved it yet: the dataplane keeps its
	// resolved next hop (nothing applied), no longer stale.
	assert_int_equal(put(a), 0);
	assert_int_equal(dp_ipc_shadow_stale(), 0);
	a.nh.resolved = true;
	a.nh.port = 3; // the underlay changed meanwhile: still the same VTEP
	assert_int_equal(put(a), 1);
	assert_int_equal(out.nh.nh, 1);
	assert_int_equal(out.nh.port, 3);
	a.nh.resolved = false; // fresh now: unresolving it is applied
	assert_int_equal(put(a), 1);
	assert_false(out.nh.resolved);
	// Another id for the same VTEP: nothing stale is left to match, a new id.
	a.nh.nh = 8;
	assert_int_equal(put(a), 1);
	assert_int_equal(out.nh.nh, 8);
}

static void test_rnh_ecmp_translated(void **state)
{
	(void)state;
	program_all();
	dp_ipc_shadow_mark();
	assert_int_equal(put(nh_set(1, B)), 0);
	assert_int_equal(put(nh_set(2, A)), 0);
	assert_int_equal(put(rnh_l3(5, 2)), 0); // via A: the old 1
	assert_int_equal(dp_ipc_shadow_rnh_to_dp(5), 1);
	assert_int_equal(put(rnh_l3(6, 1)), 0); // via B: the old 2
	assert_int_equal(dp_ipc_shadow_rnh_to_dp(6), 2);
	assert_int_equal(put(rnh_ecmp(9, 5, 6)), 0); // members 1, 2: the old 3
	assert_int_equal(dp_ipc_shadow_rnh_to_dp(9), 3);
	assert_int_equal(dp_ipc_shadow_rnh_to_cp(3), 9);
	assert_int_equal(put(route(DP_MSG_ROUTE_ADD, 0x0a010000, 16, 9)), 0);
	// The other order is another ECMP next hop: a new id, members translated.
	assert_int_equal(put(rnh_ecmp(10, 6, 5)), 1);
	assert_int_equal(out.rnh.id, 10);
	assert_int_equal(out.rnh.members[0], 2);
	assert_int_equal(out.rnh.members[1], 1);
	assert_int_equal(put(route(DP_MSG_ROUTE_ADD, 0x0a020000, 16, 10)), 1);
	assert_int_equal(out.route.rnh, 10);
	// Re-sent: 2 next hops, 3 route next hops, 2 routes; the addresses are kept.
	assert_int_equal(sweep(), 18 - 8 - 1);
	assert_int_equal(dp_ipc_shadow_count(), 10);
}

static void test_nh_exhausted(void **state)
{
	(void)state;
	for (uint32_t id = 1; id < DP_MAX_NEXTHOPS; id++)
		assert_int_equal(put(nh_set(id, 0x0b000000 + id)), 1);
	dp_ipc_shadow_mark();
	assert_int_equal(put(nh_set(1, A)), -ENOSPC); // every dataplane id is taken
	assert_int_equal(put(nh_set(1, 0x0b000000 + 77)), 0); // the same VTEP as before
	assert_int_equal(dp_ipc_shadow_nh_to_dp(1), 77);
	assert_int_equal(sweep(), DP_MAX_NEXTHOPS - 2);
	assert_int_equal(put(nh_set(2, A)), 1);
	assert_int_equal(out.nh.nh, 2);
}

static void test_rnh_exhausted(void **state)
{
	struct dp_msg bh = {.type = DP_MSG_RNH_SET, .rnh = {.kind = DP_RNH_BLACKHOLE}};

	(void)state;
	for (uint32_t id = 1; id < DP_MAX_RNH; id++) {
		bh.rnh.id = id;
		bh.rnh.bd = (uint16_t)id; // each its own content
		assert_int_equal(put(bh), 1);
	}
	dp_ipc_shadow_mark();
	bh.rnh.id = 1;
	bh.rnh.bd = 0;
	assert_int_equal(put(bh), -ENOSPC);
	assert_int_equal(dp_ipc_shadow_rnh_to_dp(1), 0);
}

static void test_unknown_ids(void **state)
{
	struct dp_msg m;

	(void)state;
	assert_int_equal(put(nh_set(1, A)), 1);
	assert_int_equal(put(rnh_l3(1, 1)), 1);
	assert_int_equal(put(mac_add(10, 1, 9)), -ENOENT);
	assert_int_equal(put(flood(DP_MSG_FLOOD_ADD, 10, 9)), -ENOENT);
	assert_int_equal(put(flood(DP_MSG_FLOOD_DEL, 10, 9)), -ENOENT);
	assert_int_equal(put(route(DP_MSG_ROUTE_ADD, 0x0a010000, 16, 4)), -ENOENT);
	assert_int_equal(put(rnh_l3(2, 9)), -ENOENT);
	assert_int_equal(put(rnh_ecmp(3, 1, 8)), -ENOENT);
	assert_int_equal(dp_ipc_shadow_rnh_to_dp(3), 0); // not taken either
	m = (struct dp_msg){.type = DP_MSG_NH_DEL, .nh = {.nh = 9}};
	assert_int_equal(put(m), -ENOENT);
	m = (struct dp_msg){.type = DP_MSG_RNH_DEL, .rnh = {.id = 4}};
	assert_int_equal(put(m), -ENOENT);
	m = (struct dp_msg){.type = DP_MSG_LABEL_SET,
		.label = {.label = 200, .action = DP_LABEL_SWAP, .out_label = 300, .nh = 9}};
	assert_int_equal(put(m), -ENOENT);
	assert_int_equal(dp_ipc_shadow_count(), 2);
	// In a delete, an id that is not the key goes out as 0 (the writer ignores it).
	m = mac_add(10, 1, 9);
	m.type = DP_MSG_MAC_DEL;
	assert_int_equal(put(m), 1);
	assert_int_equal(out.mac.nh, 0);
	// The old control process's ids mean nothing to a new one.
	dp_ipc_shadow_mark();
	assert_int_equal(put(mac_add(10, 1, 1)), -ENOENT);
	assert_int_equal(put(route(DP_MSG_ROUTE_ADD, 0x0a010000, 16, 1)), -ENOENT);
}

static void test_invalid(void **state)
{
	struct dp_msg m = {.type = 999};

	(void)state;
	assert_int_equal(put(m), -EINVAL);
	assert_int_equal(put(nh_set(0, A)), -EINVAL);
	assert_int_equal(put(nh_set(DP_MAX_NEXTHOPS, A)), -EINVAL);
	m = rnh_ecmp(1, 1, 2);
	m.rnh.n_members = DP_RNH_ECMP_MAX + 1;
	assert_int_equal(put(m), -EINVAL);
	assert_int_equal(put(mac_add(10, 1, 70000)), -EINVAL);
	assert_int_equal(dp_ipc_shadow_count(), 0);
}

static void test_neigh_del_other_mac(void **state)
{
	(void)state;
	assert_int_equal(put(neigh(DP_MSG_NEIGH_ADD, 0x0a0a0005, 1, false)), 1);
	assert_int_equal(put(neigh(DP_MSG_NEIGH_DEL, 0x0a0a0005, 2, false)), 1);
	assert_int_equal(dp_ipc_shadow_count(), 1); // moved to another MAC since: kept
	assert_int_equal(put(neigh(DP_MSG_NEIGH_DEL, 0x0a0a0005, 1, false)), 1);
	assert_int_equal(dp_ipc_shadow_count(), 0);
	// A gateway address: only a gateway message removes or replaces it.
	assert_int_equal(put(neigh(DP_MSG_NEIGH_ADD, 0x0a0a0001, 1, true)), 1);
	assert_int_equal(put(neigh(DP_MSG_NEIGH_DEL, 0x0a0a0001, 1, false)), 1);
	assert_int_equal(put(neigh(DP_MSG_NEIGH_ADD, 0x0a0a0001, 3, false)), 1);
	assert_int_equal(dp_ipc_shadow_count(), 1);
	dp_ipc_shadow_mark();
	assert_int_equal(sweep(), 1);
	assert_int_equal(swept.m[0].neigh.mac[5], 1);
	assert_true(swept.m[0].neigh.gateway);
}

static void test_dedupe(void **state)
{
	struct dp_msg bd = bd_set(10, 1010);

	(void)state;
	assert_int_equal(put(mac_add(10, 1, 0)), 1);
	assert_int_equal(put(mac_add(10, 1, 0)), 1); // learning may have changed it
	assert_int_equal(put(neigh(DP_MSG_NEIGH_ADD, 0x0a0a0005, 1, false)), 1);
	assert_int_equal(put(neigh(DP_MSG_NEIGH_ADD, 0x0a0a0005, 1, false)), 1);
	assert_int_equal(put(bd), 1);
	assert_int_equal(put(bd), 0);
	bd.bd.aging_sec = 300;
	assert_int_equal(put(bd), 1);
	assert_int_equal(out.bd.aging_sec, 300);
	assert_int_equal(put(bd), 0); // the record follows
	// Bytes outside the type's union member and the cookie are no part of it.
	struct dp_msg noisy;
	memset(&noisy, 0xab, sizeof(noisy));
	noisy.type = DP_MSG_BD_SET;
	noisy.cookie = 7;
	noisy.bd = bd.bd;
	assert_int_equal(put(noisy), 0);
	assert_int_equal(dp_ipc_shadow_count(), 3);
	// A DEL of what is not recorded: the writer answers.
	assert_int_equal(put(member(DP_MSG_MEMBER_DEL, 10, 1, 1)), 1);
	assert_int_equal(out.type, DP_MSG_MEMBER_DEL);
}

static void test_refresh_changed(void **state)
{
	struct dp_msg bd = bd_set(10, 1010);

	(void)state;
	assert_int_equal(put(bd), 1);
	assert_int_equal(put(bd_set(20, 1020)), 1);
	dp_ipc_shadow_mark();
	bd.bd.vni = 1011;
	assert_int_equal(put(bd), 1);
	assert_int_equal(dp_ipc_shadow_stale(), 1);
	assert_int_equal(sweep(), 1);
	assert_int_equal(swept.m[0].type, DP_MSG_BD_DEL);
	assert_int_equal(swept.m[0].bd.bd, 20);
	assert_int_equal(dp_ipc_shadow_count(), 1);
}

static void test_emit_refused(void **state)
{
	(void)state;
	program_all();
	dp_ipc_shadow_mark();
	memset(&swept, 0, sizeof(swept));
	swept.ret = -1;
	assert_int_equal(dp_ipc_shadow_sweep(collect, &swept), 0);
	assert_int_equal(swept.refused, 16);
	assert_int_equal(dp_ipc_shadow_count(), 2); // forgotten all the same
	assert_int_equal(dp_ipc_shadow_stale(), 0);
	assert_int_equal(put(nh_set(7, A)), 1); // nothing stale to match: ids of its own
	assert_int_equal(put(nh_set(8, B)), 1);
	assert_int_equal(put(nh_set(1, C)), 1);
	assert_int_equal(out.nh.nh, 1);
}

static void test_nh_del(void **state)
{
	struct dp_msg del = {.type = DP_MSG_NH_DEL, .cookie = 3, .nh = {.nh = 5}};

	(void)state;
	assert_int_equal(put(nh_set(5, A)), 1);
	dp_ipc_shadow_mark();
	assert_int_equal(put(nh_set(6, A)), 0);
	del.nh.nh = 6;
	assert_int_equal(put(del), 1);
	assert_int_equal(out.nh.nh, 5);
	assert_int_equal(out.cookie, 3);
	assert_int_equal(dp_ipc_shadow_nh_to_dp(6), 0);
	assert_int_equal(dp_ipc_shadow_nh_to_cp(5), 0);
	assert_int_equal(dp_ipc_shadow_count(), 0);
	assert_int_equal(put(mac_add(10, 1, 6)), -ENOENT);
	assert_int_equal(put(nh_set(5, B)), 1); // dataplane id 5 is free again
	assert_int_equal(out.nh.nh, 5);
}

static void test_passthrough(void **state)
{
	struct dp_msg m = {.type = DP_MSG_MAC_FLUSH, .cookie = 9, .mac = {.bd = 10, .nh = 77}};

	(void)state;
	assert_int_equal(put(m), 1);
	assert_memory_equal(&out, &m, sizeof(m));
	m = (struct dp_msg){.type = DP_MSG_BARRIER, .cookie = 10};
	assert_int_equal(put(m), 1);
	assert_memory_equal(&out, &m, sizeof(m));
	m = (struct dp_msg){.type = DP_MSG_NEIGH_SOLICIT, .solicit = {.port = 1, .target = ip4(1)}};
	assert_int_equal(put(m), 1);
	assert_memory_equal(&out, &m, sizeof(m));
	assert_int_equal(dp_ipc_shadow_count(), 0);
	assert_false(dp_ipc_shadow_has_state());
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t heap_used(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

static int count_del(const struct dp_msg *del, void *arg)
{
	assert_int_equal(del->type, DP_MSG_ROUTE_DEL);
	(*(unsigned *)arg)++;
	return 0;
}

#define ROUTES 1000000u

static void test_million_routes(void **state)
{
	struct dp_msg r = route(DP_MSG_ROUTE_ADD, 0, 32, 1);
	struct dp_msg bh = {.type = DP_MSG_RNH_SET, .rnh = {.id = 1, .kind = DP_RNH_BLACKHOLE}};
	size_t heap0 = heap_used();
	unsigned dels = 0;
	double t0 = now(), t1, t2, t3;

	(void)state;
	assert_int_equal(put(bh), 1);
	for (uint32_t i = 0; i < ROUTES; i++) {
		r.route.prefix = ip4(0x0a000000 + i);
		assert_int_equal(put(r), 1);
	}
	t1 = now();
	printf("shadow: %u routes in %.3f s, %zu bytes per record (heap), %zu (shadow's own "
	       "count)\n",
		ROUTES, t1 - t0, (heap_used() - heap0) / dp_ipc_shadow_count(),
		dp_ipc_shadow_memory() / dp_ipc_shadow_count());
	dp_ipc_shadow_mark();
	assert_int_equal(put(bh), 0); // first: the routes name it
	for (uint32_t i = 0; i < ROUTES; i++) {
		if (i % 10 == 0)
			continue; // a tenth is gone
		r.route.prefix = ip4(0x0a000000 + i);
		assert_int_equal(put(r), 0);
	}
	t2 = now();
	assert_int_equal(dp_ipc_shadow_sweep(count_del, &dels), ROUTES / 10);
	t3 = now();
	assert_int_equal(dels, ROUTES / 10);
	assert_int_equal(dp_ipc_shadow_count(), ROUTES - ROUTES / 10 + 1);
	printf("shadow: mark + re-send %u in %.3f s, sweep of %u in %.3f s\n", ROUTES - ROUTES / 10,
		t2 - t1, ROUTES / 10, t3 - t2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fresh_identity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_identical_resend, setup, teardown),
		cmocka_unit_test_setup_teardown(test_subset_resend, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nothing_resent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nh_reorder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nh_path_change_after_mark, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rnh_ecmp_translated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nh_exhausted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rnh_exhausted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_neigh_del_other_mac, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dedupe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refresh_changed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_emit_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nh_del, setup, teardown),
		cmocka_unit_test_setup_teardown(test_passthrough, setup, teardown),
		cmocka_unit_test_setup_teardown(test_million_routes, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
