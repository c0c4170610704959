#!/bin/bash
# mpls_udp_test: EVPN over MPLS-in-UDP (RFC 7510) between two evpnd PEs connected
# directly (no P: UDP needs none), af_packet ports on veths. Bridge domain 100 is
# "encapsulation mpls" on both, each PE's transport to the other is "transport PE udp";
# the PEs peer over iBGP on a link of their own (type 2 and 3 with the service labels).
#
#   h1 10.1.0.1 --- [PE1] 10.0.12.1 ---- 10.0.12.3 [PE2] --- h2 10.1.0.2
#   PE1: VTEP 198.51.100.1, service label 1000; PE2: VTEP 198.51.100.3, label 2000
#
# h1 and h2 ping both ways, h3 (a second MAC behind PE1) and h2 too; tshark checks the
# frames each PE receives: IPv4/UDP to port 6635 between the VTEP addresses, UDP checksum
# 0, the peer's service label alone (bottom of stack), a source port of 49152-65535 that
# follows the flow (the hash of the inner MAC pair: h1-h2 and h3-h2 one port each, two
# different ports); the PEs' counters.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

require_root
require_cmd tshark dumpcap ping
require_build

ns_add pe1 pe2 h1 h2 h3
veth h1 eth0 pe1 h0
veth pe1 ul0 pe2 ul0
veth pe2 h0 h2 eth0
veth pe1 mg pe2 mg
host h1 eth0 10.1.0.1/24 02:00:00:01:00:01
host h2 eth0 10.1.0.2/24 02:00:00:01:00:02
# h3: a second host behind PE1's port (a macvlan on h1's link): a second flow.
nsx h1 ip link add link eth0 name mv0 address 02:00:00:01:00:03 type macvlan mode bridge
nsx h1 ip link set mv0 netns "$(ns h3)"
nsx h3 ip addr add 10.1.0.3/24 dev mv0
nsx h3 ip link set mv0 up
nsx pe1 ip addr add 172.16.0.1/24 dev mg
nsx pe2 ip addr add 172.16.0.3/24 dev mg

# pe_conf N PEER-N LABEL-BLOCK: PE N's evpnd configuration.
pe_conf() {
	cat <<EOF
dataplane
 main-lcore 0
 worker-lcores 1
 mbufs 4096
 port uplink0 devargs net_af_packet0,iface=ul0
 port host0 devargs net_af_packet1,iface=h0
underlay
 vtep-address 198.51.100.$1
 address 10.0.12.$1/24 port uplink0
 route 198.51.100.$2/32 via 10.0.12.$2
mpls
 label dynamic-block $3 $(($3 + 999))
 transport 198.51.100.$2 udp
bridge-domain 100
 vni 100
 member host0 untagged
 encapsulation mpls
router bgp 65000
 bgp router-id 198.51.100.$1
 no bgp default ipv4-unicast
 neighbor 172.16.0.$2 remote-as 65000
 neighbor 172.16.0.$2 timers 3 9
 neighbor 172.16.0.$2 timers connect 1
 address-family l2vpn evpn
  neighbor 172.16.0.$2 activate
  advertise-all-vni
 exit-address-family
EOF
}
pe_conf 1 3 1000 >"$WORK/pe1.conf"
pe_conf 3 1 2000 >"$WORK/pe2.conf"

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
resolved() {
	[ "$(ctl "$1" show vtep json | json_q "len([v for v in d if v['resolved']])")" -ge "$2" ]
}
established() {
	[ "$(ctl "$1" show bgp neighbors json | json_q "d.get('$2', {}).get('bgpState')")" = Established ]
}
for n in pe1 pe2; do start_ev "$n"; done
for n in pe1 pe2; do wait_until 30 ev_up "$n" || die "evpnd $n did not come up"; done
wait_until 20 established pe1 172.16.0.3 || die "BGP session not established"
wait_until 15 resolved pe1 1 || die "PE1 has no resolved next hop toward PE2"
wait_until 15 resolved pe2 1 || die "PE2 has no resolved next hop toward PE1"

