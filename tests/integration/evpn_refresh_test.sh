#!/bin/bash
# evpn_refresh_test: route refresh in l2vpn evpn (RFC 2918) with FRR (evpn_lab.sh:
# evpnd and an FRR + kernel VTEP through an FRR route reflector). When the RR asks
# for evpnd's EVPN routes again (`clear bgp l2vpn evpn 10.0.0.1 soft in`, a
# ROUTE-REFRESH for AFI 25/SAFI 70), evpnd sends its type-2 and type-3 routes again:
# UPDATEs counted on both sides, and the routes stay at the RR and the FRR VTEP.
# `evpnctl clear bgp 10.0.0.3 soft out` does the same from evpnd's side, and `soft in`
# makes evpnd ask the RR (a ROUTE-REFRESH for l2vpn evpn). Also: `show bgp l2vpn evpn
# summary json` matches what the RR counts.
# Enhanced route refresh (RFC 7313), negotiated both ways with FRR: evpnd's answer to
# the RR's request and its soft out go between a BoRR and an EoRR (captured on the
# RR's link and decoded by tshark); the RR's answer to evpnd's soft in does too, and
# evpnd removes nothing at its EoRR (every route was announced again).
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=evpn_lab.sh
. "$(dirname "$0")/evpn_lab.sh"
evpn_lab_require
require_cmd tshark dumpcap
evpn_lab_up

check "FRR has evpnd's type-3" wait_until 15 kv_has "[3]:[0]:[32]:[192.0.2.1]"
check "h1 -> h2 ping" ping_ok h1 10.1.0.2
H1IP="[2]:[0]:[48]:[$H1MAC]:[32]:[10.1.0.1]"
check "FRR has evpnd's type-2 for h1" wait_until 10 kv_has "[2]:[0]:[48]:[$H1MAC]"
check "FRR has evpnd's MAC+IP for h1" wait_until 10 kv_has "$H1IP"
check "evpnd has FRR's type-2 for h2" wait_until 10 ev_has "[2]:[0]:[48]:[$H2MAC]"

# Counters: UPDATEs evpnd sent and received, what the RR got from evpnd.
ev_nbr() { evctl show bgp neighbors 10.0.0.3 json | json_q "d['10.0.0.3']['$1']"; }
rr_nbr() { vty rr "show bgp neighbors 10.0.0.1 json" | json_q "d['10.0.0.1']['messageStats']['$1']"; }
rr_pfx() { vty rr "show bgp l2vpn evpn summary json" | json_q "d['peers']['10.0.0.1']['$1']"; }
ev_pfx() { evctl show bgp l2vpn evpn summary json | json_q "d['peers']['10.0.0.3']['$1']"; }
grew() { [ "$($1 "$2")" -gt "$3" ]; }

# show bgp l2vpn evpn summary: our PfxSnt is the RR's PfxRcd from us, and back.
check_eq "evpnd pfxSnt = RR pfxRcd" "$(ev_pfx pfxSnt)" "$(rr_pfx pfxRcd)"
# The RR reflects our own routes back to us too; we drop those (ORIGINATOR_ID).
check_eq "evpnd pfxRcd + its own routes back = RR pfxSnt" \
	"$(($(ev_pfx pfxRcd) + $(ev_pfx pfxSnt)))" "$(rr_pfx pfxSnt)"
check_eq "evpnd pfxRcd: FRR VTEP's type 3 and h2's type 2" "$(ev_pfx pfxRcd)" 2
check_eq "show bgp summary json: l2VpnEvpn alone (no ipv4 unicast neighbor)" \
	"$(evctl show bgp summary json | json_q "sorted(d)")" '["l2VpnEvpn"]'
n_routes=$(ev_pfx pfxSnt)
check "evpnd advertises at least type 3 + h1's MAC and MAC+IP" test "$n_routes" -ge 3

# Capability 70 both ways, as each side shows it.
check_eq "evpnd: enhanced route refresh advertised and received" \
	"$(evctl show bgp neighbors 10.0.0.3 json | json_q "d['10.0.0.3']['neighborCapabilities']['enhancedRouteRefresh']")" \
	advertisedAndReceived
check_eq "RR: enhanced route refresh advertised and received" \
	"$(vty rr "show bgp neighbors 10.0.0.1 json" | json_q "d['10.0.0.1']['neighborCapabilities']['enhancedRouteRefresh']")" \
	advertisedAndReceived

