// SPDX-License-Identifier: BSD-3-Clause
// The control plane of a process, in the order it must start: management commands
// first (their tables are static), then the configuration into the dataplane, then
// BGP and EVPN on top, then the route-injection helpers.
#include "pipelines/control.h"

#include <errno.h>
#include <string.h>

#include "cp/bgp/bgp_io.h"
#include "cp/bgp/bgp_out.h"
#include "cp/bgp/bgp_speaker.h"
#include "cp/cp.h"
#include "cp/cp_log.h"
#include "cp/evpn/evpn_bgp_in.h"
#include "cp/evpn/evpn_bgp_out.h"
#include "cp/evpn/evpn_tester.h"
#include "cp/inject/inject.h"
#include "cp/mgmt/capture_cmd.h"
#include "cp/mgmt/configure_cmd.h"
#include "cp/mgmt/metrics.h"
#include "cp/mgmt/metrics_http.h"
#include "cp/mgmt/mgmt_server.h"
#include "cp/mgmt/reload_cmd.h"
#include "cp/mgmt/show_bgp.h"
#include "cp/mgmt/show_config.h"
#include "cp/mgmt/show_dataplane.h"
#include "cp/mgmt/show_debug.h"
#include "cp/mgmt/show_evpn.h"
#include "cp/mgmt/show_inject.h"
#include "cp/mgmt/show_mpls.h"
#include "cp/mgmt/show_nodes.h"
#include "cp/mgmt/show_process.h"
#include "cp/mgmt/show_tester.h"
#include "cp/mgmt/show_vrf.h"
#include "cp/mgmt/trace_cmd.h"

int control_start(const struct control_conf *c)
{
	struct evpnd_config *cfg = c->cfg;
	int ret;

	if ((ret = mgmt_server_open(c->sock_path)) < 0 || (ret = show_dataplane_register()) < 0 ||
		(ret = show_nodes_register()) < 0 || (ret = show_mpls_register()) < 0 ||
		(ret = capture_cmd_register()) < 0 || (ret = show_config_register(cfg)) < 0 ||
		(ret = reload_cmd_register(cfg, c->cfg_path, c->port_ids)) < 0 ||
		(ret = configure_cmd_register(cfg)) < 0 ||
		(ret = trace_cmd_register()) < 0 || (ret = metrics_register(cfg)) < 0 ||
		(ret = show_debug_register()) < 0 || (ret = show_process_register()) < 0 ||
		(ret = show_tester_register(cfg->tester.report_file)) < 0 ||
		(ret = cp_init(cfg, c->port_ids)) < 0 || (ret = show_bgp_register()) < 0 ||
		(ret = show_evpn_register()) < 0 || (ret = show_vrf_register()) < 0 ||
		(ret = bgp_init(cfg)) < 0 || (ret = evpn_bgp_in_init()) < 0 ||
		(ret = evpn_tester_originate(cfg)) < 0 || (ret = inject_init(cfg)) < 0 ||
		(ret = show_inject_register()) < 0)
		return ret;
	return 0;
}

// A failure (the port taken by another evpnd, say) is logged, and evpnd runs without it.
void control_metrics_open(const struct evpnd_config *cfg)
{
	const struct cfg_metrics *m = &cfg->metrics;
	const char *addr = m->addr[0] ? m->addr : CFG_METRICS_ADDR;
	uint16_t port = m->port ? m->port : CFG_METRICS_PORT;
	int ret;

	if (m->off)
		return;
	if ((ret = metrics_http_open(addr, port, metrics_collect)) < 0)
		CP_WARN("metrics", "cannot listen on %s port %u: %s; no metrics endpoint", addr,
			port, strerror(-ret));
	else
		CP_INFO("metrics", "metrics endpoint on http://%s%s%s:%u/metrics",
			strchr(addr, ':') ? "[" : "", addr, strchr(addr, ':') ? "]" : "", port);
}

unsigned control_poll(uint64_t now_ms)
{
	unsigned done = cp_poll(now_ms);
	done += bgp_poll(now_ms);     // no-op without "router bgp"
	done += evpn_bgp_out_poll(); // our EVPN routes into the BGP RIB
	done += inject_poll(now_ms); // the route-injection helpers (before the output)
	done += bgp_out_poll();	     // the RIB's non-unicast families to their neighbors
	show_tester_poll(now_ms);    // the tester's end of run and report; no-op in a VTEP
	return done;
}

// The management socket, a BGP socket (the epoll set; -1 without BGP, which poll
// skips), the metrics endpoint (-1 when off), the helpers' stdout.
int control_pollfds(struct pollfd *pfd)
{
	pfd[0] = (struct pollfd){.fd = mgmt_server_fd(), .events = POLLIN};
	pfd[1] = (struct pollfd){.fd = bgp_io_epoll_fd(), .events = POLLIN};
	pfd[2] = (struct pollfd){.fd = metrics_http_fd(), .events = POLLIN};
	return 3 + inject_pollfds(pfd + 3, INJECT_MAX_PROCS);
}

void control_serve(const struct pollfd *pfd, int ready, uint64_t now_ms)
{
	static uint64_t last_mgmt;

	if ((ready > 0 && (pfd[0].revents & POLLIN)) || now_ms - last_mgmt >= 1000) {
		mgmt_server_poll();
		metrics_http_poll(now_ms); // also its clients' timeouts
		last_mgmt = now_ms;
	} else if (ready > 0 && (pfd[2].revents & POLLIN)) {
		metrics_http_poll(now_ms);
	}
}

void control_goodbye(void)
{
	bgp_stop_all(); // no-op without "router bgp"
}

void control_fini(void)
{
	mgmt_server_close();
	inject_fini(); // the helpers stopped, their routes withdrawn
	metrics_http_close();
	evpn_bgp_in_fini();
	bgp_out_fini();
	bgp_fini();
	cp_fini();
}
