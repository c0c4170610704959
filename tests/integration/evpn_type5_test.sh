#!/bin/bash
# evpn_type5_test: EVPN type-5 IP prefix routes (RFC 9136) between evpnd and FRR 8.4.
#
#   evpnd (ev): bridge domain 100 with the gateway 10.1.0.254/24 fd00:1::fe/64 in vrf
#     t1 (L3VNI 5000, router MAC 02:00:00:00:50:01), static routes 10.9.0.0/16 and
#     10.8.0.0/16, and "router bgp 65000 vrf t1 / address-family l2vpn evpn / advertise
#     ipv4 unicast route-map T5 / advertise ipv6 unicast" (FRR's spelling; T5 permits
#     10.1.0.0/16 le 24 and 10.9.0.0/16, not 10.8.0.0/16); VTEP 192.0.2.1 on ul0, BGP
#     over mgmt0 10.0.0.1.
#   FRR + kernel VTEP (kv, lib_l3.sh): L3VNI 5000 with router MAC 02:00:00:00:50:02,
#     VNI 200 with 10.2.0.254/24 fd00:2::fe/64, advertising 10.2.0.0/24 and fd00:2::/64
#     as type 5; VTEP 192.0.2.2, BGP 10.0.0.2.
#     FRR also advertises 10.20.0.0/16, a subnet of an address of its own (10.20.0.1 on
#     br200): only a type-5 route leads there (no host, no type 2).
#   gobgpd (gb, 10.0.0.4): a third implementation that must decode evpnd's type 5;
#     later a second VTEP (192.0.2.3, an address of gb on the underlay) for 10.20.0.0/16.
#   h1 10.1.0.1 behind evpnd (bridge domain 100).
#
# Checks: FRR has evpnd's prefixes with evpnd's router MAC and the L3VNI, its kernel
# routes them via evpnd's VTEP onlink into the L3VNI; gobgp shows evpnd's; evpnd has
# FRR's in its EVPN table, in vrf t1's BGP table and in its FIB (show ip route vrf t1);
# h1 pings 10.20.0.1 through the type-5 routes of both sides (symmetric IRB in VNI
# 5000); with gobgp's path too, 10.20.0.0/16 is ECMP over both VTEPs (32 flows from h1
# go to both, each in VNI 5000 to its VTEP's router MAC); FRR withdraws (no network)
# and evpnd drops its paths from both tables and the FIB (10.20.0.0/16 via gobgp's
# VTEP alone); evpnd restarted without its static route: FRR drops that one only.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_l3.sh"
. "$(dirname "$0")/evpn_lab.sh"
require_root
require_build
require_cmd bridge gobgpd gobgp dumpcap tshark
require_scapy
require_frr zebra

RMAC1=02:00:00:00:50:01
RMAC2=02:00:00:00:50:02

ns_add fab ev gb h1
ns_add -6 kv
ul_switch fab br-ul
ul_switch fab br-mg
veth ev ul0 fab ev-ul 1600
veth kv ul fab kv-ul 1600
ul_plug fab ev-ul br-ul
ul_plug fab kv-ul br-ul
mgmt_plug ev mgmt0 10.0.0.1/24
mgmt_plug kv mgmt 10.0.0.2/24
mgmt_plug gb eth0 10.0.0.4/24
veth gb ul fab gb-ul 1600 # gobgp's "VTEP" 192.0.2.3: an address that answers ARP
ul_plug fab gb-ul br-ul
nsx gb ip addr add 192.0.2.3/24 dev ul
veth ev h0 h1 eth0
host h1 eth0 10.1.0.1/24 02:00:00:01:00:01
nsx h1 ip route add default via 10.1.0.254

# ev_conf STATIC: evpnd's configuration, with (1) or without (0) its static route.
ev_conf() {
	evpnd_conf_vtep net_af_packet0,iface=ul0 192.0.2.1/24 h0 <<EOC
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
$([ "$1" = 1 ] && echo " ip route 10.9.0.0/16 10.1.0.9")
 ip route 10.8.0.0/16 10.1.0.8
exit-vrf
ip prefix-list T5 seq 5 permit 10.1.0.0/16 le 24
ip prefix-list T5 seq 10 permit 10.9.0.0/16
route-map T5 permit 10
 match ip address prefix-list T5
exit
$(evpnd_evpn_bgp 10.0.0.2 10.0.0.4)
router bgp 65000 vrf t1
 address-family l2vpn evpn
  advertise ipv4 unicast route-map T5
  advertise ipv6 unicast
 exit-address-family
EOC
}

