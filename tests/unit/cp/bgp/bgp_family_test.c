// SPDX-License-Identifier: BSD-3-Clause
// Tests of the family table (cp/bgp/bgp_family.c): what registration accepts,
// that the NLRI RIB (bgp_rib_nlri.c) keys its routes by whatever the registered
// family says (a test-only key here, then the EVPN module's), keeping none
// without one, and that a second family shares that RIB with l2vpn evpn: its
// own routes, subscribers, walks, counts and flushes; and that the export rule
// of a family (bgp_export.c) is what its table and its slots say.
#include "bgp_test.h"

#include <arpa/inet.h>
#include <errno.h>

#include "cp/bgp/bgp_export.h"
#include "cp/bgp/bgp_family.h"
#include "cp/bgp/bgp_rib.h"
#include "cp/evpn/evpn_family.h"

// Type 2 MAC-only routes, RD 192.0.2.2:100, label (VNI) 100 or 200: one route
// for the EVPN key (labels are attributes), two for a key of the whole NLRI.
#define T2_HEAD "02 21 0001c0000202 0064 00000000000000000000 00000000 30 000000aabb01 00"
#define T2_L100 T2_HEAD "000064"
#define T2_L200 T2_HEAD "0000c8"

static struct bgp_src peer = {.router_id = {0x01000000}, .addr = {0x0a000000}};

// A test-only family: the whole NLRI is the key.
static int whole_key(const uint8_t *nlri, size_t len, uint8_t *key)
{
	if (len > BGP_FAMILY_KEY_MAX)
		return -EINVAL;
	memcpy(key, nlri, len);
	return (int)len;
}

static const struct bgp_family whole = {
	.af = BGP_AF_L2VPN_EVPN, .name = "test whole-NLRI key", .key = whole_key};

static struct bgp_pattr *attrs(void)
{
	static struct bgp_pattr_tmp t;

	bgp_pattr_tmp_init(&t);
	inet_pton(AF_INET, "192.0.2.2", &t.a.next_hop);
	return bgp_pattr_intern(&t);
}

static void test_register(void **state)
{
	struct bgp_family bad = whole;
	(void)state;

	bad.key = NULL;
	assert_int_equal(bgp_family_register(&bad), -EINVAL);
	bad = whole;
	bad.af = BGP_AF_MAX;
	assert_int_equal(bgp_family_register(&bad), -EINVAL);
	assert_int_equal(bgp_family_register(NULL), -EINVAL);
	assert_null(bgp_family_get(BGP_AF_L2VPN_EVPN));
	assert_int_equal(bgp_family_register(&whole), 0);
	assert_int_equal(bgp_family_register(&whole), 0); // the same table again
	assert_ptr_equal(bgp_family_get(BGP_AF_L2VPN_EVPN), &whole);
	assert_int_equal(evpn_family_register(), -EEXIST); // another table for the family
	bgp_family_unregister(BGP_AF_L2VPN_EVPN);
	assert_null(bgp_family_get(BGP_AF_L2VPN_EVPN));
	assert_null(bgp_family_get(BGP_AF_MAX));
}

static void on_change(enum bgp_route_event ev, const struct bgp_route *r, void *ctx)
{
	(void)ev, (void)r;
	++*(unsigned *)ctx;
}

// The route API takes the family: l2vpn evpn is kept here, unicast not (yet).
static void test_route_api_family(void **state)
{
	uint8_t nlri[64];
	size_t len = hex_to_bytes(T2_L100, nlri, sizeof(nlri));
	struct bgp_pattr *a = attrs();
	struct bgp_route r;
	unsigned events = 0;
	(void)state;

	assert_int_equal(evpn_family_register(), 0);
	assert_int_equal(bgp_rib_subscribe(BGP_AF_IPV4_VPN, on_change, &events), -ENOTSUP);
	assert_int_equal(bgp_rib_subscribe(BGP_AF_L2VPN_EVPN, on_change, &events), 0);
	assert_int_equal(bgp_nlri_rib_update(BGP_AF_L2VPN_EVPN, &peer, nlri, len, a), 1);
	assert_int_equal(events, 1);
	assert_int_equal(bgp_rib_best(BGP_AF_L2VPN_EVPN, nlri, len, &r), 1);
	assert_ptr_equal(r.src, &peer);
	assert_int_equal(bgp_rib_best(BGP_AF_IPV4_UNICAST, nlri, len, &r), 0);
	bgp_nlri_rib_flush(&peer, BGP_AF_L2VPN_EVPN, 0);
	assert_int_equal(events, 2); // the route is gone
	bgp_rib_unsubscribe(BGP_AF_L2VPN_EVPN, on_change);
	evpn_family_unregister();
	bgp_pattr_unref(a);
}

