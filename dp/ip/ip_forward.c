// SPDX-License-Identifier: BSD-3-Clause
// ip_forward: routes what gw_input received for the anycast gateway but not addressed
// to it (asymmetric IRB). The ingress bridge domain names the VRF; a longest-prefix
// match in its FIB (dp/ip/vrf_fib.h) gives a route next hop: a connected subnet of a
// bridge domain (the destination resolved in that domain's proxy ARP/ND table), a
// router in one (a static route's `via`), or a blackhole. The frame leaves from the
// out domain's gateway MAC to the host's MAC, TTL or hop limit one less, and goes back
// to l2_fwd in the out domain: to a local port, or over VXLAN with that domain's VNI
// to the VTEP the host is behind (ip_forward looks the host's MAC up itself and sends a
// known local or remote one on directly; l2_fwd takes the rest). IPv4 options and fragments are
// forwarded as they are (a router needs neither). A host the proxy table does not know
// yet is resolved by ip_glean (the packet becomes its ARP request or NS). A destination that resolves to a gateway address (of this domain or another of the VRF)
// goes back to gw_input, marked DP_FROM_GATEWAY, which answers it: gw_input does not look its
// destination up itself, so a routed packet pays one lookup, not two.
// Symmetric IRB (RFC 9135): a route via a remote VTEP's L3 next hop (DP_RNH_REMOTE_L3) sends
// the packet to vxlan_encap in the VRF's L3VNI, from our router MAC to the VTEP's; what
// came in an L3VNI (l3vni_input, DP_FROM_L3VNI) is routed in that L3VNI's VRF.
#include <rte_ether.h>
#include <rte_ip.h>
#include <urcu/pointer.h>

#include "dp/core/dp_meta.h"
#include "dp/core/dp_worker.h"
#include "dp/ip/rnh_ecmp.h"
#include "dp/ip/vrf_fib.h"

enum ip_forward_next {
	IP_FORWARD_TO_L2_FWD,
	IP_FORWARD_TO_GW_INPUT,
	IP_FORWARD_TO_VXLAN_ENCAP,
	IP_FORWARD_TO_IP_GLEAN,
	IP_FORWARD_TO_ICMP_ERROR,
};

#define IP_FORWARD_COUNTERS(X)                                                                     \
	X(IP_FORWARD_CNT_ROUTED4, "routed4", false)                                                \
	X(IP_FORWARD_CNT_ROUTED6, "routed6", false)                                                \
	X(IP_FORWARD_CNT_TO_L3VNI, "routed_l3vni", false)                                          \
	X(IP_FORWARD_CNT_TO_GW, "to_gateway", false)                                               \
	X(IP_FORWARD_CNT_NO_ROUTE, "no_route", false)                                              \
	X(IP_FORWARD_CNT_GLEAN, "glean_unknown_host", false)                                       \
	X(IP_FORWARD_CNT_TTL, "ttl_exceeded", false)                                               \
	X(IP_FORWARD_CNT_BLACKHOLE, "blackhole", true)                                             \
	X(IP_FORWARD_CNT_NOT_ROUTABLE, "dst_not_routable", true)                                   \
	X(IP_FORWARD_CNT_NO_OUT_GW, "out_domain_no_gateway", true)                                 \
	X(IP_FORWARD_CNT_BAD_IP, "malformed_ip", true)                                             \
	X(IP_FORWARD_CNT_L3VNI_TO_GW, "l3vni_to_gateway", true)
DP_COUNTER_ENUM(ip_forward_cnt, IP_FORWARD_COUNTERS);
static struct dp_node ip_forward_node;
dp_node_process_t ip_forward_process;

#define IP_FORWARD_CHUNK 32

// A packet on its way through a chunk: its family, its destination, the FIB's answer.
struct ip_forward_pkt {
	uint8_t family; // 0: already dropped
	uint8_t key;	// index of its proxy key, 0xff none
	bool expired;	// TTL or hop limit <= 1: routed nowhere, but the gateway answers
	uint8_t *dst;	// in the packet
	uint32_t rnh;
	const struct dp_rnh *nh;
};

// RFC 1624 (eqn. 3): the checksum after the TTL's word (TTL, protocol) loses 0x0100:
// HC' = ~(~HC + ~m + m') with ~m + m' = 0xfeff.
static inline void ip_forward_dec_ttl(struct rte_ipv4_hdr *ip)
{
	uint32_t sum = (uint16_t)~rte_be_to_cpu_16(ip->hdr_checksum) + 0xfeffu;

	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	ip->hdr_checksum = rte_cpu_to_be_16((uint16_t)~sum);
	ip->time_to_live--;
}

