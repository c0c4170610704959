// SPDX-License-Identifier: BSD-3-Clause
// What a VRF advertises as type-5 routes, filtered as FRR 8.4 filters it ("advertise
// ipv4 unicast route-map NAME"), in FRR's spelling and with FRR's semantics for the
// part evpnd takes:
//
//  ip prefix-list T5 seq 5 permit 10.1.0.0/16 le 24
//  ipv6 prefix-list T5V6 seq 5 deny any
//  route-map T5 permit 10
//   match ip address prefix-list T5
//   match ipv6 address prefix-list T5V6
//
// A prefix list: entries in seq order, the first that holds the prefix decides; none:
// deny. An entry holds a prefix inside its own whose length is its own (no ge/le), or
// in [ge, le] (ge alone: up to the address size; le alone: from its own length). A
// route map: entries in seq order, the first whose match lines all hold the prefix
// decides (permit or deny; no match line holds every prefix); none: deny. A match of
// the other family holds nothing. Nothing else of FRR's policy (set, call, on-match).
#include "cp/config/config_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int plist_usage(struct cfg_parser *p, const char *af)
{
	return cfg_perr_at(p, p->line,
		"%s prefix-list: usage: %s prefix-list NAME [seq N] {permit|deny} {PREFIX [ge N] "
		"[le N]|any}",
		af, af);
}

static struct cfg_plist *plist_get(struct cfg_parser *p, int family, const char *name)
{
	struct evpnd_config *cfg = p->cfg;

	for (size_t i = 0; i < cfg->n_plists; i++)
		if (cfg->plists[i].family == family && strcmp(cfg->plists[i].name, name) == 0)
			return &cfg->plists[i];
	struct cfg_plist *l = cfg_push(&cfg->plists, &cfg->n_plists, sizeof(*l));
	if (l != NULL) {
		l->family = (uint8_t)family;
		snprintf(l->name, sizeof(l->name), "%s", name);
	}
	return l;
}

// "ge N" / "le N" after the prefix.
static int plist_range(struct cfg_parser *p, const char *af, const char *name,
	struct cfg_plist_entry *e, char **tok, int n)
{
	uint8_t max = e->pfx.addr.family == AF_INET ? 32 : 128;
	uint32_t v;

	for (int i = 0; i < n; i += 2) {
		bool ge = strcmp(tok[i], "ge") == 0;
		if ((!ge && strcmp(tok[i], "le") != 0) || i + 1 >= n ||
			cfg_parse_u32(p, tok[i], tok[i + 1], 1, max, &v) < 0)
			return plist_usage(p, af);
		if (ge)
			e->ge = (uint8_t)v;
		else
			e->le = (uint8_t)v;
	}
	if ((e->ge && e->ge <= e->pfx.len) || (e->le && e->le < (e->ge ? e->ge : e->pfx.len)))
		return cfg_perr_at(p, p->line,
			"%s prefix-list %s: ge/le out of range (the prefix length < ge <= le "
			"<= %u)",
			af, name, max);
	return 0;
}

static int plist_entry(struct cfg_parser *p, const char *af, const char *name, int family,
	char **tok, int n, struct cfg_plist_entry *e)
{
	char buf[CP_IP_STRLEN + 4];

	if (n < 2 || (strcmp(tok[0], "permit") != 0 && strcmp(tok[0], "deny") != 0))
		return plist_usage(p, af);
	e->permit = tok[0][0] == 'p';
	if (strcmp(tok[1], "any") == 0) {
		e->any = true;
		return n == 2 ? 0 : plist_usage(p, af);
	}
	if (cfg_parse_prefix(p, tok[1], 0, &e->pfx) < 0)
		return -EINVAL;
	if (e->pfx.addr.family != family)
		return cfg_perr_at(p, p->line, "%s prefix-list: %s is not an %s prefix", af, tok[1],
			cfg_family_str(family));
	if (cfg_prefix_has_host_bits(&e->pfx)) {
		struct cfg_prefix net = e->pfx;
		cfg_prefix_mask(&net);
		return cfg_perr_at(p, p->line,
			"%s prefix-list: %s: host bits set (did you mean %s?)", af, tok[1],
			cfg_prefix_str(&net, buf, sizeof(buf)));
	}
	return plist_range(p, af, name, e, tok + 2, n - 2);
}

static int plist_add(
	struct cfg_parser *p, struct cfg_plist *l, struct cfg_plist_entry *e, const char *af)
{
	size_t at = l->n;

