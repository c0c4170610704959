// SPDX-License-Identifier: BSD-3-Clause
// stage_bench: the in-process stage cost of each dataplane path (perf/README.md,
// shared/BENCH.md item 1). One dp_worker on the main lcore; the tables are programmed
// through the real API (dp_msg_send + dp_writer_poll); bursts of 32 pre-built packets
// go through the real entry point dp_worker_input() and leave through rte_eth_tx_burst
// on net_null ports (no-rx=1; they free what they send).
//
// A burst's packets are made per burst: rte_pktmbuf_alloc_bulk + a copy of each
// packet's template (N templates, one per flow/MAC). That "source" is measured alone
// (alloc + copy + free, row `source`) and with a direct rte_eth_tx_burst to net_null
// (row `io`, the in-process analogue of testpmd io); each path row gives its total
// and its total minus the source row (what the nodes themselves cost, tx included).
//
// Cycles are TSC cycles over whole runs on a fully busy core; the figure is the
// median of --runs runs. On a shared machine the thread is sometimes not running:
// the `on-CPU` column counts only the time the thread ran (its CPU time at the TSC
// rate), which is what to compare when the load average is above the core count. --callgrind runs one path for a fixed packet count with
// collection toggled on bench_measured() only (see perf/run.sh callgrind).
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <rte_arp.h>
#include <rte_cycles.h>
#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_icmp.h>
#include <rte_ip.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_memcpy.h>
#include <rte_udp.h>
#include <rte_version.h>
#include <rte_vxlan.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <urcu-qsbr.h>

#include "dp/core/dp_meta.h"
#include "dp/core/dp_worker.h"
#include "dp/dp_api.h"
#include "dp/writer/writer.h"
#include "pipelines/vtep_pipeline.h"

// perf/graph_proto/ compiles this file again with its own way of running the nodes
// (rte_graph, a registry) behind these three hooks; stage_bench calls the worker's.
#ifndef STAGE_BENCH_INPUT
#define STAGE_BENCH_INPUT dp_worker_input
#define STAGE_BENCH_SETUP(w) ((void)(w))
#define STAGE_BENCH_FINI() ((void)0)
#endif

#define BURST DP_BURST
#define N_SRC 64       // local source hosts of access-port traffic (as perf/mkpcap.py)
#define N_FLOOD 8      // remote VTEPs in the flood list (bum-replicate-8)
#define BD_ID 100
#define VNI 100
#define NH_V4 1
#define NH_V6 2
#define NH_FLOOD0 11
#define NH_MPLS 30	 // a remote PE behind transport labels {16002 16003}
#define NH_MPLS_P 31	 // the next P router (no label of its own)
#define NH_MPLS_UDP 32	 // a remote PE over MPLS-in-UDP (RFC 7510), 192.0.2.2
#define MPLS_SVC 1000	 // our service label: pops into BD_ID
#define MPLS_REMOTE 2000 // the remote PE's
#define MPLS_SWAP 16003	 // the P's: swapped to 16004 toward NH_MPLS_P
#define POOL_SIZE 16384
#define MAX_RUNS 15
#define INNER_LEN 60 // 64 bytes on the wire with the FCS

static const struct rte_ether_addr vtep_mac = {{0x02, 0, 0, 0, 0x01, 0x01}};
static const struct rte_ether_addr nh_mac = {{0x02, 0, 0, 0, 0x02, 0x02}};
static const struct rte_ether_addr access_mac = {{0x02, 0, 0, 0, 0x03, 0x03}};

enum path_kind {
	P_SOURCE,
	P_IO,
	P_DECAP4,
	P_DECAP6,
	P_ENCAP4,
	P_ENCAP6,
	P_BUM,
	P_ENCAP4_NL,
	P_DECAP6_CSUM0,
	P_ARP,
	P_GW_ECHO,
	P_BRIDGE_VLAN,
	P_ROUTE4,
	P_SYM_ENCAP4,
	P_SYM_DECAP4,
	P_MPLS_POP,
	P_MPLS_PUSH,
	P_MPLS_SWAP,
	P_MPLS_UDP_POP,
	P_MPLS_UDP_PUSH,
	P_MAX
};

// The MAC table a path needs.
// T_PROXY: T_REMOTE4's MACs, and R(i)'s address 10.128.x.x in the proxy ARP table of a
// domain with arp-suppression.
// T_GW: T_REMOTE4's MACs, and the domain's anycast gateway (GW_MAC, GW_IP).
// T_BRIDGE: the sources L(0..S-1) untagged, N static local D(i) on the access port's
// VLAN 300, a member of the same domain.
// T_ROUTE: the sources, the anycast gateway in domain 100 and in domain 200 (VNI 200,
// the access port's VLAN 200), N static local D(i) in 200 with addresses 10.128.x.x
// in its proxy table, and the connected route 10.128.0.0/9 to it (the default VRF).
// T_SYM: the sources, the anycast gateway in domain 100, the default VRF's L3VNI 5000 and N
// host routes 10.128.x.x/32 via one L3 next hop (VTEP 192.0.2.2, its router MAC, 5000).
// T_SYM_IN: T_ROUTE and the default VRF's L3VNI 5000 with our router MAC.
// T_REMOTE_MPLS: T_REMOTE4's with the next hop NH_MPLS and its service label.
// T_REMOTE_MPLS_UDP: the same with the next hop NH_MPLS_UDP.
enum table_set {
	T_NONE,
	T_LOCAL,
	T_REMOTE4,
	T_REMOTE6,
	T_PROXY,
	T_GW,
	T_BRIDGE,
	T_ROUTE,
	T_SYM,
	T_SYM_IN,
	T_REMOTE_MPLS,
	T_REMOTE_MPLS_UDP
};

struct path {
	const char *name;
	enum table_set table;
	bool from_underlay;  // input port: underlay (else access)
	bool no_learning;    // the bridge domain with learning off (no source lookup)
	unsigned out_per_pkt; // packets sent per packet in
	const char *out_node, *out_edge; // counter that must equal pkts * out_per_pkt
};

