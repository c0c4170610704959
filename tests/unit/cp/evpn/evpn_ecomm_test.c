// SPDX-License-Identifier: BSD-3-Clause
// cp/evpn/evpn_ecomm.c: each community kind from and to its wire form, FRR's
// printing, the lists in FRR's captured UPDATEs, and route-target parsing.
#include "evpn_test.h"

#include "cp/evpn/evpn_ecomm.h"

#include <errno.h>

static void assert_ec_str(const uint8_t *raw, const char *want)
{
	char buf[64];
	assert_int_equal(evpn_ecomm_str(buf, sizeof(buf), raw), (int)strlen(want));
	assert_string_equal(buf, want);
}

// decode -> encode gives the same octets.
static void assert_ec_round_trip(const uint8_t *raw)
{
	struct evpn_ecomm ec;
	uint8_t out[8];
	assert_int_not_equal(evpn_ecomm_decode(raw, &ec), EVPN_EC_UNKNOWN);
	assert_int_equal(evpn_ecomm_encode(&ec, out), 0);
	assert_memory_equal(out, raw, 8);
}

static void route_targets(void **state)
{
	(void)state;
	struct evpn_ecomm ec;
	static const uint8_t as2[8] = {0x00, 0x02, 0xfd, 0xe8, 0, 0, 0, 100};
	static const uint8_t ip[8] = {0x01, 0x02, 198, 51, 100, 1, 0, 5};
	static const uint8_t as4[8] = {0x02, 0x02, 0xfa, 0x56, 0xea, 0x00, 0, 7};
	static const uint8_t as2_nt[8] = {0x40, 0x02, 0xfd, 0xe8, 0, 0, 0, 100};

	assert_int_equal(evpn_ecomm_decode(as2, &ec), EVPN_EC_RT);
	assert_int_equal(ec.rt.form, EVPN_EC_T_AS2);
	assert_true(ec.rt.transitive);
	assert_int_equal(ec.rt.global, 65000);
	assert_int_equal(ec.rt.local, 100);
	assert_ec_str(as2, "RT:65000:100");
	assert_ec_round_trip(as2);

	assert_int_equal(evpn_ecomm_decode(ip, &ec), EVPN_EC_RT);
	assert_int_equal(ec.rt.form, EVPN_EC_T_IPV4);
	assert_int_equal(ec.rt.global, 0xc6336401);
	assert_int_equal(ec.rt.local, 5);
	assert_ec_str(ip, "RT:198.51.100.1:5");
	assert_ec_round_trip(ip);

	assert_int_equal(evpn_ecomm_decode(as4, &ec), EVPN_EC_RT);
	assert_int_equal(ec.rt.form, EVPN_EC_T_AS4);
	assert_int_equal(ec.rt.global, 4200000000u);
	assert_ec_str(as4, "RT:4200000000:7");
	assert_ec_round_trip(as4);

	assert_int_equal(evpn_ecomm_decode(as2_nt, &ec), EVPN_EC_RT);
	assert_false(ec.rt.transitive);
	assert_ec_round_trip(as2_nt);

	// Values out of range for the form.
	ec.rt.form = EVPN_EC_T_AS2;
	ec.rt.global = 70000;
	uint8_t out[8];
	assert_int_equal(evpn_ecomm_encode(&ec, out), -EINVAL);
	ec.rt.form = EVPN_EC_T_AS4;
	ec.rt.local = 70000;
	assert_int_equal(evpn_ecomm_encode(&ec, out), -EINVAL);
	ec.rt.form = 7;
	assert_int_equal(evpn_ecomm_encode(&ec, out), -EINVAL);

	struct evpn_rt rt = evpn_rt_as(65000, 100);
	assert_memory_equal(rt.b, as2, 8);
	rt = evpn_rt_as(4200000000u, 7);
	assert_memory_equal(rt.b, as4, 8);
	rt = evpn_rt_ip((const uint8_t *)"\xc6\x33\x64\x01", 5);
	assert_memory_equal(rt.b, ip, 8);
}

static void rt_parse(void **state)
{
	(void)state;
	static const char *const ok[] = {
		"65000:100", "198.51.100.1:5", "4200000000:7", "1:4294967295", "0:0"};
	static const char *const bad[] = {"", "65000", ":1", "1:", "65000:x", "4200000000:65536",
		"198.51.100.1:65536", "198.51.100:1", "4294967296:1", "1:4294967296", "*:100",
		"1.2.3.4.5.6.7.8.9:1"};
	struct evpn_rt rt;
	char buf[32];

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(evpn_rt_parse(ok[i], &rt), 0);
		evpn_rt_str(buf, sizeof(buf), &rt);
		assert_string_equal(buf, ok[i]);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(evpn_rt_parse(bad[i], &rt), -EINVAL);
}

