#!/bin/bash
# bgp_open_test: OPEN errors and hold-time negotiation against a peer, from the
# peer's view. bgp_speaker.py (a raw BGP speaker on a TCP socket) sends the OPENs
# no real daemon would, one neighbor of evpnd per case (each its own FSM, so no
# case waits for another's back-off), and reads what evpnd answers:
#   wrong AS                        -> NOTIFICATION 2/2 (Bad Peer AS)
#   iBGP with evpnd's router ID     -> 2/3 (Bad BGP Identifier)
#   hold time 1, hold time 2        -> 2/6 (Unacceptable Hold Time)
#   version 3                       -> 2/1 (Unsupported Version Number)
#   hold time 0                     -> Established, and evpnd sends no KEEPALIVE
#   hold 6 against evpnd's 9        -> 6 wins, a KEEPALIVE every 2 s
#   hold 30 against evpnd's 3       -> 3 wins, a KEEPALIVE every second
# and evpnd's log line for each refusal.
. "$(dirname "$0")/lib.sh"
require_root
require_build

EV_AS=65000
PEER_AS=65002
EV_ID=198.51.100.1

lab_ev_peer peer
for i in 3 4 5 6 7 8 9 10; do nsx peer ip addr add 192.0.2.$i/24 dev eth0; done

# .3: iBGP; the others eBGP. Passive: the speaker connects.
evpnd_conf_bgp $EV_AS <<CONF
 neighbor 192.0.2.2 remote-as $PEER_AS
 neighbor 192.0.2.3 remote-as $EV_AS
 neighbor 192.0.2.4 remote-as $PEER_AS
 neighbor 192.0.2.5 remote-as $PEER_AS
 neighbor 192.0.2.6 remote-as $PEER_AS
 neighbor 192.0.2.6 timers 1 3
 neighbor 192.0.2.7 remote-as $PEER_AS
 neighbor 192.0.2.7 timers 3 9
 neighbor 192.0.2.8 remote-as $PEER_AS
 neighbor 192.0.2.8 timers 1 3
 neighbor 192.0.2.9 remote-as $PEER_AS
 neighbor 192.0.2.10 remote-as $PEER_AS
CONF
for i in 2 3 4 5 6 7 8 9 10; do echo " neighbor 192.0.2.$i passive"; done >>"$WORK/evpnd.conf"
start_evpnd ev

# speak SRC AS ID HOLD [VERSION [SECONDS]]: the speaker's lines, into $WORK/SRC.out too.
speak() {
	local src=$1
	shift
	nsx peer "$PY" "$IT_DIR/bgp_speaker.py" "$src" 192.0.2.1 "$@" | tee "$WORK/$src.out"
}
# notif SRC AS ID HOLD [VERSION]: the NOTIFICATION evpnd answered the OPEN with.
notif() { speak "$@" | sed -n 's/^NOTIFICATION //p'; }
# refused SRC WHY: evpnd's log line for the refusal of SRC's OPEN.
refused() { grep -q "neighbor $1: $2: sending NOTIFICATION $3" "$EV_LOG"; }

# The timer cases: sessions of 6 s, the refusals below run meanwhile.
speak 192.0.2.6 $PEER_AS 192.0.2.6 0 4 6 >/dev/null &
SPEAKERS=($!)
speak 192.0.2.7 $PEER_AS 192.0.2.7 6 4 6 >/dev/null &
SPEAKERS+=($!)
speak 192.0.2.8 $PEER_AS 192.0.2.8 30 4 6 >/dev/null &
SPEAKERS+=($!)
wait_until 5 ev_established 192.0.2.6 192.0.2.7 192.0.2.8 || bgp_die "timer sessions not up"
nbr() { evctl show bgp neighbors "$1" json | json_q "d['$1']['$2']"; }
check_eq "hold 0: negotiated hold time (ms)" "$(nbr 192.0.2.6 bgpTimerHoldTimeMsecs)" 0
check_eq "hold 0: keepalive interval (ms)" "$(nbr 192.0.2.6 bgpTimerKeepAliveIntervalMsecs)" 0
check_eq "peer 6 against evpnd's 9: hold time (ms)" "$(nbr 192.0.2.7 bgpTimerHoldTimeMsecs)" 6000
check_eq "  keepalive interval (ms)" "$(nbr 192.0.2.7 bgpTimerKeepAliveIntervalMsecs)" 2000
check_eq "peer 30 against evpnd's 3: hold time (ms)" "$(nbr 192.0.2.8 bgpTimerHoldTimeMsecs)" 3000
check_eq "  keepalive interval (ms)" "$(nbr 192.0.2.8 bgpTimerKeepAliveIntervalMsecs)" 1000

