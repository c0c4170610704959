// SPDX-License-Identifier: BSD-3-Clause
// cp/mgmt/show_evpn_arp_print.c: one neighbour per IP out of local routes and remote
// paths (local wins, then the highest sequence), IPv4 before IPv6, and FRR
// 8.4's text and JSON shapes of `show evpn arp-cache vni N [json]`.
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

#include "cp/mgmt/show_evpn_arp_print.h"

static struct evpn_arp_row mk(const char *ip, uint8_t mac_last, const char *vtep, uint32_t seq)
{
	struct evpn_arp_row r = {.active = true};
	uint8_t mac[6] = {2, 0, 0, 1, 0, mac_last};

	r.ip.family = strchr(ip, ':') ? AF_INET6 : AF_INET;
	assert_int_equal(inet_pton(r.ip.family, ip, r.ip.addr), 1);
	memcpy(r.mac, mac, 6);
	if (vtep == NULL) {
		r.local = true;
		r.local_seq = seq;
	} else {
		r.vtep.family = AF_INET;
		assert_int_equal(inet_pton(AF_INET, vtep, &r.vtep.v4), 1);
		r.remote_seq = seq;
	}
	return r;
}

static void add(struct evpn_arp_table *t, struct evpn_arp_row r)
{
	assert_int_equal(evpn_arp_add(t, &r), 0);
}

// h2 remote behind two VTEPs (moved, seq 1 wins), h1 local with an old remote
// path (seq 3 kept as its remote sequence), h1 over IPv6, h3 unreachable.
static void fill(struct evpn_arp_table *t)
{
	struct evpn_arp_row r;

	add(t, mk("fd00::1", 1, NULL, 0));
	add(t, mk("10.1.0.2", 2, "192.0.2.2", 0));
	add(t, mk("10.1.0.1", 1, "192.0.2.2", 3));
	add(t, mk("10.1.0.2", 2, "192.0.2.3", 1));
	add(t, mk("10.1.0.1", 1, NULL, 4));
	r = mk("10.1.0.10", 3, "192.0.2.9", 0);
	r.active = false;
	r.duplicate = true;
	add(t, r);
	evpn_arp_merge(t);
}

static void test_merge(void **state)
{
	struct evpn_arp_table t = {0};

	(void)state;
	fill(&t);
	assert_int_equal(t.n, 4);
	assert_true(t.v[0].local); // 10.1.0.1
	assert_int_equal(t.v[0].local_seq, 4);
	assert_int_equal(t.v[0].remote_seq, 3);
	assert_false(t.v[1].local); // 10.1.0.2 at its newest place
	assert_int_equal(t.v[1].remote_seq, 1);
	assert_int_equal(t.v[1].vtep.v4.s_addr, htonl(0xc0000203));
	assert_int_equal(t.v[2].ip.addr[3], 10); // 10.1.0.10 after 10.1.0.2
	assert_int_equal(t.v[3].ip.family, AF_INET6);
	evpn_arp_free(&t);
	evpn_arp_merge(&t); // empty: nothing to do
	assert_int_equal(t.n, 0);
}

static void test_text(void **state)
{
	struct evpn_arp_table t = {0};
	struct mgmt_out out = MGMT_OUT_INIT;

	(void)state;
	fill(&t);
	t.v[1].proxied = true; // 10.1.0.2
	evpn_arp_print_text(&out, &t);
	assert_string_equal(mgmt_out_str(&out),
		"Number of ARPs (local and remote) known for this VNI: 4\n"
		"Flags: D=duplicate (its MAC or IP), P=answered by the dataplane (ARP/ND "
		"suppression)\n"
		"Neighbor   Type    Flags  State     MAC                Remote ES/VTEP  Seq #'s\n"
		"10.1.0.1   local          active    02:00:00:01:00:01                  4/3\n"
		"10.1.0.2   remote  P      active    02:00:00:01:00:02  192.0.2.3       0/1\n"
		"10.1.0.10  remote  D      inactive  02:00:00:01:00:03  192.0.2.9       0/0\n"
		"fd00::1    local          active    02:00:00:01:00:01                  0/0\n");
	mgmt_out_free(&out);
	evpn_arp_free(&t);
}

static void test_json(void **state)
{
	struct evpn_arp_table t = {0};
	struct mgmt_out out = MGMT_OUT_INIT;

	(void)state;
	add(&t, mk("10.1.0.1", 1, NULL, 4));
	add(&t, mk("10.1.0.2", 2, "192.0.2.2", 1));
	evpn_arp_merge(&t);
	assert_int_equal(evpn_arp_print_json(&out, &t), 0);
	assert_string_equal(mgmt_out_str(&out), "{\n"
						"  \"numArpNd\": 2,\n"
						"  \"10.1.0.1\": {\n"
						"    \"type\": \"local\",\n"
						"    \"state\": \"active\",\n"
						"    \"mac\": \"02:00:00:01:00:01\",\n"
						"    \"localSequence\": 4,\n"
						"    \"remoteSequence\": 0,\n"
						"    \"isDuplicate\": false,\n"
						"    \"proxied\": false\n"
						"  },\n"
						"  \"10.1.0.2\": {\n"
						"    \"type\": \"remote\",\n"
						"    \"state\": \"active\",\n"
						"    \"mac\": \"02:00:00:01:00:02\",\n"
						"    \"remoteVtep\": \"192.0.2.2\",\n"
						"    \"localSequence\": 0,\n"
						"    \"remoteSequence\": 1,\n"
						"    \"isDuplicate\": false,\n"
						"    \"proxied\": false\n"
						"  }\n"
						"}\n");
	mgmt_out_free(&out);
	evpn_arp_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
