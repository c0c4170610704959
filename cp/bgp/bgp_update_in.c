// SPDX-License-Identifier: BSD-3-Clause
// A received UPDATE into the Adj-RIB-In of its peer. The codec has checked every
// length; this applies its RFC 7606 verdict, the loop checks of RFC 4271/4456
// and maximum-prefix, and feeds the RIB.
#include "cp/bgp/bgp_update_in.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cp/bgp/bgp_attr.h"
#include "cp/bgp/bgp_decode.h"
#include "cp/bgp/bgp_family.h"
#include "cp/bgp/bgp_fsm.h"
#include "cp/bgp/bgp_gr.h"
#include "cp/bgp/bgp_nlri.h"
#include "cp/bgp/bgp_pattr.h"
#include "cp/bgp/bgp_print.h"
#include "cp/bgp/bgp_speaker.h"
#include "cp/cp_log.h"

#define CEASE_MAX_PREFIX 1

// IPv4 or IPv6 unicast: the families of the unicast RIB. Returns the AFI, or 0.
static uint16_t unicast_afi(uint16_t afi, uint8_t safi)
{
	return (afi == BGP_AFI_IPV4 || afi == BGP_AFI_IPV6) && safi == BGP_SAFI_UNICAST ? afi : 0;
}

// How many NLRI ahead the RIB is told to prefetch: enough for the misses of
// several routes to be under way at once.
#define PREFETCH_AHEAD 6

// A walk of a field of unicast prefixes as the RIB keeps them (NLRI without
// path id: bgp_family_unicast.c), with a second walk PREFETCH_AHEAD prefixes
// ahead telling the RIB what comes.
struct prefix_walk {
	struct bgp_nlri_iter it, ahead;
	enum bgp_af af;
	uint8_t nlri[BGP_UNICAST_NLRI_MAX];
	size_t len;
};

static size_t prefix_nlri(const struct bgp_prefix *pf, uint8_t *nlri)
{
	return bgp_unicast_nlri(nlri, pf->len, pf->addr);
}

static void prefix_walk_init(struct prefix_walk *w, struct bgp_bytes field, uint16_t afi)
{
	struct bgp_prefix pf;
	uint8_t nlri[BGP_UNICAST_NLRI_MAX];

	bgp_nlri_iter_init(&w->it, field, afi, false);
	w->ahead = w->it;
	w->af = afi == BGP_AFI_IPV6 ? BGP_AF_IPV6_UNICAST : BGP_AF_IPV4_UNICAST;
	for (int i = 0; i < PREFETCH_AHEAD && bgp_nlri_next(&w->ahead, &pf) > 0; i++)
		bgp_nlri_rib_prefetch(w->af, nlri, prefix_nlri(&pf, nlri));
}

static bool prefix_walk_next(struct prefix_walk *w)
{
	struct bgp_prefix pf;

	if (bgp_nlri_next(&w->it, &pf) <= 0)
		return false;
	w->len = prefix_nlri(&pf, w->nlri);
	if (bgp_nlri_next(&w->ahead, &pf) > 0) {
		uint8_t nlri[BGP_UNICAST_NLRI_MAX];
		bgp_nlri_rib_prefetch(w->af, nlri, prefix_nlri(&pf, nlri));
	}
	return true;
}

static void withdraw_field(struct bgp_peer *p, struct bgp_bytes field, uint16_t afi)
{
	struct prefix_walk w;

	prefix_walk_init(&w, field, afi);
	while (prefix_walk_next(&w)) {
		p->withdraws_in++;
		bgp_nlri_rib_withdraw(w.af, &p->src, w.nlri, w.len);
	}
}

static void announce_field(struct bgp_peer *p, struct bgp_bytes field, uint16_t afi,
	struct bgp_pattr *a)
{
	struct prefix_walk w;

	prefix_walk_init(&w, field, afi);
	while (prefix_walk_next(&w))
		if (bgp_nlri_rib_update(w.af, &p->src, w.nlri, w.len, a) < 0) {
			CP_ERR("bgp", "neighbor %s: out of memory, route dropped", p->name);
			return;
		}
}

static bool is_evpn(uint16_t afi, uint8_t safi)
{
	return afi == BGP_AFI_L2VPN && safi == BGP_SAFI_EVPN;
}