// Each route of nlri[0..n) announced then withdrawn: the routes the RIB held.
static size_t routes_for(struct bgp_pattr *a, uint8_t (*nlri)[64], const size_t *len, int n)
{
	size_t routes;

	for (int i = 0; i < n; i++)
		assert_true(bgp_nlri_rib_update(BGP_AF_L2VPN_EVPN, &peer, nlri[i], len[i], a) >= 0);
	routes = bgp_nlri_rib_count(BGP_AF_L2VPN_EVPN);
	bgp_nlri_rib_flush(&peer, BGP_AF_L2VPN_EVPN, 0);
	assert_int_equal(bgp_nlri_rib_count(BGP_AF_L2VPN_EVPN), 0);
	return routes;
}

static void test_rib_keys_by_family(void **state)
{
	uint8_t nlri[2][64];
	size_t len[2] = {hex_to_bytes(T2_L100, nlri[0], 64), hex_to_bytes(T2_L200, nlri[1], 64)};
	struct bgp_pattr *a = attrs();
	(void)state;

	// No family registered: nothing is kept (the speaker cannot key the route).
	assert_int_equal(
		bgp_nlri_rib_update(BGP_AF_L2VPN_EVPN, &peer, nlri[0], len[0], a), -ENOTSUP);
	assert_int_equal(bgp_nlri_rib_count(BGP_AF_L2VPN_EVPN), 0);
	assert_int_equal(peer.n_evpn, 0);
	// The test family: the two labels are two routes.
	assert_int_equal(bgp_family_register(&whole), 0);
	assert_int_equal(routes_for(a, nlri, len, 2), 2);
	bgp_family_unregister(BGP_AF_L2VPN_EVPN);
	// The EVPN module's family: one route, the second label replaced the first.
	assert_int_equal(evpn_family_register(), 0);
	assert_int_equal(routes_for(a, nlri, len, 2), 1);
	char text[160];
	const struct bgp_family *f = bgp_family_get(BGP_AF_L2VPN_EVPN);
	assert_string_equal(f->name, "l2vpn evpn");
	assert_true(f->print(text, sizeof(text), nlri[0], len[0]) > 0);
	assert_string_equal(text, "192.0.2.2:100:[2]:[0]:[48]:[00:00:00:aa:bb:01]");
	assert_true(f->print(text, sizeof(text), nlri[0], 3) > 0); // cut short: no crash
	assert_string_equal(text, "[2] (3 octets)");
	evpn_family_unregister();
	bgp_pattr_unref(a);
	assert_int_equal(bgp_pattr_count(), 0);
}

struct seen {
	unsigned add, del;
};

static void count_event(enum bgp_route_event ev, const struct bgp_route *r, void *ctx)
{
	struct seen *s = ctx;

	(void)r;
	if (ev == BGP_ROUTE_ADD)
		s->add++;
	else
		s->del++;
}

static void count_walked(const struct bgp_route *r, void *ctx)
{
	(void)r;
	++*(unsigned *)ctx;
}

