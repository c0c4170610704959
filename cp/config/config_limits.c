// SPDX-License-Identifier: BSD-3-Clause
// What start-up would refuse, checked with the file: so that "evpnd -n" refuses a
// configuration that start-up would (and names its line) instead of calling it
// valid. Each check names the code that would refuse it; that code keeps its own
// check, for configs built in memory.
#include "cp/config/config_priv.h"

#include <errno.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dp/dp_api.h"

// dp/core/dp_tables.h DP_MAX_UADDR: the writer refuses more (not includable here:
// it pulls in DPDK).
#define UADDR_MAX 16
// DPDK 22.11's af_packet driver takes frames of at most 1518 bytes
// (max_rx_pktlen RTE_ETHER_MAX_LEN), so rte_eth_dev_set_mtu refuses an MTU above
// 1500 on any net_af_packet port, whatever the kernel interface allows.
#define AF_PACKET_MTU_MAX 1500
#define AF_PACKET_PREFIX "net_af_packet"

// drivers/port.c: a port whose MTU cannot be set stops start-up.
static int check_port_mtu(const struct cfg_port *port, const char *file, struct cfg_error *err)
{
	if (port->mtu <= AF_PACKET_MTU_MAX ||
		strncmp(port->devargs, AF_PACKET_PREFIX, strlen(AF_PACKET_PREFIX)) != 0)
		return 0;
	return cfg_check_err(err, file, port->mtu_line ? port->mtu_line : port->line,
		"port %s: mtu %u cannot be set: the af_packet driver takes at most mtu %u "
		"(give the kernel interface its MTU with ip link instead)",
		port->name, port->mtu, AF_PACKET_MTU_MAX);
}

// cp/underlay/underlay.c only warns at start-up about a static remote VTEP that no
// underlay address or route reaches: its frames would never leave. Say it at -n.
static void check_reach(struct cfg_error *err, const char *file, unsigned line,
	const struct cfg_bd *bd, const struct cp_ip *ip, const char *what,
	const struct evpnd_config *cfg)
{
	char buf[CP_IP_STRLEN];
	struct cp_ip gw;

	// a remote PE of an MPLS domain is reached by its transport (config_mpls_check.c)
	if (bd->mpls)
		return;
	if (cfg_underlay_route(cfg, ip, &gw) == NULL)
		cfg_check_warn(err, file, line,
			"bridge-domain %u: %s %s: no underlay address or route reaches it (nothing "
			"is sent to it)",
			bd->id, what, cp_ip_str(ip, buf, sizeof(buf)));
}

int cfg_check_bd_limits(struct cfg_error *err, const char *file, const struct cfg_bd *bd,
	const struct evpnd_config *cfg)
{
	int ret = 0;

	for (size_t i = 0; i < bd->n_flood_vteps; i++)
		check_reach(err, file, bd->line, bd, &bd->flood_vteps[i], "flood-vtep", cfg);
	for (size_t i = 0; i < bd->n_macs; i++)
		if (bd->macs[i].kind == CFG_MAC_REMOTE)
			check_reach(err, file, bd->macs[i].line ? bd->macs[i].line : bd->line, bd,
				&bd->macs[i].vtep, "remote-vtep", cfg);

	// dp/writer/writer_l2.c refuses more (the start-up only logged it).
	if (bd->n_members > DP_MAX_MEMBERS)
		ret = cfg_check_err(err, file, bd->line, "bridge-domain %u: more than %d members",
			bd->id, DP_MAX_MEMBERS);
	if (bd->n_flood_vteps > DP_MAX_FLOOD)
		ret = cfg_check_err(err, file, bd->line,
			"bridge-domain %u: more than %d flood-vteps", bd->id, DP_MAX_FLOOD);
	return ret;
}

