// SPDX-License-Identifier: BSD-3-Clause
// Every error and warning of cp/config that config_error_test, config_bgp_test,
// config_evpn_test and config_frr_test do not provoke: one case each, a line of
// config text (after a base that makes it valid context) and the whole message it
// gives, with its line. config_messages_check.py fails the build's tests when a
// new message of cp/config is expected by no test (this file or the others).
// The second table covers the checks of a config built in memory (evpnctl),
// which the parser never lets through: each case breaks one field of a valid
// config.
#include "cp/config/config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define X10 "xxxxxxxxxx"
#define X100 X10 X10 X10 X10 X10 X10 X10 X10 X10 X10

enum base { NONE, DP, UL, BD, BGP, AF, VNI, VRF };

// Each base ends inside the section the case's line belongs to; `after` closes it.
static const struct {
	const char *before, *after;
} bases[] = {
	[NONE] = {"", ""},
	// lines 1-4
	[DP] = {"dataplane\n"
		" port host0 devargs net_null0\n"
		" port host1 devargs net_null1\n"
		" port uplink0 devargs net_null2\n",
		""},
	// lines 1-7
	[UL] = {"dataplane\n"
		" port host0 devargs net_null0\n"
		" port host1 devargs net_null1\n"
		" port uplink0 devargs net_null2\n"
		"underlay\n"
		" vtep-address 198.51.100.1\n"
		" address 192.0.2.1/24 port uplink0\n",
		""},
	// lines 1-10
	[BD] = {"dataplane\n"
		" port host0 devargs net_null0\n"
		" port host1 devargs net_null1\n"
		" port uplink0 devargs net_null2\n"
		"underlay\n"
		" vtep-address 198.51.100.1\n"
		" address 192.0.2.1/24 port uplink0\n"
		"bridge-domain 100\n"
		" vni 100\n"
		" member host0 untagged\n",
		""},
	// lines 1-3
	[BGP] = {"router bgp 65000\n"
		 " bgp router-id 192.0.2.1\n"
		 " neighbor 192.0.2.2 remote-as 65000\n",
		""},
	// lines 1-4
	[AF] = {"router bgp 65000\n"
		" bgp router-id 192.0.2.1\n"
		" neighbor 192.0.2.2 remote-as 65000\n"
		" address-family l2vpn evpn\n",
		" exit-address-family\n"},
	// lines 1-5
	[VNI] = {"router bgp 65000\n"
		 " bgp router-id 192.0.2.1\n"
		 " neighbor 192.0.2.2 remote-as 65000\n"
		 " address-family l2vpn evpn\n"
		 "  vni 100\n",
		"  exit-vni\n exit-address-family\n"},
	// lines 1-14: bridge domain 100 with a gateway in vrf t1
	[VRF] = {"dataplane\n"
		 " port host0 devargs net_null0\n"
		 " port host1 devargs net_null1\n"
		 " port uplink0 devargs net_null2\n"
		 "underlay\n"
		 " vtep-address 198.51.100.1\n"
		 " address 192.0.2.1/24 port uplink0\n"
		 "bridge-domain 100\n"
		 " vni 100\n"
		 " member host0 untagged\n"
		 " gateway-mac 00:00:5e:00:01:01\n"
		 " gateway-address 10.1.0.1/24\n"
		 " vrf t1\n"
		 "vrf t1\n",
		""},
};

enum kind {
	ERROR,	 // the parse fails with exactly this one error
	WARNING, // the parse succeeds with exactly this one warning
	HOST,	 // config_check_host warns this, once
};

struct msg_case {
	const char *name;
	enum kind kind;
	enum base base;
	const char *line; // one line, or a few when the message needs them
	const char *rep;  // printed n_rep times after line, with (i % 200, i / 200), i from 1
	int n_rep;
	const char *msg; // the whole message
};

