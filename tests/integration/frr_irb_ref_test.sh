#!/bin/bash
# frr_irb_ref_test: the Layer 3 EVPN reference peer of lib_l3.sh works: two FRR + Linux
# kernel VTEPs, iBGP l2vpn evpn, route between two subnets by symmetric IRB.
#
#   h1 10.1.0.1 fd00:1::1 --- [vtep1: VNI 100, gw .254/::fe] 192.0.2.1 ==(fab)==
#   ==(fab)== 192.0.2.2 [vtep2: VNI 200, gw .254/::fe] --- h2 10.2.0.2 fd00:2::2
#   L3VNI 5000 on both, router MACs 02:00:00:00:50:01 and :02, anycast gateway MAC
#   00:00:5e:00:01:01; each VTEP advertises its subnets as type 5.
#
# No evpnd here: this is the peer evpnd must interoperate with (issue 10). Checks the
# routes each FRR installs, pings both ways over IPv4 and IPv6, and that the VXLAN
# frames carry the L3VNI and the remote router MAC as inner destination, never an
# L2VNI. Then FRR sends a type-5 with a gateway IP and type-2 routes with the
# default-gateway community (checked on the wire); last, VNI 100 is stretched to vtep2
# and h1 moves there, keeping its gateway. L3_SAVE=DIR copies the BGP and VXLAN
# captures there (tests/integration/data/frr_irb/ holds some: its README.md).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_l3.sh"
require_root
require_cmd ping bridge tshark dumpcap
require_scapy
require_frr zebra

RMAC1=02:00:00:00:50:01
RMAC2=02:00:00:00:50:02

ns_add fab
ns_add -6 vtep1 vtep2 h1 h2
ul_switch fab br-ul
veth vtep1 ul fab v1-ul 1600
veth vtep2 ul fab v2-ul 1600
ul_plug fab v1-ul
ul_plug fab v2-ul
l3_vtep vtep1 ul 192.0.2.1/24 5000 $RMAC1
l3_vtep vtep2 ul 192.0.2.2/24 5000 $RMAC2
l3_l2vni vtep1 100 10.1.0.254/24 fd00:1::fe/64
l3_l2vni vtep2 200 10.2.0.254/24 fd00:2::fe/64
l3_host h1 eth0 02:00:00:01:00:01 100 vtep1 10.1.0.1/24 10.1.0.254 fd00:1::1/64 fd00:1::fe
l3_host h2 eth0 02:00:00:02:00:02 200 vtep2 10.2.0.2/24 10.2.0.254 fd00:2::2/64 fd00:2::fe

# Everything between the VTEPs, BGP from its first OPEN.
cap_start bgp fab v1-ul "tcp port 179"
cap_start vx fab v1-ul "udp port 4789"
l3_frr vtep1 65000 5000 192.0.2.2 <<<"10.1.0.0/24 fd00:1::/64"
l3_frr vtep2 65000 5000 192.0.2.1 <<<"10.2.0.0/24 fd00:2::/64"
wait_until 30 frr_established vtep1 192.0.2.2 || bgp_die "vtep1-vtep2 not Established"
pass "vtep1-vtep2 Established"

# (without these nothing else can work: no point waiting for the rest)
wait_until 15 l3_vni_up vtep1 5000 $RMAC2 || bgp_die "zebra vtep1: no router MAC of vtep2 in L3VNI 5000"
pass "zebra vtep1: L3VNI 5000 has vtep2's router MAC"
wait_until 15 l3_vni_up vtep2 5000 $RMAC1 || bgp_die "zebra vtep2: no router MAC of vtep1 in L3VNI 5000"
pass "zebra vtep2: L3VNI 5000 has vtep1's router MAC"
check_eq "zebra vtep1: VNI 5000 is L3 in the default VRF" \
	"$(vty vtep1 "show evpn vni 5000 json" | json_q "[d['type'], d['vrf'], d['routerMac']]")" \
	"[\"L3\", \"default\", \"$RMAC1\"]"

