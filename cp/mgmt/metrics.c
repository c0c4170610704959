// SPDX-License-Identifier: BSD-3-Clause
// The collector (metrics.h): what each family means is in the README's metrics list;
// names follow Prometheus' conventions (evpnd_ prefix, _total on counters, base units).
#include "cp/mgmt/metrics.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp/bgp/bgp_pattr.h"
#include "cp/bgp/bgp_speaker.h"
#include "cp/cp_addr.h"
#include "cp/cp_msgq.h"
#include "cp/l3/l3_host.h"
#include "cp/l3/l3_prefix.h"
#include "cp/l3/l3_vrf.h"
#include "cp/mgmt/metrics_fmt.h"
#include "cp/mgmt/mgmt_cmd.h"
#include "cp/mgmt/show_bgp.h"
#include "dp/dp_api.h"

static uint32_t mac_table_size, neigh_table_size;

// ---- ports

static const struct {
	const char *name;
	const char *help;
	size_t off;
} port_counters[] = {
	{"evpnd_port_rx_packets_total", "Packets received by the port.",
		offsetof(struct dp_port_info, rx_packets)},
	{"evpnd_port_rx_bytes_total", "Bytes received by the port.",
		offsetof(struct dp_port_info, rx_bytes)},
	{"evpnd_port_rx_errors_total", "Erroneous packets received by the port.",
		offsetof(struct dp_port_info, rx_errors)},
	{"evpnd_port_rx_missed_total", "Packets the port dropped: its rx queues were full.",
		offsetof(struct dp_port_info, rx_missed)},
	{"evpnd_port_rx_nombuf_total", "Receive failures of the port for lack of mbufs.",
		offsetof(struct dp_port_info, rx_nombuf)},
	{"evpnd_port_tx_packets_total", "Packets sent by the port.",
		offsetof(struct dp_port_info, tx_packets)},
	{"evpnd_port_tx_bytes_total", "Bytes sent by the port.",
		offsetof(struct dp_port_info, tx_bytes)},
	{"evpnd_port_tx_errors_total", "Packets the port failed to send.",
		offsetof(struct dp_port_info, tx_errors)},
	{"evpnd_port_tx_dropped_total", "Packets dropped before the port: its tx queue was full.",
		offsetof(struct dp_port_info, tx_dropped)},
};

struct port_list {
	struct dp_port_info p[DP_MAX_PORTS];
	unsigned n;
};

static int port_collect(const struct dp_port_info *i, void *arg)
{
	struct port_list *l = arg;

	if (l->n < DP_MAX_PORTS)
		l->p[l->n++] = *i;
	return 0;
}

// One walk (it reads the ethdevs' stats), then a family per counter.
static int metrics_ports(struct metrics_fmt *m)
{
	struct port_list *l = calloc(1, sizeof(*l));

	if (l == NULL)
		return -ENOMEM;
	dp_port_walk(port_collect, l);
	for (unsigned c = 0; c < sizeof(port_counters) / sizeof(port_counters[0]); c++) {
		metrics_family(m, port_counters[c].name, METRICS_COUNTER, port_counters[c].help);
		for (unsigned i = 0; i < l->n; i++) {
			const struct metrics_label lb[] = {{"port", l->p[i].name}};
			uint64_t v;
			memcpy(&v, (const char *)&l->p[i] + port_counters[c].off, sizeof(v));
			metrics_u64(m, lb, 1, v);
		}
	}
	metrics_family(m, "evpnd_port_link_up", METRICS_GAUGE,
		"1 when the port's link is up, as the dataplane last saw it.");
	for (unsigned i = 0; i < l->n; i++)
		metrics_u64(m, &(struct metrics_label){"port", l->p[i].name}, 1, l->p[i].link_up);
	free(l);
	return 0;
}

// ---- nodes and their counters

struct node_list {
	struct dp_node_info *n;
	unsigned len, cap;
	int err;
};

