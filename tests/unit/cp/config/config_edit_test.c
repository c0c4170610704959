// SPDX-License-Identifier: BSD-3-Clause
// Tests of cp/config/config_edit.c: edit lines typed as in vtysh's configure mode
// give the new text (sections entered or added, lines added at the end of their
// block, "no" removing lines and sections), the edit line each new line came from,
// or an error naming the edit line; the result of editing show running-config's
// text parses to the configuration the edit asks for.
#include "cp/config/config.h"
#include "cp/config/config_edit.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define RUN                                                                                        \
	"dataplane\n port up0 devargs net_null0\n port host0 devargs net_null1\n!\n"               \
	"bridge-domain 100\n vni 100\n learning\n member host0 untagged\n"                         \
	" mac 02:00:00:00:00:01 port host0\n!\n"                                                   \
	"router bgp 65000\n bgp router-id 10.0.0.1\n neighbor 10.0.0.3 remote-as 65000\n"          \
	" address-family l2vpn evpn\n  neighbor 10.0.0.3 activate\n  advertise-all-vni\n"          \
	"  vni 100\n   rd 10.0.0.1:100\n  exit-vni\n exit-address-family\n!\n"

static char *edit_ok(const char *run, const char *edit, struct cfg_edit *res)
{
	int ret = config_edit(run, edit, res);
	if (ret != 0)
		fail_msg("config_edit: %d: %s", ret, res->error);
	return res->text;
}

static void expect(const char *edit, const char *want)
{
	struct cfg_edit res;
	assert_string_equal(edit_ok(RUN, edit, &res), want);
	config_edit_free(&res);
}

static void expect_error(const char *edit, const char *want)
{
	struct cfg_edit res;
	assert_int_equal(config_edit(RUN, edit, &res), -EINVAL);
	assert_string_equal(res.error, want);
	assert_null(res.text);
	config_edit_free(&res);
}

static void new_section_at_end(void **state)
{
	struct cfg_edit res;
	(void)state;
	edit_ok(RUN, "bridge-domain 200\n  vni   200 \n member host0 vlan 20", &res);
	assert_string_equal(res.text, RUN "bridge-domain 200\n vni 200\n member host0 vlan 20\n");
	assert_int_equal(res.n_lines, 24);
	assert_int_equal(res.src[0], 0);
	assert_int_equal(res.src[20], 0);
	assert_int_equal(res.src[21], 1);
	assert_int_equal(res.src[22], 2);
	assert_int_equal(res.src[23], 3);
	config_edit_free(&res);
}

static void existing_section_entered(void **state)
{
	(void)state;
	// The member goes to the end of the bridge domain, before its "!"; the lines
	// already there are not added twice.
	expect("bridge-domain 100\n vni 100\n member host1 untagged\n",
		"dataplane\n port up0 devargs net_null0\n port host0 devargs net_null1\n!\n"
		"bridge-domain 100\n vni 100\n learning\n member host0 untagged\n"
		" mac 02:00:00:00:00:01 port host0\n member host1 untagged\n!\n"
		"router bgp 65000\n bgp router-id 10.0.0.1\n neighbor 10.0.0.3 remote-as 65000\n"
		" address-family l2vpn evpn\n  neighbor 10.0.0.3 activate\n  advertise-all-vni\n"
		"  vni 100\n   rd 10.0.0.1:100\n  exit-vni\n exit-address-family\n!\n");
	expect("bridge-domain 100\n vni 100\n! a comment\n\nrouter bgp 65000\n", RUN);
}

static void no_line_and_section(void **state)
{
	(void)state;
	expect("bridge-domain 100\n no  mac 02:00:00:00:00:01 port host0",
		"dataplane\n port up0 devargs net_null0\n port host0 devargs net_null1\n!\n"
		"bridge-domain 100\n vni 100\n learning\n member host0 untagged\n!\n"
		"router bgp 65000\n bgp router-id 10.0.0.1\n neighbor 10.0.0.3 remote-as 65000\n"
		" address-family l2vpn evpn\n  neighbor 10.0.0.3 activate\n  advertise-all-vni\n"
		"  vni 100\n   rd 10.0.0.1:100\n  exit-vni\n exit-address-family\n!\n");
	expect("no bridge-domain 100",
		"dataplane\n port up0 devargs net_null0\n port host0 devargs net_null1\n!\n"
		"router bgp 65000\n bgp router-id 10.0.0.1\n neighbor 10.0.0.3 remote-as 65000\n"
		" address-family l2vpn evpn\n  neighbor 10.0.0.3 activate\n  advertise-all-vni\n"
		"  vni 100\n   rd 10.0.0.1:100\n  exit-vni\n exit-address-family\n!\n");
	// A vni block goes with its exit-vni.
	expect("router bgp 65000\n address-family l2vpn evpn\n  no vni 100\n",
		"dataplane\n port up0 devargs net_null0\n port host0 devargs net_null1\n!\n"
		"bridge-domain 100\n vni 100\n learning\n member host0 untagged\n"
		" mac 02:00:00:00:00:01 port host0\n!\n"
		"router bgp 65000\n bgp router-id 10.0.0.1\n neighbor 10.0.0.3 remote-as 65000\n"
		" address-family l2vpn evpn\n  neighbor 10.0.0.3 activate\n  advertise-all-vni\n"
		" exit-address-family\n!\n");
}

