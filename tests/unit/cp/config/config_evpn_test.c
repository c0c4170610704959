// SPDX-License-Identifier: BSD-3-Clause
// Tests of cp/config/config_evpn.c: vni blocks in address-family l2vpn evpn
// (FRR's syntax), what they store, their printing, and the refused forms.
#include "cp/config/config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#define HEAD                                                                                       \
	"underlay\n"                                                                               \
	" vtep-address 198.51.100.1\n"                                                             \
	"router bgp 65000\n"                                                                       \
	" address-family l2vpn evpn\n"                                                             \
	"  advertise-all-vni\n"
// HEAD is lines 1-5.

static const char good[] = HEAD "  vni 100\n"
				"   rd 198.51.100.1:100\n"
				"   route-target import 65000:100\n"
				"   route-target export 65000:1100\n"
				"   route-target both 4200000000:7\n"
				"  exit-vni\n"
				"  vni 200\n"
				"   advertise-default-gw\n"
				"  exit-vni\n"
				" exit-address-family\n";

static void test_parse(void **state)
{
	struct evpnd_config cfg;
	struct cfg_error err;
	(void)state;

	config_init(&cfg);
	assert_int_equal(config_parse_string(&cfg, good, "x.conf", &err), 0);
	assert_int_equal(cfg.bgp.n_evpn_vnis, 2);
	const struct cfg_evpn_vni *v = &cfg.bgp.evpn_vnis[0];
	assert_int_equal(v->vni, 100);
	assert_true(v->rd_set);
	// RD type 1: 198.51.100.1:100
	static const uint8_t rd[8] = {0, 1, 198, 51, 100, 1, 0, 100};
	assert_memory_equal(v->rd, rd, 8);
	assert_int_equal(v->n_rts, 3);
	assert_int_equal(v->rts[0].dir, CFG_EVPN_RT_IMPORT);
	assert_int_equal(v->rts[1].dir, CFG_EVPN_RT_EXPORT);
	assert_int_equal(v->rts[2].dir, CFG_EVPN_RT_BOTH);
	assert_int_equal(v->rts[2].rt[0], 0x02); // 4-octet AS form
	assert_false(cfg.bgp.evpn_vnis[1].rd_set);
	assert_int_equal(cfg.bgp.evpn_vnis[1].n_rts, 0);
	assert_false(v->advertise_default_gw);
	assert_true(cfg.bgp.evpn_vnis[1].advertise_default_gw);
	config_free(&cfg);
}

static void test_print_roundtrip(void **state)
{
	struct evpnd_config a, b;
	struct cfg_error err;
	char *t1 = NULL, *t2 = NULL;
	size_t l1, l2;
	(void)state;

	config_init(&a);
	config_init(&b);
	assert_int_equal(config_parse_string(&a, good, "x.conf", &err), 0);
	FILE *f = open_memstream(&t1, &l1);
	config_print(&a, f);
	fclose(f);
	assert_non_null(strstr(t1, "  vni 100\n   rd 198.51.100.1:100\n"
				   "   route-target import 65000:100\n"
				   "   route-target export 65000:1100\n"
				   "   route-target both 4200000000:7\n  exit-vni\n"));
	assert_non_null(strstr(t1, "  vni 200\n   advertise-default-gw\n  exit-vni\n"));
	assert_int_equal(config_parse_string(&b, t1, "printed", &err), 0);
	f = open_memstream(&t2, &l2);
	config_print(&b, f);
	fclose(f);
	assert_string_equal(t1, t2);
	free(t1);
	free(t2);
	config_free(&a);
	config_free(&b);
}

struct error_case {
	const char *text;
	const char *msg;
};

static const struct error_case cases[] = {
	{HEAD "  vni 100\n  neighbor 1.2.3.4 activate\n",
		"x.conf:7: router bgp 65000: 'neighbor' inside vni 100 (line 6): only rd, "
		"route-target, advertise-default-gw and exit-vni; exit-vni first"},
	{HEAD "  vni 100\n   advertise-default-gw now\n  exit-vni\n",
		"x.conf:7: router bgp 65000: advertise-default-gw: takes no arguments"},
	{HEAD "  vni 100\n", "x.conf:6: router bgp: vni 100 is not closed by exit-vni"},
	{HEAD "  rd 1.2.3.4:5\n",
		"x.conf:6: router bgp 65000: rd: only inside a vni block (vni N ... exit-vni)"},
	{HEAD "  vni 100\n   rd 1.2.3.4:5\n   rd 1.2.3.4:6\n",
		"x.conf:8: router bgp 65000: vni 100: rd already set at line 7"},
	{HEAD "  vni 100\n   rd nonsense\n",
		"x.conf:7: router bgp 65000: vni 100: rd nonsense: expected A.B.C.D:N or AS:N"},
	{HEAD "  vni 100\n   route-target import 1:1\n   route-target both 1:1\n",
		"x.conf:8: router bgp 65000: vni 100: route-target both 1:1 already given"},
	{HEAD "  vni 100\n  exit-vni\n  vni 100\n",
		"x.conf:8: router bgp 65000: vni 100 already given at line 6"},
	{HEAD "  vni 0\n", "x.conf:6: router bgp 65000: vni: 0 is out of range (1..16777215)"},
	{HEAD "  vtep-address-family ipv5\n",
		"x.conf:6: router bgp 65000: vtep-address-family: usage: vtep-address-family "
		"{ipv4|ipv6}"},
	{HEAD "  vtep-address-family ipv4\n  vtep-address-family ipv4\n",
		"x.conf:7: router bgp 65000: vtep-address-family already given at line 6"},
	{"router bgp 65000\n vtep-address-family ipv6\n",
		"x.conf:2: router bgp 65000: vtep-address-family: only inside address-family l2vpn "
		"evpn"},
	{"router bgp 65000\n vni 100\n",
		"x.conf:2: router bgp 65000: vni 100: only inside address-family l2vpn evpn"},
};

