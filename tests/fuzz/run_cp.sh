#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Builds the control-plane fuzz targets, config (the configuration parser),
# bgp_fsm (BGP message sequences through the session FSM) and inject_cmd (the
# route-injection command parser), or those named after
# $1, from the whole of cp/ (no meson) with clang's libFuzzer, ASan (leaks checked)
# and UBSan, and runs each for $1 seconds (default 60) from a copy of its committed
# seeds (tests/fuzz/corpus/TARGET) and regressions. Exits non-zero on a crash or a
# leak; the input is left in $FUZZ_DIR/artifacts/ (default /tmp/evpnd-fuzz-cp):
# add it to tests/fuzz/regressions/TARGET/.
#   tests/fuzz/run_cp.sh 300 bgp_fsm
set -eu

secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-config bgp_fsm inject_cmd}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work=${FUZZ_DIR:-/tmp/evpnd-fuzz-cp}
cc=${CC_FUZZ:-clang}

srcs=$(find "$top/cp" -name '*.c' ! -name evpnctl.c | sort)
# The quotes around fuzz are the C string literal the version is.
# shellcheck disable=SC2089
flags="-g -O1 -std=gnu11 -D_GNU_SOURCE -D_LGPL_SOURCE -DEVPND_VERSION=\"fuzz\"
	-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
	-Wall -Wextra -Werror -Wmissing-prototypes -Wno-gnu-variable-sized-type-not-at-end
	-Wno-address-of-packed-member -I$top"
mkdir -p "$work/obj" "$work/artifacts"
# An archive, as meson's cp_lib: only what a target uses is linked (the rest of cp/
# needs the dataplane).
rm -f "$work/obj"/*.o "$work/libcp.a"
# shellcheck disable=SC2086,SC2090
(cd "$work/obj" && "$cc" $flags -c $srcs && ar rcs "$work/libcp.a" ./*.o)

for t in $targets; do
	case $t in
	config) max_len=8192 ;;
	bgp_fsm) max_len=16384 ;;
	inject_cmd) max_len=2048 ;;
	*) echo "$0: no target $t (config, bgp_fsm, inject_cmd)" >&2; exit 2 ;;
	esac
	# shellcheck disable=SC2086,SC2090
	"$cc" $flags -fsanitize=fuzzer -o "$work/${t}_fuzz" "$here/${t}_fuzz.c" "$work/libcp.a" \
		-lpthread
	mkdir -p "$work/corpus_$t"
	cp "$here/corpus/$t"/* "$work/corpus_$t/"
	"$work/${t}_fuzz" -max_len=$max_len -max_total_time="$secs" -print_final_stats=1 \
		-artifact_prefix="$work/artifacts/" "$work/corpus_$t" "$here/regressions/$t"
done
