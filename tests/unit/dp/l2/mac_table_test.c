// SPDX-License-Identifier: BSD-3-Clause
// Tests of dp/l2/mac_table.{c,h}: entry packing, 100k inserts with bulk lookups, and
// deletion whose slots come back only after mac_table_reclaim (the grace period).
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <rte_hash.h>

#include "dp/l2/mac_table.h"
#include "tests/unit/dp/dp_test_env.h"

#define N_MACS 100000

static struct mac_table *t;

static int setup(void **state)
{
	(void)state;
	t = mac_table_create("mt_test", N_MACS, SOCKET_ID_ANY);
	return t == NULL ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	mac_table_free(t);
	t = NULL;
	return 0;
}

static union mac_key key_of(uint32_t i)
{
	struct rte_ether_addr mac = {{0x02, 0x10, (uint8_t)(i >> 24), (uint8_t)(i >> 16),
		(uint8_t)(i >> 8), (uint8_t)i}};
	return mac_key_make((uint16_t)(1 + i % 4094), &mac);
}

static mac_entry_t entry_of(uint32_t i)
{
	if (i % 2)
		return mac_entry_remote(DP_MAC_REMOTE, 0, i & 0xffffff, (i * 7) & 0xffff);
	return mac_entry_local(
		DP_MAC_LOCAL, 0, (uint16_t)i, (uint16_t)(i % 64), (uint16_t)(i % 4095));
}

static void test_entry_packing(void **state)
{
	mac_entry_t e;
	(void)state;
	e = mac_entry_local(DP_MAC_LOCAL_STATIC, MAC_FLAG_PINNED, 0xfffe, 63, 4094);
	assert_int_equal(mac_entry_kind(e), DP_MAC_LOCAL_STATIC);
	assert_int_equal(mac_entry_flags(e), MAC_FLAG_PINNED);
	assert_true(mac_entry_is_local(e));
	assert_int_equal(mac_entry_seen(e), 0xfffe);
	assert_int_equal(mac_entry_port(e), 63);
	assert_int_equal(mac_entry_vlan(e), 4094);
	e = mac_entry_local(DP_MAC_LOCAL, 0, 0, 0, 0);
	assert_true(mac_entry_is_local(e));
	assert_int_equal(mac_entry_port(e), 0);
	e = mac_entry_remote(DP_MAC_REMOTE, 0, 0xffffff, DP_MAX_NEXTHOPS - 1);
	assert_int_equal(mac_entry_kind(e), DP_MAC_REMOTE);
	assert_false(mac_entry_is_local(e));
	assert_int_equal(mac_entry_vni(e), 0xffffff);
	assert_int_equal(mac_entry_nh(e), DP_MAX_NEXTHOPS - 1);
	assert_int_equal(mac_entry_flags(e), 0);
	// Out-of-range VNI bits do not spill into the next hop.
	e = mac_entry_remote(DP_MAC_REMOTE, 0, 0x1000001, 5);
	assert_int_equal(mac_entry_vni(e), 1);
	assert_int_equal(mac_entry_nh(e), 5);
	assert_false(mac_entry_is_local(mac_entry_remote(DP_MAC_REMOTE, 0, 1, 1)));
}

static void test_key(void **state)
{
	struct rte_ether_addr mac = {{1, 2, 3, 4, 5, 6}};
	union mac_key a = mac_key_make(10, &mac), b = mac_key_make(11, &mac);
	(void)state;
	assert_int_equal(sizeof(union mac_key), 8);
	assert_int_equal(a.bd, 10);
	assert_memory_equal(a.mac, &mac, 6);
	assert_true(a.u64 != b.u64);
	assert_true(a.u64 == mac_key_make(10, &mac).u64);
}

static void insert_all(void)
{
	for (uint32_t i = 0; i < N_MACS; i++) {
		union mac_key k = key_of(i);
		assert_int_equal(mac_table_set(t, &k, entry_of(i)), 0);
	}
	assert_int_equal(mac_table_count(t), N_MACS);
}

// Looks up [from, to) in bulks of 64 (the lookup maximum); `hit(i)` says which exist.
static void bulk_check(uint32_t from, uint32_t to, bool (*hit)(uint32_t))
{
	for (uint32_t i = from; i < to; i += RTE_HASH_LOOKUP_BULK_MAX) {
		unsigned n = RTE_MIN((uint32_t)RTE_HASH_LOOKUP_BULK_MAX, to - i);
		union mac_key keys[RTE_HASH_LOOKUP_BULK_MAX];
		const union mac_key *kp[RTE_HASH_LOOKUP_BULK_MAX];
		mac_entry_t e[RTE_HASH_LOOKUP_BULK_MAX];
		uint64_t hits;
		for (unsigned j = 0; j < n; j++) {
			keys[j] = key_of(i + j);
			kp[j] = &keys[j];
		}
		hits = mac_table_lookup_bulk(t, kp, n, e);
		for (unsigned j = 0; j < n; j++) {
			bool want = hit(i + j);
			assert_int_equal((hits >> j) & 1, want);
			if (want)
				assert_true(e[j] == entry_of(i + j));
		}
	}
}

static bool all(uint32_t i)
{
	(void)i;
	return true;
}

