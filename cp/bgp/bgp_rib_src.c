// SPDX-License-Identifier: BSD-3-Clause
// One source's paths of one family, whichever table holds them (bgp_rib.h,
// bgp_rib_src_*): what graceful restart, enhanced route refresh and the end of
// a session do to a neighbor's routes, one entry per operation for every
// family, so that their callers (bgp_gr.c, bgp_fsm.c) do not ask which table.
#include "cp/bgp/bgp_family.h"
#include "cp/bgp/bgp_rib.h"

// The unicast families have their own table (bgp_rib.c); the others keep NLRI
// bytes (bgp_rib_nlri.c).
static bool unicast(enum bgp_af af)
{
	return af == BGP_AF_IPV4_UNICAST || af == BGP_AF_IPV6_UNICAST;
}

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
	if (af == BGP_AF_MAX)
		return bgp_rib_src_mark(src, BGP_AF_IPV4_UNICAST, flag) +
		       bgp_rib_src_mark(src, BGP_AF_IPV6_UNICAST, flag) +
		       bgp_nlri_rib_mark(src, BGP_AF_MAX, flag);
	if (!unicast(af))
		return bgp_nlri_rib_mark(src, af, flag);
	return flag == BGP_PATH_STALE ? bgp_rib_mark_stale_af(src, af)
				      : bgp_rib_refresh_mark(src, af);
}

size_t bgp_rib_src_flush(struct bgp_src *src, enum bgp_af af, uint8_t flag)
{
	uint32_t before = bgp_rib_src_routes(src, af);

	if (af != BGP_AF_MAX && !unicast(af))
		return bgp_nlri_rib_flush(src, af, flag);
	if (flag == BGP_PATH_REFRESH) {
		if (af != BGP_AF_MAX)
			return bgp_rib_refresh_flush(src, af);
		return bgp_rib_refresh_flush(src, BGP_AF_IPV4_UNICAST) +
		       bgp_rib_refresh_flush(src, BGP_AF_IPV6_UNICAST) +
		       bgp_nlri_rib_flush(src, BGP_AF_MAX, flag);
	}
	if (af == BGP_AF_MAX) {
		// the unicast table in one walk for both of its families
		bgp_rib_flush_src(src, flag == BGP_PATH_STALE);
		bgp_nlri_rib_flush(src, BGP_AF_MAX, flag);
	} else {
		bgp_rib_flush_src_af(src, af, flag == BGP_PATH_STALE);
	}
	return before - bgp_rib_src_routes(src, af);
}
