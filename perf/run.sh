#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# perf/run.sh - evpnd's dataplane benchmarks (see perf/README.md and shared/BENCH.md).
#
# Usage: perf/run.sh [SUBCOMMAND...]      (default: all)
#   setup      hugepages (HUGEPAGES=1024 x 2 MB) and /dev/hugepages
#   build      meson setup + ninja in $BUILD (default build-perf)
#   pcaps      perf/mkpcap.py for every N of $NS (and $PORT_NS)
#   stage      stage_bench: in-process cycles/packet per path (item 1)
#   callgrind  instructions/packet per function per path (valgrind --tool=callgrind)
#   ports      evpnd vs dpdk-testpmd io through net_pcap -> net_null (item 2)
#   all        setup build pcaps stage callgrind ports
#   clean      stop what this script started (by pid) and remove its hugepage files
# Environment: NS="1 100000" (stage, callgrind), PORT_NS="1 100000" (ports),
#   CASES="decap4 decap6 encap4 encap6" (ports; also bum, and encap4nl: encap4 with
#   learning off, a diagnostic), REPS=3, DUR=5 (measured
#   seconds), WARM=2 (seconds discarded), RUNS=5 SECONDS_PER_RUN=0.5 (stage),
#   CG_PACKETS=65536, STAGE_ARGS (more stage_bench options, e.g. --1m),
#   PERF_DIR (default /tmp/evpnd-perf): pcaps, configs, logs, results.
# Results: $PERF_DIR/results/{stage,callgrind,ports}.{md,json}; each table is printed.
set -u
export LC_ALL=C

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/.." && pwd)
BUILD=${BUILD:-$TOP/build-perf}
case $BUILD in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
PY=/usr/bin/python3 # has scapy (a python3 earlier on PATH may not)
BASE=${PERF_DIR:-/tmp/evpnd-perf}
RES=$BASE/results LOGS=$BASE/logs PIDS=$BASE/pids
NS=${NS:-"1 100000"}
PORT_NS=${PORT_NS:-"1 100000"}
CASES=${CASES:-"decap4 decap6 encap4 encap6"}
REPS=${REPS:-3} DUR=${DUR:-5} WARM=${WARM:-2}
RUNS=${RUNS:-5} SECONDS_PER_RUN=${SECONDS_PER_RUN:-0.5} CG_PACKETS=${CG_PACKETS:-65536}
STAGE_ARGS=${STAGE_ARGS:-}
HUGEPAGES=${HUGEPAGES:-1024}
N_SRC=64
# net_pcap's MAC in DPDK 22.11 is fixed (02:70:63:61:70:00 for the first one); `ports`
# checks it against what evpnd reports and the decap pcaps are made with it.
PCAP_MAC=${PCAP_MAC:-02:70:63:61:70:00}
EV_PREFIX=perf_evpnd TP_PREFIX=perf_tp

