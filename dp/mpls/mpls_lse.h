// SPDX-License-Identifier: BSD-3-Clause
// An MPLS label stack entry (RFC 3032): label (20 bits), TC (3), bottom of stack S (1),
// TTL (8), big-endian on the wire, 2-byte aligned after Ethernet: read and written
// by memcpy.
#ifndef EVPND_MPLS_LSE_H
#define EVPND_MPLS_LSE_H

#include <rte_byteorder.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define LSE_LEN 4
#define LSE_S 0x100u
#define LSE_TTL 0xffu
// Reserved labels (RFC 3032, RFC 6790)
#define DP_MPLS_IPV4_NULL 0u
#define DP_MPLS_IPV6_NULL 2u
#define DP_MPLS_ELI 7u

static inline uint32_t lse_get(const uint8_t *p)
{
	rte_be32_t v;
	memcpy(&v, p, sizeof(v));
	return rte_be_to_cpu_32(v);
}

static inline void lse_put(uint8_t *p, uint32_t lse)
{
	rte_be32_t v = rte_cpu_to_be_32(lse);
	memcpy(p, &v, sizeof(v));
}

static inline uint32_t lse_make(uint32_t label, bool bos, uint8_t ttl)
{
	return label << 12 | (bos ? LSE_S : 0) | ttl;
}

#endif
