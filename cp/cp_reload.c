// SPDX-License-Identifier: BSD-3-Clause
// Live configuration reload (cp_reload.h). The changes go to the dataplane in order
// (removals first); one that fails undoes those applied before it, so the running
// state is the old one or the new one, never a mix.
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cp/bgp/bgp_speaker.h"
#include "cp/config/config_diff.h"
#include "cp/cp_log.h"
#include "cp/cp_reload.h"
#include "cp/evpn/evpn_bgp_in.h"
#include "cp/evpn/evpn_dp.h"
#include "cp/evpn/evpn_vtep.h"
#include "cp/l2/bridge.h"

struct reload {
	const struct evpnd_config *run, *next;
	const uint16_t *port_ids;
	uint64_t now_ms;
};

// A whole bridge domain: EVPN's VNI comes after the dataplane's domain (its remote
// MACs and flood entries go there) and goes before it.
static int bd_apply(const struct reload *r, const struct evpnd_config *cfg,
	const struct cfg_change *c, bool add)
{
	const struct cfg_bd *b = &cfg->bds[c->bd_idx];
	int ret;

	if (!add) {
		evpn_bgp_in_vni(b->vni, false);
		evpn_vtep_vni_del(b->vni, r->now_ms);
		return bridge_change(cfg, c, false, r->port_ids);
	}
	if ((ret = bridge_change(cfg, c, true, r->port_ids)) < 0)
		return ret;
	if ((ret = evpn_vtep_vni_add(cfg, b, r->port_ids, r->now_ms)) < 0) {
		bridge_change(cfg, c, false, r->port_ids);
		return ret;
	}
	evpn_bgp_in_vni(b->vni, true);
	return 0;
}

// New route targets or RD of a domain's VNI (those of `to`): EVPN makes the VNI again,
// its routes re-advertised and the received ones re-imported; the dataplane's domain
// stays, and the local MACs it has are learned again from its table.
static int vni_apply(const struct reload *r, const struct cfg_change *c, bool add)
{
	const struct evpnd_config *to = add ? r->next : r->run;
	unsigned learned, aged;
	int ret = -ENOENT;

	for (size_t i = 0; i < to->n_bds; i++) {
		const struct cfg_bd *b = &to->bds[i];
		if (b->id != c->bd)
			continue;
		evpn_bgp_in_vni(b->vni, false);
		evpn_vtep_vni_del(b->vni, r->now_ms);
		if ((ret = evpn_vtep_vni_add(to, b, r->port_ids, r->now_ms)) < 0)
			return ret;
		evpn_bgp_in_vni(b->vni, true);
		evpn_vtep_resync(r->now_ms, &learned, &aged);
		CP_INFO("config", "vni %u: %u learned MACs advertised again", b->vni, learned);
	}
	return ret;
}

// One change, or its undo (add flipped), to the dataplane then to EVPN.
static int change_apply(const struct reload *r, const struct cfg_change *c, bool add)
{
	const struct evpnd_config *cfg = c->add ? r->next : r->run;

	if (c->kind == CFG_CHANGE_BD)
		return bd_apply(r, cfg, c, add);
	if (c->kind == CFG_CHANGE_VNI)
		return vni_apply(r, c, add);
	if (c->kind == CFG_CHANGE_NEIGHBOR) {
		char name[CP_IP_STRLEN];
		if (add)
			return bgp_peer_add(&cfg->bgp, c->idx);
		return bgp_peer_remove(cp_ip_str(&cfg->bgp.nbrs[c->idx].addr, name, sizeof(name)));
	}
	int ret = bridge_change(cfg, c, add, r->port_ids);
	if (ret < 0 || c->kind != CFG_CHANGE_MAC)
		return ret;
	// A configured local MAC is a sticky EVPN MAC (evpn_vtep_init's learn_static).
	const struct cfg_mac *m = &cfg->bds[c->bd_idx].macs[c->idx];
	if (m->kind == CFG_MAC_LOCAL)
		evpn_vtep_static_mac((uint16_t)c->bd, m->mac, r->port_ids[m->local.port],
			m->local.vlan, add, r->now_ms);
	return 0;
}

static int apply_all(const struct reload *r, const struct cfg_diff *d, const char *path,
	FILE *out)
{
	char s[256];

	for (size_t i = 0; i < d->n; i++) {
		int ret = change_apply(r, &d->v[i], d->v[i].add);
		cfg_change_str(r->run, r->next, &d->v[i], s, sizeof(s));
		if (ret == 0) {
			CP_INFO("config", "reload: %s", s);
			fprintf(out, "%s\n", s);
			continue;
		}
		CP_ERR("config", "reload of %s: %s: %s; the %zu changes before it undone", path, s,
			strerror(-ret), i);
		fprintf(out, "%% %s: %s: %s; nothing changed\n", path, s, strerror(-ret));
		while (i-- > 0)
			change_apply(r, &d->v[i], !d->v[i].add);
		return ret;
	}
	return 0;
}

static int refuse(const char *path, const char *why, FILE *out)
{
	CP_WARN("config", "reload of %s refused, nothing changed: %s", path, why);
	fprintf(out, "%% reload refused, nothing changed:\n%s", why);
	return -EINVAL;
}

// The new configuration takes the running one's place (same address: the modules
// keep pointers to it).
static void swap(struct evpnd_config *running, struct evpnd_config *next)
{
	struct evpnd_config old = *running;
	*running = *next;
	config_init(next);
	config_free(&old);
	evpn_dp_config_swapped(running);
}

int cp_reload(struct evpnd_config *running, const char *path, const uint16_t *port_ids,
	uint64_t now_ms, FILE *out)
{
	static struct cfg_error err; // 25 KB: not on the stack
	struct evpnd_config next;
	struct cfg_diff d;
	char why[512];
	int ret;

	config_init(&next);
	if ((ret = config_parse_file(&next, path, &err)) < 0) {
		if (ret != -EINVAL)
			snprintf(err.all, sizeof(err.all), "%s: %s\n", path, strerror(-ret));
		return refuse(path, err.all, out);
	}
	if ((ret = config_diff(running, &next, &d)) < 0) {
		config_free(&next);
		return refuse(path, "out of memory\n", out);
	}
	if (d.refused) {
		if (d.line != 0)
			snprintf(why, sizeof(why), "%s:%u: %s\n", path, d.line, d.reason);
		else
			snprintf(why, sizeof(why), "%s: %s\n", path, d.reason);
		config_diff_free(&d);
		config_free(&next);
		return refuse(path, why, out);
	}
	struct reload r = {.run = running, .next = &next, .port_ids = port_ids, .now_ms = now_ms};
	if ((ret = apply_all(&r, &d, path, out)) == 0) {
		swap(running, &next);
		CP_INFO("config", "reload of %s: %zu changes applied", path, d.n);
		fprintf(out, "%zu changes applied\n", d.n);
	}
	config_diff_free(&d);
	config_free(&next);
	return ret;
}
