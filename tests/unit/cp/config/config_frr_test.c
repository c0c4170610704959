// SPDX-License-Identifier: BSD-3-Clause
// Tests of FRR's own lines (cp/config/config_frr.c): each one applied, accepted
// with exactly one warning naming its line, or refused with what evpnd does
// instead; and the applied ones print back (parse -> print -> parse).
#include "cp/config/config.h"
#include "cp/cp_log.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include <cmocka.h>

// Lines 1-6: an uplink with an address and a kernel interface.
#define BASE                                                                                       \
	"dataplane\n"                                                                              \
	" port uplink0 devargs net_null0\n"                                                        \
	"underlay\n"                                                                               \
	" vtep-address 198.51.100.1\n"                                                             \
	" address 192.0.2.1/24 port uplink0\n"                                                     \
	" kernel-interface evpnd0 port uplink0\n"

static void parse_ok(struct evpnd_config *cfg, const char *text, struct cfg_error *err)
{
	config_init(cfg);
	int ret = config_parse_string(cfg, text, "f.conf", err);
	if (ret != 0)
		print_error("%s\n", err->all);
	assert_int_equal(ret, 0);
}

static int count_lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

// The lines FRR writes around router bgp: applied or one warning each.
static void test_toplevel(void **state)
{
	struct evpnd_config cfg;
	struct cfg_error err;

	(void)state;
	parse_ok(&cfg,
		"frr version 8.4.4\n"		    // 1: warning
		"frr defaults datacenter\n"	    // 2: warning
		"hostname vtep1\n"		    // 3
		"log syslog informational\n"	    // 4
		"log file /var/log/frr/bgpd.log\n"  // 5: warning
		"service integrated-vtysh-config\n" // 6: warning
		"no ipv6 forwarding\n"		    // 7: warning
		"!\n" BASE			    // 8-14
		"router bgp 65000\n"		    // 15
		" bgp router-id 198.51.100.1\n"
		"exit\n"
		"!\n"
		"line vty\n" // 19: warning
		" exec-timeout 0 0\n"
		"!\n"
		"end\n",
		&err);
	assert_string_equal(cfg.hostname, "vtep1");
	assert_true(cfg.log.syslog);
	assert_int_equal(cfg.log.syslog_level, LOG_INFO);
	assert_int_equal(err.n_warnings, 6);
	assert_int_equal(count_lines(err.warnings), 6); // one line each
	assert_non_null(strstr(err.warnings, "f.conf:1: ignored: frr version"));
	assert_non_null(strstr(err.warnings, "f.conf:2: ignored: frr defaults (evpnd's defaults"));
	assert_non_null(strstr(err.warnings, "f.conf:5: ignored: log file"));
	assert_non_null(strstr(err.warnings, "f.conf:6: ignored: service"));
	assert_non_null(strstr(err.warnings, "f.conf:7: ignored: ip/ipv6 forwarding"));
	assert_non_null(strstr(err.warnings, "f.conf:19: ignored: line vty"));
	config_free(&cfg);

	// FRR's debugs evpnd has are turned on; the others ignored; printed back
	parse_ok(&cfg, "debug bgp updates\ndebug evpn mac\ndebug bgp zebra\ndebug bgp\n", &err);
	assert_int_equal(cfg.debug_flags, 1u << CP_DEBUG_BGP_UPDATES | 1u << CP_DEBUG_EVPN_MAC);
	assert_non_null(strstr(err.warnings, "f.conf:3: ignored: this debug (evpnd has debug bgp "
					      "updates|neighbor-events|keepalives, debug evpn mac|route)"));
	assert_non_null(strstr(err.warnings, "f.conf:4: ignored: this debug"));
	{
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		config_print(&cfg, f);
		fclose(f);
		assert_non_null(strstr(buf, "debug bgp updates\ndebug evpn mac\n"));
		free(buf);
	}
	config_free(&cfg);

	parse_ok(&cfg, "log syslog\n", &err);
	assert_int_equal(cfg.log.syslog_level, LOG_INFO);
	parse_ok(&cfg, "log syslog debugging\n", &err);
	assert_int_equal(cfg.log.syslog_level, LOG_DEBUG);
	assert_int_equal(config_parse_string(&cfg, "log syslog loud\n", "f.conf", &err), -EINVAL);
	assert_string_equal(err.msg, "f.conf:1: log syslog: usage: log syslog [LEVEL] (LEVEL: "
				     "emergencies .. informational, debugging)");
}

