// SPDX-License-Identifier: BSD-3-Clause
// mpls_input (RFC 3032): an MPLS frame (ethertype 0x8847) from an underlay port. Its
// stack is checked (bottom of stack within the frame and within DP_MPLS_MAX_DEPTH
// labels, no reserved label), then the top label is looked up in the local label
// table, one load per frame, all of a burst's before any is acted on:
// - swap (P router): the out label in its place, TTL - 1 -> tx to the next hop;
// - pop (P router, penultimate hop): TTL - 1 copied into the new top label (the uniform
//   model, RFC 3443) -> tx to the next hop;
// - pop into a bridge domain (egress PE, EVPN service label, RFC 7432): the control word
//   checked and stripped when the domain has one -> l2_fwd, as after vxlan_decap;
// - pop a label of ours (an SR node label the P did not pop): TTL - 1 copied down, the
//   frame back into this node for the label under it;
// - pop into a VRF (egress PE, per-VRF label of Layer 3 EVPN, RFC 9135 section 5.1 and
//   RFC 9136): the IP packet right under the label, no inner Ethernet -> l3vni_input,
//   which checks it and routes it in the VRF as if it came in that VRF's L3VNI.
// Reserved labels (mpls_reserved.h): an explicit null and an ELI with its EL on top are
// popped before the lookup; an ELI+EL under the top label stays for whoever pops to it.
// MPLS carries no source PE address, so nothing is learned from the data plane here:
// the remote MACs of an MPLS domain come from BGP only (as for VXLAN in EVPN).
#include <rte_ether.h>
#include <urcu/pointer.h>

#include "dp/core/dp_meta.h"
#include "dp/core/dp_worker.h"
#include "dp/mpls/mpls_lse.h"
#include "dp/mpls/mpls_reserved.h"

enum mpls_input_next { MPLS_INPUT_TO_L2_FWD, MPLS_INPUT_TO_SELF, MPLS_INPUT_TO_L3VNI_INPUT };
// Every edge it takes and every drop, named (the drops: true).
#define MPLS_INPUT_COUNTERS(X)                                                             \
	X(MPLS_INPUT_CNT_L2, "to_l2", false)                                               \
	X(MPLS_INPUT_CNT_SWAP, "swapped", false)                                           \
	X(MPLS_INPUT_CNT_POP, "popped", false)                                             \
	X(MPLS_INPUT_CNT_LOCAL, "popped_local", false)                                     \
	X(MPLS_INPUT_CNT_RUNT, "runt", true)                                               \
	X(MPLS_INPUT_CNT_NO_BOS, "no_bottom_of_stack", true)                               \
	X(MPLS_INPUT_CNT_TOO_DEEP, "stack_too_deep", true)                                 \
	X(MPLS_INPUT_CNT_RESERVED, "reserved_label", true)                                 \
	X(MPLS_INPUT_CNT_NULL_BOS, "explicit_null_ip_unsupported", true)                   \
	X(MPLS_INPUT_CNT_ELI_BOS, "entropy_label_bottom_of_stack", true)                   \
	X(MPLS_INPUT_CNT_UNKNOWN, "unknown_label", true)                                   \
	X(MPLS_INPUT_CNT_TTL, "ttl_expired", true)                                         \
	X(MPLS_INPUT_CNT_POP_BOS, "pop_bottom_of_stack", true)                             \
	X(MPLS_INPUT_CNT_NOT_BOS, "service_label_not_bottom", true)                        \
	X(MPLS_INPUT_CNT_NO_NEXTHOP, "no_nexthop", true)                                   \
	X(MPLS_INPUT_CNT_UNRESOLVED, "unresolved_nexthop", true)                           \
	X(MPLS_INPUT_CNT_NO_HEADROOM, "no_headroom", true)                                 \
	X(MPLS_INPUT_CNT_CW_TRUNCATED, "control_word_truncated", true)                     \
	X(MPLS_INPUT_CNT_BAD_CW, "bad_control_word", true)                                 \
	X(MPLS_INPUT_CNT_INNER_RUNT, "inner_runt", true)                                   \
	X(MPLS_INPUT_CNT_BAD_INNER_SRC_MAC, "bad_inner_src_mac", true)                     \
	X(MPLS_INPUT_CNT_VRF, "to_vrf", false)                                             \
	X(MPLS_INPUT_CNT_BAD_IP_VERSION, "vrf_bad_ip_version", true)                       \
	X(MPLS_INPUT_CNT_NO_VRF, "vrf_gone", true)
