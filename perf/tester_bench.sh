#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# perf/tester_bench.sh - the tester's generation and reception per core, against
# dpdk-testpmd on the same virtual ports, alternated in the same run (issue 12's goal:
# at least 0.8 of txonly and of rxonly).
#
#   gen: evpnd's tester, one stream, rate max, 70-byte frames (66 without FCS) out of
#        net_null0,no-rx=1   vs   testpmd --forward-mode=txonly --txpkts=66 on net_null0 (the
#        same tx path; txonly polls no rx, and stalls on a no-rx=1 port)
#   rx:  net_pcap0,rx_pcap=F,infinite_rx=1 of 1024 tester frames (VXLAN, 116 bytes,
#        stream 0, sequence 0..1023 again and again: counted, as duplicates after the
#        first lap) into tester_rx   vs   testpmd --forward-mode=rxonly, same pcap
#
# One worker (lcore 1) each; the figure is the mean rate over DUR s after WARM s.
# Usage: perf/tester_bench.sh   Environment: BUILD (default build), REPS=3 DUR=5 WARM=2,
#   PERF_DIR (default /tmp/evpnd-tester-perf). Prints a markdown table.
set -u
export LC_ALL=C
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/.." && pwd)
BUILD=${BUILD:-$TOP/build}
case $BUILD in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
PY=/usr/bin/python3
BASE=${PERF_DIR:-/tmp/evpnd-tester-perf}
REPS=${REPS:-3} DUR=${DUR:-5} WARM=${WARM:-2}
EAL=(--no-huge -m 1024 --no-pci --no-shconf)
mkdir -p "$BASE"
log() { echo "# $(date +%T) $*" >&2; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
EV_PID= TP_PID=
cleanup() {
	[ -z "$EV_PID" ] || kill "$EV_PID" 2>/dev/null
	[ -z "$TP_PID" ] || kill -INT "$TP_PID" 2>/dev/null
	wait 2>/dev/null
}
trap cleanup EXIT

$PY - "$BASE/rx.pcap" <<'PYEOF'
import struct, sys
from scapy.all import Ether, IP, UDP, VXLAN, Raw, wrpcap
pkts = []
for seq in range(1024):
    pl = struct.pack(">IHHQQ", 0x45565054, 0, 0, seq, 0)
    inner = Ether(src="02:00:00:00:03:00", dst="02:00:00:00:01:00") / \
        IP(src="198.18.0.1", dst="198.18.0.2") / UDP(sport=49152, dport=61000) / Raw(pl)
    pkts.append(Ether(src="02:00:00:00:99:02", dst="02:00:00:00:99:01") /
        IP(src="203.0.113.10", dst="10.0.12.1") / UDP(sport=49152, dport=4789) /
        VXLAN(vni=100) / inner)
wrpcap(sys.argv[1], pkts)
PYEOF

# ev_conf PORT-DEVARGS: a tester with stream s0 (rate max, 70 bytes) out of that port
ev_conf() {
	cat <<CONF
dataplane
 main-lcore 0
 worker-lcores 1
 mbufs 16384
 port p0 devargs $1
 port n1 devargs net_null1,no-rx=1
tester
stream s0
 port ${2:-p0}
 source-mac 02:00:00:00:03:00
 destination-mac 02:00:00:00:01:00
 frame-size 70
 rate max
CONF
}
ctl() { "$BUILD/evpnctl" -s "$BASE/ev.sock" -t 5 "$@"; }
# ev_rate gen|rx: the tester's tx (gen) or received (rx) frames per second
ev_rate() {
	local mode=$1 conf=$BASE/ev-$1.conf a b t0 t1 q
	if [ "$mode" = gen ]; then
		ev_conf net_null0,no-rx=1 >"$conf"
		q="d['streams'][0]['txPackets']"
	else
		ev_conf "net_pcap0,rx_pcap=$BASE/rx.pcap,infinite_rx=1" n1 >"$conf"
		q="d['streams'][0]['rxPackets']"
	fi
	rm -f "$BASE/ev.sock"
	"$BUILD/evpnd" -f "$conf" -s "$BASE/ev.sock" -- "${EAL[@]}" --file-prefix tbench_ev \
		>"$BASE/ev-$mode.log" 2>&1 &
	EV_PID=$!
	for _ in $(seq 100); do ctl show tester >/dev/null 2>&1 && break; sleep 0.1; done
	[ "$mode" = gen ] && ctl tester start >/dev/null
	sleep "$WARM"
	t0=$(date +%s.%N); a=$(ctl show tester json | $PY -c "import json,sys; d=json.load(sys.stdin); print($q)")
	sleep "$DUR"
	t1=$(date +%s.%N); b=$(ctl show tester json | $PY -c "import json,sys; d=json.load(sys.stdin); print($q)")
	kill "$EV_PID"; wait "$EV_PID" 2>/dev/null; EV_PID=
	awk -v a="$a" -v b="$b" -v t0="$t0" -v t1="$t1" 'BEGIN {printf "%.0f\n", (b - a) / (t1 - t0)}'
}
# tp_rate gen|rx: testpmd txonly (Tx-pps of port 0) or rxonly (Rx-pps of port 0)
tp_rate() {
	local mode=$1 vdev fwd field
	if [ "$mode" = gen ]; then
		# txonly never polls rx (and stalls on a no-rx=1 port): the same tx path
		vdev=net_null0 fwd=(--forward-mode=txonly --txpkts=66) field=Tx-pps
	else
		vdev="net_pcap0,rx_pcap=$BASE/rx.pcap,infinite_rx=1" fwd=(--forward-mode=rxonly) field=Rx-pps
	fi
	timeout -s INT -k 5 $((WARM + DUR + 3)) dpdk-testpmd -l 0-1 "${EAL[@]}" \
		--file-prefix tbench_tp --vdev="$vdev" -- "${fwd[@]}" --nb-cores=1 --rxq=1 --txq=1 \
		--stats-period 1 >"$BASE/tp-$mode.log" 2>&1 &
	TP_PID=$!
	wait "$TP_PID" 2>/dev/null; TP_PID=
	awk -v f="$field:" '$1 == f {print $2}' "$BASE/tp-$mode.log" | tail -n +$((WARM + 2)) |
		head -n "$DUR" | awk '{s += $1; n++} END {if (n) printf "%.0f\n", s / n; else print "nan"}'
}

echo "machine: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(nproc) CPUs, $(dpdk-testpmd -v 2>&1 | grep -o 'DPDK [0-9.]*' | head -1), evpnd $(git -C "$TOP" rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| what | evpnd tester Mpps (median of $REPS) | testpmd Mpps (median) | tester / testpmd | reps (tester/testpmd, Mpps) |"
echo "| --- | --- | --- | --- | --- |"
for mode in gen rx; do
	ev=() tp=() reps=""
	for r in $(seq "$REPS"); do
		log "$mode rep $r: testpmd"
		tp+=("$(tp_rate "$mode")")
		log "$mode rep $r: evpnd tester"
		ev+=("$(ev_rate "$mode")")
		reps="$reps $(awk -v e="${ev[-1]}" -v t="${tp[-1]}" 'BEGIN {printf "%.2f/%.2f", e/1e6, t/1e6}')"
	done
	me=$(median "${ev[@]}") mt=$(median "${tp[@]}")
	what="generation (txonly, net_null, 66 B)"
	[ "$mode" = rx ] && what="reception (rxonly, net_pcap, 116 B VXLAN)"
	awk -v w="$what" -v e="$me" -v t="$mt" -v r="$reps" \
		'BEGIN {printf "| %s | %.2f | %.2f | %.2f |%s |\n", w, e/1e6, t/1e6, e/t, r}'
done
