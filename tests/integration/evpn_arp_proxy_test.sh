#!/bin/bash
# evpn_arp_proxy_test: ARP and ND suppression (RFC 9161) in evpnd's bridge domain 100,
# beside an FRR + Linux kernel VTEP (evpn_lab.sh). FRR's zebra learns h2's addresses on
# its SVI (br100) and sends them as MAC+IP type 2; evpnd puts them in its proxy table
# (arp-cache flag P). Then h1's ARP request and neighbour solicitation for h2 (scapy)
# are answered by evpnd itself, every field checked, and a capture of the underlay sees
# no ARP or NS for h2 cross VXLAN, while requests for an unknown address are flooded
# across (what proves the capture sees them inside VXLAN). Malformed ARP is a counted
# drop; evpnd keeps answering. Last, hm moves from the FRR VTEP to evpnd: FRR's
# withdrawal of its old MAC+IP route, after evpnd snooped hm, leaves it answered.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=evpn_lab.sh
. "$(dirname "$0")/evpn_lab.sh"
evpn_lab_require
require_scapy
require_cmd dumpcap tshark

arp_conf() {
	evpn_lab_evpnd_conf
	sed -i 's/^ vni 100$/ vni 100\n arp-suppression\n neigh-suppression/' "$WORK/evpnd.conf"
}
evpn_lab_up arp_conf
check "show bridge-domain: ARP suppression on" eval \
	'evctl show bridge-domain | grep -q "ARP suppression on"'

check "FRR has evpnd's type-3" wait_until 15 kv_has "[3]:[0]:[32]:[192.0.2.1]"
check "evpnd has FRR's type-3" wait_until 15 ev_has "[3]:[0]:[32]:[192.0.2.2]"
# h2's addresses at the FRR VTEP: zebra learns them on its SVI and sends MAC+IP routes.
# IPv6 on for these three links only (the lab has it off), without link-local
# addresses, DAD or router solicitations.
v6_on() {
	nsx "$1" ip link set "$2" addrgenmode none
	nsx "$1" sysctl -qw "net.ipv6.conf.$2.accept_dad=0" "net.ipv6.conf.$2.router_solicitations=0" \
		"net.ipv6.conf.$2.disable_ipv6=0"
	nsx "$1" ip addr add "$3" dev "$2" nodad
}
nsx kv ip addr add 10.1.0.254/24 dev br100
v6_on kv br100 fd00:1::fe/64
v6_on h2 eth0 fd00:1::2/64
check "FRR VTEP (br100) -> h2 ping" ping_ok kv 10.1.0.2
check "FRR VTEP (br100) -> h2 ping6" ping_ok kv fd00:1::2
check "evpnd has FRR's MAC+IP type-2 for h2" wait_until 15 ev_has "[2]:[0]:[48]:[$H2MAC]:[32]:[10.1.0.2]"
check "evpnd has FRR's MAC+IP type-2 for h2 (IPv6)" wait_until 15 ev_has "[2]:[0]:[48]:[$H2MAC]:[128]:[fd00:1::2]"
proxied() { evctl show evpn arp-cache vni 100 json | json_q "d.get('$1', {}).get('proxied')"; }
check "arp-cache: h2 10.1.0.2 answered by the dataplane (P)" wait_until 10 eval \
	'[ "$(proxied 10.1.0.2)" = true ]'

cap_start ul fab ev-ul "udp port 4789"
# ask NS TARGET: h1's ARP request for TARGET (broadcast, scapy); prints the reply's
# fields "op hwsrc psrc hwdst pdst eth.src eth.dst", or "none" after 2 s.
ask() {
	nsx h1 "$PY" -c "from scapy.all import *; conf.verb = 0
r = srp1(Ether(src='$H1MAC', dst='ff:ff:ff:ff:ff:ff') / ARP(op=1, hwsrc='$H1MAC', psrc='10.1.0.1', pdst='$1'), iface='eth0', timeout=2)
print('none' if r is None else ' '.join(str(x) for x in (r[ARP].op, r[ARP].hwsrc, r[ARP].psrc, r[ARP].hwdst, r[ARP].pdst, r.src, r.dst)))"
}
replies0=$(counter arp_proxy reply_sent)
got=$(ask 10.1.0.2)
check_eq "h1's ARP for h2 answered by evpnd (op, sender, target, Ethernet)" "$got" \
	"2 $H2MAC 10.1.0.2 $H1MAC 10.1.0.1 $H2MAC $H1MAC"
