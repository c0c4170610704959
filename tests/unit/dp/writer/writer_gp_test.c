// SPDX-License-Identifier: BSD-3-Clause
// The writer never waits for a grace period (dp/writer/writer_gp.h): with a reader
// that holds the old bridge domain (a registered QSBR thread that does not pass a
// quiescent state until told), the writer's step returns, the old object is kept,
// and it is freed only once the reader has passed its quiescent state.
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include <cmocka.h>

#include <rte_cycles.h>
#include <urcu-qsbr.h>

#include "dp/writer/writer.h"
#include "dp/writer/writer_gp.h"
#include "tests/unit/dp/dp_test_env.h"

#define READER_HOLD_SEC 3 // the reader lets go by itself after this: a blocking writer returns

static struct {
	atomic_bool online;   // registered: grace periods from now on wait for it
	atomic_bool go;       // the test lets it pass its quiescent state
	atomic_bool released; // it did
} rd;

static int setup(void **state)
{
	if (dpt_setup(state) != 0)
		return -1;
	dpt_topology();
	return 0;
}

static void *reader_main(void *arg)
{
	uint64_t deadline;
	(void)arg;
	rcu_register_thread();
	atomic_store(&rd.online, true);
	deadline = rte_rdtsc() + READER_HOLD_SEC * rte_get_tsc_hz();
	while (!atomic_load(&rd.go) && rte_rdtsc() < deadline)
		usleep(100);
	atomic_store(&rd.released, true);
	rcu_quiescent_state();
	rcu_unregister_thread();
	return NULL;
}

static bool sealed_holds(const void *obj)
{
	for (unsigned i = 0; i < dp_writer.sealed.n; i++)
		if (dp_writer.sealed.obj[i] == obj)
			return true;
	return false;
}

// Polls the writer for up to `sec` seconds until a grace period more than `gp` ended.
static bool gp_passed(uint64_t gp, unsigned sec)
{
	uint64_t deadline = rte_rdtsc() + sec * rte_get_tsc_hz();
	while (dp_writer.stats.grace_periods == gp && rte_rdtsc() < deadline) {
		dp_writer_poll();
		usleep(100);
	}
	return dp_writer.stats.grace_periods > gp;
}

static void test_old_table_freed_after_readers(void **state)
{
	pthread_t reader;
	const struct dp_bd *old;
	uint64_t gp;
	(void)state;
	dpt_reclaim(); // nothing of the set-up in flight
	gp = dp_writer.stats.grace_periods;
	assert_int_equal(pthread_create(&reader, NULL, reader_main, NULL), 0);
	while (!atomic_load(&rd.online))
		usleep(100);
	old = dp_tables.bd[DPT_BD];
	assert_non_null(old);
	// A new bridge domain replaces the old one; the writer's step returns at once.
	assert_int_equal(dpt_bd_set(DPT_BD, DPT_VNI, 60, true), 0);
	assert_false(atomic_load(&rd.released));
	assert_ptr_not_equal(dp_tables.bd[DPT_BD], old);
	assert_true(writer_gp_in_flight());
	assert_true(sealed_holds(old));
	// However long the writer polls, the reader may still use the old one: kept.
	assert_false(gp_passed(gp, 1));
	assert_false(atomic_load(&rd.released));
	assert_true(sealed_holds(old));
	// The reader passes its quiescent state: the old one goes in a later step.
	atomic_store(&rd.go, true);
	assert_true(gp_passed(gp, 10));
	assert_true(atomic_load(&rd.released));
	assert_int_equal(dp_writer.sealed.n, 0);
	assert_int_equal(pthread_join(reader, NULL), 0);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_old_table_freed_after_readers, setup,
			dpt_teardown),
	};
	int ret;
	(void)argc;
	dpt_eal_init(argv[0]);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	dpt_eal_fini();
	return ret;
}
