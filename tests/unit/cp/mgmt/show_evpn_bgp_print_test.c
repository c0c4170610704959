// SPDX-License-Identifier: BSD-3-Clause
// cp/mgmt/show_evpn_bgp_print.c: the EVPN BGP table of the FRR VTEP in the EVPN
// lab (evpn_lab.sh), as FRR 8.4's vtysh printed it (`show bgp l2vpn evpn`,
// `... route`, `... route type 3`, `... route type macip json`), printed again
// from the same paths. FRR's next hops carry the peer's hostname ("(rr)") and
// its JSON a "selectionReason" and "hostname": both left out here (we have
// neither), with the columns kept where FRR puts them.
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cp/mgmt/show_evpn_bgp_print.h"

static const uint8_t rt_et[16] = {
	0x00, 0x02, 0xfd, 0xe8, 0, 0, 0, 100, 0x03, 0x0c, 0, 0, 0, 0, 0, 8};
static const uint8_t et_rt[16] = {
	0x03, 0x0c, 0, 0, 0, 0, 0, 8, 0x00, 0x02, 0xfd, 0xe8, 0, 0, 0, 100};

// A path of the FRR VTEP's table: type 2 (mac_last != 0) or type 3.
static void row(
	struct evpn_bgp_row *r, const char *rd, uint8_t mac_last, const char *vtep, bool local)
{
	struct evpn_route rt = {.type = mac_last ? EVPN_RT_MACIP : EVPN_RT_IMET};
	struct dp_ip nh = {.family = AF_INET};

	memset(r, 0, sizeof(*r));
	assert_int_equal(evpn_rd_parse(rd, &rt.rd), 0);
	assert_int_equal(inet_pton(AF_INET, vtep, &nh.v4), 1);
	if (mac_last) {
		uint8_t mac[6] = {2, 0, 0, 1, 0, mac_last};
		memcpy(rt.mac, mac, 6);
		rt.n_labels = 1;
		rt.label[0] = 100;
	} else {
		rt.ip.family = AF_INET;
		memcpy(rt.ip.addr, &nh.v4, 4);
	}
	evpn_bgp_row_fill(r, &rt, &nh, local ? et_rt : rt_et, 16);
	r->best = true;
	if (local) {
		r->local = true;
		r->weight = 32768;
		snprintf(r->peer, sizeof(r->peer), "(unspec)");
	} else {
		r->has_med = r->has_lp = true;
		r->lp = 100;
		snprintf(r->peer, sizeof(r->peer), "10.0.0.3");
	}
}

// The four paths, out of order: the printer sorts.
static struct evpn_bgp_row rows[4];

static void table(struct evpn_bgp_table *t, bool route_view, uint8_t type)
{
	struct evpn_bgp_row all[4];

	row(&all[0], "10.0.0.2:2", 0, "192.0.2.2", true);
	row(&all[1], "10.0.0.1:2", 1, "192.0.2.1", false);
	row(&all[2], "10.0.0.2:2", 2, "192.0.2.2", true);
	row(&all[3], "10.0.0.1:2", 0, "192.0.2.1", false);
	memset(t, 0, sizeof(*t));
	t->v = rows;
	for (int i = 0; i < 4; i++)
		if (type == 0 || all[i].route.type == type)
			rows[t->n++] = all[i];
	t->n_total = 4;
	assert_int_equal(inet_pton(AF_INET, "10.0.0.2", &t->router_id), 1);
	t->asn = 65000;
	t->type = type;
	t->route_view = route_view;
	evpn_bgp_table_sort(t);
}

#define HEADER                                                                                     \
	"BGP table version is 0, local router ID is 10.0.0.2\n"                                    \
	"Status codes: s suppressed, d damped, h history, * valid, > best, i - internal\n"         \
	"Origin codes: i - IGP, e - EGP, ? - incomplete\n"                                         \
	"EVPN type-1 prefix: [1]:[EthTag]:[ESI]:[IPlen]:[VTEP-IP]:[Frag-id]\n"                     \
	"EVPN type-2 prefix: [2]:[EthTag]:[MAClen]:[MAC]:[IPlen]:[IP]\n"                           \
	"EVPN type-3 prefix: [3]:[EthTag]:[IPlen]:[OrigIP]\n"                                      \
	"EVPN type-4 prefix: [4]:[ESI]:[IPlen]:[OrigIP]\n"                                         \
	"EVPN type-5 prefix: [5]:[EthTag]:[IPlen]:[IP]\n"                                          \
	"\n"                                                                                       \
	"   Network          Next Hop            Metric LocPrf Weight Path\n"

