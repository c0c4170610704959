// SPDX-License-Identifier: BSD-3-Clause
// Tests of the "router bgp" section (cp/config/config_bgp.c): every field parsed,
// peer-group inheritance, print -> parse identity and the error messages.
#include "cp/config/config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define UL "underlay\n vtep-address 198.51.100.1\n" // lines 1-2

static const char full[] = UL "router bgp 65000\n"
			      " bgp router-id 198.51.100.1\n"
			      " neighbor RR peer-group\n"
			      " neighbor RR remote-as 65000\n"
			      " neighbor RR timers 10 30\n"
			      " bgp listen range 192.0.2.0/24 peer-group RR\n"
			      " neighbor 192.0.2.254 remote-as 65000\n"
			      " neighbor 192.0.2.254 update-source 192.0.2.1\n"
			      " neighbor 192.0.2.254 timers 3 9\n"
			      " neighbor 192.0.2.254 password SECRET\n"
			      " neighbor 192.0.2.254 ttl-security hops 1\n"
			      " neighbor 192.0.2.254 maximum-prefix 1000 warning-only\n"
			      " neighbor 192.0.2.254 route-reflector-client\n"
			      " neighbor 192.0.2.9 peer-group RR\n"
			      " neighbor 192.0.2.10 remote-as external\n"
			      " address-family ipv4 unicast\n"
			      "  network 10.0.0.0/24\n"
			      "  neighbor 192.0.2.254 activate\n"
			      "  no neighbor 192.0.2.10 activate\n"
			      " exit-address-family\n"
			      " address-family l2vpn evpn\n"
			      "  neighbor 192.0.2.254 activate\n"
			      "  neighbor RR activate\n"
			      "  neighbor RR route-reflector-client\n"
			      "  advertise-all-vni\n"
			      "  advertise-default-gw\n"
			      " exit-address-family\n";

static char *print_to_string(const struct evpnd_config *cfg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	config_print(cfg, f);
	fclose(f);
	return buf;
}

static void parse_ok(struct evpnd_config *cfg, const char *text)
{
	struct cfg_error err;
	config_init(cfg);
	int ret = config_parse_string(cfg, text, "t.conf", &err);
	if (ret != 0)
		print_error("%s\n", err.msg);
	assert_int_equal(ret, 0);
}

static void test_fields(void **state)
{
	struct evpnd_config cfg;
	struct cfg_bgp_nbr n;
	(void)state;

	parse_ok(&cfg, full);
	const struct cfg_bgp *b = &cfg.bgp;
	assert_int_equal(b->asn, 65000);
	assert_int_equal(b->router_id.s_addr, inet_addr("198.51.100.1"));
	assert_int_equal(b->n_nbrs, 4);
	assert_int_equal(b->n_listens, 1);
	assert_int_equal(b->listens[0].range.len, 24);
	assert_int_equal(b->n_networks, 1);
	assert_true(b->advertise_all_vni);
	assert_true(b->advertise_default_gw);

	int i = cfg_bgp_nbr_find(b, "192.0.2.254");
	assert_int_equal(i, 1);
	cfg_bgp_nbr_resolve(b, (size_t)i, &n);
	assert_int_equal(n.as_kind, CFG_BGP_AS_NUMBER);
	assert_int_equal(n.remote_as, 65000);
	assert_int_equal(n.keepalive, 3);
	assert_int_equal(n.hold, 9);
	assert_string_equal(n.password, "SECRET");
	assert_int_equal(n.ttl_hops, 1);
	assert_int_equal(n.max_prefix[CFG_BGP_AF_IPV4_UNICAST], 1000);
	assert_true(n.max_prefix_warn_only[CFG_BGP_AF_IPV4_UNICAST]);
	assert_true(n.rr_client[CFG_BGP_AF_IPV4_UNICAST]);
	assert_false(n.rr_client[CFG_BGP_AF_L2VPN_EVPN]);
	assert_true(n.af_active[CFG_BGP_AF_IPV4_UNICAST]);
	assert_true(n.af_active[CFG_BGP_AF_L2VPN_EVPN]);

	// 192.0.2.9 inherits remote-as, timers and evpn activation from RR.
	cfg_bgp_nbr_resolve(b, (size_t)cfg_bgp_nbr_find(b, "192.0.2.9"), &n);
	assert_int_equal(n.remote_as, 65000);
	assert_int_equal(n.hold, 30);
	assert_true(n.af_active[CFG_BGP_AF_L2VPN_EVPN]);
	assert_true(n.af_active[CFG_BGP_AF_IPV4_UNICAST]); // default ipv4-unicast
	// route-reflector-client under l2vpn evpn: for that family only
	assert_true(n.rr_client[CFG_BGP_AF_L2VPN_EVPN]);
	assert_false(n.rr_client[CFG_BGP_AF_IPV4_UNICAST]);

	cfg_bgp_nbr_resolve(b, (size_t)cfg_bgp_nbr_find(b, "192.0.2.10"), &n);
	assert_int_equal(n.as_kind, CFG_BGP_AS_EXTERNAL);
	assert_false(n.af_active[CFG_BGP_AF_IPV4_UNICAST]);
	assert_int_equal(n.hold, 180);
	config_free(&cfg);
}

