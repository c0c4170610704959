// SPDX-License-Identifier: BSD-3-Clause
// IPv6 neighbour discovery (RFC 4861) and ARP packets the dataplane writes itself:
// solicitations for underlay next hops, advertisements for our addresses.
#ifndef EVPND_ND_PACKET_H
#define EVPND_ND_PACKET_H

#include <netinet/in.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <stdbool.h>

#define ND_TYPE_NS 135
#define ND_TYPE_NA 136
#define ND_OPT_SRC_LLADDR 1
#define ND_OPT_TGT_LLADDR 2
#define ND_NA_FLAG_ROUTER RTE_BE32(0x80000000)
#define ND_NA_FLAG_SOLICITED RTE_BE32(0x40000000)
#define ND_NA_FLAG_OVERRIDE RTE_BE32(0x20000000)

// NS and NA share this layout: ICMPv6 header, 4 bytes (reserved or flags), target.
struct nd_msg {
	uint8_t type;
	uint8_t code;
	rte_be16_t cksum;
	rte_be32_t flags;
	uint8_t target[16];
} __rte_packed;

struct nd_opt_lladdr {
	uint8_t type;
	uint8_t len; // in units of 8 bytes
	struct rte_ether_addr mac;
} __rte_packed;

// Fills m (empty) with an NS for `target` from `src`/`src_mac`, to the solicited-node
// multicast group. Returns 0 or -ENOSPC.
int nd_build_ns(struct rte_mbuf *m, const struct rte_ether_addr *src_mac,
	const struct in6_addr *src, const struct in6_addr *target);
// Fills m (empty) with an ARP request.
int arp_build_request(struct rte_mbuf *m, const struct rte_ether_addr *src_mac,
	rte_be32_t src, rte_be32_t target);
// ICMPv6 checksum of the message after ip (payload_len bytes, contiguous).
uint16_t nd_icmp6_cksum(const struct rte_ipv6_hdr *ip);
// Finds a link-layer address option of `type` in the options after an NS/NA.
const struct rte_ether_addr *nd_find_lladdr(const uint8_t *opts, uint32_t len, uint8_t type);

// RFC 4861 7.1.1: every option has a non-zero length and fits in the message.
bool nd_opts_ok(const uint8_t *opts, uint32_t len);
// The NS/NA after ip (len bytes from ip on, contiguous) is whole and untouched: its
// payload length fits, hop limit 255, code 0, a good ICMPv6 checksum, sound options.
bool nd_msg_ok(const struct rte_ipv6_hdr *ip, uint32_t len);

// The NA answering an NS: its headers and a target link-layer address option.
#define ND_ADVERT_ICMP_LEN (sizeof(struct nd_msg) + sizeof(struct nd_opt_lladdr))
#define ND_ADVERT_LEN                                                                              \
	(sizeof(struct rte_ether_hdr) + sizeof(struct rte_ipv6_hdr) + ND_ADVERT_ICMP_LEN)
// An NS without a source link-layer option is shorter than its answer, which grows
// into the tailroom: a frame that fills its buffer has none.
bool nd_advert_fits(const struct rte_mbuf *m);
// Turns the NS in m (nd_advert_fits) into the NA of `mac` for its target, back to the
// soliciting host: Solicited and Override set, Router when `router`, hop limit 255,
// the target link-layer option, the ICMPv6 checksum.
void nd_advert_build(struct rte_mbuf *m, struct rte_ipv6_hdr *ip, struct nd_msg *ns,
	const struct rte_ether_addr *mac, bool router);
// Readdresses the NA nd_advert_build made to all nodes (ff02::1) with Solicited clear:
// the answer to a solicitation from :: (duplicate address detection, RFC 4861 7.2.4).
void nd_advert_to_all_nodes(struct rte_mbuf *m, struct rte_ipv6_hdr *ip, struct nd_msg *na);

#endif
