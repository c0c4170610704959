// SPDX-License-Identifier: BSD-3-Clause
// Per-VNI EVPN settings inside router bgp, as FRR writes them:
//
//  address-family l2vpn evpn
//   advertise-all-vni
//   vtep-address-family ipv6          (evpnd's: see cfg_evpn_vtep)
//   vni 100
//    rd 198.51.100.1:100
//    route-target import 65000:100
//    route-target export 65000:1100
//    route-target both 65000:2100
//   exit-vni
//  exit-address-family
//
// The parser offers every line of router bgp here first; inside an open vni
// block only rd, route-target, advertise-default-gw and exit-vni are allowed.
#include "cp/config/config_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cp/evpn/evpn_ecomm.h"
#include "cp/evpn/evpn_nlri.h"

#define VNI_MAX 16777215

static struct cfg_evpn_vni *open_vni(struct cfg_parser *p)
{
	return &p->cfg->bgp.evpn_vnis[p->evpn_vni];
}

static int vni_cmd(struct cfg_parser *p, char **args, int n)
{
	struct cfg_bgp *bgp = &p->cfg->bgp;
	uint32_t vni, line;
	int ret;

	if (n != 1)
		return cfg_perr(p, "vni: wrong number of arguments (usage: vni VNI)");
	if (p->bgp_af != CFG_BGP_AF_L2VPN_EVPN)
		return cfg_perr(p, "vni %s: only inside address-family l2vpn evpn", args[0]);
	if (cfg_parse_u32(p, "vni", args[0], 1, VNI_MAX, &vni) < 0)
		return -EINVAL;
	if ((ret = cfg_kset_add(&p->evpn_vnis, &vni, sizeof(vni), p->line, &line)) < 0)
		return cfg_enomem(p);
	if (ret > 0)
		return cfg_perr(p, "vni %u already given at line %u", vni, line);
	struct cfg_evpn_vni *v = cfg_push(&bgp->evpn_vnis, &bgp->n_evpn_vnis, sizeof(*v));
	if (v == NULL)
		return cfg_enomem(p);
	v->vni = vni;
	p->evpn_vni = bgp->n_evpn_vnis - 1;
	p->evpn_vni_line = p->line;
	p->evpn_rd_line = 0;
	return 0;
}

static int rd_cmd(struct cfg_parser *p, char **args, int n)
{
	struct cfg_evpn_vni *v = open_vni(p);
	struct evpn_rd rd;

	if (n != 1)
		return cfg_perr(p, "rd: wrong number of arguments (usage: rd {A.B.C.D:N|AS:N})");
	if (p->evpn_rd_line)
		return cfg_perr(p, "vni %u: rd already set at line %u", v->vni, p->evpn_rd_line);
	if (evpn_rd_parse(args[0], &rd) < 0)
		return cfg_perr(p, "vni %u: rd %s: expected A.B.C.D:N or AS:N", v->vni, args[0]);
	memcpy(v->rd, rd.b, sizeof(v->rd));
	v->rd_set = true;
	p->evpn_rd_line = p->line;
	return 0;
}

static int rt_dir(const char *s)
{
	if (strcmp(s, "import") == 0)
		return CFG_EVPN_RT_IMPORT;
	if (strcmp(s, "export") == 0)
		return CFG_EVPN_RT_EXPORT;
	if (strcmp(s, "both") == 0)
		return CFG_EVPN_RT_BOTH;
	return -EINVAL;
}

static int rt_cmd(struct cfg_parser *p, char **args, int n)
{
	struct cfg_evpn_vni *v = open_vni(p);
	struct evpn_rt rt;
	int dir;

	if (n != 2 || (dir = rt_dir(args[0])) < 0)
		return cfg_perr(p, "route-target: usage: route-target {import|export|both} RT");
	if (evpn_rt_parse(args[1], &rt) < 0)
		return cfg_perr(p, "vni %u: route-target %s: expected AS:N, AS4:N or A.B.C.D:N",
			v->vni, args[1]);
	for (unsigned i = 0; i < v->n_rts; i++)
		if ((v->rts[i].dir & dir) && memcmp(v->rts[i].rt, rt.b, 8) == 0)
			return cfg_perr(p, "vni %u: route-target %s %s already given", v->vni,
				args[0], args[1]);
	if (v->n_rts == CFG_EVPN_MAX_RT)
		return cfg_perr(p, "vni %u: more than %d route-targets", v->vni, CFG_EVPN_MAX_RT);
	v->rts[v->n_rts].dir = (uint8_t)dir;
	memcpy(v->rts[v->n_rts].rt, rt.b, 8);
	v->n_rts++;
	return 0;
}

