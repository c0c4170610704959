#!/bin/bash
# evpn_unreachable_test: a type-2/type-3 route whose VTEP evpnd's underlay does not
# reach is not installed; routes of reachable VTEPs are. gobgpd (route reflector,
# evpn_lab_rr_gobgp) holds routes injected with the gobgp CLI; evpnd is its client.
# evpnd's underlay: 192.0.2.1/24 on a null port and a route to 198.51.100.0/24 via
# 192.0.2.254; 203.0.113.7 and 10.9.9.9 are reached by neither. (Config reload is
# not supported, so the "route added later" case is a VTEP behind the static route.)
#
# Checks: MACs behind 192.0.2.11 (connected) and 198.51.100.5 (static route) are
# programmed, the MAC behind 203.0.113.7 is not (absent from `show mac`, shown not
# installed and not reachable by `show evpn mac`, logged; `show bgp l2vpn evpn` shows
# its route neither valid nor best, as FRR an inaccessible next hop), type-3 routes put the two
# reachable VTEPs in the flood list and not the third; a MAC advertised by an
# unreachable VTEP with the better tie-break (lower address) and by a reachable one
# is programmed behind the reachable one; a route whose next hop moves to an
# unreachable VTEP leaves the dataplane, comes back when it moves to a reachable one,
# and a withdrawal leaves nothing behind.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=evpn_lab.sh
. "$(dirname "$0")/evpn_lab.sh"
require_root
require_build
require_cmd gobgpd gobgp

evpn_lab_gobgp_net

evpnd_conf_vtep net_null0,no-rx=1 192.0.2.1/24 <<EOF
 route 198.51.100.0/24 via 192.0.2.254
bridge-domain 100
 vni 100
$(evpnd_evpn_bgp 10.0.0.3)
EOF
evpn_lab_gobgp_start

t3() {
	gob "$1" multicast "$2" etag 0 rd "$2:100" rt 65000:100 encap vxlan \
		pmsi ingress-repl 100 "$2" nexthop "$2"
}
MA=02:bb:00:00:00:01 # behind 192.0.2.11, connected
MR=02:bb:00:00:00:02 # behind 198.51.100.5, static route
MU=02:bb:00:00:00:03 # behind 203.0.113.7, unreachable
MS=02:bb:00:00:00:04 # behind 10.9.9.9 (unreachable, lower address) and 192.0.2.11
MN=02:bb:00:00:00:05 # one route (RD 192.0.2.11:100) whose next hop moves
t2 add $MA 192.0.2.11
t2 add $MR 198.51.100.5
t2 add $MU 203.0.113.7
t2 add $MS 10.9.9.9
for v in 192.0.2.11 198.51.100.5 203.0.113.7; do t3 add $v; done

# dp_mac MAC: the dataplane's entry as "type vtep vni", or "none".
dp_mac() {
	evctl show mac json | json_q "' '.join('%s %s %s' % (m['type'], m.get('remoteVtep'), m.get('vni')) for m in d if m['mac'] == '$1') or 'none'"
}
dp_is() { [ "$(dp_mac "$1")" = "$2" ]; }
check "MAC behind 192.0.2.11 (connected) programmed" wait_until 10 dp_is $MA "remote 192.0.2.11 100"
check "MAC behind 198.51.100.5 (static route) programmed" wait_until 10 dp_is $MR "remote 198.51.100.5 100"
check "MAC behind 203.0.113.7 known to EVPN" wait_until 10 eval '[ "$(ev_mac $MU remoteVtep)" = 203.0.113.7 ]'
check_eq "MAC behind 203.0.113.7 absent from show mac" "$(dp_mac $MU)" none
check_eq "show evpn mac: behind 203.0.113.7 not installed" "$(ev_mac $MU installed)" false
check_eq "show evpn mac: 203.0.113.7 not reachable" "$(ev_mac $MU remoteVtepReachable)" false
check_eq "show evpn mac: behind 192.0.2.11 installed" "$(ev_mac $MA installed)" true
check "show evpn mac detail says why" \
	eval 'evctl show evpn mac vni 100 detail | grep -F "Remote VTEP: 203.0.113.7 VNI: 100 (not reachable in the underlay)" >/dev/null'
check "evpnd logged the unreachable VTEP" \
	grep -q "vtep 203.0.113.7 not reachable in the underlay, route not installed" "$EV_LOG"
evctl show bgp l2vpn evpn route-type macip >"$WORK/bgp.txt"
check "show bgp l2vpn evpn: the route is there, neither valid nor best (FRR's inaccessible)" \
	grep -qxF "  i[2]:[0]:[48]:[$MU]" "$WORK/bgp.txt"
check "show bgp l2vpn evpn: the reachable one valid and best" \
	grep -qxF "*>i[2]:[0]:[48]:[$MA]" "$WORK/bgp.txt"
check_eq "MAC behind 10.9.9.9 only: not programmed" "$(dp_mac $MS)" none
t2 add $MS 192.0.2.11
check "MAC also behind 192.0.2.11: programmed there (the unreachable path is not selected)" \
	wait_until 10 dp_is $MS "remote 192.0.2.11 100"
flood() { [ "$(evctl show evpn vni json | json_q "sorted(d['100']['remoteVteps'])")" = "$1" ]; }
check "flood list: the reachable VTEPs only" wait_until 10 flood '["192.0.2.11", "198.51.100.5"]'
check_eq "EVPN VNI 100 counts 3 remote MACs installed" \
	"$(evctl show evpn vni json | json_q "d['100']['numRemoteMacs']")" 3

# One route, its next hop moving: reachable, unreachable, reachable again, withdrawn.
t2 add $MN 192.0.2.11 192.0.2.11:100
check "moving route: programmed behind 192.0.2.11" wait_until 10 dp_is $MN "remote 192.0.2.11 100"
t2 add $MN 203.0.113.7 192.0.2.11:100
check "moving route: next hop 203.0.113.7, removed from the dataplane" wait_until 10 dp_is $MN none
check_eq "moving route: one path in EVPN, not installed" \
	"$(ev_mac $MN numPaths) $(ev_mac $MN installed)" "1 false"
t2 add $MN 192.0.2.12 192.0.2.11:100
check "moving route: next hop 192.0.2.12, programmed there" wait_until 10 dp_is $MN "remote 192.0.2.12 100"
t2 del $MN 192.0.2.12 192.0.2.11:100
check "moving route withdrawn: gone from the dataplane" wait_until 10 dp_is $MN none
check_eq "moving route withdrawn: gone from EVPN" "$(ev_mac $MN type)" None

# Withdraw the rest.
t2 del $MU 203.0.113.7
t2 del $MS 10.9.9.9
t3 del 203.0.113.7
check "unreachable route withdrawn: gone from EVPN" wait_until 10 eval '[ "$(ev_mac $MU type)" = None ]'
check_eq "MAC behind 192.0.2.11 stays" "$(dp_mac $MS)" "remote 192.0.2.11 100"
for m in $MA $MS; do t2 del $m 192.0.2.11; done
t2 del $MR 198.51.100.5
for v in 192.0.2.11 198.51.100.5; do t3 del $v; done
no_remote() { [ "$(evctl show mac json | json_q "len([m for m in d if m['type'] == 'remote'])")" = 0 ]; }
check "all withdrawn: no remote MAC left" wait_until 10 no_remote
check "all withdrawn: flood list empty" wait_until 10 flood '[]'
check_eq "all withdrawn: EVPN MAC table empty" \
	"$(evctl show evpn mac vni 100 json | json_q "d['numMacs']")" 0

check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
