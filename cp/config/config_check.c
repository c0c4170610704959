// SPDX-License-Identifier: BSD-3-Clause
// Whole-config checks. The parser already rejects most mistakes line by line with
// their line number; this pass covers what needs the whole file (a bridge domain
// without a VNI, a tunnel family without a vtep-address), everything start-up
// would refuse (so that evpnd -n refuses it first, config_limits.c), and
// re-validates configs built in memory (evpnctl), which never went through the
// parser. Every problem is listed, not only the first; each names the line of
// the item when the config came from a file.
#include "cp/config/config_priv.h"
#include "cp/cp_addr.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

#define BD_ID_MAX 4094u
#define VNI_MAX 16777215u

struct check {
	const struct evpnd_config *cfg;
	const char *file; // NULL for a config built in memory
	struct cfg_error *err;
	bool port_has_addr[CFG_MAX_PORTS];
	uint8_t bd_seen[BD_ID_MAX + 1];
	struct cfg_kset vnis;	 // vni -> bd id
	struct cfg_kset members; // (port, vlan) -> bd id
	struct cfg_kset bd_keys; // MACs and flood-vteps of one bd
};

// "FILE:LINE: reason", "FILE: reason" or "reason" into msg.
static void format_check(
	char *msg, size_t size, const char *file, unsigned line, const char *fmt, va_list ap)
{
	int n = 0;

	if (file != NULL && line != 0)
		n = snprintf(msg, size, "%s:%u: ", file, line);
	else if (file != NULL)
		n = snprintf(msg, size, "%s: ", file);
	if (n >= 0 && (size_t)n < size)
		vsnprintf(msg + n, size - (size_t)n, fmt, ap);
}

int cfg_check_vaddf(
	struct cfg_error *err, const char *file, unsigned line, const char *fmt, va_list ap)
{
	char msg[sizeof(err->msg)];

	format_check(msg, sizeof(msg), file, line, fmt, ap);
	return cfg_error_add(err, "%s", msg);
}

int cfg_check_err(struct cfg_error *err, const char *file, unsigned line, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = cfg_check_vaddf(err, file, line, fmt, ap);
	va_end(ap);
	return ret;
}

void cfg_check_warn(struct cfg_error *err, const char *file, unsigned line, const char *fmt, ...)
{
	char msg[sizeof(err->msg)];
	size_t len = strlen(err->warnings);
	va_list ap;

	va_start(ap, fmt);
	format_check(msg, sizeof(msg), file, line, fmt, ap);
	va_end(ap);
	snprintf(err->warnings + len, sizeof(err->warnings) - len, "%s\n", msg);
	err->n_warnings++;
}