# Type 5: each VTEP's subnets at the other, and in its kernel, into the L3VNI.
T5_V4="[5]:[0]:[24]:[10.2.0.0]"
T5_V6="[5]:[0]:[64]:[fd00:2::]"
check "vtep1 has vtep2's IPv4 type-5 $T5_V4" wait_until 15 route_in "$T5_V4" l3_evpn_prefixes vtep1
check "vtep1 has vtep2's IPv6 type-5 $T5_V6" wait_until 5 route_in "$T5_V6" l3_evpn_prefixes vtep1
check "vtep2 has vtep1's type-5 [5]:[0]:[24]:[10.1.0.0]" \
	wait_until 5 route_in "[5]:[0]:[24]:[10.1.0.0]" l3_evpn_prefixes vtep2
vty vtep1 "show bgp l2vpn evpn route type prefix"
check "vtep1 kernel: 10.2.0.0/24 via vtep2 into the L3VNI" \
	wait_until 10 l3_route_via vtep1 10.2.0.0/24 192.0.2.2 5000
check "vtep1 kernel: fd00:2::/64 via vtep2 into the L3VNI" \
	wait_until 10 l3_route6_via vtep1 fd00:2::/64 192.0.2.2 5000
check "vtep2 kernel: 10.1.0.0/24 via vtep1 into the L3VNI" \
	wait_until 10 l3_route_via vtep2 10.1.0.0/24 192.0.2.1 5000
check "vtep1 kernel: vtep2's router MAC, neighbour on br5000 and FDB entry on vxlan5000" \
	l3_rmac_installed vtep1 192.0.2.2 5000 $RMAC2

# The anycast gateway answers on each side; then across the subnets both ways (the
# first packets go by the type-5 subnet routes, later ones by the host routes).
check "h1 -> its gateway 10.1.0.254 (anycast MAC)" ping_ok h1 10.1.0.254
check_eq "h1 resolved its gateway to the anycast MAC" \
	"$(nsx h1 ip neigh show 10.1.0.254 | grep -o "lladdr [0-9a-f:]*")" "lladdr $L3_GW_MAC"
check "h2 -> its gateway 10.2.0.254" ping_ok h2 10.2.0.254
check "h1 -> h2 ping (symmetric IRB)" ping_ok h1 10.2.0.2
check "h2 -> h1 ping" ping_ok h2 10.1.0.1
check "h1 -> h2 ping6" ping_ok h1 fd00:2::2
check "h2 -> h1 ping6" ping_ok h2 fd00:1::1
# Type 2 MAC+IP with both labels: the host route at the other VTEP, into the L3VNI.
check "vtep1 kernel: host route 10.2.0.2 via vtep2 (type-2 MAC+IP, L3VNI label)" \
	wait_until 15 l3_route_via vtep1 10.2.0.2 192.0.2.2 5000
check "vtep2 kernel: host route 10.1.0.1 via vtep1" wait_until 15 l3_route_via vtep2 10.1.0.1 192.0.2.1 5000
check "vtep1 kernel: host route fd00:2::2 via vtep2" wait_until 15 l3_route6_via vtep1 fd00:2::2 192.0.2.2 5000
check "h1 -> h2 ping again (host routes)" ping_ok h1 10.2.0.2
cap_stop vx

