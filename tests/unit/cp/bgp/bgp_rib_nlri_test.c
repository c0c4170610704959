// SPDX-License-Identifier: BSD-3-Clause
// Tests of the NLRI RIB (cp/bgp/bgp_rib_nlri.c) with the l2vpn evpn family:
// route keys per type, a path replaced when its labels change, a withdraw
// carrying other labels, best path across two peers, the subscriber's ADD/DEL
// events, stale paths, the walk.
#include "bgp_test.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>

#include "cp/bgp/bgp_rib.h"
#include "cp/evpn/evpn_family.h"

// Type 2, RD 192.0.2.2:100, ESI 0, tag 0, MAC 00:00:00:aa:bb:01, IPv4 10.0.0.1,
// label (VNI) 100 or 200 in the last three octets.
#define T2_HEAD "02 25 0001c0000202 0064 00000000000000000000 00000000 30 000000aabb01 20 0a000001"
#define T2_L100 T2_HEAD "000064"
#define T2_L200 T2_HEAD "0000c8"
// Type 3, RD 192.0.2.2:100, tag 0, originator 192.0.2.2
#define T3 "03 11 0001c0000202 0064 00000000 20 c0000202"

static struct bgp_src peer_a = {.ebgp = false, .router_id = {0x01000000}, .addr = {0x0a000000}};
static struct bgp_src peer_b = {.ebgp = false, .router_id = {0x02000000}, .addr = {0x0b000000}};

struct events {
	unsigned add, del;
	uint8_t last_nlri[BGP_NLRI_MAX];
	const struct bgp_src *last_src;
};

static void on_change(enum bgp_route_event ev, const struct bgp_route *r, void *ctx)
{
	struct events *e = ctx;

	if (ev == BGP_ROUTE_ADD)
		e->add++;
	else
		e->del++;
	assert_true(r->best);
	memcpy(e->last_nlri, r->nlri, r->nlri_len);
	e->last_src = r->src;
}

static size_t nlri(const char *hex, uint8_t *buf)
{
	return hex_to_bytes(hex, buf, BGP_NLRI_MAX + 8);
}

static struct bgp_pattr *attrs(uint32_t lp)
{
	static struct bgp_pattr_tmp t;

	bgp_pattr_tmp_init(&t);
	t.a.has = BGP_AS_LOCAL_PREF;
	t.a.local_pref = lp;
	inet_pton(AF_INET, "192.0.2.2", &t.a.next_hop);
	return bgp_pattr_intern(&t);
}

static void test_keys(void **state)
{
	uint8_t n[BGP_NLRI_MAX + 8], k1[BGP_FAMILY_KEY_MAX], k2[BGP_FAMILY_KEY_MAX];
	size_t len;
	(void)state;

	// Labels are not part of a type 2 key; ESI is not either.
	len = nlri(T2_L100, n);
	int l1 = evpn_nlri_key(n, len, k1);
	len = nlri(T2_L200, n);
	int l2 = evpn_nlri_key(n, len, k2);
	assert_int_equal(l1, 1 + 8 + 4 + 1 + 6 + 1 + 4);
	assert_int_equal(l1, l2);
	assert_memory_equal(k1, k2, (size_t)l1);
	// Type 3: the whole NLRI.
	len = nlri(T3, n);
	assert_int_equal(evpn_nlri_key(n, len, k1), 1 + 17);
	// Type 5 over IPv4: RD, tag, length, prefix.
	len = nlri(
		"05 22 0001c0000202 0064 00000000000000000000 00000000 18 0a010000 00000000 000064",
		n);
	assert_int_equal(evpn_nlri_key(n, len, k1), 1 + 8 + 4 + 1 + 4);
	// Refused: MAC length 47, IP length 24, unknown type, length beyond the bound.
	len = nlri("02 25 0001c0000202 0064 00000000000000000000 00000000 2f 000000aabb01 20 "
		   "0a000001 000064",
		n);
	assert_int_equal(evpn_nlri_key(n, len, k1), -EINVAL);
	len = nlri("02 25 0001c0000202 0064 00000000000000000000 00000000 30 000000aabb01 18 "
		   "0a000001 000064",
		n);
	assert_int_equal(evpn_nlri_key(n, len, k1), -EINVAL);
	len = nlri("09 02 0000", n);
	assert_int_equal(evpn_nlri_key(n, len, k1), -ENOTSUP);
	n[0] = 3, n[1] = 70;
	assert_int_equal(evpn_nlri_key(n, 72, k1), -EINVAL);
}

