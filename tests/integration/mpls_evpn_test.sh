#!/bin/bash
# mpls_evpn_test: EVPN over MPLS between two evpnd PEs through an evpnd P router (this
# kernel forwards no MPLS), all ports af_packet on veths. Bridge domain 100 is
# "encapsulation mpls" with control-word on both PEs; the SR-MPLS transport labels are
# static (mpls section), the remote PEs and their service labels come by iBGP (type 2
# and 3), through a gobgpd route reflector (default) or directly (MPLS_EVPN_BGP=direct):
#
#   h1 10.1.0.1 --- [PE1] 10.0.12.1 ---- 10.0.12.2 [P] 10.0.23.2 ---- 10.0.23.3 [PE2] --- h2 10.1.0.2
#   PE1: service label 1000, pushes {16003, ELI 7, entropy label, 2000} to PE2
#        (198.51.100.3; "entropy-label" on its transport, RFC 6790)
#   PE2: service label 2000, pushes {16001, 1000} to PE1 (198.51.100.1)
#   P:   16003 swapped (to 16003, its SR node label) toward PE2, which pops it itself;
#        16001 popped toward PE1 (penultimate hop)
#
# h1 and h2 ping both ways (ARP by ingress replication, then known unicast); tshark checks
# the label stacks on both links: {transport, service} with bottom of stack on the
# service label only (PE1 -> PE2: ELI and entropy label between them, one entropy label
# per flow, carried by the P, popped by PE2), the swapped transport label (TTL - 1)
# toward PE2, the service
# label alone after the P popped the transport one toward PE1; and the routes on the
# wire (labels, PMSI, ET:10). `show mpls table` (and json) on the P and a PE, `show evpn
# vni 100 json`, the PEs' MPLS counters.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

require_root
require_cmd tshark dumpcap ping
require_build

ns_add pe1 p pe2 h1 h2
veth h1 eth0 pe1 h0
veth pe1 ul0 p ula
veth p ulb pe2 ul0
veth pe2 h0 h2 eth0
host h1 eth0 10.1.0.1/24 02:00:00:01:00:01
host h2 eth0 10.1.0.2/24 02:00:00:01:00:02
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
 transport 198.51.100.3 push 16003 nexthop 10.0.12.2 entropy-label
bridge-domain 100
 vni 100
 member host0 untagged
 encapsulation mpls
 control-word
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
bridge-domain 100
 vni 100
 member host0 untagged
 encapsulation mpls
 control-word
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
# Each PE installed the other's type-3 route: a next hop toward it by its transport,
# resolved (the P answered ARP); the P resolved both PEs.
wait_until 15 resolved pe1 1 || die "PE1 has no resolved next hop toward PE2"
wait_until 15 resolved pe2 1 || die "PE2 has no resolved next hop toward PE1"
wait_until 15 resolved p 2 || die "the P did not resolve both PEs"

# Each link at both ends: a capture sees what comes in, not what evpnd's af_packet
# port sends (qdisc bypass). a: PE1 -> P, a2: P -> PE1, b: P -> PE2, b2: PE2 -> P.
cap_start a p ula mpls
cap_start a2 pe1 ul0 mpls
cap_start b pe2 ul0 mpls
cap_start b2 p ulb mpls
# The first frames after "Capturing on" can be missed on a loaded machine: ping until
# every capture has MPLS frames.
warm() {
	nsx h1 ping -q -c 1 -W 1 10.1.0.2 >/dev/null 2>&1 || true
	cap_seen a mpls && cap_seen a2 mpls && cap_seen b mpls && cap_seen b2 mpls
}
wait_until 20 warm || die "no MPLS frames captured on the P's links"
check "h1 -> h2 ping over MPLS" ping_ok h1 10.1.0.2
check "h2 -> h1 ping over MPLS" ping_ok h2 10.1.0.1
for c in a a2 b b2 bgp; do cap_stop "$c"; done

