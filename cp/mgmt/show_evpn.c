// SPDX-License-Identifier: BSD-3-Clause
// show evpn vni / show evpn mac vni / clear evpn dup-addr.
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cp/cp_addr.h"
#include "cp/evpn/evpn_dp.h"
#include "cp/evpn/evpn_gw.h"
#include "cp/evpn/evpn_ip_owner.h"
#include "cp/evpn/evpn_vtep.h"
#include "cp/l3/l3_vrf.h"
#include "cp/mgmt/mgmt_cmd.h"
#include "cp/mgmt/mgmt_out.h"
#include "cp/mgmt/show_evpn.h"
#include "cp/mgmt/show_fmt.h"

#define VNI_MAX 16777215

static int not_enabled(struct mgmt_out *out)
{
	mgmt_puts(out, "% EVPN is not enabled (router bgp: address-family l2vpn evpn, "
		       "advertise-all-vni)\n");
	return -ENOENT;
}

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

// "all" is 0; else a VNI. -EINVAL with a message.
static int vni_arg(const char *s, uint32_t *vni, struct mgmt_out *out)
{
	char *end;
	unsigned long v;

	if (s == NULL || strcmp(s, "all") == 0) {
		*vni = 0;
		return 0;
	}
	v = strtoul(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < 1 || v > VNI_MAX) {
		mgmt_printf(out, "%% Invalid VNI: %s\n", s);
		return -EINVAL;
	}
	*vni = (uint32_t)v;
	return 0;
}

// 0 for "all" or a configured VNI, else -ENOENT with FRR's message.
static int vni_exists(uint32_t vni, struct mgmt_out *out)
{
	const struct evpn_inst *in = evpn_vtep_inst();

	if (vni == 0 || (in != NULL && evpn_vni_find(in, vni) != NULL) || show_evpn_l3_exists(vni))
		return 0;
	mgmt_printf(out, "%% VNI %u does not exist\n", vni);
	return -ENOENT;
}

// ---- show evpn vni

struct mac_counts {
	uint32_t local, remote;
};

// Installed: EVPN chose a remote path and the dataplane holds it (a VTEP the
// underlay does not reach is never installed).
static bool installed(const struct evpn_mac_info *i)
{
	return i->remote_installed;
}

static int count_mac(const struct evpn_mac_info *i, void *arg)
{
	struct mac_counts *c = arg;
	if (i->local)
		c->local++;
	else if (installed(i))
		c->remote++;
	return 0;
}

static void rt_list_str(const struct evpn_rt_list *l, char *buf, size_t len)
{
	size_t n = 0;
	buf[0] = '\0';
	for (unsigned i = 0; i < l->n && n < len; i++) {
		if (i > 0)
			n += (size_t)snprintf(buf + n, len - n, " ");
		if (n < len)
			n += (size_t)evpn_rt_str(buf + n, len - n, &l->rt[i]);
	}
}

static void rt_list_json(struct json_writer *w, const char *key, const struct evpn_rt_list *l)
{
	char b[32];
	json_key(w, key);
	json_arr_begin(w);
	for (unsigned i = 0; i < l->n; i++) {
		evpn_rt_str(b, sizeof(b), &l->rt[i]);
		json_str(w, b);
	}
	json_arr_end(w);
}

static int vtep_json(const struct dp_ip *vtep, uint32_t send_vni, void *arg)
{
	char a[INET6_ADDRSTRLEN];
	(void)send_vni;
	json_str(arg, cp_dp_ip_str(vtep, a, sizeof(a)));
	return 0;
}

struct vtep_text {
	char buf[512];
	size_t n;
};

static int vtep_text(const struct dp_ip *vtep, uint32_t send_vni, void *arg)
{
	struct vtep_text *t = arg;
	char a[INET6_ADDRSTRLEN];
	(void)send_vni;
	if (t->n < sizeof(t->buf))
		t->n += (size_t)snprintf(t->buf + t->n, sizeof(t->buf) - t->n, "%s%s",
			t->n ? " " : "", cp_dp_ip_str(vtep, a, sizeof(a)));
	return 0;
}

