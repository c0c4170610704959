#!/bin/bash
# reload_test: live configuration reload (evpnctl reload, SIGHUP) under traffic. A
# reload adds a flood-vtep and a member (h3 then pings across to the kernel VTEP's
# host), static MACs come and go, a SIGHUP removes the member; reloads with a bad
# line or a port change are refused whole (file:line and the reason), leave
# show running-config as it was, and a ping running all along loses nothing.
#
#   h1 10.1.0.1 --- host0 [evpnd] uplink0 192.0.2.1 ==== 192.0.2.2 [kernel VTEP kv] --- h2 10.1.0.2
#   h3 10.1.0.3 --- host1
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

require_root
require_cmd ping
require_build

lab_ev_kv 192.0.2.2/24 192.0.2.1
ns_add h3
veth ev h3p h3 eth0
host h3 eth0 10.1.0.3/24 02:00:00:01:00:03

# conf FLOOD MEMBER3 [MORE]: the bridge domain with or without the flood-vtep and
# host1, then MORE lines of it.
conf() {
	evpnd_conf_vtep net_af_packet0,iface=ul0 192.0.2.1/24 h0 h3p <<EOF2
bridge-domain 100
 vni 100
 member host0 untagged
$([ "$2" = yes ] && echo " member host1 untagged")
$([ "$1" = yes ] && echo " flood-vtep 192.0.2.2")
${3:-}
EOF2
}
conf no no
start_evpnd ev
running() { evctl show running-config; }
# not CMD...: CMD fails.
not() { ! "$@"; }
# reload_to OUT [FILE]: evpnctl reload [FILE], its answer in OUT (a long timeout: the
# 2 CPUs of a loaded test machine may leave evpnd's control thread waiting seconds).
reload_to() { "$EVPNCTL" -s "$EV_SOCK" -t 30 reload ${2:+"$2"} >"$1" 2>&1; }

check "no flood-vtep yet: h1 cannot reach h2" not ping_ok h1 10.1.0.2 -w 2
conf yes yes
reload_to "$WORK/reload1.out" "$WORK/evpnd.conf" || die "reload refused: $(cat "$WORK/reload1.out")"
check "reload reports the flood-vtep added" grep -q "bridge-domain 100: flood-vtep 192.0.2.2 added" "$WORK/reload1.out"
check "reload reports the member added" grep -q "bridge-domain 100: member host1 untagged added" "$WORK/reload1.out"
check "reload logged its summary" grep -q "2 changes applied" "$EV_LOG"
check "running-config has the member" grep -q "member host1 untagged" <(running)
wait_until 10 vteps_resolved 1 || die "evpnd did not resolve VTEP 192.0.2.2"
nsx h1 ip neigh flush all # the failed ARP of the first ping
check "h1 -> h2 after the reload" ping_ok h1 10.1.0.2
check "h3 (member added by reload) -> h2" ping_ok h3 10.1.0.2

# A ping runs through everything below; it must lose nothing.
ip netns exec "$(ns h1)" ping -i 0.05 10.1.0.2 >"$WORK/bg.out" 2>&1 &
bg=$!
IT_PIDS+=("$bg")
sleep 1
before=$(running)

cp "$WORK/evpnd.conf" "$WORK/bad.conf"
echo " flood-vtep 300.1.2.3" >>"$WORK/bad.conf"
line=$(wc -l <"$WORK/bad.conf")
check "a bad line is refused" not reload_to "$WORK/bad.out" "$WORK/bad.conf"
check "the refusal names file:line" grep -q "^$WORK/bad.conf:$line: " "$WORK/bad.out"
sed 's/iface=h3p/iface=h3p,qdisc_bypass=1/' "$WORK/evpnd.conf" >"$WORK/port.conf"
check "a port change is refused" not reload_to "$WORK/port.out" "$WORK/port.conf"
check "the refusal says a restart is needed" grep -q "port.conf:[0-9]*: dataplane: ports change (port host1): restart evpnd" "$WORK/port.out"
conf yes yes " mac-aging-time 60"
check "a setting not changeable at run time is refused" not reload_to "$WORK/aging.out"
check "the refusal names it" grep -q 'section "bridge-domain 100": "mac-aging-time 60" changed: restart evpnd' "$WORK/aging.out"
cat "$WORK/bad.out" "$WORK/port.out" "$WORK/aging.out"
check "running-config unchanged by the refused reloads" [ "$(running)" = "$before" ]
check_eq "refused reloads logged" "$(grep -c "reload of .* refused, nothing changed" "$EV_LOG")" 3
check "h3 still pings" ping_ok h3 10.1.0.2

# Static MACs: a remote one and a local one, added then removed.
has_mac() { [ "$(evctl show mac json | json_q "any(m['mac'] == '$1' for m in d)")" = "${2:-true}" ]; }
conf yes yes " mac 02:00:00:0a:00:01 remote-vtep 192.0.2.2
 mac 02:00:00:0a:00:02 port host0"
check "reload (default file) adds static MACs" reload_to "$WORK/macs.out"
check "static remote MAC in the table" has_mac 02:00:00:0a:00:01
check "static local MAC in the table" has_mac 02:00:00:0a:00:02
conf yes yes
kill -HUP "$EV_PID"
check "SIGHUP removes the static remote MAC" wait_until 5 has_mac 02:00:00:0a:00:01 false
check "SIGHUP removes the static local MAC" wait_until 5 has_mac 02:00:00:0a:00:02 false

# SIGHUP takes the member away: h3 is cut off, h1 is not.
conf yes no
kill -HUP "$EV_PID"
check "SIGHUP reload logged" wait_until 5 grep -q "bridge-domain 100: member host1 untagged removed" "$EV_LOG"
check "running-config without the member" not grep -q "member host1" <(running)
check "h3 (member removed) no longer reaches h2" not ping_ok h3 10.1.0.2 -w 2
check "h3's MAC flushed with its member" grep -q "mac 02:00:00:01:00:03 flushed" "$EV_LOG"
check "h1's MAC not flushed (another member)" not grep -q "mac 02:00:00:01:00:01 flushed" "$EV_LOG"

sleep 0.5
kill -INT "$bg"
wait "$bg" || true
sent=$(awk '/packets transmitted/ { print $1 }' "$WORK/bg.out")
got=$(awk '/packets transmitted/ { print $4 }' "$WORK/bg.out")
log "background ping: $sent sent, $got received"
check "background ping ran ($sent sent)" [ "${sent:-0}" -ge 40 ]
check_eq "background ping lost nothing" "$got" "$sent"

# What show running-config prints is what runs: reloading it changes nothing.
running >"$WORK/running.conf"
check "reload of show running-config's output" reload_to "$WORK/same.out" "$WORK/running.conf"
check_eq "it has no change" "$(cat "$WORK/same.out")" "0 changes applied"

check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
