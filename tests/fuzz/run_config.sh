#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Builds the configuration parser fuzz target straight from cp/config (no meson)
# with clang's libFuzzer, ASan and UBSan, seeds a corpus with every example and
# test configuration, and runs it for $1 seconds (default 60), inputs up to 8192
# octets. Exits non-zero on a crash.
# Work files go to $FUZZ_DIR (default /tmp/evpnd-fuzz-config).
set -eu

secs=${1:-60}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work=${FUZZ_DIR:-/tmp/evpnd-fuzz-config}
cc=${CC_FUZZ:-clang}

mkdir -p "$work/corpus" "$work/artifacts"
# cp/config, the RD/RT codecs of cp/evpn its vni blocks use, and the log level names.
"$cc" -g -O1 -std=gnu11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -Wall -Wextra -Werror -Wmissing-prototypes \
	-I"$top" -o "$work/config_fuzz" "$here/config_fuzz.c" "$top"/cp/config/*.c \
	"$top/cp/evpn/evpn_nlri.c" "$top/cp/evpn/evpn_ecomm.c" "$top/cp/cp_log.c"
cp "$top"/tests/config/*.conf "$top"/config/*.conf "$work/corpus/"

"$work/config_fuzz" -max_len=8192 -max_total_time="$secs" -print_final_stats=1 \
	-artifact_prefix="$work/artifacts/" "$work/corpus"
