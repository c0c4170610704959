// SPDX-License-Identifier: BSD-3-Clause
// The VXLAN/L2 nodes of dp/ as rte_graph nodes (DPDK lib/graph): each dp/ per-burst
// function is a node's process callback, and what it pushed to a worker vector goes
// to the next node over an rte_node edge (rte_node_next_stream_move when all of the
// burst went one way and the mbufs are the same, as lib/node does; else
// rte_node_enqueue). The dp/ nodes are unchanged, so access_output stays a direct call
// of l2_fwd and bum_flood, and tx is flushed after the walk as dp_worker_drain does.
#include <errno.h>
#include <rte_errno.h>
#include <rte_graph.h>
#include <rte_graph_worker.h>
#include <stddef.h>
#include <urcu/pointer.h>

#include "graph_proto.h"

#define GP_GRAPH_NAME "gp_worker0"

struct gp_ctx {
	struct dp_worker *w;
};
_Static_assert(sizeof(struct gp_ctx) <= RTE_NODE_CTX_SZ, "node context");

// A node's edges: the worker vector each one drains, in edge order.
struct gp_edges {
	bool same_mbufs; // the node forwards the mbufs it got (no clone, no new buffer)
	uint8_t n;
	uint16_t vec[3]; // offsetof(struct dp_worker, <vector>)
};

static struct {
	struct dp_worker *w; // for the nodes' init
	rte_graph_t id;
	struct rte_graph *graph;
	// the burst the rx source node hands on at the next walk
	uint16_t port, n;
	struct rte_mbuf **pkts;
} gp = {.id = RTE_GRAPH_ID_INVALID};

static inline struct dp_worker *gp_worker(struct rte_node *node)
{
	return ((struct gp_ctx *)node->ctx)->w;
}

static int gp_node_init(const struct rte_graph *graph, struct rte_node *node)
{
	(void)graph;
	((struct gp_ctx *)node->ctx)->w = gp.w;
	return 0;
}

static inline void gp_out(struct rte_graph *g, struct rte_node *node, struct dp_worker *w,
	const struct gp_edges *e, void **objs, uint16_t n_in)
{
	for (rte_edge_t i = 0; i < e->n; i++) {
		struct dp_vec *v = (struct dp_vec *)((char *)w + e->vec[i]);
		if (v->n == 0)
			continue;
		if (e->same_mbufs && v->n == n_in && (void *)v->pkts[0] == objs[0] &&
			(void *)v->pkts[n_in - 1] == objs[n_in - 1])
			rte_node_next_stream_move(g, node, i);
		else
			rte_node_enqueue(g, node, i, (void **)v->pkts, v->n);
		v->n = 0;
	}
}

// The process callback of the node wrapping `fn_`, and its edges.
#define GP_NODE_PROCESS(name_, fn_, same_, ...)                                             \
	static const struct gp_edges name_##_edges = {                                      \
		.same_mbufs = same_,                                                        \
		.n = RTE_DIM(((const uint16_t[]){__VA_ARGS__})),                            \
		.vec = {__VA_ARGS__}};                                                      \
	static uint16_t name_##_process(struct rte_graph *g, struct rte_node *node,         \
		void **objs, uint16_t n)                                                    \
	{                                                                                   \
		struct dp_worker *w = gp_worker(node);                                      \
		fn_(w, (struct rte_mbuf **)objs, n);                                        \
		gp_out(g, node, w, &name_##_edges, objs, n);                                \
		return n;                                                                   \
	}

#define GP_VEC(v_) (uint16_t)offsetof(struct dp_worker, v_)

// The input nodes take the port of the burst (a real rx node would read mbuf->port).
static inline void gp_underlay_input(struct dp_worker *w, struct rte_mbuf **pkts, uint16_t n)
{
	underlay_input_process(w, gp.port, pkts, n);
}

static inline void gp_access_input(struct dp_worker *w, struct rte_mbuf **pkts, uint16_t n)
{
	access_input_process(w, gp.port, pkts, n);
}

GP_NODE_PROCESS(gp_underlay_input, gp_underlay_input, true, GP_VEC(vxlan), GP_VEC(arp), GP_VEC(nd))
GP_NODE_PROCESS(gp_access_input, gp_access_input, true, GP_VEC(l2))
GP_NODE_PROCESS(gp_vxlan_decap, vxlan_decap_process, true, GP_VEC(l2))
GP_NODE_PROCESS(gp_l2_fwd, l2_fwd_process, true, GP_VEC(flood), GP_VEC(encap))
GP_NODE_PROCESS(gp_bum_flood, bum_flood_process, false, GP_VEC(encap))

// Nodes with no edge: they send (dp_tx) or hand to the host themselves.
#define GP_LEAF_PROCESS(name_, fn_)                                                         \
	static uint16_t name_##_process(struct rte_graph *g, struct rte_node *node,         \
		void **objs, uint16_t n)                                                    \
	{                                                                                   \
		(void)g;                                                                    \
		fn_(gp_worker(node), (struct rte_mbuf **)objs, n);                          \
		return n;                                                                   \
	}