static int node_collect(const struct dp_node_info *i, void *arg)
{
	struct node_list *l = arg;

	if (l->len == l->cap) {
		unsigned cap = l->cap ? l->cap * 2 : 32;
		struct dp_node_info *n = realloc(l->n, cap * sizeof(*n));
		if (n == NULL) {
			l->err = -ENOMEM;
			return l->err;
		}
		l->n = n;
		l->cap = cap;
	}
	l->n[l->len++] = *i;
	return 0;
}

static int metrics_nodes(struct metrics_fmt *m)
{
	static const struct {
		const char *name;
		const char *help;
		size_t off;
	} f[] = {
		{"evpnd_node_calls_total", "Calls of the dataplane node, all workers.",
			offsetof(struct dp_node_info, calls)},
		{"evpnd_node_packets_total", "Packets the dataplane node processed, all workers.",
			offsetof(struct dp_node_info, packets)},
		{"evpnd_node_cycles_total", "TSC cycles spent in the dataplane node, all workers.",
			offsetof(struct dp_node_info, cycles)},
	};
	struct node_list l = {0};

	dp_node_walk(node_collect, &l);
	for (unsigned c = 0; c < sizeof(f) / sizeof(f[0]); c++) {
		metrics_family(m, f[c].name, METRICS_COUNTER, f[c].help);
		for (unsigned i = 0; i < l.len; i++) {
			uint64_t v;
			memcpy(&v, (const char *)&l.n[i] + f[c].off, sizeof(v));
			metrics_u64(m, &(struct metrics_label){"node", l.n[i].name}, 1, v);
		}
	}
	free(l.n);
	return l.err;
}

// What a walk of the counters emits: the nodes' drops, their other counters, or the
// table writer's (owner "writer": dp_counter_walk puts them after the nodes').
enum counter_pass { PASS_DROPS, PASS_NODE, PASS_WRITER };

struct counter_walk {
	struct metrics_fmt *m;
	enum counter_pass pass;
};

static bool is_writer(const struct dp_counter_info *i)
{
	return strcmp(i->node, "writer") == 0;
}

// The writer's figures that are not counts: the longest loop and step, as seconds.
static bool writer_gauge(const struct dp_counter_info *i)
{
	size_t len = strlen(i->name);
	return len > 7 && strcmp(i->name + len - 7, "_max_us") == 0;
}

static int counter_row(const struct dp_counter_info *i, void *arg)
{
	struct counter_walk *w = arg;

	if (w->pass == PASS_DROPS && i->drop && !is_writer(i))
		metrics_u64(w->m,
			(const struct metrics_label[]){{"node", i->node}, {"reason", i->name}}, 2,
			i->value);
	else if (w->pass == PASS_NODE && !i->drop && !is_writer(i))
		metrics_u64(w->m,
			(const struct metrics_label[]){{"node", i->node}, {"counter", i->name}}, 2,
			i->value);
	else if (w->pass == PASS_WRITER && is_writer(i) && !writer_gauge(i) &&
		 strcmp(i->name, "grace_periods") != 0)
		metrics_u64(w->m, &(struct metrics_label){"event", i->name}, 1, i->value);
	return 0;
}

// The writer's longest loop and step (loop_max_us, step_max_us), as seconds.
static int writer_gauges(const struct dp_counter_info *i, void *arg)
{
	struct metrics_fmt *m = arg;
	char part[32];

	if (!is_writer(i) || !writer_gauge(i))
		return 0;
	snprintf(part, sizeof(part), "%.*s", (int)(strlen(i->name) - 7), i->name);
	metrics_f64(m, &(struct metrics_label){"part", part}, 1, (double)i->value / 1e6);
	return 0;
}

static int writer_grace_periods(const struct dp_counter_info *i, void *arg)
{
	if (is_writer(i) && strcmp(i->name, "grace_periods") == 0)
		metrics_u64(arg, NULL, 0, i->value);
	return 0;
}