static const struct msg_case cases[] = {
	// vrf sections and a bridge domain's vrf
	{"bd_vrf_bad_name", ERROR, BD, " vrf a/b\n", NULL, 0,
		"x.conf:11: bridge-domain 100: vrf: bad name 'a/b'"},
	{"bd_vrf_undefined", ERROR, BD, " vrf nope\n", NULL, 0,
		"x.conf:11: bridge-domain 100: vrf nope is not defined"},
	{"vrf_vni_twice", ERROR, VRF, " vni 5000\nvrf t2\n vni 5000\n", NULL, 0,
		"x.conf:17: vrf t2: vni 5000 already used by vrf t1"},
	{"vrf_vni_is_bd", ERROR, VRF, " vni 100\n", NULL, 0,
		"x.conf:15: vrf t1: vni 100 is also bridge-domain 100's"},
	{"vrf_router_mac", ERROR, VRF, " router-mac 01:00:00:00:00:01\n", NULL, 0,
		"x.conf:15: vrf t1: router-mac 01:00:00:00:00:01 is not a unicast MAC"},
	{"vrf_route_target", ERROR, VRF, " ip route 10.9.0.0/16 to 10.1.0.5\n", NULL, 0,
		"x.conf:15: vrf t1: ip route 10.9.0.0/16: expected ADDRESS, 'via ADDRESS' or "
		"'blackhole'"},
	{"vrf_route_nh_family", ERROR, VRF, " ip route 10.9.0.0/16 fd00::1\n", NULL, 0,
		"x.conf:15: vrf t1: ip route 10.9.0.0/16: next hop fd00::1 is not an IPv4 address"},
	{"vrf_route_not_route", ERROR, VRF, " ip rout 10.9.0.0/16 10.1.0.5\n", NULL, 0,
		"x.conf:15: vrf t1: expected 'ip route PREFIX ADDRESS|blackhole'"},
	// a vrf's type-5 settings (config_vrf_evpn.c), in the vrf section and in
	// router bgp ASN vrf NAME
	{"vrf_adv_usage", ERROR, VRF, " advertise ipv4 multicast\n", NULL, 0,
		"x.conf:15: vrf t1: advertise: usage: advertise {ipv4|ipv6} unicast"},
	{"vrf_adv_gateway_ip", ERROR, VRF, " advertise ipv4 unicast gateway-ip\n", NULL, 0,
		"x.conf:15: vrf t1: advertise ipv4 unicast gateway-ip: not supported (evpnd "
		"advertises every gateway subnet and static route of the vrf, or those a route-map "
		"permits)"},
	{"vrf_adv_rmap_missing", ERROR, VRF,
		" vni 5000\n advertise ipv4 unicast route-map RM\nrouter bgp 65000\n"
		" address-family l2vpn evpn\n  advertise-all-vni\n exit-address-family\n",
		NULL, 0, "x.conf:16: vrf t1: advertise ipv4 unicast route-map RM: no such route-map"},
	// prefix lists and route maps (config_policy.c)
	{"plist_usage", ERROR, NONE, "ip prefix-list A permit\n", NULL, 0,
		"x.conf:1: ip prefix-list: usage: ip prefix-list NAME [seq N] {permit|deny} {PREFIX "
		"[ge N] [le N]|any}"},
	{"plist_range", ERROR, NONE, "ip prefix-list A permit 10.0.0.0/16 ge 8\n", NULL, 0,
		"x.conf:1: ip prefix-list A: ge/le out of range (the prefix length < ge <= le <= 32)"},
	{"plist_family", ERROR, NONE, "ipv6 prefix-list A permit 10.0.0.0/16\n", NULL, 0,
		"x.conf:1: ipv6 prefix-list: 10.0.0.0/16 is not an IPv6 prefix"},
	{"plist_host_bits", ERROR, NONE, "ip prefix-list A permit 10.0.0.1/16\n", NULL, 0,
		"x.conf:1: ip prefix-list: 10.0.0.1/16: host bits set (did you mean 10.0.0.0/16?)"},
	{"plist_seq_twice", ERROR, NONE,
		"ip prefix-list A seq 5 permit any\nip prefix-list A seq 5 deny any\n", NULL, 0,
		"x.conf:2: ip prefix-list A: seq 5 already given at line 1"},
	{"plist_bad_name", ERROR, NONE, "ip prefix-list a/b permit any\n", NULL, 0,
		"x.conf:1: ip prefix-list: bad name 'a/b'"},
	{"rmap_match_other", ERROR, NONE, "route-map RM permit 10\n match community X\n", NULL, 0,
		"x.conf:2: route-map RM 10: match: only 'match ip|ipv6 address prefix-list NAME' "
		"(evpnd has no other policy)"},
	{"rmap_match_twice", ERROR, NONE,
		"ip prefix-list A permit any\nroute-map RM permit 10\n match ip address prefix-list "
		"A\n match ip address prefix-list A\n",
		NULL, 0,
		"x.conf:4: route-map RM 10: match ip address prefix-list already given at line 3"},
	{"rmap_bad_name", ERROR, NONE, "route-map a/b permit 10\n", NULL, 0,
		"x.conf:1: route-map: bad name 'a/b'"},
	{"rmap_action", ERROR, NONE, "route-map RM allow 10\n", NULL, 0,
		"x.conf:1: route-map RM: expected permit or deny, not 'allow'"},
	{"rmap_twice", ERROR, NONE, "route-map RM permit 10\nroute-map RM deny 10\n", NULL, 0,
		"x.conf:2: route-map RM 10 already given at line 1"},
	{"rmap_no_plist", ERROR, VRF, "route-map RM permit 10\n match ipv6 address prefix-list NOPE\n",
		NULL, 0, "x.conf:16: route-map RM 10: ipv6 prefix-list NOPE is not defined"},
	{"vrf_adv_twice", ERROR, VRF,
		" vni 5000\n advertise ipv6 unicast\n advertise ipv6 unicast\nrouter bgp 65000\n"
		" address-family l2vpn evpn\n  advertise-all-vni\n exit-address-family\n",
		NULL, 0, "x.conf:17: vrf t1: advertise ipv6 unicast already given at line 16"},
	{"vrf_rd_twice", ERROR, VRF, " rd 65000:1\n rd 65000:2\n", NULL, 0,
		"x.conf:16: vrf t1: rd already set at line 15"},
	{"vrf_rd_bad", ERROR, VRF, " rd 65000\n", NULL, 0,
		"x.conf:15: vrf t1: rd 65000: expected A.B.C.D:N or AS:N"},
	{"vrf_rt_bad", ERROR, VRF, " route-target import x\n", NULL, 0,
		"x.conf:15: vrf t1: route-target x: expected AS:N, AS4:N or A.B.C.D:N"},
	{"vrf_rt_usage", ERROR, VRF, " route-target in 65000:1\n", NULL, 0,
		"x.conf:15: vrf t1: route-target: usage: route-target {import|export|both} RT"},
	{"vrf_rt_twice", ERROR, VRF, " route-target both 65000:1\n route-target import 65000:1\n",
		NULL, 0, "x.conf:16: vrf t1: route-target import 65000:1 already given"},
	{"vrf_rt_many", ERROR, VRF, "", " route-target import %d:%d\n", 17,
		"x.conf:31: vrf t1: more than 16 route-targets"},
	{"bgp_vrf_af_open", ERROR, VRF,
		"router bgp 65000\nrouter bgp 65000 vrf t1\n address-family l2vpn evpn\n"
		" address-family l2vpn evpn\n exit-address-family\n",
		NULL, 0,
		"x.conf:18: router bgp 65000 vrf t1: address-family l2vpn evpn is still open (line "
		"17): exit-address-family first"},
	{"bgp_vrf_af_other", ERROR, VRF,
		"router bgp 65000\nrouter bgp 65000 vrf t1\n address-family ipv4 unicast\n", NULL, 0,
		"x.conf:17: router bgp 65000 vrf t1: address-family ipv4 unicast: only l2vpn evpn "
		"in router bgp vrf (its advertise ipv4|ipv6 unicast sends the vrf's gateway "
		"subnets and static routes)"},
	{"bgp_vrf_adv_outside_af", ERROR, VRF,
		"router bgp 65000\nrouter bgp 65000 vrf t1\n advertise ipv4 unicast\n", NULL, 0,
		"x.conf:17: router bgp 65000 vrf t1: advertise: only inside address-family l2vpn "
		"evpn"},
	{"bgp_vrf_form", ERROR, VRF, "router bgp 65000 foo t1\n", NULL, 0,
		"x.conf:15: router bgp 65000 foo t1: expected 'router bgp ASN vrf NAME'"},
	{"bgp_vrf_undefined", ERROR, VRF, "router bgp 65000 vrf t2\n", NULL, 0,
		"x.conf:15: router bgp 65000 vrf t2: no 'vrf t2' section above (it holds the "
		"L3VNI)"},
	{"bgp_vrf_twice", ERROR, VRF,
		"router bgp 65000\nrouter bgp 65000 vrf t1\nrouter bgp 65000 vrf t1\n", NULL, 0,
		"x.conf:17: router bgp vrf t1 already given at line 16"},
	{"bgp_vrf_af_unclosed", ERROR, VRF,
		"router bgp 65000\nrouter bgp 65000 vrf t1\n address-family l2vpn evpn\n", NULL, 0,
		"x.conf:17: router bgp vrf t1: address-family l2vpn evpn is not closed by "
		"exit-address-family"},
	{"bgp_vrf_asn", ERROR, VRF, "router bgp 65001\nrouter bgp 65000 vrf t1\n", NULL, 0,
		"x.conf:16: router bgp 65000 vrf t1: not the AS of router bgp (65001)"},
	{"vrf_adv_no_vni", ERROR, VRF, " advertise ipv4 unicast\nrouter bgp 65000\n", NULL, 0,
		"x.conf:15: vrf t1: advertise ipv4 unicast needs the vrf's vni (the L3VNI)"},
	{"vrf_adv_no_all_vni", ERROR, VRF, " vni 5000\n advertise ipv4 unicast\nrouter bgp 65000\n",
		NULL, 0,
		"x.conf:16: vrf t1: advertise ipv4 unicast needs advertise-all-vni (router bgp, "
		"address-family l2vpn evpn)"},
	{"vrf_adv_no_bgp", ERROR, VRF, " vni 5000\n advertise ipv6 unicast\n", NULL, 0,
		"x.conf:16: vrf t1: advertise ipv6 unicast without router bgp"},
	{"vrf_route_family", ERROR, VRF, " ipv6 route 10.9.0.0/16 10.1.0.5\n", NULL, 0,
		"x.conf:15: vrf t1: ipv6 route 10.9.0.0/16 is not an IPv6 prefix"},
	{"vrf_route_twice", ERROR, VRF,
		" ip route 10.9.0.0/16 10.1.0.5\n ip route 10.9.0.0/16 blackhole\n", NULL, 0,
		"x.conf:16: vrf t1: ip route 10.9.0.0/16 already configured at line 15"},
	{"vrf_route_host_bits", ERROR, VRF, " ip route 10.9.0.1/16 10.1.0.5\n", NULL, 0,
		"x.conf:15: vrf t1: ip route 10.9.0.1/16: host bits set (did you mean "
		"10.9.0.0/16?)"},
	{"vrf_route_connected", ERROR, VRF, " ip route 10.1.0.0/24 10.1.0.5\n", NULL, 0,
		"x.conf:15: vrf t1: route 10.1.0.0/24 is a gateway subnet of bridge-domain 100"},
	{"vrf_route_unreachable", ERROR, VRF, " ipv6 route fd09::/48 via fd00:2::5\n", NULL, 0,
		"x.conf:15: vrf t1: route fd09::/48: no gateway subnet of the vrf holds next hop "
		"fd00:2::5"},
	{"vrf_bad_name", ERROR, VRF, "vrf default\n", NULL, 0,
		"x.conf:15: vrf: bad name 'default' (at most 31 of [A-Za-z0-9_.-], not 'default')"},
	{"vrf_twice", ERROR, VRF, "vrf t1\n", NULL, 0,
		"x.conf:15: vrf t1 already defined at line 14"},
	{"vrf_max", ERROR, VRF, "", "vrf v%d_%d\n", 255, "x.conf:269: more than 255 vrfs"},
	{"vrf_subnet_twice", ERROR, BD,
		" gateway-mac 00:00:5e:00:01:01\n gateway-address 10.1.0.1/24\n"
		"bridge-domain 200\n vni 200\n gateway-mac 00:00:5e:00:01:01\n"
		" gateway-address 10.1.0.2/24\n",
		NULL, 0,
		"x.conf:16: bridge-domain 200: gateway subnet 10.1.0.0/24 is also "
		"bridge-domain 100's in vrf default"},
	// dataplane, underlay, bridge domains
	{"devargs_long", ERROR, NONE,
		"dataplane\n port p0 devargs " X100 X100 X10 X10 X10 X10 X10 X10 "\n", NULL, 0,
		"x.conf:2: port p0: devargs longer than 255 characters"},
	{"address_multicast", ERROR, UL, " address 224.0.0.1/24 port host1\n", NULL, 0,
		"x.conf:8: address 224.0.0.1/24 is not a unicast address"},
	{"kernel_if_bad_name", ERROR, UL, " kernel-interface k/0 port uplink0\n", NULL, 0,
		"x.conf:8: kernel-interface: bad interface name 'k/0' (at most 15 of "
		"[A-Za-z0-9_.-])"},
	{"kernel_if_twice_on_port", ERROR, UL,
		" kernel-interface k0 port uplink0\n kernel-interface k1 port uplink0\n", NULL, 0,
		"x.conf:9: kernel-interface: port uplink0 already has kernel-interface k0"},
	{"kernel_if_name_used", ERROR, UL,
		" kernel-interface k0 port uplink0\n kernel-interface k0 port host1\n", NULL, 0,
		"x.conf:9: kernel-interface k0 is already used by port uplink0"},
	{"bd_members_max", ERROR, BD, "", " member host1 vlan %d\n", 64, // 65 with host0
		"x.conf:8: bridge-domain 100: more than 64 members"},
	{"bd_flood_max", ERROR, BD, "", " flood-vtep 10.0.%d.%d\n", 257,
		"x.conf:8: bridge-domain 100: more than 256 flood-vteps"},
	{"gw_mac_multicast", ERROR, BD, " gateway-mac 01:00:5e:00:00:01\n", NULL, 0,
		"x.conf:11: bridge-domain 100: gateway-mac 01:00:5e:00:00:01 is not a unicast MAC"},
	{"gw_mac_zero", ERROR, BD, " gateway-mac 00:00:00:00:00:00\n", NULL, 0,
		"x.conf:11: bridge-domain 100: gateway-mac 00:00:00:00:00:00 is not a unicast MAC"},
	{"gw_mac_twice", ERROR, BD,
		" gateway-mac 00:00:5e:00:01:01\n gateway-mac 00:00:5e:00:01:02\n", NULL, 0,
		"x.conf:12: bridge-domain 100: gateway-mac already set at line 11"},
	{"gw_mac_static", ERROR, BD,
		" mac 00:00:5e:00:01:01 port host0\n gateway-mac 00:00:5e:00:01:01\n", NULL, 0,
		"x.conf:12: bridge-domain 100: gateway-mac 00:00:5e:00:01:01 is already a static "
		"mac at line 11"},
	{"gw_static_after", ERROR, BD,
		" gateway-mac 00:00:5e:00:01:01\n mac 00:00:5e:00:01:01 port host0\n", NULL, 0,
		"x.conf:12: bridge-domain 100: mac 00:00:5e:00:01:01 already configured at line "
		"11"},
	{"gw_addr_multicast", ERROR, BD, " gateway-address ff02::1/64\n", NULL, 0,
		"x.conf:11: bridge-domain 100: gateway-address ff02::1/64 is not a unicast "
		"address"},
	{"gw_addr_twice", ERROR, BD,
		" gateway-mac 00:00:5e:00:01:01\n gateway-address 10.1.1.1/24\n"
		" gateway-address 10.1.1.1/25\n",
		NULL, 0,
		"x.conf:13: bridge-domain 100: gateway-address 10.1.1.1/25: address already "
		"configured at line 12"},
	{"gw_addr_max", ERROR, BD, " gateway-mac 00:00:5e:00:01:01\n",
		" gateway-address 10.%d.%d.1/16\n", 9,
		"x.conf:20: bridge-domain 100: more than 8 gateway-addresses"},
	{"gw_addr_no_mac", ERROR, BD, " gateway-address 2001:db8:1::1/64\n", NULL, 0,
		"x.conf:11: bridge-domain 100: gateway-address without gateway-mac"},
	{"main_lcore_not_here", HOST, NONE, "dataplane\n main-lcore 1000\n", NULL, 0,
		"x.conf:2: main-lcore 1000: no such CPU on this machine (DPDK will not start on "
		"it)"},

	// router bgp: neighbors
	{"group_joins_group", ERROR, BGP, " neighbor G peer-group\n neighbor G peer-group G\n",
		NULL, 0,
		"x.conf:5: router bgp 65000: neighbor G: a peer-group cannot join a peer-group"},
	{"group_twice", ERROR, BGP, " neighbor G peer-group\n neighbor G peer-group\n", NULL, 0,
		"x.conf:5: router bgp 65000: peer-group G already defined"},
	{"neighbor_multicast", ERROR, BGP, " neighbor 224.0.0.5 remote-as 1\n", NULL, 0,
		"x.conf:4: router bgp 65000: neighbor 224.0.0.5 is not a unicast address"},
	{"neighbor_bad_name", ERROR, BGP, " neighbor a/b remote-as 1\n", NULL, 0,
		"x.conf:4: router bgp 65000: neighbor a/b: not an address nor a valid peer-group "
		"name"},
	{"timers_connect_usage", ERROR, BGP, " neighbor 192.0.2.2 timers connect 5 6\n", NULL, 0,
		"x.conf:4: router bgp 65000: timers: usage: timers connect SECONDS"},
	{"timers_usage", ERROR, BGP, " neighbor 192.0.2.2 timers 1 2 3\n", NULL, 0,
		"x.conf:4: router bgp 65000: timers: usage: timers KEEPALIVE HOLDTIME"},
	{"keepalive_above_third", ERROR, BGP, " neighbor 192.0.2.2 timers 10 20\n", NULL, 0,
		"x.conf:4: router bgp 65000: timers: keepalive 10 is more than a third of holdtime "
		"20"},
	{"ttl_security_usage", ERROR, BGP, " neighbor 192.0.2.2 ttl-security hop 2\n", NULL, 0,
		"x.conf:4: router bgp 65000: ttl-security: usage: ttl-security hops N"},
	{"description_usage", ERROR, BGP, " neighbor 192.0.2.2 description\n", NULL, 0,
		"x.conf:4: router bgp 65000: neighbor 192.0.2.2: usage: neighbor 192.0.2.2 "
		"description TEXT"},
	{"description_long", ERROR, BGP, " neighbor 192.0.2.2 description " X10 " " X100 "\n", NULL,
		0,
		"x.conf:4: router bgp 65000: neighbor 192.0.2.2: description longer than 79 "
		"characters"},
	{"shutdown_usage", ERROR, BGP, " neighbor 192.0.2.2 shutdown now\n", NULL, 0,
		"x.conf:4: router bgp 65000: neighbor 192.0.2.2: usage: neighbor 192.0.2.2 "
		"shutdown"},
	{"neighbor_ignored", WARNING, BGP, " neighbor 192.0.2.2 send-community\n", NULL, 0,
		"x.conf:4: ignored: neighbor 192.0.2.2 send-community (evpnd always sends "
		"standard, extended and large communities)"},
	{"default_gw_outside_af", ERROR, BGP, " advertise-default-gw\n", NULL, 0,
		"x.conf:4: router bgp 65000: advertise-default-gw: only inside address-family "
		"l2vpn evpn"},
	{"af_unknown_setting", ERROR, AF, "  neighbor 192.0.2.2 weight 10\n", NULL, 0,
		"x.conf:5: router bgp 65000: neighbor 192.0.2.2: unknown setting 'weight' in "
		"address-family l2vpn evpn"},
	{"update_source_family", ERROR, BGP, " neighbor 192.0.2.2 update-source 2001:db8::1\n",
		NULL, 0,
		"x.conf:3: router bgp: neighbor 192.0.2.2: update-source is not an IPv4 address"},

	// router bgp: bgp ..., no ..., timers bgp
	{"no_unknown", ERROR, BGP, " no bgp always-compare-med\n", NULL, 0,
		"x.conf:4: router bgp 65000: unknown command 'no bgp'"},
	{"listen_usage", ERROR, BGP, " bgp listen range 10.0.0.0/8\n", NULL, 0,
		"x.conf:4: router bgp 65000: usage: bgp listen range PREFIX peer-group NAME"},
	{"listen_twice", ERROR, BGP,
		" neighbor G peer-group\n neighbor G remote-as internal\n"
		" bgp listen range 10.0.0.0/8 peer-group G\n"
		" bgp listen range 10.0.0.0/8 peer-group G\n",
		NULL, 0,
		"x.conf:7: router bgp 65000: bgp listen range 10.0.0.0/8 already given at line 6"},
	{"listen_group_no_as", ERROR, BGP,
		" neighbor G peer-group\n bgp listen range 10.0.0.0/8 peer-group G\n", NULL, 0,
		"x.conf:5: router bgp: peer-group G (listen range) has no remote-as"},
	{"bgp_id_usage", ERROR, BGP, " bgp cluster-id\n", NULL, 0,
		"x.conf:4: router bgp 65000: usage: bgp cluster-id A.B.C.D"},
	{"bgp_id_zero", ERROR, BGP, " bgp cluster-id 0.0.0.0\n", NULL, 0,
		"x.conf:4: router bgp 65000: bgp cluster-id: '0.0.0.0' is not a non-zero IPv4 "
		"address"},
	{"bgp_in_af", ERROR, AF, "  bgp cluster-id 192.0.2.9\n", NULL, 0,
		"x.conf:5: router bgp 65000: bgp cluster-id: not inside address-family"},
	{"bgp_unknown", ERROR, BGP, " bgp frobnicate\n", NULL, 0,
		"x.conf:4: router bgp 65000: unknown command 'bgp frobnicate'"},
	{"bgp_ignored", WARNING, BGP, " bgp bestpath as-path multipath-relax\n", NULL, 0,
		"x.conf:4: ignored: bgp best-path option (evpnd's best-path selection takes no "
		"options)"},
	{"gr_restart_time_range", ERROR, BGP, " bgp graceful-restart restart-time 4096\n", NULL, 0,
		"x.conf:4: router bgp 65000: restart-time: 4096 is out of range (1..4095)"},
	{"gr_restart_time_zero", ERROR, BGP, " bgp graceful-restart restart-time 0\n", NULL, 0,
		"x.conf:4: router bgp 65000: restart-time: 0 is out of range (1..4095)"},
	{"gr_select_defer_range", ERROR, BGP, " bgp graceful-restart select-defer-time 3601\n",
		NULL, 0,
		"x.conf:4: router bgp 65000: select-defer-time: 3601 is out of range (1..3600)"},
	{"gr_select_defer_nan", ERROR, BGP, " bgp graceful-restart select-defer-time 1m\n", NULL,
		0, "x.conf:4: router bgp 65000: select-defer-time: '1m' is not a decimal number"},
	{"gr_timer_usage", ERROR, BGP, " bgp graceful-restart restart-time\n", NULL, 0,
		"x.conf:4: router bgp 65000: usage: bgp graceful-restart restart-time N (1..4095)"},
	{"gr_ignored", WARNING, BGP, " bgp graceful-restart stalepath-time 360\n", NULL, 0,
		"x.conf:4: ignored: bgp graceful-restart option (evpnd takes only restart-time and "
		"select-defer-time)"},
	{"timers_bgp_usage", ERROR, BGP, " timers bgpp 3 9\n", NULL, 0,
		"x.conf:4: router bgp 65000: timers: usage: timers bgp KEEPALIVE HOLDTIME (outside "
		"address-family)"},

	// vni blocks
	{"vni_usage", ERROR, AF, "  vni 100 200\n", NULL, 0,
		"x.conf:5: router bgp 65000: vni: wrong number of arguments (usage: vni VNI)"},
	{"rd_usage", ERROR, VNI, "   rd\n", NULL, 0,
		"x.conf:6: router bgp 65000: rd: wrong number of arguments (usage: rd "
		"{A.B.C.D:N|AS:N})"},
	{"rt_usage", ERROR, VNI, "   route-target both\n", NULL, 0,
		"x.conf:6: router bgp 65000: route-target: usage: route-target "
		"{import|export|both} RT"},
	{"rt_bad", ERROR, VNI, "   route-target both 65000\n", NULL, 0,
		"x.conf:6: router bgp 65000: vni 100: route-target 65000: expected AS:N, AS4:N or "
		"A.B.C.D:N"},
	{"rt_max", ERROR, VNI, "", "   route-target import 65000:%d\n", 17,
		"x.conf:22: router bgp 65000: vni 100: more than 16 route-targets"},
	{"exit_vni_args", ERROR, VNI, "  exit-vni 100\n", NULL, 0,
		"x.conf:6: router bgp 65000: exit-vni: takes no arguments"},

	// FRR's own top-level lines
	{"frr_ignored", WARNING, NONE, "frr version 8.4.4\n", NULL, 0,
		"x.conf:1: ignored: frr version (FRR's own bookkeeping)"},
	{"log_stdout", WARNING, NONE, "log stdout debugging\n", NULL, 0,
		"x.conf:1: ignored: log stdout (evpnd logs to stderr, and to syslog with 'log "
		"syslog'; evpnd -v for debug)"},
	{"log_other", WARNING, NONE, "log timestamp precision 3\n", NULL, 0,
		"x.conf:1: ignored: log timestamp (evpnd logs to stderr, and to syslog with 'log "
		"syslog')"},
	{"hostname_usage", ERROR, NONE, "hostname vtep 1\n", NULL, 0,
		"x.conf:1: hostname: usage: hostname NAME (at most 63 characters)"},
};

