// SPDX-License-Identifier: BSD-3-Clause
// One source's paths of one family, whichever table holds them (bgp_rib.h,
// bgp_rib_src_*): what graceful restart, enhanced route refresh and the end of
// a session do to a neighbor's routes, one entry per operation for every
// family, so that their callers (bgp_gr.c, bgp_fsm.c) do not ask which table.
#include "cp/bgp/bgp_rib.h"

static bool in_evpn_table(enum bgp_af af)
{
	return af == BGP_AF_L2VPN_EVPN;
}

uint32_t bgp_rib_src_routes(const struct bgp_src *src, enum bgp_af af)
{
	switch (af) {
	case BGP_AF_IPV4_UNICAST:
		return src->n_prefixes;
	case BGP_AF_IPV6_UNICAST:
		return src->n_ipv6;
	case BGP_AF_L2VPN_EVPN:
		return src->n_evpn;
	default:
		return src->n_prefixes + src->n_ipv6 + src->n_evpn;
	}
}

size_t bgp_rib_src_mark(struct bgp_src *src, enum bgp_af af, uint8_t flag)
{
	if (af == BGP_AF_MAX)
		return bgp_rib_src_mark(src, BGP_AF_IPV4_UNICAST, flag) +
		       bgp_rib_src_mark(src, BGP_AF_IPV6_UNICAST, flag) +
		       bgp_rib_src_mark(src, BGP_AF_L2VPN_EVPN, flag);
	if (in_evpn_table(af))
		return flag == BGP_PATH_STALE ? bgp_evpn_rib_mark_stale(src)
					      : bgp_evpn_rib_refresh_mark(src);
	return flag == BGP_PATH_STALE ? bgp_rib_mark_stale_af(src, af)
				      : bgp_rib_refresh_mark(src, af);
}

size_t bgp_rib_src_flush(struct bgp_src *src, enum bgp_af af, uint8_t flag)
{
	uint32_t before = bgp_rib_src_routes(src, af);

	if (flag == BGP_PATH_REFRESH) {
		if (af == BGP_AF_MAX)
			return bgp_rib_src_flush(src, BGP_AF_IPV4_UNICAST, flag) +
			       bgp_rib_src_flush(src, BGP_AF_IPV6_UNICAST, flag) +
			       bgp_rib_src_flush(src, BGP_AF_L2VPN_EVPN, flag);
		return in_evpn_table(af) ? bgp_evpn_rib_refresh_flush(src)
					 : bgp_rib_refresh_flush(src, af);
	}
	if (af == BGP_AF_MAX) {
		// the unicast table in one walk for both of its families
		bgp_rib_flush_src(src, flag == BGP_PATH_STALE);
		bgp_evpn_rib_flush_src(src, flag == BGP_PATH_STALE);
	} else if (in_evpn_table(af)) {
		bgp_evpn_rib_flush_src(src, flag == BGP_PATH_STALE);
	} else {
		bgp_rib_flush_src_af(src, af, flag == BGP_PATH_STALE);
	}
	return before - bgp_rib_src_routes(src, af);
}
