// SPDX-License-Identifier: BSD-3-Clause
// evpnd: the process. Parses and checks the configuration before anything else,
// starts DPDK with the configured lcores, opens the ports, programs the tables from
// the configuration, starts the workers, then runs the control loop (table writer,
// control plane, management socket) on the main lcore until SIGINT or SIGTERM.
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cp/bgp/bgp_gr_restart.h"
#include "cp/bgp/bgp_io.h"
#include "cp/config/config.h"
#include "cp/cp_log.h"
#include "cp/cp_msgq.h"
#include "cp/mgmt/mgmt_server.h"
#include "cp/mgmt/reload_cmd.h"
#include "dp/ipc/dp_ipc_proto.h"
#include "dp/ipc/dp_ipc_server.h"
#include "dp/core/dp_meta.h"
#include "dp/tester/tester.h"
#include "dp/writer/writer.h"
#include "drivers/kernel_if.h"
#include "drivers/port.h"
#include "drivers/port_link.h"
#include "pipelines/control.h"
#include "pipelines/control_spawn.h"
#include "pipelines/tester_pipeline.h"
#include "pipelines/tester_setup.h"
#include "pipelines/vtep_pipeline.h"
#include "pipelines/worker_loop.h"
#include "pipelines/mono_ms.h"

#define BGP_GOODBYE_MS 1000 // what a stop may wait for the peers to get our Cease
// Tests only: a small ring to the control plane, to make it overflow.
#define NOTIFY_RING_ENV "EVPND_NOTIFY_RING_SIZE"
// Tests only (not in --help); the split control process sets these itself.
#define GR_RESTARTING_ENV "EVPND_GR_RESTARTING"
#define GR_FWD_PRESERVED_ENV "EVPND_GR_FWD_PRESERVED"

static volatile sig_atomic_t stop_requested, hup_received;
static bool syslog_from_args; // --syslog given: the configuration's "log syslog" yields
static const char *syslog_arg; // its LEVEL ("" none), for evpnd-cp

struct evpnd {
	struct evpnd_config cfg;
	const char *cfg_path;
	const char *sock_path;
	const char *dp_sock_path; // --split: the forwarding process's end of the control wire
	bool split;
	struct rte_mempool *pool;
	struct dp_worker *workers[DP_MAX_WORKERS];
	struct worker_plan plans[DP_MAX_WORKERS];
	uint16_t port_ids[CFG_MAX_PORTS];
	uint16_t rx_queues[CFG_MAX_PORTS];
	int kernel_fd[CFG_MAX_PORTS];
	unsigned n_ports_open;
};

static void usage(FILE *f)
{
	fprintf(f, "usage: evpnd -f CONFIG [-s SOCKET] [-n] [-v] [--syslog[=LEVEL]]\n"
		   "             [--split [--dataplane-socket PATH]] [-- EAL-OPTIONS]\n"
		   "       evpnd --help | --version\n"
		   "  -f CONFIG         configuration file\n"
		   "  -s SOCKET         management socket (default %s)\n"
		   "  -n                check the configuration and exit\n"
		   "  -v                debug logging on stderr\n"
		   "  --syslog[=LEVEL]  log to syslog too, at LEVEL and more severe (default\n"
		   "                    informational; FRR's names: debugging ... errors)\n"
		   "  -h, --help        this text\n"
		   "  -V, --version     the version of evpnd\n"
		   "  --split           forwarding and control in two processes: this one forwards\n"
		   "                    and runs evpnd-cp (BGP, EVPN, management), restarting it if\n"
		   "                    it dies; traffic goes on meanwhile (README: Restarting the\n"
		   "                    control plane)\n"
		   "  --dataplane-socket PATH  where the two talk (default %s)\n"
		   "  EAL-OPTIONS are passed to DPDK (default --in-memory); the lcores come\n"
		   "  from the configuration (main-lcore, worker-lcores).\n"
		   "  SIGINT, SIGTERM: stop (BGP peers get a Cease first); SIGHUP: reload the\n"
		   "  configuration file (as evpnctl reload).\n", MGMT_DEFAULT_SOCK, DP_IPC_DEFAULT_SOCK);
}

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		hup_received = 1;
	else
		stop_requested = 1;
}