DP_COUNTER_ENUM(mpls_input_cnt, MPLS_INPUT_COUNTERS);
static struct dp_node mpls_input_node;
dp_node_process_t mpls_input_process;

// Deepest stack walked for its bottom (a P router's transport labels, the service
// label, a control word's worth of margin): deeper is dropped.
#define DP_MPLS_MAX_DEPTH 8
#define ETH_LEN sizeof(struct rte_ether_hdr)

// Why mpls_reserved refused a stack, as this node counts it.
static const uint8_t mpls_input_rsv_cnt[] = {
	[MPLS_RSV_RESERVED] = MPLS_INPUT_CNT_RESERVED,
	[MPLS_RSV_NULL_BOS] = MPLS_INPUT_CNT_NULL_BOS,
	[MPLS_RSV_ELI_BOS] = MPLS_INPUT_CNT_ELI_BOS,
	[MPLS_RSV_NO_BOS] = MPLS_INPUT_CNT_NO_BOS,
};

// The rest of the walk once a reserved label showed up at depth d (out of line: the
// common stack has none), then the reserved entries on top popped from the frame.
static __rte_noinline enum mpls_input_cnt mpls_input_stack_rsv(struct rte_mbuf *m,
	const uint8_t *p, uint32_t len, unsigned d, uint32_t *top)
{
	uint32_t skip = 0;

	for (;; d++) {
		uint32_t lse = lse_get(p + d * LSE_LEN);
		if ((lse >> 12) < DP_MPLS_LABEL_MIN) {
			enum mpls_rsv r = mpls_reserved(p, len, lse, &d, &skip);
			if (r != MPLS_RSV_OK)
				return mpls_input_rsv_cnt[r];
			lse = lse_get(p + d * LSE_LEN);
		}
		if (lse & LSE_S) {
			*top = lse_get(p + skip);
			if (skip != 0)
				mpls_reserved_strip(m, ETH_LEN, skip, top);
			return MPLS_INPUT_CNT_L2;
		}
		if (d + 1 >= DP_MPLS_MAX_DEPTH)
			return MPLS_INPUT_CNT_TOO_DEEP;
		if ((d + 2) * LSE_LEN > len)
			return MPLS_INPUT_CNT_NO_BOS;
	}
}

// The stack's top label entry once the whole stack was found sane (reserved entries on
// top popped), or why not.
static inline enum mpls_input_cnt mpls_input_stack(struct rte_mbuf *m, uint32_t *top)
{
	const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *) + ETH_LEN;
	uint32_t len = rte_pktmbuf_data_len(m);

	if (unlikely(len < ETH_LEN + LSE_LEN))
		return MPLS_INPUT_CNT_RUNT;
	len -= ETH_LEN;
	*top = lse_get(p);
	for (unsigned d = 0;; d++) {
		uint32_t lse = lse_get(p + d * LSE_LEN);
		if (unlikely((lse >> 12) < DP_MPLS_LABEL_MIN))
			return mpls_input_stack_rsv(m, p, len, d, top);
		if (lse & LSE_S)
			return MPLS_INPUT_CNT_L2; // sane: the edge is chosen by the label
		if (d + 1 == DP_MPLS_MAX_DEPTH)
			return MPLS_INPUT_CNT_TOO_DEEP;
		if ((d + 2) * LSE_LEN > len)
			return MPLS_INPUT_CNT_NO_BOS;
	}
}

