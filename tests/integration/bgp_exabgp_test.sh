#!/bin/bash
# bgp_exabgp_test: evpnd against ExaBGP 4.2 (eBGP, IPv4 unicast). ExaBGP announces one
# route from its static configuration and more through its text API (commands are
# lines appended to a file its API process follows); what it receives from evpnd is
# written as JSON by a second API process. Checks: session up, static and API routes
# reach evpnd with next hop and AS path, an API withdraw clears its route, evpnd's
# network statements are decoded by ExaBGP (prefix, next hop, AS path, ORIGIN), a
# path whose first AS is not ExaBGP's is refused (enforce-first-as), an IPv4 route
# with an IPv6 next hop (RFC 8950, extended next hop negotiated) is kept with it,
# standard and large communities are shown as FRR shows them (text and JSON, the
# table and the route detail), evpnctl takes a command as one quoted argument and
# with -c as vtysh does.
. "$(dirname "$0")/lib.sh"
require_root
require_build
require_cmd exabgp

EV_AS=65000
EXA_AS=65002

lab_ev_peer exa

evpnd_conf_bgp $EV_AS <<CONF
 neighbor 192.0.2.2 remote-as $EXA_AS
 neighbor 192.0.2.2 timers 3 9
 neighbor 192.0.2.2 timers connect 2
 neighbor 192.0.2.2 capability extended-nexthop
 address-family ipv4 unicast
  network 10.1.0.0/24
  network 10.1.1.0/24
 exit-address-family
CONF

# ExaBGP: API commands with exa_cmd; what it receives goes to exa.json.
exabgp_start exa 192.0.2.2 <<CONF
neighbor 192.0.2.1 {
	router-id 192.0.2.2;
	local-address 192.0.2.2;
	local-as $EXA_AS;
	peer-as $EV_AS;
	hold-time 9;
	family {
		ipv4 unicast;
	}
	capability {
		nexthop enable;
	}
	nexthop {
		ipv4 unicast ipv6;
	}
	api {
		processes [ recv ];
		receive { parsed; update; notification; }
	}
	api {
		processes [ cmd ];
	}
	static {
		route 10.4.0.0/24 next-hop 192.0.2.2 community [ 65002:1 ];
	}
}
CONF

start_evpnd ev

wait_until 30 ev_established 192.0.2.2 || {
	tail -20 "$WORK/exabgp.log"
	bgp_die "session did not establish"
}
pass "session established with ExaBGP"

ev_has() { ev_rib_has ipv4 "$1"; }
ev_route() { evctl show bgp ipv4 unicast json | json_q "d['routes']['$1'][0]$2"; }
check "evpnd has the static route 10.4.0.0/24" wait_until 10 eval '[ "$(ev_has 10.4.0.0/24)" = true ]'
check_eq "AS path of 10.4.0.0/24" "$(ev_route 10.4.0.0/24 "['path']")" "$EXA_AS"

exa_cmd "announce route 10.4.1.0/24 next-hop 192.0.2.7 med 20"
exa_cmd "announce route 10.4.2.0/24 next-hop 192.0.2.2 as-path [ $EXA_AS 64999 ]"
check "evpnd has 10.4.1.0/24 from the API" wait_until 10 eval '[ "$(ev_has 10.4.1.0/24)" = true ]'
check "evpnd has 10.4.2.0/24 from the API" wait_until 10 eval '[ "$(ev_has 10.4.2.0/24)" = true ]'
check_eq "next hop of 10.4.1.0/24" "$(ev_route 10.4.1.0/24 "['nexthops'][0]['ip']")" 192.0.2.7
check_eq "MED of 10.4.1.0/24" "$(ev_route 10.4.1.0/24 "['metric']")" 20
check_eq "AS path of 10.4.2.0/24" "$(ev_route 10.4.2.0/24 "['path']")" "$EXA_AS 64999"

# Communities (RFC 1997, well-known names) and large communities (RFC 8092), as FRR.
exa_cmd "announce route 10.4.5.0/24 next-hop 192.0.2.2 community [ 65002:100 no-export no-advertise 65535:65283 65535:65284 ] large-community [ 65002:1:2 65002:3:4 ]"
check "evpnd has 10.4.5.0/24 with communities" wait_until 10 eval '[ "$(ev_has 10.4.5.0/24)" = true ]'
check_eq "communities of 10.4.5.0/24 (table JSON)" "$(ev_route 10.4.5.0/24 "['community']")" \
	'{"string": "65002:100 no-export no-advertise local-AS no-peer", "list": ["65002:100", "noExport", "noAdvertise", "localAs", "noPeer"]}'
check_eq "large communities of 10.4.5.0/24 (table JSON)" "$(ev_route 10.4.5.0/24 "['largeCommunity']")" \
	'{"string": "65002:1:2 65002:3:4", "list": ["65002:1:2", "65002:3:4"]}'
check_eq "the static route's community (table JSON)" "$(ev_route 10.4.0.0/24 "['community']['string']")" 65002:1
check_eq "communities of 10.4.5.0/24 (route detail JSON)" \
	"$(evctl show bgp ipv4 unicast 10.4.5.0/24 json | json_q "d['paths'][0]['community']['string'] + '|' + d['paths'][0]['largeCommunity']['string']")" \
	"65002:100 no-export no-advertise local-AS no-peer|65002:1:2 65002:3:4"
# As vtysh users type it: the whole command one argument, or -c (several allowed).
detail=$("$EVPNCTL" -s "$EV_SOCK" 'show bgp ipv4 unicast 10.4.5.0/24')
check "route detail text, command as one argument: Community line ($detail)" \
	grep -qx "      Community: 65002:100 no-export no-advertise local-AS no-peer" <<<"$detail"
