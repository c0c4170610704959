// SPDX-License-Identifier: BSD-3-Clause
// cp/evpn/evpn_gw.c: the bridge domains' anycast gateways as EVPN keeps them (MAC,
// addresses, advertise-default-gw globally and per VNI), from a parsed configuration.
#include "evpn_test.h"

#include "cp/config/config.h"
#include "cp/evpn/evpn_gw.h"

#include <arpa/inet.h>

static const char conf[] = "underlay\n"
			   " vtep-address 192.0.2.1\n"
			   "bridge-domain 100\n"
			   " vni 100\n"
			   " gateway-mac 00:00:5e:00:01:01\n"
			   " gateway-address 10.1.0.254/24\n"
			   " gateway-address fd00:1::fe/64\n"
			   "bridge-domain 200\n"
			   " vni 200\n"
			   "router bgp 65000\n"
			   " address-family l2vpn evpn\n"
			   "  advertise-all-vni\n"
			   "  vni 200\n"
			   "   advertise-default-gw\n"
			   "  exit-vni\n"
			   " exit-address-family\n";

static struct cp_ip ip(int family, const char *s)
{
	struct cp_ip a = {.family = (uint8_t)family};
	assert_int_equal(inet_pton(family, s, a.addr), 1);
	return a;
}

static void gateways(void **state)
{
	static const uint8_t mac[6] = {0x00, 0x00, 0x5e, 0x00, 0x01, 0x01};
	struct evpnd_config cfg;
	struct cfg_error err;
	struct cp_ip ips[CFG_GW_MAX_ADDRS], a;
	uint8_t lens[CFG_GW_MAX_ADDRS];
	(void)state;

	config_init(&cfg);
	if (config_parse_string(&cfg, conf, "t.conf", &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(evpn_gw_init(&cfg), 0);
	assert_non_null(evpn_gw_mac(100));
	assert_memory_equal(evpn_gw_mac(100), mac, 6);
	assert_null(evpn_gw_mac(200));
	assert_null(evpn_gw_mac(4095));
	a = ip(AF_INET, "10.1.0.254");
	assert_true(evpn_gw_has_ip(100, &a));
	assert_false(evpn_gw_has_ip(200, &a));
	a = ip(AF_INET6, "fd00:1::fe");
	assert_true(evpn_gw_has_ip(100, &a));
	a = ip(AF_INET, "10.1.0.1");
	assert_false(evpn_gw_has_ip(100, &a));
	assert_int_equal(evpn_gw_addrs(100, ips, lens), 2);
	assert_int_equal(lens[0], 24);
	assert_int_equal(lens[1], 64);
	assert_int_equal(evpn_gw_addrs(200, ips, lens), 0);
	// advertise-default-gw only in vni 200's block
	assert_false(evpn_gw_advertised());
	assert_true(evpn_gw_vni_advertised(200));
	assert_false(evpn_gw_vni_advertised(100));
	evpn_gw_fini();
	assert_null(evpn_gw_mac(100));
	assert_false(evpn_gw_vni_advertised(200));
	config_free(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gateways),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
