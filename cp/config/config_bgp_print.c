// SPDX-License-Identifier: BSD-3-Clause
// router bgp: effective neighbor settings (peer-group inheritance), whole-config
// checks, printing and freeing. The grammar itself is in config_bgp.c.
#include "cp/config/config_priv.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_KEEPALIVE 60
#define DEFAULT_HOLD 180
#define DEFAULT_CONNECT_RETRY 10

void cfg_bgp_free(struct cfg_bgp *bgp)
{
	free(bgp->nbrs);
	free(bgp->listens);
	free(bgp->networks);
	memset(bgp, 0, sizeof(*bgp));
}

int cfg_bgp_nbr_find(const struct cfg_bgp *bgp, const char *name)
{
	for (size_t i = 0; i < bgp->n_nbrs; i++)
		if (strcmp(bgp->nbrs[i].name, name) == 0)
			return (int)i;
	return -ENOENT;
}

// Copies into *o the fields that g sets and o does not.
static void inherit(struct cfg_bgp_nbr *o, const struct cfg_bgp_nbr *g)
{
	uint32_t take = g->set & ~o->set;

	if (take & CFG_BGP_SET_REMOTE_AS) {
		o->as_kind = g->as_kind;
		o->remote_as = g->remote_as;
	}
	if (take & CFG_BGP_SET_UPDATE_SOURCE) {
		o->update_source = g->update_source;
		memcpy(o->update_source_if, g->update_source_if, sizeof(o->update_source_if));
		memcpy(o->update_source_if_addr, g->update_source_if_addr,
			sizeof(o->update_source_if_addr));
	}
	if (take & CFG_BGP_SET_SHUTDOWN)
		o->shutdown = g->shutdown;
	if (take & CFG_BGP_SET_TIMERS) {
		o->keepalive = g->keepalive;
		o->hold = g->hold;
	}
	if (take & CFG_BGP_SET_CONNECT_RETRY)
		o->connect_retry = g->connect_retry;
	if (take & CFG_BGP_SET_PASSWORD)
		memcpy(o->password, g->password, sizeof(o->password));
	if (take & CFG_BGP_SET_TTL_SECURITY)
		o->ttl_hops = g->ttl_hops;
	for (int af = 0; af < CFG_BGP_AF_N; af++)
		if (o->max_prefix[af] == 0) { // per family: the neighbor's own limits win
			o->max_prefix[af] = g->max_prefix[af];
			o->max_prefix_warn_only[af] = g->max_prefix_warn_only[af];
		}
	for (int af = 0; af < CFG_BGP_AF_N; af++)
		o->rr_client[af] |= g->rr_client[af]; // only ever turned on, per family
	o->ext_nexthop |= (take & CFG_BGP_SET_EXT_NEXTHOP) ? g->ext_nexthop : false;
	o->passive |= (take & CFG_BGP_SET_PASSIVE) ? g->passive : false;
	if (take & CFG_BGP_SET_FIRST_AS)
		o->no_enforce_first_as = g->no_enforce_first_as;
	for (int af = 0; af < CFG_BGP_AF_N; af++)
		if (take & CFG_BGP_SET_AF(af))
			o->af_active[af] = g->af_active[af];
	o->set |= take;
}

void cfg_bgp_nbr_resolve(const struct cfg_bgp *bgp, size_t i, struct cfg_bgp_nbr *out)
{
	*out = bgp->nbrs[i];
	if (out->group >= 0 && (size_t)out->group < bgp->n_nbrs)
		inherit(out, &bgp->nbrs[out->group]);
	if (out->update_source_if[0] != '\0') // a group's (family 0) serves IPv4 ranges
		out->update_source = out->update_source_if_addr[out->addr.family == AF_INET6];
	if (!(out->set & CFG_BGP_SET_TIMERS)) {
		out->keepalive = bgp->timers_set ? bgp->keepalive : DEFAULT_KEEPALIVE;
		out->hold = bgp->timers_set ? bgp->hold : DEFAULT_HOLD;
	}
	if (!(out->set & CFG_BGP_SET_CONNECT_RETRY))
		out->connect_retry = DEFAULT_CONNECT_RETRY;
	if (!(out->set & CFG_BGP_SET_AF(CFG_BGP_AF_IPV4_UNICAST)))
		out->af_active[CFG_BGP_AF_IPV4_UNICAST] = bgp->default_ipv4_unicast;
}

