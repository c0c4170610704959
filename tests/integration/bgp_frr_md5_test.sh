#!/bin/bash
# bgp_frr_md5_test: TCP MD5 (RFC 2385) against FRR bgpd.
#  1. Same password on both sides: bgp_frr_test.sh with BGP_MD5=1 (the session, routes).
#  2. Different passwords: the session never comes up. Each kernel drops the other's
#     SYNs (the MD5 failure counters grow on both sides: both keep trying), evpnd logs
#     the unanswered connects naming the likely cause, neither side is ever
#     Established; then FRR gets evpnd's password and the session comes up (the lab
#     works: the password was the only fault).
. "$(dirname "$0")/lib.sh"
require_root
require_build
require_frr

check "same password: bgp_frr_test with BGP_MD5=1" env BGP_MD5=1 "$IT_DIR/bgp_frr_test.sh"

EV_AS=65000
FRR_AS=65001
lab_ev_peer frr

evpnd_conf_bgp $EV_AS <<CONF
 neighbor 192.0.2.2 remote-as $FRR_AS
 neighbor 192.0.2.2 update-source 192.0.2.1
 neighbor 192.0.2.2 timers 3 9
 neighbor 192.0.2.2 timers connect 2
 neighbor 192.0.2.2 password s3cret
CONF

frr_conf frr <<CONF
router bgp $FRR_AS
 bgp router-id 198.51.100.2
 no bgp ebgp-requires-policy
 neighbor 192.0.2.1 remote-as $EV_AS
 neighbor 192.0.2.1 timers 3 9
 neighbor 192.0.2.1 timers connect 2
 neighbor 192.0.2.1 password other
CONF
frr_bgpd frr
start_evpnd ev

# md5_failures NS: segments NS's kernel dropped for a wrong MD5 signature.
md5_failures() {
	nsx "$1" nstat -az TcpExtTCPMD5Failure | awk '$1 == "TcpExtTCPMD5Failure" { print $2 }'
}
nbr() { evctl show bgp neighbors 192.0.2.2 json | json_q "d['192.0.2.2']['$1']"; }
# Three refused SYNs each way (first tries and retransmissions): both keep trying.
check "evpnd's kernel drops FRR's SYNs (MD5 failures >= 3)" \
	wait_until 20 eval '[ "$(md5_failures ev)" -ge 3 ]'
check "FRR's kernel drops evpnd's SYNs (MD5 failures >= 3)" \
	wait_until 20 eval '[ "$(md5_failures frr)" -ge 3 ]'
log "MD5 failures: evpnd's side $(md5_failures ev), FRR's side $(md5_failures frr)"
check "evpnd logs the unanswered connect, naming the password" grep -q \
	"neighbor 192.0.2.2: connect: no answer in 2 s (TCP MD5: the peer's password differs?)" \
	"$EV_LOG"
# The query works (a state and a count are shown) and says: never up.
state=$(nbr bgpState)
log "evpnd's state with the wrong password: $state"
check "evpnd never Established" eval '[ -n "$state" ] && [ "$state" != Established ]'
check_eq "evpnd: established connections" "$(nbr connectionsEstablished)" 0
check "FRR never Established" eval \
	'[ "$(vty frr "show bgp neighbors 192.0.2.1 json" | json_q "d[\"192.0.2.1\"][\"connectionsEstablished\"]")" = 0 ]'
check "evpnd logged no session up" eval '! grep -q "%ADJCHANGE: neighbor 192.0.2.2 Up" "$EV_LOG"'

vty_conf frr "router bgp $FRR_AS" "neighbor 192.0.2.1 password s3cret"
established() { ev_established 192.0.2.2 && frr_established frr 192.0.2.1; }
check "with evpnd's password at FRR, the session comes up" wait_until 30 established
check_eq "evpnd: established connections" "$(nbr connectionsEstablished)" 1

stop_evpnd
it_done