static void test_paths_and_events(void **state)
{
	uint8_t n100[64], n200[64], n3[64];
	size_t l100 = nlri(T2_L100, n100), l200 = nlri(T2_L200, n200), l3 = nlri(T3, n3);
	struct events ev = {0};
	struct bgp_pattr *lp100 = attrs(100), *lp200 = attrs(200);
	(void)state;

	bgp_rib_subscribe(BGP_AF_L2VPN_EVPN, on_change, &ev);
	assert_int_equal(bgp_nlri_rib_update(BGP_AF_L2VPN_EVPN, &peer_a, n100, l100, lp100), 1);
	assert_int_equal(ev.add, 1);
	assert_int_equal(bgp_nlri_rib_update(BGP_AF_L2VPN_EVPN, &peer_a, n3, l3, lp100), 1);
	assert_int_equal(bgp_nlri_rib_count(BGP_AF_L2VPN_EVPN), 2);
	// The same again: nothing changes, no event.
	assert_int_equal(bgp_nlri_rib_update(BGP_AF_L2VPN_EVPN, &peer_a, n100, l100, lp100), 0);
	assert_int_equal(ev.add, 2);
	// Another label: the path is replaced, the subscriber sees the new NLRI.
	assert_int_equal(bgp_nlri_rib_update(BGP_AF_L2VPN_EVPN, &peer_a, n200, l200, lp100), 0);
	assert_int_equal(ev.add, 3);
	assert_memory_equal(ev.last_nlri, n200, l200);
	assert_int_equal(bgp_nlri_rib_paths(BGP_AF_L2VPN_EVPN), 2);
	// B with a higher local-pref becomes best; A's path stays behind it.
	assert_int_equal(bgp_nlri_rib_update(BGP_AF_L2VPN_EVPN, &peer_b, n100, l100, lp200), 1);
	assert_int_equal(ev.add, 4);
	assert_ptr_equal(ev.last_src, &peer_b);
	assert_int_equal(peer_b.n_evpn, 1);
	assert_int_equal(peer_a.n_evpn, 2);
	// Withdraw by B with the label of A's path: the key matches, A is best again.
	assert_int_equal(bgp_nlri_rib_withdraw(BGP_AF_L2VPN_EVPN, &peer_b, n200, l200), 1);
	assert_int_equal(ev.add, 5);
	assert_ptr_equal(ev.last_src, &peer_a);
	assert_int_equal(ev.del, 0);
	// Stale over a graceful restart, then flushed: two DEL events.
	assert_int_equal(bgp_nlri_rib_mark(&peer_a, BGP_AF_L2VPN_EVPN, BGP_PATH_STALE), 2);
	assert_int_equal(
		bgp_nlri_rib_update(BGP_AF_L2VPN_EVPN, &peer_a, n3, l3, lp100), 0); // refreshed
	assert_int_equal(bgp_nlri_rib_flush(&peer_a, BGP_AF_L2VPN_EVPN, BGP_PATH_STALE), 1);
	assert_int_equal(ev.del, 1);
	assert_int_equal(bgp_nlri_rib_count(BGP_AF_L2VPN_EVPN), 1);
	assert_int_equal(bgp_nlri_rib_withdraw(BGP_AF_L2VPN_EVPN, &peer_a, n3, l3), 1);
	assert_int_equal(ev.del, 2);
	assert_int_equal(bgp_nlri_rib_count(BGP_AF_L2VPN_EVPN), 0);
	assert_int_equal(bgp_nlri_rib_withdraw(BGP_AF_L2VPN_EVPN, &peer_a, n3, l3), 0);
	bgp_rib_unsubscribe(BGP_AF_L2VPN_EVPN, on_change);
	bgp_pattr_unref(lp100);
	bgp_pattr_unref(lp200);
	bgp_nlri_rib_fini();
	assert_int_equal(bgp_pattr_count(), 0);
}

static int count_best(const struct bgp_route *r, void *ctx)
{
	(*(size_t *)ctx) += r->best;
	return 0;
}