#define RB BASE "router bgp 65000\n" // router bgp at line 7

// Neighbor and global lines of router bgp: applied ones, ignored ones.
static void test_bgp_lines(void **state)
{
	struct evpnd_config cfg;
	struct cfg_error err;
	struct cfg_bgp_nbr n;

	(void)state;
	parse_ok(&cfg,
		RB " bgp log-neighbor-changes\n"			 // 8
		   " bgp graceful-restart\n"				 // 9
		   " timers bgp 3 9\n"					 // 10
		   " bgp bestpath as-path multipath-relax\n"		 // 11: warning
		   " no bgp ebgp-requires-policy\n"			 // 12
		   " neighbor 192.0.2.2 remote-as 65000\n"		 // 13
		   " neighbor 192.0.2.2 description the spine, rack 4\n" // 14
		   " neighbor 192.0.2.2 shutdown\n"			 // 15
		   " neighbor 192.0.2.2 update-source evpnd0\n"		 // 16
		   " neighbor 192.0.2.2 ebgp-multihop 2\n"		 // 17: warning
		   " neighbor 192.0.2.3 remote-as 65000\n"		 // 18
		   " neighbor 192.0.2.3 timers 10 30\n"
		   " neighbor 192.0.2.3 update-source uplink0\n"
		   " address-family l2vpn evpn\n"
		   "  neighbor 192.0.2.2 activate\n"
		   "  neighbor 192.0.2.2 soft-reconfiguration inbound\n" // 23: warning
		   "  neighbor 192.0.2.2 send-community both\n"		 // 24: warning
		   "  neighbor 192.0.2.2 next-hop-self\n"		 // 25: warning
		   "  neighbor 192.0.2.2 attribute-unchanged next-hop\n" // 26: warning
		   " exit-address-family\n",
		&err);
	assert_true(cfg.bgp.graceful_restart);
	assert_int_equal(err.n_warnings, 6);
	assert_int_equal(count_lines(err.warnings), 6);
	assert_non_null(strstr(err.warnings, "f.conf:11: ignored: bgp best-path option"));
	assert_non_null(
		strstr(err.warnings, "f.conf:17: ignored: neighbor 192.0.2.2 ebgp-multihop"));
	assert_non_null(strstr(
		err.warnings, "f.conf:23: ignored: neighbor 192.0.2.2 soft-reconfiguration"));
	assert_non_null(
		strstr(err.warnings, "f.conf:24: ignored: neighbor 192.0.2.2 send-community"));
	assert_non_null(
		strstr(err.warnings, "f.conf:25: ignored: neighbor 192.0.2.2 next-hop-self"));
	assert_non_null(
		strstr(err.warnings, "f.conf:26: ignored: neighbor 192.0.2.2 attribute-unchanged"));

	cfg_bgp_nbr_resolve(&cfg.bgp, 0, &n);
	assert_true(n.shutdown);
	assert_string_equal(n.description, "the spine, rack 4");
	assert_int_equal(n.keepalive, 3); // timers bgp: the default
	assert_int_equal(n.hold, 9);
	assert_int_equal(n.update_source.family, AF_INET); // evpnd0 -> uplink0's address
	assert_int_equal(n.update_source.v4.s_addr, htonl(0xc0000201));
	cfg_bgp_nbr_resolve(&cfg.bgp, 1, &n);
	assert_false(n.shutdown);
	assert_int_equal(n.keepalive, 10); // its own timers win
	assert_int_equal(n.hold, 30);
	assert_int_equal(n.update_source.v4.s_addr, htonl(0xc0000201));
	config_free(&cfg);

	// An FRR VTEP's "update-source lo" (its VTEP address on lo): our vtep-address.
	parse_ok(&cfg, RB " neighbor 192.0.2.2 remote-as 65000\n neighbor 192.0.2.2 update-source lo\n",
		&err);
	cfg_bgp_nbr_resolve(&cfg.bgp, 0, &n);
	assert_int_equal(n.update_source.family, AF_INET);
	assert_int_equal(n.update_source.v4.s_addr, htonl(0xc6336401)); // 198.51.100.1
	config_free(&cfg);
}

