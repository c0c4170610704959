#!/bin/bash
# bgp_gr_restart_test: evpnd as graceful-restart RESTARTING speaker (RFC 4724 4.1)
# with FRR (192.0.2.2, FRR's default helper mode). evpnd (`bgp graceful-restart`,
# restart-time 60) advertises 10.1.0.0/24 and the type-3 route of VNI 100. Checks:
#   a. evpnd killed with SIGKILL: FRR keeps 10.1.0.0/24, marked stale (FRR 8.4
#      drops the EVPN route at once: its helper keeps no l2vpn evpn, FRRouting/frr#9749);
#   b. evpnd started again as a restart over preserved forwarding state (the test
#      switches EVPND_GR_RESTARTING=1 EVPND_GR_FWD_PRESERVED=1; the split control
#      process sets them itself): FRR sees the R and F bits; evpnd defers its
#      routes until FRR's End-of-RIB (its log, and its show bgp neighbors json);
#      FRR's 10.1.0.0/24 from evpnd becomes fresh and was never withdrawn meanwhile
#      (sampled every ~0.2 s from before the kill to the end); the type-3 is back.
# FRR_GR=1: FRR with `bgp graceful-restart` (FRR 8.4.4: the same, EVPN dropped too).
. "$(dirname "$0")/lib.sh"
# One process even under EV_SPLIT=1: the test kills evpnd itself and restarts it
# restarting (EVPND_GR_*); split_restart_test is the --split case.
export EV_SPLIT=0
require_root
require_build
require_frr

EV_AS=65000
FRR_AS=65001

lab_ev_peer frr

cat >"$WORK/evpnd.conf" <<CONF
dataplane
 port null0 devargs net_null0,no-rx=1
 port host0 devargs net_null1,no-rx=1
underlay
 vtep-address 198.51.100.1
bridge-domain 100
 vni 100
 member host0 untagged
router bgp $EV_AS
 bgp router-id 198.51.100.1
 bgp graceful-restart
 bgp graceful-restart restart-time 60
 bgp graceful-restart select-defer-time 40
 neighbor 192.0.2.2 remote-as $FRR_AS
 neighbor 192.0.2.2 timers 3 9
 neighbor 192.0.2.2 timers connect 1
 address-family ipv4 unicast
  network 10.1.0.0/24
 exit-address-family
 address-family l2vpn evpn
  neighbor 192.0.2.2 activate
  advertise-all-vni
 exit-address-family
CONF

# FRR: no graceful-restart line (its default helper mode); one network of its own.
frr_conf frr <<CONF
router bgp $FRR_AS
 bgp router-id 198.51.100.2
 no bgp ebgp-requires-policy
 no bgp network import-check
$([ "${FRR_GR:-0}" = 0 ] || echo " bgp graceful-restart")
 neighbor 192.0.2.1 remote-as $EV_AS
 neighbor 192.0.2.1 timers 3 9
 neighbor 192.0.2.1 timers connect 1
 address-family ipv4 unicast
  network 10.2.0.0/24
 exit-address-family
 address-family l2vpn evpn
  neighbor 192.0.2.1 activate
 exit-address-family
CONF
frr_bgpd frr
start_evpnd ev

# FRR's view of evpnd's routes: "N_V4 N_EVPN STALE_V4 STALE_EVPN" (counts of paths
# from 192.0.2.1, and of those marked stale).
frr_view() {
	local v4 evpn
	v4=$(vty frr "show bgp ipv4 unicast 10.1.0.0/24 json") || return 1
	evpn=$(vty frr "show bgp l2vpn evpn route type multicast json") || return 1
	# The prefix's detail has path["peer"]["peerId"], the EVPN table path["peerId"].
	"$PY" -c '
import json, sys
v4, evpn = json.loads(sys.argv[1]), json.loads(sys.argv[2])
ev = lambda p: p.get("peerId", p.get("peer", {}).get("peerId")) == "192.0.2.1"
p4 = [p for p in v4.get("paths", []) if ev(p)]
pe = [p for rd in evpn.values() if isinstance(rd, dict) for r in rd.values()
	if isinstance(r, dict) for ps in r.get("paths", []) for p in (ps if isinstance(ps, list) else [ps])
	if ev(p)]
print(len(p4), len(pe), sum(1 for p in p4 if p.get("stale")), sum(1 for p in pe if p.get("stale")))
' "$v4" "$evpn"
}
frr_has_all() { [ "$(frr_view)" = "1 1 0 0" ]; }
# FRR 8.4 keeps the IPv4 route stale but drops the EVPN one at once: its helper
# does not retain l2vpn evpn (FRRouting/frr#9749; its per-family graceful restart
# loop, FOREACH_AFI_SAFI_NSF, stops at SAFI_MPLS_VPN), whatever our capability lists.
frr_v4_stale() { [ "$(frr_view | cut -d' ' -f1,3)" = "1 1" ]; }
frr_down() { [ "$(frr_bgp_state frr 192.0.2.1)" != Established ]; }
frr_nbr_q() { frr_nbr frr 192.0.2.1 "$1"; }

