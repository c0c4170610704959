// SPDX-License-Identifier: BSD-3-Clause
// evpnd-cp: the control process of evpnd --split (which starts it). Connects to the
// forwarding process, programs its tables from the configuration and BGP as evpnd
// does in one process, and serves the management socket. Started again over tables
// that kept forwarding, it re-learns them (the forwarding process replays what it
// needs), restarts BGP as a graceful-restart restarting speaker, and when its peers'
// End-of-RIBs are in, tells the forwarding process to sweep what it did not set again.
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cp/bgp/bgp_io.h"
#include "cp/config/config.h"
#include "cp/cp_log.h"
#include "cp/cp_msgq.h"
#include "cp/mgmt/mgmt_server.h"
#include "cp/mgmt/reload_cmd.h"
#include "dp/ipc/dp_ipc_client.h"
#include "dp/ipc/dp_ipc_proto.h"
#include "pipelines/control.h"
#include "pipelines/control_sync.h"
#include "pipelines/mono_ms.h"

#define CONNECT_WAIT_MS 10000 // the forwarding process may still be starting
#define GOODBYE_MS 1000

// SIGINT: stop (the forwarding process stopping, or ^C): BGP peers get a Cease. SIGTERM:
// a restart (an upgrade, an operator): the sessions just close, as when killed, so
// graceful-restart helpers keep our routes while the forwarding process starts the
// next evpnd-cp.
static volatile sig_atomic_t stop_requested, restart_requested, hup_received;
static bool syslog_from_args; // --syslog given: the configuration's "log syslog" yields

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		hup_received = 1;
	else if (sig == SIGTERM)
		restart_requested = stop_requested = 1;
	else
		stop_requested = 1;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: evpnd-cp -f CONFIG [-s SOCKET] [--dataplane-socket PATH] [-v]\n"
		   "  The control process of evpnd --split, which starts it: see evpnd --help.\n");
}

struct args {
	const char *cfg_path, *sock_path, *dp_sock_path;
};

static int parse_args(int argc, char **argv, struct args *a)
{
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'},
		{"dataplane-socket", required_argument, NULL, 'D'},
		{"syslog", optional_argument, NULL, 'S'},
		{NULL, 0, NULL, 0},
	};
	int c;

	while ((c = getopt_long(argc, argv, "f:s:vhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': a->cfg_path = optarg; break;
		case 's': a->sock_path = optarg; break;
		case 'D': a->dp_sock_path = optarg; break;
		case 'v': cp_log_level = CP_LOG_DEBUG; break;
		case 'S':
			if (cp_log_open_syslog(optarg ? cp_log_level_parse(optarg) : CP_LOG_INFO) < 0)
				return -EINVAL;
			syslog_from_args = true;
			break;
		case 'V': printf("evpnd-cp %s\n", EVPND_VERSION); exit(0);
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); return -EINVAL;
		}
	}
	return a->cfg_path != NULL ? 0 : -EINVAL;
}

static int connect_dataplane(const char *path, bool *has_state)
{
	uint64_t deadline = mono_ms() + CONNECT_WAIT_MS;
	int ret;

	while ((ret = dp_ipc_client_connect(path, has_state)) < 0 && mono_ms() < deadline &&
		(ret == -ENOENT || ret == -ECONNREFUSED) && !stop_requested)
		poll(NULL, 0, 100);
	return ret;
}

// The ports' ids are the forwarding process's.
static int port_ids_get(const struct evpnd_config *cfg, uint16_t *ids)
{
	for (size_t i = 0; i < cfg->n_ports; i++) {
		int id = dp_port_by_name(cfg->ports[i].name);
		if (id < 0) {
			CP_ERR("main", "port %s: not a port of the forwarding process (%s)",
				cfg->ports[i].name, strerror(-id));
			return id;
		}
		ids[i] = (uint16_t)id;
	}
	return 0;
}

