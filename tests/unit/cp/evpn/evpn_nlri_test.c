// SPDX-License-Identifier: BSD-3-Clause
// cp/evpn/evpn_nlri.c: the five route types against FRR's captured UPDATEs,
// crafted routes, round trips, every malformation the walk refuses, and
// FRR's printing of prefixes and RDs.
#include "evpn_test.h"

#include "cp/bgp/bgp_msg.h"
#include "cp/evpn/evpn_ecomm.h"
#include "cp/evpn/evpn_nlri.h"

#include <arpa/inet.h>
#include <errno.h>

static const uint8_t zero_esi[EVPN_ESI_LEN];

static void assert_str(const struct evpn_route *r, const char *want)
{
	char buf[EVPN_ROUTE_STRLEN];
	int n = evpn_route_str(buf, sizeof(buf), r);
	assert_string_equal(buf, want);
	assert_int_equal(n, (int)strlen(want));
}

// Every route in a field re-encodes to the same octets.
static void assert_round_trip(const uint8_t *field, size_t len, bool add_path)
{
	struct evpn_nlri_iter it;
	struct evpn_route r;
	uint8_t out[256];
	size_t off = 0;

	evpn_nlri_iter_init(&it, field, len, add_path);
	while (evpn_nlri_next(&it, &r) > 0) {
		int n = evpn_route_encode(out, sizeof(out), &r, add_path);
		assert_true(n > 0);
		assert_true(off + (size_t)n <= len);
		assert_memory_equal(out, field + off, (size_t)n);
		off += (size_t)n;
	}
	assert_int_equal(off, len);
	assert_int_equal(it.status.action, BGP_ACTION_OK);
}

static void frr_type2(void **state)
{
	(void)state;
	size_t len;
	uint8_t *m = evpn_fixture("frr_f27_m0.bin", &len);
	struct evpn_test_update u;
	struct evpn_nlri_iter it;
	struct evpn_route r;
	char buf[EVPN_ROUTE_STRLEN];

	evpn_test_parse(m, len, &u);
	assert_int_equal(u.reach_nh_len, 4);
	assert_memory_equal(u.reach_nh, "\xc6\x33\x64\x02", 4); // 198.51.100.2
	evpn_nlri_iter_init(&it, u.reach, u.reach_len, false);
	assert_int_equal(evpn_nlri_next(&it, &r), 1);
	assert_int_equal(r.type, EVPN_RT_MACIP);
	assert_memory_equal(r.rd.b, "\x00\x01\xc6\x33\x64\x02\x00\x02", 8);
	evpn_rd_str(buf, sizeof(buf), &r.rd);
	assert_string_equal(buf, "198.51.100.2:2");
	assert_memory_equal(r.esi.b, zero_esi, EVPN_ESI_LEN);
	assert_int_equal(r.eth_tag, 0);
	assert_memory_equal(r.mac, "\x02\x00\x00\x01\x00\x02", 6);
	assert_int_equal(r.ip.family, 0);
	assert_int_equal(r.n_labels, 1);
	// FRR writes the VNI as the whole 24-bit label field (tshark: "MPLS Label 1: 6").
	assert_int_equal(r.label[0], 100);
	assert_int_equal(evpn_label_to_vni(r.label[0]), 100);
	assert_int_equal(evpn_label_to_mpls(r.label[0]), 6);
	assert_int_equal(r.path_id, 0);
	assert_str(&r, "[2]:[0]:[48]:[02:00:00:01:00:02]");
	evpn_route_rd_str(buf, sizeof(buf), &r);
	assert_string_equal(buf, "198.51.100.2:2:[2]:[0]:[48]:[02:00:00:01:00:02]");
	assert_int_equal(evpn_nlri_next(&it, &r), 0);
	assert_int_equal(evpn_nlri_next(&it, &r), 0);
	assert_round_trip(u.reach, u.reach_len, false);
	free(m);
}

