#!/bin/bash
# lifecycle_test: evpnd's signals and session logs, with BGP through its
# kernel-interface (a TAP mirroring the uplink port: the session's frames go
# through the dataplane workers). Checks:
#   - every session change is one "%ADJCHANGE: neighbor X Up|Down <reason>" line;
#   - SIGHUP reloads the unchanged file (0 changes): evpnd goes on, its session stays;
#   - SIGTERM sends Cease/Administrative Shutdown (6/2) before the workers and ports
#     stop: FRR logs the session down within 1 s, and the NOTIFICATION is on the wire;
#   - --syslog=LEVEL sends the lines at LEVEL and above to syslog (our own listener).
#
#   [ev: evpnd uplink0 = net_tap evtap0, kernel-interface evk0 192.0.2.1] evtap0 --br-- ul0
#       ==== eth0 [frr: FRR bgpd 192.0.2.2]
. "$(dirname "$0")/lib.sh"
# One process even under EV_SPLIT=1: it checks syslog lines under evpnd's own pid.
export EV_SPLIT=0
require_root
require_build
require_frr
require_cmd tshark

# --help, -h, --version: on stdout, exit 0, without a configuration.
for opt in --help -h; do
	rc=0
	out=$("$EVPND" "$opt" 2>/dev/null) || rc=$?
	check_eq "evpnd $opt exit status" "$rc" 0
	check "evpnd $opt prints the usage on stdout" grep -q "^usage: evpnd -f CONFIG" <<<"$out"
done
rc=0
out=$("$EVPND" --version 2>/dev/null) || rc=$?
check_eq "evpnd --version exit status" "$rc" 0
check_eq "evpnd --version prints meson's project version" "$out" \
	"evpnd $(sed -n "s/^\tversion: '\(.*\)',$/\1/p" "$REPO/meson.build")"

ns_add ev frr
veth ev ul0 frr eth0
nsx frr ip addr add 192.0.2.2/24 dev eth0

cat >"$WORK/evpnd.conf" <<EOF
dataplane
 main-lcore 0
 worker-lcores 1
 mbufs 8192
 port uplink0 devargs net_tap0,iface=evtap0
underlay
 vtep-address 192.0.2.1
 address 192.0.2.1/24 port uplink0
 kernel-interface evk0 port uplink0
router bgp 65000
 bgp router-id 192.0.2.1
 neighbor 192.0.2.2 remote-as 65001
 neighbor 192.0.2.2 timers connect 2
 address-family ipv4 unicast
  network 10.1.0.0/24
 exit-address-family
EOF

# Default timers (hold 180 s): only a NOTIFICATION can end FRR's session quickly.
# Millisecond timestamps in FRR's log, to time the session's end against SIGTERM.
frr_conf frr <<EOF
log timestamp precision 3
router bgp 65001
 bgp router-id 192.0.2.2
 bgp log-neighbor-changes
 no bgp ebgp-requires-policy
 neighbor 192.0.2.1 remote-as 65000
 neighbor 192.0.2.1 timers connect 2
EOF
frr_bgpd frr

# A syslog daemon of our own: one datagram a line in syslog.txt.
"$PY" -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "a", buffering=1) as f:
    while True:
        f.write(s.recv(4096).decode(errors="replace") + "\n")
' "$WORK/syslog.sock" "$WORK/syslog.txt" &
IT_PIDS+=("$!")
wait_until 5 test -S "$WORK/syslog.sock" || die "no syslog socket"
export EVPND_SYSLOG_SOCKET=$WORK/syslog.sock
EV_ARGS=(--syslog=notifications)

start_evpnd ev
tap_uplink ev evtap0 ul0
established() { ev_established 192.0.2.2 && frr_established frr 192.0.2.1; }
wait_until 40 established || bgp_die "session through the kernel-interface did not establish"
pass "session established through kernel-interface evk0"
check "evpnd logs %ADJCHANGE Up" grep -q "%ADJCHANGE: neighbor 192.0.2.2 Up$" "$EV_LOG"

# A NOTIFICATION from FRR: the Down line names it.
vty frr clear bgp 192.0.2.1
wait_until 10 grep -q "%ADJCHANGE: neighbor 192.0.2.2 Down" "$EV_LOG" ||
	die "no %ADJCHANGE Down line after FRR's clear: $(grep bgp "$EV_LOG" | tail -5)"
check "the Down line names the NOTIFICATION received" \
	grep -q "%ADJCHANGE: neighbor 192.0.2.2 Down NOTIFICATION received Cease/Administrative Reset (6/4)$" "$EV_LOG"
wait_until 40 established || bgp_die "session did not come back after the clear"
check_eq "%ADJCHANGE Up lines after the clear" "$(grep -c "%ADJCHANGE: neighbor 192.0.2.2 Up$" "$EV_LOG")" 2

# FRR's bgpd killed: its kernel closes the connection.
frr_kill frr KILL
if wait_until 10 grep -q "%ADJCHANGE: neighbor 192.0.2.2 Down Peer closed the session$" "$EV_LOG"; then
	pass "evpnd logs %ADJCHANGE Down Peer closed the session"
