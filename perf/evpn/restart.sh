#!/bin/bash
# perf/evpn/restart.sh: a control-process restart of `evpnd --split` holding N
# BGP-learned MACs, under traffic (README.md next to this file, "Control-process
# restart").
#
#   sudo N=1000000 EV_MEM=2048 perf/evpn/restart.sh [BUILD_DIR]
#
#   h1 10.1.0.1 --- h0 [ev: evpnd --split] ul0 ==== ul [kv: 192.0.2.4, br100/vxlan100] hk --- h2 10.1.0.2
#                   mgmt0 10.0.0.1 ---- f-ev 10.0.0.9 [feed: evpn_feed -R]
#
# evpnd (forwarding process + evpnd-cp, `bgp graceful-restart`) has an af_packet
# access port toward h1 and an af_packet uplink toward kv, a Linux kernel VXLAN VTEP
# (192.0.2.4, the feed's next hop) with h2 behind it. evpn_feed sends N type-2
# MAC-only routes of VNI 100 from VTEP 192.0.2.4, route 0 being h2's MAC
# (02:fe:00:00:00:00): evpnd reaches h2 through that BGP route alone (no flood
# VTEP; the feed has no type-3 route, so h1 and h2 have static ARP entries). Once
# the N MACs are in the dataplane, h1 pings h2 every PING_I s (default 0.001) for
# PING_S s (default 20 + N / 50000); 2 s in, evpnd-cp is killed (-9). Measured
# (times from the kill): the new evpnd-cp running (its start-up log line), BGP
# Established again (the feeder's clock), the feeder's End-of-RIB received (evpnd-cp's
# "deferral over" log line: End-of-RIB from every neighbor), both processes'
# "re-synchronised" lines and their figures, the sweep, the new evpnd-cp's CPU time up
# to its re-sync and the forwarding process main thread's over it, pings lost and their
# round trips in and out of the restart window (ping -D), and the forwarding process's
# RSS with 0 and N routes and after the restart (split by smaps into the DPDK memory,
# where the MAC table is, and the rest, where the shadow tables are).
# COMPARE=1: one-process evpnd (no --split) on the same feed, for its RSS growth.
# Environment: N (default 100000), EV_MEM (DPDK memory MB, default 1024; 1M wants
# 2048), PING_I, PING_S, COMPARE, OUT (default a new directory under /tmp),
# PERF_RECORD=S (perf record -a -g of the S seconds after the kill: OUT/perf.data),
# CAPTURE=1 (tcpdump on the far ends of evpnd's two ports, from 1 s before the kill to
# the re-sync + 1 s: on which side of the path the flow's late replies waited).
# Results: OUT/results.txt (and stdout), the command line first, one figure a line.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "${1:-${BUILD:-$here/../../build}}" && pwd)
N=${N:-100000}
EV_MEM=${EV_MEM:-1024}
PING_I=${PING_I:-0.001}
PING_S=${PING_S:-$((20 + N / 50000))}
OUT=${OUT:-$(mktemp -d /tmp/evpn-restart.XXXXXX)}
PFX=evr$$
EV_SOCK=$OUT/evpnd.sock
EV_LOG=$OUT/evpnd-split.log # evpnd --split and evpnd-cp (ev_start split)
FEED_LOG=$OUT/feed.log
RES=$OUT/results.txt
CMD="N=$N EV_MEM=$EV_MEM PING_I=$PING_I PING_S=$PING_S${COMPARE:+ COMPARE=1}${CAPTURE:+ CAPTURE=1}${PERF_RECORD:+ PERF_RECORD=$PERF_RECORD} perf/evpn/restart.sh $BUILD"

[ "$(id -u)" -eq 0 ] || { echo "restart.sh: needs root (namespaces)" >&2; exit 125; }
for f in evpnd evpnd-cp evpnctl perf/evpn_feed; do
	[ -x "$BUILD/$f" ] || { echo "restart.sh: no $BUILD/$f" >&2; exit 2; }
done
mkdir -p "$OUT"
chmod 755 "$OUT"
. "$here/../perf_ns.sh"
trap 'set +e; perf_teardown' EXIT

cap_pids=()
evctl() { "$BUILD/evpnctl" -s "$EV_SOCK" -t 10 "$@"; }
result() { echo "$*" | tee -a "$RES"; }
# json_num KEY: the first number value of "KEY" in stdin
json_num() { grep -o "\"$1\": *[0-9]*" | head -1 | grep -o '[0-9]*$'; }
remote_macs() { evctl show bridge-domain json 2>/dev/null | json_num remoteMacs; }
cp_pid() { evctl show dataplane process json 2>/dev/null | json_num controlPid; }

