// SPDX-License-Identifier: BSD-3-Clause
// Tests of dp/ip/gw_input.c and the anycast gateway around it: l2_fwd's edge to it
// (frames to the gateway MAC; a frame from the gateway MAC on an access port is
// dropped), the gateway's addresses answered by arp_proxy/nd_proxy without
// suppression, ICMP/ICMPv6 echo answered in place, everything else a named drop, and
// the writer keeping the gateway's MAC and proxy entries from MAC and neigh messages.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <rte_arp.h>
#include <rte_icmp.h>
#include <rte_ip.h>

#include "dp/core/dp_meta.h"
#include "dp/ip/nd_packet.h"
#include "dp/writer/writer.h"
#include "tests/unit/dp/dp_test_env.h"

dp_node_process_t gw_input_process;
dp_node_process_t arp_proxy_process;
dp_node_process_t nd_proxy_process;

#define HOST_IP RTE_BE32(RTE_IPV4(10, 1, 0, 1))
#define GW_IP RTE_BE32(RTE_IPV4(10, 1, 0, 254))
#define OTHER_IP RTE_BE32(RTE_IPV4(10, 2, 0, 5)) // another subnet: to be routed
#define PEER_IP RTE_BE32(RTE_IPV4(10, 1, 0, 7))	 // a host in the proxy table

static const uint8_t host6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 1};
static const uint8_t gw6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 0xfe};
static const uint8_t other6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 2, [15] = 5};
static const uint8_t gw6_snm[16] = {
	0xff, 0x02, [11] = 1, [12] = 0xff, [13] = 0, [14] = 0, [15] = 0xfe};
static struct rte_ether_addr host_mac, gw_mac, peer_mac;

static int bd_gw(bool has_gw, bool suppress)
{
	struct dp_msg m = {.type = DP_MSG_BD_SET,
		.bd = {.bd = DPT_BD,
			.vni = DPT_VNI,
			.aging_sec = 300,
			.learning = true,
			.arp_suppress = suppress,
			.nd_suppress = suppress,
			.has_gw = has_gw}};
	memcpy(m.bd.gw_mac, &gw_mac, 6);
	return dpt_apply(&m);
}

static int neigh(uint16_t type, uint8_t family, const void *ip, const struct rte_ether_addr *mac,
	bool gateway)
{
	struct dp_msg m = {.type = type, .neigh = {.bd = DPT_BD, .gateway = gateway}};
	m.neigh.ip.family = family;
	memcpy(m.neigh.ip.bytes, ip, family == AF_INET ? 4 : 16);
	memcpy(m.neigh.mac, mac, 6);
	return dpt_apply(&m);
}

static int setup(void **state)
{
	rte_be32_t gw4 = GW_IP, peer4 = PEER_IP;

	if (dpt_setup(state) != 0)
		return -1;
	dpt_topology();
	host_mac = dpt_mac(0x101);
	peer_mac = dpt_mac(0x102);
	gw_mac = (struct rte_ether_addr){{0x00, 0x00, 0x5e, 0x00, 0x01, 0x01}};
	assert_int_equal(bd_gw(true, false), 0);
	assert_int_equal(neigh(DP_MSG_NEIGH_ADD, AF_INET, &gw4, &gw_mac, true), 0);
	assert_int_equal(neigh(DP_MSG_NEIGH_ADD, AF_INET6, gw6, &gw_mac, true), 0);
	assert_int_equal(neigh(DP_MSG_NEIGH_ADD, AF_INET, &peer4, &peer_mac, false), 0);
	return 0;
}

// An ICMP echo request (or `type`) host -> dst, to the gateway MAC.
static void echo4(struct dpt_pkt *p, rte_be32_t dst, uint8_t proto, uint8_t type)
{
	struct rte_icmp_hdr *icmp;

	dpt_pkt_init(p);
	dpt_put_eth(p, &gw_mac, &host_mac, RTE_ETHER_TYPE_IPV4);
	dpt_put_ipv4(p, HOST_IP, dst, proto);
	icmp = dpt_put(p, NULL, sizeof(*icmp));
	icmp->icmp_type = type;
	icmp->icmp_ident = RTE_BE16(0x1234);
	icmp->icmp_seq_nb = RTE_BE16(7);
	memcpy(dpt_put(p, NULL, 24), "0123456789abcdefghijklmn", 24);
	icmp->icmp_cksum = (uint16_t)~rte_raw_cksum(icmp, (size_t)(p->len - p->l4));
	dpt_fix_lengths(p);
}

