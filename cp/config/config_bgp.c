// SPDX-License-Identifier: BSD-3-Clause
// Section "router bgp ASN": the BGP speaker, in FRR's spelling. Address-family
// blocks ("address-family ipv4 unicast" ... "exit-address-family") are tracked
// by the parser state (p->bgp_af); indentation is cosmetic, as in FRR.
#include "cp/config/config_priv.h"
#include "cp/cp_hash.h"

#include <errno.h>
#include <string.h>

#define TIMER_MAX 65535u

static const char *const af_names[CFG_BGP_AF_N] = {
	[CFG_BGP_AF_IPV4_UNICAST] = "ipv4 unicast",
	[CFG_BGP_AF_IPV6_UNICAST] = "ipv6 unicast",
	[CFG_BGP_AF_L2VPN_EVPN] = "l2vpn evpn",
};

static struct cfg_bgp *bgp(struct cfg_parser *p)
{
	return &p->cfg->bgp;
}

// A hash key for a neighbor: its address, or "G" and a 64-bit hash of the name
// (nbr_lookup compares the names).
static size_t nbr_key(const char *name, const struct cp_ip *ip, uint8_t key[CFG_KEY_MAX])
{
	if (ip != NULL && ip->family != 0)
		return cfg_ip_key(ip, key);
	uint64_t h = cp_hash_bytes(name, strlen(name));
	key[0] = 'G';
	memcpy(key + 1, &h, sizeof(h));
	return 1 + sizeof(h);
}

static int nbr_lookup(struct cfg_parser *p, const char *name, const struct cp_ip *ip)
{
	uint8_t key[CFG_KEY_MAX];
	uint32_t idx;

	if (!cfg_kset_get(&p->bgp_nbrs, key, nbr_key(name, ip, key), &idx))
		return -ENOENT;
	return strcmp(bgp(p)->nbrs[idx].name, name) == 0 || ip != NULL ? (int)idx : -ENOENT;
}

static struct cfg_bgp_nbr *nbr_new(struct cfg_parser *p, const char *name, const struct cp_ip *ip)
{
	struct cfg_bgp *b = bgp(p);
	uint8_t key[CFG_KEY_MAX];
	uint32_t old;
	size_t idx = b->n_nbrs;

	if (cfg_kset_add(&p->bgp_nbrs, key, nbr_key(name, ip, key), (uint32_t)idx, &old) != 0) {
		cfg_enomem(p);
		return NULL;
	}
	struct cfg_bgp_nbr *n = cfg_push(&b->nbrs, &b->n_nbrs, sizeof(*n));
	if (n == NULL) {
		cfg_enomem(p);
		return NULL;
	}
	snprintf(n->name, sizeof(n->name), "%s", name);
	n->is_group = ip == NULL;
	if (ip != NULL)
		n->addr = *ip;
	n->group = -1;
	return n;
}

// ---- neighbor X <setting> (outside address-family)

static int nb_remote_as(struct cfg_parser *p, struct cfg_bgp_nbr *n, char **a)
{
	if (strcmp(a[0], "internal") == 0) {
		n->as_kind = CFG_BGP_AS_INTERNAL;
	} else if (strcmp(a[0], "external") == 0) {
		n->as_kind = CFG_BGP_AS_EXTERNAL;
	} else {
		if (cfg_parse_u32(p, "remote-as", a[0], 1, UINT32_MAX, &n->remote_as) < 0)
			return -EINVAL;
		n->as_kind = CFG_BGP_AS_NUMBER;
	}
	n->set |= CFG_BGP_SET_REMOTE_AS;
	return 0;
}

static int nb_peer_group(struct cfg_parser *p, struct cfg_bgp_nbr *n, char **a)
{
	int g = nbr_lookup(p, a[0], NULL);

	if (n->is_group)
		return cfg_perr(p, "neighbor %s: a peer-group cannot join a peer-group", n->name);
	if (g < 0 || !bgp(p)->nbrs[g].is_group)
		return cfg_perr(p, "neighbor %s: peer-group %s is not defined", n->name, a[0]);
	n->group = g;
	return 0;
}

