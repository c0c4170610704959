#!/bin/bash
# evpn_rr_loss_test: losing route reflectors. evpnd and the FRR + kernel VTEP kv are
# clients of two FRR route reflectors, rr (10.0.0.3) and rr2 (10.0.0.4), as an
# operator runs them; the lab is evpn_lab.sh's with rr2 beside rr on the management
# switch. iBGP timers 3 9.
#
# Checks: kv's MAC (h2) and flood entry (192.0.2.2) come through both reflectors;
# rr's bgpd killed while h1 pings h2 every 20 ms: forwarding goes on (loss bounded,
# replies after the session went down), h2 stays programmed behind 192.0.2.2; then
# rr2's bgpd stopped (SIGSTOP: its TCP stays open, it sends nothing): evpnd's hold
# timer expires and the remote MAC and the flood-list entry leave the dataplane
# (`show mac`, `show bridge-domain`, `show vtep`, `show evpn vni`), h1's local MAC
# stays.
# shellcheck disable=SC2016 # eval'd checks in single quotes
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=evpn_lab.sh
. "$(dirname "$0")/evpn_lab.sh"
evpn_lab_require
MAX_LOSS=${RR_LOSS_MAX:-10} # of the ~130 pings across the kill: 200 ms at 20 ms

evpn_lab_topology
ns_add rr2
mgmt_plug rr2 eth0 10.0.0.4/24
nsx rr2 ip route add 192.0.2.0/24 via 10.0.0.2

evpnd_conf_vtep net_af_packet0,iface=ul0 192.0.2.1/24 h0 <<EOF
bridge-domain 100
 vni 100
 member host0 untagged
$(evpnd_evpn_bgp 10.0.0.3 10.0.0.4)
EOF

# bgp_conf ROUTER_ID NEIGHBOR... [-- RR_CLIENT...]: an FRR bgpd configuration, AS
# 65000, l2vpn evpn only, timers 3 9; RR_CLIENTs are route-reflector clients.
bgp_conf() {
	local id=$1 nb rrc=0 all=() clients=()
	shift
	for nb in "$@"; do
		if [ "$nb" = -- ]; then rrc=1; elif [ $rrc = 1 ]; then clients+=("$nb"); else all+=("$nb"); fi
	done
	all+=("${clients[@]}")
	printf 'router bgp 65000\n bgp router-id %s\n no bgp default ipv4-unicast\n' "$id"
	for nb in "${all[@]}"; do
		printf ' neighbor %s remote-as 65000\n neighbor %s timers 3 9\n' "$nb" "$nb"
		printf ' neighbor %s timers connect 2\n' "$nb"
	done
	echo " address-family l2vpn evpn"
	for nb in "${all[@]}"; do echo "  neighbor $nb activate"; done
	for nb in "${clients[@]}"; do echo "  neighbor $nb route-reflector-client"; done
	[ "$id" != 10.0.0.2 ] || echo "  advertise-all-vni"
	echo " exit-address-family"
}
bgp_conf 10.0.0.2 10.0.0.3 10.0.0.4 | frr_conf kv
bgp_conf 10.0.0.3 -- 10.0.0.1 10.0.0.2 | frr_conf rr
bgp_conf 10.0.0.4 -- 10.0.0.1 10.0.0.2 | frr_conf rr2
frr_start kv
frr_start rr
frr_start rr2
start_evpnd ev
wait_until 30 ev_established 10.0.0.3 10.0.0.4 || bgp_die "evpnd: sessions with rr and rr2"
pass "evpnd has both route reflectors Established"
wait_until 30 frr_established kv 10.0.0.3 10.0.0.4 || bgp_die "kv: sessions with rr and rr2"
pass "kv has both route reflectors Established"

# Views of evpnd's dataplane; each fails when evpnd does not answer.
dp_mac() {
	evctl show mac json |
		json_q "[[m['type'], m.get('remoteVtep')] for m in d if m['mac'] == '$1']"
}
dp_mac_is() { [ "$(dp_mac "$1")" = "$2" ]; }
# flood_is JSON: bridge domain 100 is there and its flood list is JSON.
flood_is() {
	[ "$(evctl show bridge-domain json |
		json_q "[[f['vtep'] for f in b['floodList']] for b in d if b['vni'] == 100]")" = "$1" ]
}
H2_REMOTE='[["remote", "192.0.2.2"]]'
# vtep_listed true|false: `show vtep` answered, with (true) or without kv's next hop.
vtep_listed() {
	[ "$(evctl show vtep json | json_q "any(v['remoteVtep'] == '192.0.2.2' for v in d)")" = "$1" ]
}
# n_paths PREFIX: how many paths of PREFIX a BGP table (JSON on stdin) has, one per
# reflector (FRR 8: RD -> prefix -> paths).
n_paths() {
	json_q "sum(len(e['paths']) for rd, v in d.items() if isinstance(v, dict)
		for k, e in v.items() if k == '$1')"
}
paths_h2() { evctl show bgp l2vpn evpn route json | n_paths "[2]:[0]:[48]:[$H2MAC]"; }
kv_paths_h1() { vty kv "show bgp l2vpn evpn route json" | n_paths "[2]:[0]:[48]:[$H1MAC]"; }

