// SPDX-License-Identifier: BSD-3-Clause
// The same dp/ nodes in a registry of our own: a table of node descriptors (name,
// process function, input vector, per-node calls/packets/cycles), walked in table
// order again and again until every vector is empty, so a node may feed one before it
// (a cycle between layers) without a hand-written order. The dp/ nodes push to their
// next node's vector themselves (the edges are those vectors here; in the real thing
// a node would declare next-node indices and push to w->vec[next[edge]]).
#include <inttypes.h>
#include <rte_cycles.h>
#include <stddef.h>
#include <string.h>
#include <urcu/pointer.h>

#include "graph_proto.h"

typedef void gp_reg_process_t(struct dp_worker *w, struct rte_mbuf **pkts, uint16_t n);

struct gp_reg_node {
	const char *name;
	gp_reg_process_t *process;
	uint16_t vec; // offsetof(struct dp_worker, <its input vector>)
	uint64_t calls, objs, cycles;
};

#define GP_REG(name_, vec_) {#name_, name_##_process, (uint16_t)offsetof(struct dp_worker, vec_), 0, 0, 0}

static struct gp_reg_node gp_reg[] = {
	GP_REG(arp_input, arp),
	GP_REG(nd_input, nd),
	GP_REG(vxlan_decap, vxlan),
	GP_REG(l2_fwd, l2),
	GP_REG(bum_flood, flood),
	GP_REG(vxlan_encap, encap),
};

// The input nodes are called with the burst (they take its port): counted the same way.
static struct gp_reg_node gp_reg_entry[2] = {
	{"underlay_input", NULL, 0, 0, 0, 0},
	{"access_input", NULL, 0, 0, 0, 0},
};

// `timed`: the per-node figures rte_graph keeps (calls, objects, cycles); without them,
// what the walk alone costs.
static inline uint64_t gp_reg_start(bool timed)
{
	return timed ? rte_rdtsc() : 0;
}

static inline void gp_reg_account(bool timed, struct gp_reg_node *d, uint16_t n, uint64_t t0)
{
	if (!timed)
		return;
	d->cycles += rte_rdtsc() - t0;
	d->calls++;
	d->objs += n;
}

static inline void gp_reg_drain(struct dp_worker *w, bool timed)
{
	bool busy;

	do {
		busy = false;
		for (unsigned i = 0; i < RTE_DIM(gp_reg); i++) {
			struct gp_reg_node *d = &gp_reg[i];
			struct dp_vec *v = (struct dp_vec *)((char *)w + d->vec);
			struct rte_mbuf *pkts[DP_VEC_MAX];
			uint16_t n = v->n;
			uint64_t t0;

			if (n == 0)
				continue;
			// the node may push back into its own vector (flooding)
			memcpy(pkts, v->pkts, n * sizeof(pkts[0]));
			v->n = 0;
			t0 = gp_reg_start(timed);
			d->process(w, pkts, n);
			gp_reg_account(timed, d, n, t0);
			busy = true;
		}
	} while (busy);
	dp_tx_flush_all(w);
}

static inline void gp_reg_input(struct dp_worker *w, uint16_t port, struct rte_mbuf **pkts,
	uint16_t n, bool timed)
{
	const struct dp_port *p = rcu_dereference(dp_tables.port[port]);
	uint64_t t0;

	if (unlikely(p == NULL || p->role == DP_PORT_UNUSED)) {
		w->cnt[DP_CNT_ACCESS_INPUT_NO_BD] += n;
		rte_pktmbuf_free_bulk(pkts, n);
		return;
	}
	t0 = gp_reg_start(timed);
	if (p->role == DP_PORT_UNDERLAY) {
		underlay_input_process(w, port, pkts, n);
		gp_reg_account(timed, &gp_reg_entry[0], n, t0);
	} else {
		access_input_process(w, port, pkts, n);
		gp_reg_account(timed, &gp_reg_entry[1], n, t0);
	}
	gp_reg_drain(w, timed);
}

void gp_registry_input(struct dp_worker *w, uint16_t port, struct rte_mbuf **pkts, uint16_t n)
{
	gp_reg_input(w, port, pkts, n, true);
}

void gp_registry_input_untimed(struct dp_worker *w, uint16_t port, struct rte_mbuf **pkts,
	uint16_t n)
{
	gp_reg_input(w, port, pkts, n, false);
}

static void gp_reg_print(FILE *f, const struct gp_reg_node *d)
{
	if (d->calls == 0)
		return;
	fprintf(f, "# %-16s calls %10" PRIu64 " objs %12" PRIu64 " objs/call %6.1f "
		   "cycles/call %8.1f cycles/obj %6.1f\n", d->name, d->calls, d->objs,
		(double)d->objs / (double)d->calls, (double)d->cycles / (double)d->calls,
		(double)d->cycles / (double)d->objs);
}

void gp_registry_stats(FILE *f)
{
	for (unsigned i = 0; i < RTE_DIM(gp_reg_entry); i++)
		gp_reg_print(f, &gp_reg_entry[i]);
	for (unsigned i = 0; i < RTE_DIM(gp_reg); i++)
		gp_reg_print(f, &gp_reg[i]);
}
