// SPDX-License-Identifier: BSD-3-Clause
// vxlan_encap (RFC 7348): prepends the remote VTEP's prebuilt outer Ethernet/IP/UDP/
// VXLAN header, then fills what depends on the packet: lengths, the IPv4 header
// checksum (incremental from the template's), the UDP source port (a hash of the inner
// flow, for ECMP in the underlay), the VNI, and for IPv6 the UDP checksum -> tx.
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_udp.h>
#include <rte_vxlan.h>
#include <urcu/pointer.h>

#include "dp/core/dp_csum.h"
#include "dp/core/dp_flow_hash.h"
#include "dp/core/dp_meta.h"
#include "dp/core/dp_worker.h"

enum vxlan_encap_next { VXLAN_ENCAP_TO_MPLS_ENCAP };
// Every edge it takes and every drop, named (the drops: true).
#define VXLAN_ENCAP_COUNTERS(X)                                                            \
	X(VXLAN_ENCAP_CNT_TX, "to_tx", false)                                              \
	X(VXLAN_ENCAP_CNT_MPLS, "to_mpls_encap", false)                                    \
	X(VXLAN_ENCAP_CNT_NO_NEXTHOP, "no_nexthop", true)                                  \
	X(VXLAN_ENCAP_CNT_UNRESOLVED, "unresolved_nexthop", true)                          \
	X(VXLAN_ENCAP_CNT_NO_HEADROOM, "no_headroom", true)
DP_COUNTER_ENUM(vxlan_encap_cnt, VXLAN_ENCAP_COUNTERS);
static struct dp_node vxlan_encap_node;
dp_node_process_t vxlan_encap_process;

#define ETH_LEN sizeof(struct rte_ether_hdr)

static inline void vxlan_encap_fill4(struct rte_mbuf *m, const struct dp_nh *nh,
	rte_be16_t sport, uint32_t vni)
{
	uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *);
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(p + ETH_LEN);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);
	struct rte_vxlan_hdr *vx = (struct rte_vxlan_hdr *)(udp + 1);
	uint16_t ip_len = (uint16_t)(rte_pktmbuf_pkt_len(m) - ETH_LEN);

	ip->total_length = rte_cpu_to_be_16(ip_len);
	ip->hdr_checksum = (rte_be16_t)~csum_fold(nh->ip4_csum_base + rte_cpu_to_be_16(ip_len));
	udp->src_port = sport;
	udp->dgram_len = rte_cpu_to_be_16((uint16_t)(ip_len - sizeof(*ip)));
	vx->vx_vni = rte_cpu_to_be_32(vni << 8);
}

static inline void vxlan_encap_fill6(struct rte_mbuf *m, const struct dp_nh *nh,
	rte_be16_t sport, uint32_t vni)
{
	uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *);
	struct rte_ipv6_hdr *ip = (struct rte_ipv6_hdr *)(p + ETH_LEN);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);
	struct rte_vxlan_hdr *vx = (struct rte_vxlan_hdr *)(udp + 1);
	uint16_t udp_len = (uint16_t)(rte_pktmbuf_pkt_len(m) - ETH_LEN - sizeof(*ip));
	uint32_t sum;
	uint16_t csum;

	ip->payload_len = rte_cpu_to_be_16(udp_len);
	udp->src_port = sport;
	udp->dgram_len = rte_cpu_to_be_16(udp_len);
	udp->dgram_cksum = 0;
	vx->vx_vni = rte_cpu_to_be_32(vni << 8);
	// IPv6 requires a UDP checksum by default (RFC 8200); receivers may accept zero
	// for tunnels (RFC 6935) but Linux does not unless told to.
	sum = nh->ip6_pseudo_base + rte_cpu_to_be_16(udp_len);
	sum += csum_sum_mbuf(m, ETH_LEN + sizeof(*ip), udp_len);
	csum = (uint16_t)~csum_fold(csum_fold(sum));
	udp->dgram_cksum = csum == 0 ? 0xffff : csum;
}

static inline enum vxlan_encap_cnt vxlan_encap_one(struct rte_mbuf *m, const struct dp_nh *nh,
	uint32_t vni)
{
	rte_be16_t sport;
	uint8_t *hdr;

	if (unlikely(nh == NULL))
		return VXLAN_ENCAP_CNT_NO_NEXTHOP;
	// One compare for both: a next hop that is not VXLAN is unresolved or an MPLS PE
	// (the remote MACs and flood lists of MPLS domains hold those).
	if (unlikely(nh->resolved != DP_NH_VXLAN))
		return nh->resolved == DP_NH_MPLS ? VXLAN_ENCAP_CNT_MPLS : VXLAN_ENCAP_CNT_UNRESOLVED;
	sport = dp_flow_sport(dp_flow_hash(m));
	hdr = (uint8_t *)rte_pktmbuf_prepend(m, nh->hdr_len);
	if (unlikely(hdr == NULL))
		return VXLAN_ENCAP_CNT_NO_HEADROOM;
	rte_memcpy(hdr, nh->hdr, nh->hdr_len);
	dp_mbuf_clear_offloads(m);
	if (nh->ipv6)
		vxlan_encap_fill6(m, nh, sport, vni);
	else
		vxlan_encap_fill4(m, nh, sport, vni);
	return VXLAN_ENCAP_CNT_TX;
}

// A full vector is run now, not grown: bum_flood may run this node many times in one
// sweep (one frame to many PEs).
static __rte_noinline void vxlan_encap_to_mpls(struct dp_worker *w, uint64_t *cnt,
	struct rte_mbuf *m)
{
	struct dp_vec *v = dp_next(w, &vxlan_encap_node, VXLAN_ENCAP_TO_MPLS_ENCAP);

	if (unlikely(v->n == DP_VEC_MAX))
		dp_node_run(w, vxlan_encap_node.next_id[VXLAN_ENCAP_TO_MPLS_ENCAP]);
	dp_count(cnt, VXLAN_ENCAP_CNT_MPLS);
	dp_vec_push(v, m);
}

void vxlan_encap_process(struct dp_worker *w, struct rte_mbuf **pkts, uint16_t n)
{
	uint64_t *cnt = dp_cnt(w, &vxlan_encap_node.cnt);
	uint16_t sent = 0; // counted once per burst: the loop needs w for dp_tx

	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		const struct dp_meta *meta = dp_meta(m);
		const struct dp_nh *nh = meta->nh < DP_MAX_NEXTHOPS ?
			rcu_dereference(dp_tables.nh[meta->nh]) : NULL;
		enum vxlan_encap_cnt edge = vxlan_encap_one(m, nh, meta->vni);

		if (likely(edge == VXLAN_ENCAP_CNT_TX)) {
			sent++;
			dp_tx(w, nh->port, m);
		} else if (edge == VXLAN_ENCAP_CNT_MPLS) {
			vxlan_encap_to_mpls(w, cnt, m);
		} else {
			dp_drop(cnt, m, edge);
		}
	}
	cnt[VXLAN_ENCAP_CNT_TX] += sent;
}

// Frames leave by tx; those to MPLS PEs by mpls_encap.
static struct dp_node vxlan_encap_node = {
	.name = "vxlan_encap",
	.process = vxlan_encap_process,
	.next = {[VXLAN_ENCAP_TO_MPLS_ENCAP] = "mpls_encap"},
	.cnt = {DP_COUNTER_BLOCK(VXLAN_ENCAP_COUNTERS)},
};
DP_NODE_REGISTER(vxlan_encap_node);
