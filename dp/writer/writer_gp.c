// SPDX-License-Identifier: BSD-3-Clause
#include <stdatomic.h>
#include <urcu-qsbr.h>

#include "dp/writer/writer_gp.h"

static struct {
	struct rcu_head head;
	bool registered;   // writer_gp_init ran (dp_fini may come without dp_init)
	bool in_flight;    // writer's thread only
	atomic_bool ended; // set by liburcu's call_rcu thread
} gp;

void writer_gp_init(void)
{
	if (gp.registered)
		return;
	rcu_register_thread(); // call_rcu wants a registered, online caller (QSBR)
	rcu_thread_offline();
	gp.registered = true;
}

void writer_gp_fini(void)
{
	if (!gp.registered)
		return;
	rcu_barrier(); // our callback has run: gp.head is free again
	gp.in_flight = false;
	gp.registered = false;
	rcu_unregister_thread();
}

// Runs on liburcu's call_rcu thread once a grace period has passed. The release
// store publishes the end to the writer's acquire load.
static void writer_gp_done(struct rcu_head *head)
{
	(void)head;
	atomic_store_explicit(&gp.ended, true, memory_order_release);
}

void writer_gp_start(void)
{
	atomic_store_explicit(&gp.ended, false, memory_order_relaxed);
	gp.in_flight = true;
	// Online only around the call: an online QSBR thread would hold grace periods up.
	rcu_thread_online();
	call_rcu(&gp.head, writer_gp_done);
	rcu_thread_offline();
}

bool writer_gp_in_flight(void)
{
	return gp.in_flight;
}

bool writer_gp_poll(void)
{
	if (!gp.in_flight || !atomic_load_explicit(&gp.ended, memory_order_acquire))
		return false;
	gp.in_flight = false;
	return true;
}
