// SPDX-License-Identifier: BSD-3-Clause
// Advertising the RIB's best paths of every family but unicast (bgp_out.h):
// ours (the local source, which a family's owner originates into the RIB
// through bgp_originate) and those received from other neighbors (route
// reflection to iBGP neighbors, relay to eBGP ones). The neighbors are followed
// by polling the peer table: a session that is (again) Established, or that
// asked for a route refresh of a family (bgp_peer.resend), gets the whole table
// of the family (through a cursor over many polls), then End-of-RIB once per
// session; the others get the queued changes. Bounded: nothing is built for a
// neighbor whose output queue is above BGP_TX_HIGH, and changes wait until
// every neighbor drained.
//
// Which path goes to whom is decided in one place for every family,
// bgp_export.c (bgp_export_allowed, bgp_export_path: RR client/non-client,
// eBGP, next hop, ORIGINATOR_ID, CLUSTER_LIST, never back to its source); this
// file only moves NLRI bytes, as received (variable length, labels inside,
// kept in the RIB). No Adj-RIB-Out copy is kept: a change of best path carries
// the previous best path's source (bgp_rib.h), which tells where a withdrawal
// is due. Many NLRI go in each UPDATE while the family and the exported
// attribute set (interned, memoised per neighbor: one hash lookup per route)
// stay the same; changes are kept in one growing byte queue (no malloc per
// route).
//
// Our routes and received ones for the same route key: ours win in the decision
// (weight 32768, as FRR's locally originated routes), the received best path is
// advertised when ours is withdrawn.
#include "cp/bgp/bgp_out.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp/bgp/bgp_encode.h"
#include "cp/bgp/bgp_export.h"
#include "cp/bgp/bgp_family.h"
#include "cp/bgp/bgp_fsm.h"
#include "cp/bgp/bgp_gr_restart.h"
#include "cp/bgp/bgp_io.h"
#include "cp/bgp/bgp_speaker.h"
#include "cp/cp_log.h"

#define DUMP_BUDGET 8192    // RIB routes per dumping neighbor per poll (all families)
#define CHANGE_BUDGET 16384 // RIB changes sent per poll

// A neighbor in sync: it was sent (or is being sent) the tables of its
// families during its current session.
struct synced {
	char name[CP_IP_STRLEN];
	uint32_t established_count;
	struct synced_af {
		bool on;                     // negotiated, and sent here
		size_t sent;
		struct bgp_rib_cursor *dump; // the RIB's routes still to send; NULL: done
		bool eor_due;                // End-of-RIB once the table is sent
		bool borr_due, eorr_due; // a refresh to an RFC 7313 neighbor: BoRR, table, EoRR
		bool table_due;          // the table to start sending (send_table)
		struct bgp_export_key k; // what export decides on (k.self only compared)
	} af[BGP_AF_MAX];
};

// One UPDATE being built for one neighbor.
struct sender {
	struct bgp_peer *p;
	struct synced *sy;
	struct bgp_codec_ctx ctx; // p's, without add-path (no path ids sent)
	struct bgp_update_builder b;
	struct bgp_pattr *pattrs; // the open UPDATE's exported set (a reference)
	uint8_t af;               // of the open UPDATE
	uint8_t walk_af;          // of the table being sent (walk_rib)
	bool open, withdraw;
	struct bgp_export_memo memo; // emptied at the end of each poll
	uint8_t buf[BGP_MAX_MSG_LEN]; // last: the rest is reset per poll
};

// The neighbors in sync (v) and the next list being built (tmp), grown together.
static struct {
	struct synced *v, *tmp;
	size_t n, cap;
} out;

// ---- changes of the RIB

// What export decides on, copied: the source may be freed before the change is
// sent (a dynamic neighbor).
struct src_copy {
	void *owner;
	struct in_addr router_id;
	bool local, ebgp, rr_client; // rr_client: in the change's family
};

// A change of best path, in the queue's bytes: the record, then the NLRI.
struct rchange {
	struct bgp_pattr *attrs;      // the (last) best path's, a reference
	struct bgp_pattr *prev_attrs; // the previous best path's when its source changed
	struct src_copy src, prev;
	bool del; // BGP_ROUTE_DEL
	uint8_t af;
	uint8_t nlri_len;
	uint8_t nlri[];
};

static struct {
	uint8_t *buf;
	size_t head, len, cap; // records in [head, len)
	size_t n;
	bool subscribed[BGP_AF_MAX];
} rq;

