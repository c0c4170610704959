#!/bin/bash
# mpls_l3_test: Layer 3 EVPN over MPLS (RFC 9135 symmetric IRB and RFC 9136 type 5 with
# per-VRF labels, issue 11) between two evpnd PEs through an evpnd P router, the EVPN
# routes through a gobgpd route reflector (MPLS_EVPN_BGP=frr: FRR's bgpd; direct: no
# reflector). The lab of mpls_evpn_test; the hosts are in two subnets of vrf red:
#
#   h1 --- [PE1] 10.0.12.1 ---- 10.0.12.2 [P] 10.0.23.2 ---- 10.0.23.3 [PE2] --- h2
#   h1: 10.1.0.1, fd00:1::1; h2: 10.2.0.1, fd00:2::1 (default routes to their gateways)
#   PE1: bridge-domain 100 (gateways 10.1.0.254, fd00:1::fe; label 1000), vrf red: per-VRF
#        label 1001; pushes {16003, PE2's VRF label 2001} to PE2 (198.51.100.3)
#   PE2: bridge-domain 200 (gateways 10.2.0.254, fd00:2::fe; label 2000), vrf red: per-VRF
#        label 2001; pushes {16001, 1001} to PE1
#   P:   16003 swapped toward PE2 (its node label, popped by PE2), 16001 popped (PHP)
#
# h1 and h2 ping across the VRF (IPv4, IPv6); tshark checks the stacks on the P's links:
# {transport, VRF label} with the IP packet right under the bottom of stack (no inner
# Ethernet, RFC 9135 5.1), the routes on the wire (type 5 with the VRF label as its
# label, type 2 with it as its second label, ET:10), `show ip route vrf red`, `show mpls
# table` (evpn-l3, vrf red) and the counters.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

require_root
require_cmd tshark dumpcap ping
require_build

ns_add pe1 p pe2
ns_add -6 h1 h2
veth h1 eth0 pe1 h0
veth pe1 ul0 p ula
veth p ulb pe2 ul0
veth pe2 h0 h2 eth0
host h1 eth0 10.1.0.1/24 02:00:00:01:00:01
host h2 eth0 10.2.0.1/24 02:00:00:02:00:01
nsx h1 ip route add default via 10.1.0.254
nsx h2 ip route add default via 10.2.0.254
nsx h1 ip -6 addr add fd00:1::1/64 dev eth0 nodad
nsx h2 ip -6 addr add fd00:2::1/64 dev eth0 nodad
nsx h1 ip -6 route add default via fd00:1::fe
nsx h2 ip -6 route add default via fd00:2::fe
# BGP between the PEs: over the kernel stacks of their namespaces, on links of their own
# (the P routes no IP). MPLS_EVPN_BGP=gobgp (the default when gobgpd is installed): both
# PEs are clients of a gobgpd route reflector (rr, 172.16.0.9), so the labels must
# survive reflection; frr: the same with FRR's bgpd; direct: the PEs peer with each other.
mode=${MPLS_EVPN_BGP:-gobgp}
[ "$mode" != gobgp ] || command -v gobgpd >/dev/null || mode=direct
[ "$mode" != frr ] || require_frr zebra
if [ "$mode" = gobgp ] || [ "$mode" = frr ]; then
	# shellcheck source=evpn_lab.sh
	. "$IT_DIR/evpn_lab.sh"
	ns_add rr
	ul_switch rr br-mg
	veth pe1 mg rr pe1-mg
	veth pe2 mg rr pe2-mg
	ul_plug rr pe1-mg br-mg
	ul_plug rr pe2-mg br-mg
	nsx rr ip addr add 172.16.0.9/24 dev br-mg
	peer1=172.16.0.9 peer2=172.16.0.9
else
	veth pe1 mg pe2 mg
	peer1=172.16.0.3 peer2=172.16.0.1
fi
nsx pe1 ip addr add 172.16.0.1/24 dev mg
nsx pe2 ip addr add 172.16.0.3/24 dev mg
log "BGP: $mode"

# bgp ROUTER_ID NEIGHBOR: iBGP, l2vpn evpn only, advertise-all-vni.
bgp() {
	printf 'router bgp 65000\n bgp router-id %s\n no bgp default ipv4-unicast\n' "$1"
	printf ' neighbor %s remote-as 65000\n neighbor %s timers 3 9\n' "$2" "$2"
	printf ' neighbor %s timers connect 1\n address-family l2vpn evpn\n' "$2"
	printf '  neighbor %s activate\n  advertise-all-vni\n exit-address-family\n' "$2"
}