# rr_seq CAPTURE: evpnd's BGP messages to the RR in order, one letter per run: B/E a
# BoRR/EoRR of l2vpn evpn (anything else: ?), U UPDATEs (keepalives left out).
rr_seq() {
	tsh "$1" -Y "ip.src==10.0.0.1 && bgp" -T fields -e bgp.type -e bgp.route_refresh.subtype \
		-e bgp.route_refresh.afi | python3 -c '
import sys
seq = ""
for line in sys.stdin:
    f = (line.rstrip("\n").split("\t") + ["", ""])[:3]
    types, subs, afis = (x.split(",") if x else [] for x in f)
    for t in types:
        c = {"2": "U", "5": "R"}.get(t)
        if c == "R":
            st, afi = subs.pop(0), afis.pop(0)
            c = "?" if afi != "25" else {"1": "B", "2": "E"}.get(st, "?")
        if c and not seq.endswith(c):
            seq += c
print(seq)'
}

# 1. The RR asks for our routes again.
sent0=$(ev_nbr updatesSent) rcvd0=$(rr_nbr updatesRecv) rr0=$(rr_nbr routeRefreshSent)
cap_start rr1 rr eth0 "tcp port 179"
cap_bgp_ready rr1
vty rr "clear bgp l2vpn evpn 10.0.0.1 soft in" >/dev/null
check "the RR sent a ROUTE-REFRESH" wait_until 5 grew rr_nbr routeRefreshSent "$rr0"
check "evpnd sends UPDATEs again after the RR's ROUTE-REFRESH" wait_until 10 grew ev_nbr updatesSent "$sent0"
check "the RR receives them" wait_until 10 grew rr_nbr updatesRecv "$rcvd0"
check "evpnd logs the table sent again" wait_until 5 eval \
	'[ "$(grep -c "neighbor 10.0.0.3: [0-9]* l2vpn evpn routes sent" "$EV_LOG")" -ge 2 ]'
check_eq "RR pfxRcd from evpnd unchanged" "$(rr_pfx pfxRcd)" "$n_routes"
check "FRR still has h1's MAC+IP" kv_has "$H1IP"
check "FRR still has evpnd's type-3" kv_has "[3]:[0]:[32]:[192.0.2.1]"
cap_stop rr1
check_eq "on the wire: BoRR, UPDATEs, EoRR" "$(rr_seq rr1)" BUE

# 2. evpnd re-sends on its own (soft out).
sent0=$(ev_nbr updatesSent) rcvd0=$(rr_nbr updatesRecv) rrr0=$(rr_nbr routeRefreshRecv)
cap_start rr2 rr eth0 "tcp port 179"
cap_bgp_ready rr2
evctl clear bgp 10.0.0.3 soft out >/dev/null
check "soft out: evpnd sends UPDATEs again" wait_until 10 grew ev_nbr updatesSent "$sent0"
check "soft out: the RR receives them" wait_until 10 grew rr_nbr updatesRecv "$rcvd0"
sleep 1 # FRR counts BoRR/EoRR as ROUTE-REFRESH messages received: let them in
cap_stop rr2
check_eq "soft out: BoRR, UPDATEs, EoRR on the wire" "$(rr_seq rr2)" BUE
check_eq "soft out: no ROUTE-REFRESH request to the RR" \
	"$(tsh rr2 -Y "ip.src==10.0.0.1 && bgp.route_refresh.subtype==0" -T fields -e frame.number | grep -c . || true)" 0
check_eq "soft out: RR pfxRcd from evpnd unchanged" "$(rr_pfx pfxRcd)" "$n_routes"
check "soft out: FRR still has h1's MAC+IP" kv_has "$H1IP"
rrr0=$(rr_nbr routeRefreshRecv)

# 3. evpnd asks the RR (soft in): a ROUTE-REFRESH for l2vpn evpn, the RR answers.
upd0=$(ev_nbr updatesRcvd)
evctl clear bgp 10.0.0.3 soft in >/dev/null
check "soft in: the RR gets a ROUTE-REFRESH" wait_until 5 grew rr_nbr routeRefreshRecv "$rrr0"
check "soft in: the RR sends its routes again" wait_until 10 grew ev_nbr updatesRcvd "$upd0"
check "evpnd still has FRR's type-2 for h2" ev_has "[2]:[0]:[48]:[$H2MAC]"
check "soft in: the RR's EoRR ends its BoRR, nothing removed" wait_until 10 grep -q \
	"neighbor 10.0.0.3: EoRR for AFI 25 SAFI 70, 0 routes not announced again removed" "$EV_LOG"
check_eq "soft in: evpnd pfxRcd unchanged" "$(ev_pfx pfxRcd)" 2
check_eq "session never dropped" "$(ev_nbr connectionsEstablished)" 1
check "h1 -> h2 ping after the refreshes" ping_ok h1 10.1.0.2

check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
