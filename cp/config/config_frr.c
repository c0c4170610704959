// SPDX-License-Identifier: BSD-3-Clause
// FRR's own lines. Operators paste the frr.conf of the VTEP evpnd replaces: the
// lines FRR writes around and inside "router bgp" are taken here, each one of
// three ways (top-level lines end the section before them: their errors carry
// no section context): applied (hostname, log syslog, neighbor shutdown, ...), accepted
// and ignored with one warning naming the line (what FRR does that evpnd has no
// use for, or always does), or refused with what evpnd does instead (a routing
// policy, BFD, unnumbered neighbors: accepting them would change what the
// network does without saying so).
#include "cp/config/config_priv.h"
#include "cp/cp_log.h"

#include <errno.h>
#include <string.h>
#include <syslog.h>

static int taken(int *ret, int value)
{
	*ret = value;
	return 1;
}

static int ignored(struct cfg_parser *p, int *ret, const char *line, const char *why)
{
	cfg_pwarn(p, "ignored: %s (%s)", line, why);
	return taken(ret, 0);
}

static int log_cmd(struct cfg_parser *p, char **tok, int n)
{
	int level = LOG_INFO;

	if (n >= 2 && strcmp(tok[1], "syslog") == 0) {
		if (n > 3 || (n == 3 && (level = cp_log_level_parse(tok[2])) < 0))
			return cfg_perr_at(p, p->line,
				"log syslog: usage: log syslog [LEVEL] (LEVEL: "
				"emergencies .. informational, debugging)");
		p->cfg->log.syslog = true;
		p->cfg->log.syslog_level = level;
		return 0;
	}
	if (n >= 2 && (strcmp(tok[1], "stdout") == 0 || strcmp(tok[1], "file") == 0)) {
		cfg_pwarn(p,
			"ignored: log %s (evpnd logs to stderr, and to syslog with "
			"'log syslog'; evpnd -v for debug)",
			tok[1]);
		return 0;
	}
	cfg_pwarn(p, "ignored: log %s (evpnd logs to stderr, and to syslog with 'log syslog')",
		n >= 2 ? tok[1] : "");
	return 0;
}

static int hostname_cmd(struct cfg_parser *p, char **tok, int n)
{
	if (n != 2 || strlen(tok[1]) >= sizeof(p->cfg->hostname))
		return cfg_perr_at(p, p->line,
			"hostname: usage: hostname NAME (at most %zu characters)",
			sizeof(p->cfg->hostname) - 1);
	snprintf(p->cfg->hostname, sizeof(p->cfg->hostname), "%s", tok[1]);
	return 0;
}

// "debug bgp updates|neighbor-events|keepalives", "debug evpn mac|route": turned on
// at start (evpnctl turns them off); FRR's other debugs are ignored.
static int debug_cmd(struct cfg_parser *p, char **tok, int n, int *ret)
{
	int d = n == 3 ? cp_debug_parse(tok[1], tok[2]) : -ENOENT;

	if (d < 0)
		return ignored(p, ret, "this debug",
			"evpnd has debug bgp updates|neighbor-events|keepalives, "
			"debug evpn mac|route");
	p->cfg->debug_flags |= 1u << d;
	return taken(ret, 0);
}

static int frr_cmd(struct cfg_parser *p, char **tok, int n, int *ret)
{
	if (n == 3 && strcmp(tok[1], "defaults") == 0 && strcmp(tok[2], "traditional") != 0)
		return ignored(p, ret, "frr defaults",
			"evpnd's defaults are FRR's traditional ones: keepalive 60, hold 180; "
			"give 'timers bgp 3 9' for the datacenter timers");
	return ignored(p, ret,
		n >= 2 && strcmp(tok[1], "defaults") == 0 ? "frr defaults" : "frr version",
		"FRR's own bookkeeping");
}