static bool none(uint32_t i)
{
	(void)i;
	return false;
}

static bool odd_only(uint32_t i)
{
	return i % 2 == 1;
}

static void test_100k_bulk_lookup(void **state)
{
	mac_entry_t e;
	union mac_key k;
	(void)state;
	insert_all();
	bulk_check(0, N_MACS, all);
	bulk_check(N_MACS, N_MACS + 1000, none);
	k = key_of(4242);
	assert_int_equal(mac_table_lookup(t, &k, &e), 0);
	assert_true(e == entry_of(4242));
	// The same MAC in another bridge domain is another key.
	k.bd = (uint16_t)(k.bd + 1);
	assert_int_equal(mac_table_lookup(t, &k, &e), -ENOENT);
}

static void test_update_in_place(void **state)
{
	union mac_key k = key_of(7);
	mac_entry_t e, n = mac_entry_remote(DP_MAC_REMOTE, 0, 99, 3);
	(void)state;
	insert_all();
	assert_int_equal(mac_table_set(t, &k, n), 0);
	assert_int_equal(mac_table_count(t), N_MACS);
	assert_int_equal(mac_table_lookup(t, &k, &e), 0);
	assert_true(e == n);
}

static void test_iterate(void **state)
{
	uint32_t next = 0, n = 0;
	union mac_key k;
	mac_entry_t e;
	uint8_t *seen = calloc(N_MACS, 1);
	(void)state;
	assert_non_null(seen);
	insert_all();
	while (mac_table_iterate(t, &next, &k, &e) == 0) {
		uint32_t i = (uint32_t)k.mac[2] << 24 | (uint32_t)k.mac[3] << 16 |
			     (uint32_t)k.mac[4] << 8 | k.mac[5];
		assert_true(i < N_MACS);
		assert_int_equal(seen[i], 0);
		assert_true(e == entry_of(i));
		seen[i] = 1;
		n++;
	}
	assert_int_equal(n, N_MACS);
	free(seen);
}

// Deleted keys vanish at once; their slots return only after reclaim.
static void test_delete_and_reclaim(void **state)
{
	union mac_key k;
	(void)state;
	insert_all();
	for (uint32_t i = 0; i < N_MACS; i += 2) {
		k = key_of(i);
		assert_int_equal(mac_table_del(t, &k), 0);
	}
	k = key_of(0);
	assert_int_equal(mac_table_del(t, &k), -ENOENT);
	assert_true(mac_table_reclaim_pending(t));
	bulk_check(0, N_MACS, odd_only);
	// The table is sized for N_MACS: before reclaim, the deleted slots are still held.
	k = key_of(N_MACS + 1);
	assert_int_equal(mac_table_set(t, &k, entry_of(1)), -ENOSPC);
	mac_table_reclaim(t); // nothing sealed yet: nothing freed
	assert_int_equal(mac_table_set(t, &k, entry_of(1)), -ENOSPC);
	mac_table_reclaim_seal(t);
	assert_false(mac_table_reclaim_pending(t));
	mac_table_reclaim(t);
	assert_int_equal(mac_table_count(t), N_MACS / 2);
	for (uint32_t i = 0; i < N_MACS; i += 2) {
		k = key_of(i);
		assert_int_equal(mac_table_set(t, &k, entry_of(i)), 0);
	}
	assert_int_equal(mac_table_count(t), N_MACS);
	bulk_check(0, N_MACS, all);
}

// A delete after the seal waits for the next seal: its grace period began before it.
static void test_delete_after_seal(void **state)
{
	union mac_key k;
	(void)state;
	insert_all();
	k = key_of(0);
	assert_int_equal(mac_table_del(t, &k), 0);
	mac_table_reclaim_seal(t);
	k = key_of(1);
	assert_int_equal(mac_table_del(t, &k), 0);
	assert_true(mac_table_reclaim_pending(t));
	mac_table_reclaim(t); // frees key 0's slot only
	k = key_of(N_MACS + 1);
	assert_int_equal(mac_table_set(t, &k, entry_of(1)), 0);
	k = key_of(N_MACS + 2);
	assert_int_equal(mac_table_set(t, &k, entry_of(2)), -ENOSPC);
	mac_table_reclaim_seal(t);
	mac_table_reclaim(t);
	assert_false(mac_table_reclaim_pending(t));
	assert_int_equal(mac_table_set(t, &k, entry_of(2)), 0);
}

static void test_reclaim_empty(void **state)
{
	union mac_key k = key_of(1);
	(void)state;
	assert_false(mac_table_reclaim_pending(t));
	mac_table_reclaim(t);
	assert_int_equal(mac_table_del(t, &k), -ENOENT);
	assert_int_equal(mac_table_count(t), 0);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entry_packing),
		cmocka_unit_test(test_key),
		cmocka_unit_test_setup_teardown(test_100k_bulk_lookup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_update_in_place, setup, teardown),
		cmocka_unit_test_setup_teardown(test_iterate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_and_reclaim, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_after_seal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reclaim_empty, setup, teardown),
	};
	int ret;
	(void)argc;
	dpt_eal_init(argv[0]);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	dpt_eal_fini();
	return ret;
}
