// SPDX-License-Identifier: BSD-3-Clause
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "cp/cp_addr.h"
#include "cp/cp_msgq.h"
#include "cp/mgmt/mgmt_cmd.h"
#include "cp/mgmt/mgmt_out.h"
#include "cp/mgmt/show_dataplane.h"
#include "cp/mgmt/show_fmt.h"
#include "dp/dp_api.h"

static const char *const role_name[] = {"unused", "access", "underlay"};
static const char *const mac_kind_name[] = {
	[DP_MAC_LOCAL] = "local",
	[DP_MAC_LOCAL_STATIC] = "static",
	[DP_MAC_REMOTE] = "remote",
	[DP_MAC_GATEWAY] = "gateway",
};

struct show_ctx {
	struct mgmt_out *out;
	struct json_writer j;
	struct mgmt_table t;
	bool json;
	uint64_t count;
};

static void show_begin(struct show_ctx *c, const struct mgmt_req *req, struct mgmt_out *out,
	unsigned ncols)
{
	memset(c, 0, sizeof(*c));
	c->out = out;
	c->json = req->json;
	if (c->json) {
		json_init(&c->j, out, true);
		json_arr_begin(&c->j);
	} else {
		mgmt_table_init(&c->t, ncols);
	}
	show_port_names_load();
}

static int show_end(struct show_ctx *c)
{
	int ret;
	if (c->json) {
		json_arr_end(&c->j);
		return json_finish(&c->j);
	}
	ret = mgmt_table_print(&c->t, c->out);
	mgmt_table_free(&c->t);
	return ret;
}

// "rxQueuePackets": [..]: one number per queue the port has (DPDK counts 16 at most).
static void queue_counts(struct json_writer *j, const char *key, const uint64_t *v, unsigned n)
{
	json_key(j, key);
	json_arr_begin(j);
	for (unsigned q = 0; q < n && q < DP_PORT_QSTATS; q++)
		json_u64(j, v[q]);
	json_arr_end(j);
}

static int port_row(const struct dp_port_info *i, void *arg)
{
	struct show_ctx *c = arg;
	char mac[32];
	cp_mac_str(i->mac, mac, sizeof(mac));
	if (c->json) {
		json_obj_begin(&c->j);
		json_kv_u64(&c->j, "port", i->port);
		json_kv_str(&c->j, "name", i->name);
		json_kv_str(&c->j, "role", role_name[i->role % 3]);
		json_kv_str(&c->j, "mac", mac);
		json_kv_bool(&c->j, "linkUp", i->link_up);
		json_kv_u64(&c->j, "speedMbps", i->speed_mbps);
		json_kv_u64(&c->j, "rxQueues", i->rx_queues);
		json_kv_u64(&c->j, "txQueues", i->tx_queues);
		json_kv_u64(&c->j, "rxPackets", i->rx_packets);
		json_kv_u64(&c->j, "rxBytes", i->rx_bytes);
		json_kv_u64(&c->j, "rxMissed", i->rx_missed);
		json_kv_u64(&c->j, "rxErrors", i->rx_errors);
		json_kv_u64(&c->j, "rxNoMbuf", i->rx_nombuf);
		json_kv_u64(&c->j, "txPackets", i->tx_packets);
		json_kv_u64(&c->j, "txBytes", i->tx_bytes);
		json_kv_u64(&c->j, "txErrors", i->tx_errors);
		json_kv_u64(&c->j, "txDropped", i->tx_dropped);
		queue_counts(&c->j, "rxQueuePackets", i->rxq_packets, i->rx_queues);
		queue_counts(&c->j, "txQueuePackets", i->txq_packets, i->tx_queues);
		json_obj_end(&c->j);
		return 0;
	}
	mgmt_table_cell(&c->t, "%s", i->name);
	mgmt_table_cell(&c->t, "%u", i->port);
	mgmt_table_cell(&c->t, "%s", role_name[i->role % 3]);
	mgmt_table_cell(&c->t, "%s", mac);
	mgmt_table_cell(&c->t, "%s", i->link_up ? "up" : "down");
	mgmt_table_cell(&c->t, "%u/%u", i->rx_queues, i->tx_queues);
	mgmt_table_cell(&c->t, "%lu", (unsigned long)i->rx_packets);
	mgmt_table_cell(&c->t, "%lu", (unsigned long)i->tx_packets);
	mgmt_table_cell(&c->t, "%lu", (unsigned long)(i->rx_missed + i->rx_errors + i->rx_nombuf));
	mgmt_table_cell(&c->t, "%lu", (unsigned long)i->tx_errors);
	mgmt_table_cell(&c->t, "%lu", (unsigned long)i->tx_dropped);
	return 0;
}