// An error about the item given at `line` (0: unknown, a config built in memory).
static int lerr(struct check *c, unsigned line, const char *fmt, ...) CFG_PRINTF(3, 4);
static int lerr(struct check *c, unsigned line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cfg_check_vaddf(c->err, c->file, line, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

#define cerr(c, ...) lerr(c, 0, __VA_ARGS__)

static bool port_ok(const struct check *c, int port)
{
	return port >= 0 && (size_t)port < c->cfg->n_ports;
}

static int check_lcores(struct check *c)
{
	const struct evpnd_config *cfg = c->cfg;

	if (cfg->main_lcore > CFG_LCORE_ID_MAX)
		return cerr(c, "main-lcore %u is out of range (0..%u)", cfg->main_lcore,
			CFG_LCORE_ID_MAX);
	if (cfg->n_workers == 0 || cfg->n_workers > CFG_MAX_LCORES)
		return cerr(c, "worker-lcores: need 1..%d lcores", CFG_MAX_LCORES);
	for (size_t i = 0; i < cfg->n_workers; i++) {
		uint32_t id = cfg->worker_lcores[i];
		if (id > CFG_LCORE_ID_MAX)
			return cerr(c, "worker-lcores: lcore %u is out of range", id);
		if (id == cfg->main_lcore)
			return cerr(c, "main-lcore %u is also in worker-lcores", id);
		for (size_t j = 0; j < i; j++)
			if (cfg->worker_lcores[j] == id)
				return cerr(c, "worker-lcores: lcore %u listed twice", id);
	}
	return 0;
}

static int check_ports(struct check *c)
{
	const struct evpnd_config *cfg = c->cfg;

	if (cfg->n_ports > CFG_MAX_PORTS)
		return cerr(c, "more than %d ports", CFG_MAX_PORTS);
	for (size_t i = 0; i < cfg->n_ports; i++) {
		const struct cfg_port *port = &cfg->ports[i];
		if (!cfg_port_name_valid(port->name))
			return cerr(c, "port %zu: bad name '%.*s'", i, CFG_NAME_MAX, port->name);
		if (port->devargs[0] == '\0' || memchr(port->devargs, 0, CFG_DEVARGS_MAX) == NULL)
			return cerr(c, "port %s: bad devargs", port->name);
		if (cfg_port_index(cfg, port->name) != (int)i)
			return cerr(c, "port %s declared twice", port->name);
	}
	return 0;
}

static int check_prefix(
	struct check *c, const char *what, const struct cfg_prefix *p, uint8_t min_len)
{
	uint8_t max = cfg_ip_maxlen(p->addr.family);

	if (max == 0 || p->len < min_len || p->len > max)
		return cerr(
			c, "%s: bad prefix (family %d, length %u)", what, p->addr.family, p->len);
	return 0;
}

static int check_underlay(struct check *c)
{
	const struct evpnd_config *cfg = c->cfg;
	char buf[CP_IP_STRLEN];

	for (size_t i = 0; i < cfg->n_addrs; i++) {
		if (check_prefix(c, "address", &cfg->addrs[i].prefix, 1) < 0)
			return -EINVAL;
		if (!port_ok(c, cfg->addrs[i].port))
			return cerr(c, "address %s: bad port index %d",
				cp_ip_str(&cfg->addrs[i].prefix.addr, buf, sizeof(buf)),
				cfg->addrs[i].port);
		c->port_has_addr[cfg->addrs[i].port] = true;
	}
	for (size_t i = 0; i < cfg->n_routes; i++) {
		const struct cfg_route *r = &cfg->routes[i];
		if (check_prefix(c, "route", &r->dst, 0) < 0)
			return -EINVAL;
		if (cfg_prefix_has_host_bits(&r->dst) || r->via.family != r->dst.addr.family)
			return cerr(c, "route %s/%u: host bits set or gateway of another family",
				cp_ip_str(&r->dst.addr, buf, sizeof(buf)), r->dst.len);
	}
	int ret = 0;
	for (size_t i = 0; i < cfg->n_neighs; i++) {
		const struct cfg_neigh *nb = &cfg->neighs[i];
		cp_ip_str(&nb->ip, buf, sizeof(buf));
		if (!port_ok(c, nb->port))
			ret = lerr(c, nb->line, "neighbor %s: bad port index %d", buf, nb->port);
		// A static neighbor is an underlay next hop: its port must be routed.
		else if (!c->port_has_addr[nb->port])
			ret = lerr(c, nb->line, "neighbor %s: port %s has no underlay address", buf,
				cfg->ports[nb->port].name);
	}
	for (size_t i = 0; i < cfg->n_ports; i++)
		if (cfg->ports[i].kernel_if[0] != '\0' && !c->port_has_addr[i])
			ret = lerr(c, cfg->ports[i].kernel_if_line,
				"kernel-interface %s: port %s has no underlay address",
				cfg->ports[i].kernel_if, cfg->ports[i].name);
	return ret;
}

// The line of an item of bd, or of the bd when the item has none.
static unsigned at(const struct cfg_bd *bd, unsigned item_line)
{
	return item_line ? item_line : bd->line;
}

// A remote tunnel endpoint needs a local source address of its family.
static int check_vtep(struct check *c, const struct cfg_bd *bd, unsigned line, const char *what,
	const struct cp_ip *ip)
{
	const struct cp_ip *src = ip->family == AF_INET ? &c->cfg->vtep4 : &c->cfg->vtep6;
	char buf[CP_IP_STRLEN];

	cp_ip_str(ip, buf, sizeof(buf));
	if (!cfg_ip_is_unicast(ip))
		return lerr(c, line, "bridge-domain %u: %s %s is not a unicast address", bd->id,
			what, buf);
	if (src->family == 0)
		return lerr(c, line,
			"bridge-domain %u: %s %s needs an %s vtep-address in section underlay",
			bd->id, what, buf, cfg_family_str(ip->family));
	if (cp_ip_eq(ip, src))
		return lerr(c, line, "bridge-domain %u: %s %s is this VTEP's own address", bd->id,
			what, buf);
	return 0;
}

static int check_member(struct check *c, const struct cfg_bd *bd, const struct cfg_member *m)
{
	uint8_t key[CFG_KEY_MAX];
	char what[CFG_NAME_MAX + 16];
	uint32_t other;
	int ret;

	if (!port_ok(c, m->port) || m->vlan > 4094)
		return lerr(c, at(bd, m->line), "bridge-domain %u: bad member (port %d, vlan %u)",
			bd->id, m->port, m->vlan);
	cfg_member_str(c->cfg, m, what, sizeof(what));
	if (c->port_has_addr[m->port])
		return lerr(c, at(bd, m->line),
			"bridge-domain %u: member %s: port %s is an underlay port", bd->id, what,
			c->cfg->ports[m->port].name);
	if ((ret = cfg_kset_add(&c->members, key, cfg_member_key(m, key), bd->id, &other)) < 0)
		return cerr(c, "out of memory");
	if (ret > 0)
		return lerr(c, at(bd, m->line),
			"bridge-domain %u: member %s is already in bridge-domain %u", bd->id, what,
			other);
	return 0;
}

static int check_mac(struct check *c, const struct cfg_bd *bd, const struct cfg_mac *m)
{
	char mac[CP_MAC_STRLEN];
	uint8_t key[CFG_KEY_MAX];
	uint32_t owner;
	int ret;

	cp_mac_str(m->mac, mac, sizeof(mac));
	if ((ret = cfg_kset_add(&c->bd_keys, m->mac, sizeof(m->mac), 0, NULL)) < 0)
		return cerr(c, "out of memory");
	if (ret > 0)
		return lerr(
			c, at(bd, m->line), "bridge-domain %u: mac %s listed twice", bd->id, mac);
	if (m->kind == CFG_MAC_REMOTE)
		return check_vtep(c, bd, at(bd, m->line), "remote-vtep", &m->vtep);
	if (m->kind != CFG_MAC_LOCAL)
		return lerr(
			c, bd->line, "bridge-domain %u: mac %s: bad kind %d", bd->id, mac, m->kind);
	// Members of this bd are in c->members by now (check_bd adds them first).
	cfg_member_key(&m->local, key);
	if (!cfg_kset_get(&c->members, key, CFG_KEY_MAX, &owner) || owner != bd->id)
		return lerr(c, at(bd, m->line),
			"bridge-domain %u: mac %s: port/vlan is not a member", bd->id, mac);
	return 0;
}

static int check_flood(struct check *c, const struct cfg_bd *bd, const struct cp_ip *ip)
{
	uint8_t key[CFG_KEY_MAX];
	char buf[CP_IP_STRLEN];

	// Prefixed so a flood-vtep key never collides with a MAC key in bd_keys.
	cfg_ip_key(ip, key);
	key[CFG_KEY_MAX - 1] = 0xff;
	if (cfg_kset_add(&c->bd_keys, key, CFG_KEY_MAX, 0, NULL) != 0)
		return lerr(c, bd->line,
			"bridge-domain %u: flood-vtep %s listed twice or out of memory", bd->id,
			cp_ip_str(ip, buf, sizeof(buf)));
	return check_vtep(c, bd, bd->line, "flood-vtep", ip);
}

static int check_bd_head(struct check *c, const struct cfg_bd *bd)
{
	uint32_t other;
	int ret;

	if (bd->id < 1 || bd->id > BD_ID_MAX)
		return lerr(
			c, bd->line, "bridge-domain %u is out of range (1..%u)", bd->id, BD_ID_MAX);
	if (c->bd_seen[bd->id]++)
		return lerr(c, bd->line, "bridge-domain %u defined twice", bd->id);
	if (bd->vni == 0)
		return lerr(c, bd->line, "bridge-domain %u has no vni", bd->id);
	if (bd->vni > VNI_MAX)
		return lerr(
			c, bd->line, "bridge-domain %u: vni %u is out of range", bd->id, bd->vni);
	if ((ret = cfg_kset_add(&c->vnis, &bd->vni, sizeof(bd->vni), bd->id, &other)) < 0)
		return cerr(c, "out of memory");
	if (ret > 0)
		return lerr(c, bd->line,
			"bridge-domain %u: vni %u already used by bridge-domain %u", bd->id,
			bd->vni, other);
	if (c->cfg->vtep4.family == 0 && c->cfg->vtep6.family == 0)
		return lerr(c, bd->line, "bridge-domain %u: no vtep-address in section underlay",
			bd->id);
	// The policy is for requests a proxy sees: without suppression none come.
	if (bd->unknown_drop && !bd->arp_suppress && !bd->nd_suppress)
		return lerr(c, bd->line,
			"bridge-domain %u: unknown-unicast-suppression needs arp-suppression or "
			"neigh-suppression",
			bd->id);
	if (bd->n_gw_addrs > 0 && !bd->has_gw_mac)
		return lerr(c, bd->gw_addr_line,
			"bridge-domain %u: gateway-address without gateway-mac", bd->id);
	if (bd->n_gw_addrs > CFG_GW_MAX_ADDRS)
		return lerr(c, bd->line, "bridge-domain %u: more than %u gateway-addresses", bd->id,
			CFG_GW_MAX_ADDRS);
	return 0;
}

// Every item of the bd is checked, each error listed.
static int check_bd(struct check *c, const struct cfg_bd *bd)
{
	int ret = check_bd_head(c, bd);

	if (ret == 0)
		ret = cfg_check_bd_limits(c->err, c->file, bd, c->cfg);
	for (size_t i = 0; i < bd->n_members; i++)
		ret |= check_member(c, bd, &bd->members[i]);
	for (size_t i = 0; i < bd->n_macs; i++)
		ret |= check_mac(c, bd, &bd->macs[i]);
	for (size_t i = 0; i < bd->n_flood_vteps; i++)
		ret |= check_flood(c, bd, &bd->flood_vteps[i]);
	cfg_kset_free(&c->bd_keys);
	return ret < 0 ? -EINVAL : 0;
}

static void check_all(struct check *c)
{
	// Ports and lcores first: the other checks index the ports.
	if (check_lcores(c) < 0 || check_ports(c) < 0)
		return;
	check_underlay(c);
	for (size_t i = 0; i < c->cfg->n_bds; i++)
		check_bd(c, &c->cfg->bds[i]);
	cfg_vrf_check(c->cfg, c->file, c->err);
	cfg_mpls_check(c->cfg, c->file, c->err);
	cfg_policy_check(c->cfg, c->file, c->err);
	cfg_check_limits(c->cfg, c->file, c->err);
	cfg_bgp_check(c->cfg, c->file, c->err);
	cfg_tester_check(c->cfg, c->file, c->err);
}

int config_check_file(const struct evpnd_config *cfg, const char *name, struct cfg_error *err)
{
	struct check c;
	unsigned before = err->n_errors;

	memset(&c, 0, sizeof(c));
	c.cfg = cfg;
	c.file = name;
	c.err = err;
	check_all(&c);
	cfg_kset_free(&c.vnis);
	cfg_kset_free(&c.members);
	cfg_kset_free(&c.bd_keys);
	return err->n_errors > before ? -EINVAL : 0;
}

int config_check(const struct evpnd_config *cfg, struct cfg_error *err)
{
	cfg_error_clear(err);
	return config_check_file(cfg, NULL, err);
}
