#!/bin/bash
# bgp_gr_test: evpnd as graceful-restart receiving speaker (RFC 4724) with FRR.
# FRR (frr, 192.0.2.2) runs `bgp graceful-restart` with preserve-fw-state and a 10 s
# restart time; a second FRR (hlp, 192.0.3.2: zebra, a kernel VXLAN VNI, an IPv4
# network) is in FRR's default helper mode, whose capability lists no family. Checks:
#   0. hlp's OPEN (tshark) carries the capability with no (AFI, SAFI) tuple;
#   1. both bgpd killed with SIGKILL: evpnd keeps frr's routes, marked stale, and
#      removes hlp's IPv4 and EVPN routes at once (RFC 4724 4.2: only the listed
#      families are retained);
#   2. bgpd back with one network less: the session returns, the kept route is
#      fresh again, the one no longer announced is removed at End-of-RIB;
#   3. the link to FRR goes silent: on hold timer expiry the routes are kept stale
#      too, and refreshed when the session returns;
#   4. bgpd killed and not restarted: the stale routes go when the restart time ends;
#   5. bgpd back without preserve-fw-state, killed, back again: its OPEN has the F bit
#      clear, so the stale routes go at that OPEN, not at End-of-RIB.
. "$(dirname "$0")/lib.sh"
require_root
require_build
require_frr

EV_AS=65000
FRR_AS=65001
RESTART=10

HLP_AS=65002

lab_ev_peer frr
ns_add hlp
veth ev eth1 hlp eth0
nsx ev ip addr add 192.0.3.1/24 dev eth1
kvtep hlp eth0 192.0.3.2/24 100 # zebra sees VNI 100: hlp sends its type-3 route

evpnd_conf_bgp $EV_AS <<CONF
 neighbor 192.0.2.2 remote-as $FRR_AS
 neighbor 192.0.2.2 timers 3 9
 neighbor 192.0.2.2 timers connect 1
 neighbor 192.0.3.2 remote-as $HLP_AS
 neighbor 192.0.3.2 timers 3 9
 neighbor 192.0.3.2 timers connect 1
 address-family ipv4 unicast
  network 10.1.0.0/24
 exit-address-family
 address-family l2vpn evpn
  neighbor 192.0.3.2 activate
 exit-address-family
CONF

# frr_up NETWORK...: FRR's bgpd (started again) with these networks; preserve-fw-state
# unless FRR_FWD=0.
frr_up() {
	frr_conf frr <<CONF
router bgp $FRR_AS
 bgp router-id 198.51.100.2
 no bgp ebgp-requires-policy
 no bgp network import-check
 bgp graceful-restart
$([ "${FRR_FWD:-1}" = 0 ] || echo " bgp graceful-restart preserve-fw-state")
 bgp graceful-restart restart-time $RESTART
 bgp graceful-restart select-defer-time 5
 neighbor 192.0.2.1 remote-as $EV_AS
 neighbor 192.0.2.1 timers 3 9
 neighbor 192.0.2.1 timers connect 1
 address-family ipv4 unicast
$(bgp_networks "$@")
 exit-address-family
CONF
	frr_bgpd frr
}

frr_up 10.2.0.0/24 10.2.1.0/24
# hlp: no graceful-restart line, FRR's default (helper only)
frr_conf hlp <<CONF
router bgp $HLP_AS
 bgp router-id 198.51.100.3
 no bgp ebgp-requires-policy
 no bgp network import-check
 neighbor 192.0.3.1 remote-as $EV_AS
 neighbor 192.0.3.1 timers 3 9
 neighbor 192.0.3.1 timers connect 1
 address-family ipv4 unicast
  network 10.3.0.0/24
 exit-address-family
 address-family l2vpn evpn
  neighbor 192.0.3.1 activate
  advertise-all-vni
 exit-address-family
CONF
frr_start hlp
cap_start open ev any "tcp port 179"
start_evpnd ev

established() { ev_established 192.0.2.2; }
# hlp_rcvd KEY: pfxRcd (IPv4) or evpnNlriRcd of hlp at evpnd.
hlp_rcvd() { evctl show bgp neighbors 192.0.3.2 json | json_q "d['192.0.3.2']['$1']"; }
# route_state PREFIX: absent | stale | fresh
route_state() {
	evctl show bgp ipv4 unicast json |
		json_q "'absent' if '$1' not in d['routes'] else ('stale' if d['routes']['$1'][0].get('stale') else 'fresh')"
}
wait_until 30 established || bgp_die "session did not establish"
pass "session established"
check "10.2.0.0/24 and 10.2.1.0/24 received" wait_until 10 eval \
	'[ "$(route_state 10.2.0.0/24)$(route_state 10.2.1.0/24)" = freshfresh ]'
gr=$(evctl show bgp neighbors 192.0.2.2 json | json_q "d['192.0.2.2']['gracefulRestartPeer']")
check_eq "FRR's graceful restart capability seen" "$gr" true
wait_until 30 ev_established 192.0.3.2 || bgp_die "session with hlp did not establish"
check "hlp's 10.3.0.0/24 received" wait_until 10 eval '[ "$(route_state 10.3.0.0/24)" = fresh ]'
check "hlp's EVPN type-3 received" wait_until 20 eval '[ "$(hlp_rcvd evpnNlriRcd)" -ge 1 ]'

