// SPDX-License-Identifier: BSD-3-Clause
// Tests of `clear mac` (cp/mgmt/show_dataplane.c) with the real table writer: the
// flush goes behind what the control plane queued before it (cp_send's order), also
// when the ring to the writer is full or has room while a backlog still waits.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cp/cp_msgq.h"
#include "cp/mgmt/mgmt_cmd.h"
#include "cp/mgmt/mgmt_out.h"
#include "cp/mgmt/show_dataplane.h"
#include "dp/writer/writer.h"
#include "tests/unit/dp/dp_test_env.h"

#define COOKIE 77

static int setup(void **state)
{
	struct dp_event ev = {.type = DP_EVENT_LEARN, .bd = DPT_BD, .port = DPT_A1};
	struct rte_ether_addr host = dpt_mac(1);
	struct dp_notify n[8];

	if (dpt_setup(state) != 0 || show_dataplane_register() != 0)
		return -1;
	dpt_topology();
	// A host learned on an access port.
	memcpy(ev.mac, &host, 6);
	if (dp_event_post(dpt.w, &ev) != 0)
		return -1;
	dp_writer_poll();
	while (dpt_notify_take(n, 8) > 0)
		;
	return 0;
}

static int teardown(void **state)
{
	mgmt_registry_clear();
	cp_send_fini();
	return dpt_teardown(state);
}

// The ring to the writer full of remote MAC updates and more behind it in cp_send's
// backlog, the last of them a barrier.
static void fill_backlog(void)
{
	struct dp_msg add = {.type = DP_MSG_MAC_ADD,
		.mac = {.bd = DPT_BD, .kind = DP_MAC_REMOTE, .nh = 1}};
	struct dp_msg barrier = {.type = DP_MSG_BARRIER, .cookie = COOKIE};
	struct rte_ether_addr remote = dpt_mac(2);

	memcpy(add.mac.mac, &remote, 6);
	while (cp_send_backlog() < 10)
		assert_int_equal(cp_send(&add), 0);
	assert_int_equal(cp_send(&barrier), 0);
}

static int clear_mac(void)
{
	struct mgmt_out out;
	int ret;

	mgmt_out_init(&out);
	ret = mgmt_dispatch("clear mac", &out);
	mgmt_out_free(&out);
	return ret;
}

// Runs the writer until all is applied; the barrier must come before the host's
// MAC_FLUSHED: the flush was applied after everything queued before it.
static void check_flushed_after_barrier(void)
{
	bool barrier = false, flushed = false;
	struct dp_notify n[64];
	unsigned got;
	mac_entry_t e;
	struct rte_ether_addr host = dpt_mac(1);

	while (cp_send_backlog() > 0 || dp_msg_pending() > 0) {
		cp_send_flush();
		dp_writer_poll();
		while ((got = dpt_notify_take(n, 64)) > 0)
			for (unsigned i = 0; i < got; i++) {
				if (n[i].type == DP_NOTIFY_BARRIER && n[i].cookie == COOKIE)
					barrier = true;
				if (n[i].type == DP_NOTIFY_MAC_FLUSHED) {
					assert_true(barrier);
					assert_memory_equal(n[i].mac, &host, 6);
					flushed = true;
				}
			}
	}
	assert_true(barrier);
	assert_true(flushed);
	assert_false(dpt_mac_lookup(DPT_BD, &host, &e));
}

// The writer has taken a batch: the ring has room, the backlog still waits.
static void test_clear_mac_behind_backlog(void **state)
{
	unsigned full;
	(void)state;
	fill_backlog();
	full = dp_msg_pending();
	dp_writer_poll();
	assert_true(dp_msg_pending() < full);
	assert_true(cp_send_backlog() > 0);
	assert_int_equal(clear_mac(), 0);
	check_flushed_after_barrier();
}

// A full ring delays `clear mac`, it does not refuse it.
static void test_clear_mac_ring_full(void **state)
{
	(void)state;
	fill_backlog();
	assert_int_equal(clear_mac(), 0);
	check_flushed_after_barrier();
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_clear_mac_behind_backlog, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clear_mac_ring_full, setup, teardown),
	};
	int ret;
	(void)argc;
	dpt_eal_init(argv[0]);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	dpt_eal_fini();
	return ret;
}