// Sends the frame to a next hop: its Ethernet header and transport labels in place of
// the received Ethernet header and the `strip` bytes of labels, then `out` (the
// swapped label, when `push_out`).
static inline enum mpls_input_cnt mpls_input_forward(struct dp_worker *w, struct rte_mbuf *m,
	uint32_t nh_id, uint32_t strip, bool push_out, uint32_t out)
{
	const struct dp_nh *nh = nh_id < DP_MAX_NEXTHOPS ? rcu_dereference(dp_tables.nh[nh_id]) : NULL;
	uint8_t *hdr;

	if (unlikely(nh == NULL))
		return MPLS_INPUT_CNT_NO_NEXTHOP;
	if (unlikely(nh->resolved != DP_NH_MPLS))
		return MPLS_INPUT_CNT_UNRESOLVED;
	rte_pktmbuf_adj(m, (uint16_t)(ETH_LEN + strip));
	hdr = (uint8_t *)rte_pktmbuf_prepend(m, (uint16_t)(nh->hdr_len + (push_out ? LSE_LEN : 0)));
	if (unlikely(hdr == NULL))
		return MPLS_INPUT_CNT_NO_HEADROOM;
	rte_memcpy(hdr, nh->hdr, nh->hdr_len);
	if (push_out)
		lse_put(hdr + nh->hdr_len, out);
	dp_mbuf_clear_offloads(m);
	dp_tx(w, nh->port, m);
	return MPLS_INPUT_CNT_SWAP;
}

static inline enum mpls_input_cnt mpls_input_swap(struct dp_worker *w, struct rte_mbuf *m,
	const struct dp_label *e, uint32_t lse)
{
	if (unlikely((lse & LSE_TTL) <= 1))
		return MPLS_INPUT_CNT_TTL;
	// TC and bottom of stack stay; TTL - 1 (uniform)
	lse = e->out_label << 12 | (lse & 0xf00) | ((lse & LSE_TTL) - 1);
	return mpls_input_forward(w, m, e->nh, LSE_LEN, true, lse);
}

static inline enum mpls_input_cnt mpls_input_pop(struct dp_worker *w, struct rte_mbuf *m,
	const struct dp_label *e, uint32_t lse)
{
	uint8_t *next = rte_pktmbuf_mtod_offset(m, uint8_t *, ETH_LEN + LSE_LEN);
	uint32_t ttl = (lse & LSE_TTL), below;
	enum mpls_input_cnt c;

	// Only labels go on: what is under the last one is not ours to route.
	if (unlikely(lse & LSE_S))
		return MPLS_INPUT_CNT_POP_BOS;
	if (unlikely(ttl <= 1))
		return MPLS_INPUT_CNT_TTL;
	below = lse_get(next);
	if ((below & LSE_TTL) > ttl - 1)
		lse_put(next, (below & ~LSE_TTL) | (ttl - 1));
	c = mpls_input_forward(w, m, e->nh, LSE_LEN, false, 0);
	return c == MPLS_INPUT_CNT_SWAP ? MPLS_INPUT_CNT_POP : c;
}

// Our own label: the Ethernet header moves over it, the TTL goes down as in a pop.
static inline enum mpls_input_cnt mpls_input_pop_local(struct rte_mbuf *m, uint32_t lse)
{
	uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *);
	uint32_t ttl = lse & LSE_TTL, below;

	if (unlikely(lse & LSE_S))
		return MPLS_INPUT_CNT_POP_BOS;
	if (unlikely(ttl <= 1))
		return MPLS_INPUT_CNT_TTL;
	below = lse_get(p + ETH_LEN + LSE_LEN);
	if ((below & LSE_TTL) > ttl - 1)
		lse_put(p + ETH_LEN + LSE_LEN, (below & ~LSE_TTL) | (ttl - 1));
	memmove(p + LSE_LEN, p, ETH_LEN);
	rte_pktmbuf_adj(m, LSE_LEN);
	return MPLS_INPUT_CNT_LOCAL;
}