static void frr_type3(void **state)
{
	(void)state;
	size_t len;
	uint8_t *m = evpn_fixture("frr_f27_m1.bin", &len);
	struct evpn_test_update u;
	struct evpn_nlri_iter it;
	struct evpn_route r;

	evpn_test_parse(m, len, &u);
	evpn_nlri_iter_init(&it, u.reach, u.reach_len, false);
	assert_int_equal(evpn_nlri_next(&it, &r), 1);
	assert_int_equal(r.type, EVPN_RT_IMET);
	assert_memory_equal(r.rd.b, "\x00\x01\xc6\x33\x64\x02\x00\x02", 8);
	assert_int_equal(r.eth_tag, 0);
	assert_int_equal(r.ip.family, AF_INET);
	assert_memory_equal(r.ip.addr, "\xc6\x33\x64\x02", 4);
	assert_int_equal(r.n_labels, 0);
	assert_str(&r, "[3]:[0]:[32]:[198.51.100.2]");
	assert_int_equal(evpn_nlri_next(&it, &r), 0);
	assert_round_trip(u.reach, u.reach_len, false);
	// PMSI: flags 0, ingress replication (6), VNI 100 in the label field, endpoint.
	assert_int_equal(u.pmsi_len, 9);
	assert_memory_equal(u.pmsi, "\x00\x06\x00\x00\x64\xc6\x33\x64\x02", 9);
	free(m);
}

static void frr_end_of_rib(void **state)
{
	(void)state;
	size_t len;
	uint8_t *m = evpn_fixture("frr_f27_m2.bin", &len);
	struct evpn_test_update u;
	struct evpn_nlri_iter it;
	struct evpn_route r;

	evpn_test_parse(m, len, &u);
	assert_true(u.has_unreach);
	assert_int_equal(u.unreach_len, 0);
	evpn_nlri_iter_init(&it, u.unreach, u.unreach_len, false);
	assert_int_equal(evpn_nlri_next(&it, &r), 0);
	assert_int_equal(evpn_nlri_check(NULL, 0, false, NULL), 0);
	free(m);
}

// vtep1's UPDATEs and the MAC move: each field decodes and re-encodes.
static void frr_all_fixtures(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		const char *prefix; // NULL: End-of-RIB
		const char *rd;
		bool withdraw;
	} fx[] = {
		{"frr_f29_m0.bin", "[2]:[0]:[48]:[02:00:00:01:00:01]", "198.51.100.1:2", false},
		{"frr_f29_m1.bin", "[2]:[0]:[48]:[02:00:00:01:00:03]", "198.51.100.1:2", false},
		{"frr_f29_m2.bin", "[3]:[0]:[32]:[198.51.100.1]", "198.51.100.1:2", false},
		{"frr_f29_m3.bin", NULL, NULL, true},
		{"move_f4_m0.bin", "[2]:[0]:[48]:[02:00:00:01:00:01]", "198.51.100.2:2", true},
		{"move_f6_m0.bin", "[2]:[0]:[48]:[02:00:00:01:00:01]", "198.51.100.1:2", false},
	};
	for (size_t i = 0; i < sizeof(fx) / sizeof(fx[0]); i++) {
		size_t len;
		uint8_t *m = evpn_fixture(fx[i].name, &len);
		struct evpn_test_update u;
		struct evpn_nlri_iter it;
		struct evpn_route r;
		char buf[EVPN_RD_STRLEN];

		evpn_test_parse(m, len, &u);
		const uint8_t *f = fx[i].withdraw ? u.unreach : u.reach;
		size_t fl = fx[i].withdraw ? u.unreach_len : u.reach_len;
		evpn_nlri_iter_init(&it, f, fl, false);
		if (fx[i].prefix == NULL) {
			assert_int_equal(evpn_nlri_next(&it, &r), 0);
			free(m);
			continue;
		}
		assert_int_equal(evpn_nlri_next(&it, &r), 1);
		assert_str(&r, fx[i].prefix);
		evpn_rd_str(buf, sizeof(buf), &r.rd);
		assert_string_equal(buf, fx[i].rd);
		if (r.type == EVPN_RT_MACIP)
			// FRR withdraws with a zero label, advertises with the VNI.
			assert_int_equal(r.label[0], fx[i].withdraw ? 0 : 100);
		assert_int_equal(evpn_nlri_next(&it, &r), 0);
		assert_round_trip(f, fl, false);
		free(m);
	}
}

