// SPDX-License-Identifier: BSD-3-Clause
// See evpn_rt_index.h.
#include "cp/evpn/evpn_rt_index.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cp/cp_hash.h"
#include "cp/cp_htable.h"
#include "cp/evpn/evpn_ecomm.h"

// One import route target: the VNIs listing it are vnis[first .. first + n).
struct rt_ent {
	uint64_t rt; // the 8 octets, big-endian, the 0x40 type bit cleared
	uint32_t first, n;
};

struct evpn_rt_index {
	uint32_t gen;	      // of the instance it was built for
	struct cp_htable rts; // of struct rt_ent
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

static bool rt_is(const void *e, const void *key, void *arg)
{
	(void)arg;
	return ((const struct rt_ent *)e)->rt == *(const uint64_t *)key;
}

static struct rt_ent *rt_find(const struct evpn_rt_index *x, uint64_t rt)
{
	return cp_htable_find(&x->rts, rt_hash(rt), &rt, rt_is, NULL);
}

// rt's entry, added with no VNI when new; NULL when out of memory.
static struct rt_ent *rt_get(struct evpn_rt_index *x, uint64_t rt)
{
	uint32_t h = rt_hash(rt), i = cp_htable_probe(&x->rts, h, &rt, rt_is, NULL);
	struct rt_ent *e = cp_htable_at(&x->rts, i);

	if (!cp_htable_used(&x->rts, i) && (e = cp_htable_fill(&x->rts, i, h)) != NULL)
		e->rt = rt;
	return e;
}

static void index_clear(struct evpn_rt_index *x)
{
	cp_htable_fini(&x->rts);
	free(x->vnis);
	free(x->out);
	free(x->stamp);
	memset(x, 0, sizeof(*x));
}

static int build(struct evpn_rt_index *x, const struct evpn_inst *in)
{
	size_t n_rt = 0;
	struct rt_ent *e;

	index_clear(x);
	for (uint32_t i = 0; i < in->n_vni; i++)
		n_rt += in->vnis[i].import.n;
	int ret = cp_htable_init(&x->rts, sizeof(struct rt_ent), _Alignof(struct rt_ent), n_rt);
	x->vnis = calloc(n_rt + 1, sizeof(*x->vnis));
	x->out = calloc(in->n_vni + 1, sizeof(*x->out));
	x->stamp = calloc(in->n_vni + 1, sizeof(*x->stamp));
	if (ret < 0 || !x->vnis || !x->out || !x->stamp) {
		index_clear(x);
		return -ENOMEM;
	}
	// count per route target, then place: each route target's VNIs together
	for (uint32_t i = 0; i < in->n_vni; i++)
		for (unsigned j = 0; j < in->vnis[i].import.n; j++)
			rt_get(x, rt_key(in->vnis[i].import.rt[j].b))->n++; // sized: no grow
	uint32_t next = 0, pos = 0;
	while ((e = cp_htable_next(&x->rts, &pos)) != NULL) {
		e->first = next;
		next += e->n;
		e->n = 0; // counts again below
	}
	for (uint32_t i = 0; i < in->n_vni; i++)
		for (unsigned j = 0; j < in->vnis[i].import.n; j++) {
			e = rt_find(x, rt_key(in->vnis[i].import.rt[j].b));
			x->vnis[e->first + e->n++] = i;
		}
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
	if ((x->rts.slots == NULL || x->gen != in->gen) && build(x, in) < 0)
		return -ENOMEM;
	if (++x->match == 0) { // wrapped: no stale stamp may equal a new one
		memset(x->stamp, 0, (in->n_vni + 1) * sizeof(*x->stamp));
		x->match = 1;
	}
	for (size_t off = 0; ecomm && off + EVPN_ECOMM_LEN <= len; off += EVPN_ECOMM_LEN) {
		if (!evpn_ecomm_is_rt(ecomm + off))
			continue;
		const struct rt_ent *s = rt_find(x, rt_key(ecomm + off));
		for (uint32_t k = 0; s != NULL && k < s->n; k++) {
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
