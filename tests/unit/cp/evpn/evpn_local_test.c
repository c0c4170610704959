// SPDX-License-Identifier: BSD-3-Clause
// Tests of cp/evpn/evpn_local.c: our routes keyed by NLRI, the change queue the
// BGP side drains (announce, replace, withdraw, tombstones freed), and growth.
#include "cp/evpn/evpn_local.h"

#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

static struct evpn_inst inst;
static struct dp_ip vtep = {.family = AF_INET};

static int setup(void **state)
{
	static const uint8_t rid[4] = {198, 51, 100, 1};
	(void)state;
	evpn_inst_init(&inst, 65000, rid);
	assert_non_null(evpn_vni_add(&inst, 100));
	inet_pton(AF_INET, "198.51.100.1", &vtep.v4);
	return evpn_local_init();
}

static int teardown(void **state)
{
	(void)state;
	evpn_local_fini();
	evpn_inst_fini(&inst);
	return 0;
}

static void macip(struct evpn_route_out *out, unsigned i, uint32_t seq)
{
	uint8_t mac[6] = {2, 0, 0, 0, (uint8_t)(i >> 8), (uint8_t)i};
	assert_int_equal(
		evpn_build_macip(evpn_vni_find(&inst, 100), mac, NULL, seq, false, &vtep, out), 0);
}

struct seen {
	unsigned live, dead;
	uint32_t last_ecomm_len;
};

static void count(const struct evpn_local_route *r, void *arg)
{
	struct seen *s = arg;
	if (r->live)
		s->live++;
	else
		s->dead++;
	s->last_ecomm_len = r->out.ecomm_len;
}

static void test_set_replace_del(void **state)
{
	struct evpn_route_out a, a1;
	struct seen s = {0};
	(void)state;

	macip(&a, 1, 0);
	macip(&a1, 1, 3); // same NLRI, MM:3 added
	assert_int_equal(evpn_local_set(100, &a), 0);
	assert_int_equal(evpn_local_set(100, &a1), 0);
	assert_int_equal(evpn_local_count(), 1);
	assert_int_equal(evpn_local_pending(), 1); // queued once
	evpn_local_drain(count, &s);
	assert_int_equal(s.live, 1);
	assert_int_equal(s.last_ecomm_len, 3 * 8); // ET, RT, MM
	assert_int_equal(evpn_local_pending(), 0);
	assert_non_null(evpn_local_find(a.nlri, a.nlri_len));

	assert_int_equal(evpn_local_del(a.nlri, a.nlri_len), 0);
	assert_int_equal(evpn_local_del(a.nlri, a.nlri_len), -ENOENT);
	assert_null(evpn_local_find(a.nlri, a.nlri_len));
	assert_int_equal(evpn_local_count(), 0);
	memset(&s, 0, sizeof(s));
	evpn_local_drain(count, &s);
	assert_int_equal(s.dead, 1);
	assert_int_equal(evpn_local_pending(), 0);
}

// Withdrawn then announced again before the drain: one live change.
static void test_flap_before_drain(void **state)
{
	struct evpn_route_out a;
	struct seen s = {0};
	(void)state;

	macip(&a, 2, 0);
	evpn_local_set(100, &a);
	evpn_local_drain(NULL, NULL);
	evpn_local_del(a.nlri, a.nlri_len);
	evpn_local_set(100, &a);
	evpn_local_drain(count, &s);
	assert_int_equal(s.live, 1);
	assert_int_equal(s.dead, 0);
	assert_int_equal(evpn_local_count(), 1);
}

static void walk_count(const struct evpn_local_route *r, void *arg)
{
	(void)r;
	(*(unsigned *)arg)++;
}

static void test_many(void **state)
{
	enum { N = 5000 };
	struct evpn_route_out a;
	unsigned n = 0;
	(void)state;

	for (unsigned i = 0; i < N; i++) {
		macip(&a, 1000 + i, 0);
		assert_int_equal(evpn_local_set(100, &a), 0);
	}
	evpn_local_walk(walk_count, &n);
	assert_int_equal(n, evpn_local_count());
	assert_true(evpn_local_count() >= N);
	for (unsigned i = 0; i < N; i++) {
		macip(&a, 1000 + i, 0);
		assert_non_null(evpn_local_find(a.nlri, a.nlri_len));
		assert_int_equal(evpn_local_del(a.nlri, a.nlri_len), 0);
	}
	evpn_local_drain(NULL, NULL);
	n = 0;
	evpn_local_walk(walk_count, &n);
	assert_int_equal(n, evpn_local_count());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_replace_del),
		cmocka_unit_test(test_flap_before_drain),
		cmocka_unit_test(test_many),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
