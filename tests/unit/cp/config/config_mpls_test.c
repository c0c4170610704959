// SPDX-License-Identifier: BSD-3-Clause
// Tests of cp/config/config_mpls.c, config_mpls_check.c and the MPLS lines of a bridge
// domain: a good PE and P configuration parse to what they say and print back the
// same; every error message, with its line.
#include "cp/config/config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

// lines 1-6
#define BASE                                                                               \
	"dataplane\n"                                                                      \
	" port host0 devargs net_null0\n"                                                  \
	" port uplink0 devargs net_null1\n"                                                \
	"underlay\n"                                                                       \
	" vtep-address 198.51.100.1\n"                                                     \
	" address 10.0.12.1/24 port uplink0\n"

// lines 7-10
#define MPLS                                                                               \
	"mpls\n"                                                                           \
	" label dynamic-block 1000 1001\n"                                                 \
	" lsp 16001 10.0.12.2 implicit-null\n"                                             \
	" transport 198.51.100.2 push 16002 16003 nexthop 10.0.12.2\n"

static const char good[] = BASE MPLS
	" lsp 16004 10.0.12.2 16005\n"
	" node-label 16009\n"
	" transport 198.51.100.3 push implicit-null nexthop 10.0.12.3 entropy-label\n"
	" transport 198.51.100.4 udp\n"
	"bridge-domain 100\n"
	" vni 100\n"
	" member host0 untagged\n"
	" encapsulation mpls\n"
	" control-word\n"
	" mac 02:00:00:00:00:02 remote-vtep 198.51.100.2 label 2000\n"
	" flood-vtep 198.51.100.2 label 2001\n"
	" flood-vtep 198.51.100.3 label 3001\n"
	"bridge-domain 200\n"
	" vni 200\n"
	" encapsulation mpls\n"
	"bridge-domain 300\n"
	" vni 300\n";

static char *print(const struct evpnd_config *cfg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	config_print(cfg, f);
	fclose(f);
	return buf;
}

static void test_good(void **state)
{
	struct evpnd_config cfg, again;
	struct cfg_error err;
	char *text, *text2;
	(void)state;

	config_init(&cfg);
	config_init(&again);
	assert_int_equal(config_parse_string(&cfg, good, "x.conf", &err), 0);
	// remote PEs are reached by their transport: no "no underlay route" warning
	assert_string_equal(err.warnings, "");
	assert_int_equal(cfg.mpls.block_lo, 1000);
	assert_int_equal(cfg.mpls.n_lsps, 3);
	assert_true(cfg.mpls.lsps[2].local);
	assert_true(cfg.mpls.lsps[0].implicit_null);
	assert_int_equal(cfg.mpls.lsps[1].out_label, 16005);
	assert_int_equal(cfg.mpls.n_transports, 3);
	assert_true(cfg.mpls.transports[2].udp);
	assert_false(cfg.mpls.transports[1].udp);
	assert_int_equal(cfg.mpls.transports[0].n_labels, 2);
	assert_int_equal(cfg.mpls.transports[0].labels[1], 16003);
	assert_int_equal(cfg.mpls.transports[1].n_labels, 0);
	assert_false(cfg.mpls.transports[0].entropy_label);
	assert_true(cfg.mpls.transports[1].entropy_label);
	assert_true(cfg.bds[0].mpls && cfg.bds[0].control_word);
	assert_int_equal(cfg.bds[0].macs[0].label, 2000);
	assert_int_equal(cfg.bds[0].flood_labels[1], 3001);
	// one label per MPLS domain, in file order; none for a VXLAN one
	assert_int_equal(cfg_bd_label(&cfg, &cfg.bds[0]), 1000);
	assert_int_equal(cfg_bd_label(&cfg, &cfg.bds[1]), 1001);
	assert_int_equal(cfg_bd_label(&cfg, &cfg.bds[2]), 0);
	assert_non_null(cfg_mpls_transport(&cfg, &cfg.bds[0].flood_vteps[1]));
	text = print(&cfg);
	assert_non_null(strstr(text, " lsp 16001 10.0.12.2 implicit-null\n"));
	assert_non_null(strstr(text, " node-label 16009\n"));
	assert_non_null(strstr(text, " transport 198.51.100.4 udp\n"));
	assert_non_null(strstr(text,
		" transport 198.51.100.3 push implicit-null nexthop 10.0.12.3 entropy-label\n"));
	assert_non_null(strstr(text, " flood-vtep 198.51.100.2 label 2001\n"));
	assert_int_equal(config_parse_string(&again, text, "printed", &err), 0);
	text2 = print(&again);
	assert_string_equal(text, text2);
	free(text);
	free(text2);
	config_free(&cfg);
	config_free(&again);
}

