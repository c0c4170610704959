// SPDX-License-Identifier: BSD-3-Clause
// Route events and the Loc-RIB replay to the helpers (see inject_replay.h).
#include "cp/inject/inject_replay.h"

#include <stdio.h>
#include <string.h>

#include "cp/bgp/bgp_family.h"
#include "cp/bgp/bgp_peer.h"

static const char *src_name(const struct bgp_src *s, char *buf, size_t len)
{
	if (!s->local) {
		const struct bgp_peer *p = s->owner;
		return p ? p->name : "?";
	}
	if (s->owner == NULL)
		return "local"; // network statements, our EVPN routes
	snprintf(buf, len, "inject:%s", ((const struct inject_src *)s->owner)->name);
	return buf;
}

void inject_route_line(char *buf, enum bgp_route_event ev, enum bgp_af af,
	const struct bgp_route *r)
{
	const struct bgp_family *f = bgp_family_get(af);
	char nlri[256], q[300], from[64];

	f->print(nlri, sizeof(nlri), r->nlri, r->nlri_len);
	inject_json_str(q, sizeof(q), nlri);
	snprintf(buf, INJECT_EVENT_MAX,
		"{\"type\":\"route\",\"action\":\"%s\",\"family\":\"%s\",\"route\":%s,\"from\":\"%s\"}",
		ev == BGP_ROUTE_ADD ? "announce" : "withdraw", f->name, q,
		src_name(r->src, from, sizeof(from)));
}

// The first family from af on that has routes to print, or BGP_AF_MAX.
static enum bgp_af next_family(unsigned af)
{
	const struct bgp_family *f;

	while (af < BGP_AF_MAX && ((f = bgp_family_get(af)) == NULL || f->print == NULL))
		af++;
	return (enum bgp_af)af;
}

void inject_replay_start(struct inject_replay *rp)
{
	inject_replay_stop(rp);
	rp->on = true;
	rp->routes = 0;
	rp->af = (uint8_t)next_family(0);
	if (rp->af < BGP_AF_MAX)
		bgp_rib_cursor_start(&rp->c, rp->af);
}

void inject_replay_stop(struct inject_replay *rp)
{
	bgp_rib_cursor_stop(&rp->c);
	rp->on = false;
}

struct step {
	struct inject_replay *rp;
	struct inject_proc *p;
};

static void send_one(const struct bgp_route *r, void *ctx)
{
	struct step *s = ctx;
	char line[INJECT_EVENT_MAX];

	inject_route_line(line, BGP_ROUTE_ADD, s->rp->af, r);
	inject_proc_send(s->p, line);
	s->rp->routes++;
}

unsigned inject_replay_poll(struct inject_replay *rp, struct inject_proc *p)
{
	struct step s = {rp, p};
	size_t budget = INJECT_REPLAY_PER_POLL, n;
	char end[64];

	if (!rp->on)
		return 0;
	if (p->state != INJECT_RUNNING) {
		inject_replay_stop(rp);
		return 0;
	}
	// Half the buffer at most: room is left for the changes and the replies.
	if (p->out_len + budget * INJECT_EVENT_MAX > INJECT_OUT_MAX / 2)
		return 0;
	while (rp->af < BGP_AF_MAX && budget > 0) {
		n = bgp_rib_walk_from(&rp->c, budget, send_one, &s);
		budget -= n;
		if (rp->c.active)
			continue;
		rp->af = (uint8_t)next_family(rp->af + 1u);
		if (rp->af < BGP_AF_MAX)
			bgp_rib_cursor_start(&rp->c, rp->af);
	}
	if (rp->af >= BGP_AF_MAX) {
		snprintf(end, sizeof(end), "{\"type\":\"replayed\",\"routes\":%lu}",
			(unsigned long)rp->routes);
		inject_proc_send(p, end);
		rp->on = false;
	}
	return (unsigned)(INJECT_REPLAY_PER_POLL - budget) + !rp->on;
}
