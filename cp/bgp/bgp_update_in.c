// SPDX-License-Identifier: BSD-3-Clause
// A received UPDATE into the Adj-RIB-In of its peer. The codec has checked every
// length; this applies its RFC 7606 verdict, the loop checks of RFC 4271/4456
// and maximum-prefix, and feeds the RIB.
#include "cp/bgp/bgp_update_in.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cp/bgp/bgp_decode.h"
#include "cp/bgp/bgp_fsm.h"
#include "cp/bgp/bgp_nlri.h"
#include "cp/bgp/bgp_pattr.h"
#include "cp/bgp/bgp_print.h"
#include "cp/bgp/bgp_speaker.h"
#include "cp/cp_log.h"

#define CEASE_MAX_PREFIX 1

static struct in_addr prefix_addr(const struct bgp_prefix *pf)
{
	struct in_addr a;
	memcpy(&a, pf->addr, 4);
	return a;
}

static bool is_ipv4_unicast(uint16_t afi, uint8_t safi)
{
	return afi == BGP_AFI_IPV4 && safi == BGP_SAFI_UNICAST;
}

static void withdraw_field(struct bgp_peer *p, struct bgp_bytes field)
{
	struct bgp_nlri_iter it;
	struct bgp_prefix pf;

	bgp_nlri_iter_init(&it, field, BGP_AFI_IPV4, false);
	while (bgp_nlri_next(&it, &pf) > 0) {
		p->withdraws_in++;
		bgp_rib_withdraw(&p->src, prefix_addr(&pf), pf.len);
	}
}

static void announce_field(struct bgp_peer *p, struct bgp_bytes field, struct bgp_pattr *a)
{
	struct bgp_nlri_iter it;
	struct bgp_prefix pf;

	bgp_nlri_iter_init(&it, field, BGP_AFI_IPV4, false);
	while (bgp_nlri_next(&it, &pf) > 0)
		if (bgp_rib_update(&p->src, prefix_addr(&pf), pf.len, a) < 0) {
			CP_ERR("bgp", "neighbor %s: out of memory, route dropped", p->name);
			return;
		}
}

// EVPN NLRI are counted and otherwise left for the EVPN module.
static void evpn_field(struct bgp_peer *p, struct bgp_bytes field, bool reach)
{
	struct bgp_nlri_iter it;
	struct bgp_typed_nlri t;

	bgp_nlri_iter_init(&it, field, BGP_AFI_L2VPN, false);
	while (bgp_typed_nlri_next(&it, &t) > 0) {
		if (reach)
			p->evpn_nlri++;
		else if (p->evpn_nlri > 0)
			p->evpn_nlri--;
	}
}

