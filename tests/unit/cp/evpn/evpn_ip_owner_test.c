// SPDX-License-Identifier: BSD-3-Clause
// Tests of cp/evpn/evpn_ip_owner.c: which local MAC holds an IP, its moves, and
// duplicate address detection for IPs (max moves within a window; frozen with the
// MAC that held it when freeze is on; released when that MAC lets the IP go).
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cp/evpn/evpn_ip_owner.h"

static const uint8_t mac1[6] = {2, 0, 0, 0, 0, 1}, mac2[6] = {2, 0, 0, 0, 0, 2};
static struct cp_ip ip;

static int setup_with(bool freeze)
{
	struct evpn_ip_owner_cfg c = {
		.dad_enable = true, .dad_max_moves = 3, .dad_time_sec = 10, .dad_freeze = freeze};
	cp_ip_parse("10.1.0.9", &ip);
	return evpn_ip_owner_init(&c);
}

static int setup(void **state)
{
	(void)state;
	return setup_with(true);
}

static int setup_no_freeze(void **state)
{
	(void)state;
	return setup_with(false);
}

static int teardown(void **state)
{
	(void)state;
	evpn_ip_owner_fini();
	return 0;
}

static void t_claim_move_release(void **state)
{
	uint8_t holder[6] = {0};
	struct cp_ip v6;
	(void)state;
	assert_int_equal(evpn_ip_owner_claim(100, mac1, &ip, 0, holder), EVPN_IP_NEW);
	assert_int_equal(evpn_ip_owner_claim(100, mac1, &ip, 1, holder), EVPN_IP_SAME);
	assert_int_equal(evpn_ip_owner_claim(200, mac2, &ip, 1, holder), EVPN_IP_NEW); // other VNI
	cp_ip_parse("fd00::9", &v6);
	assert_int_equal(evpn_ip_owner_claim(100, mac2, &v6, 1, holder), EVPN_IP_NEW);
	assert_int_equal(evpn_ip_owner_claim(100, mac2, &ip, 2, holder), EVPN_IP_MOVED);
	assert_memory_equal(holder, mac1, 6);
	evpn_ip_owner_release(100, mac1, &ip); // not mac1's any more: stays mac2's
	assert_int_equal(evpn_ip_owner_claim(100, mac2, &ip, 3, holder), EVPN_IP_SAME);
	evpn_ip_owner_release(100, mac2, &ip);
	assert_int_equal(evpn_ip_owner_count(), 2);
	assert_int_equal(evpn_ip_owner_claim(100, mac1, &ip, 4, holder), EVPN_IP_NEW);
}

// Three moves within 10 s: a duplicate, frozen with the MAC that held it.
static void t_duplicate_frozen(void **state)
{
	uint8_t holder[6];
	(void)state;
	assert_int_equal(evpn_ip_owner_claim(100, mac1, &ip, 0, holder), EVPN_IP_NEW);
	assert_int_equal(evpn_ip_owner_claim(100, mac2, &ip, 1000, holder), EVPN_IP_MOVED);
	assert_int_equal(evpn_ip_owner_claim(100, mac1, &ip, 2000, holder), EVPN_IP_MOVED);
	assert_false(evpn_ip_owner_is_dup(100, &ip));
	assert_int_equal(evpn_ip_owner_claim(100, mac2, &ip, 3000, holder), EVPN_IP_FROZEN);
	assert_memory_equal(holder, mac1, 6);
	assert_true(evpn_ip_owner_is_dup(100, &ip));
	assert_int_equal(evpn_ip_owner_claim(100, mac2, &ip, 60000, holder), EVPN_IP_FROZEN);
	assert_int_equal(evpn_ip_owner_claim(100, mac1, &ip, 60000, holder), EVPN_IP_SAME);
	// The holder lets it go (aged out): the next claim starts afresh.
	evpn_ip_owner_release(100, mac1, &ip);
	assert_false(evpn_ip_owner_is_dup(100, &ip));
	assert_int_equal(evpn_ip_owner_claim(100, mac2, &ip, 61000, holder), EVPN_IP_NEW);
}

// Moves further apart than the window never add up to a duplicate.
static void t_window(void **state)
{
	uint8_t holder[6];
	(void)state;
	evpn_ip_owner_claim(100, mac1, &ip, 0, holder);
	for (uint64_t t = 1; t <= 10; t++)
		assert_int_equal(
			evpn_ip_owner_claim(100, t % 2 ? mac2 : mac1, &ip, t * 6000, holder),
			EVPN_IP_MOVED);
	assert_false(evpn_ip_owner_is_dup(100, &ip));
}

// Without freeze a duplicate is detected (and logged) but keeps moving.
static void t_duplicate_not_frozen(void **state)
{
	uint8_t holder[6];
	(void)state;
	evpn_ip_owner_claim(100, mac1, &ip, 0, holder);
	for (uint64_t t = 1; t <= 5; t++)
		assert_int_equal(evpn_ip_owner_claim(100, t % 2 ? mac2 : mac1, &ip, t, holder),
			EVPN_IP_MOVED);
	assert_true(evpn_ip_owner_is_dup(100, &ip));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(t_claim_move_release, setup, teardown),
		cmocka_unit_test_setup_teardown(t_duplicate_frozen, setup, teardown),
		cmocka_unit_test_setup_teardown(t_window, setup, teardown),
		cmocka_unit_test_setup_teardown(t_duplicate_not_frozen, setup_no_freeze, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
