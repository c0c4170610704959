#!/bin/bash
# inject_anycast_test: the route-injection API with FRR 8.4 bgpd as an eBGP peer.
#   ev   evpnd 192.0.2.1 (AS 65000, null dataplane), two helper processes:
#        hc   config/inject/healthcheck.py announcing 192.0.2.10/32 next-hop self
#             while the file $WORK/healthy exists (a health-checked anycast address)
#        bad  a shell script that writes a malformed line, a line of 5000 characters,
#             a good announce with communities, then copies its stdin (evpnd's
#             replies and events, with receive routes) to $WORK/bad.out
#   frr  FRR bgpd 192.0.2.2 (AS 65001)
# Checks: FRR sees the anycast route appear and disappear as the check flips (next
# hop 192.0.2.1); the helper killed with SIGKILL gets its route withdrawn, is
# restarted (show inject: restarts 1) and announces it again; the malformed and
# overlong lines get error replies naming the fault, and change nothing; the good
# line reaches FRR with its communities and MED; the helper got the session-up event and,
# with receive routes, FRR's route and its own as route events (hc, without: none);
# killed and restarted, bad gets the RIB replayed (FRR's route, hc's), then
# {"type":"replayed","routes":N}.
. "$(dirname "$0")/lib.sh"
require_root
require_build
require_frr

lab_ev_peer frr

cat >"$WORK/bad.sh" <<'SH'
printf 'announce route 10.9.0.300/8 next-hop self\n'
head -c 5000 /dev/zero | tr '\0' a; printf '\n'
printf 'announce route 10.9.9.0/24 community [65000:7 65000:8] large-community 65000:1:2 med 50\n'
exec cat >"$1"
SH

evpnd_conf_bgp 65000 <<CONF
 neighbor 192.0.2.2 remote-as 65001
 neighbor 192.0.2.2 timers connect 2
process hc
 run $PY $REPO/config/inject/healthcheck.py --check file:$WORK/healthy --interval 0.2 --route "route 192.0.2.10/32 next-hop self" --verbose 2>>$WORK/hc.err
process bad
 run /bin/sh $WORK/bad.sh $WORK/bad.out
 receive routes
CONF

frr_conf frr <<CONF
router bgp 65001
 bgp router-id 198.51.100.2
 no bgp ebgp-requires-policy
 neighbor 192.0.2.1 remote-as 65000
 neighbor 192.0.2.1 timers connect 2
 no bgp network import-check
 address-family ipv4 unicast
  network 10.2.0.0/24
 exit-address-family
CONF
frr_bgpd frr
start_evpnd ev

established() { ev_established 192.0.2.2 && frr_established frr 192.0.2.1; }
wait_until 30 established || bgp_die "session did not establish"
pass "session established"

frr_has() { [ "$(frr_rib_has frr ipv4 "$1")" = "$2" ]; }
inject_q() { evctl show inject json | json_q "$1"; }
hc_q() { inject_q "[p for p in d['processes'] if p['name'] == 'hc'][0]['$1']"; }

check "unhealthy: FRR has no 192.0.2.10/32" frr_has 192.0.2.10/32 false
touch "$WORK/healthy"
check "healthy: FRR has 192.0.2.10/32" wait_until 10 frr_has 192.0.2.10/32 true
nh=$(vty frr "show bgp ipv4 unicast 192.0.2.10/32 json" | json_q "d['paths'][0]['nexthops'][0]['ip']")
check_eq "next hop self" "$nh" 192.0.2.1
rm "$WORK/healthy"
check "unhealthy again: FRR withdrew 192.0.2.10/32" wait_until 10 frr_has 192.0.2.10/32 false
touch "$WORK/healthy"
check "healthy again" wait_until 10 frr_has 192.0.2.10/32 true
check_eq "hc has 1 route" "$(hc_q routes)" 1

# A dead helper's routes go; it comes back after its back-off (1 s) and announces again.
pid=$(hc_q pid)
kill -KILL "$pid"
check "killed helper: 192.0.2.10/32 withdrawn" wait_until 5 frr_has 192.0.2.10/32 false
check "helper restarted" wait_until 10 eval '[ "$(hc_q restarts)" = 1 ] && [ "$(hc_q state)" = running ]'
check "restarted helper announces again" wait_until 10 frr_has 192.0.2.10/32 true
check "the exit is logged" grep -q "process hc (pid $pid) exited: killed by signal 9" "$EV_LOG"