# ---- topology
perf_ns_add feed ev kv h1 h2
pair() { # pair NS1 IF1 NS2 IF2 [MTU]: a veth, both ends up
	ip link add "$2" netns "$PFX-$1" mtu "${5:-1500}" type veth peer name "$4" netns "$PFX-$3" mtu "${5:-1500}"
	nsx "$1" ip link set "$2" up
	nsx "$3" ip link set "$4" up
}
pair feed f-ev ev mgmt0
pair ev ul0 kv ul 1600
pair ev h0 h1 eth0
pair kv hk h2 eth0
nsx feed ip addr add 10.0.0.9/24 dev f-ev
nsx ev ip addr add 10.0.0.1/24 dev mgmt0
# af_packet passes frames as they are: the far ends send complete checksums
nsx kv ethtool -K ul tx off >/dev/null
nsx h1 ethtool -K eth0 tx off >/dev/null
nsx kv ip addr add 192.0.2.4/24 dev ul
nsx kv ip link add br100 type bridge mcast_snooping 0
nsx kv ip link add vxlan100 type vxlan id 100 local 192.0.2.4 dstport 4789 nolearning
nsx kv ip link set vxlan100 master br100
nsx kv bridge link set dev vxlan100 learning off
nsx kv ip link set vxlan100 up
nsx kv ip link set br100 up
nsx kv ip link set hk master br100
nsx kv bridge fdb append 00:00:00:00:00:00 dev vxlan100 dst 192.0.2.1
H1MAC=02:00:00:00:01:01
H2MAC=02:fe:00:00:00:00
nsx h1 ip link set eth0 address $H1MAC
nsx h1 ip addr add 10.1.0.1/24 dev eth0
nsx h1 ip neigh replace 10.1.0.2 lladdr $H2MAC dev eth0 nud permanent
nsx h2 ip link set eth0 address $H2MAC
nsx h2 ip addr add 10.1.0.2/24 dev eth0
nsx h2 ip neigh replace 10.1.0.1 lladdr $H1MAC dev eth0 nud permanent

