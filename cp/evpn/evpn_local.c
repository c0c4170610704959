// SPDX-License-Identifier: BSD-3-Clause
// Our EVPN routes, keyed by NLRI, with a change queue for the BGP side.
#include "cp/evpn/evpn_local.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static struct {
	struct evpn_local_route **slots;
	size_t cap, n, live;
	struct evpn_local_route **queue;
	size_t n_queue, cap_queue;
} loc;

static uint32_t key_hash(const uint8_t *nlri, size_t len)
{
	uint32_t h = 2166136261u; // FNV-1a
	for (size_t i = 0; i < len; i++)
		h = (h ^ nlri[i]) * 16777619u;
	return h;
}

static bool key_eq(const struct evpn_local_route *r, const uint8_t *nlri, size_t len)
{
	return r->out.nlri_len == len && memcmp(r->out.nlri, nlri, len) == 0;
}

static struct evpn_local_route **find(const uint8_t *nlri, size_t len)
{
	struct evpn_local_route **pp = &loc.slots[key_hash(nlri, len) & (loc.cap - 1)];
	while (*pp != NULL && !key_eq(*pp, nlri, len))
		pp = &(*pp)->next;
	return pp;
}

int evpn_local_init(void)
{
	memset(&loc, 0, sizeof(loc));
	loc.cap = 1024;
	loc.slots = calloc(loc.cap, sizeof(*loc.slots));
	return loc.slots == NULL ? -ENOMEM : 0;
}

void evpn_local_fini(void)
{
	for (size_t i = 0; loc.slots != NULL && i < loc.cap; i++)
		for (struct evpn_local_route *r = loc.slots[i], *next; r != NULL; r = next) {
			next = r->next;
			free(r);
		}
	free(loc.slots);
	free(loc.queue);
	memset(&loc, 0, sizeof(loc));
}

static void grow(void)
{
	size_t cap = loc.cap * 2;
	struct evpn_local_route **slots = calloc(cap, sizeof(*slots));
	if (slots == NULL)
		return; // longer chains
	for (size_t i = 0; i < loc.cap; i++)
		for (struct evpn_local_route *r = loc.slots[i], *next; r != NULL; r = next) {
			next = r->next;
			size_t b = key_hash(r->out.nlri, r->out.nlri_len) & (cap - 1);
			r->next = slots[b];
			slots[b] = r;
		}
	free(loc.slots);
	loc.slots = slots;
	loc.cap = cap;
}

static int enqueue(struct evpn_local_route *r)
{
	if (r->pending)
		return 0;
	if (loc.n_queue == loc.cap_queue) {
		size_t cap = loc.cap_queue ? loc.cap_queue * 2 : 256;
		struct evpn_local_route **q = realloc(loc.queue, cap * sizeof(*q));
		if (q == NULL)
			return -ENOMEM;
		loc.queue = q;
		loc.cap_queue = cap;
	}
	loc.queue[loc.n_queue++] = r;
	r->pending = true;
	return 0;
}

int evpn_local_set(uint32_t vni, const struct evpn_route_out *out)
{
	struct evpn_local_route **pp = find(out->nlri, out->nlri_len), *r = *pp;

	if (r == NULL) {
		if ((r = calloc(1, sizeof(*r))) == NULL)
			return -ENOMEM;
		*pp = r;
		loc.n++;
	}
	if (!r->live)
		loc.live++;
	r->vni = vni;
	r->live = true;
	r->out = *out;
	if (enqueue(r) < 0)
		return -ENOMEM;
	if (loc.n > loc.cap)
		grow();
	return 0;
}

int evpn_local_del(const uint8_t *nlri, size_t len)
{
	struct evpn_local_route *r = *find(nlri, len);

	if (r == NULL || !r->live)
		return -ENOENT;
	r->live = false;
	loc.live--;
	return enqueue(r);
}

const struct evpn_local_route *evpn_local_find(const uint8_t *nlri, size_t len)
{
	struct evpn_local_route *r = *find(nlri, len);
	return r != NULL && r->live ? r : NULL;
}

void evpn_local_walk(evpn_local_fn fn, void *arg)
{
	for (size_t i = 0; i < loc.cap; i++)
		for (struct evpn_local_route *r = loc.slots[i]; r != NULL; r = r->next)
			if (r->live)
				fn(r, arg);
}

static void unlink_free(struct evpn_local_route *r)
{
	struct evpn_local_route **pp = find(r->out.nlri, r->out.nlri_len);
	*pp = r->next;
	loc.n--;
	free(r);
}

void evpn_local_drain(evpn_local_fn fn, void *arg)
{
	for (size_t i = 0; i < loc.n_queue; i++) {
		struct evpn_local_route *r = loc.queue[i];
		if (fn != NULL)
			fn(r, arg);
		r->pending = false;
		if (!r->live)
			unlink_free(r);
	}
	loc.n_queue = 0;
}

size_t evpn_local_pending(void)
{
	return loc.n_queue;
}

size_t evpn_local_count(void)
{
	return loc.live;
}
