// SPDX-License-Identifier: BSD-3-Clause
// Advertising our EVPN routes. The neighbors are followed by polling the peer
// table: a session that is (again) Established with l2vpn evpn, or that asked for
// a route refresh (evpn_resend), gets the whole table, the others get the queued
// changes. Bounded: nothing is built while a
// neighbor's output queue is above BGP_TX_HIGH (the changes wait).
#include "cp/bgp/bgp_evpn_out.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp/bgp/bgp_encode.h"
#include "cp/bgp/bgp_fsm.h"
#include "cp/bgp/bgp_io.h"
#include "cp/bgp/bgp_speaker.h"
#include "cp/cp_log.h"
#include "cp/evpn/evpn_local.h"

#define LOCAL_PREF_DEFAULT 100

// A neighbor in sync: it was sent the table during its current session.
struct synced {
	char name[CFG_IP_STRLEN];
	uint32_t established_count;
	size_t sent;
};

// One UPDATE being built for one neighbor.
struct sender {
	struct bgp_peer *p;
	struct synced *sy;
	struct bgp_update_builder b;
	const struct evpn_route_out *attrs; // the route whose attributes are open
	bool open, withdraw;
	uint8_t buf[BGP_MAX_MSG_LEN]; // last: the rest is reset per poll
};

// The neighbors in sync (v) and the next list being built (tmp), grown together.
static struct {
	struct synced *v, *tmp;
	size_t n, cap;
} out;

static bool evpn_up(const struct bgp_peer *p)
{
	return p->state == BGP_ESTABLISHED && p->af[BGP_AF_L2VPN_EVPN] && p->conn != NULL;
}

static bool busy(const struct bgp_peer *p)
{
	return bgp_buf_used(&p->conn->tx) > BGP_TX_HIGH;
}

static struct synced *synced_find_name(const char *name)
{
	for (size_t i = 0; i < out.n; i++)
		if (strcmp(out.v[i].name, name) == 0)
			return &out.v[i];
	return NULL;
}

static struct synced *synced_find(const struct bgp_peer *p)
{
	return synced_find_name(p->name);
}

// ---- building UPDATEs

static bool same_attrs(const struct evpn_route_out *a, const struct evpn_route_out *b)
{
	return a->ecomm_len == b->ecomm_len && memcmp(a->ecomm, b->ecomm, a->ecomm_len) == 0 &&
	       a->pmsi_len == b->pmsi_len && memcmp(a->pmsi, b->pmsi, a->pmsi_len) == 0 &&
	       memcmp(&a->nexthop, &b->nexthop, sizeof(a->nexthop)) == 0;
}

static void attr_set(
	const struct bgp_peer *p, const struct evpn_route_out *r, struct bgp_attr_set *a)
{
	static uint32_t asn[1];
	static struct bgp_path_seg seg = {BGP_ASPATH_SEQUENCE, 1, asn};
	unsigned alen = r->nexthop.family == AF_INET ? 4 : 16;

	memset(a, 0, sizeof(*a));
	a->afi = BGP_AFI_L2VPN;
	a->safi = BGP_SAFI_EVPN;
	a->origin = BGP_ORIGIN_IGP;
	if (p->src.ebgp) {
		asn[0] = bgp_glob()->asn;
		a->n_segs = 1;
		a->as_path = &seg;
	} else {
		a->has |= BGP_AS_LOCAL_PREF;
		a->local_pref = LOCAL_PREF_DEFAULT;
	}
	a->mp_nexthop_len = (uint8_t)alen;
	memcpy(a->mp_nexthop, r->nexthop.bytes, alen);
	a->n_ext_communities = r->ecomm_len / 8;
	a->ext_communities = (const struct bgp_ext_comm *)r->ecomm;
	if (r->pmsi_len >= 5) {
		a->has |= BGP_AS_PMSI_TUNNEL;
		a->pmsi.flags = r->pmsi[0];
		a->pmsi.tunnel_type = r->pmsi[1];
		a->pmsi.label = (uint32_t)r->pmsi[2] << 16 | (uint32_t)r->pmsi[3] << 8 | r->pmsi[4];
		a->pmsi.tunnel_id = (struct bgp_bytes){r->pmsi + 5, (uint16_t)(r->pmsi_len - 5)};
	}
}

static void emit(struct sender *s)
{
	int len;

	if (!s->open)
		return;
	s->open = false;
	if (s->b.n_nlri > 0 && (len = bgp_update_finish(&s->b)) > 0)
		bgp_peer_send(s->p, s->buf, (size_t)len);
}

static int begin(struct sender *s, const struct evpn_route_out *r, bool withdraw)
{
	struct bgp_attr_set a;
	int ret;

	s->attrs = r;
	s->withdraw = withdraw;
	if (withdraw)
		ret = bgp_update_begin_withdraw(
			&s->b, s->buf, sizeof(s->buf), &s->p->ctx, BGP_AFI_L2VPN, BGP_SAFI_EVPN);
	else {
		attr_set(s->p, r, &a);
		ret = bgp_update_begin(&s->b, s->buf, sizeof(s->buf), &s->p->ctx, &a);
	}
	s->open = ret == 0;
	return ret;
}

