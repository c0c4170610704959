#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Builds a control-plane fuzz target, $1 = config (the configuration parser) or
# bgp_fsm (BGP message sequences through the session FSM), from the whole of cp/
# (no meson) with clang's libFuzzer, ASan (leaks checked) and UBSan, and runs it
# for $2 seconds (default 60) from a copy of its committed seed corpus
# (tests/fuzz/corpus/$1). Exits non-zero on a crash or a leak; the input is left in
# $FUZZ_DIR/artifacts/ (default /tmp/evpnd-fuzz-$1): add it to regressions/$1/.
set -eu

target=$1
secs=${2:-60}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work=${FUZZ_DIR:-/tmp/evpnd-fuzz-$target}
cc=${CC_FUZZ:-clang}

case $target in
config) max_len=8192 ;;
bgp_fsm) max_len=16384 ;;
*) echo "usage: $0 config|bgp_fsm [SECONDS]" >&2; exit 2 ;;
esac
srcs=$(find "$top/cp" -name '*.c' ! -name evpnctl.c | sort)
flags="-g -O1 -std=gnu11 -D_GNU_SOURCE -D_LGPL_SOURCE -DEVPND_VERSION=\"fuzz\"
	-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
	-Wall -Wextra -Werror -Wmissing-prototypes -Wno-gnu-variable-sized-type-not-at-end
	-Wno-address-of-packed-member -I$top"
mkdir -p "$work/corpus" "$work/artifacts" "$work/obj"
# An archive, as meson's cp_lib: only what the target uses is linked (the rest of cp/
# needs the dataplane).
rm -f "$work/obj"/*.o "$work/libcp.a"
# shellcheck disable=SC2086
(cd "$work/obj" && "$cc" $flags -c $srcs && ar rcs "$work/libcp.a" ./*.o)
# shellcheck disable=SC2086
"$cc" $flags -fsanitize=fuzzer -o "$work/${target}_fuzz" "$here/${target}_fuzz.c" \
	"$work/libcp.a" -lpthread
cp "$here/corpus/$target"/* "$work/corpus/"

"$work/${target}_fuzz" -max_len=$max_len -max_total_time="$secs" -print_final_stats=1 \
	-artifact_prefix="$work/artifacts/" "$work/corpus" "$here/regressions/$target"
