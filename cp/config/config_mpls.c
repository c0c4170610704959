// SPDX-License-Identifier: BSD-3-Clause
// Section "mpls": the static label table of a P router or PE (FRR's "mpls lsp"), the
// range our service labels come from (FRR's "mpls label dynamic-block") and the
// transport stacks toward remote PEs (SR-MPLS labels, static).
//   mpls
//    label dynamic-block 1000 1999
//    lsp 16003 10.0.12.2 16003
//    lsp 16002 10.0.12.2 implicit-null
//    transport 192.0.2.2 push 16002 nexthop 10.0.12.2 [entropy-label]
//    transport 192.0.2.3 udp
//    node-label 16001
#include "cp/config/config_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define TRANSPORT_USAGE                                                                    \
	"transport PE udp | push LABEL... | implicit-null nexthop ADDRESS [entropy-label]"

static int label_arg(struct cfg_parser *p, const char *what, const char *s, uint32_t *out)
{
	return cfg_parse_u32(p, what, s, CFG_MPLS_LABEL_MIN, CFG_MPLS_LABEL_MAX, out);
}

static int dup_check(struct cfg_parser *p, struct cfg_kset *set, const void *key, size_t len,
	const char *what, const char *tok)
{
	uint32_t line;
	int ret = cfg_kset_add(set, key, len, p->line, &line);

	if (ret < 0)
		return cfg_enomem(p);
	if (ret > 0)
		return cfg_perr(p, "%s %s already configured at line %u", what, tok, line);
	return 0;
}

// "label dynamic-block A B"
static int label_cmd(struct cfg_parser *p, char **args, int n)
{
	struct cfg_mpls *m = &p->cfg->mpls;
	uint32_t lo, hi;

	(void)n;
	if (cfg_expect(p, "label", args[0], "dynamic-block") < 0 ||
		label_arg(p, "label dynamic-block", args[1], &lo) < 0 ||
		label_arg(p, "label dynamic-block", args[2], &hi) < 0)
		return -EINVAL;
	if (hi < lo)
		return cfg_perr(p, "label dynamic-block: %u is below %u", hi, lo);
	m->block_lo = lo;
	m->block_hi = hi;
	m->block_line = p->line;
	return 0;
}

// "lsp IN NEXTHOP OUT|implicit-null"
static int lsp_cmd(struct cfg_parser *p, char **args, int n)
{
	struct cfg_mpls *m = &p->cfg->mpls;
	struct cfg_mpls_lsp l;

	(void)n;
	memset(&l, 0, sizeof(l));
	if (label_arg(p, "lsp", args[0], &l.in_label) < 0 ||
		cfg_parse_unicast(p, "lsp", args[1], &l.nexthop) < 0)
		return -EINVAL;
	l.implicit_null = strcmp(args[2], "implicit-null") == 0;
	if (!l.implicit_null && label_arg(p, "lsp", args[2], &l.out_label) < 0)
		return -EINVAL;
	if (dup_check(p, &p->mpls_lsps, &l.in_label, sizeof(l.in_label), "lsp", args[0]) < 0)
		return -EINVAL;
	struct cfg_mpls_lsp *slot = cfg_push(&m->lsps, &m->n_lsps, sizeof(*slot));
	if (slot == NULL)
		return cfg_enomem(p);
	*slot = l;
	slot->line = p->line;
	return 0;
}

// "node-label L"
static int node_label_cmd(struct cfg_parser *p, char **args, int n)
{
	struct cfg_mpls *m = &p->cfg->mpls;
	struct cfg_mpls_lsp l;

	(void)n;
	memset(&l, 0, sizeof(l));
	l.local = true;
	if (label_arg(p, "node-label", args[0], &l.in_label) < 0)
		return -EINVAL;
	if (dup_check(p, &p->mpls_lsps, &l.in_label, sizeof(l.in_label), "lsp", args[0]) < 0)
		return -EINVAL;
	struct cfg_mpls_lsp *slot = cfg_push(&m->lsps, &m->n_lsps, sizeof(*slot));
	if (slot == NULL)
		return cfg_enomem(p);
	*slot = l;
	slot->line = p->line;
	return 0;
}

