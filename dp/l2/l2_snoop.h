// SPDX-License-Identifier: BSD-3-Clause
// l2_snoop's per-ARP part, inline for its two callers (l2_snoop.c, arp_proxy.c): the
// per-worker filter of the (MAC, IP) pairs posted this second, and the ARP's check
// against it. Only a pair not seen this second leaves the inline path (l2_snoop_post).
#ifndef EVPND_L2_SNOOP_H
#define EVPND_L2_SNOOP_H

#include <rte_arp.h>
#include <rte_byteorder.h>
#include <rte_ether.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "dp/core/dp_crc.h"
#include "dp/core/dp_meta.h"
#include "dp/core/dp_worker.h"

// Two CRC32-C chains over (bd, MAC) and the IP with different seeds: a 64-bit tag
// for the filter in a dozen instructions (a byte-wise hash took about 100 of the 130
// that a filtered ARP cost, perf/run.sh callgrind arp-proxy-reply). Unrolled, the
// family tested once, and an ARP's tag taken before any address is built: the filter's
// hit, the common case, then costs about 30 instructions.
#define L2_SNOOP_SEED2 0x9e3779b9u

static inline uint64_t l2_snoop_bd_mac(uint16_t bd, const uint8_t *mac)
{
	uint64_t bm = bd;

	memcpy((uint8_t *)&bm + 2, mac, 6);
	return bm;
}

static inline uint64_t l2_snoop_tag4(uint16_t bd, const uint8_t *mac, rte_be32_t ip)
{
	uint64_t bm = l2_snoop_bd_mac(bd, mac);
	uint32_t a = dp_crc32c_8(bm, 0), b = dp_crc32c_8(bm, L2_SNOOP_SEED2);

	return (uint64_t)dp_crc32c_4(ip, b) << 32 | dp_crc32c_4(ip, a);
}

static inline struct dp_snoop_filter *l2_snoop_slot(struct dp_worker *w, uint64_t tag)
{
	return &w->snoop_filter[tag & (DP_SNOOP_FILTER_SIZE - 1)];
}

// Whether this pair was posted this second. A frame whose source was just (re)learned
// never counts as seen: its MAC may have been flushed since the last post (clear mac,
// link down), taking the MAC+IP route with it.
static inline bool l2_snoop_seen(struct dp_worker *w, uint64_t tag, bool fresh)
{
	const struct dp_snoop_filter *f = l2_snoop_slot(w, tag);

	return !fresh && f->hash == tag && f->sec == w->now_sec;
}

// Posts the event for a pair not seen this second (tag: its l2_snoop_tag). True when
// posted.
bool l2_snoop_post(struct dp_worker *w, const struct dp_meta *meta, const uint8_t *mac,
	const struct dp_ip *ip, uint64_t tag);

// A host's own IPv4 address: not 0.0.0.0, broadcast or multicast.
static inline bool l2_snoop_host4(rte_be32_t a)
{
	uint32_t ip = rte_be_to_cpu_32(a);
	// ip - 1 wraps 0 to UINT32_MAX: neither 0 nor UINT32_MAX in one compare
	return ip - 1 < UINT32_MAX - 1 && (ip >> 28) != 0xe;
}

// The snoop of an ARP whose header arp_packet_check accepted: inline, as arp_proxy
// (which snoops the frames l2_fwd hands it) and l2_snoop_arp call it on every ARP.
static inline void l2_snoop_arp_checked(
	struct dp_worker *w, const struct rte_mbuf *m, const struct rte_arp_hdr *a, bool fresh)
{
	const struct dp_meta *meta = dp_meta((struct rte_mbuf *)(uintptr_t)m);
	uint64_t tag;

	if (a->arp_opcode != RTE_BE16(RTE_ARP_OP_REQUEST) &&
		a->arp_opcode != RTE_BE16(RTE_ARP_OP_REPLY))
		return;
	// A probe (sender 0.0.0.0) claims nothing yet; multicast and broadcast never a host.
	if (!l2_snoop_host4(a->arp_data.arp_sip))
		return;
	tag = l2_snoop_tag4(meta->bd, a->arp_data.arp_sha.addr_bytes, a->arp_data.arp_sip);
	if (l2_snoop_seen(w, tag, fresh))
		return;
	struct dp_ip ip = {.family = AF_INET, .v4.s_addr = a->arp_data.arp_sip};
	l2_snoop_post(w, meta, a->arp_data.arp_sha.addr_bytes, &ip, tag);
}

#endif
