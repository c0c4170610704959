#!/bin/bash
# bgp_maxprefix_test: `neighbor X maximum-prefix N [warning-only]` against two FRR
# peers, each on its own veth. Peer w (warning-only, limit 3) sends 5 routes: a
# warning is logged once, the session stays up with all 5 routes. Peer t (limit 3)
# sends 3 routes (at the limit: up), then a 4th: evpnd tears the session down with
# NOTIFICATION Cease/1 (Maximum Number of Prefixes Reached), as FRR reports, and the
# peer's routes are removed.
. "$(dirname "$0")/lib.sh"
require_root
require_build
require_frr

EV_AS=65000

ns_add ev w t
veth ev eth1 w eth0
veth ev eth2 t eth0
nsx ev ip addr add 192.0.2.1/24 dev eth1
nsx w ip addr add 192.0.2.2/24 dev eth0
nsx ev ip addr add 203.0.113.1/24 dev eth2
nsx t ip addr add 203.0.113.2/24 dev eth0

evpnd_conf_bgp $EV_AS <<CONF
 neighbor 192.0.2.2 remote-as 65001
 neighbor 192.0.2.2 timers 3 9
 neighbor 192.0.2.2 timers connect 2
 neighbor 203.0.113.2 remote-as 65002
 neighbor 203.0.113.2 timers 3 9
 neighbor 203.0.113.2 timers connect 2
 address-family ipv4 unicast
  neighbor 192.0.2.2 maximum-prefix 3 warning-only
  neighbor 203.0.113.2 maximum-prefix 3
 exit-address-family
CONF

# frr NAME AS ROUTER_ID EVPND_ADDR NETWORK...
frr() {
	local n=$1 as=$2 id=$3 nb=$4
	shift 4
	frr_conf "$n" <<CONF
router bgp $as
 bgp router-id $id
 no bgp ebgp-requires-policy
 no bgp network import-check
 neighbor $nb remote-as $EV_AS
 neighbor $nb timers 3 9
 neighbor $nb timers connect 2
 address-family ipv4 unicast
$(bgp_networks "$@")
 exit-address-family
CONF
	frr_bgpd "$n"
}
frr w 65001 198.51.100.2 192.0.2.1 10.2.0.0/24 10.2.1.0/24 10.2.2.0/24 10.2.3.0/24 10.2.4.0/24
frr t 65002 198.51.100.3 203.0.113.1 10.3.0.0/24 10.3.1.0/24 10.3.2.0/24

start_evpnd ev

pfx() { evctl show bgp summary json | json_q "d['ipv4Unicast']['peers']['$1']['pfxRcd']"; }
wait_until 30 ev_established 192.0.2.2 203.0.113.2 || bgp_die "sessions did not establish"
pass "both sessions established"

# warning-only
check "warning-only peer: all 5 routes kept" wait_until 10 eval '[ "$(pfx 192.0.2.2)" = 5 ]'
check "warning-only peer: warning logged" \
	grep -q "neighbor 192.0.2.2: .*more than maximum-prefix 3" "$EV_LOG"
check_eq "warning-only peer: logged once" \
	"$(grep -c "neighbor 192.0.2.2: .*maximum-prefix" "$EV_LOG")" 1
check_eq "warning-only peer: still established" "$(ev_bgp_state 192.0.2.2)" Established

# tear-down
check "limited peer: 3 routes, at the limit, kept" wait_until 10 eval '[ "$(pfx 203.0.113.2)" = 3 ]'
check_eq "limited peer: established at the limit" "$(ev_bgp_state 203.0.113.2)" Established
vty_conf t "router bgp 65002" "address-family ipv4 unicast" "network 10.3.3.0/24"
check "limited peer: evpnd sent Cease/1" wait_until 10 \
	grep -q "neighbor 203.0.113.2: maximum-prefix exceeded: sending NOTIFICATION .*(6/1)" "$EV_LOG"
frr_reason() {
	vty t "show bgp neighbors 203.0.113.1 json" |
		json_q "d['203.0.113.1'].get('lastNotificationReason', '') + ' ' + d['203.0.113.1'].get('lastResetDueTo', '')"
}
check "FRR saw Maximum Number of Prefixes Reached" wait_until 5 eval \
	'frr_reason | grep -qi "Maximum Number of Prefixes"'
# [the limited peer's routes, the warning-only peer's 10.2.0.0/24 is there]: a table
# that does not answer or is empty shows no route gone.
t_gone() {
	[ "$(evctl show bgp ipv4 unicast json |
		json_q "[sorted(k for k in d['routes'] if k.startswith('10.3.')), '10.2.0.0/24' in d['routes']]")" = \
		"[[], true]" ]
}
check "limited peer: its routes are gone, the other peer's stay" wait_until 5 t_gone
check_eq "warning-only peer unaffected" "$(pfx 192.0.2.2)" 5
frr_reason

stop_evpnd
it_done
