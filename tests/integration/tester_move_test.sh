#!/bin/bash
# tester_move_test: MAC-move convergence at rate through a device under test (DUT):
# evpnd (default), or with TESTER_DUT=frr a Linux kernel VXLAN VTEP driven by FRR 8.4
# (tester_move_frr_test). The tester (a second evpnd, tester pipeline) emulates a host
# 02:00:00:00:03:00 behind emulated VTEP 10.0.12.10 (of 10.0.12.10-11, underlay
# addresses of the tester's port: the DUT resolves them by ARP) and announces it over
# iBGP (with a second host, 02:00:00:00:03:01 behind 10.0.12.11). Stream eth goes from a host on the DUT's access port toward it at 20 kpps: the
# DUT encapsulates it toward 10.0.12.10. After 2 s `tester move vx` moves the host to
# 10.0.12.11: the tester sends it from there, announces its type-2 from 10.0.12.11 with
# MAC mobility sequence 1 and withdraws the one from 10.0.12.10. The DUT must follow:
# the report's move must have converged (frames by the new VTEP), with an outage below
# 3 s measured at a resolution of 50 us (1 / 20 kpps), every frame accounted
# (received + lost = sent), and the DUT's table must hold the host behind 10.0.12.11
# with the remote sequence 1.
# Then RFC 2544 throughput through the DUT (tester rfc2544, stream tp toward a second
# host). MOVE_OUT=FILE, RFC_OUT=FILE: the run's report and the RFC 2544 result (JSON)
# are copied there (perf/tester_compare.sh).
#
#   tester [ul] 10.0.12.2 ---- 10.0.12.1 [DUT VTEP] [access] ---- [acc] tester
#     emulated VTEPs 10.0.12.10-11
#   tester 172.16.0.2 ---- iBGP (a veth of its own) ---- 172.16.0.1 DUT
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

DUT=${TESTER_DUT:-evpnd}
require_root
require_build
[ "$DUT" = frr ] && require_frr zebra && require_cmd bridge

ns_add dut ts
veth dut dul ts tul
veth dut dh ts tacc
veth dut mg ts mg
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

# The DUT, and where_is: the VTEP it sends the host's frames to.
if [ "$DUT" = frr ]; then
	kvtep dut dul 10.0.12.1/24 100
	kvtep_attach dut dh 100
	bgp_conf 1 2 "  advertise-all-vni" | frr_conf dut
	frr_start dut
	DUT_UL_MAC=$(nsx dut cat /sys/class/net/dul/address)
	where_is() {
		nsx dut bridge fdb show dev vxlan100 | awk -v m="$1" '$1 == m && /dst/ {
			for (i = 1; i < NF; i++) if ($i == "dst") print $(i + 1) }' | head -1
	}
	evpn_macs() { vty dut show evpn mac vni 100 json; }
else
	DUT_UL_MAC=02:00:00:00:99:01
	nsx dut ip link set dul address $DUT_UL_MAC
	{
		printf 'bridge-domain 100\n vni 100\n member host0 untagged\n'
		bgp_conf 1 2 "  advertise-all-vni"
	} | evpnd_conf_vtep net_af_packet0,iface=dul,framecnt=4096 10.0.12.1/24 dh,framecnt=4096
	start_evpnd dut
	where_is() {
		evctl show mac json | json_q "[m.get('remoteVtep') for m in d if m['mac'] == '$1'][0]"
	}
	evpn_macs() { evctl show evpn mac vni 100 json; }
fi

# af_packet rings of 4096 frames: 200 ms of the 20 kpps stream.
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
 rate 1000 pps
 duration 5
stream eth
 port acc
 rx-port ul
 vni 100
 source-mac 02:00:00:00:01:00
 destination-mac 02:00:00:00:03:00
 frame-size 100
 rate 20 kpps
 duration 5
stream tp
 port acc
 rx-port ul
 vni 100
 source-mac 02:00:00:00:01:00
 destination-mac 02:00:00:00:03:01
 frame-size 100
 rate 100 kpps
 count 1
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
ts_established() {
	[ "$(ts_ctl show bgp neighbors json | json_q "d.get('172.16.0.1', {}).get('bgpState')")" = \
		Established ]
}
wait_until 30 ts_established || die "no BGP session between the DUT ($DUT) and the tester"
host_at() { [ "$(where_is 02:00:00:00:03:00)" = "$1" ]; }
check "$DUT: the host behind emulated VTEP 10.0.12.10 (type 2 from the tester)" \
	wait_until 20 host_at 10.0.12.10
