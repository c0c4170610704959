#!/bin/bash
# evpn_reload_test: a bridge domain added and removed by evpnctl reload, with FRR
# watching. Lab in evpn_lab.sh, plus VNI 200 on the FRR + kernel VTEP (h4) from the
# start; evpnd starts with VNI 100 only. The reload that adds bridge-domain 200
# (member host2, h3): evpnd advertises its type-3 (FRR's kernel VTEP then floods VNI
# 200 to 192.0.2.1), imports FRR's type-3 and type-2 it already had (floods to
# 192.0.2.2, h4 remote), and h3 pings h4. A reload giving VNI 200 a route target FRR
# does not use cuts it off both ways, one taking it back restores it. The reload
# that removes it: FRR's flood
# entry to 192.0.2.1 and h3's type-2 go, evpnd forgets VNI 200, h3 is cut off.
# VNI 100 is pinged every 50 ms throughout and loses nothing.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=evpn_lab.sh
. "$(dirname "$0")/evpn_lab.sh"
evpn_lab_require

H3MAC=02:00:00:02:00:03
H4MAC=02:00:00:02:00:04

eval "lab_$(declare -f evpn_lab_topology)"
evpn_lab_topology() {
	lab_evpn_lab_topology
	ns_add h3 h4
	veth ev h3e h3 eth0
	veth kv h4k h4 eth0
	kvtep_vni kv 200 192.0.2.2
	kvtep_attach kv h4k 200
	host h3 eth0 10.2.0.3/24 $H3MAC
	host h4 eth0 10.2.0.4/24 $H4MAC
}
eval "lab_$(declare -f evpn_lab_evpnd_conf)"
evpn_lab_evpnd_conf() {
	lab_evpn_lab_evpnd_conf
	sed -i -e '/^ port host1 /a\ port host2 devargs net_af_packet3,iface=h3e' "$WORK/evpnd.conf"
	cp "$WORK/evpnd.conf" "$WORK/vni100.conf"
	sed -e '/^router bgp/i bridge-domain 200\n vni 200\n member host2 untagged' \
		"$WORK/evpnd.conf" >"$WORK/vni200.conf"
	sed -e '/^  advertise-all-vni/a\  vni 200\n   route-target both 65000:999\n  exit-vni' \
		"$WORK/vni200.conf" >"$WORK/vni200rt.conf"
}
# shellcheck disable=SC2119 # no arguments: the lab's own evpnd configuration
evpn_lab_up

# reload FILE: evpnctl reload, its answer logged (a long timeout: a loaded machine).
reload() { "$EVPNCTL" -s "$EV_SOCK" -t 30 reload "$1"; }
# kv_floods_to_ev: the FRR VTEP's vxlan200 floods to evpnd (zebra installed the
# remote VTEP of evpnd's type-3).
kv_floods_to_ev() { nsx kv bridge fdb show dev vxlan200 | grep '^00:00:00:00:00:00' | grep -q 'dst 192.0.2.1'; }
kv_no_flood_to_ev() { ! kv_floods_to_ev; }
# ev_flood: evpnd's EVPN flood list of VNI 200.
ev_flood() { evctl show evpn vni 200 json | json_q "d['remoteVteps']"; }
ev_floods_to_kv() { [ "$(ev_flood)" = '["192.0.2.2"]' ]; }
ev_floods_nowhere() { [ "$(ev_flood)" = "[]" ]; }
ev_remote_h4() { [ "$(evctl show evpn mac vni 200 json | json_q "d['macs'].get('$H4MAC', {}).get('type')")" = remote ]; }
ev_no_vni200() { ! evctl show evpn vni 200 json >/dev/null 2>&1; }
kv_h3() { vty kv "show evpn mac vni 200 mac $H3MAC json" | json_q "d.get('$H3MAC', d).get('type')"; }
kv_h3_remote() { [ "$(kv_h3)" = remote ]; }
kv_h3_gone() { [ "$(kv_h3)" != remote ]; }
not() { ! "$@"; }

check "h1 -> h2 ping (VNI 100)" ping_ok h1 10.1.0.2
check "before: the FRR VTEP does not flood VNI 200 to evpnd" kv_no_flood_to_ev
ip netns exec "$(ns h1)" ping -i 0.05 -W 1 10.1.0.2 >"$WORK/ping100.out" 2>&1 &
ping100=$!
IT_PIDS+=("$ping100")
sleep 0.5