static void evpn_kinds(void **state)
{
	(void)state;
	struct evpn_ecomm ec;
	uint8_t raw[8];

	evpn_ecomm_encap(raw, EVPN_TUNNEL_VXLAN);
	assert_memory_equal(raw, "\x03\x0c\x00\x00\x00\x00\x00\x08", 8);
	assert_int_equal(evpn_ecomm_decode(raw, &ec), EVPN_EC_ENCAP);
	assert_int_equal(ec.tunnel_type, 8);
	assert_ec_str(raw, "ET:8");
	assert_ec_round_trip(raw);
	evpn_ecomm_encap(raw, EVPN_TUNNEL_MPLS);
	assert_ec_str(raw, "ET:10");

	evpn_ecomm_mac_mobility(raw, 3, false);
	assert_memory_equal(raw, "\x06\x00\x00\x00\x00\x00\x00\x03", 8);
	assert_int_equal(evpn_ecomm_decode(raw, &ec), EVPN_EC_MAC_MOBILITY);
	assert_false(ec.mm.sticky);
	assert_int_equal(ec.mm.seq, 3);
	assert_ec_str(raw, "MM:3");
	assert_ec_round_trip(raw);
	evpn_ecomm_mac_mobility(raw, 0xfffffffe, true);
	assert_memory_equal(raw, "\x06\x00\x01\x00\xff\xff\xff\xfe", 8);
	assert_int_equal(evpn_ecomm_decode(raw, &ec), EVPN_EC_MAC_MOBILITY);
	assert_true(ec.mm.sticky);
	assert_ec_str(raw, "MM:4294967294, sticky MAC");
	assert_ec_round_trip(raw);

	evpn_ecomm_def_gw(raw);
	assert_memory_equal(raw, "\x03\x0d\x00\x00\x00\x00\x00\x00", 8);
	assert_int_equal(evpn_ecomm_decode(raw, &ec), EVPN_EC_DEF_GW);
	assert_ec_str(raw, "Default Gateway");
	assert_ec_round_trip(raw);

	evpn_ecomm_router_mac(raw, (const uint8_t *)"\x00\x00\x5e\x00\x01\x01");
	assert_memory_equal(raw, "\x06\x03\x00\x00\x5e\x00\x01\x01", 8);
	assert_int_equal(evpn_ecomm_decode(raw, &ec), EVPN_EC_ROUTER_MAC);
	assert_ec_str(raw, "Rmac:00:00:5e:00:01:01");
	assert_ec_round_trip(raw);

	static const uint8_t esil[8] = {0x06, 0x01, 0x01, 0, 0, 0x01, 0x23, 0x45};
	assert_int_equal(evpn_ecomm_decode(esil, &ec), EVPN_EC_ESI_LABEL);
	assert_int_equal(ec.esi_label.flags, EVPN_ESI_LABEL_F_SA);
	assert_int_equal(ec.esi_label.label, 0x012345);
	assert_ec_str(esil, "ESI-label-Rt:SA");
	assert_ec_round_trip(esil);
	static const uint8_t esil_aa[8] = {0x06, 0x01, 0x00, 0, 0, 0, 0, 0};
	assert_ec_str(esil_aa, "ESI-label-Rt:AA");

	static const uint8_t esimp[8] = {0x06, 0x02, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55};
	assert_int_equal(evpn_ecomm_decode(esimp, &ec), EVPN_EC_ES_IMPORT);
	assert_ec_str(esimp, "ES-Import-Rt:00:11:22:33:44:55");
	assert_ec_round_trip(esimp);

	// RFC 9161 3.2: ARP/ND, flags R (router), O; printed as FRR prints them.
	static const uint8_t nd_r[8] = {0x06, 0x08, 0x01, 0, 0, 0, 0, 0};
	assert_int_equal(evpn_ecomm_decode(nd_r, &ec), EVPN_EC_ARP_ND);
	assert_int_equal(ec.nd_flags, EVPN_ND_F_ROUTER);
	assert_ec_str(nd_r, "ND:Router Flag");
	assert_ec_round_trip(nd_r);
	static const uint8_t nd_o[8] = {0x06, 0x08, 0x02, 0, 0, 0, 0, 0};
	assert_ec_str(nd_o, "ND:Proxy");
	struct evpn_ecomm_info info;
	evpn_ecomm_scan(nd_r, 8, &info);
	assert_true(info.nd_router);
	assert_int_equal(info.n_unknown, 0);
	evpn_ecomm_scan(nd_o, 8, &info);
	assert_false(info.nd_router);

	static const uint8_t unk[8] = {0x80, 0x06, 0, 0, 0, 0, 0, 0};
	assert_int_equal(evpn_ecomm_decode(unk, &ec), EVPN_EC_UNKNOWN);
	assert_int_equal(ec.type, 0x80);
	assert_int_equal(ec.subtype, 0x06);
	assert_ec_str(unk, "UNK:128, 6");
	assert_int_equal(evpn_ecomm_encode(&ec, raw), -EINVAL);
	static const uint8_t evpn_unk[8] = {0x06, 0x09, 0, 0, 0, 0, 0, 0};
	assert_int_equal(evpn_ecomm_decode(evpn_unk, &ec), EVPN_EC_UNKNOWN);

	ec.kind = EVPN_EC_ESI_LABEL;
	ec.esi_label.label = 0x1000000;
	assert_int_equal(evpn_ecomm_encode(&ec, raw), -EINVAL);
}

