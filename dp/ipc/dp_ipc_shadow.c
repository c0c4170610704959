// SPDX-License-Identifier: BSD-3-Clause
// The forwarding process's shadow of the control process's messages: record, dedupe,
// mark and sweep (see dp_ipc_shadow.h). Keys live in shadow_key.c, records in
// shadow_table.c, id translation in shadow_xlate.c and shadow_ids.c.
#include <errno.h>
#include <string.h>

#include "dp/ipc/dp_ipc_shadow.h"
#include "dp/ipc/shadow_key.h"
#include "dp/ipc/shadow_xlate.h"

static struct shadow S;

int dp_ipc_shadow_init(void)
{
	memset(&S, 0, sizeof(S));
	if (shadow_table_init(&S.t) < 0 || shadow_ids_init(&S.nh, DP_MAX_NEXTHOPS) < 0 ||
		shadow_ids_init(&S.rnh, DP_MAX_RNH) < 0) {
		dp_ipc_shadow_fini();
		return -ENOMEM;
	}
	return 0;
}

void dp_ipc_shadow_fini(void)
{
	shadow_table_fini(&S.t);
	shadow_ids_fini(&S.nh);
	shadow_ids_fini(&S.rnh);
	memset(&S, 0, sizeof(S));
}

void dp_ipc_shadow_mark(void)
{
	shadow_ids_forget(&S.nh);
	shadow_ids_forget(&S.rnh);
	for (uint32_t i = 0; i < S.t.n_slots; i++) {
		struct shadow_rec *r = shadow_table_slot(&S.t, i);
		struct shadow_ids *ids;

		if (r == NULL)
			continue;
		r->stale = true;
		if ((ids = shadow_ids_of(&S, &r->msg)) != NULL)
			shadow_ids_stale(ids, shadow_own_id(&r->msg), shadow_identity_hash(&r->msg));
	}
	S.stale = S.t.count;
}

bool dp_ipc_shadow_has_state(void)
{
	return S.t.count > 0;
}

static void refresh(struct shadow_rec *r)
{
	if (r->stale)
		S.stale--;
	r->stale = false;
}

// The record goes, and with it the dataplane id of a next hop or route next hop.
static void forget(struct shadow_rec *r)
{
	struct shadow_ids *ids = shadow_ids_of(&S, &r->msg);

	if (ids != NULL)
		shadow_ids_release(ids, shadow_own_id(&r->msg));
	refresh(r);
	shadow_table_del(&S.t, r);
}

// The writer's rule: only a gateway message replaces or removes a gateway proxy entry.
static bool neigh_kept(const struct dp_msg *rec, const struct dp_msg *m)
{
	return rec->neigh.gateway && !m->neigh.gateway;
}

static int shadow_set(struct dp_msg *m, const struct shadow_type *t)
{
	struct shadow_rec *r;
	bool taken = false, same;
	int ret;

	if (shadow_ids_of(&S, m) != NULL && (ret = shadow_xlate_claim(&S, m, &taken)) < 0)
		return ret;
	if ((r = shadow_table_find(&S.t, m)) == NULL) {
		if (shadow_table_add(&S.t, m) != NULL)
			return 1;
		if (taken)
			shadow_ids_release(shadow_ids_of(&S, m), shadow_own_id(m));
		return -ENOMEM;
	}
	if (t->obj == SHADOW_OBJ_NEIGH && neigh_kept(&r->msg, m))
		return 1; // the writer refuses it: the record stays as the dataplane has it
	if (r->stale && m->type == DP_MSG_NH_SET && r->msg.nh.resolved && !m->nh.resolved) {
		// A restart: the new control process has not resolved this VTEP's neighbour
		// yet. The dataplane keeps the one it has (right a moment ago) meanwhile.
		refresh(r);
		return 0;
	}
	same = memcmp(&r->msg, m, sizeof(*m)) == 0;
	refresh(r);
	r->msg = *m;
	return same && !t->always ? 0 : 1;
}

static int shadow_del(const struct dp_msg *m)
{
	struct shadow_rec *r = shadow_table_find(&S.t, m);

	if (r == NULL)
		return 1;
	if (m->type == DP_MSG_NEIGH_DEL &&
		(memcmp(r->msg.neigh.mac, m->neigh.mac, 6) != 0 || neigh_kept(&r->msg, m)))
		return 1; // the writer keeps it too (dp_api.h)
	forget(r);
	return 1;
}