// A peer-group's shutdown and update-source IFNAME reach its members.
static void test_group_inherits(void **state)
{
	struct evpnd_config cfg;
	struct cfg_error err;
	struct cfg_bgp_nbr n;

	(void)state;
	parse_ok(&cfg,
		RB " neighbor G peer-group\n neighbor G remote-as internal\n"
		   " neighbor G shutdown\n neighbor G update-source evpnd0\n"
		   " neighbor 192.0.2.9 peer-group G\n"
		   " bgp listen range 192.0.2.0/24 peer-group G\n",
		&err);
	cfg_bgp_nbr_resolve(&cfg.bgp, 1, &n);
	assert_true(n.shutdown);
	assert_int_equal(n.update_source.v4.s_addr, htonl(0xc0000201));
	cfg_bgp_nbr_resolve(&cfg.bgp, 0, &n); // the group itself, as listen ranges use it
	assert_int_equal(n.update_source.v4.s_addr, htonl(0xc0000201));
	config_free(&cfg);
}

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

// The applied lines print back, and the print parses to the same printout.
static void test_roundtrip(void **state)
{
	struct evpnd_config cfg, again;
	struct cfg_error err;

	(void)state;
	parse_ok(&cfg,
		"hostname vtep1\nlog syslog warnings\n" RB " bgp graceful-restart\n"
		" bgp graceful-restart restart-time 300\n bgp graceful-restart select-defer-time 60\n"
		" timers bgp 3 9\n neighbor 192.0.2.2 remote-as 65000\n"
		" neighbor 192.0.2.2 description spine 1\n neighbor 192.0.2.2 shutdown\n"
		" neighbor 192.0.2.2 update-source evpnd0\n",
		&err);
	char *text = print_to_string(&cfg);
	assert_non_null(strstr(text, "hostname vtep1\n"));
	assert_non_null(strstr(text, "log syslog warnings\n"));
	assert_non_null(strstr(text, " bgp graceful-restart\n"));
	assert_non_null(strstr(text, " bgp graceful-restart restart-time 300\n"));
	assert_non_null(strstr(text, " bgp graceful-restart select-defer-time 60\n"));
	assert_int_equal(cfg.bgp.gr_restart_time, 300);
	assert_int_equal(cfg.bgp.gr_select_defer_time, 60);
	assert_non_null(strstr(text, " timers bgp 3 9\n"));
	assert_non_null(strstr(text, " neighbor 192.0.2.2 description spine 1\n"));
	assert_non_null(strstr(text, " neighbor 192.0.2.2 shutdown\n"));
	assert_non_null(strstr(text, " neighbor 192.0.2.2 update-source evpnd0\n"));
	parse_ok(&again, text, &err);
	char *text2 = print_to_string(&again);
	assert_string_equal(text, text2);
	free(text);
	free(text2);
	config_free(&cfg);
	config_free(&again);
}

struct refusal {
	const char *line;
	const char *msg; // the whole expected message
};