// "--lcores MAP" after "--" maps the configured lcores to CPUs (two workers on a
// 2-CPU machine, one beside the control thread): it replaces our "-l", which
// DPDK refuses for an lcore id that is no CPU.
static bool has_lcore_map(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (strncmp(argv[i], "--lcores", 8) == 0)
			return true;
	return false;
}

// argv for rte_eal_init: our lcores first, then what the user gave after "--".
static int eal_start(const struct evpnd_config *cfg, int argc, char **argv)
{
	static char lcores[512], main_lcore[16];
	char *eal_argv[128];
	int n = 0, len;

	len = snprintf(lcores, sizeof(lcores), "%u", cfg->main_lcore);
	for (size_t i = 0; i < cfg->n_workers; i++)
		len += snprintf(lcores + len, sizeof(lcores) - (size_t)len, ",%u", cfg->worker_lcores[i]);
	snprintf(main_lcore, sizeof(main_lcore), "%u", cfg->main_lcore);
	eal_argv[n++] = (char *)"evpnd";
	if (!has_lcore_map(argc, argv)) {
		eal_argv[n++] = (char *)"-l";
		eal_argv[n++] = lcores;
	}
	eal_argv[n++] = (char *)"--main-lcore";
	eal_argv[n++] = main_lcore;
	if (argc == 0)
		eal_argv[n++] = (char *)"--in-memory";
	for (int i = 0; i < argc && n < 127; i++)
		eal_argv[n++] = argv[i];
	eal_argv[n] = NULL;
	return rte_eal_init(n, eal_argv);
}

static int open_ports(struct evpnd *e)
{
	for (size_t i = 0; i < e->cfg.n_ports; i++) {
		const struct cfg_port *cp = &e->cfg.ports[i];
		char where[300];
		snprintf(where, sizeof(where), "%s:%u", e->cfg_path, cp->mtu_line);
		struct port_conf pc = {.name = cp->name, .devargs = cp->devargs,
			.n_workers = (uint16_t)e->cfg.n_workers, .rx_queues = cp->rx_queues,
			.mtu = cp->mtu, .mtu_where = where, .pool = e->pool};
		struct rte_ether_addr mac;
		int id = port_open(&pc);
		if (id < 0)
			return id;
		if (id >= DP_MAX_PORTS) {
			CP_ERR("main", "port %s: id %d is beyond the %d ports supported", cp->name, id,
				DP_MAX_PORTS);
			return -ERANGE;
		}
		e->port_ids[i] = (uint16_t)id;
		e->rx_queues[i] = port_rx_queues((uint16_t)id);
		e->n_ports_open++;
		rte_eth_macaddr_get((uint16_t)id, &mac);
		dp_port_register((uint16_t)id, cp->name, &mac);
	}
	return 0;
}

// The port's underlay addresses, and the routes whose gateway it reaches, go to the
// kernel interface too, so the host stack (BGP) reaches the same peers.
static int kernel_if_configure(const struct evpnd_config *cfg, size_t port, const char *ifname)
{
	int ret;
	for (size_t i = 0; i < cfg->n_addrs; i++) {
		const struct cfg_uaddr *a = &cfg->addrs[i];
		if (a->port != (int)port)
			continue;
		if ((ret = kernel_if_add_addr(ifname, a->prefix.addr.family, &a->prefix.addr.v4,
			     a->prefix.len)) < 0)
			return ret;
	}
	for (size_t i = 0; i < cfg->n_routes; i++) {
		const struct cfg_route *r = &cfg->routes[i];
		ret = kernel_if_add_route(ifname, r->dst.addr.family, &r->dst.addr.v4, r->dst.len,
			&r->via.v4);
		if (ret < 0 && ret != -ENETUNREACH && ret != -ESRCH)
			CP_WARN("main", "kernel-interface %s: route %u: %s", ifname, (unsigned)i, strerror(-ret));
	}
	return 0;
}

