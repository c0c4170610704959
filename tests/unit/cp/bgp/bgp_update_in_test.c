// SPDX-License-Identifier: BSD-3-Clause
// Tests of cp/bgp/bgp_update_in.c on the real RIBs: the MP_REACH next hop of a
// tunnel family (l2vpn evpn) over an IPv4 or IPv6 underlay. 4 and 16 octets are
// the VTEP, of 32 the global half; one that is no tunnel endpoint (unspecified,
// loopback, multicast, link-local, IPv4-mapped) withdraws the UPDATE's routes
// (RFC 7606 treat-as-withdraw), counted in nexthop_refused.
#include "bgp_test.h"

#include <arpa/inet.h>

#include "cp/bgp/bgp_decode.h"
#include "cp/bgp/bgp_nlri.h"
#include "cp/bgp/bgp_rib.h"
#include "cp/bgp/bgp_update_in.h"
#include "cp/evpn/evpn_family.h"

#define ORG "40010100 "
#define AP "4002040201fde8 " // AS_SEQUENCE 65000
#define V6A "20010db8000000000000000000000001 "
// Type 3, RD 192.0.2.1:2, tag 0, originating IP 2001:db8::1 (128 bits).
#define T3V6 "031d 0001c00002010002 00000000 80 " V6A
// The same with IPv4 192.0.2.1.
#define T3V4 "0311 0001c00002010002 00000000 20 c0000201 "

static struct bgp_peer peer;
static const struct bgp_codec_ctx ctx = {.four_octet_as = false};


static int setup(void **state)
{
	(void)state;
	memset(&peer, 0, sizeof(peer));
	strcpy(peer.name, "2001:db8::2");
	inet_pton(AF_INET, "192.0.2.2", &peer.src.router_id);
	peer.src.owner = &peer;
	peer.remote_as = 65000;
	assert_int_equal(evpn_family_register(), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	bgp_nlri_rib_flush(&peer.src, BGP_AF_L2VPN_EVPN, 0);
	bgp_nlri_rib_fini();
	evpn_family_unregister();
	assert_int_equal(bgp_pattr_count(), 0);
	return 0;
}

// An UPDATE whose only attributes are ORIGIN, AS_PATH and MP_REACH_NLRI with
// next hop nh (hex) and the one route nlri (hex), applied.
static void receive(const char *nh, const char *nlri)
{
	char attrs[512], mp[400];
	uint8_t b[256], buf[512];
	size_t nhl = hex_to_bytes(nh, b, sizeof(b)), nl = hex_to_bytes(nlri, b, sizeof(b));
	struct bgp_msg m;

	snprintf(mp, sizeof(mp), "900e%04zx 001946 %02zx %s 00 %s", 5 + nhl + nl, nhl, nh, nlri);
	snprintf(attrs, sizeof(attrs), ORG AP "%s", mp);
	size_t n = update_from_hex(buf, sizeof(buf), "", attrs, "");
	assert_int_equal(bgp_msg_decode(buf, n, &ctx, &m), 0);
	assert_int_equal(m.fault.action, BGP_ACTION_OK);
	assert_int_equal(bgp_update_in(&peer, &m.update, &m.fault), 0);
}

// The best path of the route nlri (hex): 1 and its next hop, or 0.
static int best(const char *nlri, char *nh)
{
	uint8_t b[64];
	size_t n = hex_to_bytes(nlri, b, sizeof(b));
	struct bgp_route r;

	if (bgp_rib_best(BGP_AF_L2VPN_EVPN, b, n, &r) != 1)
		return 0;
	if (r.attrs->has & BGP_PATTR_NH6)
		inet_ntop(AF_INET6, &r.attrs->next_hop6, nh, INET6_ADDRSTRLEN);
	else
		inet_ntop(AF_INET, &r.attrs->next_hop, nh, INET6_ADDRSTRLEN);
	return 1;
}

static void test_ipv6_vtep(void **state)
{
	char nh[INET6_ADDRSTRLEN];
	(void)state;

	receive(V6A, T3V6);
	assert_int_equal(best(T3V6, nh), 1);
	assert_string_equal(nh, "2001:db8::1");
	assert_int_equal(peer.src.n_evpn, 1);
	// global + link-local: the global one is the VTEP
	receive("20010db8000000000000000000000009 fe800000000000000000000000000009", T3V6);
	assert_int_equal(best(T3V6, nh), 1);
	assert_string_equal(nh, "2001:db8::9");
	// an IPv4 VTEP beside it (mixed underlay, another route)
	receive("c0000201", T3V4);
	assert_int_equal(best(T3V4, nh), 1);
	assert_string_equal(nh, "192.0.2.1");
	assert_int_equal(peer.src.n_evpn, 2);
	assert_int_equal(peer.nexthop_refused, 0);
}

// Each refused next hop withdraws the route an earlier UPDATE announced.
static void test_refused(void **state)
{
	static const char *const bad[] = {
		"fe800000000000000000000000000001", // link-local
		"00000000000000000000000000000000", // ::
		"00000000000000000000000000000001", // ::1
		"ff020000000000000000000000000001", // multicast
		"00000000000000000000ffffc0000201", // ::ffff:192.0.2.1
		"fe800000000000000000000000000001 20010db8000000000000000000000001", // LL first
		"00000000",
		"7f000001",
		"e0000001",
		"ffffffff",
	};
	char nh[INET6_ADDRSTRLEN];
	(void)state;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *nlri = strlen(bad[i]) == 8 ? T3V4 : T3V6;
		receive(strlen(bad[i]) == 8 ? "c0000201" : V6A, nlri);
		assert_int_equal(best(nlri, nh), 1);
		receive(bad[i], nlri);
		assert_int_equal(best(nlri, nh), 0);
		assert_int_equal(peer.nexthop_refused, i + 1);
	}
	assert_int_equal(peer.src.n_evpn, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ipv6_vtep, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
