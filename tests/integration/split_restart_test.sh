#!/bin/bash
# split_restart_test: evpnd --split keeps forwarding while its control process dies.
# The EVPN lab (evpn_lab.sh: gobgpd route reflector as graceful-restart helper, FRR +
# kernel VXLAN VTEP) with evpnd
# as a forwarding process and evpnd-cp beside it, "bgp graceful-restart" on. h1 (behind
# evpnd) pings h2 (behind the kernel VTEP) 100 times a second; evpnd-cp is killed (-9)
# mid-way. Checks: not one ping lost; the forwarding process starts a new evpnd-cp,
# which finds the tables kept (restart), comes back to the route reflector as a
# graceful-restart restarting speaker (R and F bits), and re-synchronises; the route
# reflector and the kernel VTEP kept h1's route the whole time (no withdraw: FRR's
# route count never fell); a static MAC removed from the configuration meanwhile is
# swept from the dataplane once the new control process is done, and only it. Then
# the same over a SIGTERM to evpnd-cp (an upgrade: it leaves without a Cease).
# EVPN_RR=frr: FRR as the route reflector instead. FRR 8.4 keeps no EVPN route of a
# restarting peer (it is a helper for unicast only, FRR issue 9749), so the kernel VTEP
# loses evpnd's routes until the new evpnd-cp sends them again: the loss is measured
# and reported, the no-loss checks are skipped.
export EVPN_RR=${EVPN_RR:-gobgp} GOBGP_GR=1
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=evpn_lab.sh
. "$(dirname "$0")/evpn_lab.sh"
evpn_lab_require
export EV_SPLIT=1
GONE_MAC=02:00:00:0a:00:01 # a static remote MAC the restart's configuration no longer has
ev_conf() {
	evpnd_conf_vtep net_af_packet0,iface=ul0 192.0.2.1/24 h0 hme <<EOF
bridge-domain 100
 vni 100
 member host0 untagged
 member host1 untagged
 mac $GONE_MAC remote-vtep 192.0.2.50
$(evpnd_evpn_bgp 10.0.0.3 | sed 's/^ no bgp default ipv4-unicast$/&\n bgp graceful-restart/')
EOF
}
evpn_lab_up ev_conf
grep -q "evpnd-cp running.*first start" "$EV_LOG" || fail "evpnd-cp did not say it is a first start"

check "h1 -> h2 ping" ping_ok h1 10.1.0.2
check "FRR has evpnd's type-2 for h1" wait_until 10 kv_has "[2]:[0]:[48]:[$H1MAC]"
static_in_dp() { evctl show mac json | json_q "any(m['mac'] == '$GONE_MAC' for m in d)"; }
check_eq "static MAC $GONE_MAC in the dataplane" "$(static_in_dp)" true

cp_pid() { sed -n 's/.*control process .* started (pid \([0-9]*\), run '"$1"').*/\1/p' "$EV_LOG"; }
pid1=$(cp_pid 1)
[ -n "$pid1" ] || die "no evpnd-cp pid in the log"

# The route reflector's routes from evpnd, sampled while it restarts: never fewer.
rr_count() {
	if [ "$RR" = gobgp ]; then
		nsx rr gobgp global rib -a evpn -j 2>/dev/null |
			json_q "sum(1 for ps in d.values() for p in ps if any(a.get('nexthop') == '192.0.2.1' for a in p.get('attrs', [])))" 2>/dev/null || echo -1
		return
	fi
	vty rr 'show bgp l2vpn evpn json' 2>/dev/null |
		json_q "sum(1 for rd in d.values() if isinstance(rd, dict) for p in rd.values() if isinstance(p, dict) and any(x.get('nexthops', [{}])[0].get('ip') == '192.0.2.1' for x in p.get('paths', [])))" 2>/dev/null || echo -1
}
before=$(rr_count)
log "route reflector has $before routes of evpnd"
(
	while :; do rr_count; sleep 0.3; done
) >"$WORK/rr_counts" &
IT_PIDS+=($!)