static char *case_text(const struct msg_case *c)
{
	size_t size = 65536, len;
	char *text = malloc(size);

	assert_non_null(text);
	len = (size_t)snprintf(text, size, "%s%s", bases[c->base].before, c->line);
	for (int i = 1; i <= c->n_rep; i++)
		len += (size_t)snprintf(text + len, size - len, c->rep, i % 200, i / 200);
	snprintf(text + len, size - len, "%s", bases[c->base].after);
	return text;
}

static void check_message(void **state)
{
	const struct msg_case *c = *state;
	char *text = case_text(c);
	char want[600];
	struct evpnd_config cfg;
	struct cfg_error err;
	int ret;

	config_init(&cfg);
	ret = config_parse_string(&cfg, text, "x.conf", &err);
	free(text);
	if (c->kind == ERROR) {
		assert_int_equal(ret, -EINVAL);
		assert_string_equal(err.all, (snprintf(want, sizeof(want), "%s\n", c->msg), want));
		assert_int_equal(err.n_errors, 1); // one bad line, one error
		return;
	}
	if (ret != 0)
		print_error("%s", err.all);
	assert_int_equal(ret, 0);
	if (c->kind == HOST) {
		cfg_error_clear(&err);
		assert_int_equal(config_check_host(&cfg, "x.conf", &err), 1);
	}
	assert_string_equal(err.warnings, (snprintf(want, sizeof(want), "%s\n", c->msg), want));
	assert_int_equal(err.n_warnings, 1);
	config_free(&cfg);
}

