// SPDX-License-Identifier: BSD-3-Clause
// A VRF's EVPN type-5 settings (RFC 9136), in FRR's spelling:
//
//  router bgp 65000 vrf tenant1
//   address-family l2vpn evpn
//    advertise ipv4 unicast
//    advertise ipv6 unicast
//    rd 198.51.100.1:5000
//    route-target import 65000:5000
//    route-target export 65000:5000
//   exit-address-family
//
// or the same lines (advertise, rd, route-target) in evpnd's own "vrf NAME"
// section. The vrf section comes first: it holds the L3VNI (as FRR's
// "vrf NAME / vni N" does). What is advertised: the gateway subnets and the static
// routes of the VRF, those its "route-map NAME" permits when given (config_policy.c);
// FRR's "gateway-ip" option is refused.
#include "cp/config/config_priv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cp/evpn/evpn_ecomm.h"
#include "cp/evpn/evpn_nlri.h"

int cfg_vrf_advertise(struct cfg_parser *p, struct cfg_vrf *v, char **args, int n)
{
	int fam = n >= 1 && strcmp(args[0], "ipv4") == 0   ? 0
		  : n >= 1 && strcmp(args[0], "ipv6") == 0 ? 1
							   : -1;
	if (fam < 0 || n < 2 || strcmp(args[1], "unicast") != 0)
		return cfg_perr(p, "advertise: usage: advertise {ipv4|ipv6} unicast");
	if (n == 4 && strcmp(args[2], "route-map") == 0) {
		snprintf(v->advertise_rmap[fam], sizeof(v->advertise_rmap[fam]), "%s", args[3]);
	} else if (n > 2) {
		return cfg_perr(p,
			"advertise %s unicast %s: not supported (evpnd advertises every gateway "
			"subnet and static route of the vrf, or those a route-map permits)",
			args[0], args[2]);
	}
	if (v->advertise_line[fam])
		return cfg_perr(p, "advertise %s unicast already given at line %u", args[0],
			v->advertise_line[fam]);
	v->advertise_line[fam] = p->line;
	return 0;
}

int cfg_vrf_rd(struct cfg_parser *p, struct cfg_vrf *v, char **args, int n)
{
	struct evpn_rd rd;

	if (n != 1)
		return cfg_perr(p, "rd: wrong number of arguments (usage: rd {A.B.C.D:N|AS:N})");
	if (v->rd_line)
		return cfg_perr(p, "rd already set at line %u", v->rd_line);
	if (evpn_rd_parse(args[0], &rd) < 0)
		return cfg_perr(p, "rd %s: expected A.B.C.D:N or AS:N", args[0]);
	memcpy(v->rd, rd.b, sizeof(v->rd));
	v->rd_set = true;
	v->rd_line = p->line;
	return 0;
}

int cfg_vrf_rt(struct cfg_parser *p, struct cfg_vrf *v, char **args, int n)
{
	static const char *const dirs[] = {"import", "export", "both"};
	struct evpn_rt rt;
	int dir = 0;

	for (int i = 0; n == 2 && i < 3; i++)
		if (strcmp(args[0], dirs[i]) == 0)
			dir = i + 1; // CFG_EVPN_RT_IMPORT, _EXPORT, _BOTH
	if (dir == 0)
		return cfg_perr(p, "route-target: usage: route-target {import|export|both} RT");
	if (evpn_rt_parse(args[1], &rt) < 0)
		return cfg_perr(p, "route-target %s: expected AS:N, AS4:N or A.B.C.D:N", args[1]);
	for (unsigned i = 0; i < v->n_rts; i++)
		if ((v->rts[i].dir & dir) && memcmp(v->rts[i].rt, rt.b, 8) == 0)
			return cfg_perr(p, "route-target %s %s already given", args[0], args[1]);
	if (v->n_rts == CFG_EVPN_MAX_RT)
		return cfg_perr(p, "more than %d route-targets", CFG_EVPN_MAX_RT);
	v->rts[v->n_rts].dir = (uint8_t)dir;
	memcpy(v->rts[v->n_rts].rt, rt.b, 8);
	v->n_rts++;
	return 0;
}

