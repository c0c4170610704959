// SPDX-License-Identifier: BSD-3-Clause
// cp/config/config_policy*.c: route maps and prefix lists decide as FRR's do (first
// entry by seq; exact length without ge/le; ge/le ranges; "any"; the implicit deny at
// the end of both; a match of the other family holds nothing; no match line holds
// everything), and print back to what parses the same.
#include "cp/config/config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static const char conf[] = "ip prefix-list L4 seq 10 deny 10.1.2.0/24\n"
			   "ip prefix-list L4 seq 5 permit 10.9.0.0/16\n"
			   "ip prefix-list L4 permit 10.1.0.0/16 le 24\n" // seq 15
			   "ip prefix-list L4 seq 20 permit 192.168.0.0/16 ge 20 le 22\n"
			   "ipv6 prefix-list L6 seq 5 deny fd00:9::/32 ge 48\n"
			   "ipv6 prefix-list L6 seq 10 permit any\n"
			   "route-map RM deny 5\n"
			   " match ip address prefix-list NO4\n"
			   "route-map RM permit 10\n"
			   " match ip address prefix-list L4\n"
			   "route-map RM permit 20\n"
			   " match ipv6 address prefix-list L6\n"
			   "ip prefix-list NO4 seq 5 permit 10.1.3.0/24\n"
			   "route-map ALL permit 10\n";

static bool permits(const struct evpnd_config *c, const char *rm, const char *pfx)
{
	struct cfg_prefix p = {0};
	char a[64];
	const char *slash = strchr(pfx, '/');

	memcpy(a, pfx, (size_t)(slash - pfx));
	a[slash - pfx] = '\0';
	p.addr.family = strchr(a, ':') ? AF_INET6 : AF_INET;
	assert_int_equal(inet_pton(p.addr.family, a, p.addr.addr), 1);
	p.len = (uint8_t)atoi(slash + 1);
	return cfg_route_map_permits(c, rm, &p);
}

static void verdicts(void **state)
{
	(void)state;
	struct evpnd_config c;
	struct cfg_error err;

	config_init(&c);
	assert_int_equal(config_parse_string(&c, conf, "p.conf", &err), 0);
	assert_true(permits(&c, "RM", "10.9.0.0/16"));	   // seq 5, exact
	assert_false(permits(&c, "RM", "10.9.1.0/24"));	   // not its length
	assert_false(permits(&c, "RM", "10.1.2.0/24"));	   // seq 10 deny first
	assert_true(permits(&c, "RM", "10.1.0.0/24"));	   // le 24
	assert_true(permits(&c, "RM", "10.1.0.0/16"));	   // le 24 from its own length
	assert_false(permits(&c, "RM", "10.1.0.0/25"));	   // past le
	assert_false(permits(&c, "RM", "10.1.3.0/24"));	   // route-map deny 5 (NO4)
	assert_true(permits(&c, "RM", "192.168.16.0/20")); // ge 20 le 22
	assert_false(permits(&c, "RM", "192.168.0.0/16"));
	assert_false(permits(&c, "RM", "172.16.0.0/12")); // no entry: deny
	assert_true(permits(&c, "RM", "fd00:1::/64"));	  // entry 20, any
	assert_false(permits(&c, "RM", "fd00:9:1::/48")); // L6 seq 5 deny
	assert_true(permits(&c, "RM", "fd00:9::/32"));	  // shorter than ge: seq 10
	assert_true(permits(&c, "ALL", "10.0.0.0/8"));	  // no match line
	assert_false(permits(&c, "NOPE", "10.0.0.0/8"));  // no such route map
	assert_true(cfg_route_map_exists(&c, "ALL"));
	assert_false(cfg_route_map_exists(&c, "NOPE"));
	config_free(&c);
}

static void print_parse(void **state)
{
	(void)state;
	struct evpnd_config c, back;
	struct cfg_error err;
	char *a = NULL, *b = NULL;
	size_t na, nb;

	config_init(&c);
	config_init(&back);
	assert_int_equal(config_parse_string(&c, conf, "p.conf", &err), 0);
	FILE *f = open_memstream(&a, &na);
	config_print(&c, f);
	fclose(f);
	assert_non_null(strstr(a, "ip prefix-list L4 seq 15 permit 10.1.0.0/16 le 24\n"));
	assert_non_null(strstr(a, "route-map RM permit 20\n match ipv6 address prefix-list L6\n"));
	assert_int_equal(config_parse_string(&back, a, "back.conf", &err), 0);
	f = open_memstream(&b, &nb);
	config_print(&back, f);
	fclose(f);
	assert_string_equal(a, b);
	free(a);
	free(b);
	config_free(&c);
	config_free(&back);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(verdicts),
		cmocka_unit_test(print_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
