#!/bin/bash
# configure_test: live configuration by command (evpnctl configure) under traffic. A
# configure adds bridge domain 200 with a member and a flood-vtep (h3 then pings h4
# behind the kernel VTEP's VNI 200), another removes a static MAC; edits that cannot
# be placed, or that reload refuses (a port that does not exist, a worker lcore
# change), answer the reason with the edit line, exit 1, and leave show
# running-config as it was; "no bridge-domain 200" takes the domain away again;
# "write file" saves show running-config. A ping in VNI 100 loses nothing.
#
#   h1 10.1.0.1 --- host0 [evpnd] uplink0 192.0.2.1 ==== 192.0.2.2 [kernel VTEP kv] --- h2 10.1.0.2
#   h3 10.2.0.3 --- host1                                       (VNI 200) --- h4 10.2.0.4
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

require_root
require_cmd ping
require_build

lab_ev_kv 192.0.2.2/24 192.0.2.1
kvtep_vni kv 200 192.0.2.2
nsx kv bridge fdb append 00:00:00:00:00:00 dev vxlan200 dst 192.0.2.1
ns_add h3 h4
veth ev h3p h3 eth0
veth kv h4k h4 eth0
kvtep_attach kv h4k 200
host h3 eth0 10.2.0.3/24 02:00:00:02:00:03
host h4 eth0 10.2.0.4/24 02:00:00:02:00:04

evpnd_conf_vtep net_af_packet0,iface=ul0 192.0.2.1/24 h0 h3p <<EOF2
bridge-domain 100
 vni 100
 member host0 untagged
 mac 02:00:00:0a:00:02 port host0
 flood-vtep 192.0.2.2
EOF2
start_evpnd ev
running() { evctl show running-config; }
not() { ! "$@"; }
# conf OUT LINE...: evpnctl configure LINE..., its answer in OUT (a long timeout, as
# reload_test's).
conf() {
	local out=$1
	shift
	"$EVPNCTL" -s "$EV_SOCK" -t 30 configure "$@" >"$out" 2>&1
}
has_mac() { [ "$(evctl show mac json | json_q "any(m['mac'] == '$1' for m in d)")" = "${2:-true}" ]; }

wait_until 10 vteps_resolved 1 || die "evpnd did not resolve VTEP 192.0.2.2"
check "h1 -> h2 (VNI 100)" ping_ok h1 10.1.0.2
check "no bridge domain 200 yet: h3 cannot reach h4" not ping_ok h3 10.2.0.4 -w 2

# A ping runs through everything below; it must lose nothing.
ip netns exec "$(ns h1)" ping -i 0.05 10.1.0.2 >"$WORK/bg.out" 2>&1 &
bg=$!
IT_PIDS+=("$bg")
sleep 1

conf "$WORK/add.out" 'bridge-domain 200' ' vni 200' ' member host1 untagged' \
	' flood-vtep 192.0.2.2' || die "configure refused: $(cat "$WORK/add.out")"
cat "$WORK/add.out"
check "configure reports the domain added" grep -q "bridge-domain 200 (vni 200) added" "$WORK/add.out"
check "configure reports its summary" grep -q "changes applied" "$WORK/add.out"
check "running-config has bridge-domain 200" grep -q "^bridge-domain 200$" <(running)
bd200_member() { running | grep -A6 "^bridge-domain 200$" | grep -q "member host1 untagged"; }
check "running-config has its member" bd200_member
check "evpnd's file is not rewritten" not grep -q "bridge-domain 200" "$WORK/evpnd.conf"
nsx h3 ip neigh flush all # the failed ARP of the first ping
check "h3 -> h4 in the bridge domain configure added" ping_ok h3 10.2.0.4

check "static local MAC in the table" has_mac 02:00:00:0a:00:02
conf "$WORK/mac.out" 'bridge-domain 100' ' no mac 02:00:00:0a:00:02 port host0' ||
	die "configure refused: $(cat "$WORK/mac.out")"