// FRR 8.4's type-5 routes (tests/integration/data/frr_irb): subnets of the
// SVIs without gateway IP, redistributed prefixes with one; label = L3VNI
// 5000; Router MAC community; every field re-encodes to the same octets.
static void frr_type5(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		const char *prefix[2];
		const char *gw; // printed gateway IP
		const char *rmac;
	} fx[] = {
		{"irb_f13_m0.bin", {"[5]:[0]:[24]:[10.2.0.0]", "[5]:[0]:[64]:[fd00:2::]"}, NULL,
			"\x02\x00\x00\x00\x50\x02"},
		{"irb_f15_m0.bin", {"[5]:[0]:[24]:[10.1.0.0]", "[5]:[0]:[64]:[fd00:1::]"}, NULL,
			"\x02\x00\x00\x00\x50\x01"},
		{"irb_f36_m3.bin", {"[5]:[0]:[24]:[192.168.50.0]", NULL}, "10.2.0.2",
			"\x02\x00\x00\x00\x50\x02"},
		{"irb_f36_m4.bin", {"[5]:[0]:[64]:[fd00:50::]", NULL}, "fd00:2::2",
			"\x02\x00\x00\x00\x50\x02"},
	};
	for (size_t i = 0; i < sizeof(fx) / sizeof(fx[0]); i++) {
		size_t len;
		uint8_t *m = evpn_fixture(fx[i].name, &len);
		struct evpn_test_update u;
		struct evpn_nlri_iter it;
		struct evpn_route r;
		char buf[EVPN_ROUTE_STRLEN + EVPN_RD_STRLEN];
		bool rmac = false;

		evpn_test_parse(m, len, &u);
		evpn_nlri_iter_init(&it, u.reach, u.reach_len, false);
		for (int k = 0; k < 2 && fx[i].prefix[k]; k++) {
			assert_int_equal(evpn_nlri_next(&it, &r), 1);
			assert_int_equal(r.type, EVPN_RT_PREFIX);
			assert_str(&r, fx[i].prefix[k]);
			assert_int_equal(evpn_label_to_vni(r.label[0]), 5000);
			assert_memory_equal(r.esi.b, zero_esi, EVPN_ESI_LEN);
			assert_false(r.overlay_invalid);
			evpn_rd_str(buf, sizeof(buf), &r.rd);
			assert_string_equal(buf, i == 1 ? "192.0.2.1:1" : "192.0.2.2:1");
			if (fx[i].gw) {
				char a[INET6_ADDRSTRLEN];
				int fam = r.gw.family == AF_INET6 ? AF_INET6 : AF_INET;
				inet_ntop(fam, r.gw.addr, a, sizeof(a));
				assert_string_equal(a, fx[i].gw);
			}
		}
		assert_int_equal(evpn_nlri_next(&it, &r), 0);
		assert_round_trip(u.reach, u.reach_len, false);
		for (size_t off = 0; off + EVPN_ECOMM_LEN <= u.ecomm_len; off += EVPN_ECOMM_LEN) {
			struct evpn_ecomm ec;
			if (evpn_ecomm_decode(u.ecomm + off, &ec) == EVPN_EC_ROUTER_MAC)
				rmac = memcmp(ec.mac, fx[i].rmac, 6) == 0;
		}
		assert_true(rmac);
		free(m);
	}
}

static void ip4(struct cp_ip *ip, const char *s)
{
	ip->family = AF_INET;
	assert_int_equal(inet_pton(AF_INET, s, ip->addr), 1);
}

static void ip6(struct cp_ip *ip, const char *s)
{
	ip->family = AF_INET6;
	assert_int_equal(inet_pton(AF_INET6, s, ip->addr), 1);
}

