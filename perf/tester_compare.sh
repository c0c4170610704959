#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# perf/tester_compare.sh - the same tester runs through two VTEP families, side by side
# (issue 12): evpnd (tests/integration/tester_move_test.sh) and a Linux kernel VXLAN VTEP
# driven by FRR (tester_move_frr_test.sh), in namespaces on af_packet veths. Each run:
# MAC-move convergence at 20 kpps (the outage from the last frame received by the old
# VTEP to the first by the new one, by receive and by send time; frames lost and
# misdelivered), then RFC 2544 throughput toward a host (up to 100 kpps, trials of
# 0.5 s, resolution 5%) and latency at 90% of it. Figures of namespaces on a shared
# machine: they compare the two families under the same conditions, nothing more.
#
# Usage (root): perf/tester_compare.sh   Environment: BUILD (default build),
#   PERF_DIR (default /tmp/evpnd-tester-compare). Prints a markdown table.
set -u
export LC_ALL=C
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/.." && pwd)
BUILD=${BUILD:-$TOP/build}
BASE=${PERF_DIR:-/tmp/evpnd-tester-compare}
mkdir -p "$BASE"
rc=0
for dut in evpnd frr; do
	t=tester_move
	[ $dut = frr ] && t=tester_move_frr
	rm -f "$BASE/move-$dut.json" "$BASE/rfc-$dut.json"
	echo "# $(date +%T) $t (DUT $dut)" >&2
	MOVE_OUT=$BASE/move-$dut.json RFC_OUT=$BASE/rfc-$dut.json \
		"$TOP/tests/integration/run.sh" "$BUILD" $t >"$BASE/$t.out" 2>&1 || {
		echo "# $t failed: $BASE/$t.out" >&2
		rc=1
	}
done
/usr/bin/python3 - "$BASE" <<'EOF'
import json, os, sys

base = sys.argv[1]

def load(name):
    try:
        with open(os.path.join(base, name)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None

def col(dut):
    m, r = load(f"move-{dut}.json"), load(f"rfc-{dut}.json")
    out = {}
    if m:
        s = [s for s in m["streams"] if s["stream"] == "eth"][0]
        mv = s.get("move") or {}
        out["move: outage, receive time (ms)"] = "%.3f" % (mv.get("outageNs", 0) / 1e6) \
            if mv.get("converged") else "not converged"
        out["move: outage, send time (ms)"] = "%.3f" % (mv.get("outageBySendTimeNs", 0) / 1e6)
        out["move: resolution (ms, 1/rate)"] = "%.3f" % (mv.get("resolutionNs", 0) / 1e6)
        out["move: frames lost"] = mv.get("lost", "-")
        out["move: frames misdelivered"] = mv.get("misdelivered", "-")
        out["move: stream lost / sent"] = "%d / %d" % (s["lost"], s["txPackets"])
    if r:
        out["RFC 2544 throughput (pps, 100-byte frames)"] = r["throughputPps"]
        out["RFC 2544 trials"] = len(r["trials"])
        lat = r.get("latency")
        if lat:
            out["latency trial at 90% of it (pps)"] = lat["pps"]
            out["latency: mean (us)"] = "%.1f" % (lat["meanNs"] / 1e3)
            out["latency: p99 (us)"] = "%.1f" % (lat["p99Ns"] / 1e3)
    return out

a, b = col("evpnd"), col("frr")
keys = list(dict.fromkeys(list(a) + list(b)))
print("| figure | evpnd | FRR + kernel VXLAN |")
print("| --- | ---: | ---: |")
for k in keys:
    print(f"| {k} | {a.get(k, '-')} | {b.get(k, '-')} |")
EOF
exit $rc
