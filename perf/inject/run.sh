#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The route-injection API's rate: one helper (gen.py) announces N routes (default
# 300000; KIND unicast or evpn) to an evpnd without neighbors (RIB and replies only),
# and says how long the N replies took from its first line.
#   perf/inject/run.sh [BUILD_DIR] [N] [KIND]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../../build}" && pwd)
n=${2:-300000}
kind=${3:-unicast}
work=$(mktemp -d /tmp/evpnd-inject-perf.XXXXXX)
cat >"$work/evpnd.conf" <<CONF
dataplane
 port null0 devargs net_null0,no-rx=1
underlay
 vtep-address 198.51.100.1
router bgp 65000
 bgp router-id 198.51.100.1
process gen
 run /usr/bin/python3 $here/gen.py $n $kind
CONF
EVPND_BGP_PORT=${EVPND_BGP_PORT:-17179} "$build/evpnd" -f "$work/evpnd.conf" -s "$work/sock" -- \
	--no-huge -m 512 --no-pci --no-shconf --file-prefix "injperf$$" >"$work/log" 2>&1 &
pid=$!
i=0
until grep -q inject_gen: "$work/log" || [ $i -ge 120 ]; do sleep 0.5; i=$((i + 1)); done
grep inject_gen: "$work/log" || tail "$work/log"
"$build/evpnctl" -s "$work/sock" show inject
kill "$pid"
wait "$pid" || true
rm -rf "$work"
