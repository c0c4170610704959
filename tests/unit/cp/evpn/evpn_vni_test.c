// SPDX-License-Identifier: BSD-3-Clause
// cp/evpn/evpn_vni.c: RD and RT derivation as FRR does it (the lab's
// 198.51.100.1:2 and 65000:100 for VNI 100), the shared RD index space,
// overrides, and import matching on FRR's captured communities.
#include "evpn_test.h"

#include "cp/evpn/evpn_vni.h"

#include <errno.h>

static const uint8_t rid1[4] = {198, 51, 100, 1};

static void assert_rd(const struct evpn_vni *v, const char *want)
{
	char buf[EVPN_RD_STRLEN];
	evpn_rd_str(buf, sizeof(buf), &v->rd);
	assert_string_equal(buf, want);
}

static void assert_rt(const struct evpn_rt_list *l, unsigned i, const char *want)
{
	char buf[32];
	assert_true(i < l->n);
	evpn_rt_str(buf, sizeof(buf), &l->rt[i]);
	assert_string_equal(buf, want);
}

static void frr_lab_values(void **state)
{
	(void)state;
	struct evpn_inst in;
	evpn_inst_init(&in, 65000, rid1);
	struct evpn_vni *v = evpn_vni_add(&in, 100);
	assert_non_null(v);
	assert_int_equal(v->rd_id, 2);
	assert_rd(v, "198.51.100.1:2");
	assert_memory_equal(v->rd.b, "\x00\x01\xc6\x33\x64\x01\x00\x02", 8);
	assert_false(v->import.configured);
	assert_int_equal(v->import.n, 1);
	assert_int_equal(v->export.n, 1);
	assert_rt(&v->import, 0, "65000:100");
	assert_rt(&v->export, 0, "65000:100");
	// The octets FRR sent in the capture: 00 02 fd e8 00 00 00 64.
	assert_memory_equal(v->export.rt[0].b, "\x00\x02\xfd\xe8\x00\x00\x00\x64", 8);
	assert_null(evpn_vni_add(&in, 100));
	assert_int_equal(errno, EEXIST);
	evpn_inst_fini(&in);
}

static void rd_index_space(void **state)
{
	(void)state;
	struct evpn_inst in;
	evpn_inst_init(&in, 65000, rid1);
	assert_int_equal(evpn_vni_add(&in, 100)->rd_id, 2);
	assert_int_equal(evpn_vni_add(&in, 300)->rd_id, 3);
	assert_int_equal(evpn_vni_add(&in, 200)->rd_id, 4); // creation order, not VNI order
	assert_int_equal(evpn_vni_del(&in, 100), 0);
	assert_int_equal(evpn_vni_del(&in, 100), -ENOENT);
	assert_int_equal(evpn_vni_add(&in, 400)->rd_id, 2); // lowest free again
	assert_rd(evpn_vni_find(&in, 400), "198.51.100.1:2");
	// Other users (an L3 VRF) share the space.
	assert_int_equal(evpn_rd_id_alloc(&in), 5);
	assert_int_equal(evpn_vni_add(&in, 500)->rd_id, 6);
	evpn_rd_id_free(&in, 5);
	assert_int_equal(evpn_vni_add(&in, 600)->rd_id, 5);
	evpn_rd_id_free(&in, 1); // reserved ones stay
	assert_int_equal(evpn_rd_id_alloc(&in), 7);
	// Sorted by VNI for lookups.
	assert_int_equal(in.n_vni, 5);
	for (uint32_t i = 1; i < in.n_vni; i++)
		assert_true(in.vnis[i - 1].vni < in.vnis[i].vni);
	assert_null(evpn_vni_find(&in, 100));
	// A configured RD still takes an index, as in FRR.
	struct evpn_rd rd;
	evpn_rd_parse("65000:7", &rd);
	struct evpn_vni *v = evpn_vni_add(&in, 700);
	evpn_vni_set_rd(&in, v, &rd);
	assert_int_equal(v->rd_id, 8);
	assert_rd(v, "65000:7");
	evpn_inst_set_router_id(&in, (const uint8_t[4]){192, 0, 2, 9});
	assert_rd(evpn_vni_find(&in, 700), "65000:7");
	assert_rd(evpn_vni_find(&in, 400), "192.0.2.9:2");
	v = evpn_vni_find(&in, 700);
	evpn_vni_set_rd(&in, v, NULL);
	assert_rd(v, "192.0.2.9:8");
	evpn_inst_fini(&in);
}

