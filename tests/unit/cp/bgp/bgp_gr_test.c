// SPDX-License-Identifier: BSD-3-Clause
// Tests of graceful restart as receiving speaker (cp/bgp/bgp_gr.c, RFC 4724 4.2)
// on the real RIBs: a peer with IPv4, IPv6 and EVPN routes goes down; only the
// families its capability listed keep their routes, stale; at its next OPEN a
// family listed without the F bit (or not at all) loses them at once.
#include "bgp_test.h"

#include <arpa/inet.h>

#include "cp/bgp/bgp_gr.h"
#include "cp/bgp/bgp_nlri.h"
#include "cp/bgp/bgp_rib.h"
#include "cp/evpn/evpn_family.h"

#define V4 (1u << BGP_AF_IPV4_UNICAST)
#define V6 (1u << BGP_AF_IPV6_UNICAST)
#define EVPN (1u << BGP_AF_L2VPN_EVPN)
#define ALL (V4 | V6 | EVPN)
#define NOW 1000000

// Type 3, RD 192.0.2.2:100, tag 0, originator 192.0.2.2
#define T3 "03 11 0001c0000202 0064 00000000 20 c0000202"

static struct bgp_peer peer;
static uint8_t t3[32];
static size_t t3_len;

static struct in_addr ip(const char *s)
{
	struct in_addr a;
	inet_pton(AF_INET, s, &a);
	return a;
}

static struct in6_addr ip6(const char *s)
{
	struct in6_addr a;
	inet_pton(AF_INET6, s, &a);
	return a;
}


// A capability with restart time `time` listing the families of `listed`, those
// of `fwd` with the F bit.
static struct bgp_caps caps(uint16_t time, unsigned listed, unsigned fwd)
{
	struct bgp_caps c = {.has_gr = true, .gr_time = time};

	for (enum bgp_af af = 0; af < BGP_AF_MAX; af++)
		if (listed & (1u << af)) {
			struct bgp_afi_safi f = bgp_af_family(af);
			c.gr[c.n_gr++] = (struct bgp_cap_gr_af){
				f.afi, f.safi, fwd & (1u << af) ? BGP_GR_AF_F_FORWARDING : 0};
		}
	return c;
}

// The peer's OPEN again, with c.
static void reopen(struct bgp_caps c)
{
	bgp_gr_session_up(&peer, &c);
}

// The peer's OPEN with c (every family negotiated), then two IPv4 routes, one
// IPv6 and one EVPN.
static void established_with(struct bgp_caps c)
{
	static struct bgp_pattr_tmp t;
	struct in6_addr p6 = ip6("2001:db8::");

	for (enum bgp_af af = 0; af < BGP_AF_MAX; af++)
		peer.af[af] = true;
	reopen(c);
	bgp_pattr_tmp_init(&t);
	t.a.next_hop = ip("192.0.2.2");
	struct bgp_pattr *a = bgp_pattr_intern(&t);
	assert_int_equal(bgp_rib_update(&peer.src, ip("10.0.0.0"), 8, a), 1);
	assert_int_equal(bgp_rib_update(&peer.src, ip("11.0.0.0"), 8, a), 1);
	assert_int_equal(bgp_rib_update6(&peer.src, &p6, 32, a), 1);
	assert_int_equal(bgp_nlri_rib_update(BGP_AF_L2VPN_EVPN, &peer.src, t3, t3_len, a), 1);
	bgp_pattr_unref(a);
}

static bool stale4(const char *prefix)
{
	const struct bgp_dest *d = bgp_rib_lookup(ip(prefix), 8);
	return d != NULL && d->paths != NULL && (d->paths->flags & BGP_PATH_STALE);
}

static bool stale_evpn(void)
{
	struct bgp_route r;
	return bgp_rib_best(BGP_AF_L2VPN_EVPN, t3, t3_len, &r) == 1 && r.stale;
}

// Routes of the peer per family: IPv4, IPv6, EVPN.
static void assert_routes(uint32_t v4, uint32_t v6, uint32_t evpn)
{
	assert_int_equal(peer.src.n_prefixes, v4);
	assert_int_equal(peer.src.n_ipv6, v6);
	assert_int_equal(peer.src.n_evpn, evpn);
}