wait_until 30 frr_established frr 192.0.2.1 || bgp_die "session did not establish"
pass "session established"
check "FRR has evpnd's 10.1.0.0/24 and type-3, fresh" wait_until 15 frr_has_all
check_eq "first start: no R bit at FRR" "$(frr_nbr_q "n['gracefulRestartInfo'].get('rBit')")" false
wait_until 10 ev_rib_has ipv4 10.2.0.0/24 >/dev/null

# The witness: FRR's counts of evpnd's paths, sampled until the end.
(
	while :; do
		echo "$(date +%s.%N) $(frr_view 2>/dev/null || echo error)"
		sleep 0.2
	done
) >"$WORK/samples" 2>&1 &
IT_PIDS+=("$!")
sleep 1

# a. SIGKILL: no NOTIFICATION; FRR keeps the routes, stale.
kill -KILL "$EV_PID"
wait "$EV_PID" 2>/dev/null || true
EV_PID=
check "FRR sees the session down" wait_until 15 frr_down
check "FRR keeps evpnd's 10.1.0.0/24, stale" wait_until 5 frr_v4_stale
log "FRR's view of evpnd's routes while it is down (v4 evpn v4-stale evpn-stale): $(frr_view)"
sleep 3
check "still stale 3 s later" frr_v4_stale

# b. Back as a restart over preserved forwarding state.
mv "$EV_LOG" "$WORK/evpnd-first.log"
EVPND_GR_RESTARTING=1 EVPND_GR_FWD_PRESERVED=1 start_evpnd ev
check "session back" wait_until 30 frr_established frr 192.0.2.1
check_eq "FRR sees the R bit" "$(frr_nbr_q "n['gracefulRestartInfo'].get('rBit')")" true
log "FRR's gracefulRestartInfo of evpnd: $(frr_nbr_q "n['gracefulRestartInfo']")"
check_eq "FRR sees the F bit for ipv4 unicast" \
	"$(frr_nbr_q "n['gracefulRestartInfo'].get('ipv4Unicast', {}).get('fBit')")" true
check_eq "FRR got restart-time 60" \
	"$(frr_nbr_q "n['gracefulRestartInfo']['timers']['receivedRestartTimer']")" 60
check "FRR's routes from evpnd fresh again" wait_until 20 frr_has_all
check "evpnd: deferral over at FRR's End-of-RIB" wait_until 5 grep -q \
	"graceful restart: deferral over after [0-9]* ms (End-of-RIB from every neighbor)" "$EV_LOG"
ev_gr() { evctl show bgp neighbors json | json_q "d['192.0.2.2']['gracefulRestartInfo']$1"; }
# Nothing of ours left before the deferral ended (evpnd -v logs each UPDATE sent).
first_update=$(grep -n "neighbor 192.0.2.2: UPDATE sent" "$EV_LOG" | head -1 | cut -d: -f1)
deferral_end=$(grep -n "graceful restart: deferral over" "$EV_LOG" | head -1 | cut -d: -f1)
check "evpnd: no UPDATE sent before the deferral ended" [ "${first_update:-0}" -gt "${deferral_end:-0}" ]
check "evpnd: FRR's End-of-RIB came before the deferral ended" eval \
	'[ "$(grep -n "192.0.2.2: UPDATE received: End-of-RIB" "$EV_LOG" | tail -1 | cut -d: -f1)" -lt "$deferral_end" ]'
check_eq "evpnd: R bit sent" "$(ev_gr "['localRBit']")" true
check_eq "evpnd: F bit sent" "$(ev_gr "['localFBit']")" true
check_eq "evpnd: deferral done" "$(ev_gr "['restartingSpeaker']['deferralDone']")" true
check_eq "evpnd: deferral ended by End-of-RIB" \
	"$(ev_gr "['restartingSpeaker']['deferralEndedBy']")" endOfRib
check_eq "evpnd: FRR's End-of-RIB received for both families" \
	"$(ev_gr "['endOfRibRecv']")" '{"ipv4Unicast": true, "l2VpnEvpn": true}'
check "evpnd has FRR's 10.2.0.0/24 again" wait_until 5 eval '[ "$(ev_rib_has ipv4 10.2.0.0/24)" = true ]'
sleep 2
check "still fresh 2 s later" frr_has_all

# Never withdrawn: every sample from before the kill on saw the IPv4 path (the EVPN
# one, see frr_v4_stale, is gone while evpnd is down and back after the deferral).
log "samples: $(wc -l <"$WORK/samples"), distinct: $(awk '{ $1 = ""; print }' "$WORK/samples" | sort | uniq -c | tr '\n' ';')"
check_eq "FRR never lost evpnd's 10.1.0.0/24 (samples without it)" \
	"$(awk '$2 != 1' "$WORK/samples" | wc -l)" 0
check "FRR's samples end with both routes fresh" eval '[ "$(tail -1 "$WORK/samples" | cut -d" " -f2-)" = "1 1 0 0" ]'
it_done