// An address, or as FRR also takes, an interface: a port or kernel-interface of
// this config, resolved to its underlay address after the check (cfg_bgp_resolve).
static int nb_update_source(struct cfg_parser *p, struct cfg_bgp_nbr *n, char **a)
{
	struct cp_ip ip;

	memset(&n->update_source, 0, sizeof(n->update_source));
	n->update_source_if[0] = '\0';
	if (cp_ip_parse(a[0], &ip) < 0 && cfg_port_name_valid(a[0]) &&
		strlen(a[0]) < sizeof(n->update_source_if))
		snprintf(n->update_source_if, sizeof(n->update_source_if), "%s", a[0]);
	else if (cfg_parse_unicast(p, "update-source", a[0], &n->update_source) < 0)
		return -EINVAL;
	n->set |= CFG_BGP_SET_UPDATE_SOURCE;
	return 0;
}

static int nb_timers(struct cfg_parser *p, struct cfg_bgp_nbr *n, char **a)
{
	uint32_t ka, hold;

	if (strcmp(a[0], "connect") == 0) {
		if (a[1] == NULL || a[2] != NULL)
			return cfg_perr(p, "timers: usage: timers connect SECONDS");
		if (cfg_parse_u32(p, "timers connect", a[1], 1, TIMER_MAX, &ka) < 0)
			return -EINVAL;
		n->connect_retry = (uint16_t)ka;
		n->set |= CFG_BGP_SET_CONNECT_RETRY;
		return 0;
	}
	if (a[1] == NULL || a[2] != NULL)
		return cfg_perr(p, "timers: usage: timers KEEPALIVE HOLDTIME");
	if (cfg_parse_u32(p, "keepalive", a[0], 0, TIMER_MAX, &ka) < 0 ||
		cfg_parse_u32(p, "holdtime", a[1], 0, TIMER_MAX, &hold) < 0)
		return -EINVAL;
	// RFC 4271 4.2: zero, or at least three seconds.
	if (hold != 0 && hold < 3)
		return cfg_perr(p, "timers: holdtime %u must be 0 or at least 3", hold);
	if (hold != 0 && ka > hold / 3 && ka != 0)
		return cfg_perr(p, "timers: keepalive %u is more than a third of holdtime %u", ka,
			hold);
	n->keepalive = (uint16_t)ka;
	n->hold = (uint16_t)hold;
	n->set |= CFG_BGP_SET_TIMERS;
	return 0;
}

static int nb_password(struct cfg_parser *p, struct cfg_bgp_nbr *n, char **a)
{
	if (strlen(a[0]) > CFG_BGP_PASSWORD_MAX)
		return cfg_perr(p, "password: longer than %d characters", CFG_BGP_PASSWORD_MAX);
	snprintf(n->password, sizeof(n->password), "%s", a[0]);
	n->set |= CFG_BGP_SET_PASSWORD;
	return 0;
}

static int nb_ttl_security(struct cfg_parser *p, struct cfg_bgp_nbr *n, char **a)
{
	uint32_t hops;

	// One error for the line: the usage, not also "expected 'hops'".
	if (strcmp(a[0], "hops") != 0 || a[1] == NULL)
		return cfg_perr(p, "ttl-security: usage: ttl-security hops N");
	if (cfg_parse_u32(p, "ttl-security hops", a[1], 1, 254, &hops) < 0)
		return -EINVAL;
	n->ttl_hops = (uint8_t)hops;
	n->set |= CFG_BGP_SET_TTL_SECURITY;
	return 0;
}