#define T2_RR                                                                                      \
	"*>i[2]:[0]:[48]:[02:00:00:01:00:01]\n"                                                    \
	"                    192.0.2.1                0    100      0 i\n"                         \
	"                    RT:65000:100 ET:8\n"
#define T3_RR                                                                                      \
	"*>i[3]:[0]:[32]:[192.0.2.1]\n"                                                            \
	"                    192.0.2.1                0    100      0 i\n"                         \
	"                    RT:65000:100 ET:8\n"
#define T2_LOCAL                                                                                   \
	"*> [2]:[0]:[48]:[02:00:00:01:00:02]\n"                                                    \
	"                    192.0.2.2                          32768 i\n"                         \
	"                    ET:8 RT:65000:100\n"
#define T3_LOCAL                                                                                   \
	"*> [3]:[0]:[32]:[192.0.2.2]\n"                                                            \
	"                    192.0.2.2                          32768 i\n"                         \
	"                    ET:8 RT:65000:100\n"

static void text_table_view(void **state)
{
	struct mgmt_out out = MGMT_OUT_INIT;
	struct evpn_bgp_table t;

	(void)state;
	table(&t, false, 0);
	evpn_bgp_print_text(&out, &t);
	assert_string_equal(mgmt_out_str(&out),
		HEADER "Route Distinguisher: 10.0.0.1:2\n" T2_RR T3_RR
		       "Route Distinguisher: 10.0.0.2:2\n" T2_LOCAL T3_LOCAL
		       "\nDisplayed 4 out of 4 total prefixes\n");
	mgmt_out_free(&out);
}

static void text_route_view(void **state)
{
	struct mgmt_out out = MGMT_OUT_INIT;
	struct evpn_bgp_table t;

	(void)state;
	table(&t, true, 0);
	evpn_bgp_print_text(&out, &t);
	assert_string_equal(mgmt_out_str(&out),
		HEADER "                    Extended Community\n"
		       "Route Distinguisher: 10.0.0.1:2\n" T2_RR T3_RR
		       "Route Distinguisher: 10.0.0.2:2\n" T2_LOCAL T3_LOCAL
		       "\nDisplayed 4 prefixes (4 paths)\n");
	mgmt_out_reset(&out);
	table(&t, true, EVPN_RT_IMET);
	evpn_bgp_print_text(&out, &t);
	assert_string_equal(mgmt_out_str(&out),
		HEADER "                    Extended Community\n"
		       "Route Distinguisher: 10.0.0.1:2\n" T3_RR
		       "Route Distinguisher: 10.0.0.2:2\n" T3_LOCAL
		       "\nDisplayed 2 prefixes (2 paths) (of requested type)\n");
	mgmt_out_reset(&out);
	t.n = 0;
	evpn_bgp_print_text(&out, &t);
	assert_string_equal(mgmt_out_str(&out), "No EVPN prefixes (of requested type) exist\n");
	mgmt_out_free(&out);
}

// JSON without the blanks outside strings.
static char *compact(const char *s)
{
	char *c = malloc(strlen(s) + 1), *p = c;
	bool in_str = false;

	assert_non_null(c);
	for (; *s; s++) {
		if (*s == '"' && (s[-1] != '\\'))
			in_str = !in_str;
		if (in_str || (*s != ' ' && *s != '\n'))
			*p++ = *s;
	}
	*p = '\0';
	return c;
}

