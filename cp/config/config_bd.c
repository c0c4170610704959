// SPDX-License-Identifier: BSD-3-Clause
// Section "bridge-domain N": one layer-2 domain, its VNI, access members, static
// MACs and head-end replication list.
#include "cp/config/config_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define BD_ID_MAX 4094u
#define VNI_MAX 16777215u      // 24 bits
#define MAC_AGING_MAX 1000000u // the Linux bridge's limit too

// The section being parsed is always the last bridge domain.
static struct cfg_bd *cur_bd(struct cfg_parser *p)
{
	return &p->cfg->bds[p->cfg->n_bds - 1];
}

static int vni_cmd(struct cfg_parser *p, char **args, int n)
{
	struct cfg_bd *bd = cur_bd(p);
	uint32_t vni, other;
	int ret;

	(void)n;
	if (cfg_parse_u32(p, "vni", args[0], 1, VNI_MAX, &vni) < 0)
		return -EINVAL;
	if ((ret = cfg_kset_add(&p->vnis, &vni, sizeof(vni), bd->id, &other)) < 0)
		return cfg_enomem(p);
	if (ret > 0)
		return cfg_perr(p, "vni %u already used by bridge-domain %u", vni, other);
	bd->vni = vni;
	return 0;
}

static int mac_aging_cmd(struct cfg_parser *p, char **args, int n)
{
	(void)n;
	return cfg_parse_u32(
		p, "mac-aging-time", args[0], 0, MAC_AGING_MAX, &cur_bd(p)->mac_aging_sec);
}

static int learning_cmd(struct cfg_parser *p, char **args, int n)
{
	(void)args;
	(void)n;
	cur_bd(p)->learning = true;
	return 0;
}

static int arp_suppression_cmd(struct cfg_parser *p, char **args, int n)
{
	(void)args;
	(void)n;
	cur_bd(p)->arp_suppress = true;
	return 0;
}

static int neigh_suppression_cmd(struct cfg_parser *p, char **args, int n)
{
	(void)args;
	(void)n;
	cur_bd(p)->nd_suppress = true;
	return 0;
}

static int unknown_suppression_cmd(struct cfg_parser *p, char **args, int n)
{
	(void)args;
	(void)n;
	cur_bd(p)->unknown_drop = true;
	return 0;
}

// "no X" sets X's once slot: "X" and "no X" together are an error, as two "X" are.
static int no_cmd(struct cfg_parser *p, char **args, int n)
{
	static const struct {
		const char *what;
		int once;
	} flags[] = {{"learning", 3}, {"arp-suppression", 4}, {"unknown-unicast-suppression", 5},
		{"neigh-suppression", 6}};
	struct cfg_bd *bd = cur_bd(p);
	bool *to[] = {&bd->learning, &bd->arp_suppress, &bd->unknown_drop, &bd->nd_suppress};

	(void)n;
	for (unsigned i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		if (strcmp(args[0], flags[i].what) != 0)
			continue;
		if (cfg_once(p, flags[i].once, flags[i].what) < 0)
			return -EINVAL;
		*to[i] = false;
		return 0;
	}
	return cfg_perr_at(p, p->line, "unknown command 'no %s' in section %s", args[0], p->title);
}

// "untagged" or "vlan N" (the tail of member and local mac lines).
static int parse_vlan_spec(
	struct cfg_parser *p, const char *cmd, char **args, int n, uint16_t *vlan)
{
	if (n == 1 && strcmp(args[0], "untagged") == 0) {
		*vlan = CFG_VLAN_UNTAGGED;
		return 0;
	}
	if (n == 2 && strcmp(args[0], "vlan") == 0)
		return cfg_parse_vlan(p, args[1], vlan);
	return cfg_perr(p, "%s: expected 'untagged' or 'vlan N' after the port", cmd);
}

