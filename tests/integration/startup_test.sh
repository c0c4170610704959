#!/bin/bash
# startup_test: frames already waiting on a port when evpnd starts are forwarded by
# the configuration, not dropped before it is applied: the workers start only once
# the writer has programmed the tables. host0 is a net_pcap port that replays a
# capture from the first poll on; host1 writes what it sends to a capture. Every
# frame (unknown unicast, each from its own source MAC) must reach host1, none be
# dropped as no_bridge_domain, every source be learned (host0's N, host1's one) and
# each learning logged at info.
#
#   in.pcap -> [host0  evpnd: bridge-domain 100  host1] -> out.pcap
. "$(dirname "$0")/lib.sh"
require_root
require_scapy
require_cmd tshark
require_build

N=300
# host1's own input (net_pcap wants one): a single frame from 02:00:00:cc:00:01.
"$PY" - "$WORK/in.pcap" "$WORK/host1-in.pcap" $N <<'PY'
import sys
from scapy.all import Ether, IP, UDP, Raw, wrpcap
n = int(sys.argv[3])
wrpcap(sys.argv[1], [Ether(src="02:00:00:aa:%02x:%02x" % (i >> 8, i & 255), dst="02:00:00:bb:00:01") /
                     IP(src="10.1.0.1", dst="10.1.0.2") / UDP(sport=1024 + i, dport=9) / Raw(b"x" * 18)
                     for i in range(n)])
wrpcap(sys.argv[2], [Ether(src="02:00:00:cc:00:01", dst="02:00:00:cc:00:02") / Raw(b"y" * 46)])
PY

ns_add ev
cat >"$WORK/evpnd.conf" <<CONF
dataplane
 main-lcore 0
 worker-lcores 1
 mbufs 8192
 port host0 devargs net_pcap0,rx_pcap=$WORK/in.pcap
 port host1 devargs net_pcap1,rx_pcap=$WORK/host1-in.pcap,tx_pcap=$WORK/out.pcap
underlay
 vtep-address 192.0.2.1
bridge-domain 100
 vni 100
 member host0 untagged
 member host1 untagged
CONF
start_evpnd ev

local_macs() { evctl show bridge-domain json | json_q "[b['localMacs'] for b in d if b['bridgeDomain'] == 100][0]"; }
wait_until 10 test "$(local_macs)" -gt $N || fail "sources learned: $(local_macs), want $((N + 1))"
check_eq "sources learned" "$(local_macs)" $((N + 1))
check_eq "the counter access_input/no_bridge_domain exists" "$(evctl show stats all json |
	json_q "any(c['node'] == 'access_input' and c['counter'] == 'no_bridge_domain' for c in d)")" true
check_eq "frames dropped as no_bridge_domain" "$(counter access_input no_bridge_domain)" 0
check_eq "MACs learned logged at info" \
	"$(grep -c "evpnd.l2: info: bridge-domain 100: mac .* learned on port" "$EV_LOG")" $((N + 1))
stop_evpnd # closes out.pcap
check_eq "frames flooded to host1" \
	"$(tsh_count out 'eth.dst == 02:00:00:bb:00:01 && udp.dstport == 9')" $N
it_done