static void echo6(struct dpt_pkt *p, const uint8_t dst[16], uint8_t type)
{
	struct rte_icmp_hdr *icmp;

	dpt_pkt_init(p);
	dpt_put_eth(p, &gw_mac, &host_mac, RTE_ETHER_TYPE_IPV6);
	dpt_put_ipv6(p, host6, dst, IPPROTO_ICMPV6, 64);
	icmp = dpt_put(p, NULL, sizeof(*icmp));
	icmp->icmp_type = type;
	icmp->icmp_ident = RTE_BE16(0x1234);
	memcpy(dpt_put(p, NULL, 16), "0123456789abcdef", 16);
	dpt_fix_lengths(p);
	dpt_fix_icmp6_csum(p);
}

static struct rte_mbuf *from_host(const struct dpt_pkt *p)
{
	return dpt_l2_mbuf(p, DPT_BD, DPT_A1, 0, false);
}

// As ip_forward hands back what its FIB and proxy table resolve to a gateway address
// (ip_forward_test checks that it does).
static struct rte_mbuf *back(struct rte_mbuf *m)
{
	dp_meta(m)->from_tunnel = DP_FROM_GATEWAY;
	return m;
}

static struct rte_mbuf *from_gw(const struct dpt_pkt *p)
{
	return back(from_host(p));
}

static int gw(struct rte_mbuf *m)
{
	return dpt_feed("gw_input", gw_input_process, m);
}

static struct rte_mbuf *take_reply(void)
{
	struct rte_mbuf *m;
	const struct rte_ether_hdr *eth;

	assert_int_equal(dpt_tx_take(DPT_A1, &m, 1), 1);
	eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	assert_memory_equal(&eth->dst_addr, &host_mac, 6);
	assert_memory_equal(&eth->src_addr, &gw_mac, 6);
	return m;
}

static void test_echo4(void **state)
{
	struct dpt_pkt p;
	struct rte_mbuf *m;
	const struct rte_ipv4_hdr *ip;
	const struct rte_icmp_hdr *icmp;
	(void)state;

	echo4(&p, GW_IP, IPPROTO_ICMP, RTE_IP_ICMP_ECHO_REQUEST);
	assert_edge(gw(from_gw(&p)), dpt_cnt("gw_input", "echo_reply_sent"));
	m = take_reply();
	assert_int_equal(rte_pktmbuf_pkt_len(m), p.len);
	ip = rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, p.l3);
	assert_int_equal(ip->src_addr, GW_IP);
	assert_int_equal(ip->dst_addr, HOST_IP);
	assert_int_equal(ip->time_to_live, 64);
	assert_int_equal(rte_raw_cksum(ip, sizeof(*ip)), 0xffff);
	icmp = (const struct rte_icmp_hdr *)(ip + 1);
	assert_int_equal(icmp->icmp_type, RTE_IP_ICMP_ECHO_REPLY);
	assert_int_equal(icmp->icmp_ident, RTE_BE16(0x1234));
	assert_int_equal(icmp->icmp_seq_nb, RTE_BE16(7));
	assert_int_equal(rte_raw_cksum(icmp, (size_t)(p.len - p.l4)), 0xffff);
	assert_memory_equal(icmp + 1, "0123456789abcdefghijklmn", 24);
	rte_pktmbuf_free(m);
	assert_int_equal(dpt_pending(), 0);
}

static void test_echo6(void **state)
{
	struct dpt_pkt p;
	struct rte_mbuf *m;
	struct rte_ipv6_hdr *ip;
	const struct rte_icmp_hdr *icmp;
	(void)state;

	echo6(&p, gw6, 128);
	assert_edge(gw(from_gw(&p)), dpt_cnt("gw_input", "echo6_reply_sent"));
	m = take_reply();
	ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv6_hdr *, p.l3);
	assert_memory_equal(ip->src_addr, gw6, 16);
	assert_memory_equal(ip->dst_addr, host6, 16);
	icmp = (const struct rte_icmp_hdr *)(ip + 1);
	assert_int_equal(icmp->icmp_type, 129);
	assert_int_equal(rte_ipv6_udptcp_cksum_verify(ip, ip + 1), 0);
	assert_memory_equal(icmp + 1, "0123456789abcdef", 16);
	rte_pktmbuf_free(m);
}

