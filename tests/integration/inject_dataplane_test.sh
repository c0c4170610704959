#!/bin/bash
# inject_dataplane_test: injected EVPN routes whose next hop is another VTEP are
# installed in evpnd's own dataplane as received ones would be (README, Route
# injection); next-hop self ones are only advertised.
#
#   h1 10.1.0.1 --- h0 [ev: evpnd 192.0.2.1] ul0 ==== ul [kv: kernel VTEP 192.0.2.2] hk --- h2 10.1.0.2
#
# evpnd: VNI 100 in bridge domain 100 (host0), vrf t1 (L3VNI 5000), router bgp
# without a neighbor, no flood-vtep: nothing but injected routes tells it of kv.
# The DCI example helper (config/inject/dci_macs.py) stretches h2's MAC behind
# 192.0.2.2 (RD 192.0.2.2:100, RT 65000:100) from the file $WORK/macs.
# Checks: `show mac` lists h2's MAC remote behind 192.0.2.2 in VNI 100; h1 pings h2
# with static neighbor entries and an empty flood list, so only that MAC entry can
# carry h1's frames, and the underlay capture has them VXLAN-encapsulated to
# 192.0.2.2 (VNI 100, inner destination h2); removed from the file (withdraw), the
# MAC leaves the table and h1's frames to h2 leave no more; the helper killed,
# its MAC leaves with its routes and comes back when it is restarted; evpnctl's
# type-3 to 192.0.2.2 enters the flood list, a type-5 to 192.0.2.2 vrf t1's FIB,
# a MAC+IP with L3VNI 5000 and a router MAC a host route in vrf t1 (symmetric
# IRB), and all leave on `inject flush`; a next-hop self MAC is advertised (in the
# BGP table) and not installed.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
require_root
require_cmd tshark dumpcap ping
require_build

H2MAC=02:00:00:01:00:02
lab_ev_kv 192.0.2.2/24 192.0.2.1
printf '%s 100\n' $H2MAC >"$WORK/macs"

evpnd_conf_vtep net_af_packet0,iface=ul0 192.0.2.1/24 h0 <<EOF
bridge-domain 100
 vni 100
 member host0 untagged
vrf t1
 vni 5000
 router-mac 02:00:00:00:50:01
exit-vrf
router bgp 65000
 bgp router-id 192.0.2.1
 address-family l2vpn evpn
  advertise-all-vni
 exit-address-family
router bgp 65000 vrf t1
 address-family l2vpn evpn
  advertise ipv4 unicast
 exit-address-family
process dci
 run $PY $REPO/config/inject/dci_macs.py --file $WORK/macs --rd 192.0.2.2:100 --rt 65000:100 --next-hop 192.0.2.2 --interval 0.2
EOF
start_evpnd ev

# dp_mac MAC: [type, remote VTEP, VNI] of MAC in evpnd's dataplane table.
dp_mac() { evctl show mac json | json_q "[(m['type'], m.get('remoteVtep'), m.get('vni')) for m in d if m['mac'] == '$1']"; }
mac_is() { [ "$(dp_mac "$1")" = "$2" ]; }
flood() { evctl show evpn vni 100 json | json_q "d['remoteVteps']"; }
flood_is() { [ "$(flood)" = "$1" ]; }
REMOTE='[["remote", "192.0.2.2", 100]]'

check "show mac: h2 remote behind 192.0.2.2, VNI 100 (injected)" wait_until 10 mac_is $H2MAC "$REMOTE"
check_eq "show evpn mac: h2 remote" \
	"$(evctl show evpn mac vni 100 json | json_q "d['macs'].get('$H2MAC', {}).get('type')")" remote
check_eq "flood list empty (no type-3, no flood-vtep)" "$(flood)" "[]"
wait_until 10 vteps_resolved 1 || die "evpnd did not resolve VTEP 192.0.2.2"

# Static neighbors: no ARP, which the empty flood list could not carry.
nsx h1 ip neigh replace 10.1.0.2 lladdr $H2MAC dev eth0 nud permanent
nsx h2 ip neigh replace 10.1.0.1 lladdr 02:00:00:01:00:01 dev eth0 nud permanent
# to_h2 CAPTURE: VXLAN frames from evpnd to 192.0.2.2 in VNI 100 for h2's MAC.
to_h2() {
	tsh_count "$1" "ip.src == 192.0.2.1 && ip.dst == 192.0.2.2 && vxlan.vni == 100 && eth.dst == $H2MAC"
}
cap_start ul kv ul "udp port 4789"
check "h1 -> h2 ping through the injected MAC" ping_ok h1 10.1.0.2
# The capture's first frames may be missed on a loaded machine: 3 pings more once it runs.
wait_until 10 cap_seen ul vxlan || fail "capture ul: no VXLAN frame"
check "h1 -> h2 ping again" ping_ok h1 10.1.0.2
cap_stop ul
n=$(to_h2 ul)
check "h1's frames VXLAN-encapsulated to 192.0.2.2, VNI 100, inner dst h2 ($n)" [ "${n:-0}" -ge 3 ]