static void test_many_and_walk(void **state)
{
	uint8_t n[64];
	size_t len = nlri(T2_L100, n), best = 0;
	struct bgp_pattr *a = attrs(100);
	(void)state;

	for (uint32_t i = 0; i < 5000; i++) {
		memcpy(n + 2 + 8 + 10 + 4 + 1 + 2, &i, 4); // the MAC's last 4 octets
		assert_int_equal(bgp_nlri_rib_update(BGP_AF_L2VPN_EVPN, &peer_a, n, len, a), 1);
		assert_int_equal(bgp_nlri_rib_update(BGP_AF_L2VPN_EVPN, &peer_b, n, len, a), 1);
	}
	assert_int_equal(bgp_nlri_rib_count(BGP_AF_L2VPN_EVPN), 5000);
	assert_int_equal(bgp_nlri_rib_paths(BGP_AF_L2VPN_EVPN), 10000);
	assert_int_equal(bgp_rib_walk_routes(BGP_AF_L2VPN_EVPN, count_best, &best, true), 0);
	assert_int_equal(best, 5000);
	assert_int_equal(bgp_nlri_rib_flush(&peer_b, BGP_AF_L2VPN_EVPN, 0), 5000);
	assert_int_equal(bgp_nlri_rib_flush(&peer_a, BGP_AF_L2VPN_EVPN, 0), 5000);
	assert_int_equal(bgp_nlri_rib_count(BGP_AF_L2VPN_EVPN), 0);
	bgp_pattr_unref(a);
	bgp_nlri_rib_fini();
}

// Removals in a scattered order and flushes of one peer's stale paths: the
// routes left are all still found (removals move routes in the table).
static void test_scattered_removal(void **state)
{
	uint8_t n[64];
	size_t len = nlri(T2_L100, n);
	struct bgp_pattr *a = attrs(100);
	const uint32_t N = 20000;
	(void)state;

	for (uint32_t i = 0; i < N; i++) {
		memcpy(n + 2 + 8 + 10 + 4 + 1 + 2, &i, 4);
		assert_int_equal(bgp_nlri_rib_update(BGP_AF_L2VPN_EVPN, &peer_a, n, len, a), 1);
		if (i % 3 == 0)
			assert_int_equal(
				bgp_nlri_rib_update(BGP_AF_L2VPN_EVPN, &peer_b, n, len, a), 1);
	}
	// peer_a withdraws every route whose index is odd, in a scattered order
	for (uint32_t k = 0; k < N; k++) {
		uint32_t i = k * 7919 % N;
		memcpy(n + 2 + 8 + 10 + 4 + 1 + 2, &i, 4);
		if (i % 2 == 1)
			assert_int_equal(
				bgp_nlri_rib_withdraw(BGP_AF_L2VPN_EVPN, &peer_a, n, len), 1);
	}
	// peer_b restarts (stale), refreshes the routes with index % 6 == 0
	assert_int_equal(
		bgp_nlri_rib_mark(&peer_b, BGP_AF_L2VPN_EVPN, BGP_PATH_STALE), (N + 2) / 3);
	for (uint32_t i = 0; i < N; i += 6) {
		memcpy(n + 2 + 8 + 10 + 4 + 1 + 2, &i, 4);
		assert_int_equal(bgp_nlri_rib_update(BGP_AF_L2VPN_EVPN, &peer_b, n, len, a), 0);
	}
	assert_int_equal(bgp_nlri_rib_flush(&peer_b, BGP_AF_L2VPN_EVPN, BGP_PATH_STALE),
		(N + 2) / 3 - (N + 5) / 6);
	// left: peer_a's even routes, peer_b's (index % 6 == 0, all even too)
	assert_int_equal(bgp_nlri_rib_count(BGP_AF_L2VPN_EVPN), N / 2);
	for (uint32_t i = 0; i < N; i++) {
		memcpy(n + 2 + 8 + 10 + 4 + 1 + 2, &i, 4);
		// an unchanged update of a path that is there returns 0, a new one 1
		assert_int_equal(
			bgp_nlri_rib_update(BGP_AF_L2VPN_EVPN, &peer_a, n, len, a), (int)(i % 2));
		assert_int_equal(
			bgp_nlri_rib_withdraw(BGP_AF_L2VPN_EVPN, &peer_b, n, len), i % 6 == 0);
	}
	assert_int_equal(bgp_nlri_rib_count(BGP_AF_L2VPN_EVPN), N);
	assert_int_equal(bgp_nlri_rib_flush(&peer_a, BGP_AF_L2VPN_EVPN, 0), N);
	assert_int_equal(bgp_nlri_rib_count(BGP_AF_L2VPN_EVPN), 0);
	bgp_pattr_unref(a);
	bgp_nlri_rib_fini();
}