// Encodes r, decodes it back and compares the key and the printed form.
static void crafted_one(struct evpn_route *r, int want_len, const char *want_str)
{
	uint8_t buf[128];
	struct evpn_nlri_iter it;
	struct evpn_route back;

	int n = evpn_route_encode(buf, sizeof(buf), r, false);
	assert_int_equal(n, want_len + 2);
	assert_int_equal(buf[0], r->type);
	assert_int_equal(buf[1], want_len);
	assert_int_equal(evpn_route_encode(buf, (size_t)n - 1, r, false), -ENOSPC);
	evpn_nlri_iter_init(&it, buf, (size_t)n, false);
	assert_int_equal(evpn_nlri_next(&it, &back), 1);
	assert_true(evpn_route_same_key(r, &back));
	assert_int_equal(back.label[0], r->label[0]);
	assert_int_equal(back.n_labels, r->n_labels);
	assert_str(&back, want_str);
	assert_round_trip(buf, (size_t)n, false);
}

static void crafted_types(void **state)
{
	(void)state;
	struct evpn_route r;
	static const uint8_t mac[6] = {0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};
	static const uint8_t esi[10] = {0x03, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0, 1};

	memset(&r, 0, sizeof(r));
	r.type = EVPN_RT_MACIP;
	assert_int_equal(evpn_rd_parse("198.51.100.1:2", &r.rd), 0);
	memcpy(r.mac, mac, 6);
	ip4(&r.ip, "10.0.0.1");
	r.n_labels = 1;
	r.label[0] = evpn_vni_to_label(100);
	crafted_one(&r, 37, "[2]:[0]:[48]:[aa:bb:cc:dd:ee:ff]:[32]:[10.0.0.1]");
	r.n_labels = 2; // symmetric IRB: L2 VNI and L3 VNI
	r.label[1] = 5000;
	crafted_one(&r, 40, "[2]:[0]:[48]:[aa:bb:cc:dd:ee:ff]:[32]:[10.0.0.1]");
	ip6(&r.ip, "2001:db8::1");
	crafted_one(&r, 52, "[2]:[0]:[48]:[aa:bb:cc:dd:ee:ff]:[128]:[2001:db8::1]");
	r.ip.family = 0;
	r.eth_tag = 7;
	crafted_one(&r, 36, "[2]:[7]:[48]:[aa:bb:cc:dd:ee:ff]");

	memset(&r, 0, sizeof(r));
	r.type = EVPN_RT_IMET;
	assert_int_equal(evpn_rd_parse("65000:100", &r.rd), 0);
	ip4(&r.ip, "198.51.100.1");
	crafted_one(&r, 17, "[3]:[0]:[32]:[198.51.100.1]");
	ip6(&r.ip, "2001:db8::7");
	crafted_one(&r, 29, "[3]:[0]:[128]:[2001:db8::7]");

	memset(&r, 0, sizeof(r));
	r.type = EVPN_RT_EAD;
	memcpy(r.esi.b, esi, 10);
	r.eth_tag = 0xffffffff; // per-ES A-D route (RFC 7432 8.2)
	r.n_labels = 1;
	crafted_one(&r, 25, "[1]:[4294967295]:[03:00:11:22:33:44:55:66:00:01]:[32]:[0.0.0.0]:[0]");

	memset(&r, 0, sizeof(r));
	r.type = EVPN_RT_ES;
	memcpy(r.esi.b, esi, 10);
	ip4(&r.ip, "198.51.100.1");
	crafted_one(&r, 23, "[4]:[03:00:11:22:33:44:55:66:00:01]:[32]:[198.51.100.1]");
	ip6(&r.ip, "2001:db8::1");
	crafted_one(&r, 35, "[4]:[03:00:11:22:33:44:55:66:00:01]:[128]:[2001:db8::1]");

	memset(&r, 0, sizeof(r));
	r.type = EVPN_RT_PREFIX;
	assert_int_equal(evpn_rd_parse("198.51.100.1:3", &r.rd), 0);
	ip4(&r.ip, "10.1.0.0");
	r.prefix_len = 24;
	r.n_labels = 1;
	r.label[0] = 5000;
	crafted_one(&r, 34, "[5]:[0]:[24]:[10.1.0.0]");
	ip6(&r.ip, "2001:db8:1::");
	r.prefix_len = 64;
	ip6(&r.gw, "2001:db8::fe");
	crafted_one(&r, 58, "[5]:[0]:[64]:[2001:db8:1::]");
	// A gateway of the other family cannot be encoded.
	ip4(&r.gw, "10.0.0.1");
	assert_int_equal(evpn_route_encode((uint8_t[80]){0}, 80, &r, false), -EINVAL);
	r.type = 9;
	assert_int_equal(evpn_route_value_len(&r), -EINVAL);
}