// gw_input checked lengths and the checksum; what routing adds.
static enum ip_forward_cnt ip_forward_check4(struct rte_mbuf *m, struct ip_forward_pkt *p)
{
	struct rte_ipv4_hdr *ip =
		rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *, sizeof(struct rte_ether_hdr));
	uint32_t dst = rte_be_to_cpu_32(ip->dst_addr);

	if (rte_pktmbuf_data_len(m) < sizeof(struct rte_ether_hdr) + sizeof(*ip) ||
		(ip->version_ihl >> 4) != 4)
		return IP_FORWARD_CNT_BAD_IP;
	if (dst == 0 || (dst >> 28) == 0xe || dst == 0xffffffff || (dst >> 24) == 127)
		return IP_FORWARD_CNT_NOT_ROUTABLE;
	p->expired = ip->time_to_live <= 1;
	p->family = AF_INET;
	p->dst = (uint8_t *)&ip->dst_addr;
	return IP_FORWARD_CNT_ROUTED4;
}

static enum ip_forward_cnt ip_forward_check6(struct rte_mbuf *m, struct ip_forward_pkt *p)
{
	struct rte_ipv6_hdr *ip =
		rte_pktmbuf_mtod_offset(m, struct rte_ipv6_hdr *, sizeof(struct rte_ether_hdr));

	if (rte_pktmbuf_data_len(m) < sizeof(struct rte_ether_hdr) + sizeof(*ip) ||
		(rte_be_to_cpu_32(ip->vtc_flow) >> 28) != 6)
		return IP_FORWARD_CNT_BAD_IP;
	// multicast, link-local (fe80::/10): never routed
	if (ip->dst_addr[0] == 0xff ||
		(ip->dst_addr[0] == 0xfe && (ip->dst_addr[1] & 0xc0) == 0x80))
		return IP_FORWARD_CNT_NOT_ROUTABLE;
	p->expired = ip->hop_limits <= 1;
	p->family = AF_INET6;
	p->dst = ip->dst_addr;
	return IP_FORWARD_CNT_ROUTED6;
}

static enum ip_forward_cnt ip_forward_check(struct rte_mbuf *m, struct ip_forward_pkt *p)
{
	const struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);

	p->family = 0;
	if (m->nb_segs != 1 || rte_pktmbuf_data_len(m) < sizeof(*eth))
		return IP_FORWARD_CNT_BAD_IP;
	if (eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_IPV4))
		return ip_forward_check4(m, p);
	if (eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_IPV6))
		return ip_forward_check6(m, p);
	return IP_FORWARD_CNT_BAD_IP;
}

// The route's next hop, and the proxy ARP/ND key that resolves it (*key filled, true),
// or the drop (NO_ROUTE, BLACKHOLE) in *edge; a host next hop needs no key.
static bool ip_forward_nexthop(
	struct ip_forward_pkt *p, struct neigh_key *key, enum ip_forward_cnt *edge)
{
	const struct dp_rnh *nh = p->rnh != 0 ? rcu_dereference(dp_tables.rnh[p->rnh]) : NULL;

	if (unlikely(nh != NULL && nh->kind == DP_RNH_ECMP))
		nh = rnh_ecmp_pick(nh, p->family, p->dst);
	p->nh = nh;
	if (nh == NULL) {
		*edge = IP_FORWARD_CNT_NO_ROUTE;
		return false;
	}
	switch (nh->kind) {
	case DP_RNH_CONNECTED:
		*key = neigh_key_make(nh->bd, p->family, p->dst);
		return true;
	case DP_RNH_VIA:
		*key = neigh_key_make(nh->bd, nh->via_family, nh->via);
		return true;
	case DP_RNH_HOST:
	case DP_RNH_REMOTE_L3:
		return false;
	default:
		*edge = IP_FORWARD_CNT_BLACKHOLE;
		return false;
	}
}

