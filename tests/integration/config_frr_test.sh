#!/bin/bash
# config_frr_test: the FRR lines evpnd applies, seen by a real FRR peer.
#   1. tests/config/frr-vtep.conf (FRR's own show running-config of a VTEP, pasted
#      after evpnd's sections) and frr-rr.conf (a route reflector's): evpnd -n
#      accepts them, one warning per ignored line;
#   2. "neighbor X shutdown": evpnd never starts the session (Idle (Admin) in show bgp
#      summary) while FRR keeps trying; without the line the same set-up comes up;
#   3. "timers bgp 3 9": FRR negotiates hold time 9 s with evpnd;
#   4. "update-source IFNAME" (IFNAME a port of evpnd's config): evpnd connects from
#      that port's underlay address, the second address of its namespace;
#   5. "bgp graceful-restart": FRR keeps evpnd's routes (stale) when evpnd dies.
. "$(dirname "$0")/lib.sh"
# One process even under EV_SPLIT=1: its graceful-restart check kills evpnd itself.
export EV_SPLIT=0
require_root
require_build
require_frr

fixture=$REPO/tests/config/frr-vtep.conf
rc=0
out=$("$EVPND" -n -f "$fixture" 2>&1) || rc=$?
check_eq "evpnd -n accepts FRR's running-config of a VTEP" "$rc" 0
check_eq "one warning line per ignored line" "$(grep -c '^evpnd: warning: .*frr-vtep.conf:[0-9]*: ignored: ' <<<"$out")" 11
check "the warnings name their lines (frr version at line 19)" \
	grep -q 'frr-vtep.conf:19: ignored: frr version' <<<"$out"
rc=0
out=$("$EVPND" -n -f "$REPO/tests/config/frr-rr.conf" 2>&1) || rc=$?
check_eq "evpnd -n accepts FRR's running-config of a route reflector" "$rc" 0

lab_ev_peer frr
nsx ev ip addr add 192.0.2.5/24 dev eth0 # the address of evpnd's port p0

# ev_conf [LINE]: evpnd's configuration, LINE (if any) added to router bgp.
ev_conf() {
	cat >"$WORK/evpnd.conf" <<EOF
dataplane
 port p0 devargs net_null0,no-rx=1
underlay
 vtep-address 198.51.100.1
 address 192.0.2.5/24 port p0
router bgp 65000
 bgp router-id 198.51.100.1
 timers bgp 3 9
 neighbor 192.0.2.2 remote-as 65001
 neighbor 192.0.2.2 description FRR peer
 neighbor 192.0.2.2 update-source p0
 neighbor 192.0.2.2 timers connect 1
${1:-}
EOF
}

# FRR accepts the session from 192.0.2.5 only, and never connects itself: the session
# exists only if evpnd connects from p0's address.
frr_conf frr <<'CONF'
router bgp 65001
 bgp router-id 198.51.100.2
 no bgp ebgp-requires-policy
 neighbor 192.0.2.5 remote-as 65000
 neighbor 192.0.2.5 passive
CONF
frr_bgpd frr

ev_conf " neighbor 192.0.2.2 shutdown"
start_evpnd ev
state() { evctl show bgp summary json | json_q "d['ipv4Unicast']['peers']['192.0.2.2']['state']"; }
check_eq "shut neighbor in show bgp summary json" "$(state)" "Idle (Admin)"
check "shut neighbor in show bgp summary" grep -q 'Idle (Admin)' <<<"$(evctl show bgp summary)"
# The absence: 4 s with connect retries every second; FRR sees no session.
sleep 4
check_eq "FRR: no session with a shut evpnd neighbor" "$(frr_bgp_state frr 192.0.2.5)" Active
check_eq "evpnd: still Idle (Admin)" "$(state)" "Idle (Admin)"
stop_evpnd

# The same without shutdown comes up: the check above could have seen a session.
ev_conf
start_evpnd ev
check "without shutdown the session comes up" wait_until 30 frr_established frr 192.0.2.5
frr_nbr() { vty frr "show bgp neighbors 192.0.2.5 json" | json_q "d['192.0.2.5']$1"; }
check_eq "timers bgp 3 9: hold time FRR negotiated (ms)" "$(frr_nbr "['bgpTimerHoldTimeMsecs']")" 9000
check_eq "update-source p0: FRR sees evpnd at" "$(frr_nbr "['hostForeign']")" 192.0.2.5
check_eq "evpnd's summary state" "$(state)" Established
check_eq "description in show bgp neighbors json" \
	"$(evctl show bgp neighbors json | json_q "d['192.0.2.2']['nbrDesc']")" "FRR peer"
stop_evpnd

# 5. "bgp graceful-restart": evpnd lists its families in the capability, so FRR (a
# helper, its default) keeps evpnd's routes, stale, when evpnd dies; without the
# line FRR drops them at once.
frr_route() { vty frr "show bgp ipv4 unicast 10.1.0.0/24 json" | json_q "$1"; }
has_route() { [ "$(frr_route "len(d.get('paths', []))")" -gt 0 ]; }
no_route() { ! has_route; }
frr_down() { [ "$(frr_bgp_state frr 192.0.2.5)" != Established ]; }
# killed_with LINE: starts evpnd with LINE and network 10.1.0.0/24, waits for FRR to
# have the route, kills evpnd (SIGKILL: no NOTIFICATION) and waits for FRR to see the
# session down.
killed_with() {
	ev_conf "$1
 address-family ipv4 unicast
  network 10.1.0.0/24
 exit-address-family"
	start_evpnd ev
	wait_until 30 has_route || bgp_die "FRR did not get 10.1.0.0/24"
	kill -KILL "$EV_PID"
	wait "$EV_PID" 2>/dev/null || true
	EV_PID=
	wait_until 10 frr_down || bgp_die "FRR did not see the session down"
}
killed_with " bgp graceful-restart"
check_eq "graceful-restart: FRR keeps evpnd's route, stale" "$(frr_route "d['paths'][0].get('stale', False)")" true
killed_with ""
check "without it: FRR drops evpnd's route" wait_until 5 no_route
it_done
