// SPDX-License-Identifier: BSD-3-Clause
// cp/bgp/bgp_print.c: the reasons of the "%ADJCHANGE: neighbor X Down" log lines.
#include "bgp_test.h"

#include "cp/bgp/bgp_print.h"

static void reason_is(bool sent, uint8_t code, uint8_t subcode, const char *want)
{
	char buf[128];
	int n = bgp_notification_reason(buf, sizeof(buf), sent, code, subcode);

	assert_string_equal(buf, want);
	assert_int_equal(n, (int)strlen(want));
}

static void notification_reasons(void **state)
{
	(void)state;
	reason_is(true, BGP_ERR_CEASE, 2, "NOTIFICATION sent Cease/Administrative Shutdown (6/2)");
	reason_is(
		false, BGP_ERR_CEASE, 4, "NOTIFICATION received Cease/Administrative Reset (6/4)");
	// no subcode: no "/Unspecific"
	reason_is(true, BGP_ERR_HOLD_TIMER, 0, "NOTIFICATION sent Hold Timer Expired (4/0)");
	reason_is(false, BGP_ERR_UPDATE, 11,
		"NOTIFICATION received UPDATE Message Error/Malformed AS_PATH (3/11)");
	// values no RFC names still make a line
	char buf[128];
	bgp_notification_reason(buf, sizeof(buf), false, 200, 9);
	assert_non_null(strstr(buf, "(200/9)"));
	// cut to the buffer, snprintf's return
	char small[16];
	int n = bgp_notification_reason(small, sizeof(small), true, BGP_ERR_CEASE, 2);
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_true(n > (int)sizeof(small));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(notification_reasons),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
