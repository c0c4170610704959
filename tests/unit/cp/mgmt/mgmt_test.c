// SPDX-License-Identifier: BSD-3-Clause
// Tests of cp/mgmt: output buffer, JSON writer, tables, command registry, and the
// unix-socket server end to end inside the test process.
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "cp/mgmt/mgmt_client.h"
#include "cp/mgmt/mgmt_cmd.h"
#include "cp/mgmt/mgmt_out.h"
#include "cp/mgmt/mgmt_server.h"

// --- a minimal JSON validator (RFC 8259 grammar, UTF-8 not checked) ----------------

static const char *jv_value(const char *p, int depth);

static const char *jv_ws(const char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
		p++;
	return p;
}

static const char *jv_string(const char *p)
{
	if (*p++ != '"')
		return NULL;
	for (; *p != '"'; p++) {
		if (*p == '\0' || (unsigned char)*p < 0x20)
			return NULL;
		if (*p != '\\')
			continue;
		p++;
		if (*p == 'u') {
			for (int i = 1; i <= 4; i++)
				if (strchr("0123456789abcdefABCDEF", p[i]) == NULL || p[i] == '\0')
					return NULL;
			p += 4;
		} else if (*p == '\0' || strchr("\"\\/bfnrt", *p) == NULL) {
			return NULL;
		}
	}
	return p + 1;
}

static const char *jv_number(const char *p)
{
	const char *start;

	if (*p == '-')
		p++;
	start = p;
	while (*p >= '0' && *p <= '9')
		p++;
	if (p == start || (*start == '0' && p - start > 1))
		return NULL;
	return p;
}

// Members of an object (obj) or elements of an array, after the opening bracket.
static const char *jv_members(const char *p, int depth, bool obj)
{
	char close = obj ? '}' : ']';

	p = jv_ws(p);
	if (*p == close)
		return p + 1;
	for (;;) {
		if (obj) {
			p = jv_string(jv_ws(p));
			if (p == NULL || *(p = jv_ws(p)) != ':')
				return NULL;
			p++;
		}
		p = jv_value(p, depth + 1);
		if (p == NULL)
			return NULL;
		p = jv_ws(p);
		if (*p == close)
			return p + 1;
		if (*p++ != ',')
			return NULL;
	}
}

static const char *jv_value(const char *p, int depth)
{
	if (depth > 200)
		return NULL;
	p = jv_ws(p);
	switch (*p) {
	case '{':
		return jv_members(p + 1, depth, true);
	case '[':
		return jv_members(p + 1, depth, false);
	case '"':
		return jv_string(p);
	case 't':
		return strncmp(p, "true", 4) == 0 ? p + 4 : NULL;
	case 'f':
		return strncmp(p, "false", 5) == 0 ? p + 5 : NULL;
	case 'n':
		return strncmp(p, "null", 4) == 0 ? p + 4 : NULL;
	default:
		return jv_number(p);
	}
}

static bool json_valid(const char *s)
{
	const char *end = jv_value(s, 0);

	return end != NULL && *jv_ws(end) == '\0';
}

// --- output buffer and tables -----------------------------------------------------

static void test_out_printf(void **state)
{
	struct mgmt_out out = MGMT_OUT_INIT;
	int i;

	(void)state;
	assert_string_equal(mgmt_out_str(&out), "");
	for (i = 0; i < 10000; i++)
		assert_int_equal(mgmt_printf(&out, "line %d\n", i), 0);
	assert_true(out.len > 60000);
	assert_non_null(strstr(mgmt_out_str(&out), "line 9999\n"));
	mgmt_out_truncate(&out, 7);
	assert_string_equal(mgmt_out_str(&out), "line 0\n");
	mgmt_out_reset(&out);
	assert_int_equal(out.len, 0);
	assert_int_equal(mgmt_write(&out, "ab", 2), 0);
	assert_string_equal(mgmt_out_str(&out), "ab");
	mgmt_out_free(&out);
}

static void test_table(void **state)
{
	struct mgmt_out out = MGMT_OUT_INIT;
	struct mgmt_table t;

	(void)state;
	mgmt_table_init(&t, 3);
	mgmt_table_align(&t, 2, MGMT_ALIGN_RIGHT);
	mgmt_table_add(&t, "VNI", "MAC", "Seq");
	mgmt_table_cell(&t, "%u", 100);
	mgmt_table_cell(&t, "%s", "00:00:5e:00:01:01");
	mgmt_table_cell(&t, "%u", 12345);
	mgmt_table_cell(&t, "%u", 20000);
	mgmt_table_end_row(&t); // empty MAC and Seq cells
	assert_int_equal(mgmt_table_rows(&t), 3);
	assert_int_equal(mgmt_table_print(&t, &out), 0);
	assert_string_equal(mgmt_out_str(&out), "VNI    MAC                  Seq\n"
						"100    00:00:5e:00:01:01  12345\n"
						"20000\n");
	mgmt_table_free(&t);
	mgmt_out_free(&out);
}

// --- JSON -------------------------------------------------------------------------