// What the views of a VNI count.
struct vni_facts {
	struct mac_counts macs;
	size_t arp_nd; // IP neighbours, as show evpn arp-cache lists them
	uint16_t bd;
	char ifname[16]; // FRR's VXLAN interface: ours is the bridge domain
};

static void vni_facts(const struct evpn_vni *v, size_t arp_nd, struct vni_facts *f)
{
	memset(f, 0, sizeof(*f));
	evpn_mac_walk(evpn_vtep_macs(), v->vni, count_mac, &f->macs);
	f->arp_nd = arp_nd;
	f->bd = evpn_vtep_bd(v->vni);
	if (f->bd != 0)
		snprintf(f->ifname, sizeof(f->ifname), "bd%u", f->bd);
}

// The arp-cache counts of every VNI, counts[i] for in->vnis[i] (one walk of the
// EVPN RIB for them all); NULL on ENOMEM.
static size_t *arp_counts(const struct evpn_inst *in)
{
	size_t *c = calloc(in->n_vni ? in->n_vni : 1, sizeof(*c));

	if (c != NULL && show_evpn_arp_counts(in, c) < 0) {
		free(c);
		c = NULL;
	}
	return c;
}

static void remote_vteps_json(struct json_writer *w, const char *key, uint16_t bd)
{
	json_key(w, key);
	json_arr_begin(w);
	evpn_dp_flood_walk(bd, vtep_json, w);
	json_arr_end(w);
}

// evpnd's own fields, in every JSON view of a VNI.
// advertise-default-gw as FRR shows it: zebra's `show evpn vni` says Yes for a VNI
// whose vni block has it (router bgp's line alone leaves it No); bgpd's `show bgp
// l2vpn evpn vni` says Enabled for router bgp's, and per VNI Enabled for its own,
// Active when only router bgp's applies.
static const char *gw_zebra(uint32_t vni)
{
	return evpn_gw_vni_advertised(vni) ? "Yes" : "No";
}

static const char *gw_bgp(uint32_t vni)
{
	if (vni == 0)
		return evpn_gw_advertised() ? "Enabled" : "Disabled";
	if (evpn_gw_vni_advertised(vni))
		return "Enabled";
	return evpn_gw_advertised() ? "Active" : "Disabled";
}

// evpnd's own: the bridge domain's anycast gateway, "anycastGateway": {"mac",
// "addresses": ["10.1.0.254/24", ...]}.
static void gateway_json(struct json_writer *w, uint16_t bd)
{
	const uint8_t *mac = evpn_gw_mac(bd);
	struct cp_ip ips[CFG_GW_MAX_ADDRS];
	uint8_t lens[CFG_GW_MAX_ADDRS];
	char b[CP_IP_STRLEN];
	unsigned n;

	if (mac == NULL)
		return;
	n = evpn_gw_addrs(bd, ips, lens);
	json_key(w, "anycastGateway");
	json_obj_begin(w);
	json_kv_str(w, "mac", cp_mac_str(mac, b, sizeof(b)));
	json_key(w, "addresses");
	json_arr_begin(w);
	for (unsigned i = 0; i < n; i++)
		json_strf(w, "%s/%u", cp_ip_str(&ips[i], b, sizeof(b)), lens[i]);
	json_arr_end(w);
	json_obj_end(w);
}

static void vni_json_ours(
	struct json_writer *w, const struct evpn_vni *v, const struct vni_facts *f)
{
	char b[EVPN_RD_STRLEN];

	json_kv_u64(w, "bridgeDomain", f->bd);
	evpn_rd_str(b, sizeof(b), &v->rd);
	json_kv_str(w, "rd", b);
	json_kv_bool(w, "rdConfigured", v->rd_configured);
	rt_list_json(w, "importRts", &v->import);
	rt_list_json(w, "exportRts", &v->export);
	json_kv_u64(w, "numLocalMacs", f->macs.local);
	json_kv_u64(w, "numRemoteMacs", f->macs.remote);
	remote_vteps_json(w, "remoteVteps", f->bd);
	gateway_json(w, f->bd);
}

