// SPDX-License-Identifier: BSD-3-Clause
// Remote MACs and flood VTEPs from EVPN routes into the dataplane, with the
// underlay next-hop references they hold.
#include "cp/evpn/evpn_dp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cp/cp_addr.h"
#include "cp/cp_log.h"
#include "cp/cp_msgq.h"
#include "cp/mpls/mpls.h"
#include "cp/underlay/underlay.h"

// The VTEPs remote MACs are programmed behind: one underlay next-hop
// reference each, however many MACs (evpn_mac knows which MAC is where).
struct vtep_use {
	struct dp_ip vtep;
	uint32_t nh;
	uint32_t macs;
	bool mpls; // a PE of MPLS domains: its next hop pushes the transport labels
};

struct flood_ent {
	struct dp_ip vtep;
	uint32_t nh;
	uint32_t send_vni;
};

struct flood_list {
	size_t n;
	struct flood_ent e[DP_MAX_FLOOD];
};

static struct {
	const struct evpnd_config *cfg;
	struct vtep_use *uses;
	size_t n_uses, cap_uses, last_use;
	size_t n_bd[DP_MAX_BD]; // remote MACs per bridge domain
	struct flood_list *flood[DP_MAX_BD];
	const struct cfg_bd *mpls_bd[DP_MAX_BD]; // the MPLS domains' config, NULL: VXLAN
} edp;

