#!/bin/bash
# evpn_notify_lost_test: notifications the dataplane drops on a full ring to the control
# plane (EVPND_NOTIFY_RING_SIZE=4 here, 65535 normally) leave no route behind and miss
# none: the control plane reads the MAC table again. Lab in evpn_lab.sh (FRR route
# reflector, FRR + kernel VTEP kv).
#
# Checks: 200 hosts behind h1 speak at once (one scapy burst): evpnd has each as a local
# EVPN MAC and FRR (kv) has each one's type-2 route; `clear mac bd 100` flushes them all
# in one step of the writer (dropped notifications, counted): every route is withdrawn at
# kv while kv's own type-2 for h2 stays (the query works).
# shellcheck disable=SC2016 # eval'd checks in single quotes
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=evpn_lab.sh
. "$(dirname "$0")/evpn_lab.sh"
evpn_lab_require
require_scapy
export EVPND_NOTIFY_RING_SIZE=4
evpn_lab_up

N=200
PREFIX=02:00:00:05 # the hosts: 02:00:00:05:00:00 and on

# kv_t2_count: how many type-2 routes of the hosts kv has (fails if the query fails).
kv_t2_count() {
	vty kv "show bgp l2vpn evpn route type macip json" |
		json_q "len(set(k for rd, v in d.items() if isinstance(v, dict) for k in v if k.startswith('[2]:[0]:[48]:[$PREFIX:')))"
}
kv_t2_count_is() { [ "$(kv_t2_count)" = "$1" ]; }
# ev_local_count: the hosts evpnd's EVPN has as local MACs.
ev_local_count() {
	evctl show evpn mac vni 100 json |
		json_q "sum(1 for m, v in d['macs'].items() if m.startswith('$PREFIX:') and v.get('type') == 'local')"
}
ev_local_count_is() { [ "$(ev_local_count)" = "$1" ]; }
dropped() { counter writer notify_dropped; }
T2_H2="[2]:[0]:[48]:[$H2MAC]"
kv_has_h2() {
	vty kv "show bgp l2vpn evpn route type macip json" |
		json_q "any('$T2_H2' in v for rd, v in d.items() if isinstance(v, dict))" | grep -qx true
}

check "h1 -> h2 ping" ping_ok h1 10.1.0.2
check "FRR has its own type-2 for h2" wait_until 10 kv_has_h2

# The hosts speak at once: far more learns in one step of the writer than the ring holds.
# The frames are built first, then written back to back on a raw socket (scapy's sendp
# builds each as it goes: on a loaded machine its frames came too far apart to
# overflow anything).
d0=$(dropped)
nsx h1 "$PY" -c "
import socket
from scapy.all import Ether, IP, UDP
frames = [bytes(Ether(dst='ff:ff:ff:ff:ff:ff', src='$PREFIX:%02x:%02x' % (i >> 8, i & 255)) /
	IP(src='10.1.5.%d' % (i % 250 + 1), dst='10.1.255.255') / UDP(dport=9)) for i in range($N)]
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(('eth0', 0))
for f in frames:
	s.send(f)"
check "notifications were dropped while the hosts were learned" \
	wait_until 5 eval '[ "$(dropped)" -gt "$d0" ]'
check "evpnd: the $N hosts are local EVPN MACs" wait_until 15 ev_local_count_is $N
check "FRR has the type-2 route of each of the $N hosts" wait_until 20 kv_t2_count_is $N
d1=$(dropped)
log "notifications dropped while the hosts were learned: $((d1 - d0))"

# All flushed in one step: the ring (4) takes 4 of the $N notifications.
check "evpnctl clear mac bd 100" evctl clear mac bd 100
check "notifications were dropped (ring full)" wait_until 5 eval '[ "$(dropped)" -gt "$d1" ]'
check "evpnd: no host left as a local EVPN MAC" wait_until 10 ev_local_count_is 0
check "FRR: every host's type-2 route withdrawn" wait_until 20 kv_t2_count_is 0
check "FRR still has its type-2 for h2" kv_has_h2
grep -m1 "notifications lost" "$EV_LOG" || true

check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