// The next hop's MAC and out domain, from its entry in the proxy ARP/ND table (hit, e)
// or the route itself.
static enum ip_forward_cnt ip_forward_resolve(const struct ip_forward_pkt *p, bool hit,
	neigh_entry_t e, const struct dp_bd **out, struct rte_ether_addr *mac)
{
	if (p->nh->kind == DP_RNH_REMOTE_L3) {
		*out = NULL;
		if (p->expired)
			return IP_FORWARD_CNT_TTL;
		return p->family == AF_INET ? IP_FORWARD_CNT_ROUTED4 : IP_FORWARD_CNT_ROUTED6;
	}
	if (p->nh->kind == DP_RNH_HOST) {
		*mac = p->nh->mac;
	} else if (!hit) {
		return IP_FORWARD_CNT_GLEAN;
	} else if (neigh_entry_flags(e) & NEIGH_FLAG_GATEWAY) {
		return IP_FORWARD_CNT_TO_GW; // ours: gw_input answers it
	} else {
		neigh_entry_mac(e, mac->addr_bytes);
	}
	if (p->expired)
		return IP_FORWARD_CNT_TTL;
	*out = rcu_dereference(dp_tables.bd[p->nh->bd]);
	if (*out == NULL || !(*out)->has_gw)
		return IP_FORWARD_CNT_NO_OUT_GW;
	return p->family == AF_INET ? IP_FORWARD_CNT_ROUTED4 : IP_FORWARD_CNT_ROUTED6;
}

// For ip_glean: the out domain, and the address to resolve as the packet's destination
// (a `via` route's router; of the packet's family, or the packet is dropped).
static bool ip_forward_to_glean(struct rte_mbuf *m, const struct ip_forward_pkt *p)
{
	if (p->nh->kind == DP_RNH_VIA) {
		if (p->nh->via_family != p->family)
			return false;
		memcpy(p->dst, p->nh->via, p->family == AF_INET ? 4 : 16);
	}
	dp_meta(m)->bd = p->nh->bd;
	return true;
}

static inline void ip_forward_dec_ttl_hop(struct rte_ether_hdr *eth)
{
	if (eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_IPV4))
		ip_forward_dec_ttl((struct rte_ipv4_hdr *)(eth + 1));
	else
		((struct rte_ipv6_hdr *)(eth + 1))->hop_limits--;
}

// Into the L3VNI toward the remote VTEP, from our router MAC to its own.
static void ip_forward_to_l3vni(struct rte_mbuf *m, const struct dp_rnh *nh)
{
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	struct dp_meta *meta = dp_meta(m);

	eth->dst_addr = nh->mac;
	eth->src_addr = nh->src_mac;
	ip_forward_dec_ttl_hop(eth);
	meta->nh = nh->nh;
	meta->vni = nh->vni;
	meta->from_tunnel = DP_FROM_ROUTER;
	meta->in_port = DP_PORT_ROUTED;
	dp_mbuf_clear_offloads(m);
}

// Into the out domain, as if its gateway sent it there.
static void ip_forward_rewrite(
	struct rte_mbuf *m, const struct dp_bd *out, const struct rte_ether_addr *mac)
{
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	struct dp_meta *meta = dp_meta(m);

	eth->dst_addr = *mac;
	eth->src_addr = out->gw_mac;
	ip_forward_dec_ttl_hop(eth);
	meta->bd = out->id;
	meta->from_tunnel = DP_FROM_ROUTER;
	meta->in_port = DP_PORT_ROUTED;
	meta->in_vlan = 0;
	dp_mbuf_clear_offloads(m);
}

// The FIB a packet is routed in: its L3VNI's VRF, or its bridge domain's.
static inline const struct vrf_fib *ip_forward_fib(const struct dp_meta *meta)
{
	const struct dp_bd *bd;

	if (unlikely(meta->from_tunnel == DP_FROM_L3VNI))
		return rcu_dereference(dp_tables.fib[meta->vrf]);
	bd = rcu_dereference(dp_tables.bd[meta->bd]);
	return bd != NULL ? rcu_dereference(dp_tables.fib[bd->vrf]) : NULL;
}

