// SPDX-License-Identifier: BSD-3-Clause
// cp/mgmt/show_comm.c: communities and large communities as FRR 8.4 prints them
// (bgpd/bgp_community.c community_com2str, bgp_lcommunity.c lcommunity_str):
// "AS:value", the well-known names, and the JSON {"string", "list"} objects.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cp/mgmt/show_comm.h"

// 65000:100, no-export, no-advertise, local-AS, no-peer, graceful-shutdown, 0:0.
static const uint8_t comms[] = {0xfd, 0xe8, 0x00, 0x64, 0xff, 0xff, 0xff, 0x01, 0xff, 0xff, 0xff,
	0x02, 0xff, 0xff, 0xff, 0x03, 0xff, 0xff, 0xff, 0x04, 0xff, 0xff, 0x00, 0x00, 0, 0, 0, 0};
// 65000:1:2 and 4294967295:0:4294967295.
static const uint8_t large[] = {0, 0, 0xfd, 0xe8, 0, 0, 0, 1, 0, 0, 0, 2, 0xff, 0xff, 0xff, 0xff, 0,
	0, 0, 0, 0xff, 0xff, 0xff, 0xff};

static void text(void **state)
{
	char *s;

	(void)state;
	s = show_comm_str((struct bgp_bytes){comms, sizeof(comms)});
	assert_string_equal(s, "65000:100 no-export no-advertise local-AS no-peer "
			       "graceful-shutdown internet");
	free(s);
	s = show_large_str((struct bgp_bytes){large, sizeof(large)});
	assert_string_equal(s, "65000:1:2 4294967295:0:4294967295");
	free(s);
	s = show_comm_str((struct bgp_bytes){comms, 0});
	assert_string_equal(s, "");
	free(s);
}

static void json(void **state)
{
	struct mgmt_out out = MGMT_OUT_INIT;
	struct json_writer w;

	(void)state;
	json_init(&w, &out, false);
	json_obj_begin(&w);
	show_comm_json(&w, (struct bgp_bytes){comms, 8});
	show_large_json(&w, (struct bgp_bytes){large, 12});
	show_comm_json(&w, (struct bgp_bytes){comms, 0}); // nothing for none
	json_obj_end(&w);
	assert_int_equal(json_finish(&w), 0);
	assert_string_equal(mgmt_out_str(&out),
		"{\"community\":{\"string\":\"65000:100 no-export\",\"list\":[\"65000:100\","
		"\"noExport\"]},\"largeCommunity\":{\"string\":\"65000:1:2\",\"list\":["
		"\"65000:1:2\"]}}");
	mgmt_out_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text),
		cmocka_unit_test(json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