mkdir -p "$RES" "$LOGS" "$PIDS"
log() { echo "# $(date +%T) $*" >&2; }
die() { log "error: $*"; exit 1; }
median() { printf '%s\n' "$@" | grep -v nan | sort -g | awk '{a[NR]=$1} END {if (!NR) print "nan"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
calc() { awk "BEGIN { $1 }" 2>/dev/null; }
fmt() { awk -v x="$1" -v p="${2:-2}" 'BEGIN { if (x == "nan" || x == "") print "n/a"; else printf "%.*f\n", p, x }'; }

tsc_hz() {
  local mhz
  mhz=$(dmesg 2>/dev/null | sed -n 's/.*tsc: Detected \([0-9.]*\) MHz.*/\1/p' | head -1)
  [ -n "$mhz" ] || mhz=$(awk '/cpu MHz/ {print $4; exit}' /proc/cpuinfo)
  calc "printf \"%.0f\", $mhz * 1e6"
}
TSC_HZ=$(tsc_hz)
CPU=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
DPDK_VER=$(pkg-config --modversion libdpdk 2>/dev/null || echo '?')
machine_line() { echo "machine: $CPU, $(nproc) CPUs, TSC $TSC_HZ Hz, DPDK $DPDK_VER, $(huge_ok && echo hugepages || echo no-huge), $(git -C "$TOP" rev-parse --short HEAD 2>/dev/null)$(git -C "$TOP" diff --quiet 2>/dev/null || echo +dirty), load average $(cut -d" " -f1-3 /proc/loadavg)"; }

huge_ok() { [ "$(awk '/HugePages_Free/ {print $2}' /proc/meminfo)" -ge 256 ] 2>/dev/null && mount | grep -q 'hugetlbfs'; }
eal_mem() { # PREFIX -> EAL memory options
  if huge_ok; then echo "--in-memory --file-prefix=$1"; else echo "--no-huge -m 2048 --no-shconf --file-prefix=$1"; fi
}

do_setup() {
  if [ "$(cat /proc/sys/vm/nr_hugepages)" -lt "$HUGEPAGES" ]; then
    echo "$HUGEPAGES" > /proc/sys/vm/nr_hugepages 2>/dev/null || log "cannot reserve hugepages (not root?)"
  fi
  mount | grep -q hugetlbfs || { mkdir -p /dev/hugepages && mount -t hugetlbfs nodev /dev/hugepages; } ||
    log "cannot mount hugetlbfs"
  log "hugepages: $(awk '/HugePages_Free/ {print $2}' /proc/meminfo) free; $(huge_ok && echo using them || echo falling back to --no-huge)"
}

do_build() {
  [ -f "$BUILD/build.ninja" ] || meson setup "$BUILD" "$TOP" -Dtests=false >&2 || die "meson setup"
  ninja -C "$BUILD" >&2 || die "build"
}
need_build() { [ -x "$BUILD/evpnd" ] && [ -x "$BUILD/perf/stage_bench" ] || do_build; }

pcap_dir() { echo "$BASE/n$1"; }
do_pcaps() {
  local n
  for n in $(printf '%s\n' $NS $PORT_NS | sort -un); do
    [ -s "$(pcap_dir "$n")/bum.pcap" ] && continue
    $PY "$HERE/mkpcap.py" -n "$n" -o "$(pcap_dir "$n")" --vtep-mac "$PCAP_MAC" >&2 || die "mkpcap"
  done
}

# ------------------------------------------------------------------ stage cost
do_stage() {
  need_build
  local macs; macs=$(echo $NS | tr ' ' ',')
  log "stage_bench --macs $macs --runs $RUNS --seconds $SECONDS_PER_RUN $STAGE_ARGS"
  "$BUILD/perf/stage_bench" --macs "$macs" --runs "$RUNS" --seconds "$SECONDS_PER_RUN" \
    --json "$RES/stage.json" $STAGE_ARGS > "$RES/stage.md" 2> "$LOGS/stage.log" ||
    { tail "$LOGS/stage.log" >&2; die "stage_bench failed"; }
  { echo "$ $BUILD/perf/stage_bench --macs $macs --runs $RUNS --seconds $SECONDS_PER_RUN $STAGE_ARGS"
    cat "$RES/stage.md"; } | tee "$RES/stage.md.tmp"
  mv "$RES/stage.md.tmp" "$RES/stage.md"
}

# ------------------------------------------------------------------ callgrind
CG_PATHS=${CG_PATHS:-"vxlan4-decap-l2 vxlan6-decap-l2 l2-encap-vxlan4 l2-encap-vxlan6 bum-replicate-8 source io"}
# (also: mpls-pop-l2 l2-push-mpls2 p-swap, EVPN over MPLS; mpls-udp4-pop-l2 l2-push-mpls-udp4,
# MPLS-in-UDP)
do_callgrind() {
  need_build
  command -v valgrind >/dev/null || die "valgrind is not installed (apt-get install valgrind)"
  local n p out files=()
  for n in $NS; do
    for p in $CG_PATHS; do
      out=$LOGS/callgrind-$p-n$n.out
      log "callgrind $p N=$n ($CG_PACKETS packets)"
      valgrind --tool=callgrind --collect-atstart=no --toggle-collect=bench_measured \
        --callgrind-out-file="$out" "$BUILD/perf/stage_bench" --callgrind --paths "$p" \
        --macs "$n" --packets "$CG_PACKETS" > "$LOGS/callgrind-$p-n$n.log" 2>&1 ||
        { tail "$LOGS/callgrind-$p-n$n.log" >&2; die "callgrind $p"; }
      files+=("$p" "$n" "$(sed -n 's/^callgrind .* packets \([0-9]*\)$/\1/p' "$LOGS/callgrind-$p-n$n.log")" "$out")
    done
  done
  { echo "$ NS=\"$NS\" CG_PACKETS=$CG_PACKETS perf/run.sh callgrind"
    $PY "$HERE/cgsum.py" --json "$RES/callgrind.json" "${files[@]}"; } | tee "$RES/callgrind.md"
}

# ------------------------------------------------------------------ through ports
pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
stop_pidfile() { # PIDFILE COMM: stop the process we started, if it is still that one
  local f=$1 comm=$2 p
  [ -s "$f" ] || { rm -f "$f"; return 0; }
  p=$(cat "$f")
  if pid_alive "$p" && [ "$(cat /proc/$p/comm 2>/dev/null)" = "$comm" ]; then
    kill -INT "$p" 2>/dev/null
    for _ in $(seq 1 50); do pid_alive "$p" || break; sleep 0.2; done
    pid_alive "$p" && kill -KILL "$p" 2>/dev/null
  fi
  rm -f "$f"
}

case_pcap() { # CASE N
  local d; d=$(pcap_dir "$2")
  case $1 in decap4) echo "$d/vxlan4.pcap";; decap6) echo "$d/vxlan6.pcap";;
             encap4|encap6|encap4nl) echo "$d/inner.pcap";; bum) echo "$d/bum.pcap";; esac
}
case_out_per_pkt() { [ "$1" = bum ] && echo 8 || echo 1; }
case_macs() { # CASE N -> MACs the table must hold
  case $1 in decap*) echo "$2";; *) echo $(( $2 + ($2 < N_SRC ? $2 : N_SRC) ));; esac
}

