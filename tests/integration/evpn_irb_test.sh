#!/bin/bash
# evpn_irb_test: routing between two subnets at the anycast gateway (asymmetric IRB on
# one VTEP). Bridge domains 100 (10.1.0.0/24, fd00:1::/64) and 200 (10.2.0.0/24,
# fd00:2::/64) have the same anycast gateway MAC and are in vrf t1; h1 (bd 100) and h3
# (bd 200) sit behind evpnd and ping each other both ways, IPv4 and IPv6. evpnd routes:
# the replies come back with TTL (hop limit) one less than the sender's (64 -> 63),
# the captures on h3's link show the gateway's MAC as source and h3's as destination,
# and ip_forward counts the packets; without a route or with TTL 1, h1 hears the ICMP
# error from its gateway (IPv4 and IPv6). evpnd learns each host's address by snooping; h3
# stays silent until h1 pings it: evpnd gleans it (ip_glean: an ARP request and a
# neighbour solicitation from bd 200's gateway address, seen on h3's link), h3's answer
# is snooped and the next packets are routed.
#
#   h1 10.1.0.1 --- h0 [evpnd vrf t1] h1p --- h3 10.2.0.3
#                          | ul0
#                         kv (a kernel VTEP, VNIs 100 and 200: the flood list)
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

require_root
require_cmd tshark dumpcap ping
require_build

GW_MAC=00:00:5e:00:01:01
H1MAC=02:00:00:01:00:01
H3MAC=02:00:00:02:00:03

# IPv6 on a host link, without link-local address, DAD or RS.
v6_on() {
	nsx "$1" ip link set "$2" addrgenmode none
	nsx "$1" sysctl -qw "net.ipv6.conf.$2.accept_dad=0" "net.ipv6.conf.$2.router_solicitations=0" \
		"net.ipv6.conf.$2.disable_ipv6=0"
	nsx "$1" ip addr add "$3" dev "$2" nodad
}

ns_add ev kv h1 h3
veth ev ul0 kv ul 1600
veth ev h0 h1 eth0
veth ev h1p h3 eth0
kvtep kv ul 192.0.2.2/24 100 192.0.2.1
kvtep_vni kv 200 192.0.2.2
nsx kv bridge fdb append 00:00:00:00:00:00 dev vxlan200 dst 192.0.2.1
host h1 eth0 10.1.0.1/24 $H1MAC
host h3 eth0 10.2.0.3/24 $H3MAC
v6_on h1 eth0 fd00:1::1/64
v6_on h3 eth0 fd00:2::3/64
nsx h1 ip route add default via 10.1.0.254
nsx h3 ip route add default via 10.2.0.254
nsx h1 ip -6 route add default via fd00:1::254
nsx h3 ip -6 route add default via fd00:2::254

evpnd_conf_vtep net_af_packet0,iface=ul0 192.0.2.1/24 h0 h1p <<EOF
bridge-domain 100
 vni 100
 member host0 untagged
 flood-vtep 192.0.2.2
 gateway-mac $GW_MAC
 gateway-address 10.1.0.254/24
 gateway-address fd00:1::254/64
 vrf t1
bridge-domain 200
 vni 200
 member host1 untagged
 flood-vtep 192.0.2.2
 gateway-mac $GW_MAC
 gateway-address 10.2.0.254/24
 gateway-address fd00:2::254/64
 vrf t1
vrf t1
 vni 5000
 ip route 10.99.0.0/16 blackhole
router bgp 65000
 bgp router-id 192.0.2.1
 neighbor 192.0.2.2 remote-as 65000
 address-family l2vpn evpn
  neighbor 192.0.2.2 activate
  advertise-all-vni
 exit-address-family
EOF
start_evpnd ev

check_eq "show vrf json: t1 with L3VNI 5000 and bridge domains 100 200" \
	"$(evctl show vrf json | json_q "[d['t1']['l3vni'], d['t1']['bridgeDomains']]")" "[5000, [100, 200]]"
