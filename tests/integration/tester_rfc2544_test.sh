#!/bin/bash
# tester_rfc2544_test: `tester rfc2544` finds the throughput of a known bottleneck. The
# tester (evpnd's tester pipeline, af_packet ports) sends plain Ethernet through a
# Linux bridge in namespace mid whose way out is shaped by tbf to 1 Mbit/s: about 1070
# pps of the stream's frames as tbf counts them (an overloaded trial gets 1071-1076 per
# second through). The search (ceiling: the stream's 4000 pps, trials of 1 s,
# resolution 2%) must end between 750 and 1100 pps, with
# trials that passed and trials that lost, and the latency measured at 90% of it; while
# it runs the control loop answers (show tester rfc2544 says searching).
#
#   tester [pa] ta ---- mida [mid: bridge br0] midb (tbf 1mbit) ---- tb [pb] tester
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

require_root
require_build
require_cmd tc

ns_add ts mid
veth ts ta mid mida
veth ts tb mid midb
nsx mid ip link add br0 type bridge
for i in mida midb br0; do nsx mid ip link set "$i" up; done
nsx mid ip link set mida master br0
nsx mid ip link set midb master br0
nsx mid tc qdisc add dev midb root tbf rate 1mbit burst 3000 latency 20ms

cat >"$WORK/tester.conf" <<EOF
dataplane
 main-lcore 0
 worker-lcores 1
 mbufs 8192
 port pa devargs net_af_packet0,iface=ta,framecnt=4096
 port pb devargs net_af_packet1,iface=tb,framecnt=4096
tester
stream s
 port pa
 rx-port pb
 source-mac 02:00:00:00:05:01
 destination-mac 02:00:00:00:05:02
 frame-size 128
 rate 4000 pps
EOF
start_evpnd ts "$WORK/tester.conf"
check_eq "rfc2544 of an unknown stream" "$(evctl tester rfc2544 nosuch 2>&1)" "% No stream nosuch"
check_eq "show tester rfc2544 before a test" "$(evctl show tester rfc2544 2>&1)" \
	"% No RFC 2544 test yet: tester rfc2544 STREAM"
evctl tester rfc2544 s trial 1 resolution 2 || die "tester rfc2544 refused"
check "the control loop answers during the search" \
	[ "$(evctl show tester rfc2544 json | json_q "d['state']")" = searching ]
rfc_done() { [ "$(evctl show tester rfc2544 json | json_q "d['state']")" = done ]; }
wait_until 40 rfc_done || die "the search did not end: $(evctl show tester rfc2544)"
evctl show tester rfc2544
rfc() { evctl show tester rfc2544 json | json_q "$1"; }
TP=$(rfc "d['throughputPps']")
check "throughput $TP pps, between 750 and 1100 (tbf: about 1070)" [ "$TP" -ge 750 ] && [ "$TP" -le 1100 ]
check_eq "the first trial at the ceiling lost frames" "$(rfc "d['trials'][0]['pass']")" false
check "some trials passed" [ "$(rfc "len([t for t in d['trials'] if t['pass']])")" -ge 1 ]
check "the trials sent at their rates (1 s each, within 2%)" \
	[ "$(rfc "len([t for t in d['trials'] if abs(t['txPackets'] - t['pps']) > t['pps'] / 50])")" = 0 ]
check_eq "latency measured at 90% of the throughput" "$(rfc "d['latency']['pps']")" "$((TP * 9 / 10))"
check "latency p99 above 0" [ "$(rfc "d['latency']['p99Ns']")" -gt 0 ]
check "the tester logged the throughput" grep -q "rfc2544 s: throughput $TP pps" "$EV_LOG"
# A plain run afterwards sends at the configured rate again.
evctl tester start >/dev/null
sleep 1
evctl tester stop >/dev/null
check "tester start after the search: the configured 4000 pps again" \
	[ "$(evctl show tester json | json_q "d['streams'][0]['txPackets']")" -ge 3000 ]
stop_evpnd
it_done