static const struct path paths[P_MAX] = {
	[P_SOURCE] = {"source", T_NONE, false, false, 0, NULL, NULL},
	[P_IO] = {"io", T_NONE, false, false, 1, NULL, NULL},
	[P_DECAP4] = {"vxlan4-decap-l2", T_LOCAL, true, false, 1, "l2_fwd", "to_access"},
	[P_DECAP6] = {"vxlan6-decap-l2", T_LOCAL, true, false, 1, "l2_fwd", "to_access"},
	[P_ENCAP4] = {"l2-encap-vxlan4", T_REMOTE4, false, false, 1, "vxlan_encap", "to_tx"},
	[P_ENCAP6] = {"l2-encap-vxlan6", T_REMOTE6, false, false, 1, "vxlan_encap", "to_tx"},
	[P_BUM] = {"bum-replicate-8", T_REMOTE4, false, false, N_FLOOD, "vxlan_encap", "to_tx"},
	// diagnostic (not in the default list): encap without the source-MAC lookup
	[P_ENCAP4_NL] = {"l2-encap-vxlan4-nolearn", T_REMOTE4, false, true, 1, "vxlan_encap",
		"to_tx"},
	// diagnostic: decap over IPv6 with a zero UDP checksum (nothing to verify)
	[P_DECAP6_CSUM0] = {"vxlan6-decap-l2-csum0", T_LOCAL, true, false, 1, "l2_fwd",
		"to_access"},
	// ARP suppression: a broadcast request for a known host answered back to the port
	[P_ARP] = {"arp-proxy-reply", T_PROXY, false, false, 1, "arp_proxy", "reply_sent"},
	// anycast gateway: an ICMP echo request to it answered back to the port
	[P_GW_ECHO] = {"gw-echo4", T_GW, false, false, 1, "gw_input", "echo_reply_sent"},
	// bridged between two VLANs of one domain on the access port (routed4-vlan's peer)
	[P_BRIDGE_VLAN] = {"l2-access-vlan", T_BRIDGE, false, false, 1, "l2_fwd", "to_access"},
	// routed at the anycast gateway: access (domain 100) -> access (domain 200, VLAN 200)
	[P_ROUTE4] = {"routed4-vlan", T_ROUTE, false, false, 1, "ip_forward", "routed4"},
	// symmetric IRB: access -> gateway -> host route -> VXLAN in the L3VNI
	[P_SYM_ENCAP4] = {"routed4-sym-encap", T_SYM, false, false, 1, "vxlan_encap", "to_tx"},
	// symmetric IRB: VXLAN in the L3VNI -> route -> access (domain 200, VLAN 200)
	[P_SYM_DECAP4] = {"vxlan4-l3vni-routed", T_SYM_IN, true, false, 1, "ip_forward", "routed4"},
	// EVPN over MPLS: the service label popped into the domain (egress PE), a frame to a
	// remote PE under 2 transport labels (ingress PE), a P router's swap (T_LOCAL: no
	// MAC needed, the label table is static)
	[P_MPLS_POP] = {"mpls-pop-l2", T_LOCAL, true, false, 1, "l2_fwd", "to_access"},
	[P_MPLS_PUSH] = {"l2-push-mpls2", T_REMOTE_MPLS, false, false, 1, "mpls_encap", "to_tx"},
	[P_MPLS_SWAP] = {"p-swap", T_LOCAL, true, false, 1, "mpls_input", "swapped"},
	// MPLS-in-UDP over IPv4: the service label in UDP 6635 popped into the domain, a
	// frame to a remote PE in UDP 6635
	[P_MPLS_UDP_POP] = {"mpls-udp4-pop-l2", T_LOCAL, true, false, 1, "l2_fwd", "to_access"},
	[P_MPLS_UDP_PUSH] = {"l2-push-mpls-udp4", T_REMOTE_MPLS_UDP, false, false, 1, "mpls_encap",
		"to_tx"},
};

static struct {
	struct rte_mempool *pool;
	struct dp_worker *w;
	uint16_t ul_port, acc_port; // net_null0 (underlay), net_null1 (access)
	uint64_t hz;
	// the packets of the current run: N templates of len bytes, stride apart
	uint8_t *tmpl;
	uint32_t n_tmpl, len, stride, next;
	enum table_set cur_table;
	uint32_t cur_n;
	uint32_t cookie;
	// options
	double seconds;
	unsigned runs;
	bool callgrind;
	uint64_t cg_packets;
	const char *json_path;
	bool quiet;
} B = {.seconds = 0.5, .runs = 5, .cg_packets = 65536};

static void die(const char *what, int err)
{
	fprintf(stderr, "stage_bench: %s: %s\n", what, strerror(err < 0 ? -err : err));
	exit(1);
}

// ---- traffic (the same plan as perf/mkpcap.py) ---------------------------------------

static void mac_of(uint8_t prefix, uint32_t i, uint8_t *out)
{
	out[0] = 0x02;
	out[1] = prefix;
	out[2] = (uint8_t)(i >> 24);
	out[3] = (uint8_t)(i >> 16);
	out[4] = (uint8_t)(i >> 8);
	out[5] = (uint8_t)i;
}

// 60-byte Ethernet / IPv4 10.1.x.x -> 10.2.x.x / UDP 1024+i -> 5000, zero padding.
static void build_inner(uint8_t *p, const uint8_t *dst, const uint8_t *src, uint32_t i)
{
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)p;
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);

	memset(p, 0, INNER_LEN);
	memcpy(&eth->dst_addr, dst, 6);
	memcpy(&eth->src_addr, src, 6);
	eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_IPV4);
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16(28);
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	ip->src_addr = rte_cpu_to_be_32(0x0a010000u | (i & 0xffff));
	ip->dst_addr = rte_cpu_to_be_32(0x0a020000u | ((i >> 16) & 0xff) | ((i >> 24) << 8));
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	udp->src_port = rte_cpu_to_be_16((uint16_t)(1024 + i % 60000));
	udp->dst_port = RTE_BE16(5000);
	udp->dgram_len = RTE_BE16(8);
}

// 60-byte broadcast ARP request from src (10.127.x.x) for 10.128.0.0 + i, zero padding.
static void build_arp(uint8_t *p, const uint8_t *src, uint32_t i)
{
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)p;
	struct rte_arp_hdr *arp = (struct rte_arp_hdr *)(eth + 1);

	memset(p, 0, INNER_LEN);
	memset(&eth->dst_addr, 0xff, 6);
	memcpy(&eth->src_addr, src, 6);
	eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_ARP);
	arp->arp_hardware = RTE_BE16(RTE_ARP_HRD_ETHER);
	arp->arp_protocol = RTE_BE16(RTE_ETHER_TYPE_IPV4);
	arp->arp_hlen = 6;
	arp->arp_plen = 4;
	arp->arp_opcode = RTE_BE16(RTE_ARP_OP_REQUEST);
	memcpy(&arp->arp_data.arp_sha, src, 6);
	arp->arp_data.arp_sip = rte_cpu_to_be_32(0x0a7f0000u | (i % N_SRC));
	arp->arp_data.arp_tip = rte_cpu_to_be_32(0x0a800000u + i);
}

#define GW_IP 0x0a01fffeu // 10.1.255.254
static const uint8_t gw_mac[6] = {0x00, 0x00, 0x5e, 0x00, 0x01, 0x01};

#define ROUTE_NET 0x0a800000u // 10.128.0.0/9: T_ROUTE's hosts
#define L3VNI 5000
#define RNH_L3 16384
static const uint8_t rmac_ours[6] = {0x02, 0, 0, 0, 0x50, 0x01};
static const uint8_t rmac_peer[6] = {0x02, 0, 0, 0, 0x50, 0x02};
#define BD2_ID 200
#define VLAN_BRIDGE 300

// 60-byte ICMP echo request from src (10.1.x.x) to dst through the gateway (GW_MAC).
static void build_echo(uint8_t *p, const uint8_t *src, uint32_t i, uint32_t dst)
{
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)p;
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);
	struct rte_icmp_hdr *icmp = (struct rte_icmp_hdr *)(ip + 1);
	uint16_t len = INNER_LEN - sizeof(*eth);

	memset(p, 0, INNER_LEN);
	memcpy(&eth->dst_addr, gw_mac, 6);
	memcpy(&eth->src_addr, src, 6);
	eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_IPV4);
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16(len);
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_ICMP;
	ip->src_addr = rte_cpu_to_be_32(0x0a010000u | (i % N_SRC));
	ip->dst_addr = rte_cpu_to_be_32(dst);
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	icmp->icmp_type = RTE_IP_ICMP_ECHO_REQUEST;
	icmp->icmp_ident = RTE_BE16(1);
	icmp->icmp_seq_nb = rte_cpu_to_be_16((uint16_t)i);
	icmp->icmp_cksum = (uint16_t)~rte_raw_cksum(icmp, len - sizeof(*ip));
}

