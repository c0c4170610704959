#!/bin/bash
# evpn_gateway_test: the distributed anycast gateway of bridge domain 100, the same MAC
# and addresses on evpnd and on an FRR + Linux kernel VTEP (evpn_lab.sh; FRR's SVI br100
# carries the anycast MAC, advertise-default-gw on both). h1 (behind evpnd) pings its
# gateway over IPv4 and IPv6 and evpnd answers (its counters; nothing for the gateway
# crosses the underlay); h2 (behind FRR) pings it and FRR's kernel answers. Each VTEP's
# gateway MAC+IP routes reach the other side with the Default Gateway community; evpnd
# takes FRR's without a MAC move, a duplicate or a change to its own gateway. Then a
# host (hv, behind the switch hm) moves from FRR to evpnd while it pings the gateway:
# the pings go on, answered by evpnd, and hv never broadcasts an ARP for its gateway:
# its entry keeps the anycast MAC.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=evpn_lab.sh
. "$(dirname "$0")/evpn_lab.sh"
evpn_lab_require
require_cmd dumpcap tshark

GW_MAC=00:00:5e:00:01:01
HVMAC=02:00:00:01:00:0a
GW_ROUTE="[2]:[0]:[48]:[$GW_MAC]:[32]:[10.1.0.254]"

gw_conf() {
	evpn_lab_evpnd_conf
	sed -i "s|^ vni 100\$| vni 100\n gateway-mac $GW_MAC\n gateway-address 10.1.0.254/24\n gateway-address fd00:1::fe/64|" \
		"$WORK/evpnd.conf"
	sed -i 's/^  advertise-all-vni$/  advertise-all-vni\n  advertise-default-gw/' "$WORK/evpnd.conf"
	# FRR's VTEP: the same gateway on its SVI, before FRR starts: bgpd refuses routes
	# for its own MACs ("self mac") only once zebra told it the SVI's MAC; evpnd's
	# gateway route taken before that would point FRR's bridge at evpnd for the MAC.
	nsx kv ip link set br100 address $GW_MAC
	nsx kv ip addr add 10.1.0.254/24 dev br100
	v6_on kv br100 fd00:1::fe/64
}
# IPv6 on a link of the lab (off elsewhere), without link-local address, DAD or RS.
v6_on() {
	nsx "$1" ip link set "$2" addrgenmode none
	nsx "$1" sysctl -qw "net.ipv6.conf.$2.accept_dad=0" "net.ipv6.conf.$2.router_solicitations=0" \
		"net.ipv6.conf.$2.disable_ipv6=0"
	nsx "$1" ip addr add "$3" dev "$2" nodad
}

evpn_lab_up gw_conf
vty_conf kv "router bgp 65000" "address-family l2vpn evpn" "advertise-default-gw"
for h in h1 h2; do nsx $h ip route add default via 10.1.0.254; done
v6_on h1 eth0 fd00:1::1/64
v6_on h2 eth0 fd00:1::2/64

gw_json() { evctl show bridge-domain json | json_q "$1"; }
check_eq "show bridge-domain json: the anycast gateway" \
	"$(gw_json "[d[0]['anycastGateway']['mac'], sorted(d[0]['anycastGateway']['addresses'])]")" \
	"[\"$GW_MAC\", [\"10.1.0.254\", \"fd00:1::fe\"]]"
kv_gw=$(vty kv "show evpn vni 100 json" | json_q "d['advertiseGatewayMacip']")
kv_bgp_gw=$(vty kv "show bgp l2vpn evpn vni json" | json_q "[d['advertiseGatewayMacip'], d['100']['advertiseGatewayMacip']]")
log "FRR: show evpn vni 100: $kv_gw; show bgp l2vpn evpn vni: $kv_bgp_gw"
check_eq "show evpn vni 100 json: advertiseGatewayMacip as FRR's" \
	"$(evctl show evpn vni 100 json | json_q "d['advertiseGatewayMacip']")" "$kv_gw"
check_eq "show bgp l2vpn evpn vni json: advertiseGatewayMacip as FRR's" \
	"$(evctl show bgp l2vpn evpn vni json | json_q "[d['advertiseGatewayMacip'], d['100']['advertiseGatewayMacip']]")" "$kv_bgp_gw"
check_eq "show mac: the gateway MAC is of type gateway" \
	"$(evctl show mac bd 100 json | json_q "[m['type'] for m in d if m['mac'] == '$GW_MAC']")" \
	'["gateway"]'

# The gateway routes, both ways, with the Default Gateway community. The route
# reflector is an FRR without the anycast MAC: it keeps evpnd's (kv refuses them,
# "self mac", as FRR does with its own MAC).
# defgw TABLE_CMD...: the RDs under which the table has the gateway route with the
# Default Gateway community.
defgw() {
	"$@" | json_q "sorted(k for k, v in d.items() if isinstance(v, dict) and '$GW_ROUTE' in v and 'Default Gateway' in str(v['$GW_ROUTE']))"
}
rr_routes() { vty rr "show bgp l2vpn evpn route json"; }
ev_routes() { evctl show bgp l2vpn evpn route json; }
has_rd() { defgw "$1" | grep -q "\"$2:"; }
check "FRR (route reflector) has evpnd's gateway route with Default Gateway" \
	wait_until 15 has_rd rr_routes 10.0.0.1
check "evpnd has FRR's gateway route with Default Gateway" \
	wait_until 15 has_rd ev_routes 10.0.0.2
check "evpnd advertises the IPv6 gateway too" wait_until 5 ev_has \
	"[2]:[0]:[48]:[$GW_MAC]:[128]:[fd00:1::fe]"