# On the wire: ICMP between the hosts only in VNI 5000, inner destination the router
# MAC of the VTEP it goes to (eth.dst matches the inner Ethernet: the outer one is
# the VTEP's underlay MAC).
icmp="icmp.type == 8 || icmp.type == 0 || icmpv6.type == 128 || icmpv6.type == 129"
n_to2=$(tsh_count vx "vxlan.vni == 5000 && eth.dst == $RMAC2 && ($icmp)") || true # (empty: a failure below)
n_to1=$(tsh_count vx "vxlan.vni == 5000 && eth.dst == $RMAC1 && ($icmp)") || true
check "VXLAN to vtep2: ICMP in VNI 5000 to router MAC $RMAC2 ($n_to2)" test "${n_to2:-0}" -ge 9
check "VXLAN to vtep1: ICMP in VNI 5000 to router MAC $RMAC1 ($n_to1)" test "${n_to1:-0}" -ge 9
# (an absence in a capture that has the routed ones)
no_l2vni_icmp() {
	[ "${n_to2:-0}" -ge 1 ] && [ "$(tsh_count vx "vxlan.vni != 5000 && ($icmp)")" = 0 ]
}
check "VXLAN: no ICMP in an L2VNI" no_l2vni_icmp
check_eq "VXLAN: inner IPv4 TTL 63, routed once by the sending VTEP (h1's 64)" \
	"$(tsh vx -Y "vxlan && icmp.type == 8 && ip.src == 10.1.0.1" -T fields -e ip.ttl | sort -u)" "64,63"

# More of what FRR sends: vtep2 advertises its gateways (type 2 with the default-
# gateway community) and a prefix of each family behind h2 as type 5 with gateway IP
# h2 (RFC 9136 overlay index). vtep1 keeps no type 2 of the anycast MAC: it is its own (FRR logs
# "DENIED due to: self mac" with debug bgp updates in), so these are checked on the wire.
nsx vtep2 ip route add 192.168.50.0/24 via 10.2.0.2
nsx vtep2 ip -6 route add fd00:50::/64 via fd00:2::2
vty_conf vtep2 "router bgp 65000" "address-family ipv4 unicast" "redistribute kernel" \
	"exit-address-family" "address-family ipv6 unicast" "redistribute kernel" \
	"exit-address-family" "address-family l2vpn evpn" "advertise-default-gw" \
	"advertise ipv4 unicast gateway-ip" "advertise ipv6 unicast gateway-ip"
check "vtep1 has the type-5 192.168.50.0/24 of vtep2" \
	wait_until 15 route_in "[5]:[0]:[24]:[192.168.50.0]" l3_evpn_prefixes vtep1
check "vtep1 has the type-5 fd00:50::/64 of vtep2" \
	wait_until 15 route_in "[5]:[0]:[64]:[fd00:50::]" l3_evpn_prefixes vtep1
vty vtep1 "show bgp l2vpn evpn route type prefix"
# (the default-gateway routes leave vtep2 with the same UPDATEs: in the capture once
# their IPv6 link-local one is, the last)
gw_sent() { cap_seen bgp "ip.src == 192.0.2.2 && bgp.evpn.nlri.ipv6.addr == fe80::/10"; }
check "vtep2 sent its gateways' type-2 routes" wait_until 10 gw_sent
cap_stop bgp

# The same on the wire, from vtep2, as octets (tshark's decoding of EVPN labels
# changes from one NLRI to the next): its TCP stream as ":"-separated octets, searched
# at octet boundaries. A label field holds a VNI (RFC 8365): 200 is 00:00:c8, 5000 is
# 00:13:88.
from2=$(tsh bgp -Y "ip.src == 192.0.2.2 && tcp.len > 0" -T fields -e tcp.payload | tr -d '\n' |
	sed 's/../&:/g')
check "wire: vtep2's BGP stream read (${#from2} characters)" test "${#from2}" -gt 1000
wire() { [[ :$from2 == *:$1:* ]]; }
V200=00:00:c8
V5000=00:13:88
check "wire: type-2 MAC+IPv4 of h2 ends with labels 200 and 5000" wire 0a:02:00:02:$V200:$V5000
check "wire: type-2 MAC+IPv6 of h2 ends with labels 200 and 5000" \
	wire fd:00:00:02:00:00:00:00:00:00:00:00:00:00:00:02:$V200:$V5000
check "wire: Router MAC community $RMAC2 (type 06, subtype 03)" wire 06:03:$RMAC2
check "wire: type-5 10.2.0.0/24, gateway IP 0.0.0.0, label 5000" wire 18:0a:02:00:00:00:00:00:00:$V5000
check "wire: type-5 fd00:2::/64, gateway IP ::, label 5000" \
	wire "40:fd:00:00:02$(printf ':00%.0s' $(seq 12))$(printf ':00%.0s' $(seq 16)):$V5000"