// Outer Ethernet/IP/UDP/VXLAN in front of an inner frame; returns the total length.
static uint32_t build_vxlan(
	uint8_t *p, bool v6, bool csum, const uint8_t *inner, uint32_t i, uint32_t vni)
{
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)p;
	uint32_t l3 = sizeof(*eth), l4 = l3 + (v6 ? 40u : 20u);
	uint32_t len = l4 + 16 + INNER_LEN;
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(p + l4);
	struct rte_vxlan_hdr *vx = (struct rte_vxlan_hdr *)(udp + 1);

	memset(p, 0, len);
	eth->dst_addr = vtep_mac;
	eth->src_addr = nh_mac;
	udp->src_port = rte_cpu_to_be_16((uint16_t)(49153 + i % 16382));
	udp->dst_port = RTE_BE16(RTE_VXLAN_DEFAULT_PORT);
	udp->dgram_len = rte_cpu_to_be_16((uint16_t)(len - l4));
	vx->vx_flags = RTE_BE32(0x08000000);
	vx->vx_vni = rte_cpu_to_be_32(vni << 8);
	memcpy(vx + 1, inner, INNER_LEN);
	if (!v6) {
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(p + l3);
		eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_IPV4);
		ip->version_ihl = RTE_IPV4_VHL_DEF;
		ip->total_length = rte_cpu_to_be_16((uint16_t)(len - l3));
		ip->fragment_offset = RTE_BE16(RTE_IPV4_HDR_DF_FLAG);
		ip->time_to_live = 64;
		ip->next_proto_id = IPPROTO_UDP;
		ip->src_addr = RTE_BE32(0xc0000202); // 192.0.2.2
		ip->dst_addr = RTE_BE32(0xc0000201); // 192.0.2.1
		ip->hdr_checksum = rte_ipv4_cksum(ip);
	} else {
		struct rte_ipv6_hdr *ip = (struct rte_ipv6_hdr *)(p + l3);
		static const uint8_t src6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 2};
		static const uint8_t dst6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
		eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_IPV6);
		ip->vtc_flow = RTE_BE32(6u << 28);
		ip->payload_len = rte_cpu_to_be_16((uint16_t)(len - l4));
		ip->proto = IPPROTO_UDP;
		ip->hop_limits = 64;
		memcpy(ip->src_addr, src6, 16);
		memcpy(ip->dst_addr, dst6, 16);
		if (csum)
			udp->dgram_cksum = rte_ipv6_udptcp_cksum(ip, udp);
	}
	return len;
}

// Ethernet to us, the label stack (the last one bottom of stack), then the inner frame.
static uint32_t build_mpls(uint8_t *p, const uint32_t *labels, unsigned n, const uint8_t *inner)
{
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)p;

	eth->dst_addr = vtep_mac;
	eth->src_addr = nh_mac;
	eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_MPLS);
	for (unsigned i = 0; i < n; i++) {
		rte_be32_t v = rte_cpu_to_be_32(labels[i] << 12 | (i + 1 == n ? 0x100u : 0) | 64);
		memcpy(p + sizeof(*eth) + 4 * i, &v, 4);
	}
	memcpy(p + sizeof(*eth) + 4 * n, inner, INNER_LEN);
	return (uint32_t)(sizeof(*eth) + 4 * n + INNER_LEN);
}

// MPLS-in-UDP over IPv4 to us: VXLAN's outer headers to port 6635, the service label
// (bottom of stack) in place of the VXLAN header.
static uint32_t build_mpls_udp(uint8_t *p, const uint8_t *inner, uint32_t i)
{
	uint32_t l4 = sizeof(struct rte_ether_hdr) + 20, len = l4 + 8 + 4 + INNER_LEN;
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(p + sizeof(struct rte_ether_hdr));
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(p + l4);
	rte_be32_t lse = rte_cpu_to_be_32(MPLS_SVC << 12 | 0x100u | 64);

	build_vxlan(p, false, false, inner, i, VNI);
	udp->dst_port = RTE_BE16(6635);
	udp->dgram_len = rte_cpu_to_be_16((uint16_t)(len - l4));
	memcpy(udp + 1, &lse, 4);
	memcpy((uint8_t *)(udp + 1) + 4, inner, INNER_LEN);
	ip->total_length = rte_cpu_to_be_16((uint16_t)(len - sizeof(struct rte_ether_hdr)));
	ip->hdr_checksum = 0;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	return len;
}

static void traffic_build(enum path_kind k, uint32_t n)
{
	uint8_t inner[INNER_LEN], dst[6], src[6];
	uint32_t n_src = n < N_SRC ? n : N_SRC;
	bool v6 = k == P_DECAP6 || k == P_DECAP6_CSUM0, vx = v6 || k == P_DECAP4;
	bool mpls = k == P_MPLS_POP || k == P_MPLS_SWAP, mpls_udp = k == P_MPLS_UDP_POP;
	const uint32_t swap_stack[] = {MPLS_SWAP, MPLS_SVC}, pop_stack[] = {MPLS_SVC};
	bool sym_in = k == P_SYM_DECAP4;

	vx = vx || sym_in;

	B.len = vx ? (uint32_t)(sizeof(struct rte_ether_hdr) + (v6 ? 40 : 20) + 16 +
			      INNER_LEN) : INNER_LEN;
	if (mpls)
		B.len = (uint32_t)(sizeof(struct rte_ether_hdr) + (k == P_MPLS_SWAP ? 8 : 4) + INNER_LEN);
	if (mpls_udp)
		B.len = (uint32_t)(sizeof(struct rte_ether_hdr) + 20 + 8 + 4 + INNER_LEN);
	B.stride = RTE_ALIGN(B.len, 64);
	rte_free(B.tmpl);
	B.tmpl = rte_malloc("bench_tmpl", (size_t)n * B.stride, 64);
	if (B.tmpl == NULL)
		die("template memory", ENOMEM);
	B.n_tmpl = n;
	B.next = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint8_t *p = B.tmpl + (size_t)i * B.stride;
		if (sym_in) { // in the L3VNI: our router MAC <- the peer's, to D(i)'s address
			mac_of(0x10, i % n_src, src);
			build_echo(inner, src, i, ROUTE_NET + i);
			memcpy(inner, rmac_ours, 6);
			memcpy(inner + 6, rmac_peer, 6);
			build_vxlan(p, false, false, inner, i, L3VNI);
		} else if (vx || mpls || mpls_udp) { // decap: inner L(i) <- R(i)
			mac_of(0x10, i, dst);
			mac_of(0x20, i, src);
			build_inner(inner, dst, src, i);
			if (mpls_udp)
				build_mpls_udp(p, inner, i);
			else if (k == P_MPLS_SWAP)
				build_mpls(p, swap_stack, 2, inner);
			else if (mpls)
				build_mpls(p, pop_stack, 1, inner);
			else
				build_vxlan(p, v6, k == P_DECAP6, inner, i, VNI);
		} else { // from the access port: R(i) or broadcast <- L(i mod S)
			if (k == P_BUM)
				memset(dst, 0xff, 6);
			else
				mac_of(0x20, i, dst);
			mac_of(0x10, i % n_src, src);
			if (k == P_ARP)
				build_arp(p, src, i);
			else if (k == P_GW_ECHO || k == P_ROUTE4 || k == P_SYM_ENCAP4)
				build_echo(p, src, i, k == P_GW_ECHO ? GW_IP : ROUTE_NET + i);
			else if (k == P_BRIDGE_VLAN) {
				mac_of(0x30, i, dst);
				build_inner(p, dst, src, i);
			} else
				build_inner(p, dst, src, i);
		}
	}
}