// From a tagged member (port 2, VLAN 100): the reply goes back tagged.
static void test_echo4_vlan(void **state)
{
	struct dpt_pkt p;
	struct rte_mbuf *m;
	const struct rte_ether_hdr *eth;
	const struct rte_vlan_hdr *vh;
	const struct rte_ipv4_hdr *ip;
	(void)state;

	echo4(&p, GW_IP, IPPROTO_ICMP, RTE_IP_ICMP_ECHO_REQUEST);
	assert_edge(gw(back(dpt_l2_mbuf(&p, DPT_BD, DPT_A2, 100, false))),
		dpt_cnt("gw_input", "echo_reply_sent"));
	assert_int_equal(dpt_tx_take(DPT_A2, &m, 1), 1);
	eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	assert_memory_equal(&eth->src_addr, &gw_mac, 6);
	assert_int_equal(eth->ether_type, RTE_BE16(RTE_ETHER_TYPE_VLAN));
	vh = (const struct rte_vlan_hdr *)(eth + 1);
	assert_int_equal(rte_be_to_cpu_16(vh->vlan_tci) & 0xfff, 100);
	ip = (const struct rte_ipv4_hdr *)(vh + 1);
	assert_int_equal(ip->src_addr, GW_IP);
	assert_int_equal(rte_raw_cksum(ip, sizeof(*ip)), 0xffff);
	rte_pktmbuf_free(m);
}

// Not for the gateway's own stack: to ip_forward first; other protocols to its
// addresses are dropped, each named.
static void test_not_answered(void **state)
{
	struct rte_mbuf *got[2];
	struct dpt_pkt p;
	(void)state;

	echo4(&p, OTHER_IP, IPPROTO_ICMP, RTE_IP_ICMP_ECHO_REQUEST);
	assert_edge(gw(from_host(&p)), dpt_cnt("gw_input", "to_ip_forward"));
	echo6(&p, other6, 128);
	assert_edge(gw(from_host(&p)), dpt_cnt("gw_input", "to_ip_forward"));
	assert_int_equal(dpt_vec_take(DPT_VEC(ip_forward), got, 2), 2);
	dpt_free(got, 2);
	echo4(&p, GW_IP, IPPROTO_UDP, 0);
	assert_edge(gw(from_gw(&p)), dpt_cnt("gw_input", "for_gateway_not_echo"));
	echo4(&p, GW_IP, IPPROTO_ICMP, 13); // timestamp
	assert_edge(gw(from_gw(&p)), dpt_cnt("gw_input", "for_gateway_not_echo"));
	echo6(&p, gw6, 129); // an echo reply is no request
	assert_edge(gw(from_gw(&p)), dpt_cnt("gw_input", "for_gateway_not_echo"));
	echo4(&p, GW_IP, IPPROTO_ICMP, RTE_IP_ICMP_ECHO_REQUEST);
	assert_edge(gw(dpt_l2_mbuf(&p, DPT_BD, 0, 0, true)), dpt_cnt("gw_input", "from_overlay"));
	assert_int_equal(dpt_tx_take(DPT_A1, &(struct rte_mbuf *){NULL}, 1), 0);
	assert_int_equal(dpt_pending(), 0);
}