check_eq "show ip route vrf t1 json: the connected subnets and the static blackhole" \
	"$(evctl show ip route vrf t1 json | json_q "sorted([k, v[0]['protocol']] for k, v in d.items())")" \
	'[["10.1.0.0/24", "connected"], ["10.2.0.0/24", "connected"], ["10.99.0.0/16", "static"]]'
check_eq "show ipv6 route vrf t1 json: the connected subnets" \
	"$(evctl show ipv6 route vrf t1 json | json_q "sorted(d)")" '["fd00:1::/64", "fd00:2::/64"]'
evctl show vrf
evctl show ip route vrf t1

# h1 talks to its gateway first: evpnd snoops its address.
for h in "h1 10.1.0.254" "h1 fd00:1::254"; do
	# shellcheck disable=SC2086 # two words
	check "$h: ping the gateway" ping_ok $h
done

# h3 has said nothing yet: h1's first packets to it are gleaned.
# The capture is live once it shows h3's own broadcast ping (no ARP: nothing snooped).
bcast_seen() {
	nsx h3 ping -b -c 1 -W 1 10.2.0.255 >/dev/null 2>&1 || true
	cap_seen glean "icmp.type == 8 && ip.dst == 10.2.0.255"
}
cap_start glean h3 eth0 "arp or icmp or icmp6"
wait_until 10 bcast_seen || fail "capture glean: h3's broadcast ping not seen in 10 s"
check "h1 -> silent h3 ping (gleaned, then routed)" ping_ok h1 10.2.0.3
check "h1 -> silent h3 ping6 (gleaned, then routed)" ping_ok h1 fd00:2::3
cap_stop glean
check_eq "on h3's link, an ARP request for 10.2.0.3 from the gateway (10.2.0.254, its MAC)" \
	"$(tsh glean -Y "arp.opcode == 1 && arp.dst.proto_ipv4 == 10.2.0.3" -T fields -e eth.src -e arp.src.proto_ipv4 -e arp.src.hw_mac | sort -u)" \
	"$GW_MAC	10.2.0.254	$GW_MAC"
check_eq "on h3's link, a neighbour solicitation for fd00:2::3 from fd00:2::254" \
	"$(tsh glean -Y "icmpv6.type == 135 && icmpv6.nd.ns.target_address == fd00:2::3" -T fields -e eth.src -e ipv6.src -e icmpv6.opt.linkaddr | sort -u)" \
	"$GW_MAC	fd00:2::254	$GW_MAC"
check "ip_glean/arp_request_sent and ns_sent counted" \
	test "$(counter ip_glean arp_request_sent)" -ge 1 -a "$(counter ip_glean ns_sent)" -ge 1
for h in "h3 10.2.0.254" "h3 fd00:2::254"; do
	# shellcheck disable=SC2086 # two words
	check "$h: ping the gateway" ping_ok $h
done

# The other domain's gateway address answers too (ip_forward hands it to gw_input).
check "h1 -> bd 200's gateway 10.2.0.254 ping" ping_ok h1 10.2.0.254
check "h3 -> bd 100's gateway fd00:1::254 ping6" ping_ok h3 fd00:1::254

# ping_says NS REGEX [ping options] DST: one ping's output matches REGEX.
ping_says() {
	local n=$1 re=$2
	shift 2
	nsx "$n" ping -c 1 -W 2 "$@" >"$WORK/ping_says.out" 2>&1 || true # no echo reply: status 1
	grep -q -- "$re" "$WORK/ping_says.out"
}

# ttl_of NS DST [ping options]: the TTL (hop limit) of one echo reply.
ttl_of() {
	local n=$1 dst=$2
	shift 2
	nsx "$n" ping -c 1 -W 2 "$@" "$dst" 2>/dev/null | sed -n 's/.*ttl=\([0-9]*\).*/\1/p' | head -1
}