int cfg_frr_toplevel(struct cfg_parser *p, char **tok, int n, int *ret)
{
	const char *w = tok[0];
	bool no = strcmp(w, "no") == 0 && n >= 2;
	const char *fwd = no ? tok[1] : w;

	if (strcmp(w, "exit") == 0 || strcmp(w, "end") == 0 || strcmp(w, "exit-vrf") == 0)
		return taken(ret, 0); // the end of a block: the next section closes it anyway
	if (strcmp(w, "frr") == 0)
		return frr_cmd(p, tok, n, ret);
	if (strcmp(w, "hostname") == 0)
		return taken(ret, hostname_cmd(p, tok, n));
	if (strcmp(w, "log") == 0)
		return taken(ret, log_cmd(p, tok, n));
	if (strcmp(w, "debug") == 0)
		return debug_cmd(p, tok, n, ret);
	if (no && n == 2 && strcmp(tok[1], "metrics") == 0)
		return taken(ret, cfg_metrics_off(p)); // evpnd's own, at the top level as FRR's
	if (strcmp(w, "service") == 0)
		return ignored(p, ret, "service", "vtysh's own setting");
	if (strcmp(w, "line") == 0) {
		ignored(p, ret, "line vty (and the lines under it)", "evpnctl is the CLI");
		return CFG_FRR_BLOCK;
	}
	if ((strcmp(w, "ip") == 0 || strcmp(w, "ipv6") == 0) && n >= 2 &&
		strcmp(tok[1], "prefix-list") == 0) {
		// A line of its own: no section context in its errors.
		char ctx[sizeof(p->ctx)];
		memcpy(ctx, p->ctx, sizeof(ctx));
		p->ctx[0] = '\0';
		*ret = cfg_prefix_list_cmd(p, tok, n);
		memcpy(p->ctx, ctx, sizeof(ctx));
		return 1;
	}
	if ((strcmp(fwd, "ip") == 0 || strcmp(fwd, "ipv6") == 0) && n == (no ? 3 : 2) &&
		strcmp(tok[n - 1], "forwarding") == 0)
		return ignored(p, ret, "ip/ipv6 forwarding",
			"zebra's kernel setting; evpnd forwards by its own tables");
	if (strcmp(w, "bgp") == 0 && n == 2 && strcmp(tok[1], "no-rib") == 0)
		return ignored(p, ret, "bgp no-rib",
			"bgpd without zebra; evpnd has no kernel RIB "
			"to fill anyway");
	if (strcmp(w, "Building") == 0 || strcmp(w, "Current") == 0)
		return ignored(p, ret, "vtysh's header", "text of show running-config");
	if (strcmp(w, "interface") == 0) {
		*ret = cfg_perr_at(p, p->line,
			"interface blocks are not supported: give underlay addresses "
			"in section underlay ('address PREFIX port NAME'), the host "
			"interfaces as bridge-domain members");
		return CFG_FRR_BLOCK;
	}
	return 0;
}

// ---- router bgp

static int description(struct cfg_parser *p, struct cfg_bgp_nbr *nb, char **args, int n)
{
	size_t len = 0;

	if (n < 3)
		return cfg_perr(
			p, "neighbor %s: usage: neighbor %s description TEXT", args[0], args[0]);
	nb->description[0] = '\0';
	for (int i = 2; i < n; i++) {
		int w = snprintf(nb->description + len, sizeof(nb->description) - len, "%s%s",
			i > 2 ? " " : "", args[i]);
		if (w < 0 || (size_t)w >= sizeof(nb->description) - len)
			return cfg_perr(p, "neighbor %s: description longer than %zu characters",
				args[0], sizeof(nb->description) - 1);
		len += (size_t)w;
	}
	return 0;
}

struct frr_nb_line {
	const char *setting;
	const char *why; // ignored: what evpnd does; refused: NULL and `refused` says it
	const char *refused;
};

static const struct frr_nb_line frr_nb_lines[] = {
	{"ebgp-multihop",
		"evpnd sends with the system's TTL to every neighbor: eBGP is always "
		"multihop (ttl-security hops N limits it)",
		NULL},
	{"send-community", "evpnd always sends standard, extended and large communities", NULL},
	{"soft-reconfiguration",
		"evpnd has no inbound policy to re-run; it asks for a route "
		"refresh when it needs the routes again",
		NULL},
	{"next-hop-self",
		"evpnd keeps an EVPN route's next hop (the VTEP) and sets itself as "
		"next hop of its own unicast routes",
		NULL},
	{"attribute-unchanged", "evpnd passes EVPN next hops and attributes on unchanged", NULL},
	{"route-map", NULL,
		"evpnd has no routing policy: it takes and advertises every route of "
		"the activated families (maximum-prefix bounds what a neighbor sends)"},
	{"prefix-list", NULL,
		"evpnd has no routing policy (maximum-prefix bounds what a "
		"neighbor sends)"},
	{"filter-list", NULL, "evpnd has no routing policy"},
	{"distribute-list", NULL, "evpnd has no routing policy"},
	{"allowas-in", NULL,
		"evpnd drops a route with its own AS in the AS_PATH (RFC 4271); "
		"use iBGP or an AS per site"},
	{"local-as", NULL, "evpnd speaks with the AS of router bgp to every neighbor"},
	{"bfd", NULL,
		"evpnd finds a dead neighbor by its hold timer: lower it with "
		"'neighbor X timers 3 9'"},
	{"interface", NULL, "evpnd needs the neighbor's address: 'neighbor ADDRESS remote-as ...'"},
	{NULL, NULL, NULL},
};

