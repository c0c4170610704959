#!/bin/bash
# evpn_sym_irb_test: symmetric IRB (RFC 9135) between evpnd and the Layer 3 reference
# peer of lib_l3.sh (FRR 8.4 + a Linux kernel VTEP, the L3VNI in its default VRF).
#
#   h1 10.1.0.1 fd00:1::1 --- [evpnd: VNI 100, vrf t1 (L3VNI 5000, router MAC :50:01)]
#        192.0.2.1 ==(fab: br-ul)== 192.0.2.2
#   [kv: VNI 200, L3VNI 5000, router MAC :50:02] --- h2 10.2.0.2 fd00:2::2
#   BGP (iBGP 65000, l2vpn evpn) over mgmt: evpnd 10.0.0.1 -- 10.0.0.2 FRR
#
# No VTEP has the other's subnet: every packet between h1 and h2 is routed by symmetric
# IRB. evpnd's MAC+IP routes carry the L3VNI and its router MAC (FRR's zebra then knows
# evpnd's router MAC and VTEP and installs host routes into its L3VNI); FRR's become
# host routes in vrf t1 via (192.0.2.2, its router MAC, 5000). Pings both ways, IPv4 and
# IPv6; on the underlay, the routed packets are in VNI 5000 from the sender's router MAC
# to the receiver's, never in an L2VNI.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=lib_l3.sh
. "$(dirname "$0")/lib_l3.sh"
require_root
require_build
require_cmd ping bridge tshark dumpcap
require_frr zebra

RMAC1=02:00:00:00:50:01 # evpnd's
RMAC2=02:00:00:00:50:02 # FRR's
H1MAC=02:00:00:01:00:01
H2MAC=02:00:00:02:00:02

ns_add fab ev
ns_add -6 kv h1 h2
ul_switch fab br-ul
ul_switch fab br-mg
veth ev ul0 fab ev-ul 1600
veth kv ul fab kv-ul 1600
ul_plug fab ev-ul
ul_plug fab kv-ul
for n in ev kv; do
	veth "$n" mgmt fab "$n-mg"
	ul_plug fab "$n-mg" br-mg
done
nsx ev ip addr add 10.0.0.1/24 dev mgmt
nsx kv ip addr add 10.0.0.2/24 dev mgmt
# h1 behind evpnd (port host0 over h0)
veth ev h0 h1 eth0
nsx h1 ip link set eth0 address $H1MAC
l3_v6_quiet h1 eth0
nsx h1 ip addr add 10.1.0.1/24 dev eth0
nsx h1 ip addr add fd00:1::1/64 dev eth0 nodad
nsx h1 ip route add default via 10.1.0.254
nsx h1 ip -6 route add default via fd00:1::fe
# FRR's kernel VTEP with h2
l3_vtep kv ul 192.0.2.2/24 5000 $RMAC2
l3_l2vni kv 200 10.2.0.254/24 fd00:2::fe/64
l3_host h2 eth0 $H2MAC 200 kv 10.2.0.2/24 10.2.0.254 fd00:2::2/64 fd00:2::fe

evpnd_conf_vtep net_af_packet0,iface=ul0 192.0.2.1/24 h0 <<EOF
bridge-domain 100
 vni 100
 member host0 untagged
 gateway-mac $L3_GW_MAC
 gateway-address 10.1.0.254/24
 gateway-address fd00:1::fe/64
 vrf t1
vrf t1
 vni 5000
 router-mac $RMAC1
router bgp 65000
 bgp router-id 10.0.0.1
 no bgp default ipv4-unicast
 neighbor 10.0.0.2 remote-as 65000
 neighbor 10.0.0.2 update-source 10.0.0.1
 neighbor 10.0.0.2 timers 3 9
 neighbor 10.0.0.2 timers connect 2
 address-family l2vpn evpn
  neighbor 10.0.0.2 activate
  advertise-all-vni
 exit-address-family