// An af_packet port's own kernel interface must stay silent, or the host answers
// twice (README, Running); done here when we may, else said.
static void kernel_if_quiet_port(const struct cfg_port *cp)
{
	char ifname[sizeof(cp->kernel_if)], why[160];

	if (kernel_if_port_ifname(cp->devargs, ifname, sizeof(ifname)) < 0)
		return;
	if (kernel_if_quiet(ifname, why, sizeof(why)) < 0)
		CP_WARN("main", "kernel-interface %s: %s; the host may answer twice through %s "
			"(see README: kernel-interface)", cp->kernel_if, why, ifname);
	else
		CP_INFO("main", "kernel-interface %s: host stack kept off %s (%s)", cp->kernel_if,
			ifname, why);
	if (kernel_if_is_veth(ifname))
		CP_WARN("main", "kernel-interface %s: %s is a veth: its peer must send complete "
			"checksums (ethtool -K PEER tx off) or TCP through %s fails", cp->kernel_if,
			ifname, cp->kernel_if);
}

static int open_kernel_ifs(struct evpnd *e)
{
	for (size_t i = 0; i < e->cfg.n_ports; i++) {
		const struct cfg_port *cp = &e->cfg.ports[i];
		struct rte_ether_addr mac;
		int fd, ret;
		if (cp->kernel_if[0] == '\0')
			continue;
		rte_eth_macaddr_get(e->port_ids[i], &mac);
		fd = kernel_if_open(cp->kernel_if, &mac, cp->mtu ? cp->mtu : 1500);
		if (fd < 0) {
			CP_ERR("main", "kernel-interface %s: %s", cp->kernel_if, strerror(-fd));
			return fd;
		}
		e->kernel_fd[i] = fd;
		kernel_if_quiet_port(cp);
		if ((ret = kernel_if_configure(&e->cfg, i, cp->kernel_if)) < 0 ||
			(ret = dp_exception_register(e->port_ids[i], fd)) < 0) {
			CP_ERR("main", "kernel-interface %s: %s", cp->kernel_if, strerror(-ret));
			return ret;
		}
		CP_INFO("main", "kernel-interface %s mirrors port %s", cp->kernel_if, cp->name);
	}
	return 0;
}

// Tables, ports, kernel interfaces and the workers' queues; the workers are
// launched by start_workers once the configuration is in the tables.
static int dp_setup(struct evpnd *e)
{
	const char *ring = getenv(NOTIFY_RING_ENV);
	int ret;

	// a tester section: the tester's pipeline (streams sent and measured), else the VTEP
	if ((ret = dp_graph_build(e->cfg.tester.line ? &tester_pipeline : &vtep_pipeline)) < 0)
		return ret;
	for (unsigned i = 0; i < e->cfg.n_workers; i++) {
		e->workers[i] = rte_zmalloc("dp_worker", sizeof(struct dp_worker), RTE_CACHE_LINE_SIZE);
		if (e->workers[i] == NULL || dp_worker_init(e->workers[i], i, e->pool) < 0)
			return -ENOMEM;
		e->plans[i].w = e->workers[i];
		e->plans[i].lcore = e->cfg.worker_lcores[i];
	}
	if ((ret = dp_init((unsigned)e->cfg.n_workers, e->workers, e->pool,
		     e->cfg.mac_table_size, ring ? (uint32_t)strtoul(ring, NULL, 10) : 0)) < 0 ||
		(ret = dp_neigh_table_size(e->cfg.neigh_table_size)) < 0 ||
		(ret = dp_fib_size(e->cfg.fib_size)) < 0)
		return ret;
	if ((ret = open_ports(e)) < 0 || (ret = open_kernel_ifs(e)) < 0)
		return ret;
	if (e->cfg.tester.line != 0 && (ret = tester_setup(&e->cfg, e->port_ids)) < 0)
		return ret;
	return worker_plan_build(e->plans, (unsigned)e->cfg.n_workers, e->port_ids,
		(unsigned)e->cfg.n_ports, e->rx_queues);
}