static const char v6[] = UL "router bgp 65000\n"
			    " neighbor 2001:db8::2 remote-as 65002\n"
			    " neighbor 2001:db8::3 remote-as 65000\n"
			    " address-family ipv4 unicast\n"
			    "  neighbor 2001:db8::2 maximum-prefix 10\n"
			    " exit-address-family\n"
			    " address-family ipv6 unicast\n"
			    "  network 2001:db8:100::/48\n"
			    "  neighbor 2001:db8::2 activate\n"
			    "  neighbor 2001:db8::2 maximum-prefix 20 warning-only\n"
			    " exit-address-family\n";

// IPv6 neighbors, the ipv6 unicast family with its networks, and maximum-prefix
// per family; printed back the same.
static void test_ipv6(void **state)
{
	struct evpnd_config cfg, again;
	struct cfg_bgp_nbr n;
	(void)state;

	parse_ok(&cfg, v6);
	const struct cfg_bgp *b = &cfg.bgp;
	assert_int_equal(b->n_networks, 1);
	assert_int_equal(b->networks[0].addr.family, AF_INET6);
	assert_int_equal(b->networks[0].len, 48);
	cfg_bgp_nbr_resolve(b, (size_t)cfg_bgp_nbr_find(b, "2001:db8::2"), &n);
	assert_int_equal(n.addr.family, AF_INET6);
	assert_true(n.af_active[CFG_BGP_AF_IPV6_UNICAST]);
	assert_true(n.af_active[CFG_BGP_AF_IPV4_UNICAST]);
	assert_int_equal(n.max_prefix[CFG_BGP_AF_IPV4_UNICAST], 10);
	assert_false(n.max_prefix_warn_only[CFG_BGP_AF_IPV4_UNICAST]);
	assert_int_equal(n.max_prefix[CFG_BGP_AF_IPV6_UNICAST], 20);
	assert_true(n.max_prefix_warn_only[CFG_BGP_AF_IPV6_UNICAST]);
	cfg_bgp_nbr_resolve(b, (size_t)cfg_bgp_nbr_find(b, "2001:db8::3"), &n);
	assert_false(n.af_active[CFG_BGP_AF_IPV6_UNICAST]);

	char *first = print_to_string(&cfg);
	assert_non_null(strstr(first, " address-family ipv6 unicast\n  network 2001:db8:100::/48\n"));
	assert_non_null(strstr(first, "  neighbor 2001:db8::2 maximum-prefix 20 warning-only\n"));
	parse_ok(&again, first);
	char *second = print_to_string(&again);
	assert_string_equal(first, second);
	free(first);
	free(second);
	config_free(&cfg);
	config_free(&again);
}

static void test_roundtrip(void **state)
{
	struct evpnd_config cfg, again;
	(void)state;

	parse_ok(&cfg, full);
	char *first = print_to_string(&cfg);
	parse_ok(&again, first);
	char *second = print_to_string(&again);
	assert_string_equal(first, second);
	assert_non_null(strstr(first, " neighbor RR peer-group\n"));
	assert_non_null(strstr(first, "  no neighbor 192.0.2.10 activate\n"));
	free(first);
	free(second);
	config_free(&cfg);
	config_free(&again);
}

struct error_case {
	const char *name;
	const char *text;
	const char *msg;
};

#define RB UL "router bgp 65000\n" // next line is 4

