// SPDX-License-Identifier: BSD-3-Clause
// cp/l3/l3_prefix.c: a type-5 prefix is a FIB route via its L3 next hop (one per
// VTEP, router MAC, L3VNI); paths (RDs) of several VTEPs make it an ECMP route over
// their L3 next hops (lowest VTEP first), back to one when one goes; two RDs of one
// VTEP are one next hop; the last path removes the route and its next hops; a prefix
// the VRF has itself (a gateway subnet) is never replaced.
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <arpa/inet.h>
#include <cmocka.h>

#include "cp/config/config.h"
#include "cp/cp_msgq.h"
#include "cp/l3/l3_nexthop.h"
#include "cp/l3/l3_prefix.h"
#include "cp/l3/l3_vrf.h"
#include "cp/mpls/mpls.h"
#include "cp/underlay/underlay.h"

static struct dp_msg sent[256];
static unsigned n_sent;

int dp_msg_send(const struct dp_msg *m)
{
	if (n_sent < sizeof(sent) / sizeof(sent[0]))
		sent[n_sent++] = *m;
	return 0;
}

unsigned dp_msg_pending(void)
{
	return 0;
}

static const char conf[] = "dataplane\n"
			   " port uplink0 devargs net_null0\n"
			   " port host0 devargs net_null1\n"
			   "underlay\n"
			   " vtep-address 192.0.2.1\n"
			   " address 192.0.2.1/24 port uplink0\n"
			   "bridge-domain 100\n"
			   " vni 100\n"
			   " member host0 untagged\n"
			   " gateway-mac 00:00:5e:00:01:01\n"
			   " gateway-address 10.1.0.254/24\n"
			   " vrf t1\n"
			   "vrf t1\n"
			   " vni 5000\n"
			   " router-mac 02:00:00:00:50:01\n";
static struct evpnd_config cfg;
static const uint16_t port_ids[] = {0, 1};

static int setup(void **state)
{
	struct cfg_error err;

	(void)state;
	config_init(&cfg);
	if (config_parse_string(&cfg, conf, "x.conf", &err) != 0 ||
		underlay_init(&cfg, port_ids) != 0 || l3_vrf_apply(&cfg) != 0)
		return -1;
	cp_send_flush();
	n_sent = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	l3_prefix_fini();
	l3_nexthop_fini();
	l3_vrf_fini();
	underlay_fini();
	cp_send_flush();
	config_free(&cfg);
	return 0;
}

static const struct dp_msg *last(uint16_t type)
{
	cp_send_flush();
	for (unsigned i = n_sent; i-- > 0;)
		if (sent[i].type == type)
			return &sent[i];
	return NULL;
}

static unsigned count(uint16_t type)
{
	unsigned n = 0;

	cp_send_flush();
	for (unsigned i = 0; i < n_sent; i++)
		n += sent[i].type == type;
	return n;
}

static struct cp_ip v4(const char *s)
{
	struct cp_ip a = {.family = AF_INET};
	assert_int_equal(inet_pton(AF_INET, s, a.addr), 1);
	return a;
}

static struct l3_prefix_route path(const char *vtep, uint8_t rd_last, uint8_t rmac_last)
{
	struct l3_prefix_route p = {.l3vni = 5000, .rmac = {2, 0, 0, 0, 0x50, rmac_last}};
	struct cp_ip a = v4(vtep);

	cp_ip_to_dp(&a, &p.vtep);
	p.rd[7] = rd_last;
	return p;
}

static void paths(void **state)
{
	(void)state;
	struct cp_ip pfx = v4("10.2.0.0");
	struct l3_prefix_route a = path("192.0.2.3", 1, 3), b = path("192.0.2.2", 2, 2);

	assert_int_equal(l3_prefix_path_add(1, &pfx, 24, &a), 0);
	const struct dp_msg *m = last(DP_MSG_ROUTE_ADD);
	assert_non_null(m);
	assert_int_equal(m->route.vrf, 1);
	assert_int_equal(m->route.len, 24);
	uint32_t rnh_a = m->route.rnh;
	assert_non_null(l3_nexthop_find(rnh_a));
	// A second VTEP (a lower address): ECMP over both, its L3 next hop first.
	assert_int_equal(l3_prefix_path_add(1, &pfx, 24, &b), 0);
	const struct l3_prefix *lp = l3_prefix_find(1, &pfx, 24);
	assert_int_equal(lp->n_paths, 2);
	uint32_t rnh_b = lp->paths[lp->best].rnh, ecmp = lp->ecmp;
	assert_int_not_equal(rnh_b, rnh_a);
	assert_true(ecmp >= L3_PREFIX_ECMP_BASE && ecmp < L3_NEXTHOP_RNH_BASE);
	m = last(DP_MSG_RNH_SET);
	assert_int_equal(m->rnh.id, ecmp);
	assert_int_equal(m->rnh.kind, DP_RNH_ECMP);
	assert_int_equal(m->rnh.n_members, 2);
	assert_int_equal(m->rnh.members[0], rnh_b);
	assert_int_equal(m->rnh.members[1], rnh_a);
	assert_int_equal(last(DP_MSG_ROUTE_ADD)->route.rnh, ecmp);
	// Another RD of VTEP a: the same next hop, still two members.
	struct l3_prefix_route a2 = path("192.0.2.3", 3, 3);
	assert_int_equal(l3_prefix_path_add(1, &pfx, 24, &a2), 0);
	assert_int_equal(last(DP_MSG_RNH_SET)->rnh.n_members, 2);
	assert_int_equal(l3_prefix_path_del(1, &pfx, 24, a2.rd), 0);
	// b goes: back to a alone, the ECMP next hop removed after the route left it.
	n_sent = 0;
	assert_int_equal(l3_prefix_path_del(1, &pfx, 24, b.rd), 0);
	assert_int_equal(last(DP_MSG_ROUTE_ADD)->route.rnh, rnh_a);
	assert_int_equal(last(DP_MSG_RNH_DEL)->rnh.id, rnh_b); // b's L3 next hop, last
	assert_int_equal(count(DP_MSG_RNH_DEL), 2);	       // and the ECMP one
	assert_int_equal(l3_prefix_find(1, &pfx, 24)->ecmp, 0);
	assert_null(l3_nexthop_find(rnh_b));
	// The last one: the route and its next hop go.
	n_sent = 0;
	assert_int_equal(l3_prefix_path_del(1, &pfx, 24, a.rd), 0);
	assert_int_equal(count(DP_MSG_ROUTE_DEL), 1);
	assert_null(l3_prefix_find(1, &pfx, 24));
	assert_null(l3_nexthop_find(rnh_a));
	assert_int_equal(l3_prefix_path_del(1, &pfx, 24, a.rd), -ENOENT);
}