static int member_cmd(struct cfg_parser *p, char **args, int n)
{
	struct evpnd_config *cfg = p->cfg;
	struct cfg_bd *bd = cur_bd(p);
	uint8_t key[CFG_KEY_MAX];
	struct cfg_member m;
	char what[CFG_NAME_MAX + 16];
	uint32_t other;
	int ret;

	if (cfg_parse_port(p, args[0], &m.port) < 0 ||
		parse_vlan_spec(p, "member", args + 1, n - 1, &m.vlan) < 0)
		return -EINVAL;
	cfg_member_str(cfg, &m, what, sizeof(what));
	if (p->port_addr_line[m.port] != 0)
		return cfg_perr(p, "member %s: port %s is an underlay port (address at line %u)",
			what, args[0], p->port_addr_line[m.port]);
	// A port+vlan feeds exactly one bridge domain.
	if ((ret = cfg_kset_add(&p->members, key, cfg_member_key(&m, key), bd->id, &other)) < 0)
		return cfg_enomem(p);
	if (ret > 0 && other == bd->id)
		return cfg_perr(p, "member %s listed twice", what);
	if (ret > 0)
		return cfg_perr(p, "member %s is already in bridge-domain %u", what, other);
	struct cfg_member *slot = cfg_push(&bd->members, &bd->n_members, sizeof(*slot));
	if (slot == NULL)
		return cfg_enomem(p);
	*slot = m;
	slot->line = p->line;
	if (p->port_member_bd[m.port] == 0)
		p->port_member_bd[m.port] = bd->id;
	return 0;
}

// "port P [vlan V]" after "mac M": the member must be declared in this bd first.
static int local_mac(struct cfg_parser *p, struct cfg_mac *m, const char *mac, char **args, int n)
{
	uint8_t key[CFG_KEY_MAX];
	char what[CFG_NAME_MAX + 16];
	uint32_t bd_id;

	m->kind = CFG_MAC_LOCAL;
	m->local.vlan = CFG_VLAN_UNTAGGED;
	if (n != 1 && n != 3)
		return cfg_perr(p, "mac %s: expected 'port NAME [vlan N]'", mac);
	if (cfg_parse_port(p, args[0], &m->local.port) < 0)
		return -EINVAL;
	if (n == 3 && (cfg_expect(p, "mac", args[1], "vlan") < 0 ||
			      cfg_parse_vlan(p, args[2], &m->local.vlan) < 0))
		return -EINVAL;
	cfg_member_key(&m->local, key);
	if (!cfg_kset_get(&p->members, key, CFG_KEY_MAX, &bd_id) || bd_id != cur_bd(p)->id)
		return cfg_perr(p, "mac %s: %s is not a member of this bridge domain", mac,
			cfg_member_str(p->cfg, &m->local, what, sizeof(what)));
	return 0;
}

static int mac_target(struct cfg_parser *p, struct cfg_mac *m, char **args, int n)
{
	if (strcmp(args[1], "port") == 0)
		return local_mac(p, m, args[0], args + 2, n - 2);
	if (strcmp(args[1], "remote-vtep") == 0 && (n == 3 || n == 5)) {
		m->kind = CFG_MAC_REMOTE;
		if (n == 5 && (cfg_expect(p, "mac", args[3], "label") < 0 ||
				      cfg_parse_u32(p, "label", args[4], CFG_MPLS_LABEL_MIN,
					      CFG_MPLS_LABEL_MAX, &m->label) < 0))
			return -EINVAL;
		return cfg_parse_unicast(p, "remote-vtep", args[2], &m->vtep);
	}
	return cfg_perr(p, "mac %s: expected 'port NAME [vlan N]' or 'remote-vtep IP [label L]'",
		args[0]);
}

static int mac_cmd(struct cfg_parser *p, char **args, int n)
{
	struct cfg_bd *bd = cur_bd(p);
	struct cfg_mac m;
	uint32_t line;
	int ret;

	memset(&m, 0, sizeof(m));
	if (cfg_parse_mac(p, args[0], m.mac) < 0)
		return -EINVAL;
	if (!cfg_mac_is_unicast(m.mac))
		return cfg_perr(p, "mac %s is not a unicast MAC", args[0]);
	if (mac_target(p, &m, args, n) < 0)
		return -EINVAL;
	// A bridge domain is one MAC space: a MAC has one place, whatever the VLAN.
	if ((ret = cfg_kset_add(&p->bd_macs, m.mac, sizeof(m.mac), p->line, &line)) < 0)
		return cfg_enomem(p);
	if (ret > 0)
		return cfg_perr(p, "mac %s already configured at line %u", args[0], line);
	struct cfg_mac *slot = cfg_push(&bd->macs, &bd->n_macs, sizeof(*slot));
	if (slot == NULL)
		return cfg_enomem(p);
	*slot = m;
	slot->line = p->line;
	return 0;
}

