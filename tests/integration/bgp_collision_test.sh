#!/bin/bash
# bgp_collision_test: connection collision (RFC 4271 6.8) between evpnd and FRR
# bgpd, both active. Both ends of the veth start with a tbf so slow (8 bit/s) that
# nothing gets through once a few pings have used its tokens: both speakers start
# and each one's SYN waits in its queue.
# The rate is then raised on both ends at once: both SYNs leave together, both
# connections reach OpenSent, and each side must close the same one, the one
# opened by the lower BGP identifier (evpnd's 198.51.100.1). Checks: evpnd saw the
# collision, exactly one TCP session remains and stays (FRR's outgoing one), the
# session counters say one establishment each side, and routes flow both ways.
. "$(dirname "$0")/lib.sh"
require_root
require_build
require_cmd tc
require_frr

lab_ev_peer frr
# tbf NS RATE PEAK: the egress shaper of NS's eth0 (peakrate: no initial burst).
tbf() { nsx "$1" tc qdisc "$2" dev eth0 root tbf rate "$3" peakrate "$4" mtu "$5" \
	burst "$5" limit 100000; }
for n in ev frr; do
	tbf $n add 8bit 16bit 200 || skip "no tbf qdisc"
done
nsx ev ping -c 4 -i 0.2 -W 1 192.0.2.2 >/dev/null 2>&1 || true # the tokens go
nsx frr ping -c 4 -i 0.2 -W 1 192.0.2.1 >/dev/null 2>&1 || true

evpnd_conf_bgp 65000 <<CONF
 neighbor 192.0.2.2 remote-as 65001
 neighbor 192.0.2.2 timers 10 30
 neighbor 192.0.2.2 timers connect 60
 address-family ipv4 unicast
  network 10.1.0.0/24
 exit-address-family
CONF

FRR_LOG=debugging frr_conf frr <<CONF
debug bgp neighbor-events
router bgp 65001
 bgp router-id 198.51.100.2
 bgp log-neighbor-changes
 no bgp ebgp-requires-policy
 no bgp network import-check
 neighbor 192.0.2.1 remote-as 65000
 neighbor 192.0.2.1 timers 10 30
 neighbor 192.0.2.1 timers connect 60
 address-family ipv4 unicast
  network 10.2.0.0/24
 exit-address-family
CONF

# Both at once: bgpd in the background while evpnd starts.
frr_bgpd frr &
frr_pid=$!
start_evpnd ev
wait $frr_pid || die "bgpd did not come up"
syn_sent() { nsx "$1" ss -tn state syn-sent | grep -q ":179"; }
check "both sides connecting (SYN queued)" wait_until 15 eval 'syn_sent ev && syn_sent frr'
tbf ev change 10mbit 20mbit 16000 &
tbf frr change 10mbit 20mbit 16000
wait $!

established() { ev_established 192.0.2.2 && frr_established frr 192.0.2.1; }
wait_until 40 established || bgp_die "session did not establish"
pass "session established"
# Whichever side resolves first, both keep FRR's connection (the higher ID's).
check "evpnd saw the collision" grep -Eq "connection collision, keeping the incoming one|NOTIFICATION on the outgoing connection of a collision" "$EV_LOG"
grep -E "collision" "$EV_LOG" || true
grep -i "collision" "$(frr_dir frr)/bgpd.log" | head -3 || true
check_eq "evpnd never went Idle after starting" \
	"$(grep -c -- '-> Idle' "$EV_LOG" || true)" 0
sessions() { nsx ev ss -tn state established | grep -c ":179" || true; }
check "one TCP session left" wait_until 10 eval '[ "$(sessions)" = 1 ]'
nsx ev ss -tn state established | grep -q "192.0.2.1:179 " ||
	fail "the session left is not FRR's connection to our port 179"
sleep 3 # a late NOTIFICATION would tear it down now
check "still established" established
check_eq "one session left after 3 s" "$(sessions)" 1
n_est=$(evctl show bgp neighbors json | json_q "d['192.0.2.2']['connectionsEstablished']")
check_eq "evpnd established once" "$n_est" 1
frr_est=$(vty frr "show bgp neighbors 192.0.2.1 json" | json_q "d['192.0.2.1']['connectionsEstablished']")
check_eq "FRR established once" "$frr_est" 1
frr_has() { frr_rib_has frr ipv4 "$1"; }
ev_has() { ev_rib_has ipv4 "$1"; }
check "FRR has 10.1.0.0/24 from evpnd" wait_until 10 eval '[ "$(frr_has 10.1.0.0/24)" = true ]'
check "evpnd has 10.2.0.0/24 from FRR" wait_until 10 eval '[ "$(ev_has 10.2.0.0/24)" = true ]'
stop_evpnd
it_done
