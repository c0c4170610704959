// SPDX-License-Identifier: BSD-3-Clause
// Tests of the RIB (cp/bgp/bgp_rib.c, bgp_decision.c, bgp_pattr.c): attribute
// interning, best path selection step by step, withdraw and flush, stale paths.
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cp/bgp/bgp_rib.h"

static struct in_addr ip(const char *s)
{
	struct in_addr a;
	inet_pton(AF_INET, s, &a);
	return a;
}

// An attribute set: local-pref lp (0 = none), an AS_SEQUENCE of n ASNs from first.
static struct bgp_pattr *attrs(uint32_t lp, unsigned n, uint32_t first, uint8_t origin)
{
	static struct bgp_pattr_tmp t;
	uint8_t path[2 + 4 * 8];

	bgp_pattr_tmp_init(&t);
	t.a.origin = origin;
	if (lp)
		t.a.has |= BGP_AS_LOCAL_PREF, t.a.local_pref = lp;
	path[0] = BGP_ASPATH_SEQUENCE, path[1] = (uint8_t)n;
	for (unsigned i = 0; i < n; i++) {
		uint32_t as = htonl(first + i);
		memcpy(path + 2 + 4 * i, &as, 4);
	}
	assert_int_equal(bgp_pattr_tmp_set_aspath(&t, path, n ? (uint16_t)(2 + 4 * n) : 0), 0);
	return bgp_pattr_intern(&t);
}

static struct bgp_src peer_a = {.ebgp = true, .router_id = {0x01000000}, .addr = {0x0a000000}};
static struct bgp_src peer_b = {.ebgp = false, .router_id = {0x02000000}, .addr = {0x0b000000}};


static int setup(void **state)
{
	(void)state;
	peer_a.n_prefixes = peer_b.n_prefixes = 0;
	peer_a.n_ipv6 = peer_b.n_ipv6 = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	bgp_rib_src_flush(&peer_a, BGP_AF_MAX, 0);
	bgp_rib_src_flush(&peer_b, BGP_AF_MAX, 0);
	assert_int_equal(bgp_rib_count(), 0);
	assert_int_equal(bgp_rib_count_af(BGP_AF_IPV6_UNICAST), 0);
	bgp_nlri_rib_fini();
	assert_int_equal(bgp_pattr_count(), 0); // every reference was dropped
	return 0;
}

static void test_interning(void **state)
{
	(void)state;
	struct bgp_pattr *a = attrs(100, 2, 65001, 0), *b = attrs(100, 2, 65001, 0);
	struct bgp_pattr *c = attrs(200, 2, 65001, 0);
	assert_ptr_equal(a, b);
	assert_ptr_not_equal(a, c);
	assert_int_equal(bgp_pattr_count(), 2);
	// Many routes share one set: one copy whatever their number.
	for (uint32_t i = 0; i < 1000; i++) {
		struct in_addr p = {htonl(0x0a000000 | i << 8)};
		assert_int_equal(bgp_rib_update(&peer_a, p, 24, a), 1);
	}
	assert_int_equal(bgp_rib_count(), 1000);
	assert_int_equal(bgp_pattr_count(), 2);
	bgp_pattr_unref(a), bgp_pattr_unref(b), bgp_pattr_unref(c);
	char buf[64];
	struct bgp_dest *d = bgp_rib_lookup(ip("10.0.1.0"), 24);
	assert_non_null(d);
	assert_string_equal(bgp_pattr_aspath_str(d->paths->attrs, buf, sizeof(buf)), "65001 65002");
}

// Two paths differing by one step: the expected one is best, for that reason.
static void expect_best(struct bgp_pattr *pa, struct bgp_pattr *pb, const struct bgp_src *want,
	const char *reason)
{
	struct in_addr p = ip("192.0.2.0");
	bgp_rib_update(&peer_a, p, 24, pa);
	bgp_rib_update(&peer_b, p, 24, pb);
	bgp_pattr_unref(pa), bgp_pattr_unref(pb);
	struct bgp_dest *d = bgp_rib_lookup(p, 24);
	assert_non_null(d);
	assert_ptr_equal(d->paths->src, want);
	assert_string_equal(bgp_path_cmp_reason(d->paths, d->paths->next), reason);
}

static void test_local_pref(void **state)
{
	(void)state;
	expect_best(attrs(100, 1, 65001, 0), attrs(200, 3, 65001, 0), &peer_b, "Local Pref");
}

static void test_as_path(void **state)
{
	(void)state;
	expect_best(attrs(100, 1, 65001, 0), attrs(100, 2, 65001, 0), &peer_a, "AS Path");
}

