// SPDX-License-Identifier: BSD-3-Clause
// Tests of cp/mgmt/rfc2544.c: against a simulated device that loses frames above a
// capacity, the search ends within its resolution below the capacity, in about
// log2(100 / resolution) trials; a ceiling that passes is the throughput at once;
// nothing passing is 0; the tolerance lets a trial lose that share of its frames.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cp/mgmt/rfc2544.h"

// The search against a device that forwards capacity pps; the trials it took.
static unsigned search(struct rfc2544 *r, uint64_t capacity)
{
	unsigned n = 0;

	do {
		uint64_t tx = r->rate, rx = r->rate > capacity ? capacity : r->rate;
		n++;
		assert_true(n < 64);
		rfc2544_next(r, rfc2544_pass(r, tx, rx));
	} while (r->rate != 0);
	return n;
}

static void test_search(void **state)
{
	struct rfc2544 r;
	unsigned n;

	(void)state;
	rfc2544_init(&r, 100000, 0, 1);
	n = search(&r, 37123);
	assert_true(r.lo <= 37123);
	assert_true(37123 - r.lo <= 1000); // 1% of the ceiling
	assert_in_range(n, 6, 9);
	rfc2544_init(&r, 100000, 0, 0.01);
	search(&r, 37123);
	assert_in_range(r.lo, 37123 - 10, 37123);
}

static void test_ends(void **state)
{
	struct rfc2544 r;

	(void)state;
	rfc2544_init(&r, 5000, 0, 1);
	assert_int_equal(search(&r, 10000), 1); // the ceiling passes: done
	assert_int_equal(r.lo, 5000);
	rfc2544_init(&r, 5000, 0, 1);
	search(&r, 0);
	assert_int_equal(r.lo, 0);
	rfc2544_init(&r, 1, 0, 1); // the smallest: one trial either way
	assert_int_equal(search(&r, 0), 1);
}

static void test_tolerance(void **state)
{
	struct rfc2544 r;

	(void)state;
	rfc2544_init(&r, 1000, 0, 1);
	assert_true(rfc2544_pass(&r, 1000, 1000));
	assert_false(rfc2544_pass(&r, 1000, 999));
	assert_false(rfc2544_pass(&r, 0, 0)); // nothing sent proves nothing
	rfc2544_init(&r, 1000, 0.1, 1);
	assert_true(rfc2544_pass(&r, 1000, 999));
	assert_false(rfc2544_pass(&r, 1000, 998));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_ends),
		cmocka_unit_test(test_tolerance),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
