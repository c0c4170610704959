// SPDX-License-Identifier: BSD-3-Clause
// Tests of cp/evpn/evpn_bgp_in.c's import decision (evpn_bgp_import): which
// changes of best path the EVPN module installs or removes. Received and
// injected paths to another VTEP are imported (add and remove); injected
// next-hop self paths and our own never are; one of ours that becomes best
// removes the imported path it hides, and only an imported one. Paths built
// as the route-injection API builds them (inject_cmd_parse, evpn_inject_build,
// evpn_bgp_out_attrs); our VTEP 198.51.100.1.
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cp/bgp/bgp_pattr.h"
#include "cp/evpn/evpn_bgp_in.h"
#include "cp/evpn/evpn_bgp_out.h"
#include "cp/inject/inject_cmd.h"

static struct dp_ip self = {.family = AF_INET, .bytes = {198, 51, 100, 1}};
static struct bgp_src peer = {.ebgp = false};
static struct bgp_src ours = {.local = true};
static struct bgp_src injected = {.local = true, .injected = true};

struct path {
	struct evpn_route_out out;
	struct bgp_pattr *a;
};

// The path of an "announce evpn ..." line with next hop nh ("self": ours).
static void path_of(struct path *p, const char *line, const char *nh)
{
	struct inject_cmd c;
	struct cp_ip ip = {.family = AF_INET};
	char err[INJECT_ERR_MAX];

	if (inject_cmd_parse(line, &c, err, sizeof(err)) < 0)
		fail_msg("'%s': %s", line, err);
	inet_pton(AF_INET, strcmp(nh, "self") == 0 ? "198.51.100.1" : nh, &ip.v4);
	assert_int_equal(evpn_inject_build(&c.evpn, &ip, &p->out), 0);
	assert_non_null(p->a = evpn_bgp_out_attrs(&p->out));
}

static struct bgp_route route_of(const struct path *p, const struct bgp_src *src)
{
	return (struct bgp_route){
		.nlri = p->out.nlri, .nlri_len = p->out.nlri_len, .attrs = p->a, .src = src,
		.best = true};
}

static const char mac_line[] = "announce evpn macip rd 192.0.2.7:100 mac 02:00:00:00:07:01 "
			       "vni 100 rt 65000:100";

static enum evpn_import import(enum bgp_route_event ev, const struct bgp_route *r,
	struct evpn_route *route, struct evpn_rx_path *rx)
{
	return evpn_bgp_import(ev, r, &self, route, rx);
}

static void assert_nh(const struct evpn_rx_path *rx, const char *want)
{
	char b[INET6_ADDRSTRLEN];

	assert_string_equal(inet_ntop(AF_INET, rx->nexthop.bytes, b, sizeof(b)), want);
}

// A DCI controller's MAC behind 192.0.2.7: installed and removed as a received one.
static void test_injected_remote(void **state)
{
	static const char *lines[] = {mac_line,
		"announce evpn multicast rd 192.0.2.7:100 vni 100 rt 65000:100",
		"announce evpn prefix rd 192.0.2.7:5000 prefix 10.9.0.0/24 vni 5000 "
		"rt 65000:5000 router-mac 02:00:00:00:07:fe"};
	static const uint8_t types[] = {EVPN_RT_MACIP, EVPN_RT_IMET, EVPN_RT_PREFIX};
	struct evpn_route route;
	struct evpn_rx_path rx;
	struct path p;
	(void)state;

	for (size_t i = 0; i < 3; i++) {
		path_of(&p, lines[i], "192.0.2.7");
		struct bgp_route r = route_of(&p, &injected);
		assert_int_equal(import(BGP_ROUTE_ADD, &r, &route, &rx), EVPN_IMPORT_ADD);
		assert_int_equal(rx.route->type, types[i]);
		assert_nh(&rx, "192.0.2.7");
		assert_false(rx.internal);
		assert_int_equal(import(BGP_ROUTE_DEL, &r, &route, &rx), EVPN_IMPORT_DEL);
		bgp_pattr_unref(p.a);
	}
}