// A second path (not best) stays under its prefix and counts as a path only;
// an IPv6 next hop longer than the column goes on a line of its own, as FRR's.
static void text_two_paths_ipv6(void **state)
{
	struct mgmt_out out = MGMT_OUT_INIT;
	struct evpn_bgp_table t;
	struct evpn_bgp_row two[2];
	struct evpn_route rt = {.type = EVPN_RT_IMET};
	struct dp_ip nh = {.family = AF_INET6};

	(void)state;
	assert_int_equal(evpn_rd_parse("65000:7", &rt.rd), 0);
	assert_int_equal(inet_pton(AF_INET6, "2001:db8::1234:1", nh.bytes), 1);
	rt.ip.family = AF_INET6;
	memcpy(rt.ip.addr, nh.bytes, 16);
	for (int i = 0; i < 2; i++) {
		memset(&two[i], 0, sizeof(two[i]));
		evpn_bgp_row_fill(&two[i], &rt, &nh, NULL, 0);
		snprintf(two[i].path, sizeof(two[i].path), "6500%d", i + 1);
		two[i].ebgp = true;
	}
	two[1].best = true;
	two[0].stale = true;
	t = (struct evpn_bgp_table){.v = two, .n = 2, .n_total = 2, .route_view = true};
	evpn_bgp_table_sort(&t);
	evpn_bgp_print_text(&out, &t);
	const char *s = mgmt_out_str(&out);
	char want[512];
	snprintf(want, sizeof(want),
		"Route Distinguisher: 65000:7\n"
		"*> [3]:[0]:[128]:[2001:db8::1234:1]\n"
		"%20s2001:db8::1234:1\n"
		"%36s%10s%7s      0 65002 i\n"
		"S  [3]:[0]:[128]:[2001:db8::1234:1]\n",
		"", "", "", "");
	assert_non_null(strstr(s, want));
	assert_non_null(strstr(s, "\nDisplayed 1 prefixes (2 paths)\n"));
	// From an IPv6 neighbor: FRR's detail and JSON name the IPv6 next hop and peer.
	for (int i = 0; i < 2; i++)
		snprintf(two[i].peer, sizeof(two[i].peer), "2001:db8::3");
	t.detail = true;
	mgmt_out_reset(&out);
	evpn_bgp_print_text(&out, &t);
	assert_non_null(strstr(mgmt_out_str(&out), "    2001:db8::1234:1 from 2001:db8::3\n"));
	mgmt_out_reset(&out);
	assert_int_equal(evpn_bgp_print_json(&out, &t), 0);
	char *got = compact(mgmt_out_str(&out));
	assert_non_null(strstr(got, "\"peerId\":\"2001:db8::3\""));
	assert_non_null(strstr(got, "\"nexthops\":[{\"ip\":\"2001:db8::1234:1\",\"afi\":\"ipv6\","
				    "\"used\":true}]"));
	free(got);
	mgmt_out_free(&out);
}

// A path whose next hop the underlay does not reach: neither valid nor best,
// as FRR shows an inaccessible next hop.
static void invalid_path(void **state)
{
	struct mgmt_out out = MGMT_OUT_INIT;
	struct evpn_bgp_table t;

	(void)state;
	table(&t, false, EVPN_RT_MACIP);
	rows[0].invalid = true; // 10.0.0.1:2, from the RR
	evpn_bgp_print_text(&out, &t);
	assert_non_null(strstr(mgmt_out_str(&out),
		"Route Distinguisher: 10.0.0.1:2\n  i[2]:[0]:[48]:[02:00:00:01:00:01]\n"));
	mgmt_out_reset(&out);
	assert_int_equal(evpn_bgp_print_json(&out, &t), 0);
	assert_non_null(strstr(mgmt_out_str(&out), "\"valid\": false,\n"));
	assert_null(strstr(mgmt_out_str(&out), "\"valid\": false,\n          \"bestpath\""));
	mgmt_out_free(&out);
}

