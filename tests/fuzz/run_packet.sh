#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Builds the packet fuzz target (the real dataplane nodes and table writer, with
# DPDK from pkg-config) with clang's libFuzzer, ASan and UBSan, and runs it for $1
# seconds (default 60) from a copy of its committed seeds (tests/fuzz/corpus/packet:
# tests/fuzz/packet_seeds.py's frames and the captured VXLAN ones) and regressions.
# Exits non-zero on a crash. Work files go to $FUZZ_DIR (default /tmp/evpnd-fuzz).
set -eu

secs=${1:-60}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work=${FUZZ_DIR:-/tmp/evpnd-fuzz}
cc=${CC_FUZZ:-clang}

# the nodes, and the pipeline that lists them
# Not the control wire (dp/ipc: evpnd --split; its client implements the same API for
# evpnd-cp, its server answers captures from drivers/).
srcs="$(find "$top/dp" -name '*.c' ! -path '*/dp/ipc/*' | sort) $top/pipelines/vtep_pipeline.c"
mkdir -p "$work/packet_corpus" "$work/artifacts"
# shellcheck disable=SC2046,SC2086
"$cc" -g -O1 -std=gnu11 -D_GNU_SOURCE -DALLOW_EXPERIMENTAL_API \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-Wall -Werror -Wno-address-of-packed-member -I"$top" $(pkg-config --cflags libdpdk liburcu-qsbr) \
	-o "$work/packet_fuzz" "$here/packet_fuzz.c" $srcs \
	$(pkg-config --libs libdpdk liburcu-qsbr) -lpthread
cp "$here"/corpus/packet/* "$work/packet_corpus/"
# The EAL keeps memory until exit: leak detection at exit only reports DPDK's.
ASAN_OPTIONS=detect_leaks=0 "$work/packet_fuzz" -max_len=2048 -max_total_time="$secs" \
	-print_final_stats=1 -artifact_prefix="$work/artifacts/" "$work/packet_corpus" \
	"$here/regressions/packet"
