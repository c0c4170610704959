#!/bin/bash
# inject_evpn_test: EVPN routes through the route-injection API, seen by FRR 8.4.
#   ev   evpnd 192.0.2.1 (AS 65000, VTEP 198.51.100.1, null dataplane) with the DCI
#        example helper config/inject/dci_macs.py stretching the MACs listed in
#        $WORK/macs (RD 198.51.100.1:100, RT 65000:100)
#        and the gateway example (config/inject-gateway.conf: healthcheck.py announcing
#        a default type-5 route while $WORK/gw-ok exists)
#   frr  FRR bgpd 192.0.2.2 (AS 65001), l2vpn evpn
# Checks at FRR: the helper's type-2 routes with RT 65000:100, ET:8, label = VNI 100,
# MAC mobility sequence, next hop the VTEP; a MAC removed from the file is withdrawn;
# the gateway's type-5 (Rmac, L3VNI) appears and disappears as its check flips;
# through evpnctl (source cli): a type-2 with an MPLS label (ET:10), a type-3 and
# a type-5 with router MAC (their PMSI and gateway: inject_src_test), an abbreviated
# unicast announce with a community list; a malformed evpnctl command is refused;
# `inject flush` withdraws cli's routes and not the helper's.
. "$(dirname "$0")/lib.sh"
require_root
require_build
require_frr

lab_ev_peer frr
printf '02:00:00:00:00:01 100 10.1.0.1 seq 5\n02:00:00:00:00:02 100\n' >"$WORK/macs"

evpnd_conf_bgp 65000 <<CONF
 neighbor 192.0.2.2 remote-as 65001
 neighbor 192.0.2.2 timers connect 2
 address-family l2vpn evpn
  neighbor 192.0.2.2 activate
 exit-address-family
process dci
 run $PY $REPO/config/inject/dci_macs.py --file $WORK/macs --rd 198.51.100.1:100 --rt 65000:100 --interval 0.2
process gateway
 run $PY $REPO/config/inject/healthcheck.py --check file:$WORK/gw-ok --interval 0.2 --route "evpn prefix rd 198.51.100.1:5000 prefix 0.0.0.0/0 vni 5000 rt 65000:5000 router-mac 02:00:c6:33:64:01"
CONF

frr_conf frr <<CONF
router bgp 65001
 bgp router-id 198.51.100.2
 no bgp ebgp-requires-policy
 neighbor 192.0.2.1 remote-as 65000
 neighbor 192.0.2.1 timers connect 2
 address-family l2vpn evpn
  neighbor 192.0.2.1 activate
 exit-address-family
CONF
frr_bgpd frr
start_evpnd ev

established() { ev_established 192.0.2.2 && frr_established frr 192.0.2.1; }
wait_until 30 established || bgp_die "session did not establish"
pass "session established"

# evpn_path RD PREFIX FIELD: FIELD of FRR's best path for PREFIX (FRR's form) in RD,
# "none" without such a route.
evpn_path() {
	vty frr "show bgp l2vpn evpn route detail json" | $PY -c '
import json, sys
d = json.load(sys.stdin)
r = d.get(sys.argv[1], {}).get(sys.argv[2])
if r is None:
    print("none"); sys.exit()
p = r["paths"][0]
p = p[0] if isinstance(p, list) else p
f = sys.argv[3]
v = {"ecomm": lambda: p.get("extendedCommunity", {}).get("string"),
     "nh": lambda: p["nexthops"][0]["ip"],
     }[f]() if f in ("ecomm", "nh") else p.get(f)
print(v)' "$1" "$2" "$3"
}
M1='[2]:[0]:[48]:[02:00:00:00:00:01]:[32]:[10.1.0.1]'
M2='[2]:[0]:[48]:[02:00:00:00:00:02]'
RD=198.51.100.1:100

check "FRR has the helper's MAC+IP route" wait_until 10 eval '[ "$(evpn_path $RD "$M1" nh)" != none ]'
check_eq "MAC+IP: communities" "$(evpn_path $RD "$M1" ecomm)" "RT:65000:100 ET:8 MM:5"
check_eq "MAC+IP: next hop the VTEP" "$(evpn_path $RD "$M1" nh)" 198.51.100.1
check_eq "MAC+IP: label (VNI)" "$(evpn_path $RD "$M1" vni)" 100
check_eq "MAC only: communities" "$(evpn_path $RD "$M2" ecomm)" "RT:65000:100 ET:8"
printf '02:00:00:00:00:01 100 10.1.0.1 seq 5\n' >"$WORK/macs"
check "a MAC removed from the file is withdrawn" wait_until 10 eval '[ "$(evpn_path $RD "$M2" nh)" = none ]'

