#!/bin/bash
# run.sh: runs the integration tests, each under a timeout, and prints one line per
# test and a summary. Exit status 0 when none failed (skips are not failures).
#
#   sudo tests/integration/run.sh [BUILD_DIR] [TEST...]
#
# BUILD_DIR (or $BUILD, default ./build) holds evpnd and evpnctl. TEST names pick
# tests (vxlan4_ping or vxlan4_ping_test.sh); default: every *_test.sh here.
# IT_TIMEOUT (seconds per test, default 120), VERBOSE=1 (show every test's output),
# IT_LOGS (directory for the per-test logs, default a new one under /tmp).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-${BUILD:-$here/../../build}}
[ $# -eq 0 ] || shift
BUILD=$(cd "$build" && pwd) || {
	echo "run.sh: no build directory $build" >&2
	exit 2
}
export BUILD
timeout_s=${IT_TIMEOUT:-120}
logs=${IT_LOGS:-$(mktemp -d /tmp/evpnd-it-logs.XXXXXX)}
mkdir -p "$logs"

tests=()
if [ $# -gt 0 ]; then
	for t in "$@"; do
		t=${t%.sh}
		tests+=("$here/${t%_test}_test.sh")
	done
else
	tests=("$here"/*_test.sh)
fi

# sweep PREFIX: what a test killed before its own clean-up could run left behind.
sweep() {
	local ns pid
	for ns in $(ip netns list 2>/dev/null | awk '{ print $1 }' | grep "^$1-" || true); do
		for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
		ip netns del "$ns" 2>/dev/null || true
		echo "run.sh: removed namespace $ns left by a killed test" >&2
	done
}

n_pass=0 n_fail=0 n_skip=0 failed=()
t_all=$(date +%s)
for t in "${tests[@]}"; do
	name=$(basename "$t" .sh)
	log=$logs/$name.log
	t0=$(date +%s.%N)
	rc=0
	# lib.sh would start its own timeout; this one also covers a test that hangs
	# before sourcing it.
	prefix=it$$n$((n_pass + n_fail + n_skip))
	IT_UNDER_TIMEOUT=1 IT_PREFIX=$prefix timeout -k 10 "$timeout_s" bash "$t" >"$log" 2>&1 || rc=$?
	sweep "$prefix"
	secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
	case $rc in
	0)
		result=PASS
		n_pass=$((n_pass + 1))
		;;
	125)
		result="SKIP ($(grep -m1 -o 'SKIP: .*' "$log" | cut -c7- || true))"
		n_skip=$((n_skip + 1))
		;;
	124 | 137)
		result="FAIL (timeout after ${timeout_s} s)"
		n_fail=$((n_fail + 1))
		failed+=("$name")
		;;
	*)
		result="FAIL (exit $rc)"
		n_fail=$((n_fail + 1))
		failed+=("$name")
		;;
	esac
	printf '%-24s %-6s s  %s\n' "$name" "$secs" "$result"
	if [ -n "${VERBOSE:-}" ]; then
		sed 's/^/    /' "$log"
	elif [ "${result%% *}" = FAIL ]; then
		grep -E 'FAIL|SKIP|work files|rror' "$log" | tail -20 | sed 's/^/    /'
	fi
done

echo "----"
echo "$n_pass passed, $n_fail failed, $n_skip skipped in $(($(date +%s) - t_all)) s; logs in $logs"
[ "$n_fail" -eq 0 ] || {
	echo "failed: ${failed[*]}"
	exit 1
}
