#!/bin/bash
# tester_test: evpnd's packet-rate tester (the tester pipeline, af_packet ports on
# veths) against a second evpnd as the device under test (DUT). The tester emulates two
# remote VTEPs (203.0.113.10-11) with a host each and sends VXLAN (VNI 100) into the
# DUT's underlay port, and plain Ethernet from a host into the DUT's access port, each
# 2000 pps for 3 s. The DUT decapsulates toward its access port and encapsulates toward
# the emulated VTEP; the tester must count every frame both ways, in order, with the
# right VNI and port, and no loss. A capture on the DUT's underlay checks the tester's
# VXLAN with tshark. Then the DUT is stopped and a second run reports everything lost.
#
#   tester [ul]  02:..:99:02  ---- 02:..:99:01 [uplink0  DUT evpnd  host0] ---- [acc] tester
#     emulated VTEPs 203.0.113.10-11                 10.0.12.1 (VTEP)
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

require_root
require_cmd tshark dumpcap
require_build

DUT_UL_MAC=02:00:00:00:99:01
TS_UL_MAC=02:00:00:00:99:02
ns_add dut ts
veth dut dul ts tul
veth dut dh ts tacc
nsx dut ip link set dul address $DUT_UL_MAC
nsx ts ip link set tul address $TS_UL_MAC

# The DUT: a VTEP with the emulated hosts as static remote MACs behind the emulated VTEPs,
# reached through the tester's underlay port (a static neighbour: the tester is no router).
evpnd_conf_vtep net_af_packet0,iface=dul 10.0.12.1/24 dh <<EOF
 route 203.0.113.0/24 via 10.0.12.2
 neighbor 10.0.12.2 mac $TS_UL_MAC port uplink0
bridge-domain 100
 vni 100
 member host0 untagged
 mac 02:00:00:00:03:00 remote-vtep 203.0.113.10
 mac 02:00:00:00:03:01 remote-vtep 203.0.113.11
 flood-vtep 203.0.113.10
EOF
start_evpnd dut
wait_until 10 vteps_resolved 2 || die "the DUT did not resolve the emulated VTEPs"

cat >"$WORK/tester.conf" <<EOF
dataplane
 main-lcore 0
 worker-lcores 1
 mbufs 8192
 port ul devargs net_af_packet0,iface=tul
 port acc devargs net_af_packet1,iface=tacc
tester
 report-file $WORK/report.json
stream vx
 port ul
 rx-port acc
 encapsulation vxlan
 source-vtep 203.0.113.10 count 2
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

# run_tester N: starts run N and waits for its report.
report_of() { [ -s "$WORK/report.json" ] && grep -q "\"run\": $1," "$WORK/report.json"; }
run_tester() {
	ts_ctl tester start >/dev/null
	wait_until 15 report_of "$1" || die "no report of run $1 ($WORK/tester.log)"
	cp "$WORK/report.json" "$WORK/report$1.json"
}
# fig N STREAM FIELD: a figure of the report of run N.
fig() { json_q "[s['$3'] for s in d['streams'] if s['stream'] == '$2'][0]" <"$WORK/report$1.json"; }

cap_start ul dut dul "udp port 4789 and src net 203.0.113.0/24"
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
check_eq "VXLAN frames captured from the tester" "$(wc -l <"$WORK/vx.txt")" 6000
check_eq "frames that are not 124 bytes, VNI 100, UDP length 90, good checksum" \
	"$(awk '!($2 == 124 && $3 == 100 && $4 == 1 && $5 == 90)' "$WORK/vx.txt" | wc -l)" 0
check_eq "frames from each emulated VTEP" \
	"$(awk '{n[$1]++} END {print n["203.0.113.10"], n["203.0.113.11"]}' "$WORK/vx.txt")" "3000 3000"

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
