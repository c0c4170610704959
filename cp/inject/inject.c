// SPDX-License-Identifier: BSD-3-Clause
// The helpers and their events (see inject.h).
#include "cp/inject/inject.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp/bgp/bgp_family.h"
#include "cp/bgp/bgp_peer.h"
#include "cp/bgp/bgp_speaker.h"
#include "cp/cp_log.h"
#include "cp/inject/inject_replay.h"

#define PEERS_MAX 1024 // sessions whose state is followed for the events
#define PEERS_EVERY_MS 50

static struct {
	bool on;
	struct inject_proc *procs;
	struct inject_replay *replays; // one per process: its RIB replay at each start
	size_t n_procs;
	struct inject_src cli;
	bool receive; // some helper receives routes: subscribed to the RIBs
	uint64_t next_peers_ms;
	struct {
		char name[CP_IP_STRLEN];
		bool up;
	} peers[PEERS_MAX];
	size_t n_peers;
} in;

struct inject_src *inject_cli(void)
{
	return &in.cli;
}

size_t inject_n_procs(void)
{
	return in.n_procs;
}

const struct inject_proc *inject_proc_at(size_t i)
{
	return i < in.n_procs ? &in.procs[i] : NULL;
}

static void send_all(const char *json, bool routes_only)
{
	for (size_t i = 0; i < in.n_procs; i++)
		if (!routes_only || in.procs[i].receive_routes)
			inject_proc_send(&in.procs[i], json);
}

static void neighbor_event(const char *name, bool up, struct inject_proc *only)
{
	char ev[128];

	snprintf(ev, sizeof(ev), "{\"type\":\"neighbor\",\"neighbor\":\"%s\",\"state\":\"%s\"}",
		name, up ? "up" : "down");
	if (only != NULL)
		inject_proc_send(only, ev);
	else
		send_all(ev, false);
}

// The sessions' states against what the helpers were last told.
static void peers_scan(void)
{
	for (struct bgp_peer *p = bgp_peers(); p != NULL; p = p->next) {
		bool up = p->state == BGP_ESTABLISHED;
		size_t i = 0;
		while (i < in.n_peers && strcmp(in.peers[i].name, p->name) != 0)
			i++;
		if (i == in.n_peers) {
			if (i == PEERS_MAX)
				continue;
			snprintf(in.peers[i].name, sizeof(in.peers[i].name), "%s", p->name);
			in.peers[i].up = false;
			in.n_peers++;
		}
		if (in.peers[i].up != up) {
			in.peers[i].up = up;
			neighbor_event(p->name, up, NULL);
		}
	}
}

// A helper just started: the sessions that are up now.
static void peers_replay(struct inject_proc *p)
{
	for (size_t i = 0; i < in.n_peers; i++)
		if (in.peers[i].up)
			neighbor_event(in.peers[i].name, true, p);
}

static void on_route(enum bgp_route_event ev, const struct bgp_route *r, void *ctx)
{
	enum bgp_af af = (enum bgp_af)(uintptr_t)ctx;
	const struct bgp_family *f = bgp_family_get(af);
	char line[INJECT_EVENT_MAX];

	if (f == NULL || f->print == NULL)
		return;
	inject_route_line(line, ev, af, r);
	send_all(line, true);
}

static void subscribe(bool on)
{
	for (enum bgp_af af = 0; af < BGP_AF_MAX; af++)
		if (on)
			bgp_rib_subscribe(af, on_route, (void *)(uintptr_t)af);
		else
			bgp_rib_unsubscribe(af, on_route);
}

int inject_init(const struct evpnd_config *cfg)
{
	memset(&in, 0, sizeof(in));
	in.on = true;
	inject_src_set_vtep(cfg_evpn_vtep(cfg));
	inject_src_init(&in.cli, "cli");
	if (cfg->n_processes > INJECT_MAX_PROCS) {
		CP_ERR("inject", "at most %d processes", INJECT_MAX_PROCS);
		return -E2BIG;
	}
	if (cfg->n_processes &&
		((in.procs = calloc(cfg->n_processes, sizeof(*in.procs))) == NULL ||
			(in.replays = calloc(cfg->n_processes, sizeof(*in.replays))) == NULL)) {
		free(in.procs);
		in.procs = NULL;
		return -ENOMEM;
	}
	for (size_t i = 0; i < cfg->n_processes; i++) {
		if (inject_proc_init(&in.procs[i], &cfg->processes[i]) < 0) {
			inject_fini();
			return -ENOMEM;
		}
		in.n_procs++;
		in.receive |= cfg->processes[i].receive_routes;
	}
	if (in.receive && bgp_fd() >= 0)
		subscribe(true);
	return 0;
}

unsigned inject_poll(uint64_t now_ms)
{
	unsigned done = 0;

	if (in.n_procs == 0)
		return 0;
	if (now_ms >= in.next_peers_ms) {
		in.next_peers_ms = now_ms + PEERS_EVERY_MS;
		peers_scan();
	}
	for (size_t i = 0; i < in.n_procs; i++) {
		uint32_t starts = in.procs[i].starts;
		done += inject_proc_poll(&in.procs[i], now_ms);
		if (in.procs[i].starts != starts) {
			peers_replay(&in.procs[i]);
			// The RIB as it would have seen it, then the changes.
			if (in.procs[i].receive_routes && in.receive && bgp_fd() >= 0)
				inject_replay_start(&in.replays[i]);
		}
		done += inject_replay_poll(&in.replays[i], &in.procs[i]);
	}
	return done;
}

int inject_pollfds(struct pollfd *pfd, int max)
{
	int n = 0;

	for (size_t i = 0; i < in.n_procs && n < max; i++)
		if (in.procs[i].out_fd >= 0)
			pfd[n++] = (struct pollfd){.fd = in.procs[i].out_fd, .events = POLLIN};
	return n;
}

void inject_fini(void)
{
	if (!in.on)
		return; // start-up failed before inject_init
	if (in.receive)
		subscribe(false);
	for (size_t i = 0; i < in.n_procs; i++) {
		inject_replay_stop(&in.replays[i]);
		inject_proc_fini(&in.procs[i]);
	}
	inject_src_flush(&in.cli);
	free(in.procs);
	free(in.replays);
	in.procs = NULL;
	in.replays = NULL;
	in.n_procs = 0;
	in.on = false;
}