static int show_port(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	struct show_ctx c;
	(void)ctx;
	show_begin(&c, req, out, 11);
	if (!c.json)
		mgmt_table_add(&c.t, "Port", "Id", "Role", "MAC", "Link", "Rxq/Txq", "RxPkts",
			"TxPkts", "RxDrops", "TxErrors", "TxDrops");
	dp_port_walk(port_row, &c);
	return show_end(&c);
}

// The anycast gateway: "anycastGateway": {"mac": ..., "addresses": [...]}, or nothing.
static void bd_gateway_json(struct show_ctx *c, const struct dp_bd_info *i)
{
	char buf[INET6_ADDRSTRLEN];

	if (!i->has_gw)
		return;
	json_key(&c->j, "anycastGateway");
	json_obj_begin(&c->j);
	json_kv_str(&c->j, "mac", cp_mac_str(i->gw_mac, buf, sizeof(buf)));
	json_key(&c->j, "addresses");
	json_arr_begin(&c->j);
	for (unsigned a = 0; a < i->n_gw_addrs; a++)
		json_str(&c->j, cp_dp_ip_str(&i->gw_addrs[a], buf, sizeof(buf)));
	json_arr_end(&c->j);
	json_obj_end(&c->j);
}

static void bd_gateway_text(struct show_ctx *c, const struct dp_bd_info *i)
{
	char buf[INET6_ADDRSTRLEN];

	if (!i->has_gw)
		return;
	mgmt_printf(c->out, "  anycast gateway %s:", cp_mac_str(i->gw_mac, buf, sizeof(buf)));
	for (unsigned a = 0; a < i->n_gw_addrs; a++)
		mgmt_printf(c->out, " %s", cp_dp_ip_str(&i->gw_addrs[a], buf, sizeof(buf)));
	mgmt_printf(c->out, "\n");
}

static int bd_row(const struct dp_bd_info *i, void *arg)
{
	struct show_ctx *c = arg;
	char buf[INET6_ADDRSTRLEN];
	if (c->json) {
		json_obj_begin(&c->j);
		json_kv_u64(&c->j, "bridgeDomain", i->bd);
		json_kv_u64(&c->j, "vni", i->vni);
		json_kv_bool(&c->j, "learning", i->learning);
		json_kv_u64(&c->j, "macAgingTime", i->aging_sec);
		json_kv_u64(&c->j, "localMacs", i->n_macs_local);
		json_kv_u64(&c->j, "remoteMacs", i->n_macs_remote);
		json_kv_bool(&c->j, "arpSuppression", i->arp_suppress);
		json_kv_bool(&c->j, "neighSuppression", i->nd_suppress);
		json_kv_bool(&c->j, "unknownUnicastSuppression", i->unknown_drop);
		json_kv_u64(&c->j, "proxyEntries", i->n_neigh);
		bd_gateway_json(c, i);
		json_key(&c->j, "members");
		json_arr_begin(&c->j);
		for (unsigned m = 0; m < i->n_members; m++) {
			json_obj_begin(&c->j);
			json_kv_str(&c->j, "port", show_port_name(i->members[m].port));
			json_kv_u64(&c->j, "vlan", i->members[m].vlan);
			json_obj_end(&c->j);
		}
		json_arr_end(&c->j);
		json_key(&c->j, "floodList");
		json_arr_begin(&c->j);
		for (unsigned f = 0; f < i->n_flood; f++) {
			json_obj_begin(&c->j);
			json_kv_str(&c->j, "vtep", cp_dp_ip_str(&i->flood[f].remote, buf, sizeof(buf)));
			json_kv_u64(&c->j, "vni", i->flood[f].vni);
			json_obj_end(&c->j);
		}
		json_arr_end(&c->j);
		json_obj_end(&c->j);
		return 0;
	}
	mgmt_printf(c->out, "Bridge domain %u, VNI %u, learning %s, MAC aging %u s\n", i->bd,
		i->vni, i->learning ? "on" : "off", i->aging_sec);
	mgmt_printf(c->out, "  MACs: %u local, %u remote\n", i->n_macs_local, i->n_macs_remote);
	mgmt_printf(c->out, "  ARP suppression %s, ND suppression %s%s, %u proxy entries\n",
		i->arp_suppress ? "on" : "off", i->nd_suppress ? "on" : "off",
		i->unknown_drop ? " (unknown targets dropped)" : "", i->n_neigh);
	bd_gateway_text(c, i);
	for (unsigned m = 0; m < i->n_members; m++) {
		if (i->members[m].vlan)
			mgmt_printf(c->out, "  member %s vlan %u\n", show_port_name(i->members[m].port),
				i->members[m].vlan);
		else
			mgmt_printf(c->out, "  member %s untagged\n", show_port_name(i->members[m].port));
	}
	for (unsigned f = 0; f < i->n_flood; f++)
		mgmt_printf(c->out, "  flood-vtep %s vni %u\n",
			cp_dp_ip_str(&i->flood[f].remote, buf, sizeof(buf)), i->flood[f].vni);
	return 0;
}

