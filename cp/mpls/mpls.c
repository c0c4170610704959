// SPDX-License-Identifier: BSD-3-Clause
#include <errno.h>
#include <string.h>

#include "cp/cp_log.h"
#include "cp/cp_msgq.h"
#include "cp/mpls/mpls.h"
#include "cp/underlay/underlay.h"
#include "dp/dp_api.h"

static const struct evpnd_config *mpls_cfg;

static int mpls_lsp_apply(const struct cfg_mpls_lsp *l)
{
	struct dp_msg m = {.type = DP_MSG_LABEL_SET};
	char a[CP_IP_STRLEN];
	uint32_t nh;

	if (l->local) {
		m.label.label = l->in_label;
		m.label.action = DP_LABEL_POP_LOCAL;
		cp_send(&m);
		CP_INFO("mpls", "node-label %u: popped here", l->in_label);
		return 0;
	}
	nh = underlay_nh_ref_mpls(&l->nexthop, &l->nexthop, NULL, 0, false);
	cp_ip_str(&l->nexthop, a, sizeof(a));
	if (nh == 0) {
		CP_ERR("mpls", "lsp %u via %s: %s", l->in_label, a, strerror(errno));
		return -errno;
	}
	m.label.label = l->in_label;
	m.label.action = l->implicit_null ? DP_LABEL_POP : DP_LABEL_SWAP;
	m.label.out_label = l->out_label;
	m.label.nh = nh;
	cp_send(&m);
	CP_INFO("mpls", "lsp %u: %s %u via %s", l->in_label, l->implicit_null ? "pop" : "swap to",
		l->implicit_null ? 3 : l->out_label, a);
	return 0;
}

static void mpls_bd_apply(const struct cfg_bd *bd, uint32_t label)
{
	struct dp_msg m = {.type = DP_MSG_LABEL_SET};

	m.label.label = label;
	m.label.action = DP_LABEL_POP_L2;
	m.label.bd = (uint16_t)bd->id;
	m.label.control_word = bd->control_word;
	cp_send(&m);
	CP_INFO("mpls", "bridge-domain %u: service label %u%s", bd->id, label,
		bd->control_word ? ", control word" : "");
}

// Layer 3 EVPN over MPLS: the VRF's label pops into the VRF (its L3VNI's dataplane VRF).
static void mpls_vrf_apply(const struct evpnd_config *cfg, int id, uint32_t label)
{
	struct dp_msg m = {.type = DP_MSG_LABEL_SET};

	m.label.label = label;
	m.label.action = DP_LABEL_POP_VRF;
	m.label.vrf = (uint16_t)id;
	cp_send(&m);
	CP_INFO("mpls", "vrf %s: per-VRF label %u", cfg->vrfs[id - 1].name, label);
}

int mpls_apply(const struct evpnd_config *cfg)
{
	int ret;

	mpls_cfg = cfg;
	for (size_t i = 0; i < cfg->mpls.n_lsps; i++)
		if ((ret = mpls_lsp_apply(&cfg->mpls.lsps[i])) < 0)
			return ret;
	for (size_t i = 0; i < cfg->n_bds; i++) {
		uint32_t label = cfg_bd_label(cfg, &cfg->bds[i]);
		if (label != 0)
			mpls_bd_apply(&cfg->bds[i], label);
	}
	for (size_t i = 0; i < cfg->n_vrfs; i++) {
		uint32_t label = cfg_vrf_label(cfg, (int)i + 1);
		if (label != 0)
			mpls_vrf_apply(cfg, (int)i + 1, label);
	}
	return 0;
}

void mpls_fini(void)
{
	mpls_cfg = NULL;
}

uint32_t mpls_pe_nh_ref(const struct cp_ip *pe)
{
	const struct cfg_mpls_transport *t =
		mpls_cfg != NULL ? cfg_mpls_transport(mpls_cfg, pe) : NULL;

	if (t == NULL) {
		errno = ENOENT;
		return 0;
	}
	if (t->udp)
		return underlay_nh_ref_mpls_udp(pe);
	return underlay_nh_ref_mpls(pe, &t->nexthop, t->labels, t->n_labels, t->entropy_label);
}

uint32_t mpls_remote_vni(const struct cfg_bd *bd, uint32_t label)
{
	return (label & DP_MPLS_LABEL_MAX) | (bd->control_word ? DP_MPLS_CW_FLAG : 0);
}
