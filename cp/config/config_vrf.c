// SPDX-License-Identifier: BSD-3-Clause
// Section "vrf NAME" (FRR's spelling): a routing table of the anycast gateways, its
// L3VNI (kept for symmetric IRB), router MAC and static routes. A bridge domain joins
// one with its own "vrf NAME" line, as an SVI does in FRR; a gateway without one routes
// in the default VRF (id 0), so the one-tenant case needs no vrf section.
#include "cp/config/config_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define VNI_MAX 16777215u

static struct cfg_vrf *cur_vrf(struct cfg_parser *p)
{
	return &p->cfg->vrfs[p->cfg->n_vrfs - 1];
}

int cfg_vrf_id(const struct evpnd_config *cfg, const char *name)
{
	if (name[0] == '\0')
		return 0;
	for (size_t i = 0; i < cfg->n_vrfs; i++)
		if (strcmp(cfg->vrfs[i].name, name) == 0)
			return (int)i + 1;
	return -ENOENT;
}

void cfg_vrf_router_mac(const struct evpnd_config *cfg, int id, uint8_t mac[6])
{
	const struct cp_ip *v = cfg->vtep4.family ? &cfg->vtep4 : &cfg->vtep6;

	if (id > 0 && (size_t)id <= cfg->n_vrfs && cfg->vrfs[id - 1].has_router_mac) {
		memcpy(mac, cfg->vrfs[id - 1].router_mac, 6);
		return;
	}
	mac[0] = 0x02;
	mac[1] = 0x00;
	if (v->family == AF_INET)
		memcpy(mac + 2, &v->v4, 4);
	else if (v->family == AF_INET6)
		memcpy(mac + 2, (const uint8_t *)&v->v6 + 12, 4);
	else
		memset(mac + 2, 0, 4);
}

static int vni_cmd(struct cfg_parser *p, char **args, int n)
{
	struct cfg_vrf *v = cur_vrf(p);
	uint32_t vni;

	(void)n;
	if (cfg_parse_u32(p, "vni", args[0], 1, VNI_MAX, &vni) < 0)
		return -EINVAL;
	for (size_t i = 0; i + 1 < p->cfg->n_vrfs; i++)
		if (p->cfg->vrfs[i].vni == vni)
			return cfg_perr(
				p, "vni %u already used by vrf %s", vni, p->cfg->vrfs[i].name);
	v->vni = vni;
	v->vni_line = p->line;
	return 0;
}

static int router_mac_cmd(struct cfg_parser *p, char **args, int n)
{
	struct cfg_vrf *v = cur_vrf(p);

	(void)n;
	if (cfg_parse_mac(p, args[0], v->router_mac) < 0)
		return -EINVAL;
	if (!cfg_mac_is_unicast(v->router_mac))
		return cfg_perr(p, "router-mac %s is not a unicast MAC", args[0]);
	v->has_router_mac = true;
	return 0;
}

// "encapsulation mpls|vxlan" (vxlan: the default, the L3VNI; mpls: a per-VRF label).
static int vrf_encapsulation_cmd(struct cfg_parser *p, char **args, int n)
{
	struct cfg_vrf *v = cur_vrf(p);

	(void)n;
	if (strcmp(args[0], "mpls") != 0 && strcmp(args[0], "vxlan") != 0)
		return cfg_perr(p, "encapsulation: expected 'mpls' or 'vxlan', not '%s'", args[0]);
	v->mpls = strcmp(args[0], "mpls") == 0;
	v->encap_line = p->line;
	return 0;
}

