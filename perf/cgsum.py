#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""cgsum.py - instructions per packet per function from stage_bench callgrind runs.

  cgsum.py [--json FILE] [--top K] PATH N PACKETS CALLGRIND_OUT [PATH N PACKETS OUT ...]

Reads callgrind_annotate's inclusive and exclusive listings of each file (collection
was on bench_measured() only, so the totals are the benchmark loop: source, nodes, tx)
and prints, per path and MAC count, the instructions per input packet of each stage
function (inclusive), then the top functions by exclusive instructions. Code inlined
from a header is folded into the function it was inlined into; functions of stripped
DPDK libraries show as library+offset.
"""
import argparse
import json
import os
import re
import subprocess
import sys
from collections import defaultdict

LINE = re.compile(r"^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(.*?)(?:\s+\[([^\]]*)\])?\s*$")

# the stage functions shown as columns, in pipeline order (inclusive Ir per packet)
STAGES = [
    ("src_burst", "source (alloc+copy)"),
    ("dp_worker_input", "dp_worker_input (all)"),
    ("graph_proto_input", "graph_proto_input (all)"),  # perf/graph_proto/: another runner
    ("underlay_input_process", "underlay_input"),
    ("access_input_process", "access_input"),
    ("vxlan_decap_process", "vxlan_decap"),
    ("l2_fwd_process", "l2_fwd"),
    ("mac_table_lookup_bulk", "of which MAC lookup"),
    ("bum_flood_process", "bum_flood"),
    ("vxlan_encap_process", "vxlan_encap"),
    ("access_output_process", "access_output"),
    ("dp_tx_flush", "tx flush (PMD incl.)"),
]


def annotate(path, inclusive):
    args = ["callgrind_annotate", "--threshold=100", "--auto=no"]
    if inclusive:
        args.append("--inclusive=yes")
    out = subprocess.run(args + [path], capture_output=True, text=True, check=True).stdout
    res = defaultdict(int) if not inclusive else {}
    for line in out.splitlines():
        m = LINE.match(line)
        if not m or "PROGRAM TOTALS" in line:
            continue
        ir = int(m.group(1).replace(",", ""))
        name = m.group(2)
        obj = os.path.basename(m.group(3) or "")
        fn = name.rsplit(":", 1)[1] if ":" in name else name
        if fn.startswith("0x"):
            lib = re.sub(r"\.so.*", "", obj)
            fn = "%s+%s" % (lib, hex(int(fn, 16)))
        if inclusive:
            res[fn] = max(res.get(fn, 0), ir)  # the function's own file holds the total
        else:
            res[fn] += ir  # its own lines plus what was inlined from headers
    return res


def total(path):
    out = subprocess.run(["callgrind_annotate", "--threshold=100", "--auto=no", path], capture_output=True,
                         text=True, check=True).stdout
    m = re.search(r"^\s*([\d,]+)\s+\(100\.0%\)\s+PROGRAM TOTALS", out, re.M)
    return int(m.group(1).replace(",", "")) if m else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json")
    ap.add_argument("--top", type=int, default=12)
    ap.add_argument("runs", nargs="+")
    a = ap.parse_args()
    if len(a.runs) % 4:
        sys.exit("arguments come in fours: PATH N PACKETS FILE")
    runs = []
    for i in range(0, len(a.runs), 4):
        p, n, pk, f = a.runs[i:i + 4]
        pk = int(pk)
        inc, exc, tot = annotate(f, True), annotate(f, False), total(f)
        runs.append({"path": p, "macs": int(n), "packets": pk,
                     "total": tot / pk,
                     "stages": {fn: inc.get(fn, 0) / pk for fn, _ in STAGES},
                     "top_exclusive": [(fn, ir / pk) for fn, ir in
                                       sorted(exc.items(), key=lambda x: -x[1])[:a.top]]})
    print("Instructions per input packet (callgrind Ir / packets), inclusive per stage:\n")
    used = [(fn, label) for fn, label in STAGES if any(r["stages"][fn] > 0 for r in runs)]
    print("| path | MACs | total | " + " | ".join(l for _, l in used) + " |")
    print("|---|---:|---:|" + "---:|" * len(used))
    for r in runs:
        print("| %s | %d | %.0f | " % (r["path"], r["macs"], r["total"]) +
              " | ".join("%.0f" % r["stages"][fn] if r["stages"][fn] else "-" for fn, _ in used) +
              " |")
    for r in runs:
        print("\n%s, %d MACs: top functions by own instructions per packet (total %.0f)\n" %
              (r["path"], r["macs"], r["total"]))
        print("| function | Ir/pkt | share |")
        print("|---|---:|---:|")
        for fn, v in r["top_exclusive"]:
            print("| %s | %.1f | %.0f%% |" % (fn, v, 100 * v / r["total"] if r["total"] else 0))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(runs, f, indent=1)


if __name__ == "__main__":
    main()
