// SPDX-License-Identifier: BSD-3-Clause
// Section "underlay": the VTEP source addresses and the routed network under them.
#include "cp/config/config_priv.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int vtep_address_cmd(struct cfg_parser *p, char **args, int n)
{
	struct evpnd_config *cfg = p->cfg;
	char buf[CP_IP_STRLEN];
	struct cp_ip ip;

	(void)n;
	if (cfg_parse_unicast(p, "vtep-address", args[0], &ip) < 0)
		return -EINVAL;
	// One source address per family: the family of each tunnel picks it.
	struct cp_ip *slot = ip.family == AF_INET ? &cfg->vtep4 : &cfg->vtep6;
	if (slot->family != 0)
		return cfg_perr(p, "vtep-address: an %s vtep-address is already set (%s)",
			cfg_family_str(ip.family), cp_ip_str(slot, buf, sizeof(buf)));
	*slot = ip;
	return 0;
}

// Reports a duplicate of key in set, or remembers it with the current line.
static int once_per_config(struct cfg_parser *p, struct cfg_kset *set, const uint8_t *key,
	size_t len, const char *what, const char *tok)
{
	uint32_t line;
	int ret = cfg_kset_add(set, key, len, p->line, &line);

	if (ret < 0)
		return cfg_enomem(p);
	if (ret > 0)
		return cfg_perr(p, "%s %s already configured at line %u", what, tok, line);
	return 0;
}

static int address_cmd(struct cfg_parser *p, char **args, int n)
{
	struct evpnd_config *cfg = p->cfg;
	uint8_t key[CFG_KEY_MAX];
	struct cfg_uaddr a;

	(void)n;
	if (cfg_parse_prefix(p, args[0], 1, &a.prefix) < 0 ||
		cfg_expect(p, "address", args[1], "port") < 0 ||
		cfg_parse_port(p, args[2], &a.port) < 0)
		return -EINVAL;
	if (!cfg_ip_is_unicast(&a.prefix.addr))
		return cfg_perr(p, "address %s is not a unicast address", args[0]);
	// The uplink belongs to the IP stack, access ports to bridge domains.
	if (p->port_member_bd[a.port] != 0)
		return cfg_perr(p, "address %s: port %s is a member of bridge-domain %u", args[0],
			args[2], p->port_member_bd[a.port]);
	// The same address on two lines (whatever the length) is a conflict.
	if (once_per_config(
		    p, &p->uaddrs, key, cfg_ip_key(&a.prefix.addr, key), "address", args[0]) < 0)
		return -EINVAL;
	struct cfg_uaddr *slot = cfg_push(&cfg->addrs, &cfg->n_addrs, sizeof(*slot));
	if (slot == NULL)
		return cfg_enomem(p);
	*slot = a;
	slot->line = p->line;
	if (p->port_addr_line[a.port] == 0)
		p->port_addr_line[a.port] = p->line;
	return 0;
}

static int route_cmd(struct cfg_parser *p, char **args, int n)
{
	struct evpnd_config *cfg = p->cfg;
	char buf[CP_IP_STRLEN + 4];
	uint8_t key[CFG_KEY_MAX];
	struct cfg_route r;

	(void)n;
	if (cfg_parse_prefix(p, args[0], 0, &r.dst) < 0)
		return -EINVAL;
	// Rejected rather than masked: 10.0.0.1/8 more often hides a typo in the
	// length than it means 10.0.0.0/8.
	if (cfg_prefix_has_host_bits(&r.dst)) {
		struct cfg_prefix net = r.dst;
		cfg_prefix_mask(&net);
		return cfg_perr(p, "route %s: host bits set (did you mean %s?)", args[0],
			cfg_prefix_str(&net, buf, sizeof(buf)));
	}
	if (cfg_expect(p, "route", args[1], "via") < 0 ||
		cfg_parse_unicast(p, "gateway", args[2], &r.via) < 0)
		return -EINVAL;
	if (r.via.family != r.dst.addr.family)
		return cfg_perr(p, "route %s: gateway %s is not an %s address", args[0], args[2],
			cfg_family_str(r.dst.addr.family));
	if (once_per_config(p, &p->routes, key, cfg_prefix_key(&r.dst, key), "route", args[0]) < 0)
		return -EINVAL;
	struct cfg_route *slot = cfg_push(&cfg->routes, &cfg->n_routes, sizeof(*slot));
	if (slot == NULL)
		return cfg_enomem(p);
	*slot = r;
	return 0;
}

