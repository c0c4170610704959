// SPDX-License-Identifier: BSD-3-Clause
// Graceful restart, receiving speaker (RFC 4724 4.2), per address family. A
// capability may list no family at all (FRR's default helper mode): such a peer
// keeps no forwarding state, so its routes must go at once when it goes down,
// not linger stale for the restart time. p->stale_afs holds the families whose
// routes are stale; p->stale says whether any is.
#include "cp/bgp/bgp_gr.h"

#include "cp/bgp/bgp_nlri.h"
#include "cp/bgp/bgp_print.h"
#include "cp/cp_log.h"

static uint8_t bit(enum bgp_af af)
{
	return (uint8_t)(1u << af);
}

uint8_t bgp_gr_afs(const struct bgp_caps *c, bool fwd)
{
	uint8_t m = 0;

	for (unsigned i = 0; c->has_gr && i < c->n_gr; i++) {
		enum bgp_af af = bgp_af_index(c->gr[i].afi, c->gr[i].safi);
		if (af < BGP_AF_MAX && (!fwd || (c->gr[i].flags & BGP_GR_AF_F_FORWARDING)))
			m |= bit(af);
	}
	return m;
}

static void set_stale(struct bgp_peer *p, uint8_t afs)
{
	p->stale_afs = afs;
	p->stale = afs != 0;
	if (!p->stale)
		p->t_gr = 0;
}

static void log_af(const struct bgp_peer *p, enum bgp_af af, const char *what)
{
	char name[32];
	struct bgp_afi_safi f = bgp_af_family(af);

	CP_INFO("bgp", "neighbor %s: %s %s, its routes removed", p->name,
		bgp_afi_safi_name(f.afi, f.safi, name, sizeof(name)), what);
}

void bgp_gr_session_down(struct bgp_peer *p, bool keep_stale, uint64_t now)
{
	// restart time 0: the peer does not expect to be waited for
	uint8_t keep = keep_stale && p->peer_gr_time > 0 ? p->peer_gr_afs : 0, stale = 0;
	size_t n = 0;

	for (enum bgp_af af = 0; af < BGP_AF_MAX; af++) {
		if (bgp_rib_src_routes(&p->src, af) == 0)
			continue;
		if (keep & bit(af)) {
			n += bgp_rib_src_mark(&p->src, af, BGP_PATH_STALE);
			stale |= bit(af);
			continue;
		}
		bgp_rib_src_flush(&p->src, af, 0);
		if (keep_stale && p->peer_gr)
			log_af(p, af,
				p->peer_gr_time ? "not in its graceful restart capability"
						: "graceful restart with restart time 0");
	}
	set_stale(p, stale);
	if (!p->stale)
		return;
	p->t_gr = now + (uint64_t)p->peer_gr_time * 1000;
	CP_INFO("bgp", "neighbor %s: graceful restart, %zu routes kept stale for %u s", p->name, n,
		p->peer_gr_time);
}

void bgp_gr_session_up(struct bgp_peer *p, const struct bgp_caps *c)
{
	uint8_t negotiated = 0;

	for (enum bgp_af af = 0; af < BGP_AF_MAX; af++)
		negotiated |= p->af[af] ? bit(af) : 0;
	uint8_t gone = p->stale_afs & ~(bgp_gr_afs(c, true) & negotiated);
	for (enum bgp_af af = 0; af < BGP_AF_MAX; af++)
		if (gone & bit(af)) {
			bgp_rib_src_flush(&p->src, af, BGP_PATH_STALE);
			log_af(p, af, "back without forwarding state (F bit clear)");
		}
	set_stale(p, p->stale_afs & ~gone);
	p->peer_gr = c->has_gr;
	p->peer_gr_time = c->gr_time;
	p->peer_gr_afs = bgp_gr_afs(c, false);
}

void bgp_gr_eor(struct bgp_peer *p, enum bgp_af af)
{
	if (!(p->stale_afs & bit(af)))
		return;
	bgp_rib_src_flush(&p->src, af, BGP_PATH_STALE);
	CP_INFO("bgp", "neighbor %s: End-of-RIB, stale routes removed", p->name);
	set_stale(p, p->stale_afs & ~bit(af));
}

void bgp_gr_restart_over(struct bgp_peer *p)
{
	CP_INFO("bgp", "neighbor %s: restart time over, stale routes removed", p->name);
	for (enum bgp_af af = 0; af < BGP_AF_MAX; af++)
		if (p->stale_afs & bit(af))
			bgp_rib_src_flush(&p->src, af, BGP_PATH_STALE);
	set_stale(p, 0);
}
