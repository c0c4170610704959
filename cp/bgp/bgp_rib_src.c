// SPDX-License-Identifier: BSD-3-Clause
// One source's paths of one family (bgp_rib.h, bgp_rib_src_*): what graceful
// restart, enhanced route refresh and the end of a session do to a neighbor's
// routes, one entry per operation for every family (all in the one table,
// bgp_rib_nlri.c), so that their callers (bgp_gr.c, bgp_fsm.c) need not know
// how it is kept.
#include "cp/bgp/bgp_rib.h"

uint32_t bgp_rib_src_routes(const struct bgp_src *src, enum bgp_af af)
{
	uint32_t n = 0;

	if (af != BGP_AF_MAX)
		return src->n_paths[af];
	for (enum bgp_af a = 0; a < BGP_AF_MAX; a++)
		n += src->n_paths[a];
	return n;
}

size_t bgp_rib_src_mark(struct bgp_src *src, enum bgp_af af, uint8_t flag)
{
	return bgp_nlri_rib_mark(src, af, flag);
}

size_t bgp_rib_src_flush(struct bgp_src *src, enum bgp_af af, uint8_t flag)
{
	return bgp_nlri_rib_flush(src, af, flag);
}