static int transport_add(struct cfg_parser *p, const struct cfg_mpls_transport *t,
	const char *tok)
{
	struct cfg_mpls *m = &p->cfg->mpls;
	uint8_t key[CFG_KEY_MAX];

	if (dup_check(p, &p->mpls_transports, key, cfg_ip_key(&t->pe, key), "transport", tok) < 0)
		return -EINVAL;
	struct cfg_mpls_transport *slot = cfg_push(&m->transports, &m->n_transports, sizeof(*slot));
	if (slot == NULL)
		return cfg_enomem(p);
	*slot = *t;
	slot->line = p->line;
	return 0;
}

// "transport PE udp" (MPLS-in-UDP), "transport PE push L1 [L2 ...] nexthop ADDR
// [entropy-label]" or "transport PE push
// implicit-null nexthop ADDR [entropy-label]"
static int transport_cmd(struct cfg_parser *p, char **args, int n)
{
	struct cfg_mpls_transport t;
	int n_labels;

	memset(&t, 0, sizeof(t));
	if (n >= 2 && strcmp(args[1], "udp") == 0) { // MPLS-in-UDP (RFC 7510) to PE
		if (n != 2)
			return cfg_perr(p, "transport: usage: %s", TRANSPORT_USAGE);
		t.udp = true;
		if (cfg_parse_unicast(p, "transport", args[0], &t.pe) < 0)
			return -EINVAL;
		return transport_add(p, &t, args[0]);
	}
	if (n < 5)
		return cfg_perr(p, "transport: usage: %s", TRANSPORT_USAGE);
	if (strcmp(args[n - 1], "entropy-label") == 0) {
		t.entropy_label = true;
		n--;
	}
	n_labels = n - 4;
	if (n_labels < 1)
		return cfg_perr(p, "transport: usage: %s", TRANSPORT_USAGE);
	if (cfg_parse_unicast(p, "transport", args[0], &t.pe) < 0 ||
		cfg_expect(p, "transport", args[1], "push") < 0 ||
		cfg_expect(p, "transport", args[n - 2], "nexthop") < 0 ||
		cfg_parse_unicast(p, "transport", args[n - 1], &t.nexthop) < 0)
		return -EINVAL;
	if (n_labels > CFG_MPLS_MAX_PUSH)
		return cfg_perr(p, "transport: more than %u labels", CFG_MPLS_MAX_PUSH);
	if (n_labels == 1 && strcmp(args[2], "implicit-null") == 0)
		n_labels = 0;
	for (int i = 0; i < n_labels; i++)
		if (label_arg(p, "transport", args[2 + i], &t.labels[i]) < 0)
			return -EINVAL;
	t.n_labels = (uint8_t)n_labels;
	return transport_add(p, &t, args[0]);
}

static int mpls_open(struct cfg_parser *p, char **args)
{
	(void)args;
	if (p->cfg->mpls.line != 0)
		return cfg_perr(p, "mpls: section already given at line %u", p->cfg->mpls.line);
	p->cfg->mpls.line = p->line;
	snprintf(p->ctx, sizeof(p->ctx), "mpls: ");
	return 0;
}

static const struct cfg_keyword mpls_keywords[] = {
	{"label", 3, 3, 1, "label dynamic-block", "label dynamic-block FIRST LAST", label_cmd},
	{"lsp", 3, 3, 0, NULL, "lsp IN-LABEL NEXTHOP OUT-LABEL|implicit-null", lsp_cmd},
	{"node-label", 1, 1, 0, NULL, "node-label LABEL", node_label_cmd},
	{"transport", 2, 4 + CFG_MPLS_MAX_PUSH + 2, 0, NULL, TRANSPORT_USAGE, transport_cmd},
	{NULL, 0, 0, 0, NULL, NULL, NULL},
};

const struct cfg_section cfg_mpls_section = {
	.name = "mpls",
	.n_args = 0,
	.usage = "mpls",
	.open = mpls_open,
	.keywords = mpls_keywords,
};