static int metrics_counters(struct metrics_fmt *m)
{
	struct counter_walk w = {m, PASS_DROPS};

	metrics_family(m, "evpnd_dp_drops_total", METRICS_COUNTER,
		"Packets dropped by the dataplane, by node and reason, all workers.");
	dp_counter_walk(counter_row, &w);
	metrics_family(m, "evpnd_dp_node_counter_total", METRICS_COUNTER,
		"Packets per dataplane node outcome that is not a drop, all workers.");
	w.pass = PASS_NODE;
	dp_counter_walk(counter_row, &w);
	metrics_family(m, "evpnd_writer_events_total", METRICS_COUNTER,
		"Events of the table writer: messages applied or refused, MACs learned, "
		"moved, aged, tables full, notifications dropped, exception packets.");
	w.pass = PASS_WRITER;
	dp_counter_walk(counter_row, &w);
	metrics_family(m, "evpnd_rcu_grace_periods_total", METRICS_COUNTER,
		"RCU grace periods the table writer completed.");
	dp_counter_walk(writer_grace_periods, m);
	metrics_family(m, "evpnd_control_loop_max_seconds", METRICS_GAUGE,
		"Longest control-loop iteration (work only) and table-writer step.");
	return dp_counter_walk(writer_gauges, m);
}

static int metrics_rings(struct metrics_fmt *m)
{
	metrics_family(m, "evpnd_writer_ring_messages", METRICS_GAUGE,
		"Messages waiting in the ring to the table writer.");
	metrics_u64(m, NULL, 0, dp_msg_pending());
	metrics_family(m, "evpnd_writer_backlog_messages", METRICS_GAUGE,
		"Messages the control plane holds back while the writer's ring is full.");
	metrics_u64(m, NULL, 0, cp_send_backlog());
	return 0;
}

// ---- bridge domains and tables

struct bd_walk {
	struct metrics_fmt *m;
	int pass; // 0: MACs, 1: proxy entries, 2: flood list
	uint64_t macs, neighs;
};

static int bd_row(const struct dp_bd_info *i, void *arg)
{
	struct bd_walk *w = arg;
	char bd[8], vni[12];

	snprintf(bd, sizeof(bd), "%u", i->bd);
	snprintf(vni, sizeof(vni), "%u", i->vni);
	if (w->pass == 0) {
		metrics_u64(w->m,
			(const struct metrics_label[]){{"bd", bd}, {"vni", vni}, {"type", "local"}},
			3, i->n_macs_local);
		metrics_u64(w->m,
			(const struct metrics_label[]){
				{"bd", bd}, {"vni", vni}, {"type", "remote"}},
			3, i->n_macs_remote);
		w->macs += i->n_macs_local + i->n_macs_remote;
		w->neighs += i->n_neigh;
	} else {
		metrics_u64(w->m, (const struct metrics_label[]){{"bd", bd}, {"vni", vni}}, 2,
			w->pass == 1 ? i->n_neigh : i->n_flood);
	}
	return 0;
}

static void table_gauge(struct metrics_fmt *m, const char *name, const char *help, uint64_t v)
{
	metrics_family(m, name, METRICS_GAUGE, help);
	metrics_u64(m, NULL, 0, v);
}

static int metrics_bds(struct metrics_fmt *m)
{
	struct bd_walk w = {.m = m};

	metrics_family(m, "evpnd_vni_macs", METRICS_GAUGE,
		"MACs of a bridge domain (VNI) in the dataplane, local or remote.");
	dp_bd_walk(bd_row, &w);
	metrics_family(m, "evpnd_vni_proxy_entries", METRICS_GAUGE,
		"ARP/ND proxy entries of a bridge domain (VNI).");
	w.pass = 1;
	dp_bd_walk(bd_row, &w);
	metrics_family(m, "evpnd_vni_flood_vteps", METRICS_GAUGE,
		"Remote VTEPs in a bridge domain's flood list.");
	w.pass = 2;
	dp_bd_walk(bd_row, &w);
	table_gauge(m, "evpnd_mac_table_entries", "Entries in the MAC table, all bridge domains.",
		w.macs);
	table_gauge(m, "evpnd_mac_table_size", "Capacity of the MAC table (mac-table-size).",
		mac_table_size);
	table_gauge(m, "evpnd_neigh_table_entries", "Entries in the ARP/ND proxy table.", w.neighs);
	table_gauge(m, "evpnd_neigh_table_size", "Capacity of the ARP/ND proxy table.",
		neigh_table_size);
	return 0;
}