: >"$WORK/macs"
check "withdrawn: h2 leaves show mac" wait_until 10 mac_is $H2MAC "[]"
cap_start ul2 kv ul "udp port 4789"
nsx h1 ping -q -c 3 -i 0.2 -W 1 10.1.0.2 >/dev/null 2>&1 || true
cap_stop ul2
check_eq "withdrawn: no frame to h2 leaves evpnd" "$(to_h2 ul2)" 0

# A dead helper's routes leave the dataplane; restarted, it announces them again.
printf '%s 100\n' $H2MAC >"$WORK/macs"
check "announced again: h2 remote" wait_until 10 mac_is $H2MAC "$REMOTE"
dci_q() { evctl show inject json | json_q "[p for p in d['processes'] if p['name'] == 'dci'][0]['$1']"; }
kill -KILL "$(dci_q pid)"
check "helper killed: h2 leaves show mac" wait_until 5 mac_is $H2MAC "[]"
check "helper restarted: h2 remote again" wait_until 10 mac_is $H2MAC "$REMOTE"
check_eq "helper restarted once" "$(dci_q restarts)" 1

# evpnctl's type 3 into the flood list; flush takes it out (and not the helper's MAC).
evctl inject announce evpn multicast rd 192.0.2.2:100 vni 100 rt 65000:100 next-hop 192.0.2.2
check "cli type-3: flood list has 192.0.2.2" wait_until 5 flood_is '["192.0.2.2"]'

# A type 5 to 192.0.2.2 in vrf t1 (RT 65000:5000, as its auto import RT).
evctl inject announce evpn prefix rd 192.0.2.2:5000 prefix 10.20.0.0/16 vni 5000 rt 65000:5000 \
	router-mac 02:00:00:00:50:02 next-hop 192.0.2.2
ev_fib() {
	evctl show ip route vrf t1 json | json_q "[[p['protocol'], p['nexthops'][0].get('ip'),
		p['nexthops'][0].get('vni'), p['nexthops'][0].get('routerMac')] for p in d.get('$1', [])]"
}
fib_is() { [ "$(ev_fib "$1")" = "$2" ]; }
check "cli type-5: 10.20.0.0/16 in vrf t1's FIB via 192.0.2.2" wait_until 5 fib_is 10.20.0.0/16 \
	'[["bgp", "192.0.2.2", 5000, "02:00:00:00:50:02"]]'

# A MAC+IP with the L3VNI and router MAC (symmetric IRB): a host route in vrf t1.
evctl inject announce evpn macip rd 192.0.2.2:100 mac 02:00:00:01:00:77 ip 10.1.0.77 vni 100 \
	rt 65000:100 rt 65000:5000 l3vni 5000 router-mac 02:00:00:00:50:02 next-hop 192.0.2.2
host_is() {
	[ "$(evctl show ip route vrf t1 json | json_q "[[p['protocol'], p['nexthops'][0].get('ip'),
		p['nexthops'][0].get('interfaceName'), p['nexthops'][0].get('routerMac')]
		for p in d.get('$1', [])]")" = "$2" ]
}
check "cli symmetric IRB type-2: host route 10.1.0.77/32 in vrf t1 via 192.0.2.2" \
	wait_until 5 host_is 10.1.0.77/32 '[["bgp", "192.0.2.2", "vni5000", "02:00:00:00:50:02"]]'

# Next-hop self: advertised (in the BGP table), not installed.
SELF=02:00:00:00:00:99
evctl inject announce evpn macip rd 192.0.2.1:100 mac $SELF vni 100 rt 65000:100
bgp_has() { evctl show bgp l2vpn evpn route | grep -qF "$1"; }
check "next-hop self MAC in the BGP table" wait_until 5 bgp_has "[2]:[0]:[48]:[$SELF]"
check_eq "next-hop self MAC not in show mac" "$(dp_mac $SELF)" "[]"

evctl inject flush
check "flush: flood list empty" wait_until 5 flood_is "[]"
check "flush: the type-5 leaves vrf t1's FIB" wait_until 5 fib_is 10.20.0.0/16 "[]"
check "flush: the host route leaves vrf t1's FIB" wait_until 5 host_is 10.1.0.77/32 "[]"
check_eq "flush: the helper's MAC stays" "$(dp_mac $H2MAC)" "$REMOTE"

check "evpnd alive" evpnd_alive
stop_evpnd
it_done