	for (size_t i = 0; i < l->n; i++) {
		if (l->entries[i].seq == e->seq)
			return cfg_perr_at(p, p->line,
				"%s prefix-list %s: seq %u already given at line %u", af, l->name,
				e->seq, l->entries[i].line);
		if (at == l->n && l->entries[i].seq > e->seq)
			at = i;
	}
	if (cfg_push(&l->entries, &l->n, sizeof(*e)) == NULL)
		return cfg_enomem(p);
	memmove(&l->entries[at + 1], &l->entries[at], (l->n - 1 - at) * sizeof(*e));
	l->entries[at] = *e;
	return 0;
}

int cfg_prefix_list_cmd(struct cfg_parser *p, char **tok, int n)
{
	const char *af = tok[0];
	int family = strcmp(af, "ip") == 0 ? AF_INET : AF_INET6;
	struct cfg_plist_entry e = {.line = p->line};
	struct cfg_plist *l;
	int i = 3;
	uint32_t seq;

	if (n < 5)
		return plist_usage(p, af);
	if (!cfg_port_name_valid(tok[2]))
		return cfg_perr_at(p, p->line, "%s prefix-list: bad name '%s'", af, tok[2]);
	if ((l = plist_get(p, family, tok[2])) == NULL)
		return cfg_enomem(p);
	if (strcmp(tok[3], "seq") == 0) {
		if (n < 7 || cfg_parse_u32(p, "seq", tok[4], 1, 4294967294u, &seq) < 0)
			return plist_usage(p, af);
		e.seq = seq;
		i = 5;
	} else {
		e.seq = l->n ? l->entries[l->n - 1].seq + 5 : 5; // FRR's automatic numbers
	}
	if (plist_entry(p, af, tok[2], family, tok + i, n - i, &e) < 0)
		return -EINVAL;
	return plist_add(p, l, &e, af);
}

// ---- route-map NAME {permit|deny} SEQ

static int match_cmd(struct cfg_parser *p, char **args, int n)
{
	struct cfg_rmap *r = &p->cfg->rmaps[p->rmap];
	int f = n == 4 && strcmp(args[1], "address") == 0 && strcmp(args[2], "prefix-list") == 0
			? strcmp(args[0], "ip") == 0	 ? 0
			  : strcmp(args[0], "ipv6") == 0 ? 1
							 : -1
			: -1;

	if (f < 0)
		return cfg_perr(p,
			"match: only 'match ip|ipv6 address prefix-list NAME' (evpnd has "
			"no other policy)");
	if (r->match_line[f])
		return cfg_perr(p, "match %s address prefix-list already given at line %u", args[0],
			r->match_line[f]);
	snprintf(r->plist[f], sizeof(r->plist[f]), "%s", args[3]);
	r->match_line[f] = p->line;
	return 0;
}

static int rmap_open(struct cfg_parser *p, char **args)
{
	struct evpnd_config *cfg = p->cfg;
	uint32_t seq;

	if (!cfg_port_name_valid(args[0]))
		return cfg_perr(p, "route-map: bad name '%s'", args[0]);
	if (strcmp(args[1], "permit") != 0 && strcmp(args[1], "deny") != 0)
		return cfg_perr(
			p, "route-map %s: expected permit or deny, not '%s'", args[0], args[1]);
	if (cfg_parse_u32(p, "route-map sequence", args[2], 1, 65535, &seq) < 0)
		return -EINVAL;
	for (size_t i = 0; i < cfg->n_rmaps; i++)
		if (cfg->rmaps[i].seq == seq && strcmp(cfg->rmaps[i].name, args[0]) == 0)
			return cfg_perr(p, "route-map %s %u already given at line %u", args[0], seq,
				cfg->rmaps[i].line);
	struct cfg_rmap *r = cfg_push(&cfg->rmaps, &cfg->n_rmaps, sizeof(*r));
	if (r == NULL)
		return cfg_enomem(p);
	snprintf(r->name, sizeof(r->name), "%s", args[0]);
	r->permit = args[1][0] == 'p';
	r->seq = seq;
	r->line = p->line;
	p->rmap = cfg->n_rmaps - 1;
	snprintf(p->title, sizeof(p->title), "route-map %s %s %u", r->name, args[1], seq);
	snprintf(p->ctx, sizeof(p->ctx), "route-map %s %u: ", r->name, seq);
	return 0;
}

static const struct cfg_keyword rmap_keywords[] = {
	{"match", 1, 4, 0, NULL, "match {ip|ipv6} address prefix-list NAME", match_cmd},
	{NULL, 0, 0, 0, NULL, NULL, NULL},
};

const struct cfg_section cfg_rmap_section = {
	.name = "route-map",
	.n_args = 3,
	.usage = "route-map NAME {permit|deny} SEQ",
	.open = rmap_open,
	.close = NULL,
	.keywords = rmap_keywords,
};
