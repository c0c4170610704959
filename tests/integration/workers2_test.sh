#!/bin/bash
# workers2_test: two workers on one port pair, on this 2-CPU machine: worker lcore 1
# on CPU 1, worker lcore 2 on CPU 0 beside the control thread (main lcore 0), mapped
# with DPDK's --lcores. Each af_packet port has 2 queue pairs: the kernel spreads
# flows over the 2 rx queues by flow hash (PACKET_FANOUT_HASH), and rx queue q is
# polled by worker q. From h1, 8 UDP flows of 40 numbered frames each, each flow
# from its own MAC, first broadcast (flooded), then to h2 (encapsulated):
#   - both rx queues of host0 and both tx queues of uplink0 carried frames (both
#     workers received, flooded and encapsulated);
#   - evpnd learned the 8 MACs (the learning events of both workers);
#   - the node counters, summed over the workers, count every frame exactly once;
#   - so do the per-node packets of `show dataplane nodes` (summed over the workers);
#   - h2 received every frame of each flow once, in the order sent;
#   - show stats (text and JSON) names the same dataplane counters as before they moved
#     into their node files (data/stats_counters.txt).
#
#   h1 10.1.0.1 --- [host0  evpnd  uplink0] 192.0.2.1 ---- 192.0.2.2 [kernel VTEP kv] --- h2 10.1.0.2
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

require_root
require_cmd tshark dumpcap
require_scapy
require_build

FLOWS=8
FRAMES=40
H2MAC=02:00:00:01:00:02

lab_ev_kv 192.0.2.2/24 192.0.2.1
# h1 quiet (no IPv6 router solicitations or MLD reports, and no ping: h2's ARP
# probe 5 s later gets an answer from h1): the counters below count the test's
# frames exactly.
nsx h1 sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.eth0.disable_ipv6=1
evpnd_conf_vtep net_af_packet0,iface=ul0,qpairs=2 192.0.2.1/24 h0,qpairs=2 <<EOF
bridge-domain 100
 vni 100
 member host0 untagged
 flood-vtep 192.0.2.2
 mac $H2MAC remote-vtep 192.0.2.2
EOF
sed -i 's/^ worker-lcores 1$/ worker-lcores 1,2/' "$WORK/evpnd.conf"
EV_EAL_ARGS=(--lcores '0@0,1@1,2@0')
start_evpnd ev
check "evpnd runs 2 workers" grep -q "2 workers" "$EV_LOG"
wait_until 10 vteps_resolved 1 || die "evpnd did not resolve VTEP 192.0.2.2"

# queues PORT rx|tx: the port's per-queue packet counts, space-separated.
queues() {
	evctl show port json |
		json_q "' '.join(str(n) for n in [p for p in d if p['name'] == '$1'][0]['${2}QueuePackets'])"
}
# delta "A B" "C D": "C-A D-B".
delta() {
	local -a a=($1) b=($2)
	echo "$((b[0] - a[0])) $((b[1] - a[1]))"
}
# send DST_MAC: FLOWS flows of FRAMES frames from h1, flow f from its own MAC and
# UDP port 1000+f, payload "f s"; the flows interleaved, each in order. To an IP
# address h2 does not have: h2 takes them in without an answer (an ICMP port
# unreachable would make h2 ask for h1's MAC and h1 answer, through evpnd).
send_flows() {
	nsx h1 "$PY" -c "
from scapy.all import Ether, IP, UDP, Raw, sendp, conf
conf.verb = 0
sendp([Ether(src='02:00:00:aa:00:%02x' % f, dst='$1') /
       IP(src='10.1.0.1', dst='10.1.0.99') / UDP(sport=1000 + f, dport=5000) /
       Raw(b'%d %d' % (f, s)) for s in range($FRAMES) for f in range($FLOWS)], iface='eth0')"
}
# node_packets NODE: the packets NODE took in, `show dataplane nodes`, all workers.
node_packets() {
	evctl show dataplane nodes json | json_q "[n['packets'] for n in d if n['node'] == '$1'][0]"
}
# in_order CAPTURE: every flow's frames, as h2 got them, are 0..FRAMES-1 once each
# in order; prints the flows that are not.
in_order() {
	tsh "$1" -Y "udp.dstport == 5000" -T fields -e udp.payload | "$PY" -c "
import sys
flows = {}
for line in sys.stdin:
    f, s = bytes.fromhex(line.strip()).decode().split()
    flows.setdefault(int(f), []).append(int(s))
bad = [f for f in range($FLOWS) if flows.get(f) != list(range($FRAMES))]
print(' '.join('flow %d: %s' % (f, flows.get(f)) for f in bad) or 'ok')"
}