// The whole message as a withdrawal (RFC 7606 treat-as-withdraw, or a loop).
static void withdraw_all(struct bgp_peer *p, const struct bgp_update *u)
{
	withdraw_field(p, u->withdrawn);
	withdraw_field(p, u->nlri);
	if (bgp_update_has(u, BGP_ATTR_MP_REACH_NLRI) &&
		is_ipv4_unicast(u->mp_reach.afi, u->mp_reach.safi))
		withdraw_field(p, u->mp_reach.nlri);
	if (bgp_update_has(u, BGP_ATTR_MP_UNREACH_NLRI) &&
		is_ipv4_unicast(u->mp_unreach.afi, u->mp_unreach.safi))
		withdraw_field(p, u->mp_unreach.nlri);
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

static void log_fault(const struct bgp_peer *p, const struct bgp_fault *f)
{
	char text[192];

	bgp_fault_format(text, sizeof(text), f);
	CP_WARN("bgp", "neighbor %s: UPDATE: %s", p->name, text);
}

static int check_max_prefix(struct bgp_peer *p)
{
	uint32_t max = p->cfg.max_prefix;
	uint8_t data[7] = {0, BGP_AFI_IPV4, BGP_SAFI_UNICAST};

	if (max == 0 || p->src.n_prefixes <= max)
		return 0;
	if (p->cfg.max_prefix_warn_only) {
		if (!p->max_prefix_warned)
			CP_WARN("bgp", "neighbor %s: %u prefixes, more than maximum-prefix %u",
				p->name, p->src.n_prefixes, max);
		p->max_prefix_warned = true;
		return 0;
	}
	data[3] = (uint8_t)(max >> 24), data[4] = (uint8_t)(max >> 16);
	data[5] = (uint8_t)(max >> 8), data[6] = (uint8_t)max;
	bgp_fsm_error(p, BGP_ERR_CEASE, CEASE_MAX_PREFIX, data, sizeof(data),
		"maximum-prefix exceeded");
	return -ECONNABORTED;
}

static void on_eor(struct bgp_peer *p, const struct bgp_afi_safi *af)
{
	enum bgp_af i = bgp_af_index(af->afi, af->safi);

	if (i < BGP_AF_MAX)
		p->eor_rcvd[i] = true;
	if (i == BGP_AF_IPV4_UNICAST && p->stale) {
		bgp_rib_flush_src(&p->src, true);
		p->stale = false, p->t_gr = 0;
		CP_INFO("bgp", "neighbor %s: End-of-RIB, stale routes removed", p->name);
	}
}

static struct bgp_pattr *path_attrs(struct bgp_peer *p, const struct bgp_update *u)
{
	static struct bgp_pattr_tmp t;

	if (bgp_pattr_from_update(&t, u, p->ctx.four_octet_as) < 0)
		return NULL;
	if (p->src.ebgp) // RFC 4271 5.1.5: LOCAL_PREF from another AS is ignored
		t.a.has &= ~(uint32_t)BGP_AS_LOCAL_PREF;
	if (bgp_update_has(u, BGP_ATTR_MP_REACH_NLRI) &&
		is_ipv4_unicast(u->mp_reach.afi, u->mp_reach.safi) && u->mp_reach.nexthop.len == 4)
		memcpy(&t.a.next_hop, u->mp_reach.nexthop.ptr, 4);
	return bgp_pattr_intern(&t);
}

static void apply(struct bgp_peer *p, const struct bgp_update *u)
{
	bool mp_reach = bgp_update_has(u, BGP_ATTR_MP_REACH_NLRI);
	bool mp_v4 = mp_reach && is_ipv4_unicast(u->mp_reach.afi, u->mp_reach.safi);
	struct bgp_pattr *a = NULL;
	const char *why;

	withdraw_field(p, u->withdrawn);
	if (bgp_update_has(u, BGP_ATTR_MP_UNREACH_NLRI)) {
		if (is_ipv4_unicast(u->mp_unreach.afi, u->mp_unreach.safi))
			withdraw_field(p, u->mp_unreach.nlri);
		else if (u->mp_unreach.afi == BGP_AFI_L2VPN && u->mp_unreach.safi == BGP_SAFI_EVPN)
			evpn_field(p, u->mp_unreach.nlri, false);
	}
	if (mp_reach && u->mp_reach.afi == BGP_AFI_L2VPN && u->mp_reach.safi == BGP_SAFI_EVPN)
		evpn_field(p, u->mp_reach.nlri, true);
	if (u->nlri.len == 0 && !mp_v4)
		return;
	if ((a = path_attrs(p, u)) == NULL) {
		CP_WARN("bgp", "neighbor %s: UPDATE attributes too large, treated as withdraw",
			p->name);
		withdraw_all(p, u);
		return;
	}
	if ((why = loop_reason(p, a)) != NULL) {
		CP_DEBUG("bgp", "neighbor %s: UPDATE refused: %s", p->name, why);
		withdraw_all(p, u);
	} else {
		announce_field(p, u->nlri, a);
		if (mp_v4)
			announce_field(p, u->mp_reach.nlri, a);
	}
	bgp_pattr_unref(a);
}

int bgp_update_in(struct bgp_peer *p, const struct bgp_update *u, const struct bgp_fault *f)
{
	struct bgp_afi_safi af;

	p->updates_in++;
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