# ev_conf NAME LCORE: the dataplane section of one evpnd, its ports from stdin-less
# arguments: PORT=IFACE...
ev_conf() {
	local name=$1 i=0 pi
	shift
	{
		printf 'dataplane\n main-lcore 0\n worker-lcores 1\n mbufs 4096\n'
		for pi in "$@"; do
			echo " port ${pi%=*} devargs net_af_packet$i,iface=${pi#*=}"
			i=$((i + 1))
		done
		cat
	} >"$WORK/$name.conf"
}

ev_conf pe1 uplink0=ul0 host0=h0 <<EOF
underlay
 vtep-address 198.51.100.1
 address 10.0.12.1/24 port uplink0
mpls
 label dynamic-block 1000 1999
 transport 198.51.100.3 push 16003 nexthop 10.0.12.2
bridge-domain 100
 vni 100
 member host0 untagged
 encapsulation mpls
 gateway-mac 00:00:5e:00:01:01
 gateway-address 10.1.0.254/24
 gateway-address fd00:1::fe/64
 vrf red
vrf red
 vni 5000
 encapsulation mpls
 advertise ipv4 unicast
 advertise ipv6 unicast
$(bgp 198.51.100.1 "$peer1")
EOF
ev_conf p ula=ula ulb=ulb <<EOF
underlay
 address 10.0.12.2/24 port ula
 address 10.0.23.2/24 port ulb
mpls
 lsp 16003 10.0.23.3 16003
 lsp 16001 10.0.12.1 implicit-null
EOF
ev_conf pe2 uplink0=ul0 host0=h0 <<EOF
underlay
 vtep-address 198.51.100.3
 address 10.0.23.3/24 port uplink0
mpls
 label dynamic-block 2000 2999
 node-label 16003
 transport 198.51.100.1 push 16001 nexthop 10.0.23.2
bridge-domain 200
 vni 200
 member host0 untagged
 encapsulation mpls
 gateway-mac 00:00:5e:00:01:01
 gateway-address 10.2.0.254/24
 gateway-address fd00:2::fe/64
 vrf red
vrf red
 vni 5000
 encapsulation mpls
 advertise ipv4 unicast
 advertise ipv6 unicast
$(bgp 198.51.100.3 "$peer2")
EOF

# start_ev NAME: evpnd NAME in namespace NAME (socket and log $WORK/NAME.*); each its
# own DPDK file prefix.
declare -A EVP=()
start_ev() {
	local n=$1
	ip netns exec "$PFX-$n" "$EVPND" -f "$WORK/$n.conf" -s "$WORK/$n.sock" -v -- \
		--no-huge -m 256 --no-pci --no-shconf --file-prefix "${PFX}$n" \
		>"$WORK/$n.log" 2>&1 &
	EVP[$n]=$!
	IT_PIDS+=("$!")
}
ctl() {
	local n=$1
	shift
	"$EVPNCTL" -s "$WORK/$n.sock" -t 5 "$@"
}
ev_up() {
	kill -0 "${EVP[$1]}" 2>/dev/null || die "evpnd $1 exited: $(tail -5 "$WORK/$1.log")"
	ctl "$1" show port >/dev/null 2>&1
}
# resolved NAME N: N next hops of evpnd NAME resolved (ARP answered by the P or a PE).
resolved() {
	[ "$(ctl "$1" show vtep json | json_q "len([v for v in d if v['resolved']])")" -ge "$2" ]
}
cap_start bgp pe1 mg "tcp port 179"
if [ "$mode" = gobgp ]; then
	GOBGP_RR_ADDR=172.16.0.9 evpn_lab_rr_gobgp 172.16.0.1 172.16.0.3
elif [ "$mode" = frr ]; then
	# FRR reflects only routes whose next hop it resolves: the PEs' addresses via them
	nsx rr ip route add 198.51.100.1/32 via 172.16.0.1
	nsx rr ip route add 198.51.100.3/32 via 172.16.0.3
	frr_conf rr <<EOF
router bgp 65000
 bgp router-id 172.16.0.9
 no bgp default ipv4-unicast
$(for c in 172.16.0.1 172.16.0.3; do
	printf ' neighbor %s remote-as 65000\n neighbor %s timers 3 9\n' "$c" "$c"
	printf ' neighbor %s timers connect 1\n' "$c"
done)
 address-family l2vpn evpn
$(for c in 172.16.0.1 172.16.0.3; do
	printf '  neighbor %s activate\n  neighbor %s route-reflector-client\n' "$c" "$c"
done)
 exit-address-family
EOF
	frr_start rr
fi
for n in p pe1 pe2; do start_ev "$n"; done
for n in p pe1 pe2; do wait_until 30 ev_up "$n" || die "evpnd $n did not come up"; done
log "three evpnd up"
established() {
	[ "$(ctl "$1" show bgp neighbors json | json_q "d.get('$2', {}).get('bgpState')")" = Established ]
}
wait_until 20 established pe1 "$peer1" || die "PE1's BGP session ($mode) not established"
wait_until 20 established pe2 "$peer2" || die "PE2's BGP session ($mode) not established"
# The P resolved both PEs (its lsps' next hops).
wait_until 15 resolved p 2 || die "the P did not resolve both PEs"

