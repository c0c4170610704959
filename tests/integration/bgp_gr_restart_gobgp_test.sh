#!/bin/bash
# bgp_gr_restart_gobgp_test: bgp_gr_restart_test with gobgpd (eBGP, graceful restart
# helper for ipv4 unicast and l2vpn evpn) as the peer instead of FRR. evpnd advertises
# 10.1.0.0/24 and the type-3 route of VNI 100; killed with SIGKILL, then started again
# as a restart over preserved forwarding state (EVPND_GR_RESTARTING=1
# EVPND_GR_FWD_PRESERVED=1, for tests). Checks: gobgpd keeps both routes, stale, while
# evpnd is down; evpnd defers its routes until gobgpd's End-of-RIB (or
# select-defer-time: what ended it is logged and shown); both routes are fresh at
# gobgpd afterwards and were never missing (sampled every ~0.2 s).
. "$(dirname "$0")/lib.sh"
# One process even under EV_SPLIT=1: the test kills evpnd itself and restarts it
# restarting (EVPND_GR_*); split_restart_test is the --split case.
export EV_SPLIT=0
require_root
require_build
require_cmd gobgpd gobgp

API=127.0.0.1:50051
lab_ev_peer gob

cat >"$WORK/evpnd.conf" <<CONF
dataplane
 port null0 devargs net_null0,no-rx=1
 port host0 devargs net_null1,no-rx=1
underlay
 vtep-address 198.51.100.1
bridge-domain 100
 vni 100
 member host0 untagged
router bgp 65000
 bgp router-id 198.51.100.1
 bgp graceful-restart
 bgp graceful-restart restart-time 60
 bgp graceful-restart select-defer-time 20
 neighbor 192.0.2.2 remote-as 65001
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

cat >"$WORK/gobgpd.toml" <<CONF
[global.config]
  as = 65001
  router-id = "198.51.100.2"
  local-address-list = ["192.0.2.2"]
[[neighbors]]
  [neighbors.config]
    neighbor-address = "192.0.2.1"
    peer-as = 65000
  [neighbors.timers.config]
    hold-time = 9
    keepalive-interval = 3
    connect-retry = 1
  [neighbors.graceful-restart.config]
    enabled = true
    helper-only = true
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
    [neighbors.afi-safis.mp-graceful-restart.config]
      enabled = true
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "l2vpn-evpn"
    [neighbors.afi-safis.mp-graceful-restart.config]
      enabled = true
CONF
nsx gob gobgpd -f "$WORK/gobgpd.toml" -t toml --api-hosts "$API" -p >"$WORK/gobgpd.log" 2>&1 &
IT_PIDS+=("$!")
gob() { nsx gob gobgp -u 127.0.0.1 -p 50051 "$@"; }
wait_until 10 eval 'gob global >/dev/null 2>&1' || die "gobgpd did not start: $(tail -5 "$WORK/gobgpd.log")"
start_evpnd ev

# gobgpd's view of evpnd's routes: "N_V4 N_EVPN STALE_V4 STALE_EVPN".
gob_view() {
	local v4 evpn
	v4=$(gob neighbor 192.0.2.1 adj-in -a ipv4 -j) || return 1
	evpn=$(gob neighbor 192.0.2.1 adj-in -a evpn -j) || return 1
	"$PY" -c '
import json, sys
def paths(t):
	d = json.loads(t or "{}") or {}
	return [p for ps in d.values() for p in ps] if isinstance(d, dict) else []
p4, pe = paths(sys.argv[1]), paths(sys.argv[2])
print(len(p4), len(pe), sum(1 for p in p4 if p.get("stale")), sum(1 for p in pe if p.get("stale")))
' "$v4" "$evpn"
}
gob_has_all() { [ "$(gob_view)" = "1 1 0 0" ]; }
gob_all_stale() { [ "$(gob_view)" = "1 1 1 1" ]; }
gob_state() { gob neighbor 192.0.2.1 -j | json_q "d['state']['session_state']"; }
gob_up() { [ "$(gob_state)" = 6 ] || [ "$(gob_state)" = established ]; }
gob_down() { ! gob_up; }

wait_until 30 gob_up || bgp_die "session did not establish: gobgpd says $(gob_state)"
pass "session established"
check "gobgpd has evpnd's 10.1.0.0/24 and type-3, fresh" wait_until 15 gob_has_all
(
	while :; do
		echo "$(date +%s.%N) $(gob_view 2>/dev/null || echo error)"
		sleep 0.2
	done
) >"$WORK/samples" 2>&1 &
IT_PIDS+=("$!")
sleep 1

kill -KILL "$EV_PID"
wait "$EV_PID" 2>/dev/null || true
EV_PID=
check "gobgpd sees the session down" wait_until 15 gob_down
check "gobgpd keeps evpnd's routes, stale" wait_until 5 gob_all_stale
log "gobgpd's view of evpnd's routes while it is down (v4 evpn v4-stale evpn-stale): $(gob_view)"

mv "$EV_LOG" "$WORK/evpnd-first.log"
EVPND_GR_RESTARTING=1 EVPND_GR_FWD_PRESERVED=1 start_evpnd ev
check "session back" wait_until 30 gob_up
check "evpnd: deferral over" wait_until 25 grep -q "graceful restart: deferral over" "$EV_LOG"
log "evpnd: $(grep "graceful restart: deferral over" "$EV_LOG")"
first_update=$(grep -n "neighbor 192.0.2.2: UPDATE sent" "$EV_LOG" | head -1 | cut -d: -f1)
deferral_end=$(grep -n "graceful restart: deferral over" "$EV_LOG" | head -1 | cut -d: -f1)
check "evpnd: no UPDATE sent before the deferral ended" [ "${first_update:-0}" -gt "${deferral_end:-0}" ]
check "gobgpd's routes from evpnd fresh again" wait_until 10 gob_has_all
log "gobgpd's neighbor graceful restart state: $(gob neighbor 192.0.2.1 -j | json_q "d.get('graceful_restart')")"
log "samples: $(wc -l <"$WORK/samples"), distinct: $(awk '{ $1 = ""; print }' "$WORK/samples" | sort | uniq -c | tr '\n' ';')"
check_eq "gobgpd never lost evpnd's routes (samples without both)" \
	"$(awk '$2 != 1 || $3 != 1' "$WORK/samples" | wc -l)" 0
it_done