// A field of three routes, cut at every length: the cuts at route boundaries
// are whole fields, the others are malformed at the route that was cut.
static void truncation(void **state)
{
	(void)state;
	uint8_t f[128];
	size_t ends[3], len = 0;
	struct evpn_route r;

	memset(&r, 0, sizeof(r));
	r.type = EVPN_RT_MACIP;
	r.n_labels = 1;
	r.mac[5] = 1;
	len += (size_t)evpn_route_encode(f + len, sizeof(f) - len, &r, false);
	ends[0] = len;
	r.type = EVPN_RT_IMET;
	ip4(&r.ip, "192.0.2.1");
	len += (size_t)evpn_route_encode(f + len, sizeof(f) - len, &r, false);
	ends[1] = len;
	r.type = EVPN_RT_PREFIX;
	r.prefix_len = 32;
	len += (size_t)evpn_route_encode(f + len, sizeof(f) - len, &r, false);
	ends[2] = len;
	assert_int_equal(len, 35 + 19 + 36);

	for (size_t cut = 0; cut <= len; cut++) {
		struct evpn_nlri_status st;
		bool whole = cut == 0 || cut == ends[0] || cut == ends[1] || cut == ends[2];
		int rc = evpn_nlri_check(f, cut, false, &st);
		if (whole) {
			assert_int_equal(rc, 0);
			assert_int_equal(st.action, BGP_ACTION_OK);
			continue;
		}
		assert_int_equal(rc, -EBADMSG);
		assert_int_equal(st.err, EVPN_NLRI_TRUNCATED);
		assert_int_equal(st.action, BGP_ACTION_SESSION_RESET);
		assert_int_equal(st.code, BGP_ERR_UPDATE);
		assert_int_equal(st.subcode, BGP_UPD_ERR_OPTIONAL_ATTR);
		size_t want_off = cut < ends[0] ? 0 : cut < ends[1] ? ends[0] : ends[1];
		assert_int_equal(st.offset, want_off);
	}
}

// One NLRI with a value patched; the walk must refuse it with err.
static void refuse(const uint8_t *nlri, size_t len, enum evpn_nlri_err err)
{
	struct evpn_nlri_iter it;
	struct evpn_route r;
	evpn_nlri_iter_init(&it, nlri, len, false);
	assert_int_equal(evpn_nlri_next(&it, &r), -EBADMSG);
	assert_int_equal(it.status.err, err);
	if (len > 1) // a lone octet has no type yet
		assert_int_equal(it.status.type, nlri[0]);
	assert_int_equal(it.status.offset, 0);
	assert_int_equal(it.status.action, BGP_ACTION_SESSION_RESET);
	// The walk stays ended.
	assert_int_equal(evpn_nlri_next(&it, &r), 0);
}