static int flood_vtep_cmd(struct cfg_parser *p, char **args, int n)
{
	struct cfg_bd *bd = cur_bd(p);
	uint8_t key[CFG_KEY_MAX];
	uint32_t label = 0;
	struct cp_ip ip;
	uint32_t line;
	int ret;

	if (cfg_parse_unicast(p, "flood-vtep", args[0], &ip) < 0)
		return -EINVAL;
	if (n == 2 || (n == 3 && (cfg_expect(p, "flood-vtep", args[1], "label") < 0 ||
					 cfg_parse_u32(p, "label", args[2], CFG_MPLS_LABEL_MIN,
						 CFG_MPLS_LABEL_MAX, &label) < 0)))
		return n == 2 ? cfg_perr(p, "flood-vtep: expected 'flood-vtep IP [label L]'")
			      : -EINVAL;
	if ((ret = cfg_kset_add(&p->bd_floods, key, cfg_ip_key(&ip, key), p->line, &line)) < 0)
		return cfg_enomem(p);
	if (ret > 0)
		return cfg_perr(p, "flood-vtep %s already configured at line %u", args[0], line);
	uint32_t *labels = realloc(bd->flood_labels, (bd->n_flood_vteps + 1) * sizeof(*labels));
	if (labels == NULL)
		return cfg_enomem(p);
	bd->flood_labels = labels;
	labels[bd->n_flood_vteps] = label;
	struct cp_ip *slot = cfg_push(&bd->flood_vteps, &bd->n_flood_vteps, sizeof(*slot));
	if (slot == NULL)
		return cfg_enomem(p);
	*slot = ip;
	return 0;
}

// "encapsulation mpls|vxlan" (vxlan: the default, RFC 8365; mpls: RFC 7432).
static int encapsulation_cmd(struct cfg_parser *p, char **args, int n)
{
	struct cfg_bd *bd = cur_bd(p);

	(void)n;
	if (strcmp(args[0], "mpls") != 0 && strcmp(args[0], "vxlan") != 0)
		return cfg_perr(p, "encapsulation: expected 'mpls' or 'vxlan', not '%s'", args[0]);
	bd->mpls = strcmp(args[0], "mpls") == 0;
	bd->encap_line = p->line;
	return 0;
}

static int control_word_cmd(struct cfg_parser *p, char **args, int n)
{
	(void)args;
	(void)n;
	cur_bd(p)->control_word = true;
	cur_bd(p)->cw_line = p->line;
	return 0;
}

// "gateway-mac MAC": the anycast gateway's MAC, the same on every VTEP of the domain.
// It shares the domain's MAC space with the static MACs.
static int gateway_mac_cmd(struct cfg_parser *p, char **args, int n)
{
	struct cfg_bd *bd = cur_bd(p);
	uint32_t line;
	int ret;

	(void)n;
	if (cfg_parse_mac(p, args[0], bd->gw_mac) < 0)
		return -EINVAL;
	if (!cfg_mac_is_unicast(bd->gw_mac))
		return cfg_perr(p, "gateway-mac %s is not a unicast MAC", args[0]);
	if ((ret = cfg_kset_add(&p->bd_macs, bd->gw_mac, 6, p->line, &line)) < 0)
		return cfg_enomem(p);
	if (ret > 0)
		return cfg_perr(
			p, "gateway-mac %s is already a static mac at line %u", args[0], line);
	bd->has_gw_mac = true;
	return 0;
}

// "gateway-address A/LEN": one address of the gateway (IPv4 or IPv6, several). The
// length is the subnet's; the address itself is a host's, so host bits are expected.
static int gateway_address_cmd(struct cfg_parser *p, char **args, int n)
{
	struct cfg_bd *bd = cur_bd(p);
	uint8_t key[CFG_KEY_MAX];
	struct cfg_prefix pf;
	uint32_t line;
	int ret;

	(void)n;
	if (cfg_parse_prefix(p, args[0], 1, &pf) < 0)
		return -EINVAL;
	if (!cfg_ip_is_unicast(&pf.addr))
		return cfg_perr(p, "gateway-address %s is not a unicast address", args[0]);
	if (bd->n_gw_addrs == CFG_GW_MAX_ADDRS)
		return cfg_perr(p, "more than %u gateway-addresses", CFG_GW_MAX_ADDRS);
	// The address alone is the key: 10.1.1.1/24 and 10.1.1.1/25 are one address.
	if ((ret = cfg_kset_add(&p->bd_gw_addrs, key, cfg_ip_key(&pf.addr, key), p->line, &line)) <
		0)
		return cfg_enomem(p);
	if (ret > 0)
		return cfg_perr(p, "gateway-address %s: address already configured at line %u",
			args[0], line);
	struct cfg_prefix *slot = cfg_push(&bd->gw_addrs, &bd->n_gw_addrs, sizeof(*slot));
	if (slot == NULL)
		return cfg_enomem(p);
	*slot = pf;
	if (bd->gw_addr_line == 0)
		bd->gw_addr_line = p->line;
	return 0;
}