cat >"$WORK/gobgpd.toml" <<EOC
[global.config]
  as = 65000
  router-id = "10.0.0.4"
  local-address-list = ["10.0.0.4"]
[[neighbors]]
  [neighbors.config]
    neighbor-address = "10.0.0.1"
    peer-as = 65000
  [neighbors.timers.config]
    connect-retry = 2
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "l2vpn-evpn"
EOC
ip netns exec "$PFX-gb" gobgpd -f "$WORK/gobgpd.toml" -l info >"$WORK/gobgpd.log" 2>&1 &
IT_PIDS+=("$!")

l3_vtep kv ul 192.0.2.2/24 5000 $RMAC2
l3_l2vni kv 200 10.2.0.254/24 fd00:2::fe/64
nsx kv ip addr add 10.20.0.1/16 dev br200
l3_frr kv 65000 5000 10.0.0.1 <<<"10.2.0.0/24 fd00:2::/64 10.20.0.0/16"
ev_conf 1
start_evpnd ev
wait_until 30 ev_established 10.0.0.2 10.0.0.4 || bgp_die "evpnd: sessions with FRR and gobgpd not Established"
pass "evpnd Established with FRR and gobgpd"

# ---- evpnd -> FRR
EV4="[5]:[0]:[24]:[10.1.0.0]"
EV6="[5]:[0]:[64]:[fd00:1::]"
EVS="[5]:[0]:[16]:[10.9.0.0]"
for r in "$EV4" "$EV6" "$EVS"; do
	check "FRR has evpnd's type-5 $r" wait_until 15 route_in "$r" l3_evpn_prefixes kv
done
check "FRR has not 10.8.0.0/16 (route-map T5 denies it)" \
	route_gone "[5]:[0]:[16]:[10.8.0.0]" "$EVS" l3_evpn_prefixes kv
# The communities of evpnd's type-5 routes at FRR (one set for all).
kv_t5_ecomms() {
	vty kv "show bgp l2vpn evpn route type prefix json" | json_q "sorted({p['extendedCommunity']['string']
		for rd in d.values() if isinstance(rd, dict) for k, e in rd.items()
		if isinstance(e, dict) and k.startswith('[5]') for p in e['paths'][0]
		if p['nexthops'][0]['ip'] == '192.0.2.1'})"
}
check_eq "FRR: evpnd's type-5 routes carry RT 65000:5000 (ASN:L3VNI) and evpnd's router MAC" \
	"$(kv_t5_ecomms)" "[\"RT:65000:5000 ET:8 Rmac:$RMAC1\"]"
check "FRR's kernel: 10.1.0.0/24 via evpnd's VTEP onlink into the L3VNI" \
	wait_until 10 l3_route_via kv 10.1.0.0/24 192.0.2.1 5000
check "FRR's kernel: 10.9.0.0/16 (evpnd's static route) the same" l3_route_via kv 10.9.0.0/16 192.0.2.1 5000
check "FRR's kernel: fd00:1::/64 the same" l3_route6_via kv fd00:1::/64 192.0.2.1 5000
check "FRR's kernel: evpnd's router MAC for its VTEP in the L3VNI" l3_rmac_installed kv 192.0.2.1 5000 $RMAC1

# ---- a third implementation decodes them
gb_rib() { nsx gb gobgp global rib -a evpn 2>/dev/null; }
gb_has() { gb_rib | grep -F "$1" | grep -qF "$2"; }
check "gobgp decodes evpnd's type-5 10.1.0.0/24" wait_until 10 gb_has "[type:Prefix]" "[prefix:10.1.0.0/24]"
log "gobgp: $(gb_rib | grep -F '10.1.0.0/24')"
check "gobgp: with the L3VNI as label" gb_has "[prefix:10.1.0.0/24]" "[5000]"
check "gobgp: with evpnd's router MAC" gb_has "[prefix:10.1.0.0/24]" "$RMAC1"
check "gobgp decodes evpnd's type-5 fd00:1::/64" gb_has "[type:Prefix]" "[prefix:fd00:1::/64]"