GP_LEAF_PROCESS(gp_vxlan_encap, vxlan_encap_process)
GP_LEAF_PROCESS(gp_arp_input, arp_input_process)
GP_LEAF_PROCESS(gp_nd_input, nd_input_process)

// The source node: the burst stage_bench made, to the input node of its port's role
// (what dp_worker_input decides).
enum { GP_RX_UNDERLAY, GP_RX_ACCESS };

static uint16_t gp_rx_process(struct rte_graph *g, struct rte_node *node, void **objs,
	uint16_t n_objs)
{
	struct dp_worker *w = gp_worker(node);
	const struct dp_port *p = rcu_dereference(dp_tables.port[gp.port]);
	uint16_t n = gp.n;

	(void)objs;
	(void)n_objs;
	if (n == 0)
		return 0;
	gp.n = 0;
	if (unlikely(p == NULL || p->role == DP_PORT_UNUSED)) {
		w->cnt[DP_CNT_ACCESS_INPUT_NO_BD] += n;
		rte_pktmbuf_free_bulk(gp.pkts, n);
		return 0;
	}
	rte_node_enqueue(g, node, p->role == DP_PORT_UNDERLAY ? GP_RX_UNDERLAY : GP_RX_ACCESS,
		(void **)gp.pkts, n);
	return n;
}

#define GP_NODE(name_, ...)                                                                 \
	static struct rte_node_register name_##_node = {                                    \
		.name = #name_,                                                             \
		.process = name_##_process,                                                 \
		.init = gp_node_init,                                                       \
		.nb_edges = RTE_DIM(((const char *[]){NULL, ##__VA_ARGS__})) - 1,           \
		.next_nodes = {__VA_ARGS__},                                                \
	};                                                                                  \
	RTE_NODE_REGISTER(name_##_node)

static struct rte_node_register gp_rx_node = {
	.name = "gp_rx",
	.flags = RTE_NODE_SOURCE_F,
	.process = gp_rx_process,
	.init = gp_node_init,
	.nb_edges = 2,
	.next_nodes = {[GP_RX_UNDERLAY] = "gp_underlay_input", [GP_RX_ACCESS] = "gp_access_input"},
};
RTE_NODE_REGISTER(gp_rx_node)

GP_NODE(gp_underlay_input, "gp_vxlan_decap", "gp_arp_input", "gp_nd_input");
GP_NODE(gp_access_input, "gp_l2_fwd");
GP_NODE(gp_vxlan_decap, "gp_l2_fwd");
GP_NODE(gp_l2_fwd, "gp_bum_flood", "gp_vxlan_encap");
GP_NODE(gp_bum_flood, "gp_vxlan_encap");
GP_NODE(gp_vxlan_encap);
GP_NODE(gp_arp_input);
GP_NODE(gp_nd_input);

int gp_graph_create(struct dp_worker *w)
{
	static const char *nodes[] = {"gp_*"};
	struct rte_graph_param prm = {
		.socket_id = SOCKET_ID_ANY,
		.nb_node_patterns = RTE_DIM(nodes),
		.node_patterns = nodes,
	};

	gp.w = w;
	gp.id = rte_graph_create(GP_GRAPH_NAME, &prm);
	if (gp.id == RTE_GRAPH_ID_INVALID)
		return rte_errno ? -rte_errno : -EINVAL;
	gp.graph = rte_graph_lookup(GP_GRAPH_NAME);
	return gp.graph != NULL ? 0 : -ENOENT;
}

void gp_graph_input(struct dp_worker *w, uint16_t port, struct rte_mbuf **pkts, uint16_t n)
{
	gp.port = port;
	gp.pkts = pkts;
	gp.n = n;
	rte_graph_walk(gp.graph);
	dp_tx_flush_all(w);
}

// What rte_graph gives for free: calls, objects and cycles per node.
void gp_graph_stats(FILE *f)
{
	static const char *graphs[] = {GP_GRAPH_NAME};
	struct rte_graph_cluster_stats_param prm = {
		.socket_id = SOCKET_ID_ANY,
		.f = f,
		.nb_graph_patterns = RTE_DIM(graphs),
		.graph_patterns = graphs,
	};
	struct rte_graph_cluster_stats *s = rte_graph_cluster_stats_create(&prm);

	if (s != NULL) {
		rte_graph_cluster_stats_get(s, false);
		rte_graph_cluster_stats_destroy(s);
	}
	rte_graph_destroy(gp.id);
	gp.id = RTE_GRAPH_ID_INVALID;
}