// The next hop of "ip route P ...": "ADDRESS", "via ADDRESS" or "blackhole".
static int route_target(
	struct cfg_parser *p, const char *cmd, struct cfg_vrf_route *r, char **args, int n)
{
	if (n == 2 && strcmp(args[1], "blackhole") == 0) {
		r->blackhole = true;
		return 0;
	}
	if (n == 3 && strcmp(args[1], "via") == 0)
		args++;
	else if (n != 2)
		return cfg_perr(
			p, "%s %s: expected ADDRESS, 'via ADDRESS' or 'blackhole'", cmd, args[0]);
	if (cfg_parse_unicast(p, "next hop", args[1], &r->via) < 0)
		return -EINVAL;
	if (r->via.family != r->dst.addr.family)
		return cfg_perr(p, "%s %s: next hop %s is not an %s address", cmd, args[0], args[1],
			cfg_family_str(r->dst.addr.family));
	return 0;
}

static int route_add(struct cfg_parser *p, int family, char **args, int n)
{
	const char *cmd = family == AF_INET ? "ip route" : "ipv6 route";
	struct cfg_vrf *v = cur_vrf(p);
	char buf[CP_IP_STRLEN + 4];
	struct cfg_vrf_route r;

	memset(&r, 0, sizeof(r));
	if (n < 3 || strcmp(args[0], "route") != 0)
		return cfg_perr(p, "expected '%s PREFIX ADDRESS|blackhole'", cmd);
	if (cfg_parse_prefix(p, args[1], 0, &r.dst) < 0)
		return -EINVAL;
	if (r.dst.addr.family != family)
		return cfg_perr(
			p, "%s %s is not an %s prefix", cmd, args[1], cfg_family_str(family));
	if (cfg_prefix_has_host_bits(&r.dst)) {
		struct cfg_prefix net = r.dst;
		cfg_prefix_mask(&net);
		return cfg_perr(p, "%s %s: host bits set (did you mean %s?)", cmd, args[1],
			cfg_prefix_str(&net, buf, sizeof(buf)));
	}
	if (route_target(p, cmd, &r, args + 1, n - 1) < 0)
		return -EINVAL;
	for (size_t i = 0; i < v->n_routes; i++)
		if (v->routes[i].dst.len == r.dst.len &&
			cp_ip_eq(&v->routes[i].dst.addr, &r.dst.addr))
			return cfg_perr(p, "%s %s already configured at line %u", cmd, args[1],
				v->routes[i].line);
	struct cfg_vrf_route *slot = cfg_push(&v->routes, &v->n_routes, sizeof(*slot));
	if (slot == NULL)
		return cfg_enomem(p);
	*slot = r;
	slot->line = p->line;
	return 0;
}

static int ip_cmd(struct cfg_parser *p, char **args, int n)
{
	return route_add(p, AF_INET, args, n);
}

static int ipv6_cmd(struct cfg_parser *p, char **args, int n)
{
	return route_add(p, AF_INET6, args, n);
}

static int advertise_cmd(struct cfg_parser *p, char **args, int n)
{
	return cfg_vrf_advertise(p, cur_vrf(p), args, n);
}

static int rd_cmd(struct cfg_parser *p, char **args, int n)
{
	return cfg_vrf_rd(p, cur_vrf(p), args, n);
}

static int rt_cmd(struct cfg_parser *p, char **args, int n)
{
	return cfg_vrf_rt(p, cur_vrf(p), args, n);
}

static int vrf_open(struct cfg_parser *p, char **args)
{
	struct evpnd_config *cfg = p->cfg;
	int id;

	if (!cfg_port_name_valid(args[0]) || strcmp(args[0], "default") == 0)
		return cfg_perr(p,
			"vrf: bad name '%s' (at most %u of [A-Za-z0-9_.-], not 'default')", args[0],
			CFG_NAME_MAX - 1);
	if ((id = cfg_vrf_id(cfg, args[0])) > 0)
		return cfg_perr(
			p, "vrf %s already defined at line %u", args[0], cfg->vrfs[id - 1].line);
	if (cfg->n_vrfs == CFG_MAX_VRFS)
		return cfg_perr(p, "more than %u vrfs", CFG_MAX_VRFS);
	struct cfg_vrf *v = cfg_push(&cfg->vrfs, &cfg->n_vrfs, sizeof(*v));
	if (v == NULL)
		return cfg_enomem(p);
	snprintf(v->name, sizeof(v->name), "%s", args[0]);
	v->line = p->line;
	snprintf(p->title, sizeof(p->title), "vrf %s", v->name);
	snprintf(p->ctx, sizeof(p->ctx), "vrf %s: ", v->name);
	return 0;
}