# 0. What FRR's helper mode sends: the capability, a restart time, no family.
cap_stop open
hlp_open='ip.src == 192.0.3.2 && bgp.type == 1'
check "hlp's OPEN captured with graceful restart" [ "$(tsh_count open "$hlp_open && bgp.cap.gr.timers.restart_time")" -ge 1 ]
check_eq "hlp's graceful restart capability lists no family" \
	"$(tsh_count open "$hlp_open && bgp.cap.gr.afi")" 0
check "frr's OPEN lists ipv4 unicast with the F bit" \
	[ "$(tsh_count open "ip.src == 192.0.2.2 && bgp.type == 1 && bgp.cap.gr.afi == 1 && bgp.cap.gr.flag.pfs == 1")" -ge 1 ]
gr=$(evctl show bgp neighbors 192.0.3.2 json | json_q "d['192.0.3.2']['gracefulRestartPeer']")
check_eq "hlp's graceful restart capability seen" "$gr" true

# 1. SIGKILL: the TCP connections end; frr's routes stay, stale; hlp's go at once.
frr_kill frr KILL
frr_kill hlp KILL
check "session down after SIGKILL" wait_until 10 eval '! established'
check "session with hlp down after SIGKILL" wait_until 10 eval '! ev_established 192.0.3.2'
check_eq "10.2.0.0/24 kept stale" "$(route_state 10.2.0.0/24)" stale
check_eq "10.2.1.0/24 kept stale" "$(route_state 10.2.1.0/24)" stale
check_eq "hlp's 10.3.0.0/24 removed at once" "$(route_state 10.3.0.0/24)" absent
check_eq "hlp's EVPN routes removed at once" "$(hlp_rcvd evpnNlriRcd)" 0
check "log names the family not kept" \
	grep -q "neighbor 192.0.3.2: l2vpn evpn not in its graceful restart capability" "$EV_LOG"

# 2. Back with 10.2.0.0/24 only: refreshed; 10.2.1.0/24 removed at End-of-RIB.
frr_up 10.2.0.0/24
check "session back after the restart" wait_until 20 established
check "10.2.0.0/24 fresh again" wait_until 10 eval '[ "$(route_state 10.2.0.0/24)" = fresh ]'
check "10.2.1.0/24 removed after End-of-RIB" \
	wait_until 10 eval '[ "$(route_state 10.2.1.0/24)" = absent ]'
check "log says why" grep -q "neighbor 192.0.2.2: End-of-RIB, stale routes removed" "$EV_LOG"

# 3. Silence on the link: hold timer expiry keeps the routes stale too.
nsx frr ip link set eth0 down
check "hold timer expired" wait_until 15 grep -q "neighbor 192.0.2.2: hold timer expired" "$EV_LOG"
check_eq "10.2.0.0/24 kept stale after hold timer expiry" "$(route_state 10.2.0.0/24)" stale
nsx frr ip link set eth0 up
check "session back after the link returns" wait_until 30 established
check "10.2.0.0/24 fresh again after the link returns" \
	wait_until 10 eval '[ "$(route_state 10.2.0.0/24)" = fresh ]'

# 4. Killed for good: the stale routes last the restart time, then go. evpnd's
# timer (ms) starts when it sees the session drop, after the kill: so the removal,
# seen whenever the polling sees it, is at least RESTART s after t0 taken before
# the kill, however loaded the machine (t0 taken after the drop was seen, at
# whole seconds, made a lower bound that load or rounding could break).
over() { grep -c "neighbor 192.0.2.2: restart time over, stale routes removed" "$EV_LOG" || true; }
over0=$(over)
t0=$(date +%s%N)
frr_kill frr KILL
check "session down after the second SIGKILL" wait_until 10 eval '! established'
check_eq "10.2.0.0/24 stale during the restart time" "$(route_state 10.2.0.0/24)" stale
check "10.2.0.0/24 removed when the restart time ends" \
	wait_until $((RESTART + 15)) eval '[ "$(route_state 10.2.0.0/24)" = absent ]'
ms=$((($(date +%s%N) - t0) / 1000000))
check "removed no sooner than $RESTART s after the kill (seen after $ms ms)" \
	[ "$ms" -ge $((RESTART * 1000)) ]
check_eq "log: removed by the restart timer" "$(over)" $((over0 + 1))

# 5. F bit clear at the restart: the stale routes go at the OPEN.
FRR_FWD=0 frr_up 10.2.0.0/24 10.2.1.0/24
check "session back without preserve-fw-state" wait_until 20 established
check "10.2.1.0/24 received" wait_until 10 eval '[ "$(route_state 10.2.1.0/24)" = fresh ]'
frr_kill frr KILL
check "session down after the third SIGKILL" wait_until 10 eval '! established'
check_eq "10.2.1.0/24 kept stale" "$(route_state 10.2.1.0/24)" stale
FRR_FWD=0 frr_up 10.2.0.0/24
check "session back after the third restart" wait_until 20 established
check "stale routes removed at the OPEN (F bit clear)" grep -q \
	"neighbor 192.0.2.2: ipv4 unicast back without forwarding state (F bit clear)" "$EV_LOG"
check "10.2.1.0/24 removed" wait_until 10 eval '[ "$(route_state 10.2.1.0/24)" = absent ]'

stop_evpnd
it_done