EOF
l3_frr kv 65000 5000 10.0.0.1 <<<"10.2.0.0/24 fd00:2::/64"
start_evpnd ev
wait_until 30 ev_established 10.0.0.2 || bgp_die "evpnd - FRR session did not come up"
pass "evpnd - FRR session Established"

# Each host speaks to its gateway first: evpnd snoops h1 (IPv4 and IPv6), zebra learns h2.
check "h1 -> its gateway 10.1.0.254 (evpnd)" ping_ok h1 10.1.0.254
check "h1 -> its gateway fd00:1::fe (evpnd)" ping_ok h1 fd00:1::fe
check "h2 -> its gateway 10.2.0.254 (FRR's kernel)" ping_ok h2 10.2.0.254
check "h2 -> its gateway fd00:2::fe (FRR's kernel)" ping_ok h2 fd00:2::fe
check "evpnd has h2's MAC+IP route" wait_until 15 route_in "[2]:[0]:[48]:[$H2MAC]:[32]:[10.2.0.2]" ev_evpn_routes
check "evpnd has h2's MAC+IPv6 route" wait_until 15 route_in "[2]:[0]:[48]:[$H2MAC]:[128]:[fd00:2::2]" ev_evpn_routes
check "zebra: L3VNI 5000 has evpnd's router MAC" wait_until 15 l3_vni_up kv 5000 $RMAC1
check "FRR's kernel: host route 10.1.0.1 via evpnd into the L3VNI" \
	wait_until 15 l3_route_via kv 10.1.0.1 192.0.2.1 5000
check "FRR's kernel: host route fd00:1::1 via evpnd into the L3VNI" \
	wait_until 15 l3_route6_via kv fd00:1::1 192.0.2.1 5000
check "FRR's kernel: evpnd's router MAC as neighbour and FDB entry" l3_rmac_installed kv 192.0.2.1 5000 $RMAC1
check_eq "zebra: show evpn rmac vni all: evpnd's router MAC and VTEP" \
	"$(vty kv 'show evpn rmac vni all json' | json_q "d['5000']['$RMAC1']['vtepIp']")" "192.0.2.1"
check_eq "zebra: show evpn next-hops vni all: evpnd's VTEP and router MAC" \
	"$(vty kv 'show evpn next-hops vni all json' | json_q "d['5000']['192.0.2.1']['routerMac']")" "$RMAC1"

cap_start vx fab ev-ul "udp port 4789"
out0=$(counter ip_forward routed_l3vni)
in4=$(counter l3vni_input to_route4)
in6=$(counter l3vni_input to_route6)
check "h1 -> h2 ping (evpnd routes into L3VNI 5000)" ping_ok h1 10.2.0.2
check "h2 -> h1 ping (FRR routes into L3VNI 5000, evpnd routes to h1)" ping_ok h2 10.1.0.1
check "h1 -> h2 ping6" ping_ok h1 fd00:2::2
check "h2 -> h1 ping6" ping_ok h2 fd00:1::1
cap_stop vx
check "ip_forward/routed_l3vni counted (12 at least)" \
	test "$(counter ip_forward routed_l3vni)" -ge $((out0 + 12))
check "l3vni_input/to_route4 counted (6 at least)" test "$(counter l3vni_input to_route4)" -ge $((in4 + 6))
check "l3vni_input/to_route6 counted (6 at least)" test "$(counter l3vni_input to_route6)" -ge $((in6 + 6))
icmp="icmp.type == 8 || icmp.type == 0 || icmpv6.type == 128 || icmpv6.type == 129"
check_eq "evpnd -> FRR: ICMP in VNI 5000, router MAC $RMAC1 -> $RMAC2" \
	"$(tsh vx -Y "ip.src == 192.0.2.1 && ($icmp)" -T fields -e vxlan.vni -e eth.src -e eth.dst \
		-E occurrence=l | sort -u)" "5000	$RMAC1	$RMAC2"
