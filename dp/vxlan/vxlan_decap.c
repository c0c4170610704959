// SPDX-License-Identifier: BSD-3-Clause
// vxlan_decap (RFC 7348): checks the UDP and VXLAN headers that underlay_input found,
// maps the VNI to a bridge domain and strips the outer headers -> l2_fwd. An L3VNI (the
// VNI of a VRF, symmetric IRB) goes to l3vni_input instead, to be routed in that VRF.
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_udp.h>
#include <rte_vxlan.h>
#include <urcu/pointer.h>

#include "dp/core/dp_csum.h"
#include "dp/core/dp_meta.h"
#include "dp/core/dp_worker.h"

enum vxlan_decap_next { VXLAN_DECAP_TO_L2_FWD, VXLAN_DECAP_TO_L3VNI_INPUT };
// Every edge it takes and every drop, named (the drops: true).
#define VXLAN_DECAP_COUNTERS(X)                                                            \
	X(VXLAN_DECAP_CNT_L2, "to_l2", false)                                              \
	X(VXLAN_DECAP_CNT_L3, "to_l3vni", false)                                           \
	X(VXLAN_DECAP_CNT_BAD_UDP_LENGTH, "bad_udp_length", true)                          \
	X(VXLAN_DECAP_CNT_BAD_UDP_CHECKSUM, "bad_udp_checksum", true)                      \
	X(VXLAN_DECAP_CNT_BAD_FLAGS, "bad_flags", true)                                    \
	X(VXLAN_DECAP_CNT_UNKNOWN_VNI, "unknown_vni", true)                                \
	X(VXLAN_DECAP_CNT_INNER_RUNT, "inner_runt", true)                                  \
	X(VXLAN_DECAP_CNT_BAD_INNER_SRC_MAC, "bad_inner_src_mac", true)
DP_COUNTER_ENUM(vxlan_decap_cnt, VXLAN_DECAP_COUNTERS);
static struct dp_node vxlan_decap_node;
dp_node_process_t vxlan_decap_process;

#define VXLAN_FLAG_I RTE_BE32(0x08000000)

// RFC 7348 section 5: a zero UDP checksum is accepted; verifying a non-zero one is
// optional. A NIC's verdict is always followed. Without one:
// - over IPv4 we do not verify: the IPv4 header checksum (checked) already protects
//   the addresses, the inner frame carries its own end-to-end checksums, and Linux
//   VTEPs send zero over IPv4 by default;
// - over IPv6 we verify: there the UDP checksum is the only protection of the
//   addresses (RFC 8200 8.1, RFC 6936), and zero is allowed for tunnels (RFC 6935),
//   as Linux accepts it with udp6zerocsumrx. A Linux sender on the same host behind a
//   veth leaves the checksum partial (completed only by a real NIC): turn its tx
//   checksumming off (README, How it works).
static __rte_noinline bool vxlan_udp6_csum_ok(const struct rte_mbuf *m, uint16_t l4_off,
	uint32_t udp_len)
{
	const struct rte_ipv6_hdr *ip =
		rte_pktmbuf_mtod_offset(m, const struct rte_ipv6_hdr *, sizeof(struct rte_ether_hdr));
	// Pseudo-header (RFC 8200 8.1): addresses, upper-layer length, next header 17.
	uint32_t sum = csum_sum(ip->src_addr, 32) + rte_cpu_to_be_16((uint16_t)udp_len) +
		       rte_cpu_to_be_16(IPPROTO_UDP);

	sum += csum_sum_mbuf(m, l4_off, udp_len);
	return csum_fold(sum) == 0xffff;
}

static inline bool vxlan_udp_csum_ok(const struct rte_mbuf *m, uint16_t l4_off, uint32_t udp_len)
{
	uint64_t f = m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK;

	if (f != RTE_MBUF_F_RX_L4_CKSUM_UNKNOWN) // GOOD, or NONE: the data is known intact
		return f != RTE_MBUF_F_RX_L4_CKSUM_BAD;
	if ((*rte_pktmbuf_mtod_offset(m, const uint8_t *, sizeof(struct rte_ether_hdr)) >> 4) == 4)
		return true;
	return vxlan_udp6_csum_ok(m, l4_off, udp_len);
}