// The limit of the open address family, or of ipv4 unicast outside one.
static int nb_max_prefix(struct cfg_parser *p, struct cfg_bgp_nbr *n, char **a)
{
	int af = p->bgp_af >= 0 ? p->bgp_af : CFG_BGP_AF_IPV4_UNICAST;

	if (cfg_parse_u32(p, "maximum-prefix", a[0], 1, UINT32_MAX, &n->max_prefix[af]) < 0)
		return -EINVAL;
	n->max_prefix_warn_only[af] = false;
	if (a[1] != NULL) {
		if (cfg_expect(p, "maximum-prefix", a[1], "warning-only") < 0)
			return -EINVAL;
		n->max_prefix_warn_only[af] = true;
	}
	n->set |= CFG_BGP_SET_MAX_PREFIX;
	return 0;
}

static int nb_first_as(struct cfg_parser *p, struct cfg_bgp_nbr *n, char **a)
{
	(void)p, (void)a;
	n->no_enforce_first_as = false;
	n->set |= CFG_BGP_SET_FIRST_AS;
	return 0;
}

// Per family, as FRR: in the open address family, or ipv4 unicast outside one.
static int nb_rr_client(struct cfg_parser *p, struct cfg_bgp_nbr *n, char **a)
{
	(void)a;
	n->rr_client[p->bgp_af >= 0 ? p->bgp_af : CFG_BGP_AF_IPV4_UNICAST] = true;
	n->set |= CFG_BGP_SET_RR_CLIENT;
	return 0;
}

static int nb_capability(struct cfg_parser *p, struct cfg_bgp_nbr *n, char **a)
{
	if (cfg_expect(p, "capability", a[0], "extended-nexthop") < 0)
		return -EINVAL;
	n->ext_nexthop = true;
	n->set |= CFG_BGP_SET_EXT_NEXTHOP;
	return 0;
}

static int nb_passive(struct cfg_parser *p, struct cfg_bgp_nbr *n, char **a)
{
	(void)p, (void)a;
	n->passive = true;
	n->set |= CFG_BGP_SET_PASSIVE;
	return 0;
}

struct nb_setting {
	const char *name;
	int min_args, max_args;
	const char *usage;
	int (*fn)(struct cfg_parser *p, struct cfg_bgp_nbr *n, char **a);
};

static const struct nb_setting nb_settings[] = {
	{"capability", 1, 1, "capability extended-nexthop", nb_capability},
	{"enforce-first-as", 0, 0, "enforce-first-as", nb_first_as},
	{"maximum-prefix", 1, 2, "maximum-prefix N [warning-only]", nb_max_prefix},
	{"passive", 0, 0, "passive", nb_passive},
	{"password", 1, 1, "password WORD", nb_password},
	{"peer-group", 1, 1, "peer-group NAME", nb_peer_group},
	{"remote-as", 1, 1, "remote-as {ASN|internal|external}", nb_remote_as},
	{"route-reflector-client", 0, 0, "route-reflector-client", nb_rr_client},
	{"timers", 2, 3, "timers KEEPALIVE HOLDTIME | timers connect N", nb_timers},
	{"ttl-security", 2, 2, "ttl-security hops N", nb_ttl_security},
	{"update-source", 1, 1, "update-source {ADDRESS|PORT|KERNEL-INTERFACE}", nb_update_source},
	{NULL, 0, 0, NULL, NULL},
};

