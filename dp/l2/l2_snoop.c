// SPDX-License-Identifier: BSD-3-Clause
// l2_snoop: l2_fwd's side step for ARP and IPv6 frames that came in on an access port,
// and for DHCPv4 server replies from anywhere (access port or tunnel).
// The (MAC, IP) of a host becomes a DP_EVENT_SNOOP for the writer, which passes it on
// to EVPN (MAC+IP type-2 routes) if the MAC is local here. The frame is only read and
// forwarded as before; a frame that says nothing usable is not counted anywhere.
//   ARP request, reply or gratuitous: sender hardware and protocol addresses.
//   Neighbour solicitation: IPv6 source, source link-layer address option.
//   Neighbour advertisement: target, target link-layer address option.
// Without the option, the Ethernet source stands for the MAC.
//   DHCPACK (UDP 67 -> 68): client hardware address and "your" address. The server
//   may sit behind a remote VTEP, so replies from the tunnel count too: the writer
//   keeps only MACs that are local, whoever sent the reply.
#include <rte_arp.h>
#include <rte_ether.h>
#include <rte_icmp.h>
#include <rte_ip.h>
#include <rte_udp.h>
#include <string.h>

#include "dp/core/dp_crc.h"
#include "dp/core/dp_meta.h"
#include "dp/core/dp_worker.h"
#include "dp/l2/l2_fwd.h"
#include "dp/l2/l2_snoop.h"

#define ND_NS 135
#define ND_NA 136
#define ND_OPT_SLLA 1
#define ND_OPT_TLLA 2
#define ND_HDR_LEN 24 // type, code, checksum, flags/reserved, target

// BOOTP/DHCP (RFC 951, 2131, 2132): the fixed part, then the magic cookie and options.
struct l2_snoop_bootp {
	uint8_t op, htype, hlen, hops;
	rte_be32_t xid;
	rte_be16_t secs, flags;
	rte_be32_t ciaddr, yiaddr, siaddr, giaddr;
	uint8_t chaddr[16];
	uint8_t sname[64];
	uint8_t file[128];
	rte_be32_t cookie;
} __rte_packed;
_Static_assert(sizeof(struct l2_snoop_bootp) == 240, "BOOTP header and cookie");

#define BOOTP_REPLY 2
#define BOOTP_HTYPE_ETHER 1
#define DHCP_COOKIE RTE_BE32(0x63825363)
#define DHCP_OPT_PAD 0
#define DHCP_OPT_MSG_TYPE 53
#define DHCP_OPT_END 255
#define DHCP_ACK 5

static inline uint64_t l2_snoop_tag(uint16_t bd, const uint8_t *mac, const struct dp_ip *ip)
{
	uint64_t bm, hi, lo;
	uint32_t a, b;

	if (ip->family == AF_INET)
		return l2_snoop_tag4(bd, mac, ip->v4.s_addr);
	bm = l2_snoop_bd_mac(bd, mac);
	memcpy(&hi, ip->bytes, 8);
	memcpy(&lo, ip->bytes + 8, 8);
	a = dp_crc32c_8(lo, dp_crc32c_8(hi, dp_crc32c_8(bm, 0)));
	b = dp_crc32c_8(lo, dp_crc32c_8(hi, dp_crc32c_8(bm, L2_SNOOP_SEED2)));
	return (uint64_t)b << 32 | a;
}

__rte_noinline bool l2_snoop_post(struct dp_worker *w, const struct dp_meta *meta,
	const uint8_t *mac, const struct dp_ip *ip, uint64_t tag)
{
	struct dp_snoop_filter *f = l2_snoop_slot(w, tag);

	if (!rte_is_valid_assigned_ether_addr((const struct rte_ether_addr *)mac))
		return false;
	struct dp_event ev = {.type = DP_EVENT_SNOOP,
		.bd = meta->bd,
		.port = meta->in_port,
		.vlan = meta->in_vlan,
		.ip = *ip};
	memcpy(ev.mac, mac, sizeof(ev.mac));
	if (dp_event_post(w, &ev) != 0)
		return false;
	f->hash = tag;
	f->sec = w->now_sec;
	dp_count_in(w, &l2_fwd_node.cnt, L2_FWD_CNT_SNOOP);
	return true;
}

// l2_snoop_post unless seen this second.
static bool l2_snoop_offer(struct dp_worker *w, const struct dp_meta *meta, const uint8_t *mac,
	const struct dp_ip *ip, bool fresh)
{
	uint64_t tag = l2_snoop_tag(meta->bd, mac, ip);

	return !l2_snoop_seen(w, tag, fresh) && l2_snoop_post(w, meta, mac, ip, tag);
}

