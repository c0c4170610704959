#!/bin/bash
# perf/bgp_scale/run.sh: BGP route scale, evpnd beside FRR bgpd on the same feed in
# the same run (../../../shared/BENCH.md, "Route scale").
#
#   sudo perf/bgp_scale/run.sh [BUILD_DIR]
#
# bgp_feed (an eBGP speaker of ours, AS 65001) opens a session to the speaker under
# test and sends N routes packed many per UPDATE, then End-of-RIB. For each
# speaker: the time from Established (as the feeder saw it) to the last route
# counted by the speaker (evpnd: `evpnctl show bgp summary json` pfxRcd, or
# evpnNlriRcd for EVPN; FRR: `show bgp summary json` / `show bgp l2vpn evpn
# summary json` pfxRcd, polled), and its RSS growth per route (VmRSS before the
# session and once every route is in). FRR runs as bgpd -Z (no zebra, no kernel
# FIB), so both sides do the same work: session, decode, Adj-RIB-In, best path.
#
# RELAY=1 (ipv4 only): the speaker also sends the routes on to a second eBGP peer
# (AS 65002), a bgp_feed -R that only counts what it receives; the time is then
# from the feeder's Established to the receiver's N-th route, and the RSS is taken
# at that moment (Adj-RIB-In, Loc-RIB and Adj-RIB-Out of one peer).
#
# Environment: N (routes, default 100000), FAMILY (ipv4 | evpn, default ipv4),
# ROUNDS (default 1; each round runs evpnd then FRR), OUT (directory for the
# table, JSON and logs; default a new one under /tmp), PERF_RECORD=1 (perf record
# -g of evpnd during the feed into OUT/perf.data; the time is then not meaningful).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "${1:-${BUILD:-$here/../../build}}" && pwd)
N=${N:-100000}
FAMILY=${FAMILY:-ipv4}
RELAY=${RELAY:-0}
ROUNDS=${ROUNDS:-1}
OUT=${OUT:-$(mktemp -d /tmp/bgp-scale.XXXXXX)}
FRRBIN=/usr/lib/frr
PY=/usr/bin/python3
PFX=bgps$$
EV_SOCK=$OUT/evpnd.sock

[ "$(id -u)" -eq 0 ] || { echo "run.sh: needs root (namespaces)" >&2; exit 125; }
for f in "$BUILD/evpnd" "$BUILD/evpnctl" "$BUILD/perf/bgp_feed"; do
	[ -x "$f" ] || { echo "run.sh: no $f" >&2; exit 2; }
done
[ -x $FRRBIN/bgpd ] || { echo "run.sh: no FRR bgpd" >&2; exit 125; }
case $FAMILY in ipv4) evflag= ;; evpn) evflag=-e ;; *) echo "FAMILY: ipv4 or evpn" >&2; exit 2 ;; esac
[ "$RELAY" = 0 ] || [ "$FAMILY" = ipv4 ] || { echo "RELAY=1: FAMILY=ipv4 only" >&2; exit 2; }