check_eq "FRR -> evpnd: ICMP in VNI 5000, router MAC $RMAC2 -> $RMAC1" \
	"$(tsh vx -Y "ip.src == 192.0.2.2 && ($icmp)" -T fields -e vxlan.vni -e eth.src -e eth.dst \
		-E occurrence=l | sort -u)" "5000	$RMAC2	$RMAC1"
check_eq "evpnd -> FRR: h1's echo requests with inner TTL 63 (routed once by evpnd)" \
	"$(tsh vx -Y "ip.src == 192.0.2.1 && icmp.type == 8" -T fields -e ip.ttl -E occurrence=l | sort -u)" "63"
check "both ways: 24 routed ICMP frames at least in VNI 5000" \
	test "$(tsh_count vx "vxlan.vni == 5000 && ($icmp)")" -ge 24

# evpnctl's views, as FRR's zebra prints them.
check_eq "evpnctl show evpn rmac vni 5000 json: FRR's router MAC and VTEP" \
	"$(evctl show evpn rmac vni 5000 json | json_q "[d['numRmacs'], d['$RMAC2']['vtepIp']]")" \
	'[1, "192.0.2.2"]'
check_eq "evpnctl show evpn next-hops vni all json: FRR's VTEP and its router MAC" \
	"$(evctl show evpn next-hops vni all json | json_q "[d['5000']['numNextHops'], d['5000']['192.0.2.2']['routerMac']]")" \
	"[1, \"$RMAC2\"]"
check_eq "evpnctl show evpn vni json: 5000 is L3, vrf t1, our router MAC, L2 VNI 100" \
	"$(evctl show evpn vni json | json_q "[d['5000'][k] for k in ('type', 'tenantVrf', 'routerMac', 'l2Vnis')]")" \
	"[\"L3\", \"t1\", \"$RMAC1\", [100]]"
check_eq "evpnctl show ip route vrf t1 json: h2's host route via FRR's VTEP (bgp)" \
	"$(evctl show ip route vrf t1 json | json_q "[d['10.2.0.2/32'][0]['protocol'], d['10.2.0.2/32'][0]['nexthops'][0]['ip']]")" \
	'["bgp", "192.0.2.2"]'
check_eq "evpnctl show ipv6 route vrf t1 json: h2's IPv6 host route via FRR's VTEP" \
	"$(evctl show ipv6 route vrf t1 json | json_q "d['fd00:2::2/128'][0]['nexthops'][0]['ip']")" \
	"192.0.2.2"
l3_detail() { evctl show evpn vni 5000 | grep -q "Router MAC: $RMAC1"; }
check "evpnctl show evpn vni 5000: the L3 VNI's detail" l3_detail
rmac_text() { evctl show evpn rmac vni 5000 | grep -q "^$RMAC2 192.0.2.2"; }
check "evpnctl show evpn rmac vni 5000 (text)" rmac_text

# FRR's gateway routes (advertise-default-gw: two labels, router MAC, default-gateway
# community) reach evpnd but are no host route: the gateway address is every VTEP's.
vty_conf kv "router bgp 65000" "address-family l2vpn evpn" "advertise-default-gw"
check "evpnd has FRR's gateway MAC+IP route 10.2.0.254" \
	wait_until 15 route_in "[2]:[0]:[48]:[$L3_GW_MAC]:[32]:[10.2.0.254]" ev_evpn_routes
no_gw_route() {
	[ "$(evctl show ip route vrf t1 json | json_q "'10.2.0.254/32' in d")" = false ] &&
		[ "$(evctl show ip route vrf t1 json | json_q "'10.2.0.2/32' in d")" = true ]
}
check "evpnd: no host route for FRR's gateway address (h2's still there)" wait_until 10 no_gw_route
check "h1 -> h2 ping still" ping_ok h1 10.2.0.2

check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
