// SPDX-License-Identifier: BSD-3-Clause
// The process's EVPN instance: VNIs from the bridge domains, dataplane events
// into MAC mobility, its decisions into the dataplane and our routes.
#include "cp/evpn/evpn_vtep.h"
#include "cp/evpn/evpn_mpls.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cp/cp_addr.h"
#include "cp/cp_log.h"
#include "cp/evpn/evpn_dp.h"
#include "cp/evpn/evpn_gw.h"
#include "cp/evpn/evpn_ip_owner.h"
#include "cp/evpn/evpn_irb.h"
#include "cp/evpn/evpn_local.h"
#include "cp/evpn/evpn_prefix.h"
#include "cp/evpn/evpn_proxy.h"
#include "cp/evpn/evpn_rt_index.h"

struct vni_bd {
	uint32_t vni;
	uint16_t bd;
};

static struct {
	bool enabled;
	struct evpn_inst inst;
	struct evpn_mac_table *macs;
	struct dp_ip local;
	struct vni_bd *map;
	size_t n_map;
} vt;

uint16_t evpn_vtep_bd(uint32_t vni)
{
	for (size_t i = 0; i < vt.n_map; i++)
		if (vt.map[i].vni == vni)
			return vt.map[i].bd;
	return 0;
}

static uint32_t bd_vni(uint16_t bd)
{
	for (size_t i = 0; i < vt.n_map; i++)
		if (vt.map[i].bd == bd)
			return vt.map[i].vni;
	return 0;
}

// The local MAC's snooped IPs leave the proxy table with it.
static void neigh_forget_local(uint32_t vni, const uint8_t mac[6])
{
	struct cp_ip ips[EVPN_LOCAL_MAX_IPS];
	unsigned n = evpn_local_mac_ips(vni, mac, ips);

	for (unsigned i = 0; i < n; i++)
		evpn_proxy_set(evpn_vtep_bd(vni), NULL, mac, &ips[i], false, false);
}

// ---- MAC mobility decisions

static int install_remote(void *arg, uint32_t vni, const uint8_t mac[6],
	const struct evpn_mac_path *path, bool pinned, const struct dp_ip *replaces)
{
	char m[24], a[INET6_ADDRSTRLEN];
	(void)arg;
	int ret = evpn_dp_mac_install(
		evpn_vtep_bd(vni), mac, &path->vtep, path->vni, pinned, replaces);
	if (ret == 0 && cp_debugging(CP_DEBUG_EVPN_MAC)) { // formatted only when logged: 1M routes at a time
		cp_mac_str(mac, m, sizeof(m));
		inet_ntop(path->vtep.family, path->vtep.bytes, a, sizeof(a));
		cp_log_debug(CP_DEBUG_EVPN_MAC, "VNI %u: MAC %s remote behind %s (seq %u%s%s)", vni, m,
			a, path->seq, path->sticky ? ", sticky" : "", pinned ? ", pinned" : "");
	}
	return ret;
}

static void remove_remote(void *arg, uint32_t vni, const uint8_t mac[6], const struct dp_ip *vtep)
{
	char m[24], a[INET6_ADDRSTRLEN];

	(void)arg;
	evpn_dp_mac_remove(evpn_vtep_bd(vni), mac, vtep);
	if (cp_debugging(CP_DEBUG_EVPN_MAC))
		cp_log_debug(CP_DEBUG_EVPN_MAC, "VNI %u: MAC %s behind %s deleted", vni,
			cp_mac_str(mac, m, sizeof(m)),
			inet_ntop(vtep->family ? vtep->family : AF_INET, vtep->bytes, a, sizeof(a)));
}

static void forget_remote(void *arg, uint32_t vni, const uint8_t mac[6], const struct dp_ip *vtep)
{
	(void)arg;
	(void)mac;
	evpn_dp_mac_forget(evpn_vtep_bd(vni), vtep);
}

// The symmetric IRB host routes of a MAC's local IPs follow its route (evpn_irb_local).
static void irb_local_ips(const struct evpn_vni *v, const uint8_t mac[6], uint32_t seq, bool add)
{
	struct cp_ip ips[EVPN_LOCAL_MAX_IPS];
	unsigned n = evpn_local_mac_ips(v->vni, mac, ips);

	for (unsigned i = 0; i < n; i++)
		evpn_irb_local(v, &ips[i], seq, add);
}

