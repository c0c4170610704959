// SPDX-License-Identifier: BSD-3-Clause
// Tests of cp/inject/inject_cmd.c: good lines parse to what they say (every
// command and option, ExaBGP's bracketed lists), malformed ones are refused
// with a message naming the fault.
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cp/inject/inject_cmd.h"

static struct inject_cmd c;
static char err[INJECT_ERR_MAX];

static void good(const char *line)
{
	int ret = inject_cmd_parse(line, &c, err, sizeof(err));

	if (ret != 0)
		fail_msg("'%s': %s", line, err);
}

static void bad(const char *line, const char *why)
{
	assert_int_equal(inject_cmd_parse(line, &c, err, sizeof(err)), -EINVAL);
	if (strstr(err, why) == NULL)
		fail_msg("'%s': error '%s' does not say '%s'", line, err, why);
}

static void test_route(void **state)
{
	char buf[64];
	(void)state;

	good("announce route 192.0.2.10/32 next-hop self");
	assert_int_equal(c.op, INJECT_ANNOUNCE);
	assert_int_equal(c.kind, INJECT_UNICAST);
	assert_int_equal(c.prefix.family, AF_INET);
	assert_string_equal(cp_ip_str(&c.prefix, buf, sizeof(buf)), "192.0.2.10");
	assert_int_equal(c.len, 32);
	assert_int_equal(c.nexthop.family, 0); // self
	good("withdraw route 10.1.2.3/16"); // host bits cleared, next hop optional
	assert_int_equal(c.op, INJECT_WITHDRAW);
	assert_string_equal(cp_ip_str(&c.prefix, buf, sizeof(buf)), "10.1.0.0");
	good("announce route 2001:db8::/32 next-hop 2001:db8::1 community [65000:1 65000:2] "
	     "large-community 65000:1:2");
	assert_int_equal(c.prefix.family, AF_INET6);
	assert_int_equal(c.nexthop.family, AF_INET6);
	assert_int_equal(c.n_comm, 2);
	assert_int_equal(c.comm[1], 65000u << 16 | 2);
	assert_int_equal(c.n_large, 1);
	assert_int_equal(c.large[0][2], 2);
	good("announce route 10.0.0.0/8 community 1:1 community [ 2:2 ] next-hop 192.0.2.1");
	assert_int_equal(c.n_comm, 2);
	assert_int_equal(c.nexthop.family, AF_INET);
	assert_false(c.has_med);
	assert_int_equal(c.origin, 0);
	good("announce route 10.0.0.0/8 med 50 local-preference 200 origin incomplete");
	assert_true(c.has_med);
	assert_int_equal(c.med, 50);
	assert_true(c.has_local_pref);
	assert_int_equal(c.local_pref, 200);
	assert_int_equal(c.origin, 2);
	good("  announce\troute 10.0.0.0/8  "); // blanks
	good("flush");
	assert_int_equal(c.op, INJECT_FLUSH);
}