static void auto_rt_forms(void **state)
{
	(void)state;
	struct evpn_inst in;
	// 4-octet AS: FRR keeps the two-octet form with the low 16 bits of the AS.
	evpn_inst_init(&in, 4200000000u, rid1);
	struct evpn_vni *v = evpn_vni_add(&in, 100);
	assert_rt(&v->export, 0, "59904:100");
	assert_int_equal(v->export.rt[0].b[0], 0x00);
	evpn_inst_set_asn(&in, 65001);
	assert_rt(&evpn_vni_find(&in, 100)->import, 0, "65001:100");
	// autort rfc8365-compatible: type 1 (VXLAN) in the local administrator.
	evpn_inst_set_autort_rfc8365(&in, true);
	assert_rt(&evpn_vni_find(&in, 100)->export, 0, "65001:268435556");
	struct evpn_rt want = evpn_auto_rt(&in, 16777215);
	assert_memory_equal(want.b, "\x00\x02\xfd\xe9\x10\xff\xff\xff", 8);
	evpn_inst_fini(&in);
}

static void rt_overrides(void **state)
{
	(void)state;
	struct evpn_inst in;
	struct evpn_rt a, b;
	evpn_inst_init(&in, 65000, rid1);
	struct evpn_vni *v = evpn_vni_add(&in, 100);
	evpn_rt_parse("65000:1", &a);
	evpn_rt_parse("198.51.100.9:2", &b);

	assert_int_equal(evpn_vni_rt_add(&in, v, EVPN_RT_IMPORT, &a), 0);
	assert_true(v->import.configured);
	assert_int_equal(v->import.n, 1);
	assert_rt(&v->import, 0, "65000:1");
	assert_rt(&v->export, 0, "65000:100"); // still auto
	assert_int_equal(evpn_vni_rt_add(&in, v, EVPN_RT_BOTH, &b), 0);
	assert_int_equal(evpn_vni_rt_add(&in, v, EVPN_RT_BOTH, &b), 0); // once only
	assert_int_equal(v->import.n, 2);
	assert_int_equal(v->export.n, 1);
	assert_rt(&v->export, 0, "198.51.100.9:2");
	assert_int_equal(evpn_vni_rt_del(&in, v, EVPN_RT_EXPORT, &a), -ENOENT);
	assert_int_equal(evpn_vni_rt_del(&in, v, EVPN_RT_BOTH, &b), 0);
	assert_rt(&v->export, 0, "65000:100"); // auto is back
	assert_false(v->export.configured);
	assert_int_equal(evpn_vni_rt_del(&in, v, EVPN_RT_IMPORT, &a), 0);
	assert_rt(&v->import, 0, "65000:100");
	assert_int_equal(evpn_vni_rt_del(&in, v, EVPN_RT_IMPORT, &a), -ENOENT);
	// A full list refuses, and `both` changes neither list.
	for (uint32_t i = 0; i < EVPN_VNI_MAX_RT; i++) {
		struct evpn_rt r = evpn_rt_as(65000, 1000 + i);
		assert_int_equal(evpn_vni_rt_add(&in, v, EVPN_RT_IMPORT, &r), 0);
	}
	struct evpn_rt extra = evpn_rt_as(65000, 9);
	assert_int_equal(evpn_vni_rt_add(&in, v, EVPN_RT_BOTH, &extra), -ENOSPC);
	assert_false(v->export.configured);
	evpn_inst_fini(&in);
}

static void import_match(void **state)
{
	(void)state;
	size_t len;
	uint8_t *m = evpn_fixture("frr_f27_m0.bin", &len);
	struct evpn_test_update u;
	struct evpn_inst in;

	evpn_test_parse(m, len, &u);
	evpn_inst_init(&in, 65000, rid1);
	evpn_vni_add(&in, 100);
	evpn_vni_add(&in, 200);
	assert_true(evpn_vni_imports(evpn_vni_find(&in, 100), u.ecomm, u.ecomm_len));
	assert_false(evpn_vni_imports(evpn_vni_find(&in, 200), u.ecomm, u.ecomm_len));
	assert_false(evpn_vni_imports(evpn_vni_find(&in, 100), u.ecomm, 8)); // ET:8 only
	assert_false(evpn_vni_imports(evpn_vni_find(&in, 100), NULL, 0));
	// Non-transitive form of the same RT matches; another AS does not.
	uint8_t nt[8] = {0x40, 0x02, 0xfd, 0xe8, 0, 0, 0, 100};
	assert_true(evpn_vni_imports(evpn_vni_find(&in, 100), nt, 8));
	nt[3] = 0xe9;
	assert_false(evpn_vni_imports(evpn_vni_find(&in, 100), nt, 8));
	evpn_inst_fini(&in);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(frr_lab_values),
		cmocka_unit_test(rd_index_space),
		cmocka_unit_test(auto_rt_forms),
		cmocka_unit_test(rt_overrides),
		cmocka_unit_test(import_match),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
