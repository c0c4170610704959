// SPDX-License-Identifier: BSD-3-Clause
// Advertising the best paths of the EVPN RIB: ours (the local source, which the
// EVPN module originates into the RIB through bgp_originate) and those received
// from other neighbors (route reflection to iBGP neighbors, relay to eBGP ones).
// The neighbors are followed by polling the peer table: a session that is
// (again) Established with l2vpn evpn, or that asked for a route refresh
// (evpn_resend), gets the whole table (through a cursor over many polls), then
// End-of-RIB once per session; the others get the queued changes. Bounded:
// nothing is built for a neighbor whose output queue is above BGP_TX_HIGH, and
// changes wait until every neighbor drained.
//
// Why here and not in the update groups (bgp_ugroup.c): which path goes to whom
// is decided in one place for every family, bgp_export.c (bgp_export_allowed,
// bgp_export_path: RR client/non-client, eBGP, next hop, ORIGINATOR_ID,
// CLUSTER_LIST); this file only moves EVPN bytes. The update groups keep an
// Adj-RIB-Out of prefixes shared by peers treated alike, which EVPN cannot use
// as is: a route must never go back to the neighbor it came from, so each
// neighbor's treatment differs (its key names it), the NLRI go out as received
// (variable length, labels inside, kept in the RIB). So no Adj-RIB-Out copy is
// kept: a change of best path carries the previous best path's source
// (bgp_rib.h), which tells where a withdrawal is due. Many NLRI go in each UPDATE while the
// exported attribute set (interned, memoised per neighbor: one hash lookup per
// route) stays the same; changes are kept in one growing byte queue (no malloc
// per route).
//
// Our routes and received ones for the same route key: ours win in the decision
// (weight 32768, as FRR's locally originated routes), the received best path is
// advertised when ours is withdrawn.
#include "cp/bgp/bgp_evpn_out.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp/bgp/bgp_encode.h"
#include "cp/bgp/bgp_export.h"
#include "cp/bgp/bgp_fsm.h"
#include "cp/bgp/bgp_io.h"
#include "cp/bgp/bgp_speaker.h"
#include "cp/cp_log.h"

#define DUMP_BUDGET 8192    // RIB routes per dumping neighbor per poll
#define CHANGE_BUDGET 16384 // RIB changes sent per poll

// A neighbor in sync: it was sent (or is being sent) the table during its
// current session.
struct synced {
	char name[CP_IP_STRLEN];
	uint32_t established_count;
	size_t sent;
	struct bgp_rib_cursor *dump;  // the RIB's routes still to send; NULL: done
	bool eor_due;                 // End-of-RIB once the table is sent
	bool borr_due, eorr_due;      // a refresh to an RFC 7313 neighbor: BoRR, table, EoRR
	struct bgp_export_key k;      // what export decides on for it (k.self only compared)
};

// One UPDATE being built for one neighbor.
struct sender {
	struct bgp_peer *p;
	struct synced *sy;
	struct bgp_export_key k;
	struct bgp_update_builder b;
	struct bgp_pattr *pattrs; // the open UPDATE's exported set (a reference)
	bool open, withdraw;
	struct bgp_export_memo memo; // emptied at the end of each poll
	uint8_t buf[BGP_MAX_MSG_LEN]; // last: the rest is reset per poll
};

// The neighbors in sync (v) and the next list being built (tmp), grown together.
static struct {
	struct synced *v, *tmp;
	size_t n, cap;
} out;

// ---- changes of the EVPN RIB

// What export decides on, copied: the source may be freed before the change is
// sent (a dynamic neighbor).
struct src_copy {
	void *owner;
	struct in_addr router_id;
	bool local, ebgp, rr_client; // rr_client: in l2vpn evpn, the family sent here
};

// A change of best path, in the queue's bytes: the record, then the NLRI.
struct rchange {
	struct bgp_pattr *attrs;      // the (last) best path's, a reference
	struct bgp_pattr *prev_attrs; // the previous best path's when its source changed
	struct src_copy src, prev;
	bool del; // BGP_ROUTE_DEL
	uint8_t nlri_len;
	uint8_t nlri[];
};

static struct {
	uint8_t *buf;
	size_t head, len, cap; // records in [head, len)
	size_t n;
	bool subscribed;
} rq;