static void advertise(void *arg, uint32_t vni, const uint8_t mac[6], uint32_t seq, bool sticky)
{
	const struct evpn_vni *v = evpn_vni_find(&vt.inst, vni);
	char m[24];

	(void)arg;
	cp_mac_str(mac, m, sizeof(m));
	// With the MAC+IP routes of the IPs seen for it: same sequence, same fate.
	if (v == NULL || evpn_local_mac_set(v, mac, seq, sticky, &vt.local) < 0) {
		CP_ERR("evpn", "VNI %u: MAC %s: cannot build our type-2 route", vni, m);
		return;
	}
	irb_local_ips(v, mac, seq, true);
	CP_DEBUGF(CP_DEBUG_EVPN_MAC, "VNI %u: MAC %s local, advertised (seq %u%s)", vni, m, seq,
		sticky ? ", sticky" : "");
}

static void withdraw(void *arg, uint32_t vni, const uint8_t mac[6])
{
	const struct evpn_vni *v = evpn_vni_find(&vt.inst, vni);
	char m[24];

	(void)arg;
	cp_mac_str(mac, m, sizeof(m));
	// Its MAC+IP routes go too, and its IPs are forgotten: ARP/ND tells them
	// again if the host comes back.
	if (v != NULL) {
		neigh_forget_local(vni, mac);
		irb_local_ips(v, mac, 0, false);
	}
	if (v != NULL && evpn_local_mac_del(v, mac, &vt.local) == 0)
		CP_DEBUGF(CP_DEBUG_EVPN_MAC, "VNI %u: MAC %s local deleted, withdrawn", vni, m);
}

static const struct evpn_mac_ops mac_ops = {
	.install_remote = install_remote,
	.remove_remote = remove_remote,
	.forget_remote = forget_remote,
	.advertise = advertise,
	.withdraw = withdraw,
};

// ---- flood lists from type-3 routes

static void flood_add(void *arg, uint32_t vni, const struct dp_ip *vtep, uint32_t send_vni)
{
	char a[INET6_ADDRSTRLEN];
	(void)arg;
	inet_ntop(vtep->family, vtep->bytes, a, sizeof(a));
	if (evpn_dp_flood_add(evpn_vtep_bd(vni), vtep, send_vni) == 0)
		CP_INFO("evpn", "VNI %u: flood to vtep %s (vni %u)", vni, a, send_vni);
}

static void flood_del(void *arg, uint32_t vni, const struct dp_ip *vtep)
{
	char a[INET6_ADDRSTRLEN];
	(void)arg;
	inet_ntop(vtep->family, vtep->bytes, a, sizeof(a));
	evpn_dp_flood_del(evpn_vtep_bd(vni), vtep);
	CP_INFO("evpn", "VNI %u: no more flooding to vtep %s", vni, a);
}

// ---- proxy ARP bindings (RFC 9161), remote and local

static void neigh(void *arg, uint32_t vni, const struct dp_ip *vtep, const uint8_t mac[6],
	const struct cp_ip *ip, bool router, bool add)
{
	(void)arg;
	evpn_proxy_set(evpn_vtep_bd(vni), vtep, mac, ip, router, add);
}

static const struct evpn_rx_ops flood_ops = {
	.flood_add = flood_add, .flood_del = flood_del, .neigh = neigh};

// ---- set-up

// The config's vni block overrides of one VNI.
static int apply_overrides(const struct cfg_bgp *bgp, struct evpn_vni *v)
{
	for (size_t i = 0; i < bgp->n_evpn_vnis; i++) {
		const struct cfg_evpn_vni *c = &bgp->evpn_vnis[i];
		if (c->vni != v->vni)
			continue;
		if (c->rd_set) {
			struct evpn_rd rd;
			memcpy(rd.b, c->rd, sizeof(rd.b));
			evpn_vni_set_rd(&vt.inst, v, &rd);
		}
		for (unsigned j = 0; j < c->n_rts; j++) {
			struct evpn_rt rt;
			memcpy(rt.b, c->rts[j].rt, sizeof(rt.b));
			int ret =
				evpn_vni_rt_add(&vt.inst, v, (enum evpn_rt_dir)c->rts[j].dir, &rt);
			if (ret < 0)
				return ret;
		}
	}
	return 0;
}