// "vrf NAME": the VRF the domain's gateway routes in (defined anywhere in the file).
static int vrf_cmd(struct cfg_parser *p, char **args, int n)
{
	struct cfg_bd *bd = cur_bd(p);

	(void)n;
	if (!cfg_port_name_valid(args[0]))
		return cfg_perr(p, "vrf: bad name '%s'", args[0]);
	if (strcmp(args[0], "default") != 0)
		snprintf(bd->vrf, sizeof(bd->vrf), "%s", args[0]);
	bd->vrf_line = p->line;
	return 0;
}

static int bd_open(struct cfg_parser *p, char **args)
{
	struct evpnd_config *cfg = p->cfg;
	uint32_t id, line;
	int ret;

	if (cfg_parse_u32(p, "bridge-domain", args[0], 1, BD_ID_MAX, &id) < 0)
		return -EINVAL;
	if ((ret = cfg_kset_add(&p->bd_ids, &id, sizeof(id), p->line, &line)) < 0)
		return cfg_enomem(p);
	if (ret > 0)
		return cfg_perr(p, "bridge-domain %u already defined at line %u", id, line);
	struct cfg_bd *bd = cfg_push(&cfg->bds, &cfg->n_bds, sizeof(*bd));
	if (bd == NULL)
		return cfg_enomem(p);
	bd->id = id;
	bd->line = p->line;
	bd->mac_aging_sec = 300;
	bd->learning = true;
	snprintf(p->title, sizeof(p->title), "bridge-domain %u", id);
	snprintf(p->ctx, sizeof(p->ctx), "bridge-domain %u: ", id);
	return 0;
}

// Per-bd duplicate sets are only needed while the section is open.
static int bd_close(struct cfg_parser *p)
{
	cfg_kset_free(&p->bd_macs);
	cfg_kset_free(&p->bd_floods);
	cfg_kset_free(&p->bd_gw_addrs);
	return 0;
}

static const struct cfg_keyword bd_keywords[] = {
	{"arp-suppression", 0, 0, 4, "arp-suppression", "arp-suppression", arp_suppression_cmd},
	{"control-word", 0, 0, 10, "control-word", "control-word", control_word_cmd},
	{"encapsulation", 1, 1, 9, "encapsulation", "encapsulation mpls|vxlan", encapsulation_cmd},
	{"flood-vtep", 1, 3, 0, NULL, "flood-vtep IP [label L]", flood_vtep_cmd},
	{"gateway-address", 1, 1, 0, NULL, "gateway-address ADDRESS/LENGTH", gateway_address_cmd},
	{"gateway-mac", 1, 1, 7, "gateway-mac", "gateway-mac MAC", gateway_mac_cmd},
	{"learning", 0, 0, 3, "learning", "learning", learning_cmd},
	{"mac", 3, 5, 0, NULL, "mac MAC port NAME [vlan N] | mac MAC remote-vtep IP [label L]",
		mac_cmd},
	{"mac-aging-time", 1, 1, 2, "mac-aging-time", "mac-aging-time SECONDS", mac_aging_cmd},
	{"member", 2, 3, 0, NULL, "member NAME untagged | member NAME vlan N", member_cmd},
	{"neigh-suppression", 0, 0, 6, "neigh-suppression", "neigh-suppression",
		neigh_suppression_cmd},
	{"no", 1, 1, 0, NULL,
		"no learning | no arp-suppression | no neigh-suppression | "
		"no unknown-unicast-suppression",
		no_cmd},
	{"unknown-unicast-suppression", 0, 0, 5, "unknown-unicast-suppression",
		"unknown-unicast-suppression", unknown_suppression_cmd},
	{"vni", 1, 1, 1, "vni", "vni N", vni_cmd},
	{"vrf", 1, 1, 8, "vrf", "vrf NAME", vrf_cmd},
	{NULL, 0, 0, 0, NULL, NULL, NULL},
};

const struct cfg_section cfg_bd_section = {
	.name = "bridge-domain",
	.n_args = 1,
	.usage = "bridge-domain ID",
	.open = bd_open,
	.close = bd_close,
	.keywords = bd_keywords,
};