check_eq "arp_proxy/reply_sent counted" "$(counter arp_proxy reply_sent)" $((replies0 + 1))
# h1's own address, snooped from its request, is a local binding: a third entry.
bd_json() { evctl show bridge-domain json | json_q "[d[0]['arpSuppression'], d[0]['proxyEntries']]"; }
check "show bridge-domain json: arpSuppression, 3 proxy entries (h2 IPv4 and IPv6, h1 IPv4)" \
	wait_until 10 eval '[ "$(bd_json)" = "[true, 3]" ]'
check "arp-cache: h1 10.1.0.1 local, answered by the dataplane (P)" wait_until 10 eval \
	'[ "$(proxied 10.1.0.1)" = true ]'
unknown0=$(counter arp_proxy unknown_flooded)
ask 10.1.0.77 >/dev/null
check "the request for an unknown 10.1.0.77 is flooded over VXLAN" wait_until 10 \
	cap_seen ul "vxlan && arp.dst.proto_ipv4 == 10.1.0.77"
check_eq "arp_proxy/unknown_flooded counted" "$(counter arp_proxy unknown_flooded)" $((unknown0 + 1))

# solicit TARGET: h1's NS for TARGET (to its solicited-node group, with h1's link-layer
# address); prints the NA's "type flags(R S O) target option-mac hlim src dst eth.src
# eth.dst checksum-ok", or "none" after 2 s.
solicit() {
	nsx h1 "$PY" -c "from scapy.all import *; conf.verb = 0
t = '$1'; g = in6_getnsma(inet_pton(socket.AF_INET6, t)); g = inet_ntop(socket.AF_INET6, g)
r = srp1(Ether(src='$H1MAC', dst=in6_getnsmac(inet_pton(socket.AF_INET6, g))) / IPv6(src='fd00:1::1', dst=g, hlim=255) / ICMPv6ND_NS(tgt=t) / ICMPv6NDOptSrcLLAddr(lladdr='$H1MAC'), iface='eth0', timeout=2, filter='icmp6 and ip6[40] == 136')
if r is None: print('none'); raise SystemExit
na = r[ICMPv6ND_NA]; c = na.cksum; del na.cksum
ok = IPv6(bytes(r[IPv6]))[ICMPv6ND_NA].cksum == c
print(na.type, '%d%d%d' % (na.R, na.S, na.O), na.tgt, r[ICMPv6NDOptDstLLAddr].lladdr, r[IPv6].hlim, r[IPv6].src, r[IPv6].dst, r.src, r.dst, ok)"
}
adverts0=$(counter nd_proxy advert_sent)
check_eq "h1's NS for h2 answered by evpnd (NA: S and O, target option, hop limit 255, checksum)" \
	"$(solicit fd00:1::2)" "136 011 fd00:1::2 $H2MAC 255 fd00:1::2 fd00:1::1 $H2MAC $H1MAC True"
check_eq "nd_proxy/advert_sent counted" "$(counter nd_proxy advert_sent)" $((adverts0 + 1))
solicit fd00:1::77 >/dev/null
check "the NS for an unknown fd00:1::77 is flooded over VXLAN" wait_until 10 \
	cap_seen ul "vxlan && icmpv6.nd.ns.target_address == fd00:1::77"
cap_stop ul
check_eq "no ARP for h2 crossed the underlay" "$(tsh_count ul "vxlan && arp.dst.proto_ipv4 == 10.1.0.2")" 0
check_eq "no NS for h2 crossed the underlay" \
	"$(tsh_count ul "vxlan && icmpv6.nd.ns.target_address == fd00:1::2")" 0

# Malformed ARP (hardware length 8) from h1: a counted drop, and the proxy still answers.
bad0=$(counter arp_proxy malformed)
nsx h1 "$PY" -c "from scapy.all import *; conf.verb = 0
sendp(Ether(src='$H1MAC', dst='ff:ff:ff:ff:ff:ff', type=0x806) / bytes.fromhex('0001080008040001') / bytes(24), iface='eth0')"
check "arp_proxy/malformed counted" wait_until 10 eval \
	'[ "$(counter arp_proxy malformed)" -gt "$bad0" ]'
check_eq "h1's ARP for h2 still answered" "$(ask 10.1.0.2 | cut -d' ' -f1-3)" "2 $H2MAC 10.1.0.2"
check "h1 -> h2 ping" ping_ok h1 10.1.0.2