// The lists FRR sent, as FRR's "show bgp l2vpn evpn" prints them.
static void frr_lists(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		const char *want;
		uint32_t seq;
	} fx[] = {
		{"frr_f27_m0.bin", "ET:8 RT:65000:100", 0},
		{"frr_f27_m1.bin", "ET:8 RT:65000:100", 0},
		{"frr_f29_m0.bin", "ET:8 RT:65000:100 MM:1", 1},
		{"move_f6_m0.bin", "ET:8 RT:65000:100 MM:1", 1},
	};
	for (size_t i = 0; i < sizeof(fx) / sizeof(fx[0]); i++) {
		size_t len;
		uint8_t *m = evpn_fixture(fx[i].name, &len);
		struct evpn_test_update u;
		struct evpn_ecomm_info info;
		char buf[128];

		evpn_test_parse(m, len, &u);
		assert_int_equal(evpn_ecomm_list_str(buf, sizeof(buf), u.ecomm, u.ecomm_len),
			(int)strlen(fx[i].want));
		assert_string_equal(buf, fx[i].want);
		evpn_ecomm_scan(u.ecomm, u.ecomm_len, &info);
		assert_true(info.has_encap);
		assert_int_equal(info.tunnel_type, EVPN_TUNNEL_VXLAN);
		assert_int_equal(info.n_rt, 1);
		assert_int_equal(info.has_mm, fx[i].seq != 0);
		assert_int_equal(info.mm_seq, fx[i].seq);
		assert_false(info.sticky);
		assert_int_equal(info.n_unknown, 0);
		free(m);
	}
}

static void scan_and_list(void **state)
{
	(void)state;
	uint8_t list[6 * 8 + 3];
	struct evpn_ecomm_info info;
	char buf[160];

	evpn_ecomm_mac_mobility(list, 9, true);
	evpn_ecomm_mac_mobility(list + 8, 20, false); // a second one is ignored
	evpn_ecomm_router_mac(list + 16, (const uint8_t *)"\x02\x00\x00\x00\x00\x01");
	evpn_ecomm_def_gw(list + 24);
	struct evpn_rt rt = evpn_rt_as(65000, 5000);
	memcpy(list + 32, rt.b, 8);
	memcpy(list + 40, "\x80\x06\x00\x00\x00\x00\x00\x00", 8);
	memset(list + 48, 0xee, 3); // trailing octets: not a community

	evpn_ecomm_scan(list, sizeof(list), &info);
	assert_true(info.has_mm);
	assert_true(info.sticky);
	assert_int_equal(info.mm_seq, 9);
	assert_int_equal(info.n_mm, 2);
	assert_true(info.has_rmac);
	assert_memory_equal(info.rmac, "\x02\x00\x00\x00\x00\x01", 6);
	assert_true(info.def_gw);
	assert_int_equal(info.n_rt, 1);
	assert_int_equal(info.n_unknown, 1);
	assert_false(info.has_encap);

	const char *want = "MM:9, sticky MAC MM:20 Rmac:02:00:00:00:00:01 Default Gateway "
			   "RT:65000:5000 UNK:128, 6";
	assert_int_equal(
		evpn_ecomm_list_str(buf, sizeof(buf), list, sizeof(list)), (int)strlen(want));
	assert_string_equal(buf, want);
	// Truncated: terminated, full length reported.
	assert_int_equal(evpn_ecomm_list_str(buf, 10, list, sizeof(list)), (int)strlen(want));
	assert_string_equal(buf, "MM:9, sti");
	assert_int_equal(evpn_ecomm_list_str(buf, sizeof(buf), NULL, 0), 0);
	assert_string_equal(buf, "");
	evpn_ecomm_scan(NULL, 0, &info);
	assert_int_equal(info.n_rt, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(route_targets),
		cmocka_unit_test(rt_parse),
		cmocka_unit_test(evpn_kinds),
		cmocka_unit_test(frr_lists),
		cmocka_unit_test(scan_and_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
