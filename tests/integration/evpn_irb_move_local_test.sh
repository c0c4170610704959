#!/bin/bash
# evpn_irb_move_local_test: symmetric IRB when a host moves onto evpnd. A host route
# 10.2.0.2/32 via a remote VTEP (a type-2 MAC+IP route with the L3VNI, injected in the
# gobgpd route reflector, which never withdraws it) must leave evpnd's FIB as soon as
# the host shows up behind evpnd: evpnd's own MAC+IP route (next MAC mobility sequence)
# wins over it, and h1 in another subnet reaches h2 through evpnd's gateway at once,
# not through the old VTEP until it withdraws (here: never). When h2's MAC goes away
# from evpnd (clear mac), the remote route is the host's again.
#
#   h1 10.1.0.1 --- [host0 BD 100 | evpnd, vrf t1 L3VNI 5000 | BD 200 host1] --- h2 10.2.0.2
#   gobgpd 10.0.0.3 (RR) -- BGP -- evpnd 10.0.0.1, vt 10.0.0.5 (gobgpd, imports nothing
#   from the RR: the routes of remote VTEP 192.0.2.2, never withdrawn)
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=evpn_lab.sh
. "$(dirname "$0")/evpn_lab.sh"
require_root
require_build
require_cmd gobgpd gobgp ping

GW_MAC=00:00:5e:00:01:01
H1MAC=02:00:00:01:00:01
H2MAC=02:00:00:02:00:02

evpn_lab_gobgp_net h1 h2 vt
mgmt_plug vt eth0 10.0.0.5/24
veth ev h0 h1 eth0
veth ev h2p h2 eth0
host h1 eth0 10.1.0.1/24 $H1MAC
nsx h1 ip route add default via 10.1.0.254
nsx h2 ip link set eth0 address $H2MAC
nsx h2 ip addr add 10.2.0.2/24 dev eth0
nsx h2 ip route add default via 10.2.0.254 dev eth0 onlink 2>/dev/null || true

evpnd_conf_vtep net_null0,no-rx=1 192.0.2.1/24 h0 h2p <<EOF
bridge-domain 100
 vni 100
 member host0 untagged
 gateway-mac $GW_MAC
 gateway-address 10.1.0.254/24
 vrf t1
bridge-domain 200
 vni 200
 member host1 untagged
 gateway-mac $GW_MAC
 gateway-address 10.2.0.254/24
 vrf t1
vrf t1
 vni 5000
$(evpnd_evpn_bgp 10.0.0.3)
EOF
evpn_lab_rr_gobgp 10.0.0.1 10.0.0.5
cat >"$WORK/vt.toml" <<EOF
[global.config]
  as = 65000
  router-id = "10.0.0.5"
  local-address-list = ["10.0.0.5"]
[global.apply-policy.config]
  import-policy-list = ["not-from-rr"]
  default-import-policy = "accept-route"
[[defined-sets.neighbor-sets]]
  neighbor-set-name = "rr"
  neighbor-info-list = ["10.0.0.3"]
[[policy-definitions]]
  name = "not-from-rr"
  [[policy-definitions.statements]]
    name = "reject"
    [policy-definitions.statements.conditions.match-neighbor-set]
      neighbor-set = "rr"
    [policy-definitions.statements.actions]
      route-disposition = "reject-route"
[[neighbors]]
  [neighbors.config]
    neighbor-address = "10.0.0.3"
    peer-as = 65000
  # passive: only the route reflector connects (two gobgpd connecting to each other
  # can sit in a connection collision for longer than the test waits)
  [neighbors.transport.config]
    passive-mode = true
  [neighbors.timers.config]
    connect-retry = 2
    hold-time = 9
    keepalive-interval = 3
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "l2vpn-evpn"
EOF
ip netns exec "$PFX-vt" gobgpd -f "$WORK/vt.toml" -l info >"$WORK/vt.log" 2>&1 &
IT_PIDS+=("$!")
start_evpnd ev
wait_until 30 ev_established 10.0.0.3 || bgp_die "evpnd session with gobgpd did not come up"
vt() { nsx vt gobgp global rib -a evpn "$@" >/dev/null; }
wait_until 30 bash -c "ip netns exec $PFX-vt gobgp neighbor | grep -q Establ" ||
	die "vt's session with the route reflector did not come up"

host_route() { # the installed host route of 10.2.0.2 in vrf t1: its next hop, or none
	evctl show ip route vrf t1 json |
		json_q "d['10.2.0.2/32'][0]['nexthops'][0]['ip'] if '10.2.0.2/32' in d else 'none'"
}
route_is() { [ "$(host_route)" = "$1" ]; }

# 1. h2 behind 192.0.2.2 (sequence 0), its MAC and MAC+IP routes as FRR sends them: a
# host route via that VTEP.
vt add macadv $H2MAC 0.0.0.0 etag 0 label 200 rd 192.0.2.2:200 rt 65000:200 encap vxlan \
	nexthop 192.0.2.2
vt add macadv $H2MAC 10.2.0.2 etag 0 label 200,5000 rd 192.0.2.2:200 rt 65000:200 \
	rt 65000:5000 encap vxlan router-mac 02:00:00:00:50:02 nexthop 192.0.2.2
check "host route 10.2.0.2/32 via the remote VTEP" wait_until 10 route_is 192.0.2.2

# 2. h2 comes up behind evpnd and speaks (ARP for its gateway): the host route goes.
nsx h2 ip link set eth0 up
nsx h2 ping -c 1 -W 1 10.2.0.254 >/dev/null 2>&1 || true
evpnd_macip_seq1() { # evpnd's MAC+IP route of h2 in gobgpd's RIB, MAC mobility sequence 1
	nsx rr gobgp global rib -a evpn | grep "rd:10.0.0.1:" | grep "mac:$H2MAC\]\[ip:10.2.0.2\]" |
		grep -q "mac-mobility: 1\]"
}
check "evpnd advertises h2's MAC+IP with sequence 1 (it moved from 192.0.2.2)" \
	wait_until 10 evpnd_macip_seq1
check "the host route left the FIB (h2 is ours)" wait_until 5 route_is none
check "h1 -> h2 (routed by evpnd's gateway into BD 200)" ping_ok h1 10.2.0.2

# 3. h2 leaves evpnd (its MAC is forgotten): the remote route is the host's again.
nsx h2 ip link set eth0 down
check "clear mac bd 200" evctl clear mac bd 200
check "host route via the remote VTEP again" wait_until 10 route_is 192.0.2.2

check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