// ---- configs built in memory: config_check names no file and no line

// Valid: three ports, an underlay address, a route and a neighbor, two bridge
// domains (a local and a remote MAC, two flood-vteps), a listen range.
static const char valid[] = "dataplane\n"
			    " port host0 devargs net_null0\n"
			    " port host1 devargs net_null1\n"
			    " port uplink0 devargs net_null2\n"
			    "underlay\n"
			    " vtep-address 198.51.100.1\n"
			    " address 192.0.2.1/24 port uplink0\n"
			    " route 10.0.0.0/8 via 192.0.2.254\n"
			    " neighbor 192.0.2.2 mac 02:00:00:00:00:02 port uplink0\n"
			    "bridge-domain 100\n"
			    " vni 100\n"
			    " member host0 untagged\n"
			    " mac 02:00:00:00:00:01 port host0\n"
			    " mac 02:00:00:00:00:03 remote-vtep 198.51.100.3\n"
			    " flood-vtep 198.51.100.2\n"
			    " flood-vtep 198.51.100.3\n"
			    "bridge-domain 200\n"
			    " vni 200\n"
			    "router bgp 65000\n"
			    " bgp router-id 192.0.2.1\n"
			    " neighbor G peer-group\n"
			    " neighbor G remote-as internal\n"
			    " bgp listen range 10.1.0.0/16 peer-group G\n";

