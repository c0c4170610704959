#!/bin/bash
# deploy_test: evpnd runs as the systemd unit config/evpnd.service runs it, not as
# root: user nobody with exactly the unit's AmbientCapabilities (setpriv, no new
# privileges); it opens its af_packet ports, listens for BGP on port 179 and forwards.
# Each capability of the unit is needed: without it, start-up fails with the reason
# (BGP: no listening socket, with a warning).
# systemd-analyze accepts the unit.
#
#   h1 10.1.0.1 --- [host0  evpnd  uplink0] 192.0.2.1 ---- 192.0.2.2 [kernel VTEP kv] --- h2 10.1.0.2
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# One process even under EV_SPLIT=1 (its nobody cannot make sockets in $WORK); part 3
# runs --split as the unit does.
export EV_SPLIT=0

require_root
require_cmd setpriv ping ss
require_build

UNIT=$REPO/config/evpnd.service
caps=$(sed -n 's/^AmbientCapabilities=//p' "$UNIT")
bounding=$(sed -n 's/^CapabilityBoundingSet=//p' "$UNIT")
check_eq "the unit's bounding set is its ambient set" "$bounding" "$caps"
log "the unit's capabilities: $caps"

if command -v systemd-analyze >/dev/null; then
	sed "s|/usr/local/bin/evpnd|$EVPND|g" "$UNIT" >"$WORK/evpnd.service"
	check "systemd-analyze verify accepts the unit" systemd-analyze verify "$WORK/evpnd.service"
fi

lab_ev_kv 192.0.2.2/24 192.0.2.1
evpnd_conf_vtep net_af_packet0,iface=ul0 192.0.2.1/24 h0 <<EOF
bridge-domain 100
 vni 100
 member host0 untagged
 flood-vtep 192.0.2.2
router bgp 65000
 bgp router-id 192.0.2.1
 neighbor 192.0.2.2 remote-as 65000
EOF
# nobody reads the configuration and makes its socket in a directory of its own.
chmod 755 "$WORK"
chmod 644 "$WORK/evpnd.conf"
mkdir -m 0777 "$WORK/run"
EV_SOCK=$WORK/run/evpnd.sock

# wrap CAPS: setpriv as nobody with only CAPS ("CAP_A CAP_B"), none if empty.
wrap() {
	local list=-all c
	for c in $1; do list+=",+$(tr 'A-Z' 'a-z' <<<"${c#CAP_}")"; done
	EV_WRAP=(setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps="$list"
		--ambient-caps="$list" --bounding-set="$list" --no-new-privs)
}

# 1. Without each capability in turn: start-up fails saying why, or (port 179) BGP
# runs outgoing sessions only and says so.
started_or_exited() { # LOG PID
	grep -q "evpnd running" "$1" || ! kill -0 "$2" 2>/dev/null
}
for drop in $caps; do
	wrap "$(tr ' ' '\n' <<<"$caps" | grep -vx "$drop" | tr '\n' ' ')"
	log_f=$WORK/no-$drop.log
	ip netns exec "$PFX-ev" "${EV_WRAP[@]}" "$EVPND" -f "$WORK/evpnd.conf" -s "$EV_SOCK" -- \
		--no-huge -m 512 --no-pci --no-shconf --file-prefix "${PFX}ev" >"$log_f" 2>&1 &
	pid=$!
	IT_PIDS+=("$pid")
	wait_until 20 started_or_exited "$log_f" "$pid" || fail "without $drop: neither up nor down"
	if [ "$drop" = CAP_NET_BIND_SERVICE ]; then
		check "without $drop: $(grep -m1 'cannot listen on port 179' "$log_f")" \
			grep -q "cannot listen on port 179: Permission denied (outgoing sessions only)" "$log_f"
		stop_pid "$pid"
	else
		rc=0
		wait "$pid" || rc=$?
		check "without $drop start-up fails ($rc): $(grep -m1 'cannot\|failed' "$log_f")" \
			grep -q "start-up failed: Operation not permitted" "$log_f"
	fi
done

# 2. With the unit's capabilities: runs as nobody, listens on 179, forwards.
wrap "$caps"
start_evpnd ev
check_eq "evpnd's user id" "$(awk '/^Uid:/ {print $3}' "/proc/$EV_PID/status")" 65534
check_eq "evpnd's effective capabilities" "$(awk '/^CapEff:/ {print $2}' "/proc/$EV_PID/status")" \
	"$(awk '/^CapAmb:/ {print $2}' "/proc/$EV_PID/status")"
check "evpnd listens for BGP on port 179" bash -c \
	"ip netns exec $PFX-ev ss -ltnp | grep ':179 ' | grep -q evpnd"
wait_until 10 vteps_resolved 1 || fail "evpnd did not resolve VTEP 192.0.2.2"
check "h1 -> h2 ping through evpnd without root" ping_ok h1 10.1.0.2
check "h2 -> h1 ping" ping_ok h2 10.1.0.1
check "evpnd is alive" evpnd_alive
stop_evpnd

# 3. As the unit runs it: --split, evpnd-cp beside evpnd, both nobody with the same
# capabilities (ambient ones pass through the exec); the control process owns BGP.
grep -q -- '--split --dataplane-socket /run/evpnd/' "$UNIT" || fail "the unit does not run --split"
EV_ARGS=(--split --dataplane-socket "$WORK/run/dataplane.sock")
start_evpnd ev
cp_pid=$(sed -n 's/.*control process .* started (pid \([0-9]*\), run 1).*/\1/p' "$EV_LOG")
check_eq "evpnd-cp's user id" "$(awk '/^Uid:/ {print $3}' "/proc/$cp_pid/status")" 65534
check_eq "evpnd-cp's capabilities are evpnd's" \
	"$(awk '/^CapEff:/ {print $2}' "/proc/$cp_pid/status")" \
	"$(awk '/^CapEff:/ {print $2}' "/proc/$EV_PID/status")"
check "evpnd-cp listens for BGP on port 179" bash -c \
	"ip netns exec $PFX-ev ss -ltnp | grep ':179 ' | grep -q evpnd-cp"
wait_until 10 vteps_resolved 1 || fail "evpnd (split) did not resolve VTEP 192.0.2.2"
check "h1 -> h2 ping through evpnd --split without root" ping_ok h1 10.1.0.2
stop_evpnd
it_done