else
	fail "no %ADJCHANGE Down 'Peer closed the session': $(grep ADJCHANGE "$EV_LOG" | tail -1)"
fi
frr_bgpd frr
wait_until 40 established || bgp_die "session did not come back after FRR's restart"

# SIGHUP: a reload of the same file, no change; evpnd still answers and the session
# stays up.
ev_pid=$EV_PID
ups=$(vty frr "show bgp neighbors 192.0.2.1 json" | json_q "d['192.0.2.1']['connectionsEstablished']")
kill -HUP "$EV_PID"
wait_until 5 grep -q "reload of .*: 0 changes applied" "$EV_LOG" ||
	die "no log line for SIGHUP (evpnd alive: $(evpnd_alive && echo yes || echo no))"
sleep 1 # a stopping evpnd would have closed its management socket by now
check "evpnd still runs after SIGHUP" evpnd_alive
check "evpnd still answers evpnctl after SIGHUP" evctl show port >/dev/null
check "evpnd's session still Established after SIGHUP" ev_established 192.0.2.2
check_eq "FRR's session not reset by SIGHUP" \
	"$(vty frr "show bgp neighbors 192.0.2.1 json" | json_q "d['192.0.2.1']['connectionsEstablished']")" "$ups"

# A refused reload (no such file) is a warning: syslog gets it.
evctl reload "$WORK/missing.conf" >/dev/null 2>&1 || true

# SIGTERM: FRR must see the session end at once, not at its hold timer.
frr_downs() { grep -c "%ADJCHANGE: neighbor 192.0.2.1.* Down" "$(frr_dir frr)/bgpd.log"; }
downs=$(frr_downs) # the clear's
cap_start ul frr eth0 "tcp port 179"
t0=$(date +%s.%N)
stop_evpnd
wait_until 10 test "$(frr_downs)" -gt "$downs" ||
	die "FRR did not log the session down after SIGTERM (hold timer 180 s)"
cap_stop ul
# FRR's log: "2026/12/07 03:20:00.123 BGP: [..] %ADJCHANGE: neighbor 192.0.2.1(Unknown) ... Down ..."
down_line=$(grep "%ADJCHANGE: neighbor 192.0.2.1.* Down" "$(frr_dir frr)/bgpd.log" | sed -n "$((downs + 1))p")
log "FRR: $down_line"
t1=$(date -d "$(echo "$down_line" | awk '{print $1, $2}')" +%s.%N)
delay=$(echo "$t1 - $t0" | bc -l)
log "session down at FRR $(printf '%.3f' "$delay") s after SIGTERM"
check "FRR saw the session down within 1 s of SIGTERM" \
	test "$(echo "$delay < 1.0" | bc -l)" = 1
check "FRR received Cease/Administrative Shutdown" \
	grep -q "received from neighbor 192.0.2.1.* 6/2" "$(frr_dir frr)/bgpd.log"
check_eq "NOTIFICATION 6/2 on the wire" \
	"$(tsh_count ul "bgp.type == 3 && bgp.notify.major_error == 6 && bgp.notify.minor_error_cease == 2 && ip.src == 192.0.2.1")" 1
check "evpnd logs %ADJCHANGE Down with the Cease it sent" \
	grep -q "%ADJCHANGE: neighbor 192.0.2.2 Down NOTIFICATION sent Cease/Administrative Shutdown (6/2)$" "$EV_LOG"

# syslog got the warnings (the refused reload's, and the NOTIFICATION received, level
# warning) but not the info lines (%ADJCHANGE, the SIGHUP's reload), as
# --syslog=notifications asks.
check "syslog has the refused reload" grep -q "^<28>.* evpnd\[$ev_pid\]: config: reload of .*missing.conf refused" "$WORK/syslog.txt"
check "syslog has the NOTIFICATION received" grep -q "^<28>.* bgp: neighbor 192.0.2.2: received NOTIFICATION Cease/Administrative Reset" "$WORK/syslog.txt"
check_eq "info lines in syslog" "$(grep -c "%ADJCHANGE" "$WORK/syslog.txt")" 0
# "log syslog LEVEL" pasted from an frr.conf does what --syslog does: a second evpnd
# (null port, no --syslog) with "log syslog warnings" sends there the warning of a
# SIGHUP that reloads a bad file.
: >"$WORK/syslog.txt"
cat >"$WORK/evpnd-syslog.conf" <<EOF
log syslog warnings
dataplane
 port null0 devargs net_null0,no-rx=1
underlay
 vtep-address 198.51.100.1
EOF
EV_ARGS=()
start_evpnd ev "$WORK/evpnd-syslog.conf"
echo " no-such-line" >>"$WORK/evpnd-syslog.conf"
kill -HUP "$EV_PID"
check "log syslog warnings: the SIGHUP's refused reload reaches syslog" \
	wait_until 5 grep -q "^<28>.* evpnd\[$EV_PID\]: config: reload of .* refused" "$WORK/syslog.txt"
check_eq "log syslog warnings: no info lines in syslog" "$(grep -c "^<30>" "$WORK/syslog.txt")" 0
stop_evpnd
it_done
