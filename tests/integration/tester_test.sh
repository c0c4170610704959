#!/bin/bash
# tester_test: evpnd's packet-rate tester (the tester pipeline, af_packet ports on
# veths) against a second evpnd as the device under test (DUT). The tester emulates two
# remote VTEPs (10.0.12.10-11, on the DUT's underlay subnet) with a host each, and
# announces them over iBGP (type 3 per VTEP, type 2 per host, next hop the VTEP): the DUT
# learns them from BGP only, and resolves them by ARP, which the tester's underlay port
# answers through its kernel-interface (they are underlay addresses of the tester too;
# tester_frr_test reaches its emulated VTEPs through a route instead). Then the tester sends VXLAN (VNI 100) into the DUT's underlay port and
# plain Ethernet from a host into the DUT's access port, each 2000 pps for 3 s; the DUT
# decapsulates toward its access port and encapsulates toward the emulated VTEP. The
# tester must count every frame both ways, in order, with the right VNI and port, and no
# loss. A capture on the DUT's underlay checks the tester's VXLAN with tshark. Then the
# DUT is stopped and a second run reports everything lost.
#
#   tester [ul] 10.0.12.2 ---- 10.0.12.1 [uplink0  DUT evpnd  host0] ---- [acc] tester
#     emulated VTEPs 10.0.12.10-11          VTEP 10.0.12.1
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

# bgp_conf ME PEER [LINE]: iBGP in l2vpn evpn over the management veth (LINE: one more
# in the address family).
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
# The DUT: a VTEP; the emulated VTEPs are its underlay neighbours.
{
	cat <<EOF
bridge-domain 100
 vni 100
 member host0 untagged
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
stream vx
 port ul
 rx-port acc
 encapsulation vxlan
 source-vtep 10.0.12.10 count 2
 destination-vtep 10.0.12.1
 next-hop-mac $DUT_UL_MAC
 vni 100
 source-mac 02:00:00:00:03:00 count 2
 destination-mac 02:00:00:00:01:00
 rate 2000 pps
 duration 3
stream eth
 port acc
 rx-port ul
 vni 100
 source-mac 02:00:00:00:01:00
 destination-mac 02:00:00:00:03:00
 frame-size 100
 rate 2000 pps
 duration 3
EOF
	bgp_conf 2 1
} >"$WORK/tester.conf"
# The tester: a second evpnd, its own socket and file prefix; its threads share CPU 0
# (the DUT's worker polls CPU 1).
TS_SOCK=$WORK/tester.sock
ts_ctl() { "$EVPNCTL" -s "$TS_SOCK" -t 5 "$@"; }
ts_up() { ts_ctl show tester >/dev/null 2>&1; }
ip netns exec "$PFX-ts" "$EVPND" -f "$WORK/tester.conf" -s "$TS_SOCK" -v -- --no-huge -m 512 \
	--no-pci --no-shconf --file-prefix "${PFX}ts" --lcores 0@0,1@0 >"$WORK/tester.log" 2>&1 &
IT_PIDS+=("$!")
wait_until 30 ts_up || die "the tester did not come up ($WORK/tester.log)"
check "show tester before a run" grep -q "run 0: not started" <(ts_ctl show tester)

# The DUT learns the emulated hosts and VTEPs from the tester's routes only.
remote_macs() {
	[ "$(evctl show mac json | json_q "len([m for m in d if m.get('type') == 'remote'])")" -ge 2 ]
}
wait_until 30 ev_established 172.16.0.2 || die "no BGP session between the DUT and the tester"
wait_until 15 remote_macs || die "the DUT did not learn the emulated hosts: $(evctl show mac)"
if ! wait_until 15 vteps_resolved 2; then
	evctl show vtep
	nsx ts ip addr show ts0
	die "the DUT did not resolve the emulated VTEPs (ARP)"
fi
evctl show mac
check_eq "DUT: 02:00:00:00:03:01 behind emulated VTEP 10.0.12.11 (type 2 from the tester)" \
	"$(evctl show mac json | json_q "[m.get('remoteVtep') for m in d if m['mac'] == '02:00:00:00:03:01'][0]")" \
	10.0.12.11
