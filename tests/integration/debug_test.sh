#!/bin/bash
# debug_test: FRR's run-time debugs through evpnctl. evpnd is a client of gobgpd
# (route reflector); routes are injected with the gobgp CLI. The bgp subsystem's own
# and evpn subsystems' own levels are set to informational first (`log level bgp
# informational`: the tests run evpnd with -v, so debug lines would show anyway). Then `debug bgp updates` makes an
# UPDATE received log a summary line, `no debug bgp updates` stops them; `debug evpn
# mac` logs the remote MAC the route brings; `debug bgp neighbor-events` logs the
# session's events after a `clear bgp`; `show debugging` says what is on, as FRR;
# FRR's `debug bgp keepalives` in the configuration file is on from the start. The
# configuration's `no metrics` leaves the metrics port closed.
# shellcheck disable=SC2016 # eval strings in single quotes, expanded when run
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=evpn_lab.sh
. "$(dirname "$0")/evpn_lab.sh"
require_root
require_build
require_cmd gobgpd gobgp

# shellcheck disable=SC2119 # no extra namespaces
evpn_lab_gobgp_net

evpnd_conf_vtep net_null0,no-rx=1 192.0.2.1/24 <<CONF
bridge-domain 100
 vni 100
$(evpnd_evpn_bgp 10.0.0.3)
debug bgp keepalives
no metrics
CONF
evpn_lab_gobgp_start

check_eq "no metrics: nothing listens on 9440" \
	"$(nsx ev curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:9440/metrics || true)" 000
check "no metrics: nor logged" eval '! grep -q "metrics endpoint" "$EV_LOG"'

check "show debugging: keepalives on from the configuration" \
	eval 'evctl show debugging | grep -qx "  BGP keepalives debugging is on"'
check "a KEEPALIVE line logged" wait_until 10 grep -q "neighbor 10.0.0.3: KEEPALIVE received" "$EV_LOG"
check "log level bgp informational" evctl log level bgp informational
check "log level evpn informational" evctl log level evpn informational
check_eq "show logging json: bgp's level" \
	"$(evctl show logging json | json_q "d['subsystems']['bgp']")" informational
evctl no debug bgp keepalives
check "no debug bgp keepalives: show debugging empty" \
	eval '! evctl show debugging | grep -q "is on"'

# n_lines PATTERN: lines of the log matching PATTERN.
n_lines() { grep -c "$1" "$EV_LOG" || true; }
UPD="evpnd.bgp: debug: neighbor 10.0.0.3: UPDATE received"
MAC="evpnd.evpn: debug: VNI 100: MAC 02:dd:00:00:00:0"

t2 add 02:dd:00:00:00:01 192.0.2.11
check "the MAC is programmed" wait_until 10 eval 'evctl show mac bd 100 | grep -q 02:dd:00:00:00:01'
check_eq "debug off: no UPDATE line" "$(n_lines "$UPD")" 0
check_eq "debug off: no MAC line" "$(n_lines "${MAC}1")" 0

evctl debug bgp updates
evctl debug evpn mac
check "show debugging: BGP updates, EVPN mac" eval 'evctl show debugging | grep -qx "  BGP updates debugging is on" &&
	evctl show debugging | grep -qx "  EVPN mac debugging is on"'
check_eq "show debugging json" "$(evctl show debugging json | json_q "d['bgp updates']")" true
t2 add 02:dd:00:00:00:02 192.0.2.11
check "debug bgp updates: the UPDATE is logged" wait_until 10 eval '[ "$(n_lines "$UPD")" -ge 1 ]'
check "with its MP_REACH (AFI 25 SAFI 70)" grep -q "$UPD: .*MP_REACH AFI 25 SAFI 70 [1-9]" "$EV_LOG"
check "debug evpn mac: the remote MAC is logged" \
	wait_until 10 grep -q "${MAC}2 remote behind 192.0.2.11" "$EV_LOG"
t2 del 02:dd:00:00:00:02 192.0.2.11
check "debug evpn mac: its deletion is logged" \
	wait_until 10 grep -q "${MAC}2 behind 192.0.2.11 deleted" "$EV_LOG"
check "the withdrawal is logged (MP_UNREACH)" \
	wait_until 10 grep -q "$UPD: .*MP_UNREACH AFI 25 SAFI 70 [1-9]" "$EV_LOG"

evctl no debug bgp updates
sleep 0.5
n=$(n_lines "$UPD")
t2 add 02:dd:00:00:00:03 192.0.2.11
check "the MAC is programmed" wait_until 10 eval 'evctl show mac bd 100 | grep -q 02:dd:00:00:00:03'
check "debug evpn mac still on" grep -q "${MAC}3 remote behind" "$EV_LOG"
check_eq "no debug bgp updates: no more UPDATE lines" "$(n_lines "$UPD")" "$n"

# neighbor events: a hard clear, its new session's events
evctl debug bgp neighbor-events
evctl clear bgp 10.0.0.3
check "session re-established" wait_until 30 ev_established 10.0.0.3
check "neighbor-events: the FSM transition" \
	grep -q "evpnd.bgp: debug: neighbor 10.0.0.3: went from OpenConfirm to Established" "$EV_LOG"
check "neighbor-events: the OPEN received" \
	grep -q "neighbor 10.0.0.3: OPEN received: AS 65000, hold time 9, BGP identifier 10.0.0.3" "$EV_LOG"
evctl no debug all
check "no debug all" eval '! evctl show debugging | grep -q "is on"'
check_eq "an unknown subsystem is refused" "$(evctl log level nope debugging >/dev/null 2>&1; echo $?)" 1

check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