// The neighbor a command names; created by "remote-as", "peer-group" (for an
// address: joining one) and "NAME peer-group" (defining one).
static int nbr_for(struct cfg_parser *p, char **args, int n, struct cfg_bgp_nbr **out)
{
	struct cp_ip ip;
	bool is_ip = cp_ip_parse(args[0], &ip) == 0;
	int idx = nbr_lookup(p, args[0], is_ip ? &ip : NULL);
	bool creates = strcmp(args[1], "remote-as") == 0 || strcmp(args[1], "peer-group") == 0;

	if (idx >= 0) {
		*out = &bgp(p)->nbrs[idx];
		if (n == 2 && strcmp(args[1], "peer-group") == 0)
			return cfg_perr(p, "peer-group %s already defined", args[0]);
		return 0;
	}
	if (is_ip && !cfg_ip_is_unicast(&ip))
		return cfg_perr(p, "neighbor %s is not a unicast address", args[0]);
	if (!is_ip && !cfg_port_name_valid(args[0]))
		return cfg_perr(p, "neighbor %s: not an address nor a valid peer-group name", args[0]);
	if (!is_ip && !(n == 2 && strcmp(args[1], "peer-group") == 0))
		return cfg_frr_unnumbered(p, args, n);
	if (!creates || (is_ip && strcmp(args[1], "peer-group") == 0 && n != 3))
		return cfg_perr(p, "neighbor %s is not defined (give 'neighbor %s remote-as' first)",
			args[0], args[0]);
	*out = nbr_new(p, args[0], is_ip ? &ip : NULL);
	if (*out == NULL)
		return -ENOMEM;
	(*out)->line = p->line;
	return 0;
}

static int neighbor_global(struct cfg_parser *p, char **args, int n)
{
	struct cfg_bgp_nbr *nb = NULL;
	const struct nb_setting *s;

	if (nbr_for(p, args, n, &nb) < 0)
		return -EINVAL;
	if (n == 2 && strcmp(args[1], "peer-group") == 0 && nb->is_group)
		return 0; // "neighbor RR peer-group": defined just now
	for (s = nb_settings; s->name != NULL; s++)
		if (strcmp(s->name, args[1]) == 0)
			break;
	int ret;
	if (s->name == NULL && cfg_frr_neighbor(p, nb, args, n, &ret))
		return ret;
	if (s->name == NULL)
		return cfg_perr(p, "neighbor %s: unknown setting '%s'", args[0], args[1]);
	if (n - 2 < s->min_args || n - 2 > s->max_args)
		return cfg_perr(p, "neighbor %s: wrong number of arguments (usage: neighbor %s %s)",
			args[0], args[0], s->usage);
	char *a[4] = {NULL, NULL, NULL, NULL};
	for (int i = 2; i < n; i++)
		a[i - 2] = args[i];
	return s->fn(p, nb, a);
}

// ---- inside address-family

static int neighbor_af(struct cfg_parser *p, char **args, int n, bool on)
{
	struct cp_ip ip;
	bool is_ip = cp_ip_parse(args[0], &ip) == 0;
	int idx = nbr_lookup(p, args[0], is_ip ? &ip : NULL);

	if (idx < 0 && !is_ip)
		return cfg_frr_unnumbered(p, args, n);
	if (idx < 0)
		return cfg_perr(p, "neighbor %s is not defined", args[0]);
	struct cfg_bgp_nbr *nb = &bgp(p)->nbrs[idx];
	if (n == 2 && strcmp(args[1], "activate") == 0) {
		nb->af_active[p->bgp_af] = on;
		nb->set |= CFG_BGP_SET_AF(p->bgp_af);
		return 0;
	}
	if (n == 2 && on && strcmp(args[1], "route-reflector-client") == 0)
		return nb_rr_client(p, nb, NULL);
	// FRR spells it inside the address family: one limit per family.
	if ((n == 3 || n == 4) && on && strcmp(args[1], "maximum-prefix") == 0) {
		char *a[3] = {args[2], n == 4 ? args[3] : NULL, NULL};
		return nb_max_prefix(p, nb, a);
	}
	int ret;
	if (on && cfg_frr_neighbor(p, nb, args, n, &ret))
		return ret;
	return cfg_perr(p, "neighbor %s: unknown setting '%s' in address-family %s", args[0],
		args[1], af_names[p->bgp_af]);
}

static int neighbor_cmd(struct cfg_parser *p, char **args, int n)
{
	if (p->bgp_af >= 0)
		return neighbor_af(p, args, n, true);
	return neighbor_global(p, args, n);
}

