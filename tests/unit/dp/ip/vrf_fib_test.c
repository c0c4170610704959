// SPDX-License-Identifier: BSD-3-Clause
// Tests of dp/ip/vrf_fib.c: longest-prefix match over overlapping prefixes, IPv4 and
// IPv6, exact-prefix reads, replace and delete, and the malformed prefixes refused.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <rte_ip.h>

#include "dp/ip/vrf_fib.h"
#include "tests/unit/dp/dp_test_env.h"

static struct dp_ip v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	struct dp_ip ip = {.family = AF_INET};
	ip.v4.s_addr = RTE_BE32(RTE_IPV4(a, b, c, d));
	return ip;
}

static uint32_t look4(const struct vrf_fib *f, uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	uint32_t ip = RTE_BE32(RTE_IPV4(a, b, c, d)), nh = 99;
	vrf_fib_lookup4(f, &ip, &nh, 1);
	return nh;
}

static void test_lpm4(void **state)
{
	struct vrf_fib *f = vrf_fib_create(3);
	struct dp_ip p;
	uint32_t nh, ips[3], got[3];
	(void)state;

	assert_non_null(f);
	assert_int_equal(look4(f, 10, 1, 2, 3), 0); // empty: no route
	p = v4(10, 0, 0, 0);
	assert_int_equal(vrf_fib_add(f, &p, 8, 1), 0);
	p = v4(10, 1, 0, 0);
	assert_int_equal(vrf_fib_add(f, &p, 16, 2), 0);
	p = v4(10, 1, 2, 128);
	assert_int_equal(vrf_fib_add(f, &p, 25, 3), 0); // past /24: a tbl8 group
	p = v4(0, 0, 0, 0);
	assert_int_equal(vrf_fib_add(f, &p, 0, 4), 0);
	assert_int_equal(look4(f, 10, 1, 2, 200), 3);
	assert_int_equal(look4(f, 10, 1, 2, 3), 2);
	assert_int_equal(look4(f, 10, 9, 9, 9), 1);
	assert_int_equal(look4(f, 192, 0, 2, 1), 4);
	ips[0] = RTE_BE32(RTE_IPV4(10, 1, 2, 129));
	ips[1] = RTE_BE32(RTE_IPV4(10, 2, 0, 1));
	ips[2] = RTE_BE32(RTE_IPV4(11, 0, 0, 1));
	vrf_fib_lookup4(f, ips, got, 3);
	assert_int_equal(got[0], 3);
	assert_int_equal(got[1], 1);
	assert_int_equal(got[2], 4);
	assert_int_equal(f->n_routes4, 4);
	p = v4(10, 1, 0, 0);
	assert_int_equal(vrf_fib_get(f, &p, 16, &nh), 0);
	assert_int_equal(nh, 2);
	assert_int_equal(vrf_fib_get(f, &p, 17, &nh), -ENOENT);
	assert_int_equal(vrf_fib_add(f, &p, 16, 7), 0); // replaced, still 4 routes
	assert_int_equal(f->n_routes4, 4);
	assert_int_equal(look4(f, 10, 1, 2, 3), 7);
	assert_int_equal(vrf_fib_del(f, &p, 16), 0);
	assert_int_equal(vrf_fib_del(f, &p, 16), -ENOENT);
	assert_int_equal(look4(f, 10, 1, 2, 3), 1);
	p = v4(10, 1, 2, 128);
	assert_int_equal(vrf_fib_del(f, &p, 25), 0);
	assert_int_equal(look4(f, 10, 1, 2, 200), 1);
	assert_int_equal(f->n_routes4, 2);
	// Refused: host bits, a length past the family's, no family, next hop 0 or too big.
	p = v4(10, 1, 2, 3);
	assert_int_equal(vrf_fib_add(f, &p, 24, 1), -EINVAL);
	assert_int_equal(vrf_fib_add(f, &p, 33, 1), -EINVAL);
	assert_int_equal(vrf_fib_add(f, &p, 32, 0), -EINVAL);
	assert_int_equal(vrf_fib_add(f, &p, 32, DP_MAX_RNH), -EINVAL);
	p.family = 0;
	assert_int_equal(vrf_fib_add(f, &p, 8, 1), -EINVAL);
	vrf_fib_free(f);
}

static void test_lpm6(void **state)
{
	struct vrf_fib *f = vrf_fib_create(4);
	struct dp_ip p = {.family = AF_INET6};
	uint8_t a[2][16] = {
		{0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 5}, {0x20, 0x01, 0x0d, 0xb8, 0, 2, [15] = 5}};
	uint32_t got[2];
	(void)state;

	assert_non_null(f);
	memcpy(p.bytes, (uint8_t[16]){0x20, 0x01, 0x0d, 0xb8}, 16);
	assert_int_equal(vrf_fib_add(f, &p, 32, 1), 0);
	memcpy(p.bytes, (uint8_t[16]){0x20, 0x01, 0x0d, 0xb8, 0, 1}, 16);
	assert_int_equal(vrf_fib_add(f, &p, 64, 2), 0);
	vrf_fib_lookup6(f, (const uint8_t(*)[16])a, got, 2);
	assert_int_equal(got[0], 2);
	assert_int_equal(got[1], 1);
	assert_int_equal(f->n_routes6, 2);
	p.bytes[15] = 1; // host bits
	assert_int_equal(vrf_fib_add(f, &p, 64, 2), -EINVAL);
	assert_int_equal(vrf_fib_add(f, &p, 129, 2), -EINVAL);
	p.bytes[15] = 0;
	assert_int_equal(vrf_fib_del(f, &p, 64), 0);
	vrf_fib_lookup6(f, (const uint8_t(*)[16])a, got, 2);
	assert_int_equal(got[0], 1);
	vrf_fib_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lpm4, dpt_setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_lpm6, dpt_setup, dpt_teardown),
	};
	dpt_eal_init("vrf_fib_test");
	int ret = cmocka_run_group_tests(tests, NULL, NULL);
	dpt_eal_fini();
	return ret;
}
