#!/usr/bin/env bash
# The test command: installs dependencies (Debian 12, as root), builds, and runs the
# unit tests, the fuzz targets for a bounded time, the namespace integration tests and
# the README demo.
#   sudo tests/run.sh            # everything (about 20-25 minutes on 2 cores)
#   FUZZ_SECONDS=10 tests/run.sh # shorter fuzzing (default 30 s for each of 7 targets)
#   SKIP_INTEGRATION=1 tests/run.sh
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
fuzz_seconds=${FUZZ_SECONDS:-30}
cd "$top"

step() { printf '\n=== %s ===\n' "$*"; }

step "dependencies"
tests/deps.sh test

step "build ($build)"
if [ ! -f "$build/build.ninja" ]; then
	meson setup "$build" -Dtests=true
fi
ninja -C "$build"

step "unit tests"
meson test -C "$build" --print-errorlogs

step "unit tests under valgrind"
# All C tests but the churn test (a second lcore at full speed: minutes under valgrind);
# the "script" suite is python, which the valgrind setup excludes. meson runs no test and
# passes when no name matches, so the names come from meson itself and each must be one
# that `meson test --list` runs (printed "SUITE / NAME").
mapfile -t vg_tests < <(meson introspect "$build" --tests | python3 -c 'import json, sys
for t in json.load(sys.stdin):
    if t["name"] != "churn_test" and not any(s.endswith(":script") for s in t["suite"]):
        print(t["name"])')
listed=$(meson test -C "$build" --no-rebuild --list | sed 's|^.* / ||')
if [ "${#vg_tests[@]}" -lt 40 ]; then # 44 today: a broken query must not pass as "none"
	echo "run.sh: only ${#vg_tests[@]} unit tests found for valgrind" >&2
	exit 1
fi
for t in "${vg_tests[@]}"; do
	grep -qxF -- "$t" <<<"$listed" || {
		echo "run.sh: no unit test named '$t'" >&2
		exit 1
	}
done
meson test -C "$build" --no-rebuild --setup=valgrind --print-errorlogs "${vg_tests[@]}"

# Seven targets share about three and a half minutes (30 s each); their seeds and crash
# inputs are replayed by the unit tests above (TARGET_fuzz_replay) on every run.
step "fuzzing (${fuzz_seconds}s per target)"
tests/fuzz/run.sh "$fuzz_seconds"
tests/fuzz/run_packet.sh "$fuzz_seconds"
tests/fuzz/run_evpn.sh "$fuzz_seconds"
tests/fuzz/run_cp.sh "$fuzz_seconds" config bgp_fsm inject_cmd
tests/fuzz/run_ipc.sh "$fuzz_seconds"

if [ -z "${SKIP_INTEGRATION:-}" ]; then
	step "integration tests"
	tests/integration/run.sh "$build"
	# The README's first command must keep working: both demos, as a newcomer runs them.
	step "the demo (tests/demo.sh, tests/demo.sh static)"
	BUILD="$build" tests/demo.sh >"$build/demo.log" 2>&1 || { tail -40 "$build/demo.log"; exit 1; }
	BUILD="$build" tests/demo.sh static >"$build/demo-static.log" 2>&1 ||
		{ tail -40 "$build/demo-static.log"; exit 1; }
	echo "both demos passed (logs: $build/demo.log, $build/demo-static.log)"
fi
step "all tests passed"
