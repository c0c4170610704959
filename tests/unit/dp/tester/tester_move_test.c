// SPDX-License-Identifier: BSD-3-Clause
// Tests of dp/tester/tester_move.c: the outage is the time from the last frame by the
// old path to the first by the new one (by receive and by send time), the sequence
// numbers between them are lost, old-path frames sent after the move are misdelivered;
// with no old frame after the move it counts from the move; both paths at once is no
// outage; two workers' views merge into the same figures.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "dp/tester/tester_move.h"

#define MOVE 1000

static struct tester_move_acct a, b;
static struct tester_move_result r;

// Frame seq sent at tx = 10 * seq, received 5 later.
static void frame(struct tester_move_acct *x, bool new_path, uint64_t seq)
{
	tester_move_frame(x, new_path, seq, 10 * seq, 10 * seq + 5, MOVE);
}

static void test_outage(void **state)
{
	(void)state;
	tester_move_reset(&a);
	for (uint64_t s = 98; s <= 103; s++) // 98, 99 before the move, 100-103 after
		frame(&a, false, s);
	for (uint64_t s = 110; s < 120; s++)
		frame(&a, true, s);
	tester_move_result(&a, MOVE, &r);
	assert_true(r.converged);
	assert_int_equal(r.outage_rx, 1105 - 1035);
	assert_int_equal(r.outage_tx, 1100 - 1030);
	assert_int_equal(r.lost, 6); // 104-109
	assert_int_equal(r.misdelivered, 4);
	assert_int_equal(r.old_pkts, 6);
	assert_int_equal(r.new_pkts, 10);
}

static void test_from_move_and_overlap(void **state)
{
	(void)state;
	tester_move_reset(&a);
	tester_move_result(&a, MOVE, &r);
	assert_false(r.converged);
	frame(&a, true, 150); // nothing by the old path since the move
	tester_move_result(&a, MOVE, &r);
	assert_true(r.converged);
	assert_int_equal(r.outage_rx, 1505 - MOVE);
	assert_int_equal(r.lost, 0); // the stream's own accounting has it
	// an old frame received after the first new one: no outage, one misdelivered
	frame(&a, false, 151);
	tester_move_result(&a, MOVE, &r);
	assert_int_equal(r.outage_rx, 0);
	assert_int_equal(r.outage_tx, 0);
	assert_int_equal(r.misdelivered, 1);
}

// The last frame before the move came by the old path: the outage starts there.
static void test_seed(void **state)
{
	(void)state;
	tester_move_reset(&a);
	tester_move_seed(&a, 95, 950, 955);
	frame(&a, true, 120);
	tester_move_result(&a, MOVE, &r);
	assert_int_equal(r.outage_rx, 1205 - 955);
	assert_int_equal(r.outage_tx, 1200 - 950);
	assert_int_equal(r.lost, 24); // 96-119
	assert_int_equal(r.old_pkts, 0);
	assert_int_equal(r.misdelivered, 0);
}

static void test_merge(void **state)
{
	(void)state;
	tester_move_reset(&a);
	tester_move_reset(&b);
	frame(&a, false, 101);
	frame(&b, false, 102); // worker b saw the last old frame
	frame(&a, true, 106);  // and worker a the first new one
	frame(&b, true, 107);
	tester_move_merge(&a, &b);
	tester_move_result(&a, MOVE, &r);
	assert_int_equal(r.outage_rx, 1065 - 1025);
	assert_int_equal(r.lost, 3);
	assert_int_equal(r.old_pkts, 2);
	assert_int_equal(r.new_pkts, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_outage),
		cmocka_unit_test(test_from_move_and_overlap),
		cmocka_unit_test(test_seed),
		cmocka_unit_test(test_merge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