// ---- the replay source ------------------------------------------------------------

// A burst of fresh packets: mbufs from the pool, each a copy of the next template.
static __rte_noinline int src_burst(struct rte_mbuf **pkts)
{
	uint32_t next = B.next, len = B.len;
	if (unlikely(rte_pktmbuf_alloc_bulk(B.pool, pkts, BURST) != 0))
		return -ENOBUFS;
	for (unsigned i = 0; i < BURST; i++) {
		struct rte_mbuf *m = pkts[i];
		rte_memcpy(rte_pktmbuf_mtod(m, void *), B.tmpl + (size_t)next * B.stride, len);
		m->data_len = (uint16_t)len;
		m->pkt_len = len;
		if (++next == B.n_tmpl)
			next = 0;
	}
	B.next = next;
	return 0;
}

// ---- programming through the API -------------------------------------------------

static void writer_until_idle(void)
{
	while (dp_writer_poll() > 0)
		;
}

static unsigned n_refused;

static void drain_notify(uint32_t want_cookie, bool *seen)
{
	struct dp_notify nb[64];
	unsigned n;
	while ((n = dp_notify_recv(nb, 64)) > 0)
		for (unsigned i = 0; i < n; i++) {
			if (nb[i].type == DP_NOTIFY_MSG_ERROR) {
				if (n_refused++ < 5)
					fprintf(stderr, "stage_bench: message refused (cookie %u): %s\n",
						nb[i].cookie, strerror(-nb[i].error));
			} else if (nb[i].type == DP_NOTIFY_BARRIER && nb[i].cookie == want_cookie) {
				*seen = true;
			}
		}
}

static void msg(struct dp_msg *m)
{
	m->cookie = ++B.cookie;
	while (dp_msg_send(m) == -ENOBUFS) {
		bool dummy = false;
		dp_writer_poll();
		drain_notify(0, &dummy);
	}
}

// Every message before it applied (the writer is ours: we run it here).
static void barrier(void)
{
	struct dp_msg m = {.type = DP_MSG_BARRIER};
	bool seen = false;
	msg(&m);
	while (!seen) {
		dp_writer_poll();
		drain_notify(m.cookie, &seen);
	}
	writer_until_idle();
	if (n_refused > 0) {
		fprintf(stderr, "stage_bench: %u messages refused\n", n_refused);
		exit(1);
	}
}

static struct dp_ip ip4(uint32_t host_order)
{
	struct dp_ip a = {.family = AF_INET};
	a.v4.s_addr = rte_cpu_to_be_32(host_order);
	return a;
}

static struct dp_ip ip6(uint8_t last)
{
	struct dp_ip a = {.family = AF_INET6};
	a.bytes[0] = 0x20;
	a.bytes[1] = 0x01;
	a.bytes[2] = 0x0d;
	a.bytes[3] = 0xb8;
	a.bytes[15] = last;
	return a;
}

static void nh_set(uint32_t id, struct dp_ip remote, struct dp_ip local)
{
	struct dp_msg m = {.type = DP_MSG_NH_SET};
	m.nh.nh = id;
	m.nh.encap = DP_ENCAP_VXLAN;
	m.nh.resolved = true;
	m.nh.port = B.ul_port;
	memcpy(m.nh.dst_mac, nh_mac.addr_bytes, 6);
	m.nh.remote = remote;
	m.nh.local = local;
	msg(&m);
}

// The MPLS next hops and the static label table (the MPLS paths).
static void mpls_set(void)
{
	struct dp_msg m = {.type = DP_MSG_NH_SET};
	m.nh = (struct dp_msg_nh){.nh = NH_MPLS, .encap = DP_ENCAP_MPLS, .resolved = true,
		.port = B.ul_port, .remote = ip4(0xc0000203), .n_labels = 2, .labels = {16002, 16003}};
	memcpy(m.nh.dst_mac, nh_mac.addr_bytes, 6);
	msg(&m);
	m.nh.nh = NH_MPLS_P;
	m.nh.n_labels = 0;
	m.nh.remote = ip4(0xc0000202);
	msg(&m);
	m = (struct dp_msg){.type = DP_MSG_NH_SET};
	m.nh = (struct dp_msg_nh){.nh = NH_MPLS_UDP, .encap = DP_ENCAP_MPLS_UDP, .resolved = true,
		.port = B.ul_port, .remote = ip4(0xc0000202), .local = ip4(0xc0000201)};
	memcpy(m.nh.dst_mac, nh_mac.addr_bytes, 6);
	msg(&m);
	m = (struct dp_msg){.type = DP_MSG_LABEL_SET};
	m.label = (struct dp_msg_label){.label = MPLS_SVC, .action = DP_LABEL_POP_L2, .bd = BD_ID};
	msg(&m);
	m.label = (struct dp_msg_label){.label = MPLS_SWAP, .action = DP_LABEL_SWAP,
		.out_label = 16004, .nh = NH_MPLS_P};
	msg(&m);
}

static void bd_learning(bool on)
{
	struct dp_msg m = {.type = DP_MSG_BD_SET};
	m.bd.bd = BD_ID;
	m.bd.vni = VNI;
	m.bd.aging_sec = 300;
	m.bd.learning = on;
	msg(&m);
	barrier();
}

static void program_base(void)
{
	struct dp_msg m;

	m = (struct dp_msg){.type = DP_MSG_VTEP_ADDR};
	m.vtep.ip = ip4(0xc0000201);
	msg(&m);
	m = (struct dp_msg){.type = DP_MSG_VTEP_ADDR};
	m.vtep.ip = ip6(1);
	msg(&m);
	m = (struct dp_msg){.type = DP_MSG_UNDERLAY_ADDR};
	m.uaddr.port = B.ul_port;
	m.uaddr.prefix_len = 24;
	m.uaddr.ip = ip4(0xc0000201);
	msg(&m);
	m = (struct dp_msg){.type = DP_MSG_UNDERLAY_ADDR};
	m.uaddr.port = B.ul_port;
	m.uaddr.prefix_len = 64;
	m.uaddr.ip = ip6(1);
	msg(&m);
	m = (struct dp_msg){.type = DP_MSG_BD_SET};
	m.bd.bd = BD_ID;
	m.bd.vni = VNI;
	m.bd.aging_sec = 300;
	m.bd.learning = true;
	msg(&m);
	m = (struct dp_msg){.type = DP_MSG_MEMBER_ADD};
	m.member.bd = BD_ID;
	m.member.port = B.acc_port;
	m.member.vlan = DP_VLAN_UNTAGGED;
	msg(&m);
	nh_set(NH_V4, ip4(0xc0000202), ip4(0xc0000201));
	nh_set(NH_V6, ip6(2), ip6(1));
	mpls_set();
	for (uint32_t i = 0; i < N_FLOOD; i++) {
		nh_set(NH_FLOOD0 + i, ip4(0xc0000200 + NH_FLOOD0 + i), ip4(0xc0000201));
		m = (struct dp_msg){.type = DP_MSG_FLOOD_ADD};
		m.flood.bd = BD_ID;
		m.flood.nh = NH_FLOOD0 + i;
		m.flood.vni = VNI;
		msg(&m);
	}
	barrier();
}