// The type's union member alone in a zeroed message: what is recorded and compared.
static void canonical(const struct dp_msg *in, const struct shadow_type *t, struct dp_msg *m)
{
	memset(m, 0, sizeof(*m));
	m->type = in->type;
	memcpy(&m->vtep, &in->vtep, t->size); // every member starts there
}

int dp_ipc_shadow_msg(const struct dp_msg *in, struct dp_msg *out)
{
	const struct shadow_type *t = shadow_type(in->type);
	struct dp_msg m;
	int ret;

	if (t == NULL)
		return -EINVAL;
	if (t->obj == SHADOW_OBJ_NONE) {
		*out = *in;
		return 1;
	}
	canonical(in, t, &m);
	if ((ret = shadow_xlate_refs(&S, &m)) < 0)
		return ret;
	ret = t->is_del ? shadow_del(&m) : shadow_set(&m, t);
	if (ret > 0) {
		*out = m;
		out->cookie = in->cookie;
	}
	return ret;
}

// The sweep's order: what refers to something goes before it.
enum sweep_rank {
	RANK_ROUTE,
	RANK_RNH_ECMP,
	RANK_RNH,
	RANK_LABEL,
	RANK_L3VNI,
	RANK_MAC,
	RANK_FLOOD,
	RANK_NEIGH,
	RANK_MEMBER,
	RANK_NH,
	RANK_BD,
	RANK_KEEP, // no delete exists
	RANK_MAX,
};

static const uint8_t obj_rank[] = {
	[SHADOW_OBJ_VTEP] = RANK_KEEP,
	[SHADOW_OBJ_UADDR] = RANK_KEEP,
	[SHADOW_OBJ_BD] = RANK_BD,
	[SHADOW_OBJ_MEMBER] = RANK_MEMBER,
	[SHADOW_OBJ_NH] = RANK_NH,
	[SHADOW_OBJ_FLOOD] = RANK_FLOOD,
	[SHADOW_OBJ_MAC] = RANK_MAC,
	[SHADOW_OBJ_NEIGH] = RANK_NEIGH,
	[SHADOW_OBJ_RNH] = RANK_RNH,
	[SHADOW_OBJ_ROUTE] = RANK_ROUTE,
	[SHADOW_OBJ_L3VNI] = RANK_L3VNI,
	[SHADOW_OBJ_LABEL] = RANK_LABEL,
};

static unsigned rank(const struct dp_msg *m)
{
	if (m->type == DP_MSG_RNH_SET && m->rnh.kind == DP_RNH_ECMP)
		return RANK_RNH_ECMP; // before its members
	return obj_rank[shadow_type(m->type)->obj];
}

static unsigned sweep_rank(unsigned k, int (*emit)(const struct dp_msg *, void *), void *arg)
{
	unsigned n = 0;

	for (uint32_t i = 0; i < S.t.n_slots; i++) {
		struct shadow_rec *r = shadow_table_slot(&S.t, i);
		struct dp_msg del;

		if (r == NULL || !r->stale || rank(&r->msg) != k)
			continue;
		if (k == RANK_KEEP) {
			refresh(r);
			continue;
		}
		del = r->msg;
		del.type = shadow_type(r->msg.type)->del;
		forget(r);
		if (emit(&del, arg) == 0)
			n++;
	}
	return n;
}

unsigned dp_ipc_shadow_sweep(int (*emit)(const struct dp_msg *del, void *arg), void *arg)
{
	unsigned n = 0;

	for (unsigned k = 0; k < RANK_MAX && S.stale > 0; k++)
		n += sweep_rank(k, emit, arg);
	return n;
}

size_t dp_ipc_shadow_stale(void)
{
	return S.stale;
}

size_t dp_ipc_shadow_count(void)
{
	return S.t.count;
}

uint32_t dp_ipc_shadow_nh_to_cp(uint32_t dp_nh)
{
	return shadow_ids_cp(&S.nh, dp_nh);
}

uint32_t dp_ipc_shadow_nh_to_dp(uint32_t cp_nh)
{
	return shadow_ids_dp(&S.nh, cp_nh);
}

uint32_t dp_ipc_shadow_rnh_to_cp(uint32_t dp_rnh)
{
	return shadow_ids_cp(&S.rnh, dp_rnh);
}

uint32_t dp_ipc_shadow_rnh_to_dp(uint32_t cp_rnh)
{
	return shadow_ids_dp(&S.rnh, cp_rnh);
}

size_t dp_ipc_shadow_memory(void)
{
	return shadow_table_memory(&S.t) + shadow_ids_memory(&S.nh) + shadow_ids_memory(&S.rnh);
}