check "h1 -> h2 ping" ping_ok h1 10.1.0.2
check "evpnd: h2 remote behind 192.0.2.2" wait_until 10 dp_mac_is $H2MAC "$H2_REMOTE"
check "evpnd: flood list of VNI 100 is 192.0.2.2" wait_until 10 flood_is '[["192.0.2.2"]]'
check "evpnd: kv's type-2 of h2 from both reflectors" wait_until 10 eval '[ "$(paths_h2)" = 2 ]'
check "evpnd: show vtep lists 192.0.2.2" vtep_listed true
check_eq "evpnd: h1 local" "$(dp_mac $H1MAC)" '[["local", null]]'
check "kv: evpnd's type-2 of h1 from both reflectors" wait_until 10 eval '[ "$(kv_paths_h1)" = 2 ]'

# rr's bgpd killed under a 20 ms ping: its sessions close at once, and both VTEPs go
# on with rr2's paths.
ip netns exec "$(ns h1)" ping -i 0.02 -W 1 10.1.0.2 >"$WORK/flow.out" 2>&1 &
pinger=$!
IT_PIDS+=("$pinger")
wait_until 5 grep -q "icmp_seq=10 " "$WORK/flow.out" || die "the 20 ms pinger did not start"
frr_kill rr KILL
check "evpnd: session with rr down" wait_until 10 eval '! ev_established 10.0.0.3'
log "evpnd saw rr go: $(grep -o "%ADJCHANGE: neighbor 10.0.0.3 Down.*" "$EV_LOG" | head -1)"
# last_reply: the sequence number of the pinger's last reply.
last_reply() { grep -o "icmp_seq=[0-9]*" "$WORK/flow.out" | tail -1 | cut -d= -f2; }
seq_at_down=$(last_reply)
# 100 more replies (2 s; kv's side, zebra and the kernel FDB, follows rr's loss too).
check "replies went on after the session went down (#$seq_at_down at the down)" \
	wait_until 20 eval '[ "$(last_reply)" -ge $((seq_at_down + 100)) ]'
kill -INT "$pinger"
wait "$pinger" 2>/dev/null || true
sent=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$WORK/flow.out")
got=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$WORK/flow.out")
log "20 ms ping across rr's loss: $sent sent, $got received"
loss_ok() { [ -n "$sent" ] && [ $((sent - ${got:-0})) -le "$MAX_LOSS" ]; }
check "pings answered across the kill: $got of $sent, at most $MAX_LOSS lost" loss_ok
check_eq "evpnd: h2 still remote behind 192.0.2.2" "$(dp_mac $H2MAC)" "$H2_REMOTE"
check "evpnd: flood list still 192.0.2.2" flood_is '[["192.0.2.2"]]'
check_eq "evpnd: one path left for h2 (rr2's)" "$(paths_h2)" 1

# rr2 stops answering (its bgpd stopped, the TCP session open): evpnd's hold timer
# (9 s) expires and what rr2 brought leaves the dataplane.
frr_kill rr2 STOP
check "evpnd: hold timer with rr2 expired" wait_until 20 grep -q \
	"%ADJCHANGE: neighbor 10.0.0.4 Down NOTIFICATION sent Hold Timer Expired (4/0)" "$EV_LOG"
check "evpnd: h2 gone from the dataplane" wait_until 5 dp_mac_is $H2MAC '[]'
check "evpnd: flood list of VNI 100 empty" wait_until 5 flood_is '[[]]'
check "evpnd: show vtep no longer lists 192.0.2.2" wait_until 5 vtep_listed false
check_eq "evpnd: show evpn vni: no remote VTEP" \
	"$(evctl show evpn vni 100 json | json_q "d['numRemoteVteps']")" '[]'
check_eq "evpnd: h1 still local (the views work)" "$(dp_mac $H1MAC)" '[["local", null]]'
frr_kill rr2 CONT

evctl show vtep
evctl show bgp summary
check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
