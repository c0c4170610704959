#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# perf/graph_proto/run.sh - instructions per packet (callgrind) of the same dp/ nodes run
# by today's dp_worker_drain, by rte_graph and by a registry of our own, in one run
# (README.md here). stage_bench itself is measured too: `current` must match it.
#
# Usage: perf/graph_proto/run.sh     Environment: BUILD (default build-perf), NS="1 100000",
#   PATHS="vxlan4-decap-l2 vxlan6-decap-l2 l2-encap-vxlan4 l2-encap-vxlan6 bum-replicate-8",
#   RUNNERS="current graph registry registry-untimed",
#   CG_PACKETS=65536, PERF_DIR (default /tmp/evpnd-perf): logs and results.
# Results: $PERF_DIR/results/graph_proto.{md,json} (the table is printed).
set -u
export LC_ALL=C

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-$TOP/build-perf}
case $BUILD in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
BASE=${PERF_DIR:-/tmp/evpnd-perf}
RES=$BASE/results LOGS=$BASE/logs
NS=${NS:-"1 100000"}
PATHS=${PATHS:-"vxlan4-decap-l2 vxlan6-decap-l2 l2-encap-vxlan4 l2-encap-vxlan6 bum-replicate-8"}
RUNNERS=${RUNNERS:-"current graph registry registry-untimed"}
CG_PACKETS=${CG_PACKETS:-65536}
mkdir -p "$RES" "$LOGS"
log() { echo "# $(date +%T) $*" >&2; }
die() { log "error: $*"; exit 1; }

[ -f "$BUILD/build.ninja" ] || meson setup "$BUILD" "$TOP" -Dtests=false >&2 || die "meson setup"
ninja -C "$BUILD" perf/stage_bench perf/graph_proto/graph_bench >&2 || die "build"
command -v valgrind >/dev/null || die "valgrind is not installed"

# cg LABEL N EXE [ENV...]: one callgrind run, collection on bench_measured only
files=()
cg() {
  local label=$1 n=$2 exe=$3 p=$4 out log
  shift 4
  out=$LOGS/graph_proto-${label//[^a-z0-9-]/_}-n$n.out
  log=${out%.out}.log
  log "callgrind $label N=$n ($CG_PACKETS packets)"
  env "$@" valgrind --tool=callgrind --collect-atstart=no --toggle-collect=bench_measured \
    --callgrind-out-file="$out" "$exe" --callgrind --paths "$p" --macs "$n" \
    --packets "$CG_PACKETS" > "$log" 2>&1 || { tail "$log" >&2; die "callgrind $label"; }
  files+=("$label" "$n" "$(sed -n 's/^callgrind .* packets \([0-9]*\)$/\1/p' "$log")" "$out")
}

for n in $NS; do
  for p in $PATHS; do
    cg "$p stage_bench" "$n" "$BUILD/perf/stage_bench" "$p"
    for r in $RUNNERS; do
      cg "$p $r" "$n" "$BUILD/perf/graph_proto/graph_bench" "$p" GRAPH_PROTO_RUNNER="$r"
    done
  done
done

{
  echo "$ NS=\"$NS\" PATHS=\"$PATHS\" CG_PACKETS=$CG_PACKETS perf/graph_proto/run.sh"
  echo "commit $(git -C "$TOP" rev-parse --short HEAD)$(git -C "$TOP" diff --quiet || echo +dirty), $(pkg-config --modversion libdpdk) , valgrind $(valgrind --version)"
  echo
  python3 "$TOP/perf/cgsum.py" --top 8 --json "$RES/graph_proto.json" "${files[@]}" > "$LOGS/graph_proto-cgsum.md" ||
    die "cgsum"
  python3 - "$RES/graph_proto.json" "$RUNNERS" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))
runners = sys.argv[2].split()
tot = {(r["path"].split()[0], r["macs"], r["path"].split()[1]): r["total"] for r in runs}
keys = sorted({(p, n) for p, n, _ in tot}, key=lambda k: (k[1], k[0]))
print("Instructions per packet (callgrind Ir / packets, source + nodes + tx):\n")
print("| path | MACs | stage_bench | " + " | ".join(runners) + " | " +
      " | ".join("%s vs current" % r for r in runners if r != "current") + " |")
print("|---|---:|---:|" + "---:|" * (2 * len(runners) - 1))
for p, n in keys:
    cur = tot.get((p, n, "current"))
    cells = ["%.1f" % tot[(p, n, r)] for r in ["stage_bench"] + runners]
    deltas = ["%+.1f (%+.1f%%)" % (tot[(p, n, r)] - cur, 100 * (tot[(p, n, r)] - cur) / cur)
              for r in runners if r != "current"]
    print("| %s | %d | %s | %s |" % (p, n, " | ".join(cells), " | ".join(deltas)))
PY
  echo
  cat "$LOGS/graph_proto-cgsum.md"
} | tee "$RES/graph_proto.md"