static void test_malformed(void **state)
{
	struct dpt_pkt p;
	struct rte_ipv4_hdr *ip;
	(void)state;

	echo4(&p, GW_IP, IPPROTO_ICMP, RTE_IP_ICMP_ECHO_REQUEST);
	ip = (struct rte_ipv4_hdr *)(p.b + p.l3);
	ip->hdr_checksum ^= 1;
	assert_edge(gw(from_host(&p)), dpt_cnt("gw_input", "malformed_ip"));
	ip->hdr_checksum ^= 1;
	p.b[p.l4 + 2] ^= 1; // ICMP checksum
	assert_edge(gw(from_gw(&p)), dpt_cnt("gw_input", "malformed_icmp"));
	p.b[p.l4 + 2] ^= 1;
	ip->total_length = rte_cpu_to_be_16(p.len); // longer than the frame
	dpt_fix_ipv4_csum(&p);
	assert_edge(gw(from_host(&p)), dpt_cnt("gw_input", "malformed_ip"));
	echo4(&p, GW_IP, IPPROTO_ICMP, RTE_IP_ICMP_ECHO_REQUEST);
	ip = (struct rte_ipv4_hdr *)(p.b + p.l3);
	ip->fragment_offset = RTE_BE16(RTE_IPV4_HDR_MF_FLAG);
	dpt_fix_ipv4_csum(&p);
	assert_edge(gw(from_gw(&p)), dpt_cnt("gw_input", "fragment"));
	p.len = (uint16_t)(p.l3 + 10); // truncated IPv4 header
	assert_edge(gw(from_host(&p)), dpt_cnt("gw_input", "malformed_ip"));
	echo6(&p, gw6, 128);
	p.b[p.l4 + 2] ^= 1;
	assert_edge(gw(from_gw(&p)), dpt_cnt("gw_input", "malformed_icmp"));
	p.b[p.l3] = 0x40; // IPv4 version in an IPv6 frame
	assert_edge(gw(from_host(&p)), dpt_cnt("gw_input", "malformed_ip"));
	assert_int_equal(dpt_pending(), 0);
}

// A host checking its entry for the gateway asks the gateway MAC itself (Linux NUD).
static void test_unicast_arp_ns(void **state)
{
	struct dpt_pkt p;
	struct rte_mbuf *m;
	const struct rte_arp_hdr *a;
	(void)state;

	dpt_arp_pkt(&p, RTE_ARP_OP_REQUEST, &host_mac, HOST_IP, GW_IP);
	memcpy(p.b, &gw_mac, 6);
	assert_edge(gw(from_host(&p)), dpt_cnt("gw_input", "arp_reply_sent"));
	m = take_reply();
	a = rte_pktmbuf_mtod_offset(m, const struct rte_arp_hdr *, sizeof(struct rte_ether_hdr));
	assert_int_equal(a->arp_opcode, RTE_BE16(RTE_ARP_OP_REPLY));
	assert_memory_equal(&a->arp_data.arp_sha, &gw_mac, 6);
	assert_int_equal(a->arp_data.arp_sip, GW_IP);
	rte_pktmbuf_free(m);
	dpt_arp_pkt(&p, RTE_ARP_OP_REQUEST, &host_mac, HOST_IP, PEER_IP); // not the gateway's
	memcpy(p.b, &gw_mac, 6);
	assert_edge(gw(from_host(&p)), dpt_cnt("gw_input", "for_gateway_not_echo"));

	dpt_ns_pkt(&p, &host_mac, host6, gw6, gw6);
	memcpy(p.b, &gw_mac, 6);
	assert_edge(gw(from_host(&p)), dpt_cnt("gw_input", "advert_sent"));
	m = take_reply();
	struct rte_ipv6_hdr *ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv6_hdr *, p.l3);
	const struct nd_msg *na = (const struct nd_msg *)(ip + 1);
	assert_int_equal(na->type, ND_TYPE_NA);
	assert_true(na->flags & ND_NA_FLAG_ROUTER);
	assert_memory_equal(ip->src_addr, gw6, 16);
	assert_int_equal(rte_ipv6_udptcp_cksum_verify(ip, ip + 1), 0);
	rte_pktmbuf_free(m);
	assert_int_equal(dpt_pending(), 0);
}

