#!/bin/bash
# bgp_gr_restart_test: evpnd as graceful-restart RESTARTING speaker (RFC 4724 4.1)
# with FRR (192.0.2.2, FRR's default helper mode). evpnd (`bgp graceful-restart`,
# restart-time 60) advertises 10.1.0.0/24 and the type-3 route of VNI 100. Checks:
#   a. evpnd killed with SIGKILL: FRR keeps both routes, marked stale, a while;
#   b. evpnd started again as a restart over preserved forwarding state (the test
#      switches EVPND_GR_RESTARTING=1 EVPND_GR_FWD_PRESERVED=1; the split control
#      process sets them itself): FRR sees the R and F bits; evpnd defers its
#      routes until FRR's End-of-RIB (its log, and its show bgp neighbors json);
#      FRR's routes from evpnd become fresh and were never withdrawn meanwhile
#      (sampled every ~0.2 s from before the kill to the end).
. "$(dirname "$0")/lib.sh"
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
	"$PY" -c '
import json, sys
v4, evpn = json.loads(sys.argv[1]), json.loads(sys.argv[2])
p4 = [p for p in v4.get("paths", []) if p.get("peer", {}).get("peerId") == "192.0.2.1"]
pe = [p for rd in evpn.values() if isinstance(rd, dict) for r in rd.values()
	if isinstance(r, dict) for ps in r.get("paths", []) for p in (ps if isinstance(ps, list) else [ps])
	if p.get("peer", {}).get("peerId") == "192.0.2.1"]
print(len(p4), len(pe), sum(1 for p in p4 if p.get("stale")), sum(1 for p in pe if p.get("stale")))
' "$v4" "$evpn"
}
frr_has_all() { [ "$(frr_view)" = "1 1 0 0" ]; }
frr_all_stale() { [ "$(frr_view)" = "1 1 1 1" ]; }
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
check "FRR keeps evpnd's routes, stale" wait_until 5 frr_all_stale
sleep 3
check "still stale 3 s later" frr_all_stale

# b. Back as a restart over preserved forwarding state.
mv "$EV_LOG" "$WORK/evpnd-first.log"
EVPND_GR_RESTARTING=1 EVPND_GR_FWD_PRESERVED=1 start_evpnd ev
check "session back" wait_until 30 frr_established frr 192.0.2.1
check_eq "FRR sees the R bit" "$(frr_nbr_q "n['gracefulRestartInfo'].get('rBit')")" true
check "FRR's routes from evpnd fresh again" wait_until 20 frr_has_all
check "evpnd: deferral over at FRR's End-of-RIB" wait_until 5 grep -q \
	"graceful restart: deferral over after [0-9]* ms (End-of-RIB from every neighbor)" "$EV_LOG"
ev_gr() { evctl show bgp neighbors json | json_q "d['192.0.2.2']['gracefulRestartInfo']$1"; }
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

# Never withdrawn: every sample from before the kill on saw both paths.
log "samples: $(wc -l <"$WORK/samples"), distinct: $(awk '{ $1 = ""; print }' "$WORK/samples" | sort | uniq -c | tr '\n' ';')"
check_eq "FRR never lost evpnd's routes (samples with a count below 1 1)" \
	"$(awk '$2 != 1 || $3 != 1' "$WORK/samples" | wc -l)" 0
it_done
