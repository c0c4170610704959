// SPDX-License-Identifier: BSD-3-Clause
// l2_snoop: l2_fwd's side step for ARP and IPv6 frames that came in on an access port.
// The (MAC, IP) of the host that sent them becomes a DP_EVENT_SNOOP for the writer,
// which passes it on to EVPN (MAC+IP type-2 routes). The frame is only read and
// forwarded as before; a frame that says nothing usable is not counted anywhere.
//   ARP request, reply or gratuitous: sender hardware and protocol addresses.
//   Neighbour solicitation: IPv6 source, source link-layer address option.
//   Neighbour advertisement: target, target link-layer address option.
// Without the option, the Ethernet source stands for the MAC.
#include <rte_arp.h>
#include <rte_ether.h>
#include <rte_icmp.h>
#include <rte_ip.h>
#include <string.h>

#include "dp/core/dp_meta.h"
#include "dp/core/dp_worker.h"

#define ND_NS 135
#define ND_NA 136
#define ND_OPT_SLLA 1
#define ND_OPT_TLLA 2
#define ND_HDR_LEN 24 // type, code, checksum, flags/reserved, target

static inline uint64_t l2_snoop_hash(uint16_t bd, const uint8_t *mac, const struct dp_ip *ip)
{
	uint64_t h = UINT64_C(14695981039346656037) ^ bd; // FNV-1a
	unsigned len = ip->family == AF_INET ? 4 : 16;
	for (unsigned i = 0; i < 6; i++)
		h = (h ^ mac[i]) * UINT64_C(1099511628211);
	for (unsigned i = 0; i < len; i++)
		h = (h ^ ip->bytes[i]) * UINT64_C(1099511628211);
	return h;
}

// Posts the event unless this pair was posted this second.
static void l2_snoop_post(
	struct dp_worker *w, const struct dp_meta *meta, const uint8_t *mac, const struct dp_ip *ip)
{
	struct dp_event ev = {.type = DP_EVENT_SNOOP,
		.bd = meta->bd,
		.port = meta->in_port,
		.vlan = meta->in_vlan,
		.ip = *ip};
	uint64_t h = l2_snoop_hash(meta->bd, mac, ip);
	struct dp_snoop_filter *f = &w->snoop_filter[h & (DP_SNOOP_FILTER_SIZE - 1)];

	if (!rte_is_valid_assigned_ether_addr((const struct rte_ether_addr *)mac))
		return;
	if (f->hash == h && f->sec == w->now_sec)
		return;
	memcpy(ev.mac, mac, sizeof(ev.mac));
	if (dp_event_post(w, &ev) == 0) {
		f->hash = h;
		f->sec = w->now_sec;
		dp_count(w, DP_CNT_L2_FWD_SNOOP);
	}
}

static void l2_snoop_arp(struct dp_worker *w, const struct rte_mbuf *m, const struct dp_meta *meta)
{
	const struct rte_arp_hdr *a = rte_pktmbuf_mtod_offset(
		m, const struct rte_arp_hdr *, sizeof(struct rte_ether_hdr));
	struct dp_ip ip = {.family = AF_INET};
	uint32_t sip;

	if (rte_pktmbuf_data_len(m) < sizeof(struct rte_ether_hdr) + sizeof(*a) ||
		a->arp_hardware != RTE_BE16(RTE_ARP_HRD_ETHER) ||
		a->arp_protocol != RTE_BE16(RTE_ETHER_TYPE_IPV4) ||
		a->arp_hlen != RTE_ETHER_ADDR_LEN || a->arp_plen != 4)
		return;
	if (a->arp_opcode != RTE_BE16(RTE_ARP_OP_REQUEST) &&
		a->arp_opcode != RTE_BE16(RTE_ARP_OP_REPLY))
		return;
	// A probe (sender 0.0.0.0) claims nothing yet; multicast and broadcast never a host.
	sip = rte_be_to_cpu_32(a->arp_data.arp_sip);
	if (sip == 0 || sip == UINT32_MAX || (sip >> 28) == 0xe)
		return;
	ip.v4.s_addr = a->arp_data.arp_sip;
	l2_snoop_post(w, meta, a->arp_data.arp_sha.addr_bytes, &ip);
}

// The link-layer address option of type `want` in the options at p[0..len), or NULL.
static const uint8_t *l2_snoop_nd_lla(const uint8_t *p, uint32_t len, uint8_t want)
{
	while (len >= 8) {
		uint32_t olen = (uint32_t)p[1] * 8;
		if (olen == 0 || olen > len)
			return NULL;
		if (p[0] == want && olen == 8)
			return p + 2;
		p += olen;
		len -= olen;
	}
	return NULL;
}

static bool l2_snoop_unspec6(const uint8_t *a)
{
	static const uint8_t zero[16];
	return memcmp(a, zero, sizeof(zero)) == 0;
}

static void l2_snoop_nd(struct dp_worker *w, const struct rte_mbuf *m, const struct dp_meta *meta)
{
	const uint32_t off = sizeof(struct rte_ether_hdr) + sizeof(struct rte_ipv6_hdr);
	const struct rte_ipv6_hdr *ip6 = rte_pktmbuf_mtod_offset(
		m, const struct rte_ipv6_hdr *, sizeof(struct rte_ether_hdr));
	const uint8_t *nd = rte_pktmbuf_mtod_offset(m, const uint8_t *, off);
	const uint8_t *addr, *lla;
	struct dp_ip ip = {.family = AF_INET6};
	uint32_t plen;

	if (rte_pktmbuf_data_len(m) < off + ND_HDR_LEN || ip6->proto != IPPROTO_ICMPV6 ||
		ip6->hop_limits != 255 || nd[1] != 0)
		return;
	plen = RTE_MIN((uint32_t)rte_be_to_cpu_16(ip6->payload_len),
		(uint32_t)rte_pktmbuf_data_len(m) - off);
	if (plen < ND_HDR_LEN)
		return;
	if (nd[0] == ND_NS) {
		addr = ip6->src_addr;
		lla = l2_snoop_nd_lla(nd + ND_HDR_LEN, plen - ND_HDR_LEN, ND_OPT_SLLA);
	} else if (nd[0] == ND_NA) {
		addr = nd + 8;
		lla = l2_snoop_nd_lla(nd + ND_HDR_LEN, plen - ND_HDR_LEN, ND_OPT_TLLA);
	} else {
		return;
	}
	// Unspecified (DAD), link-local (FRR does not advertise those) and multicast.
	if ((addr[0] == 0xfe && (addr[1] & 0xc0) == 0x80) || addr[0] == 0xff)
		return;
	memcpy(ip.bytes, addr, 16);
	if (l2_snoop_unspec6(ip.bytes))
		return;
	if (lla == NULL)
		lla = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *)->src_addr.addr_bytes;
	l2_snoop_post(w, meta, lla, &ip);
}

void l2_snoop(struct dp_worker *w, const struct rte_mbuf *m)
{
	const struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	const struct dp_meta *meta = dp_meta((struct rte_mbuf *)(uintptr_t)m);

	if (eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_ARP))
		l2_snoop_arp(w, m, meta);
	else if (eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_IPV6))
		l2_snoop_nd(w, m, meta);
}