// ---- VRFs: configured routes, EVPN host routes (type 2) and prefixes (type 5)

struct vrf_counts {
	uint64_t *host, *prefix;
	size_t n; // slots, by VRF id
};

static int vrf_host(const struct l3_host *h, void *arg)
{
	struct vrf_counts *c = arg;

	if (h->vrf < c->n)
		c->host[h->vrf]++;
	return 0;
}

static int vrf_prefix(const struct l3_prefix *p, void *arg)
{
	struct vrf_counts *c = arg;

	if (p->vrf < c->n)
		c->prefix[p->vrf]++;
	return 0;
}

static int metrics_vrfs(struct metrics_fmt *m)
{
	struct vrf_counts c = {0};

	for (size_t i = 0; i < l3_vrf_count(); i++)
		if ((size_t)l3_vrf_at(i)->id + 1 > c.n)
			c.n = (size_t)l3_vrf_at(i)->id + 1;
	c.host = calloc(c.n + 1, sizeof(uint64_t));
	c.prefix = calloc(c.n + 1, sizeof(uint64_t));
	if (c.host == NULL || c.prefix == NULL) {
		free(c.host);
		free(c.prefix);
		return -ENOMEM;
	}
	l3_host_walk(vrf_host, &c);
	l3_prefix_walk(vrf_prefix, &c);
	metrics_family(m, "evpnd_vrf_routes", METRICS_GAUGE,
		"Routes of a VRF: configured (connected and static), EVPN host (type 2) and "
		"prefix (type 5) routes.");
	for (size_t i = 0; i < l3_vrf_count(); i++) {
		const struct l3_vrf *v = l3_vrf_at(i);
		const char *src[] = {"configured", "evpn_host", "evpn_prefix"};
		const uint64_t n[] = {v->n_routes, c.host[v->id], c.prefix[v->id]};
		for (unsigned s = 0; s < 3; s++)
			metrics_u64(m,
				(const struct metrics_label[]){
					{"vrf", v->name}, {"source", src[s]}},
				2, n[s]);
	}
	free(c.host);
	free(c.prefix);
	return 0;
}

// ---- BGP

static const struct {
	enum bgp_af af;
	enum cfg_bgp_af cfg_af;
	const char *label;
} bgp_afs[] = {
	{BGP_AF_IPV4_UNICAST, CFG_BGP_AF_IPV4_UNICAST, "ipv4_unicast"},
	{BGP_AF_IPV6_UNICAST, CFG_BGP_AF_IPV6_UNICAST, "ipv6_unicast"},
	{BGP_AF_L2VPN_EVPN, CFG_BGP_AF_L2VPN_EVPN, "l2vpn_evpn"},
};
#define N_BGP_AFS (sizeof(bgp_afs) / sizeof(bgp_afs[0]))

static const char *const msg_types[] = {
	[BGP_MSG_OPEN] = "open",
	[BGP_MSG_UPDATE] = "update",
	[BGP_MSG_NOTIFICATION] = "notification",
	[BGP_MSG_KEEPALIVE] = "keepalive",
	[BGP_MSG_ROUTE_REFRESH] = "route_refresh",
};

static uint64_t peer_up(const struct bgp_peer *p)
{
	return p->state == BGP_ESTABLISHED;
}

static uint64_t peer_state(const struct bgp_peer *p)
{
	return (uint64_t)p->state + 1; // BGP4-MIB's numbering
}

static uint64_t peer_established(const struct bgp_peer *p)
{
	return p->established_count;
}

static uint64_t peer_dropped(const struct bgp_peer *p)
{
	return p->dropped_count;
}

static uint64_t peer_withdrawn(const struct bgp_peer *p)
{
	return p->withdraws_in;
}