// ---- checks

// The first underlay address of `family` on the port named name, or on the port
// whose kernel-interface is name: what FRR's "update-source IFNAME" means here. An FRR
// VTEP keeps its VTEP address on lo, so "lo" is our vtep-address of that family.
static int if_addr(const struct evpnd_config *cfg, const char *name, int family, struct cp_ip *ip)
{
	const struct cp_ip *vtep = family == AF_INET ? &cfg->vtep4 : &cfg->vtep6;

	if (strcmp(name, "lo") == 0) {
		*ip = *vtep;
		return vtep->family == family ? 0 : -ENOENT;
	}
	for (size_t i = 0; i < cfg->n_addrs; i++) {
		const struct cfg_uaddr *a = &cfg->addrs[i];
		const struct cfg_port *port = &cfg->ports[a->port];
		if (a->prefix.addr.family == family &&
			(strcmp(port->name, name) == 0 || strcmp(port->kernel_if, name) == 0)) {
			*ip = a->prefix.addr;
			return 0;
		}
	}
	return -ENOENT;
}

void cfg_bgp_resolve(struct evpnd_config *cfg)
{
	for (size_t i = 0; i < cfg->bgp.n_nbrs; i++) {
		struct cfg_bgp_nbr *n = &cfg->bgp.nbrs[i];
		if (n->update_source_if[0] == '\0')
			continue;
		if_addr(cfg, n->update_source_if, AF_INET, &n->update_source_if_addr[0]);
		if_addr(cfg, n->update_source_if, AF_INET6, &n->update_source_if_addr[1]);
	}
}

static int check_nbr(
	const struct evpnd_config *cfg, size_t i, const char *file, struct cfg_error *err)
{
	const struct cfg_bgp *bgp = &cfg->bgp;
	struct cfg_bgp_nbr n;
	struct cp_ip ip;

	cfg_bgp_nbr_resolve(bgp, i, &n);
	if (n.update_source_if[0] != '\0' &&
		if_addr(cfg, n.update_source_if, n.is_group ? AF_INET : n.addr.family, &ip) < 0 &&
		(!n.is_group || if_addr(cfg, n.update_source_if, AF_INET6, &ip) < 0))
		return cfg_check_err(err, file, n.line,
			"router bgp: neighbor %s: update-source %s: no port nor kernel-interface "
			"of that name with an %s underlay address, nor lo with a vtep-address "
			"(evpnd resolves the "
			"interface names of its own config only; else give the address)",
			n.name, n.update_source_if,
			cfg_family_str(n.is_group ? AF_INET : n.addr.family));
	if (n.is_group)
		return 0;
	if (n.as_kind == CFG_BGP_AS_UNSET)
		return cfg_check_err(
			err, file, n.line, "router bgp: neighbor %s has no remote-as", n.name);
	if (n.update_source.family != 0 && n.update_source.family != n.addr.family)
		return cfg_check_err(err, file, n.line,
			"router bgp: neighbor %s: update-source is not an %s address", n.name,
			cfg_family_str(n.addr.family));
	return 0;
}

int cfg_bgp_check(const struct evpnd_config *cfg, const char *file, struct cfg_error *err)
{
	const struct cfg_bgp *bgp = &cfg->bgp;
	int ret = 0;

	if (bgp->asn == 0)
		return bgp->n_nbrs ? cfg_check_err(err, file, 0, "router bgp: no AS number") : 0;
	if (bgp->router_id.s_addr == 0 && cfg->vtep4.family != AF_INET)
		ret = cfg_check_err(err, file, bgp->line,
			"router bgp %u: no bgp router-id and no IPv4 "
			"vtep-address",
			bgp->asn);
	for (size_t i = 0; i < bgp->n_nbrs; i++)
		ret |= check_nbr(cfg, i, file, err);
	for (size_t i = 0; i < bgp->n_listens; i++) {
		int g = bgp->listens[i].group;
		if (g < 0 || (size_t)g >= bgp->n_nbrs || !bgp->nbrs[g].is_group)
			ret = cfg_check_err(err, file, bgp->listens[i].line,
				"router bgp: listen range without a peer-group");
		else if (bgp->nbrs[g].as_kind == CFG_BGP_AS_UNSET)
			ret = cfg_check_err(err, file, bgp->listens[i].line,
				"router bgp: peer-group %s (listen range) has no remote-as",
				bgp->nbrs[g].name);
	}
	return ret < 0 ? -EINVAL : 0;
}

