// SPDX-License-Identifier: BSD-3-Clause
// The shadow's id translation of one message (see shadow_xlate.h).
#include <errno.h>
#include <string.h>

#include "dp/ipc/shadow_key.h"
#include "dp/ipc/shadow_xlate.h"

static int xlate(const struct shadow_ids *ids, uint32_t *id, bool strict)
{
	uint32_t dp = shadow_ids_dp(ids, *id);

	if (*id != 0 && dp == 0 && strict)
		return *id >= ids->max ? -EINVAL : -ENOENT;
	*id = dp;
	return 0;
}

static int xlate_members(struct shadow *s, struct dp_msg_rnh *r, bool strict)
{
	int ret;

	if (r->n_members > DP_RNH_ECMP_MAX)
		return -EINVAL;
	for (unsigned i = 0; i < r->n_members; i++) {
		uint32_t id = r->members[i];

		if ((ret = xlate(&s->rnh, &id, strict)) < 0)
			return ret;
		r->members[i] = (uint16_t)id;
	}
	return 0;
}

static int xlate_rnh(struct shadow *s, struct dp_msg *m, bool is_del)
{
	int ret;

	if ((ret = xlate_members(s, &m->rnh, !is_del)) < 0 ||
		(ret = xlate(&s->nh, &m->rnh.nh, !is_del)) < 0)
		return ret;
	return is_del ? xlate(&s->rnh, &m->rnh.id, true) : 0;
}

int shadow_xlate_refs(struct shadow *s, struct dp_msg *m)
{
	const struct shadow_type *t = shadow_type(m->type);

	switch (t->obj) {
	case SHADOW_OBJ_NH:
		return t->is_del ? xlate(&s->nh, &m->nh.nh, true) : 0;
	case SHADOW_OBJ_FLOOD:
		return xlate(&s->nh, &m->flood.nh, true); // the key
	case SHADOW_OBJ_MAC:
		return xlate(&s->nh, &m->mac.nh, !t->is_del);
	case SHADOW_OBJ_LABEL:
		return xlate(&s->nh, &m->label.nh, !t->is_del);
	case SHADOW_OBJ_RNH:
		return xlate_rnh(s, m, t->is_del);
	case SHADOW_OBJ_ROUTE:
		return xlate(&s->rnh, &m->route.rnh, !t->is_del);
	default:
		return 0;
	}
}

struct shadow_ids *shadow_ids_of(struct shadow *s, const struct dp_msg *m)
{
	switch (shadow_type(m->type)->obj) {
	case SHADOW_OBJ_NH:
		return &s->nh;
	case SHADOW_OBJ_RNH:
		return &s->rnh;
	default:
		return NULL;
	}
}

static uint32_t *own_id(struct dp_msg *m)
{
	return shadow_type(m->type)->obj == SHADOW_OBJ_NH ? &m->nh.nh : &m->rnh.id;
}

uint32_t shadow_own_id(const struct dp_msg *m)
{
	return shadow_type(m->type)->obj == SHADOW_OBJ_NH ? m->nh.nh : m->rnh.id;
}

// Zero the address bytes its family does not use: they are no part of it.
static void ip_clean(struct dp_ip *ip)
{
	unsigned used = ip->family == AF_INET ? 4 : ip->family == AF_INET6 ? 16 : 0;

	memset(ip->bytes + used, 0, sizeof(ip->bytes) - used);
}

// "The same remote VTEP": what stays when the underlay path or the id changes.
static void identity(const struct dp_msg *m, struct dp_msg *id)
{
	*id = *m;
	*own_id(id) = 0;
	if (shadow_type(m->type)->obj != SHADOW_OBJ_NH) {
		ip_clean(&id->rnh.via);
		return;
	}
	id->nh.resolved = false;
	id->nh.port = 0;
	memset(id->nh.dst_mac, 0, sizeof(id->nh.dst_mac));
	id->nh.entropy_label = false;
	ip_clean(&id->nh.remote);
	ip_clean(&id->nh.local);
}

uint32_t shadow_identity_hash(const struct dp_msg *m)
{
	struct dp_msg id;

	identity(m, &id);
	return shadow_hash_bytes(&id, sizeof(id));
}

static bool same_identity(const struct dp_msg *a, const struct dp_msg *b)
{
	struct dp_msg ia, ib;

	identity(a, &ia);
	identity(b, &ib);
	return memcmp(&ia, &ib, sizeof(ia)) == 0;
}

// A stale dataplane id not claimed yet whose record is the same as m, or 0.
static uint32_t match_stale(struct shadow *s, struct shadow_ids *ids, const struct dp_msg *m)
{
	uint32_t h = shadow_identity_hash(m);

	for (uint32_t dp = shadow_ids_first(ids, h); dp != 0; dp = shadow_ids_next(ids, dp)) {
		struct dp_msg probe = {.type = m->type};
		struct shadow_rec *r;

		*own_id(&probe) = dp;
		if ((r = shadow_table_find(&s->t, &probe)) != NULL && same_identity(&r->msg, m))
			return dp;
	}
	return 0;
}

int shadow_xlate_claim(struct shadow *s, struct dp_msg *m, bool *taken)
{
	struct shadow_ids *ids = shadow_ids_of(s, m);
	uint32_t cp = *own_id(m), dp;

	*taken = false;
	if (cp == 0 || cp >= ids->max)
		return -EINVAL;
	if ((dp = shadow_ids_dp(ids, cp)) == 0) {
		if ((dp = match_stale(s, ids, m)) == 0) {
			if ((dp = shadow_ids_alloc(ids, cp)) == 0)
				return -ENOSPC;
			*taken = true;
		}
		shadow_ids_claim(ids, cp, dp);
	}
	*own_id(m) = dp;
	return 0;
}