TS_UL_MAC=$(nsx ts cat /sys/class/net/tul/address)
check_eq "DUT: the emulated VTEPs resolved by ARP to the tester's port" \
	"$(evctl show vtep json | json_q "sorted(set(v['neighborMac'] for v in d))")" "[\"$TS_UL_MAC\"]"

# run_tester N: starts run N and waits for its report.
report_of() { [ -s "$WORK/report.json" ] && grep -q "\"run\": $1," "$WORK/report.json"; }
run_tester() {
	ts_ctl tester start >/dev/null
	wait_until 15 report_of "$1" || die "no report of run $1 ($WORK/tester.log)"
	cp "$WORK/report.json" "$WORK/report$1.json"
}
# fig N STREAM FIELD: a figure of the report of run N.
fig() { json_q "[s['$3'] for s in d['streams'] if s['stream'] == '$2'][0]" <"$WORK/report$1.json"; }

cap_start ul dut dul "udp port 4789 and src net 10.0.12.8/29"
run_tester 1
cap_stop ul
ts_ctl show tester
for s in vx eth; do
	check_eq "run 1: $s sent (2000 pps for 3 s)" "$(fig 1 $s txPackets)" 6000
	check_eq "run 1: $s received, all of it" "$(fig 1 $s rxPackets)" 6000
	check_eq "run 1: $s lost" "$(fig 1 $s lost)" 0
	check_eq "run 1: $s duplicates" "$(fig 1 $s duplicates)" 0
	check_eq "run 1: $s reordered" "$(fig 1 $s reordered)" 0
	check_eq "run 1: $s came in on another port" "$(fig 1 $s wrongPort)" 0
	check_eq "run 1: $s came with another VNI" "$(fig 1 $s wrongVniOrLabel)" 0
	check "run 1: $s latency measured (p99 $(fig 1 $s latencyP99Ns) ns)" \
		[ "$(fig 1 $s latencyP99Ns)" -gt 0 ]
done
# Bytes with the FCS: the eth stream's 100-byte frames come back in VXLAN (50 more), the
# vx stream's 128-byte ones decapsulated (50 less).
check_eq "run 1: eth bytes received (6000 x 150)" "$(fig 1 eth rxBytes)" 900000
check_eq "run 1: vx bytes received (6000 x 78)" "$(fig 1 vx rxBytes)" 468000

# The tester's VXLAN as tshark reads it: 128-byte frames (124 without FCS), VNI 100, good
# IPv4 checksums (status 1: good), the two emulated VTEPs in turn.
tsh ul -o ip.check_checksum:TRUE -Y vxlan -T fields -E separator=' ' -E occurrence=f \
	-e ip.src -e frame.len -e vxlan.vni -e ip.checksum.status -e udp.length >"$WORK/vx.txt"
# (A loaded machine's capture misses frames: the exact counts are the tester's, above.)
check "VXLAN frames captured from the tester ($(wc -l <"$WORK/vx.txt"))" \
	[ "$(wc -l <"$WORK/vx.txt")" -ge 1000 ]
check_eq "frames that are not 124 bytes, VNI 100, UDP length 90, good checksum" \
	"$(awk '!($2 == 124 && $3 == 100 && $4 == 1 && $5 == 90)' "$WORK/vx.txt" | wc -l)" 0
check_eq "the emulated VTEPs the frames come from" \
	"$(awk '{print $1}' "$WORK/vx.txt" | sort -u | tr '\n' ' ')" "10.0.12.10 10.0.12.11 "

# The DUT stopped: everything sent is lost.
stop_evpnd
run_tester 2
for s in vx eth; do
	check_eq "run 2 (DUT stopped): $s sent" "$(fig 2 $s txPackets)" 6000
	check_eq "run 2 (DUT stopped): $s received" "$(fig 2 $s rxPackets)" 0
	check_eq "run 2 (DUT stopped): $s lost" "$(fig 2 $s lost)" 6000
done
check "the tester logged its report" grep -q "stream vx: sent 6000, received 6000, lost 0" \
	"$WORK/tester.log"
it_done
