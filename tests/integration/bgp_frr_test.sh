#!/bin/bash
# bgp_frr_test: evpnd's BGP speaker against FRR bgpd, IPv4 unicast.
#   BGP_MODE=ebgp (default) | ibgp ; BGP_MD5=1 adds a TCP MD5 password on both sides.
# evpnd runs with a dummy dataplane (net_null, no bridge domain) in namespace ev;
# BGP uses the kernel's TCP over a veth to namespace frr. Checks: the session
# establishes, each side's network reaches the other (compared with FRR's json),
# a withdraw clears the route, a hard clear reaches FRR as a Cease and one new session,
# a soft clear as a ROUTE-REFRESH on the wire.
. "$(dirname "$0")/lib.sh"
require_root
require_build
require_frr

MODE=${BGP_MODE:-ebgp}
MD5=${BGP_MD5:-0}
EV_AS=65000
FRR_AS=$([ "$MODE" = ibgp ] && echo 65000 || echo 65001)

lab_ev_peer frr

pw_ev= pw_frr=
if [ "$MD5" = 1 ]; then
	pw_ev=" neighbor 192.0.2.2 password s3cret"
	pw_frr=" neighbor 192.0.2.1 password s3cret"
fi

evpnd_conf_bgp $EV_AS <<CONF
 neighbor 192.0.2.2 remote-as $FRR_AS
 neighbor 192.0.2.2 update-source 192.0.2.1
 neighbor 192.0.2.2 timers 3 9
 neighbor 192.0.2.2 timers connect 2
$pw_ev
 address-family ipv4 unicast
  network 10.1.0.0/24
  network 10.1.1.0/24
 exit-address-family
CONF

frr_conf frr <<CONF
router bgp $FRR_AS
 bgp router-id 198.51.100.2
 no bgp ebgp-requires-policy
 no bgp network import-check
 neighbor 192.0.2.1 remote-as $EV_AS
 neighbor 192.0.2.1 timers 3 9
 neighbor 192.0.2.1 timers connect 2
$pw_frr
 address-family ipv4 unicast
  network 10.2.0.0/24
 exit-address-family
CONF
frr_bgpd frr

start_evpnd ev

established() { ev_established 192.0.2.2 && frr_established frr 192.0.2.1; }
wait_until 30 established || bgp_die "session did not establish"
pass "session established ($MODE, md5=$MD5)"

frr_has() { frr_rib_has frr ipv4 "$1"; }
ev_has() { ev_rib_has ipv4 "$1"; }

check "FRR has 10.1.0.0/24 from evpnd" wait_until 10 eval '[ "$(frr_has 10.1.0.0/24)" = true ]'
check "FRR has 10.1.1.0/24 from evpnd" wait_until 10 eval '[ "$(frr_has 10.1.1.0/24)" = true ]'
check "evpnd has 10.2.0.0/24 from FRR" wait_until 10 eval '[ "$(ev_has 10.2.0.0/24)" = true ]'

# What FRR shows for our route must be what we sent.
frr_route() { vty frr "show bgp ipv4 unicast 10.1.0.0/24 json"; }
nh=$(frr_route | json_q "d['paths'][0]['nexthops'][0]['ip']")
check_eq "FRR next hop of 10.1.0.0/24" "$nh" 192.0.2.1
if [ "$MODE" = ebgp ]; then
	path=$(frr_route | json_q "d['paths'][0]['aspath']['string']")
	check_eq "FRR AS path of 10.1.0.0/24" "$path" "$EV_AS"
	evpath=$(evctl show bgp ipv4 unicast json | json_q "d['routes']['10.2.0.0/24'][0]['path']")
	check_eq "evpnd AS path of 10.2.0.0/24" "$evpath" "$FRR_AS"
else
	lp=$(frr_route | json_q "d['paths'][0]['locPrf']")
	check_eq "FRR local-pref of 10.1.0.0/24" "$lp" 100
fi
evnh=$(evctl show bgp ipv4 unicast json | json_q "d['routes']['10.2.0.0/24'][0]['nexthops'][0]['ip']")
check_eq "evpnd next hop of 10.2.0.0/24" "$evnh" 192.0.2.2

# Withdraw on the FRR side.
vty_conf frr "router bgp $FRR_AS" "address-family ipv4 unicast" "no network 10.2.0.0/24"
check "withdraw of 10.2.0.0/24 reaches evpnd" wait_until 10 eval '[ "$(ev_has 10.2.0.0/24)" = false ]'
vty_conf frr "router bgp $FRR_AS" "address-family ipv4 unicast" "network 10.2.0.0/24"
check "10.2.0.0/24 announced again" wait_until 10 eval '[ "$(ev_has 10.2.0.0/24)" = true ]'

# Hard clear from evpnd: FRR gets a Cease, then a new session with the routes again.
clear_hard_checked frr 192.0.2.2 192.0.2.1
check "session re-established after clear" wait_until 30 established
check "FRR has 10.1.0.0/24 again" wait_until 10 eval '[ "$(frr_has 10.1.0.0/24)" = true ]'
# Soft: a ROUTE-REFRESH for IPv4 unicast to FRR, the session kept.
clear_soft_checked frr 192.0.2.2 192.0.2.1 ev eth0 1/1
check "still established after soft clear" established

evctl show bgp summary
stop_evpnd
it_done