int cfg_frr_neighbor(struct cfg_parser *p, struct cfg_bgp_nbr *nb, char **args, int n, int *ret)
{
	const char *s = args[1];

	if (strcmp(s, "description") == 0)
		return taken(ret, description(p, nb, args, n));
	if (strcmp(s, "shutdown") == 0) {
		if (n != 2)
			return taken(ret, cfg_perr(p, "neighbor %s: usage: neighbor %s shutdown",
						  args[0], args[0]));
		nb->shutdown = true;
		nb->set |= CFG_BGP_SET_SHUTDOWN;
		return taken(ret, 0);
	}
	for (const struct frr_nb_line *l = frr_nb_lines; l->setting != NULL; l++) {
		if (strcmp(s, l->setting) != 0)
			continue;
		if (l->refused != NULL)
			return taken(ret, cfg_perr(p, "neighbor %s %s is not supported: %s",
						  args[0], s, l->refused));
		cfg_pwarn(p, "ignored: neighbor %s %s (%s)", args[0], s, l->why);
		return taken(ret, 0);
	}
	return 0;
}

int cfg_frr_unnumbered(struct cfg_parser *p, char **args, int n)
{
	if (n >= 2 && strcmp(args[1], "interface") == 0)
		return cfg_perr(p, "neighbor %s interface is not supported: %s", args[0],
			"unnumbered BGP needs IPv6 link-local sessions; evpnd needs the "
			"neighbor's address: 'neighbor ADDRESS remote-as ...'");
	return cfg_perr(p,
		"neighbor %s: not an address nor a defined peer-group (define a "
		"group with 'neighbor %s peer-group'; unnumbered neighbors on an "
		"interface are not supported)",
		args[0], args[0]);
}

// "bgp graceful-restart restart-time N | select-defer-time N", FRR's ranges.
static int gr_timer(struct cfg_parser *p, char **args, int n, int *ret)
{
	struct cfg_bgp *b = &p->cfg->bgp;
	uint16_t *v = NULL;
	uint32_t max = 0, x;

	if (n >= 2 && strcmp(args[1], "restart-time") == 0)
		v = &b->gr_restart_time, max = 4095;
	else if (n >= 2 && strcmp(args[1], "select-defer-time") == 0)
		v = &b->gr_select_defer_time, max = 3600;
	if (v == NULL)
		return 0;
	if (n != 3)
		return taken(ret, cfg_perr(p, "usage: bgp graceful-restart %s N (1..%u)", args[1],
					  max));
	if (cfg_parse_u32(p, args[1], args[2], 1, max, &x) < 0)
		return taken(ret, -EINVAL);
	*v = (uint16_t)x;
	return taken(ret, 0);
}

int cfg_frr_bgp(struct cfg_parser *p, char **args, int n, int *ret)
{
	const char *w = args[0];

	if (strcmp(w, "log-neighbor-changes") == 0 && n == 1)
		return taken(ret, 0); // what evpnd always does
	if (strcmp(w, "graceful-restart") == 0 && n == 1) {
		p->cfg->bgp.graceful_restart = true;
		return taken(ret, 0);
	}
	if (strcmp(w, "graceful-restart") == 0 && gr_timer(p, args, n, ret))
		return 1;
	if (strcmp(w, "graceful-restart") == 0)
		return ignored(p, ret, "bgp graceful-restart option",
			"evpnd takes only restart-time and select-defer-time");
	if (strcmp(w, "bestpath") == 0 || strcmp(w, "deterministic-med") == 0 ||
		strcmp(w, "always-compare-med") == 0)
		return ignored(p, ret, "bgp best-path option",
			"evpnd's best-path selection takes no options");
	return 0;
}
