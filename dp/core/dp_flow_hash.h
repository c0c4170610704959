// SPDX-License-Identifier: BSD-3-Clause
// The flow hash of a frame about to be encapsulated (the inner Ethernet frame at the
// data offset): the NIC's RSS hash when it gave one, else a CRC of the MACs and the
// 4 bytes after them. It spreads flows over underlay paths: the VXLAN and MPLS-in-UDP
// source port, the entropy label.
#ifndef EVPND_DP_FLOW_HASH_H
#define EVPND_DP_FLOW_HASH_H

#include <rte_mbuf.h>
#include <string.h>

#include "dp/core/dp_crc.h"

static inline uint32_t dp_flow_hash(const struct rte_mbuf *m)
{
	const uint8_t *inner = rte_pktmbuf_mtod(m, const uint8_t *);
	uint64_t macs;
	uint32_t rest;

	if (m->ol_flags & RTE_MBUF_F_RX_RSS_HASH)
		return m->hash.rss;
	memcpy(&macs, inner, sizeof(macs)); // unaligned loads, one instruction each
	memcpy(&rest, inner + 8, sizeof(rest));
	return dp_crc32c_4(rest, dp_crc32c_8(macs, 0));
}

// A UDP source port in the dynamic range 49152-65535 (RFC 7348, RFC 7510).
static inline rte_be16_t dp_flow_sport(uint32_t h)
{
	return rte_cpu_to_be_16((uint16_t)(0xc000 | ((h ^ (h >> 16)) & 0x3fff)));
}

#endif