check "wire: type-5 192.168.50.0/24, gateway IP 10.2.0.2, label 5000" wire 18:c0:a8:32:00:0a:02:00:02:$V5000
check "wire: type-5 fd00:50::/64, gateway IP fd00:2::2, label 5000" \
	wire "40:fd:00:00:50$(printf ':00%.0s' $(seq 12)):fd:00:00:02$(printf ':00%.0s' $(seq 11)):02:$V5000"
check "wire: the default-gateway community (type 03, subtype 0d)" wire 03:0d:00:00:00:00:00:00
check "wire: type-2 of gateway 10.2.0.254 with labels 200 and 5000" wire 0a:02:00:fe:$V200:$V5000
h2_ecomm() {
	vty vtep1 "show bgp l2vpn evpn route type macip json" | json_q "[p['extendedCommunity']['string']
		for rd in d.values() if isinstance(rd, dict) for k, e in rd.items()
		if k.endswith(':[32]:[10.2.0.2]') for p in e['paths'][0]]"
}
check_eq "vtep1: h2's MAC+IP route carries the L3VNI's RT and vtep2's router MAC" \
	"$(h2_ecomm)" "[\"RT:65000:200 RT:65000:5000 ET:8 Rmac:$RMAC2\"]"

# A host moves between VTEPs: VNI 100 stretched to vtep2 with the same anycast gateway
# (IP and MAC); h1's link moves there. h1 keeps its gateway (its ARP entry still holds
# the anycast MAC, and it is right) and keeps routing to h2; vtep1 now routes to h1
# into the L3VNI towards vtep2.
l3_l2vni vtep2 100 10.1.0.254/24 fd00:1::fe/64
h1_mac() { # NS EXPR: EXPR with m = h1's MAC in VNI 100 as zebra in NS shows it
	vty "$1" "show evpn mac vni 100 mac 02:00:00:01:00:01 json" |
		json_q "(lambda m: $2)(d.get('02:00:00:01:00:01', d))"
}
h1_remote_at() { [ "$(h1_mac "$1" "m.get('remoteVtep')")" = "$2" ]; }
check "vtep2: h1 in VNI 100 behind vtep1 before the move" wait_until 15 h1_remote_at vtep2 192.0.2.1
l3_host_move h1 vtep1 vtep2 100
check "h1 -> h2 ping after h1 moved to vtep2" ping_ok h1 10.2.0.2
check "vtep1: h1 in VNI 100 behind vtep2 after the move" wait_until 15 h1_remote_at vtep1 192.0.2.2
check "vtep1 kernel: host route 10.1.0.1 via vtep2 into the L3VNI" \
	wait_until 15 l3_route_via vtep1 10.1.0.1 192.0.2.2 5000
check "h2 -> h1 ping after the move" ping_ok h2 10.1.0.1
check_eq "h1's ARP entry of its gateway kept: the anycast MAC, vtep2's too" \
	"$(nsx h1 ip neigh show 10.1.0.254 | grep -o "lladdr [0-9a-f:]*")" "lladdr $L3_GW_MAC"
# (the MAC mobility sequence vtep2 sends is 1, or 0 when vtep1's withdrawal of h1 gets
# there before the gratuitous ARP: moving the port flushes h1 from vtep1's bridge)
log "vtep1: h1's MAC mobility sequences (local, remote):" \
	"$(h1_mac vtep1 "[m.get('localSequence'), m.get('remoteSequence')]")"

if [ -n "${L3_SAVE:-}" ]; then
	mkdir -p "$L3_SAVE"
	cp "$WORK/bgp.pcap" "$L3_SAVE/frr-irb-bgp.pcap"
	cp "$WORK/vx.pcap" "$L3_SAVE/frr-irb-vxlan.pcap"
fi
it_done