// Communities of a path: a line each under the path in text (FRR's detail words),
// FRR's community/largeCommunity objects before extendedCommunity in JSON.
static void communities(void **state)
{
	static const uint8_t comms[] = {0xfd, 0xe8, 0, 100, 0xff, 0xff, 0xff, 0x01};
	static const uint8_t large[] = {0, 0, 0xfd, 0xe8, 0, 0, 0, 1, 0, 0, 0, 2};
	struct mgmt_out out = MGMT_OUT_INIT;
	struct evpn_bgp_table t;

	(void)state;
	table(&t, false, EVPN_RT_MACIP);
	rows[0].comms = (struct bgp_bytes){comms, sizeof(comms)}; // 10.0.0.1:2, from the RR
	rows[0].large = (struct bgp_bytes){large, sizeof(large)};
	evpn_bgp_print_text(&out, &t);
	assert_non_null(strstr(mgmt_out_str(&out),
		"                    RT:65000:100 ET:8\n"
		"                    Community: 65000:100 no-export\n"
		"                    Large Community: 65000:1:2\n"
		"Route Distinguisher: 10.0.0.2:2\n"));
	mgmt_out_reset(&out);
	t.detail = t.route_view = true; // `route detail`: FRR's words, six blanks in
	evpn_bgp_print_text(&out, &t);
	assert_non_null(strstr(mgmt_out_str(&out),
		"BGP routing table entry for 10.0.0.1:2:[2]:[0]:[48]:[02:00:00:01:00:01]\n"
		"Paths: (1 available, best #1)\n"
		"  Local\n"
		"    192.0.2.1 from 10.0.0.3\n"
		"      Origin IGP, metric 0, localpref 100, weight 0, valid, internal, best\n"
		"      Extended Community: RT:65000:100 ET:8\n"
		"      Community: 65000:100 no-export\n"
		"      Large Community: 65000:1:2\n"));
	t.detail = t.route_view = false;
	mgmt_out_reset(&out);
	assert_int_equal(evpn_bgp_print_json(&out, &t), 0);
	assert_non_null(strstr(mgmt_out_str(&out),
		"\"community\": {\n            \"string\": \"65000:100 no-export\""));
	assert_non_null(strstr(mgmt_out_str(&out), "\"noExport\""));
	assert_non_null(strstr(mgmt_out_str(&out), "\"largeCommunity\": {"));
	// the other path has none
	assert_null(strstr(strstr(mgmt_out_str(&out), "10.0.0.2:2"), "\"community\""));
	mgmt_out_free(&out);
}

#define J_T2_RR                                                                                    \
	"\"[2]:[0]:[48]:[02:00:00:01:00:01]\":{\"prefix\":\"[2]:[0]:[48]:[02:00:00:01:00:01]\","   \
	"\"prefixLen\":352,\"paths\":[%s{\"valid\":true,\"bestpath\":true,"                        \
	"\"pathFrom\":\"internal\",\"routeType\":2,\"ethTag\":0,\"macLen\":48,"                    \
	"\"mac\":\"02:00:00:01:00:01\",\"metric\":0,\"locPrf\":100,\"weight\":0,"                  \
	"\"peerId\":\"10.0.0.3\",\"path\":\"\",\"origin\":\"IGP\","                                \
	"\"extendedCommunity\":{\"string\":\"RT:65000:100 ET:8\"},"                                \
	"\"nexthops\":[{\"ip\":\"192.0.2.1\",\"afi\":\"ipv4\",\"used\":true}]}%s]}"
#define J_T2_LOCAL                                                                                 \
	"\"[2]:[0]:[48]:[02:00:00:01:00:02]\":{\"prefix\":\"[2]:[0]:[48]:[02:00:00:01:00:02]\","   \
	"\"prefixLen\":352,\"paths\":[%s{\"valid\":true,\"bestpath\":true,"                        \
	"\"pathFrom\":\"external\",\"routeType\":2,\"ethTag\":0,\"macLen\":48,"                    \
	"\"mac\":\"02:00:00:01:00:02\",\"weight\":32768,\"peerId\":\"(unspec)\",\"path\":\"\","    \
	"\"origin\":\"IGP\",\"extendedCommunity\":{\"string\":\"ET:8 RT:65000:100\"},"             \
	"\"nexthops\":[{\"ip\":\"192.0.2.2\",\"afi\":\"ipv4\",\"used\":true}]}%s]}"

