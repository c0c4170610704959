// SPDX-License-Identifier: BSD-3-Clause
// access_input: a frame from an access port -> its bridge domain (by port and 802.1Q
// VLAN, the tag removed) -> l2_fwd.
#include <rte_ether.h>
#include <urcu/pointer.h>

#include "dp/core/dp_meta.h"
#include "dp/core/dp_worker.h"

enum access_input_next { ACCESS_INPUT_TO_L2_FWD };
// Every edge it takes and every drop, named (the drops: true).
#define ACCESS_INPUT_COUNTERS(X)                                                           \
	X(ACCESS_INPUT_CNT_L2, "to_l2", false)                                             \
	X(ACCESS_INPUT_CNT_RUNT, "runt", true)                                             \
	X(ACCESS_INPUT_CNT_NO_BD, "no_bridge_domain", true)
DP_COUNTER_ENUM(access_input_cnt, ACCESS_INPUT_COUNTERS);
static struct dp_node access_input_node;
dp_node_input_t access_input_process;

// Returns the VLAN the frame came in on, its tag removed, or -1 if it is malformed.
static inline int access_input_untag(struct rte_mbuf *m)
{
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	struct rte_vlan_hdr *vh;
	uint16_t vlan;

	if (m->ol_flags & RTE_MBUF_F_RX_VLAN_STRIPPED)
		return m->vlan_tci & 0xfff;
	if (eth->ether_type != RTE_BE16(RTE_ETHER_TYPE_VLAN))
		return 0;
	if (unlikely(rte_pktmbuf_data_len(m) < sizeof(*eth) + sizeof(*vh)))
		return -1;
	vh = (struct rte_vlan_hdr *)(eth + 1);
	vlan = rte_be_to_cpu_16(vh->vlan_tci) & 0xfff;
	// Slide the MAC addresses over the tag, then drop the first 4 bytes.
	memmove((uint8_t *)eth + sizeof(*vh), eth, 2 * RTE_ETHER_ADDR_LEN);
	rte_pktmbuf_adj(m, sizeof(*vh));
	return vlan;
}

void access_input_process(struct dp_worker *w, uint16_t port, struct rte_mbuf **pkts,
	uint16_t n)
{
	uint64_t *cnt = dp_cnt(w, &access_input_node.cnt);
	struct dp_vec *to_l2 = dp_next(w, &access_input_node, ACCESS_INPUT_TO_L2_FWD);
	const struct dp_port *p = rcu_dereference(dp_tables.port[port]);

	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		struct dp_meta *meta = dp_meta(m);
		int vlan;
		uint16_t bd;

		if (i + 2 < n)
			rte_prefetch0(rte_pktmbuf_mtod(pkts[i + 2], void *));
		if (unlikely(rte_pktmbuf_data_len(m) < sizeof(struct rte_ether_hdr))) {
			dp_drop(cnt, m, ACCESS_INPUT_CNT_RUNT);
			continue;
		}
		vlan = access_input_untag(m);
		if (unlikely(vlan < 0)) {
			dp_drop(cnt, m, ACCESS_INPUT_CNT_RUNT);
			continue;
		}
		bd = p->vlan_bd[vlan];
		if (unlikely(bd == 0)) {
			dp_drop(cnt, m, ACCESS_INPUT_CNT_NO_BD);
			continue;
		}
		meta->in_port = port;
		meta->in_vlan = (uint16_t)vlan;
		meta->bd = bd;
		meta->from_tunnel = DP_FROM_ACCESS;
		dp_count(cnt, ACCESS_INPUT_CNT_L2);
		dp_vec_push(to_l2, m);
	}
}

static struct dp_node access_input_node = {
	.name = "access_input",
	.input = access_input_process,
	.next = {[ACCESS_INPUT_TO_L2_FWD] = "l2_fwd"},
	.cnt = {DP_COUNTER_BLOCK(ACCESS_INPUT_COUNTERS)},
};
DP_NODE_REGISTER(access_input_node);