static int cmp_vni(const void *a, const void *b)
{
	const struct vni_bd *x = a, *y = b;
	return x->vni < y->vni ? -1 : x->vni > y->vni;
}

// VNIs in ascending order take FRR's RD indexes 2, 3, ...
static int add_vnis(const struct evpnd_config *cfg)
{
	if ((vt.map = calloc(cfg->n_bds + 1, sizeof(*vt.map))) == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < cfg->n_bds; i++)
		vt.map[vt.n_map++] = (struct vni_bd){cfg->bds[i].vni, (uint16_t)cfg->bds[i].id};
	qsort(vt.map, vt.n_map, sizeof(*vt.map), cmp_vni);
	for (size_t i = 0; i < vt.n_map; i++) {
		struct evpn_vni *v = evpn_vni_add(&vt.inst, vt.map[i].vni);
		int ret;
		if (v == NULL)
			return -errno;
		if ((ret = apply_overrides(&cfg->bgp, v)) < 0)
			return ret;
		evpn_irb_vni_setup(cfg, &vt.inst, v);
		evpn_mpls_vni_setup(cfg, v);
	}
	return 0;
}

static int advertise_imet_one(const struct evpn_vni *v)
{
	struct evpn_route_out out;
	char rd[EVPN_RD_STRLEN];
	int ret;

	if ((ret = evpn_build_imet(v, &vt.local, &out)) < 0 ||
		(ret = evpn_local_set(v->vni, &out)) < 0)
		return ret;
	evpn_rd_str(rd, sizeof(rd), &v->rd);
	CP_INFO("evpn", "VNI %u: bridge-domain %u, RD %s, type-3 route advertised", v->vni,
		evpn_vtep_bd(v->vni), rd);
	return 0;
}

static int advertise_imet(void)
{
	for (uint32_t i = 0; i < vt.inst.n_vni; i++) {
		int ret = advertise_imet_one(&vt.inst.vnis[i]);
		if (ret < 0)
			return ret;
	}
	return 0;
}

// Configured local MACs are sticky (static) EVPN MACs.
static void learn_static_bd(const struct cfg_bd *b, const uint16_t *port_ids, uint64_t now)
{
	for (size_t j = 0; j < b->n_macs; j++) {
		const struct cfg_mac *c = &b->macs[j];
		if (c->kind == CFG_MAC_LOCAL)
			evpn_mac_local_learn(vt.macs, b->vni, c->mac, port_ids[c->local.port],
				c->local.vlan, true, now);
	}
}

static void learn_static(const struct evpnd_config *cfg, const uint16_t *port_ids, uint64_t now)
{
	for (size_t i = 0; i < cfg->n_bds; i++)
		learn_static_bd(&cfg->bds[i], port_ids, now);
}

static int vtep_start(const struct evpnd_config *cfg, const uint16_t *port_ids, uint64_t now)
{
	struct evpn_mac_cfg mc;
	struct in_addr rid = cfg->bgp.router_id.s_addr ? cfg->bgp.router_id : cfg->vtep4.v4;
	int ret;

	cp_ip_to_dp(cfg_evpn_vtep(cfg), &vt.local);
	evpn_inst_init(&vt.inst, cfg->bgp.asn, (const uint8_t *)&rid);
	evpn_mac_cfg_default(&mc);
	mc.local_vtep = vt.local;
	if ((vt.macs = evpn_mac_table_new(&mc, &mac_ops, NULL)) == NULL)
		return -ENOMEM;
	evpn_proxy_init(cfg);
	struct evpn_ip_owner_cfg oc = {.dad_enable = mc.dad_enable,
		.dad_max_moves = mc.dad_max_moves,
		.dad_time_sec = mc.dad_time_sec,
		.dad_freeze = mc.dad_freeze};
	if ((ret = evpn_ip_owner_init(&oc)) < 0 || (ret = evpn_local_init()) < 0 ||
		(ret = evpn_dp_init(cfg)) < 0 || (ret = add_vnis(cfg)) < 0 ||
		(ret = advertise_imet()) < 0 ||
		(ret = evpn_gw_start(cfg, &vt.inst, vt.macs, &vt.local)) < 0 ||
		(ret = evpn_prefix_start(cfg, &vt.inst, &vt.local)) < 0)
		return ret;
	learn_static(cfg, port_ids, now);
	return 0;
}

