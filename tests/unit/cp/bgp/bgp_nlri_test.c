// SPDX-License-Identifier: BSD-3-Clause
// cp/bgp/bgp_nlri.c and bgp_attr.c: prefix and typed NLRI walks, AS_PATH
// checks and community accessors, at their edges.
#include "bgp_test.h"

#include "cp/bgp/bgp_attr.h"
#include "cp/bgp/bgp_nlri.h"

#include <errno.h>

static struct bgp_bytes view(const uint8_t *p, size_t n)
{
	return (struct bgp_bytes){p, (uint16_t)n};
}

static void prefixes(void **state)
{
	(void)state;
	struct bgp_nlri_iter it;
	struct bgp_prefix p;
	// 0/0, 10.1.2.0/23 with stray host bits, 192.0.2.1/32
	static const uint8_t v4[] = {0, 23, 10, 1, 3, 32, 192, 0, 2, 1};

	bgp_nlri_iter_init(&it, view(v4, sizeof(v4)), BGP_AFI_IPV4, false);
	assert_int_equal(bgp_nlri_next(&it, &p), 1);
	assert_int_equal(p.len, 0);
	assert_int_equal(bgp_nlri_next(&it, &p), 1);
	assert_int_equal(p.len, 23);
	assert_memory_equal(p.addr, "\x0a\x01\x02\x00", 4); // masked
	assert_int_equal(bgp_nlri_next(&it, &p), 1);
	assert_memory_equal(p.addr, "\xc0\x00\x02\x01", 4);
	assert_int_equal(bgp_nlri_next(&it, &p), 0);
	assert_int_equal(bgp_nlri_next(&it, &p), 0);
	assert_int_equal(bgp_nlri_check(view(v4, sizeof(v4)), BGP_AFI_IPV4, false), 0);
	for (size_t cut = 1; cut < sizeof(v4); cut++) {
		int rc = bgp_nlri_check(view(v4, cut), BGP_AFI_IPV4, false);
		assert_int_equal(rc, cut == 1 || cut == 5 ? 0 : -EBADMSG);
	}
	assert_int_equal(
		bgp_nlri_check(view((const uint8_t *)"\x21", 1), BGP_AFI_IPV4, false), -EBADMSG);
	static const uint8_t v6[] = {128, 0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
	assert_int_equal(bgp_nlri_check(view(v6, sizeof(v6)), BGP_AFI_IPV6, false), 0);
	assert_int_equal(bgp_nlri_check(view(v6, sizeof(v6)), BGP_AFI_IPV4, false), -EBADMSG);
	assert_int_equal(
		bgp_nlri_check(view((const uint8_t *)"\x81", 1), BGP_AFI_IPV6, false), -EBADMSG);
	assert_int_equal(bgp_nlri_check(view(NULL, 0), BGP_AFI_IPV6, false), 0);

	// Add-path: a path identifier cut short.
	static const uint8_t ap[] = {0, 0, 0, 5, 8, 10, 0, 0};
	assert_int_equal(bgp_nlri_check(view(ap, 6), BGP_AFI_IPV4, true), 0);
	assert_int_equal(bgp_nlri_check(view(ap, 8), BGP_AFI_IPV4, true), -EBADMSG);
	assert_int_equal(bgp_nlri_check(view(ap, 4), BGP_AFI_IPV4, true), -EBADMSG);
}

static void prefix_encode(void **state)
{
	(void)state;
	uint8_t buf[32];
	struct bgp_prefix p = {.afi = BGP_AFI_IPV4, .len = 9, .addr = {10, 0xff, 0xff}};

	assert_int_equal(bgp_prefix_encode(buf, sizeof(buf), &p, false), 3);
	assert_memory_equal(buf, "\x09\x0a\x80", 3);
	assert_int_equal(bgp_prefix_encode(buf, 2, &p, false), -ENOSPC);
	p.path_id = 0x01020304;
	assert_int_equal(bgp_prefix_encode(buf, sizeof(buf), &p, true), 7);
	assert_memory_equal(buf, "\x01\x02\x03\x04\x09\x0a\x80", 7);
	p.len = 33;
	assert_int_equal(bgp_prefix_encode(buf, sizeof(buf), &p, false), -EINVAL);
	p.afi = BGP_AFI_IPV6;
	p.len = 128;
	assert_int_equal(bgp_prefix_encode(buf, sizeof(buf), &p, false), 17);
	assert_int_equal(bgp_af_index(25, 70), BGP_AF_L2VPN_EVPN);
	assert_int_equal(bgp_af_index(1, 128), BGP_AF_IPV4_VPN);
	assert_int_equal(bgp_af_index(2, 128), BGP_AF_IPV6_VPN);
	assert_int_equal(bgp_af_index(25, 128), BGP_AF_MAX);
	for (enum bgp_af af = 0; af < BGP_AF_MAX; af++) // every slot has its AFI/SAFI
		assert_int_equal(bgp_af_index(bgp_af_family(af).afi, bgp_af_family(af).safi), af);
}

static void typed(void **state)
{
	(void)state;
	struct bgp_nlri_iter it;
	struct bgp_typed_nlri n;
	static const uint8_t evpn[] = {0, 0, 0, 9, 3, 2, 0xaa, 0xbb, 0, 0, 0, 1, 4, 0};

	bgp_nlri_iter_init(&it, view(evpn, sizeof(evpn)), 0, true);
	assert_int_equal(bgp_typed_nlri_next(&it, &n), 1);
	assert_int_equal(n.path_id, 9);
	assert_int_equal(n.type, 3);
	assert_int_equal(n.value.len, 2);
	assert_int_equal(n.whole.len, 4);
	assert_int_equal(bgp_typed_nlri_next(&it, &n), 1);
	assert_int_equal(n.type, 4);
	assert_int_equal(n.value.len, 0);
	assert_int_equal(bgp_typed_nlri_next(&it, &n), 0);
	for (size_t cut = 1; cut < sizeof(evpn); cut++)
		assert_int_equal(
			bgp_typed_nlri_check(view(evpn, cut), true), cut == 8 ? 0 : -EBADMSG);
}

static void aspath(void **state)
{
	(void)state;
	static const uint8_t p2[] = {2, 2, 0xfd, 0xe8, 0xfd, 0xe9, 1, 2, 0, 1, 0, 2, 3, 1, 0, 5};
	struct bgp_bytes v = view(p2, sizeof(p2));

	assert_int_equal(bgp_aspath_check(v, false, true), BGP_ASPATH_OK);
	assert_int_equal(bgp_aspath_check(v, false, false), BGP_ASPATH_CONFED);
	assert_int_equal(bgp_aspath_hops(v, false), 3);
	assert_int_equal(bgp_aspath_check(view(p2, 5), false, true), BGP_ASPATH_MALFORMED);
	assert_int_equal(bgp_aspath_check(view(p2, 7), false, true), BGP_ASPATH_MALFORMED);
	assert_int_equal(bgp_aspath_check(view(p2, 6), false, true), BGP_ASPATH_OK);
	assert_int_equal(bgp_aspath_check(v, true, true), BGP_ASPATH_MALFORMED);
	static const uint8_t zero[] = {2, 1, 0, 0};
	assert_int_equal(bgp_aspath_check(view(zero, 4), false, true), BGP_ASPATH_AS0);
	// A malformed tail beats an earlier semantic fault.
	static const uint8_t both[] = {2, 1, 0, 0, 9};
	assert_int_equal(bgp_aspath_check(view(both, 5), false, true), BGP_ASPATH_MALFORMED);
	assert_int_equal(bgp_aspath_check(view(NULL, 0), true, false), BGP_ASPATH_OK);
}

static void communities(void **state)
{
	(void)state;
	uint32_t g, l;
	static const uint8_t ecs[] = {
		0x01, 0x02, 192, 0, 2, 1, 0, 100,      // RT 192.0.2.1:100
		0x02, 0x02, 0xfa, 0x56, 0xea, 0, 0, 7, // RT 4200000000:7
		0x03, 0x0c, 0, 0, 0, 0, 0, 8,	       // encapsulation VXLAN
		0x06, 0x03, 0, 0, 0x5e, 0, 1, 1,       // router MAC
	};
	struct bgp_bytes v = view(ecs, sizeof(ecs));
	struct bgp_ext_comm ec = bgp_ext_comm_at(v, 0);
	assert_true(bgp_ext_comm_rt(&ec, &g, &l));
	assert_int_equal(g, 0xc0000201);
	assert_int_equal(l, 100);
	ec = bgp_ext_comm_at(v, 1);
	assert_true(bgp_ext_comm_rt(&ec, &g, &l));
	assert_int_equal(g, 4200000000u);
	assert_int_equal(l, 7);
	ec = bgp_ext_comm_at(v, 2);
	assert_int_equal(bgp_ext_comm_encap(&ec), BGP_ENCAP_VXLAN);
	ec = bgp_ext_comm_at(v, 3);
	assert_false(bgp_ext_comm_rt(&ec, &g, &l));
	assert_int_equal(ec.b[1], BGP_EXT_COMM_ST_ROUTER_MAC);
	ec = bgp_ext_comm_rt_as2(65000, 100);
	assert_memory_equal(ec.b, "\x00\x02\xfd\xe8\x00\x00\x00\x64", 8);
	ec = bgp_ext_comm_encap_make(BGP_ENCAP_MPLS);
	assert_int_equal(bgp_ext_comm_encap(&ec), BGP_ENCAP_MPLS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(prefixes),
		cmocka_unit_test(prefix_encode),
		cmocka_unit_test(typed),
		cmocka_unit_test(aspath),
		cmocka_unit_test(communities),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