// An entry of `show evpn vni json` (FRR's zvni_print_hash json), keyed by VNI.
static void vni_json(struct json_writer *w, const struct evpn_vni *v, size_t arp_nd)
{
	struct vni_facts f;
	char key[16];

	vni_facts(v, arp_nd, &f);
	snprintf(key, sizeof(key), "%u", v->vni);
	json_key(w, key);
	json_obj_begin(w);
	json_kv_u64(w, "vni", v->vni);
	json_kv_str(w, "type", "L2");
	json_kv_str(w, "vxlanIf", f.ifname);
	json_kv_u64(w, "numMacs", f.macs.local + f.macs.remote);
	json_kv_u64(w, "numArpNd", f.arp_nd);
	json_kv_u64(w, "numRemoteVteps", evpn_dp_flood_count(f.bd));
	json_kv_str(w, "tenantVrf", "default");
	vni_json_ours(w, v, &f);
	json_obj_end(w);
}

// `show evpn vni N json`, one object of `show evpn vni detail json`: FRR's
// zebra_vxlan_print_vni, flat (numRemoteVteps is the list there, as in FRR).
static void vni_json_one(struct json_writer *w, const struct evpn_vni *v, size_t arp_nd)
{
	const struct dp_ip *self = evpn_vtep_local();
	char a[INET6_ADDRSTRLEN];
	struct vni_facts f;

	vni_facts(v, arp_nd, &f);
	json_obj_begin(w);
	json_kv_u64(w, "vni", v->vni);
	json_kv_str(w, "type", "L2");
	json_kv_str(w, "vrf", "default");
	json_kv_str(w, "vxlanInterface", f.ifname);
	json_kv_str(w, "vtepIp", self != NULL ? cp_dp_ip_str(self, a, sizeof(a)) : "");
	json_kv_str(w, "mcastGroup", "0.0.0.0");
	json_kv_str(w, "advertiseGatewayMacip", gw_zebra(v->vni));
	json_kv_str(w, "advertiseSviMacip", "No");
	json_kv_u64(w, "numMacs", f.macs.local + f.macs.remote);
	json_kv_u64(w, "numArpNd", f.arp_nd);
	remote_vteps_json(w, "numRemoteVteps", f.bd);
	vni_json_ours(w, v, &f);
	json_obj_end(w);
}

// `show evpn vni detail`, FRR's text.
static void vni_detail(struct mgmt_out *out, const struct evpn_vni *v, size_t arp_nd)
{
	const struct dp_ip *self = evpn_vtep_local();
	char a[INET6_ADDRSTRLEN], rd[EVPN_RD_STRLEN], imp[256], exp[256];
	struct vtep_text vt = {.n = 0};
	struct vni_facts f;

	vni_facts(v, arp_nd, &f);
	evpn_rd_str(rd, sizeof(rd), &v->rd);
	rt_list_str(&v->import, imp, sizeof(imp));
	rt_list_str(&v->export, exp, sizeof(exp));
	mgmt_printf(out, "VNI: %u\n Type: L2\n Tenant VRF: default\n VxLAN interface: %s\n", v->vni,
		f.ifname);
	mgmt_printf(out, " Bridge domain: %u\n Local VTEP IP: %s\n Mcast group: 0.0.0.0\n", f.bd,
		self != NULL ? cp_dp_ip_str(self, a, sizeof(a)) : "-");
	mgmt_printf(out, " RD: %s\n Import RTs: %s\n Export RTs: %s\n", rd, imp, exp);
	mgmt_puts(out, " Remote VTEPs for this VNI:\n");
	vt.buf[0] = '\0';
	evpn_dp_flood_walk(f.bd, vtep_text, &vt);
	for (char *p = vt.buf, *tok; (tok = strsep(&p, " ")) != NULL;)
		if (*tok != '\0')
			mgmt_printf(out, "  %s flood: HER\n", tok);
	mgmt_printf(out,
		" Number of MACs (local and remote) known for this VNI: %u\n"
		" Number of ARPs (IPv4 and IPv6, local and remote) known for this VNI: %zu\n"
		" Advertise-gw-macip: %s\n Advertise-svi-macip: No\n\n",
		f.macs.local + f.macs.remote, f.arp_nd, gw_zebra(v->vni));
}