# Each PE has the other's subnet in vrf red (type 5) toward the other PE.
has_route() { # PE PREFIX
	ctl "$1" show ip route vrf red json 2>/dev/null | grep -q "\"$2\""
}
wait_until 20 has_route pe1 10.2.0.0/24 || die "PE1 has no route to 10.2.0.0/24 in vrf red"
wait_until 20 has_route pe2 10.1.0.0/24 || die "PE2 has no route to 10.1.0.0/24 in vrf red"
has_route6() { # PE PREFIX
	ctl "$1" show ipv6 route vrf red json 2>/dev/null | grep -q "\"$2\""
}
wait_until 20 has_route6 pe1 fd00:2::/64 || die "PE1 has no route to fd00:2::/64 in vrf red"
wait_until 20 has_route6 pe2 fd00:1::/64 || die "PE2 has no route to fd00:1::/64 in vrf red"

ctl pe1 show ip route vrf red >"$WORK/pe1_routes.txt"
log "PE1 vrf red: $(tr '\n' '|' <"$WORK/pe1_routes.txt")"
check "PE1's show ip route vrf red: 10.2.0.0/24 via PE2's per-VRF label 2001" \
	grep -q "10.2.0.0/24 .*via 198.51.100.3, label2001 onlink" "$WORK/pe1_routes.txt"
check_eq "PE1's show ip route vrf red json: mplsLabel 2001 for 10.2.0.0/24" \
	"$(ctl pe1 show ip route vrf red json | json_q "d['10.2.0.0/24'][0]['nexthops'][0].get('mplsLabel')")" 2001

cap_start a p ula mpls
cap_start a2 pe1 ul0 mpls
cap_start b2 p ulb mpls
warm() {
	nsx h1 ping -q -c 1 -W 1 10.2.0.1 >/dev/null 2>&1 || true
	cap_seen a mpls && cap_seen a2 mpls && cap_seen b2 mpls
}
wait_until 20 warm || die "no MPLS frames captured on the P's links"
check "h1 -> h2 ping across vrf red over MPLS" ping_ok h1 10.2.0.1
check "h2 -> h1 ping across vrf red over MPLS" ping_ok h2 10.1.0.1
check "h1 -> h2 IPv6 ping across vrf red over MPLS" ping_ok h1 fd00:2::1
check "h2 -> h1 IPv6 ping across vrf red over MPLS" ping_ok h2 fd00:1::1
for c in a a2 b2 bgp; do cap_stop "$c"; done

mac_pe1=$(mac_of pe1 ul0)
mac_pa=$(mac_of p ula)
mac_pe2=$(mac_of pe2 ul0)
# l3_stacks FILE MAC: the distinct "labels bottoms ttls ip.src ip.dst" of the ICMP frames
# from MAC whose IPv4 packet tshark found right under the label stack (one eth.src: no
# inner Ethernet header).
l3_stacks() {
	tsh "$1" -Y "mpls && icmp" -T fields -E separator=' ' -E aggregator=, -e eth.src \
		-e mpls.label -e mpls.bottom -e mpls.ttl -e ip.src -e ip.dst |
		awk -v m="$2" '$1 == m {print $2, $3, $4, $5, $6}' | sort -u | tr '\n' ';'
}
check_eq "PE1 -> P: {transport 16003, PE2's VRF label 2001}, then h1 -> h2's IP packet" \
	"$(l3_stacks a "$mac_pe1")" "16003,2001 0,1 255,255 10.1.0.1 10.2.0.1;"
check_eq "PE2 -> P: {transport 16001, PE1's VRF label 1001}, then h2 -> h1's IP packet" \
	"$(l3_stacks b2 "$mac_pe2")" "16001,1001 0,1 255,255 10.2.0.1 10.1.0.1;"
check_eq "P -> PE1: the VRF label 1001 alone (16001 popped, TTL 254 copied down)" \
	"$(l3_stacks a2 "$mac_pa")" "1001 1 254 10.2.0.1 10.1.0.1;"
# l3_stacks6 FILE MAC: the same for ICMPv6 (the IPv6 packet under the stack).
l3_stacks6() {
	tsh "$1" -Y "mpls && icmpv6" -T fields -E separator=' ' -E aggregator=, -e eth.src \
		-e mpls.label -e mpls.bottom -e mpls.ttl -e ipv6.src -e ipv6.dst |
		awk -v m="$2" '$1 == m {print $2, $3, $4, $5, $6}' | sort -u | tr '\n' ';'
}
check_eq "PE1 -> P, IPv6: {16003, 2001} then h1 -> h2's IPv6 packet" \
	"$(l3_stacks6 a "$mac_pe1")" "16003,2001 0,1 255,255 fd00:1::1 fd00:2::1;"