# --------------------------------------------------------------- add VNI 200
reload "$WORK/vni200.conf" >"$WORK/add.out" 2>&1 || die "reload refused: $(cat "$WORK/add.out")"
cat "$WORK/add.out"
check "reload reports bridge-domain 200 added" grep -q "bridge-domain 200 (vni 200) added" "$WORK/add.out"
check "FRR VTEP floods VNI 200 to evpnd (evpnd's type-3 imported)" wait_until 15 kv_floods_to_ev
check "evpnd: VNI 200 floods to 192.0.2.2 (FRR's type-3 it had imported)" \
	wait_until 10 ev_floods_to_kv
check "evpnd log: FRR's VNI 200 routes imported at the reload" \
	grep -q "VNI 200: [1-9][0-9]* received routes imported" "$EV_LOG"
check "h3 -> h4 ping (VNI 200, added by reload)" ping_ok h3 10.2.0.4
check "evpnd: h4 remote in VNI 200" wait_until 10 ev_remote_h4
check "FRR VTEP: h3 remote in VNI 200 (evpnd's type-2)" wait_until 15 kv_h3_remote
check "running-config has bridge-domain 200" grep -q "^bridge-domain 200" <(evctl show running-config)

# --------------------------------------------------------------- VNI 200's route targets
# 65000:999 (FRR imports and exports 65000:200): each side unimports the other's routes.
reload "$WORK/vni200rt.conf" >"$WORK/rt.out" 2>&1 || die "reload refused: $(cat "$WORK/rt.out")"
cat "$WORK/rt.out"
check "reload reports the route targets changed" grep -q "bridge-domain 200: vni 200 rd/route-targets changed" "$WORK/rt.out"
check "route target 65000:999: FRR no longer floods VNI 200 to evpnd" wait_until 15 kv_no_flood_to_ev
check "route target 65000:999: evpnd no longer floods VNI 200 to FRR" wait_until 10 ev_floods_nowhere
check "route target 65000:999: h3 -> h4 no longer pings" not ping_ok h3 10.2.0.4 -w 2
reload "$WORK/vni200.conf" >"$WORK/rt.out" 2>&1 || die "reload refused: $(cat "$WORK/rt.out")"
check "auto route target again: FRR floods VNI 200 to evpnd" wait_until 15 kv_floods_to_ev
check "auto route target again: evpnd floods VNI 200 to FRR" wait_until 10 ev_floods_to_kv
check "auto route target again: h3 -> h4" ping_ok h3 10.2.0.4

# --------------------------------------------------------------- remove VNI 200
reload "$WORK/vni100.conf" >"$WORK/del.out" 2>&1 || die "reload refused: $(cat "$WORK/del.out")"
cat "$WORK/del.out"
check "reload reports bridge-domain 200 removed" grep -q "bridge-domain 200 (vni 200) removed" "$WORK/del.out"
check "FRR VTEP no longer floods VNI 200 to evpnd (type-3 withdrawn)" wait_until 15 kv_no_flood_to_ev
check "FRR VTEP: h3's type-2 withdrawn" wait_until 15 kv_h3_gone
check "evpnd: VNI 200 gone" ev_no_vni200
check "evpnd log: VNI 200's received routes unimported" \
	grep -q "VNI 200: [1-9][0-9]* received routes unimported" "$EV_LOG"
check "h3 -> h4 no longer pings" not ping_ok h3 10.2.0.4 -w 2
check "running-config without bridge-domain 200" not grep -q "^bridge-domain 200" <(evctl show running-config)

kill -INT "$ping100"
wait "$ping100" || true
sent=$(awk '/packets transmitted/ { print $1 }' "$WORK/ping100.out")
got=$(awk '/packets transmitted/ { print $4 }' "$WORK/ping100.out")
log "h1 -> h2 over both reloads: $sent sent, $got received"
check "h1 -> h2 pinged throughout ($sent sent)" [ "${sent:-0}" -ge 40 ]
# The requests in flight when ping is stopped count as lost: a few at most.
check "h1 -> h2 lost nothing ($got of $sent)" [ "$((sent - got))" -le 2 ]

check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