static void malformed_fields(void **state)
{
	(void)state;
	uint8_t b[80];
	struct evpn_route r;

	memset(&r, 0, sizeof(r));
	r.type = EVPN_RT_MACIP;
	r.n_labels = 1;
	ip4(&r.ip, "10.0.0.1");
	int n = evpn_route_encode(b, sizeof(b), &r, false); // 2 + 37
	assert_int_equal(n, 39);
	b[2 + 22] = 47; // MAC length
	refuse(b, (size_t)n, EVPN_NLRI_BAD_MAC_LEN);
	b[2 + 22] = 48;
	b[2 + 29] = 24; // IP length
	refuse(b, (size_t)n, EVPN_NLRI_BAD_IP_LEN);
	b[2 + 29] = 128; // says IPv6, length says IPv4
	refuse(b, (size_t)n, EVPN_NLRI_BAD_LENGTH);
	b[2 + 29] = 32;
	b[1] = 38; // one octet too many for one or two labels
	b[n] = 0;
	refuse(b, (size_t)n + 1, EVPN_NLRI_BAD_LENGTH);
	b[1] = 32; // shorter than the fixed part
	refuse(b, 34, EVPN_NLRI_BAD_LENGTH);
	b[1] = 5; // shorter than an RD
	refuse(b, 7, EVPN_NLRI_BAD_LENGTH);

	r.type = EVPN_RT_IMET;
	n = evpn_route_encode(b, sizeof(b), &r, false); // 2 + 17
	b[2 + 12] = 128;
	refuse(b, (size_t)n, EVPN_NLRI_BAD_IP_LEN);
	b[2 + 12] = 0;
	refuse(b, (size_t)n, EVPN_NLRI_BAD_IP_LEN);
	b[1] = 18;
	refuse(b, (size_t)n + 1, EVPN_NLRI_BAD_LENGTH);

	r.type = EVPN_RT_ES;
	n = evpn_route_encode(b, sizeof(b), &r, false); // 2 + 23
	b[2 + 18] = 16;
	refuse(b, (size_t)n, EVPN_NLRI_BAD_IP_LEN);

	r.type = EVPN_RT_EAD;
	r.n_labels = 1;
	n = evpn_route_encode(b, sizeof(b), &r, false); // 2 + 25
	b[1] = 24;
	refuse(b, (size_t)n - 1, EVPN_NLRI_BAD_LENGTH);

	r.type = EVPN_RT_PREFIX;
	r.prefix_len = 24;
	n = evpn_route_encode(b, sizeof(b), &r, false); // 2 + 34
	b[2 + 22] = 33;
	refuse(b, (size_t)n, EVPN_NLRI_BAD_PREFIX_LEN);
	b[2 + 22] = 24;
	b[1] = 35;
	refuse(b, (size_t)n + 1, EVPN_NLRI_BAD_LENGTH);

	// Type and length cut: a lone octet.
	refuse((const uint8_t *)"\x02", 1, EVPN_NLRI_TRUNCATED);
}

// Unknown route types are dropped and the walk goes on (RFC 7606 5.4).
static void unknown_types(void **state)
{
	(void)state;
	uint8_t f[96];
	size_t len = 0;
	struct evpn_route r;
	struct evpn_nlri_iter it;

	f[len++] = 9; // type 9, 3 octets
	f[len++] = 3;
	f[len++] = 1;
	f[len++] = 2;
	f[len++] = 3;
	memset(&r, 0, sizeof(r));
	r.type = EVPN_RT_IMET;
	ip4(&r.ip, "192.0.2.7");
	len += (size_t)evpn_route_encode(f + len, sizeof(f) - len, &r, false);
	f[len++] = 0; // type 0, empty
	f[len++] = 0;

	evpn_nlri_iter_init(&it, f, len, false);
	assert_int_equal(evpn_nlri_next(&it, &r), 1);
	assert_int_equal(r.type, EVPN_RT_IMET);
	assert_int_equal(it.status.skipped, 1);
	assert_int_equal(evpn_nlri_next(&it, &r), 0);
	assert_int_equal(it.status.skipped, 2);
	assert_int_equal(it.status.err, EVPN_NLRI_UNKNOWN_TYPE);
	assert_int_equal(it.status.action, BGP_ACTION_OK);
	assert_int_equal(evpn_nlri_check(f, len, false, NULL), 0);
	assert_int_equal(evpn_route_decode(6, f, 3, &r, NULL), -ENOTSUP);
}