check "configure reports the MAC removed" grep -q "bridge-domain 100: mac 02:00:00:0a:00:02 port host0 untagged removed" "$WORK/mac.out"
check "configure removed the static MAC" wait_until 5 has_mac 02:00:00:0a:00:02 false
check "running-config without it" not grep -q "mac 02:00:00:0a:00:02" <(running)

before=$(running)
check "a port that does not exist is refused" not conf "$WORK/port.out" 'bridge-domain 200' ' member host9 untagged'
cat "$WORK/port.out"
check "the refusal names the edit line" grep -q "^edit line 2 'member host9 untagged': .*host9" "$WORK/port.out"
check "the refusal says nothing changed" grep -q "^% configure refused, nothing changed" "$WORK/port.out"
check "an lcore change is refused" not conf "$WORK/lcore.out" 'dataplane' ' no worker-lcores 1' ' worker-lcores 2'
cat "$WORK/lcore.out"
check "the refusal says a restart is needed" grep -q "restart evpnd" "$WORK/lcore.out"
check "a new value for a setting (its line replaced) is refused" not conf "$WORK/aging.out" 'bridge-domain 100' ' mac-aging-time 60'
cat "$WORK/aging.out"
check "the refusal names it" grep -q '"mac-aging-time 60" changed: restart evpnd' "$WORK/aging.out"
check "a line that is not there cannot be removed" not conf "$WORK/nomac.out" 'bridge-domain 100' ' no mac 02:00:00:0a:00:99 port host0'
cat "$WORK/nomac.out"
check "the refusal names it" grep -q "edit line 2 'mac 02:00:00:0a:00:99 port host0': not in bridge-domain 100" "$WORK/nomac.out"
check "running-config unchanged by the refused edits" [ "$(running)" = "$before" ]
check "h3 still pings h4" ping_ok h3 10.2.0.4

conf "$WORK/del.out" 'no bridge-domain 200' || die "configure refused: $(cat "$WORK/del.out")"
check "configure reports the domain removed" grep -q "bridge-domain 200 (vni 200) removed" "$WORK/del.out"
check "running-config without bridge-domain 200" not grep -q "^bridge-domain 200" <(running)
check "h3 no longer reaches h4" not ping_ok h3 10.2.0.4 -w 2

# The lines of a file (-f), and "write file" of the result.
printf 'bridge-domain 200\n vni 200\n! a comment\n member host1 untagged\n flood-vtep 192.0.2.2\n' >"$WORK/edit.txt"
check "configure -f FILE" conf "$WORK/file.out" -f "$WORK/edit.txt"
check "it adds the domain again" grep -q "bridge-domain 200 (vni 200) added" "$WORK/file.out"
nsx h3 ip neigh flush all
check "h3 -> h4 again" ping_ok h3 10.2.0.4
# vtysh's abbreviation, and the one-line wire form (-c, stdin): nothing to change.
check_eq "conf, lines already there" "$("$EVPNCTL" -s "$EV_SOCK" -t 30 conf 'bridge-domain 200' ' vni 200')" "0 changes applied"
check_eq "the wire form" "$(evctl -c 'configure "bridge-domain 200; vni 200;no bridge-domain 200"')" "bridge-domain 200 (vni 200) removed
1 changes applied"
check "the wire form's edit applied" not grep -q "^bridge-domain 200" <(running)
check "configure -f again" conf "$WORK/file2.out" -f - <"$WORK/edit.txt"
check "write file" evctl write file "$WORK/saved.conf"
check "the file is show running-config" [ "$(cat "$WORK/saved.conf")" = "$(running)" ]

sleep 0.5
kill -INT "$bg"
wait "$bg" || true
sent=$(awk '/packets transmitted/ { print $1 }' "$WORK/bg.out")
got=$(awk '/packets transmitted/ { print $4 }' "$WORK/bg.out")
log "background ping: $sent sent, $got received"
check "background ping ran ($sent sent)" [ "${sent:-0}" -ge 40 ]
check_eq "background ping lost nothing" "$got" "$sent"

check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