static int show_vni_detail(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	const struct evpn_inst *in = evpn_vtep_inst();
	struct json_writer w;
	size_t *arp;
	int ret = 0;

	(void)ctx;
	if (in == NULL)
		return not_enabled(out);
	if ((arp = arp_counts(in)) == NULL)
		return -ENOMEM;
	if (!req->json) {
		for (uint32_t i = 0; i < in->n_vni; i++)
			vni_detail(out, &in->vnis[i], arp[i]);
	} else {
		json_init(&w, out, true);
		json_arr_begin(&w);
		for (uint32_t i = 0; i < in->n_vni; i++)
			vni_json_one(&w, &in->vnis[i], arp[i]);
		json_arr_end(&w);
		ret = json_finish(&w);
	}
	free(arp);
	return ret;
}

static void vni_row(struct mgmt_table *t, const struct evpn_vni *v)
{
	char rd[EVPN_RD_STRLEN], imp[256], exp[256];
	struct mac_counts c = {0, 0};
	struct vtep_text vt = {.n = 0};
	uint16_t bd = evpn_vtep_bd(v->vni);

	evpn_mac_walk(evpn_vtep_macs(), v->vni, count_mac, &c);
	evpn_rd_str(rd, sizeof(rd), &v->rd);
	rt_list_str(&v->import, imp, sizeof(imp));
	rt_list_str(&v->export, exp, sizeof(exp));
	vt.buf[0] = '\0';
	evpn_dp_flood_walk(bd, vtep_text, &vt);
	mgmt_table_cell(t, "%u", v->vni);
	mgmt_table_cell(t, "L2");
	mgmt_table_cell(t, "%u", bd);
	mgmt_table_cell(t, "%s", rd);
	mgmt_table_cell(t, "%s", imp);
	mgmt_table_cell(t, "%s", exp);
	mgmt_table_cell(t, "%u", c.local);
	mgmt_table_cell(t, "%u", c.remote);
	mgmt_table_cell(t, "%s", vt.buf[0] ? vt.buf : "-");
}

// `show evpn vni json` (keyed by VNI) or `show evpn vni N json` (flat).
static int show_vni_json(const struct evpn_inst *in, uint32_t vni, struct mgmt_out *out)
{
	size_t *arp = arp_counts(in);
	struct json_writer w;
	int ret;

	if (arp == NULL)
		return -ENOMEM;
	json_init(&w, out, true);
	if (vni != 0 && evpn_vni_find(in, vni) == NULL) {
		show_evpn_l3_json(&w, vni); // an L3VNI
	} else if (vni != 0) {
		const struct evpn_vni *v = evpn_vni_find(in, vni);
		vni_json_one(&w, v, arp[v - in->vnis]);
	} else {
		json_obj_begin(&w);
		for (uint32_t i = 0; i < in->n_vni; i++)
			vni_json(&w, &in->vnis[i], arp[i]);
		for (size_t i = 0; i < l3_vrf_count(); i++) {
			char k[16];

			if (l3_vrf_at(i)->vni == 0)
				continue;
			snprintf(k, sizeof(k), "%u", l3_vrf_at(i)->vni);
			json_key(&w, k);
			show_evpn_l3_json(&w, l3_vrf_at(i)->vni);
		}
		json_obj_end(&w);
	}
	ret = json_finish(&w);
	free(arp);
	return ret;
}

static int show_vni(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	const struct evpn_inst *in = evpn_vtep_inst();
	struct mgmt_table t;
	uint32_t vni = 0;
	int ret;

	(void)ctx;
	if (in == NULL)
		return not_enabled(out);
	if ((ret = vni_arg(mgmt_req_arg(req, "VNI"), &vni, out)) < 0 ||
		(ret = vni_exists(vni, out)) < 0)
		return ret;
	if (req->json)
		return show_vni_json(in, vni, out);
	if (vni != 0 && evpn_vni_find(in, vni) == NULL)
		return show_evpn_l3_detail(vni, out);
	mgmt_printf(out,
		"Advertise All VNI flag: Enabled\nBUM flooding: Head-end replication\n"
		"Number of L2 VNIs: %u\n",
		in->n_vni);
	mgmt_table_init(&t, 9);
	mgmt_table_add(&t, "VNI", "Type", "BD", "RD", "Import RT", "Export RT", "#Local", "#Remote",
		"Remote VTEPs");
	for (uint32_t i = 0; i < in->n_vni; i++)
		if (vni == 0 || in->vnis[i].vni == vni)
			vni_row(&t, &in->vnis[i]);
	ret = mgmt_table_print(&t, out);
	mgmt_table_free(&t);
	// The L3VNIs (symmetric IRB), after the L2 ones.
	if (ret == 0 && show_evpn_l3_count(vni) > 0)
		ret = show_evpn_l3_table(vni, out);
	return ret;
}

