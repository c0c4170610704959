#!/bin/bash
# capture_test: `evpnctl capture` writes a port's frames to a pcapng file that tshark
# reads: both directions with their pcapng direction flags, a pcap-filter expression,
# the frame count and the time limit, `capture stop`, a capture cut by evpnd's exit;
# bad requests are refused with a reason and change nothing; a port not captured
# forwards as before.
#
#   h1 10.1.0.1 --- [host0  evpnd  uplink0] 192.0.2.1 ---- 192.0.2.2 [kernel VTEP kv] --- h2 10.1.0.2
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

require_root
require_cmd tshark ping
require_build

lab_ev_kv 192.0.2.2/24 192.0.2.1

evpnd_conf_vtep net_af_packet0,iface=ul0 192.0.2.1/24 h0 <<EOF
bridge-domain 100
 vni 100
 member host0 untagged
 flood-vtep 192.0.2.2
EOF
start_evpnd ev
wait_until 10 vteps_resolved 1 || die "evpnd did not resolve VTEP 192.0.2.2"
check "h1 -> h2 ping before any capture" ping_ok h1 10.1.0.2

cap_json() { evctl show capture json | json_q "d$1"; }
cap_ended() { [ "$(cap_json "['running']")" = false ]; }
# frames FILE FIELDS...: one line per frame of a pcapng file.
frames() {
	local f=$1
	shift
	tshark -n -r "$f" -T fields -E separator=' ' "$@" 2>/dev/null
}

# 1. Both directions of host0, ICMP only, 8 frames: 4 requests in, 4 replies out.
evctl capture port host0 both filter "icmp" count 8 file "$WORK/icmp.pcapng" >"$WORK/start.out" ||
	die "capture refused: $(cat "$WORK/start.out")"
check "capture is running" [ "$(cap_json "['running']")" = true ]
nsx h1 ip neigh flush all # h1 asks for h2's MAC again: ARP the filter refuses
check "h1 -> h2 ping while capturing" ping_ok h1 10.1.0.2
nsx h1 ping -q -c 3 -i 0.2 -W 1 10.1.0.2 >/dev/null 2>&1 || true
check "the capture ended at its count" wait_until 10 cap_ended
check_eq "it ended by" "$(cap_json "['ended']")" count
check_eq "frames written" "$(cap_json "['captured']")" 8
check "the filter refused frames (ARP request and reply): $(cap_json "['filtered']")" \
	[ "$(cap_json "['filtered']")" -ge 2 ]
frames "$WORK/icmp.pcapng" -e frame.packet_flags_direction -e icmp.type >"$WORK/icmp.txt"
check_eq "frames tshark reads" "$(wc -l <"$WORK/icmp.txt")" 8
# pcapng's packet flags: 1 inbound, 2 outbound
check_eq "inbound echo requests (flags 1, type 8)" "$(grep -c '^0x00000001 8$' "$WORK/icmp.txt")" 4
check_eq "outbound echo replies (flags 2, type 0)" "$(grep -c '^0x00000002 0$' "$WORK/icmp.txt")" 4
check_eq "frames that are not ICMP" "$(frames "$WORK/icmp.pcapng" -Y '!icmp' -e frame.number | grep -c .)" 0

# 2. The uplink, out only, 1 s: VXLAN from evpnd only, to VNI 100.
# A filter with blanks: double quotes inside the one argument (as vtysh takes it).
evctl "capture port uplink0 out filter \"udp port 4789\" seconds 1 file $WORK/ul.pcapng" \
	>"$WORK/start.out" 2>&1 || fail "uplink capture refused: $(cat "$WORK/start.out")"
nsx h1 ping -q -c 4 -i 0.1 -W 1 10.1.0.2 >/dev/null 2>&1 || true
check "the uplink capture ended after its time" wait_until 10 cap_ended
check_eq "it ended by" "$(cap_json "['ended']")" seconds
frames "$WORK/ul.pcapng" -E occurrence=f -e ip.src -e vxlan.vni -e frame.packet_flags_direction >"$WORK/ul.txt"
check "VXLAN frames captured on the uplink ($(wc -l <"$WORK/ul.txt"))" [ "$(wc -l <"$WORK/ul.txt")" -ge 4 ]
check_eq "frames not from evpnd to VNI 100, outbound" \
	"$(grep -cv '^192.0.2.1 100 0x00000002$' "$WORK/ul.txt")" 0

# 3. Refused requests: a reason, and no capture starts.
refused() { # refused WHAT EXPECTED-TEXT ARGS...
	local what=$1 text=$2
	shift 2
	if evctl "$@" >"$WORK/ref.out" 2>&1; then
		fail "$what: accepted"
	else
		check "$what: refused ($(head -1 "$WORK/ref.out"))" grep -q "$text" "$WORK/ref.out"
	fi
}
refused "unknown port" "Unknown port" capture port nosuch file "$WORK/x.pcapng"
refused "relative file" "absolute path" capture port host0 file x.pcapng
refused "bad filter" "bad filter" "capture port host0 filter \"udp prt 9\" file $WORK/x.pcapng"
refused "unwritable file" "cannot create" capture port host0 file /nonexistent/x.pcapng
refused "count 0" "Invalid" capture port host0 count 0 file "$WORK/x.pcapng"
check "no capture runs after refusals" [ "$(cap_json "['running']")" = false ]

# 4. One capture at a time; capture stop ends it; the file is complete.
evctl capture port host0 file "$WORK/stop.pcapng" >/dev/null || fail "capture without limits refused"
refused "a second capture" "is running" capture port uplink0 file "$WORK/y.pcapng"
check "h1 -> h2 ping during an unlimited capture" ping_ok h1 10.1.0.2
check "capture stop" evctl capture stop
check_eq "it ended by" "$(cap_json "['ended']")" stopped
n_stop=$(frames "$WORK/stop.pcapng" -Y icmp -e frame.number | grep -c . || true)
check "the stopped capture holds the pings ($n_stop)" [ "$n_stop" -ge 6 ]
refused "capture stop without a capture" "No capture" capture stop

# 5. evpnd stops during a capture: the file is still readable.
evctl capture port host0 file "$WORK/exit.pcapng" >/dev/null || fail "last capture refused"
check "h1 -> h2 ping before the stop" ping_ok h1 10.1.0.2
check "evpnd is alive" evpnd_alive
stop_evpnd
n_exit=$(frames "$WORK/exit.pcapng" -Y icmp -e frame.number | grep -c . || true)
check "the capture cut by evpnd's exit holds the pings ($n_exit)" [ "$n_exit" -ge 6 ]
it_done