struct mem_case {
	const char *name;
	void (*brk)(struct evpnd_config *cfg);
	const char *msg;
};

static void main_lcore_high(struct evpnd_config *c)
{
	c->main_lcore = 2000;
}
static void no_workers(struct evpnd_config *c)
{
	c->n_workers = 0;
}
static void worker_high(struct evpnd_config *c)
{
	c->worker_lcores[0] = 2000;
}
static void ports_many(struct evpnd_config *c)
{
	c->n_ports = CFG_MAX_PORTS + 1;
}
static void port_name(struct evpnd_config *c)
{
	strcpy(c->ports[0].name, "a/b");
}
static void port_devargs(struct evpnd_config *c)
{
	c->ports[1].devargs[0] = '\0';
}
static void port_twice(struct evpnd_config *c)
{
	strcpy(c->ports[1].name, "host0");
}
static void lcore_twice(struct evpnd_config *c)
{
	c->worker_lcores[c->n_workers++] = c->worker_lcores[0];
}
static void addr_len(struct evpnd_config *c)
{
	c->addrs[0].prefix.len = 0;
}
static void addr_port(struct evpnd_config *c)
{
	c->addrs[0].port = 9;
}
static void route_via(struct evpnd_config *c)
{
	c->routes[0].via.family = AF_INET6;
}
static void neigh_port(struct evpnd_config *c)
{
	c->neighs[0].port = 9;
}
static void member_port(struct evpnd_config *c)
{
	c->bds[0].members[0].port = 9;
}
static void member_underlay(struct evpnd_config *c)
{
	c->bds[0].members[0].port = 2; // uplink0
}
static void mac_twice(struct evpnd_config *c)
{
	memcpy(c->bds[0].macs[1].mac, c->bds[0].macs[0].mac, 6);
}
static void mac_kind(struct evpnd_config *c)
{
	c->bds[0].macs[0].kind = (enum cfg_mac_kind)7;
}
static void mac_not_member(struct evpnd_config *c)
{
	c->bds[0].macs[0].local.vlan = 5;
}
static void flood_twice(struct evpnd_config *c)
{
	c->bds[0].flood_vteps[1] = c->bds[0].flood_vteps[0];
}
static void bd_id_high(struct evpnd_config *c)
{
	c->bds[1].id = 5000;
}
static void bd_twice(struct evpnd_config *c)
{
	c->bds[1].id = 100;
}
static void bd_vni_high(struct evpnd_config *c)
{
	c->bds[1].vni = 1u << 24;
}
static void bgp_no_as(struct evpnd_config *c)
{
	c->bgp.asn = 0;
}
static void listen_no_group(struct evpnd_config *c)
{
	c->bgp.listens[0].group = -1;
}

