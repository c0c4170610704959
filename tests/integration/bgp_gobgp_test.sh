#!/bin/bash
# bgp_gobgp_test: evpnd as an iBGP route-reflector client of gobgpd, IPv4 unicast.
# gobgpd (namespace rr) reflects between its clients; evpnd (namespace ev) runs with
# a dummy dataplane. Checks: the session establishes on both sides, routes added
# with `gobgp global rib add` reach evpnd with their next hop, evpnd's network
# statements show in `gobgp global rib` (with LOCAL_PREF 100, iBGP), and a delete
# on the gobgp side withdraws the route from evpnd. l2vpn evpn: a type-2 and a
# type-3 route added in gobgp are stored by evpnd as raw NLRI (`show bgp l2vpn
# evpn json`) with their next hop and route target; a delete withdraws one.
. "$(dirname "$0")/lib.sh"
require_root
require_build
require_cmd gobgpd gobgp

AS=65000
API=127.0.0.1:50051

lab_ev_peer rr

evpnd_conf_bgp $AS <<CONF
 neighbor 192.0.2.2 remote-as $AS
 neighbor 192.0.2.2 update-source 192.0.2.1
 neighbor 192.0.2.2 timers 3 9
 neighbor 192.0.2.2 timers connect 2
 address-family ipv4 unicast
  network 10.1.0.0/24
  network 10.1.1.0/24
 exit-address-family
 address-family l2vpn evpn
  neighbor 192.0.2.2 activate
 exit-address-family
CONF

cat >"$WORK/gobgpd.toml" <<CONF
[global.config]
  as = $AS
  router-id = "192.0.2.2"
  local-address-list = ["192.0.2.2"]
[[neighbors]]
  [neighbors.config]
    neighbor-address = "192.0.2.1"
    peer-as = $AS
  [neighbors.timers.config]
    hold-time = 9
    keepalive-interval = 3
    connect-retry = 2
  [neighbors.route-reflector.config]
    route-reflector-client = true
    route-reflector-cluster-id = "192.0.2.2"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "l2vpn-evpn"
CONF
nsx rr gobgpd -f "$WORK/gobgpd.toml" -t toml --api-hosts "$API" -p >"$WORK/gobgpd.log" 2>&1 &
IT_PIDS+=("$!")
gob() { nsx rr gobgp -u 127.0.0.1 -p 50051 "$@"; }
wait_until 10 eval 'gob global >/dev/null 2>&1' || die "gobgpd did not start: $(tail -5 "$WORK/gobgpd.log")"

start_evpnd ev

gob_state() { gob neighbor 192.0.2.1 -j | json_q "d['state']['session_state']"; }
established() { ev_established 192.0.2.2 && [ "$(gob_state)" = 6 ]; }
wait_until 30 established || {
	gob neighbor || true
	bgp_die "session did not establish"
}
pass "session established with gobgpd"

ev_has() { ev_rib_has ipv4 "$1"; }
gob_has() { gob global rib -j | json_q "'$1' in d"; }

gob global rib add 10.3.0.0/24 nexthop 192.0.2.2 >/dev/null
gob global rib add 10.3.1.0/24 nexthop 192.0.2.3 >/dev/null
check "evpnd has 10.3.0.0/24 from gobgp" wait_until 10 eval '[ "$(ev_has 10.3.0.0/24)" = true ]'
check "evpnd has 10.3.1.0/24 from gobgp" wait_until 10 eval '[ "$(ev_has 10.3.1.0/24)" = true ]'
nh=$(evctl show bgp ipv4 unicast json | json_q "d['routes']['10.3.1.0/24'][0]['nexthops'][0]['ip']")
check_eq "evpnd next hop of 10.3.1.0/24" "$nh" 192.0.2.3

check "gobgp has 10.1.0.0/24 from evpnd" wait_until 10 eval '[ "$(gob_has 10.1.0.0/24)" = true ]'
check "gobgp has 10.1.1.0/24 from evpnd" wait_until 10 eval '[ "$(gob_has 10.1.1.0/24)" = true ]'
route=$(gob global rib -j)
gnh=$(echo "$route" | json_q "[a['nexthop'] for a in d['10.1.0.0/24'][0]['attrs'] if a['type'] == 3][0]")
check_eq "gobgp next hop of 10.1.0.0/24" "$gnh" 192.0.2.1
glp=$(echo "$route" | json_q "[a['value'] for a in d['10.1.0.0/24'][0]['attrs'] if a['type'] == 5][0]")
check_eq "gobgp LOCAL_PREF of 10.1.0.0/24" "$glp" 100
rcvd=$(gob neighbor 192.0.2.1 -j | json_q "sum(a['state'].get('received', 0) for a in d['afi_safis'])")
check_eq "gobgp counts the routes received from evpnd" "$rcvd" 2