static void test_origin(void **state)
{
	(void)state;
	expect_best(attrs(100, 1, 65001, 2), attrs(100, 1, 65001, 0), &peer_b, "Origin");
}

static void test_ebgp_over_ibgp(void **state)
{
	(void)state;
	expect_best(attrs(100, 1, 65001, 0), attrs(100, 1, 65002, 0), &peer_a, "Peer Type");
}

static void test_withdraw_reselects(void **state)
{
	(void)state;
	struct in_addr p = ip("192.0.2.0");
	expect_best(attrs(100, 1, 65001, 0), attrs(100, 2, 65001, 0), &peer_a, "AS Path");
	assert_int_equal(bgp_rib_withdraw(&peer_a, p, 24), 1);
	assert_int_equal(bgp_rib_withdraw(&peer_a, p, 24), 0);
	assert_ptr_equal(bgp_rib_lookup(p, 24)->paths->src, &peer_b);
	assert_int_equal(peer_a.n_prefixes, 0);
	assert_int_equal(peer_b.n_prefixes, 1);
}

static void test_stale(void **state)
{
	(void)state;
	struct bgp_pattr *a = attrs(100, 1, 65001, 0);
	bgp_rib_update(&peer_a, ip("10.0.0.0"), 8, a);
	bgp_rib_update(&peer_a, ip("11.0.0.0"), 8, a);
	assert_int_equal(bgp_rib_src_mark(&peer_a, BGP_AF_MAX, BGP_PATH_STALE), 2);
	bgp_rib_update(&peer_a, ip("10.0.0.0"), 8, a); // refreshed after the restart
	bgp_rib_src_flush(&peer_a, BGP_AF_MAX, BGP_PATH_STALE);              // End-of-RIB: the rest goes
	bgp_pattr_unref(a);
	assert_int_equal(peer_a.n_prefixes, 1);
	assert_non_null(bgp_rib_lookup(ip("10.0.0.0"), 8)->paths);
	assert_null(bgp_rib_lookup(ip("11.0.0.0"), 8));
}

static struct in6_addr ip6(const char *s)
{
	struct in6_addr a;
	inet_pton(AF_INET6, s, &a);
	return a;
}

// Enhanced route refresh of IPv4 unicast: the paths not announced again between
// BoRR and EoRR go; the other family, the other peer and GR stale marks stay.
static void test_refresh(void **state)
{
	(void)state;
	struct in6_addr p6 = ip6("2001:db8:1::");
	struct bgp_pattr *a = attrs(100, 1, 65001, 0), *b = attrs(100, 2, 65001, 0);
	bgp_rib_update(&peer_a, ip("10.0.0.0"), 8, a);
	bgp_rib_update(&peer_a, ip("11.0.0.0"), 8, a);
	bgp_rib_update(&peer_a, ip("12.0.0.0"), 8, a);
	bgp_rib_update(&peer_b, ip("11.0.0.0"), 8, b);
	bgp_rib_update6(&peer_a, &p6, 48, a);

	assert_int_equal(bgp_rib_src_mark(&peer_a, BGP_AF_IPV4_UNICAST, BGP_PATH_REFRESH), 3);
	bgp_rib_update(&peer_a, ip("10.0.0.0"), 8, a); // the same again: nothing changes
	bgp_rib_update(&peer_a, ip("12.0.0.0"), 8, b); // another attribute set
	assert_int_equal(bgp_rib_src_flush(&peer_a, BGP_AF_IPV4_UNICAST, BGP_PATH_REFRESH), 1);
	assert_int_equal(peer_a.n_prefixes, 2);
	assert_int_equal(peer_a.n_ipv6, 1);
	assert_ptr_equal(bgp_rib_lookup(ip("11.0.0.0"), 8)->paths->src, &peer_b);
	assert_null(bgp_rib_lookup(ip("11.0.0.0"), 8)->paths->next);
	assert_ptr_equal(bgp_rib_lookup(ip("12.0.0.0"), 8)->paths->attrs, b);
	// IPv6 alone; the marks are not GR stale marks.
	assert_int_equal(bgp_rib_src_mark(&peer_a, BGP_AF_IPV6_UNICAST, BGP_PATH_REFRESH), 1);
	bgp_rib_src_flush(&peer_a, BGP_AF_MAX, BGP_PATH_STALE);
	assert_int_equal(peer_a.n_ipv6, 1);
	assert_int_equal(bgp_rib_src_flush(&peer_a, BGP_AF_IPV6_UNICAST, BGP_PATH_REFRESH), 1);
	assert_int_equal(peer_a.n_ipv6, 0);
	assert_int_equal(peer_a.n_prefixes, 2);
	assert_int_equal(bgp_rib_src_flush(&peer_a, BGP_AF_IPV4_UNICAST, BGP_PATH_REFRESH), 0);
	bgp_pattr_unref(a), bgp_pattr_unref(b);
}