static size_t rec_size(uint8_t nlri_len)
{
	return (sizeof(struct rchange) + nlri_len + 7) & ~(size_t)7;
}

static struct src_copy src_copy(const struct bgp_src *s, enum bgp_af af)
{
	return (struct src_copy){s->owner, s->router_id, s->local, s->ebgp, s->rr_client[af]};
}

static void src_view(const struct src_copy *c, enum bgp_af af, struct bgp_src *s)
{
	memset(s, 0, sizeof(*s));
	s->owner = c->owner;
	s->router_id = c->router_id;
	s->local = c->local;
	s->ebgp = c->ebgp;
	s->rr_client[af] = c->rr_client;
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
static bool anyone_cares(enum bgp_af af, const struct bgp_route *r)
{
	const struct bgp_path path = {.src = (struct bgp_src *)r->src,
		.attrs = (struct bgp_pattr *)r->attrs};
	const struct bgp_path prev = {.src = (struct bgp_src *)r->prev_src,
		.attrs = (struct bgp_pattr *)r->prev_attrs};

	for (size_t i = 0; i < out.n; i++) {
		const struct synced_af *sa = &out.v[i].af[af];
		if (sa->on && (bgp_export_allowed(&path, af, &sa->k) ||
				      (r->prev_src != NULL && bgp_export_allowed(&prev, af, &sa->k))))
			return true;
	}
	return false;
}

// ctx: the family.
static void on_rib_change(enum bgp_route_event ev, const struct bgp_route *r, void *ctx)
{
	enum bgp_af af = (enum bgp_af)(uintptr_t)ctx;

	if (out.n == 0)
		return; // nobody in sync: a neighbor coming up is sent the table
	if (!anyone_cares(af, r))
		return;
	size_t sz = rec_size(r->nlri_len);
	if (rq_reserve(sz) < 0) {
		CP_ERR("bgp", "%s: out of memory, a change of the RIB is not sent",
			bgp_family_get(af)->name);
		return;
	}
	struct rchange *c = (struct rchange *)(void *)(rq.buf + rq.len);
	memset(c, 0, sizeof(*c));
	c->attrs = bgp_pattr_ref((struct bgp_pattr *)r->attrs);
	c->src = src_copy(r->src, af);
	c->del = ev == BGP_ROUTE_DEL;
	c->af = (uint8_t)af;
	if (r->prev_src != NULL) {
		c->prev_attrs = bgp_pattr_ref((struct bgp_pattr *)r->prev_attrs);
		c->prev = src_copy(r->prev_src, af);
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

bool bgp_out_serves(enum bgp_af af)
{
	return af != BGP_AF_IPV4_UNICAST && af != BGP_AF_IPV6_UNICAST && bgp_family_get(af) != NULL;
}

// Established with a family sent here.
static bool out_up(const struct bgp_peer *p)
{
	if (p->state != BGP_ESTABLISHED || p->conn == NULL)
		return false;
	for (enum bgp_af af = 0; af < BGP_AF_MAX; af++)
		if (p->af[af] && bgp_out_serves(af))
			return true;
	return false;
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

static struct bgp_export_key export_key(const struct bgp_peer *p, enum bgp_af af)
{
	struct bgp_export_key k = {.ebgp = p->src.ebgp,
		.rr_client = p->src.rr_client[af],
		.four_octet = p->ctx.four_octet_as,
		.remote_as = p->src.ebgp ? p->remote_as : 0,
		.self = p->src.owner};

	k.af[af] = true;
	return k;
}

// ---- building UPDATEs

// An exported set as the encoder wants it: the next hop in MP_REACH_NLRI.
static void rib_attr_set(const struct bgp_pattr *p, enum bgp_af af, struct bgp_attr_set *a)
{
	struct bgp_afi_safi f = bgp_af_family(af);

	bgp_pattr_to_set(p, a); // an IPv6 next hop is there already
	a->afi = f.afi;
	a->safi = f.safi;
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

// Opens an UPDATE of af: a withdrawal (pa NULL), or announcing with pa's attributes.
static int begin(struct sender *s, enum bgp_af af, struct bgp_pattr *pa)
{
	struct bgp_afi_safi f = bgp_af_family(af);
	struct bgp_attr_set a;
	int ret;

	s->withdraw = pa == NULL;
	s->af = (uint8_t)af;
	if (s->withdraw) {
		ret = bgp_update_begin_withdraw(
			&s->b, s->buf, sizeof(s->buf), &s->ctx, f.afi, f.safi);
	} else {
		rib_attr_set(pa, af, &a);
		ret = bgp_update_begin(&s->b, s->buf, sizeof(s->buf), &s->ctx, &a);
	}
	s->open = ret == 0;
	if (s->open)
		s->pattrs = pa != NULL ? bgp_pattr_ref(pa) : NULL;
	return ret;
}

// Whether the open UPDATE can take an NLRI of af with these attributes (a
// withdrawal has none).
static bool fits_open(const struct sender *s, enum bgp_af af, const struct bgp_pattr *pa)
{
	return s->open && s->af == af && s->pattrs == pa;
}

// One NLRI of af into the neighbor's UPDATEs: announced with pa's (an exported
// set) attributes, or withdrawn (pa NULL).
static void add_nlri(
	struct sender *s, enum bgp_af af, const uint8_t *nlri, size_t len, struct bgp_pattr *pa)
{
	bool wd = pa == NULL;

	if (!fits_open(s, af, pa))
		emit(s);
	if (!s->open && begin(s, af, pa) < 0) {
		CP_ERR("bgp", "neighbor %s: cannot encode a %s route", s->p->name,
			bgp_family_get(af)->name);
		return;
	}
	// The NLRI has no path identifier: add-path is not sent (s->ctx).
	if (bgp_update_add_nlri(&s->b, nlri, len) == -ENOSPC) {
		emit(s);
		if (begin(s, af, pa) < 0 || bgp_update_add_nlri(&s->b, nlri, len) < 0)
			return;
	}
	s->sy->af[af].sent += wd ? 0 : 1;
	s->p->prefixes_out++;
}

// The RIB's best path r of af announced to the neighbor when export allows it;
// else withdrawn if wd_else.
static void add_rib(struct sender *s, enum bgp_af af, const struct bgp_route *r, bool wd_else)
{
	const struct bgp_path path = {.src = (struct bgp_src *)r->src,
		.attrs = (struct bgp_pattr *)r->attrs};
	struct bgp_pattr *pa = bgp_export_memo_path(&path, af, &s->sy->af[af].k, &s->memo);

	if (pa != NULL || wd_else)
		add_nlri(s, af, r->nlri, r->nlri_len, pa);
	bgp_pattr_unref(pa);
}

// A change of the RIB's best path to one neighbor (one that has its family).
static void add_change(struct sender *s, const struct rchange *c)
{
	enum bgp_af af = c->af;
	const struct bgp_export_key *k = &s->sy->af[af].k;
	struct bgp_src src, prev;
	struct bgp_path path = {.src = &src, .attrs = c->attrs};
	struct bgp_route r = {
		.nlri = c->nlri, .nlri_len = c->nlri_len, .attrs = c->attrs, .src = &src};

	if (!s->sy->af[af].on)
		return;
	src_view(&c->src, af, &src);
	if (c->del) { // withdrawn where the last best path went
		if (bgp_export_allowed(&path, af, k))
			add_nlri(s, af, c->nlri, c->nlri_len, NULL);
		return;
	}
	// A new best path from another source: withdrawn where the old one went and
	// the new one may not go (its own source, or a non-client to non-clients).
	bool was_sent = false;
	if (c->prev_attrs != NULL) {
		src_view(&c->prev, af, &prev);
		const struct bgp_path old = {.src = &prev, .attrs = c->prev_attrs};
		was_sent = bgp_export_allowed(&old, af, k);
	}
	add_rib(s, af, &r, was_sent);
}

// ---- sending

// The changes to every neighbor in sync.
struct fanout {
	struct sender *s;
	size_t n;
};

static void walk_rib(const struct bgp_route *r, void *arg)
{
	struct sender *s = arg;

	add_rib(s, s->walk_af, r, false);
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

// The next part of the RIB's routes of af to a neighbor being sent the table;
// then End-of-RIB (and EoRR after a refresh).
static unsigned send_dump(struct sender *s, enum bgp_af af, size_t *budget)
{
	struct synced_af *sa = &s->sy->af[af];
	size_t n = 0;

	if (sa->dump != NULL) {
		if (busy(s->p) || *budget == 0)
			return 0;
		s->walk_af = (uint8_t)af;
		n = bgp_rib_walk_from(sa->dump, *budget, walk_rib, s);
		*budget -= n;
		emit(s);
		if (sa->dump->active)
			return (unsigned)n + 1;
		free(sa->dump);
		sa->dump = NULL;
		CP_INFO("bgp", "neighbor %s: %zu %s routes sent", s->p->name, sa->sent,
			bgp_family_get(af)->name);
	}
	if (sa->eorr_due) {
		bgp_peer_send_rr(s->p, af, BGP_RR_EORR);
		sa->eorr_due = false;
	}
	if (sa->eor_due) {
		bgp_peer_send_eor(s->p, af);
		sa->eor_due = false;
	}
	return (unsigned)n;
}

// Starts sending the RIB's best paths of af through a cursor (send_dump).
static unsigned send_table(struct sender *s, enum bgp_af af)
{
	struct synced_af *sa = &s->sy->af[af];

	sa->table_due = false;
	if (sa->borr_due) { // before the first UPDATE of the table
		bgp_peer_send_rr(s->p, af, BGP_RR_BORR);
		sa->borr_due = false;
	}
	if (bgp_nlri_rib_count(af) == 0)
		CP_INFO("bgp", "neighbor %s: %zu %s routes sent", s->p->name, sa->sent,
			bgp_family_get(af)->name);
	else if ((sa->dump = calloc(1, sizeof(*sa->dump))) != NULL)
		bgp_rib_cursor_start(sa->dump, af); // logged when done
	else
		CP_ERR("bgp", "neighbor %s: out of memory, %s routes not sent", s->p->name,
			bgp_family_get(af)->name);
	return 1;
}

// A neighbor's families: tables to start, then the next part of those being
// sent (DUMP_BUDGET routes in all), End-of-RIB after each.
static unsigned send_tables(struct sender *s)
{
	size_t budget = DUMP_BUDGET;
	unsigned done = 0;

	for (enum bgp_af af = 0; af < BGP_AF_MAX; af++) {
		struct synced_af *sa = &s->sy->af[af];
		if (!sa->on)
			continue;
		if (sa->table_due)
			done += send_table(s, af);
		if (sa->dump != NULL || sa->eor_due || sa->eorr_due)
			done += send_dump(s, af, &budget);
	}
	return done;
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

static void dump_free(struct synced_af *sa)
{
	if (sa->dump == NULL)
		return;
	bgp_rib_cursor_stop(sa->dump);
	free(sa->dump);
	sa->dump = NULL;
}

static void synced_free(struct synced *sy)
{
	for (enum bgp_af af = 0; af < BGP_AF_MAX; af++)
		dump_free(&sy->af[af]);
}

// A new session: every family it negotiated that is sent here, its table then
// End-of-RIB.
static void synced_new(struct synced *sy, const struct bgp_peer *p)
{
	*sy = (struct synced){.established_count = p->established_count};
	for (enum bgp_af af = 0; af < BGP_AF_MAX; af++)
		if (p->af[af] && bgp_out_serves(af))
			sy->af[af] = (struct synced_af){.on = true, .eor_due = true, .table_due = true};
}

// A refresh of af asked by the neighbor (or soft out): the table again, between
// BoRR and EoRR to an RFC 7313 neighbor. Asked again while one runs, the table
// starts over inside the same BoRR/EoRR.
static void synced_refresh(struct synced_af *sa, const struct bgp_peer *p)
{
	bool open = sa->eorr_due;

	dump_free(sa);
	sa->sent = 0; // counted again from the refresh
	sa->table_due = true;
	sa->borr_due = p->peer_enh_rr && !open;
	sa->eorr_due = p->peer_enh_rr;
}

// Rebuilds the list of neighbors in sync; the new sessions go at the end, from
// *first_new. A neighbor that asked for a refresh of a family keeps its place
// and starts that family's table again.
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
			if (!out_up(p))
				continue;
			old = synced_find(p);
			bool same = old != NULL && old->established_count == p->established_count;
			if (same != (pass == 0))
				continue;
			if (same) {
				out.tmp[n] = *old;
				for (enum bgp_af af = 0; af < BGP_AF_MAX; af++)
					old->af[af].dump = NULL; // moved
			} else {
				synced_new(&out.tmp[n], p);
			}
			for (enum bgp_af af = 0; af < BGP_AF_MAX; af++)
				if (out.tmp[n].af[af].on) {
					if (same && (p->resend & (1u << af)))
						synced_refresh(&out.tmp[n].af[af], p);
					out.tmp[n].af[af].k = export_key(p, af);
				}
			p->resend = 0;
			snprintf(out.tmp[n].name, sizeof(out.tmp[n].name), "%s", p->name);
			n++;
			n_new += (size_t)pass;
		}
	swap = out.v;
	out.v = out.tmp;
	out.tmp = swap;
	out.n = n;
	for (size_t i = 0; i < old_n; i++) // walks of neighbors gone or starting again
		synced_free(&out.tmp[i]);
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

// The RIB's changes of every family sent here, from the start.
static void subscribe(void)
{
	for (enum bgp_af af = 0; af < BGP_AF_MAX; af++)
		if (!rq.subscribed[af] && bgp_out_serves(af) &&
			bgp_rib_subscribe(af, on_rib_change, (void *)(uintptr_t)af) == 0)
			rq.subscribed[af] = true;
}

// Nothing to do: no change queued, no table being sent, the neighbors in sync
// as they were. The control loop calls bgp_out_poll on every turn: rebuilding
// the list and the senders each time cost more than the sending at 1M routes.
static bool idle(void)
{
	size_t n = 0;

	if (rq_front() != NULL)
		return false;
	for (size_t i = 0; i < out.n; i++)
		for (enum bgp_af af = 0; af < BGP_AF_MAX; af++) {
			const struct synced_af *sa = &out.v[i].af[af];
			if (sa->dump != NULL || sa->table_due || sa->eor_due || sa->eorr_due)
				return false;
		}
	for (const struct bgp_peer *p = bgp_peers(); p != NULL; p = p->next) {
		if (!out_up(p))
			continue;
		const struct synced *sy = synced_find(p);
		if (p->resend != 0 || sy == NULL || sy->established_count != p->established_count)
			return false;
		n++;
	}
	return n == out.n;
}

unsigned bgp_out_poll(void)
{
	static struct sender *s;
	static size_t s_cap;
	size_t first_new;
	unsigned done = 0;

	subscribe();
	if (!bgp_gr_restart_complete())
		return 0; // restarting: nothing of ours leaves yet (RFC 4724 4.1)
	if (idle())
		return 0;
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
		s[i].ctx = s[i].p->ctx;
		memset(s[i].ctx.add_path, 0, sizeof(s[i].ctx.add_path));
	}
	if (first_new == 0)
		rq_clear(); // nobody was in sync: the new ones are sent the table
	if (rq_front() != NULL)
		done += send_changes(s, first_new);
	for (size_t i = 0; i < out.n; i++)
		done += send_tables(&s[i]);
	senders_clear(s, out.n);
	return done;
}

size_t bgp_out_sent(const char *name, enum bgp_af af)
{
	const struct synced *sy = synced_find_name(name);
	return sy != NULL && (unsigned)af < BGP_AF_MAX ? sy->af[af].sent : 0;
}

struct count_ctx {
	struct bgp_export_key k;
	enum bgp_af af;
	size_t n;
};

static bool advertises(const struct bgp_export_key *k, enum bgp_af af, const struct bgp_route *r)
{
	const struct bgp_path path = {.src = (struct bgp_src *)r->src,
		.attrs = (struct bgp_pattr *)r->attrs};

	return bgp_export_allowed(&path, af, k);
}

static int count_one(const struct bgp_route *r, void *arg)
{
	struct count_ctx *c = arg;

	c->n += advertises(&c->k, c->af, r);
	return 0;
}

bool bgp_out_synced(const char *name)
{
	return synced_find_name(name) != NULL;
}

bool bgp_out_advertises(const struct bgp_peer *p, enum bgp_af af, const struct bgp_route *r)
{
	const struct synced *sy = synced_find_name(p->name);

	return sy != NULL && (unsigned)af < BGP_AF_MAX && sy->af[af].on &&
	       advertises(&sy->af[af].k, af, r);
}

size_t bgp_out_advertised(const char *name, enum bgp_af af)
{
	const struct synced *sy = synced_find_name(name);
	struct count_ctx c = {.af = af, .n = 0};

	if (sy == NULL || (unsigned)af >= BGP_AF_MAX || !sy->af[af].on)
		return 0;
	c.k = sy->af[af].k;
	bgp_rib_walk_routes(af, count_one, &c, false); // a show command: a walk is fine
	return c.n;
}

void bgp_out_fini(void)
{
	for (size_t i = 0; i < out.n; i++)
		synced_free(&out.v[i]);
	rq_clear();
	free(rq.buf);
	for (enum bgp_af af = 0; af < BGP_AF_MAX; af++)
		if (rq.subscribed[af])
			bgp_rib_unsubscribe(af, on_rib_change);
	memset(&rq, 0, sizeof(rq));
	free(out.v);
	free(out.tmp);
	memset(&out, 0, sizeof(out));
}