static void nested_blocks(void **state)
{
	(void)state;
	// A line of the address family goes before exit-address-family, a router-level
	// one at the end of router bgp; a new vni block gets its exit-vni.
	expect("router bgp 65000\n neighbor 10.0.0.4 remote-as 65000\n"
	       " address-family l2vpn evpn\n  neighbor 10.0.0.4 activate\n"
	       "  vni 200\n   route-target import 65000:200\n  exit-vni\n"
	       " exit-address-family\nexit\n",
		"dataplane\n port up0 devargs net_null0\n port host0 devargs net_null1\n!\n"
		"bridge-domain 100\n vni 100\n learning\n member host0 untagged\n"
		" mac 02:00:00:00:00:01 port host0\n!\n"
		"router bgp 65000\n bgp router-id 10.0.0.1\n neighbor 10.0.0.3 remote-as 65000\n"
		" address-family l2vpn evpn\n  neighbor 10.0.0.3 activate\n  advertise-all-vni\n"
		"  vni 100\n   rd 10.0.0.1:100\n  exit-vni\n  neighbor 10.0.0.4 activate\n"
		"  vni 200\n   route-target import 65000:200\n  exit-vni\n"
		" exit-address-family\n neighbor 10.0.0.4 remote-as 65000\n!\n");
}

static void value_replaced(void **state)
{
	struct cfg_edit res;
	(void)state;
	// vni is set once in a bridge domain: its line is replaced, in place; member is
	// repeatable: a second one is added.
	edit_ok(RUN, "bridge-domain 100\n vni 300\n mac-aging-time 60\n member host1 untagged",
		&res);
	assert_non_null(strstr(res.text, "bridge-domain 100\n vni 300\n learning\n member host0 "
					 "untagged\n mac 02:00:00:00:00:01 port host0\n"
					 " mac-aging-time 60\n member host1 untagged\n!\n"));
	assert_int_equal(res.src[5], 2);
	config_edit_free(&res);
	// In router bgp's address family, "vni 300" is a block of its own.
	edit_ok(RUN, "router bgp 65000\n address-family l2vpn evpn\n  vni 300\n", &res);
	assert_non_null(strstr(res.text, "  vni 100\n   rd 10.0.0.1:100\n  exit-vni\n"
					 "  vni 300\n  exit-vni\n"));
	config_edit_free(&res);
}

static void negatable_flags(void **state)
{
	struct cfg_edit res, back;
	(void)state;
	edit_ok(RUN,
		"bridge-domain 100\n no learning\n no arp-suppression\n"
		"router bgp 65000\n no bgp default ipv4-unicast\n address-family l2vpn evpn\n"
		"  no neighbor 10.0.0.3 activate",
		&res);
	assert_non_null(strstr(res.text, "\n vni 100\n no learning\n member host0"));
	assert_non_null(strstr(res.text, " no arp-suppression\n!\n"));
	assert_non_null(
		strstr(res.text, " exit-address-family\n no bgp default ipv4-unicast\n!\n"));
	assert_non_null(strstr(res.text, "  no neighbor 10.0.0.3 activate\n"));
	// Typing the flag again turns its "no" line back, in place.
	edit_ok(res.text, "bridge-domain 100\n learning\n", &back);
	assert_non_null(strstr(back.text, "\n vni 100\n learning\n member host0"));
	config_edit_free(&back);
	config_edit_free(&res);
}

static void errors_name_the_line(void **state)
{
	(void)state;
	expect_error("bridge-domain 100\n no member host9 untagged",
		"edit line 2 'member host9 untagged': not in bridge-domain 100");
	expect_error("! first\n vni 300", "edit line 2 'vni 300': indented, but no section "
					  "named before it");
	expect_error("no bridge-domain 300",
		"edit line 1 'bridge-domain 300': not in the configuration");
	expect_error("no bridge-domain 100\n vni 100",
		"edit line 2 'vni 100': under a line this edit removes");
}

// show running-config of an example, edited, parses to what the edit says.
static void edit_of_printed_config(void **state)
{
	struct evpnd_config cfg, next;
	struct cfg_error err;
	struct cfg_edit res;
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	(void)state;

	config_init(&cfg);
	config_init(&next);
	if (config_parse_file(&cfg, EXAMPLES_DIR "/evpn-vtep.conf", &err) != 0)
		fail_msg("%s", err.all);
	assert_non_null(f = open_memstream(&text, &len));
	config_print(&cfg, f);
	fclose(f);
	edit_ok(text,
		"bridge-domain 300\n vni 300\n member host0 vlan 30\n"
		"bridge-domain 200\n no member host1 vlan 20\n no learning\n arp-suppression\n"
		"router bgp 65000\n address-family l2vpn evpn\n  vni 300\n   rd 10.0.0.1:300\n",
		&res);
	if (config_parse_string(&next, res.text, "edit", &err) != 0)
		fail_msg("%s\n%s", err.all, res.text);
	assert_int_equal(next.n_bds, 3);
	assert_int_equal(next.bds[2].id, 300);
	assert_int_equal(next.bds[2].vni, 300);
	assert_int_equal(next.bds[2].n_members, 1);
	assert_int_equal(next.bds[2].members[0].vlan, 30);
	assert_int_equal(next.bds[1].n_members, 0);
	assert_false(next.bds[1].learning);
	assert_true(next.bds[1].arp_suppress);
	assert_true(next.bds[0].learning);
	assert_int_equal(next.bgp.n_evpn_vnis, cfg.bgp.n_evpn_vnis + 1);
	config_edit_free(&res);
	config_free(&next);
	config_free(&cfg);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(new_section_at_end),
		cmocka_unit_test(existing_section_entered),
		cmocka_unit_test(no_line_and_section),
		cmocka_unit_test(nested_blocks),
		cmocka_unit_test(value_replaced),
		cmocka_unit_test(negatable_flags),
		cmocka_unit_test(errors_name_the_line),
		cmocka_unit_test(edit_of_printed_config),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
