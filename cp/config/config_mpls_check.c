// SPDX-License-Identifier: BSD-3-Clause
// Whole-config checks of MPLS: the mpls section against the underlay, and the MPLS
// bridge domains against the mpls section.
#include "cp/config/config_priv.h"

#include <errno.h>
#include <string.h>

// A label's next hop is a neighbour: on a connected subnet of the underlay.
static bool connected(const struct evpnd_config *cfg, const struct cp_ip *ip)
{
	struct cp_ip gw;
	return cfg_underlay_route(cfg, ip, &gw) != NULL && cp_ip_eq(&gw, ip);
}

static int check_section(const struct evpnd_config *cfg, const char *file, struct cfg_error *err)
{
	const struct cfg_mpls *m = &cfg->mpls;
	char a[CP_IP_STRLEN], b[CP_IP_STRLEN];
	int ret = 0;

	for (size_t i = 0; i < m->n_lsps; i++) {
		const struct cfg_mpls_lsp *l = &m->lsps[i];
		if (m->block_lo != 0 && l->in_label >= m->block_lo && l->in_label <= m->block_hi)
			ret = cfg_check_err(err, file, l->line,
				"mpls: lsp %u is inside the label dynamic-block %u-%u", l->in_label,
				m->block_lo, m->block_hi);
		if (!l->local && !connected(cfg, &l->nexthop))
			ret = cfg_check_err(err, file, l->line,
				"mpls: lsp %u: next hop %s is on no connected underlay subnet",
				l->in_label, cp_ip_str(&l->nexthop, a, sizeof(a)));
	}
	for (size_t i = 0; i < m->n_transports; i++) {
		const struct cfg_mpls_transport *t = &m->transports[i];
		const struct cp_ip *src = t->pe.family == AF_INET ? &cfg->vtep4 : &cfg->vtep6;
		if (t->udp) { // routed to the PE's address from our VTEP address, as VXLAN
			if (src->family != t->pe.family)
				ret = cfg_check_err(err, file, t->line,
					"mpls: transport %s udp: no vtep-address of its family",
					cp_ip_str(&t->pe, a, sizeof(a)));
			continue;
		}
		if (!connected(cfg, &t->nexthop))
			ret = cfg_check_err(err, file, t->line,
				"mpls: transport %s: next hop %s is on no connected underlay "
				"subnet",
				cp_ip_str(&t->pe, a, sizeof(a)),
				cp_ip_str(&t->nexthop, b, sizeof(b)));
	}
	return ret;
}

// A remote PE of an MPLS domain: a service label and a transport; none in a VXLAN one.
static int check_remote(const struct evpnd_config *cfg, const char *file, struct cfg_error *err,
	const struct cfg_bd *bd, const struct cp_ip *pe, uint32_t label, unsigned line)
{
	char a[CP_IP_STRLEN];

	cp_ip_str(pe, a, sizeof(a));
	if (!bd->mpls && label != 0)
		return cfg_check_err(err, file, line,
			"bridge-domain %u: %s: a label needs encapsulation mpls", bd->id, a);
	if (!bd->mpls)
		return 0;
	if (label == 0)
		return cfg_check_err(err, file, line,
			"bridge-domain %u: remote PE %s needs its label (encapsulation mpls)",
			bd->id, a);
	if (cfg_mpls_transport(cfg, pe) == NULL)
		return cfg_check_err(err, file, line,
			"bridge-domain %u: remote PE %s has no transport in section mpls", bd->id,
			a);
	return 0;
}

static int check_bd(const struct evpnd_config *cfg, const char *file, struct cfg_error *err,
	const struct cfg_bd *bd)
{
	int ret = 0;

	if (bd->control_word && !bd->mpls)
		ret = cfg_check_err(err, file, bd->cw_line,
			"bridge-domain %u: control-word needs encapsulation mpls", bd->id);
	if (bd->mpls && cfg->mpls.block_lo == 0)
		ret = cfg_check_err(err, file, bd->encap_line,
			"bridge-domain %u: encapsulation mpls needs a label dynamic-block in "
			"section "
			"mpls",
			bd->id);
	else if (bd->mpls && cfg_bd_label(cfg, bd) == 0)
		ret = cfg_check_err(err, file, bd->encap_line,
			"bridge-domain %u: no label left in the label dynamic-block %u-%u", bd->id,
			cfg->mpls.block_lo, cfg->mpls.block_hi);
	for (size_t i = 0; i < bd->n_macs; i++)
		if (bd->macs[i].kind == CFG_MAC_REMOTE &&
			check_remote(cfg, file, err, bd, &bd->macs[i].vtep, bd->macs[i].label,
				bd->macs[i].line ? bd->macs[i].line : bd->line) < 0)
			ret = -EINVAL;
	for (size_t i = 0; i < bd->n_flood_vteps; i++)
		if (check_remote(cfg, file, err, bd, &bd->flood_vteps[i],
			    bd->flood_labels != NULL ? bd->flood_labels[i] : 0, bd->line) < 0)
			ret = -EINVAL;
	return ret;
}

// A VRF over MPLS: its L3VNI names it (auto RD and route target, the dataplane's VRF)
// and a label of the block is its per-VRF label.
static int check_vrf(
	const struct evpnd_config *cfg, const char *file, struct cfg_error *err, int id)
{
	const struct cfg_vrf *v = &cfg->vrfs[id - 1];
	unsigned line = v->encap_line ? v->encap_line : v->line;

	if (!cfg_vrf_mpls(cfg, id))
		return 0;
	if (v->vni == 0)
		return v->mpls ? cfg_check_err(err, file, line,
					 "vrf %s: encapsulation mpls needs its vni", v->name)
			       : 0; // its domains route in it without EVPN's L3 routes
	if (cfg->mpls.block_lo == 0)
		return cfg_check_err(err, file, line,
			"vrf %s: encapsulation mpls needs a label dynamic-block in section mpls",
			v->name);
	if (cfg_vrf_label(cfg, id) == 0)
		return cfg_check_err(err, file, line,
			"vrf %s: no label left in the label dynamic-block %u-%u", v->name,
			cfg->mpls.block_lo, cfg->mpls.block_hi);
	// A MAC+IP route carries its domain's encapsulation community and the VRF's label:
	// a VXLAN domain's would say ET:8 over a per-VRF MPLS label.
	for (size_t i = 0; i < cfg->n_bds; i++)
		if (!cfg->bds[i].mpls && cfg_vrf_id(cfg, cfg->bds[i].vrf) == id)
			return cfg_check_err(err, file, line,
				"vrf %s: routes over MPLS, but its bridge-domain %u is vxlan",
				v->name, cfg->bds[i].id);
	return 0;
}

int cfg_mpls_check(const struct evpnd_config *cfg, const char *file, struct cfg_error *err)
{
	int ret = check_section(cfg, file, err);

	for (size_t i = 0; i < cfg->n_vrfs; i++)
		if (check_vrf(cfg, file, err, (int)i + 1) < 0)
			ret = -EINVAL;

	for (size_t i = 0; i < cfg->n_bds; i++)
		if (check_bd(cfg, file, err, &cfg->bds[i]) < 0)
			ret = -EINVAL;
	return ret;
}