// "no neighbor X enforce-first-as": the check is on unless turned off.
static int no_first_as(struct cfg_parser *p, const char *name)
{
	struct cp_ip ip;
	bool is_ip = cp_ip_parse(name, &ip) == 0;
	int idx = nbr_lookup(p, name, is_ip ? &ip : NULL);

	if (idx < 0)
		return cfg_perr(p, "neighbor %s is not defined", name);
	bgp(p)->nbrs[idx].no_enforce_first_as = true;
	bgp(p)->nbrs[idx].set |= CFG_BGP_SET_FIRST_AS;
	return 0;
}

static int no_cmd(struct cfg_parser *p, char **args, int n)
{
	if (p->bgp_af >= 0 && n == 3 && strcmp(args[0], "neighbor") == 0)
		return neighbor_af(p, args + 1, n - 1, false);
	if (p->bgp_af < 0 && n == 3 && strcmp(args[0], "neighbor") == 0 &&
		strcmp(args[2], "enforce-first-as") == 0)
		return no_first_as(p, args[1]);
	if (p->bgp_af < 0 && n == 3 && strcmp(args[0], "bgp") == 0 &&
		strcmp(args[1], "default") == 0 && strcmp(args[2], "ipv4-unicast") == 0) {
		bgp(p)->default_ipv4_unicast = false;
		return 0;
	}
	// FRR's switches off of what evpnd never does: a policy for eBGP routes, a
	// check that a network statement's prefix is in the routing table.
	if (p->bgp_af < 0 && strcmp(args[0], "bgp") == 0 &&
		((n == 2 && strcmp(args[1], "ebgp-requires-policy") == 0) ||
			(n == 3 && strcmp(args[1], "network") == 0 &&
				strcmp(args[2], "import-check") == 0)))
		return 0;
	return cfg_perr(p, "unknown command 'no %s'", args[0]);
}

// ---- bgp ...

static int bgp_listen(struct cfg_parser *p, char **args, int n)
{
	struct cfg_bgp_listen l;
	uint8_t key[CFG_KEY_MAX];
	uint32_t line;
	int ret;

	if (n != 5 || strcmp(args[1], "range") != 0 || strcmp(args[3], "peer-group") != 0)
		return cfg_perr(p, "usage: bgp listen range PREFIX peer-group NAME");
	if (cfg_parse_prefix(p, args[2], 0, &l.range) < 0)
		return -EINVAL;
	cfg_prefix_mask(&l.range);
	l.line = p->line;
	l.group = nbr_lookup(p, args[4], NULL);
	if (l.group < 0 || !bgp(p)->nbrs[l.group].is_group)
		return cfg_perr(p, "bgp listen range: peer-group %s is not defined", args[4]);
	if ((ret = cfg_kset_add(&p->bgp_listens, key, cfg_prefix_key(&l.range, key), p->line,
		     &line)) < 0)
		return cfg_enomem(p);
	if (ret > 0)
		return cfg_perr(p, "bgp listen range %s already given at line %u", args[2], line);
	struct cfg_bgp_listen *slot = cfg_push(&bgp(p)->listens, &bgp(p)->n_listens, sizeof(l));
	if (slot == NULL)
		return cfg_enomem(p);
	*slot = l;
	return 0;
}

static int bgp_id_arg(struct cfg_parser *p, const char *what, char **args, int n,
	struct in_addr *out)
{
	struct cp_ip ip;

	if (n != 2)
		return cfg_perr(p, "usage: bgp %s A.B.C.D", what);
	if (cp_ip_parse(args[1], &ip) < 0 || ip.family != AF_INET || ip.v4.s_addr == 0)
		return cfg_perr(p, "bgp %s: '%s' is not a non-zero IPv4 address", what, args[1]);
	*out = ip.v4;
	return 0;
}