# The gateway example (config/inject-gateway.conf): a default type-5 route while healthy.
GW='[5]:[0]:[0]:[0.0.0.0]'
GW_RD=198.51.100.1:5000
check "gateway unhealthy: no default route" eval '[ "$(evpn_path $GW_RD "$GW" nh)" = none ]'
touch "$WORK/gw-ok"
check "gateway healthy: FRR has the default type-5" wait_until 10 eval \
	'[ "$(evpn_path $GW_RD "$GW" ecomm)" = "RT:65000:5000 ET:8 Rmac:02:00:c6:33:64:01" ]'
check_eq "gateway: L3VNI" "$(evpn_path $GW_RD "$GW" vni)" 5000
rm "$WORK/gw-ok"
check "gateway unhealthy again: withdrawn" wait_until 10 eval '[ "$(evpn_path $GW_RD "$GW" nh)" = none ]'

# evpnctl's own source.
evctl inject announce evpn macip rd 65000:7 mac 02:00:00:00:00:07 label 3000 rt 65000:7 \
	next-hop 198.51.100.7 seq 2 sticky
check "cli MPLS type-2 at FRR" wait_until 10 eval \
	'[ "$(evpn_path 65000:7 "[2]:[0]:[48]:[02:00:00:00:00:07]" ecomm)" = "RT:65000:7 ET:10 MM:2, sticky MAC" ]'
check_eq "cli type-2 label 3000 (FRR reads the field as a VNI: 3000 << 4)" \
	"$(evpn_path 65000:7 "[2]:[0]:[48]:[02:00:00:00:00:07]" vni)" 48000
check_eq "cli type-2 next hop" "$(evpn_path 65000:7 "[2]:[0]:[48]:[02:00:00:00:00:07]" nh)" 198.51.100.7
evctl inject announce evpn multicast rd 65000:8 vni 200 rt 65000:200
check "cli type-3 at FRR" wait_until 10 eval \
	'[ "$(evpn_path 65000:8 "[3]:[0]:[32]:[198.51.100.1]" ecomm)" = "RT:65000:200 ET:8" ]'
evctl inject announce evpn prefix rd 65000:9 prefix 10.50.0.0/16 vni 5000 rt 65000:5000 \
	gateway 10.50.0.1 router-mac 02:aa:00:00:00:01
# shellcheck disable=SC2034 # read by the evals below
T5='[5]:[0]:[16]:[10.50.0.0]'
check "cli type-5 at FRR" wait_until 10 eval \
	'[ "$(evpn_path 65000:9 "$T5" ecomm)" = "RT:65000:5000 ET:8 Rmac:02:aa:00:00:00:01" ]'
# FRR 8.4 shows no type-5 gateway IP: inject_src_test checks it in the NLRI.
out=$(evctl inject announce evpn macip rd 65000:7 mac 02:00:00:00:00:0x vni 1 rt 1:1 2>&1 || true)
check_eq "malformed evpnctl command refused" "$out" "% mac: bad MAC address '02:00:00:00:00:0x'"
evctl inj ann route 10.77.0.0/16 community [65000:1 65000:2] # abbreviated, a list
check "cli unicast route at FRR" wait_until 10 eval '[ "$(frr_rib_has frr ipv4 10.77.0.0/16)" = true ]'
check_eq "its communities" "$(vty frr "show bgp ipv4 unicast 10.77.0.0/16 json" |
	json_q "d['paths'][0]['community']['string']")" "65000:1 65000:2"
check_eq "show inject: cli routes" "$(evctl show inject json | json_q "d['cli']['routes']")" 4
evctl inject flush
check "flush: cli's routes withdrawn" wait_until 10 eval \
	'[ "$(evpn_path 65000:9 "$T5" nh)" = none ] && [ "$(evpn_path 65000:8 "[3]:[0]:[32]:[198.51.100.1]" nh)" = none ] &&
	[ "$(frr_rib_has frr ipv4 10.77.0.0/16)" = false ]'
check "flush: the helper's route stays" eval '[ "$(evpn_path $RD "$M1" nh)" != none ]'
check "evpnd alive" evpnd_alive
evctl show inject
stop_evpnd
it_done