// ---- show bgp l2vpn evpn vni: the VNIs as BGP sees them (FRR's bgp_evpn_vty.c)

static void bgp_vni_json(struct json_writer *w, const struct evpn_vni *v)
{
	const struct dp_ip *self = evpn_vtep_local();
	char b[INET6_ADDRSTRLEN + EVPN_RD_STRLEN];

	snprintf(b, sizeof(b), "%u", v->vni);
	json_key(w, b);
	json_obj_begin(w);
	json_kv_u64(w, "vni", v->vni);
	json_kv_str(w, "type", "L2");
	json_kv_str(w, "inKernel", evpn_vtep_bd(v->vni) != 0 ? "True" : "False");
	evpn_rd_str(b, sizeof(b), &v->rd);
	json_kv_str(w, "rd", b);
	json_kv_str(w, "originatorIp", self != NULL ? cp_dp_ip_str(self, b, sizeof(b)) : "");
	json_kv_str(w, "mcastGroup", "0.0.0.0");
	json_kv_str(w, "advertiseGatewayMacip", gw_bgp(v->vni));
	json_kv_str(w, "advertiseSviMacIp", "Disabled");
	rt_list_json(w, "importRTs", &v->import);
	rt_list_json(w, "exportRTs", &v->export);
	json_obj_end(w);
}

static int show_bgp_vni(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	const struct evpn_inst *in = evpn_vtep_inst();
	char rd[EVPN_RD_STRLEN], imp[256], exp[256];
	struct json_writer w;

	(void)ctx;
	if (in == NULL)
		return not_enabled(out);
	if (req->json) {
		json_init(&w, out, true);
		json_obj_begin(&w);
		json_kv_str(&w, "advertiseGatewayMacip", gw_bgp(0));
		json_kv_str(&w, "advertiseSviMacIp", "Disabled");
		json_kv_str(&w, "advertiseAllVnis", "Enabled");
		json_kv_str(&w, "flooding", "Head-end replication");
		json_kv_str(&w, "vxlanFlooding", "Enabled");
		json_kv_u64(&w, "numVnis", in->n_vni);
		json_kv_u64(&w, "numL2Vnis", in->n_vni);
		json_kv_u64(&w, "numL3Vnis", 0);
		for (uint32_t i = 0; i < in->n_vni; i++)
			bgp_vni_json(&w, &in->vnis[i]);
		json_obj_end(&w);
		return json_finish(&w);
	}
	mgmt_printf(out,
		"Advertise Gateway Macip: %s\nAdvertise SVI Macip: Disabled\n"
		"Advertise All VNI flag: Enabled\nBUM flooding: Head-end replication\n"
		"VXLAN flooding: Enabled\nNumber of L2 VNIs: %u\nNumber of L3 VNIs: 0\n"
		"Flags: * - Kernel (evpnd: in the dataplane)\n"
		"  %-10s %-4s %-21s %-25s %-25s %-37s\n",
		gw_bgp(0), in->n_vni, "VNI", "Type", "RD", "Import RT", "Export RT", "Tenant VRF");
	for (uint32_t i = 0; i < in->n_vni; i++) {
		const struct evpn_vni *v = &in->vnis[i];

		evpn_rd_str(rd, sizeof(rd), &v->rd);
		rt_list_str(&v->import, imp, sizeof(imp));
		rt_list_str(&v->export, exp, sizeof(exp));
		mgmt_printf(out, "%c %-10u %-4s %-21s %-25s %-25s %-37s\n",
			evpn_vtep_bd(v->vni) != 0 ? '*' : ' ', v->vni, "L2", rd, imp, exp,
			"default");
	}
	return 0;
}