static int bgp_cmd(struct cfg_parser *p, char **args, int n)
{
	if (p->bgp_af >= 0)
		return cfg_perr(p, "bgp %s: not inside address-family", args[0]);
	if (strcmp(args[0], "router-id") == 0)
		return bgp_id_arg(p, "router-id", args, n, &bgp(p)->router_id);
	if (strcmp(args[0], "cluster-id") == 0)
		return bgp_id_arg(p, "cluster-id", args, n, &bgp(p)->cluster_id);
	if (strcmp(args[0], "listen") == 0)
		return bgp_listen(p, args, n);
	if (n == 2 && strcmp(args[0], "default") == 0 && strcmp(args[1], "ipv4-unicast") == 0) {
		bgp(p)->default_ipv4_unicast = true;
		return 0;
	}
	int ret;
	if (cfg_frr_bgp(p, args, n, &ret))
		return ret;
	return cfg_perr(p, "unknown command 'bgp %s'", args[0]);
}

// ---- address-family blocks

static int af_cmd(struct cfg_parser *p, char **args, int n)
{
	(void)n;
	if (p->bgp_af >= 0)
		return cfg_perr(p, "address-family %s is still open (line %u): "
				   "exit-address-family first",
			af_names[p->bgp_af], p->bgp_af_line);
	for (int af = 0; af < CFG_BGP_AF_N; af++) {
		char want[32];
		snprintf(want, sizeof(want), "%s %s", args[0], args[1]);
		if (strcmp(want, af_names[af]) == 0) {
			p->bgp_af = af;
			p->bgp_af_line = p->line;
			return 0;
		}
	}
	return cfg_perr(p, "address-family %s %s is not supported (ipv4 unicast, ipv6 unicast, "
			   "l2vpn evpn)",
		args[0], args[1]);
}

static int exit_af_cmd(struct cfg_parser *p, char **args, int n)
{
	(void)args, (void)n;
	if (p->bgp_af < 0)
		return cfg_perr(p, "exit-address-family outside of an address-family");
	p->bgp_af = -1;
	return 0;
}

static int network_cmd(struct cfg_parser *p, char **args, int n)
{
	struct cfg_prefix pf;
	uint8_t key[CFG_KEY_MAX];
	uint32_t line;
	int ret;

	(void)n;
	bool v6 = p->bgp_af == CFG_BGP_AF_IPV6_UNICAST;
	if (p->bgp_af != CFG_BGP_AF_IPV4_UNICAST && !v6)
		return cfg_perr(p, "network: only inside address-family ipv4 unicast or ipv6 unicast");
	if (cfg_parse_prefix(p, args[0], 0, &pf) < 0)
		return -EINVAL;
	if (pf.addr.family != (v6 ? AF_INET6 : AF_INET))
		return cfg_perr(p, "network %s: not an IPv%c prefix", args[0], v6 ? '6' : '4');
	if (cfg_prefix_has_host_bits(&pf))
		return cfg_perr(p, "network %s: host bits set", args[0]);
	if ((ret = cfg_kset_add(&p->bgp_networks, key, cfg_prefix_key(&pf, key), p->line,
		     &line)) < 0)
		return cfg_enomem(p);
	if (ret > 0)
		return cfg_perr(p, "network %s already given at line %u", args[0], line);
	struct cfg_prefix *slot = cfg_push(&bgp(p)->networks, &bgp(p)->n_networks, sizeof(pf));
	if (slot == NULL)
		return cfg_enomem(p);
	*slot = pf;
	return 0;
}

static int advertise_all_vni_cmd(struct cfg_parser *p, char **args, int n)
{
	(void)args, (void)n;
	if (p->bgp_af != CFG_BGP_AF_L2VPN_EVPN)
		return cfg_perr(p, "advertise-all-vni: only inside address-family l2vpn evpn");
	bgp(p)->advertise_all_vni = true;
	bgp(p)->advertise_all_vni_line = p->line;
	return 0;
}

static int advertise_default_gw_cmd(struct cfg_parser *p, char **args, int n)
{
	(void)args, (void)n;
	if (p->bgp_af != CFG_BGP_AF_L2VPN_EVPN)
		return cfg_perr(p, "advertise-default-gw: only inside address-family l2vpn evpn");
	bgp(p)->advertise_default_gw = true;
	return 0;
}