# ---- evpnd
MTS=1024
while [ $MTS -lt $((N + N / 4)) ]; do MTS=$((MTS * 2)); done
ev_conf() {
	cat <<CONF
dataplane
 main-lcore 0
 worker-lcores 1
 mbufs 8192
 mac-table-size $MTS
 port uplink0 devargs net_af_packet0,iface=ul0
 port host0 devargs net_af_packet1,iface=h0
underlay
 vtep-address 192.0.2.1
 address 192.0.2.1/24 port uplink0
bridge-domain 100
 vni 100
 member host0 untagged
router bgp 65000
 bgp router-id 10.0.0.1
 no bgp default ipv4-unicast
 bgp graceful-restart
 neighbor 10.0.0.9 remote-as 65000
 address-family l2vpn evpn
  neighbor 10.0.0.9 activate
  advertise-all-vni
 exit-address-family
CONF
}
ev_start() { # ev_start TAG [--split ...]: evpnd up (EV_PID)
	local tag=$1
	shift
	ev_conf >"$OUT/evpnd.conf"
	ip netns exec "$PFX-ev" "$BUILD/evpnd" -f "$OUT/evpnd.conf" -s "$EV_SOCK" "$@" -- --no-huge \
		-m "$EV_MEM" --no-pci --no-shconf --file-prefix "${PFX}$tag" >"$OUT/evpnd-$tag.log" 2>&1 &
	EV_PID=$!
	pids+=("$EV_PID")
	for _ in $(seq 300); do
		evctl show bridge-domain >/dev/null 2>&1 && return 0
		kill -0 $EV_PID 2>/dev/null || break
		sleep 0.2
	done
	log "evpnd did not start: $(tail -5 "$OUT/evpnd-$tag.log")"
	return 1
}
ev_stop() {
	kill -TERM "$EV_PID" 2>/dev/null || true
	wait "$EV_PID" 2>/dev/null || true
}
feed_start() { # feed_start LOG
	ip netns exec "$PFX-feed" "$BUILD/perf/evpn_feed" -R -c 10.0.0.1 -s 10.0.0.9 -a 65000 -n "$N" \
		-N 192.0.2.4 >"$1" 2>&1 &
	FEED_PID=$!
	pids+=("$FEED_PID")
}
feed_stop() {
	kill -TERM "$FEED_PID" 2>/dev/null || true
	wait "$FEED_PID" 2>/dev/null || true
}
# wait_all: until the N MACs are in the dataplane (600 s at most)
wait_all() {
	local deadline=$(($(date +%s) + 600)) c=0
	while [ "$(date +%s)" -lt $deadline ]; do
		c=$(remote_macs || echo 0)
		[ "${c:-0}" -lt "$N" ] || return 0
		sleep 0.1
	done
	log "timeout: $c of $N MACs in the dataplane"
	return 1
}
# log_us PATTERN: the time (us) of the first evpnd log line matching PATTERN (its
# ISO 8601 UTC stamp, ms), or nothing
log_us() {
	local t
	t=$(grep -m1 "$1" "$EV_LOG" | grep -o '^[0-9T:.-]*Z') || return 0
	echo $(($(date -d "$t" +%s%N) / 1000))
}
# rtt_report FROM TO: from ping -D's replies (OUT/flow.txt): the pings sent a second,
# the longest round trip, and the longest gap between two replies, among the
# replies received between FROM and TO (us) and among the others
rtt_report() {
	awk -v a="$1" -v b="$2" '
	/icmp_seq=/ {
		t = substr($1, 2, length($1) - 2) * 1e6
		split($0, r, "time="); rtt = r[2] + 0
		w = (t >= a && t <= b) ? 1 : 0
		if (rtt > m[w]) m[w] = rtt
		k[w]++; if (rtt > 10) slow[w]++
		if (n && t - last > g[w]) g[w] = t - last
		last = t; n++
		if (!t0) t0 = t
	}
	END {
		printf "%.0f pings/s; between the kill and 1 s after the re-sync: longest round trip %.1f ms, longest gap between replies %.1f ms, %.2f%% of %d replies above 10 ms; before and after: %.1f ms, %.1f ms, %.2f%% of %d\n",
			n / ((last - t0) / 1e6), m[1], g[1] / 1e3, 100 * slow[1] / (k[1] ? k[1] : 1), k[1],
			m[0], g[0] / 1e3, 100 * slow[0] / (k[0] ? k[0] : 1), k[0]
	}' "$OUT/flow.txt"
}
# capture_report: per ping of OUT/h1.pcap and kv.pcap (the far ends of evpnd's two
# ports): the time evpnd took for the request (h1 out -> kv in) and for the reply (kv
# out -> h1 in), and the time beyond it (kv and h2): the longest of each, and how many
# took above 10 ms.
capture_report() {
	{
		tshark -r "$OUT/h1.pcap" -Y icmp -T fields -e frame.time_epoch -e icmp.type -e icmp.seq 2>/dev/null |
			sed 's/^/h1 /'
		tshark -r "$OUT/kv.pcap" -Y icmp -T fields -e frame.time_epoch -e icmp.type -e icmp.seq 2>/dev/null |
			sed 's/^/kv /'
	} | awk '
	{ t[$1, $3, $4] = $2; seq[$4] = 1 }
	END {
		for (q in seq) {
			a = t["h1", 8, q]; b = t["kv", 8, q]; c = t["kv", 0, q]; d = t["h1", 0, q]
			if (a == "" || b == "" || c == "" || d == "") { partial++; continue }
			n++
			rq = (b - a) * 1e3; ot = (c - b) * 1e3; rp = (d - c) * 1e3
			if (rq > mrq) mrq = rq; if (ot > mot) mot = ot; if (rp > mrp) mrp = rp
			srq += rq > 10; sot += ot > 10; srp += rp > 10
		}
		printf "%d pings seen on both ports (%d not on all four legs); evpnd request path longest %.1f ms (%d above 10 ms), reply path %.1f ms (%d); beyond evpnd (kv, h2) %.1f ms (%d)\n",
			n, partial, mrq, srq, mrp, srp, mot, sot
	}'
}
# ms FROM TO: the milliseconds between two microsecond times, or "?"
ms() { if [ -n "$2" ]; then echo $((($2 - $1) / 1000)); else echo "?"; fi; }

: >"$RES"
result "command: $CMD"
result "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs, $(uname -r); load average at start $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- one-process evpnd for comparison: RSS growth per route
if [ -n "${COMPARE:-}" ]; then
	ev_start one
	sleep 2
	read -r o0 od0 < <(smaps_split $EV_PID)
	feed_start "$OUT/feed-one.log"
	wait_all
	sleep 2
	read -r o1 od1 < <(smaps_split $EV_PID)
	result "one-process evpnd RSS kB: $o0 -> $o1 with $N routes ($(((o1 - o0) * 1024 / N)) B/route; DPDK memory $od0 -> $od1, other $((o0 - od0)) -> $((o1 - od1)), $((((o1 - od1) - (o0 - od0)) * 1024 / N)) B/route)"
	feed_stop
	ev_stop