static void mac_msg(uint16_t type, uint8_t prefix, uint32_t i, uint8_t kind, uint32_t nh)
{
	struct dp_msg m = {.type = type};
	m.mac.bd = BD_ID;
	mac_of(prefix, i, m.mac.mac);
	m.mac.kind = kind;
	m.mac.port = B.acc_port;
	m.mac.vlan = DP_VLAN_UNTAGGED;
	m.mac.nh = nh;
	m.mac.vni = nh == NH_MPLS || nh == NH_MPLS_UDP ? MPLS_REMOTE : VNI;
	msg(&m);
}

// T_PROXY's part: the domain's ARP suppression, and R(i)'s addresses.
static void table_proxy(uint32_t n, bool add)
{
	struct dp_msg m = {.type = DP_MSG_BD_SET};
	m.bd.bd = BD_ID;
	m.bd.vni = VNI;
	m.bd.aging_sec = 300;
	m.bd.learning = true;
	m.bd.arp_suppress = add;
	msg(&m);
	for (uint32_t i = 0; i < n; i++) {
		m = (struct dp_msg){.type = add ? DP_MSG_NEIGH_ADD : DP_MSG_NEIGH_DEL};
		m.neigh.bd = BD_ID;
		m.neigh.ip = ip4(0x0a800000u + i);
		mac_of(0x20, i, m.neigh.mac);
		msg(&m);
	}
}

// T_GW's part: the domain's anycast gateway and its address.
static void table_gw(bool add)
{
	struct dp_msg m = {.type = DP_MSG_BD_SET};
	m.bd.bd = BD_ID;
	m.bd.vni = VNI;
	m.bd.aging_sec = 300;
	m.bd.learning = true;
	m.bd.has_gw = add;
	memcpy(m.bd.gw_mac, gw_mac, 6);
	msg(&m);
	m = (struct dp_msg){.type = add ? DP_MSG_NEIGH_ADD : DP_MSG_NEIGH_DEL};
	m.neigh.bd = BD_ID;
	m.neigh.gateway = true;
	m.neigh.ip = ip4(GW_IP);
	memcpy(m.neigh.mac, gw_mac, 6);
	msg(&m);
	// its connected route: ip_forward finds the gateway's address there
	m = (struct dp_msg){.type = DP_MSG_RNH_SET};
	m.rnh = (struct dp_msg_rnh){.id = 2, .kind = DP_RNH_CONNECTED, .bd = BD_ID};
	if (add)
		msg(&m);
	m = (struct dp_msg){.type = add ? DP_MSG_ROUTE_ADD : DP_MSG_ROUTE_DEL};
	m.route = (struct dp_msg_route){
		.vrf = 0, .len = 16, .prefix = ip4(GW_IP & 0xffff0000u), .rnh = 2};
	msg(&m);
}

static void member_msg(bool add, uint16_t bd, uint16_t vlan)
{
	struct dp_msg m = {.type = add ? DP_MSG_MEMBER_ADD : DP_MSG_MEMBER_DEL};
	m.member.bd = bd;
	m.member.port = B.acc_port;
	m.member.vlan = vlan;
	msg(&m);
}

static void local_msg(bool add, uint16_t bd, uint32_t i, uint16_t vlan)
{
	struct dp_msg m = {.type = add ? DP_MSG_MAC_ADD : DP_MSG_MAC_DEL};
	m.mac.bd = bd;
	mac_of(0x30, i, m.mac.mac);
	m.mac.kind = DP_MAC_LOCAL_STATIC;
	m.mac.port = B.acc_port;
	m.mac.vlan = vlan;
	msg(&m);
}

// T_BRIDGE's part: D(i) on VLAN 300 of domain 100.
static void table_bridge(uint32_t n, bool add)
{
	if (add)
		member_msg(true, BD_ID, VLAN_BRIDGE);
	for (uint32_t i = 0; i < n; i++)
		local_msg(add, BD_ID, i, VLAN_BRIDGE);
	if (!add)
		member_msg(false, BD_ID, VLAN_BRIDGE);
}

// T_ROUTE's part: domain 200 with the gateway, its hosts D(i), the connected route.
static void table_route(uint32_t n, bool add)
{
	struct dp_msg m = {.type = DP_MSG_BD_SET};

	table_gw(add);
	m.bd.bd = BD2_ID;
	m.bd.vni = 200;
	m.bd.learning = true;
	m.bd.has_gw = true;
	memcpy(m.bd.gw_mac, gw_mac, 6);
	if (add) {
		msg(&m);
		member_msg(true, BD2_ID, BD2_ID);
		m = (struct dp_msg){.type = DP_MSG_RNH_SET};
		m.rnh = (struct dp_msg_rnh){.id = 1, .kind = DP_RNH_CONNECTED, .bd = BD2_ID};
		msg(&m);
	}
	m = (struct dp_msg){.type = add ? DP_MSG_ROUTE_ADD : DP_MSG_ROUTE_DEL};
	m.route = (struct dp_msg_route){.vrf = 0, .len = 9, .prefix = ip4(ROUTE_NET), .rnh = 1};
	msg(&m);
	for (uint32_t i = 0; i < n; i++) {
		local_msg(add, BD2_ID, i, BD2_ID);
		m = (struct dp_msg){.type = add ? DP_MSG_NEIGH_ADD : DP_MSG_NEIGH_DEL};
		m.neigh.bd = BD2_ID;
		m.neigh.ip = ip4(ROUTE_NET + i);
		mac_of(0x30, i, m.neigh.mac);
		msg(&m);
	}
	if (!add) {
		m = (struct dp_msg){.type = DP_MSG_BD_DEL};
		m.bd.bd = BD2_ID;
		msg(&m);
	}
}

// The default VRF's L3VNI with our router MAC (T_SYM, T_SYM_IN).
static void table_l3vni(bool add)
{
	struct dp_msg m = {.type = add ? DP_MSG_L3VNI_SET : DP_MSG_L3VNI_DEL};

	m.l3vni.vrf = 0;
	m.l3vni.vni = L3VNI;
	memcpy(m.l3vni.router_mac, rmac_ours, 6);
	msg(&m);
}

// T_SYM's part: the gateway, the L3VNI, and host routes via the L3 next hop.
static void table_sym(uint32_t n, bool add)
{
	struct dp_msg m = {.type = DP_MSG_RNH_SET};

	table_gw(add);
	table_l3vni(add);
	m.rnh = (struct dp_msg_rnh){
		.id = RNH_L3, .kind = DP_RNH_REMOTE_L3, .nh = NH_V4, .vni = L3VNI};
	memcpy(m.rnh.mac, rmac_peer, 6);
	memcpy(m.rnh.src_mac, rmac_ours, 6);
	if (add)
		msg(&m);
	for (uint32_t i = 0; i < n; i++) {
		m = (struct dp_msg){.type = add ? DP_MSG_ROUTE_ADD : DP_MSG_ROUTE_DEL};
		m.route = (struct dp_msg_route){
			.vrf = 0, .len = 32, .prefix = ip4(ROUTE_NET + i), .rnh = RNH_L3};
		msg(&m);
	}
	if (!add) {
		m = (struct dp_msg){.type = DP_MSG_RNH_DEL};
		m.rnh.id = RNH_L3;
		msg(&m);
	}
}