// An NLRI whose lengths contradict its type, as the family prints it.
static void refused_nlri(const struct bgp_peer *p, enum bgp_af af, const uint8_t *nlri, size_t len)
{
	const struct bgp_family *f = bgp_family_get(af);
	char text[160];

	snprintf(text, sizeof(text), "of %zu octets", len);
	if (f != NULL && f->print != NULL)
		f->print(text, sizeof(text), nlri, len);
	CP_WARN("bgp", "neighbor %s: %s route %s: lengths do not fit the type, ignored", p->name,
		f != NULL ? f->name : "?", text);
}

// EVPN NLRI into the peer's Adj-RIB-In as bytes (bgp_rib.h): a = NULL withdraws.
static void evpn_field(struct bgp_peer *p, struct bgp_bytes field, struct bgp_pattr *a)
{
	struct bgp_nlri_iter it, ahead;
	struct bgp_typed_nlri t, t_ahead;
	int ret;

	bgp_nlri_iter_init(&it, field, BGP_AFI_L2VPN, p->ctx.add_path[BGP_AF_L2VPN_EVPN]);
	ahead = it;
	for (int i = 0; i < PREFETCH_AHEAD && bgp_typed_nlri_next(&ahead, &t_ahead) > 0; i++)
		bgp_nlri_rib_prefetch(BGP_AF_L2VPN_EVPN, t_ahead.whole.ptr, t_ahead.whole.len);
	while (bgp_typed_nlri_next(&it, &t) > 0) {
		if (bgp_typed_nlri_next(&ahead, &t_ahead) > 0)
			bgp_nlri_rib_prefetch(
				BGP_AF_L2VPN_EVPN, t_ahead.whole.ptr, t_ahead.whole.len);
		if (a == NULL) {
			p->withdraws_in++;
			bgp_nlri_rib_withdraw(BGP_AF_L2VPN_EVPN, &p->src, t.whole.ptr, t.whole.len);
		} else if ((ret = bgp_nlri_rib_update(BGP_AF_L2VPN_EVPN, &p->src, t.whole.ptr,
				    t.whole.len, a)) == -ENOMEM) {
			CP_ERR("bgp", "neighbor %s: out of memory, EVPN route dropped", p->name);
			return;
		} else if (ret == -EINVAL) {
			refused_nlri(p, BGP_AF_L2VPN_EVPN, t.whole.ptr, t.whole.len);
		}
	}
}

// The whole message as a withdrawal (RFC 7606 treat-as-withdraw, or a loop).
static void withdraw_all(struct bgp_peer *p, const struct bgp_update *u)
{
	withdraw_field(p, u->withdrawn, BGP_AFI_IPV4);
	withdraw_field(p, u->nlri, BGP_AFI_IPV4);
	uint16_t afi;
	if (bgp_update_has(u, BGP_ATTR_MP_REACH_NLRI) &&
		(afi = unicast_afi(u->mp_reach.afi, u->mp_reach.safi)) != 0)
		withdraw_field(p, u->mp_reach.nlri, afi);
	if (bgp_update_has(u, BGP_ATTR_MP_UNREACH_NLRI) &&
		(afi = unicast_afi(u->mp_unreach.afi, u->mp_unreach.safi)) != 0)
		withdraw_field(p, u->mp_unreach.nlri, afi);
	if (bgp_update_has(u, BGP_ATTR_MP_REACH_NLRI) && is_evpn(u->mp_reach.afi, u->mp_reach.safi))
		evpn_field(p, u->mp_reach.nlri, NULL);
	if (bgp_update_has(u, BGP_ATTR_MP_UNREACH_NLRI) &&
		is_evpn(u->mp_unreach.afi, u->mp_unreach.safi))
		evpn_field(p, u->mp_unreach.nlri, NULL);
}

// Why a path must not be used (loops), or NULL.
static const char *loop_reason(const struct bgp_peer *p, const struct bgp_pattr *a)
{
	const struct bgp_globals *g = bgp_glob();

	if (p->src.ebgp && bgp_pattr_aspath_has(a, g->asn))
		return "AS path loop";
	if (!p->src.ebgp && (a->has & BGP_AS_ORIGINATOR_ID) &&
		a->originator_id.s_addr == g->router_id.s_addr)
		return "ORIGINATOR_ID is ours";
	if (!p->src.ebgp && bgp_pattr_cluster_has(a, g->cluster_id))
		return "CLUSTER_LIST loop";
	return NULL;
}

