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
# session and once every route is in), and the CPU time its main thread took
# meanwhile (evpnd's main lcore, where BGP runs; bgpd's main thread): on a
# machine shared with other jobs the wall time also counts waiting for a CPU,
# the CPU time does not, so it is the figure to compare two builds by. FRR runs
# as bgpd -Z (no zebra, no kernel FIB), so both sides do the same work: session,
# decode, Adj-RIB-In, best path.
#
# RELAY=1: the speaker also sends the routes on to a second eBGP peer
# (AS 65002), a bgp_feed -R (-e for EVPN) that only counts what it receives; the time is then
# from the feeder's Established to the receiver's N-th route, and the RSS is taken
# at that moment (Adj-RIB-In, Loc-RIB and Adj-RIB-Out of one peer). FRR's
# update-group coalesce timer (coalesce-time, 1 s by default) is set to 0: it
# would make FRR wait about 0.6 s before sending (100k: 1.25 s -> 0.67 s), and
# the comparison is of the work, not of a timer.
#
# CPU budget, PIN (default 1): evpnd's dataplane worker busy-polls a CPU of its
# own, and FRR bgpd is multi-threaded, so on a small machine the speakers would
# not get the same CPU. PIN=1 puts the feeder, the receiver and the speaker under
# test (every FRR bgpd thread; evpnd's main lcore, where its BGP runs, and its
# DPDK control threads) on one CPU, SPEAKER_CPU (default 0); evpnd's worker gets
# WORKER_CPU (default 1), which does no BGP work. PIN=0 leaves the scheduler
# free (evpnd: main lcore 0, worker 1, its defaults; FRR, feeder and receiver on
# any CPU, so FRR gets both CPUs, less what the worker takes while evpnd runs).
# PIN=both alternates the two in each round and reports both. When pinned, this
# script and its pollers (grep, evpnctl, vtysh) run on WORKER_CPU, away from the
# speaker's (the scheduler would put them beside it: the worker's CPU is busy);
# unpinned, they go where the scheduler puts them.
#
# Environment: N (routes, default 100000), FAMILY (ipv4 | evpn, default ipv4),
# ROUNDS (default 1; each round runs evpnd then FRR), PIN (1 | 0 | both, default
# 1), SPEAKERS (default "evpnd frr"; one alone for A/B runs of a build), OUT
# (directory for the table, JSON and logs; default a new one under /tmp),
# PERF_RECORD=1 (perf record -g of evpnd during the feed into OUT/perf.data; the
# time is then not meaningful; PERF_RECORD=cpu: all of SPEAKER_CPU instead, to see
# what the feeder, the receiver and the kernel take of the speaker's CPU).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "${1:-${BUILD:-$here/../../build}}" && pwd)
N=${N:-100000}
FAMILY=${FAMILY:-ipv4}
RELAY=${RELAY:-0}
ROUNDS=${ROUNDS:-1}
PIN=${PIN:-1}
SPEAKERS=${SPEAKERS:-evpnd frr}
SPEAKER_CPU=${SPEAKER_CPU:-0}
WORKER_CPU=${WORKER_CPU:-1}
OUT=${OUT:-$(mktemp -d /tmp/bgp-scale.XXXXXX)}
mkdir -p "$OUT"
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
case $PIN in 0 | 1) pins=$PIN ;; both) pins="1 0" ;; *) echo "PIN: 1, 0 or both" >&2; exit 2 ;; esac
[ "$PIN" = 0 ] || [ "$SPEAKER_CPU" != "$WORKER_CPU" ] || { echo "SPEAKER_CPU = WORKER_CPU" >&2; exit 2; }
[ "$PIN" = 0 ] || command -v taskset >/dev/null || { echo "run.sh: PIN needs taskset" >&2; exit 125; }

. "$here/../perf_ns.sh"
trap 'set +e; perf_teardown' EXIT
perf_ns_add feed ev frr
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

# on_cpu CMD...: CMD on SPEAKER_CPU when this round is pinned (pinned=1).
on_cpu() {
	if [ "$pinned" = 1 ]; then taskset -c "$SPEAKER_CPU" "$@"; else "$@"; fi
}