static size_t rec_size(uint8_t nlri_len)
{
	return (sizeof(struct rchange) + nlri_len + 7) & ~(size_t)7;
}

static struct src_copy src_copy(const struct bgp_src *s)
{
	return (struct src_copy){
		s->owner, s->router_id, s->local, s->ebgp, s->rr_client[BGP_AF_L2VPN_EVPN]};
}

static void src_view(const struct src_copy *c, struct bgp_src *s)
{
	memset(s, 0, sizeof(*s));
	s->owner = c->owner;
	s->router_id = c->router_id;
	s->local = c->local;
	s->ebgp = c->ebgp;
	s->rr_client[BGP_AF_L2VPN_EVPN] = c->rr_client;
}

static int rq_reserve(size_t want)
{
	if (rq.head > 0 && rq.head == rq.len)
		rq.head = rq.len = 0;
	if (rq.len + want <= rq.cap)
		return 0;
	if (rq.head >= rq.cap / 2) { // the front is sent: reuse it
		memmove(rq.buf, rq.buf + rq.head, rq.len - rq.head);
		rq.len -= rq.head;
		rq.head = 0;
		if (rq.len + want <= rq.cap)
			return 0;
	}
	size_t cap = rq.cap ? rq.cap * 2 : 64 * 1024;
	while (cap < rq.len + want)
		cap *= 2;
	uint8_t *b = realloc(rq.buf, cap);
	if (b == NULL)
		return -ENOMEM;
	rq.buf = b;
	rq.cap = cap;
	return 0;
}

// Whether a neighbor in sync may get the new best path, or got the previous
// one. A leaf VTEP's routes from its route reflectors go to nobody (they came
// from there, or non-client to non-client): not queued at all (a million
// routes from one peer cost 0.2 s of CPU queued for nothing).
static bool anyone_cares(const struct bgp_route *r)
{
	const struct bgp_path path = {.src = (struct bgp_src *)r->src,
		.attrs = (struct bgp_pattr *)r->attrs};
	const struct bgp_path prev = {.src = (struct bgp_src *)r->prev_src,
		.attrs = (struct bgp_pattr *)r->prev_attrs};

	for (size_t i = 0; i < out.n; i++)
		if (bgp_export_allowed(&path, BGP_AF_L2VPN_EVPN, &out.v[i].k) ||
			(r->prev_src != NULL &&
				bgp_export_allowed(&prev, BGP_AF_L2VPN_EVPN, &out.v[i].k)))
			return true;
	return false;
}

static void on_rib_change(enum bgp_route_event ev, const struct bgp_route *r, void *ctx)
{
	(void)ctx;
	if (out.n == 0)
		return; // nobody in sync: a neighbor coming up is sent the table
	if (!anyone_cares(r))
		return;
	size_t sz = rec_size(r->nlri_len);
	if (rq_reserve(sz) < 0) {
		CP_ERR("bgp", "EVPN: out of memory, a change of the RIB is not sent");
		return;
	}
	struct rchange *c = (struct rchange *)(void *)(rq.buf + rq.len);
	memset(c, 0, sizeof(*c));
	c->attrs = bgp_pattr_ref((struct bgp_pattr *)r->attrs);
	c->src = src_copy(r->src);
	c->del = ev == BGP_ROUTE_DEL;
	if (r->prev_src != NULL) {
		c->prev_attrs = bgp_pattr_ref((struct bgp_pattr *)r->prev_attrs);
		c->prev = src_copy(r->prev_src);
	}
	c->nlri_len = r->nlri_len;
	memcpy(c->nlri, r->nlri, r->nlri_len);
	rq.len += sz;
	rq.n++;
}

static struct rchange *rq_front(void)
{
	return rq.head < rq.len ? (struct rchange *)(void *)(rq.buf + rq.head) : NULL;
}

static void rq_pop(void)
{
	struct rchange *c = rq_front();

	bgp_pattr_unref(c->attrs);
	bgp_pattr_unref(c->prev_attrs);
	rq.head += rec_size(c->nlri_len);
	rq.n--;
}

static void rq_clear(void)
{
	while (rq_front() != NULL)
		rq_pop();
	rq.head = rq.len = 0;
}

// ---- neighbors

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

