// SPDX-License-Identifier: BSD-3-Clause
// cp/cp_addr.c: the one IP type and MAC format of the control plane: parse and
// print round trips, equality and order (IPv4 first), and the conversions to
// and from the dataplane's address.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "cp/cp_addr.h"

static struct cp_ip ip(const char *s)
{
	struct cp_ip r;
	assert_int_equal(cp_ip_parse(s, &r), 0);
	return r;
}

static void ip_text(void **state)
{
	(void)state;
	char buf[CP_IP_STRLEN];
	struct cp_ip a = ip("10.1.2.3"), b = ip("2001:0DB8::0001"), none;

	assert_int_equal(a.family, AF_INET);
	assert_int_equal(ntohl(a.v4.s_addr), 0x0a010203);
	assert_int_equal(b.family, AF_INET6);
	assert_string_equal(cp_ip_str(&a, buf, sizeof(buf)), "10.1.2.3");
	assert_string_equal(cp_ip_str(&b, buf, sizeof(buf)), "2001:db8::1");
	memset(&none, 0, sizeof(none));
	assert_string_equal(cp_ip_str(&none, buf, sizeof(buf)), "none");
	assert_null(cp_ip_str(&b, buf, 8));
	assert_int_equal(errno, ENOSPC);
	for (const char *const *s = (const char *const[]){"1.2.3", "10", "1.2.3.256", " 1.2.3.4",
		     "1.2.3.4 ", "0x1.2.3.4", "fe80::1%eth0", "", "::g", NULL};
		*s != NULL; s++)
		assert_int_equal(cp_ip_parse(*s, &a), -EINVAL);
	assert_string_equal(cp_ip_str(&a, buf, sizeof(buf)), "10.1.2.3"); // untouched
}

static void ip_eq_cmp(void **state)
{
	(void)state;
	struct cp_ip a = ip("10.1.2.3"), a2 = ip("10.1.2.3"), c = ip("10.1.2.4"), v6 = ip("::1");
	struct cp_ip none = {0}, none2 = {0};

	a2.addr[15] = 0xff; // past an IPv4 address: not compared
	assert_true(cp_ip_eq(&a, &a2));
	assert_false(cp_ip_eq(&a, &c));
	assert_false(cp_ip_eq(&a, &v6));
	assert_true(cp_ip_eq(&none, &none2));
	assert_int_equal(cp_ip_cmp(&a, &a2), 0);
	assert_true(cp_ip_cmp(&a, &c) < 0 && cp_ip_cmp(&c, &a) > 0);
	assert_true(cp_ip_cmp(&c, &v6) < 0 && cp_ip_cmp(&v6, &a) > 0); // IPv4 first
	assert_int_equal(cp_ip_len(AF_INET), 4);
	assert_int_equal(cp_ip_len(AF_INET6), 16);
	assert_int_equal(cp_ip_len(0), 0);
}

static void dp_conversion(void **state)
{
	(void)state;
	char buf[CP_IP_STRLEN];
	struct cp_ip a = ip("2001:db8::7"), back;
	struct dp_ip d, e;

	memset(&e, 0xaa, sizeof(e));
	cp_ip_to_dp(&a, &d);
	assert_int_equal(d.family, AF_INET6);
	assert_string_equal(cp_dp_ip_str(&d, buf, sizeof(buf)), "2001:db8::7");
	cp_ip_of_dp(&d, &back);
	assert_true(cp_ip_eq(&a, &back));
	assert_int_equal(memcmp(&a, &back, sizeof(a)), 0); // zeroed past the address too

	a = ip("192.0.2.1");
	cp_ip_to_dp(&a, &e);
	assert_false(cp_dp_ip_eq(&d, &e));
	assert_true(cp_dp_ip_cmp(&e, &d) < 0);
	cp_ip_to_dp(&a, &d);
	assert_true(cp_dp_ip_eq(&d, &e));
	assert_int_equal(cp_dp_ip_cmp(&d, &e), 0);
	assert_string_equal(cp_dp_ip_str(&e, buf, sizeof(buf)), "192.0.2.1");
	memset(&e, 0, sizeof(e));
	assert_string_equal(cp_dp_ip_str(&e, buf, sizeof(buf)), "-");
	assert_string_equal(cp_dp_ip_str(NULL, buf, sizeof(buf)), "-");
}

static void mac_text(void **state)
{
	(void)state;
	uint8_t mac[6];
	char buf[CP_MAC_STRLEN];

	assert_int_equal(cp_mac_parse("aA:bB:cC:dD:eE:0f", mac), 0);
	assert_string_equal(cp_mac_str(mac, buf, sizeof(buf)), "aa:bb:cc:dd:ee:0f");
	for (const char *const *s = (const char *const[]){"aa:bb:cc:dd:ee", "aa:bb:cc:dd:ee:f",
		     "aa:bb:cc:dd:ee:ff:", "aa:bb:cc:dd:ee:fff", "aabb.ccdd.eeff", "a:b:c:d:e:f",
		     "aa-bb-cc-dd-ee-ff", "", "gg:bb:cc:dd:ee:ff", NULL};
		*s != NULL; s++)
		assert_int_equal(cp_mac_parse(*s, mac), -EINVAL);
	assert_null(cp_mac_str(mac, buf, CP_MAC_STRLEN - 1));
	assert_int_equal(errno, ENOSPC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ip_text),
		cmocka_unit_test(ip_eq_cmp),
		cmocka_unit_test(dp_conversion),
		cmocka_unit_test(mac_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
