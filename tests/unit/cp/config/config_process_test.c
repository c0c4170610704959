// SPDX-License-Identifier: BSD-3-Clause
// Tests of cp/config/config_process.c: process sections parse to what they say
// and print back the same; every error message, with its line.
#include "cp/config/config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static const char good[] = "process anycast\n"
			   " run /usr/bin/python3   /etc/evpnd/hc.py 192.0.2.10/32\n"
			   " receive routes\n"
			   " keep-routes\n"
			   "process dci-mac_2.x\n"
			   " run ./dci.py\n";

static const char printed[] = "process anycast\n"
			      " run /usr/bin/python3 /etc/evpnd/hc.py 192.0.2.10/32\n"
			      " receive routes\n"
			      " keep-routes\n"
			      "!\n"
			      "process dci-mac_2.x\n"
			      " run ./dci.py\n"
			      "!\n";

static void test_good(void **state)
{
	struct evpnd_config cfg;
	struct cfg_error err;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	(void)state;

	config_init(&cfg);
	assert_int_equal(config_parse_string(&cfg, good, "x.conf", &err), 0);
	assert_int_equal(cfg.n_processes, 2);
	assert_string_equal(cfg.processes[0].name, "anycast");
	assert_string_equal(cfg.processes[0].run, "/usr/bin/python3 /etc/evpnd/hc.py 192.0.2.10/32");
	assert_true(cfg.processes[0].receive_routes);
	assert_true(cfg.processes[0].keep_routes);
	assert_false(cfg.processes[1].receive_routes);
	assert_false(cfg.processes[1].keep_routes);
	assert_int_equal(cfg.processes[1].line, 5);
	assert_non_null(f = open_memstream(&buf, &len));
	config_print(&cfg, f);
	fclose(f);
	assert_non_null(strstr(buf, "!\nprocess anycast\n")); // after the other sections
	assert_string_equal(strstr(buf, "process anycast\n"), printed);
	// printed, it parses to the same again
	config_free(&cfg);
	assert_int_equal(config_parse_string(&cfg, buf, "y.conf", &err), 0);
	assert_string_equal(cfg.processes[0].run, "/usr/bin/python3 /etc/evpnd/hc.py 192.0.2.10/32");
	free(buf);
	config_free(&cfg);
}

static void bad(const char *text, const char *want)
{
	struct evpnd_config cfg;
	struct cfg_error err;
	char line[512];

	config_init(&cfg);
	assert_int_equal(config_parse_string(&cfg, text, "x.conf", &err), -EINVAL);
	snprintf(line, sizeof(line), "%s\n", want);
	assert_string_equal(err.all, line);
	config_free(&cfg);
}

static void test_errors(void **state)
{
	(void)state;
	bad("process a/b\n run x\n",
		"x.conf:1: process: bad name 'a/b' (letters, digits, '-', '_', '.'; at most 31)");
	bad("process aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n run x\n",
		"x.conf:1: process: bad name 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' (letters, digits, "
		"'-', '_', '.'; at most 31)");
	bad("process a\n run x\nprocess a\n run y\n", "x.conf:3: process a already defined at line 1");
	bad("process a\n keep-routes\n", "x.conf:1: process a: 'run' missing");
	bad("process a\n run x\n receive updates\n",
		"x.conf:3: process a: receive: unknown 'updates' (receive routes)");
	bad("process a\n run x\n run y\n", "x.conf:3: process a: run already set at line 2");
	bad("process a\n run x\n keep-routes 1\n",
		"x.conf:3: process a: keep-routes: wrong number of arguments (usage: keep-routes)");
	bad("process\n run x\n", "x.conf:1: process: wrong number of arguments (usage: process NAME)");
	char many[1024] = "";
	for (int i = 0; i <= 16; i++)
		snprintf(many + strlen(many), sizeof(many) - strlen(many), "process p%d\n run x\n", i);
	bad(many, "x.conf:33: process p16: more than 16 process sections");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
