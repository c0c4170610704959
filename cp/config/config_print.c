// SPDX-License-Identifier: BSD-3-Clause
// Prints a configuration in the grammar config_parse reads. Every value is printed,
// defaults included, so the output documents the effective configuration; printing
// what was parsed gives text that parses to the same config.
#include "cp/config/config_priv.h"
#include "cp/cp_addr.h"
#include "cp/cp_log.h"

static const char *port_name(const struct evpnd_config *cfg, int port)
{
	return port >= 0 && (size_t)port < cfg->n_ports ? cfg->ports[port].name : "?";
}

// Consecutive ascending runs are folded into ranges: 1,2,3,7 -> 1-3,7.
static void print_lcores(const struct evpnd_config *cfg, FILE *out)
{
	const uint32_t *l = cfg->worker_lcores;
	size_t n = cfg->n_workers;

	fputs(" worker-lcores ", out);
	for (size_t i = 0, j; i < n; i = j + 1) {
		for (j = i; j + 1 < n && l[j + 1] == l[j] + 1;)
			j++;
		fprintf(out, "%s%u", i ? "," : "", l[i]);
		if (j > i)
			fprintf(out, "-%u", l[j]);
	}
	fputc('\n', out);
}

static void print_dataplane(const struct evpnd_config *cfg, FILE *out)
{
	fprintf(out, "dataplane\n main-lcore %u\n", cfg->main_lcore);
	print_lcores(cfg, out);
	fprintf(out, " mbufs %u\n mac-table-size %u\n", cfg->mbufs, cfg->mac_table_size);
	if (cfg->neigh_table_size != CFG_NEIGH_TABLE_DEFAULT)
		fprintf(out, " neigh-table-size %u\n", cfg->neigh_table_size);
	if (cfg->fib_size != CFG_FIB_SIZE_DEFAULT)
		fprintf(out, " fib-size %u\n", cfg->fib_size);
	for (size_t i = 0; i < cfg->n_ports; i++) {
		const struct cfg_port *p = &cfg->ports[i];
		fprintf(out, " port %s devargs %s rx-queues %u mtu %u\n", p->name, p->devargs,
			p->rx_queues, p->mtu);
	}
	fputs("!\n", out);
}

static void print_underlay(const struct evpnd_config *cfg, FILE *out)
{
	char ip[CP_IP_STRLEN], pfx[CP_IP_STRLEN + 4], mac[CP_MAC_STRLEN];

	fputs("underlay\n", out);
	if (cfg->vtep4.family)
		fprintf(out, " vtep-address %s\n", cp_ip_str(&cfg->vtep4, ip, sizeof(ip)));
	if (cfg->vtep6.family)
		fprintf(out, " vtep-address %s\n", cp_ip_str(&cfg->vtep6, ip, sizeof(ip)));
	for (size_t i = 0; i < cfg->n_addrs; i++)
		fprintf(out, " address %s port %s\n",
			cfg_prefix_str(&cfg->addrs[i].prefix, pfx, sizeof(pfx)),
			port_name(cfg, cfg->addrs[i].port));
	for (size_t i = 0; i < cfg->n_routes; i++)
		fprintf(out, " route %s via %s\n",
			cfg_prefix_str(&cfg->routes[i].dst, pfx, sizeof(pfx)),
			cp_ip_str(&cfg->routes[i].via, ip, sizeof(ip)));
	for (size_t i = 0; i < cfg->n_ports; i++)
		if (cfg->ports[i].kernel_if[0] != '\0')
			fprintf(out, " kernel-interface %s port %s\n", cfg->ports[i].kernel_if,
				cfg->ports[i].name);
	for (size_t i = 0; i < cfg->n_neighs; i++)
		fprintf(out, " neighbor %s mac %s port %s\n",
			cp_ip_str(&cfg->neighs[i].ip, ip, sizeof(ip)),
			cp_mac_str(cfg->neighs[i].mac, mac, sizeof(mac)),
			port_name(cfg, cfg->neighs[i].port));
	fputs("!\n", out);
}

static void print_member(const struct evpnd_config *cfg, const struct cfg_member *m, FILE *out)
{
	fputs(port_name(cfg, m->port), out);
	if (m->vlan != CFG_VLAN_UNTAGGED)
		fprintf(out, " vlan %u", m->vlan);
}

