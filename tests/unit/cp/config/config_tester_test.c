// SPDX-License-Identifier: BSD-3-Clause
// Tests of cp/config/config_tester.c: a tester with a stream of each encapsulation
// parses to what it says and prints back the same; rates in bits become packets per
// second; every error message, with its line.
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

// lines 7-14
#define TESTER                                                                             \
	"tester\n"                                                                         \
	" report-file /tmp/r.json\n"                                                       \
	"stream e1\n"                                                                      \
	" port host0\n"                                                                    \
	" source-mac 02:00:00:00:01:00 count 4\n"                                          \
	" destination-mac 02:00:00:00:02:00\n"                                             \
	" rate 2000 pps\n"                                                                 \
	" duration 3\n"

static const char good[] = BASE TESTER
	" rx-port uplink0\n"
	" vni 100\n"
	"stream vx1\n"
	" port uplink0\n"
	" encapsulation vxlan\n"
	" source-vtep 198.51.100.10 count 2\n"
	" destination-vtep 198.51.100.1\n"
	" next-hop-mac 02:00:00:00:99:01\n"
	" vni 100\n"
	" source-mac 02:00:00:00:02:00\n"
	" destination-mac 02:00:00:00:01:00\n"
	" frame-size imix\n"
	" rate 100 mbps\n"
	" count 6000\n"
	"stream m1\n"
	" port uplink0\n"
	" encapsulation mpls\n"
	" next-hop-mac 02:00:00:00:99:01\n"
	" label 16001 300\n"
	" rx-label 400\n"
	" source-mac 02:00:00:00:03:00\n"
	" destination-mac 02:00:00:00:01:00\n"
	" source-ip 10.9.0.1\n"
	" destination-ip 10.9.0.2\n"
	" frame-size 128 256\n"
	" rate max\n"
	"stream mu1\n"
	" port uplink0\n"
	" encapsulation mpls-udp\n"
	" source-vtep 198.51.100.11\n"
	" destination-vtep 198.51.100.1\n"
	" next-hop-mac 02:00:00:00:99:01\n"
	" label 300\n"
	" source-mac 02:00:00:00:04:00\n"
	" destination-mac 02:00:00:00:01:00\n"
	" rate 1 gbps\n";

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
	const struct cfg_stream *s;
	char *text, *text2;

	(void)state;
	config_init(&cfg);
	config_init(&again);
	assert_int_equal(config_parse_string(&cfg, good, "x.conf", &err), 0);
	assert_string_equal(err.warnings, "");
	assert_int_equal(cfg.tester.line, 7);
	assert_string_equal(cfg.tester.report_file, "/tmp/r.json");
	assert_int_equal(cfg.tester.n_streams, 4);
	s = &cfg.tester.streams[0];
	assert_string_equal(s->name, "e1");
	assert_int_equal(s->encap, CFG_STREAM_ETHERNET);
	assert_int_equal(s->port, 0);
	assert_int_equal(s->rx_port, 1);
	assert_int_equal(s->n_macs, 4);
	assert_int_equal(s->sizes[0], 128); // the default
	assert_int_equal(cfg_stream_pps(s), 2000);
	assert_int_equal(s->duration, 3);
	s = &cfg.tester.streams[1];
	assert_int_equal(s->encap, CFG_STREAM_VXLAN);
	assert_int_equal(s->n_vteps, 2);
	assert_int_equal(s->n_sizes, 12);
	assert_true(s->imix);
	assert_int_equal(s->count, 6000);
	// 100 Mb/s of IMIX (mean 361.83 bytes + 20 on the wire): 32736 frames/s
	assert_int_equal(cfg_stream_pps(s), 32736);
	s = &cfg.tester.streams[2];
	assert_int_equal(s->encap, CFG_STREAM_MPLS);
	assert_int_equal(s->n_labels, 2);
	assert_int_equal(s->labels[1], 300);
	assert_int_equal(s->rx_label, 400);
	assert_int_equal(s->rx_port, -1);
	assert_int_equal(cfg_stream_pps(s), 0);
	// 1 Gb/s of 128-byte frames: 844594
	assert_int_equal(cfg_stream_pps(&cfg.tester.streams[3]), 844594);
	text = print(&cfg);
	assert_non_null(strstr(text, "stream vx1\n port uplink0\n encapsulation vxlan\n"
				     " source-vtep 198.51.100.10 count 2\n"));
	assert_non_null(strstr(text, " rate 100 mbps\n"));
	assert_non_null(strstr(text, " label 16001 300\n rx-label 400\n"));
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
	{"two testers", BASE TESTER "tester\n", "x.conf:15: tester: section already given at line 7"},
	{"stream twice", BASE TESTER "stream e1\n", "x.conf:15: stream e1 already configured at line 9"},
	{"stream name", BASE TESTER "stream a/b\n", "x.conf:15: stream: bad name 'a/b'"},
	{"no tester", BASE "stream e1\n port host0\n source-mac 02:00:00:00:01:00\n"
		" destination-mac 02:00:00:00:02:00\n",
		"x.conf:7: stream e1: no tester section (streams run in the tester pipeline)"},
	{"encapsulation", BASE TESTER " encapsulation gre\n",
		"x.conf:15: stream e1: encapsulation: expected vxlan, mpls, mpls-udp or ethernet "
		"instead of 'gre'"},
	{"no port", BASE "tester\nstream e1\n source-mac 02:00:00:00:01:00\n"
		" destination-mac 02:00:00:00:02:00\n",
		"x.conf:8: stream e1: encapsulation ethernet needs port"},
	{"no mac", BASE "tester\nstream e1\n port host0\n",
		"x.conf:8: stream e1: encapsulation ethernet needs source-mac and destination-mac"},
	{"no next hop", BASE TESTER " encapsulation mpls\n label 16\n",
		"x.conf:9: stream e1: encapsulation mpls needs next-hop-mac"},
	{"no vtep", BASE TESTER " encapsulation vxlan\n next-hop-mac 02:00:00:00:99:01\n vni 1\n",
		"x.conf:9: stream e1: encapsulation vxlan needs source-vtep and destination-vtep"},
	{"no vni", BASE TESTER " encapsulation vxlan\n next-hop-mac 02:00:00:00:99:01\n"
		" source-vtep 198.51.100.10\n destination-vtep 198.51.100.1\n",
		"x.conf:9: stream e1: encapsulation vxlan needs vni"},
	{"no label", BASE TESTER " encapsulation mpls\n next-hop-mac 02:00:00:00:99:01\n",
		"x.conf:9: stream e1: encapsulation mpls needs label"},
	{"vtep count word", BASE TESTER " source-vtep 198.51.100.10 times 2\n",
		"x.conf:15: stream e1: source-vtep: expected 'count' instead of 'times'"},
	{"vtep count missing", BASE TESTER " source-vtep 198.51.100.10 count\n",
		"x.conf:15: stream e1: source-vtep: usage: source-vtep VALUE [count N]"},
	{"vtep ipv6", BASE TESTER " source-vtep 2001:db8::1\n",
		"x.conf:15: stream e1: source-vtep 2001:db8::1: the tester emulates IPv4 only"},
	{"multicast mac", BASE "tester\nstream e1\n source-mac 01:00:00:00:01:00\n",
		"x.conf:9: stream e1: source-mac 01:00:00:00:01:00 is not a unicast MAC"},
	{"small frame", BASE TESTER " frame-size 63\n",
		"x.conf:15: stream e1: frame-size: 63 is out of range (64..9216)"},
	{"rate usage", BASE TESTER " rate 5\n", "x.conf:15: stream e1: rate: usage: rate NUMBER UNIT | max"},
	{"rate unit", BASE TESTER " rate 5 fps\n",
		"x.conf:15: stream e1: rate: unknown unit 'fps' (pps, kpps, mpps, bps, kbps, mbps, gbps)"},
	{"report path", BASE "tester\n report-file /"
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
		"x.conf:8: tester: report-file: path longer than 255 characters"},
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