# ---- FRR -> evpnd
KV4="[5]:[0]:[24]:[10.2.0.0]"
KV6="[5]:[0]:[64]:[fd00:2::]"
ev_t5() { evctl show bgp l2vpn evpn route type prefix json | json_q "$EVPN_ROUTES"; }
check "evpnd's EVPN table has FRR's $KV4" wait_until 15 route_in "$KV4" ev_t5
check "evpnd's EVPN table has FRR's $KV6" route_in "$KV6" ev_t5
# ev_vrf AFI PREFIX: [next hop, router MAC, VNI] of each path of PREFIX in vrf t1's table.
ev_vrf() {
	evctl show bgp vrf t1 "$1" unicast json |
		json_q "[[p['nexthops'][0]['ip'], p.get('rmac'), p.get('vni')] for p in d['routes'].get('$2', [])]"
}
check_eq "show bgp vrf t1 ipv4 unicast: FRR's 10.2.0.0/24 via its VTEP, its router MAC, L3VNI" \
	"$(ev_vrf ipv4 10.2.0.0/24)" "[[\"192.0.2.2\", \"$RMAC2\", 5000]]"
check_eq "show bgp vrf t1 ipv6 unicast: FRR's fd00:2::/64" \
	"$(ev_vrf ipv6 fd00:2::/64)" "[[\"192.0.2.2\", \"$RMAC2\", 5000]]"
check_eq "show bgp vrf t1 ipv4 unicast: evpnd's own subnet" "$(ev_vrf ipv4 10.1.0.0/24)" \
	"[[\"0.0.0.0\", null, null]]"
evctl show bgp vrf t1 ipv4 unicast
evctl show bgp l2vpn evpn route type prefix
# ev_fib AFI PREFIX: [protocol, next hop, vni, rmac] of PREFIX in evpnd's FIB of vrf t1.
ev_fib() {
	evctl show "$1" route vrf t1 json | json_q "[[p['protocol'], p['nexthops'][0].get('ip'),
		p['nexthops'][0].get('vni'), p['nexthops'][0].get('routerMac')] for p in d.get('$2', [])]"
}
check_eq "evpnd's FIB: 10.2.0.0/24 via FRR's VTEP in the L3VNI, FRR's router MAC" \
	"$(ev_fib ip 10.2.0.0/24)" "[[\"bgp\", \"192.0.2.2\", 5000, \"$RMAC2\"]]"
check_eq "evpnd's FIB: 10.20.0.0/16 the same" \
	"$(ev_fib ip 10.20.0.0/16)" "[[\"bgp\", \"192.0.2.2\", 5000, \"$RMAC2\"]]"
check_eq "evpnd's FIB: fd00:2::/64 the same" \
	"$(ev_fib ipv6 fd00:2::/64)" "[[\"bgp\", \"192.0.2.2\", 5000, \"$RMAC2\"]]"
evctl show ip route vrf t1
check "h1 -> its gateway" ping_ok h1 10.1.0.254
cap_start ul fab ev-ul "udp port 4789"
check "h1 -> 10.20.0.1 (FRR's address): by the type-5 routes both ways" ping_ok h1 10.20.0.1
cap_stop ul
check_eq "evpnd -> FRR: h1's echo requests in VNI 5000, evpnd's router MAC -> FRR's, TTL 63" \
	"$(tsh ul -Y "icmp.type == 8 && ip.dst == 10.20.0.1" -T fields -e vxlan.vni -e eth.src \
		-e eth.dst -e ip.ttl -E occurrence=l | sort -u)" "5000	$RMAC1	$RMAC2	63"
check "FRR -> evpnd: the replies in VNI 5000 to evpnd's router MAC" test \
	"$(tsh_count ul "vxlan.vni == 5000 && icmp.type == 0 && ip.src == 10.20.0.1 && eth.dst == $RMAC1")" -ge 3

# ---- a second VTEP (gobgp: RD 192.0.2.3:1, VTEP 192.0.2.3) with 10.20.0.0/16
RMAC3=02:00:00:00:50:03
nsx gb gobgp global rib -a evpn add prefix 10.20.0.0/16 gw 0.0.0.0 etag 0 label 5000 \
	rd 192.0.2.3:1 rt 65000:5000 encap vxlan router-mac $RMAC3 nexthop 192.0.2.3 >/dev/null