N=$((FLOWS * FRAMES))
for phase in flood unicast; do
	if [ $phase = flood ]; then dst=ff:ff:ff:ff:ff:ff; else dst=$H2MAC; fi
	rx0=$(queues host0 rx)
	tx0=$(queues uplink0 tx)
	copies0=$(counter bum_flood copies)
	encap0=$(counter vxlan_encap to_tx)
	acc_in0=$(node_packets access_input)
	encap_in0=$(node_packets vxlan_encap)
	cap_start $phase h2 eth0 "udp dst port 5000"
	send_flows $dst
	wait_until 10 test "$(counter vxlan_encap to_tx)" -ge $((encap0 + N)) ||
		fail "$phase: evpnd encapsulated fewer than $N frames"
	cap_stop $phase
	rx=$(delta "$rx0" "$(queues host0 rx)")
	tx=$(delta "$tx0" "$(queues uplink0 tx)")
	log "$phase: host0 rx queues +($rx), uplink0 tx queues +($tx)"
	read -r r0 r1 <<<"$rx"
	read -r t0 t1 <<<"$tx"
	check "$phase: both workers received (host0 rx queues +$r0 +$r1)" \
		[ "$r0" -gt 0 -a "$r1" -gt 0 -a $((r0 + r1)) -ge $N ]
	check "$phase: both workers encapsulated (uplink0 tx queues +$t0 +$t1)" \
		[ "$t0" -gt 0 -a "$t1" -gt 0 -a $((t0 + t1)) -ge $N ]
	check_eq "$phase: vxlan_encap to_tx, summed over the workers" \
		$(($(counter vxlan_encap to_tx) - encap0)) $N
	check_eq "$phase: show dataplane nodes: access_input packets, both workers" \
		$(($(node_packets access_input) - acc_in0)) $N
	check_eq "$phase: show dataplane nodes: vxlan_encap packets, both workers" \
		$(($(node_packets vxlan_encap) - encap_in0)) $N
	if [ $phase = flood ]; then
		check_eq "$phase: bum_flood copies (1 VTEP)" $(($(counter bum_flood copies) - copies0)) $N
	else
		check_eq "$phase: no flood copies" $(($(counter bum_flood copies) - copies0)) 0
	fi
	check_eq "$phase: frames at h2" "$(tsh_count $phase 'udp.dstport == 5000')" $N
	check_eq "$phase: each flow in order at h2" "$(in_order $phase)" ok
done

learned() {
	[ "$(evctl show mac bd 100 json |
		json_q "len([m for m in d if m['mac'].startswith('02:00:00:aa:00:') and m['port'] == 'host0'])")" -eq $FLOWS ]
}
check "evpnd learned the $FLOWS flows' MACs (from both workers)" learned

# stats_names json|text: the dataplane's counters `show stats all` lists (not the
# writer's), "node counter drop" per line, sorted.
stats_names() {
	if [ "$1" = json ]; then
		evctl show stats all json | json_q "'\\n'.join('%s %s %s' % (c['node'], c['counter'],
			'true' if c['drop'] else 'false') for c in d if c['node'] != 'writer')"
	else
		evctl show stats all | awk 'NR > 1 && $1 != "writer" {
			print $1, $2, ($3 == "(drop)" ? "true" : "false") }'
	fi | sort
}
grep -v '^#' "$IT_DIR/data/stats_counters.txt" | sort >"$WORK/stats_want.txt"
for form in json text; do
	stats_names $form >"$WORK/stats_$form.txt"
	check "show stats all ($form): the same $(wc -l <"$WORK/stats_want.txt") dataplane counters" \
		diff "$WORK/stats_want.txt" "$WORK/stats_$form.txt"
done

check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