// The MACs of one table set: T_LOCAL: N static local L(i); T_REMOTE*: N remote R(i)
// plus the access port's source hosts L(0..S-1) as static local.
static void table_macs(enum table_set t, uint32_t n, bool add)
{
	uint16_t type = add ? DP_MSG_MAC_ADD : DP_MSG_MAC_DEL;
	uint32_t n_src = n < N_SRC ? n : N_SRC;
	if (t == T_NONE)
		return;
	if (t == T_PROXY)
		table_proxy(n, add);
	if (t == T_GW)
		table_gw(add);
	if (t == T_SYM || t == T_SYM_IN)
		t == T_SYM ? table_sym(n, add) : table_l3vni(add);
	if (t == T_BRIDGE || t == T_ROUTE || t == T_SYM || t == T_SYM_IN) {
		if (t == T_BRIDGE)
			table_bridge(n, add);
		else if (t != T_SYM)
			table_route(n, add);
		for (uint32_t i = 0; i < n_src; i++)
			mac_msg(type, 0x10, i, DP_MAC_LOCAL_STATIC, 0);
		return;
	}
	if (t == T_LOCAL) {
		for (uint32_t i = 0; i < n; i++)
			mac_msg(type, 0x10, i, DP_MAC_LOCAL_STATIC, 0);
		return;
	}
	for (uint32_t i = 0; i < n; i++)
		mac_msg(type, 0x20, i, DP_MAC_REMOTE,
			t == T_REMOTE6		  ? NH_V6
			: t == T_REMOTE_MPLS	  ? NH_MPLS
			: t == T_REMOTE_MPLS_UDP ? NH_MPLS_UDP
						  : NH_V4);
	for (uint32_t i = 0; i < n_src; i++)
		mac_msg(type, 0x10, i, DP_MAC_LOCAL_STATIC, 0);
}

static void table_load(enum table_set t, uint32_t n)
{
	uint64_t t0 = rte_rdtsc();
	if (t == T_NONE || (t == B.cur_table && n == B.cur_n))
		return;
	table_macs(B.cur_table, B.cur_n, false);
	barrier();
	table_macs(t, n, true);
	barrier();
	B.cur_table = t;
	B.cur_n = n;
	if (!B.quiet)
		fprintf(stderr, "# table: %u MACs (%s) loaded in %.2f s, %u entries\n", n,
			t == T_LOCAL	 ? "local"
			: t == T_REMOTE6 ? "remote v6"
			: t == T_PROXY	 ? "remote v4 and proxy ARP"
			: t == T_GW	 ? "remote v4 and anycast gateway"
			: t == T_BRIDGE	 ? "local on two VLANs"
			: t == T_ROUTE	 ? "local in two domains, routed"
			: t == T_SYM	 ? "host routes via an L3VNI"
			: t == T_SYM_IN	 ? "local in two domains, routed from an L3VNI"
			: t == T_REMOTE_MPLS ? "remote behind an MPLS PE"
			: t == T_REMOTE_MPLS_UDP ? "remote behind an MPLS-in-UDP PE"
					 : "remote v4",
			(double)(rte_rdtsc() - t0) / (double)B.hz, mac_table_count(dp_tables.macs));
}

// ---- ports -----------------------------------------------------------------------

static uint16_t null_port(const char *name)
{
	struct rte_eth_conf conf = {0};
	uint16_t id;
	int ret;

	char devargs[64];
	snprintf(devargs, sizeof(devargs), "%s,no-rx=1", name);
	if ((ret = rte_dev_probe(devargs)) < 0)
		die(name, ret);
	if ((ret = rte_eth_dev_get_port_by_name(name, &id)) < 0)
		die(name, ret);
	if ((ret = rte_eth_dev_configure(id, 1, 1, &conf)) < 0 ||
		(ret = rte_eth_rx_queue_setup(id, 0, 512, SOCKET_ID_ANY, NULL, B.pool)) < 0 ||
		(ret = rte_eth_tx_queue_setup(id, 0, 512, SOCKET_ID_ANY, NULL)) < 0 ||
		(ret = rte_eth_dev_start(id)) < 0)
		die(name, ret);
	return id;
}

// ---- measuring -------------------------------------------------------------------

struct result {
	uint64_t pkts, cycles, cpu_cycles;
	bool ok;
	char why[160];
};

// The measured loop: `bursts` bursts, or until `tsc_budget` cycles passed (0 = no
// limit). Collection under callgrind is toggled on this function.
static __rte_noinline uint64_t bench_measured(enum path_kind k, uint64_t bursts,
	uint64_t tsc_budget)
{
	struct rte_mbuf *pkts[BURST];
	struct dp_worker *w = B.w;
	uint16_t in_port = paths[k].from_underlay ? B.ul_port : B.acc_port;
	uint64_t t0 = rte_rdtsc(), done = 0;

	for (; done < bursts; done++) {
		if (tsc_budget != 0 && (done & 63) == 0 && rte_rdtsc() - t0 >= tsc_budget)
			break;
		if (unlikely(src_burst(pkts) != 0)) {
			fprintf(stderr, "stage_bench: %s: mbuf pool empty\n", paths[k].name);
			exit(1);
		}
		switch (k) {
		case P_SOURCE:
			rte_pktmbuf_free_bulk(pkts, BURST);
			break;
		case P_IO: {
			uint16_t sent = rte_eth_tx_burst(B.acc_port, 0, pkts, BURST);
			if (unlikely(sent < BURST))
				rte_pktmbuf_free_bulk(pkts + sent, BURST - sent);
			break;
		}
		default:
			// as pipelines/worker_loop.c does per poll
			w->now_tsc = rte_rdtsc();
			w->now_sec = dp_now_sec(w->now_tsc);
			STAGE_BENCH_INPUT(w, in_port, pkts, BURST);
			rcu_quiescent_state();
		}
	}
	return done * BURST;
}

