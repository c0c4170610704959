// SPDX-License-Identifier: BSD-3-Clause
// Tests of cp/mgmt/metrics_fmt.c: the exact text of a family (HELP and TYPE once,
// then its samples), label values and HELP text escaped as the format says, a family
// begun twice refused, special float values.
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cp/mgmt/metrics_fmt.h"

static int count(const char *s, const char *what)
{
	int n = 0;

	for (; (s = strstr(s, what)) != NULL; s++)
		n++;
	return n;
}

static void test_family(void **state)
{
	struct mgmt_out out = MGMT_OUT_INIT;
	struct metrics_fmt m;

	(void)state;
	metrics_fmt_init(&m, &out);
	metrics_family(&m, "evpnd_x_total", METRICS_COUNTER, "Things.");
	metrics_u64(&m, (const struct metrics_label[]){{"port", "p0"}, {"type", "a"}}, 2, 7);
	metrics_u64(
		&m, (const struct metrics_label[]){{"port", "p1"}, {"type", "b"}}, 2, UINT64_MAX);
	metrics_family(&m, "evpnd_y", METRICS_GAUGE, "One.");
	metrics_u64(&m, NULL, 0, 1);
	assert_int_equal(metrics_fmt_finish(&m), 0);
	assert_string_equal(mgmt_out_str(&out),
		"# HELP evpnd_x_total Things.\n"
		"# TYPE evpnd_x_total counter\n"
		"evpnd_x_total{port=\"p0\",type=\"a\"} 7\n"
		"evpnd_x_total{port=\"p1\",type=\"b\"} 18446744073709551615\n"
		"# HELP evpnd_y One.\n"
		"# TYPE evpnd_y gauge\n"
		"evpnd_y 1\n");
	mgmt_out_free(&out);
}

// A label value may hold anything (a port or VRF name from the configuration): the
// backslash, the double quote and the newline are escaped; HELP escapes the
// backslash and the newline only.
static void test_escape(void **state)
{
	struct mgmt_out out = MGMT_OUT_INIT;
	struct metrics_fmt m;

	(void)state;
	metrics_fmt_init(&m, &out);
	metrics_family(&m, "evpnd_e", METRICS_GAUGE, "a \"b\" c\\d\ne");
	metrics_u64(&m, &(struct metrics_label){"vrf", "x\"y\\z\nw"}, 1, 0);
	metrics_u64(&m, &(struct metrics_label){"vrf", ""}, 1, 0);
	metrics_u64(&m, &(struct metrics_label){"vrf", NULL}, 1, 0);
	assert_int_equal(metrics_fmt_finish(&m), 0);
	assert_string_equal(mgmt_out_str(&out), "# HELP evpnd_e a \"b\" c\\\\d\\ne\n"
						"# TYPE evpnd_e gauge\n"
						"evpnd_e{vrf=\"x\\\"y\\\\z\\nw\"} 0\n"
						"evpnd_e{vrf=\"\"} 0\n"
						"evpnd_e{vrf=\"\"} 0\n");
	mgmt_out_free(&out);
}

// A family begun again after another would split its samples: refused, and its
// samples are not written under the other's name.
static void test_twice(void **state)
{
	struct mgmt_out out = MGMT_OUT_INIT;
	struct metrics_fmt m;

	(void)state;
	metrics_fmt_init(&m, &out);
	metrics_family(&m, "evpnd_a", METRICS_GAUGE, "A.");
	metrics_family(&m, "evpnd_b", METRICS_GAUGE, "B.");
	metrics_family(&m, "evpnd_a", METRICS_GAUGE, "A.");
	metrics_u64(&m, NULL, 0, 3);
	assert_int_equal(metrics_fmt_finish(&m), -EEXIST);
	assert_int_equal(count(mgmt_out_str(&out), "# HELP evpnd_a "), 1);
	assert_int_equal(count(mgmt_out_str(&out), "# TYPE evpnd_a "), 1);
	assert_null(strstr(mgmt_out_str(&out), " 3\n"));
	mgmt_out_free(&out);
}

static void test_misuse(void **state)
{
	struct mgmt_out out = MGMT_OUT_INIT;
	struct metrics_fmt m;
	const struct metrics_label l[5] = {
		{"a", "1"}, {"b", "2"}, {"c", "3"}, {"d", "4"}, {"e", "5"}};

	(void)state;
	metrics_fmt_init(&m, &out);
	metrics_u64(&m, NULL, 0, 1); // no family yet
	assert_int_equal(metrics_fmt_finish(&m), -EINVAL);
	assert_string_equal(mgmt_out_str(&out), "");
	metrics_fmt_init(&m, &out);
	metrics_family(&m, "evpnd_l", METRICS_GAUGE, "L.");
	metrics_u64(&m, l, 5, 1); // more labels than METRICS_LABELS_MAX
	assert_int_equal(metrics_fmt_finish(&m), -EINVAL);
	mgmt_out_free(&out);
}

static void test_float(void **state)
{
	struct mgmt_out out = MGMT_OUT_INIT;
	struct metrics_fmt m;

	(void)state;
	metrics_fmt_init(&m, &out);
	metrics_family(&m, "evpnd_f_seconds", METRICS_GAUGE, "F.");
	metrics_f64(&m, &(struct metrics_label){"k", "half"}, 1, 0.5);
	metrics_f64(&m, &(struct metrics_label){"k", "inf"}, 1, 1.0 / 0.0);
	metrics_f64(&m, &(struct metrics_label){"k", "nan"}, 1, 0.0 / 0.0);
	assert_int_equal(metrics_fmt_finish(&m), 0);
	assert_non_null(strstr(mgmt_out_str(&out), "evpnd_f_seconds{k=\"half\"} 0.5\n"));
	assert_non_null(strstr(mgmt_out_str(&out), "evpnd_f_seconds{k=\"inf\"} +Inf\n"));
	assert_non_null(strstr(mgmt_out_str(&out), "evpnd_f_seconds{k=\"nan\"} NaN\n"));
	mgmt_out_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_family),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_twice),
		cmocka_unit_test(test_misuse),
		cmocka_unit_test(test_float),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