check_eq "the move before a run is refused" \
	"$(ts_ctl tester move vx 2>&1)" "% The tester is not running: a move is measured in a run"

report_of() { [ -s "$WORK/report.json" ] && grep -q '"run": 1,' "$WORK/report.json"; }
ts_ctl tester start >/dev/null
sleep 2
ts_ctl tester move vx
check_eq "a second host of the stream cannot move" "$(ts_ctl tester move vx host 1 2>&1)" \
	"% Stream vx: another host is moved (one per stream)"
wait_until 15 report_of || die "no report of the run ($WORK/tester.log)"
ts_ctl show tester
[ -n "${MOVE_OUT:-}" ] && cp "$WORK/report.json" "$MOVE_OUT"
fig() { json_q "[s$2 for s in d['streams'] if s['stream'] == '$1'][0]" <"$WORK/report.json"; }
move() { fig eth "['move']['$1']"; }
check_eq "vx: no move measured on the host's own stream" "$(fig vx "['move']")" None
check_eq "eth: the move from 10.0.12.10 to 10.0.12.11" "$(move fromVtep) $(move toVtep)" \
	"10.0.12.10 10.0.12.11"
check_eq "eth: the move converged through the $DUT" "$(move converged)" true
OUT=$(move outageNs)
# 0 is a figure too: a DUT that floods the host's frames to every VTEP while it
# relearns it (the kernel) delivers by both paths at once.
check "eth: outage ${OUT} ns (by send time $(move outageBySendTimeNs)), below 3 s" \
	[ "$OUT" -lt 3000000000 ] && [ "$(move outageBySendTimeNs)" -lt 3000000000 ]
check_eq "eth: the outage's resolution (1 / 20 kpps, ns)" "$(move resolutionNs)" 50000
check "eth: frames by the old VTEP ($(move oldPathPackets)) and by the new ($(move newPathPackets))" \
	[ "$(move newPathPackets)" -gt 20000 ]
check_eq "eth: sent 20 kpps for 5 s" "$(fig eth "['txPackets']")" 100000
check_eq "eth: received + lost = sent" \
	"$(($(fig eth "['rxPackets']") + $(fig eth "['lost']") - $(fig eth "['duplicates']")))" 100000
check "eth: misdelivered ($(move misdelivered)) within the frames by the old VTEP" \
	[ "$(move misdelivered)" -le "$(move oldPathPackets)" ]
check_eq "$DUT: the host now behind 10.0.12.11" "$(where_is 02:00:00:00:03:00)" 10.0.12.11
check_eq "$DUT: the host's MAC mobility sequence from the tester's route" \
	"$(evpn_macs | json_q "d['macs']['02:00:00:00:03:00']['remoteSequence']")" 1
check_eq "vx: the host's frames, from its new VTEP, all arrived" "$(fig vx "['lost']")" 0
check "the tester logged the move" grep -q "stream eth: move 10.0.12.10 -> 10.0.12.11" \
	"$WORK/tester.log"

# RFC 2544 throughput through the DUT toward host 1 (behind 10.0.12.11 all along): stream
# tp (one frame in a plain run), up to 100 kpps, trials of 0.5 s, resolution 5%.
ts_ctl tester rfc2544 tp trial 0.5 resolution 5 || die "tester rfc2544 refused"
rfc_done() { [ "$(ts_ctl show tester rfc2544 json | json_q "d['state']")" = done ]; }
wait_until 30 rfc_done || die "the RFC 2544 search did not end: $(ts_ctl show tester rfc2544)"
ts_ctl show tester rfc2544
[ -n "${RFC_OUT:-}" ] && ts_ctl show tester rfc2544 json >"$RFC_OUT"
TP=$(ts_ctl show tester rfc2544 json | json_q "d['throughputPps']")
check "RFC 2544 throughput through the $DUT: $TP pps, above 0 (100 kpps at most)" [ "$TP" -gt 0 ]
it_done
