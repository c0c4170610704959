#!/bin/bash
# evpn_link_flush_test: a host leaves evpnd by link down (issue 8, item 1). Its MACs
# learned on that port must leave at once and their type-2 routes (MAC and MAC+IP) be
# withdrawn, not attract its traffic until they age out (300 s).
#
# hm (evpn_lab.sh) starts behind evpnd (eth1, port host1, untagged) and is silent
# (no gratuitous ARP on link up: a host that does not announce itself). Its link to evpnd
# goes down and its link to the FRR + kernel VTEP up while h1 (behind evpnd) and h2
# (behind kv) ping it every 10 ms; FRR must drop evpnd's routes for hm within 2 s and
# the pings recover (the outage is printed: LINK_PINGS=N sets the pings per host).
# hv, a VLAN host on port host2 (member vlan 10), then goes down: its MAC is flushed
# and withdrawn too. Link up is logged and `show port` follows the link.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=evpn_lab.sh
. "$(dirname "$0")/evpn_lab.sh"
evpn_lab_require

HVMAC=02:00:00:01:00:0a
PINGS=${LINK_PINGS:-400} # at 10 ms: the move happens after the first 100

# hm behind evpnd only, silent; hv on host2 in VLAN 10; VNI 100 on host0-2.
link_conf() {
	nsx hm ip link set eth0 down
	for i in all eth0 eth1; do nsx hm sysctl -qw "net.ipv4.conf.$i.arp_notify=0"; done
	nsx hm ip link set eth1 up
	ns_add hv
	veth ev hve hv eth0
	host_vlan hv eth0 10 10.1.0.10/24 "$HVMAC"
	evpnd_conf_vtep net_af_packet0,iface=ul0 192.0.2.1/24 h0 hme hve <<EOF
bridge-domain 100
 vni 100
 member host0 untagged
 member host1 untagged
 member host2 vlan 10
$(evpnd_evpn_bgp 10.0.0.3)
EOF
}
evpn_lab_up link_conf