int evpn_vtep_init(const struct evpnd_config *cfg, const uint16_t *port_ids, uint64_t now_ms)
{
	int ret;

	memset(&vt, 0, sizeof(vt));
	if (cfg->bgp.asn == 0 || !cfg->bgp.advertise_all_vni)
		return 0;
	// IPv4 or IPv6: cfg_evpn_vtep's rule (config_limits.c refused a missing one).
	if (cfg_evpn_vtep(cfg) == NULL) {
		CP_ERR("evpn", "advertise-all-vni needs a vtep-address in underlay");
		return -EINVAL;
	}
	vt.enabled = true;
	if ((ret = vtep_start(cfg, port_ids, now_ms)) < 0) {
		CP_ERR("evpn", "start-up failed: %s", strerror(-ret));
		evpn_vtep_fini();
		return ret;
	}
	char a[INET6_ADDRSTRLEN];
	inet_ntop(vt.local.family, vt.local.bytes, a, sizeof(a));
	CP_INFO("evpn", "EVPN VTEP %s: %u VNIs, AS %u", a, vt.inst.n_vni, cfg->bgp.asn);
	return 0;
}

static int remove_installed(const struct evpn_mac_info *i, void *arg)
{
	(void)arg;
	if (i->remote_installed)
		evpn_dp_mac_remove(evpn_vtep_bd(i->vni), i->mac, &i->installed_vtep);
	return 0;
}

void evpn_vtep_fini(void)
{
	if (!vt.enabled)
		return;
	if (vt.macs != NULL)
		evpn_mac_walk(vt.macs, 0, remove_installed, NULL);
	evpn_mac_table_free(vt.macs);
	evpn_prefix_fini(&vt.inst); // its routes hold L3 next hops: before evpn_irb_fini's
	evpn_irb_fini();
	evpn_dp_fini();
	evpn_local_fini();
	evpn_ip_owner_fini();
	evpn_gw_fini();
	evpn_inst_fini(&vt.inst);
	free(vt.map);
	memset(&vt, 0, sizeof(vt));
}

// ---- bridge domains added and removed by a reload

int evpn_vtep_vni_add(const struct evpnd_config *cfg, const struct cfg_bd *b,
	const uint16_t *port_ids, uint64_t now_ms)
{
	struct vni_bd *map;
	struct evpn_vni *v;
	int ret;

	if (!vt.enabled)
		return 0;
	if ((map = realloc(vt.map, (vt.n_map + 1) * sizeof(*map))) == NULL)
		return -ENOMEM;
	vt.map = map;
	if ((v = evpn_vni_add(&vt.inst, b->vni)) == NULL)
		return -errno;
	vt.map[vt.n_map++] = (struct vni_bd){b->vni, (uint16_t)b->id};
	evpn_proxy_bd(b, true);
	if ((ret = apply_overrides(&cfg->bgp, v)) < 0 || (ret = advertise_imet_one(v)) < 0) {
		evpn_vtep_vni_del(b->vni, now_ms);
		return ret;
	}
	learn_static_bd(b, port_ids, now_ms);
	return 0;
}

struct mac_list {
	uint8_t (*mac)[6];
	size_t n, cap;
};

static int collect_local(const struct evpn_mac_info *i, void *arg)
{
	struct mac_list *l = arg;

	if (!i->local)
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		void *m = realloc(l->mac, cap * sizeof(*l->mac));
		if (m == NULL)
			return -ENOMEM;
		l->mac = m;
		l->cap = cap;
	}
	memcpy(l->mac[l->n++], i->mac, 6);
	return 0;
}

void evpn_vtep_vni_del(uint32_t vni, uint64_t now_ms)
{
	struct evpn_route_out out;
	struct mac_list l = {0};
	const struct evpn_vni *v;

	if (!vt.enabled || (v = evpn_vni_find(&vt.inst, vni)) == NULL)
		return;
	// Collected first: aging changes the table the walk reads.
	if (evpn_mac_walk(vt.macs, vni, collect_local, &l) < 0)
		CP_WARN("evpn", "VNI %u: out of memory: some local MACs' routes stay", vni);
	for (size_t i = 0; i < l.n; i++)
		evpn_mac_local_age(vt.macs, vni, l.mac[i], now_ms);
	free(l.mac);
	if (evpn_build_imet(v, &vt.local, &out) == 0)
		evpn_local_del(out.nlri, out.nlri_len);
	evpn_vni_del(&vt.inst, vni);
	for (size_t i = 0; i < vt.n_map; i++)
		if (vt.map[i].vni == vni) {
			evpn_proxy_bd(&(struct cfg_bd){.id = vt.map[i].bd}, false);
			vt.map[i] = vt.map[--vt.n_map];
			break;
		}
	CP_INFO("evpn", "VNI %u: removed, type-3 route and %zu local MACs' routes withdrawn", vni,
		l.n);
}