static inline enum vxlan_decap_cnt vxlan_decap_one(struct rte_mbuf *m, const struct dp_vni_map *vm)
{
	struct dp_meta *meta = dp_meta(m);
	uint16_t l3_off = sizeof(struct rte_ether_hdr);
	uint16_t l4_off = l3_off + meta->l3_len;
	uint16_t outer = l4_off + sizeof(struct rte_udp_hdr) + sizeof(struct rte_vxlan_hdr);
	const struct rte_udp_hdr *udp = rte_pktmbuf_mtod_offset(m, const struct rte_udp_hdr *, l4_off);
	const struct rte_vxlan_hdr *vx;
	const struct rte_ether_hdr *inner;
	uint32_t udp_len = rte_be_to_cpu_16(udp->dgram_len);
	uint16_t bd;

	if (unlikely(rte_pktmbuf_data_len(m) < outer || udp_len < (uint32_t)(outer - l4_off) ||
		    udp_len != rte_pktmbuf_pkt_len(m) - l4_off))
		return VXLAN_DECAP_CNT_BAD_UDP_LENGTH;
	if (udp->dgram_cksum != 0 && unlikely(!vxlan_udp_csum_ok(m, l4_off, udp_len)))
		return VXLAN_DECAP_CNT_BAD_UDP_CHECKSUM;
	vx = (const struct rte_vxlan_hdr *)(udp + 1);
	if (unlikely(!(vx->vx_flags & VXLAN_FLAG_I)))
		return VXLAN_DECAP_CNT_BAD_FLAGS;
	bd = dp_vni_to_bd(vm, rte_be_to_cpu_32(vx->vx_vni) >> 8);
	if (unlikely(bd == 0))
		return VXLAN_DECAP_CNT_UNKNOWN_VNI;
	if (unlikely(rte_pktmbuf_data_len(m) < outer + sizeof(struct rte_ether_hdr)))
		return VXLAN_DECAP_CNT_INNER_RUNT;
	// As from an access port: a group or zero source is no host's, never learned.
	inner = (const struct rte_ether_hdr *)(vx + 1);
	if (unlikely(!rte_is_valid_assigned_ether_addr(&inner->src_addr)))
		return VXLAN_DECAP_CNT_BAD_INNER_SRC_MAC;
	rte_pktmbuf_adj(m, outer);
	dp_mbuf_clear_offloads(m);
	meta->in_vlan = 0;
	if (unlikely(bd & DP_VNI_L3)) {
		meta->bd = 0;
		meta->vrf = bd & ~DP_VNI_L3;
		meta->from_tunnel = DP_FROM_L3VNI;
		return VXLAN_DECAP_CNT_L3;
	}
	meta->bd = bd;
	meta->from_tunnel = DP_FROM_TUNNEL;
	return VXLAN_DECAP_CNT_L2;
}

void vxlan_decap_process(struct dp_worker *w, struct rte_mbuf **pkts, uint16_t n)
{
	uint64_t *cnt = dp_cnt(w, &vxlan_decap_node.cnt);
	struct dp_vec *to_l2 = dp_next(w, &vxlan_decap_node, VXLAN_DECAP_TO_L2_FWD);
	struct dp_vec *to_l3 = dp_next(w, &vxlan_decap_node, VXLAN_DECAP_TO_L3VNI_INPUT);
	const struct dp_vni_map *vm = rcu_dereference(dp_tables.vni_map);

	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		enum vxlan_decap_cnt edge = vxlan_decap_one(m, vm);

		if (likely(edge == VXLAN_DECAP_CNT_L2)) {
			dp_count(cnt, edge);
			dp_vec_push(to_l2, m);
		} else if (edge == VXLAN_DECAP_CNT_L3) {
			dp_count(cnt, edge);
			dp_vec_push(to_l3, m);
		} else {
			dp_drop(cnt, m, edge);
		}
	}
}

static struct dp_node vxlan_decap_node = {
	.name = "vxlan_decap",
	.process = vxlan_decap_process,
	.next = {[VXLAN_DECAP_TO_L2_FWD] = "l2_fwd", [VXLAN_DECAP_TO_L3VNI_INPUT] = "l3vni_input"},
	.cnt = {DP_COUNTER_BLOCK(VXLAN_DECAP_COUNTERS)},
};
DP_NODE_REGISTER(vxlan_decap_node);