static void add_path(void **state)
{
	(void)state;
	uint8_t f[64];
	struct evpn_route r, back;
	struct evpn_nlri_iter it;

	memset(&r, 0, sizeof(r));
	r.type = EVPN_RT_IMET;
	r.path_id = 0x01020304;
	ip4(&r.ip, "192.0.2.7");
	int n = evpn_route_encode(f, sizeof(f), &r, true);
	assert_int_equal(n, 4 + 2 + 17);
	assert_memory_equal(f, "\x01\x02\x03\x04\x03\x11", 6);
	evpn_nlri_iter_init(&it, f, (size_t)n, true);
	assert_int_equal(evpn_nlri_next(&it, &back), 1);
	assert_int_equal(back.path_id, 0x01020304);
	assert_true(evpn_route_same_key(&r, &back));
	assert_round_trip(f, (size_t)n, true);
	for (int cut = 1; cut < 6; cut++)
		assert_int_equal(evpn_nlri_check(f, (size_t)cut, true, NULL), -EBADMSG);
	// Read without add-path, the path id reads as a type-1 route of 2 octets.
	assert_int_equal(evpn_nlri_check(f, (size_t)n, false, NULL), -EBADMSG);
}

// RFC 9136: ESI and gateway both set makes the route a withdraw; it still decodes.
static void type5_overlay(void **state)
{
	(void)state;
	uint8_t f[64];
	struct evpn_route r, back;

	memset(&r, 0, sizeof(r));
	r.type = EVPN_RT_PREFIX;
	r.n_labels = 1;
	ip4(&r.ip, "10.2.0.0");
	r.prefix_len = 16;
	ip4(&r.gw, "10.2.0.1");
	int n = evpn_route_encode(f, sizeof(f), &r, false);
	assert_int_equal(evpn_route_decode(f[0], f + 2, (size_t)n - 2, &back, NULL), 0);
	assert_false(back.overlay_invalid);
	assert_memory_equal(back.gw.addr, r.gw.addr, 4);
	r.esi.b[0] = 0; // type 0 ESI, non-zero value
	r.esi.b[9] = 1;
	n = evpn_route_encode(f, sizeof(f), &r, false);
	assert_int_equal(evpn_route_decode(f[0], f + 2, (size_t)n - 2, &back, NULL), 0);
	assert_true(back.overlay_invalid);
}

static void rd_forms(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		const char *wire;
	} ok[] = {
		{"198.51.100.1:2", "\x00\x01\xc6\x33\x64\x01\x00\x02"},
		{"65000:100", "\x00\x00\xfd\xe8\x00\x00\x00\x64"},
		{"65000:4294967295", "\x00\x00\xfd\xe8\xff\xff\xff\xff"},
		{"4200000000:5", "\x00\x02\xfa\x56\xea\x00\x00\x05"},
		{"0.0.0.0:0", "\x00\x01\x00\x00\x00\x00\x00\x00"},
	};
	static const char *const bad[] = {"", ":", "65000", "65000:", ":5", "1.2.3:4",
		"198.51.100.1:65536", "4200000000:65536", "4294967296:1", "a:1", "1:b", "-1:1",
		"65000:1:2", "1.2.3.4.5:1", "65000: 1"};
	struct evpn_rd rd;
	char buf[EVPN_RD_STRLEN];

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(evpn_rd_parse(ok[i].in, &rd), 0);
		assert_memory_equal(rd.b, ok[i].wire, 8);
		evpn_rd_str(buf, sizeof(buf), &rd);
		assert_string_equal(buf, ok[i].in);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(evpn_rd_parse(bad[i], &rd), -EINVAL);
	memcpy(rd.b, "\x00\x07\x00\x00\x00\x00\x00\x00", 8);
	evpn_rd_str(buf, sizeof(buf), &rd);
	assert_string_equal(buf, "Unknown Type: 7");
	// Truncated output still terminates and reports the full length.
	evpn_rd_parse("198.51.100.1:2", &rd);
	assert_int_equal(evpn_rd_str(buf, 5, &rd), 14);
	assert_string_equal(buf, "198.");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(frr_type2),
		cmocka_unit_test(frr_type3),
		cmocka_unit_test(frr_end_of_rib),
		cmocka_unit_test(frr_all_fixtures),
		cmocka_unit_test(frr_type5),
		cmocka_unit_test(crafted_types),
		cmocka_unit_test(truncation),
		cmocka_unit_test(malformed_fields),
		cmocka_unit_test(unknown_types),
		cmocka_unit_test(add_path),
		cmocka_unit_test(type5_overlay),
		cmocka_unit_test(rd_forms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