bool evpn_vtep_rx_vni_only(const struct evpn_rx_path *rx, uint32_t vni, bool add, uint64_t now_ms)
{
	const uint32_t *idx;
	int n;

	if (!vt.enabled || rx->route->type == EVPN_RT_PREFIX)
		return false;
	n = evpn_rt_index_match(&vt.inst, rx->ecomm, rx->ecomm_len, &idx);
	if (n != 1 || vt.inst.vnis[idx[0]].vni != vni)
		return false;
	evpn_vtep_rx(rx, add, now_ms, NULL);
	return true;
}

bool evpn_vtep_enabled(void)
{
	return vt.enabled;
}

// ---- events

void evpn_vtep_on_mac(const struct dp_notify *n, uint64_t now_ms)
{
	uint32_t vni;

	if (!vt.enabled || (vni = bd_vni(n->bd)) == 0)
		return;
	// Gone from the dataplane: the routes are withdrawn (a remote path, if any, is
	// installed instead).
	if (n->type == DP_NOTIFY_MAC_AGED || n->type == DP_NOTIFY_MAC_FLUSHED) {
		evpn_mac_local_age(vt.macs, vni, n->mac, now_ms);
		return;
	}
	// A local entry replaced whatever remote one the dataplane had (evpn_mac
	// releases it).
	if (n->type == DP_NOTIFY_MAC_MOVED && n->was_remote) {
		char m[24];
		cp_mac_str(n->mac, m, sizeof(m));
		CP_INFO("evpn", "VNI %u: MAC %s moved here (port %u) from a remote VTEP", vni, m,
			n->port);
	}
	int ret = evpn_mac_local_learn(vt.macs, vni, n->mac, n->port, n->vlan, false, now_ms);
	if (ret < 0) {
		char m[24];
		cp_mac_str(n->mac, m, sizeof(m));
		CP_WARN("evpn", "VNI %u: MAC %s not tracked: %s", vni, m, strerror(-ret));
	}
}

void evpn_vtep_static_mac(uint16_t bd, const uint8_t mac[6], uint16_t port, uint16_t vlan,
	bool add, uint64_t now_ms)
{
	uint32_t vni;

	if (!vt.enabled || (vni = bd_vni(bd)) == 0)
		return;
	if (add)
		evpn_mac_local_learn(vt.macs, vni, mac, port, vlan, true, now_ms);
	else
		evpn_mac_local_age(vt.macs, vni, mac, now_ms);
}

// ---- resynchronisation after lost notifications

struct resync {
	uint64_t now;
	unsigned learned, aged;
	struct {
		uint32_t vni;
		uint8_t mac[6];
	} *gone;
	size_t n_gone, cap_gone;
};

static int resync_learn(const struct dp_mac_info *d, void *arg)
{
	struct resync *r = arg;
	struct evpn_mac_info e;
	uint32_t vni;

	if (d->kind != DP_MAC_LOCAL || (vni = bd_vni(d->bd)) == 0)
		return 0;
	// Known here as the dataplane has it (not yielded to a remote VTEP: the
	// dataplane switched it back to local by itself).
	if (evpn_mac_get(vt.macs, vni, d->mac, &e) == 0 && e.local && !e.remote_installed &&
		e.port == d->port && e.vlan == d->vlan)
		return 0;
	if (evpn_mac_local_learn(vt.macs, vni, d->mac, d->port, d->vlan, false, r->now) == 0)
		r->learned++;
	return 0;
}

