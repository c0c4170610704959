#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Builds the ipc_shadow fuzz target (the forwarding process's shadow of the control
# wire, dp/ipc: pure C) with clang's libFuzzer, ASan (leaks checked) and UBSan, and runs
# it for $1 seconds (default 60) from a copy of its committed seeds
# (tests/fuzz/corpus/ipc_shadow) and regressions. Exits non-zero on a crash or a leak;
# the input is left in $FUZZ_DIR/artifacts/ (default /tmp/evpnd-fuzz-ipc): add it to
# tests/fuzz/regressions/ipc_shadow/.
set -eu

secs=${1:-60}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work=${FUZZ_DIR:-/tmp/evpnd-fuzz-ipc}
cc=${CC_FUZZ:-clang}

mkdir -p "$work/corpus" "$work/artifacts"
"$cc" -g -O1 -std=gnu11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -Wall -Wextra -Werror -Wmissing-prototypes \
	-I"$top" -o "$work/ipc_shadow_fuzz" "$here/ipc_shadow_fuzz.c" \
	"$top"/dp/ipc/dp_ipc_shadow.c "$top"/dp/ipc/shadow_*.c
cp "$here"/corpus/ipc_shadow/* "$work/corpus/"
"$work/ipc_shadow_fuzz" -max_len=2000 -max_total_time="$secs" -print_final_stats=1 \
	-artifact_prefix="$work/artifacts/" "$work/corpus" "$here/regressions/ipc_shadow"