// IPv6 destinations live beside IPv4 ones: same decision, own counters, and a
// withdraw of one family leaves the other.
static void test_ipv6(void **state)
{
	(void)state;
	struct in6_addr p = ip6("2001:db8:1::"), q = ip6("2001:db8:2::");
	struct bgp_pattr *a = attrs(100, 1, 65001, 0), *b = attrs(100, 2, 65001, 0);

	assert_int_equal(bgp_rib_update6(&peer_a, &p, 48, b), 1);
	assert_int_equal(bgp_rib_update6(&peer_b, &p, 48, a), 1);
	assert_int_equal(bgp_rib_update6(&peer_a, &q, 48, a), 1);
	assert_int_equal(bgp_rib_update6(&peer_a, &q, 48, a), 0); // replaced
	assert_int_equal(bgp_rib_update(&peer_a, ip("10.0.0.0"), 8, a), 1);
	bgp_pattr_unref(a), bgp_pattr_unref(b);
	assert_int_equal(peer_a.n_ipv6, 2);
	assert_int_equal(peer_a.n_prefixes, 1);
	struct bgp_dest *d = bgp_rib_lookup6(&p, 48);
	assert_non_null(d);
	assert_int_equal(d->af, BGP_AF_IPV6_UNICAST);
	assert_memory_equal(d->prefix6, &p, 16);
	assert_ptr_equal(d->paths->src, &peer_b);
	assert_string_equal(bgp_path_cmp_reason(d->paths, d->paths->next), "AS Path");
	assert_null(bgp_rib_lookup6(&p, 47));
	assert_null(bgp_rib_lookup(ip("32.1.13.184"), 48)); // not the IPv4 one of its bits
	assert_int_equal(bgp_rib_withdraw6(&peer_b, &p, 48), 1);
	assert_ptr_equal(bgp_rib_lookup6(&p, 48)->paths->src, &peer_a);
	assert_int_equal(bgp_rib_count(), 3);
	assert_int_equal(bgp_rib_count_af(BGP_AF_IPV4_UNICAST), 1);
	assert_int_equal(bgp_rib_count_af(BGP_AF_IPV6_UNICAST), 2);
	assert_int_equal(bgp_rib_count_af(BGP_AF_L2VPN_EVPN), 0); // not this table's
	// Stale paths of one family go at its End-of-RIB, the other's stay.
	assert_int_equal(bgp_rib_src_mark(&peer_a, BGP_AF_MAX, BGP_PATH_STALE), 3);
	bgp_rib_src_flush(&peer_a, BGP_AF_IPV6_UNICAST, BGP_PATH_STALE);
	assert_int_equal(peer_a.n_ipv6, 0);
	assert_int_equal(peer_a.n_prefixes, 1);
}

// Many IPv6 destinations: the table grows and every one is found again.
static void test_ipv6_many(void **state)
{
	(void)state;
	struct bgp_pattr *a = attrs(100, 1, 65001, 0);
	struct in6_addr p = ip6("2001:db8::");

	for (uint32_t i = 0; i < 5000; i++) {
		p.s6_addr[4] = (uint8_t)(i >> 8), p.s6_addr[5] = (uint8_t)i;
		assert_int_equal(bgp_rib_update6(&peer_a, &p, 64, a), 1);
	}
	bgp_pattr_unref(a);
	for (uint32_t i = 0; i < 5000; i++) {
		p.s6_addr[4] = (uint8_t)(i >> 8), p.s6_addr[5] = (uint8_t)i;
		assert_non_null(bgp_rib_lookup6(&p, 64));
	}
	assert_int_equal(bgp_rib_count(), 5000);
	assert_int_equal(bgp_rib_count_af(BGP_AF_IPV6_UNICAST), 5000);
	assert_int_equal(peer_a.n_ipv6, 5000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_interning, setup, teardown),
		cmocka_unit_test_setup_teardown(test_local_pref, setup, teardown),
		cmocka_unit_test_setup_teardown(test_as_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_origin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ebgp_over_ibgp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_withdraw_reselects, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ipv6, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refresh, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ipv6_many, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
