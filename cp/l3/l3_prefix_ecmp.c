// SPDX-License-Identifier: BSD-3-Clause
// The ECMP next hops of type-5 prefixes (see l3_prefix.h): one per prefix whose paths
// name two L3 next hops or more, its id from L3_PREFIX_ECMP_BASE up, its members the
// distinct L3 next hops, lowest VTEPs first.
#include "cp/l3/l3_prefix.h"

#include <stdlib.h>
#include <string.h>

#include "cp/cp_log.h"
#include "cp/cp_msgq.h"
#include "cp/l3/l3_nexthop.h"

static uint64_t ecmp_used[L3_PREFIX_ECMP_MAX / 64];

static uint32_t l3_prefix_ecmp_alloc(void)
{
	for (unsigned w = 0; w < L3_PREFIX_ECMP_MAX / 64; w++) {
		if (ecmp_used[w] == UINT64_MAX)
			continue;
		unsigned b = (unsigned)__builtin_ctzll(~ecmp_used[w]);
		ecmp_used[w] |= 1ull << b;
		return L3_PREFIX_ECMP_BASE + w * 64 + b;
	}
	return 0;
}

void l3_prefix_ecmp_put(uint32_t id)
{
	struct dp_msg m = {.type = DP_MSG_RNH_DEL};

	m.rnh.id = id;
	cp_send(&m);
	id -= L3_PREFIX_ECMP_BASE;
	ecmp_used[id / 64] &= ~(1ull << (id % 64));
}

int l3_prefix_path_cmp(const struct l3_prefix_path *a, const struct l3_prefix_path *b)
{
	const struct l3_nexthop *x = l3_nexthop_find(a->rnh), *y = l3_nexthop_find(b->rnh);

	if (x == NULL || y == NULL) // never while the paths hold their next hops
		return (x == NULL) - (y == NULL);
	return cp_dp_ip_cmp(&x->vtep, &y->vtep);
}

static int by_vtep(const void *a, const void *b)
{
	return l3_prefix_path_cmp(a, b);
}

// The distinct L3 next hops of the paths, lowest VTEPs first; how many.
static unsigned l3_prefix_members(const struct l3_prefix *p, uint16_t m[DP_RNH_ECMP_MAX])
{
	struct l3_prefix_path s[L3_PREFIX_MAX_PATHS];
	unsigned n = 0;

	memcpy(s, p->paths, p->n_paths * sizeof(s[0]));
	qsort(s, p->n_paths, sizeof(s[0]), by_vtep);
	for (unsigned i = 0; i < p->n_paths && n < DP_RNH_ECMP_MAX; i++) {
		bool dup = false;
		for (unsigned j = 0; j < n; j++)
			dup |= m[j] == s[i].rnh;
		if (!dup)
			m[n++] = (uint16_t)s[i].rnh;
	}
	return n;
}

// The next hop for the paths: an ECMP one over two L3 next hops or more (made or
// updated in place), else the one path's; 0 when no ECMP id is left (then the best
// path's alone).
uint32_t l3_prefix_ecmp_target(struct l3_prefix *p)
{
	struct dp_msg m = {.type = DP_MSG_RNH_SET};
	unsigned n = l3_prefix_members(p, m.rnh.members);

	if (n < 2 || (p->ecmp == 0 && (p->ecmp = l3_prefix_ecmp_alloc()) == 0))
		return p->paths[p->best].rnh;
	m.rnh.id = p->ecmp;
	m.rnh.kind = DP_RNH_ECMP;
	m.rnh.n_members = (uint8_t)n;
	if (cp_send(&m) < 0)
		CP_WARN("l3", "vrf %u: an ECMP next hop is not set (dataplane queue full)", p->vrf);
	return p->ecmp;
}

void l3_prefix_ecmp_fini(void)
{
	memset(ecmp_used, 0, sizeof(ecmp_used));
}