static void local_wins(void **state)
{
	(void)state;
	struct cp_ip pfx = v4("10.1.0.0");
	struct l3_prefix_route a = path("192.0.2.2", 1, 2);

	n_sent = 0;
	assert_int_equal(l3_prefix_path_add(1, &pfx, 24, &a), 0);
	assert_int_equal(count(DP_MSG_ROUTE_ADD), 0);
	assert_true(l3_prefix_find(1, &pfx, 24)->local);
	assert_int_equal(l3_prefix_path_del(1, &pfx, 24, a.rd), 0);
	assert_int_equal(count(DP_MSG_ROUTE_DEL), 0);
}

static void no_vrf(void **state)
{
	(void)state;
	struct cp_ip pfx = v4("10.3.0.0");
	struct l3_prefix_route a = path("192.0.2.2", 1, 2);

	assert_true(l3_prefix_path_add(7, &pfx, 24, &a) < 0);
	assert_null(l3_prefix_find(7, &pfx, 24));
	memset(a.rmac, 0, 6);
	assert_true(l3_prefix_path_add(1, &pfx, 24, &a) < 0);
	assert_int_equal(l3_prefix_count(), 0);
}

// Layer 3 EVPN over MPLS: a prefix via a remote PE's per-VRF label (l3vni with
// DP_MPLS_IP_FLAG) gets an L3 next hop on the PE's MPLS transport ({16003}), the label in
// its vni; a PE without a transport is unreachable.
static const char conf_mpls[] = "dataplane\n"
				" port uplink0 devargs net_null0\n"
				" port host0 devargs net_null1\n"
				"underlay\n"
				" vtep-address 192.0.2.1\n"
				" address 192.0.2.1/24 port uplink0\n"
				"mpls\n"
				" label dynamic-block 1000 1999\n"
				" transport 198.51.100.3 push 16003 nexthop 192.0.2.9\n"
				"bridge-domain 100\n"
				" vni 100\n"
				" member host0 untagged\n"
				" encapsulation mpls\n"
				" gateway-mac 00:00:5e:00:01:01\n"
				" gateway-address 10.1.0.254/24\n"
				" vrf t1\n"
				"vrf t1\n"
				" vni 5000\n"
				" router-mac 02:00:00:00:50:01\n";

static int setup_mpls(void **state)
{
	struct cfg_error err;

	(void)state;
	config_init(&cfg);
	if (config_parse_string(&cfg, conf_mpls, "x.conf", &err) != 0 ||
		underlay_init(&cfg, port_ids) != 0 || mpls_apply(&cfg) != 0 ||
		l3_vrf_apply(&cfg) != 0)
		return -1;
	cp_send_flush();
	n_sent = 0;
	return 0;
}

static int teardown_mpls(void **state)
{
	mpls_fini();
	return teardown(state);
}

static void over_mpls(void **state)
{
	(void)state;
	struct cp_ip pfx = v4("10.2.0.0");
	struct l3_prefix_route a = path("198.51.100.3", 1, 3), b = path("198.51.100.4", 2, 4);
	const struct dp_msg *m;

	a.l3vni = b.l3vni = 2001 | DP_MPLS_IP_FLAG;
	assert_int_equal(l3_prefix_path_add(1, &pfx, 24, &a), 0);
	assert_non_null(m = last(DP_MSG_NH_SET));
	assert_int_equal(m->nh.encap, DP_ENCAP_MPLS);
	assert_int_equal(m->nh.n_labels, 1);
	assert_int_equal(m->nh.labels[0], 16003);
	uint32_t nh = m->nh.nh;
	assert_non_null(m = last(DP_MSG_RNH_SET));
	assert_int_equal(m->rnh.kind, DP_RNH_REMOTE_L3);
	assert_int_equal(m->rnh.nh, nh);
	assert_int_equal(m->rnh.vni, 2001 | DP_MPLS_IP_FLAG);
	assert_int_equal(l3_prefix_path_del(1, &pfx, 24, a.rd), 0);
	assert_int_equal(l3_prefix_path_add(1, &pfx, 24, &b), -EHOSTUNREACH);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(paths, setup, teardown),
		cmocka_unit_test_setup_teardown(local_wins, setup, teardown),
		cmocka_unit_test_setup_teardown(no_vrf, setup, teardown),
		cmocka_unit_test_setup_teardown(over_mpls, setup_mpls, teardown_mpls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