# A host that moves keeps its entry: hm (10.1.0.9) starts behind the FRR VTEP (its
# MAC+IP route fills the table), then moves to evpnd. There it is snooped (a local
# binding) before FRR's withdrawal of its old route comes: that withdrawal removes
# only the old route's binding, and the dataplane keeps answering for hm.
check "FRR VTEP (br100) -> hm ping" ping_ok kv 10.1.0.9
check "evpnd has FRR's MAC+IP type-2 for hm" wait_until 15 ev_has "[2]:[0]:[48]:[$HMMAC]:[32]:[10.1.0.9]"
check "arp-cache: hm behind FRR answered by the dataplane (P)" wait_until 10 eval \
	'[ "$(proxied 10.1.0.9)" = true ]'
nsx hm ip link set eth0 down
nsx hm ip link set eth1 up
nsx hm ip neigh flush all
check "hm (now behind evpnd) -> h1 ping" ping_ok hm 10.1.0.1
# hm's MAC+IP held by evpnd's route distinguisher alone (that of its type 3): FRR's
# withdrawal is in.
only_ours() {
	evctl show bgp l2vpn evpn route json | json_q "[r for r, v in d.items() if isinstance(v, dict)
		and '[2]:[0]:[48]:[$HMMAC]:[32]:[10.1.0.9]' in v] == [r for r, v in d.items()
		if isinstance(v, dict) and '[3]:[0]:[32]:[192.0.2.1]' in v]"
}
check "evpnd: hm local" wait_until 10 eval '[ "$(ev_mac "$HMMAC" type)" = local ]'
check "FRR's MAC+IP route for hm withdrawn, evpnd's in" wait_until 15 eval \
	'[ "$(only_ours)" = true ]'
check "arp-cache: hm local, still answered by the dataplane (P)" wait_until 5 eval \
	'[ "$(proxied 10.1.0.9)" = true ]'
replies0=$(counter arp_proxy reply_sent)
check_eq "h1's ARP for hm answered" "$(ask 10.1.0.9 | cut -d' ' -f1-3)" "2 $HMMAC 10.1.0.9"
check_eq "by evpnd's proxy (arp_proxy/reply_sent)" "$(counter arp_proxy reply_sent)" $((replies0 + 1))

# An IP that changes hands between local MACs (two MACs behind h1's port claim
# 10.1.0.50 in turn): evpnd's MAC+IP route follows it (FRR sees the new MAC's, the old
# one's is withdrawn); the fifth move within 180 s makes it a duplicate, frozen with the
# MAC that held it (duplicate address detection for IPs, as FRR's).
MA=02:00:00:01:00:50 MB=02:00:00:01:00:51
claim() {
	nsx h1 "$PY" -c "from scapy.all import *; conf.verb = 0
sendp(Ether(src='$1', dst='ff:ff:ff:ff:ff:ff') / ARP(op=1, hwsrc='$1', psrc='10.1.0.50', pdst='10.1.0.254'), iface='eth0')"
	sleep 0.6 # the same MAC and IP are snooped once a second
}
kv_macs_of_50() {
	frr_evpn_routes kv | grep -F "]:[32]:[10.1.0.50]" | sed 's/^.*\[48\]:\[\([^]]*\)\].*$/\1/' |
		sort -u | tr '\n' ' '
}
claim $MA
check "FRR has evpnd's MAC+IP route for 10.1.0.50, MAC MA" wait_until 10 eval \
	'[ "$(kv_macs_of_50)" = "$MA " ]'
claim $MB
check "moved to MB: MA's route for it withdrawn" wait_until 10 eval '[ "$(kv_macs_of_50)" = "$MB " ]'
check "evpnd logs the move" grep -q "IP 10.1.0.50 moved from MAC $MA to $MB" "$EV_LOG"
for m in $MA $MB $MA $MB; do claim $m; done # moves 2 to 5
check "evpnd logs the duplicate, frozen with MA" wait_until 5 grep -q \
	"IP 10.1.0.50 detected as duplicate: 5 moves in 180 s, last from MAC $MA to $MB, frozen with MAC $MA" \
	"$EV_LOG"
sleep 1
check_eq "FRR keeps MA's route for it (the last claim, MB's, refused)" "$(kv_macs_of_50)" "$MA "
arp_dup() { evctl show evpn arp-cache vni 100 json | json_q "d.get('10.1.0.50', {}).get('isDuplicate')"; }
check_eq "arp-cache: 10.1.0.50 duplicate" "$(arp_dup)" true
check_eq "clear evpn dup-addr clears it" "$(evctl clear evpn dup-addr json | json_q "d['clearedIps']")" 1
check_eq "arp-cache: 10.1.0.50 no longer duplicate" "$(arp_dup)" false
claim $MB
check "after the clear the IP moves again" wait_until 10 eval '[ "$(kv_macs_of_50)" = "$MB " ]'
evctl show evpn arp-cache vni 100
check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
