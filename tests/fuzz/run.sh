#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Builds the BGP decoder fuzz target straight from the codec's files in cp/bgp
# (no meson) with clang's libFuzzer, ASan and UBSan, and runs it for $1 seconds
# (default 60) from a copy of its committed seeds (tests/fuzz/corpus/bgp_decode: the
# FRR captures' messages) and regressions, inputs up to 4096 octets. Exits
# non-zero on a crash.
# Work files go to $FUZZ_DIR (default /tmp/evpnd-fuzz).
set -eu

secs=${1:-60}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work=${FUZZ_DIR:-/tmp/evpnd-fuzz}
cc=${CC_FUZZ:-clang}

# The codec, and what builds attribute sets and EVPN keys from its output (the
# l2vpn evpn family's key, cp/evpn); the rest of cp/bgp (RIB updates, sessions)
# is not under test here.
codec="bgp_attr bgp_attr_decode bgp_attr_encode bgp_cap_decode bgp_decode bgp_encode
	bgp_nlri bgp_print bgp_rfc7606 bgp_update_build bgp_update_decode
	bgp_pattr bgp_pattr_path bgp_decision bgp_family bgp_family_unicast"
srcs=
for f in $codec; do
	srcs="$srcs $top/cp/bgp/$f.c"
done
srcs="$srcs $top/cp/evpn/evpn_family.c $top/cp/evpn/evpn_nlri.c $top/cp/cp_addr.c $top/cp/cp_htable.c $top/cp/cp_table_mem.c"

mkdir -p "$work/corpus" "$work/artifacts"
"$cc" -g -O1 -std=gnu11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -Wall -Wextra -Werror -Wmissing-prototypes \
	-Wno-gnu-variable-sized-type-not-at-end \
	-I"$top" -o "$work/bgp_decode_fuzz" "$here/bgp_decode_fuzz.c" $srcs
cp "$here"/corpus/bgp_decode/* "$work/corpus/"

"$work/bgp_decode_fuzz" -max_len=4096 -max_total_time="$secs" -print_final_stats=1 \
	-artifact_prefix="$work/artifacts/" "$work/corpus" "$here/regressions/bgp_decode"