static int setup(void **state)
{
	(void)state;
	memset(&peer, 0, sizeof(peer));
	strcpy(peer.name, "192.0.2.2");
	peer.src.router_id = ip("192.0.2.2");
	peer.src.addr = ip("192.0.2.2");
	peer.src.owner = &peer;
	t3_len = hex_to_bytes(T3, t3, sizeof(t3));
	assert_int_equal(evpn_family_register(), 0); // as at start-up: the EVPN RIB's key
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	bgp_rib_src_flush(&peer.src, BGP_AF_MAX, 0);
	bgp_nlri_rib_flush(&peer.src, BGP_AF_L2VPN_EVPN, 0);
	assert_int_equal(bgp_rib_count(), 0);
	bgp_nlri_rib_fini();
	assert_int_equal(bgp_pattr_count(), 0);
	return 0;
}

// FRR's default helper mode: the capability lists no family. Nothing is kept.
static void test_no_family_listed(void **state)
{
	(void)state;
	established_with(caps(120, 0, 0));
	assert_true(peer.peer_gr);
	assert_routes(2, 1, 1);
	bgp_gr_session_down(&peer, true, NOW);
	assert_routes(0, 0, 0);
	assert_false(peer.stale);
	assert_int_equal(peer.t_gr, 0);
}

// Only IPv4 unicast listed: its routes stay, stale, for the restart time; IPv6
// and EVPN go at once.
static void test_ipv4_listed(void **state)
{
	(void)state;
	established_with(caps(120, V4, 0));
	bgp_gr_session_down(&peer, true, NOW);
	assert_routes(2, 0, 0);
	assert_true(stale4("10.0.0.0") && stale4("11.0.0.0"));
	assert_true(peer.stale);
	assert_int_equal(peer.stale_afs, V4);
	assert_int_equal(peer.t_gr, NOW + 120 * 1000);
	// the restart time runs out
	bgp_gr_restart_over(&peer);
	assert_routes(0, 0, 0);
	assert_false(peer.stale);
	assert_int_equal(peer.t_gr, 0);
}

// EVPN listed: the EVPN route stays, stale; the unicast ones go.
static void test_evpn_listed(void **state)
{
	(void)state;
	established_with(caps(90, EVPN, EVPN));
	bgp_gr_session_down(&peer, true, NOW);
	assert_routes(0, 0, 1);
	assert_true(stale_evpn());
	assert_int_equal(peer.stale_afs, EVPN);
	assert_int_equal(peer.t_gr, NOW + 90 * 1000);
}

// Back with IPv4 and EVPN forwarding state preserved but not IPv6's (F bit clear):
// the stale IPv6 route goes at the OPEN; the others wait for their End-of-RIB.
static void test_f_bit_clear_at_restart(void **state)
{
	(void)state;
	established_with(caps(120, ALL, ALL));
	bgp_gr_session_down(&peer, true, NOW);
	assert_routes(2, 1, 1);
	assert_int_equal(peer.stale_afs, ALL);
	reopen(caps(120, ALL, V4 | EVPN));
	assert_routes(2, 0, 1);
	assert_int_equal(peer.stale_afs, V4 | EVPN);
	// 10.0.0.0/8 announced again, then End-of-RIB of IPv4: 11.0.0.0/8 goes
	static struct bgp_pattr_tmp t;
	bgp_pattr_tmp_init(&t);
	struct bgp_pattr *a = bgp_pattr_intern(&t);
	assert_int_equal(bgp_rib_update(&peer.src, ip("10.0.0.0"), 8, a), 0);
	bgp_pattr_unref(a);
	bgp_gr_eor(&peer, BGP_AF_IPV4_UNICAST);
	assert_routes(1, 0, 1);
	assert_false(stale4("10.0.0.0"));
	assert_true(peer.stale);
	bgp_gr_eor(&peer, BGP_AF_L2VPN_EVPN);
	assert_routes(1, 0, 0);
	assert_false(peer.stale);
	assert_int_equal(peer.t_gr, 0);
}

// Back without any F bit (FRR's `bgp graceful-restart` without preserve-fw-state),
// or without the capability: every stale route goes at the OPEN.
static void test_no_forwarding_state_at_restart(void **state)
{
	(void)state;
	established_with(caps(120, ALL, 0));
	bgp_gr_session_down(&peer, true, NOW);
	assert_routes(2, 1, 1);
	reopen(caps(120, ALL, 0));
	assert_routes(0, 0, 0);
	assert_false(peer.stale);
	assert_int_equal(peer.t_gr, 0);

	established_with(caps(120, ALL, ALL));
	bgp_gr_session_down(&peer, true, NOW);
	assert_routes(2, 1, 1);
	reopen((struct bgp_caps){0});
	assert_routes(0, 0, 0);
	assert_false(peer.peer_gr);
}