static void test_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct evpnd_config cfg;
		struct cfg_error err;
		config_init(&cfg);
		assert_int_not_equal(config_parse_string(&cfg, cases[i].text, "x.conf", &err), 0);
		assert_string_equal(err.msg, cases[i].msg);
		assert_int_equal(cfg.bgp.n_evpn_vnis, 0);
	}
}

// Which vtep-address the EVPN routes carry (cfg_evpn_vtep), and what is refused.
#define V4 " vtep-address 198.51.100.1\n"
#define V6 " vtep-address 2001:db8::1\n"
#define BGP(extra)                                                                                 \
	"router bgp 65000\n bgp router-id 192.0.2.1\n address-family l2vpn evpn\n"                 \
	"  advertise-all-vni\n" extra " exit-address-family\n"

static int vtep_family(const char *text, const char **msg)
{
	static struct cfg_error err;
	struct evpnd_config cfg;
	int fam = -1;

	config_init(&cfg);
	*msg = "";
	if (config_parse_string(&cfg, text, "x.conf", &err) == 0)
		fam = cfg_evpn_vtep(&cfg) ? cfg_evpn_vtep(&cfg)->family : 0;
	else
		*msg = err.msg;
	config_free(&cfg);
	return fam;
}

static void test_vtep_rule(void **state)
{
	const char *msg;
	(void)state;

	assert_int_equal(vtep_family("underlay\n" V4 BGP(""), &msg), AF_INET);
	assert_int_equal(vtep_family("underlay\n" V6 BGP(""), &msg), AF_INET6);
	assert_int_equal(vtep_family("underlay\n" V4 V6 BGP(""), &msg), AF_INET);
	assert_int_equal(vtep_family("underlay\n" V4 V6 BGP("  vtep-address-family ipv6\n"), &msg),
		AF_INET6);
	assert_int_equal(
		vtep_family("underlay\n" V6 BGP("  vtep-address-family ipv6\n"), &msg), AF_INET6);
	assert_int_equal(
		vtep_family("underlay\n" V4 V6 BGP("  vtep-address-family ipv4\n"), &msg), AF_INET);
	// the family asked for is not there
	assert_int_equal(
		vtep_family("underlay\n" V4 BGP("  vtep-address-family ipv6\n"), &msg), -1);
	assert_string_equal(msg,
		"x.conf:7: vtep-address-family ipv6: no IPv6 vtep-address in section underlay");
	assert_int_equal(
		vtep_family("underlay\n" V6 BGP("  vtep-address-family ipv4\n"), &msg), -1);
	assert_string_equal(msg,
		"x.conf:7: vtep-address-family ipv4: no IPv4 vtep-address in section underlay");
	// none at all
	assert_int_equal(vtep_family(BGP(""), &msg), -1);
	assert_string_equal(msg, "x.conf:4: advertise-all-vni needs a vtep-address in section "
				 "underlay (evpnd's EVPN routes carry it)");
}

static void test_vtep_family_print(void **state)
{
	struct evpnd_config a, b;
	struct cfg_error err;
	char *t1 = NULL, *t2 = NULL;
	size_t l1, l2;
	(void)state;

	config_init(&a);
	config_init(&b);
	assert_int_equal(
		config_parse_string(
			&a, "underlay\n" V4 V6 BGP("  vtep-address-family ipv6\n"), "x.conf", &err),
		0);
	FILE *f = open_memstream(&t1, &l1);
	config_print(&a, f);
	fclose(f);
	assert_non_null(strstr(t1, "  advertise-all-vni\n  vtep-address-family ipv6\n"));
	assert_int_equal(config_parse_string(&b, t1, "printed", &err), 0);
	assert_int_equal(b.bgp.evpn_vtep_family, AF_INET6);
	f = open_memstream(&t2, &l2);
	config_print(&b, f);
	fclose(f);
	assert_string_equal(t1, t2);
	free(t1);
	free(t2);
	config_free(&a);
	config_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_print_roundtrip),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_vtep_rule),
		cmocka_unit_test(test_vtep_family_print),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