// The writer applies every message the control plane queued at start-up (bridge
// domains, static MACs, underlay), then the workers start polling: frames that
// waited on the ports meanwhile meet the configuration, not empty tables (--split: once
// the first control process said its configuration is sent, forwarding_loop).
static int start_workers(struct evpnd *e)
{
	int ret;

	while (cp_send_backlog() > 0 || rte_ring_count(dp_writer.msgs) > 0) {
		cp_send_flush();
		dp_writer_poll();
	}
	for (unsigned i = 0; i < e->cfg.n_workers; i++)
		if ((ret = rte_eal_remote_launch(worker_loop_run, &e->plans[i], e->plans[i].lcore)) < 0)
			return ret;
	return 0;
}

// What the main lcore does for the dataplane in either mode: the table writer (and the
// exception path), captures, link changes.
static unsigned forwarding_poll(uint64_t now)
{
	unsigned done = dp_writer_poll();
	done += dp_capture_poll(now); // no-op without a capture
	port_link_poll(now, dp_port_link_set); // a link down flushes the port's MACs
	return done;
}

// Graceful restart as restarting speaker, for tests (bgp_gr_restart.h): the
// all-in-one process preserves no dataplane, so only tests ask for it, to see the
// BGP side (R and F bits, deferral) against real peers. The split control process
// (evpnd-cp) sets these itself. Before control_start (bgp_init).
static void gr_restart_from_env(void)
{
	const char *r = getenv(GR_RESTARTING_ENV), *f = getenv(GR_FWD_PRESERVED_ENV);

	bgp_gr_set_restarting(r != NULL && strcmp(r, "1") == 0);
	bgp_gr_set_forwarding_preserved(f != NULL && strcmp(f, "1") == 0);
}

static void control_loop(void)
{
	while (!stop_requested) {
		uint64_t t0 = rte_rdtsc(); // for dp_loop_time
		uint64_t now = mono_ms();
		struct pollfd pfd[CONTROL_POLLFDS];
		if (hup_received) {
			hup_received = 0;
			reload_on_hup(); // as evpnctl reload: logged
		}
		unsigned done = forwarding_poll(now) + control_poll(now);
		// Busy: only peek at the sockets; idle: sleep up to 1 ms (the writer's
		// latency), or until one of the control plane's sockets has something.
		int npfd = control_pollfds(pfd);
		uint64_t t_wait = rte_rdtsc();
		int ready = poll(pfd, (nfds_t)npfd, done > 0 ? 0 : 1);
		t0 += rte_rdtsc() - t_wait; // the idle wait is not work
		control_serve(pfd, ready, now);
		dp_loop_time(rte_rdtsc() - t0);
	}
}

// --split, the forwarding process: the writer, and the control process's wire. The
// workers start once the first control process's configuration is in the tables, as
// in one process.
static void forwarding_loop(struct evpnd *e)
{
	bool workers = false;

	while (!stop_requested) {
		uint64_t t0 = rte_rdtsc();
		uint64_t now = mono_ms();
		struct pollfd pfd[2];
		int fds[2], n = dp_ipc_server_fds(fds, 2);
		if (hup_received) { // the configuration is the control process's
			hup_received = 0;
			control_spawn_signal(SIGHUP);
		}
		unsigned done = forwarding_poll(now) + dp_ipc_server_poll(now);
		control_spawn_poll(now);
		if (!workers && dp_ipc_server_configured() && rte_ring_count(dp_writer.msgs) == 0) {
			workers = true;
			if (start_workers(e) < 0)
				stop_requested = 1;
		}
		for (int i = 0; i < n; i++)
			pfd[i] = (struct pollfd){.fd = fds[i], .events = POLLIN};
		uint64_t t_wait = rte_rdtsc();
		poll(pfd, (nfds_t)n, done > 0 ? 0 : 1);
		t0 += rte_rdtsc() - t_wait;
		dp_loop_time(rte_rdtsc() - t0);
	}
}