static void test_json_nested(void **state)
{
	struct mgmt_out out = MGMT_OUT_INIT;
	struct json_writer w;

	(void)state;
	json_init(&w, &out, false);
	json_obj_begin(&w);
	json_kv_u64(&w, "vni", 100);
	json_kv_i64(&w, "delta", -5);
	json_kv_bool(&w, "up", true);
	json_key(&w, "none");
	json_null(&w);
	json_key(&w, "macs");
	json_arr_begin(&w);
	json_obj_begin(&w);
	json_kv_str(&w, "mac", "00:00:5e:00:01:01");
	json_key(&w, "empty");
	json_obj_begin(&w);
	json_obj_end(&w);
	json_obj_end(&w);
	json_u64(&w, UINT64_MAX);
	json_i64(&w, INT64_MIN);
	json_arr_begin(&w);
	json_arr_end(&w);
	json_strf(&w, "%s/%u", "10.0.0.0", 8);
	json_arr_end(&w);
	json_obj_end(&w);
	assert_int_equal(json_finish(&w), 0);
	assert_string_equal(mgmt_out_str(&out),
		"{\"vni\":100,\"delta\":-5,\"up\":true,\"none\":null,\"macs\":["
		"{\"mac\":\"00:00:5e:00:01:01\",\"empty\":{}},18446744073709551615,"
		"-9223372036854775808,[],\"10.0.0.0/8\"]}");
	assert_true(json_valid(mgmt_out_str(&out)));
	mgmt_out_free(&out);
}

static void test_json_pretty(void **state)
{
	struct mgmt_out out = MGMT_OUT_INIT;
	struct json_writer w;

	(void)state;
	json_init(&w, &out, true);
	json_obj_begin(&w);
	json_kv_u64(&w, "a", 1);
	json_key(&w, "b");
	json_arr_begin(&w);
	json_bool(&w, false);
	json_arr_end(&w);
	json_key(&w, "c");
	json_arr_begin(&w);
	json_arr_end(&w);
	json_obj_end(&w);
	assert_int_equal(json_finish(&w), 0);
	assert_string_equal(mgmt_out_str(&out), "{\n"
						"  \"a\": 1,\n"
						"  \"b\": [\n"
						"    false\n"
						"  ],\n"
						"  \"c\": []\n"
						"}\n");
	assert_true(json_valid(mgmt_out_str(&out)));
	mgmt_out_free(&out);
}

