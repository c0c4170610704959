#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Builds the EVPN NLRI / extended community fuzz target straight from cp/evpn
# (no meson) with clang's libFuzzer, ASan and UBSan, seeds a corpus with the
# NLRI fields of the FRR captures and a few crafted routes, and runs it for $1
# seconds (default 60), inputs up to 1024 octets. Exits non-zero on a crash.
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
	"$top/cp/evpn/evpn_nlri.c" "$top/cp/evpn/evpn_ecomm.c"

# Seeds: the whole FRR UPDATEs (their MP_REACH NLRI sits inside) and hand-made
# fields of each route type (type, length, value).
cp "$top"/tests/unit/cp/evpn/fixtures/*.bin "$work/corpus/"
seed() { printf "$2" >"$work/corpus/seed_$1"; }
rd='\000\001\306\063\144\001\000\002'
esi='\000\000\000\000\000\000\000\000\000\000'
seed t1 "\001\031$rd$esi\377\377\377\377\000\000\144"
seed t2 "\002\045$rd$esi\000\000\000\000\060\252\273\314\335\356\377\040\012\000\000\001\000\000\144"
seed t3 "\003\021$rd\000\000\000\000\040\306\063\144\001"
seed t4 "\004\027$rd$esi\040\306\063\144\001"
seed t5 "\005\042$rd$esi\000\000\000\000\030\012\001\000\000\000\000\000\000\000\023\210"
seed ec '\003\014\000\000\000\000\000\010\000\002\375\350\000\000\000\144\006\000\001\000\000\000\000\003'

"$work/evpn_nlri_fuzz" -max_len=1024 -max_total_time="$secs" -print_final_stats=1 \
	-artifact_prefix="$work/artifacts/" "$work/corpus"