# kv_ev_routes MAC: how many of evpnd's type-2 routes (next hop 192.0.2.1) for MAC
# (MAC alone, MAC+IP) FRR's BGP table holds.
kv_ev_routes() {
	vty kv "show bgp l2vpn evpn route type macip json" |
		json_q "sum(1 for rd in d.values() if isinstance(rd, dict) for k, v in rd.items()
			if '$1' in k and \"'192.0.2.1'\" in str(v))"
}
kv_ev_gone() { [ "$(kv_ev_routes "$1")" = 0 ]; }
kv_ev_both() { [ "$(kv_ev_routes "$1")" -ge 2 ]; }
# ev_local MAC: evpnd's dataplane has MAC as learned here.
ev_local() {
	[ "$(evctl show mac json | json_q "any(m['mac'] == '$1' and m['type'] == 'local' for m in d)")" = true ]
}
ev_not_local() { ! ev_local "$1"; }
link_of() { evctl show port json | json_q "[p['linkUp'] for p in d if p['name'] == '$1'][0]"; }
# fdb_ms REGEX: when (ms since the epoch) kv's bridge first reported an FDB event
# matching REGEX (bridge -t monitor fdb), empty if none.
fdb_ms() {
	local ts
	ts=$(awk -v re="$1" '/^Timestamp:/ { t = $3 " " $4 " " $5 " " $6; u = $7; next }
		$0 ~ re { print t "." sprintf("%06d", u); exit }' "$WORK/fdb.mon")
	[ -z "$ts" ] || echo $(($(date -d "${ts% *}" +%s) * 1000 + 10#${ts##*.} / 1000))
}

check "FRR has evpnd's type-3" wait_until 15 kv_has "[3]:[0]:[32]:[192.0.2.1]"
check "hm (behind evpnd) -> h2 ping" ping_ok hm 10.1.0.2
check "hv (VLAN 10 behind evpnd) -> h2 ping" ping_ok hv 10.1.0.2
check "evpnd learned hm" wait_until 5 ev_local $HMMAC
check "evpnd learned hv" wait_until 5 ev_local $HVMAC
check "FRR has evpnd's MAC and MAC+IP routes for hm" wait_until 10 kv_ev_both $HMMAC
check "FRR has evpnd's MAC and MAC+IP routes for hv" wait_until 10 kv_ev_both $HVMAC
check_eq "show port: host1 link up" "$(link_of host1)" true
check "h1 -> hm ping" ping_ok h1 10.1.0.9
check "h2 -> hm ping" ping_ok h2 10.1.0.9

# The move: pings every 10 ms from both sides, link to evpnd down, link to kv up.
nsx kv bridge -t monitor fdb >"$WORK/fdb.mon" 2>&1 &
IT_PIDS+=("$!")
for h in h1 h2; do
	nsx $h ping -i 0.01 -c "$PINGS" -W 1 -q 10.1.0.9 >"$WORK/ping-$h.out" 2>&1 &
	IT_PIDS+=("$!")
	eval "pid_$h=$!"
done
sleep 1
nsx hm ip link set eth1 down
t0=$(date +%s%N)
nsx hm ip link set eth0 up
check "FRR withdrew evpnd's routes for hm within 2 s" wait_until 2 kv_ev_gone $HMMAC
log "FRR without evpnd's routes for hm $((($(date +%s%N) - t0) / 1000000)) ms after the link change (poll)"
check "evpnd: hm no longer local" wait_until 2 ev_not_local "$HMMAC"
check "evpnd log: host1 link down, MACs flushed" \
	grep -qE "port host1: link down, [1-9][0-9]* MACs flushed" "$EV_LOG"
check_eq "show port: host1 link down" "$(link_of host1)" false
# shellcheck disable=SC2154 # pid_h1, pid_h2 set by eval above
wait "$pid_h1" "$pid_h2" || true
# Where the outage goes (ms after hm's link to evpnd went down): evpnd's flush, kv's FDB entry for
# hm behind evpnd removed (the withdrawal through the route reflector and zebra), kv's
# bridge learning hm on its own port (hm's first reply, to a flooded ping).
since() { if [ -n "$1" ]; then echo "+$(($1 - t0 / 1000000)) ms"; else echo never; fi; }
ts=$(sed -n 's/^\([^ ]*Z\) evpnd.l2: info: port host1: link down.*/\1/p' "$EV_LOG" | tail -1)
log "after hm's link to evpnd went down: evpnd flushed hm $(since "${ts:+$(date -d "$ts" +%s%3N)}")," \
	"kv's FDB entry behind evpnd gone $(since "$(fdb_ms "^Deleted $HMMAC dev vxlan100")")," \
	"kv learned hm locally $(since "$(fdb_ms "^$HMMAC dev hmk")")"
for h in h1 h2; do
	sent=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$WORK/ping-$h.out")
	got=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$WORK/ping-$h.out")
	lost=$((${sent:-0} - ${got:-0}))
	log "$h -> hm at 10 ms across the move: $lost of $sent lost (LINK_PINGS=$PINGS $0)"
	check "$h -> hm: replies after the move" [ "${got:-0}" -gt 150 ]
	check "$h -> hm: at most 100 pings (1 s) lost" [ "$lost" -le 100 ]
done
check "h2 -> hm ping after the move" ping_ok h2 10.1.0.9
check "h1 -> hm ping after the move" ping_ok h1 10.1.0.9

# A VLAN member's link goes down: its MACs go too.
nsx hv ip link set eth0 down
check "FRR withdrew evpnd's routes for hv within 2 s" wait_until 2 kv_ev_gone $HVMAC
check "evpnd: hv flushed" wait_until 2 ev_not_local "$HVMAC"
check "evpnd log: host2 link down, MACs flushed" \
	grep -qE "port host2: link down, [1-9][0-9]* MACs flushed" "$EV_LOG"
check "h0's MAC h1 still learned (other ports untouched)" ev_local $H1MAC

# Link up: logged, shown, and hm is learned there again once it talks.
nsx hm ip link set eth0 down
nsx hm ip link set eth1 up
check "evpnd log: host1 link up" wait_until 2 grep -q "port host1: link up" "$EV_LOG"
check_eq "show port: host1 link up again" "$(link_of host1)" true
check "hm -> h1 ping back on evpnd" ping_ok hm 10.1.0.1
check "evpnd learned hm again" wait_until 5 ev_local $HMMAC
check "FRR has evpnd's routes for hm again" wait_until 10 kv_ev_both $HMMAC

check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