// A second family beside l2vpn evpn in the same RIB: a test-only one with the
// same key function, in the VPNv4 slot (no VPN codec yet: the slot is what a
// new family needs of cp/bgp). The same NLRI in both gives the same key, yet
// two routes: the family is part of a route's identity; its paths are counted
// in its own counter, not in a unicast one.
static void test_second_family(void **state)
{
	const enum bgp_af T = BGP_AF_IPV4_VPN, EV = BGP_AF_L2VPN_EVPN;
	const struct bgp_family test_family = {.af = T, .name = "test", .key = evpn_nlri_key};
	uint8_t nlri[2][64];
	size_t len[2] = {hex_to_bytes(T2_L100, nlri[0], 64), hex_to_bytes(T2_L200, nlri[1], 64)};
	struct bgp_pattr *a = attrs();
	struct seen seen_ev = {0}, seen_t = {0};
	struct bgp_rib_cursor c = {0};
	struct bgp_route r;
	unsigned walked = 0;
	(void)state;

	assert_int_equal(evpn_family_register(), 0);
	assert_int_equal(bgp_family_register(&test_family), 0);
	assert_int_equal(bgp_rib_subscribe(EV, count_event, &seen_ev), 0);
	assert_int_equal(bgp_rib_subscribe(T, count_event, &seen_t), 0); // same fn, other family
	assert_int_equal(bgp_nlri_rib_update(EV, &peer, nlri[0], len[0], a), 1);
	assert_int_equal(bgp_nlri_rib_update(T, &peer, nlri[0], len[0], a), 1); // not EV's route
	assert_int_equal(bgp_nlri_rib_update(T, &peer, nlri[1], len[1], a), 0); // another label
	assert_int_equal(bgp_nlri_rib_count(EV), 1);
	assert_int_equal(bgp_nlri_rib_count(T), 1);
	assert_int_equal(peer.n_evpn, 1);
	assert_int_equal(peer.n_paths[T], 1);
	assert_int_equal(peer.n_prefixes + peer.n_ipv6, 0);
	assert_int_equal(bgp_rib_src_routes(&peer, T), 1);
	assert_int_equal(bgp_rib_src_routes(&peer, BGP_AF_MAX), 2);
	assert_int_equal(seen_ev.add, 1); // T's replacement did not reach EV's subscriber
	assert_int_equal(seen_t.add, 2);
	assert_int_equal(bgp_rib_best(EV, nlri[1], len[1], &r), 1);
	assert_memory_equal(r.nlri, nlri[0], len[0]); // EV's path kept its label
	assert_int_equal(bgp_rib_best(T, nlri[0], len[0], &r), 1);
	assert_memory_equal(r.nlri, nlri[1], len[1]);
	// A walk of one family sees its routes only.
	bgp_rib_cursor_start(&c, T);
	assert_int_equal(bgp_rib_walk_from(&c, 100, count_walked, &walked), 1);
	assert_int_equal(walked, 1);
	assert_false(c.active);
	// Withdrawn in one family: the other's route of the same bytes stays.
	assert_int_equal(bgp_nlri_rib_withdraw(EV, &peer, nlri[0], len[0]), 1);
	assert_int_equal(seen_ev.del, 1);
	assert_int_equal(seen_t.del, 0);
	assert_int_equal(bgp_rib_best(T, nlri[0], len[0], &r), 1);
	// Stale marks and flushes by family.
	assert_int_equal(bgp_nlri_rib_update(EV, &peer, nlri[0], len[0], a), 1);
	assert_int_equal(bgp_nlri_rib_mark(&peer, T, BGP_PATH_STALE), 1);
	assert_int_equal(bgp_nlri_rib_flush(&peer, EV, BGP_PATH_STALE), 0);
	assert_int_equal(bgp_nlri_rib_flush(&peer, T, BGP_PATH_STALE), 1);
	assert_int_equal(seen_t.del, 1);
	assert_int_equal(bgp_nlri_rib_count(EV), 1);
	assert_int_equal(bgp_nlri_rib_flush(&peer, BGP_AF_MAX, 0), 1);
	assert_int_equal(peer.n_evpn + peer.n_paths[T], 0);
	bgp_rib_unsubscribe(EV, count_event);
	bgp_rib_unsubscribe(T, count_event);
	bgp_family_unregister(T);
	evpn_family_unregister();
	bgp_pattr_unref(a);
	assert_int_equal(bgp_pattr_count(), 0);
}

