#!/bin/bash
# bgp_reload_test: BGP neighbors added and removed by reload, against FRR bgpd. evpnd
# starts without neighbors; a reload adds 192.0.2.2 (the session establishes, FRR
# gets evpnd's network); a reload without it sends FRR a Cease/Peer De-configured
# (6/3, FRR's log) and FRR loses the route; a SIGHUP with it in the file again brings
# the session back. Dummy dataplane (net_null); BGP over the kernel's TCP on a veth.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
require_root
require_build
require_frr

lab_ev_peer frr

# conf WITH_NEIGHBOR: evpnd's configuration, with or without neighbor 192.0.2.2.
conf() {
	evpnd_conf_bgp 65000 <<CONF
$([ "$1" = yes ] && printf ' neighbor 192.0.2.2 remote-as 65001\n neighbor 192.0.2.2 timers 3 9\n neighbor 192.0.2.2 timers connect 2\n')
 address-family ipv4 unicast
  network 10.1.0.0/24
 exit-address-family
CONF
}
conf no
frr_conf frr <<CONF
router bgp 65001
 bgp router-id 198.51.100.2
 bgp log-neighbor-changes
 no bgp ebgp-requires-policy
 neighbor 192.0.2.1 remote-as 65000
 neighbor 192.0.2.1 timers 3 9
 neighbor 192.0.2.1 timers connect 2
CONF
frr_bgpd frr
start_evpnd ev

established() { ev_established 192.0.2.2 && frr_established frr 192.0.2.1; }
frr_has() { [ "$(frr_rib_has frr ipv4 10.1.0.0/24)" = "$1" ]; }
not() { ! "$@"; }
reload() { "$EVPNCTL" -s "$EV_SOCK" -t 30 reload "$WORK/evpnd.conf" >"$WORK/reload.out" 2>&1; }
note="%NOTIFICATION: received from neighbor 192.0.2.1 6/3 (Cease/Peer De-configured)"
notes() { grep -cF "$note" "$(frr_dir frr)/bgpd.log"; }
one_note() { [ "$(notes)" = 1 ]; }
no_neighbor() { [ "$(evctl show bgp neighbors json | json_q "list(d)")" = "[]" ]; }

sleep 2
check "no neighbor yet: FRR's session is not up" not frr_established frr 192.0.2.1

conf yes
check "reload adding the neighbor" reload
check "reload reports it" grep -q "router bgp: neighbor 192.0.2.2 added" "$WORK/reload.out"
check "session established after the reload" wait_until 30 established
check "FRR has evpnd's 10.1.0.0/24" wait_until 10 frr_has true

conf no
check "reload removing the neighbor" reload
check "reload reports it" grep -q "router bgp: neighbor 192.0.2.2 removed" "$WORK/reload.out"
check "FRR logged evpnd's Cease/Peer De-configured (6/3)" wait_until 10 one_note
check "FRR lost 10.1.0.0/24" wait_until 10 frr_has false
check "evpnd no longer has the neighbor" no_neighbor
check "running-config without the neighbor" not grep -q "neighbor 192.0.2.2" <(evctl show running-config)

conf yes
kill -HUP "$EV_PID"
check "SIGHUP adds it back: session established" wait_until 30 established
check "FRR has 10.1.0.0/24 again" wait_until 10 frr_has true
check "running-config has the neighbor" grep -q "neighbor 192.0.2.2 remote-as 65001" <(evctl show running-config)

check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
