// SPDX-License-Identifier: BSD-3-Clause
// Tests of cp/config: every malformed input gives exactly "FILE:LINE: reason" (or
// "FILE: reason" for whole-config checks) and leaves the config at its defaults.
// One cmocka test per case, so a failure names the case.
#include "cp/config/config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

// Lines 1-4: three ports.
#define DP                                                                                         \
	"dataplane\n"                                                                              \
	" port host0 devargs net_null0\n"                                                          \
	" port host1 devargs net_null1\n"                                                          \
	" port uplink0 devargs net_af_packet0,iface=ul0\n"
// Lines 5-7.
#define UL                                                                                         \
	"underlay\n"                                                                               \
	" vtep-address 198.51.100.1\n"                                                             \
	" address 192.0.2.1/24 port uplink0\n"
// Lines 8-11: with DP and UL before it, the next line is 12.
#define BD                                                                                         \
	"bridge-domain 100\n"                                                                      \
	" vni 100\n"                                                                               \
	" member host0 untagged\n"                                                                 \
	" member host1 vlan 10\n"

struct error_case {
	const char *name;
	const char *text;
	const char *msg; // the whole expected message
};

static const struct error_case cases[] = {
	// structure
	{"unknown_command", "dataplane\n main-lcore 0\n portt x\n",
		"x.conf:3: unknown command 'portt' in section dataplane"},
	{"unknown_command_bd", DP UL BD " vnii 3\n",
		"x.conf:12: unknown command 'vnii' in section bridge-domain 100"},
	{"unknown_no", DP UL BD " no flooding\n",
		"x.conf:12: unknown command 'no flooding' in section bridge-domain 100"},
	{"unknown_section", "! comment\nfoo bar\n", "x.conf:2: unknown section 'foo'"},
	{"outside_section", "\n mbufs 4096\n", "x.conf:2: 'mbufs' is outside of any section"},
	{"section_args", "dataplane now\n",
		"x.conf:1: dataplane: wrong number of arguments (usage: dataplane)"},
	{"bd_no_id", "bridge-domain\n",
		"x.conf:1: bridge-domain: wrong number of arguments (usage: bridge-domain ID)"},
	{"dup_section", "dataplane\n mbufs 4096\nunderlay\ndataplane\n",
		"x.conf:4: section dataplane already given at line 1"},
	{"dup_underlay", "underlay\nunderlay\n",
		"x.conf:2: section underlay already given at line 1"},
	{"too_few_args", "dataplane\n mbufs\n",
		"x.conf:2: mbufs: wrong number of arguments (usage: mbufs N)"},
	{"too_many_args", "dataplane\n mbufs 4096 8192\n",
		"x.conf:2: mbufs: wrong number of arguments (usage: mbufs N)"},
	{"too_many_words",
		"dataplane\n port p devargs x"
		" a 1 a 1 a 1 a 1 a 1 a 1 a 1 a 1 a 1 a 1 a 1 a 1 a 1 a 1 a 1\n",
		"x.conf:2: more than 32 words in line"},
	{"once_mbufs", "dataplane\n mbufs 4096\n\n mbufs 8192\n",
		"x.conf:4: mbufs already set at line 2"},
	{"once_vni", DP UL BD " vni 101\n",
		"x.conf:12: bridge-domain 100: vni already set at line 9"},
	{"once_learning", DP UL BD " learning\n no learning\n",
		"x.conf:13: bridge-domain 100: learning already set at line 12"},
	{"once_arp_suppression", DP UL BD " no arp-suppression\n arp-suppression\n",
		"x.conf:13: bridge-domain 100: arp-suppression already set at line 12"},
	{"no_unknown_command", DP UL BD " no flood\n",
		"x.conf:12: unknown command 'no flood' in section bridge-domain 100"},

	// numbers
	{"num_overflow", "dataplane\n mbufs 99999999999999999999999\n",
		"x.conf:2: mbufs: 99999999999999999999999 is out of range (1024..1073741824)"},
	{"num_u32_wrap", "dataplane\n mbufs 4294968320\n",
		"x.conf:2: mbufs: 4294968320 is out of range (1024..1073741824)"},
	{"num_trailing", "dataplane\n mbufs 32768k\n",
		"x.conf:2: mbufs: '32768k' is not a decimal number"},
	{"num_hex", "dataplane\n mac-table-size 0x1000\n",
		"x.conf:2: mac-table-size: '0x1000' is not a decimal number"},
	{"num_negative", "dataplane\n main-lcore -1\n",
		"x.conf:2: main-lcore: '-1' is not a decimal number"},
	{"num_plus", "dataplane\n main-lcore +1\n",
		"x.conf:2: main-lcore: '+1' is not a decimal number"},
	{"fib_size_high", "dataplane\n fib-size 16777217\n",
		"x.conf:2: fib-size: 16777217 is out of range (1024..16777216)"},
	{"num_low", "dataplane\n mbufs 1023\n",
		"x.conf:2: mbufs: 1023 is out of range (1024..1073741824)"},
	{"lcore_high", "dataplane\n main-lcore 1024\n",
		"x.conf:2: main-lcore: 1024 is out of range (0..1023)"},
	{"bd_id_zero", "bridge-domain 0\n", "x.conf:1: bridge-domain: 0 is out of range (1..4094)"},
	{"bd_id_high", "bridge-domain 4095\n",
		"x.conf:1: bridge-domain: 4095 is out of range (1..4094)"},
	{"bd_id_text", "bridge-domain blue\n",
		"x.conf:1: bridge-domain: 'blue' is not a decimal number"},
	{"vni_zero", DP UL "bridge-domain 5\n vni 0\n",
		"x.conf:9: bridge-domain 5: vni: 0 is out of range (1..16777215)"},
	{"vni_high", DP UL "bridge-domain 5\n vni 16777216\n",
		"x.conf:9: bridge-domain 5: vni: 16777216 is out of range (1..16777215)"},
	{"aging_high", DP UL BD " mac-aging-time 1000001\n",
		"x.conf:12: bridge-domain 100: mac-aging-time: 1000001 is out of range "
		"(0..1000000)"},

	// lcores
	{"main_in_workers", "dataplane\n main-lcore 1\n",
		"x.conf:2: main-lcore 1 is also in worker-lcores"},
	{"workers_hold_main", "dataplane\n worker-lcores 0-2\n mbufs 4096\n",
		"x.conf:2: main-lcore 0 is also in worker-lcores"},
	{"workers_empty_item", "dataplane\n worker-lcores 1,,2\n",
		"x.conf:2: worker-lcores: '' is not a decimal number"},
	{"workers_trailing_comma", "dataplane\n worker-lcores 1,\n",
		"x.conf:2: worker-lcores: '' is not a decimal number"},
	{"workers_open_range", "dataplane\n worker-lcores 1-\n",
		"x.conf:2: worker-lcores: '' is not a decimal number"},
	{"workers_bad_range", "dataplane\n worker-lcores 3-1\n",
		"x.conf:2: worker-lcores: bad range '3-1'"},
	{"workers_twice", "dataplane\n worker-lcores 1-3,2\n",
		"x.conf:2: worker-lcores: lcore 2 listed twice"},
	{"workers_too_many", "dataplane\n worker-lcores 1-65\n",
		"x.conf:2: worker-lcores: more than 64 lcores"},
	{"workers_high", "dataplane\n worker-lcores 1,5000\n",
		"x.conf:2: worker-lcores: 5000 is out of range (0..1023)"},

	// ports
	{"port_bad_name", "dataplane\n port up/link devargs x\n",
		"x.conf:2: bad port name 'up/link' (1..31 characters from A-Z a-z 0-9 _ . -)"},
	{"port_long_name", "dataplane\n port abcdefghijabcdefghijabcdefghij12 devargs x\n",
		"x.conf:2: bad port name 'abcdefghijabcdefghijabcdefghij12' (1..31 characters from "
		"A-Z a-z 0-9 _ . -)"},
	{"port_dup", "dataplane\n port p0 devargs a\n port p0 devargs b\n",
		"x.conf:3: port p0 declared twice"},
	{"port_dup_devargs", "dataplane\n port p0 devargs net_null0\n port p1 devargs net_null0\n",
		"x.conf:3: port p1: devargs 'net_null0' already used by port p0"},
	{"port_no_devargs", "dataplane\n port p0 mtu 1500 rx-queues 2\n",
		"x.conf:2: port p0: devargs missing (usage: port NAME devargs DEVARGS)"},
	{"port_unknown_option", "dataplane\n port p0 devargs a speed 10\n",
		"x.conf:2: port p0: unknown option 'speed' (devargs, rx-queues, mtu)"},
	{"port_option_twice", "dataplane\n port p0 devargs a mtu 1500 mtu 9000\n",
		"x.conf:2: port p0: option 'mtu' given twice"},
	{"port_missing_value", "dataplane\n port p0 devargs a mtu\n",
		"x.conf:2: port p0: missing value after 'mtu'"},
	{"port_mtu_low", "dataplane\n port p0 devargs a mtu 67\n",
		"x.conf:2: port p0: mtu: 67 is out of range (0 or 68..65535)"},
	{"port_rxq_high", "dataplane\n port p0 devargs a rx-queues 1025\n",
		"x.conf:2: port p0: rx-queues: 1025 is out of range (0..1024)"},

	// underlay
	{"bad_ip", "underlay\n vtep-address 1.2.3\n", "x.conf:2: bad IPv4/IPv6 address '1.2.3'"},
	{"bad_ip6", "underlay\n vtep-address 2001:db8::1::2\n",
		"x.conf:2: bad IPv4/IPv6 address '2001:db8::1::2'"},
	{"vtep_twice",
		"underlay\n vtep-address 198.51.100.1\n vtep-address 2001:db8::1\n"
		" vtep-address 198.51.100.2\n",
		"x.conf:4: vtep-address: an IPv4 vtep-address is already set (198.51.100.1)"},
	{"vtep_multicast", "underlay\n vtep-address 239.1.1.1\n",
		"x.conf:2: vtep-address 239.1.1.1 is not a unicast address"},
	{"vtep_any6", "underlay\n vtep-address ::\n",
		"x.conf:2: vtep-address :: is not a unicast address"},
	{"address_len", DP "underlay\n address 192.0.2.1/33 port uplink0\n",
		"x.conf:6: IPv4 prefix length: 33 is out of range (1..32)"},
	{"address_len0", DP "underlay\n address 192.0.2.1/0 port uplink0\n",
		"x.conf:6: IPv4 prefix length: 0 is out of range (1..32)"},
	{"address_len6", DP "underlay\n address 2001:db8::1/129 port uplink0\n",
		"x.conf:6: IPv6 prefix length: 129 is out of range (1..128)"},
	{"address_no_len", DP "underlay\n address 192.0.2.1 port uplink0\n",
		"x.conf:6: bad prefix '192.0.2.1' (expected ADDRESS/LENGTH)"},
	{"address_bad_ip", DP "underlay\n address 192.0.2/24 port uplink0\n",
		"x.conf:6: bad IPv4/IPv6 address '192.0.2'"},
	{"address_no_port_word", DP "underlay\n address 192.0.2.1/24 prt uplink0\n",
		"x.conf:6: address: expected 'port' instead of 'prt'"},
	{"address_unknown_port", DP "underlay\n address 192.0.2.1/24 port uplink9\n",
		"x.conf:6: unknown port 'uplink9' (not declared in section dataplane)"},
	{"address_port_before_dataplane", "underlay\n address 192.0.2.1/24 port uplink0\n" DP,
		"x.conf:2: unknown port 'uplink0' (not declared in section dataplane)"},
	{"address_dup", DP UL " address 192.0.2.1/25 port uplink0\n",
		"x.conf:8: address 192.0.2.1/25 already configured at line 7"},
	{"address_on_member", DP BD "underlay\n address 192.0.2.1/24 port host0\n",
		"x.conf:10: address 192.0.2.1/24: port host0 is a member of bridge-domain 100"},
	{"route_host_bits", DP UL " route 10.0.0.1/8 via 192.0.2.254\n",
		"x.conf:8: route 10.0.0.1/8: host bits set (did you mean 10.0.0.0/8?)"},
	{"route_host_bits6", DP UL " route 2001:db8::1/64 via 192.0.2.254\n",
		"x.conf:8: route 2001:db8::1/64: host bits set (did you mean 2001:db8::/64?)"},
	{"route_len", DP UL " route 10.0.0.0/40 via 192.0.2.254\n",
		"x.conf:8: IPv4 prefix length: 40 is out of range (0..32)"},
	{"route_via_family", DP UL " route 10.0.0.0/8 via 2001:db8::1\n",
		"x.conf:8: route 10.0.0.0/8: gateway 2001:db8::1 is not an IPv4 address"},
	{"route_no_via", DP UL " route 10.0.0.0/8 gw 192.0.2.254\n",
		"x.conf:8: route: expected 'via' instead of 'gw'"},
	{"route_dup", DP UL " route 0.0.0.0/0 via 192.0.2.254\n route 0.0.0.0/0 via 192.0.2.253\n",
		"x.conf:9: route 0.0.0.0/0 already configured at line 8"},
	{"neighbor_bad_mac", DP UL " neighbor 192.0.2.2 mac 02:00:00:00:00 port uplink0\n",
		"x.conf:8: bad MAC address '02:00:00:00:00' (expected aa:bb:cc:dd:ee:ff)"},
	{"neighbor_mcast_mac", DP UL " neighbor 192.0.2.2 mac 01:00:5e:00:00:01 port uplink0\n",
		"x.conf:8: neighbor 192.0.2.2: mac 01:00:5e:00:00:01 is not a unicast MAC"},
	{"neighbor_dup",
		DP UL " neighbor 192.0.2.2 mac 02:00:00:00:00:02 port uplink0\n"
		      " neighbor 192.0.2.2 mac 02:00:00:00:00:03 port uplink0\n",
		"x.conf:9: neighbor 192.0.2.2 already configured at line 8"},
	{"neighbor_unknown_port", DP UL " neighbor 192.0.2.2 mac 02:00:00:00:00:02 port ul0\n",
		"x.conf:8: unknown port 'ul0' (not declared in section dataplane)"},
	{"neighbor_not_underlay", DP UL " neighbor 192.0.2.2 mac 02:00:00:00:00:02 port host0\n",
		"x.conf:8: neighbor 192.0.2.2: port host0 has no underlay address"},

	// bridge domains
	{"vni_dup", DP UL "bridge-domain 7\n vni 100\nbridge-domain 100\n vni 100\n",
		"x.conf:11: bridge-domain 100: vni 100 already used by bridge-domain 7"},
	{"bd_dup", DP UL BD "!\nbridge-domain 100\n",
		"x.conf:13: bridge-domain 100 already defined at line 8"},
	{"bd_no_vni", DP UL "bridge-domain 100\n member host0 untagged\n",
		"x.conf:8: bridge-domain 100 has no vni"},
	{"unknown_drop_alone", DP UL BD " unknown-unicast-suppression\n",
		"x.conf:8: bridge-domain 100: unknown-unicast-suppression needs arp-suppression or "
		"neigh-suppression"},
	{"bd_no_vtep", DP "bridge-domain 100\n vni 100\n",
		"x.conf:5: bridge-domain 100: no vtep-address in section underlay"},
	{"member_unknown_port", DP UL BD " member host9 untagged\n",
		"x.conf:12: bridge-domain 100: unknown port 'host9' (not declared in section "
		"dataplane)"},
	{"member_twice", DP UL BD " member host1 vlan 10\n",
		"x.conf:12: bridge-domain 100: member host1 vlan 10 listed twice"},
	{"member_other_bd", DP UL BD "bridge-domain 200\n vni 200\n member host1 vlan 10\n",
		"x.conf:14: bridge-domain 200: member host1 vlan 10 is already in bridge-domain "
		"100"},
	{"member_untagged_other_bd",
		DP UL BD "bridge-domain 200\n vni 200\n member host0 untagged\n",
		"x.conf:14: bridge-domain 200: member host0 untagged is already in bridge-domain "
		"100"},
	{"member_vlan_zero", DP UL BD " member host1 vlan 0\n",
		"x.conf:12: bridge-domain 100: vlan: 0 is out of range (1..4094)"},
	{"member_vlan_high", DP UL BD " member host1 vlan 4095\n",
		"x.conf:12: bridge-domain 100: vlan: 4095 is out of range (1..4094)"},
	{"member_bad_tail", DP UL BD " member host1 tagged\n",
		"x.conf:12: bridge-domain 100: member: expected 'untagged' or 'vlan N' after the "
		"port"},
	{"member_underlay_port", DP UL BD " member uplink0 vlan 5\n",
		"x.conf:12: bridge-domain 100: member uplink0 vlan 5: port uplink0 is an underlay "
		"port "
		"(address at line 7)"},
	{"mac_bad", DP UL BD " mac 02:00:00:00:00:0g port host0\n",
		"x.conf:12: bridge-domain 100: bad MAC address '02:00:00:00:00:0g' (expected "
		"aa:bb:cc:dd:ee:ff)"},
	{"mac_long", DP UL BD " mac 02:00:00:00:00:001 port host0\n",
		"x.conf:12: bridge-domain 100: bad MAC address '02:00:00:00:00:001' (expected "
		"aa:bb:cc:dd:ee:ff)"},
	{"mac_dashes", DP UL BD " mac 02-00-00-00-00-01 port host0\n",
		"x.conf:12: bridge-domain 100: bad MAC address '02-00-00-00-00-01' (expected "
		"aa:bb:cc:dd:ee:ff)"},
	{"mac_zero", DP UL BD " mac 00:00:00:00:00:00 port host0\n",
		"x.conf:12: bridge-domain 100: mac 00:00:00:00:00:00 is not a unicast MAC"},
	{"mac_dup",
		DP UL BD " mac 02:00:00:00:00:01 port host0\n"
			 " mac 02:00:00:00:00:01 remote-vtep 198.51.100.2\n",
		"x.conf:13: bridge-domain 100: mac 02:00:00:00:00:01 already configured at line "
		"12"},
	{"mac_dup_case",
		DP UL BD " mac 02:00:00:00:00:aa port host0\n"
			 " mac 02:00:00:00:00:AA port host1 vlan 10\n",
		"x.conf:13: bridge-domain 100: mac 02:00:00:00:00:AA already configured at line "
		"12"},
	{"mac_not_member", DP UL BD " mac 02:00:00:00:00:01 port host1\n",
		"x.conf:12: bridge-domain 100: mac 02:00:00:00:00:01: host1 untagged is not a "
		"member "
		"of this bridge domain"},
	{"mac_wrong_vlan", DP UL BD " mac 02:00:00:00:00:01 port host1 vlan 11\n",
		"x.conf:12: bridge-domain 100: mac 02:00:00:00:00:01: host1 vlan 11 is not a "
		"member "
		"of this bridge domain"},
	{"mac_other_bd_member",
		DP UL BD "bridge-domain 200\n vni 200\n"
			 " mac 02:00:00:00:00:01 port host0\n",
		"x.conf:14: bridge-domain 200: mac 02:00:00:00:00:01: host0 untagged is not a "
		"member "
		"of this bridge domain"},
	{"mac_half_vlan", DP UL BD " mac 02:00:00:00:00:01 port host1 vlan\n",
		"x.conf:12: bridge-domain 100: mac 02:00:00:00:00:01: expected 'port NAME [vlan "
		"N]'"},
	{"mac_bad_target", DP UL BD " mac 02:00:00:00:00:01 vtep 198.51.100.2\n",
		"x.conf:12: bridge-domain 100: mac 02:00:00:00:00:01: expected 'port NAME [vlan "
		"N]' "
		"or 'remote-vtep IP [label L]'"},
	{"mac_bad_remote", DP UL BD " mac 02:00:00:00:00:01 remote-vtep 198.51.100\n",
		"x.conf:12: bridge-domain 100: bad IPv4/IPv6 address '198.51.100'"},
	{"mac_remote_v6_no_vtep6", DP UL BD " mac 02:00:00:00:00:01 remote-vtep 2001:db8::2\n",
		"x.conf:12: bridge-domain 100: remote-vtep 2001:db8::2 needs an IPv6 vtep-address "
		"in "
		"section underlay"},
	{"flood_dup", DP UL BD " flood-vtep 198.51.100.2\n flood-vtep 198.51.100.2\n",
		"x.conf:13: bridge-domain 100: flood-vtep 198.51.100.2 already configured at line "
		"12"},
	{"flood_v6_no_vtep6", DP UL BD " flood-vtep 2001:db8::2\n",
		"x.conf:8: bridge-domain 100: flood-vtep 2001:db8::2 needs an IPv6 vtep-address in "
		"section underlay"},
	{"flood_v4_no_vtep4",
		DP "underlay\n vtep-address 2001:db8::1\n" BD " flood-vtep 192.0.2.9\n",
		"x.conf:7: bridge-domain 100: flood-vtep 192.0.2.9 needs an IPv4 vtep-address in "
		"section underlay"},
	{"flood_self", DP UL BD " flood-vtep 198.51.100.1\n",
		"x.conf:8: bridge-domain 100: flood-vtep 198.51.100.1 is this VTEP's own address"},
	{"flood_multicast", DP UL BD " flood-vtep 224.0.0.1\n",
		"x.conf:12: bridge-domain 100: flood-vtep 224.0.0.1 is not a unicast address"},
};