static int show_bd(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	struct show_ctx c;
	(void)ctx;
	memset(&c, 0, sizeof(c));
	c.out = out;
	c.json = req->json;
	show_port_names_load();
	if (c.json) {
		json_init(&c.j, out, true);
		json_arr_begin(&c.j);
	}
	dp_bd_walk(bd_row, &c);
	if (c.json) {
		json_arr_end(&c.j);
		return json_finish(&c.j);
	}
	return 0;
}

// A remote MAC the control plane pinned (sticky, or frozen as a duplicate) says so.
static const char *mac_type(const struct dp_mac_info *i)
{
	if (i->kind >= sizeof(mac_kind_name) / sizeof(mac_kind_name[0]))
		return "?";
	if (i->pinned && i->kind == DP_MAC_REMOTE)
		return "remote-pinned";
	return mac_kind_name[i->kind];
}

static int mac_row(const struct dp_mac_info *i, void *arg)
{
	struct show_ctx *c = arg;
	char mac[32], buf[INET6_ADDRSTRLEN];
	bool local = i->kind <= DP_MAC_LOCAL_STATIC;

	cp_mac_str(i->mac, mac, sizeof(mac));
	c->count++;
	if (c->json) {
		json_obj_begin(&c->j);
		json_kv_u64(&c->j, "bridgeDomain", i->bd);
		json_kv_str(&c->j, "mac", mac);
		json_kv_str(&c->j, "type", mac_type(i));
		if (local) {
			json_kv_str(&c->j, "port", show_port_name(i->port));
			json_kv_u64(&c->j, "vlan", i->vlan);
			if (i->kind == DP_MAC_LOCAL)
				json_kv_u64(&c->j, "ageSeconds", i->age_sec);
		} else if (i->kind == DP_MAC_GATEWAY) {
			// ours on every VTEP: no port, no VTEP
		} else {
			json_kv_str(&c->j, "remoteVtep", cp_dp_ip_str(&i->remote, buf, sizeof(buf)));
			json_kv_u64(&c->j, "vni", i->vni);
		}
		json_kv_bool(&c->j, "pinned", i->pinned);
		json_obj_end(&c->j);
		return 0;
	}
	mgmt_table_cell(&c->t, "%u", i->bd);
	mgmt_table_cell(&c->t, "%s", mac);
	mgmt_table_cell(&c->t, "%s", mac_type(i));
	if (local) {
		mgmt_table_cell(&c->t, "%s%s", show_port_name(i->port), i->vlan ? "" : "");
		mgmt_table_cell(&c->t, "%u", i->vlan);
		mgmt_table_cell(&c->t, i->kind == DP_MAC_LOCAL ? "%u" : "-", i->age_sec);
	} else if (i->kind == DP_MAC_GATEWAY) {
		mgmt_table_cell(&c->t, "-");
		mgmt_table_cell(&c->t, "-");
		mgmt_table_cell(&c->t, "-");
	} else {
		mgmt_table_cell(&c->t, "%s", cp_dp_ip_str(&i->remote, buf, sizeof(buf)));
		mgmt_table_cell(&c->t, "vni %u", i->vni);
		mgmt_table_cell(&c->t, "-");
	}
	return 0;
}

static int show_mac(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	struct show_ctx c;
	uint64_t bd = 0;
	int ret;
	(void)ctx;

	ret = mgmt_req_u64(req, "N", 1, DP_MAX_BD - 1, &bd, out);
	if (ret < 0 && ret != -ENOENT)
		return ret;
	show_begin(&c, req, out, 6);
	if (!c.json)
		mgmt_table_add(&c.t, "BD", "MAC", "Type", "Port/VTEP", "VLAN/VNI", "Age");
	dp_mac_walk((uint16_t)bd, mac_row, &c);
	ret = show_end(&c);
	if (!req->json)
		mgmt_printf(out, "Number of MACs: %lu\n", (unsigned long)c.count);
	return ret;
}