# One line per MPLS frame: source MAC, then labels and bottom-of-stack bits (all).
fields=(-T fields -E separator=' ' -E "aggregator=," -e eth.src -e mpls.label -e mpls.bottom
	-e mpls.ttl)
for c in a a2 b b2; do tsh "$c" -Y mpls "${fields[@]}" >"$WORK/$c.txt"; done
mac_pe1=$(mac_of pe1 ul0)
mac_pa=$(mac_of p ula)
mac_pb=$(mac_of p ulb)
mac_pe2=$(mac_of pe2 ul0)
# stacks FILE MAC: the distinct "labels bottoms" lines of the frames from MAC.
# (tshark decodes the payload as Ethernet too: the first eth.src is the frame's own.)
stacks() {
	awk -v m="$2" '{split($1, s, ",")} s[1] == m {print $2, $3, $4}' "$WORK/$1.txt" |
		sort -u | tr '\n' ';'
}
# el_stacks FILE MAC TTL: the stacks from MAC with the entropy label (any of 16-1048575)
# replaced by EL, and how many distinct entropy labels (flows) there were.
el_stacks() {
	local st
	st=$(stacks "$1" "$2")
	echo "$(sed -E 's/^16003,7,[0-9]+,/16003,7,EL,/; s/;16003,7,[0-9]+,/;16003,7,EL,/g' <<<"$st" |
		tr ';' '\n' | grep . | sort -u | tr '\n' ';') $(tr ';' '\n' <<<"$st" | awk -F'[, ]' \
		'$3 >= 16 {print $3}' | sort -u | grep -c .)"
}
ela=$(el_stacks a "$mac_pe1")
check "PE1 -> P: {transport 16003, ELI 7, EL (TTL 0), service 2000}, bottom of stack on the service label ($ela)" \
	grep -qx "16003,7,EL,2000 0,0,0,1 255,255,0,255; [1-9][0-9]*" <<<"$ela"
elb=$(el_stacks b "$mac_pb")
check "P -> PE2: 16003 swapped (TTL 254), ELI, EL and service label 2000 under it ($elb)" \
	grep -qx "16003,7,EL,2000 0,0,0,1 254,255,0,255; [1-9][0-9]*" <<<"$elb"
check "PE1 -> P: more than one entropy label (flows: ARP, ICMP each way) (${ela##* })" \
	[ "${ela##* }" -ge 2 ]
check_eq "PE2 -> P: {transport 16001, service 1000}" "$(stacks b2 "$mac_pe2")" \
	"16001,1000 0,1 255,255;"
check_eq "P -> PE1: the service label 1000 alone (16001 popped, TTL 254 copied down)" \
	"$(stacks a2 "$mac_pa")" "1000 1 254;"
# control-word on both PEs: 4 zero octets after the bottom of stack in every frame (an
# inner frame would start with its destination MAC, never 00:00:00:00 here).
n_all=$(tsh_count a mpls)
check_eq "PE1 -> P: a control word after the service label in all $n_all frames" \
	"$(tsh_count a 'mpls && frame[30:4] == 00:00:00:00')" "$n_all"
n_all=$(tsh_count a2 mpls)
check_eq "P -> PE1: the control word still there in all $n_all frames" \
	"$(tsh_count a2 'mpls && frame[18:4] == 00:00:00:00')" "$n_all"

ctl p show mpls table >"$WORK/p_table.txt"
log "P: $(tr '\n' '|' <"$WORK/p_table.txt")"
check "P's show mpls table: 16003 swapped toward 10.0.23.3, 16001 popped toward 10.0.12.1" \
	grep -Ezq '16001 +pop +10\.0\.12\.1 +implicit-null +[0-9]+.16003 +swap +10\.0\.23\.3 +16003' \
	"$WORK/p_table.txt"