static inline enum mpls_input_cnt mpls_input_pop_l2(struct rte_mbuf *m, const struct dp_label *e,
	uint32_t lse)
{
	struct dp_meta *meta = dp_meta(m);
	uint32_t off = ETH_LEN + LSE_LEN;
	const struct rte_ether_hdr *inner;

	if (unlikely(!(lse & LSE_S)))
		return MPLS_INPUT_CNT_NOT_BOS;
	if (unlikely((lse & LSE_TTL) == 0))
		return MPLS_INPUT_CNT_TTL;
	if (e->control_word) {
		// RFC 4448 section 4.6: the first nibble is 0 (an IP packet would show 4 or
		// 6 there), the rest (flags, sequence number) is not used here.
		if (unlikely(rte_pktmbuf_data_len(m) < off + LSE_LEN))
			return MPLS_INPUT_CNT_CW_TRUNCATED;
		if (unlikely(*rte_pktmbuf_mtod_offset(m, const uint8_t *, off) >> 4 != 0))
			return MPLS_INPUT_CNT_BAD_CW;
		off += LSE_LEN;
	}
	if (unlikely(rte_pktmbuf_data_len(m) < off + ETH_LEN))
		return MPLS_INPUT_CNT_INNER_RUNT;
	inner = rte_pktmbuf_mtod_offset(m, const struct rte_ether_hdr *, off);
	if (unlikely(!rte_is_valid_assigned_ether_addr(&inner->src_addr)))
		return MPLS_INPUT_CNT_BAD_INNER_SRC_MAC;
	rte_pktmbuf_adj(m, (uint16_t)off);
	dp_mbuf_clear_offloads(m);
	meta->bd = e->bd;
	meta->in_vlan = 0;
	meta->from_tunnel = DP_FROM_TUNNEL;
	return MPLS_INPUT_CNT_L2;
}

// The per-VRF label: what is under it is an IP packet (RFC 9135 section 5.1: no inner
// Ethernet, no control word), its version in the first nibble. The outer Ethernet header
// moves over the label and becomes the frame l3vni_input expects from an L3VNI: to our
// router MAC in the VRF, of the IP version's ethertype. The label's TTL is not copied
// into the IP header (pipe: our PEs push 255); 0 is dropped as for the L2 label.
static inline enum mpls_input_cnt mpls_input_pop_vrf(struct rte_mbuf *m, const struct dp_label *e,
	uint32_t lse)
{
	const struct dp_vrf *vrf = rcu_dereference(dp_tables.vrf[e->vrf]);
	struct dp_meta *meta = dp_meta(m);
	struct rte_ether_hdr *eth;
	struct rte_ether_addr src;
	uint8_t version;

	if (unlikely(!(lse & LSE_S)))
		return MPLS_INPUT_CNT_NOT_BOS;
	if (unlikely((lse & LSE_TTL) == 0))
		return MPLS_INPUT_CNT_TTL;
	if (unlikely(rte_pktmbuf_data_len(m) < ETH_LEN + LSE_LEN + 1))
		return MPLS_INPUT_CNT_INNER_RUNT;
	version = *rte_pktmbuf_mtod_offset(m, const uint8_t *, ETH_LEN + LSE_LEN) >> 4;
	if (unlikely(version != 4 && version != 6))
		return MPLS_INPUT_CNT_BAD_IP_VERSION;
	if (unlikely(vrf == NULL))
		return MPLS_INPUT_CNT_NO_VRF; // its L3VNI went since the label was set
	src = rte_pktmbuf_mtod(m, struct rte_ether_hdr *)->src_addr;
	eth = (struct rte_ether_hdr *)rte_pktmbuf_adj(m, LSE_LEN);
	eth->dst_addr = vrf->router_mac;
	eth->src_addr = src;
	eth->ether_type =
		version == 4 ? RTE_BE16(RTE_ETHER_TYPE_IPV4) : RTE_BE16(RTE_ETHER_TYPE_IPV6);
	dp_mbuf_clear_offloads(m);
	meta->bd = 0;
	meta->vrf = e->vrf;
	meta->in_vlan = 0;
	meta->from_tunnel = DP_FROM_L3VNI;
	return MPLS_INPUT_CNT_VRF;
}

