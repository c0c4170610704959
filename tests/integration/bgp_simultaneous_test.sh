#!/bin/bash
# bgp_simultaneous_test: two evpnd, each configured active toward the other,
# started at the same moment, five times. Their first connections cross: each
# one's connection reaches the other while that one is still starting (Idle)
# or connecting itself. Before the fix both sides reset each other's
# connection, went Idle (which refuses connections) with the same back-off, and
# kept missing each other for good (3 of 5 starts never came up in 15 s). Now a
# TCP failure in OpenSent goes to Active (RFC 4271 8.2.2), an incoming
# connection during our own attempt is kept beside it, and the back-off has
# jitter. Checks: Established on both sides within 10 s every time, one
# session each (no flapping afterwards).
. "$(dirname "$0")/lib.sh"
require_root
require_build

ns_add a b
veth a eth0 b eth0
nsx a ip addr add 10.9.0.1/24 dev eth0
nsx b ip addr add 10.9.0.2/24 dev eth0

conf() { # conf ME PEER
	cat <<CONF
dataplane
 main-lcore 0
 worker-lcores 1
 port null0 devargs net_null0,no-rx=1
underlay
 vtep-address 192.0.2.$1
router bgp 65000
 bgp router-id 10.9.0.$1
 neighbor 10.9.0.$2 remote-as 65000
 neighbor 10.9.0.$2 timers connect 5
CONF
}
conf 1 2 >"$WORK/a.conf"
conf 2 1 >"$WORK/b.conf"

state() { # state SIDE: the one neighbor's state
	"$EVPNCTL" -s "$WORK/$1.sock" -t 2 show bgp neighbors json 2>/dev/null |
		json_q "[p['bgpState'] for p in d.values()][0]" 2>/dev/null
}
both_up() { [ "$(state a)" = Established ] && [ "$(state b)" = Established ]; }
established_count() {
	"$EVPNCTL" -s "$WORK/$1.sock" -t 2 show bgp neighbors json |
		json_q "[p['connectionsEstablished'] for p in d.values()][0]"
}

for round in 1 2 3 4 5; do
	pids=()
	for s in a b; do
		ip netns exec "$(ns $s)" "$EVPND" -f "$WORK/$s.conf" -s "$WORK/$s.sock" -v -- \
			--no-huge -m 256 --no-pci --no-shconf --file-prefix "${PFX}$s" \
			>"$WORK/$s-$round.log" 2>&1 &
		pids+=($!)
		IT_PIDS+=($!)
	done
	t0=$(date +%s%N)
	check "round $round: both Established within 10 s" wait_until 10 both_up
	log "round $round: up after $((($(date +%s%N) - t0) / 1000000)) ms"
	sleep 2
	check_eq "round $round: a established once" "$(established_count a)" 1
	check_eq "round $round: b established once" "$(established_count b)" 1
	for p in "${pids[@]}"; do stop_pid "$p"; done
done
it_done
