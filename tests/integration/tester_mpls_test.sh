#!/bin/bash
# tester_mpls_test: the tester against a second evpnd as an EVPN-MPLS PE (bridge domain
# 100 "encapsulation mpls", service label 1000 from its dynamic block) with two remote PEs,
# both emulated by the tester: 10.0.12.10 over MPLS-in-UDP (RFC 7510, "transport
# 10.0.12.10 udp", two hosts, label 2000) and 10.0.12.11 over MPLS on the link
# ("transport 10.0.12.11 push implicit-null nexthop 10.0.12.11", one host, label 3000).
# The tester announces them over iBGP with their labels (rx-label); it sends from them
# with the DUT's label 1000, and plain Ethernet to them into the DUT's access port, 2000
# pps for 3 s each stream. The tester must count every frame both ways, in order, on the
# right port, and the frames the DUT sends toward each emulated PE must carry its label
# (a wrong label is counted; tshark checks the MPLS-in-UDP ones on the wire too).
#
#   tester [ul] 10.0.12.2, 10.0.12.10 ---- 10.0.12.1 [uplink0  DUT PE  host0] ---- [acc] tester
#   tester 172.16.0.2 ---- iBGP (a veth of its own) ---- 172.16.0.1 DUT
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

require_root
require_cmd tshark dumpcap
require_build

DUT_UL_MAC=02:00:00:00:99:01
ns_add dut ts
veth dut dul ts tul
veth dut dh ts tacc
veth dut mg ts mg
nsx dut ip link set dul address $DUT_UL_MAC
nsx dut ip addr add 172.16.0.1/24 dev mg
nsx ts ip addr add 172.16.0.2/24 dev mg

# bgp_conf ME PEER [LINE]: iBGP in l2vpn evpn over the management veth.
bgp_conf() {
	cat <<EOF
router bgp 65000
 bgp router-id 172.16.0.$1
 no bgp default ipv4-unicast
 neighbor 172.16.0.$2 remote-as 65000
 neighbor 172.16.0.$2 timers 3 9
 neighbor 172.16.0.$2 timers connect 1
 address-family l2vpn evpn
  neighbor 172.16.0.$2 activate
${3:-}
 exit-address-family
EOF
}
# af_packet rings of 4096 frames (default 512): 2 s of a stream at 2000 pps, so a worker
# descheduled on a loaded 2-CPU machine delays frames but loses none.
{
	cat <<EOF
mpls
 label dynamic-block 1000 1999
 transport 10.0.12.10 udp
 transport 10.0.12.11 push implicit-null nexthop 10.0.12.11
bridge-domain 100
 vni 100
 member host0 untagged
 encapsulation mpls
EOF
	bgp_conf 1 2 "  advertise-all-vni"
} | evpnd_conf_vtep net_af_packet0,iface=dul,framecnt=4096 10.0.12.1/24 dh,framecnt=4096
start_evpnd dut

{
	cat <<EOF
dataplane
 main-lcore 0
 worker-lcores 1
 mbufs 8192
 port ul devargs net_af_packet0,iface=tul,framecnt=4096
 port acc devargs net_af_packet1,iface=tacc,framecnt=4096
underlay
 address 10.0.12.2/24 port ul
 address 10.0.12.10/32 port ul
 address 10.0.12.11/32 port ul
 kernel-interface ts0 port ul
tester
 report-file $WORK/report.json
stream mu
 port ul
 rx-port acc
 encapsulation mpls-udp
 source-vtep 10.0.12.10
 destination-vtep 10.0.12.1
 next-hop-mac $DUT_UL_MAC
 vni 100
 label 1000
 rx-label 2000
 source-mac 02:00:00:00:03:00 count 2
 destination-mac 02:00:00:00:01:00
 rate 2000 pps
 duration 3
stream eth
 port acc
 rx-port ul
 rx-label 2000
 source-mac 02:00:00:00:01:00
 destination-mac 02:00:00:00:03:01
 rate 2000 pps
 duration 3
stream m
 port ul
 rx-port acc
 encapsulation mpls
 source-vtep 10.0.12.11
 next-hop-mac $DUT_UL_MAC
 vni 100
 label 1000
 rx-label 3000
 source-mac 02:00:00:00:04:00
 destination-mac 02:00:00:00:01:00
 rate 2000 pps
 duration 3
stream eth2
 port acc
 rx-port ul
 rx-label 3000
 source-mac 02:00:00:00:01:00
 destination-mac 02:00:00:00:04:00
 rate 2000 pps
 duration 3
EOF
	bgp_conf 2 1
} >"$WORK/tester.conf"
TS_SOCK=$WORK/tester.sock
ts_ctl() { "$EVPNCTL" -s "$TS_SOCK" -t 5 "$@"; }
ts_up() { ts_ctl show tester >/dev/null 2>&1; }
ip netns exec "$PFX-ts" "$EVPND" -f "$WORK/tester.conf" -s "$TS_SOCK" -v -- --no-huge -m 512 \
	--no-pci --no-shconf --file-prefix "${PFX}ts" --lcores 0@0,1@0 >"$WORK/tester.log" 2>&1 &
