#!/bin/bash
# bgp_malformed_test: RFC 7606 actions on UPDATEs with broken attributes, sent by
# ExaBGP 4.2 (its generic `attribute [ code flags value ]` replaces or adds an
# attribute byte for byte). Checks, with a good route beside them all along:
#   ORIGIN value 5          -> treat-as-withdraw: the route is removed/not installed,
#                              the session stays up, a log line names the peer
#   ATOMIC_AGGREGATE len 1  -> attribute discard: the route is installed
#   MP_REACH_NLRI of 2 octets -> session reset with NOTIFICATION 3/9 (seen by ExaBGP)
. "$(dirname "$0")/lib.sh"
require_root
require_build
require_cmd exabgp

EV_AS=65000
EXA_AS=65002
PEER=192.0.2.2

lab_ev_peer exa

evpnd_conf_bgp $EV_AS <<CONF
 neighbor $PEER remote-as $EXA_AS
 neighbor $PEER timers 3 9
 neighbor $PEER timers connect 2
CONF

# ExaBGP: API commands with exa_cmd; what it receives goes to exa.json.
exabgp_start exa $PEER <<CONF
neighbor 192.0.2.1 {
	router-id $PEER;
	local-address $PEER;
	local-as $EXA_AS;
	peer-as $EV_AS;
	hold-time 9;
	family {
		ipv4 unicast;
	}
	api {
		processes [ recv ];
		receive { parsed; update; notification; }
	}
	api {
		processes [ cmd ];
	}
	static {
		route 10.5.0.0/24 next-hop $PEER;
	}
}
CONF

start_evpnd ev

nbr() { evctl show bgp neighbors $PEER json | json_q "d['$PEER']$1"; }
wait_until 30 ev_established $PEER || {
	tail -20 "$WORK/exabgp.log"
	bgp_die "session did not establish"
}
pass "session established with ExaBGP"

ev_has() { ev_rib_has ipv4 "$1"; }
up_count() { nbr "['connectionsEstablished']"; }
check "the good route 10.5.0.0/24 is installed" wait_until 10 eval '[ "$(ev_has 10.5.0.0/24)" = true ]'

# Treat-as-withdraw: a route first announced well, then with ORIGIN 5; and a new one.
exa_cmd "announce route 10.5.1.0/24 next-hop $PEER"
check "10.5.1.0/24 installed" wait_until 10 eval '[ "$(ev_has 10.5.1.0/24)" = true ]'
exa_cmd "announce route 10.5.1.0/24 next-hop $PEER attribute [ 0x01 0x40 0x05 ]"
exa_cmd "announce route 10.5.4.0/24 next-hop $PEER attribute [ 0x01 0x40 0x05 ]"
check "bad ORIGIN: 10.5.1.0/24 treated as withdrawn" \
	wait_until 10 eval '[ "$(ev_has 10.5.1.0/24)" = false ]'
check "bad ORIGIN: log line names the peer and the fault" \
	wait_until 5 grep -q "neighbor $PEER: UPDATE: .*ORIGIN value" "$EV_LOG"
check "bad ORIGIN: 10.5.4.0/24 not installed" eval '[ "$(ev_has 10.5.4.0/24)" = false ]'

# Attribute discard: the route stays usable.
exa_cmd "announce route 10.5.2.0/24 next-hop $PEER attribute [ 0x06 0x40 0x00 ]"
check "ATOMIC_AGGREGATE of length 1: 10.5.2.0/24 installed" \
	wait_until 10 eval '[ "$(ev_has 10.5.2.0/24)" = true ]'
check "ATOMIC_AGGREGATE of length 1: logged as discarded" \
	grep -q "neighbor $PEER: UPDATE: .*ATOMIC_AGGREGATE" "$EV_LOG"
check_eq "session never dropped" "$(up_count)" 1
check_eq "no NOTIFICATION sent" "$(nbr "['notificationsSent']")" 0
check "the good route is still there" eval '[ "$(ev_has 10.5.0.0/24)" = true ]'

# Session reset: an MP_REACH_NLRI too short to hold AFI and SAFI.
exa_cmd "announce route 10.5.3.0/24 next-hop $PEER attribute [ 0x0e 0x80 0x0001 ]"
exa_notif() {
	"$PY" - "$WORK/exa.json" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    try:
        m = json.loads(line)
    except ValueError:
        continue
    n = m.get("neighbor", {}).get("notification")
    if m.get("type") == "notification" and n:
        print("%s/%s" % (n.get("code"), n.get("subcode")))
        break
PY
}
check "bad MP_REACH: ExaBGP received a NOTIFICATION" wait_until 10 eval '[ -n "$(exa_notif)" ]'
check_eq "bad MP_REACH: NOTIFICATION code/subcode" "$(exa_notif)" 3/9
check "bad MP_REACH: evpnd logged the reset naming the peer" \
	grep -q "neighbor $PEER: .*sending NOTIFICATION" "$EV_LOG"
check "bad MP_REACH: the peer's routes are gone with its session" \
	wait_until 10 eval '[ "$(ev_has 10.5.2.0/24)" = false ]'
check "evpnd is still running" evpnd_alive

grep "neighbor $PEER" "$EV_LOG" | head -8
stop_evpnd
it_done