pkts=$(ctl p show mpls table json | json_q "[l['packets'] for l in d if l['inLabel'] == 16003][0]")
check "P counted packets on label 16003 ($pkts)" [ "$pkts" -ge 3 ]
check_eq "PE1's label 1000 pops into bridge-domain 100" \
	"$(ctl pe1 show mpls table json | json_q "[(l['type'], l['bridgeDomain']) for l in d if l['inLabel'] == 1000]")" \
	'[["evpn-l2", 100]]'
# The routes on the wire (PE1 - PE2 session): the label fields carry the service labels
# (RFC 7432), the PMSI attribute ingress replication with the label, ET:10 (MPLS).
# One tshark pass over the UPDATEs: source, route types, then the fields below.
bgp_cols=(bgp.evpn.nlri.rt bgp.ext_com.tunnel_type bgp.update.path_attribute.pmsi.tunnel.type
	bgp.update.path_attribute.mpls_label_value_20bits bgp.evpn.nlri.mpls_ls1)
bgp_args=()
for f in "${bgp_cols[@]}"; do bgp_args+=(-e "$f"); done
tsh bgp -Y "bgp.type == 2 && bgp.evpn.nlri" -T fields -E "aggregator=," -e ip.src \
	"${bgp_args[@]}" >"$WORK/bgp.txt"
# bgp_fields TYPE SOURCE FIELD: the distinct values of FIELD in the segments from SOURCE
# that carry routes of TYPE (a segment may hold several UPDATEs: a reflector's carry
# PE1's own routes back beside PE2's).
bgp_fields() {
	local col=3 f
	for f in "${bgp_cols[@]:1}"; do
		[ "$f" = "$3" ] && break
		col=$((col + 1))
	done
	awk -F'\t' -v t="$1" -v s="$2" -v c="$col" '$1 == s && $2 ~ t {print $c}' \
		"$WORK/bgp.txt" | tr ',' '\n' | sort -u | tr '\n' ' '
}
check_eq "PE1's type-3: ET:10, PMSI ingress replication, label 1000" \
	"$(bgp_fields 3 172.16.0.1 bgp.ext_com.tunnel_type)/$(bgp_fields 3 172.16.0.1 \
		bgp.update.path_attribute.pmsi.tunnel.type)/$(bgp_fields 3 172.16.0.1 \
		bgp.update.path_attribute.mpls_label_value_20bits)" "10 /6 /1000 "
check_eq "PE2's type-3 as PE1 gets it ($mode): ET:10, PMSI ingress replication" \
	"$(bgp_fields 3 "$peer1" bgp.ext_com.tunnel_type)/$(bgp_fields 3 "$peer1" \
		bgp.update.path_attribute.pmsi.tunnel.type)" "10 /6 "
check "PE2's type-3 as PE1 gets it ($mode): PMSI label 2000" \
	grep -qw 2000 <<<"$(bgp_fields 3 "$peer1" bgp.update.path_attribute.mpls_label_value_20bits)"
check_eq "PE1's type-2 (h1's MAC): label 1000, ET:10" \
	"$(bgp_fields 2 172.16.0.1 bgp.evpn.nlri.mpls_ls1)/$(bgp_fields 2 172.16.0.1 \
		bgp.ext_com.tunnel_type)" "1000 /10 "
check "PE2's type-2 (h2's MAC) as PE1 gets it ($mode): label 2000" \
	grep -qw 2000 <<<"$(bgp_fields 2 "$peer1" bgp.evpn.nlri.mpls_ls1)"
check_eq "PE1's show evpn vni 100: mpls, local label 1000, PE2 floods with 2000" \
	"$(ctl pe1 show evpn vni 100 json |
		json_q "[d['encapsulation'], d['localLabel'], d['remoteLabels']]")" \
	'["mpls", 1000, {"198.51.100.3": 2000}]'
ctl pe1 show bgp l2vpn evpn route detail type 2 >"$WORK/pe1_rib.txt"
check "PE1's show bgp l2vpn evpn route detail: PE2's type 2 with MPLS label 2000" \
	grep -q "MPLS label: 2000" "$WORK/pe1_rib.txt"
