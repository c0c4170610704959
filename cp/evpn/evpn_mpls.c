// SPDX-License-Identifier: BSD-3-Clause
#include "evpn_mpls.h"

#include "evpn_nlri.h"

static uint64_t wrong_encap;

void evpn_mpls_vni_setup(const struct evpnd_config *cfg, struct evpn_vni *v)
{
	v->mpls_label = 0;
	for (size_t i = 0; i < cfg->n_bds; i++)
		if (cfg->bds[i].vni == v->vni)
			v->mpls_label = cfg_bd_label(cfg, &cfg->bds[i]);
}

uint32_t evpn_mpls_label_out(const struct evpn_vni *v)
{
	// RFC 7432 section 7.2: the MPLS label in the high-order 20 bits of the field.
	return v->mpls_label != 0 ? v->mpls_label << 4 : evpn_vni_to_label(v->vni);
}

uint32_t evpn_mpls_label_in(const struct evpn_vni *v, uint32_t raw)
{
	return v->mpls_label != 0 ? evpn_label_to_mpls(raw) : evpn_label_to_vni(raw);
}

uint16_t evpn_mpls_tunnel(const struct evpn_vni *v)
{
	return v->mpls_label != 0 ? EVPN_TUNNEL_MPLS : EVPN_TUNNEL_VXLAN;
}

// An MPLS EVI takes MPLS-in-UDP routes too: the service label is the same, and how we
// reach the PE (labels or UDP) is our transport's choice, per PE, not the route's.
bool evpn_mpls_encap_ok(const struct evpn_vni *v, const struct evpn_ecomm_info *ec)
{
	if (!ec->has_encap || ec->tunnel_type == evpn_mpls_tunnel(v) ||
		(v->mpls_label != 0 && ec->tunnel_type == EVPN_TUNNEL_MPLS_UDP))
		return true;
	wrong_encap++;
	return false;
}

uint64_t evpn_mpls_wrong_encap(void)
{
	return wrong_encap;
}
