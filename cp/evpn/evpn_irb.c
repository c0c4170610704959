// SPDX-License-Identifier: BSD-3-Clause
// Symmetric or asymmetric IRB for received MAC+IP routes (see evpn_irb.h).
#include "cp/evpn/evpn_irb.h"

#include <string.h>

#include "cp/cp_addr.h"
#include "cp/cp_log.h"
#include "cp/evpn/evpn_gw.h"
#include "cp/evpn/evpn_prefix.h"
#include "cp/l3/l3_host.h"
#include "cp/l3/l3_nexthop.h"
#include "cp/l3/l3_vrf.h"

static struct evpn_irb_stats irb_stats;

void evpn_irb_decide(const struct evpn_route *r, const struct evpn_ecomm_info *ec,
	evpn_irb_vrf_fn *vrf_of, void *arg, struct evpn_irb_decision *d)
{
	static const uint8_t zero[6];
	int vrf;

	memset(d, 0, sizeof(*d));
	if (r->type != EVPN_RT_MACIP || r->ip.family == 0)
		return;
	d->kind = EVPN_IRB_ASYMMETRIC;
	if (r->n_labels < 2 || !ec->has_rmac)
		return;
	// Over MPLS the second label is the remote PE's per-VRF label, which names no VRF
	// of ours: vrf_of finds it by route target (RFC 9135 as RFC 7432 imports).
	if (ec->has_encap &&
		(ec->tunnel_type == EVPN_TUNNEL_MPLS || ec->tunnel_type == EVPN_TUNNEL_MPLS_UDP))
		d->l3vni = evpn_label_to_mpls(r->label[1]) | DP_MPLS_IP_FLAG;
	else
		d->l3vni = evpn_label_to_vni(r->label[1]);
	memcpy(d->rmac, ec->rmac, 6);
	if (memcmp(ec->rmac, zero, 6) == 0) {
		d->kind = EVPN_IRB_ZERO_RMAC;
		return;
	}
	if ((vrf = vrf_of(d->l3vni, arg)) < 0) {
		d->kind = EVPN_IRB_UNKNOWN_L3VNI;
		return;
	}
	d->kind = EVPN_IRB_SYMMETRIC;
	d->vrf = (uint16_t)vrf;
}

void evpn_irb_vni_setup(
	const struct evpnd_config *cfg, const struct evpn_inst *in, struct evpn_vni *v)
{
	for (size_t i = 0; i < cfg->n_bds; i++) {
		const struct cfg_bd *b = &cfg->bds[i];
		int id;

		if (b->vni != v->vni || (id = cfg_vrf_id(cfg, b->vrf)) <= 0 ||
			cfg->vrfs[id - 1].vni == 0)
			continue;
		v->l3vni = cfg->vrfs[id - 1].vni;
		v->l3_label = cfg_vrf_label(cfg, id);
		cfg_vrf_router_mac(cfg, id, v->rmac);
		v->l3_rt = evpn_auto_rt(in, v->l3vni);
		// The VRF's first configured export RT replaces the auto one (its type 5 too).
		for (unsigned j = cfg->vrfs[id - 1].n_rts; j-- > 0;)
			if (cfg->vrfs[id - 1].rts[j].dir & CFG_EVPN_RT_EXPORT)
				memcpy(v->l3_rt.b, cfg->vrfs[id - 1].rts[j].rt, sizeof(v->l3_rt.b));
	}
}

// The VRF of an L3VNI, or over MPLS (a per-VRF label) the first MPLS VRF that imports
// the route's route targets (arg: the received path).
static int vrf_of_l3vni(uint32_t l3vni, void *arg)
{
	const struct evpn_rx_path *rx = arg;
	const struct evpn_prefix_vrf *pv;
	const struct l3_vrf *v;

	if (!(l3vni & DP_MPLS_IP_FLAG)) {
		v = l3_vrf_by_vni(l3vni);
		return v != NULL ? v->id : -1;
	}
	for (size_t i = 0; (pv = evpn_prefix_vrf_at(i)) != NULL; i++)
		if (pv->l3.mpls_label != 0 && evpn_vni_imports(&pv->l3, rx->ecomm, rx->ecomm_len))
			return pv->vrf_id;
	return -1;
}