static double thread_cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void run_once(enum path_kind k, struct result *r)
{
	uint64_t before[DP_CNT_MAX], t0, t1, want;
	unsigned first_bad = DP_CNT_MAX;
	int out, tx = dp_counter_id("tx", "sent");
	double c0, c1;
	memcpy(before, B.w->cnt, sizeof(before));
	rcu_thread_online();
	c0 = thread_cpu_s();
	t0 = rte_rdtsc();
	r->pkts = bench_measured(k, UINT64_MAX, (uint64_t)(B.seconds * (double)B.hz));
	t1 = rte_rdtsc();
	c1 = thread_cpu_s();
	rcu_thread_offline();
	r->cycles = t1 - t0;
	r->cpu_cycles = (uint64_t)((c1 - c0) * (double)B.hz);
	r->ok = true;
	r->why[0] = '\0';
	if (paths[k].out_edge == NULL)
		return;
	out = dp_counter_id(paths[k].out_node, paths[k].out_edge);
	if (out < 0 || tx < 0) {
		r->ok = false;
		snprintf(r->why, sizeof(r->why), "no counter %s.%s or tx.sent", paths[k].out_node,
			paths[k].out_edge);
		return;
	}
	want = r->pkts * paths[k].out_per_pkt;
	for (unsigned c = 0; c < dp_graph.n_counters; c++)
		if (dp_graph.counter[c].drop && B.w->cnt[c] != before[c] && first_bad == DP_CNT_MAX)
			first_bad = c;
	if (B.w->cnt[out] - before[out] != want || B.w->cnt[tx] - before[tx] != want ||
		first_bad != DP_CNT_MAX) {
		r->ok = false;
		snprintf(r->why, sizeof(r->why), "want %" PRIu64 " out, %s %" PRIu64 ", tx %" PRIu64
			 "%s%s%s", want, paths[k].out_edge, B.w->cnt[out] - before[out],
			B.w->cnt[tx] - before[tx], first_bad != DP_CNT_MAX ? ", drop " : "",
			first_bad != DP_CNT_MAX ? dp_graph.counter[first_bad].owner : "",
			first_bad != DP_CNT_MAX ? dp_graph.counter[first_bad].name : "");
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

struct row {
	const char *path;
	uint32_t macs;
	double cyc, cyc_min, cyc_max, net, mpps, cpu, cpu_net;
	bool ok;
	char why[160];
};

static struct row rows[64];
static unsigned n_rows;
static double source_cyc, source_cpu;

static void measure(enum path_kind k, uint32_t n)
{
	struct row *row = &rows[n_rows++];
	double c[MAX_RUNS], cc[MAX_RUNS];
	struct result r;

	table_load(paths[k].table, n);
	traffic_build(k, n);
	if (paths[k].no_learning)
		bd_learning(false);
	// warm-up: caches, the pool's per-lcore cache, the table
	{
		double s = B.seconds;
		B.seconds = s / 4;
		run_once(k, &r);
		B.seconds = s;
	}
	row->ok = true;
	for (unsigned i = 0; i < B.runs; i++) {
		run_once(k, &r);
		c[i] = (double)r.cycles / (double)r.pkts;
		cc[i] = (double)r.cpu_cycles / (double)r.pkts;
		if (!r.ok && row->ok) {
			row->ok = false;
			snprintf(row->why, sizeof(row->why), "%s", r.why);
		}
	}
	if (paths[k].no_learning)
		bd_learning(true);
	qsort(c, B.runs, sizeof(c[0]), cmp_double);
	qsort(cc, B.runs, sizeof(cc[0]), cmp_double);
	row->cpu = cc[B.runs / 2];
	row->path = paths[k].name;
	row->macs = n;
	row->cyc = c[B.runs / 2];
	row->cyc_min = c[0];
	row->cyc_max = c[B.runs - 1];
	row->mpps = (double)B.hz / row->cyc / 1e6;
	if (k == P_SOURCE) {
		source_cyc = row->cyc;
		source_cpu = row->cpu;
	}
	row->net = k == P_SOURCE ? row->cyc : row->cyc - source_cyc;
	row->cpu_net = k == P_SOURCE ? row->cpu : row->cpu - source_cpu;
	if (!B.quiet)
		fprintf(stderr, "# %-16s %7u MACs: %7.1f cyc/pkt (min %.1f max %.1f) net %6.1f, "
			"on-CPU %.1f net %.1f %s%s\n", row->path, n, row->cyc, row->cyc_min,
			row->cyc_max, row->net, row->cpu, row->cpu_net,
			row->ok ? "ok" : "CHECK FAILED: ", row->why);
}

static void print_table(void)
{
	char cpu[256] = "?";
	FILE *f = fopen("/proc/cpuinfo", "r");
	if (f != NULL) {
		char line[200];
		while (fgets(line, sizeof(line), f) != NULL)
			if (strncmp(line, "model name", 10) == 0) {
				char *p = strchr(line, ':');
				snprintf(cpu, sizeof(cpu), "%s", p ? p + 2 : line);
				cpu[strcspn(cpu, "\n")] = '\0';
				break;
			}
		fclose(f);
	}
	{
		double load[3] = {0, 0, 0};
		getloadavg(load, 3);
		printf("machine: %s, TSC %.0f Hz, %s, %s, burst %u, median of %u runs of %.2f s, "
		       "load average %.2f %.2f %.2f\n\n", cpu, (double)B.hz, rte_version(),
			rte_eal_has_hugepages() ? "hugepages" : "no-huge", BURST, B.runs, B.seconds,
			load[0], load[1], load[2]);
	}
	printf("| path | MACs | cycles/pkt | min-max | net of source | Mpps at TSC | on-CPU cycles/pkt | on-CPU net | check |\n");
	printf("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
	for (unsigned i = 0; i < n_rows; i++) {
		const struct row *r = &rows[i];
		printf("| %s | %u | %.1f | %.1f-%.1f | %.1f | %.2f | %.1f | %.1f | %s%s |\n", r->path,
			r->macs, r->cyc, r->cyc_min, r->cyc_max, r->net, r->mpps, r->cpu, r->cpu_net,
			r->ok ? "ok" : "FAILED ", r->why);
	}
	if (B.json_path == NULL)
		return;
	f = fopen(B.json_path, "w");
	if (f == NULL)
		die(B.json_path, errno);
	fprintf(f, "{\"machine\": {\"cpu\": \"%s\", \"tsc_hz\": %.0f, \"dpdk\": \"%s\", "
		   "\"hugepages\": %s}, \"burst\": %u, \"runs\": %u, \"seconds\": %.3f, \"rows\": [",
		cpu, (double)B.hz, rte_version(), rte_eal_has_hugepages() ? "true" : "false", BURST,
		B.runs, B.seconds);
	for (unsigned i = 0; i < n_rows; i++) {
		const struct row *r = &rows[i];
		fprintf(f, "%s\n  {\"path\": \"%s\", \"macs\": %u, \"cycles_per_pkt\": %.2f, "
			   "\"min\": %.2f, \"max\": %.2f, \"net_of_source\": %.2f, \"mpps\": %.3f, "
			   "\"cpu_cycles_per_pkt\": %.2f, \"cpu_net_of_source\": %.2f, \"ok\": %s}",
			i ? "," : "", r->path, r->macs, r->cyc, r->cyc_min, r->cyc_max, r->net, r->mpps,
			r->cpu, r->cpu_net, r->ok ? "true" : "false");
	}
	fprintf(f, "\n]}\n");
	fclose(f);
}

// ---- main ------------------------------------------------------------------------

static bool hugepages_free(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[128];
	long free_pages = 0;
	if (f == NULL)
		return false;
	while (fgets(line, sizeof(line), f) != NULL)
		sscanf(line, "HugePages_Free: %ld", &free_pages);
	fclose(f);
	return free_pages >= 256; // 512 MB of 2 MB pages
}

static void usage(void)
{
	fprintf(stderr,
		"usage: stage_bench [--paths LIST] [--macs LIST] [--1m] [--runs N] [--seconds S]\n"
		"                   [--json FILE] [--no-huge] [--callgrind --packets N]\n"
		"  paths: source,io,vxlan4-decap-l2,vxlan6-decap-l2,l2-encap-vxlan4,\n"
		"         l2-encap-vxlan6,bum-replicate-8 (default: all of these), and\n"
		"         l2-encap-vxlan4-nolearn (learning off: encap without the source "
		"lookup),\n"
		"         vxlan6-decap-l2-csum0 (zero UDP checksum: decap without verifying it),\n"
		"         arp-proxy-reply (ARP suppression: requests for known hosts answered),\n"
		"         gw-echo4 (anycast gateway: ICMP echo requests to it answered),\n"
		"         l2-access-vlan (bridged access -> access, another VLAN of the domain),\n"
		"         routed4-vlan (routed at the gateway: access -> access in another "
		"domain),\n"
		"         routed4-sym-encap (symmetric IRB: access -> host route -> L3VNI),\n"
		"         vxlan4-l3vni-routed (symmetric IRB: L3VNI -> route -> access),\n"
		"         mpls-pop-l2, l2-push-mpls2, p-swap (EVPN over MPLS: egress PE, ingress "
		"PE\n"
		"         under 2 transport labels, P router)\n"
		"         mpls-udp4-pop-l2, l2-push-mpls-udp4 (MPLS-in-UDP over IPv4, both ways)\n"
		"  macs:  comma list of MAC counts (default 1,100000); --1m adds 1000000\n"
		"  --callgrind: one path, one MAC count, --packets packets (default 65536), for\n"
		"         valgrind --tool=callgrind --collect-atstart=no "
		"--toggle-collect=bench_measured\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"paths", required_argument, NULL, 'p'}, {"macs", required_argument, NULL, 'm'},
		{"1m", no_argument, NULL, '1'}, {"runs", required_argument, NULL, 'r'},
		{"seconds", required_argument, NULL, 's'}, {"json", required_argument, NULL, 'j'},
		{"callgrind", no_argument, NULL, 'c'}, {"packets", required_argument, NULL, 'k'},
		{"no-huge", no_argument, NULL, 'H'}, {"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	char path_list[256] = "source,io,vxlan4-decap-l2,vxlan6-decap-l2,l2-encap-vxlan4,"
			      "l2-encap-vxlan6,bum-replicate-8";
	char mac_list[128] = "1,100000";
	bool want_1m = false, no_huge = false;
	uint32_t macs[8], n_macs = 0, max_macs = 1;
	enum path_kind todo[P_MAX];
	unsigned n_todo = 0;
	char *eal_argv[16], *tok, *save;
	int eal_argc = 0, c, ret;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'p': snprintf(path_list, sizeof(path_list), "%s", optarg); break;
		case 'm': snprintf(mac_list, sizeof(mac_list), "%s", optarg); break;
		case '1': want_1m = true; break;
		case 'r': B.runs = (unsigned)atoi(optarg); break;
		case 's': B.seconds = atof(optarg); break;
		case 'j': B.json_path = optarg; break;
		case 'c': B.callgrind = true; break;
		case 'k': B.cg_packets = strtoull(optarg, NULL, 0); break;
		case 'H': no_huge = true; break;
		case 'q': B.quiet = true; break;
		default: usage();
		}
	}
	if (B.runs == 0 || B.runs > MAX_RUNS || B.seconds <= 0)
		usage();
	for (tok = strtok_r(mac_list, ",", &save); tok && n_macs < 7; tok = strtok_r(NULL, ",", &save))
		macs[n_macs++] = (uint32_t)strtoul(tok, NULL, 0);
	if (want_1m)
		macs[n_macs++] = 1000000;
	for (tok = strtok_r(path_list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		unsigned k;
		for (k = 0; k < P_MAX && strcmp(paths[k].name, tok) != 0; k++)
			;
		if (k == P_MAX) {
			fprintf(stderr, "stage_bench: unknown path %s\n", tok);
			usage();
		}
		todo[n_todo++] = (enum path_kind)k;
	}
	for (unsigned i = 0; i < n_macs; i++) {
		if (macs[i] == 0 || macs[i] > (1u << 24))
			usage();
		max_macs = RTE_MAX(max_macs, macs[i]);
	}
	if (B.callgrind && (n_todo != 1 || n_macs != 1))
		usage();

	eal_argv[eal_argc++] = argv[0];
	eal_argv[eal_argc++] = (char *)"-l";
	eal_argv[eal_argc++] = (char *)"0";
	eal_argv[eal_argc++] = (char *)"--no-pci";
	eal_argv[eal_argc++] = (char *)"--log-level=lib.eal:error";
	if (!no_huge && !B.callgrind && hugepages_free()) {
		eal_argv[eal_argc++] = (char *)"--in-memory";
	} else {
		eal_argv[eal_argc++] = (char *)"--no-huge";
		eal_argv[eal_argc++] = (char *)"-m";
		eal_argv[eal_argc++] = (char *)(max_macs > 200000 ? "3072" : "1024");
		eal_argv[eal_argc++] = (char *)"--no-shconf";
	}
	if ((ret = rte_eal_init(eal_argc, eal_argv)) < 0)
		die("rte_eal_init", rte_errno);
	B.hz = rte_get_tsc_hz();

	B.pool = dp_pktmbuf_pool_create("bench_pool", POOL_SIZE, (int)rte_socket_id());
	if (B.pool == NULL)
		die("mbuf pool", rte_errno);
	if ((ret = dp_graph_build(&vtep_pipeline)) < 0)
		die("pipeline", -ret);
	B.w = rte_zmalloc("dp_worker", sizeof(struct dp_worker), RTE_CACHE_LINE_SIZE);
	if (B.w == NULL || (ret = dp_worker_init(B.w, 0, B.pool)) < 0)
		die("worker", B.w == NULL ? ENOMEM : ret);
	// the evpnd default (262144), or room for the largest table asked for
	if ((ret = dp_init(1, &B.w, B.pool, RTE_MAX(262144u, rte_align32pow2(2 * max_macs)),
		     0)) < 0)
		die("dp_init", ret);
	B.ul_port = null_port("net_null0");
	B.acc_port = null_port("net_null1");
	dp_port_register(B.ul_port, "underlay0", &vtep_mac);
	dp_port_register(B.acc_port, "access0", &access_mac);
	// dp_init registered this thread with liburcu, offline (it is the writer's);
	// it goes online only to read as a worker does.
	program_base();
	STAGE_BENCH_SETUP(B.w);

	if (B.callgrind) {
		uint64_t bursts = (B.cg_packets + BURST - 1) / BURST, n;
		enum path_kind k = todo[0];
		table_load(paths[k].table, macs[0]);
		traffic_build(k, macs[0]);
		if (paths[k].no_learning)
			bd_learning(false);
		// no warm-up: instruction counts do not depend on the caches, and every call of
		// bench_measured is collected
		rcu_thread_online();
		n = bench_measured(k, bursts, 0);
		rcu_thread_offline();
		printf("callgrind %s macs %u packets %" PRIu64 "\n", paths[k].name, macs[0], n);
	} else {
		// the source first: every path row subtracts it
		bool have_source = false;
		for (unsigned i = 0; i < n_todo; i++)
			have_source |= todo[i] == P_SOURCE;
		for (unsigned j = 0; j < n_macs; j++) {
			if (!have_source)
				measure(P_SOURCE, macs[j]);
			for (unsigned i = 0; i < n_todo; i++)
				measure(todo[i], macs[j]);
		}
		print_table();
	}

	STAGE_BENCH_FINI();
	rte_eth_dev_stop(B.ul_port);
	rte_eth_dev_stop(B.acc_port);
	dp_fini();
	dp_worker_fini(B.w);
	rte_free(B.w);
	rte_free(B.tmpl);
	rte_eal_cleanup();
	return 0;
}