static int nh_row(const struct dp_nh_info *i, void *arg)
{
	struct show_ctx *c = arg;
	char mac[32], r[INET6_ADDRSTRLEN], l[INET6_ADDRSTRLEN];
	cp_mac_str(i->dst_mac, mac, sizeof(mac));
	cp_dp_ip_str(&i->remote, r, sizeof(r));
	cp_dp_ip_str(&i->local, l, sizeof(l));
	if (c->json) {
		json_obj_begin(&c->j);
		json_kv_u64(&c->j, "nexthop", i->nh);
		json_kv_str(&c->j, "remoteVtep", r);
		json_kv_str(&c->j, "localVtep", l);
		json_kv_bool(&c->j, "resolved", i->resolved);
		json_kv_str(&c->j, "encapsulation",
			i->encap == DP_ENCAP_MPLS	? "mpls"
			: i->encap == DP_ENCAP_MPLS_UDP ? "mpls-in-udp"
							: "vxlan");
		json_kv_str(&c->j, "port", i->resolved ? show_port_name(i->port) : NULL);
		json_kv_str(&c->j, "neighborMac", i->resolved ? mac : NULL);
		json_obj_end(&c->j);
		return 0;
	}
	mgmt_table_add(&c->t, r, l, i->resolved ? "resolved" : "unresolved",
		i->resolved ? show_port_name(i->port) : "-", i->resolved ? mac : "-");
	return 0;
}

static int show_vtep(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	struct show_ctx c;
	(void)ctx;
	show_begin(&c, req, out, 5);
	if (!c.json)
		mgmt_table_add(&c.t, "Remote VTEP", "Source", "State", "Port", "Next-hop MAC");
	dp_nh_walk(nh_row, &c);
	return show_end(&c);
}

static int counter_row(const struct dp_counter_info *i, void *arg)
{
	struct show_ctx *c = arg;
	if (c->json) {
		json_obj_begin(&c->j);
		json_kv_str(&c->j, "node", i->node);
		json_kv_str(&c->j, "counter", i->name);
		json_kv_bool(&c->j, "drop", i->drop);
		json_kv_u64(&c->j, "value", i->value);
		json_obj_end(&c->j);
		return 0;
	}
	if (i->value == 0 && !c->count)
		return 0;
	mgmt_table_cell(&c->t, "%s", i->node);
	mgmt_table_cell(&c->t, "%s%s", i->name, i->drop ? " (drop)" : "");
	mgmt_table_cell(&c->t, "%lu", (unsigned long)i->value);
	return 0;
}

static int show_stats(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	struct show_ctx c;
	(void)ctx;
	show_begin(&c, req, out, 3);
	c.count = mgmt_req_has(req, "all"); // "all" also lists the counters at zero
	if (!c.json) {
		mgmt_table_add(&c.t, "Node", "Counter", "Packets");
		mgmt_table_align(&c.t, 2, MGMT_ALIGN_RIGHT);
	}
	dp_counter_walk(counter_row, &c);
	return show_end(&c);
}

static int clear_mac(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	struct dp_msg m = {.type = DP_MSG_MAC_FLUSH};
	uint64_t bd = 0;
	int ret;
	(void)ctx;
	ret = mgmt_req_u64(req, "N", 1, DP_MAX_BD - 1, &bd, out);
	if (ret < 0 && ret != -ENOENT)
		return ret;
	m.mac.bd = (uint16_t)bd;
	// Behind what the control plane queued before (cp_send keeps the order), not
	// past it: a full ring delays the flush instead of refusing it.
	if ((ret = cp_send(&m)) < 0)
		return ret;
	return req->json ? mgmt_puts(out, "{}\n") : 0;
}

// show version: ours, in FRR's first line ("FRRouting 8.4.4 (host) on Linux(6.1.0).").
static int show_version(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	struct utsname u;
	struct json_writer w;

	(void)ctx;
	if (uname(&u) < 0)
		memset(&u, 0, sizeof(u));
	if (!req->json) {
		mgmt_printf(out, "evpnd %s (%s) on %s(%s).\n", EVPND_VERSION, u.nodename,
			u.sysname, u.release);
		return 0;
	}
	json_init(&w, out, true);
	json_obj_begin(&w);
	json_kv_str(&w, "version", EVPND_VERSION);
	json_kv_str(&w, "host", u.nodename);
	json_kv_str(&w, "os", u.sysname);
	json_kv_str(&w, "osRelease", u.release);
	json_obj_end(&w);
	return json_finish(&w);
}

int show_dataplane_register(void)
{
	static const struct {
		const char *syntax;
		mgmt_handler fn;
		const char *help;
	} cmds[] = {
		{"show port", show_port, "ports: role, link, queues, packet counters"},
		{"show bridge-domain", show_bd, "bridge domains: VNI, members, flood list"},
		{"show mac [bd <N>]", show_mac, "MAC table, all or one bridge domain"},
		{"show vtep", show_vtep, "remote VTEPs and their underlay next hops"},
		{"show stats [all]", show_stats, "dataplane counters per node and drop reason"},
		{"clear mac [bd <N>]", clear_mac, "remove learned MACs"},
		{"show version", show_version, "evpnd's version and the system it runs on"},
	};
	for (unsigned i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		int ret = mgmt_register(cmds[i].syntax, cmds[i].fn, NULL, cmds[i].help);
		if (ret < 0)
			return ret;
	}
	return 0;
}