// ---- printing

static void print_remote_as(const struct cfg_bgp_nbr *n, FILE *out)
{
	fprintf(out, " neighbor %s remote-as ", n->name);
	if (n->as_kind == CFG_BGP_AS_INTERNAL)
		fputs("internal\n", out);
	else if (n->as_kind == CFG_BGP_AS_EXTERNAL)
		fputs("external\n", out);
	else
		fprintf(out, "%u\n", n->remote_as);
}

static void print_nbr(const struct cfg_bgp *bgp, const struct cfg_bgp_nbr *n, FILE *out)
{
	char ip[CP_IP_STRLEN];
	const char *x = n->name;

	if (n->is_group)
		fprintf(out, " neighbor %s peer-group\n", x);
	if (n->set & CFG_BGP_SET_REMOTE_AS)
		print_remote_as(n, out);
	if (n->group >= 0)
		fprintf(out, " neighbor %s peer-group %s\n", x, bgp->nbrs[n->group].name);
	if (n->description[0] != '\0')
		fprintf(out, " neighbor %s description %s\n", x, n->description);
	if (n->set & CFG_BGP_SET_SHUTDOWN)
		fprintf(out, " neighbor %s shutdown\n", x);
	if (n->set & CFG_BGP_SET_UPDATE_SOURCE)
		fprintf(out, " neighbor %s update-source %s\n", x,
			n->update_source_if[0] ? n->update_source_if
					       : cp_ip_str(&n->update_source, ip, sizeof(ip)));
	if (n->set & CFG_BGP_SET_TIMERS)
		fprintf(out, " neighbor %s timers %u %u\n", x, n->keepalive, n->hold);
	if (n->set & CFG_BGP_SET_CONNECT_RETRY)
		fprintf(out, " neighbor %s timers connect %u\n", x, n->connect_retry);
	if (n->set & CFG_BGP_SET_PASSWORD)
		fprintf(out, " neighbor %s password %s\n", x, n->password);
	if (n->set & CFG_BGP_SET_TTL_SECURITY)
		fprintf(out, " neighbor %s ttl-security hops %u\n", x, n->ttl_hops);
	if (n->max_prefix[CFG_BGP_AF_IPV4_UNICAST] != 0)
		fprintf(out, " neighbor %s maximum-prefix %u%s\n", x,
			n->max_prefix[CFG_BGP_AF_IPV4_UNICAST],
			n->max_prefix_warn_only[CFG_BGP_AF_IPV4_UNICAST] ? " warning-only" : "");
	if (n->rr_client[CFG_BGP_AF_IPV4_UNICAST])
		fprintf(out, " neighbor %s route-reflector-client\n", x);
	if (n->set & CFG_BGP_SET_EXT_NEXTHOP)
		fprintf(out, " neighbor %s capability extended-nexthop\n", x);
	if (n->set & CFG_BGP_SET_PASSIVE)
		fprintf(out, " neighbor %s passive\n", x);
	if (n->set & CFG_BGP_SET_FIRST_AS)
		fprintf(out, " %sneighbor %s enforce-first-as\n",
			n->no_enforce_first_as ? "no " : "", x);
}

static int af_family(int af)
{
	return af == CFG_BGP_AF_IPV4_UNICAST   ? AF_INET
	       : af == CFG_BGP_AF_IPV6_UNICAST ? AF_INET6
					       : 0;
}

// Something to say in the block of af (ipv4 unicast and l2vpn evpn are always printed).
static bool af_used(const struct cfg_bgp *bgp, int af)
{
	for (size_t i = 0; i < bgp->n_networks; i++)
		if (bgp->networks[i].addr.family == af_family(af))
			return true;
	for (size_t i = 0; i < bgp->n_nbrs; i++)
		if ((bgp->nbrs[i].set & CFG_BGP_SET_AF(af)) || bgp->nbrs[i].max_prefix[af] != 0 ||
			bgp->nbrs[i].rr_client[af])
			return true;
	return false;
}