// The export rule of a family comes from its table and its own slots: next hop
// self unless the table says the family keeps next hops (as l2vpn evpn's does),
// sent only where that family is negotiated, reflected only for a client in
// that family. A test-only family in the VPNv4 slot; before, a family other
// than l2vpn evpn was treated as IPv4 unicast in all three.
static void test_export_rule(void **state)
{
	const enum bgp_af T = BGP_AF_IPV4_VPN, EV = BGP_AF_L2VPN_EVPN;
	struct bgp_family fam = {.af = T, .name = "test", .key = whole_key};
	struct bgp_src ebgp = {.ebgp = true, .owner = &ebgp};
	struct bgp_src uc_client = {.rr_client[BGP_AF_IPV4_UNICAST] = true,
		.rr_client[BGP_AF_IPV6_UNICAST] = true,
		.owner = &uc_client};
	struct bgp_src t_client = {.rr_client[T] = true, .owner = &t_client};
	struct bgp_pattr *a = attrs(), *out;
	struct bgp_path from_ebgp = {.src = &ebgp, .attrs = a};
	struct bgp_path from_uc = {.src = &uc_client, .attrs = a};
	struct bgp_path from_t = {.src = &t_client, .attrs = a};
	struct bgp_export_key k = {.ebgp = true, .remote_as = 65009, .af[T] = true};
	struct bgp_export_key v4 = {
		.ebgp = true, .remote_as = 65009, .af[BGP_AF_IPV4_UNICAST] = true};
	struct bgp_export_key ibgp = {.af[T] = true};
	(void)state;

	inet_pton(AF_INET, "198.51.100.1", &k.local);
	assert_int_equal(bgp_family_register(&fam), 0);
	assert_true(bgp_export_allowed(&from_ebgp, T, &k));
	assert_false(bgp_export_allowed(&from_ebgp, T, &v4)); // T not negotiated there
	assert_non_null(out = bgp_export_path(&from_ebgp, T, &k));
	assert_int_equal(out->next_hop.s_addr, k.local.s_addr); // next hop self
	bgp_pattr_unref(out);
	// A client for unicast is not one for T; a client for T is.
	assert_false(bgp_export_allowed(&from_uc, T, &ibgp));
	assert_true(bgp_export_allowed(&from_t, T, &ibgp));
	bgp_family_unregister(T);
	fam.keep_next_hop = true;
	assert_int_equal(bgp_family_register(&fam), 0);
	assert_non_null(out = bgp_export_path(&from_ebgp, T, &k));
	assert_int_equal(out->next_hop.s_addr, a->next_hop.s_addr); // kept
	bgp_pattr_unref(out);
	bgp_family_unregister(T);
	// l2vpn evpn's table keeps its next hop (the VTEP).
	k.af[EV] = true;
	assert_int_equal(evpn_family_register(), 0);
	assert_non_null(out = bgp_export_path(&from_ebgp, EV, &k));
	assert_int_equal(out->next_hop.s_addr, a->next_hop.s_addr);
	bgp_pattr_unref(out);
	evpn_family_unregister();
	bgp_pattr_unref(a);
	assert_int_equal(bgp_pattr_count(), 0);
}

// IPv4 and IPv6 unicast are the speaker's own tables, there from the start: the
// key is the prefix's NLRI with the bits past its length cleared (so two
// encodings of one prefix are one route), lengths that contradict the prefix
// length are refused, and the printer gives FRR's prefix text.
static void test_unicast_family(void **state)
{
	const struct bgp_family *v4 = bgp_family_get(BGP_AF_IPV4_UNICAST);
	const struct bgp_family *v6 = bgp_family_get(BGP_AF_IPV6_UNICAST);
	const uint8_t a[] = {22, 10, 1, 7}, b[] = {22, 10, 1, 4}; // 10.1.4.0/22, junk in a
	const uint8_t bad[] = {25, 10, 1, 2}, p6[] = {33, 0x20, 0x01, 0x0d, 0xb8, 0x80};
	uint8_t key[BGP_FAMILY_KEY_MAX];
	char text[64];
	(void)state;

	assert_non_null(v4);
	assert_non_null(v6);
	assert_true(v4->nlri_is_key && v6->nlri_is_key);
	assert_int_equal(v4->key(a, sizeof(a), key), 4);
	assert_memory_equal(key, b, sizeof(b));
	assert_int_equal(v4->key(bad, sizeof(bad), key), -EINVAL); // /25 needs 4 octets
	assert_int_equal(v4->key(p6, sizeof(p6), key), -EINVAL);   // /33 in IPv4
	assert_int_equal(v6->key(p6, sizeof(p6), key), 6);
	v4->print(text, sizeof(text), a, sizeof(a));
	assert_string_equal(text, "10.1.4.0/22");
	v6->print(text, sizeof(text), p6, sizeof(p6));
	assert_string_equal(text, "2001:db8:8000::/33");
	// in the RIB: the same route whichever of the two came
	struct bgp_pattr *at = attrs();
	assert_int_equal(bgp_nlri_rib_update(BGP_AF_IPV4_UNICAST, &peer, a, sizeof(a), at), 1);
	assert_int_equal(bgp_nlri_rib_update(BGP_AF_IPV4_UNICAST, &peer, b, sizeof(b), at), 0);
	assert_int_equal(bgp_nlri_rib_count(BGP_AF_IPV4_UNICAST), 1);
	struct in_addr pfx = {htonl(0x0a010400)};
	assert_non_null(bgp_rib_lookup(pfx, 22));
	assert_int_equal(bgp_rib_withdraw(&peer, pfx, 22), 1);
	assert_int_equal(bgp_nlri_rib_count(BGP_AF_IPV4_UNICAST), 0);
	bgp_pattr_unref(at);
	bgp_nlri_rib_fini();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_register),
		cmocka_unit_test(test_unicast_family),
		cmocka_unit_test(test_rib_keys_by_family),
		cmocka_unit_test(test_route_api_family),
		cmocka_unit_test(test_second_family),
		cmocka_unit_test(test_export_rule),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