// Local learned MACs the dataplane no longer has (one that yielded to a remote
// VTEP is programmed remote there, as it should be). Collected, then aged.
static int resync_collect(const struct evpn_mac_info *e, void *arg)
{
	struct resync *r = arg;
	struct dp_mac_info d;

	if (!e->local || e->local_static || e->remote_installed)
		return 0;
	if (dp_mac_get(evpn_vtep_bd(e->vni), e->mac, &d) == 0 && d.kind == DP_MAC_LOCAL)
		return 0;
	if (r->n_gone == r->cap_gone) {
		size_t cap = r->cap_gone ? 2 * r->cap_gone : 256;
		void *g = realloc(r->gone, cap * sizeof(*r->gone));
		if (g == NULL)
			return -ENOMEM;
		r->gone = g;
		r->cap_gone = cap;
	}
	r->gone[r->n_gone].vni = e->vni;
	memcpy(r->gone[r->n_gone++].mac, e->mac, 6);
	return 0;
}

int evpn_vtep_resync(uint64_t now_ms, unsigned *learned, unsigned *aged)
{
	struct resync r = {.now = now_ms};
	int ret = 0;

	if (vt.enabled) {
		dp_mac_walk(0, resync_learn, &r);
		ret = evpn_mac_walk(vt.macs, 0, resync_collect, &r);
		for (size_t i = 0; i < r.n_gone; i++)
			if (evpn_mac_local_age(vt.macs, r.gone[i].vni, r.gone[i].mac, now_ms) == 0)
				r.aged++;
		free(r.gone);
	}
	*learned = r.learned;
	*aged = r.aged;
	return ret;
}

// A new IP of a local MAC into the proxy table. At EVPN_LOCAL_MAX_IPS the oldest
// one's route was withdrawn for it: it leaves the table too.
static void neigh_local_add(uint32_t vni, const struct dp_notify *n, const struct cp_ip *ip,
	const struct cp_ip *before, unsigned nb)
{
	struct cp_ip after[EVPN_LOCAL_MAX_IPS];
	unsigned na;

	evpn_proxy_set(n->bd, NULL, n->mac, ip, false, true);
	if (nb < EVPN_LOCAL_MAX_IPS)
		return;
	na = evpn_local_mac_ips(vni, n->mac, after);
	for (unsigned i = 0; i < nb; i++) {
		bool kept = false;
		for (unsigned k = 0; k < na && !kept; k++)
			kept = cp_ip_eq(&before[i], &after[k]);
		if (!kept)
			evpn_proxy_set(n->bd, NULL, n->mac, &before[i], false, false);
	}
}

// ip, claimed by n's MAC, was holder's: holder's MAC+IP route for it goes, and its
// proxy binding.
static void ip_moved(const struct evpn_vni *v, const struct dp_notify *n, const uint8_t holder[6],
	const struct cp_ip *ip)
{
	char a[INET6_ADDRSTRLEN], from[24], to[24];

	evpn_local_mac_ip_del(v, holder, ip, &vt.local);
	evpn_irb_local(v, ip, 0, false);
	evpn_proxy_set(n->bd, NULL, holder, ip, false, false);
	inet_ntop(ip->family, ip->addr, a, sizeof(a));
	cp_mac_str(holder, from, sizeof(from));
	cp_mac_str(n->mac, to, sizeof(to));
	CP_INFO("evpn", "VNI %u: IP %s moved from MAC %s to %s", v->vni, a, from, to);
}

// An IP seen in ARP/ND for a local MAC: a MAC+IP route beside the MAC's, if
// the MAC's own route is out (not while it is frozen or yielded to a remote).
// Taken from the local MAC that held it (not while it is a frozen duplicate).
void evpn_vtep_on_mac_ip(const struct dp_notify *n, uint64_t now_ms)
{
	struct evpn_mac_info info;
	struct cp_ip ip, before[EVPN_LOCAL_MAX_IPS];
	const struct evpn_vni *v;
	uint8_t holder[6];
	uint32_t vni;
	unsigned nb;
	char m[24], a[INET6_ADDRSTRLEN];
	int ret;

	if (!vt.enabled || (vni = bd_vni(n->bd)) == 0 || (v = evpn_vni_find(&vt.inst, vni)) == NULL)
		return;
	if (evpn_mac_get(vt.macs, vni, n->mac, &info) < 0 || !info.local || !info.advertised)
		return;
	cp_ip_of_dp(&n->ip, &ip);
	ret = evpn_ip_owner_claim(vni, n->mac, &ip, now_ms, holder);
	if (ret == EVPN_IP_FROZEN)
		return;
	if (ret == EVPN_IP_MOVED)
		ip_moved(v, n, holder, &ip);
	nb = evpn_local_mac_ips(vni, n->mac, before);
	ret = evpn_local_mac_ip_add(v, n->mac, &ip, info.local_seq, info.local_static, &vt.local);
	if (ret == 1) {
		neigh_local_add(vni, n, &ip, before, nb);
		evpn_irb_local(v, &ip, info.local_seq, true);
	}
	if (ret == 0)
		return;
	cp_mac_str(n->mac, m, sizeof(m));
	inet_ntop(n->ip.family, n->ip.bytes, a, sizeof(a));
	if (ret < 0)
		CP_WARN("evpn", "VNI %u: MAC %s IP %s: no MAC+IP route: %s", vni, m, a,
			strerror(-ret));
	else
		CP_DEBUGF(CP_DEBUG_EVPN_MAC, "VNI %u: MAC %s IP %s advertised (seq %u)", vni, m, a,
			info.local_seq);
}