IT_PIDS+=("$!")
wait_until 30 ts_up || die "the tester did not come up ($WORK/tester.log)"

remote_macs() {
	[ "$(evctl show mac json | json_q "len([m for m in d if m.get('type') == 'remote'])")" -ge 3 ]
}
wait_until 30 ev_established 172.16.0.2 || die "no BGP session between the DUT and the tester"
wait_until 15 remote_macs || die "the DUT did not learn the emulated hosts: $(evctl show mac)"
wait_until 15 vteps_resolved 2 || die "the DUT did not resolve the emulated PEs (ARP)"
evctl show vtep
encap_of() { evctl show vtep json | json_q "[v['encapsulation'] for v in d if v['remoteVtep'] == '$1'][0]"; }
check_eq "DUT: emulated PE 10.0.12.10 is reached over MPLS-in-UDP" "$(encap_of 10.0.12.10)" mpls-in-udp
check_eq "DUT: emulated PE 10.0.12.11 is reached over MPLS" "$(encap_of 10.0.12.11)" mpls

# A capture sees what comes in on a veth end (af_packet ports bypass the qdisc on the
# way out): at the DUT the tester's frames, at the tester the DUT's.
cap_start a dut dul "udp port 6635"
cap_start b ts tul "udp port 6635"
ts_ctl tester start >/dev/null
report_of() { [ -s "$WORK/report.json" ] && grep -q '"run": 1,' "$WORK/report.json"; }
wait_until 15 report_of || die "no report of the run ($WORK/tester.log)"
cap_stop a
cap_stop b
ts_ctl show tester
fig() { json_q "[s['$2'] for s in d['streams'] if s['stream'] == '$1'][0]" <"$WORK/report.json"; }
for s in mu eth m eth2; do
	check_eq "$s sent (2000 pps for 3 s)" "$(fig $s txPackets)" 6000
	check_eq "$s received, all of it" "$(fig $s rxPackets)" 6000
	check_eq "$s lost" "$(fig $s lost)" 0
	check_eq "$s duplicates" "$(fig $s duplicates)" 0
	check_eq "$s reordered" "$(fig $s reordered)" 0
	check_eq "$s came in on another port" "$(fig $s wrongPort)" 0
	check_eq "$s came with another label" "$(fig $s wrongVniOrLabel)" 0
done
check_eq "DUT: MPLS and MPLS-in-UDP frames from the tester into bridge domain 100" \
	"$(counter mpls_input to_l2)" 12000
# On the wire: the tester's frames to the DUT with label 1000, the DUT's to the emulated PE
# with label 2000 (bottom of stack), nothing else. (A loaded machine's capture misses
# frames: the exact counts are the tester's and the DUT's, above.)
for c in a b; do
	tsh $c -d udp.port==6635,mpls -Y "udp.dstport == 6635" -T fields -E separator=' ' \
		-e ip.src -e ip.dst -e mpls.label -e mpls.bottom
done >"$WORK/labels.txt"
check_eq "MPLS-in-UDP frames by source, destination, label, bottom" \
	"$(sort -u "$WORK/labels.txt" | tr '\n' ';')" \
	"10.0.12.1 10.0.12.10 2000 1;10.0.12.10 10.0.12.1 1000 1;"
check "MPLS-in-UDP frames captured ($(wc -l <"$WORK/labels.txt"))" [ "$(wc -l <"$WORK/labels.txt")" -ge 2000 ]
it_done
