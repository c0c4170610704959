// SPDX-License-Identifier: BSD-3-Clause
// l3vni_input (RFC 9135 symmetric IRB): what vxlan_decap received in the L3VNI of a VRF.
// The remote VTEP routed it there, to our router MAC in that VRF; we route it again in
// the VRF (ip_forward), toward a host of a local bridge domain. It checks what gw_input
// checks for ip_forward on the access side: the inner destination is our router MAC,
// an IPv4 header that is whole with a good checksum, or an IPv6 one; anything else is
// a counted drop (no bridging in an L3VNI).
#include <rte_ether.h>
#include <rte_ip.h>
#include <urcu/pointer.h>

#include "dp/core/dp_csum.h"
#include "dp/core/dp_meta.h"
#include "dp/core/dp_worker.h"

enum l3vni_input_next { L3VNI_INPUT_TO_IP_FORWARD };

#define L3VNI_INPUT_COUNTERS(X)                                                                    \
	X(L3VNI_INPUT_CNT_ROUTE4, "to_route4", false)                                              \
	X(L3VNI_INPUT_CNT_ROUTE6, "to_route6", false)                                              \
	X(L3VNI_INPUT_CNT_NO_VRF, "no_l3vni", true)                                                \
	X(L3VNI_INPUT_CNT_NOT_RMAC, "not_router_mac", true)                                        \
	X(L3VNI_INPUT_CNT_NOT_IP, "not_ip", true)                                                  \
	X(L3VNI_INPUT_CNT_BAD_IP, "malformed_ip", true)
DP_COUNTER_ENUM(l3vni_input_cnt, L3VNI_INPUT_COUNTERS);
static struct dp_node l3vni_input_node;
dp_node_process_t l3vni_input_process;

static enum l3vni_input_cnt l3vni_input_check4(const struct rte_mbuf *m)
{
	const struct rte_ipv4_hdr *ip = rte_pktmbuf_mtod_offset(
		m, const struct rte_ipv4_hdr *, sizeof(struct rte_ether_hdr));
	uint32_t avail = rte_pktmbuf_data_len(m) - sizeof(struct rte_ether_hdr), hlen, tot;

	if (avail < sizeof(*ip) || (ip->version_ihl >> 4) != 4)
		return L3VNI_INPUT_CNT_BAD_IP;
	hlen = (uint32_t)(ip->version_ihl & RTE_IPV4_HDR_IHL_MASK) * RTE_IPV4_IHL_MULTIPLIER;
	tot = rte_be_to_cpu_16(ip->total_length);
	if (hlen < sizeof(*ip) || tot < hlen || tot > avail || !csum_ip4_hdr_ok(ip, hlen))
		return L3VNI_INPUT_CNT_BAD_IP;
	return L3VNI_INPUT_CNT_ROUTE4;
}

static enum l3vni_input_cnt l3vni_input_check6(const struct rte_mbuf *m)
{
	const struct rte_ipv6_hdr *ip = rte_pktmbuf_mtod_offset(
		m, const struct rte_ipv6_hdr *, sizeof(struct rte_ether_hdr));
	uint32_t avail = rte_pktmbuf_data_len(m) - sizeof(struct rte_ether_hdr);

	if (avail < sizeof(*ip) || (rte_be_to_cpu_32(ip->vtc_flow) >> 28) != 6 ||
		rte_be_to_cpu_16(ip->payload_len) > avail - sizeof(*ip))
		return L3VNI_INPUT_CNT_BAD_IP;
	return L3VNI_INPUT_CNT_ROUTE6;
}

static enum l3vni_input_cnt l3vni_input_one(struct rte_mbuf *m)
{
	const struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	const struct dp_vrf *vrf = rcu_dereference(dp_tables.vrf[dp_meta(m)->vrf]);

	if (vrf == NULL)
		return L3VNI_INPUT_CNT_NO_VRF; // the L3VNI went since vxlan_decap looked
	if (!rte_is_same_ether_addr(&eth->dst_addr, &vrf->router_mac))
		return L3VNI_INPUT_CNT_NOT_RMAC;
	if (m->nb_segs != 1)
		return L3VNI_INPUT_CNT_BAD_IP;
	if (eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_IPV4))
		return l3vni_input_check4(m);
	if (eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_IPV6))
		return l3vni_input_check6(m);
	return L3VNI_INPUT_CNT_NOT_IP;
}

void l3vni_input_process(struct dp_worker *w, struct rte_mbuf **pkts, uint16_t n)
{
	uint64_t *cnt = dp_cnt(w, &l3vni_input_node.cnt);
	struct dp_vec *fwd = dp_next(w, &l3vni_input_node, L3VNI_INPUT_TO_IP_FORWARD);

	for (uint16_t i = 0; i < n; i++) {
		enum l3vni_input_cnt edge = l3vni_input_one(pkts[i]);

		if (edge <= L3VNI_INPUT_CNT_ROUTE6) {
			dp_count(cnt, edge);
			dp_vec_push(fwd, pkts[i]);
		} else {
			dp_drop(cnt, pkts[i], edge);
		}
	}
}

static struct dp_node l3vni_input_node = {
	.name = "l3vni_input",
	.process = l3vni_input_process,
	.next = {[L3VNI_INPUT_TO_IP_FORWARD] = "ip_forward"},
	.cnt = {DP_COUNTER_BLOCK(L3VNI_INPUT_COUNTERS)},
};
DP_NODE_REGISTER(l3vni_input_node);