// RFC 4271 6.3, RFC 7606 7.2: from an external peer the leftmost AS must be the
// peer's (FRR's enforce-first-as, on unless configured off). Returns the AS found
// when it is not (UINT32_MAX for an empty path or one starting with a set), else 0.
static uint32_t bad_first_as(const struct bgp_peer *p, const struct bgp_pattr *a)
{
	struct bgp_aspath_iter it;
	struct bgp_aspath_seg seg;

	if (!p->src.ebgp || p->cfg.no_enforce_first_as)
		return 0;
	bgp_aspath_iter_init(&it, bgp_pattr_aspath(a), true);
	if (bgp_aspath_next(&it, &seg) <= 0 || seg.type != BGP_ASPATH_SEQUENCE || seg.count == 0)
		return UINT32_MAX;
	uint32_t first = bgp_aspath_seg_asn(&seg, 0);
	return first == p->remote_as ? 0 : first;
}

static void log_fault(const struct bgp_peer *p, const struct bgp_fault *f)
{
	char text[192];

	bgp_fault_format(text, sizeof(text), f);
	CP_WARN("bgp", "neighbor %s: UPDATE: %s", p->name, text);
}

// RFC 4486 4: the data is the family (AFI, SAFI) and the limit.
static void max_prefix_cease(struct bgp_peer *p, enum bgp_af af, uint32_t max)
{
	struct bgp_afi_safi f = bgp_af_family(af);
	uint8_t data[7] = {(uint8_t)(f.afi >> 8), (uint8_t)f.afi, f.safi};

	data[3] = (uint8_t)(max >> 24), data[4] = (uint8_t)(max >> 16);
	data[5] = (uint8_t)(max >> 8), data[6] = (uint8_t)max;
	bgp_fsm_error(p, BGP_ERR_CEASE, CEASE_MAX_PREFIX, data, sizeof(data),
		"maximum-prefix exceeded");
}

// The families with a maximum-prefix setting: the configuration's index, ours.
static const struct {
	int cfg_af;
	enum bgp_af af;
	const char *name;
} max_prefix_afs[] = {
	{CFG_BGP_AF_IPV4_UNICAST, BGP_AF_IPV4_UNICAST, "ipv4 unicast"},
	{CFG_BGP_AF_IPV6_UNICAST, BGP_AF_IPV6_UNICAST, "ipv6 unicast"},
	{CFG_BGP_AF_L2VPN_EVPN, BGP_AF_L2VPN_EVPN, "l2vpn evpn"},
};

// maximum-prefix of each family against the paths of that family.
static int check_max_prefix(struct bgp_peer *p)
{
	for (size_t i = 0; i < sizeof(max_prefix_afs) / sizeof(max_prefix_afs[0]); i++) {
		int af = max_prefix_afs[i].cfg_af;
		uint32_t max = p->cfg.max_prefix[af], n = p->src.n_paths[max_prefix_afs[i].af];
		if (max == 0 || n <= max)
			continue;
		if (!p->cfg.max_prefix_warn_only[af]) {
			max_prefix_cease(p, max_prefix_afs[i].af, max);
			return -ECONNABORTED;
		}
		if (!(p->max_prefix_warned & (1u << af)))
			CP_WARN("bgp", "neighbor %s: %u %s prefixes, more than maximum-prefix %u",
				p->name, n, max_prefix_afs[i].name, max);
		p->max_prefix_warned |= (uint8_t)(1u << af);
	}
	return 0;
}

// End-of-RIB of a family: its stale routes go (RFC 4724 4.2).
static void on_eor(struct bgp_peer *p, const struct bgp_afi_safi *af)
{
	enum bgp_af i = bgp_af_index(af->afi, af->safi);

	if (i >= BGP_AF_MAX)
		return;
	p->eor_rcvd[i] = true;
	bgp_gr_eor(p, i);
}