# A capture sees what comes in on a veth end (evpnd's af_packet ports bypass the qdisc
# on the way out): a at PE2 (PE1 -> PE2), b at PE1 (PE2 -> PE1).
cap_start a pe2 ul0 "udp port 6635"
cap_start b pe1 ul0 "udp port 6635"
warm() {
	nsx h1 ping -q -c 1 -W 1 10.1.0.2 >/dev/null 2>&1 || true
	cap_seen a udp && cap_seen b udp
}
wait_until 20 warm || die "no MPLS-in-UDP frames captured"
check "h1 -> h2 ping over MPLS-in-UDP" ping_ok h1 10.1.0.2
check "h2 -> h1 ping over MPLS-in-UDP" ping_ok h2 10.1.0.1
check "h3 -> h2 ping over MPLS-in-UDP (a second flow)" ping_ok h3 10.1.0.2
check "h2 -> h3 ping" ping_ok h2 10.1.0.3
for c in a b; do cap_stop "$c"; done

# header CAPTURE: the distinct "src dst checksum label bottom" of its frames, MPLS
# decoded in UDP 6635 (RFC 7510).
header() {
	tsh "$1" -d udp.port==6635,mpls -Y "udp.dstport == 6635" -T fields -E separator=' ' \
		-e ip.src -e ip.dst -e udp.checksum -e mpls.label -e mpls.bottom | sort -u |
		tr '\n' ';'
}
check_eq "PE1 -> PE2: UDP 6635 between the VTEPs, checksum 0, service label 2000 alone" \
	"$(header a)" "198.51.100.1 198.51.100.3 0x0000 2000 1;"
check_eq "PE2 -> PE1: UDP 6635, checksum 0, service label 1000 alone" \
	"$(header b)" "198.51.100.3 198.51.100.1 0x0000 1000 1;"
# flow_ports CAPTURE SRC-MAC DST-MAC: the distinct source ports of the IPv4 frames
# between these inner MACs (after 14 + 20 + 8 + 4 octets: Ethernet, IP, UDP, the label).
flow_ports() {
	tsh "$1" -Y "udp.dstport == 6635 && frame[46:6] == $3 && frame[52:6] == $2 &&
		frame[58:2] == 08:00" -T fields -e udp.srcport | sort -u | tr '\n' ' '
}
m1=02:00:00:01:00:01 m2=02:00:00:01:00:02 m3=02:00:00:01:00:03
declare -A port=()
for f in "a $m1 $m2" "a $m3 $m2" "b $m2 $m1" "b $m2 $m3"; do
	read -r c s d <<<"$f"
	p=$(flow_ports "$c" "$s" "$d")
	log "capture $c: $s -> $d from port(s) $p"
	check "capture $c: $s -> $d: one source port in 49152-65535 ($p)" \
		[ "$(wc -w <<<"$p")" = 1 -a "${p%% *}" -ge 49152 ]
	port[$f]=$p
done
check "PE1 -> PE2: two flows, two source ports" [ "${port[a $m1 $m2]}" != "${port[a $m3 $m2]}" ]
check "PE2 -> PE1: two flows, two source ports" [ "${port[b $m2 $m1]}" != "${port[b $m2 $m3]}" ]
check_eq "PE1's show vtep json: PE2's next hop is MPLS-in-UDP from our VTEP address" \
	"$(ctl pe1 show vtep json | json_q "[[v['remoteVtep'], v['localVtep'], v['encapsulation']] for v in d]")" \
	'[["198.51.100.3", "198.51.100.1", "mpls-in-udp"]]'
check_eq "PE1's show evpn vni 100: mpls, local label 1000, PE2 with 2000" \
	"$(ctl pe1 show evpn vni 100 json |
		json_q "[d['encapsulation'], d['localLabel'], d['remoteLabels']]")" \
	'["mpls", 1000, {"198.51.100.3": 2000}]'
counter_of() {
	ctl "$1" show stats all json |
		json_q "sum(int(c['value']) for c in d if c['node'] == '$2' and c['counter'] == '$3')"
}
n=$(counter_of pe1 underlay_input mpls_udp_to_mpls_input)
check "PE1 took MPLS-in-UDP frames into mpls_input ($n)" [ "$n" -ge 4 ]
n=$(counter_of pe2 mpls_input to_l2)
check "PE2 popped service labels into bridge domain 100 ($n)" [ "$n" -ge 4 ]
drops() {
	ctl "$1" show stats all json |
		json_q "sum(int(c['value']) for c in d if c['node'].startswith('mpls') and c['drop'])"
}
check_eq "no MPLS drop on either PE" "$(drops pe1) $(drops pe2)" "0 0"
for n in pe1 pe2; do check "evpnd $n is alive" kill -0 "${EVP[$n]}"; done
it_done