static void json_views(void **state)
{
	struct mgmt_out out = MGMT_OUT_INIT;
	struct evpn_bgp_table t;
	char want[4096], *got;

	(void)state;
	// FRR's `show bgp l2vpn evpn route type macip json`: each path in an array.
	table(&t, true, EVPN_RT_MACIP);
	assert_int_equal(evpn_bgp_print_json(&out, &t), 0);
	got = compact(mgmt_out_str(&out));
	snprintf(want, sizeof(want),
		"{\"10.0.0.1:2\":{\"rd\":\"10.0.0.1:2\"," J_T2_RR "},"
		"\"10.0.0.2:2\":{\"rd\":\"10.0.0.2:2\"," J_T2_LOCAL "},"
		"\"numPrefix\":2,\"numPaths\":2}",
		"[", "]", "[", "]");
	assert_string_equal(got, want);
	free(got);

	// `show bgp l2vpn evpn route-type 2 json`: the table view's header and totals,
	// and each path an object of "paths".
	mgmt_out_reset(&out);
	table(&t, false, EVPN_RT_MACIP);
	assert_int_equal(evpn_bgp_print_json(&out, &t), 0);
	got = compact(mgmt_out_str(&out));
	snprintf(want, sizeof(want),
		"{\"bgpTableVersion\":0,\"bgpLocalRouterId\":\"10.0.0.2\",\"defaultLocPrf\":100,"
		"\"localAS\":65000,"
		"\"10.0.0.1:2\":{\"rd\":\"10.0.0.1:2\"," J_T2_RR "},"
		"\"10.0.0.2:2\":{\"rd\":\"10.0.0.2:2\"," J_T2_LOCAL "},"
		"\"numPrefix\":2,\"totalPrefix\":4}",
		"", "", "", "");
	assert_string_equal(got, want);
	free(got);

	// Empty.
	mgmt_out_reset(&out);
	t.n = 0;
	assert_int_equal(evpn_bgp_print_json(&out, &t), 0);
	got = compact(mgmt_out_str(&out));
	assert_non_null(strstr(got, "\"numPrefix\":0,\"totalPrefix\":4}"));
	free(got);
	mgmt_out_free(&out);
}

static void route_types(void **state)
{
	static const struct {
		const char *s;
		int type;
	} cases[] = {
		{"ead", 1},
		{"macip", 2},
		{"multicast", 3},
		{"es", 4},
		{"prefix", 5},
		{"1", 1},
		{"2", 2},
		{"3", 3},
		{"5", 5},
		{"0", -EINVAL},
		{"6", -EINVAL},
		{"", -EINVAL},
		{"mac", -EINVAL},
		{"2x", -EINVAL},
	};
	uint8_t type;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int ret = evpn_bgp_route_type(cases[i].s, &type);
		if (cases[i].type < 0) {
			assert_int_equal(ret, cases[i].type);
		} else {
			assert_int_equal(ret, 0);
			assert_int_equal(type, cases[i].type);
		}
	}
}

// A type 2 of an MPLS EVI (ET:10): its label (high 20 bits of the field) in the detail
// and the JSON path; not for the VXLAN rows (ET:8), whose output stays FRR's.
static void mpls_label(void **state)
{
	static const uint8_t et_mpls[16] = {
		0x03, 0x0c, 0, 0, 0, 0, 0, 10, 0x00, 0x02, 0xfd, 0xe8, 0, 0, 0, 100};
	struct evpn_route rt = {.type = EVPN_RT_MACIP, .n_labels = 1, .label = {2000 << 4}};
	struct dp_ip nh = {.family = AF_INET};
	struct mgmt_out out = MGMT_OUT_INIT;
	struct evpn_bgp_row r[1];
	struct evpn_bgp_table t = {.v = r, .n = 1, .n_total = 1, .route_view = true};

	(void)state;
	assert_int_equal(evpn_rd_parse("198.51.100.3:2", &rt.rd), 0);
	assert_int_equal(inet_pton(AF_INET, "198.51.100.3", &nh.v4), 1);
	memset(r, 0, sizeof(r));
	evpn_bgp_row_fill(&r[0], &rt, &nh, et_mpls, 16);
	r[0].best = true;
	t.detail = true;
	evpn_bgp_print_text(&out, &t);
	assert_non_null(strstr(mgmt_out_str(&out),
		"      Extended Community: ET:10 RT:65000:100\n      MPLS label: 2000\n"));
	mgmt_out_reset(&out);
	t.detail = false;
	assert_int_equal(evpn_bgp_print_json(&out, &t), 0);
	assert_non_null(strstr(mgmt_out_str(&out), "\"mplsLabel\": 2000,"));
	mgmt_out_reset(&out);
	table(&t, true, EVPN_RT_MACIP); // VXLAN: no label shown
	assert_int_equal(evpn_bgp_print_json(&out, &t), 0);
	assert_null(strstr(mgmt_out_str(&out), "mplsLabel"));
	mgmt_out_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mpls_label),
		cmocka_unit_test(text_table_view),
		cmocka_unit_test(text_route_view),
		cmocka_unit_test(text_two_paths_ipv6),
		cmocka_unit_test(invalid_path),
		cmocka_unit_test(communities),
		cmocka_unit_test(json_views),
		cmocka_unit_test(route_types),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