static const struct cfg_keyword vrf_keywords[] = {
	{"advertise", 2, 4, 0, NULL, "advertise {ipv4|ipv6} unicast", advertise_cmd},
	{"encapsulation", 1, 1, 3, "encapsulation", "encapsulation mpls|vxlan",
		vrf_encapsulation_cmd},
	{"ip", 3, 4, 0, NULL, "ip route PREFIX [via] ADDRESS | ip route PREFIX blackhole", ip_cmd},
	{"ipv6", 3, 4, 0, NULL, "ipv6 route PREFIX [via] ADDRESS | ipv6 route PREFIX blackhole",
		ipv6_cmd},
	{"rd", 1, 1, 0, NULL, "rd {A.B.C.D:N|AS:N}", rd_cmd},
	{"route-target", 2, 2, 0, NULL, "route-target {import|export|both} RT", rt_cmd},
	{"router-mac", 1, 1, 2, "router-mac", "router-mac MAC", router_mac_cmd},
	{"vni", 1, 1, 1, "vni", "vni N", vni_cmd},
	{NULL, 0, 0, 0, NULL, NULL, NULL},
};

const struct cfg_section cfg_vrf_section = {
	.name = "vrf",
	.n_args = 1,
	.usage = "vrf NAME",
	.open = vrf_open,
	.close = NULL,
	.keywords = vrf_keywords,
};

void cfg_vrf_free(struct evpnd_config *cfg)
{
	for (size_t i = 0; i < cfg->n_vrfs; i++)
		free(cfg->vrfs[i].routes);
	free(cfg->vrfs);
	cfg->vrfs = NULL;
	cfg->n_vrfs = 0;
}

// ---- whole-config checks

static bool prefix_holds(const struct cfg_prefix *pf, const struct cp_ip *ip)
{
	struct cfg_prefix a = *pf, b = {.addr = *ip, .len = pf->len};

	if (ip->family != pf->addr.family)
		return false;
	cfg_prefix_mask(&a);
	cfg_prefix_mask(&b);
	return cp_ip_eq(&a.addr, &b.addr);
}

// The bridge domain of VRF `id` whose gateway subnet holds ip, or NULL.
const struct cfg_bd *cfg_vrf_connected(
	const struct evpnd_config *cfg, int id, const struct cp_ip *ip)
{
	for (size_t i = 0; i < cfg->n_bds; i++) {
		const struct cfg_bd *bd = &cfg->bds[i];
		if (cfg_vrf_id(cfg, bd->vrf) != id || !bd->has_gw_mac ||
			bd->n_gw_addrs > CFG_GW_MAX_ADDRS)
			continue;
		for (size_t j = 0; j < bd->n_gw_addrs; j++)
			if (prefix_holds(&bd->gw_addrs[j], ip))
				return bd;
	}
	return NULL;
}

// Two gateway subnets of one VRF on one prefix would be one FIB entry.
static int check_bd_subnets(
	const struct evpnd_config *cfg, size_t i, const char *file, struct cfg_error *err)
{
	const struct cfg_bd *bd = &cfg->bds[i];
	char buf[CP_IP_STRLEN + 4];
	int ret = 0;

	if (bd->n_gw_addrs > CFG_GW_MAX_ADDRS) // config_check says so
		return 0;
	for (size_t j = 0; j < bd->n_gw_addrs; j++) {
		struct cfg_prefix net = bd->gw_addrs[j];
		const struct cfg_bd *other;

		cfg_prefix_mask(&net);
		other = cfg_vrf_connected(cfg, cfg_vrf_id(cfg, bd->vrf), &net.addr);
		if (other != NULL && other != bd && other < bd)
			ret = cfg_check_err(err, file, bd->gw_addr_line,
				"bridge-domain %u: gateway subnet %s is also bridge-domain %u's in "
				"vrf %s",
				bd->id, cfg_prefix_str(&net, buf, sizeof(buf)), other->id,
				bd->vrf[0] ? bd->vrf : "default");
	}
	return ret;
}