// A family listed with the F bit but not negotiated again gets no End-of-RIB:
// its stale routes go at the OPEN.
static void test_family_not_negotiated_at_restart(void **state)
{
	(void)state;
	established_with(caps(120, ALL, ALL));
	bgp_gr_session_down(&peer, true, NOW);
	peer.af[BGP_AF_L2VPN_EVPN] = false;
	reopen(caps(120, ALL, ALL));
	assert_routes(2, 1, 0);
	assert_int_equal(peer.stale_afs, V4 | V6);
}

// Restart time 0, or a session ended by a NOTIFICATION: nothing is kept.
static void test_nothing_kept(void **state)
{
	(void)state;
	established_with(caps(0, ALL, ALL));
	bgp_gr_session_down(&peer, true, NOW);
	assert_routes(0, 0, 0);
	assert_false(peer.stale);

	established_with(caps(120, ALL, ALL));
	bgp_gr_session_down(&peer, false, NOW);
	assert_routes(0, 0, 0);
	assert_false(peer.stale);
}

static void test_afs_of_capability(void **state)
{
	(void)state;
	struct bgp_caps c = caps(120, V4 | EVPN, EVPN);
	assert_int_equal(bgp_gr_afs(&c, false), V4 | EVPN);
	assert_int_equal(bgp_gr_afs(&c, true), EVPN);
	// unknown families are ignored
	c.gr[c.n_gr++] = (struct bgp_cap_gr_af){1, 133, BGP_GR_AF_F_FORWARDING}; // flowspec
	assert_int_equal(bgp_gr_afs(&c, false), V4 | EVPN);
	c.has_gr = false;
	assert_int_equal(bgp_gr_afs(&c, false), 0);
}

// The per-source operations GR and route refresh use (bgp_rib_src_*), one entry
// for every family: marks and flushes reach each family's table, BGP_AF_MAX all.
static void test_src_ops(void **state)
{
	(void)state;
	established_with(caps(120, ALL, ALL));
	assert_int_equal(bgp_rib_src_routes(&peer.src, BGP_AF_MAX), 4);
	assert_int_equal(bgp_rib_src_routes(&peer.src, BGP_AF_L2VPN_EVPN), 1);
	// Stale: EVPN alone, then flushed with the stale ones of every family.
	assert_int_equal(bgp_rib_src_mark(&peer.src, BGP_AF_L2VPN_EVPN, BGP_PATH_STALE), 1);
	assert_true(stale_evpn());
	assert_false(stale4("10.0.0.0"));
	assert_int_equal(bgp_rib_src_flush(&peer.src, BGP_AF_MAX, BGP_PATH_STALE), 1);
	assert_routes(2, 1, 0);
	// Refresh: IPv4 and IPv6 marked, one IPv4 route announced again keeps its path.
	assert_int_equal(bgp_rib_src_mark(&peer.src, BGP_AF_MAX, BGP_PATH_REFRESH), 3);
	static struct bgp_pattr_tmp t;
	bgp_pattr_tmp_init(&t);
	t.a.next_hop = ip("192.0.2.2");
	struct bgp_pattr *a = bgp_pattr_intern(&t);
	assert_int_equal(bgp_rib_update(&peer.src, ip("10.0.0.0"), 8, a), 0);
	bgp_pattr_unref(a);
	assert_int_equal(bgp_rib_src_flush(&peer.src, BGP_AF_IPV4_UNICAST, BGP_PATH_REFRESH), 1);
	assert_routes(1, 1, 0);
	assert_int_equal(bgp_rib_src_flush(&peer.src, BGP_AF_MAX, BGP_PATH_REFRESH), 1);
	assert_routes(1, 0, 0);
	// The end of a session: everything.
	assert_int_equal(bgp_rib_src_flush(&peer.src, BGP_AF_MAX, 0), 1);
	assert_routes(0, 0, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_no_family_listed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ipv4_listed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_evpn_listed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_f_bit_clear_at_restart, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_no_forwarding_state_at_restart, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_family_not_negotiated_at_restart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nothing_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_src_ops, setup, teardown),
		cmocka_unit_test(test_afs_of_capability),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
