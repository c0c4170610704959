// SPDX-License-Identifier: BSD-3-Clause
// Tests of dp/tester/tester_acct.c: sequence tracking tells loss, duplicates and
// reordering apart (inside and beyond the window), a late packet takes back the loss
// its gap counted, and latency percentiles come out of the histogram within its
// resolution; merging two workers' views adds them.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "dp/tester/tester_acct.h"

static struct tester_acct a, b;

static void feed(struct tester_acct *x, const uint64_t *seq, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		tester_acct_seq(x, seq[i]);
}

static void test_in_order(void **state)
{
	(void)state;
	tester_acct_reset(&a);
	for (uint64_t s = 0; s < 5000; s++)
		tester_acct_seq(&a, s);
	assert_int_equal(a.lost, 0);
	assert_int_equal(a.dup, 0);
	assert_int_equal(a.reorder, 0);
	assert_int_equal(a.next_seq, 5000);
}

static void test_gap_is_loss(void **state)
{
	static const uint64_t seq[] = {0, 1, 2, 5, 6, 10};

	(void)state;
	tester_acct_reset(&a);
	feed(&a, seq, 6);
	assert_int_equal(a.lost, 5); // 3 4 7 8 9
	assert_int_equal(a.reorder, 0);
	// A first packet that is not 0: the ones before it were lost.
	tester_acct_reset(&a);
	tester_acct_seq(&a, 3);
	assert_int_equal(a.lost, 3);
}

static void test_reorder_takes_back_loss(void **state)
{
	static const uint64_t seq[] = {0, 2, 1, 3, 5, 4, 6};

	(void)state;
	tester_acct_reset(&a);
	feed(&a, seq, 7);
	assert_int_equal(a.lost, 0);
	assert_int_equal(a.reorder, 2);
	assert_int_equal(a.dup, 0);
}

static void test_duplicates(void **state)
{
	static const uint64_t seq[] = {0, 1, 1, 2, 0, 4, 3, 3};

	(void)state;
	tester_acct_reset(&a);
	feed(&a, seq, 8);
	assert_int_equal(a.dup, 3); // 1, 0, the second 3
	assert_int_equal(a.reorder, 1); // the first 3
	assert_int_equal(a.lost, 0);
}

// A gap wider than the window forgets what was seen; numbers that fell out of it are
// reordered (too late to tell a duplicate).
static void test_window(void **state)
{
	(void)state;
	tester_acct_reset(&a);
	tester_acct_seq(&a, 0);
	tester_acct_seq(&a, 10 + TESTER_SEQ_WINDOW * 3);
	assert_int_equal(a.lost, 9 + TESTER_SEQ_WINDOW * 3);
	tester_acct_seq(&a, 5); // far behind the window
	assert_int_equal(a.reorder, 1);
	assert_int_equal(a.lost, 8 + TESTER_SEQ_WINDOW * 3);
	tester_acct_seq(&a, 10 + TESTER_SEQ_WINDOW * 3); // inside it: a duplicate
	assert_int_equal(a.dup, 1);
	// The window slid over numbers seen before the gap: 9 + 2 WINDOW was never seen.
	tester_acct_seq(&a, 9 + TESTER_SEQ_WINDOW * 3);
	assert_int_equal(a.reorder, 2);
	assert_int_equal(a.dup, 1);
	// A bit of the old lap must not read as seen: s and s + WINDOW share it.
	tester_acct_reset(&a);
	for (uint64_t s = 0; s < 100; s++)
		tester_acct_seq(&a, s);
	tester_acct_seq(&a, 50 + TESTER_SEQ_WINDOW + 1);
	tester_acct_seq(&a, 50 + TESTER_SEQ_WINDOW);
	assert_int_equal(a.dup, 0);
	assert_int_equal(a.reorder, 1);
}

static void test_hist_buckets(void **state)
{
	(void)state;
	for (uint64_t v = 0; v < 100000; v += 7) {
		unsigned bk = tester_hist_bucket(v);
		assert_true(tester_hist_low(bk) <= v);
		assert_true(tester_hist_low(bk + 1) > v);
	}
	assert_int_equal(tester_hist_bucket(UINT64_MAX), TESTER_HIST_BUCKETS - 1);
	for (unsigned bk = 1; bk < TESTER_HIST_BUCKETS; bk++)
		assert_int_equal(tester_hist_bucket(tester_hist_low(bk)), bk);
}

static void test_latency(void **state)
{
	(void)state;
	tester_acct_reset(&a);
	assert_int_equal(tester_acct_percentile(&a, 50), 0);
	// 1000..100999 in steps of 100: p50 about 50900, p99 about 99900
	for (uint64_t v = 1000; v < 101000; v += 100)
		tester_acct_latency(&a, v);
	assert_int_equal(a.lat_min, 1000);
	assert_int_equal(a.lat_max, 100900);
	assert_int_equal(a.lat_n, 1000);
	assert_int_equal(a.lat_sum / a.lat_n, 50950);
	uint64_t p50 = tester_acct_percentile(&a, 50), p99 = tester_acct_percentile(&a, 99);
	assert_true(p50 > 50900 * 15 / 16 && p50 < 50900 * 17 / 16);
	assert_true(p99 > 99900 * 15 / 16 && p99 <= 100900);
	assert_int_equal(tester_acct_percentile(&a, 100), 100900);
	assert_int_equal(tester_acct_percentile(&a, 0), 1000);
	// One value: every percentile is that value.
	tester_acct_reset(&a);
	tester_acct_latency(&a, 777);
	assert_int_equal(tester_acct_percentile(&a, 1), 777);
	assert_int_equal(tester_acct_percentile(&a, 99), 777);
}

static void test_merge(void **state)
{
	(void)state;
	tester_acct_reset(&a);
	tester_acct_reset(&b);
	a.pkts = 3;
	b.pkts = 4;
	tester_acct_seq(&a, 1);
	tester_acct_seq(&b, 0);
	tester_acct_seq(&b, 0);
	tester_acct_latency(&a, 10);
	tester_acct_latency(&b, 1000);
	tester_acct_merge(&a, &b);
	assert_int_equal(a.pkts, 7);
	assert_int_equal(a.lost, 1);
	assert_int_equal(a.dup, 1);
	assert_int_equal(a.lat_min, 10);
	assert_int_equal(a.lat_max, 1000);
	assert_int_equal(a.lat_n, 2);
	assert_int_equal(tester_acct_percentile(&a, 50), 10);
	assert_int_equal(tester_acct_percentile(&a, 100), 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_order),
		cmocka_unit_test(test_gap_is_loss),
		cmocka_unit_test(test_reorder_takes_back_loss),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_hist_buckets),
		cmocka_unit_test(test_latency),
		cmocka_unit_test(test_merge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