static void test_json_escape(void **state)
{
	struct mgmt_out out = MGMT_OUT_INIT;
	struct json_writer w;

	(void)state;
	json_init(&w, &out, false);
	json_arr_begin(&w);
	json_str(&w, "say \"hi\" \\ back/slash");
	json_str(&w, "nl\n tab\t cr\r bs\b ff\f one\x01 us\x1f del\x7f");
	json_str(&w, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"); // valid UTF-8 kept
	json_str(&w, "bad\xff \xc0\xaf \xed\xa0\x80 cut\xe2\x82"); // invalid replaced
	json_strn(&w, "nul\0byte", 8);
	json_str(&w, NULL);
	json_arr_end(&w);
	assert_int_equal(json_finish(&w), 0);
	assert_string_equal(mgmt_out_str(&out),
		"[\"say \\\"hi\\\" \\\\ back/slash\","
		"\"nl\\n tab\\t cr\\r bs\\b ff\\f one\\u0001 us\\u001f del\x7f\","
		"\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\","
		"\"bad\\ufffd \\ufffd\\ufffd \\ufffd\\ufffd\\ufffd cut\\ufffd\\ufffd\","
		"\"nul\\u0000byte\",null]");
	assert_true(json_valid(mgmt_out_str(&out)));
	mgmt_out_free(&out);
}

static void test_json_key_escape(void **state)
{
	struct mgmt_out out = MGMT_OUT_INIT;
	struct json_writer w;

	(void)state;
	json_init(&w, &out, false);
	json_obj_begin(&w);
	json_kv_str(&w, "k\"ey\n", "v");
	json_obj_end(&w);
	assert_int_equal(json_finish(&w), 0);
	assert_string_equal(mgmt_out_str(&out), "{\"k\\\"ey\\n\":\"v\"}");
	mgmt_out_free(&out);
}

// Misuse is refused and reported, and the output is still valid JSON.
static void test_json_misuse(void **state)
{
	struct mgmt_out out = MGMT_OUT_INIT;
	struct json_writer w;

	(void)state;
	json_init(&w, &out, false);
	json_obj_begin(&w);
	json_u64(&w, 1); // value without key: dropped
	json_key(&w, "a");
	json_key(&w, "b"); // key after key: "a" gets null
	json_arr_begin(&w);
	json_key(&w, "c"); // key in an array: dropped
	json_obj_end(&w);  // wrong end: ignored
	json_obj_begin(&w);
	json_key(&w, "d"); // dangling key, closed by finish
	assert_int_equal(json_finish(&w), -EINVAL);
	assert_string_equal(mgmt_out_str(&out), "{\"a\":null,\"b\":[{\"d\":null}]}");
	assert_true(json_valid(mgmt_out_str(&out)));

	// A second top-level value is dropped; nothing at all gives null.
	mgmt_out_reset(&out);
	json_init(&w, &out, false);
	json_u64(&w, 1);
	json_u64(&w, 2);
	assert_int_equal(json_finish(&w), -EINVAL);
	assert_string_equal(mgmt_out_str(&out), "1");
	mgmt_out_reset(&out);
	json_init(&w, &out, false);
	assert_int_equal(json_finish(&w), 0);
	assert_string_equal(mgmt_out_str(&out), "null");
	mgmt_out_free(&out);
}

static void test_json_deep(void **state)
{
	struct mgmt_out out = MGMT_OUT_INIT;
	struct json_writer w;
	int i;

	(void)state;
	json_init(&w, &out, true);
	for (i = 0; i < 100; i++) {
		json_arr_begin(&w);
		json_u64(&w, (uint64_t)i);
	}
	for (i = 0; i < 100; i++)
		json_arr_end(&w);
	json_arr_end(&w); // one too many: ignored
	assert_int_equal(json_finish(&w), -E2BIG);
	assert_true(json_valid(mgmt_out_str(&out)));

	// Left open: finish closes everything.
	mgmt_out_reset(&out);
	json_init(&w, &out, false);
	for (i = 0; i < 10; i++) {
		json_obj_begin(&w);
		json_key(&w, "x");
	}
	assert_int_equal(json_finish(&w), -EINVAL);
	assert_true(json_valid(mgmt_out_str(&out)));
	mgmt_out_free(&out);
}

// --- registry ---------------------------------------------------------------------

static struct mgmt_out run_out; // output of run()

// What the last handler call saw.
static struct {
	char syntax[128];
	char args[256]; // "NAME=value;" ...
	char keywords[256];
	bool json;
	unsigned calls;
} seen;

static int record_handler(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	unsigned i;

	memset(&seen, 0, sizeof(seen) - sizeof(seen.calls));
	seen.calls++;
	snprintf(seen.syntax, sizeof(seen.syntax), "%s", req->syntax);
	for (i = 0; i < req->nargs; i++)
		snprintf(seen.args + strlen(seen.args), sizeof(seen.args) - strlen(seen.args),
			"%s=%s;", req->args[i].name, req->args[i].value);
	for (i = 0; i < req->nwords; i++)
		if (req->keywords[i] != NULL)
			snprintf(seen.keywords + strlen(seen.keywords),
				sizeof(seen.keywords) - strlen(seen.keywords), "%s ",
				req->keywords[i]);
	seen.json = req->json;
	mgmt_printf(out, "ok %s%s\n", (const char *)ctx, req->json ? " json" : "");
	return 0;
}

static int fail_handler(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	(void)req;
	(void)out;
	(void)ctx;
	return -ENOENT;
}

static int number_handler(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	uint64_t v;
	int rc;

	(void)ctx;
	rc = mgmt_req_u64(req, "N", 1, 4094, &v, out);
	if (rc < 0)
		return rc;
	mgmt_printf(out, "bd %llu\n", (unsigned long long)v);
	return 0;
}

// Writes 3 MB, more than the server sends to one client in one call.
static int big_handler(const struct mgmt_req *req, struct mgmt_out *out, void *ctx)
{
	unsigned i;

	(void)req;
	(void)ctx;
	for (i = 0; i < 3 * 16384; i++)
		mgmt_printf(out, "%063u\n", i);
	return 0;
}

static int registry_setup(void **state)
{
	static const char *const cmds[] = {
		"show mac [bd <N>]",
		"show mpls",
		"show port",
		"show bridge-domain",
		"show stats",
		"clear bgp <PEER> [soft]",
		"clear bgp <PEER> soft {in|out}",
		"clear bgp all",
		"show bgp l2vpn evpn route [type {macip|multicast|prefix}] [rd <RD>]",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		assert_int_equal(
			mgmt_register(cmds[i], record_handler, (void *)cmds[i], "help text"), 0);
	assert_int_equal(mgmt_register("show fail", fail_handler, NULL, "fails"), 0);
	assert_int_equal(mgmt_register("show bd <N>", number_handler, NULL, "a number"), 0);
	assert_int_equal(mgmt_register("show big", big_handler, NULL, "3 MB"), 0);
	memset(&seen, 0, sizeof(seen));
	return 0;
}

static int registry_teardown(void **state)
{
	(void)state;
	mgmt_registry_clear();
	mgmt_out_free(&run_out);
	return 0;
}

// Dispatches line; returns the output (valid until the next call) and the status.
static const char *run(const char *line, int *status)
{
	mgmt_out_reset(&run_out);
	*status = mgmt_dispatch(line, &run_out);
	return mgmt_out_str(&run_out);
}

static void test_cmd_match(void **state)
{
	const char *o;
	int st;

	(void)state;
	o = run("show mac", &st);
	assert_int_equal(st, 0);
	assert_string_equal(o, "ok show mac [bd <N>]\n");
	assert_string_equal(seen.args, "");
	assert_false(seen.json);

	o = run("  show   mac bd 100 json ", &st);
	assert_int_equal(st, 0);
	assert_string_equal(o, "ok show mac [bd <N>] json\n");
	assert_string_equal(seen.args, "N=100;");
	assert_string_equal(seen.keywords, "show mac bd ");
	assert_true(seen.json);

	// Abbreviations, when they are unambiguous.
	run("sh ma b 7", &st);
	assert_int_equal(st, 0);
	assert_string_equal(seen.syntax, "show mac [bd <N>]");
	assert_string_equal(seen.args, "N=7;");
	run("sh bri", &st);
	assert_int_equal(st, 0);
	assert_string_equal(seen.syntax, "show bridge-domain");

	// A keyword beats a placeholder; an optional keyword.
	run("clear bgp all", &st);
	assert_string_equal(seen.syntax, "clear bgp all");
	run("clear bgp 192.0.2.1 soft", &st);
	assert_string_equal(seen.syntax, "clear bgp <PEER> [soft]");
	assert_string_equal(seen.args, "PEER=192.0.2.1;");
	assert_non_null(strstr(seen.keywords, "soft"));
	run("clear bgp 192.0.2.1", &st);
	assert_int_equal(st, 0);
	assert_null(strstr(seen.keywords, "soft"));
	// "soft" alone stays with the first; a direction picks the second (show_bgp.c).
	run("clear bgp 192.0.2.1 soft out", &st);
	assert_int_equal(st, 0);
	assert_string_equal(seen.syntax, "clear bgp <PEER> soft {in|out}");
	assert_non_null(strstr(seen.keywords, "out"));
	run("clear bgp * soft in", &st);
	assert_string_equal(seen.syntax, "clear bgp <PEER> soft {in|out}");
	assert_string_equal(seen.args, "PEER=*;");
	// A family's summary beside the family's table.
	assert_int_equal(mgmt_register("show bgp l2vpn evpn [route-type <T>]", record_handler,
				 "show bgp l2vpn evpn [route-type <T>]", "table"),
		0);
	assert_int_equal(mgmt_register("show bgp l2vpn evpn summary", record_handler,
				 "show bgp l2vpn evpn summary", "summary"),
		0);
	run("show bgp l2vpn evpn summary json", &st);
	assert_int_equal(st, 0);
	assert_string_equal(seen.syntax, "show bgp l2vpn evpn summary");
	run("show bgp l2vpn evpn", &st);
	assert_string_equal(seen.syntax, "show bgp l2vpn evpn [route-type <T>]");

	// show_evpn.c's EVPN views side by side (show_evpn_arp.c: arp-cache).
	static const char *const evpn[] = {
		"show evpn vni [<VNI>]",
		"show evpn mac vni <VNI> [detail]",
		"show evpn arp-cache vni <VNI>",
	};
	for (unsigned i = 0; i < sizeof(evpn) / sizeof(evpn[0]); i++)
		assert_int_equal(
			mgmt_register(evpn[i], record_handler, (void *)evpn[i], "evpn"), 0);
	run("sh ev arp vni 100 json", &st);
	assert_int_equal(st, 0);
	assert_string_equal(seen.syntax, "show evpn arp-cache vni <VNI>");
	assert_string_equal(seen.keywords, "show evpn arp-cache vni ");
	assert_string_equal(seen.args, "VNI=100;");
	assert_true(seen.json);
	run("show evpn mac vni 100 detail", &st);
	assert_string_equal(seen.syntax, "show evpn mac vni <VNI> [detail]");
	o = run("show evpn arp-cache vni", &st);
	assert_int_equal(st, -EINVAL);
	assert_string_equal(o, "% Incomplete command: show evpn arp-cache vni\n"
			       "Possible completions:\n"
			       "  show evpn arp-cache vni <VNI>\n");
	run("show evpn arp-cache vni 100 detail", &st);
	assert_int_equal(st, -EINVAL);
	run("show evpn arp-cache 100", &st);
	assert_int_equal(st, -EINVAL);

	// "json" can still be a placeholder's value; quotes make one word.
	run("clear bgp json", &st);
	assert_int_equal(st, 0);
	assert_string_equal(seen.args, "PEER=json;");
	assert_false(seen.json);
	run("clear bgp \"a b\" json", &st);
	assert_string_equal(seen.args, "PEER=a b;");
	assert_true(seen.json);

	// Choices and several optional groups.
	run("show bgp l2vpn evpn route type mac rd 1:1", &st);
	assert_int_equal(st, 0);
	assert_string_equal(seen.keywords, "show bgp l2vpn evpn route type macip rd ");
	assert_string_equal(seen.args, "RD=1:1;");
	run("show bgp l2vpn evpn route rd 1:1 json", &st);
	assert_int_equal(st, 0);
	assert_string_equal(seen.args, "RD=1:1;");
	assert_true(seen.json);
}

static void test_cmd_errors(void **state)
{
	const char *o;
	int st;

	(void)state;
	o = run("shwo mac", &st);
	assert_int_equal(st, -EINVAL);
	assert_string_equal(o, "% Unknown command: shwo mac\n"
			       "Did you mean:\n"
			       "  show mac [bd <N>]\n");

	o = run("show foo", &st);
	assert_int_equal(st, -EINVAL);
	assert_non_null(strstr(o, "% Unknown command: show foo\n"));
	assert_non_null(strstr(o, "Commands starting with \"show\":\n"));
	assert_non_null(strstr(o, "  show port\n"));

	o = run("frobnicate", &st);
	assert_int_equal(st, -EINVAL);
	assert_string_equal(o, "% Unknown command: frobnicate\n");

	o = run("show m", &st);
	assert_int_equal(st, -EINVAL);
	assert_string_equal(o, "% Ambiguous command: show m\n"
			       "Possible matches:\n"
			       "  show mac [bd <N>]\n"
			       "  show mpls\n");

	o = run("show mac bd", &st);
	assert_int_equal(st, -EINVAL);
	assert_string_equal(o, "% Incomplete command: show mac bd\n"
			       "Possible completions:\n"
			       "  show mac [bd <N>]\n");

	o = run("show json", &st);
	assert_int_equal(st, -EINVAL);
	assert_non_null(strstr(o, "% Incomplete command: show json\n"));
	assert_non_null(strstr(o, "  show port\n"));

	o = run("show bgp l2vpn evpn route type m", &st);
	assert_int_equal(st, -EINVAL); // m: macip or multicast
	o = run("show port extra", &st);
	assert_int_equal(st, -EINVAL);

	o = run("show fail", &st);
	assert_int_equal(st, -ENOENT);
	assert_string_equal(o, "% No such file or directory\n");

	o = run("show bd 5000", &st);
	assert_int_equal(st, -ERANGE);
	assert_string_equal(o, "% Invalid N: 5000 (range 1-4094)\n");
	o = run("show bd 12x", &st);
	assert_int_equal(st, -EINVAL);
	o = run("show bd 99", &st);
	assert_int_equal(st, 0);
	assert_string_equal(o, "bd 99\n");

	o = run("show \"mac", &st);
	assert_int_equal(st, -EINVAL);
	assert_string_equal(o, "% Unbalanced quotes\n");
	o = run("", &st);
	assert_int_equal(st, 0);
	assert_string_equal(o, "");
}

static void test_cmd_help(void **state)
{
	const char *o;
	int st;

	(void)state;
	o = run("help", &st);
	assert_int_equal(st, 0);
	assert_non_null(strstr(o, "  clear bgp <PEER> [soft]  "));
	assert_non_null(strstr(o, "  show stats  "));
	o = run("help show mac json", &st);
	assert_int_equal(st, 0);
	assert_true(json_valid(o));
	assert_non_null(strstr(o, "\"command\": \"show mac [bd <N>]\""));
	assert_null(strstr(o, "show port"));
	o = run("help nothing", &st);
	assert_int_equal(st, -EINVAL);
}

static void test_cmd_register_errors(void **state)
{
	static const char *const bad[] = {
		"",
		"   ",
		"[show]",
		"<N> show",
		"show [a [b]]",
		"show [a",
		"show a]",
		"show []",
		"show {a|}",
		"show <>",
		"show a\"b",
		"show {a|b",
		"show <N",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(mgmt_register(bad[i], record_handler, "x", NULL), -EINVAL);
	assert_int_equal(mgmt_register("show x", NULL, NULL, NULL), -EINVAL);
	// The same syntax, spelled differently.
	assert_int_equal(mgmt_register("show  mac [ bd <N> ]", record_handler, "x", NULL), -EEXIST);
	assert_int_equal(mgmt_register("show [a] [b]", record_handler, "x", NULL), 0);
}

// --- server -----------------------------------------------------------------------

static char tmpdir[64];
static char sock_path[128];

static int server_setup(void **state)
{
	registry_setup(state);
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/mgmt_test.XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	snprintf(sock_path, sizeof(sock_path), "%s/evpnd.sock", tmpdir);
	assert_int_equal(mgmt_server_open(sock_path), 0);
	mgmt_server_set_idle_timeout(MGMT_IDLE_TIMEOUT_MS);
	return 0;
}

static int server_teardown(void **state)
{
	mgmt_server_close();
	unlink(sock_path);
	rmdir(tmpdir);
	return registry_teardown(state);
}

static int client(void)
{
	int fd = mgmt_client_connect(sock_path);

	assert_true(fd >= 0);
	return fd;
}

static void send_str(int fd, const char *s)
{
	assert_int_equal(send(fd, s, strlen(s), MSG_NOSIGNAL), (ssize_t)strlen(s));
}

// Runs the server for at most ms (waiting on its fd, as a control loop would).
static void pump(int ms)
{
	struct pollfd pfd = {.fd = mgmt_server_fd(), .events = POLLIN};

	poll(&pfd, 1, ms);
	mgmt_server_poll();
}

// Pumps the server until fd has a whole frame; returns the body, sets status.
// Returns NULL if the server closed the connection first. Reads no further than
// the frame, so the next one stays in the socket.
static char *reply(int fd, int *status)
{
	struct mgmt_out raw = MGMT_OUT_INIT;
	size_t blen = 0, hlen = 0, want;
	char buf[65536], *body = NULL;
	bool have_hdr = false;
	ssize_t n;
	int i;

	for (i = 0; i < 5000; i++) {
		if (!have_hdr)
			have_hdr = mgmt_frame_header(
					   mgmt_out_str(&raw), raw.len, status, &blen, &hlen) == 0;
		if (have_hdr && raw.len == hlen + blen) {
			body = strdup(mgmt_out_str(&raw) + hlen);
			break;
		}
		want = have_hdr ? hlen + blen - raw.len : 1;
		n = recv(fd, buf, want < sizeof(buf) ? want : sizeof(buf), MSG_DONTWAIT);
		if (n == 0)
			break;
		if (n > 0)
			mgmt_write(&raw, buf, (size_t)n);
		else
			pump(1);
	}
	mgmt_out_free(&raw);
	return body;
}

static void expect_reply(int fd, int status, const char *text)
{
	int st = 1;
	char *body = reply(fd, &st);

	assert_non_null(body);
	assert_int_equal(st, status);
	assert_string_equal(body, text);
	free(body);
}

// Pumps until the server has n clients.
static void wait_nconns(unsigned n)
{
	int i;

	for (i = 0; i < 500 && mgmt_server_nconns() != n; i++)
		pump(2);
	assert_int_equal(mgmt_server_nconns(), n);
}

static void test_server_basic(void **state)
{
	struct stat st;
	int fd;

	(void)state;
	assert_int_equal(stat(sock_path, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0660);
	assert_true(mgmt_server_fd() >= 0);
	assert_int_equal(mgmt_server_open(sock_path), -EBUSY);

	fd = client();
	send_str(fd, "show port\n");
	expect_reply(fd, 0, "ok show port\n");
	send_str(fd, "shwo port json\r\n");
	expect_reply(fd, -EINVAL,
		"% Unknown command: shwo port json\n"
		"Did you mean:\n"
		"  show port\n");
	// Two requests in one write, answered in order; an empty line gets "0 0".
	send_str(fd, "show stats\n\nshow mac bd 1 json\n");
	expect_reply(fd, 0, "ok show stats\n");
	expect_reply(fd, 0, "");
	expect_reply(fd, 0, "ok show mac [bd <N>] json\n");
	close(fd);
	wait_nconns(0);
}

static void test_server_overlong(void **state)
{
	char *line = malloc(3 * MGMT_LINE_MAX);
	int fd = client();

	(void)state;
	memset(line, 'a', 3 * MGMT_LINE_MAX);
	line[3 * MGMT_LINE_MAX - 1] = '\0';
	send_str(fd, line);
	send_str(fd, "\nshow port\n");
	expect_reply(fd, -E2BIG, "% Request too long (at most 4095 bytes)\n");
	expect_reply(fd, 0, "ok show port\n"); // the connection goes on

	// Just under the limit is fine (and unknown).
	memset(line, 'b', MGMT_LINE_MAX - 1);
	line[MGMT_LINE_MAX - 1] = '\n';
	line[MGMT_LINE_MAX] = '\0';
	send_str(fd, line);
	int st;
	char *body = reply(fd, &st);
	assert_non_null(body);
	assert_int_equal(st, -EINVAL);
	assert_non_null(strstr(body, "% Unknown command: bbbb"));
	free(body);

	// A NUL byte inside a line is refused.
	assert_int_equal(send(fd, "show\0port\n", 10, 0), 10);
	expect_reply(fd, -EINVAL, "% Invalid request: NUL byte\n");
	close(fd);
	free(line);
	wait_nconns(0);
}

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

// Silent clients are reaped after the idle timeout, not before it, and one that
// keeps asking is not. Each bound holds whatever the load: the connections were
// accepted after t0, so none can be reaped before t0 + IDLE; the server heard
// from the talker after `sent` (the time taken just before its last request), so
// it cannot have reaped it while the clock shows less than IDLE since then. The
// checks that need the test itself to run fast enough say when it did not.
static void check_idle_reaped(void)
{
	enum { IDLE = 200, DEADLINE = 10000 };
	int fds[4], talker, i, st;
	uint64_t t0, sent, prev, worst = 0, t;
	unsigned n;
	char *body;

	mgmt_server_set_idle_timeout(IDLE);
	t0 = mono_ms();
	for (i = 0; i < 4; i++)
		fds[i] = client();
	talker = client();
	wait_nconns(5);
	pump(0);
	n = mgmt_server_nconns();
	if (mono_ms() - t0 < IDLE)
		assert_int_equal(n, 5); // none reaped before the timeout
	else
		print_message("slow machine: the not-before-timeout check was skipped\n");
	sent = t0;
	for (;;) {
		prev = sent;
		sent = mono_ms();
		worst = max_u64(worst, sent - prev);
		send_str(talker, "show port\n");
		if ((body = reply(talker, &st)) == NULL)
			break; // reaped: right only if the talker paused longer than IDLE
		free(body);
		pump(10);
		if (mgmt_server_nconns() <= 1 || mono_ms() - t0 > DEADLINE)
			break;
	}
	n = mgmt_server_nconns();
	t = mono_ms();
	worst = max_u64(worst, t - (body != NULL ? sent : prev));
	assert_true(n <= 1); // the silent ones are gone
	assert_true(t - t0 > IDLE);
	if (worst < IDLE) {
		assert_non_null(body); // the talker was kept
		assert_int_equal(n, 1);
	} else {
		print_message("slow machine: the talker paused %u ms\n", (unsigned)worst);
	}
	for (i = 0; i < 4; i++) {
		char c;

		// closed by the server (MSG_DONTWAIT: a failure, not a hang, if not)
		assert_int_equal(recv(fds[i], &c, 1, MSG_DONTWAIT), 0);
		close(fds[i]);
	}
	close(talker);
	wait_nconns(0);
	mgmt_server_set_idle_timeout(MGMT_IDLE_TIMEOUT_MS);
}

static void test_server_silent_clients(void **state)
{
	int fd;

	(void)state;
	// Connects and leaves without a word.
	fd = client();
	wait_nconns(1);
	close(fd);
	wait_nconns(0);

	// Sends half a line and leaves.
	fd = client();
	send_str(fd, "show po");
	wait_nconns(1);
	close(fd);
	wait_nconns(0);

	check_idle_reaped();
}

static void test_server_half_close(void **state)
{
	int fd = client(), st;
	char *body;
	char c;

	(void)state;
	// The last line may lack its '\n' when the client shuts down its side.
	send_str(fd, "show port\nshow stats");
	shutdown(fd, SHUT_WR);
	expect_reply(fd, 0, "ok show port\n");
	body = reply(fd, &st);
	assert_non_null(body);
	assert_string_equal(body, "ok show stats\n");
	free(body);
	wait_nconns(0);
	assert_int_equal(recv(fd, &c, 1, 0), 0);
	close(fd);
}

static void test_server_many_clients(void **state)
{
	int fds[MGMT_MAX_CONNS + 1], i, extra;
	char req[64], want[64];

	(void)state;
	for (i = 0; i < MGMT_MAX_CONNS; i++)
		fds[i] = client();
	wait_nconns(MGMT_MAX_CONNS);
	// One more is told to retry later and closed.
	extra = client();
	expect_reply(extra, -EBUSY, "% Too many management connections, retry later\n");
	close(extra);
	assert_int_equal(mgmt_server_nconns(), MGMT_MAX_CONNS);

	// Everyone asks before anyone reads.
	for (i = 0; i < MGMT_MAX_CONNS; i++) {
		snprintf(req, sizeof(req), "clear bgp peer%d%s\n", i, i % 2 ? " json" : "");
		send_str(fds[i], req);
	}
	for (i = MGMT_MAX_CONNS - 1; i >= 0; i--) {
		snprintf(
			want, sizeof(want), "ok clear bgp <PEER> [soft]%s\n", i % 2 ? " json" : "");
		expect_reply(fds[i], 0, want);
	}
	for (i = 0; i < MGMT_MAX_CONNS; i++)
		close(fds[i]);
	wait_nconns(0);
}

static void test_server_big_reply(void **state)
{
	int fd = client(), slow = client(), st, i;
	struct timespec t0, t1;
	char *body;

	(void)state;
	// A client that asks for a lot and never reads does not stall the others.
	send_str(slow, "show big\n");
	for (i = 0; i < 20; i++)
		pump(1);
	send_str(fd, "show port\n");
	expect_reply(fd, 0, "ok show port\n");

	// Each poll call stays short even with a big reply pending.
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < 100; i++)
		mgmt_server_poll();
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_true(t1.tv_sec - t0.tv_sec < 2);

	send_str(fd, "show big\n");
	body = reply(fd, &st);
	assert_non_null(body);
	assert_int_equal(st, 0);
	assert_int_equal(strlen(body), 3 * 16384 * 64);
	assert_memory_equal(body + 64 * 49151,
		"000000000000000000000000000000000000000000000"
		"000000000000049151\n",
		64);
	free(body);
	close(fd);
	close(slow);
	wait_nconns(0);
}

// --- stale sockets ----------------------------------------------------------------

static int bind_unix(const char *path, bool do_listen)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	assert_int_equal(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	if (do_listen)
		assert_int_equal(listen(fd, 1), 0);
	return fd;
}

static void test_server_open_path(void **state)
{
	char dir[] = "/tmp/mgmt_test.XXXXXX", path[128];
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/s", dir);

	// A stale socket (its server died) is replaced.
	close(bind_unix(path, false));
	assert_int_equal(mgmt_server_open(path), 0);
	assert_int_equal(mgmt_server_fd() >= 0, true);
	mgmt_server_close();
	assert_int_equal(access(path, F_OK), -1); // removed on close
	assert_int_equal(mgmt_server_fd(), -1);

	// A live server is left alone.
	fd = bind_unix(path, true);
	assert_int_equal(mgmt_server_open(path), -EADDRINUSE);
	assert_int_equal(access(path, F_OK), 0);
	close(fd);
	unlink(path);

	// So is a file that is not a socket.
	close(open(path, O_CREAT | O_WRONLY, 0600));
	assert_int_equal(mgmt_server_open(path), -EEXIST);
	unlink(path);

	assert_int_equal(mgmt_server_open(""), -EINVAL);
	memset(path, 'x', sizeof(path) - 1);
	path[sizeof(path) - 1] = '\0';
	assert_int_equal(mgmt_server_open(path), -ENAMETOOLONG);
	snprintf(path, sizeof(path), "%s/no/such/dir/s", dir);
	assert_int_equal(mgmt_server_open(path), -ENOENT);
	assert_int_equal(mgmt_server_fd(), -1);
	rmdir(dir);
}

// --- the client library against a server running in a thread ---------------------

static volatile bool serving;

static void *serve(void *arg)
{
	(void)arg;
	while (serving)
		pump(5);
	return NULL;
}

static void test_client_request(void **state)
{
	struct mgmt_out body = MGMT_OUT_INIT;
	pthread_t th;
	int fd, st;

	(void)state;
	// Nobody polls the server: the client gives up in time.
	fd = client();
	assert_int_equal(mgmt_client_request(fd, "show port", 100, &st, &body), -ETIMEDOUT);
	close(fd);

	serving = true;
	assert_int_equal(pthread_create(&th, NULL, serve, NULL), 0);
	fd = client();
	assert_int_equal(mgmt_client_request(fd, "show mac bd 3 json", 5000, &st, &body), 0);
	assert_int_equal(st, 0);
	assert_string_equal(mgmt_out_str(&body), "ok show mac [bd <N>] json\n");
	assert_int_equal(mgmt_client_request(fd, "show nothing", 5000, &st, &body), 0);
	assert_int_equal(st, -EINVAL);
	assert_non_null(strstr(mgmt_out_str(&body), "% Unknown command: show nothing"));
	assert_int_equal(mgmt_client_request(fd, "show big", 5000, &st, &body), 0);
	assert_int_equal(body.len, 3 * 16384 * 64);
	assert_int_equal(mgmt_client_request(fd, "two\nlines", 5000, &st, &body), -EINVAL);
	close(fd);
	serving = false;
	pthread_join(th, NULL);
	mgmt_out_free(&body);
}

static void test_frame_header(void **state)
{
	size_t blen, hlen;
	int st;

	(void)state;
	assert_int_equal(mgmt_frame_header("0 5\nhello", 9, &st, &blen, &hlen), 0);
	assert_int_equal(st, 0);
	assert_int_equal(blen, 5);
	assert_int_equal(hlen, 4);
	assert_int_equal(mgmt_frame_header("-22 0\n", 6, &st, &blen, &hlen), 0);
	assert_int_equal(st, -22);
	assert_int_equal(mgmt_frame_header("-22 1", 5, &st, &blen, &hlen), -EAGAIN);
	assert_int_equal(mgmt_frame_header("x 1\n", 4, &st, &blen, &hlen), -EPROTO);
	assert_int_equal(mgmt_frame_header("0 -1\n", 5, &st, &blen, &hlen), -EPROTO);
	assert_int_equal(mgmt_frame_header("0 1 \n", 5, &st, &blen, &hlen), -EPROTO);
	assert_int_equal(
		mgmt_frame_header("0 99999999999999999999\n", 23, &st, &blen, &hlen), -EPROTO);
	assert_int_equal(
		mgmt_frame_header("00000000000000000000000000000000000", 35, &st, &blen, &hlen),
		-EPROTO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_out_printf),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_json_nested),
		cmocka_unit_test(test_json_pretty),
		cmocka_unit_test(test_json_escape),
		cmocka_unit_test(test_json_key_escape),
		cmocka_unit_test(test_json_misuse),
		cmocka_unit_test(test_json_deep),
		cmocka_unit_test_setup_teardown(test_cmd_match, registry_setup, registry_teardown),
		cmocka_unit_test_setup_teardown(test_cmd_errors, registry_setup, registry_teardown),
		cmocka_unit_test_setup_teardown(test_cmd_help, registry_setup, registry_teardown),
		cmocka_unit_test_setup_teardown(
			test_cmd_register_errors, registry_setup, registry_teardown),
		cmocka_unit_test_setup_teardown(test_server_basic, server_setup, server_teardown),
		cmocka_unit_test_setup_teardown(
			test_server_overlong, server_setup, server_teardown),
		cmocka_unit_test_setup_teardown(
			test_server_silent_clients, server_setup, server_teardown),
		cmocka_unit_test_setup_teardown(
			test_server_half_close, server_setup, server_teardown),
		cmocka_unit_test_setup_teardown(
			test_server_many_clients, server_setup, server_teardown),
		cmocka_unit_test_setup_teardown(
			test_server_big_reply, server_setup, server_teardown),
		cmocka_unit_test(test_server_open_path),
		cmocka_unit_test_setup_teardown(test_client_request, server_setup, server_teardown),
		cmocka_unit_test(test_frame_header),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