static inline enum mpls_input_cnt mpls_input_act(struct dp_worker *w, struct rte_mbuf *m,
	const struct dp_label *e, uint32_t lse)
{
	switch (e->action) {
	case DP_LABEL_POP_L2:
		return mpls_input_pop_l2(m, e, lse);
	case DP_LABEL_SWAP:
		return mpls_input_swap(w, m, e, lse);
	case DP_LABEL_POP:
		return mpls_input_pop(w, m, e, lse);
	case DP_LABEL_POP_LOCAL:
		return mpls_input_pop_local(m, lse);
	default: // (POP_VRF here: a case of its own made the L2 pop's switch dearer)
		if (e->action == DP_LABEL_POP_VRF)
			return mpls_input_pop_vrf(m, e, lse);
		return MPLS_INPUT_CNT_UNKNOWN;
	}
}

static const struct dp_label mpls_no_label; // action 0

void mpls_input_process(struct dp_worker *w, struct rte_mbuf **pkts, uint16_t n)
{
	uint64_t *cnt = dp_cnt(w, &mpls_input_node.cnt);
	struct dp_vec *to_l2 = dp_next(w, &mpls_input_node, MPLS_INPUT_TO_L2_FWD);
	const struct dp_label_table *t = rcu_dereference(dp_tables.labels);
	uint32_t size = t != NULL ? t->size : 0;
	const struct dp_label *e[DP_VEC_MAX];
	uint32_t top[DP_VEC_MAX];
	uint8_t ok[DP_VEC_MAX];

	// The lookups first, all of them (prefetched), then the actions.
	for (uint16_t i = 0; i < n; i++) {
		enum mpls_input_cnt c = mpls_input_stack(pkts[i], &top[i]);
		uint32_t label = top[i] >> 12;

		ok[i] = (uint8_t)c;
		e[i] = c == MPLS_INPUT_CNT_L2 && label < size ? &t->e[label] : &mpls_no_label;
		rte_prefetch0(e[i]);
	}
	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		enum mpls_input_cnt c = ok[i];

		if (likely(c == MPLS_INPUT_CNT_L2)) {
			c = mpls_input_act(w, m, e[i], top[i]);
			if (c != MPLS_INPUT_CNT_UNKNOWN)
				w->label_pkts[e[i]->slot]++;
		}
		switch (c) {
		case MPLS_INPUT_CNT_L2:
			dp_count(cnt, c);
			dp_vec_push(to_l2, m);
			break;
		case MPLS_INPUT_CNT_SWAP:
		case MPLS_INPUT_CNT_POP:
			dp_count(cnt, c); // sent (dp_tx)
			break;
		case MPLS_INPUT_CNT_LOCAL: // at most DP_MPLS_MAX_DEPTH laps: a label each
			dp_count(cnt, c);
			dp_vec_push(dp_next(w, &mpls_input_node, MPLS_INPUT_TO_SELF), m);
			break;
		case MPLS_INPUT_CNT_VRF:
			dp_count(cnt, c);
			dp_vec_push(dp_next(w, &mpls_input_node, MPLS_INPUT_TO_L3VNI_INPUT), m);
			break;
		default:
			dp_drop(cnt, m, c);
		}
	}
}

static struct dp_node mpls_input_node = {
	.name = "mpls_input",
	.process = mpls_input_process,
	.next = {[MPLS_INPUT_TO_L2_FWD] = "l2_fwd", [MPLS_INPUT_TO_SELF] = "mpls_input",
		[MPLS_INPUT_TO_L3VNI_INPUT] = "l3vni_input"},
	.cnt = {DP_COUNTER_BLOCK(MPLS_INPUT_COUNTERS)},
};
DP_NODE_REGISTER(mpls_input_node);