fi

# ---- evpnd --split, the feed, the flow
ev_start split --split --dataplane-socket "$OUT/dp.sock"
sleep 2
CP1=$(cp_pid)
read -r f0 fd0 < <(smaps_split $EV_PID)
c0=$(rss_kb "$CP1")
log "forwarding process $EV_PID (RSS $f0 kB), evpnd-cp $CP1 ($c0 kB); feeding $N routes"
t0=$(us)
feed_start "$FEED_LOG"
wait_all
t1=$(us)
cpu1=$(cpu_ms "$CP1")
result "N: $N MACs in the dataplane (mac-table-size $MTS), $(ms "$t0" "$t1") ms after the feeder started; evpnd-cp CPU $cpu1 ms"
nsx h1 ping -c 3 -i 0.2 -W 1 10.1.0.2 >"$OUT/ping-check.txt" 2>&1 || {
	log "h1 cannot ping h2: $(cat "$OUT/ping-check.txt")"
	exit 1
}
sleep 2
read -r f1 fd1 < <(smaps_split $EV_PID)
c1=$(rss_kb "$CP1")
evctl show stats all >"$OUT/stats-before.txt" 2>&1 || true

count=$(awk -v s="$PING_S" -v i="$PING_I" 'BEGIN { printf "%d", s / i }')
ip netns exec "$PFX-h1" ping -D -i "$PING_I" -c "$count" -W 1 10.1.0.2 >"$OUT/flow.txt" 2>&1 &
flow=$!
pids+=("$flow")
sleep 2
cp_est=$(grep -c '^established' "$FEED_LOG")
if [ -n "${PERF_RECORD:-}" ]; then # the whole machine (software clock) for PERF_RECORD s after the kill
	perf record -q -e cpu-clock -F 2000 -g -a -o "$OUT/perf.data" -- sleep "$PERF_RECORD" >/dev/null 2>&1 &
	pids+=($!)
	sleep 0.5
fi
if [ -n "${CAPTURE:-}" ]; then # the flow on both sides of evpnd, for where a late reply was
	# on the far ends: af_packet's own sends do not show on evpnd's side
	for i in h1:eth0 kv:ul; do
		ip netns exec "$PFX-${i%:*}" tcpdump -q -n -s 160 -B 8192 -i "${i#*:}" -w "$OUT/${i%:*}.pcap" \
			icmp or udp port 4789 >"$OUT/tcpdump-${i%:*}.log" 2>&1 &
		cap_pids+=($!)
		pids+=($!)
	done
	sleep 1
fi
fw_cpu0=$(cpu_ms "$EV_PID" "$EV_PID") # the main thread: the writer and the control socket
t_kill=$(us)
kill -9 "$CP1"
log "evpnd-cp $CP1 killed (-9)"

# ---- after the kill: poll the logs, the feeder and evpnctl
t_cp="" t_sync_cp="" t_sync_fw="" CP2="" cpu2=0
deadline=$(($(date +%s) + 600))
while [ "$(date +%s)" -lt $deadline ]; do
	if [ -z "$t_cp" ] && grep -q 'evpnd-cp running.*restarted' "$EV_LOG"; then
		t_cp=$(us)
		CP2=$(sed -n 's/.*control process .* started (pid \([0-9]*\), run 2).*/\1/p' "$EV_LOG")
	fi
	[ -z "$CP2" ] || [ -n "$t_sync_cp" ] || cpu2=$(cpu_ms "$CP2" 2>/dev/null || echo "$cpu2")
	[ -n "$t_sync_cp" ] || ! grep -q 're-synchronised with the forwarding process' "$EV_LOG" || t_sync_cp=$(us)
	[ -n "$t_sync_fw" ] || ! grep -q 'control process 2 re-synchronised' "$EV_LOG" || t_sync_fw=$(us)
	[ -z "$t_sync_cp" ] || [ -z "$t_sync_fw" ] || break
	sleep 0.01
done
fw_cpu1=$(cpu_ms "$EV_PID" "$EV_PID")
if [ -n "${CAPTURE:-}" ]; then
	sleep 1
	kill -INT "${cap_pids[@]}"
	wait "${cap_pids[@]}" || true
fi
log "waiting for the flow to end"
wait "$flow" || true
sleep 2
read -r f2 fd2 < <(smaps_split $EV_PID)
evctl show stats all >"$OUT/stats-after.txt" 2>&1 || true
evctl show dataplane process json >"$OUT/process.json" 2>&1 || true