void cfg_mpls_free(struct evpnd_config *cfg)
{
	free(cfg->mpls.lsps);
	free(cfg->mpls.transports);
	memset(&cfg->mpls, 0, sizeof(cfg->mpls));
}

uint32_t cfg_bd_label(const struct evpnd_config *cfg, const struct cfg_bd *bd)
{
	uint32_t rank = 0;

	if (!bd->mpls || cfg->mpls.block_lo == 0)
		return 0;
	for (size_t i = 0; i < cfg->n_bds && &cfg->bds[i] != bd; i++)
		rank += cfg->bds[i].mpls;
	return cfg->mpls.block_lo + rank <= cfg->mpls.block_hi ? cfg->mpls.block_lo + rank : 0;
}

bool cfg_vrf_mpls(const struct evpnd_config *cfg, int id)
{
	if (id <= 0 || (size_t)id > cfg->n_vrfs)
		return false;
	if (cfg->vrfs[id - 1].mpls)
		return true;
	for (size_t i = 0; i < cfg->n_bds; i++)
		if (cfg->bds[i].mpls && cfg_vrf_id(cfg, cfg->bds[i].vrf) == id)
			return true;
	return false;
}

// After the bridge domains' labels, so that adding a VRF renumbers none of them.
uint32_t cfg_vrf_label(const struct evpnd_config *cfg, int id)
{
	uint32_t label = cfg->mpls.block_lo;

	if (label == 0 || !cfg_vrf_mpls(cfg, id) || cfg->vrfs[id - 1].vni == 0)
		return 0;
	for (size_t i = 0; i < cfg->n_bds; i++)
		label += cfg->bds[i].mpls;
	for (int j = 1; j < id; j++)
		label += cfg->vrfs[j - 1].vni != 0 && cfg_vrf_mpls(cfg, j);
	return label <= cfg->mpls.block_hi ? label : 0;
}

const struct cfg_mpls_transport *cfg_mpls_transport(
	const struct evpnd_config *cfg, const struct cp_ip *pe)
{
	for (size_t i = 0; i < cfg->mpls.n_transports; i++)
		if (cp_ip_eq(&cfg->mpls.transports[i].pe, pe))
			return &cfg->mpls.transports[i];
	return NULL;
}

void cfg_mpls_print(const struct evpnd_config *cfg, FILE *out)
{
	const struct cfg_mpls *m = &cfg->mpls;
	char a[CP_IP_STRLEN], b[CP_IP_STRLEN];

	if (m->line == 0 && m->block_lo == 0 && m->n_lsps == 0 && m->n_transports == 0)
		return;
	fputs("mpls\n", out);
	if (m->block_lo != 0)
		fprintf(out, " label dynamic-block %u %u\n", m->block_lo, m->block_hi);
	for (size_t i = 0; i < m->n_lsps; i++) {
		const struct cfg_mpls_lsp *l = &m->lsps[i];
		if (l->local) {
			fprintf(out, " node-label %u\n", l->in_label);
			continue;
		}
		fprintf(out, " lsp %u %s ", l->in_label, cp_ip_str(&l->nexthop, a, sizeof(a)));
		if (l->implicit_null)
			fputs("implicit-null\n", out);
		else
			fprintf(out, "%u\n", l->out_label);
	}
	for (size_t i = 0; i < m->n_transports; i++) {
		const struct cfg_mpls_transport *t = &m->transports[i];
		if (t->udp) {
			fprintf(out, " transport %s udp\n", cp_ip_str(&t->pe, a, sizeof(a)));
			continue;
		}
		fprintf(out, " transport %s push", cp_ip_str(&t->pe, a, sizeof(a)));
		for (unsigned j = 0; j < t->n_labels; j++)
			fprintf(out, " %u", t->labels[j]);
		fprintf(out, "%s nexthop %s%s\n", t->n_labels == 0 ? " implicit-null" : "",
			cp_ip_str(&t->nexthop, b, sizeof(b)), t->entropy_label ? " entropy-label" : "");
	}
	fputs("!\n", out);
}