# CPU seconds (user + system) of the thread named NAME of process PID
CLK_TCK=$(getconf CLK_TCK)
thread_cpu() {
  local t
  for t in /proc/"$1"/task/*; do
    if [ "$(cat "$t/comm" 2>/dev/null)" = "$2" ]; then
      awk -v hz="$CLK_TCK" '{printf "%.2f\n", ($14 + $15) / hz}' "$t/stat"; return
    fi
  done
  echo nan
}

# tp_run PCAP N TAG -> TP_PPS (mean Tx-pps of the null port over DUR s after WARM s),
# TP_BUSY (share of that time its forwarding thread was on a CPU)
tp_run() {
  local pcap=$1 n=$2 tlog=$LOGS/tp-$3.log tpid pid c0 c1 t0 t1
  # shellcheck disable=SC2046
  timeout -s INT -k 10 $((WARM + DUR + 4)) \
    dpdk-testpmd -l 0-1 --no-pci $(eal_mem $TP_PREFIX) \
      --vdev=net_pcap0,rx_pcap=$pcap,infinite_rx=1 --vdev=net_null0,no-rx=1 -- \
      --forward-mode=io --nb-cores=1 --rxq=1 --txq=1 --total-num-mbufs=$((n + 32768)) \
      --stats-period 1 > "$tlog" 2>&1 &
  tpid=$!
  echo $tpid > "$PIDS/testpmd-timeout.pid"
  for _ in $(seq 1 50); do pid=$(pgrep -P "$tpid" -x dpdk-testpmd) && break; sleep 0.1; done
  # the same window as the stats samples below, give or take the start-up
  sleep "$(calc "print $WARM + 1.5")"
  t0=$(date +%s.%N); c0=$(thread_cpu "${pid:-0}" rte-worker-1)
  sleep "$DUR"
  t1=$(date +%s.%N); c1=$(thread_cpu "${pid:-0}" rte-worker-1)
  TP_BUSY=$(calc "printf \"%.3f\", ($c1 - $c0) / ($t1 - $t0)" || echo nan)
  wait "$tpid"
  rm -f "$PIDS/testpmd-timeout.pid"
  # per-second samples of port 1 (net_null) Tx-pps; the first ones are start-up
  TP_PPS=$(awk '/NIC statistics for port/ {p=$(NF-1)} /Tx-pps:/ && p==1 {print $2}' "$tlog" |
           tail -n +$((WARM + 2)) | head -n "$DUR" |
           awk '{s+=$1; n++} END {if (n) printf "%.0f", s/n; else print "nan"}')
  case $TP_PPS in nan|0) log "testpmd failed, see $tlog"; tail -5 "$tlog" >&2; TP_PPS=nan;; esac
}

# snapshot of evpnd's ports and counters, and its worker's CPU time (one JSON line)
ev_snap() { # SOCK PID
  local t ports stats cpu
  t=$(date +%s.%N)
  cpu=$(thread_cpu "$2" rte-worker-1)
  ports=$("$BUILD/evpnctl" -s "$1" show port json 2>/dev/null) || return 1
  stats=$("$BUILD/evpnctl" -s "$1" show stats json 2>/dev/null) || return 1
  printf '{"t": %s, "cpu": %s, "ports": %s, "stats": %s}\n' "$t" "$cpu" "$ports" "$stats"
}

# rates between two snapshots: output tx/s, input rx/s, drops, and the pcap port's MAC check
PORT_DELTA='
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
inp, outp, pmac = sys.argv[3:6]
def port(s, name): return next(p for p in s["ports"] if p["name"] == name)
def drops(s): return sum(c["value"] for c in s["stats"] if c.get("drop"))
dt = b["t"] - a["t"]
tx = (port(b, outp)["txPackets"] - port(a, outp)["txPackets"]) / dt
rx = (port(b, inp)["rxPackets"] - port(a, inp)["rxPackets"]) / dt
pcap_port = inp if port(b, inp)["rxPackets"] else outp
mac = port(b, pcap_port)["mac"]
busy = (b["cpu"] - a["cpu"]) / dt
print("%.0f %.0f %d %s %.3f" % (tx, rx, drops(b) - drops(a),
      "ok" if mac == pmac else "pcap-port-mac-" + mac, busy))
'

# ev_run CASE N TAG -> EV_PPS (output port tx/s), EV_RX (input port rx/s), EV_DROPS
# (drop counters over the interval), EV_MACS (entries loaded), EV_OK
ev_run() {
  local c=$1 n=$2 tag=$3 conf=$BASE/evpnd-$1-n$2.conf sock=$BASE/evpnd.sock
  local elog=$LOGS/ev-$3.log want got in out
  $PY "$HERE/gen_conf.py" "$c" "$n" "$(case_pcap "$c" "$n")" > "$conf" || die "gen_conf"
  want=$(case_macs "$c" "$n")
  rm -f "$sock"
  # shellcheck disable=SC2046
  "$BUILD/evpnd" -f "$conf" -s "$sock" -- --no-pci $(eal_mem $EV_PREFIX) > "$elog" 2>&1 &
  echo $! > "$PIDS/evpnd.pid"
  EV_PPS=nan EV_RX=nan EV_DROPS=nan EV_MACS=0 EV_OK=no EV_BUSY=nan
  local same=0 last=-1
  for _ in $(seq 1 300); do # socket up and the table loaded (or stuck for 2 s), 30 s at most
    got=$("$BUILD/evpnctl" -s "$sock" show bridge-domain json 2>/dev/null |
          $PY -c 'import json,sys; d=json.load(sys.stdin); print(sum(b["localMacs"]+b["remoteMacs"] for b in d))' 2>/dev/null)
    [ "${got:-0}" -ge "$want" ] && break
    pid_alive "$(cat "$PIDS/evpnd.pid")" || break
    if [ "${got:-0}" -gt 0 ] && [ "${got:-0}" = "$last" ]; then
      same=$((same + 1)); [ $same -ge 20 ] && break
    else
      same=0
    fi
    last=${got:-0}
    sleep 0.1
  done
  EV_MACS=${got:-0}
  if [ "$EV_MACS" -lt "$want" ]; then
    log "evpnd $tag: only $EV_MACS of $want MACs in the table (see $elog)"
    grep -m3 -E 'error|lost' "$elog" >&2
  fi
  sleep "$WARM"
  in=ul0 out=acc0
  case $c in encap*|bum) in=acc0 out=ul0;; esac
  local epid; epid=$(cat "$PIDS/evpnd.pid")
  if ev_snap "$sock" "$epid" > "$BASE/snap0.json" && sleep "$DUR" &&
     ev_snap "$sock" "$epid" > "$BASE/snap1.json"; then
    read -r EV_PPS EV_RX EV_DROPS EV_MAC_CHECK EV_BUSY < <($PY -c "$PORT_DELTA" "$BASE/snap0.json" \
      "$BASE/snap1.json" "$in" "$out" "$PCAP_MAC")
  fi
  "$BUILD/evpnctl" -s "$sock" show stats >> "$elog" 2>&1
  stop_pidfile "$PIDS/evpnd.pid" evpnd
  EV_OK=yes
  [ "$EV_MACS" -ge "$want" ] || EV_OK="table-incomplete($EV_MACS/$want)"
  [ "${EV_DROPS:-nan}" = 0 ] || EV_OK="$EV_OK,drops=${EV_DROPS:-?}"
  [ "${EV_MAC_CHECK:-ok}" = ok ] || EV_OK="$EV_OK,${EV_MAC_CHECK}"
  [ "$EV_OK" = yes ] || log "evpnd $tag: $EV_OK"
  log "  evpnd $tag: in $EV_RX pkt/s, out $EV_PPS pkt/s, worker busy $EV_BUSY"
}

do_ports() {
  need_build
  command -v dpdk-testpmd >/dev/null || die "dpdk-testpmd not found (apt-get install dpdk)"
  do_pcaps
  trap 'stop_pidfile "$PIDS/evpnd.pid" evpnd; stop_pidfile "$PIDS/testpmd-timeout.pid" timeout' EXIT
  trap 'exit 130' INT TERM
  local n c r peer md=$RES/ports.md json=$RES/ports.json rows=()
  {
    echo "$ PORT_NS=\"$PORT_NS\" CASES=\"$CASES\" REPS=$REPS DUR=$DUR WARM=$WARM perf/run.sh ports"
    machine_line
    echo
    echo "| case | MACs | evpnd Mpps | evpnd cycles/pkt | testpmd io Mpps | io cycles/pkt | evpnd / io | paired ratios | on-CPU: evpnd cyc/pkt | io cyc/pkt | evpnd / io | check |"
    echo "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---|"
  } > "$md"
  for n in $PORT_NS; do
    for c in $CASES; do
      local ev=() tp=() pr=() evc=() tpc=() ok=yes
      for r in $(seq 1 "$REPS"); do
        # alternate which peer goes first
        if [ $((r % 2)) = 1 ]; then order="tp ev"; else order="ev tp"; fi
        for peer in $order; do
          if [ $peer = tp ]; then
            log "ports $c N=$n rep $r: testpmd io"
            tp_run "$(case_pcap "$c" "$n")" "$n" "$c-n$n-$r"
            tp+=("$TP_PPS")
            # on-CPU cycles per packet: the TSC cycles the forwarding thread ran / packets
            tpc+=("$(calc "printf \"%.1f\", $TSC_HZ * $TP_BUSY / $TP_PPS" || echo nan)")
          else
            log "ports $c N=$n rep $r: evpnd"
            ev_run "$c" "$n" "$c-n$n-$r"
            # pps counted on the output port; bum sends 8 per input packet: per input
            ev+=("$(calc "printf \"%.0f\", $EV_PPS / $(case_out_per_pkt "$c")" || echo nan)")
            evc+=("$(calc "printf \"%.1f\", $TSC_HZ * $EV_BUSY / ${ev[-1]}" || echo nan)")
            [ "$EV_OK" = yes ] || ok=$EV_OK
          fi
        done
        pr+=("$(calc "printf \"%.4f\", ${ev[-1]} / ${tp[-1]}" || echo nan)")
        log "  evpnd $(fmt "$(calc "print ${ev[-1]}/1e6")") Mpps (busy $EV_BUSY, ${evc[-1]} on-CPU cyc/pkt), testpmd $(fmt "$(calc "print ${tp[-1]}/1e6")") Mpps (busy $TP_BUSY, ${tpc[-1]} on-CPU cyc/pkt)"
      done
      local me mt mec mtc
      me=$(median "${ev[@]}"); mt=$(median "${tp[@]}")
      mec=$(median "${evc[@]}"); mtc=$(median "${tpc[@]}")
      printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$c" "$n" \
        "$(fmt "$(calc "print $me/1e6")")" "$(fmt "$(calc "print $TSC_HZ/$me")" 0)" \
        "$(fmt "$(calc "print $mt/1e6")")" "$(fmt "$(calc "print $TSC_HZ/$mt")" 0)" \
        "$(fmt "$(calc "print $me/$mt")" 3)" "$(echo "${pr[@]}")" \
        "$(fmt "$mec" 0)" "$(fmt "$mtc" 0)" "$(fmt "$(calc "print $mtc/$mec")" 3)" "$ok" >> "$md"
      rows+=("{\"case\": \"$c\", \"macs\": $n, \"evpnd_pps\": [$(IFS=,; echo "${ev[*]}")], \"testpmd_pps\": [$(IFS=,; echo "${tp[*]}")], \"evpnd_pps_median\": $me, \"testpmd_pps_median\": $mt, \"ratio\": $(calc "printf \"%.4f\", $me/$mt" || echo null), \"evpnd_cpu_cycles_per_pkt\": [$(IFS=,; echo "${evc[*]}")], \"testpmd_cpu_cycles_per_pkt\": [$(IFS=,; echo "${tpc[*]}")], \"cpu_ratio\": $(calc "printf \"%.4f\", $mtc/$mec" || echo null), \"check\": \"$ok\"}")
    done
  done
  {
    printf '{"machine": {"cpu": "%s", "tsc_hz": %s, "dpdk": "%s", "hugepages": %s}, "reps": %s, "dur": %s, "warm": %s,\n "rows": [\n  ' \
      "$CPU" "$TSC_HZ" "$DPDK_VER" "$(huge_ok && echo true || echo false)" "$REPS" "$DUR" "$WARM"
    local IFS=,; echo "${rows[*]}" | sed 's/},{/},\n  {/g'
    echo ' ]}'
  } > "$json"
  cat "$md"
}

do_clean() {
  stop_pidfile "$PIDS/evpnd.pid" evpnd
  stop_pidfile "$PIDS/testpmd-timeout.pid" timeout
  rm -f /dev/hugepages/${EV_PREFIX}map_* /dev/hugepages/${TP_PREFIX}map_* "$BASE/evpnd.sock" 2>/dev/null
  log "clean: stopped our evpnd/testpmd (if any), removed their hugepage files"
}

[ $# -gt 0 ] || set -- all
for cmd in "$@"; do
  case $cmd in
    setup) do_setup ;;
    build) do_build ;;
    pcaps) do_pcaps ;;
    stage) do_stage ;;
    callgrind) do_callgrind ;;
    ports) do_ports ;;
    all) do_setup; do_build; do_pcaps; do_stage; do_callgrind; do_ports ;;
    clean) do_clean ;;
    *) sed -n '3,21p' "$0"; exit 2 ;;
  esac
done
