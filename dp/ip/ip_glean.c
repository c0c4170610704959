// SPDX-License-Identifier: BSD-3-Clause
// ip_glean: ip_forward found a route to a host of a connected subnet (or a `via` router)
// whose MAC the proxy table does not know yet. The packet itself becomes an ARP request
// (IPv4) or a neighbour solicitation (IPv6) for that address, from the out domain's
// anycast gateway (its MAC, its first address of the family), and floods the domain:
// local ports and remote VTEPs. The host's answer to the gateway MAC is snooped like
// any ARP/NA from an access port (a binding and a MAC+IP route), so the next packet is
// routed. The packet that asked is not held: it is the request (counted).
// Rate-limited per worker: one request per (domain, address) per second, and at most
// IP_GLEAN_PER_SEC a second in all, so a scan of a subnet cannot flood the overlay.
#include <rte_ether.h>
#include <rte_hash_crc.h>
#include <rte_ip.h>
#include <rte_per_lcore.h>
#include <urcu/pointer.h>

#include "dp/core/dp_meta.h"
#include "dp/core/dp_worker.h"
#include "dp/ip/nd_packet.h"

enum ip_glean_next { IP_GLEAN_TO_BUM_FLOOD };
#define IP_GLEAN_COUNTERS(X)                                                                       \
	X(IP_GLEAN_CNT_ARP, "arp_request_sent", false)                                             \
	X(IP_GLEAN_CNT_NS, "ns_sent", false)                                                       \
	X(IP_GLEAN_CNT_PENDING, "request_pending", true)                                           \
	X(IP_GLEAN_CNT_RATE, "rate_limited", true)                                                 \
	X(IP_GLEAN_CNT_NO_SOURCE, "no_gateway_address", true)                                      \
	X(IP_GLEAN_CNT_BAD, "malformed", true)
DP_COUNTER_ENUM(ip_glean_cnt, IP_GLEAN_COUNTERS);
static struct dp_node ip_glean_node;
dp_node_process_t ip_glean_process;

#define IP_GLEAN_PER_SEC 100
#define IP_GLEAN_SLOTS 256 // remembered (domain, address) pairs per worker

struct ip_glean_state {
	uint16_t sec; // of sent
	uint16_t sent;
	struct {
		uint32_t tag;
		uint16_t sec;
	} slot[IP_GLEAN_SLOTS];
};
static RTE_DEFINE_PER_LCORE(struct ip_glean_state, ip_glean_state);

// The address to resolve (the packet's destination: ip_forward put the router's there
// for a `via` route) and its family, or 0.
static uint8_t ip_glean_target(struct rte_mbuf *m, uint8_t target[16])
{
	const struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	uint32_t len = rte_pktmbuf_data_len(m);

	if (eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_IPV4) &&
		len >= sizeof(*eth) + sizeof(struct rte_ipv4_hdr)) {
		memcpy(target, &((const struct rte_ipv4_hdr *)(eth + 1))->dst_addr, 4);
		return AF_INET;
	}
	if (eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_IPV6) &&
		len >= sizeof(*eth) + sizeof(struct rte_ipv6_hdr)) {
		memcpy(target, ((const struct rte_ipv6_hdr *)(eth + 1))->dst_addr, 16);
		return AF_INET6;
	}
	return 0;
}

// Whether a request for (bd, target) may go now; if so it is remembered as sent.
static enum ip_glean_cnt ip_glean_admit(
	struct dp_worker *w, uint16_t bd, uint8_t family, const uint8_t target[16])
{
	struct ip_glean_state *s = &RTE_PER_LCORE(ip_glean_state);
	uint64_t a, b = 0;
	uint32_t tag;
	unsigned slot;

	memcpy(&a, target, 8);
	if (family == AF_INET6)
		memcpy(&b, target + 8, 8);
	else
		a &= 0xffffffffu;
	tag = rte_hash_crc_8byte(b, rte_hash_crc_8byte(a, rte_hash_crc_4byte(bd, family)));
	slot = tag % IP_GLEAN_SLOTS;
	if (s->slot[slot].tag == tag && s->slot[slot].sec == w->now_sec)
		return IP_GLEAN_CNT_PENDING; // asked this second: the answer is on its way
	if (s->sec != w->now_sec) {
		s->sec = w->now_sec;
		s->sent = 0;
	}
	if (s->sent >= IP_GLEAN_PER_SEC)
		return IP_GLEAN_CNT_RATE;
	s->sent++;
	s->slot[slot].tag = tag;
	s->slot[slot].sec = w->now_sec;
	return family == AF_INET ? IP_GLEAN_CNT_ARP : IP_GLEAN_CNT_NS;
}

static enum ip_glean_cnt ip_glean_one(struct dp_worker *w, struct rte_mbuf *m)
{
	struct dp_meta *meta = dp_meta(m);
	const struct dp_bd *bd = rcu_dereference(dp_tables.bd[meta->bd]);
	const struct dp_ip *src;
	uint8_t target[16];
	uint8_t family = ip_glean_target(m, target);
	enum ip_glean_cnt edge;
	rte_be32_t t4;
	int ret;

	if (family == 0 || m->nb_segs != 1)
		return IP_GLEAN_CNT_BAD;
	if (bd == NULL || !bd->has_gw)
		return IP_GLEAN_CNT_NO_SOURCE;
	src = family == AF_INET ? &bd->glean_src4 : &bd->glean_src6;
	if (src->family != family)
		return IP_GLEAN_CNT_NO_SOURCE;
	edge = ip_glean_admit(w, meta->bd, family, target);
	if (edge != IP_GLEAN_CNT_ARP && edge != IP_GLEAN_CNT_NS)
		return edge;
	rte_pktmbuf_reset(m);
	memcpy(&t4, target, 4);
	ret = family == AF_INET ? arp_build_request(m, &bd->gw_mac, src->v4.s_addr, t4)
				: nd_build_ns(m, &bd->gw_mac, &src->v6, (const struct in6_addr *)target);
	if (ret < 0)
		return IP_GLEAN_CNT_BAD;
	// Sent into the domain as the routed packets are: no source to learn, no port to skip.
	meta->from_tunnel = DP_FROM_ROUTER;
	meta->in_port = DP_PORT_ROUTED;
	meta->in_vlan = 0;
	return edge;
}

void ip_glean_process(struct dp_worker *w, struct rte_mbuf **pkts, uint16_t n)
{
	uint64_t *cnt = dp_cnt(w, &ip_glean_node.cnt);
	struct dp_vec *flood = dp_next(w, &ip_glean_node, IP_GLEAN_TO_BUM_FLOOD);

	for (uint16_t i = 0; i < n; i++) {
		enum ip_glean_cnt edge = ip_glean_one(w, pkts[i]);

		if (edge == IP_GLEAN_CNT_ARP || edge == IP_GLEAN_CNT_NS) {
			dp_count(cnt, edge);
			dp_vec_push(flood, pkts[i]);
		} else {
			dp_drop(cnt, pkts[i], edge);
		}
	}
}

static struct dp_node ip_glean_node = {
	.name = "ip_glean",
	.process = ip_glean_process,
	.next = {[IP_GLEAN_TO_BUM_FLOOD] = "bum_flood"},
	.cnt = {DP_COUNTER_BLOCK(IP_GLEAN_COUNTERS)},
};
DP_NODE_REGISTER(ip_glean_node);