static int check_vrf(
	const struct evpnd_config *cfg, int id, const char *file, struct cfg_error *err)
{
	const struct cfg_vrf *v = &cfg->vrfs[id - 1];
	char a[CP_IP_STRLEN], buf[CP_IP_STRLEN + 4];
	int ret = 0;

	for (size_t i = 0; v->vni != 0 && i < cfg->n_bds; i++)
		if (cfg->bds[i].vni == v->vni)
			ret = cfg_check_err(err, file, v->vni_line,
				"vrf %s: vni %u is also bridge-domain %u's", v->name, v->vni,
				cfg->bds[i].id);
	for (size_t i = 0; i < v->n_routes; i++) {
		const struct cfg_vrf_route *r = &v->routes[i];
		const struct cfg_bd *bd = cfg_vrf_connected(cfg, id, &r->dst.addr);

		cfg_prefix_str(&r->dst, buf, sizeof(buf));
		if (bd != NULL)
			for (size_t j = 0; j < bd->n_gw_addrs; j++)
				if (bd->gw_addrs[j].len == r->dst.len)
					ret = cfg_check_err(err, file, r->line,
						"vrf %s: route %s is a gateway subnet of "
						"bridge-domain %u",
						v->name, buf, bd->id);
		if (!r->blackhole && cfg_vrf_connected(cfg, id, &r->via) == NULL)
			ret = cfg_check_err(err, file, r->line,
				"vrf %s: route %s: no gateway subnet of the vrf holds next hop %s",
				v->name, buf, cp_ip_str(&r->via, a, sizeof(a)));
	}
	return ret;
}

int cfg_vrf_check(const struct evpnd_config *cfg, const char *file, struct cfg_error *err)
{
	int ret = 0;

	for (size_t i = 0; i < cfg->n_bds; i++) {
		const struct cfg_bd *bd = &cfg->bds[i];
		if (cfg_vrf_id(cfg, bd->vrf) < 0) {
			ret = cfg_check_err(err, file, bd->vrf_line,
				"bridge-domain %u: vrf %s is not defined", bd->id, bd->vrf);
			continue;
		}
		ret |= check_bd_subnets(cfg, i, file, err);
	}
	for (size_t i = 0; i < cfg->n_vrfs; i++) {
		ret |= check_vrf(cfg, (int)i + 1, file, err);
		ret |= cfg_vrf_evpn_check(cfg, (int)i + 1, file, err);
	}
	return ret < 0 ? -EINVAL : 0;
}

void cfg_vrf_print(const struct evpnd_config *cfg, FILE *out)
{
	char a[CP_IP_STRLEN], buf[CP_IP_STRLEN + 4];

	for (size_t i = 0; i < cfg->n_vrfs; i++) {
		const struct cfg_vrf *v = &cfg->vrfs[i];

		fprintf(out, "vrf %s\n", v->name);
		if (v->vni != 0)
			fprintf(out, " vni %u\n", v->vni);
		if (v->has_router_mac)
			fprintf(out, " router-mac %s\n", cp_mac_str(v->router_mac, a, sizeof(a)));
		if (v->mpls)
			fprintf(out, " encapsulation mpls\n");
		for (size_t j = 0; j < v->n_routes; j++) {
			const struct cfg_vrf_route *r = &v->routes[j];
			fprintf(out, " %s route %s %s\n",
				r->dst.addr.family == AF_INET ? "ip" : "ipv6",
				cfg_prefix_str(&r->dst, buf, sizeof(buf)),
				r->blackhole ? "blackhole" : cp_ip_str(&r->via, a, sizeof(a)));
		}
		cfg_vrf_evpn_print(v, out);
	}
}