check_eq "P -> PE1, IPv6: {1001} then h2 -> h1's IPv6 packet" \
	"$(l3_stacks6 a2 "$mac_pa")" "1001 1 254 fd00:2::1 fd00:1::1;"
n_all=$(tsh_count a mpls)
check_eq "PE1 -> P: an IPv4 header (0x45) or an IPv6 one right after the two labels in all $n_all frames" \
	"$(($(tsh_count a 'mpls && frame[22:1] == 45') + $(tsh_count a 'mpls && frame[22:1] == 60')))" "$n_all"

check_eq "PE1's show mpls table json: 1001 pops into vrf red" \
	"$(ctl pe1 show mpls table json | json_q "[(l['type'], l.get('vrf')) for l in d if l['inLabel'] == 1001]")" \
	'[["evpn-l3", "red"]]'
ctl pe2 show mpls table >"$WORK/pe2_table.txt"
log "PE2: $(tr '\n' '|' <"$WORK/pe2_table.txt")"
check "PE2's show mpls table: 2001 evpn-l3 vrf red" \
	grep -Eq '^2001 +evpn-l3 +vrf red ' "$WORK/pe2_table.txt"

# The routes on the wire (PE1's session): type 5 with the VRF label, ET:10; type 2 (MAC+IP
# of h1, learned by the ping) with the VRF label as its second label. tshark
# shows a type 5's label field raw: the label in its high 20 bits (1001 << 4 = 16016).
tsh bgp -Y "bgp.type == 2 && bgp.evpn.nlri" -T fields -E "aggregator=," -e ip.src \
	-e bgp.evpn.nlri.rt -e bgp.ext_com.tunnel_type -e bgp.evpn.nlri.mpls_ls1 \
	-e bgp.evpn.nlri.mpls_ls2 -e bgp.update.path_attribute.mpls_label_value >"$WORK/bgp.txt"
# t5 SOURCE: the distinct tunnel types (ET) and label fields (L) of the segments from
# SOURCE with a type 5 (a segment may hold a type 3, or both families' type 5, beside it).
t5() {
	awk -F'\t' -v s="$1" '$1 == s && $2 ~ /5/ {
		n = split($3, e, ","); for (i = 1; i <= n; i++) print "ET" e[i]
		n = split($6, l, ","); for (i = 1; i <= n; i++) if (l[i] != "") print "L" l[i]
	}' "$WORK/bgp.txt" | sort -u | tr '\n' ' '
}
check_eq "PE1's type 5 (IPv4 and IPv6): ET:10, label 1001" "$(t5 172.16.0.1)" "ET10 L$((1001 << 4)) "
# (a reflector's segment may carry PE1's own type 5 back beside PE2's: FRR's does)
t5p=$(t5 "$peer1")
check "PE2's type 5 as PE1 gets it ($mode): ET:10, label 2001 ($t5p)" \
	grep -Eq "^ET10 (L[0-9]+ )*L$((2001 << 4)) " <<<"$t5p"
t2=$(awk -F'\t' '$1 == "172.16.0.1" && $5 != "" {print $4 "/" $5}' "$WORK/bgp.txt" | sort -u | tr '\n' ' ')
check "PE1's MAC+IP routes: second label the VRF label 1001 ($t2)" grep -qw 1001 <<<"${t2#*/}"
# PE2 imported h1's MAC+IP route into vrf red by its route target (the label names no
# VRF of PE2's): a host route toward PE1's VRF label.
check "PE2's vrf red: the host route 10.1.0.1/32 (symmetric IRB over MPLS)" \
	wait_until 10 has_route pe2 10.1.0.1/32

counter_of() {
	ctl "$1" show stats all json |
		json_q "sum(int(c['value']) for c in d if c['node'] == '$2' and c['counter'] == '$3')"
}
n=$(counter_of pe2 mpls_input to_vrf)
check "PE2 popped its VRF label into vrf red ($n)" [ "$n" -ge 3 ]
n=$(counter_of pe1 mpls_input to_vrf)
check "PE1 popped its VRF label into vrf red ($n)" [ "$n" -ge 3 ]
n=$(counter_of pe1 mpls_encap to_tx)
check "PE1 pushed labels on routed packets ($n)" [ "$n" -ge 3 ]
for n in pe1 pe2; do
	check_eq "$n dropped no MPLS frame" "$(ctl $n show stats all json |
		json_q "sum(int(c['value']) for c in d if c['node'].startswith('mpls') and c['drop'])")" 0
done
for n in p pe1 pe2; do check "evpnd $n is alive" kill -0 "${EVP[$n]}"; done
it_done
