// SPDX-License-Identifier: BSD-3-Clause
// Tests of cp/config/config_metrics.c: the metrics section and "no metrics" parse to
// what they say and print back the same; every error message, with its line.
#include "cp/config/config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

// lines 1-2
#define BASE "dataplane\n port host0 devargs net_null0\n"

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

// text parses, and its printed form parses to the same printed form.
static void round_trip(const char *text, struct evpnd_config *cfg)
{
	struct evpnd_config again;
	struct cfg_error err;
	char *p1, *p2;

	config_init(cfg);
	config_init(&again);
	assert_int_equal(config_parse_string(cfg, text, "x.conf", &err), 0);
	assert_string_equal(err.warnings, "");
	p1 = print(cfg);
	assert_int_equal(config_parse_string(&again, p1, "y.conf", &err), 0);
	p2 = print(&again);
	assert_string_equal(p1, p2);
	free(p1);
	free(p2);
	config_free(&again);
}

static void test_default(void **state)
{
	struct evpnd_config cfg;
	char *p;

	(void)state;
	round_trip(BASE, &cfg);
	assert_false(cfg.metrics.off);
	assert_string_equal(cfg.metrics.addr, "");
	assert_int_equal(cfg.metrics.port, 0);
	p = print(&cfg);
	assert_null(strstr(p, "metrics")); // the default is not printed
	free(p);
	config_free(&cfg);
}

static void test_listen(void **state)
{
	struct evpnd_config cfg;
	char *p;

	(void)state;
	round_trip(BASE "metrics\n listen ::1 9500\n", &cfg);
	assert_string_equal(cfg.metrics.addr, "::1");
	assert_int_equal(cfg.metrics.port, 9500);
	assert_int_equal(cfg.metrics.line, 3);
	p = print(&cfg);
	assert_non_null(strstr(p, "metrics\n listen ::1 9500\n"));
	free(p);
	config_free(&cfg);
}

static void test_off(void **state)
{
	struct evpnd_config cfg;
	char *p;

	(void)state;
	round_trip(BASE "no metrics\n", &cfg);
	assert_true(cfg.metrics.off);
	p = print(&cfg);
	assert_non_null(strstr(p, "no metrics\n"));
	free(p);
	config_free(&cfg);
}

static const struct {
	const char *name, *text, *want;
} bad[] = {
	{"bad address", BASE "metrics\n listen localhost 9440\n",
		"x.conf:4: metrics: listen: 'localhost' is not an IPv4 or IPv6 address"},
	{"bad port", BASE "metrics\n listen 127.0.0.1 0\n", "x.conf:4: metrics: listen: "},
	{"listen twice", BASE "metrics\n listen 127.0.0.1 1\n listen 127.0.0.1 2\n",
		"x.conf:5: metrics: listen already set at line 4"},
	{"two sections", BASE "metrics\nmetrics\n",
		"x.conf:4: metrics: already configured at line 3"},
	{"off and on", BASE "no metrics\nmetrics\n listen 127.0.0.1 1\n",
		"x.conf:4: metrics: already configured at line 3"},
	{"usage", BASE "metrics\n listen 127.0.0.1\n", "listen ADDRESS PORT"},
};

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
		cmocka_unit_test(test_default),
		cmocka_unit_test(test_listen),
		cmocka_unit_test(test_off),
		cmocka_unit_test(test_bad),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