static int neighbor_cmd(struct cfg_parser *p, char **args, int n)
{
	struct evpnd_config *cfg = p->cfg;
	uint8_t key[CFG_KEY_MAX];
	struct cfg_neigh nb;

	(void)n;
	if (cfg_parse_unicast(p, "neighbor", args[0], &nb.ip) < 0 ||
		cfg_expect(p, "neighbor", args[1], "mac") < 0 ||
		cfg_parse_mac(p, args[2], nb.mac) < 0 ||
		cfg_expect(p, "neighbor", args[3], "port") < 0 ||
		cfg_parse_port(p, args[4], &nb.port) < 0)
		return -EINVAL;
	if (!cfg_mac_is_unicast(nb.mac))
		return cfg_perr(p, "neighbor %s: mac %s is not a unicast MAC", args[0], args[2]);
	if (once_per_config(p, &p->neighs, key, cfg_ip_key(&nb.ip, key), "neighbor", args[0]) < 0)
		return -EINVAL;
	struct cfg_neigh *slot = cfg_push(&cfg->neighs, &cfg->n_neighs, sizeof(*slot));
	if (slot == NULL)
		return cfg_enomem(p);
	*slot = nb;
	slot->line = p->line;
	return 0;
}

static int kernel_if_cmd(struct cfg_parser *p, char **args, int n)
{
	struct evpnd_config *cfg = p->cfg;
	int port;

	(void)n;
	if (strlen(args[0]) >= sizeof(cfg->ports[0].kernel_if) || !cfg_port_name_valid(args[0]))
		return cfg_perr(p, "kernel-interface: bad interface name '%s' (at most %zu of "
				   "[A-Za-z0-9_.-])", args[0], sizeof(cfg->ports[0].kernel_if) - 1);
	if (cfg_expect(p, "kernel-interface", args[1], "port") < 0 ||
		cfg_parse_port(p, args[2], &port) < 0)
		return -EINVAL;
	if (cfg->ports[port].kernel_if[0] != '\0')
		return cfg_perr(p, "kernel-interface: port %s already has kernel-interface %s",
			args[2], cfg->ports[port].kernel_if);
	for (size_t i = 0; i < cfg->n_ports; i++)
		if (strcmp(cfg->ports[i].kernel_if, args[0]) == 0)
			return cfg_perr(p, "kernel-interface %s is already used by port %s", args[0],
				cfg->ports[i].name);
	snprintf(cfg->ports[port].kernel_if, sizeof(cfg->ports[port].kernel_if), "%s", args[0]);
	cfg->ports[port].kernel_if_line = p->line;
	return 0;
}

static int underlay_open(struct cfg_parser *p, char **args)
{
	(void)args;
	if (p->underlay_line)
		return cfg_perr(p, "section underlay already given at line %u", p->underlay_line);
	p->underlay_line = p->line;
	return 0;
}

static const struct cfg_keyword underlay_keywords[] = {
	{"address", 3, 3, 0, NULL, "address PREFIX port NAME", address_cmd},
	{"kernel-interface", 3, 3, 0, NULL, "kernel-interface NAME port NAME", kernel_if_cmd},
	{"neighbor", 5, 5, 0, NULL, "neighbor IP mac MAC port NAME", neighbor_cmd},
	{"route", 3, 3, 0, NULL, "route PREFIX via IP", route_cmd},
	{"vtep-address", 1, 1, 0, NULL, "vtep-address IP", vtep_address_cmd},
	{NULL, 0, 0, 0, NULL, NULL, NULL},
};

const struct cfg_section cfg_underlay_section = {
	.name = "underlay",
	.n_args = 0,
	.usage = "underlay",
	.open = underlay_open,
	.close = NULL,
	.keywords = underlay_keywords,
};