# The malformed helper: two errors, one good route, evpnd unharmed.
check "bad: replies written" wait_until 10 eval '[ "$(wc -l <"$WORK/bad.out")" -ge 3 ]'
check "bad: error naming the fault" grep -qF \
	'{"type":"error","id":1,"error":"route: bad prefix '"'"'10.9.0.300/8'"'"'"}' "$WORK/bad.out"
check "bad: overlong line refused" grep -qF \
	'{"type":"error","id":2,"error":"line longer than 1024 characters"}' "$WORK/bad.out"
check "bad: good line accepted" grep -qF '{"type":"reply","id":3,"ok":true,"routes":1}' "$WORK/bad.out"
check "bad: session-up event" grep -qF \
	'{"type":"neighbor","neighbor":"192.0.2.2","state":"up"}' "$WORK/bad.out"
check "FRR has 10.9.9.0/24" wait_until 10 frr_has 10.9.9.0/24 true
check "bad (receive routes): FRR's route as an event" grep -qF \
	'{"type":"route","action":"announce","family":"ipv4 unicast","route":"10.2.0.0/24","from":"192.0.2.2"}' "$WORK/bad.out"
check "bad (receive routes): its own route as an event" grep -qF \
	'{"type":"route","action":"announce","family":"ipv4 unicast","route":"10.9.9.0/24","from":"inject:bad"}' "$WORK/bad.out"
check "hc (no receive routes): no route event" eval '! grep -q "\"type\":\"route\"" "$WORK/hc.err"' 
check "nothing of the malformed line" frr_has 10.9.0.0/8 false
comm=$(vty frr "show bgp ipv4 unicast 10.9.9.0/24 json" | json_q "d['paths'][0]['community']['string']")
check_eq "communities of 10.9.9.0/24" "$comm" "65000:7 65000:8"
lcomm=$(vty frr "show bgp ipv4 unicast 10.9.9.0/24 json" | json_q "d['paths'][0]['largeCommunity']['string']")
check_eq "large community of 10.9.9.0/24" "$lcomm" "65000:1:2"
med=$(vty frr "show bgp ipv4 unicast 10.9.9.0/24 json" | json_q "d['paths'][0]['metric']")
check_eq "MED of 10.9.9.0/24" "$med" 50
check_eq "bad: last error" "$(inject_q "[p for p in d['processes'] if p['name'] == 'bad'][0]['lastError']")" \
	"line 2: longer than 1024 characters"

# Restarted, the receive-routes helper gets the RIB replayed (FRR's route has not
# changed since: only the replay can send it again), then the end of the replay.
bad_q() { inject_q "[p for p in d['processes'] if p['name'] == 'bad'][0]['$1']"; }
kill -KILL "$(bad_q pid)"
check "bad restarted" wait_until 10 eval '[ "$(bad_q restarts)" = 1 ] && [ "$(bad_q state)" = running ]'
replayed() { grep -q '"type":"replayed"' "$WORK/bad.out"; }
check "bad: the replay ends" wait_until 10 replayed
# shellcheck disable=SC2016 # an awk program
check "bad: FRR's route and hc's replayed before the end" awk '
	/"route":"10.2.0.0\/24","from":"192.0.2.2"/ { frr = NR }
	/"route":"192.0.2.10\/32","from":"inject:hc"/ { hc = NR }
	/"type":"replayed"/ { end = NR }
	END { exit !(frr && hc && end && frr < end && hc < end) }' "$WORK/bad.out"
n=$(grep '"type":"replayed"' "$WORK/bad.out" | json_q "d['routes']")
check "bad: the end counts them ($n)" [ "${n:-0}" -ge 2 ]
check "evpnd alive" evpnd_alive

evctl show inject
stop_evpnd
check "helpers stopped with evpnd" eval '! pgrep -f "healthcheck.py --check file:$WORK" >/dev/null'
it_done