// ---- router bgp ASN vrf NAME

static struct cfg_vrf *bgp_vrf(struct cfg_parser *p)
{
	return &p->cfg->vrfs[p->bgp_vrf - 1];
}

static int af_cmd(struct cfg_parser *p, char **args, int n)
{
	(void)n;
	if (p->bgp_vrf_af_line)
		return cfg_perr(p,
			"address-family l2vpn evpn is still open (line %u): "
			"exit-address-family first",
			p->bgp_vrf_af_line);
	if (strcmp(args[0], "l2vpn") != 0 || strcmp(args[1], "evpn") != 0)
		return cfg_perr(p,
			"address-family %s %s: only l2vpn evpn in router bgp vrf (its advertise "
			"ipv4|ipv6 unicast sends the vrf's gateway subnets and static routes)",
			args[0], args[1]);
	p->bgp_vrf_af_line = p->line;
	return 0;
}

static int exit_af_cmd(struct cfg_parser *p, char **args, int n)
{
	(void)args, (void)n;
	if (p->bgp_vrf_af_line == 0)
		return cfg_perr(p, "exit-address-family outside of an address-family");
	p->bgp_vrf_af_line = 0;
	return 0;
}

// advertise, rd and route-target belong to the open address-family l2vpn evpn.
static struct cfg_vrf *in_af(struct cfg_parser *p, const char *what)
{
	if (p->bgp_vrf_af_line == 0) {
		cfg_perr(p, "%s: only inside address-family l2vpn evpn", what);
		return NULL;
	}
	return bgp_vrf(p);
}

static int advertise_kw(struct cfg_parser *p, char **args, int n)
{
	struct cfg_vrf *v = in_af(p, "advertise");
	return v ? cfg_vrf_advertise(p, v, args, n) : -EINVAL;
}

static int rd_kw(struct cfg_parser *p, char **args, int n)
{
	struct cfg_vrf *v = in_af(p, "rd");
	return v ? cfg_vrf_rd(p, v, args, n) : -EINVAL;
}

static int rt_kw(struct cfg_parser *p, char **args, int n)
{
	struct cfg_vrf *v = in_af(p, "route-target");
	return v ? cfg_vrf_rt(p, v, args, n) : -EINVAL;
}

static int bgp_vrf_open(struct cfg_parser *p, char **args)
{
	uint32_t asn;
	int id;

	if (strcmp(args[0], "bgp") != 0 || strcmp(args[2], "vrf") != 0)
		return cfg_perr(p, "router %s %s %s %s: expected 'router bgp ASN vrf NAME'",
			args[0], args[1], args[2], args[3]);
	if (cfg_parse_u32(p, "router bgp", args[1], 1, UINT32_MAX, &asn) < 0)
		return -EINVAL;
	if ((id = cfg_vrf_id(p->cfg, args[3])) <= 0)
		return cfg_perr(p,
			"router bgp %u vrf %s: no 'vrf %s' section above (it holds the L3VNI)", asn,
			args[3], args[3]);
	struct cfg_vrf *v = &p->cfg->vrfs[id - 1];
	if (v->bgp_line)
		return cfg_perr(
			p, "router bgp vrf %s already given at line %u", v->name, v->bgp_line);
	v->bgp_asn = asn;
	v->bgp_line = p->line;
	p->bgp_vrf = id;
	p->bgp_vrf_af_line = 0;
	snprintf(p->title, sizeof(p->title), "router bgp %u vrf %s", asn, v->name);
	snprintf(p->ctx, sizeof(p->ctx), "router bgp %u vrf %s: ", asn, v->name);
	return 0;
}

static int bgp_vrf_close(struct cfg_parser *p)
{
	if (p->bgp_vrf_af_line == 0)
		return 0;
	unsigned line = p->bgp_vrf_af_line;
	p->bgp_vrf_af_line = 0;
	return cfg_perr_at(p, line,
		"router bgp vrf %s: address-family l2vpn evpn is not closed by exit-address-family",
		bgp_vrf(p)->name);
}

