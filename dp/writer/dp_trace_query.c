// SPDX-License-Identifier: BSD-3-Clause
// The control thread's side of the per-packet trace (dp_api.h): asks the workers for
// packets and reads what they recorded (racily while traffic runs: a record is read
// up to the hops its worker has published).
#include <errno.h>
#include <rte_byteorder.h>
#include <rte_cycles.h>
#include <string.h>

#include "dp/core/dp_trace.h"
#include "dp/writer/writer.h"

_Static_assert(DP_TRACE_MAX_HOPS == DP_TRACE_HOPS, "dp_api.h's copy of the hop count");

int dp_trace_add(unsigned n)
{
	if (n == 0 || n > DP_TRACE_PKTS)
		return -EINVAL;
	for (unsigned k = 0; k < dp_writer.n_workers; k++)
		__atomic_fetch_add(&dp_writer.workers[k]->trace.want, n, __ATOMIC_RELAXED);
	return 0;
}

void dp_trace_clear(void)
{
	for (unsigned k = 0; k < dp_writer.n_workers; k++) {
		struct dp_trace *t = &dp_writer.workers[k]->trace;
		__atomic_store_n(&t->want, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&t->used, 0, __ATOMIC_RELAXED);
	}
}

unsigned dp_trace_pending(void)
{
	unsigned n = 0;

	for (unsigned k = 0; k < dp_writer.n_workers; k++)
		n += __atomic_load_n(&dp_writer.workers[k]->trace.want, __ATOMIC_RELAXED);
	return n;
}

static void trace_port_name(uint16_t port, char out[32])
{
	if (port < DP_MAX_PORTS)
		snprintf(out, 32, "%s", dp_writer.port_name[port]);
	else
		out[0] = '\0';
}

static void trace_fill(const struct dp_trace_rec *r, struct dp_trace_info *i)
{
	uint8_t n = __atomic_load_n(&r->n_hops, __ATOMIC_ACQUIRE);
	uint64_t hz = rte_get_tsc_hz();

	trace_port_name(r->in_port, i->in_port);
	i->len = r->len;
	memcpy(i->dst, r->head, 6);
	memcpy(i->src, r->head + 6, 6);
	i->ether_type = (uint16_t)(r->head[12] << 8 | r->head[13]);
	i->n_hops = n;
	for (uint8_t k = 0; k < n; k++) {
		uint16_t id = r->node[k];
		i->node[k] = id == DP_TRACE_TX_HOP ? "tx" : id < dp_graph.n_nodes ? dp_graph.node[id]->name : "?";
		i->ns[k] = (uint64_t)r->dt[k] * 1000000000ull / hz;
	}
	i->sent = r->out_port != DP_TRACE_NO_PORT;
	trace_port_name(r->out_port, i->out_port);
}

int dp_trace_walk(dp_trace_cb cb, void *arg)
{
	int ret;

	for (unsigned k = 0; k < dp_writer.n_workers; k++) {
		const struct dp_trace *t = &dp_writer.workers[k]->trace;
		uint32_t used = RTE_MIN(__atomic_load_n(&t->used, __ATOMIC_ACQUIRE), DP_TRACE_PKTS);

		for (uint32_t j = 0; j < used; j++) {
			struct dp_trace_info i = {.worker = k, .index = j + 1};
			trace_fill(&t->rec[j], &i);
			if ((ret = cb(&i, arg)) != 0)
				return ret;
		}
	}
	return 0;
}