// "timers bgp KEEPALIVE HOLD": the neighbors' default (their own "timers" win).
static int timers_cmd(struct cfg_parser *p, char **args, int n)
{
	struct cfg_bgp_nbr tmp;

	(void)n;
	if (p->bgp_af >= 0 || strcmp(args[0], "bgp") != 0)
		return cfg_perr(p, "timers: usage: timers bgp KEEPALIVE HOLDTIME (outside "
				   "address-family)");
	memset(&tmp, 0, sizeof(tmp));
	char *a[3] = {args[1], args[2], NULL};
	if (nb_timers(p, &tmp, a) < 0)
		return -EINVAL;
	bgp(p)->timers_set = true;
	bgp(p)->keepalive = tmp.keepalive;
	bgp(p)->hold = tmp.hold;
	return 0;
}

static int bgp_open(struct cfg_parser *p, char **args)
{
	uint32_t asn;

	if (strcmp(args[0], "bgp") != 0)
		return cfg_perr(p, "unknown section 'router %s'", args[0]);
	if (p->bgp_line)
		return cfg_perr(p, "section router bgp already given at line %u", p->bgp_line);
	if (cfg_parse_u32(p, "router bgp", args[1], 1, UINT32_MAX, &asn) < 0)
		return -EINVAL;
	p->bgp_line = p->line;
	p->bgp_af = -1;
	bgp(p)->asn = asn;
	bgp(p)->line = p->line;
	snprintf(p->title, sizeof(p->title), "router bgp %u", asn);
	snprintf(p->ctx, sizeof(p->ctx), "router bgp %u: ", asn);
	return 0;
}

static int bgp_close(struct cfg_parser *p)
{
	if (p->bgp_af >= 0)
		return cfg_perr_at(p, p->bgp_af_line,
			"router bgp: address-family %s is not closed by exit-address-family",
			af_names[p->bgp_af]);
	return 0;
}

void cfg_bgp_parser_free(struct cfg_parser *p)
{
	cfg_kset_free(&p->bgp_nbrs);
	cfg_kset_free(&p->bgp_networks);
	cfg_kset_free(&p->bgp_listens);
}

static const struct cfg_keyword bgp_keywords[] = {
	{"address-family", 2, 2, 0, NULL, "address-family {ipv4 unicast|ipv6 unicast|l2vpn evpn}",
		af_cmd},
	{"advertise-all-vni", 0, 0, 0, NULL, "advertise-all-vni", advertise_all_vni_cmd},
	{"advertise-default-gw", 0, 0, 0, NULL, "advertise-default-gw", advertise_default_gw_cmd},
	{"bgp", 1, 5, 0, NULL, "bgp {router-id|cluster-id|listen range} ...", bgp_cmd},
	{"exit-address-family", 0, 0, 0, NULL, "exit-address-family", exit_af_cmd},
	{"neighbor", 2, CFG_MAX_TOKENS - 1, 0, NULL, "neighbor {ADDRESS|PEER-GROUP} SETTING ...",
		neighbor_cmd},
	{"network", 1, 1, 0, NULL, "network PREFIX", network_cmd},
	{"no", 2, 4, 0, NULL,
		"no {neighbor X activate|neighbor X enforce-first-as|bgp default ipv4-unicast|bgp "
		"ebgp-requires-policy|bgp network import-check}",
		no_cmd},
	{"timers", 3, 3, 0, NULL, "timers bgp KEEPALIVE HOLDTIME", timers_cmd},
	{NULL, 0, 0, 0, NULL, NULL, NULL},
};

const struct cfg_section cfg_bgp_section = {
	.name = "router",
	.n_args = 2,
	.usage = "router bgp ASN [vrf NAME]",
	.open = bgp_open,
	.close = bgp_close,
	.keywords = bgp_keywords,
};