// ---- show evpn mac vni

struct mac_show {
	struct json_writer w;
	struct mgmt_table t;
	struct mgmt_out *out;
	bool json, detail;
	uint32_t n;
};

static void mac_json(struct mac_show *s, const struct evpn_mac_info *i)
{
	char m[24], a[INET6_ADDRSTRLEN];

	json_key(&s->w, cp_mac_str(i->mac, m, sizeof(m)));
	json_obj_begin(&s->w);
	json_kv_str(&s->w, "type", i->local ? "local" : "remote");
	if (i->local) {
		json_kv_str(&s->w, "intf", show_port_name(i->port));
		if (i->vlan)
			json_kv_u64(&s->w, "vlan", i->vlan);
	} else if (i->n_remote > 0) {
		json_kv_str(&s->w, "remoteVtep", cp_dp_ip_str(&i->best_remote.vtep, a, sizeof(a)));
		json_kv_u64(&s->w, "remoteVni", i->best_remote.vni);
		json_kv_bool(&s->w, "remoteVtepReachable", !i->best_remote.unreachable);
	}
	json_kv_u64(&s->w, "vni", i->vni);
	json_kv_u64(&s->w, "localSequence", i->local_seq);
	json_kv_u64(&s->w, "remoteSequence", i->remote_seq);
	json_kv_bool(&s->w, "isSticky", i->local ? i->local_static : i->best_remote.sticky);
	json_kv_bool(&s->w, "advertised", i->advertised);
	json_kv_bool(&s->w, "installed", installed(i));
	json_kv_u64(&s->w, "numPaths", i->n_remote);
	json_kv_u64(&s->w, "detectionCount", i->dad_count);
	json_kv_bool(&s->w, "isDuplicate", i->duplicate);
	json_kv_bool(&s->w, "isFrozen", i->frozen);
	json_kv_u64(&s->w, "moves", i->moves);
	json_obj_end(&s->w);
}

static void mac_detail(struct mac_show *s, const struct evpn_mac_info *i)
{
	char m[24], a[INET6_ADDRSTRLEN];

	mgmt_printf(s->out, "MAC: %s\n", cp_mac_str(i->mac, m, sizeof(m)));
	if (i->local)
		mgmt_printf(s->out, " Intf: %s VLAN: %u%s\n", show_port_name(i->port), i->vlan,
			i->local_static ? " (static)" : "");
	else if (i->n_remote > 0)
		mgmt_printf(s->out, " Remote VTEP: %s VNI: %u%s%s\n",
			cp_dp_ip_str(&i->best_remote.vtep, a, sizeof(a)), i->best_remote.vni,
			i->best_remote.sticky ? " (sticky)" : "",
			i->best_remote.unreachable ? " (not reachable in the underlay)" : "");
	mgmt_printf(s->out, " Local Seq: %u Remote Seq: %u\n", i->local_seq, i->remote_seq);
	mgmt_printf(s->out, " Advertised: %s Installed: %s Remote paths: %u\n",
		i->advertised ? "yes" : "no", installed(i) ? "yes" : "no", i->n_remote);
	mgmt_printf(s->out, " Duplicate detection: count %u%s%s, moves %u\n\n", i->dad_count,
		i->duplicate ? ", DUPLICATE" : "", i->frozen ? ", FROZEN" : "", i->moves);
}

static int mac_row(const struct evpn_mac_info *i, void *arg)
{
	struct mac_show *s = arg;
	char m[24], a[INET6_ADDRSTRLEN];

	s->n++;
	if (s->json)
		mac_json(s, i);
	else if (s->detail)
		mac_detail(s, i);
	else {
		mgmt_table_cell(&s->t, "%s", cp_mac_str(i->mac, m, sizeof(m)));
		mgmt_table_cell(&s->t, "%s", i->local ? "local" : "remote");
		mgmt_table_cell(&s->t, "%s%s", i->duplicate ? "D" : "", i->frozen ? "F" : "");
		mgmt_table_cell(&s->t, "%s",
			i->local ? show_port_name(i->port) : cp_dp_ip_str(&i->best_remote.vtep, a, sizeof(a)));
		if (i->local && i->vlan)
			mgmt_table_cell(&s->t, "%u", i->vlan);
		else
			mgmt_table_cell(&s->t, "%s", "");
		mgmt_table_cell(&s->t, "%u/%u", i->local_seq, i->remote_seq);
	}
	return 0;
}

