// SPDX-License-Identifier: BSD-3-Clause
// The exception path, on the control thread: frames the workers found addressed to
// the host (ARP, ND, BGP, ping) are written to the kernel interface that mirrors
// their port; frames the kernel sends are read and handed to worker 0 for tx.
#include <errno.h>
#include <rte_mbuf.h>
#include <stdlib.h>
#include <string.h>
#include <urcu-qsbr.h>
#include <unistd.h>

#include "dp/core/dp_meta.h"
#include "dp/writer/writer.h"

#define EXCEPTION_RING_SIZE 4096
#define EXCEPTION_BUDGET 256

struct rte_ring *dp_exception_ring;
struct dp_counters dp_exception_counters = {.owner = "exception",
	DP_COUNTER_BLOCK(EXCEPTION_COUNTERS)};
DP_COUNTERS_REGISTER(dp_exception_counters);
static int kernel_fd[DP_MAX_PORTS] = {[0 ... DP_MAX_PORTS - 1] = -1};

int dp_exception_register(uint16_t port, int fd)
{
	struct dp_port *p;

	if (port >= DP_MAX_PORTS || dp_tables.port[port] == NULL)
		return -ENODEV;
	if (dp_exception_ring == NULL) {
		dp_exception_ring = rte_ring_create("dp_exception", EXCEPTION_RING_SIZE,
			SOCKET_ID_ANY, RING_F_SC_DEQ);
		if (dp_exception_ring == NULL)
			return -ENOMEM;
	}
	if ((p = malloc(sizeof(*p))) == NULL)
		return -ENOMEM;
	memcpy(p, dp_tables.port[port], sizeof(*p));
	p->to_host = 1;
	kernel_fd[port] = fd;
	writer_defer_free(dp_tables.port[port]);
	rcu_assign_pointer(dp_tables.port[port], p);
	return 0;
}

static void exception_to_kernel(struct rte_mbuf *m)
{
	uint16_t port = dp_meta(m)->in_port;
	uint8_t buf[RTE_MBUF_DEFAULT_BUF_SIZE];
	const void *data;

	if (port >= DP_MAX_PORTS || kernel_fd[port] < 0 || m->pkt_len > sizeof(buf)) {
		dp_writer.stats.exception_errors++;
		return;
	}
	data = rte_pktmbuf_read(m, 0, m->pkt_len, buf);
	if (write(kernel_fd[port], data, m->pkt_len) == (ssize_t)m->pkt_len)
		dp_writer.stats.exception_to_kernel++;
	else
		dp_writer.stats.exception_errors++;
}

static unsigned exception_from_kernel(uint16_t port)
{
	unsigned done = 0;

	while (done < EXCEPTION_BUDGET) {
		struct rte_mbuf *m = rte_pktmbuf_alloc(dp_writer.pool);
		ssize_t n;
		if (m == NULL)
			break;
		n = read(kernel_fd[port], rte_pktmbuf_mtod(m, void *), rte_pktmbuf_tailroom(m));
		if (n < (ssize_t)sizeof(struct rte_ether_hdr) || dp_writer.n_workers == 0) {
			rte_pktmbuf_free(m);
			break;
		}
		rte_pktmbuf_append(m, (uint16_t)n);
		dp_meta(m)->out_port = port;
		if (rte_ring_enqueue(dp_writer.workers[0]->inject, m) != 0) {
			dp_writer.stats.exception_errors++;
			rte_pktmbuf_free(m);
			break;
		}
		dp_writer.stats.exception_from_kernel++;
		done++;
	}
	return done;
}

unsigned dp_exception_poll(void)
{
	struct rte_mbuf *pkts[32];
	unsigned n, done = 0;

	if (dp_exception_ring == NULL)
		return 0;
	while (done < EXCEPTION_BUDGET &&
		(n = rte_ring_sc_dequeue_burst(dp_exception_ring, (void **)pkts, 32, NULL)) > 0) {
		for (unsigned i = 0; i < n; i++) {
			exception_to_kernel(pkts[i]);
			rte_pktmbuf_free(pkts[i]);
		}
		done += n;
	}
	for (uint16_t p = 0; p < DP_MAX_PORTS; p++)
		if (kernel_fd[p] >= 0)
			done += exception_from_kernel(p);
	return done;
}

void dp_exception_fini(void)
{
	struct rte_mbuf *m;
	if (dp_exception_ring == NULL)
		return;
	while (rte_ring_dequeue(dp_exception_ring, (void **)&m) == 0)
		rte_pktmbuf_free(m);
	rte_ring_free(dp_exception_ring);
	dp_exception_ring = NULL;
	for (unsigned p = 0; p < DP_MAX_PORTS; p++)
		kernel_fd[p] = -1;
}