// What evpnd cannot honour is refused with what it does instead, not with a
// misleading message ("neighbor eth0 is not defined", "bad address 'lo'").
static const struct refusal refusals[] = {
	{" neighbor eth0 interface remote-as internal\n",
		"f.conf:8: router bgp 65000: neighbor eth0 interface is not supported: unnumbered "
		"BGP needs IPv6 link-local sessions; evpnd needs the neighbor's address: "
		"'neighbor ADDRESS remote-as ...'"},
	{" neighbor eth0 remote-as internal\n",
		"f.conf:8: router bgp 65000: neighbor eth0: not an address nor a defined "
		"peer-group (define a group with 'neighbor eth0 peer-group'; unnumbered neighbors "
		"on an interface are not supported)"},
	{" neighbor 192.0.2.2 remote-as 1\n neighbor 192.0.2.2 interface eth0\n",
		"f.conf:9: router bgp 65000: neighbor 192.0.2.2 interface is not supported: "
		"evpnd needs the neighbor's address: 'neighbor ADDRESS remote-as ...'"},
	{" neighbor 192.0.2.2 remote-as 1\n neighbor 192.0.2.2 route-map RM in\n",
		"f.conf:9: router bgp 65000: neighbor 192.0.2.2 route-map is not supported: evpnd "
		"has no routing policy: it takes and advertises every route of the activated "
		"families (maximum-prefix bounds what a neighbor sends)"},
	{" neighbor 192.0.2.2 remote-as 1\n neighbor 192.0.2.2 allowas-in 1\n",
		"f.conf:9: router bgp 65000: neighbor 192.0.2.2 allowas-in is not supported: evpnd "
		"drops a route with its own AS in the AS_PATH (RFC 4271); use iBGP or an AS per "
		"site"},
	{" neighbor 192.0.2.2 remote-as 1\n neighbor 192.0.2.2 local-as 2\n",
		"f.conf:9: router bgp 65000: neighbor 192.0.2.2 local-as is not supported: evpnd "
		"speaks with the AS of router bgp to every neighbor"},
	{" neighbor 192.0.2.2 remote-as 1\n neighbor 192.0.2.2 bfd\n",
		"f.conf:9: router bgp 65000: neighbor 192.0.2.2 bfd is not supported: evpnd finds "
		"a dead neighbor by its hold timer: lower it with 'neighbor X timers 3 9'"},
	{" neighbor 192.0.2.2 remote-as 1\n address-family ipv4 unicast\n"
	 "  neighbor 192.0.2.2 route-map RM out\n exit-address-family\n",
		"f.conf:10: router bgp 65000: neighbor 192.0.2.2 route-map is not supported: evpnd "
		"has no routing policy: it takes and advertises every route of the activated "
		"families (maximum-prefix bounds what a neighbor sends)"},
	{" neighbor 192.0.2.2 remote-as 65000\n neighbor 192.0.2.2 update-source eth9\n",
		"f.conf:8: router bgp: neighbor 192.0.2.2: update-source eth9: no port nor "
		"kernel-interface of that name with an IPv4 underlay address, nor lo with a "
		"vtep-address (evpnd resolves the interface names of its own config only; else "
		"give the address)"},
	{" neighbor 2001:db8::2 remote-as 65000\n neighbor 2001:db8::2 update-source lo\n",
		"f.conf:8: router bgp: neighbor 2001:db8::2: update-source lo: no port nor "
		"kernel-interface of that name with an IPv6 underlay address, nor lo with a "
		"vtep-address (evpnd resolves the interface names of its own config only; else "
		"give the address)"},
	{"interface lo\n ip address 198.51.100.1/32\n",
		"f.conf:8: interface blocks are not supported: give underlay addresses in section "
		"underlay ('address PREFIX port NAME'), the host interfaces as bridge-domain "
		"members"},
};

static void test_refusals(void **state)
{
	struct evpnd_config cfg;
	struct cfg_error err;
	char text[1024];

	(void)state;
	for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		config_init(&cfg);
		snprintf(text, sizeof(text), "%s%s", RB, refusals[i].line);
		int ret = config_parse_string(&cfg, text, "f.conf", &err);
		if (ret != -EINVAL || strcmp(err.msg, refusals[i].msg) != 0)
			print_error("case %zu: got %d '%s'\n", i, ret, err.msg);
		assert_int_equal(ret, -EINVAL);
		assert_string_equal(err.msg, refusals[i].msg);
		if (err.n_errors != 1)
			print_error("case %zu: %s", i, err.all);
		assert_int_equal(err.n_errors, 1); // one line, one error
	}
}