static int show_mac(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	static struct mac_show s;
	uint32_t vni;
	int ret;

	(void)ctx;
	if (evpn_vtep_macs() == NULL)
		return not_enabled(out);
	if ((ret = vni_arg(mgmt_req_arg(req, "VNI"), &vni, out)) < 0)
		return ret;
	if ((ret = vni_exists(vni, out)) < 0)
		return ret;
	memset(&s, 0, sizeof(s));
	s.out = out;
	s.json = req->json;
	s.detail = mgmt_req_has(req, "detail");
	show_port_names_load();
	if (s.json) {
		json_init(&s.w, out, true);
		json_obj_begin(&s.w);
		json_key(&s.w, "macs");
		json_obj_begin(&s.w);
		evpn_mac_walk(evpn_vtep_macs(), vni, mac_row, &s);
		json_obj_end(&s.w);
		json_kv_u64(&s.w, "numMacs", s.n);
		json_obj_end(&s.w);
		return json_finish(&s.w);
	}
	if (s.detail)
		return evpn_mac_walk(evpn_vtep_macs(), vni, mac_row, &s);
	mgmt_table_init(&s.t, 6);
	mgmt_table_add(&s.t, "MAC", "Type", "Flags", "Intf/Remote VTEP", "VLAN", "Seq #'s");
	evpn_mac_walk(evpn_vtep_macs(), vni, mac_row, &s);
	mgmt_printf(out,
		"Number of MACs (local and remote) known for this VNI: %u\n"
		"Flags: D=duplicate, F=frozen\n",
		s.n);
	ret = mgmt_table_print(&s.t, out);
	mgmt_table_free(&s.t);
	return ret;
}

// ---- clear evpn dup-addr

static int clear_dup(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	uint32_t vni;
	unsigned n;
	int ret;

	(void)ctx;
	if (!evpn_vtep_enabled())
		return not_enabled(out);
	if ((ret = vni_arg(mgmt_req_arg(req, "VNI"), &vni, out)) < 0)
		return ret;
	n = evpn_vtep_clear_dup(vni, now_ms());
	unsigned n_ip = evpn_ip_owner_clear_dup(vni);
	if (req->json)
		return mgmt_printf(out, "{\"cleared\":%u,\"clearedIps\":%u}\n", n, n_ip);
	if ((ret = mgmt_printf(out, "Cleared %u duplicate MAC%s\n", n, n == 1 ? "" : "s")) < 0 ||
		n_ip == 0)
		return ret;
	return mgmt_printf(out, "Cleared %u duplicate IP%s\n", n_ip, n_ip == 1 ? "" : "s");
}

int show_evpn_register(void)
{
	static const struct {
		const char *syntax;
		mgmt_handler fn;
		const char *help;
	} cmds[] = {
		{"show evpn vni [<VNI>]", show_vni,
			"EVPN VNIs: RD, route targets, MACs, flood VTEPs"},
		{"show bgp l2vpn evpn vni", show_bgp_vni,
			"the EVPN VNIs as BGP sees them (FRR's view): RD, import and export RTs"},
		{"show evpn vni detail", show_vni_detail,
			"every EVPN VNI in detail, as FRR: VTEP, flood list, MAC and ARP counts"},
		{"show evpn mac vni <VNI> [detail]", show_mac,
			"EVPN MACs of a VNI (or all): local/remote, sequence numbers, duplicates"},
		{"clear evpn dup-addr [vni <VNI>]", clear_dup,
			"thaw duplicate MACs of a VNI (or all)"},
	};
	for (unsigned i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		int ret = mgmt_register(cmds[i].syntax, cmds[i].fn, NULL, cmds[i].help);
		if (ret < 0)
			return ret;
	}
	int ret = show_evpn_arp_register();
	if (ret == 0)
		ret = show_evpn_l3_register();
	return ret < 0 ? ret : show_evpn_bgp_register();
}