ev_paths() { [ "$(ev_vrf ipv4 "$1" | json_q "len(d)")" = "$2" ]; }
check "vrf t1's table: 10.20.0.0/16 from FRR and from gobgp (two RDs)" wait_until 10 ev_paths 10.20.0.0/16 2
# ev_fib_nhs AFI PREFIX: every next hop [VTEP, router MAC] of PREFIX in evpnd's FIB.
ev_fib_nhs() {
	evctl show "$1" route vrf t1 json |
		json_q "[[n.get('ip'), n.get('routerMac')] for p in d.get('$2', []) for n in p['nexthops']]"
}
check_eq "evpnd's FIB: 10.20.0.0/16 by ECMP over both VTEPs, each with its router MAC" \
	"$(ev_fib_nhs ip 10.20.0.0/16)" "[[\"192.0.2.2\", \"$RMAC2\"], [\"192.0.2.3\", \"$RMAC3\"]]"
check "show bgp vrf t1: gobgp's path a multipath (=)" \
	grep -q '^\*=i *192.0.2.3' <<<"$(evctl show bgp vrf t1 ipv4 unicast)"
evctl show ip route vrf t1
# 32 flows (h1 to 10.20.0.1-32): each VTEP gets some, in VNI 5000 to its router MAC.
cap_start ecmp fab ev-ul "udp port 4789"
nsx h1 "$PY" - "$(mac_of h1 eth0)" <<'PY'
import sys
from scapy.all import ICMP, IP, Ether, sendp
sendp([Ether(src=sys.argv[1], dst="00:00:5e:00:01:01") / IP(src="10.1.0.1", dst="10.20.0.%d" % i) / ICMP()
       for i in range(1, 33)], iface="eth0", verbose=False)
PY
sleep 0.5
cap_stop ecmp
ecmp_to() { tsh_count ecmp "vxlan.vni == 5000 && ip.dst == 10.20.0.0/16 && icmp.type == 8 && eth.dst == $2 && ip.dst == $1"; }
n2=$(ecmp_to 192.0.2.2 $RMAC2) n3=$(ecmp_to 192.0.2.3 $RMAC3)
log "ECMP: $n2 flows to 192.0.2.2, $n3 to 192.0.2.3"
check "ECMP: all 32 flows sent, some to each VTEP (with its router MAC)" \
	test "$((n2 + n3))" = 32 -a "$n2" -ge 4 -a "$n3" -ge 4

# ---- withdrawals by FRR at run time
vty_conf kv "router bgp 65000" "address-family ipv4 unicast" "no network 10.2.0.0/24" \
	"no network 10.20.0.0/16"
check "FRR withdrew 10.2.0.0/24: gone from evpnd's EVPN table, fd00:2::/64 stays" \
	wait_until 10 route_gone "$KV4" "$KV6" ev_t5
check_eq "... and from vrf t1's table" "$(ev_vrf ipv4 10.2.0.0/24)" "[]"
check_eq "... and from evpnd's FIB" "$(ev_fib ip 10.2.0.0/24)" "[]"
check "FRR withdrew 10.20.0.0/16: gobgp's path alone" wait_until 10 ev_paths 10.20.0.0/16 1
check_eq "evpnd's FIB: 10.20.0.0/16 now via gobgp's VTEP alone" \
	"$(ev_fib_nhs ip 10.20.0.0/16)" "[[\"192.0.2.3\", \"$RMAC3\"]]"

# ---- evpnd restarted without its static route
kv_no_route() { ! nsx kv ip route show "$1" | grep -q onlink; }
stop_evpnd
check "evpnd stopped: FRR's kernel drops 10.1.0.0/24" wait_until 15 kv_no_route 10.1.0.0/24
ev_conf 0
start_evpnd ev
wait_until 30 ev_established 10.0.0.2 || bgp_die "evpnd: session with FRR not back"
check "evpnd back: FRR has 10.1.0.0/24 again" wait_until 15 route_in "$EV4" l3_evpn_prefixes kv
check "... but not the removed static route 10.9.0.0/16" route_gone "$EVS" "$EV4" l3_evpn_prefixes kv
check "FRR's kernel routes 10.1.0.0/24 via evpnd again" wait_until 10 l3_route_via kv 10.1.0.0/24 192.0.2.1 5000
check "FRR's kernel no longer has 10.9.0.0/16" kv_no_route 10.9.0.0/16

check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
