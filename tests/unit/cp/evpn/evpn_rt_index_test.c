// SPDX-License-Identifier: BSD-3-Clause
// cp/evpn/evpn_rt_index.c: for random VNIs, import route targets and routes'
// extended communities, the index gives exactly the VNIs the per-VNI scan
// (evpn_vni_imports) gives, each once, also after the configuration changes
// (VNIs and route targets added and removed between routes).
#include "evpn_test.h"

#include "cp/evpn/evpn_rt_index.h"
#include "cp/evpn/evpn_vni.h"

#include <errno.h>

static const uint8_t rid1[4] = {198, 51, 100, 1};

static uint64_t seed = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(uint32_t n)
{
	seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
	return (uint32_t)(seed >> 16) % n;
}

// One of a small pool of route targets, sometimes with the non-transitive
// bit set (it must not matter).
static struct evpn_rt pool_rt(void)
{
	struct evpn_rt rt = evpn_rt_as(65000, 100 + rnd(12));
	if (rnd(4) == 0)
		rt.b[0] |= 0x40;
	return rt;
}

// A route's communities: route targets from the pool, an encapsulation and
// a MAC mobility community among them.
static size_t route_ecomm(uint8_t *e)
{
	static const uint8_t encap[8] = {0x03, 0x0c, 0, 0, 0, 0, 0, 8};
	static const uint8_t mm[8] = {0x06, 0x00, 0, 0, 0, 0, 0, 1};
	size_t n = 0;
	unsigned k = rnd(5);
	for (unsigned i = 0; i < k; i++) {
		struct evpn_rt rt = pool_rt();
		memcpy(e + 8 * n++, rt.b, 8);
		if (rnd(3) == 0)
			memcpy(e + 8 * n++, rnd(2) ? encap : mm, 8);
	}
	return 8 * n;
}

static void check(struct evpn_inst *in, const uint8_t *e, size_t len)
{
	const uint32_t *idx;
	int n = evpn_rt_index_match(in, e, len, &idx);
	bool seen[64] = {false};
	int want = 0;

	assert_true(n >= 0);
	assert_true(in->n_vni <= 64);
	for (int k = 0; k < n; k++) {
		assert_true(idx[k] < in->n_vni);
		assert_false(seen[idx[k]]); // each once
		seen[idx[k]] = true;
	}
	for (uint32_t i = 0; i < in->n_vni; i++) {
		bool imports = evpn_vni_imports(&in->vnis[i], e, len);
		assert_int_equal(seen[i], imports);
		want += imports;
	}
	assert_int_equal(n, want);
}

static void matches_the_scan(void **state)
{
	(void)state;
	struct evpn_inst in;
	uint8_t e[8 * 16];

	evpn_inst_init(&in, 65000, rid1);
	for (int round = 0; round < 400; round++) {
		// change the configuration a little
		uint32_t vni = 100 + rnd(40);
		struct evpn_vni *v = evpn_vni_find(&in, vni);
		switch (rnd(4)) {
		case 0:
			if (v == NULL && in.n_vni < 64)
				assert_non_null(evpn_vni_add(&in, vni));
			break;
		case 1:
			if (v != NULL)
				assert_int_equal(evpn_vni_del(&in, vni), 0);
			break;
		case 2:
			if (v != NULL) {
				struct evpn_rt rt = pool_rt();
				int ret = evpn_vni_rt_add(&in, v, EVPN_RT_IMPORT, &rt);
				assert_true(ret == 0 || ret == -ENOSPC);
			}
			break;
		default:
			if (v != NULL && v->import.configured) {
				struct evpn_rt rt = v->import.rt[rnd(v->import.n)];
				assert_int_equal(evpn_vni_rt_del(&in, v, EVPN_RT_IMPORT, &rt), 0);
			}
			break;
		}
		for (int r = 0; r < 20; r++)
			check(&in, e, route_ecomm(e));
	}
	check(&in, NULL, 0);
	evpn_inst_fini(&in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(matches_the_scan),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