gob global rib del 10.3.0.0/24 >/dev/null
check "delete on gobgp withdraws 10.3.0.0/24 from evpnd" \
	wait_until 10 eval '[ "$(ev_has 10.3.0.0/24)" = false ]'
check "10.3.1.0/24 stays" eval '[ "$(ev_has 10.3.1.0/24)" = true ]'

# l2vpn evpn: the raw NLRI as received (show bgp l2vpn evpn raw).
RD=192.0.2.2:100
gob global rib -a evpn add macadv aa:bb:cc:00:00:01 10.0.0.1 etag 0 label 100 rd $RD \
	rt 65000:100 encap vxlan nexthop 192.0.2.2 >/dev/null
gob global rib -a evpn add multicast 192.0.2.2 etag 0 rd $RD rt 65000:100 encap vxlan \
	pmsi ingress-repl 100 192.0.2.2 nexthop 192.0.2.2 >/dev/null
evpn_q() { evctl show bgp l2vpn evpn raw json | json_q "$1"; }
check "evpnd stores both EVPN routes" wait_until 10 eval '[ "$(evpn_q "d['"'numRoutes'"']")" = 2 ]'
# type 2, length 0x25: RD type 1 192.0.2.2:100, ESI 0, tag 0, MAC, IPv4 10.0.0.1, label
t2=$(evpn_q "[k for k in d['routes'] if k.startswith('02')][0]")
want=0225 # type, length
want+=0001c00002020064 # RD
want+=00000000000000000000 # ESI
want+=00000000 # Ethernet tag
want+=30aabbcc000001 # MAC
want+=200a000001 # IP
check_eq "type-2 NLRI up to the IP" "${t2:0:${#want}}" "$want"
t3=$(evpn_q "[k for k in d['routes'] if k.startswith('03')][0]")
check_eq "type-3 NLRI" "$t3" 03110001c000020200640000000020c0000202
check_eq "type-3 PMSI tunnel: ingress replication to 192.0.2.2" \
	"$(evpn_q "'%s %s' % (d['routes']['$t3'][0]['pmsiTunnelType'], d['routes']['$t3'][0]['pmsiTunnelId'])")" \
	"6 c0000202"
check_eq "type-2 next hop" "$(evpn_q "d['routes']['$t2'][0]['nexthop']")" 192.0.2.2
# RT 65000:100 (0002 fde8 00000064) is one of the extended communities
check "type-2 carries RT 65000:100" \
	eval 'evpn_q "d['"'routes'"']['"'$t2'"'][0]['"'extCommunities'"']" | grep -q 0002fde800000064'
check_eq "evpnNlriRcd" "$(evctl show bgp neighbors 192.0.2.2 json | json_q "d['192.0.2.2']['evpnNlriRcd']")" 2
gob global rib -a evpn del macadv aa:bb:cc:00:00:01 10.0.0.1 etag 0 label 100 rd $RD >/dev/null
check "delete on gobgp withdraws the type-2 route" \
	wait_until 10 eval '[ "$(evpn_q "d['"'numRoutes'"']")" = 1 ]'
evctl show bgp l2vpn evpn

# Hard clear: gobgp gets a Cease and sets up one new session; it withdraws nothing by
# itself, evpnd re-sends its table.
clear_hard_checked_gobgp gob 192.0.2.2 192.0.2.1 "$WORK/gobgpd.log"
check "session re-established after clear" wait_until 30 established
check "gobgp has 10.1.1.0/24 again" wait_until 10 eval '[ "$(gob_has 10.1.1.0/24)" = true ]'
check "evpnd has 10.3.1.0/24 again" wait_until 10 eval '[ "$(ev_has 10.3.1.0/24)" = true ]'

evctl show bgp summary
stop_evpnd
check "gobgp withdrew evpnd's routes when it stopped" \
	wait_until 10 eval '[ "$(gob_has 10.1.0.0/24)" = false ]'
it_done