static void test_route_bad(void **state)
{
	(void)state;
	bad("", "empty line");
	bad("announce", "'route' or 'evpn' expected");
	bad("announce routes 10.0.0.0/8", "'route' or 'evpn' expected");
	bad("announce route", "route: value missing");
	bad("announce route 10.0.0.0", "bad prefix '10.0.0.0'");
	bad("announce route 10.0.0.0/33", "bad prefix");
	bad("announce route 10.0.0.300/8", "bad prefix");
	bad("announce route 10.0.0.0/-1", "bad prefix");
	bad("announce route 10.0.0.0/8 next-hop", "next-hop: value missing");
	bad("announce route 10.0.0.0/8 next-hop banana", "next-hop: bad address 'banana'");
	bad("announce route 10.0.0.0/8 next-hop 2001:db8::1", "IPv4 route needs an IPv4");
	bad("announce route 2001:db8::/32 next-hop 192.0.2.1", "IPv6 route needs an IPv6");
	bad("announce route 10.0.0.0/8 next-hop self next-hop self", "'next-hop' given twice");
	bad("announce route 10.0.0.0/8 community 65536:1", "bad community '65536:1'");
	bad("announce route 10.0.0.0/8 community 1:2:3", "bad community");
	bad("announce route 10.0.0.0/8 community [1:2", "community: ']' missing");
	bad("announce route 10.0.0.0/8 community [ ]", "community: empty list");
	bad("announce route 10.0.0.0/8 community [1:1 [2:2]]", "'[' inside a list");
	bad("announce route 10.0.0.0/8 community", "community: value missing");
	bad("announce route 10.0.0.0/8 large-community 1:2", "bad large community '1:2'");
	bad("announce route 10.0.0.0/8 large-community 1:2:4294967296", "bad large community");
	bad("announce route 10.0.0.0/8 as-path [65001]", "unknown keyword 'as-path'");
	bad("announce route 10.0.0.0/8 med -1", "med: bad number '-1'");
	bad("announce route 10.0.0.0/8 local-preference 4294967296", "local-preference: bad number");
	bad("announce route 10.0.0.0/8 origin bgp", "origin: unknown 'bgp' (igp, egp, incomplete)");
	bad("announce route 10.0.0.0/8 med 1 med 2", "'med' given twice");
	bad("announce evpn multicast rd 1:1 vni 1 rt 1:1 med 5",
		"'med' does not apply to evpn multicast");
	bad("announce route 10.0.0.0/8 rd 1:1", "'rd' does not apply to a unicast route");
	bad("announce route 10.0.0.0/8 community [1:1 1:2 1:3 1:4 1:5 1:6 1:7 1:8 1:9 1:10 "
	    "1:11 1:12 1:13 1:14 1:15 1:16 1:17]", "community: more than 16");
	bad("flush now", "flush takes no argument");
	bad("shout route 10.0.0.0/8", "unknown command 'shout'");
	bad("announce route 10.0.0.0/8 \x01", "control character");
	char longline[INJECT_LINE_MAX + 20];
	memset(longline, 'a', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = '\0';
	bad(longline, "line longer than 1024");
	bad("announce route 10.0.0.0/8 community 1:1 1:2", "unknown keyword '1:2'");
}

static void test_evpn(void **state)
{
	const struct evpn_inject *e = &c.evpn;
	char buf[64];
	(void)state;

	good("announce evpn macip rd 192.0.2.1:100 mac 02:00:00:00:00:01 ip 10.0.0.1 vni 100 "
	     "rt 65000:100 rt [65000:101 65000:102] next-hop 192.0.2.7 seq 3 sticky");
	assert_int_equal(c.kind, INJECT_EVPN);
	assert_int_equal(e->type, EVPN_RT_MACIP);
	assert_false(e->mpls);
	assert_int_equal(e->id, 100);
	assert_int_equal(e->n_rt, 3);
	assert_int_equal(e->seq, 3);
	assert_true(e->sticky);
	assert_int_equal(e->mac[5], 1);
	assert_int_equal(e->ip.family, AF_INET);
	assert_string_equal(cp_ip_str(&c.nexthop, buf, sizeof(buf)), "192.0.2.7");
	evpn_rd_str(buf, sizeof(buf), &e->rd);
	assert_string_equal(buf, "192.0.2.1:100");
	good("announce evpn macip rd 65000:1 mac 02:00:00:00:00:01 label 3000 rt 65000:1");
	assert_true(e->mpls);
	assert_int_equal(e->id, 3000);
	assert_int_equal(e->ip.family, 0);
	good("withdraw evpn macip rd 65000:1 mac 02:00:00:00:00:01"); // the key is enough
	assert_int_equal(c.op, INJECT_WITHDRAW);
	good("announce evpn multicast rd 65000:1 vni 100 rt 65000:100 next-hop self");
	assert_int_equal(e->type, EVPN_RT_IMET);
	good("withdraw evpn multicast rd 65000:1");
	good("announce evpn prefix rd 65000:5 prefix 10.9.0.0/16 vni 5000 rt 65000:5000 "
	     "gateway 10.9.0.1 router-mac 02:aa:00:00:00:01");
	assert_int_equal(e->type, EVPN_RT_PREFIX);
	assert_int_equal(e->len, 16);
	assert_true(e->has_rmac);
	assert_int_equal(e->gw.family, AF_INET);
	good("announce evpn prefix rd 65000:5 prefix 2001:db8:1::/48 vni 5000 rt 65000:5000");
	assert_false(e->has_rmac);
	assert_int_equal(e->ip.family, AF_INET6);
	// the examples' lines (config/inject-*.conf)
	good("announce evpn prefix rd 198.51.100.1:5000 prefix 0.0.0.0/0 vni 5000 rt 65000:5000 "
	     "router-mac 02:00:c6:33:64:01");
	assert_int_equal(e->len, 0);
	good("announce route 192.0.2.53/32 next-hop self community 65000:53");
	// symmetric IRB: the L3VNI and router MAC
	good("announce evpn macip rd 192.0.2.2:100 mac 02:00:00:01:00:77 ip 10.1.0.77 vni 100 "
	     "rt 65000:100 rt 65000:5000 l3vni 5000 router-mac 02:00:00:00:50:02 next-hop 192.0.2.2");
	assert_int_equal(e->l3vni, 5000);
	assert_true(e->has_rmac);
	assert_int_equal(e->rmac[5], 2);
	good("announce evpn macip rd 198.51.100.1:100 mac 02:00:00:00:00:01 ip 10.1.0.1 vni 100 "
	     "rt 65000:100 next-hop 198.51.100.10 seq 0");
}

static void test_evpn_bad(void **state)
{
	(void)state;
	bad("announce evpn", "route type missing or unknown ''");
	bad("announce evpn type2 rd 1:1", "unknown 'type2'");
	bad("announce evpn macip mac 02:00:00:00:00:01 vni 1 rt 1:1", "evpn macip: 'rd' missing");
	bad("announce evpn macip rd 1:1 vni 1 rt 1:1", "'mac' missing");
	bad("announce evpn macip rd 1:1 mac 02:00:00:00:00:01 rt 1:1", "'vni' missing");
	bad("announce evpn macip rd 1:1 mac 02:00:00:00:00:01 vni 1", "'rt' missing");
	bad("announce evpn macip rd 1.2.3:1 mac 02:00:00:00:00:01 vni 1 rt 1:1",
		"rd: bad route distinguisher '1.2.3:1'");
	bad("announce evpn macip rd 1:1 mac 02:00:00:00:00:0g vni 1 rt 1:1",
		"mac: bad MAC address '02:00:00:00:00:0g'");
	bad("announce evpn macip rd 1:1 mac 02:00:00:00:00:01 vni 0 rt 1:1", "vni: bad VNI");
	bad("announce evpn macip rd 1:1 mac 02:00:00:00:00:01 vni 16777216 rt 1:1", "bad VNI");
	bad("announce evpn macip rd 1:1 mac 02:00:00:00:00:01 label 15 rt 1:1",
		"label: bad MPLS label");
	bad("announce evpn macip rd 1:1 mac 02:00:00:00:00:01 label 1048576 rt 1:1",
		"bad MPLS label");
	bad("announce evpn macip rd 1:1 mac 02:00:00:00:00:01 vni 1 label 16 rt 1:1",
		"give vni or label, not both");
	bad("announce evpn macip rd 1:1 mac 02:00:00:00:00:01 vni 1 rt 1:x", "bad route target '1:x'");
	bad("announce evpn macip rd 1:1 mac 02:00:00:00:00:01 vni 1 rt 1:1 seq -1",
		"seq: bad sequence number '-1'");
	bad("announce evpn macip rd 1:1 mac 02:00:00:00:00:01 vni 1 rt 1:1 ip 10.0.0.300",
		"ip: bad address");
	bad("announce evpn macip rd 1:1 mac 02:00:00:00:00:01 vni 1 rt 1:1 gateway 10.0.0.1",
		"'gateway' does not apply to evpn macip");
	bad("announce evpn macip rd 1:1 rd 1:2 mac 02:00:00:00:00:01 vni 1 rt 1:1",
		"'rd' given twice");
	bad("announce evpn multicast rd 1:1 vni 1 rt 1:1 mac 02:00:00:00:00:01",
		"'mac' does not apply to evpn multicast");
	bad("announce evpn prefix rd 1:1 vni 1 rt 1:1", "evpn prefix: 'prefix' missing");
	bad("announce evpn prefix rd 1:1 prefix 10.0.0.0/8 vni 1 rt 1:1 gateway 2001:db8::1",
		"gateway: not of the prefix's address family");
	bad("announce evpn prefix rd 1:1 prefix 10.0.0.0/8 vni 1 rt 1:1 router-mac 1:2",
		"router-mac: bad MAC address");
	bad("announce evpn macip rd 1:1 mac 02:00:00:00:00:01 ip 10.0.0.1 vni 1 rt 1:1 l3vni 5000",
		"evpn macip: give l3vni and router-mac together");
	bad("announce evpn macip rd 1:1 mac 02:00:00:00:00:01 ip 10.0.0.1 vni 1 rt 1:1 "
	    "router-mac 02:00:00:00:00:02",
		"evpn macip: give l3vni and router-mac together");
	bad("announce evpn macip rd 1:1 mac 02:00:00:00:00:01 vni 1 rt 1:1 l3vni 5000 "
	    "router-mac 02:00:00:00:00:02",
		"l3vni: a MAC+IP route only ('ip' missing)");
	bad("announce evpn macip rd 1:1 mac 02:00:00:00:00:01 ip 10.0.0.1 label 16 rt 1:1 "
	    "l3vni 5000 router-mac 02:00:00:00:00:02",
		"l3vni: with vni (VXLAN) only");
	bad("announce evpn macip rd 1:1 mac 02:00:00:00:00:01 ip 10.0.0.1 vni 1 rt 1:1 "
	    "l3vni 16777216 router-mac 02:00:00:00:00:02",
		"l3vni: bad VNI (1-16777215) '16777216'");
	bad("announce evpn multicast rd 1:1 vni 1 rt 1:1 l3vni 5000",
		"'l3vni' does not apply to evpn multicast");
	bad("announce evpn macip rd 1:1 mac 02:00:00:00:00:01 vni 1 rt [1:1 2:2 3:3 4:4 5:5 6:6 "
	    "7:7 8:8 9:9]", "rt: more than 8");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route),
		cmocka_unit_test(test_route_bad),
		cmocka_unit_test(test_evpn),
		cmocka_unit_test(test_evpn_bad),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