// Broadcast ARP and multicast NS for the gateway's addresses are answered in a domain
// that does not suppress; the rest floods as it did.
static void test_proxy_without_suppression(void **state)
{
	struct dpt_pkt p;
	struct rte_mbuf *m;
	(void)state;

	dpt_arp_pkt(&p, RTE_ARP_OP_REQUEST, &host_mac, HOST_IP, GW_IP);
	assert_edge(dpt_feed("l2_fwd", l2_fwd_process, from_host(&p)),
		dpt_cnt("l2_fwd", "to_arp_proxy"));
	assert_int_equal(dpt_vec_take(DPT_VEC(arp_proxy), &m, 1), 1);
	assert_edge(dpt_feed("arp_proxy", arp_proxy_process, m),
		dpt_cnt("arp_proxy", "gateway_reply_sent"));
	rte_pktmbuf_free(take_reply());
	// A host in the proxy table: not suppressed here, flooded.
	dpt_arp_pkt(&p, RTE_ARP_OP_REQUEST, &host_mac, HOST_IP, PEER_IP);
	assert_edge(dpt_feed("arp_proxy", arp_proxy_process, from_host(&p)),
		dpt_cnt("arp_proxy", "not_suppressed"));
	dpt_arp_pkt(&p, RTE_ARP_OP_REQUEST, &host_mac, HOST_IP, OTHER_IP);
	assert_edge(dpt_feed("arp_proxy", arp_proxy_process, from_host(&p)),
		dpt_cnt("arp_proxy", "not_suppressed"));
	assert_int_equal(DPT_VEC(bum_flood)->n, 2);
	// A probe (RFC 5227) for the gateway's address: the gateway owns it, it answers.
	dpt_arp_pkt(&p, RTE_ARP_OP_REQUEST, &host_mac, 0, GW_IP);
	assert_edge(dpt_feed("arp_proxy", arp_proxy_process, from_host(&p)),
		dpt_cnt("arp_proxy", "gateway_reply_sent"));
	rte_pktmbuf_free(take_reply());
	dpt_arp_pkt(&p, RTE_ARP_OP_REQUEST, &host_mac, 0, PEER_IP); // a host's: not ours
	assert_edge(dpt_feed("arp_proxy", arp_proxy_process, from_host(&p)),
		dpt_cnt("arp_proxy", "not_proxied"));

	dpt_ns_pkt(&p, &host_mac, host6, gw6_snm, gw6);
	assert_edge(dpt_feed("nd_proxy", nd_proxy_process, from_host(&p)),
		dpt_cnt("nd_proxy", "gateway_advert_sent"));
	rte_pktmbuf_free(take_reply());
	dpt_ns_pkt(&p, &host_mac, host6, gw6_snm, other6);
	assert_edge(dpt_feed("nd_proxy", nd_proxy_process, from_host(&p)),
		dpt_cnt("nd_proxy", "not_suppressed"));
	// DAD (source ::) for the gateway's address: defended, to all nodes, S clear.
	static const uint8_t unspec[16];
	dpt_ns_pkt(&p, &host_mac, unspec, gw6_snm, gw6);
	assert_edge(dpt_feed("nd_proxy", nd_proxy_process, from_host(&p)),
		dpt_cnt("nd_proxy", "gateway_advert_sent"));
	assert_int_equal(dpt_tx_take(DPT_A1, &m, 1), 1);
	const struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	struct rte_ipv6_hdr *ip6 = (struct rte_ipv6_hdr *)(eth + 1);
	const struct nd_msg *na = (const struct nd_msg *)(ip6 + 1);
	static const uint8_t all_nodes[16] = {0xff, 0x02, [15] = 1};
	assert_memory_equal(&eth->dst_addr, "\x33\x33\0\0\0\x01", 6);
	assert_memory_equal(&eth->src_addr, &gw_mac, 6);
	assert_memory_equal(ip6->dst_addr, all_nodes, 16);
	assert_memory_equal(ip6->src_addr, gw6, 16);
	assert_int_equal(na->type, ND_TYPE_NA);
	assert_int_equal(na->flags & ND_NA_FLAG_SOLICITED, 0);
	assert_true(na->flags & ND_NA_FLAG_OVERRIDE);
	assert_int_equal(rte_ipv6_udptcp_cksum_verify(ip6, ip6 + 1), 0);
	rte_pktmbuf_free(m);
	// DAD for another target: the owner answers, not us.
	dpt_ns_pkt(&p, &host_mac, unspec, gw6_snm, other6);
	assert_edge(dpt_feed("nd_proxy", nd_proxy_process, from_host(&p)),
		dpt_cnt("nd_proxy", "not_proxied"));
}