// Next-hop self (our VTEP) is only advertised; our own routes never come back.
static void test_self_and_ours(void **state)
{
	struct evpn_route route;
	struct evpn_rx_path rx;
	struct path p;
	(void)state;

	path_of(&p, mac_line, "self");
	struct bgp_route inj = route_of(&p, &injected), own = route_of(&p, &ours);
	for (int ev = BGP_ROUTE_ADD; ev <= BGP_ROUTE_DEL; ev++) {
		assert_int_equal(import(ev, &inj, &route, &rx), EVPN_IMPORT_NONE);
		assert_int_equal(import(ev, &own, &route, &rx), EVPN_IMPORT_NONE);
	}
	// ours to another VTEP's address is still ours
	bgp_pattr_unref(p.a);
	path_of(&p, mac_line, "192.0.2.7");
	own = route_of(&p, &ours);
	assert_int_equal(import(BGP_ROUTE_ADD, &own, &route, &rx), EVPN_IMPORT_NONE);
	bgp_pattr_unref(p.a);
}

// A received path is imported as before (iBGP: internal), whatever its next hop.
static void test_received(void **state)
{
	struct evpn_route route;
	struct evpn_rx_path rx;
	struct path p;
	(void)state;

	path_of(&p, mac_line, "192.0.2.7");
	struct bgp_route r = route_of(&p, &peer);
	assert_int_equal(import(BGP_ROUTE_ADD, &r, &route, &rx), EVPN_IMPORT_ADD);
	assert_true(rx.internal);
	bgp_pattr_unref(p.a);
	// to our VTEP: passed on all the same (evpn_vtep_rx ignores it, as it did)
	path_of(&p, mac_line, "self");
	r = route_of(&p, &peer);
	assert_int_equal(import(BGP_ROUTE_ADD, &r, &route, &rx), EVPN_IMPORT_ADD);
	assert_int_equal(import(BGP_ROUTE_DEL, &r, &route, &rx), EVPN_IMPORT_DEL);
	bgp_pattr_unref(p.a);
}

// A path of ours (or an injected next-hop self one) that wins over an
// imported one removes it; over one of ours, nothing.
static void test_hides(void **state)
{
	struct evpn_route route;
	struct evpn_rx_path rx;
	struct path remote, local;
	const struct bgp_src *hidden[] = {&peer, &injected};
	const struct bgp_src *winners[] = {&ours, &injected};
	(void)state;

	path_of(&remote, mac_line, "192.0.2.7");
	path_of(&local, mac_line, "self");
	for (size_t w = 0; w < 2; w++) {
		for (size_t h = 0; h < 2; h++) {
			struct bgp_route r = route_of(&local, winners[w]);
			r.prev_src = hidden[h];
			r.prev_attrs = remote.a;
			assert_int_equal(import(BGP_ROUTE_ADD, &r, &route, &rx), EVPN_IMPORT_DEL);
			assert_nh(&rx, "192.0.2.7");
			assert_ptr_equal(rx.attrs, remote.a);
		}
		struct bgp_route r = route_of(&local, winners[w]);
		r.prev_src = &ours;
		r.prev_attrs = remote.a;
		assert_int_equal(import(BGP_ROUTE_ADD, &r, &route, &rx), EVPN_IMPORT_NONE);
		r.prev_src = &injected; // next-hop self: was never installed
		r.prev_attrs = local.a;
		assert_int_equal(import(BGP_ROUTE_ADD, &r, &route, &rx), EVPN_IMPORT_NONE);
	}
	// an imported path that wins over ours is installed
	struct bgp_route r = route_of(&remote, &injected);
	r.prev_src = &ours;
	r.prev_attrs = local.a;
	assert_int_equal(import(BGP_ROUTE_ADD, &r, &route, &rx), EVPN_IMPORT_ADD);
	bgp_pattr_unref(remote.a);
	bgp_pattr_unref(local.a);
	assert_int_equal(bgp_pattr_count(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_injected_remote),
		cmocka_unit_test(test_self_and_ours),
		cmocka_unit_test(test_received),
		cmocka_unit_test(test_hides),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
