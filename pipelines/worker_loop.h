// SPDX-License-Identifier: BSD-3-Clause
// Which lcore polls which (port, rx queue), and the poll loop each worker runs.
#ifndef EVPND_WORKER_LOOP_H
#define EVPND_WORKER_LOOP_H

#include <stdbool.h>
#include <stdint.h>

#include "dp/core/dp_worker.h"

#define WORKER_MAX_QUEUES 64

struct worker_plan {
	struct dp_worker *w;
	unsigned lcore;
	unsigned n_queues;
	struct {
		uint16_t port;
		uint16_t queue;
	} q[WORKER_MAX_QUEUES];
};

// Spreads every rx queue of every port over the workers: queue q goes to worker
// q % n_workers, so with RSS each worker serves its share of every port.
int worker_plan_build(struct worker_plan *plans, unsigned n_workers, const uint16_t *ports,
	unsigned n_ports, const uint16_t *rx_queues);

// The lcore function (rte_eal_remote_launch): polls until worker_loop_stop().
int worker_loop_run(void *plan);
void worker_loop_stop(void);

#endif