// l2_fwd: to the gateway MAC -> gw_input, from any side; the gateway MAC as a source on
// an access port is dropped and never learned.
static void test_l2_fwd(void **state)
{
	struct dpt_pkt p;
	struct dp_event ev[4];
	mac_entry_t e;
	(void)state;

	echo4(&p, GW_IP, IPPROTO_ICMP, RTE_IP_ICMP_ECHO_REQUEST);
	assert_edge(dpt_feed("l2_fwd", l2_fwd_process, from_host(&p)),
		dpt_cnt("l2_fwd", "to_gw_input"));
	assert_edge(dpt_feed("l2_fwd", l2_fwd_process, dpt_l2_mbuf(&p, DPT_BD, 0, 0, true)),
		dpt_cnt("l2_fwd", "to_gw_input"));
	assert_int_equal(DPT_VEC(gw_input)->n, 2);
	dpt_events_take(ev, 4);
	dpt_frame(&p, &host_mac, &gw_mac, 0, 64);
	assert_edge(dpt_feed("l2_fwd", l2_fwd_process, dpt_l2_mbuf(&p, DPT_BD, DPT_A2, 100, false)),
		dpt_cnt("l2_fwd", "gateway_src_mac"));
	assert_int_equal(dpt_events_take(ev, 4), 0);
	assert_true(dpt_mac_lookup(DPT_BD, &gw_mac, &e));
	assert_int_equal(mac_entry_kind(e), DP_MAC_GATEWAY);
	// Without learning there is no source lookup: dropped all the same.
	struct dp_msg m = {.type = DP_MSG_BD_SET,
		.bd = {.bd = DPT_BD, .vni = DPT_VNI, .aging_sec = 300, .has_gw = true}};
	memcpy(m.bd.gw_mac, &gw_mac, 6);
	assert_int_equal(dpt_apply(&m), 0);
	assert_edge(dpt_feed("l2_fwd", l2_fwd_process, dpt_l2_mbuf(&p, DPT_BD, DPT_A1, 0, false)),
		dpt_cnt("l2_fwd", "gateway_src_mac"));
	dpt_frame(&p, &gw_mac, &host_mac, 0, 64); // to it, without learning: still gw_input
	assert_edge(dpt_feed("l2_fwd", l2_fwd_process, dpt_l2_mbuf(&p, DPT_BD, DPT_A1, 0, false)),
		dpt_cnt("l2_fwd", "to_gw_input"));
}

// The writer keeps the gateway's entries from MAC+IP routes and MAC messages, and
// removes the MAC entry with the gateway.
static void test_writer_guards(void **state)
{
	rte_be32_t gw4 = GW_IP;
	struct dp_ip ip = {.family = AF_INET};
	uint8_t mac[6];
	mac_entry_t e;
	(void)state;

	ip.v4.s_addr = GW_IP;
	assert_int_equal(dpt_mac_remote(DPT_BD, &gw_mac, DP_MAC_REMOTE, 1, DPT_VNI), -EBUSY);
	assert_int_equal(dpt_mac_del(DPT_BD, &gw_mac), -EBUSY);
	assert_int_equal(neigh(DP_MSG_NEIGH_ADD, AF_INET, &gw4, &peer_mac, false), -EBUSY);
	assert_int_equal(neigh(DP_MSG_NEIGH_DEL, AF_INET, &gw4, &gw_mac, false), 0);
	assert_int_equal(dp_neigh_get(DPT_BD, &ip, mac), 0);
	assert_memory_equal(mac, &gw_mac, 6);
	assert_int_equal(dp_writer.stats.gateway_refused, 3);
	assert_true(dpt_mac_lookup(DPT_BD, &gw_mac, &e));
	assert_int_equal(mac_entry_kind(e), DP_MAC_GATEWAY);
	assert_int_equal(neigh(DP_MSG_NEIGH_DEL, AF_INET, &gw4, &gw_mac, true), 0);
	assert_int_equal(dp_neigh_get(DPT_BD, &ip, mac), -ENOENT);
	assert_int_equal(bd_gw(false, false), 0);
	assert_false(dpt_mac_lookup(DPT_BD, &gw_mac, &e));
	assert_int_equal(dpt_mac_remote(DPT_BD, &gw_mac, DP_MAC_REMOTE, 1, DPT_VNI), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_echo4, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_echo6, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_echo4_vlan, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_not_answered, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_malformed, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_unicast_arp_ns, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(
			test_proxy_without_suppression, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_l2_fwd, setup, dpt_teardown),
		cmocka_unit_test_setup_teardown(test_writer_guards, setup, dpt_teardown),
	};
	dpt_eal_init("gw_input_test");
	int ret = cmocka_run_group_tests(tests, NULL, NULL);
	dpt_eal_fini();
	return ret;
}