# A good OPEN: the speaker and the query work (what the refusals are compared with).
speak 192.0.2.9 $PEER_AS 192.0.2.9 90 4 1 >/dev/null
check "a good OPEN: evpnd answers with its OPEN" grep -q "^OPEN hold=180" "$WORK/192.0.2.9.out"
check "  and a KEEPALIVE" grep -q "^KEEPALIVE" "$WORK/192.0.2.9.out"
check "  and no NOTIFICATION" eval "! grep -q ^NOTIFICATION $WORK/192.0.2.9.out"

check_eq "wrong AS: NOTIFICATION" "$(notif 192.0.2.2 65099 192.0.2.2 90)" 2/2
check "wrong AS: log line" refused 192.0.2.2 "OPEN refused" "OPEN Message Error/Bad Peer AS (2/2)"

check_eq "iBGP with evpnd's router ID: NOTIFICATION" "$(notif 192.0.2.3 $EV_AS $EV_ID 90)" 2/3
check "same router ID: log line" refused 192.0.2.3 "OPEN refused" \
	"OPEN Message Error/Bad BGP Identifier (2/3)"

check_eq "hold time 1: NOTIFICATION" "$(notif 192.0.2.4 $PEER_AS 192.0.2.4 1)" 2/6
check "hold time 1: log line" refused 192.0.2.4 "hold time 1 or 2 seconds" \
	"OPEN Message Error/Unacceptable Hold Time (2/6)"
check_eq "hold time 2: NOTIFICATION" "$(notif 192.0.2.10 $PEER_AS 192.0.2.10 2)" 2/6

check_eq "version 3: NOTIFICATION" "$(notif 192.0.2.5 $PEER_AS 192.0.2.5 90 3)" 2/1
check "version 3: log line" refused 192.0.2.5 "unsupported version" \
	"OPEN Message Error/Unsupported Version Number (2/1)"

wait "${SPEAKERS[@]}" || true

# Hold time 0: the session was up (Established above), then no KEEPALIVE in 6 s, where
# evpnd's own timers (1 3) would send one a second.
check_eq "hold 0: KEEPALIVEs evpnd sent (the one answering the OPEN)" \
	"$(grep -c KEEPALIVE "$WORK/192.0.2.6.out")" 1

# intervals OUT: the gaps between the KEEPALIVEs evpnd sent after the first.
intervals() {
	awk -F'[ =]' '/^KEEPALIVE/ { if (n++) printf "%s%.3f", sep, $3 - t; sep = " "; t = $3 }' "$1"
}
# within LO HI GAPS...: at least two gaps, each in [LO, HI].
within() {
	local lo=$1 hi=$2
	shift 2
	[ $# -ge 2 ] && awk -v lo="$lo" -v hi="$hi" 'BEGIN { for (i = 1; i < ARGC; i++)
		if (ARGV[i] < lo || ARGV[i] > hi) exit 1 }' "$@"
}
GAPS=$(intervals "$WORK/192.0.2.7.out")
log "KEEPALIVE gaps at hold 6: $GAPS"
# shellcheck disable=SC2086
check "  KEEPALIVEs on the wire every 2 s (1.5-2.7 s each, at least 2 gaps)" within 1.5 2.7 $GAPS

GAPS=$(intervals "$WORK/192.0.2.8.out")
log "KEEPALIVE gaps at hold 3: $GAPS"
# shellcheck disable=SC2086
check "  KEEPALIVEs on the wire every second (0.7-1.4 s each, at least 2 gaps)" within 0.7 1.4 $GAPS

check "evpnd is still running" evpnd_alive
grep "sending NOTIFICATION" "$EV_LOG" | head -8
stop_evpnd
it_done