// One LPM call per family for the packets of the chunk in the VRF of the first.
static void ip_forward_lookup(struct rte_mbuf **pkts, struct ip_forward_pkt *p, uint16_t n)
{
	uint32_t v4[IP_FORWARD_CHUNK], r4[IP_FORWARD_CHUNK], r6[IP_FORWARD_CHUNK];
	uint8_t v6[IP_FORWARD_CHUNK][16], i4[IP_FORWARD_CHUNK], i6[IP_FORWARD_CHUNK];
	const struct vrf_fib *fib = NULL, *f = NULL;
	uint32_t last = UINT32_MAX; // the bridge domain (or L3VNI's VRF) f is the FIB of
	unsigned n4 = 0, n6 = 0;

	for (uint16_t i = 0; i < n; i++) {
		const struct dp_meta *meta = dp_meta(pkts[i]);
		// a chunk's packets mostly share where they came in: its FIB looked up once
		uint32_t from = unlikely(meta->from_tunnel == DP_FROM_L3VNI) ? 0x10000u | meta->vrf
									       : meta->bd;

		if (from != last) {
			f = ip_forward_fib(meta);
			last = from;
		}
		p[i].rnh = 0;
		if (p[i].family == 0 || f == NULL)
			continue;
		if (fib == NULL)
			fib = f;
		if (f != fib) { // another VRF in this chunk (rare): on its own
			uint8_t a[16];

			memcpy(a, p[i].dst, p[i].family == AF_INET ? 4 : 16);
			if (p[i].family == AF_INET)
				vrf_fib_lookup4(f, (const uint32_t *)a, &p[i].rnh, 1);
			else
				vrf_fib_lookup6(f, (const uint8_t(*)[16])a, &p[i].rnh, 1);
		} else if (p[i].family == AF_INET) {
			memcpy(&v4[n4], p[i].dst, 4);
			i4[n4++] = (uint8_t)i;
		} else {
			memcpy(v6[n6], p[i].dst, 16);
			i6[n6++] = (uint8_t)i;
		}
	}
	if (n4 > 0)
		vrf_fib_lookup4(fib, v4, r4, n4);
	if (n6 > 0)
		vrf_fib_lookup6(fib, (const uint8_t(*)[16])v6, r6, n6);
	for (unsigned j = 0; j < n4; j++)
		p[i4[j]].rnh = r4[j];
	for (unsigned j = 0; j < n6; j++)
		p[i6[j]].rnh = r6[j];
}

// The routed frames of a chunk, by their host's MAC in the out domain (one bulk
// lookup): a local MAC to its port, a remote one to vxlan_encap with its VNI and VTEP,
// what l2_fwd would do with them; the rest (unknown: flooded) to l2_fwd.
static void ip_forward_send(struct dp_worker *w, struct rte_mbuf **pkts, unsigned n)
{
	struct dp_vec *l2 = dp_next(w, &ip_forward_node, IP_FORWARD_TO_L2_FWD);
	struct dp_vec *encap = dp_next(w, &ip_forward_node, IP_FORWARD_TO_VXLAN_ENCAP);
	union mac_key keys[IP_FORWARD_CHUNK];
	const union mac_key *kp[IP_FORWARD_CHUNK];
	mac_entry_t e[IP_FORWARD_CHUNK];
	uint64_t hits;

	for (unsigned i = 0; i < n; i++) {
		keys[i] = mac_key_make(dp_meta(pkts[i])->bd,
			&rte_pktmbuf_mtod(pkts[i], struct rte_ether_hdr *)->dst_addr);
		kp[i] = &keys[i];
	}
	hits = n > 0 ? mac_table_lookup_bulk(dp_tables.macs, kp, n, e) : 0;
	for (unsigned i = 0; i < n; i++) {
		struct dp_meta *meta = dp_meta(pkts[i]);

		if (((hits >> i) & 1) && mac_entry_is_local(e[i])) {
			meta->out_port = mac_entry_port(e[i]);
			meta->out_vlan = mac_entry_vlan(e[i]);
			access_output_process(w, pkts[i]);
		} else if (((hits >> i) & 1) && mac_entry_kind(e[i]) == DP_MAC_REMOTE) {
			meta->nh = mac_entry_nh(e[i]);
			meta->vni = mac_entry_vni(e[i]);
			dp_vec_push(encap, pkts[i]);
		} else {
			dp_vec_push(l2, pkts[i]);
		}
	}
}

// What is not routed on: to ip_glean, ip_icmp_error, gw_input, or dropped.
static void ip_forward_not_routed(struct dp_worker *w, uint64_t *cnt, struct rte_mbuf *m,
	const struct ip_forward_pkt *p, enum ip_forward_cnt edge)
{
	// The gateway answers hosts of its own domains only (the remote VTEP has it too).
	if (edge == IP_FORWARD_CNT_TO_GW && unlikely(dp_meta(m)->from_tunnel == DP_FROM_L3VNI))
		edge = IP_FORWARD_CNT_L3VNI_TO_GW;
	if (edge == IP_FORWARD_CNT_GLEAN && ip_forward_to_glean(m, p)) {
		dp_count(cnt, edge);
		dp_vec_push(dp_next(w, &ip_forward_node, IP_FORWARD_TO_IP_GLEAN), m);
		return;
	}
	if (edge == IP_FORWARD_CNT_TTL || edge == IP_FORWARD_CNT_NO_ROUTE) {
		// the ICMP error is sent from the gateway of the domain it came in
		dp_meta(m)->icmp_error = edge == IP_FORWARD_CNT_TTL ? DP_ICMP_ERR_TIME_EXCEEDED
								     : DP_ICMP_ERR_NET_UNREACH;
		dp_count(cnt, edge);
		dp_vec_push(dp_next(w, &ip_forward_node, IP_FORWARD_TO_ICMP_ERROR), m);
		return;
	}
	if (edge == IP_FORWARD_CNT_TO_GW) {
		dp_meta(m)->from_tunnel = DP_FROM_GATEWAY;
		dp_count(cnt, edge);
		dp_vec_push(dp_next(w, &ip_forward_node, IP_FORWARD_TO_GW_INPUT), m);
		return;
	}
	dp_drop(cnt, m, edge);
}

