#!/bin/bash
# evpn_dup_test: duplicate MAC detection (RFC 7432 15.1; zebra's defaults: 5 moves in
# 180 s) on evpnd against an FRR + kernel VTEP. Host hm (one MAC, a link to each VTEP;
# lab in evpn_lab.sh) flaps between the kernel VTEP and evpnd. Moves 1 to 4 are
# followed as evpn_move_test does; the 5th (to evpnd) makes evpnd log the MAC as a
# duplicate and freeze it: `show evpn mac vni 100 detail` says DUPLICATE, FROZEN, and
# a 6th move (back to the kernel VTEP, a higher sequence from FRR) changes nothing on
# evpnd. `evpnctl clear evpn dup-addr` thaws it: evpnd applies the best path (FRR's),
# programs hm behind 192.0.2.2 and h1 reaches hm again.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=evpn_lab.sh
. "$(dirname "$0")/evpn_lab.sh"
evpn_lab_require
evpn_lab_up

check "FRR has evpnd's type-3" wait_until 15 kv_has "[3]:[0]:[32]:[192.0.2.1]"
check "evpnd has FRR's type-3" wait_until 15 ev_has "[3]:[0]:[32]:[192.0.2.2]"
check "hm (behind the kernel VTEP) -> h1 ping" ping_ok hm 10.1.0.1

at_ev() { [ "$(ev_mac "$HMMAC" type)" = "$1" ] && [ "$(ev_mac "$HMMAC" remoteVtep)" = "${2:-None}" ]; }
kv_at() { [ "$(kv_mac "$HMMAC" type)" = remote ] && [ "$(kv_mac "$HMMAC" remoteVtep)" = 192.0.2.1 ]; }
check "evpnd: hm remote behind 192.0.2.2" wait_until 10 at_ev remote 192.0.2.2

# A move: hm's link to one VTEP goes down, the other comes up (gratuitous ARP), and
# hm pings h1 (behind evpnd) from there.
to_ev() {
	nsx hm ip link set eth0 down
	nsx hm ip link set eth1 up
	ping_ok hm 10.1.0.1 || true
}
to_kv() {
	nsx hm ip link set eth1 down
	nsx hm ip link set eth0 up
	ping_ok hm 10.1.0.1 || true
}
for m in 1 2 3 4; do
	if [ $((m % 2)) = 1 ]; then
		to_ev
		check "move $m: evpnd has hm local" wait_until 10 at_ev local
		check "move $m: FRR has hm behind 192.0.2.1" wait_until 10 kv_at
	else
		to_kv
		check "move $m: evpnd has hm behind 192.0.2.2" wait_until 10 at_ev remote 192.0.2.2
	fi
	check_eq "move $m: evpnd not flagged duplicate yet" "$(ev_mac "$HMMAC" isDuplicate)" false
done
check_eq "detection count after 4 moves" "$(ev_mac "$HMMAC" detectionCount)" 4

# Move 5: the 5th move inside the window.
to_ev
check "move 5: evpnd has hm local" wait_until 10 at_ev local
check "move 5: evpnd flags hm duplicate" wait_until 5 eval '[ "$(ev_mac "$HMMAC" isDuplicate)" = true ]'
check_eq "move 5: and frozen" "$(ev_mac "$HMMAC" isFrozen)" true
check "evpnd logged the duplicate MAC" \
	grep -q "VNI 100: MAC $HMMAC detected as duplicate during local update.*frozen" "$EV_LOG"
evctl show evpn mac vni 100 detail >"$WORK/detail.txt"
cat "$WORK/detail.txt"
check "show evpn mac vni 100 detail: DUPLICATE, FROZEN" \
	eval 'grep -A5 "^MAC: $HMMAC" "$WORK/detail.txt" | grep "DUPLICATE, FROZEN" >/dev/null'
check "show evpn mac vni 100: flags DF" eval \
	'evctl show evpn mac vni 100 | grep -F "$HMMAC" | grep -w DF >/dev/null'

# Move 6: FRR advertises a higher sequence; evpnd, frozen, keeps hm where it was: its
# route stays advertised and FRR's is not installed (hm's link to evpnd went down, so
# the dataplane no longer has it as local: the link-down flush).
seq5=$(ev_mac "$HMMAC" localSequence)
to_kv
check "move 6: FRR advertises hm again (sequence above evpnd's $seq5)" wait_until 10 \
	eval '[ "$(ev_mac "$HMMAC" remoteSequence)" -gt "$seq5" ]'
sleep 1
check_eq "move 6: frozen hm: evpnd's route stays advertised" "$(ev_mac "$HMMAC" advertised)" true
check_eq "move 6: still frozen" "$(ev_mac "$HMMAC" isFrozen)" true
dp_mac() { evctl show mac json | json_q "[(m['type'], m.get('remoteVtep')) for m in d if m['mac'] == '$1']"; }
# (its link to evpnd is down: flushed, not local; frozen: not remote either; the
# query shows h1, local, so an empty answer is a real absence)
check_eq "move 6: the dataplane query works: h1 local" "$(dp_mac $H1MAC)" '[["local", null]]'
check_eq "move 6: dataplane has hm neither local (flushed) nor remote (frozen)" "$(dp_mac $HMMAC)" '[]'

# Thaw: the best path now is FRR's.
check_eq "clear evpn dup-addr" "$(evctl clear evpn dup-addr)" "Cleared 1 duplicate MAC"
check "after clear: evpnd has hm behind 192.0.2.2" wait_until 5 at_ev remote 192.0.2.2
check_eq "after clear: not duplicate" "$(ev_mac "$HMMAC" isDuplicate)" false
check_eq "after clear: not frozen" "$(ev_mac "$HMMAC" isFrozen)" false
check_eq "after clear: detection count reset" "$(ev_mac "$HMMAC" detectionCount)" 0
check_eq "after clear: dataplane has hm remote behind 192.0.2.2" "$(dp_mac $HMMAC)" \
	'[["remote", "192.0.2.2"]]'
check "after clear: h1 -> hm ping" ping_ok h1 10.1.0.9
check_eq "clear again: nothing to clear" "$(evctl clear evpn dup-addr vni 100)" \
	"Cleared 0 duplicate MACs"

evctl show evpn mac vni 100 detail
check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