static void print_af(const struct cfg_bgp *bgp, int af, const char *name, FILE *out)
{
	fprintf(out, " address-family %s\n", name);
	for (size_t i = 0; i < bgp->n_networks; i++) {
		char buf[CP_IP_STRLEN + 4];
		if (bgp->networks[i].addr.family == af_family(af))
			fprintf(out, "  network %s\n",
				cfg_prefix_str(&bgp->networks[i], buf, sizeof(buf)));
	}
	for (size_t i = 0; i < bgp->n_nbrs; i++) {
		const struct cfg_bgp_nbr *n = &bgp->nbrs[i];
		if (n->set & CFG_BGP_SET_AF(af))
			fprintf(out, "  %sneighbor %s activate\n", n->af_active[af] ? "" : "no ",
				n->name);
		if (af != CFG_BGP_AF_IPV4_UNICAST && n->max_prefix[af] != 0)
			fprintf(out, "  neighbor %s maximum-prefix %u%s\n", n->name,
				n->max_prefix[af],
				n->max_prefix_warn_only[af] ? " warning-only" : "");
		if (af != CFG_BGP_AF_IPV4_UNICAST && n->rr_client[af])
			fprintf(out, "  neighbor %s route-reflector-client\n", n->name);
	}
	if (af == CFG_BGP_AF_L2VPN_EVPN && bgp->advertise_all_vni)
		fputs("  advertise-all-vni\n", out);
	if (af == CFG_BGP_AF_L2VPN_EVPN && bgp->advertise_default_gw)
		fputs("  advertise-default-gw\n", out);
	if (af == CFG_BGP_AF_L2VPN_EVPN && bgp->evpn_vtep_family)
		fprintf(out, "  vtep-address-family %s\n",
			bgp->evpn_vtep_family == AF_INET6 ? "ipv6" : "ipv4");
	if (af == CFG_BGP_AF_L2VPN_EVPN)
		cfg_evpn_print(bgp, out);
	fputs(" exit-address-family\n", out);
}

void cfg_bgp_print(const struct cfg_bgp *bgp, FILE *out)
{
	char ip[CP_IP_STRLEN + 4];

	if (bgp->asn == 0)
		return;
	fprintf(out, "router bgp %u\n", bgp->asn);
	if (bgp->router_id.s_addr != 0)
		fprintf(out, " bgp router-id %s\n",
			inet_ntop(AF_INET, &bgp->router_id, ip, sizeof(ip)));
	if (bgp->cluster_id.s_addr != 0)
		fprintf(out, " bgp cluster-id %s\n",
			inet_ntop(AF_INET, &bgp->cluster_id, ip, sizeof(ip)));
	if (!bgp->default_ipv4_unicast)
		fputs(" no bgp default ipv4-unicast\n", out);
	if (bgp->graceful_restart)
		fputs(" bgp graceful-restart\n", out);
	if (bgp->gr_restart_time)
		fprintf(out, " bgp graceful-restart restart-time %u\n", bgp->gr_restart_time);
	if (bgp->gr_select_defer_time)
		fprintf(out, " bgp graceful-restart select-defer-time %u\n",
			bgp->gr_select_defer_time);
	if (bgp->timers_set)
		fprintf(out, " timers bgp %u %u\n", bgp->keepalive, bgp->hold);
	for (size_t i = 0; i < bgp->n_nbrs; i++)
		print_nbr(bgp, &bgp->nbrs[i], out);
	for (size_t i = 0; i < bgp->n_listens; i++)
		fprintf(out, " bgp listen range %s peer-group %s\n",
			cfg_prefix_str(&bgp->listens[i].range, ip, sizeof(ip)),
			bgp->nbrs[bgp->listens[i].group].name);
	print_af(bgp, CFG_BGP_AF_IPV4_UNICAST, "ipv4 unicast", out);
	if (af_used(bgp, CFG_BGP_AF_IPV6_UNICAST))
		print_af(bgp, CFG_BGP_AF_IPV6_UNICAST, "ipv6 unicast", out);
	print_af(bgp, CFG_BGP_AF_L2VPN_EVPN, "l2vpn evpn", out);
	fputs("!\n", out);
}