// Enhanced route refresh: marked at BoRR; announced again unchanged, a route
// stays without any event (nothing to reprogram nor to re-advertise); at EoRR
// the one not announced again goes (a DEL event). GR stale paths are apart.
static void test_refresh(void **state)
{
	uint8_t n2[BGP_NLRI_MAX + 8], n3[BGP_NLRI_MAX + 8];
	size_t l2 = nlri(T2_L100, n2), l3 = nlri(T3, n3);
	struct bgp_pattr *a = attrs(100);
	struct events ev = {0};
	(void)state;

	assert_int_equal(bgp_nlri_rib_update(BGP_AF_L2VPN_EVPN, &peer_a, n2, l2, a), 1);
	assert_int_equal(bgp_nlri_rib_update(BGP_AF_L2VPN_EVPN, &peer_a, n3, l3, a), 1);
	assert_int_equal(bgp_nlri_rib_update(BGP_AF_L2VPN_EVPN, &peer_b, n3, l3, a), 1);
	assert_int_equal(bgp_rib_subscribe(BGP_AF_L2VPN_EVPN, on_change, &ev), 0);
	assert_int_equal(bgp_nlri_rib_mark(&peer_a, BGP_AF_L2VPN_EVPN, BGP_PATH_REFRESH), 2);
	assert_int_equal(bgp_nlri_rib_update(BGP_AF_L2VPN_EVPN, &peer_a, n2, l2, a), 0);
	assert_int_equal(ev.add + ev.del, 0);
	assert_int_equal(
		bgp_nlri_rib_flush(&peer_a, BGP_AF_L2VPN_EVPN, BGP_PATH_STALE), 0); // not GR stale
	assert_int_equal(bgp_nlri_rib_flush(&peer_a, BGP_AF_L2VPN_EVPN, BGP_PATH_REFRESH), 1);
	assert_int_equal(peer_a.n_evpn, 1);
	assert_int_equal(peer_b.n_evpn, 1);
	assert_int_equal(bgp_nlri_rib_count(BGP_AF_L2VPN_EVPN), 2);
	assert_int_equal(bgp_nlri_rib_flush(&peer_a, BGP_AF_L2VPN_EVPN, BGP_PATH_REFRESH),
		0); // the mark was cleared
	assert_int_equal(bgp_nlri_rib_mark(&peer_a, BGP_AF_L2VPN_EVPN, BGP_PATH_REFRESH), 1);
	assert_int_equal(bgp_nlri_rib_flush(&peer_a, BGP_AF_L2VPN_EVPN, BGP_PATH_REFRESH), 1);
	assert_int_equal(ev.del, 1); // n2 gone; n3 is left with peer_b's path
	assert_int_equal(bgp_nlri_rib_count(BGP_AF_L2VPN_EVPN), 1);
	bgp_rib_unsubscribe(BGP_AF_L2VPN_EVPN, on_change);
	assert_int_equal(bgp_nlri_rib_flush(&peer_b, BGP_AF_L2VPN_EVPN, 0), 1);
	bgp_pattr_unref(a);
	bgp_nlri_rib_fini();
}

static unsigned n_prefetch_hook;

static void prefetch_hook(const uint8_t *nlri, size_t len)
{
	uint8_t k[BGP_FAMILY_KEY_MAX];
	assert_true(evpn_nlri_key(nlri, len, k) > 0); // only well-formed NLRI get here
	n_prefetch_hook++;
}

// The prefetch hint is fed NLRI ahead of their checks: every truncation and
// byte flip of a type-2 NLRI is read within its bounds (valgrind), and only
// the well-formed ones reach the subscriber's hook.
static void test_prefetch_malformed(void **state)
{
	uint8_t n[64], m[64];
	size_t len = nlri(T2_L100, n);
	(void)state;

	bgp_rib_subscribe_prefetch(BGP_AF_L2VPN_EVPN, prefetch_hook);
	n_prefetch_hook = 0;
	bgp_nlri_rib_prefetch(BGP_AF_L2VPN_EVPN, n, len);
	assert_int_equal(n_prefetch_hook, 1);
	for (size_t cut = 0; cut < len; cut++) {
		uint8_t *t = malloc(cut ? cut : 1); // exact size: valgrind sees any overread
		memcpy(t, n, cut);
		bgp_nlri_rib_prefetch(BGP_AF_L2VPN_EVPN, t, cut);
		free(t);
	}
	assert_int_equal(n_prefetch_hook, 1);
	for (size_t i = 0; i < len; i++) {
		memcpy(m, n, len);
		m[i] ^= 0xff;
		bgp_nlri_rib_prefetch(BGP_AF_L2VPN_EVPN, m, len);
	}
	bgp_rib_subscribe_prefetch(BGP_AF_L2VPN_EVPN, NULL);
	bgp_nlri_rib_fini();
}

// The speaker keeps EVPN routes under the key the EVPN module registers.
static int setup(void **state)
{
	(void)state;
	return evpn_family_register();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_paths_and_events),
		cmocka_unit_test(test_many_and_walk),
		cmocka_unit_test(test_scattered_removal),
		cmocka_unit_test(test_refresh),
		cmocka_unit_test(test_prefetch_malformed),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
