// SPDX-License-Identifier: BSD-3-Clause
// A grace period the writer starts and later asks about, without waiting for it.
// The writer runs on the control thread (BGP, the management socket): a blocking
// synchronize_rcu() there would stall them for as long as the slowest worker takes
// to pass a quiescent state. liburcu 0.13 has no start/poll grace-period API, so
// a call_rcu() callback is the token: liburcu's call_rcu thread waits for the
// grace period and the callback only marks it ended. The frees stay on the writer's
// thread (the MAC table's rte_hash has one writer).
#ifndef EVPND_WRITER_GP_H
#define EVPND_WRITER_GP_H

#include <stdbool.h>

// The calling thread becomes the writer's (registered with liburcu, offline: it
// never holds a grace period up). Call once from dp_init, on the writer's thread.
void writer_gp_init(void);
// Waits for a grace period started and not yet ended (tear-down only), then
// unregisters the thread.
void writer_gp_fini(void);
// Starts a grace period: everything unpublished before this call is unreachable
// once writer_gp_poll() says so. One at a time: only when none is in flight.
void writer_gp_start(void);
bool writer_gp_in_flight(void);
// True once, when the grace period in flight has ended (every reader passed a
// quiescent state since writer_gp_start); then none is in flight.
bool writer_gp_poll(void);

#endif