// One route (announced when live, else withdrawn) into the neighbor's UPDATEs.
static void add(struct sender *s, const struct evpn_local_route *lr)
{
	const struct evpn_route_out *r = &lr->out;
	bool wd = !lr->live;

	if (s->open && (s->withdraw != wd || (!wd && !same_attrs(s->attrs, r))))
		emit(s);
	if (!s->open && begin(s, r, wd) < 0) {
		CP_ERR("bgp", "neighbor %s: cannot encode an EVPN route", s->p->name);
		return;
	}
	// The NLRI has no path identifier: add-path is not negotiated for EVPN.
	if (bgp_update_add_nlri(&s->b, r->nlri, r->nlri_len) == -ENOSPC) {
		emit(s);
		if (begin(s, r, wd) < 0 || bgp_update_add_nlri(&s->b, r->nlri, r->nlri_len) < 0)
			return;
	}
	s->sy->sent += wd ? 0 : 1;
	s->p->prefixes_out++;
}

// ---- neighbors

// The changes to every neighbor in sync.
struct fanout {
	struct sender *s;
	size_t n;
};

static void fanout_one(const struct evpn_local_route *r, void *arg)
{
	struct fanout *f = arg;
	for (size_t i = 0; i < f->n; i++)
		add(&f->s[i], r);
}

static void walk_one(const struct evpn_local_route *r, void *arg)
{
	add(arg, r);
}

static unsigned send_changes(struct sender *s, size_t n)
{
	struct fanout f = {s, n};
	size_t pending = evpn_local_pending();

	for (size_t i = 0; i < n; i++)
		if (busy(s[i].p))
			return 0; // keep the changes until every neighbor drained its queue
	evpn_local_drain(n > 0 ? fanout_one : NULL, &f);
	for (size_t i = 0; i < n; i++)
		emit(&s[i]);
	return (unsigned)pending;
}

static unsigned send_table(struct sender *s)
{
	evpn_local_walk(walk_one, s);
	emit(s);
	CP_INFO("bgp", "neighbor %s: %zu EVPN routes sent", s->p->name, s->sy->sent);
	return 1;
}

static int reserve(size_t want)
{
	struct synced *v, *tmp;

	if (want <= out.cap)
		return 0;
	if ((v = calloc(want, sizeof(*v))) == NULL || (tmp = calloc(want, sizeof(*tmp))) == NULL) {
		free(v);
		return -ENOMEM;
	}
	if (out.n > 0)
		memcpy(v, out.v, out.n * sizeof(*v));
	free(out.v);
	free(out.tmp);
	out.v = v;
	out.tmp = tmp;
	out.cap = want;
	return 0;
}

// Rebuilds the list of neighbors in sync; the new ones go at the end, from *first_new.
// A neighbor that asked for a refresh counts as new: it is sent the whole table
// (a route it already has is simply replaced by the same).
static int follow_peers(size_t *first_new)
{
	size_t n = 0, n_new = 0, all = 0;
	struct synced *swap;

	for (struct bgp_peer *p = bgp_peers(); p != NULL; p = p->next)
		all++;
	if (reserve(all) < 0)
		return -ENOMEM;
	// Old ones first, in sync when still in the same session.
	for (int pass = 0; pass < 2; pass++)
		for (struct bgp_peer *p = bgp_peers(); p != NULL; p = p->next) {
			const struct synced *old;
			if (!evpn_up(p))
				continue;
			old = synced_find(p);
			bool same = old != NULL && old->established_count == p->established_count &&
				    !p->evpn_resend;
			if (same != (pass == 0))
				continue;
			p->evpn_resend = false;
			out.tmp[n] =
				same ? *old
				     : (struct synced){.established_count = p->established_count};
			snprintf(out.tmp[n].name, sizeof(out.tmp[n].name), "%s", p->name);
			n++;
			n_new += (size_t)pass;
		}
	swap = out.v;
	out.v = out.tmp;
	out.tmp = swap;
	out.n = n;
	*first_new = n - n_new;
	return 0;
}

unsigned bgp_evpn_out_poll(void)
{
	static struct sender *s;
	static size_t s_cap;
	size_t first_new;
	unsigned done = 0;

	if (follow_peers(&first_new) < 0)
		return 0;
	if (out.n > s_cap) {
		free(s);
		s_cap = out.n;
		if ((s = calloc(s_cap, sizeof(*s))) == NULL) {
			s_cap = 0;
			return 0;
		}
	}
	for (size_t i = 0; i < out.n; i++) {
		memset(&s[i], 0, offsetof(struct sender, buf));
		s[i].p = bgp_peer_find(out.v[i].name);
		s[i].sy = &out.v[i];
	}
	if (evpn_local_pending() > 0)
		done += send_changes(s, first_new);
	for (size_t i = first_new; i < out.n; i++)
		done += send_table(&s[i]);
	return done;
}

size_t bgp_evpn_out_sent(const char *name)
{
	const struct synced *sy = synced_find_name(name);
	return sy != NULL ? sy->sent : 0;
}

size_t bgp_evpn_out_advertised(const char *name)
{
	return synced_find_name(name) != NULL ? evpn_local_count() : 0;
}

void bgp_evpn_out_fini(void)
{
	free(out.v);
	free(out.tmp);
	memset(&out, 0, sizeof(out));
}