# affinity NAME PID: each thread's name and CPU list into OUT/affinity-NAME.txt
# (the record that the budget was what the table says).
affinity() {
	for t in /proc/"$2"/task/*; do
		printf '%s %s\n' "$(cat "$t/comm")" "$(awk '/^Cpus_allowed_list:/ { print $2 }' "$t/status")"
	done >"$OUT/affinity-$1.txt" 2>/dev/null || true
}

ms() { date +%s%3N; }
# CPU time (utime + stime, clock ticks) of thread $2 of process $1: evpnd's main
# lcore, where its BGP runs; FRR bgpd's main thread, which decodes and decides.
# Unlike the wall time it does not count waiting for a CPU the machine's other
# jobs hold.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/task/$2/stat" 2>/dev/null || echo 0; }
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
	on_cpu ip netns exec "$PFX-feed" "$BUILD/perf/bgp_feed" -c "$2" -s "$3" -a 65001 -r 65000 \
		-n "$N" $evflag >"$OUT/feed-$1.log" 2>&1 &
	FEED_PID=$!
	pids+=("$FEED_PID")
}
# receiver NAME PEER SOURCE (RELAY=1): starts bgp_feed -R (AS 65002) and waits
# for its session.
receiver() {
	on_cpu ip netns exec "$PFX-feed" "$BUILD/perf/bgp_feed" -R -c "$2" -s "$3" -a 65002 -r 65000 \
		-n "$N" $evflag >"$OUT/feed-recv-$1.log" 2>&1 &
	RECV_PID=$!
	pids+=("$RECV_PID")
	established "recv-$1" >/dev/null
}
# received NAME: waits for the receiver's N-th route, prints when it came (ms,
# the receiver's own clock: polling less often costs no precision).
received() {
	local log=$OUT/feed-recv-$1.log
	for _ in $(seq 15000); do
		if grep -q '^received' "$log"; then
			awk '/^received/ { print $3 }' "$log"
			return 0
		fi
		sleep 0.02
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
	[ "$RELAY" = 0 ] || af=$'\n neighbor 192.0.2.3 remote-as 65002'
	[ "$FAMILY" = evpn ] && af+=$'\n address-family l2vpn evpn\n  neighbor 192.0.2.2 activate'
	[ "$FAMILY" = evpn ] && [ "$RELAY" = 1 ] && af+=$'\n  neighbor 192.0.2.3 activate'
	[ "$FAMILY" = evpn ] && af+=$'\n exit-address-family'
	local lcores=
	[ "$pinned" = 0 ] || lcores=$'\n main-lcore '$SPEAKER_CPU$'\n worker-lcores '$WORKER_CPU
	cat >"$OUT/evpnd.conf" <<CONF
dataplane$lcores
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
	local rss0 t0 t1 rss1 c0 c1 perf_pid=
	rss0=$(rss_kb $pid)
	if [ -n "${PERF_RECORD:-}" ]; then
		local what=(-p "$pid")
		[ "$PERF_RECORD" != cpu ] || what=(-a -C "$SPEAKER_CPU")
		perf record -q -g "${what[@]}" -o "$OUT/perf.data" >/dev/null 2>&1 &
		perf_pid=$!
		sleep 1
	fi
	[ "$RELAY" = 0 ] || receiver evpnd 192.0.2.1 192.0.2.3
	c0=$(cpu_ticks "$pid" "$pid")
	feed evpnd 192.0.2.1 192.0.2.2
	t0=$(established evpnd)
	if [ "$RELAY" = 0 ]; then t1=$(wait_count ev_count); else t1=$(received evpnd); fi
	c1=$(cpu_ticks "$pid" "$pid")
	rss1=$(rss_kb $pid)
	affinity "evpnd-pin$pinned" "$pid"
	[ -z "$perf_pid" ] || { kill -INT "$perf_pid"; wait "$perf_pid" || true; }
	echo "evpnd $pinned $t0 $t1 $rss0 $rss1 $c0 $c1"
	kill -TERM "$FEED_PID" "$pid" ${RECV_PID:-}
	wait "$FEED_PID" "$pid" ${RECV_PID:-} 2>/dev/null || true
}

run_frr() {
	local d=$OUT/frr af=
	mkdir -p "$d"
	chmod 755 "$OUT"
	[ "$RELAY" = 0 ] || af=$'\n neighbor 203.0.113.3 remote-as 65002'
	[ "$FAMILY" = evpn ] && af+=$'\n address-family l2vpn evpn\n  neighbor 203.0.113.2 activate'
	[ "$FAMILY" = evpn ] && [ "$RELAY" = 1 ] && af+=$'\n  neighbor 203.0.113.3 activate'
	[ "$FAMILY" = evpn ] && af+=$'\n exit-address-family'
	cat >"$d/bgpd.conf" <<CONF
hostname frr
log file $d/bgpd.log notifications
router bgp 65000
 bgp router-id 198.51.100.2
 no bgp ebgp-requires-policy
 coalesce-time 0
 neighbor 203.0.113.2 remote-as 65001$af
CONF
	chown -R frr:frr "$d"
	rm -f "$d/bgpd.vty"
	on_cpu ip netns exec "$PFX-frr" $FRRBIN/bgpd -d -Z -f "$d/bgpd.conf" -i "$d/bgpd.pid" -z "$d/zserv.api" \
		--vty_socket "$d" -A 127.0.0.1 -P 0
	for _ in $(seq 50); do
		[ -S "$d/bgpd.vty" ] && break
		sleep 0.1
	done
	sleep 1
	local pid rss0 t0 t1 rss1 c0 c1
	pid=$(cat "$d/bgpd.pid")
	rss0=$(rss_kb "$pid")
	[ "$RELAY" = 0 ] || receiver frr 203.0.113.1 203.0.113.3
	c0=$(cpu_ticks "$pid" "$pid")
	feed frr 203.0.113.1 203.0.113.2
	t0=$(established frr)
	if [ "$RELAY" = 0 ]; then t1=$(wait_count frr_count); else t1=$(received frr); fi
	c1=$(cpu_ticks "$pid" "$pid")
	rss1=$(rss_kb "$pid")
	affinity "frr-pin$pinned" "$pid"
	echo "frr $pinned $t0 $t1 $rss0 $rss1 $c0 $c1"
	kill -TERM "$FEED_PID" "$pid" ${RECV_PID:-}
	wait "$FEED_PID" ${RECV_PID:-} 2>/dev/null || true
	for _ in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
}

: >"$OUT/raw.txt"
for r in $(seq "$ROUNDS"); do
	for pinned in $pins; do
		if [ "$pinned" = 1 ]; then
			taskset -cp "$WORKER_CPU" $$ >/dev/null
		elif command -v taskset >/dev/null; then
			taskset -cp "0-$(($(nproc --all) - 1))" $$ >/dev/null
		fi
		for sp in $SPEAKERS; do
			"run_$sp" | tee -a "$OUT/raw.txt"
		done
	done
done

"$PY" - "$OUT/raw.txt" "$N" "$FAMILY" "$OUT" "$BUILD" "$RELAY" "$PIN" "$SPEAKER_CPU" "$WORKER_CPU" <<'PY'
import json, os, platform, statistics, subprocess, sys
raw, n, family, out, build = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
relay = sys.argv[6] != "0"
pin, speaker_cpu, worker_cpu = sys.argv[7], sys.argv[8], sys.argv[9]
rows = {}
tick = os.sysconf("SC_CLK_TCK")
for line in open(raw):
    who, pinned, t0, t1, r0, r1, c0, c1 = line.split()
    rows.setdefault((who, pinned), []).append(
        ((int(t1) - int(t0)) / 1000.0, (int(r1) - int(r0)) * 1024.0 / n,
         (int(c1) - int(c0)) / tick))
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
def ver(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[0]
    except Exception:
        return "?"
frr = ver(["/usr/lib/frr/bgpd", "--version"])
rev = ver(["git", "-C", os.path.dirname(os.path.abspath(raw)), "rev-parse", "--short", "HEAD"])
res = {}
for (who, pinned), v in rows.items():
    res.setdefault(pinned, {})[who] = {
        "seconds": statistics.median(x[0] for x in v), "all_seconds": [x[0] for x in v],
        "bytes_per_route": statistics.median(x[1] for x in v), "rounds": len(v),
        "cpu_seconds": statistics.median(x[2] for x in v), "all_cpu_seconds": [x[2] for x in v]}
budget = {
    "1": "1 CPU: feeder, receiver and speaker on CPU %s%s" % (
        speaker_cpu, "; evpnd's dataplane worker alone on CPU %s" % worker_cpu),
    "0": "unpinned: 2 CPUs shared by the scheduler; evpnd's dataplane worker busy-polls CPU 1",
}
print()
print("machine: %s, %d cpus, kernel %s; %s" % (cpu, os.cpu_count(), platform.release(), frr))
print("command: N=%d FAMILY=%s%s PIN=%s perf/bgp_scale/run.sh %s" % (
    n, family, " RELAY=1" if relay else "", pin, build))
what = "feeder Established -> all routes at the receiver (s)" if relay else "Established -> all routes (s)"
for pinned in ("1", "0"):
    if pinned not in res:
        continue
    r = res[pinned]
    print()
    print("CPU budget: %s" % budget[pinned])
    print()
    print("| speaker | %s routes | %s | min-max | routes/s | RSS per route (B) | main thread CPU (s) | min-max |" % (family, what))
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for who in ("evpnd", "frr"):
        if who in r:
            x = r[who]
            print("| %s | %d | %.2f | %.2f-%.2f | %.0f | %.0f | %.2f | %.2f-%.2f |" % (
                "FRR bgpd -Z" if who == "frr" else who, n, x["seconds"], min(x["all_seconds"]),
                max(x["all_seconds"]), n / x["seconds"] if x["seconds"] else 0,
                x["bytes_per_route"], x["cpu_seconds"], min(x["all_cpu_seconds"]),
                max(x["all_cpu_seconds"])))
    if "evpnd" in r and "frr" in r:
        e, f = r["evpnd"], r["frr"]
        print("| ratio FRR/evpnd | | %.1fx faster | | | %.1fx less memory | | |" % (
            f["seconds"] / e["seconds"] if e["seconds"] else 0,
            f["bytes_per_route"] / e["bytes_per_route"] if e["bytes_per_route"] > 0 else 0))
res = {("pinned" if k == "1" else "unpinned"): v for k, v in res.items()}
json.dump({"n": n, "family": family, "relay": relay, "cpu": cpu, "frr": frr, "pin": pin,
           "speaker_cpu": speaker_cpu, "worker_cpu": worker_cpu, "results": res},
          open(os.path.join(out, "result.json"), "w"), indent=1)
print("\n(json and logs in %s)" % out)
PY
