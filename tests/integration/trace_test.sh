#!/bin/bash
# trace_test: `evpnctl trace add N` follows the next N received packets of each worker
# through the nodes (as VPP's trace): a ping's request from the access port to the
# VXLAN uplink (flooded: without BGP h2 is an unknown unicast) and its reply back, with
# growing times; a frame the dataplane drops
# (multicast source MAC) ends in the node that dropped it, not sent; `clear trace`
# empties it; bad counts are refused.
#
#   h1 10.1.0.1 --- [host0  evpnd  uplink0] 192.0.2.1 ---- 192.0.2.2 [kernel VTEP kv] --- h2 10.1.0.2
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

require_root
require_cmd ping
require_scapy
require_build

lab_ev_kv 192.0.2.2/24 192.0.2.1

evpnd_conf_vtep net_af_packet0,iface=ul0 192.0.2.1/24 h0 <<EOF
bridge-domain 100
 vni 100
 member host0 untagged
 flood-vtep 192.0.2.2
EOF
start_evpnd ev
wait_until 10 vteps_resolved 1 || die "evpnd did not resolve VTEP 192.0.2.2"
check "h1 -> h2 ping (ARP resolved)" ping_ok h1 10.1.0.2

trace_q() { evctl show trace json | json_q "$1"; }
check_eq "no packets traced before trace add" "$(trace_q "len(d['packets'])")" 0

# 1. An echo request and its reply (other frames may be traced too: IPv6 chatter, the
# kernel VTEP's ARP; the IPv4 ones are the ping's).
check "trace add 6" evctl trace add 6
check_eq "pending" "$(trace_q "d['pending']")" 6
path() { # path IN_PORT: "node,node,...>out" of the first IPv4 packet traced from IN_PORT
	trace_q "[','.join(h['node'] for h in p['nodes']) + '>' + str(p['outPort']) for p in d['packets'] if p['inPort'] == '$1' and p['etherType'] == '0x0800'][0]" 2>/dev/null
}
nsx h1 ping -c 1 -W 2 10.1.0.2 >/dev/null || fail "the traced ping got no reply"
wait_until 5 path uplink0 >/dev/null || fail "the reply was not traced"
evctl show trace >"$WORK/trace.txt"
log "trace: $(cat "$WORK/trace.txt")"
check_eq "the request's path" "$(path host0)" "access_input,l2_fwd,bum_flood,vxlan_encap,tx>uplink0"
check_eq "the reply's path" "$(path uplink0)" "underlay_input,vxlan_decap,l2_fwd,tx>host0"
check_eq "hops with a time before the one preceding them" \
	"$(trace_q "sum(1 for p in d['packets'] for a, b in zip(p['nodes'], p['nodes'][1:]) if b['ns'] < a['ns'])")" 0
check_eq "the request's source MAC" "$(trace_q "[p['src'] for p in d['packets'] if p['inPort'] == 'host0' and p['etherType'] == '0x0800'][0]")" \
	"$(mac_of h1 eth0)"
check "the text form names the nodes" grep -q "vxlan_encap" "$WORK/trace.txt"

# 2. A frame the dataplane drops (RFC 7432: never a multicast source): it ends in l2_fwd, not sent.
check "clear trace" evctl clear trace
check_eq "no packets after clear trace" "$(trace_q "len(d['packets'])")" 0
# (the kernel VTEP's ARP may come first on the uplink: a few packets, the frame's found by
# its source MAC)
check "trace add 4" evctl trace add 4
nsx h1 "$PY" -c 'from scapy.all import Ether, IP, UDP, sendp
sendp(Ether(src="01:00:5e:00:00:01", dst="ff:ff:ff:ff:ff:ff")/IP(dst="10.1.0.2")/UDP(), iface="eth0", verbose=0)'
dropped_path() {
	trace_q "[','.join(h['node'] for h in p['nodes']) + '>' + str(p['outPort']) for p in d['packets'] if p['src'] == '01:00:5e:00:00:01'][0]" 2>/dev/null
}
wait_until 5 dropped_path >/dev/null || fail "the dropped frame was not traced"
check_eq "the dropped frame's path" "$(dropped_path)" "access_input,l2_fwd>None"
evctl show trace >"$WORK/trace2.txt"
check "the text form says where it ended" grep -q "not sent: dropped or consumed in l2_fwd" "$WORK/trace2.txt"

# 3. Refused counts.
for n in 0 65 x; do
	if evctl trace add "$n" >"$WORK/ref.out" 2>&1; then fail "trace add $n accepted"; else
		check "trace add $n refused ($(head -1 "$WORK/ref.out"))" grep -q "Invalid" "$WORK/ref.out"
	fi
done
check "h1 -> h2 ping after tracing" ping_ok h1 10.1.0.2
check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