static const struct {
	const char *name, *text, *want;
} bad[] = {
	{"block order", BASE "mpls\n label dynamic-block 2000 1000\n",
		"x.conf:8: mpls: label dynamic-block: 1000 is below 2000"},
	{"block reserved", BASE "mpls\n label dynamic-block 15 1000\n", "x.conf:8: mpls: label "},
	{"two sections", BASE MPLS "mpls\n", "x.conf:11: mpls: section already given at line 7"},
	{"lsp twice", BASE MPLS " lsp 16001 10.0.12.2 16009\n",
		"x.conf:11: mpls: lsp 16001 already configured at line 9"},
	{"transport twice", BASE MPLS " transport 198.51.100.2 push 16 nexthop 10.0.12.2\n",
		"x.conf:11: mpls: transport 198.51.100.2 already configured at line 10"},
	{"too many labels", BASE MPLS " transport 198.51.100.9 push 16 17 18 19 20 nexthop 10.0.12.2\n",
		"x.conf:11: mpls: transport: more than 4 labels"},
	{"no labels", BASE MPLS " transport 198.51.100.9 push nexthop 10.0.12.2 entropy-label\n",
		"x.conf:11: mpls: transport: usage: transport PE udp | push LABEL... | implicit-null "
		"nexthop ADDRESS [entropy-label]"},
	{"udp and more", BASE MPLS " transport 198.51.100.9 udp 16\n",
		"x.conf:11: mpls: transport: usage: transport PE udp | push LABEL"},
	{"udp without vtep6", BASE MPLS " transport 2001:db8::9 udp\n",
		"x.conf:11: mpls: transport 2001:db8::9 udp: no vtep-address of its family"},
	{"node-label twice", BASE MPLS " node-label 16001\n",
		"x.conf:11: mpls: lsp 16001 already configured at line 9"},
	{"lsp in block", BASE MPLS " lsp 1001 10.0.12.2 16009\n",
		"x.conf:11: mpls: lsp 1001 is inside the label dynamic-block 1000-1001"},
	{"lsp not connected", BASE MPLS " lsp 16009 10.9.0.1 16009\n",
		"x.conf:11: mpls: lsp 16009: next hop 10.9.0.1 is on no connected underlay subnet"},
	{"transport not connected", BASE MPLS " transport 198.51.100.9 push 16 nexthop 10.9.0.1\n",
		"x.conf:11: mpls: transport 198.51.100.9: next hop 10.9.0.1 is on no connected "
		"underlay subnet"},
	{"bad encapsulation", BASE "bridge-domain 1\n vni 1\n encapsulation gre\n",
		"x.conf:9: bridge-domain 1: encapsulation: expected 'mpls' or 'vxlan', not 'gre'"},
	{"flood-vtep label word", BASE "bridge-domain 1\n vni 1\n flood-vtep 198.51.100.2 lable\n",
		"x.conf:9: bridge-domain 1: flood-vtep: expected 'flood-vtep IP [label L]'"},
	{"label on vxlan", BASE "bridge-domain 1\n vni 1\n flood-vtep 198.51.100.2 label 99\n",
		"x.conf:7: bridge-domain 1: 198.51.100.2: a label needs encapsulation mpls"},
	{"no label", BASE MPLS "bridge-domain 1\n vni 1\n encapsulation mpls\n"
		" mac 02:00:00:00:00:02 remote-vtep 198.51.100.2\n",
		"x.conf:14: bridge-domain 1: remote PE 198.51.100.2 needs its label (encapsulation "
		"mpls)"},
	{"no transport", BASE MPLS "bridge-domain 1\n vni 1\n encapsulation mpls\n"
		" flood-vtep 198.51.100.7 label 77\n",
		"x.conf:11: bridge-domain 1: remote PE 198.51.100.7 has no transport in section mpls"},
	{"cw on vxlan", BASE "bridge-domain 1\n vni 1\n control-word\n",
		"x.conf:9: bridge-domain 1: control-word needs encapsulation mpls"},
	{"no block", BASE "bridge-domain 1\n vni 1\n encapsulation mpls\n",
		"x.conf:9: bridge-domain 1: encapsulation mpls needs a label dynamic-block in "
		"section mpls"},
	{"vrf bad encapsulation", BASE "vrf red\n vni 5000\n encapsulation gre\n",
		"x.conf:9: vrf red: encapsulation: expected 'mpls' or 'vxlan', not 'gre'"},
	{"vrf mpls without vni", BASE MPLS "vrf red\n encapsulation mpls\n",
		"x.conf:12: vrf red: encapsulation mpls needs its vni"},
	{"vrf no block", BASE "vrf red\n vni 5000\n encapsulation mpls\n",
		"x.conf:9: vrf red: encapsulation mpls needs a label dynamic-block in section "
		"mpls"},
	{"vrf block full", BASE MPLS "vrf red\n vni 5000\n encapsulation mpls\n"
		"bridge-domain 1\n vni 1\n encapsulation mpls\n vrf red\n"
		"bridge-domain 2\n vni 2\n encapsulation mpls\n",
		"x.conf:13: vrf red: no label left in the label dynamic-block 1000-1001"},
	{"vrf mixed", BASE MPLS "vrf red\n vni 5000\n encapsulation mpls\n"
		"bridge-domain 1\n vni 1\n vrf red\n",
		"x.conf:13: vrf red: routes over MPLS, but its bridge-domain 1 is vxlan"},
	{"vrf mixed by domains", BASE MPLS "vrf red\n vni 5000\n"
		"bridge-domain 1\n vni 1\n vrf red\n encapsulation mpls\n"
		"bridge-domain 2\n vni 2\n vrf red\n",
		"x.conf:11: vrf red: routes over MPLS, but its bridge-domain 2 is vxlan"},
	{"block full", BASE MPLS "bridge-domain 1\n vni 1\n encapsulation mpls\n"
		"bridge-domain 2\n vni 2\n encapsulation mpls\n"
		"bridge-domain 3\n vni 3\n encapsulation mpls\n",
		"x.conf:19: bridge-domain 3: no label left in the label dynamic-block 1000-1001"},
};

