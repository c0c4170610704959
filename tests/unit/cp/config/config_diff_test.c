// SPDX-License-Identifier: BSD-3-Clause
// Tests of cp/config/config_diff.c: two parsed configs give the changes a reload
// applies (static MACs, flood-vteps, members; removals first), or the first change
// that needs a restart, with its line.
#include "cp/config/config.h"
#include "cp/config/config_diff.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

// lines 1-9; bridge-domain 10 at line 5
#define BASE                                                                                \
	"dataplane\n port up0 devargs net_null0\n port host0 devargs net_null1\n"            \
	"underlay\n vtep-address 10.0.0.1\n address 10.1.0.2/24 port up0\n"                 \
	"bridge-domain 10\n vni 10010\n member host0 untagged\n"

#define BASE_NO_MEMBER                                                                      \
	"dataplane\n port up0 devargs net_null0\n port host0 devargs net_null1\n"            \
	"underlay\n vtep-address 10.0.0.1\n address 10.1.0.2/24 port up0\n"                 \
	"bridge-domain 10\n vni 10010\n"

struct pair {
	struct evpnd_config run, next;
	struct cfg_diff d;
};

static void diff(struct pair *p, const char *run, const char *next)
{
	struct cfg_error err;
	config_init(&p->run);
	config_init(&p->next);
	if (config_parse_string(&p->run, run, "run.conf", &err) != 0)
		fail_msg("run: %s", err.all);
	if (config_parse_string(&p->next, next, "next.conf", &err) != 0)
		fail_msg("next: %s", err.all);
	assert_int_equal(config_diff(&p->run, &p->next, &p->d), 0);
}

static void done(struct pair *p)
{
	config_diff_free(&p->d);
	config_free(&p->run);
	config_free(&p->next);
}

static void assert_change(struct pair *p, size_t i, const char *want)
{
	char s[256];
	assert_true(i < p->d.n);
	cfg_change_str(&p->run, &p->next, &p->d.v[i], s, sizeof(s));
	assert_string_equal(s, want);
}

static void test_same(void **state)
{
	struct pair p;
	(void)state;
	diff(&p, BASE " mac 02:00:00:00:00:01 port host0\n", BASE " mac 02:00:00:00:00:01 port host0\n");
	assert_false(p.d.refused);
	assert_int_equal(p.d.n, 0);
	done(&p);
}

static void test_items(void **state)
{
	struct pair p;
	(void)state;
	diff(&p,
		BASE " mac 02:00:00:00:00:01 port host0\n flood-vtep 10.0.0.2\n",
		BASE " mac 02:00:00:00:00:02 port host0\n mac 02:00:00:00:00:03 remote-vtep 10.0.0.9\n"
		     " flood-vtep 10.0.0.3\n");
	assert_false(p.d.refused);
	assert_int_equal(p.d.n, 5);
	assert_change(&p, 0, "bridge-domain 10: mac 02:00:00:00:00:01 port host0 untagged removed");
	assert_change(&p, 1, "bridge-domain 10: flood-vtep 10.0.0.2 removed");
	assert_change(&p, 2, "bridge-domain 10: mac 02:00:00:00:00:02 port host0 untagged added");
	assert_change(&p, 3, "bridge-domain 10: mac 02:00:00:00:00:03 remote-vtep 10.0.0.9 added");
	assert_change(&p, 4, "bridge-domain 10: flood-vtep 10.0.0.3 added");
	assert_int_equal(p.d.v[2].line, 10);
	done(&p);
}

// A member moved between domains: every removal before any addition; a MAC leaves
// before its member, a member comes before its MAC.
static void test_member_move(void **state)
{
	struct pair p;
	(void)state;
	diff(&p, BASE " mac 02:00:00:00:00:01 port host0\nbridge-domain 20\n vni 10020\n",
		BASE_NO_MEMBER "bridge-domain 20\n vni 10020\n member host0 untagged\n"
			       " mac 02:00:00:00:00:01 port host0\n");
	assert_false(p.d.refused);
	assert_int_equal(p.d.n, 4);
	assert_change(&p, 0, "bridge-domain 10: mac 02:00:00:00:00:01 port host0 untagged removed");
	assert_true(p.d.v[2].add);
	assert_int_equal(p.d.v[2].kind, CFG_CHANGE_MEMBER);
	assert_change(&p, 1, "bridge-domain 10: member host0 untagged removed");
	assert_change(&p, 3, "bridge-domain 20: mac 02:00:00:00:00:01 port host0 untagged added");
	done(&p);
}