static int control_run(void)
{
	while (!stop_requested) {
		uint64_t now = mono_ms();
		struct pollfd pfd[CONTROL_POLLFDS + 1];
		int npfd, ready;
		unsigned done;

		if (hup_received) {
			hup_received = 0;
			reload_on_hup();
		}
		done = control_poll(now);
		control_sync_poll(now);
		if (dp_ipc_client_poll() < 0) {
			CP_ERR("main", "the forwarding process went away: stopping");
			return -ENOTCONN;
		}
		npfd = control_pollfds(pfd);
		pfd[npfd++] = (struct pollfd){.fd = dp_ipc_client_fd(), .events = POLLIN};
		ready = poll(pfd, (nfds_t)npfd, done > 0 || cp_send_backlog() > 0 ? 0 : 10);
		control_serve(pfd, ready, now);
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct evpnd_config cfg;
	static uint16_t port_ids[CFG_MAX_PORTS];
	struct args a = {.dp_sock_path = DP_IPC_DEFAULT_SOCK};
	struct cfg_error err;
	bool has_state = false;
	int ret;

	a.sock_path = getenv(MGMT_SOCK_ENV) ? getenv(MGMT_SOCK_ENV) : MGMT_DEFAULT_SOCK;
	if (parse_args(argc, argv, &a) < 0)
		return 2;
	config_init(&cfg);
	ret = config_parse_file(&cfg, a.cfg_path, &err);
	config_report(&err, "evpnd-cp: ", stderr);
	if (ret < 0)
		return 1;
	if (cfg.log.syslog && !syslog_from_args && cp_log_open_syslog(cfg.log.syslog_level) < 0)
		fprintf(stderr, "evpnd-cp: %s: log syslog: cannot open the syslog socket\n", a.cfg_path);
	cp_debug_flags = cfg.debug_flags;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	signal(SIGPIPE, SIG_IGN);
	if ((ret = connect_dataplane(a.dp_sock_path, &has_state)) < 0) {
		fprintf(stderr, "evpnd-cp: dataplane socket %s: %s\n", a.dp_sock_path, strerror(-ret));
		return 1;
	}
	control_sync_begin(has_state, mono_ms());
	if ((ret = port_ids_get(&cfg, port_ids)) < 0 ||
		(ret = control_start(&(struct control_conf){.cfg = &cfg, .cfg_path = a.cfg_path,
			 .sock_path = a.sock_path, .port_ids = port_ids})) < 0) {
		fprintf(stderr, "evpnd-cp: start-up failed: %s\n", strerror(-ret));
		return 1;
	}
	// cp_init queued the configuration's messages: they go before the marker
	while (cp_send_backlog() > 0 && dp_ipc_client_poll() == 0)
		cp_send_flush();
	if ((ret = dp_ipc_client_configured()) < 0) {
		fprintf(stderr, "evpnd-cp: dataplane socket: %s\n", strerror(-ret));
		return 1;
	}
	control_metrics_open(&cfg);
	CP_INFO("main", "evpnd-cp running (pid %d): %s, socket %s", (int)getpid(),
		has_state ? "restarted over the forwarding process's tables" : "first start",
		a.sock_path);
	ret = control_run();
	if (restart_requested) {
		// No clean-up: it would withdraw our routes and send the dataplane deletes.
		// The forwarding process first, so that nothing more reaches it.
		dp_ipc_client_close();
		CP_INFO("main", "SIGTERM: exiting for a restart (BGP sessions closed without a "
				"Cease: graceful-restart helpers keep our routes)");
		return 0;
	}
	if (ret == 0) {
		uint64_t deadline = mono_ms() + GOODBYE_MS;
		control_goodbye(); // the Cease goes out through the forwarding process
		while (bgp_io_unsent() > 0 && mono_ms() < deadline)
			poll(NULL, 0, 1);
	}
	// The forwarding process first: the clean-up's deletes are not for its tables,
	// which outlive us (the next evpnd-cp re-syncs them).
	dp_ipc_client_close();
	control_fini();
	config_free(&cfg);
	cp_log_close_syslog();
	return ret < 0 ? 1 : 0;
}
