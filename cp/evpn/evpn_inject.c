// SPDX-License-Identifier: BSD-3-Clause
// Injected EVPN routes through our own routes' encoders (see evpn_inject.h).
#include "cp/evpn/evpn_inject.h"

#include <errno.h>
#include <string.h>

// A VNI as our encoders read one: what the caller said in place of the
// configuration (RD, export RTs, VNI or MPLS label; no L3VNI).
static void as_vni(const struct evpn_inject *in, struct evpn_vni *v)
{
	memset(v, 0, sizeof(*v));
	v->rd = in->rd;
	v->rd_configured = true;
	if (in->mpls)
		v->mpls_label = in->id;
	else
		v->vni = in->id;
	v->export.configured = true;
	v->export.n = in->n_rt;
	memcpy(v->export.rt, in->rt, in->n_rt * sizeof(in->rt[0]));
	// Symmetric IRB: the builder puts the VRF's RT after the VNI's; the caller's
	// last RT stands for it, so that the RTs stay in the caller's order.
	if (in->type == EVPN_RT_MACIP && in->l3vni != 0 && in->n_rt > 0) {
		v->l3vni = in->l3vni;
		memcpy(v->rmac, in->rmac, 6);
		v->l3_rt = in->rt[in->n_rt - 1];
		v->export.n--;
	}
}

// Type 5 as evpn_build_prefix makes it, then the caller's gateway, and no
// router MAC when none was given (the builder always adds one).
static int build_prefix(const struct evpn_vni *v, const struct evpn_inject *in,
	const struct dp_ip *vtep, struct evpn_route_out *out)
{
	int ret = evpn_build_prefix(v, in->rmac, &in->ip, in->len, vtep, out);

	if (ret < 0)
		return ret;
	if (!in->has_rmac)
		out->ecomm_len -= EVPN_ECOMM_LEN; // the router MAC is the last one
	if (in->gw.family != 0) {
		if (in->gw.family != in->ip.family)
			return -EINVAL;
		out->route.gw = in->gw;
	}
	// An MPLS type 5 carries the label in its high 20 bits, as type 2 does.
	out->route.label[0] = in->mpls ? in->id << 4 : evpn_vni_to_label(in->id);
	ret = evpn_route_encode(out->nlri, sizeof(out->nlri), &out->route, false);
	if (ret < 0)
		return ret;
	out->nlri_len = (uint8_t)ret;
	return 0;
}

int evpn_inject_build(const struct evpn_inject *in, const struct cp_ip *nh,
	struct evpn_route_out *out)
{
	struct evpn_vni v;
	struct dp_ip vtep;

	if (nh->family == 0 || in->n_rt > EVPN_VNI_MAX_RT)
		return -EINVAL;
	as_vni(in, &v);
	cp_ip_to_dp(nh, &vtep);
	switch (in->type) {
	case EVPN_RT_MACIP:
		return evpn_build_macip(&v, in->mac, &in->ip, in->seq, in->sticky, &vtep, out);
	case EVPN_RT_IMET:
		return evpn_build_imet(&v, &vtep, out);
	case EVPN_RT_PREFIX:
		return build_prefix(&v, in, &vtep, out);
	default:
		return -EINVAL;
	}
}
