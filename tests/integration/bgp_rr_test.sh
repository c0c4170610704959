#!/bin/bash
# bgp_rr_test: evpnd as an iBGP route reflector (RFC 4456) between two FRR clients,
# each on its own veth. Checks: both sessions establish; a route of one client
# reaches the other with its next hop unchanged, ORIGINATOR_ID = the first client's
# router ID and CLUSTER_LIST = evpnd's cluster ID; evpnd's own network reaches both
# without those attributes; a withdraw at one client clears the route at the other.
. "$(dirname "$0")/lib.sh"
require_root
require_build
require_frr

AS=65000
CLUSTER=198.51.100.100

ns_add ev c1 c2
veth ev eth1 c1 eth0
veth ev eth2 c2 eth0
nsx ev ip addr add 192.0.2.1/24 dev eth1
nsx c1 ip addr add 192.0.2.2/24 dev eth0
nsx ev ip addr add 203.0.113.1/24 dev eth2
nsx c2 ip addr add 203.0.113.2/24 dev eth0

evpnd_conf_bgp $AS <<CONF
 bgp cluster-id $CLUSTER
 neighbor CLIENTS peer-group
 neighbor CLIENTS remote-as $AS
 neighbor CLIENTS timers 3 9
 neighbor CLIENTS timers connect 2
 neighbor 192.0.2.2 peer-group CLIENTS
 neighbor 203.0.113.2 peer-group CLIENTS
 address-family ipv4 unicast
  neighbor CLIENTS route-reflector-client
  network 10.1.0.0/24
 exit-address-family
CONF

# frr NAME ROUTER_ID EVPND_ADDR NETWORK: an FRR client in namespace NAME.
frr() {
	frr_conf "$1" <<CONF
router bgp $AS
 bgp router-id $2
 no bgp network import-check
 neighbor $3 remote-as $AS
 neighbor $3 timers 3 9
 neighbor $3 timers connect 2
 address-family ipv4 unicast
  network $4
 exit-address-family
CONF
	frr_bgpd "$1"
}
frr c1 198.51.100.11 192.0.2.1 10.11.0.0/24
frr c2 198.51.100.12 203.0.113.1 10.12.0.0/24

start_evpnd ev

wait_until 30 ev_established 192.0.2.2 203.0.113.2 || bgp_die "sessions did not establish"
pass "both client sessions established"

frr_has() { frr_rib_has "$1" ipv4 "$2"; }
frr_path() { vty "$1" "show bgp ipv4 unicast $2 json" | json_q "d['paths'][0]$3"; }

check "c2 has 10.11.0.0/24 (from c1)" wait_until 10 eval '[ "$(frr_has c2 10.11.0.0/24)" = true ]'
check "c1 has 10.12.0.0/24 (from c2)" wait_until 10 eval '[ "$(frr_has c1 10.12.0.0/24)" = true ]'
check_eq "c2: next hop of 10.11.0.0/24 unchanged" \
	"$(frr_path c2 10.11.0.0/24 "['nexthops'][0]['ip']")" 192.0.2.2
check_eq "c2: ORIGINATOR_ID of 10.11.0.0/24" "$(frr_path c2 10.11.0.0/24 "['originatorId']")" \
	198.51.100.11
check_eq "c2: CLUSTER_LIST of 10.11.0.0/24" \
	"$(frr_path c2 10.11.0.0/24 "['clusterList']['list']")" "[\"$CLUSTER\"]"
check_eq "c1: ORIGINATOR_ID of 10.12.0.0/24" "$(frr_path c1 10.12.0.0/24 "['originatorId']")" \
	198.51.100.12
check_eq "c2: LOCAL_PREF of 10.11.0.0/24" "$(frr_path c2 10.11.0.0/24 "['locPrf']")" 100

check "c1 has evpnd's 10.1.0.0/24" wait_until 10 eval '[ "$(frr_has c1 10.1.0.0/24)" = true ]'
check "c2 has evpnd's 10.1.0.0/24" wait_until 10 eval '[ "$(frr_has c2 10.1.0.0/24)" = true ]'
check_eq "c2: evpnd's own route has no ORIGINATOR_ID" \
	"$(frr_path c2 10.1.0.0/24 ".get('originatorId', 'none')")" none

vty_conf c1 "router bgp $AS" "address-family ipv4 unicast" "no network 10.11.0.0/24"
check "withdraw at c1 clears 10.11.0.0/24 at c2" \
	wait_until 10 eval '[ "$(frr_has c2 10.11.0.0/24)" = false ]'
check "c1 still has 10.12.0.0/24" eval '[ "$(frr_has c1 10.12.0.0/24)" = true ]'

evctl show bgp summary
stop_evpnd
it_done