static struct bgp_export_key export_key(const struct bgp_peer *p)
{
	return (struct bgp_export_key){.ebgp = p->src.ebgp,
		.rr_client = p->src.rr_client[BGP_AF_L2VPN_EVPN],
		.four_octet = p->ctx.four_octet_as,
		.remote_as = p->src.ebgp ? p->remote_as : 0,
		.af[BGP_AF_L2VPN_EVPN] = true,
		.self = p->src.owner};
}

// ---- building UPDATEs

// An exported set as the encoder wants it: the next hop in MP_REACH_NLRI.
static void rib_attr_set(const struct bgp_pattr *p, struct bgp_attr_set *a)
{
	bgp_pattr_to_set(p, a); // an IPv6 next hop is there already
	a->afi = BGP_AFI_L2VPN;
	a->safi = BGP_SAFI_EVPN;
	if (!(p->has & BGP_PATTR_NH6)) {
		a->mp_nexthop_len = 4;
		memcpy(a->mp_nexthop, &p->next_hop, 4);
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
	bgp_pattr_unref(s->pattrs);
	s->pattrs = NULL;
}

// Opens an UPDATE: a withdrawal (pa NULL), or announcing with pa's attributes.
static int begin(struct sender *s, struct bgp_pattr *pa)
{
	struct bgp_attr_set a;
	int ret;

	s->withdraw = pa == NULL;
	if (s->withdraw) {
		ret = bgp_update_begin_withdraw(
			&s->b, s->buf, sizeof(s->buf), &s->p->ctx, BGP_AFI_L2VPN, BGP_SAFI_EVPN);
	} else {
		rib_attr_set(pa, &a);
		ret = bgp_update_begin(&s->b, s->buf, sizeof(s->buf), &s->p->ctx, &a);
	}
	s->open = ret == 0;
	if (s->open)
		s->pattrs = pa != NULL ? bgp_pattr_ref(pa) : NULL;
	return ret;
}

// Whether the open UPDATE can take an NLRI with these attributes (a withdrawal
// has none).
static bool fits_open(const struct sender *s, const struct bgp_pattr *pa)
{
	return s->open && s->pattrs == pa;
}

// One NLRI into the neighbor's UPDATEs: announced with pa's (an exported set)
// attributes, or withdrawn (pa NULL).
static void add_nlri(struct sender *s, const uint8_t *nlri, size_t len, struct bgp_pattr *pa)
{
	bool wd = pa == NULL;

	if (!fits_open(s, pa))
		emit(s);
	if (!s->open && begin(s, pa) < 0) {
		CP_ERR("bgp", "neighbor %s: cannot encode an EVPN route", s->p->name);
		return;
	}
	// The NLRI has no path identifier: add-path is not negotiated for EVPN.
	if (bgp_update_add_nlri(&s->b, nlri, len) == -ENOSPC) {
		emit(s);
		if (begin(s, pa) < 0 || bgp_update_add_nlri(&s->b, nlri, len) < 0)
			return;
	}
	s->sy->sent += wd ? 0 : 1;
	s->p->prefixes_out++;
}

// The RIB's best path r announced to the neighbor when export allows it; else
// withdrawn if wd_else.
static void add_rib(struct sender *s, const struct bgp_route *r, bool wd_else)
{
	const struct bgp_path path = {.src = (struct bgp_src *)r->src,
		.attrs = (struct bgp_pattr *)r->attrs};
	struct bgp_pattr *pa = bgp_export_memo_path(&path, BGP_AF_L2VPN_EVPN, &s->k, &s->memo);

	if (pa != NULL || wd_else)
		add_nlri(s, r->nlri, r->nlri_len, pa);
	bgp_pattr_unref(pa);
}

// A change of the RIB's best path to one neighbor.
static void add_change(struct sender *s, const struct rchange *c)
{
	struct bgp_src src, prev;
	struct bgp_path path = {.src = &src, .attrs = c->attrs};
	struct bgp_route r = {
		.nlri = c->nlri, .nlri_len = c->nlri_len, .attrs = c->attrs, .src = &src};

	src_view(&c->src, &src);
	if (c->del) { // withdrawn where the last best path went
		if (bgp_export_allowed(&path, BGP_AF_L2VPN_EVPN, &s->k))
			add_nlri(s, c->nlri, c->nlri_len, NULL);
		return;
	}
	// A new best path from another source: withdrawn where the old one went and
	// the new one may not go (its own source, or a non-client to non-clients).
	bool was_sent = false;
	if (c->prev_attrs != NULL) {
		src_view(&c->prev, &prev);
		const struct bgp_path old = {.src = &prev, .attrs = c->prev_attrs};
		was_sent = bgp_export_allowed(&old, BGP_AF_L2VPN_EVPN, &s->k);
	}
	add_rib(s, &r, was_sent);
}

// ---- sending

// The changes to every neighbor in sync.
struct fanout {
	struct sender *s;
	size_t n;
};

static void walk_rib(const struct bgp_route *r, void *arg)
{
	add_rib(arg, r, false);
}

static unsigned send_rib_changes(struct sender *s, size_t n)
{
	unsigned done = 0;
	struct rchange *c;

	while (done < CHANGE_BUDGET && (c = rq_front()) != NULL) {
		for (size_t i = 0; i < n; i++)
			add_change(&s[i], c);
		rq_pop();
		done++;
	}
	return done;
}

static unsigned send_changes(struct sender *s, size_t n)
{
	unsigned done;

	for (size_t i = 0; i < n; i++)
		if (busy(s[i].p))
			return 0; // keep the changes until every neighbor drained its queue
	done = send_rib_changes(s, n);
	for (size_t i = 0; i < n; i++)
		emit(&s[i]);
	return done;
}

static void send_eor(struct sender *s)
{
	bgp_peer_send_eor(s->p, BGP_AF_L2VPN_EVPN);
	s->sy->eor_due = false;
}

// The next part of the RIB's routes to a neighbor being sent the table; then
// End-of-RIB.
static unsigned send_dump(struct sender *s)
{
	size_t n = 0;

	if (s->sy->dump != NULL) {
		if (busy(s->p))
			return 0;
		n = bgp_rib_walk_from(s->sy->dump, DUMP_BUDGET, walk_rib, s);
		emit(s);
		if (s->sy->dump->active)
			return (unsigned)n + 1;
		free(s->sy->dump);
		s->sy->dump = NULL;
		CP_INFO("bgp", "neighbor %s: %zu EVPN routes sent", s->p->name, s->sy->sent);
	}
	if (s->sy->eorr_due) {
		bgp_peer_send_rr(s->p, BGP_AF_L2VPN_EVPN, BGP_RR_EORR);
		s->sy->eorr_due = false;
	}
	if (s->sy->eor_due)
		send_eor(s);
	return (unsigned)n;
}

// The RIB's best paths through a cursor (send_dump).
static unsigned send_table(struct sender *s)
{
	if (s->sy->borr_due) { // before the first UPDATE of the table
		bgp_peer_send_rr(s->p, BGP_AF_L2VPN_EVPN, BGP_RR_BORR);
		s->sy->borr_due = false;
	}
	if (bgp_nlri_rib_count(BGP_AF_L2VPN_EVPN) == 0)
		CP_INFO("bgp", "neighbor %s: %zu EVPN routes sent", s->p->name, s->sy->sent);
	else if ((s->sy->dump = calloc(1, sizeof(*s->sy->dump))) != NULL)
		bgp_rib_cursor_start(s->sy->dump, BGP_AF_L2VPN_EVPN); // logged when done
	else
		CP_ERR("bgp", "neighbor %s: out of memory, received EVPN routes not sent",
			s->p->name);
	return 1 + send_dump(s);
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

static void dump_free(struct synced *sy)
{
	if (sy->dump == NULL)
		return;
	bgp_rib_cursor_stop(sy->dump);
	free(sy->dump);
	sy->dump = NULL;
}

// Rebuilds the list of neighbors in sync; the new ones go at the end, from *first_new.
// A neighbor that asked for a refresh counts as new: it is sent the whole table
// (a route it already has is simply replaced by the same).
static int follow_peers(size_t *first_new)
{
	size_t n = 0, n_new = 0, all = 0, old_n = out.n;
	struct synced *swap;

	for (struct bgp_peer *p = bgp_peers(); p != NULL; p = p->next)
		all++;
	if (reserve(all) < 0)
		return -ENOMEM;
	// Old ones first, in sync when still in the same session.
	for (int pass = 0; pass < 2; pass++)
		for (struct bgp_peer *p = bgp_peers(); p != NULL; p = p->next) {
			struct synced *old;
			if (!evpn_up(p))
				continue;
			old = synced_find(p);
			bool same_session = old != NULL && old->established_count == p->established_count;
			bool same = same_session && !p->evpn_resend;
			if (same != (pass == 0))
				continue;
			p->evpn_resend = false;
			if (same) {
				out.tmp[n] = *old;
				old->dump = NULL; // moved
			} else {
				// A refresh asked again while one runs: the table starts over
				// inside the same BoRR/EoRR.
				bool open = same_session && old->eorr_due;
				bool enh = same_session && p->peer_enh_rr;
				out.tmp[n] = (struct synced){.established_count = p->established_count,
					.eor_due = !same_session || (old != NULL && old->eor_due),
					.borr_due = enh && !open, .eorr_due = enh};
			}
			snprintf(out.tmp[n].name, sizeof(out.tmp[n].name), "%s", p->name);
			out.tmp[n].k = export_key(p);
			n++;
			n_new += (size_t)pass;
		}
	swap = out.v;
	out.v = out.tmp;
	out.tmp = swap;
	out.n = n;
	for (size_t i = 0; i < old_n; i++) // walks of neighbors gone or starting again
		dump_free(&out.tmp[i]);
	*first_new = n - n_new;
	return 0;
}

static void senders_clear(struct sender *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		emit(&s[i]);
		bgp_export_memo_clear(&s[i].memo);
	}
}

unsigned bgp_evpn_out_poll(void)
{
	static struct sender *s;
	static size_t s_cap;
	size_t first_new;
	unsigned done = 0;

	if (!rq.subscribed && bgp_rib_subscribe(BGP_AF_L2VPN_EVPN, on_rib_change, NULL) == 0)
		rq.subscribed = true;
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
		s[i].k = export_key(s[i].p);
	}
	if (first_new == 0)
		rq_clear(); // nobody was in sync: the new ones are sent the table
	if (rq_front() != NULL)
		done += send_changes(s, first_new);
	for (size_t i = 0; i < first_new; i++)
		if (out.v[i].dump != NULL || out.v[i].eor_due || out.v[i].eorr_due)
			done += send_dump(&s[i]);
	for (size_t i = first_new; i < out.n; i++)
		done += send_table(&s[i]);
	senders_clear(s, out.n);
	return done;
}