# 100 pings a second for 12 s: evpnd-cp dies 2 s in.
ip netns exec "$(ns h1)" ping -q -i 0.01 -c 1200 -W 1 10.1.0.2 >"$WORK/flow.out" 2>&1 &
flow=$!
IT_PIDS+=("$flow")
sleep 2
# the next configuration lacks the static MAC: the new control process does not set it
sed -i "/ mac $GONE_MAC /d" "$WORK/evpnd.conf"
t_kill=$(date +%s%N)
kill -9 "$pid1"
log "evpnd-cp $pid1 killed (-9)"
second_cp() { [ -n "$(cp_pid 2)" ]; }
check "the forwarding process starts evpnd-cp again" wait_until 10 second_cp
restarted() { grep -q "evpnd-cp running.*restarted over" "$EV_LOG"; }
check "the new evpnd-cp finds the tables kept (a restart)" wait_until 10 restarted
check "the session to the route reflector is back" wait_until 30 ev_up
synced() { grep -q "re-synchronised with the forwarding process" "$EV_LOG"; }
check "evpnd-cp re-synchronised" wait_until 30 synced
t_sync=$(date +%s%N)
log "kill -> re-synchronised: $(((t_sync - t_kill) / 1000000)) ms (as the test saw it)"
wait "$flow" || true
tx=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$WORK/flow.out")
rx=$(sed -n 's/.*transmitted, \([0-9]*\) received.*/\1/p' "$WORK/flow.out")
log "flow: $tx sent, $rx received ($(cat "$WORK/flow.out" | tail -2 | tr '\n' ' '))"
min=$(sort -n "$WORK/rr_counts" | head -1)
if [ "$RR" = gobgp ]; then
	check_eq "no ping lost while evpnd-cp died and came back" "$rx" "$tx"
	check "the route reflector kept evpnd's $before routes throughout (min $min)" \
		[ "$min" -ge "$before" ]
else
	log "FRR route reflector: $((tx - rx)) pings lost, its count of evpnd's routes fell to $min (FRR issue 9749)"
fi
gone() { [ "$(static_in_dp)" = false ]; }
check "the static MAC the configuration dropped is swept" wait_until 10 gone
proc() { evctl show dataplane process json | json_q "$1"; }
check_eq "show dataplane process: second control process, synchronised" \
	"$(proc "[d['split'], d['controlConnections'], d['synchronised'], d['controlPid'] == $(cp_pid 2)]")" \
	'[true, 2, true, true]'
check "show dataplane process: the sweep removed the static MAC (and what hung on it)" \
	[ "$(proc "d['lastSweepRemoved']")" -ge 1 ]
evctl show dataplane process
check "h1 -> h2 ping after the restart" ping_ok h1 10.1.0.2
check_eq "h2 still a remote MAC in the dataplane" \
	"$(evctl show mac json | json_q "[m['type'] for m in d if m['mac'] == '$H2MAC']")" '["remote"]'
# An upgrade's restart: SIGTERM to evpnd-cp, which leaves without a Cease.
pid2=$(cp_pid 2)
ip netns exec "$(ns h1)" ping -q -i 0.01 -c 600 -W 1 10.1.0.2 >"$WORK/flow2.out" 2>&1 &
flow=$!
IT_PIDS+=("$flow")
sleep 1
kill -TERM "$pid2"
third_cp() { [ -n "$(cp_pid 3)" ]; }
check "SIGTERM to evpnd-cp: the forwarding process starts the next one" wait_until 10 third_cp
check "evpnd-cp exited without a Cease" grep -q "SIGTERM: exiting for a restart" "$EV_LOG"
synced3() { [ "$(proc "[d['controlConnections'], d['synchronised']]" 2>/dev/null)" = '[3, true]' ]; }
check "the third evpnd-cp re-synchronised" wait_until 30 synced3
wait "$flow" || true
tx=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$WORK/flow2.out")
rx=$(sed -n 's/.*transmitted, \([0-9]*\) received.*/\1/p' "$WORK/flow2.out")
log "flow over the SIGTERM restart: $tx sent, $rx received"
[ "$RR" != gobgp ] || check_eq "no ping lost over a SIGTERM restart of evpnd-cp" "$rx" "$tx"
# The restarts as Prometheus sees them (Prometheus' own parser; the third evpnd-cp serves).
nsx ev "$PY" "$IT_DIR/metrics_scrape.py" http://127.0.0.1:9440/metrics >"$WORK/m.json"
m() { json_q "d['samples'].get('$1')" <"$WORK/m.json"; }
check_eq "metrics: the text parses and follows the conventions" "$(json_q "d['errors']" <"$WORK/m.json")" "[]"
check_eq "metrics: evpnd_control_process_starts_total" "$(m 'evpnd_control_process_starts_total{}')" 3.0
check_eq "metrics: evpnd_control_synchronised" "$(m 'evpnd_control_synchronised{}')" 1.0
check_eq "metrics: evpnd_dataplane_entries_stale" "$(m 'evpnd_dataplane_entries_stale{}')" 0.0
grep -E "forwarding: |re-synchronised" "$EV_LOG" | tail -5
check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