pids=()
cleanup() {
	set +e
	for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
	sleep 0.5
	for n in feed ev frr; do
		for p in $(ip netns pids "$PFX-$n" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
		ip netns del "$PFX-$n" 2>/dev/null
	done
}
trap cleanup EXIT
nsx() {
	local n=$1
	shift
	ip netns exec "$PFX-$n" "$@"
}
for n in feed ev frr; do
	ip netns add "$PFX-$n"
	nsx $n ip link set lo up
done
ip link add f-ev netns "$PFX-feed" type veth peer name eth0 netns "$PFX-ev"
ip link add f-frr netns "$PFX-feed" type veth peer name eth0 netns "$PFX-frr"
nsx feed ip addr add 192.0.2.2/24 dev f-ev
nsx feed ip addr add 203.0.113.2/24 dev f-frr
nsx ev ip addr add 192.0.2.1/24 dev eth0
nsx frr ip addr add 203.0.113.1/24 dev eth0
# RELAY=1: the receivers, on the feeder's side of each link
nsx feed ip addr add 192.0.2.3/24 dev f-ev
nsx feed ip addr add 203.0.113.3/24 dev f-frr
for l in f-ev f-frr; do nsx feed ip link set $l up; done
nsx ev ip link set eth0 up
nsx frr ip link set eth0 up

ms() { date +%s%3N; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
# num KEY: the first number after "KEY": in JSON on stdin (one peer per speaker, so
# unambiguous); grep rather than python: the poll must cost little next to evpnd.
num() { grep -o "\"$1\": *[0-9]*" | head -1 | grep -o '[0-9]*$'; }

# wait_count CMD...: polls the count CMD prints until it reaches N; prints the time
# (ms) of the poll that saw it. Gives up after 300 s.
wait_count() {
	local deadline=$(($(ms) + 300000)) c
	while [ "$(ms)" -lt "$deadline" ]; do
		c=$("$@" 2>/dev/null || echo 0)
		if [ "$c" = "$N" ]; then
			ms
			return 0
		fi
		sleep 0.005
	done
	echo "run.sh: gave up at $c of $N routes" >&2
	return 1
}

# feed NAME PEER SOURCE: starts bgp_feed (FEED_PID).
feed() {
	ip netns exec "$PFX-feed" "$BUILD/perf/bgp_feed" -c "$2" -s "$3" -a 65001 -r 65000 \
		-n "$N" $evflag >"$OUT/feed-$1.log" 2>&1 &
	FEED_PID=$!
	pids+=("$FEED_PID")
}
# receiver NAME PEER SOURCE (RELAY=1): starts bgp_feed -R (AS 65002) and waits
# for its session.
receiver() {
	ip netns exec "$PFX-feed" "$BUILD/perf/bgp_feed" -R -c "$2" -s "$3" -a 65002 -r 65000 \
		-n "$N" >"$OUT/feed-recv-$1.log" 2>&1 &
	RECV_PID=$!
	pids+=("$RECV_PID")
	established "recv-$1" >/dev/null
}
# received NAME: waits for the receiver's N-th route, prints when it came (ms).
received() {
	local log=$OUT/feed-recv-$1.log
	for _ in $(seq 60000); do
		if grep -q '^received' "$log"; then
			awk '/^received/ { print $3 }' "$log"
			return 0
		fi
		sleep 0.005
	done
	echo "run.sh: $1: the receiver did not get $N routes ($(cat "$log"))" >&2
	return 1
}
# established NAME: waits for the feeder's session, prints when it came up (ms).
established() {
	local log=$OUT/feed-$1.log
	# A short sleep: the counting starts after this returns, and evpnd may be done
	# within tens of milliseconds.
	for _ in $(seq 6000); do
		if grep -q '^established' "$log"; then
			awk '/^established/ { print $2 }' "$log"
			return 0
		fi
		sleep 0.005
	done
	echo "run.sh: $1: no session ($(cat "$log"))" >&2
	return 1
}

ev_count() {
	if [ "$FAMILY" = evpn ]; then
		"$BUILD/evpnctl" -s "$EV_SOCK" -t 5 show bgp neighbors 192.0.2.2 json | num evpnNlriRcd
	else
		"$BUILD/evpnctl" -s "$EV_SOCK" -t 5 show bgp summary json | num pfxRcd
	fi
}
frr_count() {
	if [ "$FAMILY" = evpn ]; then
		nsx frr vtysh --vty_socket "$OUT/frr" -c "show bgp l2vpn evpn summary json" | num pfxRcd
	else
		nsx frr vtysh --vty_socket "$OUT/frr" -c "show bgp summary json" | num pfxRcd
	fi
}

run_evpnd() {
	local af=
	[ "$FAMILY" = evpn ] && af=$'\n address-family l2vpn evpn\n  neighbor 192.0.2.2 activate\n exit-address-family'
	[ "$RELAY" = 0 ] || af=$'\n neighbor 192.0.2.3 remote-as 65002'
	cat >"$OUT/evpnd.conf" <<CONF
dataplane
 port null0 devargs net_null0,no-rx=1
underlay
 vtep-address 198.51.100.1
router bgp 65000
 bgp router-id 198.51.100.1
 neighbor 192.0.2.2 remote-as 65001$af
CONF
	ip netns exec "$PFX-ev" "$BUILD/evpnd" -f "$OUT/evpnd.conf" -s "$EV_SOCK" -- --no-huge -m 512 --no-pci \
		--no-shconf --file-prefix "${PFX}ev" >"$OUT/evpnd.log" 2>&1 &
	local pid=$!
	pids+=("$pid")
	for _ in $(seq 150); do
		"$BUILD/evpnctl" -s "$EV_SOCK" -t 2 show bgp summary >/dev/null 2>&1 && break
		sleep 0.2
	done
	sleep 1
	local rss0 t0 t1 rss1 perf_pid=
	rss0=$(rss_kb $pid)
	if [ -n "${PERF_RECORD:-}" ]; then
		perf record -q -g -p "$pid" -o "$OUT/perf.data" >/dev/null 2>&1 &
		perf_pid=$!
		sleep 1
	fi
	[ "$RELAY" = 0 ] || receiver evpnd 192.0.2.1 192.0.2.3
	feed evpnd 192.0.2.1 192.0.2.2
	t0=$(established evpnd)
	if [ "$RELAY" = 0 ]; then t1=$(wait_count ev_count); else t1=$(received evpnd); fi
	rss1=$(rss_kb $pid)
	[ -z "$perf_pid" ] || { kill -INT "$perf_pid"; wait "$perf_pid" || true; }
	echo "evpnd $t0 $t1 $rss0 $rss1"
	kill -TERM "$FEED_PID" "$pid" ${RECV_PID:-}
	wait "$FEED_PID" "$pid" ${RECV_PID:-} 2>/dev/null || true
}

run_frr() {
	local d=$OUT/frr af=
	mkdir -p "$d"
	chmod 755 "$OUT"
	[ "$FAMILY" = evpn ] && af=$'\n address-family l2vpn evpn\n  neighbor 203.0.113.2 activate\n exit-address-family'
	[ "$RELAY" = 0 ] || af=$'\n neighbor 203.0.113.3 remote-as 65002'
	cat >"$d/bgpd.conf" <<CONF
hostname frr
log file $d/bgpd.log notifications
router bgp 65000
 bgp router-id 198.51.100.2
 no bgp ebgp-requires-policy
 neighbor 203.0.113.2 remote-as 65001$af
CONF
	chown -R frr:frr "$d"
	rm -f "$d/bgpd.vty"
	nsx frr $FRRBIN/bgpd -d -Z -f "$d/bgpd.conf" -i "$d/bgpd.pid" -z "$d/zserv.api" \
		--vty_socket "$d" -A 127.0.0.1 -P 0
	for _ in $(seq 50); do
		[ -S "$d/bgpd.vty" ] && break
		sleep 0.1
	done
	sleep 1
	local pid rss0 t0 t1 rss1
	pid=$(cat "$d/bgpd.pid")
	rss0=$(rss_kb "$pid")
	[ "$RELAY" = 0 ] || receiver frr 203.0.113.1 203.0.113.3
	feed frr 203.0.113.1 203.0.113.2
	t0=$(established frr)
	if [ "$RELAY" = 0 ]; then t1=$(wait_count frr_count); else t1=$(received frr); fi
	rss1=$(rss_kb "$pid")
	echo "frr $t0 $t1 $rss0 $rss1"
	kill -TERM "$FEED_PID" "$pid" ${RECV_PID:-}
	wait "$FEED_PID" ${RECV_PID:-} 2>/dev/null || true
	for _ in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
}

: >"$OUT/raw.txt"
for r in $(seq "$ROUNDS"); do
	run_evpnd | tee -a "$OUT/raw.txt"
	run_frr | tee -a "$OUT/raw.txt"
done

"$PY" - "$OUT/raw.txt" "$N" "$FAMILY" "$OUT" "$BUILD" "$RELAY" <<'PY'
import json, os, platform, statistics, subprocess, sys
raw, n, family, out, build = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
relay = sys.argv[6] != "0"
rows = {}
for line in open(raw):
    who, t0, t1, r0, r1 = line.split()
    rows.setdefault(who, []).append(((int(t1) - int(t0)) / 1000.0, (int(r1) - int(r0)) * 1024.0 / n))
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
def ver(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[0]
    except Exception:
        return "?"
frr = ver(["/usr/lib/frr/bgpd", "--version"])
rev = ver(["git", "-C", os.path.dirname(os.path.abspath(raw)), "rev-parse", "--short", "HEAD"])
res = {}
for who, v in rows.items():
    res[who] = {"seconds": statistics.median(x[0] for x in v),
                "bytes_per_route": statistics.median(x[1] for x in v), "rounds": len(v)}
print()
print("machine: %s, %d cpus, kernel %s; %s" % (cpu, os.cpu_count(), platform.release(), frr))
print("command: N=%d FAMILY=%s%s perf/bgp_scale/run.sh %s" % (n, family, " RELAY=1" if relay else "", build))
print()
what = "feeder Established -> all routes at the receiver (s)" if relay else "Established -> all routes (s)"
print("| speaker | %s routes | %s | routes/s | RSS per route (B) |" % (family, what))
print("| --- | ---: | ---: | ---: | ---: |")
for who in ("evpnd", "frr"):
    if who in res:
        r = res[who]
        print("| %s | %d | %.2f | %.0f | %.0f |" % ("FRR bgpd -Z" if who == "frr" else who, n,
              r["seconds"], n / r["seconds"] if r["seconds"] else 0, r["bytes_per_route"]))
if "evpnd" in res and "frr" in res:
    e, f = res["evpnd"], res["frr"]
    print("| ratio FRR/evpnd | | %.1fx faster | | %.1fx less memory |" % (
        f["seconds"] / e["seconds"] if e["seconds"] else 0,
        f["bytes_per_route"] / e["bytes_per_route"] if e["bytes_per_route"] > 0 else 0))
json.dump({"n": n, "family": family, "relay": relay, "cpu": cpu, "frr": frr, "results": res},
          open(os.path.join(out, "result.json"), "w"), indent=1)
print("\n(json and logs in %s)" % out)
PY