tx=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$OUT/flow.txt")
rx=$(sed -n 's/.*transmitted, \([0-9]*\) received.*/\1/p' "$OUT/flow.txt")
lost=$(awk -F'icmp_seq=' 'NF > 1 { split($2, a, " "); got[a[1]] = 1 }
	END { for (i = 1; i <= '"${tx:-0}"'; i++) if (!(i in got)) printf "%d ", i }' "$OUT/flow.txt")
cp_line=$(grep -o 're-synchronised with the forwarding process in [0-9]* ms' "$EV_LOG" | head -1)
fw_line=$(grep -o 'control process 2 re-synchronised in [0-9]* ms: [0-9]* table entries stale, [0-9]* removed' "$EV_LOG" | head -1)
removed=$(echo "$fw_line" | sed -n 's/.*stale, \([0-9]*\) removed/\1/p')
n_eor=$(grep -c '^sent' "$FEED_LOG" || true)
# the log's own times where it has them (evpnd-cp's lines), rather than the polling's
t_cp=$(log_us 'evpnd-cp running.*restarted')
t_sync_cp=$(log_us 're-synchronised with the forwarding process')
t_eor=$(log_us 'graceful restart: deferral over')
t_est=$(awk -v k="$cp_est" '/^established/ && ++i == k + 1 { print $2 }' "$FEED_LOG")
eor_line=$(grep -o 'deferral over after [0-9]* ms ([^)]*)' "$EV_LOG" | head -1)
result "pings: ${tx:-?} sent, ${rx:-?} received, $((${tx:-0} - ${rx:-0})) lost (every $PING_I s for $PING_S s, evpnd-cp killed 2 s in)${lost:+; missing icmp_seq: $(echo "$lost" | cut -c1-200)}"
result "flow: $(rtt_report "$t_kill" $((${t_sync_fw:-$t_kill} + 1000000)))"
[ -z "${CAPTURE:-}" ] || result "flow through evpnd (CAPTURE, kill -> re-sync + 1 s): $(capture_report)"
result "kill -> new evpnd-cp running: $(ms "$t_kill" "$t_cp") ms (pid ${CP2:-?}; its log line's time)"
result "kill -> BGP Established again: $(ms "$t_kill" "$t_est") ms (feeder's clock)"
result "kill -> feeder's End-of-RIB received by evpnd-cp: $(ms "$t_kill" "$t_eor") ms (its log line's time; log: ${eor_line:-none}; feeder finished writing the feed $(ms "$t_kill" "$(awk '/^sent/ { t = $5 } END { print t }' "$FEED_LOG")") ms after the kill, $n_eor feeds sent)"
result "kill -> evpnd-cp re-synchronised: $(ms "$t_kill" "$t_sync_cp") ms (its log line's time; log: ${cp_line:-none})"
result "kill -> forwarding process re-synchronised: $(ms "$t_kill" "$t_sync_fw") ms (polled; log: ${fw_line:-none})"
result "load average after the re-sync: $(cut -d' ' -f1-3 /proc/loadavg)"
result "stale entries removed by the sweep: ${removed:-?} (must be 0); show dataplane process: $(tr -d '\n' <"$OUT/process.json" | grep -o '"lastSweepRemoved": *[0-9]*')"
result "new evpnd-cp CPU time, start -> re-synchronised: $cpu2 ms (first evpnd-cp, start -> all $N in the dataplane: $cpu1 ms)"
result "forwarding process main thread (writer, control socket) CPU time, kill -> re-synchronised: $((fw_cpu1 - fw_cpu0)) ms"
result "remote MACs in the dataplane after the restart: $(remote_macs || echo ?)"
result "forwarding process RSS kB: $f0 (0 routes) -> $f1 ($N routes) -> $f2 (after the restart); $(((f1 - f0) * 1024 / N)) B/route (DPDK memory $fd0 -> $fd1 -> $fd2, $(((fd1 - fd0) * 1024 / N)) B/route; other $((f0 - fd0)) -> $((f1 - fd1)) -> $((f2 - fd2)), $((((f1 - fd1) - (f0 - fd0)) * 1024 / N)) B/route)"
result "evpnd-cp RSS kB: $c0 (0 routes) -> $c1 ($N routes); new evpnd-cp: $( [ -n "$CP2" ] && rss_kb "$CP2" || echo ?)"
diff <(awk '$2 ~ /drop|err|miss|fail/ && $3 != 0' "$OUT/stats-before.txt") \
	<(awk '$2 ~ /drop|err|miss|fail/ && $3 != 0' "$OUT/stats-after.txt") >"$OUT/stats-drops.diff" || true
log "drop counters before/after the restart: $OUT/stats-drops.diff; logs in $OUT"
feed_stop
ev_stop
