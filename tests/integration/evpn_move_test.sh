#!/bin/bash
# evpn_move_test: MAC mobility (RFC 7432 15) between evpnd and an FRR + kernel VTEP.
# Host hm (10.1.0.9, one MAC, a link to each VTEP; lab in evpn_lab.sh) starts behind
# the kernel VTEP, moves to evpnd, then back; it sends a gratuitous ARP on each move,
# as a hypervisor does. h1 (evpnd) and h2 (kernel) ping it before and after every
# move; the MAC mobility sequence number goes up by one each time on both sides,
# and each VTEP programs the MAC where it now is.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=evpn_lab.sh
. "$(dirname "$0")/evpn_lab.sh"
evpn_lab_require
evpn_lab_up

check "FRR has evpnd's type-3" wait_until 15 kv_has "[3]:[0]:[32]:[192.0.2.1]"
check "evpnd has FRR's type-3" wait_until 15 ev_has "[3]:[0]:[32]:[192.0.2.2]"
# Wake hm up on the kernel side so that zebra advertises it.
check "hm (behind the kernel VTEP) -> h1 ping" ping_ok hm 10.1.0.1
check "h1 -> hm ping" ping_ok h1 10.1.0.9
check "h2 -> hm ping" ping_ok h2 10.1.0.9
at_ev() { [ "$(ev_mac "$HMMAC" type)" = "$1" ] && [ "$(ev_mac "$HMMAC" remoteVtep)" = "${2:-None}" ]; }
check "evpnd: hm remote behind 192.0.2.2" wait_until 10 at_ev remote 192.0.2.2
check_eq "evpnd: hm remote sequence before the move" "$(ev_mac "$HMMAC" remoteSequence)" 0

# Move 1: kernel VTEP -> evpnd.
nsx hm ip link set eth0 down
nsx hm ip link set eth1 up
t0=$(date +%s%N)
check "evpnd: hm local after the move" wait_until 10 at_ev local
check_eq "evpnd: hm local sequence 1 (remote 0 + 1)" "$(ev_mac "$HMMAC" localSequence)" 1
kv_at() { [ "$(kv_mac "$HMMAC" type)" = remote ] && [ "$(kv_mac "$HMMAC" remoteVtep)" = 192.0.2.1 ]; }
check "FRR: hm remote behind 192.0.2.1" wait_until 10 kv_at
log "FRR installed the move $((($(date +%s%N) - t0) / 1000000)) ms after the link change (poll)"
check_eq "FRR: hm remote sequence 1" "$(kv_mac "$HMMAC" remoteSequence)" 1
fdb_hm() { nsx kv bridge fdb show dev vxlan100 | grep -F "$HMMAC" | grep -qF "dst 192.0.2.1"; }
check "kernel FDB: hm behind 192.0.2.1" wait_until 5 fdb_hm
check "h2 -> hm ping after the move (across VXLAN now)" ping_ok h2 10.1.0.9
check "h1 -> hm ping after the move (local now)" ping_ok h1 10.1.0.9
check "hm -> h2 ping after the move" ping_ok hm 10.1.0.2

# Move 2: back to the kernel VTEP; zebra advertises sequence 2 and evpnd yields.
nsx hm ip link set eth1 down
nsx hm ip link set eth0 up
# The gratuitous ARP on link up can reach kv's bridge port before it forwards again
# (evpnd's af_packet port sees it at once): hm talks first, as a moved VM would.
check "hm -> h1 ping after moving back" ping_ok hm 10.1.0.1
check "evpnd: hm remote behind 192.0.2.2 again" wait_until 10 at_ev remote 192.0.2.2
# eth1 down flushes hm on evpnd, which withdraws its route (sequence 1): when that
# withdrawal reaches zebra before hm's first frame does, zebra knows no other VTEP
# had hm and advertises sequence 0 (RFC 7432 15.1); otherwise 2. Both are right;
# anything else is not.
seq2=$(ev_mac "$HMMAC" remoteSequence)
log "zebra advertised hm with sequence $seq2 after the move back"
check "evpnd: hm remote sequence 2 (or 0 after our withdrawal)" test "$seq2" = 2 -o "$seq2" = 0
dp_mac() { evctl show mac json | json_q "[(m['type'], m.get('remoteVtep')) for m in d if m['mac'] == '$1']"; }
check_eq "evpnd dataplane: hm remote again" "$(dp_mac $HMMAC)" '[["remote", "192.0.2.2"]]'
check "h1 -> hm ping after moving back" ping_ok h1 10.1.0.9
check "h2 -> hm ping after moving back" ping_ok h2 10.1.0.9
check_eq "evpnd: hm not flagged duplicate" "$(ev_mac "$HMMAC" isDuplicate)" false

evctl show evpn mac vni 100 detail
check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