// The attribute set of the routes of u: of its NLRI field, or (mp) of its
// MP_REACH_NLRI, whose next hop replaces NEXT_HOP: 4 octets, or 16/32 (IPv6,
// RFC 8950 for IPv4 routes; of 32 the global address is kept).
static struct bgp_pattr *path_attrs(struct bgp_peer *p, const struct bgp_update *u, bool mp)
{
	static struct bgp_pattr_tmp t;
	struct bgp_bytes nh = u->mp_reach.nexthop;

	if (bgp_pattr_from_update(&t, u, p->ctx.four_octet_as) < 0)
		return NULL;
	if (p->src.ebgp) // RFC 4271 5.1.5: LOCAL_PREF from another AS is ignored
		t.a.has &= ~(uint32_t)BGP_AS_LOCAL_PREF;
	if (mp && nh.len == 4) {
		memcpy(&t.a.next_hop, nh.ptr, 4);
	} else if (mp && (nh.len == 16 || nh.len == 32)) {
		t.a.next_hop.s_addr = 0;
		t.a.has |= BGP_PATTR_NH6;
		memcpy(&t.a.next_hop6, nh.ptr, 16);
	}
	return bgp_pattr_intern(&t);
}

// Why the MP_REACH next hop of a tunnel family (bgp_family.h) is no tunnel
// endpoint, or NULL. Once per UPDATE, not per route.
static const char *tunnel_nexthop_bad(const struct bgp_pattr *a)
{
	if (!(a->has & BGP_PATTR_NH6)) {
		uint8_t first = (uint8_t)(ntohl(a->next_hop.s_addr) >> 24);
		if (first == 0 || first == 127 || first >= 224)
			return "not a unicast IPv4 address";
		return NULL;
	}
	const struct in6_addr *v6 = &a->next_hop6;
	if (IN6_IS_ADDR_UNSPECIFIED(v6) || IN6_IS_ADDR_LOOPBACK(v6) || IN6_IS_ADDR_MULTICAST(v6))
		return "not a unicast IPv6 address";
	if (IN6_IS_ADDR_LINKLOCAL(v6))
		return "an IPv6 link-local address";
	if (IN6_IS_ADDR_V4MAPPED(v6))
		return "an IPv4-mapped IPv6 address";
	return NULL;
}

// RFC 7606 7.3 (as for NEXT_HOP): an unusable next hop withdraws the routes.
static bool nexthop_refused(
	struct bgp_peer *p, const struct bgp_update *u, const struct bgp_pattr *am)
{
	enum bgp_af af = bgp_af_index(u->mp_reach.afi, u->mp_reach.safi);
	const struct bgp_family *f = bgp_family_get(af);
	const char *why;
	char b[INET6_ADDRSTRLEN];

	if (f == NULL || !f->tunnel_next_hop || (why = tunnel_nexthop_bad(am)) == NULL)
		return false;
	p->nexthop_refused++;
	if (am->has & BGP_PATTR_NH6)
		inet_ntop(AF_INET6, &am->next_hop6, b, sizeof(b));
	else
		inet_ntop(AF_INET, &am->next_hop, b, sizeof(b));
	CP_WARN("bgp", "neighbor %s: UPDATE: treat-as-withdraw: %s next hop %s is %s", p->name,
		f->name, b, why);
	return true;
}

// Why a path must not be used (loops, first AS), logged; or false.
static bool refused(struct bgp_peer *p, const struct bgp_pattr *a)
{
	uint32_t first = bad_first_as(p, a);
	const char *why;

	if (first == UINT32_MAX)
		CP_WARN("bgp", "neighbor %s: UPDATE: treat-as-withdraw: AS_PATH does not "
			"start with the neighbor's AS %u", p->name, p->remote_as);
	else if (first != 0)
		CP_WARN("bgp", "neighbor %s: UPDATE: treat-as-withdraw: first AS %u of "
			"AS_PATH is not the neighbor's AS %u", p->name, first, p->remote_as);
	else if ((why = loop_reason(p, a)) != NULL)
		CP_DEBUG("bgp", "neighbor %s: UPDATE refused: %s", p->name, why);
	else
		return false;
	return true;
}