// The Cease to every BGP peer leaves before the dataplane stops: through a
// kernel-interface, the kernel's TCP sends it by the exception path (this thread)
// and the workers, and the peer's ACK comes back the same way. Waits until the
// peers acknowledged it, BGP_GOODBYE_MS at most. --split: the control process says
// goodbye itself, the forwarding process carries it meanwhile.
static void bgp_goodbye(bool split)
{
	uint64_t deadline = mono_ms() + BGP_GOODBYE_MS + (split ? 2000 : 0);

	if (split) {
		control_spawn_stop(); // SIGTERM; waited for below
		while (control_spawn_running() && mono_ms() < deadline)
			if (forwarding_poll(mono_ms()) + dp_ipc_server_poll(mono_ms()) == 0)
				poll(NULL, 0, 1);
		control_spawn_kill(); // still there: -9
		return;
	}
	control_goodbye();
	while (bgp_io_unsent() > 0 && mono_ms() < deadline)
		if (dp_writer_poll() == 0)
			poll(NULL, 0, 1);
}

static void shutdown_all(struct evpnd *e)
{
	worker_loop_stop();
	rte_eal_mp_wait_lcore();
	dp_capture_stop(); // completes the file
	for (unsigned i = 0; i < e->n_ports_open; i++)
		port_close(e->port_ids[i]);
	if (e->split)
		dp_ipc_server_close();
	else
		control_fini();
	dp_fini();
	tester_fini();
	for (size_t i = 0; i < e->cfg.n_ports; i++)
		kernel_if_close(e->kernel_fd[i]);
	for (unsigned i = 0; i < e->cfg.n_workers; i++)
		if (e->workers[i] != NULL) {
			dp_worker_fini(e->workers[i]);
			rte_free(e->workers[i]);
		}
	rte_mempool_free(e->pool);
	config_free(&e->cfg);
	rte_eal_cleanup();
	cp_log_close_syslog();
}

static int open_syslog(const char *level_name)
{
	int level = level_name ? cp_log_level_parse(level_name) : CP_LOG_INFO, ret;

	if (level < 0) {
		fprintf(stderr, "evpnd: --syslog: unknown level '%s' (emergencies, alerts, critical, "
				"errors, warnings, notifications, informational, debugging)\n", level_name);
		return level;
	}
	if ((ret = cp_log_open_syslog(level)) < 0)
		fprintf(stderr, "evpnd: --syslog: %s\n", strerror(-ret));
	return ret;
}

static int parse_args(struct evpnd *e, int argc, char **argv, const char **cfg_path,
	bool *check_only)
{
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{"syslog", optional_argument, NULL, 'S'},
		{"split", no_argument, NULL, 'P'},
		{"dataplane-socket", required_argument, NULL, 'D'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "f:s:nvhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			*cfg_path = optarg;
			break;
		case 's':
			e->sock_path = optarg;
			break;
		case 'n':
			*check_only = true;
			break;
		case 'v':
			cp_log_level = CP_LOG_DEBUG;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("evpnd %s\n", EVPND_VERSION);
			exit(0);
		case 'P':
			e->split = true;
			break;
		case 'D':
			e->dp_sock_path = optarg;
			break;
		case 'S':
			if (open_syslog(optarg) < 0)
				return -EINVAL;
			syslog_from_args = true;
			syslog_arg = optarg ? optarg : "";
			break;
		default:
			usage(stderr);
			return -EINVAL;
		}
	}
	if (*cfg_path == NULL) {
		usage(stderr);
		return -EINVAL;
	}
	return optind;
}

