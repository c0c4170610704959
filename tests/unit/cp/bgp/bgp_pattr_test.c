// SPDX-License-Identifier: BSD-3-Clause
// Tests of building attribute sets from received UPDATEs (cp/bgp/bgp_pattr.c):
// the RFC 6793 4.2.3 merge of AS4_PATH and AS4_AGGREGATOR from a 2-octet speaker.
#include "bgp_test.h"

#include "cp/bgp/bgp_pattr.h"

#define ORIGIN "40 01 01 00"
#define NEXT_HOP "40 03 04 c0000202"
// AS_PATH 65001 23456 23456 in 2-octet form
#define AS_PATH2 "40 02 08 02 03 fde9 5ba0 5ba0"
// AS4_PATH 65536 65537
#define AS4_PATH "c0 11 0a 02 02 00010000 00010001"
#define NLRI "18 0a0100"

static struct bgp_pattr_tmp t;

// Decodes an UPDATE with these attributes on a 2-octet session (four_octet false)
// and builds its attribute set into t; returns the AS path as text.
static const char *build(const char *attrs, bool four_octet)
{
	static uint8_t msg[4096];
	static char path[256];
	struct bgp_codec_ctx ctx = {.four_octet_as = four_octet};
	struct bgp_msg m;
	size_t len = update_from_hex(msg, sizeof(msg), "", attrs, NLRI);

	assert_int_equal(bgp_msg_decode(msg, len, &ctx, &m), 0);
	assert_int_equal(m.fault.action, BGP_ACTION_OK);
	assert_int_equal(bgp_pattr_from_update(&t, &m.update, four_octet), 0);
	return bgp_pattr_aspath_str(&t.a, path, sizeof(path));
}

static void test_as4_path_merged(void **state)
{
	(void)state;
	assert_string_equal(build(ORIGIN AS_PATH2 NEXT_HOP AS4_PATH, false), "65001 65536 65537");
}

static void test_as4_path_longer_ignored(void **state)
{
	(void)state;
	// AS4_PATH of 4 hops against an AS_PATH of 3: ignored.
	assert_string_equal(
		build(ORIGIN AS_PATH2 NEXT_HOP "c0 11 12 02 04 00010000 00010001 00010002 00010003",
			false),
		"65001 23456 23456");
}

static void test_as4_path_with_set(void **state)
{
	(void)state;
	// AS_PATH 65001 23456 {65002 65003}; AS4_PATH 65536 {65002 65003}: 2 hops each side
	// of the split, the set counting one.
	assert_string_equal(build(ORIGIN "40 02 0c 02 02 fde9 5ba0 01 02 fdea fdeb" NEXT_HOP
					 "c0 11 10 02 01 00010000 01 02 0000fdea 0000fdeb",
				    false),
		"65001 65536 {65002 65003}");
}

static void test_as4_aggregator(void **state)
{
	(void)state;
	// AGGREGATOR AS_TRANS 192.0.2.9 with AS4_AGGREGATOR 65538 192.0.2.9: the latter, and
	// the AS4_PATH merge.
	assert_string_equal(build(ORIGIN AS_PATH2 NEXT_HOP "c0 07 06 5ba0 c0000209" AS4_PATH
							   "c0 12 08 00010002 c0000209",
				    false),
		"65001 65536 65537");
	assert_true(t.a.has & BGP_AS_AGGREGATOR);
	assert_int_equal(t.a.aggregator.asn, 65538);
}

static void test_aggregator_not_trans_wins(void **state)
{
	(void)state;
	// AGGREGATOR 65010 with AS4_AGGREGATOR: both AS4_* ignored (RFC 6793 4.2.3).
	assert_string_equal(build(ORIGIN AS_PATH2 NEXT_HOP "c0 07 06 fdf2 c0000209" AS4_PATH
							   "c0 12 08 00010002 c0000209",
				    false),
		"65001 23456 23456");
	assert_int_equal(t.a.aggregator.asn, 65010);
}

static void test_four_octet_session_untouched(void **state)
{
	(void)state;
	// On a 4-octet session AS4_PATH is dropped by the decoder and never merged.
	static uint8_t msg[4096];
	struct bgp_codec_ctx ctx = {.four_octet_as = true};
	struct bgp_msg m;
	char path[64];
	size_t len = update_from_hex(msg, sizeof(msg), "",
		ORIGIN "40 02 0e 02 03 0000fde9 00005ba0 00005ba0" NEXT_HOP AS4_PATH, NLRI);

	assert_int_equal(bgp_msg_decode(msg, len, &ctx, &m), 0);
	assert_int_equal(bgp_pattr_from_update(&t, &m.update, true), 0);
	assert_string_equal(bgp_pattr_aspath_str(&t.a, path, sizeof(path)), "65001 23456 23456");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_as4_path_merged),
		cmocka_unit_test(test_as4_path_longer_ignored),
		cmocka_unit_test(test_as4_path_with_set),
		cmocka_unit_test(test_as4_aggregator),
		cmocka_unit_test(test_aggregator_not_trans_wins),
		cmocka_unit_test(test_four_octet_session_untouched),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
