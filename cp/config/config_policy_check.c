// SPDX-License-Identifier: BSD-3-Clause
// Prefix lists and route maps (config_policy.c): evaluation, whole-config checks,
// printing and freeing.
#include "cp/config/config_priv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const struct cfg_plist *plist_find(
	const struct evpnd_config *cfg, int family, const char *name)
{
	for (size_t i = 0; i < cfg->n_plists; i++)
		if (cfg->plists[i].family == family && strcmp(cfg->plists[i].name, name) == 0)
			return &cfg->plists[i];
	return NULL;
}

static bool entry_holds(const struct cfg_plist_entry *e, const struct cfg_prefix *pf)
{
	struct cfg_prefix a = e->pfx, b = {.addr = pf->addr, .len = e->pfx.len};
	uint8_t max = pf->addr.family == AF_INET ? 32 : 128;

	if (e->any)
		return true;
	if (pf->addr.family != e->pfx.addr.family || pf->len < e->pfx.len)
		return false;
	cfg_prefix_mask(&a);
	cfg_prefix_mask(&b);
	if (!cp_ip_eq(&a.addr, &b.addr))
		return false;
	if (e->ge == 0 && e->le == 0)
		return pf->len == e->pfx.len;
	return pf->len >= (e->ge ? e->ge : e->pfx.len) && pf->len <= (e->le ? e->le : max);
}

static bool plist_permits(const struct cfg_plist *l, const struct cfg_prefix *pf)
{
	for (size_t i = 0; l != NULL && i < l->n; i++)
		if (entry_holds(&l->entries[i], pf))
			return l->entries[i].permit;
	return false;
}

// Every match line of r holds pf (a match of the other family holds nothing).
static bool rmap_matches(
	const struct evpnd_config *cfg, const struct cfg_rmap *r, const struct cfg_prefix *pf)
{
	for (int f = 0; f < 2; f++) {
		if (r->match_line[f] == 0)
			continue;
		int family = f ? AF_INET6 : AF_INET;
		if (pf->addr.family != family ||
			!plist_permits(plist_find(cfg, family, r->plist[f]), pf))
			return false;
	}
	return true;
}

bool cfg_route_map_permits(
	const struct evpnd_config *cfg, const char *name, const struct cfg_prefix *pf)
{
	const struct cfg_rmap *best = NULL;

	for (size_t i = 0; i < cfg->n_rmaps; i++) {
		const struct cfg_rmap *r = &cfg->rmaps[i];
		if (strcmp(r->name, name) == 0 && (best == NULL || r->seq < best->seq) &&
			rmap_matches(cfg, r, pf))
			best = r;
	}
	return best != NULL && best->permit;
}

bool cfg_route_map_exists(const struct evpnd_config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->n_rmaps; i++)
		if (strcmp(cfg->rmaps[i].name, name) == 0)
			return true;
	return false;
}

int cfg_policy_check(const struct evpnd_config *cfg, const char *file, struct cfg_error *err)
{
	int ret = 0;

	for (size_t i = 0; i < cfg->n_rmaps; i++) {
		const struct cfg_rmap *r = &cfg->rmaps[i];
		for (int f = 0; f < 2; f++)
			if (r->match_line[f] &&
				plist_find(cfg, f ? AF_INET6 : AF_INET, r->plist[f]) == NULL)
				ret = cfg_check_err(err, file, r->match_line[f],
					"route-map %s %u: %s prefix-list %s is not defined",
					r->name, r->seq, f ? "ipv6" : "ip", r->plist[f]);
	}
	return ret < 0 ? -EINVAL : 0;
}

void cfg_policy_print(const struct evpnd_config *cfg, FILE *out)
{
	char buf[CP_IP_STRLEN + 4];

	for (size_t i = 0; i < cfg->n_plists; i++) {
		const struct cfg_plist *l = &cfg->plists[i];
		for (size_t j = 0; j < l->n; j++) {
			const struct cfg_plist_entry *e = &l->entries[j];
			fprintf(out, "%s prefix-list %s seq %u %s %s",
				l->family == AF_INET ? "ip" : "ipv6", l->name, e->seq,
				e->permit ? "permit" : "deny",
				e->any ? "any" : cfg_prefix_str(&e->pfx, buf, sizeof(buf)));
			if (e->ge)
				fprintf(out, " ge %u", e->ge);
			if (e->le)
				fprintf(out, " le %u", e->le);
			fputc('\n', out);
		}
	}
	for (size_t i = 0; i < cfg->n_rmaps; i++) {
		const struct cfg_rmap *r = &cfg->rmaps[i];
		fprintf(out, "route-map %s %s %u\n", r->name, r->permit ? "permit" : "deny",
			r->seq);
		for (int f = 0; f < 2; f++)
			if (r->match_line[f])
				fprintf(out, " match %s address prefix-list %s\n",
					f ? "ipv6" : "ip", r->plist[f]);
	}
}

void cfg_policy_free(struct evpnd_config *cfg)
{
	for (size_t i = 0; i < cfg->n_plists; i++)
		free(cfg->plists[i].entries);
	free(cfg->plists);
	free(cfg->rmaps);
	cfg->plists = NULL;
	cfg->rmaps = NULL;
	cfg->n_plists = cfg->n_rmaps = 0;
}