static const struct error_case cases[] = {
	{"not_bgp", "router ospf 1\n", "x.conf:1: unknown section 'router ospf'"},
	{"bad_asn", "router bgp 0\n", "x.conf:1: router bgp: 0 is out of range (1..4294967295)"},
	{"dup_section", RB "router bgp 1\n",
		"x.conf:4: section router bgp already given at line 3"},
	{"no_remote_as", RB " neighbor 192.0.2.1 timers 3 9\n",
		"x.conf:4: router bgp 65000: neighbor 192.0.2.1 is not defined (give 'neighbor "
		"192.0.2.1 remote-as' first)"},
	{"bad_setting", RB " neighbor 192.0.2.1 remote-as 1\n neighbor 192.0.2.1 colour blue\n",
		"x.conf:5: router bgp 65000: neighbor 192.0.2.1: unknown setting 'colour'"},
	{"undefined_group", RB " neighbor 192.0.2.1 peer-group XX\n",
		"x.conf:4: router bgp 65000: neighbor 192.0.2.1: peer-group XX is not defined"},
	{"listen_group", RB " bgp listen range 192.0.2.0/24 peer-group XX\n",
		"x.conf:4: router bgp 65000: bgp listen range: peer-group XX is not defined"},
	{"hold_small", RB " neighbor 192.0.2.1 remote-as 1\n neighbor 192.0.2.1 timers 1 2\n",
		"x.conf:5: router bgp 65000: timers: holdtime 2 must be 0 or at least 3"},
	{"ttl", RB " neighbor 192.0.2.1 remote-as 1\n neighbor 192.0.2.1 ttl-security 1\n",
		"x.conf:5: router bgp 65000: neighbor 192.0.2.1: wrong number of arguments (usage: "
		"neighbor 192.0.2.1 ttl-security hops N)"},
	{"af_unknown", RB " address-family ipv6 multicast\n",
		"x.conf:4: router bgp 65000: address-family ipv6 multicast is not supported (ipv4 "
		"unicast, ipv6 unicast, l2vpn evpn)"},
	{"network_v4_in_v6", RB " address-family ipv6 unicast\n  network 10.0.0.0/24\n",
		"x.conf:5: router bgp 65000: network 10.0.0.0/24: not an IPv6 prefix"},
	{"af_not_closed", RB " address-family ipv4 unicast\n",
		"x.conf:4: router bgp: address-family ipv4 unicast is not closed by "
		"exit-address-family"},
	{"af_nested", RB " address-family ipv4 unicast\n address-family l2vpn evpn\n",
		"x.conf:5: router bgp 65000: address-family ipv4 unicast is still open (line 4): "
		"exit-address-family first"},
	{"network_outside", RB " network 10.0.0.0/24\n",
		"x.conf:4: router bgp 65000: network: only inside address-family ipv4 unicast or "
		"ipv6 unicast"},
	{"network_host_bits", RB " address-family ipv4 unicast\n  network 10.0.0.1/24\n",
		"x.conf:5: router bgp 65000: network 10.0.0.1/24: host bits set"},
	{"network_dup",
		RB " address-family ipv4 unicast\n  network 10.0.0.0/24\n  network 10.0.0.0/24\n",
		"x.conf:6: router bgp 65000: network 10.0.0.0/24 already given at line 5"},
	{"activate_unknown", RB " address-family l2vpn evpn\n  neighbor 192.0.2.1 activate\n",
		"x.conf:5: router bgp 65000: neighbor 192.0.2.1 is not defined"},
	{"vni_outside", RB " advertise-all-vni\n",
		"x.conf:4: router bgp 65000: advertise-all-vni: only inside address-family l2vpn "
		"evpn"},
	{"password_long",
		RB " neighbor 192.0.2.1 remote-as 1\n neighbor 192.0.2.1 password "
		   "0123456789012345678901234567890123456789012345678901234567890123456789012345678"
		   "90\n",
		"x.conf:5: router bgp 65000: password: longer than 80 characters"},
	{"no_router_id", "router bgp 65000\n",
		"x.conf:1: router bgp 65000: no bgp router-id and no IPv4 vtep-address"},
	{"group_no_as", RB " neighbor RR peer-group\n neighbor 192.0.2.1 peer-group RR\n",
		"x.conf:5: router bgp: neighbor 192.0.2.1 has no remote-as"},
	{"exit_outside", RB " exit-address-family\n",
		"x.conf:4: router bgp 65000: exit-address-family outside of an address-family"},
};

static void test_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct evpnd_config cfg;
		struct cfg_error err;
		config_init(&cfg);
		int ret = config_parse_string(&cfg, cases[i].text, "x.conf", &err);
		if (ret != -EINVAL || strcmp(err.msg, cases[i].msg) != 0)
			print_error("case %s: got %d '%s'\n", cases[i].name, ret, err.msg);
		assert_int_equal(ret, -EINVAL);
		assert_string_equal(err.msg, cases[i].msg);
		assert_int_equal(cfg.bgp.asn, 0);
		config_free(&cfg);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