// One process: the control plane beside the writer.
static int start_all(struct evpnd *e)
{
	struct control_conf c = {.cfg = &e->cfg, .cfg_path = e->cfg_path,
		.sock_path = e->sock_path, .port_ids = e->port_ids};
	int ret;

	gr_restart_from_env();
	if ((ret = control_start(&c)) < 0 || (ret = start_workers(e)) < 0)
		return ret;
	control_metrics_open(&e->cfg);
	return 0;
}

// --split: the wire, then the control process (the workers come with its configuration).
static int start_split(struct evpnd *e)
{
	int ret;

	if ((ret = dp_ipc_server_open(e->dp_sock_path)) < 0) {
		CP_ERR("main", "dataplane socket %s: %s", e->dp_sock_path, strerror(-ret));
		return ret;
	}
	return control_spawn_start(&(struct control_spawn_conf){.cfg_path = e->cfg_path,
		.sock_path = e->sock_path, .dp_sock_path = e->dp_sock_path,
		.debug = cp_log_level == CP_LOG_DEBUG, .syslog = syslog_arg});
}

int main(int argc, char **argv)
{
	static struct evpnd e;
	const char *cfg_path = NULL;
	struct cfg_error err;
	bool check_only = false;
	int first_eal, ret;

	for (size_t i = 0; i < CFG_MAX_PORTS; i++)
		e.kernel_fd[i] = -1;
	e.sock_path = getenv(MGMT_SOCK_ENV) ? getenv(MGMT_SOCK_ENV) : MGMT_DEFAULT_SOCK;
	e.dp_sock_path = DP_IPC_DEFAULT_SOCK;
	if ((first_eal = parse_args(&e, argc, argv, &cfg_path, &check_only)) < 0)
		return 2;
	config_init(&e.cfg);
	e.cfg_path = cfg_path;
	ret = config_parse_file(&e.cfg, cfg_path, &err);
	if (ret == 0)
		config_check_host(&e.cfg, cfg_path, &err); // lcores this machine lacks
	config_report(&err, "evpnd: ", stderr); // every error and warning, one a line
	if (ret < 0)
		return 1;
	// "log syslog [LEVEL]" from a pasted frr.conf; --syslog, given, wins.
	if (e.cfg.log.syslog && !syslog_from_args && cp_log_open_syslog(e.cfg.log.syslog_level) < 0)
		fprintf(stderr, "evpnd: %s: log syslog: cannot open the syslog socket\n", cfg_path);
	cp_debug_flags = e.cfg.debug_flags; // FRR's "debug ..." lines
	if (check_only) {
		printf("evpnd: %s: configuration is valid\n", cfg_path);
		config_free(&e.cfg);
		return 0;
	}
	// Before the EAL's slow start: a stop asked meanwhile is taken after start-up.
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	signal(SIGPIPE, SIG_IGN);
	if (eal_start(&e.cfg, argc - first_eal, argv + first_eal) < 0) {
		fprintf(stderr, "evpnd: DPDK EAL init failed: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	e.pool = dp_pktmbuf_pool_create("dp_pool", e.cfg.mbufs, (int)rte_socket_id());
	if (e.pool == NULL) {
		fprintf(stderr, "evpnd: cannot allocate %u mbufs: %s\n", e.cfg.mbufs, rte_strerror(rte_errno));
		rte_eal_cleanup();
		return 1;
	}
	if ((ret = dp_setup(&e)) < 0 || (ret = e.split ? start_split(&e) : start_all(&e)) < 0) {
		fprintf(stderr, "evpnd: start-up failed: %s\n", strerror(-ret));
		shutdown_all(&e);
		return 1;
	}
	CP_INFO("main", "evpnd running: %zu ports, %zu workers, %zu bridge domains, %s %s",
		e.cfg.n_ports, e.cfg.n_workers, e.cfg.n_bds,
		e.split ? "control process on" : "socket", e.split ? e.dp_sock_path : e.sock_path);
	if (e.split)
		forwarding_loop(&e);
	else
		control_loop();
	CP_INFO("main", "stopping");
	bgp_goodbye(e.split);
	shutdown_all(&e);
	return 0;
}