static void print_mac(const struct evpnd_config *cfg, const struct cfg_mac *m, FILE *out)
{
	char buf[CP_IP_STRLEN];

	fprintf(out, " mac %s ", cp_mac_str(m->mac, buf, sizeof(buf)));
	if (m->kind == CFG_MAC_REMOTE) {
		fprintf(out, "remote-vtep %s", cp_ip_str(&m->vtep, buf, sizeof(buf)));
		if (m->label != 0)
			fprintf(out, " label %u", m->label);
		fputc('\n', out);
		return;
	}
	fputs("port ", out);
	print_member(cfg, &m->local, out);
	fputc('\n', out);
}

static void print_bd(const struct evpnd_config *cfg, const struct cfg_bd *bd, FILE *out)
{
	char ip[CP_IP_STRLEN];

	fprintf(out, "bridge-domain %u\n vni %u\n mac-aging-time %u\n %s\n", bd->id, bd->vni,
		bd->mac_aging_sec, bd->learning ? "learning" : "no learning");
	if (bd->arp_suppress)
		fputs(" arp-suppression\n", out);
	if (bd->nd_suppress)
		fputs(" neigh-suppression\n", out);
	if (bd->unknown_drop)
		fputs(" unknown-unicast-suppression\n", out);
	for (size_t i = 0; i < bd->n_members; i++) {
		fputs(" member ", out);
		print_member(cfg, &bd->members[i], out);
		fputs(bd->members[i].vlan == CFG_VLAN_UNTAGGED ? " untagged\n" : "\n", out);
	}
	for (size_t i = 0; i < bd->n_macs; i++)
		print_mac(cfg, &bd->macs[i], out);
	if (bd->mpls)
		fputs(" encapsulation mpls\n", out);
	if (bd->control_word)
		fputs(" control-word\n", out);
	for (size_t i = 0; i < bd->n_flood_vteps; i++) {
		fprintf(out, " flood-vtep %s", cp_ip_str(&bd->flood_vteps[i], ip, sizeof(ip)));
		if (bd->flood_labels != NULL && bd->flood_labels[i] != 0)
			fprintf(out, " label %u", bd->flood_labels[i]);
		fputc('\n', out);
	}
	if (bd->has_gw_mac)
		fprintf(out, " gateway-mac %s\n", cp_mac_str(bd->gw_mac, ip, sizeof(ip)));
	if (bd->vrf[0] != '\0')
		fprintf(out, " vrf %s\n", bd->vrf);
	for (size_t i = 0; i < bd->n_gw_addrs; i++)
		fprintf(out, " gateway-address %s/%u\n",
			cp_ip_str(&bd->gw_addrs[i].addr, ip, sizeof(ip)), bd->gw_addrs[i].len);
	fputs("!\n", out);
}

// The FRR-spelled lines evpnd applies outside of router bgp.
static void print_frr(const struct evpnd_config *cfg, FILE *out)
{
	if (cfg->hostname[0] != '\0')
		fprintf(out, "hostname %s\n", cfg->hostname);
	if (cfg->log.syslog && cfg->log.syslog_level >= 0 && cfg->log.syslog_level <= 7)
		fprintf(out, "log syslog %s\n", cp_log_level_name(cfg->log.syslog_level));
	for (int d = 0; d < CP_DEBUG_N; d++)
		if ((cfg->debug_flags >> d) & 1u)
			fprintf(out, "debug %s\n", cp_debug_name((enum cp_debug)d));
}

void config_print(const struct evpnd_config *cfg, FILE *out)
{
	print_frr(cfg, out);
	cfg_metrics_print(cfg, out);
	print_dataplane(cfg, out);
	print_underlay(cfg, out);
	cfg_mpls_print(cfg, out);
	for (size_t i = 0; i < cfg->n_bds; i++)
		print_bd(cfg, &cfg->bds[i], out);
	cfg_policy_print(cfg, out);
	cfg_vrf_print(cfg, out);
	cfg_bgp_print(&cfg->bgp, out);
	cfg_process_print(cfg, out);
	cfg_tester_print(cfg, out);
}