// tests/config/frr-vtep.conf: FRR's own show running-config of a VTEP, pasted
// after evpnd's sections. Accepted; what evpnd applies is applied.
static void test_frr_vtep_fixture(void **state)
{
	struct evpnd_config cfg;
	struct cfg_error err;
	struct cfg_bgp_nbr n;
	int i;

	(void)state;
	config_init(&cfg);
	int ret = config_parse_file(&cfg, CONFIG_DIR "/frr-vtep.conf", &err);
	if (ret != 0)
		print_error("%s", err.all);
	assert_int_equal(ret, 0);
	assert_int_equal(err.n_warnings, 11);
	assert_int_equal(count_lines(err.warnings), 11);
	assert_string_equal(cfg.hostname, "vm"); // vtysh printed zebra's after bgpd's
	assert_true(cfg.log.syslog);
	assert_int_equal(cfg.log.syslog_level, LOG_INFO);
	assert_int_equal(cfg.bgp.asn, 65000);
	assert_false(cfg.bgp.default_ipv4_unicast);
	assert_true(cfg.bgp.graceful_restart);
	assert_true(cfg.bgp.advertise_all_vni);
	assert_true((i = cfg_bgp_nbr_find(&cfg.bgp, "192.0.2.1")) >= 0);
	cfg_bgp_nbr_resolve(&cfg.bgp, (size_t)i, &n);
	assert_string_equal(n.description, "rr1");
	assert_false(n.shutdown);
	assert_int_equal(n.as_kind, CFG_BGP_AS_INTERNAL); // from peer-group central
	assert_true(n.ext_nexthop);
	assert_true(n.af_active[CFG_BGP_AF_L2VPN_EVPN]);
	assert_int_equal(n.keepalive, 5); // timers bgp 5 15
	assert_int_equal(n.hold, 15);
	assert_int_equal(n.update_source.v4.s_addr, htonl(0xc000020b)); // eth0: 192.0.2.11
	assert_true((i = cfg_bgp_nbr_find(&cfg.bgp, "192.0.2.2")) >= 0);
	cfg_bgp_nbr_resolve(&cfg.bgp, (size_t)i, &n);
	assert_true(n.shutdown);
	assert_string_equal(n.description, "rr2 (spare)");
	assert_true((i = cfg_bgp_nbr_find(&cfg.bgp, "192.0.2.3")) >= 0);
	cfg_bgp_nbr_resolve(&cfg.bgp, (size_t)i, &n);
	assert_int_equal(n.remote_as, 65003);
	assert_true(n.af_active[CFG_BGP_AF_L2VPN_EVPN]);
	config_free(&cfg);
}

// tests/config/frr-rr.conf: a route reflector's, with a listen range on a peer-group.
static void test_frr_rr_fixture(void **state)
{
	struct evpnd_config cfg;
	struct cfg_error err;
	struct cfg_bgp_nbr g;

	(void)state;
	config_init(&cfg);
	int ret = config_parse_file(&cfg, CONFIG_DIR "/frr-rr.conf", &err);
	if (ret != 0)
		print_error("%s", err.all);
	assert_int_equal(ret, 0);
	assert_int_equal(err.n_warnings, 7);
	assert_int_equal(cfg.bgp.cluster_id.s_addr, htonl(0xc6336403)); // 198.51.100.3
	assert_int_equal(cfg.bgp.n_listens, 1);
	assert_int_equal(cfg.bgp.listens[0].range.len, 24);
	cfg_bgp_nbr_resolve(&cfg.bgp, (size_t)cfg.bgp.listens[0].group, &g);
	assert_string_equal(g.name, "central");
	assert_int_equal(g.as_kind, CFG_BGP_AS_INTERNAL);
	assert_true(g.ext_nexthop);
	assert_true(g.af_active[CFG_BGP_AF_L2VPN_EVPN]);
	assert_false(g.af_active[CFG_BGP_AF_IPV4_UNICAST]); // no bgp default ipv4-unicast
	assert_true(g.rr_client[CFG_BGP_AF_L2VPN_EVPN]);
	config_free(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_toplevel),
		cmocka_unit_test(test_bgp_lines),
		cmocka_unit_test(test_group_inherits),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_frr_vtep_fixture),
		cmocka_unit_test(test_frr_rr_fixture),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