static const char *ip_s(const struct dp_ip *ip, char *buf, size_t len)
{
	if (inet_ntop(ip->family ? ip->family : AF_INET, ip->bytes, buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "?");
	return buf;
}

static int send_msg(const struct dp_msg *m)
{
	return cp_send(m); // in order, waits in a backlog when the ring is full
}

// A referenced next hop the underlay routes to, or 0 (errno set). mpls: toward a PE
// by its transport (mpls section).
static uint32_t nh_get(const struct dp_ip *vtep, bool mpls)
{
	char a[INET6_ADDRSTRLEN];
	struct cp_ip ip;
	uint32_t nh;

	cp_ip_of_dp(vtep, &ip);
	if ((nh = mpls ? mpls_pe_nh_ref(&ip) : underlay_nh_ref(&ip)) == 0) {
		CP_WARN("evpn", "vtep %s: no next hop: %s", ip_s(vtep, a, sizeof(a)),
			strerror(errno));
		return 0;
	}
	if (!underlay_nh_routable(nh)) {
		underlay_nh_unref(nh);
		CP_WARN("evpn", "vtep %s: not reachable in the underlay, route not installed",
			ip_s(vtep, a, sizeof(a)));
		errno = EHOSTUNREACH;
		return 0;
	}
	return nh;
}

bool evpn_dp_vtep_reachable(const struct dp_ip *vtep)
{
	struct cp_ip ip;
	cp_ip_of_dp(vtep, &ip);
	// a remote PE is reached by its transport
	return underlay_reachable(&ip) || (edp.cfg && cfg_mpls_transport(edp.cfg, &ip) != NULL);
}

void evpn_dp_config_swapped(const struct evpnd_config *cfg)
{
	edp.cfg = cfg;
	memset(edp.mpls_bd, 0, sizeof(edp.mpls_bd));
	for (size_t i = 0; i < cfg->n_bds; i++)
		if (cfg->bds[i].mpls && cfg->bds[i].id < DP_MAX_BD)
			edp.mpls_bd[cfg->bds[i].id] = &cfg->bds[i];
}

int evpn_dp_init(const struct evpnd_config *cfg)
{
	memset(&edp, 0, sizeof(edp));
	evpn_dp_config_swapped(cfg);
	return 0;
}

// What a remote entry of bd carries: for an MPLS domain, the label and the control
// word flag (the received one is the label alone).
static uint32_t send_value(uint16_t bd, uint32_t send_vni)
{
	return edp.mpls_bd[bd] ? mpls_remote_vni(edp.mpls_bd[bd], send_vni) : send_vni;
}

// ---- remote MACs

static struct vtep_use *use_find(const struct dp_ip *vtep, bool mpls)
{
	if (edp.last_use < edp.n_uses && cp_dp_ip_eq(&edp.uses[edp.last_use].vtep, vtep) &&
		edp.uses[edp.last_use].mpls == mpls)
		return &edp.uses[edp.last_use];
	for (size_t i = 0; i < edp.n_uses; i++)
		if (cp_dp_ip_eq(&edp.uses[i].vtep, vtep) && edp.uses[i].mpls == mpls) {
			edp.last_use = i;
			return &edp.uses[i];
		}
	return NULL;
}

// The use of vtep with one more MAC; NULL (errno set) when the underlay does
// not route to it.
static struct vtep_use *use_get(const struct dp_ip *vtep, bool mpls)
{
	char a[INET6_ADDRSTRLEN];
	struct vtep_use *u = use_find(vtep, mpls);
	uint32_t nh;

	if (u != NULL) {
		if (!underlay_nh_routable(u->nh)) {
			CP_WARN("evpn", "vtep %s: not reachable in the underlay, route not installed",
				ip_s(vtep, a, sizeof(a)));
			errno = EHOSTUNREACH;
			return NULL;
		}
		u->macs++;
		return u;
	}
	if (edp.n_uses == edp.cap_uses) {
		size_t cap = edp.cap_uses ? edp.cap_uses * 2 : 16;
		struct vtep_use *n = realloc(edp.uses, cap * sizeof(*n));
		if (n == NULL) {
			errno = ENOMEM;
			return NULL;
		}
		edp.uses = n;
		edp.cap_uses = cap;
	}
	if ((nh = nh_get(vtep, mpls)) == 0)
		return NULL;
	u = &edp.uses[edp.n_uses++];
	*u = (struct vtep_use){*vtep, nh, 1, mpls};
	return u;
}

// One MAC less behind vtep; the last one drops the next-hop reference.
static void use_put(const struct dp_ip *vtep, bool mpls)
{
	struct vtep_use *u = use_find(vtep, mpls);
	if (u == NULL || --u->macs > 0)
		return;
	underlay_nh_unref(u->nh);
	*u = edp.uses[--edp.n_uses];
}

static int mac_send(uint16_t type, uint16_t bd, const uint8_t mac[6], uint32_t nh,
	uint32_t send_vni, bool pinned)
{
	struct dp_msg m = {.type = type};
	m.mac.bd = bd;
	memcpy(m.mac.mac, mac, 6);
	m.mac.kind = DP_MAC_REMOTE;
	m.mac.pinned = pinned;
	m.mac.nh = nh;
	m.mac.vni = send_vni;
	return send_msg(&m);
}

int evpn_dp_mac_install(uint16_t bd, const uint8_t mac[6], const struct dp_ip *vtep,
	uint32_t send_vni, bool pinned, const struct dp_ip *replaces)
{
	struct vtep_use *u;

	if (bd == 0 || bd >= DP_MAX_BD)
		return -EINVAL;
	if ((u = use_get(vtep, edp.mpls_bd[bd] != NULL)) == NULL) {
		int err = -errno;
		if (replaces != NULL) // nothing stays programmed, as promised
			evpn_dp_mac_remove(bd, mac, replaces);
		return err;
	}
	int ret = mac_send(DP_MSG_MAC_ADD, bd, mac, u->nh, send_value(bd, send_vni), pinned);
	// after the new reference: the same VTEP keeps its next hop
	if (replaces != NULL)
		use_put(replaces, edp.mpls_bd[bd] != NULL);
	else
		edp.n_bd[bd]++;
	return ret;
}

void evpn_dp_mac_remove(uint16_t bd, const uint8_t mac[6], const struct dp_ip *vtep)
{
	if (bd == 0 || bd >= DP_MAX_BD)
		return;
	mac_send(DP_MSG_MAC_DEL, bd, mac, 0, 0, false);
	evpn_dp_mac_forget(bd, vtep);
}

void evpn_dp_mac_forget(uint16_t bd, const struct dp_ip *vtep)
{
	if (bd == 0 || bd >= DP_MAX_BD)
		return;
	use_put(vtep, edp.mpls_bd[bd] != NULL);
	edp.n_bd[bd]--;
}

size_t evpn_dp_mac_count(uint16_t bd)
{
	return bd < DP_MAX_BD ? edp.n_bd[bd] : 0;
}

// ---- flood lists

// A flood-vtep of the bridge domain's config: not ours to add or remove.
static bool flood_static(uint16_t bd, const struct dp_ip *vtep)
{
	struct cp_ip ip;
	cp_ip_of_dp(vtep, &ip);
	for (size_t i = 0; i < edp.cfg->n_bds; i++) {
		const struct cfg_bd *b = &edp.cfg->bds[i];
		if (b->id != bd)
			continue;
		for (size_t j = 0; j < b->n_flood_vteps; j++)
			if (cp_ip_eq(&b->flood_vteps[j], &ip))
				return true;
	}
	return false;
}

static struct flood_ent *flood_find(uint16_t bd, const struct dp_ip *vtep)
{
	struct flood_list *l = edp.flood[bd];
	for (size_t i = 0; l != NULL && i < l->n; i++)
		if (cp_dp_ip_eq(&l->e[i].vtep, vtep))
			return &l->e[i];
	return NULL;
}

static int flood_send(uint16_t type, uint16_t bd, uint32_t nh, uint32_t send_vni)
{
	struct dp_msg m = {.type = type};
	m.flood.bd = bd;
	m.flood.nh = nh;
	m.flood.vni = send_vni;
	return send_msg(&m);
}

int evpn_dp_flood_add(uint16_t bd, const struct dp_ip *vtep, uint32_t send_vni)
{
	struct flood_ent *e;
	uint32_t nh;

	if (bd == 0 || bd >= DP_MAX_BD || flood_static(bd, vtep))
		return 0;
	if ((e = flood_find(bd, vtep)) != NULL) {
		if (e->send_vni == send_vni)
			return 0;
		e->send_vni = send_vni;
		return flood_send(DP_MSG_FLOOD_ADD, bd, e->nh, send_value(bd, send_vni));
	}
	if (edp.flood[bd] == NULL && (edp.flood[bd] = calloc(1, sizeof(struct flood_list))) == NULL)
		return -ENOMEM;
	if (edp.flood[bd]->n == DP_MAX_FLOOD)
		return -ENOSPC;
	// An MPLS PE without its IMET label (no PMSI): nothing to send with.
	if (edp.mpls_bd[bd] != NULL && send_vni == 0)
		return -EINVAL;
	if ((nh = nh_get(vtep, edp.mpls_bd[bd] != NULL)) == 0)
		return -errno;
	e = &edp.flood[bd]->e[edp.flood[bd]->n++];
	*e = (struct flood_ent){*vtep, nh, send_vni};
	return flood_send(DP_MSG_FLOOD_ADD, bd, nh, send_value(bd, send_vni));
}

void evpn_dp_flood_del(uint16_t bd, const struct dp_ip *vtep)
{
	struct flood_ent *e;
	struct flood_list *l;

	if (bd == 0 || bd >= DP_MAX_BD || (e = flood_find(bd, vtep)) == NULL)
		return;
	l = edp.flood[bd];
	flood_send(DP_MSG_FLOOD_DEL, bd, e->nh, 0);
	underlay_nh_unref(e->nh);
	*e = l->e[--l->n];
}

int evpn_dp_flood_walk(uint16_t bd, evpn_dp_flood_cb cb, void *arg)
{
	struct flood_list *l = bd < DP_MAX_BD ? edp.flood[bd] : NULL;
	for (size_t i = 0; l != NULL && i < l->n; i++) {
		int ret = cb(&l->e[i].vtep, l->e[i].send_vni, arg);
		if (ret != 0)
			return ret;
	}
	return 0;
}

size_t evpn_dp_flood_count(uint16_t bd)
{
	return bd < DP_MAX_BD && edp.flood[bd] ? edp.flood[bd]->n : 0;
}

void evpn_dp_fini(void)
{
	// evpn_vtep removed the MACs it had programmed
	for (size_t i = 0; i < edp.n_uses; i++)
		underlay_nh_unref(edp.uses[i].nh);
	for (uint16_t bd = 0; bd < DP_MAX_BD; bd++) {
		while (edp.flood[bd] != NULL && edp.flood[bd]->n > 0)
			evpn_dp_flood_del(bd, &edp.flood[bd]->e[0].vtep);
		free(edp.flood[bd]);
	}
	free(edp.uses);
	memset(&edp, 0, sizeof(edp));
}