int cfg_check_limits(const struct evpnd_config *cfg, const char *file, struct cfg_error *err)
{
	const struct cfg_bgp *bgp = &cfg->bgp;
	int ret = 0;

	for (size_t i = 0; i < cfg->n_ports; i++)
		ret |= check_port_mtu(&cfg->ports[i], file, err);
	// dp/writer/writer_underlay.c refuses more (the start-up only logged it).
	if (cfg->n_addrs > UADDR_MAX)
		ret = cfg_check_err(err, file, cfg->addrs[UADDR_MAX].line,
			"address: more than %d underlay addresses", UADDR_MAX);
	// cp/evpn/evpn_vtep.c: the type-2/3 routes carry the vtep-address cfg_evpn_vtep picks.
	if (bgp->asn != 0 && bgp->evpn_vtep_family && cfg_evpn_vtep(cfg) == NULL)
		ret = cfg_check_err(err, file, bgp->evpn_vtep_family_line,
			"vtep-address-family %s: no %s vtep-address in section underlay",
			bgp->evpn_vtep_family == AF_INET6 ? "ipv6" : "ipv4",
			bgp->evpn_vtep_family == AF_INET6 ? "IPv6" : "IPv4");
	else if (bgp->asn != 0 && bgp->advertise_all_vni && cfg_evpn_vtep(cfg) == NULL)
		ret = cfg_check_err(err, file, bgp->advertise_all_vni_line,
			"advertise-all-vni needs a vtep-address in section underlay "
			"(evpnd's EVPN routes carry it)");
	// cp/bgp/bgp_speaker.c matches incoming connections against IPv4 ranges only.
	for (size_t i = 0; i < bgp->n_listens; i++)
		if (bgp->listens[i].range.addr.family != AF_INET)
			ret = cfg_check_err(err, file, bgp->listens[i].line,
				"bgp listen range: only IPv4 ranges are supported (give IPv6 "
				"neighbors one by one)");
	return ret < 0 ? -EINVAL : 0;
}

// DPDK's EAL takes an lcore only if sysfs shows its CPU (eal_cpu_detected).
static bool cpu_present(uint32_t id)
{
	char path[64];

	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%u/topology/core_id", id);
	return access(path, F_OK) == 0;
}

// The kernel interface of an af_packet port ("iface=NAME" in its devargs), or "".
static void af_packet_iface(const char *devargs, char *name, size_t size)
{
	const char *s = strstr(devargs, ",iface=");

	name[0] = '\0';
	if (strncmp(devargs, AF_PACKET_PREFIX, strlen(AF_PACKET_PREFIX)) != 0 || s == NULL)
		return;
	s += strlen(",iface=");
	snprintf(name, size, "%.*s", (int)strcspn(s, ","), s);
}

unsigned config_check_host(const struct evpnd_config *cfg, const char *name, struct cfg_error *err)
{
	unsigned before = err->n_warnings;
	char ifname[IF_NAMESIZE + 8];

	// drivers/port.c: the af_packet driver cannot open a missing interface.
	for (size_t i = 0; i < cfg->n_ports; i++) {
		af_packet_iface(cfg->ports[i].devargs, ifname, sizeof(ifname));
		if (ifname[0] != '\0' && if_nametoindex(ifname) == 0)
			cfg_check_warn(err, name, cfg->ports[i].line,
				"port %s: no interface %s here (the af_packet port cannot open "
				"it)",
				cfg->ports[i].name, ifname);
	}

	if (!cpu_present(cfg->main_lcore))
		cfg_check_warn(err, name, cfg->main_lcore_line,
			"main-lcore %u: no such CPU on this machine (DPDK will not start on it)",
			cfg->main_lcore);
	for (size_t i = 0; i < cfg->n_workers; i++)
		if (!cpu_present(cfg->worker_lcores[i]))
			cfg_check_warn(err, name, cfg->workers_line,
				"worker-lcores: lcore %u: no such CPU on this machine (DPDK will "
				"not "
				"start on it)",
				cfg->worker_lcores[i]);
	return err->n_warnings - before;
}