static void ip_forward_chunk(struct dp_worker *w, struct rte_mbuf **pkts, uint16_t n)
{
	uint64_t *cnt = dp_cnt(w, &ip_forward_node.cnt);
	struct dp_vec *encap = dp_next(w, &ip_forward_node, IP_FORWARD_TO_VXLAN_ENCAP);
	struct rte_mbuf *routed[IP_FORWARD_CHUNK];
	unsigned nr = 0;
	struct ip_forward_pkt p[IP_FORWARD_CHUNK];
	enum ip_forward_cnt edge[IP_FORWARD_CHUNK];
	struct neigh_key keys[IP_FORWARD_CHUNK];
	const struct neigh_key *kp[IP_FORWARD_CHUNK];
	neigh_entry_t e[IP_FORWARD_CHUNK];
	unsigned nk = 0;
	uint64_t hits;

	for (uint16_t i = 0; i < n; i++)
		if ((edge[i] = ip_forward_check(pkts[i], &p[i])) > IP_FORWARD_CNT_TO_GW)
			p[i].family = 0;
	ip_forward_lookup(pkts, p, n);
	for (uint16_t i = 0; i < n; i++) {
		p[i].key = 0xff;
		if (p[i].family == 0)
			continue;
		if (ip_forward_nexthop(&p[i], &keys[nk], &edge[i])) {
			kp[nk] = &keys[nk];
			p[i].key = (uint8_t)nk++;
		} else if (p[i].nh == NULL ||
			   (p[i].nh->kind != DP_RNH_HOST && p[i].nh->kind != DP_RNH_REMOTE_L3)) {
			p[i].family = 0; // dropped: edge[i] says why
		}
	}
	hits = neigh_table_lookup_bulk(dp_tables.neighs, kp, nk, e);
	for (uint16_t i = 0; i < n; i++) {
		const struct dp_bd *out = NULL;
		struct rte_ether_addr mac;
		unsigned k = p[i].key;

		if (p[i].family != 0)
			edge[i] = ip_forward_resolve(&p[i], k != 0xff && ((hits >> k) & 1),
				k != 0xff ? e[k] : 0, &out, &mac);
		if (unlikely(edge[i] > IP_FORWARD_CNT_ROUTED6)) { // one test for the routed
			ip_forward_not_routed(w, cnt, pkts[i], &p[i], edge[i]);
			continue;
		}
		dp_count(cnt, edge[i]);
		if (out == NULL) { // DP_RNH_REMOTE_L3
			ip_forward_to_l3vni(pkts[i], p[i].nh);
			dp_count(cnt, IP_FORWARD_CNT_TO_L3VNI);
			dp_vec_push(encap, pkts[i]);
			continue;
		}
		ip_forward_rewrite(pkts[i], out, &mac);
		routed[nr++] = pkts[i];
	}
	ip_forward_send(w, routed, nr);
}

void ip_forward_process(struct dp_worker *w, struct rte_mbuf **pkts, uint16_t n)
{
	for (uint16_t i = 0; i < n; i += IP_FORWARD_CHUNK)
		ip_forward_chunk(
			w, pkts + i, RTE_MIN((uint16_t)(n - i), (uint16_t)IP_FORWARD_CHUNK));
}

static struct dp_node ip_forward_node = {
	.name = "ip_forward",
	.process = ip_forward_process,
	.next = {[IP_FORWARD_TO_L2_FWD] = "l2_fwd",
		[IP_FORWARD_TO_GW_INPUT] = "gw_input",
		[IP_FORWARD_TO_VXLAN_ENCAP] = "vxlan_encap",
		[IP_FORWARD_TO_IP_GLEAN] = "ip_glean",
		[IP_FORWARD_TO_ICMP_ERROR] = "ip_icmp_error"},
	.cnt = {DP_COUNTER_BLOCK(IP_FORWARD_COUNTERS)},
};
DP_NODE_REGISTER(ip_forward_node);