// A bridge domain beside a tester: said, as nothing forwards it.
static void test_bd_warning(void **state)
{
	struct evpnd_config cfg;
	struct cfg_error err;

	(void)state;
	config_init(&cfg);
	assert_int_equal(config_parse_string(&cfg,
				 BASE TESTER "bridge-domain 100\n vni 100\n member host0 untagged\n",
				 "x.conf", &err),
		0);
	assert_non_null(strstr(err.warnings, "x.conf:15: bridge-domain 100: not forwarded: the "
					     "tester pipeline runs instead of the VTEP's"));
	config_free(&cfg);
}

// More streams than the tester takes.
static void test_too_many(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct evpnd_config cfg;
	struct cfg_error err;

	(void)state;
	fprintf(f, BASE "tester\n");
	for (int i = 0; i <= CFG_TESTER_MAX_STREAMS; i++)
		fprintf(f, "stream s%d\n port host0\n source-mac 02:00:00:00:01:00\n"
			   " destination-mac 02:00:00:00:02:00\n", i);
	fclose(f);
	config_init(&cfg);
	assert_int_equal(config_parse_string(&cfg, text, "x.conf", &err), -EINVAL);
	assert_non_null(strstr(err.all, "stream s64: more than 64 streams"));
	config_free(&cfg);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_bd_warning),
		cmocka_unit_test(test_too_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