static void gw_addrs_many(struct evpnd_config *c)
{
	c->bds[0].has_gw_mac = true;
	c->bds[0].n_gw_addrs = CFG_GW_MAX_ADDRS + 1; // nothing reads the addresses
}

static const struct mem_case mem_cases[] = {
	{"mem_gw_addrs_many", gw_addrs_many, "bridge-domain 100: more than 8 gateway-addresses"},
	{"mem_main_lcore", main_lcore_high, "main-lcore 2000 is out of range (0..1023)"},
	{"mem_no_workers", no_workers, "worker-lcores: need 1..64 lcores"},
	{"mem_worker_high", worker_high, "worker-lcores: lcore 2000 is out of range"},
	{"mem_worker_twice", lcore_twice, "worker-lcores: lcore 1 listed twice"},
	{"mem_ports_many", ports_many, "more than 32 ports"},
	{"mem_port_name", port_name, "port 0: bad name 'a/b'"},
	{"mem_port_devargs", port_devargs, "port host1: bad devargs"},
	{"mem_port_twice", port_twice, "port host0 declared twice"},
	{"mem_addr_len", addr_len, "address: bad prefix (family 2, length 0)"},
	{"mem_addr_port", addr_port, "address 192.0.2.1: bad port index 9"},
	{"mem_route_via", route_via,
		"route 10.0.0.0/8: host bits set or gateway of another family"},
	{"mem_neigh_port", neigh_port, "neighbor 192.0.2.2: bad port index 9"},
	{"mem_member_port", member_port, "bridge-domain 100: bad member (port 9, vlan 0)"},
	{"mem_member_underlay", member_underlay,
		"bridge-domain 100: member uplink0 untagged: port uplink0 is an underlay port"},
	{"mem_mac_twice", mac_twice, "bridge-domain 100: mac 02:00:00:00:00:01 listed twice"},
	{"mem_mac_kind", mac_kind, "bridge-domain 100: mac 02:00:00:00:00:01: bad kind 7"},
	{"mem_mac_not_member", mac_not_member,
		"bridge-domain 100: mac 02:00:00:00:00:01: port/vlan is not a member"},
	{"mem_flood_twice", flood_twice,
		"bridge-domain 100: flood-vtep 198.51.100.2 listed twice or out of memory"},
	{"mem_bd_id_high", bd_id_high, "bridge-domain 5000 is out of range (1..4094)"},
	{"mem_bd_twice", bd_twice, "bridge-domain 100 defined twice"},
	{"mem_bd_vni_high", bd_vni_high, "bridge-domain 200: vni 16777216 is out of range"},
	{"mem_bgp_no_as", bgp_no_as, "router bgp: no AS number"},
	{"mem_listen_no_group", listen_no_group, "router bgp: listen range without a peer-group"},
};