static const struct cfg_keyword bgp_vrf_keywords[] = {
	{"address-family", 2, 2, 0, NULL, "address-family l2vpn evpn", af_cmd},
	{"advertise", 2, 4, 0, NULL, "advertise {ipv4|ipv6} unicast", advertise_kw},
	{"exit-address-family", 0, 0, 0, NULL, "exit-address-family", exit_af_cmd},
	{"rd", 1, 1, 0, NULL, "rd {A.B.C.D:N|AS:N}", rd_kw},
	{"route-target", 2, 2, 0, NULL, "route-target {import|export|both} RT", rt_kw},
	{NULL, 0, 0, 0, NULL, NULL, NULL},
};

const struct cfg_section cfg_bgp_vrf_section = {
	.name = "router",
	.n_args = 4,
	.usage = "router bgp ASN vrf NAME",
	.open = bgp_vrf_open,
	.close = bgp_vrf_close,
	.keywords = bgp_vrf_keywords,
};

// ---- whole-config check and printing

int cfg_vrf_evpn_check(
	const struct evpnd_config *cfg, int id, const char *file, struct cfg_error *err)
{
	const struct cfg_vrf *v = &cfg->vrfs[id - 1];
	int ret = 0;

	if (v->bgp_asn && v->bgp_asn != cfg->bgp.asn)
		ret = cfg_check_err(err, file, v->bgp_line,
			"router bgp %u vrf %s: not the AS of router bgp (%u)", v->bgp_asn, v->name,
			cfg->bgp.asn);
	for (int f = 0; f < 2; f++) {
		if (v->advertise_line[f] == 0)
			continue;
		if (v->vni == 0)
			ret = cfg_check_err(err, file, v->advertise_line[f],
				"vrf %s: advertise ipv%c unicast needs the vrf's vni (the L3VNI)",
				v->name, f ? '6' : '4');
		else if (cfg->bgp.asn == 0)
			ret = cfg_check_err(err, file, v->advertise_line[f],
				"vrf %s: advertise ipv%c unicast without router bgp", v->name,
				f ? '6' : '4');
		else if (v->advertise_rmap[f][0] &&
			 !cfg_route_map_exists(cfg, v->advertise_rmap[f]))
			ret = cfg_check_err(err, file, v->advertise_line[f],
				"vrf %s: advertise ipv%c unicast route-map %s: no such route-map",
				v->name, f ? '6' : '4', v->advertise_rmap[f]);
		else if (!cfg->bgp.advertise_all_vni)
			ret = cfg_check_err(err, file, v->advertise_line[f],
				"vrf %s: advertise ipv%c unicast needs advertise-all-vni (router "
				"bgp, "
				"address-family l2vpn evpn)",
				v->name, f ? '6' : '4');
	}
	return ret;
}

void cfg_vrf_evpn_print(const struct cfg_vrf *v, FILE *out)
{
	static const char *const dirs[] = {"", "import", "export", "both"};
	char buf[EVPN_RD_STRLEN];

	for (int f = 0; f < 2; f++) {
		if (v->advertise_line[f] == 0)
			continue;
		fprintf(out, " advertise ipv%c unicast", f ? '6' : '4');
		if (v->advertise_rmap[f][0])
			fprintf(out, " route-map %s", v->advertise_rmap[f]);
		fputc('\n', out);
	}
	if (v->rd_set) {
		struct evpn_rd rd;
		memcpy(rd.b, v->rd, sizeof(rd.b));
		evpn_rd_str(buf, sizeof(buf), &rd);
		fprintf(out, " rd %s\n", buf);
	}
	for (unsigned j = 0; j < v->n_rts; j++) {
		struct evpn_rt rt;
		memcpy(rt.b, v->rts[j].rt, sizeof(rt.b));
		evpn_rt_str(buf, sizeof(buf), &rt);
		fprintf(out, " route-target %s %s\n", dirs[v->rts[j].dir & 3], buf);
	}
}
