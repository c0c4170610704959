// SPDX-License-Identifier: BSD-3-Clause
// See evpn_rt_index.h.
#include "cp/evpn/evpn_rt_index.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cp/cp_hash.h"
#include "cp/evpn/evpn_ecomm.h"

// One import route target: the VNIs listing it are vnis[first .. first + n).
struct rt_slot {
	uint64_t rt; // the 8 octets, big-endian, the 0x40 type bit cleared; 0: free
	uint32_t first, n;
};

struct evpn_rt_index {
	uint32_t gen; // of the instance it was built for
	struct rt_slot *slots;
	uint32_t mask;
	uint32_t *vnis;
	uint32_t *out;	 // the result of a match
	uint32_t *stamp; // per VNI: the match that last took it (no duplicates)
	uint32_t match;
};

static uint64_t rt_key(const uint8_t *c)
{
	uint64_t k = c[0] & 0xbf;
	for (int i = 1; i < EVPN_ECOMM_LEN; i++)
		k = (k << 8) | c[i];
	return k;
}

static uint32_t rt_hash(uint64_t k)
{
	return (uint32_t)cp_hash_mix64(k);
}

// The slot of rt, or the free one where it goes.
static struct rt_slot *slot_of(const struct evpn_rt_index *x, uint64_t rt)
{
	for (uint32_t i = rt_hash(rt) & x->mask;; i = (i + 1) & x->mask)
		if (x->slots[i].rt == rt || x->slots[i].n == 0)
			return &x->slots[i];
}

static void index_clear(struct evpn_rt_index *x)
{
	free(x->slots);
	free(x->vnis);
	free(x->out);
	free(x->stamp);
	memset(x, 0, sizeof(*x));
}

static int build(struct evpn_rt_index *x, const struct evpn_inst *in)
{
	size_t n_rt = 0;
	uint32_t cap = 16;

	index_clear(x);
	for (uint32_t i = 0; i < in->n_vni; i++)
		n_rt += in->vnis[i].import.n;
	while (cap < n_rt * 2)
		cap *= 2;
	x->mask = cap - 1;
	x->slots = calloc(cap, sizeof(*x->slots));
	x->vnis = calloc(n_rt + 1, sizeof(*x->vnis));
	x->out = calloc(in->n_vni + 1, sizeof(*x->out));
	x->stamp = calloc(in->n_vni + 1, sizeof(*x->stamp));
	if (!x->slots || !x->vnis || !x->out || !x->stamp) {
		index_clear(x);
		return -ENOMEM;
	}
	// count per route target, then place: each route target's VNIs together
	for (uint32_t i = 0; i < in->n_vni; i++)
		for (unsigned j = 0; j < in->vnis[i].import.n; j++) {
			uint64_t rt = rt_key(in->vnis[i].import.rt[j].b);
			struct rt_slot *s = slot_of(x, rt);
			s->rt = rt;
			s->n++;
		}
	uint32_t next = 0;
	for (uint32_t i = 0; i <= x->mask; i++) {
		x->slots[i].first = next;
		next += x->slots[i].n;
		x->slots[i].n = x->slots[i].n ? 1 : 0; // 1 = in use; counts again below
	}
	for (uint32_t i = 0; i < in->n_vni; i++)
		for (unsigned j = 0; j < in->vnis[i].import.n; j++) {
			struct rt_slot *s = slot_of(x, rt_key(in->vnis[i].import.rt[j].b));
			x->vnis[s->first + s->n - 1] = i;
			s->n++;
		}
	for (uint32_t i = 0; i <= x->mask; i++)
		if (x->slots[i].n)
			x->slots[i].n--;
	x->gen = in->gen;
	return 0;
}

int evpn_rt_index_match(
	struct evpn_inst *in, const uint8_t *ecomm, size_t len, const uint32_t **idx)
{
	struct evpn_rt_index *x = in->rt_index;
	int n = 0;

	if (x == NULL && (x = in->rt_index = calloc(1, sizeof(*x))) == NULL)
		return -ENOMEM;
	if ((x->slots == NULL || x->gen != in->gen) && build(x, in) < 0)
		return -ENOMEM;
	if (++x->match == 0) { // wrapped: no stale stamp may equal a new one
		memset(x->stamp, 0, (in->n_vni + 1) * sizeof(*x->stamp));
		x->match = 1;
	}
	for (size_t off = 0; ecomm && off + EVPN_ECOMM_LEN <= len; off += EVPN_ECOMM_LEN) {
		if (!evpn_ecomm_is_rt(ecomm + off))
			continue;
		const struct rt_slot *s = slot_of(x, rt_key(ecomm + off));
		for (uint32_t k = 0; k < s->n; k++) {
			uint32_t v = x->vnis[s->first + k];
			if (x->stamp[v] != x->match) {
				x->stamp[v] = x->match;
				x->out[n++] = v;
			}
		}
	}
	*idx = x->out;
	return n;
}

void evpn_rt_index_free(struct evpn_inst *in)
{
	if (in->rt_index == NULL)
		return;
	index_clear(in->rt_index);
	free(in->rt_index);
	in->rt_index = NULL;
}