static void check_in_memory(void **state)
{
	const struct mem_case *c = *state;
	struct evpnd_config cfg, saved;
	struct cfg_error err;

	config_init(&cfg);
	assert_int_equal(config_parse_string(&cfg, valid, "x.conf", &err), 0);
	// The valid config passes the check: the error below is the broken field's.
	assert_int_equal(config_check(&cfg, &err), 0);
	saved = cfg;
	c->brk(&cfg);
	assert_int_equal(config_check(&cfg, &err), -EINVAL);
	assert_string_equal(err.msg, c->msg);
	cfg = saved; // counts and names as parsed, so config_free frees what was allocated
	config_free(&cfg);
}

#define N_CASES (sizeof(cases) / sizeof(cases[0]))
#define N_MEM (sizeof(mem_cases) / sizeof(mem_cases[0]))

int main(void)
{
	struct CMUnitTest tests[N_CASES + N_MEM];
	size_t n = 0;

	for (size_t i = 0; i < N_CASES; i++) {
		tests[n] = (struct CMUnitTest)cmocka_unit_test_prestate(
			check_message, (void *)&cases[i]);
		tests[n++].name = cases[i].name;
	}
	for (size_t i = 0; i < N_MEM; i++) {
		tests[n] = (struct CMUnitTest)cmocka_unit_test_prestate(
			check_in_memory, (void *)&mem_cases[i]);
		tests[n++].name = mem_cases[i].name;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