static uint64_t peer_nexthop_refused(const struct bgp_peer *p)
{
	return p->nexthop_refused;
}

static void bgp_peer_uptime(struct metrics_fmt *m)
{
	metrics_family(m, "evpnd_bgp_neighbor_uptime_seconds", METRICS_GAUGE,
		"Time since the session was established, 0 when it is not.");
	for (struct bgp_peer *p = bgp_peers(); p != NULL; p = p->next)
		metrics_f64(m, &(struct metrics_label){"neighbor", p->name}, 1,
			peer_up(p) ? (double)show_bgp_uptime_ms(p) / 1000 : 0);
}

static void bgp_peer_msgs(struct metrics_fmt *m, bool in)
{
	for (struct bgp_peer *p = bgp_peers(); p != NULL; p = p->next)
		for (unsigned t = BGP_MSG_OPEN; t <= BGP_MSG_ROUTE_REFRESH; t++)
			metrics_u64(m,
				(const struct metrics_label[]){
					{"neighbor", p->name}, {"type", msg_types[t]}},
				2, in ? p->msgs_in[t] : p->msgs_out[t]);
}

static void bgp_peer_pfx(struct metrics_fmt *m, bool in)
{
	for (struct bgp_peer *p = bgp_peers(); p != NULL; p = p->next)
		for (size_t a = 0; a < N_BGP_AFS; a++)
			if (p->cfg.af_active[bgp_afs[a].cfg_af])
				metrics_u64(m,
					(const struct metrics_label[]){{"neighbor", p->name},
						{"afi_safi", bgp_afs[a].label}},
					2,
					in ? show_bgp_pfx_rcvd(p, bgp_afs[a].af)
					   : show_bgp_sent_counter(p, bgp_afs[a].af));
}

static int metrics_bgp(struct metrics_fmt *m)
{
	static const struct {
		const char *name;
		enum metrics_type type;
		const char *help;
		uint64_t (*get)(const struct bgp_peer *p);
	} g[] = {
		{"evpnd_bgp_neighbor_up", METRICS_GAUGE, "1 when the BGP session is Established.",
			peer_up},
		{"evpnd_bgp_neighbor_state", METRICS_GAUGE,
			"BGP FSM state as BGP4-MIB numbers it: 1 Idle, 2 Connect, 3 Active, "
			"4 OpenSent, 5 OpenConfirm, 6 Established.",
			peer_state},
		{"evpnd_bgp_neighbor_established_total", METRICS_COUNTER,
			"Times the session reached Established.", peer_established},
		{"evpnd_bgp_neighbor_dropped_total", METRICS_COUNTER,
			"Times an established session went down.", peer_dropped},
		{"evpnd_bgp_withdrawn_prefixes_received_total", METRICS_COUNTER,
			"Prefixes the neighbor withdrew, all families.", peer_withdrawn},
		{"evpnd_bgp_neighbor_nexthop_refused_total", METRICS_COUNTER,
			"UPDATEs treated as withdraw for their next hop.", peer_nexthop_refused},
	};

	if (bgp_glob()->asn == 0)
		return 0; // no "router bgp"
	for (size_t i = 0; i < sizeof(g) / sizeof(g[0]); i++) {
		metrics_family(m, g[i].name, g[i].type, g[i].help);
		for (struct bgp_peer *p = bgp_peers(); p != NULL; p = p->next)
			metrics_u64(
				m, &(struct metrics_label){"neighbor", p->name}, 1, g[i].get(p));
	}
	bgp_peer_uptime(m);
	metrics_family(m, "evpnd_bgp_messages_received_total", METRICS_COUNTER,
		"BGP messages received from the neighbor, by type.");
	bgp_peer_msgs(m, true);
	metrics_family(m, "evpnd_bgp_messages_sent_total", METRICS_COUNTER,
		"BGP messages sent to the neighbor, by type.");
	bgp_peer_msgs(m, false);
	metrics_family(m, "evpnd_bgp_prefixes_accepted", METRICS_GAUGE,
		"Prefixes of the neighbor accepted into the Adj-RIB-In (FRR's PfxRcd).");
	bgp_peer_pfx(m, true);
	// Not PfxSnt of `show bgp summary`: for l2vpn evpn it walks the RIB (263 ms a
	// scrape at 1M routes, perf/evpn/metrics_scrape.sh), this is a read.
	metrics_family(m, "evpnd_bgp_prefixes_sent", METRICS_GAUGE,
		"Prefixes sent to the neighbor (FRR's sentPrefixCounter): unicast, those in "
		"its Adj-RIB-Out; other families, routes sent since the session came up.");
	bgp_peer_pfx(m, false);
	metrics_family(m, "evpnd_bgp_rib_routes", METRICS_GAUGE, "BGP RIB entries per family.");
	for (size_t a = 0; a < N_BGP_AFS; a++)
		metrics_u64(m, &(struct metrics_label){"afi_safi", bgp_afs[a].label}, 1,
			show_bgp_rib_count(bgp_afs[a].af));
	table_gauge(m, "evpnd_bgp_rib_unicast_paths", "Paths in the unicast BGP RIBs.",
		bgp_rib_paths());
	table_gauge(m, "evpnd_bgp_attribute_sets", "Distinct BGP path attribute sets held.",
		bgp_pattr_count());
	return 0;
}

