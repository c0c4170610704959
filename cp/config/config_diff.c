// SPDX-License-Identifier: BSD-3-Clause
// The difference of two configurations (config_diff.h). What may change at run time
// is compared item by item; everything else is compared in its printed form
// (config_print is complete: parse -> print -> parse is identity), so no setting can
// change unnoticed, with the supported items left out of both prints.
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp/config/config_diff.h"
#include "cp/config/config_priv.h"

static void refuse(struct cfg_diff *d, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void refuse(struct cfg_diff *d, unsigned line, const char *fmt, ...)
{
	va_list ap;
	if (d->refused)
		return; // the first one is named
	d->refused = true;
	d->line = line;
	va_start(ap, fmt);
	vsnprintf(d->reason, sizeof(d->reason), fmt, ap);
	va_end(ap);
}

static int push(struct cfg_diff *d, enum cfg_change_kind kind, bool add, const struct cfg_bd *b,
	size_t bd_idx, size_t idx, unsigned line)
{
	struct cfg_change *c = cfg_push(&d->v, &d->n, sizeof(*c));
	if (c == NULL)
		return -ENOMEM;
	*c = (struct cfg_change){.kind = kind, .add = add, .bd = b->id, .bd_idx = bd_idx,
		.idx = idx, .line = line};
	return 0;
}

// ---- the items that change at run time

static bool member_eq(const struct cfg_member *a, const struct cfg_member *b)
{
	return a->port == b->port && a->vlan == b->vlan;
}

static bool mac_eq(const struct cfg_mac *a, const struct cfg_mac *b)
{
	if (memcmp(a->mac, b->mac, 6) != 0 || a->kind != b->kind)
		return false;
	if (a->kind == CFG_MAC_LOCAL)
		return member_eq(&a->local, &b->local);
	return cp_ip_eq(&a->vtep, &b->vtep) && a->label == b->label;
}

static bool flood_eq(const struct cfg_bd *a, size_t i, const struct cfg_bd *b, size_t j)
{
	uint32_t la = a->flood_labels ? a->flood_labels[i] : 0;
	uint32_t lb = b->flood_labels ? b->flood_labels[j] : 0;
	return cp_ip_eq(&a->flood_vteps[i], &b->flood_vteps[j]) && la == lb;
}

static bool has_member(const struct cfg_bd *b, const struct cfg_member *m)
{
	for (size_t i = 0; i < b->n_members; i++)
		if (member_eq(&b->members[i], m))
			return true;
	return false;
}

static bool has_mac(const struct cfg_bd *b, const struct cfg_mac *m)
{
	for (size_t i = 0; i < b->n_macs; i++)
		if (mac_eq(&b->macs[i], m))
			return true;
	return false;
}

static bool has_flood(const struct cfg_bd *b, const struct cfg_bd *o, size_t j)
{
	for (size_t i = 0; i < b->n_flood_vteps; i++)
		if (flood_eq(b, i, o, j))
			return true;
	return false;
}

// Items of `from` that `to` lacks: removed (from = run) or added (from = next).
static int bd_items(struct cfg_diff *d, const struct cfg_bd *from, size_t from_idx,
	const struct cfg_bd *to, bool add)
{
	int ret = 0;
	// Removals: MACs before the members they sit on; additions: members first.
	if (add)
		for (size_t i = 0; ret == 0 && i < from->n_members; i++)
			if (!has_member(to, &from->members[i]))
				ret = push(d, CFG_CHANGE_MEMBER, add, from, from_idx, i,
					from->members[i].line);
	for (size_t i = 0; ret == 0 && i < from->n_macs; i++)
		if (!has_mac(to, &from->macs[i]))
			ret = push(d, CFG_CHANGE_MAC, add, from, from_idx, i, from->macs[i].line);
	for (size_t i = 0; ret == 0 && i < from->n_flood_vteps; i++)
		if (!has_flood(to, from, i))
			ret = push(d, CFG_CHANGE_FLOOD, add, from, from_idx, i, from->line);
	if (!add)
		for (size_t i = 0; ret == 0 && i < from->n_members; i++)
			if (!has_member(to, &from->members[i]))
				ret = push(d, CFG_CHANGE_MEMBER, add, from, from_idx, i,
					from->members[i].line);
	return ret;
}

static const struct cfg_bd *bd_find(const struct evpnd_config *cfg, uint32_t id, size_t *idx)
{
	for (size_t i = 0; i < cfg->n_bds; i++)
		if (cfg->bds[i].id == id) {
			*idx = i;
			return &cfg->bds[i];
		}
	return NULL;
}

// ---- BGP neighbors (peer-groups change only at start-up)

static bool nbr_in(const struct cfg_bgp *b, const struct cfg_bgp_nbr *n)
{
	if (n->is_group)
		return true;
	for (size_t i = 0; i < b->n_nbrs; i++)
		if (!b->nbrs[i].is_group && cp_ip_eq(&b->nbrs[i].addr, &n->addr))
			return true;
	return false;
}

static int diff_nbrs(const struct evpnd_config *run, const struct evpnd_config *next,
	struct cfg_diff *d)
{
	static const struct cfg_bd none;
	int ret = 0;

	for (size_t i = 0; ret == 0 && i < run->bgp.n_nbrs; i++)
		if (!nbr_in(&next->bgp, &run->bgp.nbrs[i]))
			ret = push(d, CFG_CHANGE_NEIGHBOR, false, &none, 0, i, run->bgp.nbrs[i].line);
	for (size_t i = 0; ret == 0 && i < next->bgp.n_nbrs; i++)
		if (!nbr_in(&run->bgp, &next->bgp.nbrs[i]))
			ret = push(d, CFG_CHANGE_NEIGHBOR, true, &none, 0, i, next->bgp.nbrs[i].line);
	return ret;
}

// c's neighbors without those other lacks, the peer-group indexes renumbered
// (of the neighbors and of the listen ranges). Arrays to free in *nbrs, *listens.
static int strip_nbrs(struct evpnd_config *c, const struct evpnd_config *other,
	struct cfg_bgp_nbr **nbrs, struct cfg_bgp_listen **listens)
{
	const struct cfg_bgp *b = &c->bgp;
	int *map = calloc(b->n_nbrs + 1, sizeof(*map));
	size_t n = 0;

	*nbrs = calloc(b->n_nbrs + 1, sizeof(**nbrs));
	*listens = calloc(b->n_listens + 1, sizeof(**listens));
	if (map == NULL || *nbrs == NULL || *listens == NULL) {
		free(map);
		return -ENOMEM;
	}
	for (size_t i = 0; i < b->n_nbrs; i++) {
		map[i] = (int)n;
		if (nbr_in(&other->bgp, &b->nbrs[i]))
			(*nbrs)[n++] = b->nbrs[i];
	}
	for (size_t i = 0; i < n; i++)
		if ((*nbrs)[i].group >= 0)
			(*nbrs)[i].group = map[(*nbrs)[i].group];
	for (size_t i = 0; i < b->n_listens; i++) {
		(*listens)[i] = b->listens[i];
		if ((*listens)[i].group >= 0)
			(*listens)[i].group = map[(*listens)[i].group];
	}
	c->bgp.nbrs = *nbrs;
	c->bgp.n_nbrs = n;
	c->bgp.listens = *listens;
	free(map);
	return 0;
}

// ---- everything else, in printed form

static bool has_vni(const struct evpnd_config *cfg, uint32_t vni)
{
	for (size_t i = 0; i < cfg->n_bds; i++)
		if (cfg->bds[i].vni == vni)
			return true;
	return false;
}

// cfg printed without what may change at run time: the items of the bridge domains
// both have, the domains only it has (other has not), the "vni N" blocks of its
// domains, the neighbors other has not.
static char *print_without_items(const struct evpnd_config *cfg, const struct evpnd_config *other)
{
	struct evpnd_config c = *cfg; // shallow: only its arrays below are replaced
	struct cfg_bd *bds = calloc(cfg->n_bds + 1, sizeof(*bds));
	struct cfg_evpn_vni *vnis = calloc(cfg->bgp.n_evpn_vnis + 1, sizeof(*vnis));
	struct cfg_bgp_nbr *nbrs = NULL;
	struct cfg_bgp_listen *listens = NULL;
	char *text = NULL;
	size_t len = 0, j;
	FILE *f;

	if (bds == NULL || vnis == NULL || strip_nbrs(&c, other, &nbrs, &listens) < 0)
		goto out;
	c.n_bds = c.bgp.n_evpn_vnis = 0;
	for (size_t i = 0; i < cfg->n_bds; i++) {
		if (bd_find(other, cfg->bds[i].id, &j) == NULL)
			continue;
		bds[c.n_bds] = cfg->bds[i];
		bds[c.n_bds].n_members = bds[c.n_bds].n_macs = bds[c.n_bds].n_flood_vteps = 0;
		c.n_bds++;
	}
	// The blocks of its domains' VNIs are compared by diff_bds.
	for (size_t i = 0; i < cfg->bgp.n_evpn_vnis; i++)
		if (!has_vni(cfg, cfg->bgp.evpn_vnis[i].vni))
			vnis[c.bgp.n_evpn_vnis++] = cfg->bgp.evpn_vnis[i];
	c.bds = bds;
	c.bgp.evpn_vnis = vnis;
	if ((f = open_memstream(&text, &len)) != NULL) {
		config_print(&c, f);
		fclose(f);
	}
out:
	free(bds);
	free(vnis);
	free(nbrs);
	free(listens);
	return text;
}

// The first line where a and b differ, and the section (unindented line) it is in.
static void first_difference(struct cfg_diff *d, const char *a, const char *b)
{
	const char *section = b, *la = a, *lb = b;
	while (*la != '\0' || *lb != '\0') {
		size_t na = strcspn(la, "\n"), nb = strcspn(lb, "\n");
		if (na != nb || memcmp(la, lb, na) != 0) {
			const char *line = *lb != '\0' ? lb : la;
			size_t n = *lb != '\0' ? nb : na, indent = strspn(line, " ");
			refuse(d, 0, "section \"%.*s\": \"%.*s\" changed: restart evpnd",
				(int)strcspn(section, "\n"), section, (int)(n - indent),
				line + indent);
			return;
		}
		la += na + (la[na] != '\0');
		lb += nb + (lb[nb] != '\0');
		if (*lb != ' ' && *lb != '\0')
			section = lb;
	}
}

static int diff_rest(const struct evpnd_config *run, const struct evpnd_config *next,
	struct cfg_diff *d)
{
	char *a = print_without_items(run, next), *b = print_without_items(next, run);
	int ret = a && b ? 0 : -ENOMEM;

	if (ret == 0 && strcmp(a, b) != 0)
		first_difference(d, a, b);
	free(a);
	free(b);
	return ret;
}

// ---- sections with a line to name

static bool port_eq(const struct cfg_port *a, const struct cfg_port *b)
{
	return strcmp(a->name, b->name) == 0 && strcmp(a->devargs, b->devargs) == 0 &&
	       a->rx_queues == b->rx_queues && a->mtu == b->mtu &&
	       strcmp(a->kernel_if, b->kernel_if) == 0;
}

static void diff_ports(const struct evpnd_config *run, const struct evpnd_config *next,
	struct cfg_diff *d)
{
	size_t n = run->n_ports > next->n_ports ? run->n_ports : next->n_ports;
	for (size_t i = 0; i < n; i++) {
		if (i < run->n_ports && i < next->n_ports && port_eq(&run->ports[i], &next->ports[i]))
			continue;
		refuse(d, i < next->n_ports ? next->ports[i].line : 0,
			"dataplane: ports change (port %s): restart evpnd",
			i < next->n_ports ? next->ports[i].name : run->ports[i].name);
		return;
	}
}

static const struct cfg_evpn_vni *vni_block(const struct cfg_bgp *b, uint32_t vni)
{
	for (size_t i = 0; i < b->n_evpn_vnis; i++)
		if (b->evpn_vnis[i].vni == vni)
			return &b->evpn_vnis[i];
	return NULL;
}

// The "vni N" blocks of a domain both configs have: a change of its rd or route
// targets is one (the VNI made again in EVPN); of advertise-default-gw, a restart.
static int diff_vni(const struct evpnd_config *run, const struct evpnd_config *next,
	const struct cfg_bd *nb, size_t nb_idx, struct cfg_diff *d)
{
	static const struct cfg_evpn_vni none;
	const struct cfg_evpn_vni *a = vni_block(&run->bgp, nb->vni), *b = vni_block(&next->bgp, nb->vni);

	a = a ? a : &none;
	b = b ? b : &none;
	if (a->advertise_default_gw != b->advertise_default_gw)
		refuse(d, nb->line, "vni %u: advertise-default-gw changed: restart evpnd", nb->vni);
	if (a->rd_set == b->rd_set && (!a->rd_set || memcmp(a->rd, b->rd, 8) == 0) &&
		a->n_rts == b->n_rts && memcmp(a->rts, b->rts, a->n_rts * sizeof(a->rts[0])) == 0)
		return 0;
	return push(d, CFG_CHANGE_VNI, true, nb, nb_idx, 0, nb->line);
}

// A domain added or removed whole: what a run-time change of it does not cover.
static void bd_whole_ok(struct cfg_diff *d, const struct cfg_bd *b, const char *what)
{
	const char *why = b->mpls		     ? "encapsulation mpls"
			  : b->has_gw_mac || b->n_gw_addrs ? "an anycast gateway"
			  : b->vrf[0] != '\0'		     ? "a vrf"
							     : NULL;
	if (why != NULL)
		refuse(d, b->line, "bridge-domain %u %s: it has %s: restart evpnd", b->id, what,
			why);
}

static int diff_bds(const struct evpnd_config *run, const struct evpnd_config *next,
	struct cfg_diff *d)
{
	size_t j;
	int ret = 0;

	for (size_t i = 0; ret == 0 && i < run->n_bds; i++)
		if (bd_find(next, run->bds[i].id, &j) == NULL) {
			bd_whole_ok(d, &run->bds[i], "removed");
			ret = push(d, CFG_CHANGE_BD, false, &run->bds[i], i, 0, 0);
		}
	for (size_t i = 0; ret == 0 && i < next->n_bds; i++) {
		const struct cfg_bd *nb = &next->bds[i], *rb = bd_find(run, nb->id, &j);
		size_t before = d->n;
		if (rb == NULL) {
			bd_whole_ok(d, nb, "added");
			ret = push(d, CFG_CHANGE_BD, true, nb, i, 0, nb->line);
			continue;
		}
		if ((ret = bd_items(d, rb, j, nb, false)) == 0)
			ret = bd_items(d, nb, i, rb, true);
		if (ret == 0 && rb->vni == nb->vni) { // else refused: the vni line differs
			size_t k = d->n;
			if ((ret = diff_vni(run, next, nb, i, d)) == 0 && d->n > k)
				bd_whole_ok(d, nb, "rd/route-targets changed");
		}
		// An MPLS domain's items hold transport next hops and labels (cp/mpls).
		if (ret == 0 && d->n > before && (nb->mpls || rb->mpls))
			refuse(d, nb->line,
				"bridge-domain %u: encapsulation mpls: members, macs and flood-vteps "
				"change only at start-up: restart evpnd",
				nb->id);
	}
	return ret;
}

int config_diff(const struct evpnd_config *run, const struct evpnd_config *next,
	struct cfg_diff *d)
{
	int ret;

	memset(d, 0, sizeof(*d));
	diff_ports(run, next, d);
	if ((ret = diff_bds(run, next, d)) < 0 || (ret = diff_nbrs(run, next, d)) < 0 ||
		(ret = diff_rest(run, next, d)) < 0) {
		config_diff_free(d);
		return ret;
	}
	if (d->n == 0)
		return 0;
	// Removals (of every bridge domain) before additions, each in file order: a
	// member moved from one domain to another leaves the first before it joins.
	struct cfg_change *sorted = calloc(d->n, sizeof(*sorted));
	if (sorted == NULL) {
		config_diff_free(d);
		return -ENOMEM;
	}
	size_t k = 0;
	for (int add = 0; add <= 1; add++)
		for (size_t i = 0; i < d->n; i++)
			if (d->v[i].add == (bool)add)
				sorted[k++] = d->v[i];
	memcpy(d->v, sorted, d->n * sizeof(*sorted));
	free(sorted);
	return 0;
}

void config_diff_free(struct cfg_diff *d)
{
	free(d->v);
	memset(d, 0, sizeof(*d));
}

void cfg_change_str(const struct evpnd_config *run, const struct evpnd_config *next,
	const struct cfg_change *c, char *buf, size_t len)
{
	const struct evpnd_config *cfg = c->add ? next : run;
	const struct cfg_bd *b = &cfg->bds[c->bd_idx];
	char what[96], x[CP_IP_STRLEN], m[CP_MAC_STRLEN];

	if (c->kind == CFG_CHANGE_NEIGHBOR) {
		snprintf(buf, len, "router bgp: neighbor %s %s",
			cp_ip_str(&cfg->bgp.nbrs[c->idx].addr, x, sizeof(x)),
			c->add ? "added" : "removed");
		return;
	}
	switch (c->kind) {
	case CFG_CHANGE_BD:
		snprintf(buf, len, "bridge-domain %u (vni %u) %s", c->bd, b->vni,
			c->add ? "added" : "removed");
		return;
	case CFG_CHANGE_VNI:
		snprintf(buf, len, "bridge-domain %u: vni %u rd/route-targets changed", c->bd,
			b->vni);
		return;
	case CFG_CHANGE_MEMBER:
		snprintf(what, sizeof(what), "member %s",
			cfg_member_str(cfg, &b->members[c->idx], x, sizeof(x)));
		break;
	case CFG_CHANGE_MAC: {
		const struct cfg_mac *mc = &b->macs[c->idx];
		if (mc->kind == CFG_MAC_LOCAL)
			snprintf(what, sizeof(what), "mac %s port %s", cp_mac_str(mc->mac, m, sizeof(m)),
				cfg_member_str(cfg, &mc->local, x, sizeof(x)));
		else
			snprintf(what, sizeof(what), "mac %s remote-vtep %s",
				cp_mac_str(mc->mac, m, sizeof(m)), cp_ip_str(&mc->vtep, x, sizeof(x)));
		break;
	}
	case CFG_CHANGE_FLOOD:
		snprintf(what, sizeof(what), "flood-vtep %s",
			cp_ip_str(&b->flood_vteps[c->idx], x, sizeof(x)));
		break;
	default:
		snprintf(what, sizeof(what), "?");
	}
	snprintf(buf, len, "bridge-domain %u: %s %s", c->bd, what, c->add ? "added" : "removed");
}
