// SPDX-License-Identifier: BSD-3-Clause
// vxlan_decap (RFC 7348): checks the UDP and VXLAN headers that underlay_input found,
// maps the VNI to a bridge domain and strips the outer headers -> l2_fwd.
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_udp.h>
#include <rte_vxlan.h>
#include <urcu/pointer.h>

#include "dp/core/dp_meta.h"
#include "dp/core/dp_worker.h"

#define VXLAN_FLAG_I RTE_BE32(0x08000000)

// RFC 7348 section 5: verifying a non-zero outer UDP checksum is optional. We drop
// what the NIC found bad and do not verify in software: virtual ports (veth behind
// af_packet) hand over checksums the sender left partial, and the inner frame
// carries its own checksums.
static inline bool vxlan_udp_csum_ok(const struct rte_mbuf *m)
{
	return (m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK) != RTE_MBUF_F_RX_L4_CKSUM_BAD;
}

static inline enum dp_counter vxlan_decap_one(struct rte_mbuf *m, const struct dp_vni_map *vm)
{
	struct dp_meta *meta = dp_meta(m);
	uint16_t l3_off = sizeof(struct rte_ether_hdr);
	uint16_t l4_off = l3_off + meta->l3_len;
	uint16_t outer = l4_off + sizeof(struct rte_udp_hdr) + sizeof(struct rte_vxlan_hdr);
	const struct rte_udp_hdr *udp = rte_pktmbuf_mtod_offset(m, const struct rte_udp_hdr *, l4_off);
	const struct rte_vxlan_hdr *vx;
	uint32_t udp_len = rte_be_to_cpu_16(udp->dgram_len);
	uint16_t bd;

	if (unlikely(rte_pktmbuf_data_len(m) < outer || udp_len < (uint32_t)(outer - l4_off) ||
		    udp_len != rte_pktmbuf_pkt_len(m) - l4_off))
		return DP_CNT_VXLAN_DECAP_BAD_UDP_LENGTH;
	if (udp->dgram_cksum != 0 && unlikely(!vxlan_udp_csum_ok(m)))
		return DP_CNT_VXLAN_DECAP_BAD_UDP_CHECKSUM;
	vx = (const struct rte_vxlan_hdr *)(udp + 1);
	if (unlikely(!(vx->vx_flags & VXLAN_FLAG_I)))
		return DP_CNT_VXLAN_DECAP_BAD_FLAGS;
	bd = dp_vni_to_bd(vm, rte_be_to_cpu_32(vx->vx_vni) >> 8);
	if (unlikely(bd == 0))
		return DP_CNT_VXLAN_DECAP_UNKNOWN_VNI;
	if (unlikely(rte_pktmbuf_data_len(m) < outer + sizeof(struct rte_ether_hdr)))
		return DP_CNT_VXLAN_DECAP_INNER_RUNT;
	rte_pktmbuf_adj(m, outer);
	m->ol_flags = 0;
	meta->bd = bd;
	meta->in_vlan = 0;
	meta->from_tunnel = 1;
	return DP_CNT_VXLAN_DECAP_L2;
}

void vxlan_decap_process(struct dp_worker *w, struct rte_mbuf **pkts, uint16_t n)
{
	const struct dp_vni_map *vm = rcu_dereference(dp_tables.vni_map);

	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		enum dp_counter edge = vxlan_decap_one(m, vm);

		if (likely(edge == DP_CNT_VXLAN_DECAP_L2)) {
			dp_count(w, edge);
			dp_vec_push(&w->l2, m);
		} else {
			dp_drop(w, m, edge);
		}
	}
}
