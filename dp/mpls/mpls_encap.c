// SPDX-License-Identifier: BSD-3-Clause
// mpls_encap (ingress PE, RFC 7432 / RFC 3032): a frame of an MPLS bridge domain to a
// remote PE (meta->nh, a next hop of encap MPLS; meta->vni, the remote's service label
// and DP_MPLS_CW_FLAG) gets, outside in: the next hop's Ethernet header and transport
// labels, or its Ethernet/IP/UDP header to port 6635 (MPLS-in-UDP, RFC 7510, the source
// port from the flow hash; mpls_udp.h), and
// labels (prebuilt; with an ELI and the flow's entropy label when the transport
// asks for them, RFC 6790), the service label (bottom of stack), the control word when the
// domain uses one -> tx. vxlan_encap hands it the frames whose next hop is MPLS, so
// l2_fwd and bum_flood (ingress replication) stay as they are.
// Layer 3 EVPN over MPLS (meta->vni with DP_MPLS_IP_FLAG: the remote per-VRF label): ip_forward
// routed the packet into a DP_RNH_REMOTE_L3 as for an L3VNI; its inner Ethernet header goes
// (RFC 9135 section 5.1: the IP packet right under the label), the rest is the same.
#include <rte_ether.h>
#include <urcu/pointer.h>

#include "dp/core/dp_flow_hash.h"
#include "dp/core/dp_meta.h"
#include "dp/core/dp_worker.h"
#include "dp/mpls/mpls_lse.h"
#include "dp/mpls/mpls_udp.h"

// Every edge it takes and every drop, named (the drops: true).
#define MPLS_ENCAP_COUNTERS(X)                                                             \
	X(MPLS_ENCAP_CNT_TX, "to_tx", false)                                               \
	X(MPLS_ENCAP_CNT_NO_NEXTHOP, "no_nexthop", true)                                   \
	X(MPLS_ENCAP_CNT_UNRESOLVED, "unresolved_nexthop", true)                           \
	X(MPLS_ENCAP_CNT_NO_HEADROOM, "no_headroom", true)                                 \
	X(MPLS_ENCAP_CNT_VRF_RUNT, "vrf_inner_runt", true)
DP_COUNTER_ENUM(mpls_encap_cnt, MPLS_ENCAP_COUNTERS);
static struct dp_node mpls_encap_node;
dp_node_process_t mpls_encap_process;

// TTL of the labels we push: 255, uniform model from here on (RFC 3443).
#define MPLS_ENCAP_TTL 255u

// The entropy label from the flow hash, never a reserved label (0-15).
static inline uint32_t mpls_encap_entropy(uint32_t h)
{
	uint32_t el = (h ^ (h >> 20)) & DP_MPLS_LABEL_MAX;
	return el < DP_MPLS_LABEL_MIN ? el + DP_MPLS_LABEL_MIN : el;
}

// `flow`: the next hop wants the flow hash (an entropy label, MPLS-in-UDP's source port);
// a constant, so that the plain label push carries none of it.
static __rte_always_inline enum mpls_encap_cnt mpls_encap_build(struct rte_mbuf *m,
	const struct dp_nh *nh, uint32_t svc, const bool flow)
{
	bool cw = svc & DP_MPLS_CW_FLAG;
	uint16_t len = (uint16_t)(nh->hdr_len + LSE_LEN + (cw ? 4 : 0));
	uint32_t h = flow ? dp_flow_hash(m) : 0;
	uint8_t *hdr;

	hdr = (uint8_t *)rte_pktmbuf_prepend(m, len);
	if (unlikely(hdr == NULL))
		return MPLS_ENCAP_CNT_NO_HEADROOM;
	rte_memcpy(hdr, nh->hdr, nh->hdr_len);
	if (flow && nh->el_off != 0)
		lse_put(hdr + nh->el_off, lse_make(mpls_encap_entropy(h), false, 0)); // TTL 0: 4.2
	lse_put(hdr + nh->hdr_len, lse_make(svc & DP_MPLS_LABEL_MAX, true, MPLS_ENCAP_TTL));
	if (cw)
		memset(hdr + nh->hdr_len + LSE_LEN, 0, 4); // RFC 4448 4.6: no sequencing
	dp_mbuf_clear_offloads(m);
	if (flow && nh->udp) { // RFC 7510: the lengths and the flow's source port
		if (nh->ipv6)
			mpls_udp_fill6(m, nh, dp_flow_sport(h));
		else
			mpls_udp_fill4(m, nh, dp_flow_sport(h));
	}
	return MPLS_ENCAP_CNT_TX;
}

// Out of line: a transport with a flow hash, or a routed packet of a VRF (its inner
// Ethernet header dropped first; the flow hash then covers its IP header).
static __rte_noinline enum mpls_encap_cnt mpls_encap_slow(struct rte_mbuf *m,
	const struct dp_nh *nh, uint32_t svc)
{
	if (svc & DP_MPLS_IP_FLAG) {
		if (unlikely(rte_pktmbuf_data_len(m) <= sizeof(struct rte_ether_hdr)))
			return MPLS_ENCAP_CNT_VRF_RUNT;
		rte_pktmbuf_adj(m, sizeof(struct rte_ether_hdr));
		svc &= ~DP_MPLS_IP_FLAG;
	}
	if (nh->el_off | nh->udp)
		return mpls_encap_build(m, nh, svc, true);
	return mpls_encap_build(m, nh, svc, false);
}

static inline enum mpls_encap_cnt mpls_encap_one(struct rte_mbuf *m, const struct dp_nh *nh,
	uint32_t svc)
{
	if (unlikely(nh->resolved != DP_NH_MPLS))
		return MPLS_ENCAP_CNT_UNRESOLVED;
	if (unlikely((nh->el_off | nh->udp) || (svc & DP_MPLS_IP_FLAG)))
		return mpls_encap_slow(m, nh, svc);
	return mpls_encap_build(m, nh, svc, false);
}

void mpls_encap_process(struct dp_worker *w, struct rte_mbuf **pkts, uint16_t n)
{
	uint64_t *cnt = dp_cnt(w, &mpls_encap_node.cnt);

	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		const struct dp_meta *meta = dp_meta(m);
		const struct dp_nh *nh = meta->nh < DP_MAX_NEXTHOPS ?
			rcu_dereference(dp_tables.nh[meta->nh]) : NULL;
		enum mpls_encap_cnt edge = nh == NULL ? MPLS_ENCAP_CNT_NO_NEXTHOP
						      : mpls_encap_one(m, nh, meta->vni);

		if (likely(edge == MPLS_ENCAP_CNT_TX)) {
			dp_count(cnt, edge);
			dp_tx(w, nh->port, m);
		} else {
			dp_drop(cnt, m, edge);
		}
	}
}

// No next node: frames leave by tx.
static struct dp_node mpls_encap_node = {
	.name = "mpls_encap",
	.process = mpls_encap_process,
	.cnt = {DP_COUNTER_BLOCK(MPLS_ENCAP_COUNTERS)},
};
DP_NODE_REGISTER(mpls_encap_node);