# counter NAME NODE COUNTER
counter_of() {
	ctl "$1" show stats all json |
		json_q "sum(int(c['value']) for c in d if c['node'] == '$2' and c['counter'] == '$3')"
}
n=$(counter_of pe1 mpls_encap to_tx)
check "PE1 pushed labels on frames to PE2 ($n)" [ "$n" -ge 4 ]
n=$(counter_of pe2 mpls_input popped_local)
check "PE2 popped its node label 16003, then the ELI and EL, into bridge domain 100 ($(counter_of pe2 mpls_input to_l2))" \
	[ "$(counter_of pe2 mpls_input to_l2)" -ge 4 ]
check "PE2 popped its node label 16003 itself ($n)" [ "$n" -ge 4 ]
n=$(counter_of pe1 mpls_input to_l2)
check "PE1 popped service labels into bridge domain 100 ($n)" [ "$n" -ge 4 ]
check_eq "PE1 dropped no MPLS frame" "$(ctl pe1 show stats all json |
	json_q "sum(int(c['value']) for c in d if c['node'].startswith('mpls') and c['drop'])")" 0
check_eq "PE2 dropped no MPLS frame (the ELI and EL were popped, not refused)" \
	"$(ctl pe2 show stats all json |
	json_q "sum(int(c['value']) for c in d if c['node'].startswith('mpls') and c['drop'])")" 0
# Routes injected with the gobgp CLI: a type 2 with label 3000 and ET:10 is installed as
# (PE2, 3000) and frames to its MAC leave PE1 as {16003, 3000}; the same as VXLAN (ET:8)
# is not installed in the MPLS VNI, and counted. gobgp's CLI writes `label` into the
# 24-bit label field as it is (as a VNI): an MPLS label goes in shifted by 4.
if [ "$mode" = gobgp ]; then
	inj() { # MAC LABEL ENCAP
		gob add macadv "$1" 0.0.0.0 etag 0 label $(($2 << 4)) rd 198.51.100.3:9 \
			rt 65000:100 encap "$3" nexthop 198.51.100.3
	}
	inj 02:00:00:00:77:01 3000 mpls
	inj 02:00:00:00:77:02 3001 vxlan
	mac_vni() { # MAC: the vni (label) of PE1's entry, or none
		ctl pe1 show mac bd 100 json |
			json_q "([m['vni'] & 0xfffff for m in d if m['mac'] == '$1'] + ['none'])[0]"
	}
	mac_is() { [ "$(mac_vni "$1")" = "$2" ]; }
	check "PE1 installed the injected MPLS route as (198.51.100.3, label 3000)" \
		wait_until 10 mac_is 02:00:00:00:77:01 3000
	check_eq "PE1 did not install the injected VXLAN route" "$(mac_vni 02:00:00:00:77:02)" none
	check "PE1 counted it (routesWrongEncapsulation)" \
		[ "$(ctl pe1 show bgp l2vpn evpn vni json | json_q "d['routesWrongEncapsulation']")" -ge 1 ]
	cap_start c p ula mpls
	nsx h1 ip neigh replace 10.1.0.77 lladdr 02:00:00:00:77:01 dev eth0
	to77() {
		nsx h1 ping -q -c 1 -W 1 10.1.0.77 >/dev/null 2>&1 || true
		cap_seen c "mpls.label == 3000"
	}
	wait_until 10 to77 || true
	cap_stop c
	tsh c -Y mpls "${fields[@]}" >"$WORK/c.txt"
	check_eq "PE1 -> P to the injected MAC: {16003, ELI, EL, 3000}" \
		"$(stacks c "$mac_pe1" | tr ';' '\n' | grep -Ec '^16003,7,[0-9]+,3000 0,0,0,1 ')" 1
fi
for n in p pe1 pe2; do check "evpnd $n is alive" kill -0 "${EVP[$n]}"; done
it_done
