// SPDX-License-Identifier: BSD-3-Clause
// Tests of cp/evpn/evpn_local.c: our routes keyed by NLRI, the change queue the
// BGP side drains (announce, replace, withdraw, tombstones freed), and growth;
// the MAC+IP routes of local MACs (IPs from ARP/ND) following their MAC's route.
#include "cp/evpn/evpn_local.h"

#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
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

// ---- MAC+IP routes

static const uint8_t hmac[6] = {2, 0, 0, 0, 0x77, 1};

static struct cp_ip ip4(const char *s)
{
	struct cp_ip ip = {.family = AF_INET};
	assert_int_equal(inet_pton(AF_INET, s, ip.addr), 1);
	return ip;
}

// Our route for hmac (and ip, or MAC only), as the table holds it; NULL if not live.
static const struct evpn_local_route *route_of(const struct cp_ip *ip)
{
	struct evpn_route_out out;
	assert_int_equal(
		evpn_build_macip(evpn_vni_find(&inst, 100), hmac, ip, 0, false, &vtep, &out), 0);
	return evpn_local_find(out.nlri, out.nlri_len);
}

static void test_mac_ip_follows_mac(void **state)
{
	const struct evpn_vni *v = evpn_vni_find(&inst, 100);
	struct cp_ip a = ip4("10.1.0.1"), got[EVPN_LOCAL_MAX_IPS];
	const struct evpn_local_route *r;
	size_t base = evpn_local_count(); // the group shares one table
	(void)state;

	evpn_local_drain(NULL, NULL);
	assert_int_equal(evpn_local_mac_set(v, hmac, 0, false, &vtep), 0);
	assert_int_equal(evpn_local_count(), base + 1);
	assert_int_equal(evpn_local_mac_ip_add(v, hmac, &a, 0, false, &vtep), 1);
	assert_int_equal(evpn_local_mac_ip_add(v, hmac, &a, 0, false, &vtep), 0); // known
	assert_int_equal(evpn_local_count(), base + 2);
	assert_non_null(r = route_of(&a));
	assert_int_equal(r->out.route.ip.family, AF_INET);
	assert_int_equal(r->out.ecomm_len, 2 * 8); // ET, RT: sequence 0
	assert_int_equal(evpn_local_mac_ips(100, hmac, got), 1);
	assert_memory_equal(got[0].addr, a.addr, 4);

	// The MAC's sequence changes (a move): the MAC+IP route takes it too.
	evpn_local_drain(NULL, NULL);
	assert_int_equal(evpn_local_mac_set(v, hmac, 2, false, &vtep), 0);
	assert_int_equal(evpn_local_pending(), 2);
	assert_int_equal(route_of(&a)->out.ecomm_len, 3 * 8); // MM:2
	assert_int_equal(route_of(NULL)->out.ecomm_len, 3 * 8);

	// Aged or moved away: both withdrawn, the IPs forgotten.
	evpn_local_drain(NULL, NULL);
	assert_int_equal(evpn_local_mac_del(v, hmac, &vtep), 0);
	assert_null(route_of(&a));
	assert_null(route_of(NULL));
	assert_int_equal(evpn_local_count(), base);
	assert_int_equal(evpn_local_pending(), 2);
	assert_int_equal(evpn_local_mac_ips(100, hmac, got), 0);
	assert_int_equal(evpn_local_mac_del(v, hmac, &vtep), -ENOENT);

	// Back again: MAC only until ARP tells the IP again.
	assert_int_equal(evpn_local_mac_set(v, hmac, 0, false, &vtep), 0);
	assert_null(route_of(&a));
	assert_int_equal(evpn_local_count(), base + 1);
	assert_int_equal(evpn_local_mac_del(v, hmac, &vtep), 0);
	evpn_local_drain(NULL, NULL);
}

static void test_mac_ip_bounded(void **state)
{
	const struct evpn_vni *v = evpn_vni_find(&inst, 100);
	struct cp_ip ip[EVPN_LOCAL_MAX_IPS + 1], got[EVPN_LOCAL_MAX_IPS];
	struct cp_ip a6 = {.family = AF_INET6};
	size_t base = evpn_local_count();
	(void)state;

	assert_int_equal(evpn_local_mac_set(v, hmac, 1, true, &vtep), 0);
	for (unsigned i = 0; i <= EVPN_LOCAL_MAX_IPS; i++) {
		char s[32];
		snprintf(s, sizeof(s), "10.1.0.%u", 10 + i);
		ip[i] = ip4(s);
		assert_int_equal(evpn_local_mac_ip_add(v, hmac, &ip[i], 1, true, &vtep), 1);
	}
	// The oldest went: its route withdrawn, the newest four kept.
	assert_null(route_of(&ip[0]));
	for (unsigned i = 1; i <= EVPN_LOCAL_MAX_IPS; i++)
		assert_non_null(route_of(&ip[i]));
	assert_int_equal(evpn_local_count(), base + 1 + EVPN_LOCAL_MAX_IPS);
	assert_int_equal(evpn_local_mac_ips(100, hmac, got), EVPN_LOCAL_MAX_IPS);
	assert_memory_equal(got[0].addr, ip[1].addr, 4);
	assert_int_equal(route_of(&ip[1])->out.ecomm_len, 3 * 8); // MM:1 sticky

	inet_pton(AF_INET6, "2001:db8::1", a6.addr);
	assert_int_equal(evpn_local_mac_ip_add(v, hmac, &a6, 1, true, &vtep), 1);
	assert_non_null(route_of(&a6));
	assert_null(route_of(&ip[1]));
	assert_int_equal(evpn_local_mac_del(v, hmac, &vtep), 0);
	assert_int_equal(evpn_local_count(), base);
	a6.family = 0;
	assert_int_equal(evpn_local_mac_ip_add(v, hmac, &a6, 0, false, &vtep), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_replace_del),
		cmocka_unit_test(test_flap_before_drain),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_mac_ip_follows_mac),
		cmocka_unit_test(test_mac_ip_bounded),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
