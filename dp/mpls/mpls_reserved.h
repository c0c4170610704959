// SPDX-License-Identifier: BSD-3-Clause
// Reserved labels at an egress (mpls_input): an explicit null (0 IPv4, 2 IPv6; RFC 3032,
// RFC 4182) on top is popped and the label under it looked up; an entropy label
// indicator (7) and its entropy label (RFC 6790 section 4.3) on top are popped too (an
// ELI+EL deeper stays for the node that pops down to it: a P swaps above them). Any
// other reserved label, an explicit null under another label, an EL of 0-15, an ELI or
// EL with nothing under it: refused.
#ifndef EVPND_MPLS_RESERVED_H
#define EVPND_MPLS_RESERVED_H

#include <rte_common.h>
#include <rte_mbuf.h>

#include "dp/dp_api.h"
#include "dp/mpls/mpls_lse.h"

enum mpls_rsv {
	MPLS_RSV_OK,
	MPLS_RSV_RESERVED,
	MPLS_RSV_NULL_BOS,
	MPLS_RSV_ELI_BOS,
	MPLS_RSV_NO_BOS,
};

// A reserved label at depth *d of a stack of len bytes: fine (an ELI: *d moves onto
// its EL) or why not. Entries popped before the lookup (explicit null and ELI+EL while
// only such entries are above them) grow *skip.
static __rte_noinline enum mpls_rsv mpls_reserved(
	const uint8_t *p, uint32_t len, uint32_t lse, unsigned *d, uint32_t *skip)
{
	uint32_t label = lse >> 12;
	bool leading = *skip == *d * LSE_LEN;

	if (label == DP_MPLS_IPV4_NULL || label == DP_MPLS_IPV6_NULL) {
		if (!leading)
			return MPLS_RSV_RESERVED;
		if (lse & LSE_S)
			return MPLS_RSV_NULL_BOS; // IP under it: not routed here yet
		*skip += LSE_LEN;
		return MPLS_RSV_OK;
	}
	if (label != DP_MPLS_ELI)
		return MPLS_RSV_RESERVED;
	if (lse & LSE_S)
		return MPLS_RSV_ELI_BOS;
	if ((*d + 2) * LSE_LEN > len)
		return MPLS_RSV_NO_BOS;
	lse = lse_get(p + ++*d * LSE_LEN); // the entropy label
	if ((lse >> 12) < DP_MPLS_LABEL_MIN)
		return MPLS_RSV_RESERVED;
	if (lse & LSE_S)
		return MPLS_RSV_ELI_BOS; // no service label under it
	if (leading)
		*skip += 2 * LSE_LEN;
	return MPLS_RSV_OK;
}

// Pops the `skip` bytes of reserved entries found on top: the eth_len bytes of header move
// over them; an explicit null's TTL is copied down when lower (uniform, RFC 3443).
static __rte_noinline void mpls_reserved_strip(
	struct rte_mbuf *m, uint32_t eth_len, uint32_t skip, uint32_t *top)
{
	uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *);
	uint32_t first = lse_get(p + eth_len);

	if ((first >> 12) != DP_MPLS_ELI && (first & LSE_TTL) < (*top & LSE_TTL)) {
		*top = (*top & ~LSE_TTL) | (first & LSE_TTL);
		lse_put(p + eth_len + skip, *top);
	}
	memmove(p + skip, p, eth_len);
	rte_pktmbuf_adj(m, (uint16_t)skip);
}

#endif