// Per-VRF labels (L3 EVPN over MPLS): after the bridge domains' labels, one per VRF with
// an L3VNI that is MPLS by its own line or by one of its domains; none for the others.
static void test_vrf_labels(void **state)
{
	static const char text[] = BASE "mpls\n label dynamic-block 1000 1009\n"
		"vrf red\n vni 5000\n"
		"vrf blue\n vni 5001\n encapsulation mpls\n"
		"vrf green\n vni 5002\n"
		"vrf black\n encapsulation vxlan\n"
		"bridge-domain 1\n vni 1\n encapsulation mpls\n vrf red\n"
		"bridge-domain 2\n vni 2\n vrf green\n"
		"bridge-domain 3\n vni 3\n encapsulation mpls\n vrf blue\n";
	struct evpnd_config cfg;
	struct cfg_error err;
	char *out;
	(void)state;

	config_init(&cfg);
	assert_int_equal(config_parse_string(&cfg, text, "x.conf", &err), 0);
	assert_true(cfg_vrf_mpls(&cfg, 1) && cfg_vrf_mpls(&cfg, 2));
	assert_false(cfg_vrf_mpls(&cfg, 3) || cfg_vrf_mpls(&cfg, 4) || cfg_vrf_mpls(&cfg, 5));
	assert_int_equal(cfg_bd_label(&cfg, &cfg.bds[0]), 1000);
	assert_int_equal(cfg_bd_label(&cfg, &cfg.bds[2]), 1001);
	assert_int_equal(cfg_vrf_label(&cfg, 1), 1002);
	assert_int_equal(cfg_vrf_label(&cfg, 2), 1003);
	assert_int_equal(cfg_vrf_label(&cfg, 3), 0);
	assert_int_equal(cfg_vrf_label(&cfg, 4), 0);
	out = print(&cfg);
	assert_non_null(strstr(out, "vrf blue\n vni 5001\n encapsulation mpls\n"));
	assert_null(strstr(out, "vrf red\n vni 5000\n encapsulation"));
	free(out);
	config_free(&cfg);
}

static void test_bad(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct evpnd_config cfg;
		struct cfg_error err;
		config_init(&cfg);
		if (config_parse_string(&cfg, bad[i].text, "x.conf", &err) != -EINVAL ||
			strstr(err.all, bad[i].want) == NULL)
			fail_msg("%s: got '%s', want '%s'", bad[i].name, err.all, bad[i].want);
		config_free(&cfg);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_vrf_labels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