static void apply(struct bgp_peer *p, const struct bgp_update *u)
{
	bool mp_reach = bgp_update_has(u, BGP_ATTR_MP_REACH_NLRI);
	uint16_t mp_afi = mp_reach ? unicast_afi(u->mp_reach.afi, u->mp_reach.safi) : 0;
	bool mp_uc = mp_afi != 0;
	bool mp_evpn = mp_reach && is_evpn(u->mp_reach.afi, u->mp_reach.safi);
	struct bgp_pattr *a = NULL, *am = NULL;
	uint16_t afi;

	withdraw_field(p, u->withdrawn, BGP_AFI_IPV4);
	if (bgp_update_has(u, BGP_ATTR_MP_UNREACH_NLRI)) {
		if ((afi = unicast_afi(u->mp_unreach.afi, u->mp_unreach.safi)) != 0)
			withdraw_field(p, u->mp_unreach.nlri, afi);
		else if (is_evpn(u->mp_unreach.afi, u->mp_unreach.safi))
			evpn_field(p, u->mp_unreach.nlri, NULL);
	}
	if (u->nlri.len == 0 && !mp_uc && !mp_evpn)
		return;
	if ((u->nlri.len > 0 && (a = path_attrs(p, u, false)) == NULL) ||
		((mp_uc || mp_evpn) && (am = path_attrs(p, u, true)) == NULL)) {
		CP_WARN("bgp", "neighbor %s: UPDATE attributes too large, treated as withdraw",
			p->name);
		withdraw_all(p, u);
	} else if (refused(p, a != NULL ? a : am) || (am != NULL && nexthop_refused(p, u, am))) {
		withdraw_all(p, u);
	} else {
		announce_field(p, u->nlri, BGP_AFI_IPV4, a);
		if (mp_uc)
			announce_field(p, u->mp_reach.nlri, mp_afi, am);
		if (mp_evpn)
			evpn_field(p, u->mp_reach.nlri, am);
	}
	bgp_pattr_unref(a);
	bgp_pattr_unref(am);
}

// `debug bgp updates`: what an UPDATE carries, in octets per part (End-of-RIB: empty).
static void debug_update(const struct bgp_peer *p, const struct bgp_update *u)
{
	char nh[INET_ADDRSTRLEN];

	if (u->withdrawn.len == 0 && u->nlri.len == 0 && u->mp_reach.nlri.len == 0 &&
		u->mp_unreach.nlri.len == 0 && u->attrs.len <= 9) {
		cp_log_debug(CP_DEBUG_BGP_UPDATES, "neighbor %s: UPDATE received: End-of-RIB%s",
			p->name, u->mp_unreach.afi ? " (MP_UNREACH)" : "");
		return;
	}
	cp_log_debug(CP_DEBUG_BGP_UPDATES,
		"neighbor %s: UPDATE received: IPv4 NLRI %u octets (next hop %s), withdrawn %u; "
		"MP_REACH AFI %u SAFI %u %u octets; MP_UNREACH AFI %u SAFI %u %u octets; "
		"attributes %u octets",
		p->name, u->nlri.len, inet_ntop(AF_INET, &u->next_hop, nh, sizeof(nh)),
		u->withdrawn.len, u->mp_reach.afi, u->mp_reach.safi, u->mp_reach.nlri.len,
		u->mp_unreach.afi, u->mp_unreach.safi, u->mp_unreach.nlri.len, u->attrs.len);
}

int bgp_update_in(struct bgp_peer *p, const struct bgp_update *u, const struct bgp_fault *f)
{
	struct bgp_afi_safi af;

	p->updates_in++;
	if (cp_debugging(CP_DEBUG_BGP_UPDATES))
		debug_update(p, u);
	switch (f->action) {
	case BGP_ACTION_SESSION_RESET:
	case BGP_ACTION_AFI_SAFI_DISABLE: // we reset rather than run half a session
		log_fault(p, f);
		bgp_fsm_error(p, f->code, f->subcode, f->data.ptr, f->data.len,
			f->reason ? f->reason : "malformed UPDATE");
		return -ECONNABORTED;
	case BGP_ACTION_TREAT_AS_WITHDRAW:
		log_fault(p, f);
		withdraw_all(p, u);
		return 0;
	case BGP_ACTION_ATTR_DISCARD:
		log_fault(p, f);
		break;
	case BGP_ACTION_OK:
		break;
	}
	if (bgp_update_is_eor(u, &af)) {
		on_eor(p, &af);
		return 0;
	}
	apply(p, u);
	return check_max_prefix(p);
}
