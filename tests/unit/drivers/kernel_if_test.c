// SPDX-License-Identifier: BSD-3-Clause
// Tests of drivers/kernel_if.c that need no privileges: which kernel interface an
// af_packet port reads, from its devargs (the one evpnd keeps the host stack off).
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "drivers/kernel_if.h"

static int ifname(const char *devargs, char *name)
{
	return kernel_if_port_ifname(devargs, name, 16);
}

static void test_port_ifname(void **state)
{
	char name[16];
	(void)state;

	assert_int_equal(ifname("net_af_packet0,iface=ul0", name), 0);
	assert_string_equal(name, "ul0");
	assert_int_equal(ifname("net_af_packet1,iface=eth0.100,qpairs=2", name), 0);
	assert_string_equal(name, "eth0.100");
	// not af_packet: no kernel interface of ours
	assert_int_equal(ifname("net_tap0,iface=dtap0", name), -ENOENT);
	assert_int_equal(ifname("0000:01:00.0", name), -ENOENT);
	assert_int_equal(ifname("net_af_packet0", name), -ENOENT);
	// bad names
	assert_int_equal(ifname("net_af_packet0,iface=", name), -EINVAL);
	assert_int_equal(ifname("net_af_packet0,iface=,qpairs=2", name), -EINVAL);
	assert_int_equal(ifname("net_af_packet0,iface=abcdefghijklmnop", name), -EINVAL);
	assert_int_equal(ifname("net_af_packet0,iface=abcdefghijklmno", name), 0);
	assert_int_equal(ifname("net_af_packet0,iface=../../all", name), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_port_ifname),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