size_t bgp_evpn_out_sent(const char *name)
{
	const struct synced *sy = synced_find_name(name);
	return sy != NULL ? sy->sent : 0;
}

struct count_ctx {
	struct bgp_export_key k;
	size_t n;
};

static bool advertises(const struct bgp_export_key *k, const struct bgp_route *r)
{
	const struct bgp_path path = {.src = (struct bgp_src *)r->src,
		.attrs = (struct bgp_pattr *)r->attrs};

	return bgp_export_allowed(&path, BGP_AF_L2VPN_EVPN, k);
}

static int count_one(const struct bgp_route *r, void *arg)
{
	struct count_ctx *c = arg;

	c->n += advertises(&c->k, r);
	return 0;
}

bool bgp_evpn_out_synced(const char *name)
{
	return synced_find_name(name) != NULL;
}

bool bgp_evpn_out_advertises(const struct bgp_peer *p, const struct bgp_route *r)
{
	const struct bgp_export_key k = export_key(p);

	return synced_find_name(p->name) != NULL && advertises(&k, r);
}

size_t bgp_evpn_out_advertised(const char *name)
{
	const struct bgp_peer *p = bgp_peer_find(name);
	struct count_ctx c = {.n = 0};

	if (synced_find_name(name) == NULL || p == NULL)
		return 0;
	c.k = export_key(p);
	bgp_rib_walk_routes(
		BGP_AF_L2VPN_EVPN, count_one, &c, false); // a show command: a walk is fine
	return c.n;
}

void bgp_evpn_out_fini(void)
{
	for (size_t i = 0; i < out.n; i++)
		dump_free(&out.v[i]);
	rq_clear();
	free(rq.buf);
	if (rq.subscribed)
		bgp_rib_unsubscribe(BGP_AF_L2VPN_EVPN, on_rib_change);
	memset(&rq, 0, sizeof(rq));
	free(out.v);
	free(out.tmp);
	memset(&out, 0, sizeof(out));
}
