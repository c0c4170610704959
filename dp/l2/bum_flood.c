// SPDX-License-Identifier: BSD-3-Clause
// bum_flood: broadcast, unknown unicast and multicast frames go by ingress replication
// to every local member of the bridge domain and, for frames from access ports, to
// every VTEP of its flood list. Split horizon: never back out where the frame came in,
// never from one VTEP to another. Replicas are mbuf copies (each gets its own headers);
// the last target takes the original.
#include <rte_mbuf.h>
#include <urcu/pointer.h>

#include "dp/core/dp_meta.h"
#include "dp/core/dp_worker.h"

enum bum_flood_next { BUM_FLOOD_TO_VXLAN_ENCAP };
// Every edge it takes and every drop, named (the drops: true).
#define BUM_FLOOD_COUNTERS(X)                                                              \
	X(BUM_FLOOD_CNT_COPY, "copies", false)                                             \
	X(BUM_FLOOD_CNT_NO_MBUF, "no_mbuf", true)                                          \
	X(BUM_FLOOD_CNT_NO_TARGET, "no_target", true)
DP_COUNTER_ENUM(bum_flood_cnt, BUM_FLOOD_COUNTERS);
static struct dp_node bum_flood_node;
dp_node_process_t bum_flood_process;

static inline void bum_flood_to_member(struct dp_worker *w, struct rte_mbuf *m,
	const struct dp_member *mb)
{
	struct dp_meta *meta = dp_meta(m);
	meta->out_port = mb->port;
	meta->out_vlan = mb->vlan;
	access_output_process(w, m);
}

static inline void bum_flood_to_vtep(struct dp_worker *w, struct rte_mbuf *m,
	const struct dp_flood_target *t)
{
	struct dp_meta *meta = dp_meta(m);
	struct dp_vec *v = dp_next(w, &bum_flood_node, BUM_FLOOD_TO_VXLAN_ENCAP);

	meta->nh = t->nh;
	meta->vni = t->vni;
	// A full vector is run now, not grown: a frame to many VTEPs never overflows it.
	if (unlikely(v->n == DP_VEC_MAX))
		dp_node_run(w, bum_flood_node.next_id[BUM_FLOOD_TO_VXLAN_ENCAP]);
	dp_vec_push(v, m);
}

// The replica for one more target, or the original for the last one.
static inline struct rte_mbuf *bum_flood_replica(struct dp_worker *w, struct rte_mbuf *m,
	unsigned left)
{
	struct rte_mbuf *c;
	if (left == 1)
		return m;
	c = rte_pktmbuf_copy(m, w->pool, 0, UINT32_MAX);
	if (unlikely(c == NULL)) {
		dp_count_in(w, &bum_flood_node.cnt, BUM_FLOOD_CNT_NO_MBUF);
		return NULL;
	}
	*dp_meta(c) = *dp_meta(m);
	return c;
}

static void bum_flood_one(struct dp_worker *w, uint64_t *cnt, struct rte_mbuf *m,
	const struct dp_bd *bd)
{
	const struct dp_meta *meta = dp_meta(m);
	bool from_tunnel = meta->from_tunnel == DP_FROM_TUNNEL; // routed: as from access
	uint16_t in_port = meta->in_port, in_vlan = meta->in_vlan;
	unsigned n_local = bd->n_members, n_vtep = from_tunnel ? 0 : bd->n_flood;
	bool skip_in = false;
	unsigned left;

	for (unsigned i = 0; !from_tunnel && i < n_local; i++)
		if (bd->members[i].port == in_port && bd->members[i].vlan == in_vlan)
			skip_in = true;
	left = n_local - skip_in + n_vtep;
	if (left == 0) {
		dp_drop(cnt, m, BUM_FLOOD_CNT_NO_TARGET);
		return;
	}
	for (unsigned i = 0; i < n_local; i++) {
		const struct dp_member *mb = &bd->members[i];
		struct rte_mbuf *c;
		if (!from_tunnel && mb->port == in_port && mb->vlan == in_vlan)
			continue;
		c = bum_flood_replica(w, m, left--);
		if (c == NULL)
			continue;
		dp_count(cnt, BUM_FLOOD_CNT_COPY);
		bum_flood_to_member(w, c, mb);
	}
	for (unsigned i = 0; i < n_vtep; i++) {
		struct rte_mbuf *c = bum_flood_replica(w, m, left--);
		if (c == NULL)
			continue;
		dp_count(cnt, BUM_FLOOD_CNT_COPY);
		bum_flood_to_vtep(w, c, &bd->flood[i]);
	}
}

void bum_flood_process(struct dp_worker *w, struct rte_mbuf **pkts, uint16_t n)
{
	uint64_t *cnt = dp_cnt(w, &bum_flood_node.cnt);

	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		const struct dp_bd *bd = rcu_dereference(dp_tables.bd[dp_meta(m)->bd]);
		if (unlikely(bd == NULL)) {
			dp_drop(cnt, m, BUM_FLOOD_CNT_NO_TARGET);
			continue;
		}
		bum_flood_one(w, cnt, m, bd);
	}
}

static struct dp_node bum_flood_node = {
	.name = "bum_flood",
	.process = bum_flood_process,
	.next = {[BUM_FLOOD_TO_VXLAN_ENCAP] = "vxlan_encap"},
	.cnt = {DP_COUNTER_BLOCK(BUM_FLOOD_COUNTERS)},
};
DP_NODE_REGISTER(bum_flood_node);
