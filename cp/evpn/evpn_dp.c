// SPDX-License-Identifier: BSD-3-Clause
// Remote MACs and flood VTEPs from EVPN routes into the dataplane, with the
// underlay next-hop references they hold.
#include "cp/evpn/evpn_dp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cp/cp_log.h"
#include "cp/cp_msgq.h"
#include "cp/underlay/underlay.h"

struct rmac {
	struct rmac *next;
	uint16_t bd;
	uint8_t mac[6];
	uint32_t nh;
	struct dp_ip vtep;
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
	struct rmac **slots;
	size_t cap, n;
	size_t n_bd[DP_MAX_BD]; // remote MACs per bridge domain
	struct flood_list *flood[DP_MAX_BD];
} edp;

static void ip_to_cfg(const struct dp_ip *d, struct cfg_ip *c)
{
	memset(c, 0, sizeof(*c));
	c->family = d->family;
	memcpy(&c->v6, d->bytes, d->family == AF_INET ? 4 : 16);
}

static bool ip_eq(const struct dp_ip *a, const struct dp_ip *b)
{
	return a->family == b->family &&
	       memcmp(a->bytes, b->bytes, a->family == AF_INET ? 4 : 16) == 0;
}

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

// A referenced next hop the underlay routes to, or 0 (errno set).
static uint32_t nh_get(const struct dp_ip *vtep)
{
	char a[INET6_ADDRSTRLEN];
	struct cfg_ip ip;
	uint32_t nh;

	ip_to_cfg(vtep, &ip);
	if ((nh = underlay_nh_ref(&ip)) == 0) {
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
	struct cfg_ip ip;
	ip_to_cfg(vtep, &ip);
	return underlay_reachable(&ip);
}

int evpn_dp_init(const struct evpnd_config *cfg)
{
	memset(&edp, 0, sizeof(edp));
	edp.cfg = cfg;
	edp.cap = 1024;
	edp.slots = calloc(edp.cap, sizeof(*edp.slots));
	return edp.slots == NULL ? -ENOMEM : 0;
}

// ---- remote MACs

static size_t rmac_hash(uint16_t bd, const uint8_t *mac, size_t cap)
{
	uint64_t k = bd;
	for (int i = 0; i < 6; i++)
		k = (k << 8) | mac[i];
	// murmur3's 64-bit finalizer: every key bit reaches the low bits the mask
	// keeps (the multiply alone, masked from bit 32, filled a quarter of the
	// slots with MACs counting up in their last octets: 3 probes a lookup)
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdull;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ull;
	k ^= k >> 33;
	return (size_t)k & (cap - 1);
}

static struct rmac **rmac_find(uint16_t bd, const uint8_t *mac)
{
	struct rmac **pp = &edp.slots[rmac_hash(bd, mac, edp.cap)];
	while (*pp != NULL && ((*pp)->bd != bd || memcmp((*pp)->mac, mac, 6) != 0))
		pp = &(*pp)->next;
	return pp;
}

static void rmac_grow(void)
{
	size_t cap = edp.cap * 2;
	struct rmac **slots = calloc(cap, sizeof(*slots));
	if (slots == NULL)
		return; // longer chains, still correct
	for (size_t i = 0; i < edp.cap; i++)
		for (struct rmac *r = edp.slots[i], *next; r != NULL; r = next) {
			next = r->next;
			size_t b = rmac_hash(r->bd, r->mac, cap);
			r->next = slots[b];
			slots[b] = r;
		}
	free(edp.slots);
	edp.slots = slots;
	edp.cap = cap;
}

static void rmac_unlink(struct rmac **pp)
{
	struct rmac *r = *pp;
	*pp = r->next;
	underlay_nh_unref(r->nh);
	edp.n--;
	edp.n_bd[r->bd]--;
	free(r);
}

int evpn_dp_mac_install(
	uint16_t bd, const uint8_t mac[6], const struct dp_ip *vtep, uint32_t send_vni, bool sticky)
{
	struct dp_msg m = {.type = DP_MSG_MAC_ADD};
	struct rmac **pp = rmac_find(bd, mac), *r = *pp;
	uint32_t nh = nh_get(vtep);

	if (nh == 0)
		return -errno;
	if (r == NULL) {
		if ((r = calloc(1, sizeof(*r))) == NULL) {
			underlay_nh_unref(nh);
			return -ENOMEM;
		}
		r->bd = bd;
		memcpy(r->mac, mac, 6);
		*pp = r;
		edp.n++;
		edp.n_bd[bd]++;
	} else {
		underlay_nh_unref(r->nh);
	}
	r->nh = nh;
	r->vtep = *vtep;
	m.mac.bd = bd;
	memcpy(m.mac.mac, mac, 6);
	m.mac.kind = sticky ? DP_MAC_REMOTE_STICKY : DP_MAC_REMOTE;
	m.mac.nh = nh;
	m.mac.vni = send_vni;
	if (edp.n > edp.cap)
		rmac_grow();
	return send_msg(&m);
}

void evpn_dp_mac_remove(uint16_t bd, const uint8_t mac[6])
{
	struct dp_msg m = {.type = DP_MSG_MAC_DEL};
	struct rmac **pp = rmac_find(bd, mac);

	if (*pp == NULL)
		return;
	m.mac.bd = bd;
	memcpy(m.mac.mac, mac, 6);
	send_msg(&m);
	rmac_unlink(pp);
}

void evpn_dp_mac_forget(uint16_t bd, const uint8_t mac[6])
{
	struct rmac **pp = rmac_find(bd, mac);
	if (*pp != NULL)
		rmac_unlink(pp);
}

bool evpn_dp_mac_programmed(uint16_t bd, const uint8_t mac[6], struct dp_ip *vtep)
{
	struct rmac *r = *rmac_find(bd, mac);
	if (r != NULL && vtep != NULL)
		*vtep = r->vtep;
	return r != NULL;
}

size_t evpn_dp_mac_count(uint16_t bd)
{
	return bd < DP_MAX_BD ? edp.n_bd[bd] : 0;
}

// ---- flood lists

// A flood-vtep of the bridge domain's config: not ours to add or remove.
static bool flood_static(uint16_t bd, const struct dp_ip *vtep)
{
	struct cfg_ip ip;
	ip_to_cfg(vtep, &ip);
	for (size_t i = 0; i < edp.cfg->n_bds; i++) {
		const struct cfg_bd *b = &edp.cfg->bds[i];
		if (b->id != bd)
			continue;
		for (size_t j = 0; j < b->n_flood_vteps; j++)
			if (cfg_ip_equal(&b->flood_vteps[j], &ip))
				return true;
	}
	return false;
}

static struct flood_ent *flood_find(uint16_t bd, const struct dp_ip *vtep)
{
	struct flood_list *l = edp.flood[bd];
	for (size_t i = 0; l != NULL && i < l->n; i++)
		if (ip_eq(&l->e[i].vtep, vtep))
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
		return flood_send(DP_MSG_FLOOD_ADD, bd, e->nh, send_vni);
	}
	if (edp.flood[bd] == NULL && (edp.flood[bd] = calloc(1, sizeof(struct flood_list))) == NULL)
		return -ENOMEM;
	if (edp.flood[bd]->n == DP_MAX_FLOOD)
		return -ENOSPC;
	if ((nh = nh_get(vtep)) == 0)
		return -errno;
	e = &edp.flood[bd]->e[edp.flood[bd]->n++];
	*e = (struct flood_ent){*vtep, nh, send_vni};
	return flood_send(DP_MSG_FLOOD_ADD, bd, nh, send_vni);
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
	for (size_t i = 0; edp.slots != NULL && i < edp.cap; i++)
		while (edp.slots[i] != NULL)
			evpn_dp_mac_remove(edp.slots[i]->bd, edp.slots[i]->mac);
	for (uint16_t bd = 0; bd < DP_MAX_BD; bd++) {
		while (edp.flood[bd] != NULL && edp.flood[bd]->n > 0)
			evpn_dp_flood_del(bd, &edp.flood[bd]->e[0].vtep);
		free(edp.flood[bd]);
	}
	free(edp.slots);
	memset(&edp, 0, sizeof(edp));
}