cap_start h3 h3 eth0 "icmp or icmp6"
r4=$(counter ip_forward routed4)
r6=$(counter ip_forward routed6)
check "h1 -> h3 ping (routed bd 100 -> bd 200)" ping_ok h1 10.2.0.3
check "h3 -> h1 ping (routed bd 200 -> bd 100)" ping_ok h3 10.1.0.1
check "h1 -> h3 ping6" ping_ok h1 fd00:2::3
check "h3 -> h1 ping6" ping_ok h3 fd00:1::1
check_eq "h1 sees h3's reply with TTL 63 (64, routed once)" "$(ttl_of h1 10.2.0.3)" 63
check_eq "h3 sees h1's IPv6 reply with hop limit 63" "$(ttl_of h3 fd00:1::1)" 63
cap_stop h3
evctl show stats | grep -E "ip_forward|gw_input|l2_fwd|bum|writer"
evctl show evpn arp-cache vni 200 2>/dev/null || true
check "ip_forward/routed4 counted both ways (12 at least)" \
	test "$(counter ip_forward routed4)" -ge $((r4 + 12))
check "ip_forward/routed6 counted both ways (12 at least)" \
	test "$(counter ip_forward routed6)" -ge $((r6 + 12))
check_eq "on h3's link, h1's echo requests come from the gateway MAC with TTL 63" \
	"$(tsh h3 -Y "icmp.type == 8 && ip.src == 10.1.0.1" -T fields -e eth.src -e eth.dst -e ip.ttl | sort -u)" \
	"$GW_MAC	$H3MAC	63"
check_eq "on h3's link, h1's IPv6 echo requests: gateway MAC, hop limit 63" \
	"$(tsh h3 -Y "icmpv6.type == 128 && ipv6.src == fd00:1::1" -T fields -e eth.src -e eth.dst -e ipv6.hlim | sort -u)" \
	"$GW_MAC	$H3MAC	63"

# The named drops and edges: a blackhole route, no route, an unknown host, TTL 1.
bh=$(counter ip_forward blackhole)
nr=$(counter ip_forward no_route)
gl=$(counter ip_forward glean_unknown_host)
tt=$(counter ip_forward ttl_exceeded)
nsx h1 ping -c 1 -W 1 10.99.1.1 >/dev/null 2>&1 || true
nsx h1 ping -c 1 -W 1 10.2.0.77 >/dev/null 2>&1 || true
# No route and TTL 1: the gateway h1 uses answers with the ICMP error (ip_icmp_error).
check "h1 -> 10.77.1.1 (no route): Destination Net Unreachable from 10.1.0.254" \
	ping_says h1 "From 10.1.0.254 .*Destination Net Unreachable" 10.77.1.1
check "h1 -> h3 with TTL 1: Time to live exceeded from 10.1.0.254" \
	ping_says h1 "From 10.1.0.254 .*Time to live exceeded" -t 1 10.2.0.3
check "h1 -> fd00:9::1 (no route): unreachable (no route) from fd00:1::254" \
	ping_says h1 "From fd00:1::254 .*Destination unreachable: No route" fd00:9::1
check "h1 -> h3 with hop limit 1: Time exceeded from fd00:1::254" \
	ping_says h1 "From fd00:1::254 .*Time exceeded: Hop limit" -t 1 fd00:2::3
check "ip_icmp_error/icmp_sent and icmp6_sent counted" \
	test "$(counter ip_icmp_error icmp_sent)" -ge 2 -a "$(counter ip_icmp_error icmp6_sent)" -ge 2
check "ip_forward/blackhole counted" test "$(counter ip_forward blackhole)" -gt "$bh"
check "ip_forward/no_route counted" test "$(counter ip_forward no_route)" -gt "$nr"
check "ip_forward/glean_unknown_host counted" test "$(counter ip_forward glean_unknown_host)" -gt "$gl"
check "ip_forward/ttl_exceeded counted" test "$(counter ip_forward ttl_exceeded)" -gt "$tt"
check_eq "l2_fwd/gateway_src_mac: 0 (routed frames are not learnt)" "$(counter l2_fwd gateway_src_mac)" 0

check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