// Inside an open block: its own commands, or the reason anything else is refused.
static int in_block(struct cfg_parser *p, char **tok, int n)
{
	if (strcmp(tok[0], "rd") == 0)
		return rd_cmd(p, tok + 1, n - 1);
	if (strcmp(tok[0], "route-target") == 0)
		return rt_cmd(p, tok + 1, n - 1);
	if (strcmp(tok[0], "advertise-default-gw") == 0) {
		if (n != 1)
			return cfg_perr(p, "advertise-default-gw: takes no arguments");
		open_vni(p)->advertise_default_gw = true;
		return 0;
	}
	if (strcmp(tok[0], "exit-vni") == 0) {
		if (n != 1)
			return cfg_perr(p, "exit-vni: takes no arguments");
		p->evpn_vni_line = 0;
		return 0;
	}
	return cfg_perr(p,
		"'%s' inside vni %u (line %u): only rd, route-target, advertise-default-gw and "
		"exit-vni; exit-vni first",
		tok[0], open_vni(p)->vni, p->evpn_vni_line);
}

// FRR takes the VTEP address from its VXLAN interface's `local`, one family per
// interface; evpnd has one vtep-address of each family, so with both set this
// line says which one EVPN advertises (IPv4 unless it says ipv6).
static int vtep_family_cmd(struct cfg_parser *p, char **args, int n)
{
	struct cfg_bgp *bgp = &p->cfg->bgp;

	if (p->bgp_af != CFG_BGP_AF_L2VPN_EVPN)
		return cfg_perr(p, "vtep-address-family: only inside address-family l2vpn evpn");
	if (n != 1 || (strcmp(args[0], "ipv4") != 0 && strcmp(args[0], "ipv6") != 0))
		return cfg_perr(p, "vtep-address-family: usage: vtep-address-family {ipv4|ipv6}");
	if (bgp->evpn_vtep_family_line)
		return cfg_perr(p, "vtep-address-family already given at line %u",
			bgp->evpn_vtep_family_line);
	bgp->evpn_vtep_family = args[0][3] == '6' ? AF_INET6 : AF_INET;
	bgp->evpn_vtep_family_line = p->line;
	return 0;
}

const struct cp_ip *cfg_evpn_vtep(const struct evpnd_config *cfg)
{
	uint8_t fam = cfg->bgp.evpn_vtep_family;
	const struct cp_ip *v;

	if (fam == 0)
		fam = cfg->vtep4.family == AF_INET ? AF_INET : AF_INET6;
	v = fam == AF_INET ? &cfg->vtep4 : &cfg->vtep6;
	return v->family == fam ? v : NULL;
}

int cfg_evpn_command(struct cfg_parser *p, char **tok, int n, int *ret)
{
	if (p->evpn_vni_line) {
		*ret = in_block(p, tok, n);
		return 1;
	}
	if (strcmp(tok[0], "vni") == 0) {
		*ret = vni_cmd(p, tok + 1, n - 1);
		return 1;
	}
	if (strcmp(tok[0], "vtep-address-family") == 0) {
		*ret = vtep_family_cmd(p, tok + 1, n - 1);
		return 1;
	}
	if (strcmp(tok[0], "rd") == 0 || strcmp(tok[0], "route-target") == 0 ||
		strcmp(tok[0], "exit-vni") == 0) {
		*ret = cfg_perr(p, "%s: only inside a vni block (vni N ... exit-vni)", tok[0]);
		return 1;
	}
	return 0;
}

int cfg_evpn_close(struct cfg_parser *p)
{
	if (p->evpn_vni_line == 0)
		return 0;
	return cfg_perr_at(p, p->evpn_vni_line, "router bgp: vni %u is not closed by exit-vni",
		open_vni(p)->vni);
}

void cfg_evpn_free(struct cfg_bgp *bgp)
{
	free(bgp->evpn_vnis);
	bgp->evpn_vnis = NULL;
	bgp->n_evpn_vnis = 0;
}

void cfg_evpn_parser_free(struct cfg_parser *p)
{
	cfg_kset_free(&p->evpn_vnis);
}

static const char *const dir_names[] = {
	[CFG_EVPN_RT_IMPORT] = "import",
	[CFG_EVPN_RT_EXPORT] = "export",
	[CFG_EVPN_RT_BOTH] = "both",
};

void cfg_evpn_print(const struct cfg_bgp *bgp, FILE *out)
{
	char buf[EVPN_RD_STRLEN];

	for (size_t i = 0; i < bgp->n_evpn_vnis; i++) {
		const struct cfg_evpn_vni *v = &bgp->evpn_vnis[i];
		fprintf(out, "  vni %u\n", v->vni);
		if (v->rd_set) {
			struct evpn_rd rd;
			memcpy(rd.b, v->rd, sizeof(rd.b));
			evpn_rd_str(buf, sizeof(buf), &rd);
			fprintf(out, "   rd %s\n", buf);
		}
		for (unsigned j = 0; j < v->n_rts; j++) {
			struct evpn_rt rt;
			memcpy(rt.b, v->rts[j].rt, sizeof(rt.b));
			evpn_rt_str(buf, sizeof(buf), &rt);
			fprintf(out, "   route-target %s %s\n", dir_names[v->rts[j].dir & 3], buf);
		}
		if (v->advertise_default_gw)
			fputs("   advertise-default-gw\n", out);
		fputs("  exit-vni\n", out);
	}
}