// A remote gateway's route (FRR's advertise-default-gw: its anycast MAC is ours, FRR
// refuses it as "self mac"), or one for an address of our own gateways in the VRF: no
// host route, or routed packets for our gateway would leave for the remote VTEP.
static bool irb_gateway(const struct evpn_route *r, const struct evpn_ecomm_info *ec, uint16_t vrf)
{
	if (ec->def_gw)
		return true;
	for (size_t i = 0; i < l3_vrf_count(); i++) {
		const struct l3_vrf *v = l3_vrf_at(i);

		for (uint16_t j = 0; v->id == vrf && j < v->n_bds; j++)
			if (evpn_gw_has_ip(v->bds[j], &r->ip))
				return true;
	}
	return false;
}

static void irb_install(const struct evpn_rx_path *rx, const struct evpn_irb_decision *d,
	const struct evpn_ecomm_info *ec, bool add)
{
	const struct evpn_route *r = rx->route;
	struct l3_host_route p = {.vtep = rx->nexthop, .l3vni = d->l3vni, .seq = ec->mm_seq};
	char a[CP_IP_STRLEN];
	int ret;

	memcpy(p.rd, r->rd.b, 8);
	memcpy(p.rmac, d->rmac, 6);
	if (!add || rx->unreachable) {
		l3_host_path_del(d->vrf, &r->ip, p.rd);
		return;
	}
	if ((ret = l3_host_path_add(d->vrf, &r->ip, &p)) == 0) {
		irb_stats.symmetric++;
		return;
	}
	irb_stats.install_failed++;
	CP_WARN("evpn", "host route %s (L3VNI %u): not installed: %s",
		cp_ip_str(&r->ip, a, sizeof(a)), d->l3vni, strerror(-ret));
}

enum evpn_irb_kind evpn_irb_rx(
	const struct evpn_rx_path *rx, bool add, const struct dp_ip *local_vtep)
{
	struct evpn_ecomm_info ec;
	struct evpn_irb_decision d;

	if (rx->route->type != EVPN_RT_MACIP || rx->route->ip.family == 0 ||
		(local_vtep != NULL && cp_dp_ip_eq(&rx->nexthop, local_vtep)))
		return EVPN_IRB_NONE;
	if (rx->route->n_labels < 2) { // what evpn_irb_decide says, without a second scan
		irb_stats.asymmetric += add;
		return EVPN_IRB_ASYMMETRIC;
	}
	evpn_ecomm_scan(rx->ecomm, rx->ecomm_len, &ec);
	evpn_irb_decide(rx->route, &ec, vrf_of_l3vni, (void *)rx, &d);
	switch (d.kind) {
	case EVPN_IRB_SYMMETRIC:
		if (irb_gateway(rx->route, &ec, d.vrf)) {
			irb_stats.gateway += add;
			return EVPN_IRB_GATEWAY;
		}
		irb_install(rx, &d, &ec, add);
		break;
	case EVPN_IRB_ASYMMETRIC:
		irb_stats.asymmetric += add;
		break;
	case EVPN_IRB_ZERO_RMAC:
		irb_stats.zero_rmac += add;
		break;
	case EVPN_IRB_UNKNOWN_L3VNI:
		irb_stats.unknown_l3vni += add;
		break;
	}
	return (enum evpn_irb_kind)d.kind;
}

void evpn_irb_local(const struct evpn_vni *v, const struct cp_ip *ip, uint32_t seq, bool add)
{
	const struct l3_vrf *vrf = v->l3vni != 0 ? l3_vrf_by_vni(v->l3vni) : NULL;

	if (vrf == NULL)
		return;
	if (add)
		l3_host_local_set(vrf->id, ip, seq);
	else
		l3_host_local_del(vrf->id, ip);
}

const struct evpn_irb_stats *evpn_irb_stats(void)
{
	return &irb_stats;
}

void evpn_irb_fini(void)
{
	l3_host_fini();
	l3_nexthop_fini();
	memset(&irb_stats, 0, sizeof(irb_stats));
}