static void l2_snoop_arp(struct dp_worker *w, const struct rte_mbuf *m, bool fresh)
{
	const struct rte_arp_hdr *a = rte_pktmbuf_mtod_offset(
		m, const struct rte_arp_hdr *, sizeof(struct rte_ether_hdr));

	if (rte_pktmbuf_data_len(m) < sizeof(struct rte_ether_hdr) + sizeof(*a) ||
		a->arp_hardware != RTE_BE16(RTE_ARP_HRD_ETHER) ||
		a->arp_protocol != RTE_BE16(RTE_ETHER_TYPE_IPV4) ||
		a->arp_hlen != RTE_ETHER_ADDR_LEN || a->arp_plen != 4)
		return;
	l2_snoop_arp_checked(w, m, a, fresh);
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

// Not inlined (nor l2_snoop_dhcp): l2_snoop stays small for ARP, which saves their
// register spills on every snooped ARP (~15 instructions, arp-proxy-reply).
static __rte_noinline void l2_snoop_nd(
	struct dp_worker *w, const struct rte_mbuf *m, const struct dp_meta *meta, bool fresh)
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
	l2_snoop_offer(w, meta, lla, &ip, fresh);
}

// The DHCP message type (option 53) in the options at p[0..len), or 0. An option
// running past the end spoils the whole message. Options overloaded into sname/file
// (option 52) are not looked at: servers put the message type in the options field.
static uint8_t l2_snoop_dhcp_type(const uint8_t *p, uint32_t len)
{
	uint32_t i = 0;

	while (i < len && p[i] != DHCP_OPT_END) {
		uint32_t olen;
		if (p[i] == DHCP_OPT_PAD) {
			i++;
			continue;
		}
		if (len - i < 2 || (olen = p[i + 1]) > len - i - 2)
			return 0;
		if (p[i] == DHCP_OPT_MSG_TYPE)
			return olen == 1 ? p[i + 2] : 0;
		i += 2 + olen;
	}
	return 0;
}

// The UDP payload of an unfragmented IPv4/UDP frame, bounded by the IP and UDP
// lengths and by what the first segment holds; NULL if the headers do not add up.
static const uint8_t *l2_snoop_udp4_payload(const struct rte_mbuf *m, uint32_t *len)
{
	const uint32_t eth_len = sizeof(struct rte_ether_hdr);
	const uint32_t data = rte_pktmbuf_data_len(m);
	const struct rte_ipv4_hdr *ip =
		rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, eth_len);
	const struct rte_udp_hdr *udp;
	uint32_t ihl, end;

	if (data < eth_len + sizeof(*ip) + sizeof(*udp) || (ip->version_ihl >> 4) != 4)
		return NULL;
	ihl = (uint32_t)(ip->version_ihl & 0xf) * 4;
	if (ihl < sizeof(*ip) || data < eth_len + ihl + sizeof(*udp) ||
		(ip->fragment_offset & RTE_BE16(RTE_IPV4_HDR_MF_FLAG | RTE_IPV4_HDR_OFFSET_MASK)))
		return NULL;
	end = RTE_MIN(data, eth_len + rte_be_to_cpu_16(ip->total_length));
	udp = rte_pktmbuf_mtod_offset(m, const struct rte_udp_hdr *, eth_len + ihl);
	end = RTE_MIN(end, eth_len + ihl + rte_be_to_cpu_16(udp->dgram_len));
	if (end < eth_len + ihl + sizeof(*udp))
		return NULL;
	*len = end - eth_len - ihl - (uint32_t)sizeof(*udp);
	return (const uint8_t *)(udp + 1);
}

// A DHCPACK on its way to the client: (chaddr, yiaddr). l2_fwd checked the ports.
static __rte_noinline void l2_snoop_dhcp(
	struct dp_worker *w, const struct rte_mbuf *m, const struct dp_meta *meta)
{
	const struct l2_snoop_bootp *b;
	struct dp_ip ip = {.family = AF_INET};
	uint32_t len;

	b = (const struct l2_snoop_bootp *)l2_snoop_udp4_payload(m, &len);
	if (b == NULL || len < sizeof(*b) || b->op != BOOTP_REPLY ||
		b->htype != BOOTP_HTYPE_ETHER || b->hlen != RTE_ETHER_ADDR_LEN ||
		b->cookie != DHCP_COOKIE || !l2_snoop_host4(b->yiaddr))
		return;
	if (l2_snoop_dhcp_type((const uint8_t *)(b + 1), len - sizeof(*b)) != DHCP_ACK)
		return;
	ip.v4.s_addr = b->yiaddr;
	// The client's MAC, not the frame's source (the server's): never fresh.
	if (l2_snoop_offer(w, meta, b->chaddr, &ip, false))
		dp_count_in(w, &l2_fwd_node.cnt, L2_FWD_CNT_SNOOP_DHCP);
}

void l2_snoop(struct dp_worker *w, const struct rte_mbuf *m, bool fresh)
{
	const struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	const struct dp_meta *meta = dp_meta((struct rte_mbuf *)(uintptr_t)m);

	if (eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_ARP))
		l2_snoop_arp(w, m, fresh);
	else if (eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_IPV6))
		l2_snoop_nd(w, m, meta, fresh);
	else if (eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_IPV4))
		l2_snoop_dhcp(w, m, meta);
}