# h1's gateway is evpnd: ARP, echo, ND, echo6 answered by evpnd, not across VXLAN.
cap_start ul fab ev-ul "udp port 4789"
check "h1 -> h2 ping (across VXLAN)" ping_ok h1 10.1.0.2
check "the capture sees VXLAN" wait_until 10 cap_seen ul "vxlan && icmp"
arp0=$(counter arp_proxy gateway_reply_sent)
echo0=$(counter gw_input echo_reply_sent)
nd0=$(counter nd_proxy gateway_advert_sent)
echo60=$(counter gw_input echo6_reply_sent)
check "h1 -> gateway 10.1.0.254 ping" ping_ok h1 10.1.0.254
check "h1 -> gateway fd00:1::fe ping" ping_ok h1 fd00:1::fe
check "arp_proxy/gateway_reply_sent counted" \
	test "$(counter arp_proxy gateway_reply_sent)" -gt "$arp0"
check "gw_input/echo_reply_sent: 3 more" test "$(counter gw_input echo_reply_sent)" -ge $((echo0 + 3))
check "nd_proxy/gateway_advert_sent counted" \
	test "$(counter nd_proxy gateway_advert_sent)" -gt "$nd0"
check "gw_input/echo6_reply_sent: 3 more" \
	test "$(counter gw_input echo6_reply_sent)" -ge $((echo60 + 3))
check_eq "h1's gateway entry has the anycast MAC" \
	"$(nsx h1 ip neigh show 10.1.0.254 dev eth0 | awk '{ print $3 }')" $GW_MAC
check "h2 -> gateway 10.1.0.254 ping (FRR's kernel answers)" ping_ok h2 10.1.0.254
check "h2 -> gateway fd00:1::fe ping" ping_ok h2 fd00:1::fe
cap_stop ul
# (h2's ARP and NS for the gateway do cross: FRR's kernel bridge floods them.)
check_eq "nothing of h1's for the gateway crossed the underlay (ARP, ICMP, ND)" \
	"$(tsh_count ul "vxlan && eth.addr == $H1MAC && (arp.dst.proto_ipv4 == 10.1.0.254 || ip.addr == 10.1.0.254 || ipv6.addr == fd00:1::fe || icmpv6.nd.ns.target_address == fd00:1::fe)")" 0

# hv moves from FRR to evpnd, pinging its gateway: hm becomes the switch in front of
# it, one link to kv (eth0, in its bridge) and one to evpnd (eth1, up but outside the
# bridge until the move: a link that is down would hold what evpnd floods to it and
# hand it to hv at the move, hv's own earlier ARP among it).
ns_add hv
nsx hm ip addr flush dev eth0
nsx hm ip addr flush dev eth1
nsx hm ip link add br0 type bridge mcast_snooping 0
veth hm vm hv eth0
for p in eth0 vm; do nsx hm ip link set $p master br0; done
nsx hm ip link set eth1 up
nsx hm ip link set br0 up
host hv eth0 10.1.0.10/24 $HVMAC
nsx hv ip route add default via 10.1.0.254
check "hv (behind FRR) -> gateway ping" ping_ok hv 10.1.0.254
check "evpnd has hv's MAC from FRR" wait_until 15 ev_has "[2]:[0]:[48]:[$HVMAC]"
cap_start hv hv eth0 arp
echo0=$(counter gw_input echo_reply_sent)
nsx hv ping -c 40 -i 0.2 -W 1 10.1.0.254 >"$WORK/hv-ping.out" 2>&1 &
ping_pid=$!
sleep 1.5
nsx hm ip link set eth0 down
nsx hm ip link set eth1 master br0
wait $ping_pid
cap_stop hv
got=$(awk '/packets transmitted/ { print $4 }' "$WORK/hv-ping.out")
log "hv pinged its gateway across the move: $got of 40 replies"
check "hv's pings go on after the move (at least 30 of 40)" test "${got:-0}" -ge 30
check "evpnd answered hv after the move (gw_input/echo_reply_sent)" \
	test "$(counter gw_input echo_reply_sent)" -ge $((echo0 + 20))
check "evpnd learnt hv locally" wait_until 10 eval "[ \"\$(ev_mac $HVMAC type)\" = local ]"
check_eq "hv broadcast no ARP for its gateway" \
	"$(tsh_count hv "arp.opcode == 1 && arp.dst.proto_ipv4 == 10.1.0.254 && eth.dst == ff:ff:ff:ff:ff:ff")" 0
check "hv's gateway entry: the anycast MAC, still valid" eval \
	"nsx hv ip neigh show 10.1.0.254 dev eth0 | grep -Eq 'lladdr $GW_MAC (REACHABLE|STALE|DELAY|PROBE)'"

# Nothing in evpnd treated the gateway MAC as a host: no move, no duplicate, no
# MAC entry in EVPN, no message over its entries.
check_eq "evpnd logged no move, duplicate or freeze of the gateway MAC" \
	"$(grep -i "$GW_MAC" "$EV_LOG" | grep -ciE "mov|dup|froz|pinned" | tr -d ' ')" 0
check_eq "show evpn mac vni 100: no gateway MAC entry" \
	"$(evctl show evpn mac vni 100 json | json_q "'$GW_MAC' in d['macs']")" false
check_eq "writer gateway_refused: 0 (EVPN never sent one)" "$(counter writer gateway_refused)" 0
check_eq "l2_fwd/gateway_src_mac: 0" "$(counter l2_fwd gateway_src_mac)" 0
evctl show bridge-domain
check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