static void check_error(void **state)
{
	const struct error_case *c = *state;
	struct evpnd_config cfg, defaults;
	struct cfg_error err;

	config_init(&cfg);
	config_init(&defaults);
	assert_int_equal(config_parse_string(&cfg, c->text, "x.conf", &err), -EINVAL);
	assert_string_equal(err.msg, c->msg);
	// Nothing half-parsed is left behind (valgrind checks nothing leaked).
	assert_memory_equal(&cfg, &defaults, sizeof(cfg));
}

// Built at run time: a 1025-character line, and one of exactly 1024 which is fine.
static void test_long_line(void **state)
{
	char text[2200];
	struct evpnd_config cfg;
	struct cfg_error err;

	(void)state;
	config_init(&cfg);
	snprintf(text, sizeof(text), "dataplane\n!%01023d\n mbufs 4096\n", 0);
	assert_int_equal(config_parse_string(&cfg, text, "x.conf", &err), 0);
	assert_int_equal(cfg.mbufs, 4096);
	// " mbufs " is 7 characters: 7 + 1017 = 1024 is accepted, 1025 is not.
	snprintf(text, sizeof(text), "dataplane\n mbufs %01017d\n", 4096);
	assert_int_equal(config_parse_string(&cfg, text, "x.conf", &err), 0);
	snprintf(text, sizeof(text), "dataplane\n mbufs %01018d\n", 4096);
	assert_int_equal(config_parse_string(&cfg, text, "x.conf", &err), -EINVAL);
	assert_string_equal(err.msg, "x.conf:2: line longer than 1024 characters");
	memset(text, 'x', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	assert_int_equal(config_parse_string(&cfg, text, "x.conf", &err), -EINVAL);
	assert_string_equal(err.msg, "x.conf:1: line longer than 1024 characters");
}

static void test_control_char(void **state)
{
	struct evpnd_config cfg;
	struct cfg_error err;

	(void)state;
	config_init(&cfg);
	assert_int_equal(
		config_parse_string(&cfg, "dataplane\n mbufs\x01 4096\n", "x.conf", &err), -EINVAL);
	assert_string_equal(err.msg, "x.conf:2: control character in line");
}

static void test_too_many_ports(void **state)
{
	char text[4096];
	size_t len = 0;
	struct evpnd_config cfg;
	struct cfg_error err;

	(void)state;
	config_init(&cfg);
	len += (size_t)snprintf(text + len, sizeof(text) - len, "dataplane\n");
	for (int i = 0; i <= CFG_MAX_PORTS; i++)
		len += (size_t)snprintf(
			text + len, sizeof(text) - len, " port p%d devargs net_null%d\n", i, i);
	assert_int_equal(config_parse_string(&cfg, text, "x.conf", &err), -EINVAL);
	assert_string_equal(err.msg, "x.conf:34: port p32: more than 32 ports");
}

// config_check on a config built in memory (what evpnctl does): no file, no line.
static void test_check_in_memory(void **state)
{
	struct evpnd_config cfg;
	struct cfg_error err;
	struct cfg_bd bd;

	(void)state;
	config_init(&cfg);
	assert_int_equal(config_check(&cfg, &err), 0);
	memset(&bd, 0, sizeof(bd));
	bd.id = 100;
	cfg.bds = &bd;
	cfg.n_bds = 1;
	assert_int_equal(config_check(&cfg, &err), -EINVAL);
	assert_string_equal(err.msg, "bridge-domain 100 has no vni");
	cfg.main_lcore = 1;
	assert_int_equal(config_check(&cfg, &err), -EINVAL);
	assert_string_equal(err.msg, "main-lcore 1 is also in worker-lcores");
}

// A file with several bad lines: every one is listed with its line, in file order,
// not only the first; a bad section header costs one error, not one per line under
// it; then what the whole-file check finds.
static void test_all_parse_errors(void **state)
{
	struct evpnd_config cfg;
	struct cfg_error err;

	(void)state;
	config_init(&cfg);
	assert_int_equal(config_parse_string(&cfg,
				 "dataplane\n"
				 " mbufs 12\n" // 2
				 " port p0 devargs net_null0\n"
				 " portt p1 devargs net_null1\n" // 4
				 "underlay\n"
				 " vtep-address 192.0.2.300\n" // 6
				 "bogus section\n"	       // 7
				 " anything under it\n"
				 "bridge-domain 100\n"
				 " vni 100\n"
				 " member nosuch untagged\n", // 11
				 "x.conf", &err),
		-EINVAL);
	assert_int_equal(err.n_errors, 6);
	assert_string_equal(err.msg, "x.conf:2: mbufs: 12 is out of range (1024..1073741824)");
	assert_string_equal(err.all,
		"x.conf:2: mbufs: 12 is out of range (1024..1073741824)\n"
		"x.conf:4: unknown command 'portt' in section dataplane\n"
		"x.conf:6: bad IPv4/IPv6 address '192.0.2.300'\n"
		"x.conf:7: unknown section 'bogus'\n"
		"x.conf:11: bridge-domain 100: unknown port 'nosuch' (not declared in section "
		"dataplane)\n"
		// then the whole-file check, on what the good lines said
		"x.conf:9: bridge-domain 100: no vtep-address in section underlay\n");
	assert_int_equal(cfg.n_ports, 0); // nothing of a bad file is kept
}

// The whole-file checks list every problem too, each with the line of its item.
static void test_all_check_errors(void **state)
{
	struct evpnd_config cfg;
	struct cfg_error err;

	(void)state;
	config_init(&cfg);
	assert_int_equal(config_parse_string(&cfg,
				 "dataplane\n"
				 " port p0 devargs net_null0\n"
				 " port p1 devargs net_af_packet0,iface=ul0 mtu 1600\n" // 3
				 "underlay\n"
				 " vtep-address 2001:db8::1\n"
				 " kernel-interface k0 port p0\n" // 6
				 "bridge-domain 100\n"		  // 7
				 " member p0 untagged\n"
				 "bridge-domain 200\n" // 9
				 " flood-vtep 192.0.2.9\n"
				 "router bgp 65000\n" // 11
				 " bgp router-id 192.0.2.1\n"
				 " address-family l2vpn evpn\n"
				 "  advertise-all-vni\n"	// 14
				 "  vtep-address-family ipv4\n" // 15
				 " exit-address-family\n",
				 "x.conf", &err),
		-EINVAL);
	assert_string_equal(err.all,
		"x.conf:6: kernel-interface k0: port p0 has no underlay address\n"
		"x.conf:7: bridge-domain 100 has no vni\n"
		"x.conf:9: bridge-domain 200 has no vni\n"
		"x.conf:9: bridge-domain 200: flood-vtep 192.0.2.9 needs an IPv4 vtep-address "
		"in section underlay\n"
		"x.conf:3: port p1: mtu 1600 cannot be set: the af_packet driver takes at most mtu "
		"1500 (give the kernel interface its MTU with ip link instead)\n"
		"x.conf:15: vtep-address-family ipv4: no IPv4 vtep-address in section underlay\n");
	assert_int_equal(err.n_errors, 6);
}

// What start-up refused after "evpnd -n" had called the file valid.
static void test_start_up_refusals(void **state)
{
	struct evpnd_config cfg;
	struct cfg_error err;
	char text[4096];
	int len = 0;

	(void)state;
	config_init(&cfg);
	assert_int_equal(config_parse_string(&cfg,
				 "underlay\n vtep-address 2001:db8::1\n"
				 "router bgp 65000\n bgp router-id 192.0.2.1\n"
				 " neighbor G peer-group\n neighbor G remote-as internal\n"
				 " bgp listen range 2001:db8::/64 peer-group G\n"
				 " address-family l2vpn evpn\n  advertise-all-vni\n"
				 " exit-address-family\n",
				 "x.conf", &err),
		-EINVAL);
	assert_string_equal(err.all,
		"x.conf:7: bgp listen range: only IPv4 ranges are supported (give IPv6 neighbors "
		"one by one)\n");
	len += snprintf(text + len, sizeof(text) - (size_t)len,
		"dataplane\n port p0 devargs net_null0\nunderlay\n");
	for (int i = 0; i < 17; i++)
		len += snprintf(text + len, sizeof(text) - (size_t)len,
			" address 192.0.%d.1/24 port p0\n", i);
	assert_int_equal(config_parse_string(&cfg, text, "x.conf", &err), -EINVAL);
	assert_string_equal(err.msg, "x.conf:20: address: more than 16 underlay addresses");
	// mtu up to 1500 on af_packet, any on other drivers (they answer at start-up)
	assert_int_equal(config_parse_string(&cfg,
				 "dataplane\n port p0 devargs net_af_packet0,iface=a mtu 1500\n"
				 " port p1 devargs 0000:01:00.0 mtu 9000\n",
				 "x.conf", &err),
		0);
	assert_int_equal(cfg.ports[0].mtu_line, 2);
	assert_int_equal(cfg.ports[1].mtu_line, 3);
	// a static remote VTEP nothing reaches: start-up only warned; now -n warns too
	assert_int_equal(config_parse_string(&cfg,
				 DP UL BD " flood-vtep 198.51.100.2\n"
					  " flood-vtep 192.0.2.7\n",
				 "x.conf", &err),
		0);
	assert_int_equal(err.n_warnings, 1);
	assert_string_equal(err.warnings,
		"x.conf:8: bridge-domain 100: flood-vtep 198.51.100.2: no "
		"underlay address or route reaches it (nothing is sent "
		"to it)\n");
	config_free(&cfg);
}

// Lcores this machine lacks: DPDK refused them at start with no line; evpnd -n and
// start-up now warn with the line (warnings: the file may be for another machine).
static void test_host_lcores(void **state)
{
	struct evpnd_config cfg;
	struct cfg_error err;

	(void)state;
	config_init(&cfg);
	assert_int_equal(config_parse_string(&cfg,
				 "dataplane\n main-lcore 0\n worker-lcores 1000\n", "x.conf", &err),
		0);
	assert_int_equal(config_check_host(&cfg, "x.conf", &err), 1);
	assert_string_equal(err.warnings,
		"x.conf:3: worker-lcores: lcore 1000: no such CPU on this "
		"machine (DPDK will not start on it)\n");
	// af_packet interfaces: lo is always there
	assert_int_equal(config_parse_string(&cfg,
				 "dataplane\n port p0 devargs net_af_packet0,iface=lo,qpairs=1\n"
				 " port p1 devargs net_af_packet1,iface=nosuch9\n",
				 "x.conf", &err),
		0);
	assert_int_equal(config_check_host(&cfg, "x.conf", &err), 1);
	assert_string_equal(err.warnings, "x.conf:3: port p1: no interface nosuch9 here (the "
					  "af_packet port cannot open it)\n");
	config_free(&cfg);
}

int main(void)
{
	struct CMUnitTest tests[sizeof(cases) / sizeof(cases[0]) + 8];
	size_t n = 0;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct CMUnitTest t = cmocka_unit_test_prestate(check_error, (void *)&cases[i]);
		t.name = cases[i].name;
		tests[n++] = t;
	}
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_long_line);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_control_char);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_too_many_ports);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_check_in_memory);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_all_parse_errors);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_all_check_errors);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_start_up_refusals);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_host_lcores);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