void evpn_vtep_prefetch(uint32_t label_vni, const uint8_t mac[6])
{
	if (vt.enabled)
		evpn_mac_prefetch(vt.macs, label_vni, mac);
}

void evpn_vtep_tick(uint64_t now_ms)
{
	if (vt.enabled)
		evpn_mac_tick(vt.macs, now_ms);
}

void evpn_vtep_rx(
	const struct evpn_rx_path *rx, bool add, uint64_t now_ms, struct evpn_rx_result *res)
{
	struct evpn_rx_result r;
	char s[EVPN_ROUTE_STRLEN];

	if (res == NULL)
		res = &r;
	memset(res, 0, sizeof(*res));
	if (!vt.enabled) {
		res->ignored = true;
		res->reason = "EVPN is not configured (advertise-all-vni)";
		return;
	}
	if (rx->route->type == EVPN_RT_PREFIX) {
		evpn_prefix_rx(rx, add, &vt.local, res);
		return;
	}
	// A VTEP the underlay does not reach is not installed (FRR: next hop
	// inaccessible); a type 2 stays known, to show, and replaces the route's
	// earlier path.
	struct evpn_rx_path p = *rx;
	const struct dp_ip *to =
		rx->route->type == EVPN_RT_IMET && rx->has_pmsi && rx->pmsi_endpoint.family
			? &rx->pmsi_endpoint
			: &rx->nexthop;
	// The route as text only when it is logged (it cost ~10% of the control
	// thread when a million routes came in with debug off).
	s[0] = '\0';
	if (cp_debugging(CP_DEBUG_EVPN_ROUTE))
		evpn_route_rd_str(s, sizeof(s), rx->route);
	if (add && (rx->route->type == EVPN_RT_MACIP || rx->route->type == EVPN_RT_IMET) &&
		!cp_dp_ip_eq(to, &vt.local) && !evpn_dp_vtep_reachable(to)) {
		char a[INET6_ADDRSTRLEN];
		if (s[0] == '\0')
			evpn_route_rd_str(s, sizeof(s), rx->route);
		p.unreachable = true;
		inet_ntop(to->family ? to->family : AF_INET, to->bytes, a, sizeof(a));
		CP_WARN("evpn", "%s: vtep %s not reachable in the underlay, route not installed", s,
			a);
	}
	evpn_route_rx(&vt.inst, vt.macs, &flood_ops, NULL, &vt.local, &p, add, now_ms, res);
	// Symmetric IRB imports by the L3VNI, whether or not a VNI of ours took the route.
	if (evpn_irb_rx(&p, add, &vt.local) == EVPN_IRB_SYMMETRIC && res->ignored) {
		res->ignored = false;
		res->reason = NULL;
	}
	CP_DEBUGF(CP_DEBUG_EVPN_ROUTE, "%s %s: %s", add ? "received" : "withdrawn", s,
		res->ignored ? res->reason : "imported");
}

unsigned evpn_vtep_clear_dup(uint32_t vni, uint64_t now_ms)
{
	return vt.enabled ? evpn_mac_clear_dup(vt.macs, vni, NULL, now_ms) : 0;
}

const struct evpn_inst *evpn_vtep_inst(void)
{
	return vt.enabled ? &vt.inst : NULL;
}

const struct evpn_mac_table *evpn_vtep_macs(void)
{
	return vt.enabled ? vt.macs : NULL;
}

const struct dp_ip *evpn_vtep_local(void)
{
	return &vt.local;
}
