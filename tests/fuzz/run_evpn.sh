#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Builds the EVPN NLRI / extended community fuzz target straight from cp/evpn
# (no meson) with clang's libFuzzer, ASan and UBSan, and runs it for $1 seconds
# (default 60) from a copy of its committed seeds (tests/fuzz/corpus/evpn_nlri: the
# NLRI and community fields of the FRR captures and a route of each type) and
# regressions, inputs up to 1024 octets. Exits non-zero on a crash.
# Work files go to $FUZZ_DIR (default /tmp/evpnd-fuzz-evpn).
set -eu

secs=${1:-60}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work=${FUZZ_DIR:-/tmp/evpnd-fuzz-evpn}
cc=${CC_FUZZ:-clang}

mkdir -p "$work/corpus" "$work/artifacts"
"$cc" -g -O1 -std=gnu11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -Wall -Wextra -Werror -Wmissing-prototypes \
	-I"$top" -o "$work/evpn_nlri_fuzz" "$here/evpn_nlri_fuzz.c" \
	"$top/cp/evpn/evpn_nlri.c" "$top/cp/evpn/evpn_ecomm.c" "$top/cp/cp_addr.c"

cp "$here"/corpus/evpn_nlri/* "$work/corpus/"

"$work/evpn_nlri_fuzz" -max_len=1024 -max_total_time="$secs" -print_final_stats=1 \
	-artifact_prefix="$work/artifacts/" "$work/corpus" "$here/regressions/evpn_nlri"