check "route detail text: Large Community line" \
	grep -qx "      Large Community: 65002:1:2 65002:3:4" <<<"$detail"
two=$("$EVPNCTL" -s "$EV_SOCK" -c 'show bgp ipv4 unicast 10.4.5.0/24' -c 'show bgp summary json')
check "evpnctl -c CMD -c CMD: both answered" eval \
	'grep -q "^BGP routing table entry for 10.4.5.0/24" <<<"$two" && grep -q "\"ipv4Unicast\"" <<<"$two"'
rc=0
"$EVPNCTL" -s "$EV_SOCK" -c 'show bgp summary' -c 'show frobnicate' >/dev/null 2>&1 || rc=$?
check_eq "evpnctl -c: a failed command makes the exit status 1" "$rc" 1
rc=0
absent=$(evctl show bgp ipv4 unicast 10.9.9.0/24 2>&1) || rc=$?
check_eq "route detail of an absent prefix: exit status" "$rc" 1
check "route detail of an absent prefix: says so ($absent)" grep -q "Network not in table" <<<"$absent"

# enforce-first-as (on by default): a path not starting with ExaBGP's AS is refused.
exa_cmd "announce route 10.4.3.0/24 next-hop 192.0.2.2 as-path [ 64999 ]"
check "first AS not the peer's: logged" wait_until 10 \
	grep -q "neighbor 192.0.2.2: UPDATE: treat-as-withdraw: first AS 64999" "$EV_LOG"
check "first AS not the peer's: 10.4.3.0/24 not installed" eval '[ "$(ev_has 10.4.3.0/24)" = false ]'

# RFC 8950: an IPv4 route with an IPv6 next hop, in MP_REACH_NLRI.
exa_cmd "announce route 10.4.4.0/24 next-hop 2001:db8::7"
check "IPv6 next hop: 10.4.4.0/24 installed" wait_until 10 eval '[ "$(ev_has 10.4.4.0/24)" = true ]'
check_eq "IPv6 next hop of 10.4.4.0/24" "$(ev_route 10.4.4.0/24 "['nexthops'][0]['ip']")" 2001:db8::7
check_eq "next hop family of 10.4.4.0/24" "$(ev_route 10.4.4.0/24 "['nexthops'][0]['afi']")" ipv6
exa_cmd "withdraw route 10.4.4.0/24 next-hop 2001:db8::7"
check "IPv6 next hop: withdraw clears 10.4.4.0/24" \
	wait_until 10 eval '[ "$(ev_has 10.4.4.0/24)" = false ]'

exa_cmd "withdraw route 10.4.1.0/24 next-hop 192.0.2.7"
check "API withdraw clears 10.4.1.0/24" wait_until 10 eval '[ "$(ev_has 10.4.1.0/24)" = false ]'
check "10.4.2.0/24 stays" eval '[ "$(ev_has 10.4.2.0/24)" = true ]'

# What ExaBGP decoded from evpnd's UPDATEs: one JSON object per line.
exa_got() {
	"$PY" - "$WORK/exa.json" "$1" <<'PY'
import json, sys
want = sys.argv[2]
found = None
for line in open(sys.argv[1]):
    try:
        m = json.loads(line)
    except ValueError:
        continue
    upd = m.get("neighbor", {}).get("message", {}).get("update", {})
    for nh, routes in upd.get("announce", {}).get("ipv4 unicast", {}).items():
        for r in routes:
            if r.get("nlri") == want:
                a = upd.get("attribute", {})
                found = "%s %s %s" % (nh, a.get("as-path"), a.get("origin"))
    for r in upd.get("withdraw", {}).get("ipv4 unicast", []):
        if r.get("nlri") == want:
            found = None
print(found or "none")
PY
}
check "ExaBGP decoded 10.1.0.0/24" wait_until 10 eval '[ "$(exa_got 10.1.0.0/24)" != none ]'
check_eq "ExaBGP's view of 10.1.0.0/24" "$(exa_got 10.1.0.0/24)" "192.0.2.1 [$EV_AS] igp"
check_eq "ExaBGP's view of 10.1.1.0/24" "$(exa_got 10.1.1.0/24)" "192.0.2.1 [$EV_AS] igp"
check "no route of ExaBGP's sent back to it" eval '[ "$(exa_got 10.4.0.0/24)" = none ]'
check "ExaBGP logged no error" eval '! grep -qi "notification\|error" "$WORK/exabgp.log"'

# The Adj-RIBs of the neighbor: what it sent (routes kept), what we send it, as
# ExaBGP decoded it above (next hop self, our AS prepended).
check_eq "received-routes json: ExaBGP's routes kept" \
	"$(evctl show bgp neighbors 192.0.2.2 received-routes json | json_q "sorted(d['receivedRoutes'])")" \
	'["10.4.0.0/24", "10.4.2.0/24", "10.4.5.0/24"]'
check_eq "advertised-routes json: as ExaBGP received them" \
	"$(evctl show bgp ipv4 unicast neighbors 192.0.2.2 advertised-routes json |
		json_q "[(k, r['nextHop'], r['path'], r['bgpOriginCode']) for k, r in sorted(d['advertisedRoutes'].items())] + [d['totalPrefixCounter']]")" \
	'[["10.1.0.0/24", "192.0.2.1", "65000", "i"], ["10.1.1.0/24", "192.0.2.1", "65000", "i"], 2]'
check "advertised-routes (text): FRR's total line" eval \
	'evctl show bgp neighbors 192.0.2.2 advertised-routes | grep -qx "Total number of prefixes 2"'

evctl show bgp summary
stop_evpnd
it_done