// evpnd --split: the control process's restarts and re-syncs (nothing in one process).
static int metrics_split(struct metrics_fmt *m)
{
	struct dp_split_info s;

	if (dp_split_info(&s) < 0)
		return 0;
	metrics_family(m, "evpnd_control_process_starts_total", METRICS_COUNTER,
		"Control processes (evpnd-cp) the forwarding process has seen connect.");
	metrics_u64(m, NULL, 0, s.controls);
	table_gauge(m, "evpnd_control_synchronised",
		"1 when the current control process has re-sent everything (re-sync done).",
		!s.syncing);
	metrics_family(m, "evpnd_control_last_resync_seconds", METRICS_GAUGE,
		"Connect to re-sync done of the last control process.");
	metrics_f64(m, NULL, 0, (double)s.last_sync_ms / 1000.0);
	table_gauge(m, "evpnd_control_last_sweep_removed",
		"Stale table entries the last re-sync removed.", s.last_sweep_removed);
	table_gauge(m, "evpnd_dataplane_entries_kept",
		"Table entries the forwarding process keeps for a control-process restart.",
		s.recorded);
	table_gauge(m, "evpnd_dataplane_entries_stale",
		"Of those, entries a re-sync in progress has not confirmed yet.", s.stale);
	metrics_family(m, "evpnd_control_notifications_dropped_total", METRICS_COUNTER,
		"Dataplane notifications the control process was too slow to take.");
	metrics_u64(m, NULL, 0, s.notifies_dropped);
	return 0;
}

int metrics_collect(struct mgmt_out *out)
{
	struct metrics_fmt m;
	int ret;

	metrics_fmt_init(&m, out);
	metrics_family(&m, "evpnd_build_info", METRICS_GAUGE, "evpnd's version, always 1.");
	metrics_u64(&m, &(struct metrics_label){"version", EVPND_VERSION}, 1, 1);
	if ((ret = metrics_ports(&m)) < 0 || (ret = metrics_nodes(&m)) < 0 ||
		(ret = metrics_counters(&m)) < 0 || (ret = metrics_rings(&m)) < 0 ||
		(ret = metrics_bds(&m)) < 0 || (ret = metrics_vrfs(&m)) < 0 ||
		(ret = metrics_bgp(&m)) < 0 || (ret = metrics_split(&m)) < 0)
		return ret;
	return metrics_fmt_finish(&m);
}

static int show_metrics(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	(void)req;
	(void)ctx;
	return metrics_collect(out);
}

int metrics_register(const struct evpnd_config *cfg)
{
	mac_table_size = cfg->mac_table_size;
	neigh_table_size = cfg->neigh_table_size;
	return mgmt_register("show metrics", show_metrics, NULL,
		"every metric, in Prometheus' text format (what GET /metrics serves)");
}