static void test_refused(void **state)
{
	static const struct {
		const char *next;
		unsigned line;
		const char *reason;
	} cases[] = {
		{"dataplane\n port up0 devargs net_null0\n port host0 devargs net_null9\n"
		 "underlay\n vtep-address 10.0.0.1\n address 10.1.0.2/24 port up0\n"
		 "bridge-domain 10\n vni 10010\n member host0 untagged\n",
			3, "dataplane: ports change (port host0): restart evpnd"},
		{BASE "bridge-domain 20\n vni 10020\n gateway-mac 02:00:00:00:00:aa\n"
		      " gateway-address 10.2.0.1/24\n",
			10, "bridge-domain 20 added: it has an anycast gateway: restart evpnd"},
		{BASE " no learning\n", 0,
			"section \"bridge-domain 10\": \"no learning\" changed: restart evpnd"},
		{"dataplane\n port up0 devargs net_null0\n port host0 devargs net_null1\n"
		 "underlay\n vtep-address 10.0.0.9\n address 10.1.0.2/24 port up0\n"
		 "bridge-domain 10\n vni 10010\n member host0 untagged\n",
			0, "section \"underlay\": \"vtep-address 10.0.0.9\" changed: restart evpnd"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pair p;
		diff(&p, BASE, cases[i].next);
		assert_true(p.d.refused);
		if (strcmp(p.d.reason, cases[i].reason) != 0 || p.d.line != cases[i].line)
			fail_msg("case %zu: got %u '%s', want %u '%s'", i, p.d.line, p.d.reason,
				cases[i].line, cases[i].reason);
		done(&p);
	}
}

// Whole bridge domains: one removed (with its vni block), one added (with its own);
// removals first.
static void test_bd(void **state)
{
	static const char bgp[] = "router bgp 65000\n address-family l2vpn evpn\n"
				  "  advertise-all-vni\n";
	char run[1024], next[1024];
	struct pair p;

	(void)state;
	snprintf(run, sizeof(run), "%s%s  vni 10010\n   route-target both 65000:7\n  exit-vni\n exit-address-family\n", BASE, bgp);
	// next: domain 10 without its member, domain 20 and its vni block added.
	snprintf(next, sizeof(next),
		BASE_NO_MEMBER "bridge-domain 20\n vni 10020\n member host0 untagged\n"
			       "%s  vni 10010\n   route-target both 65000:7\n  exit-vni\n"
			       "  vni 10020\n   route-target both 65000:8\n  exit-vni\n"
			       " exit-address-family\n",
		bgp);
	diff(&p, run, next);
	if (p.d.refused)
		fail_msg("refused: %s", p.d.reason);
	assert_int_equal(p.d.n, 2);
	assert_change(&p, 0, "bridge-domain 10: member host0 untagged removed");
	assert_change(&p, 1, "bridge-domain 20 (vni 10020) added");
	assert_int_equal(p.d.v[1].line, 9);
	done(&p);

	// Removed: domain 10 and its vni block go; the other blocks must not change.
	snprintf(run, sizeof(run), "%sbridge-domain 20\n vni 10020\n%s  vni 10010\n"
				   "   route-target both 65000:7\n  exit-vni\n exit-address-family\n",
		BASE, bgp);
	snprintf(next, sizeof(next), "%s%s exit-address-family\n",
		"dataplane\n port up0 devargs net_null0\n port host0 devargs net_null1\n"
		"underlay\n vtep-address 10.0.0.1\n address 10.1.0.2/24 port up0\n"
		"bridge-domain 20\n vni 10020\n",
		bgp);
	diff(&p, run, next);
	if (p.d.refused)
		fail_msg("refused: %s", p.d.reason);
	assert_int_equal(p.d.n, 1);
	assert_change(&p, 0, "bridge-domain 10 (vni 10010) removed");
	done(&p);

	// A route target of a VNI both have: the VNI changes; advertise-default-gw: refused.
	snprintf(run, sizeof(run), "%s%s  vni 10010\n   route-target both 65000:7\n  exit-vni\n exit-address-family\n", BASE, bgp);
	snprintf(next, sizeof(next), "%s%s  vni 10010\n   route-target both 65000:9\n  exit-vni\n exit-address-family\n", BASE, bgp);
	diff(&p, run, next);
	assert_false(p.d.refused);
	assert_int_equal(p.d.n, 1);
	assert_change(&p, 0, "bridge-domain 10: vni 10010 rd/route-targets changed");
	done(&p);
	snprintf(next, sizeof(next), "%s%s  vni 10010\n   route-target both 65000:7\n"
				     "   advertise-default-gw\n  exit-vni\n exit-address-family\n", BASE, bgp);
	diff(&p, run, next);
	assert_true(p.d.refused);
	assert_string_equal(p.d.reason, "vni 10010: advertise-default-gw changed: restart evpnd");
	done(&p);
}

// BGP neighbors added and removed (one of a peer-group, whose index moves); a
// changed one, or a changed peer-group, is refused.
static void test_neighbors(void **state)
{
	static const char head[] = BASE "router bgp 65000\n neighbor 10.1.0.1 remote-as 65001\n";
	static const char group[] = " neighbor RR peer-group\n neighbor RR remote-as 65000\n"
				    " neighbor 10.1.0.3 peer-group RR\n";
	char run[1024], next[1024];
	struct pair p;

	(void)state;
	snprintf(run, sizeof(run), "%s%s", head, group);
	snprintf(next, sizeof(next), "%s neighbor 10.1.0.9 remote-as 65009\n%s"
				     " neighbor 10.1.0.4 peer-group RR\n",
		BASE "router bgp 65000\n", group);
	diff(&p, run, next);
	if (p.d.refused)
		fail_msg("refused: %s", p.d.reason);
	assert_int_equal(p.d.n, 3);
	assert_change(&p, 0, "router bgp: neighbor 10.1.0.1 removed");
	assert_change(&p, 1, "router bgp: neighbor 10.1.0.9 added");
	assert_change(&p, 2, "router bgp: neighbor 10.1.0.4 added");
	assert_int_equal(p.d.v[1].line, 11);
	done(&p);

	snprintf(next, sizeof(next), "%s%s neighbor 10.1.0.3 timers 3 9\n", head, group);
	diff(&p, run, next);
	assert_true(p.d.refused);
	assert_string_equal(p.d.reason,
		"section \"router bgp 65000\": \"neighbor 10.1.0.3 timers 3 9\" changed: restart evpnd");
	done(&p);
}

// An MPLS domain's items hold transport next hops: refused (line of the domain).
static void test_mpls(void **state)
{
	static const char run[] = "dataplane\n port up0 devargs net_null0\n"
				  " port host0 devargs net_null1\n"
				  "underlay\n vtep-address 10.0.0.1\n address 10.1.0.2/24 port up0\n"
				  "mpls\n label dynamic-block 1000 1001\n"
				  " transport 10.0.0.2 push 16002 nexthop 10.1.0.1\n"
				  "bridge-domain 10\n vni 10010\n encapsulation mpls\n";
	char next[sizeof(run) + 64];
	struct pair p;

	(void)state;
	snprintf(next, sizeof(next), "%s flood-vtep 10.0.0.2 label 2001\n", run);
	diff(&p, run, next);
	assert_true(p.d.refused);
	assert_int_equal(p.d.line, 10);
	assert_string_equal(p.d.reason, "bridge-domain 10: encapsulation mpls: members, macs and "
					"flood-vteps change only at start-up: restart evpnd");
	done(&p);
}

// Every example and test config against its own printed form: no change, nothing
// refused (the printed form is what show running-config gives a reload).
static void diff_printed(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	unsigned n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		char path[512], *text = NULL;
		struct evpnd_config a, b;
		struct cfg_error err;
		struct cfg_diff df;
		size_t tlen = 0;
		FILE *f;

		if (len < 5 || strcmp(e->d_name + len - 5, ".conf") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		config_init(&a);
		config_init(&b);
		if (config_parse_file(&a, path, &err) != 0)
			continue; // the config tests check which files parse
		assert_non_null(f = open_memstream(&text, &tlen));
		config_print(&a, f);
		fclose(f);
		assert_int_equal(config_parse_string(&b, text, "printed", &err), 0);
		assert_int_equal(config_diff(&a, &b, &df), 0);
		if (df.refused || df.n != 0)
			fail_msg("%s: %zu changes, refused: %s", path, df.n, df.reason);
		config_diff_free(&df);
		config_free(&a);
		config_free(&b);
		free(text);
		n++;
	}
	closedir(d);
	assert_true(n > 3);
}

static void test_printed(void **state)
{
	(void)state;
	diff_printed(CONFIG_DIR);
	diff_printed(EXAMPLES_DIR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same),
		cmocka_unit_test(test_items),
		cmocka_unit_test(test_member_move),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_mpls),
		cmocka_unit_test(test_bd),
		cmocka_unit_test(test_neighbors),
		cmocka_unit_test(test_printed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
