#!/bin/bash
# kernel_if_test: BGP, ARP, ND and ping over a kernel-interface TAP, each request
# answered exactly once. evpnd's uplink is an af_packet port over ul0, whose kernel
# interface (in evpnd's namespace) carries no address; the TAP evtap holds the
# VTEP's addresses. Linux answers for a local address on any interface, so unless
# the kernel is kept off ul0, every ARP, ND and ping request seen there gets a
# second answer (and a TCP SYN a second SYN-ACK or a RST).
#
#   peer 192.0.2.2, 2001:db8::2 [eth0] ---- [ul0: af_packet, uplink0] evpnd [evtap: 192.0.2.1, 2001:db8::1]
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
require_root
require_build
require_cmd tshark dumpcap ping ethtool
require_frr

ns_add -6 ev peer
veth ev ul0 peer eth0
nsx peer ip addr add 192.0.2.2/24 dev eth0
nsx peer ip addr add 2001:db8::2/64 dev eth0 nodad
# A veth leaves TCP checksums to be completed (offload); af_packet hands evpnd the
# frame as it is and the TAP's kernel would drop it. A NIC's wire has them complete.
nsx peer ethtool -K eth0 tx off >/dev/null

evpnd_conf_vtep net_af_packet0,iface=ul0 192.0.2.1/24 <<CONF
 address 2001:db8::1/64 port uplink0
 kernel-interface evtap port uplink0
router bgp 65000
 bgp router-id 192.0.2.1
 neighbor 192.0.2.2 remote-as 65001
 neighbor 192.0.2.2 timers connect 1
CONF
frr_conf peer <<CONF
router bgp 65001
 bgp router-id 192.0.2.2
 no bgp ebgp-requires-policy
 neighbor 192.0.2.1 remote-as 65000
 neighbor 192.0.2.1 timers connect 1
CONF

cap_start ul peer eth0
start_evpnd ev
frr_bgpd peer
check "BGP session up over the TAP" wait_until 30 ev_established 192.0.2.2
check "evpnd says it kept the kernel off ul0" grep -q "kernel-interface evtap: host stack kept off ul0" "$EV_LOG"
nsx peer ip neigh flush dev eth0
check "ping 192.0.2.1" nsx peer ping -c 5 -i 0.2 -W 2 192.0.2.1
check "ping 2001:db8::1" nsx peer ping -6 -c 5 -i 0.2 -W 2 2001:db8::1
for _ in 1 2 3; do # a closed port: the kernel answers each SYN with a reset
	! nsx peer timeout 3 bash -c 'echo >/dev/tcp/192.0.2.1/7' 2>/dev/null
done
sleep 1 # late duplicates
cap_stop ul

# once NAME REQUEST_FILTER ANSWER_FILTER: as many answers as requests, at least one.
once() {
	local q a
	q=$(tsh_count ul "$2")
	a=$(tsh_count ul "$3")
	check "$1: $q requests, $a answers" test "$q" -ge 1 -a "$q" = "$a"
}
once "ARP for 192.0.2.1" "arp.opcode == 1 && arp.dst.proto_ipv4 == 192.0.2.1" \
	"arp.opcode == 2 && arp.src.proto_ipv4 == 192.0.2.1"
once "ND for 2001:db8::1" "icmpv6.type == 135 && icmpv6.nd.ns.target_address == 2001:db8::1 && ipv6.src != ::" \
	"icmpv6.type == 136 && icmpv6.nd.na.target_address == 2001:db8::1"
once "ping 192.0.2.1" "icmp.type == 8 && ip.dst == 192.0.2.1" "icmp.type == 0 && ip.src == 192.0.2.1"
once "ping 2001:db8::1" "icmpv6.type == 128 && ipv6.dst == 2001:db8::1" \
	"icmpv6.type == 129 && ipv6.src == 2001:db8::1"
once "TCP SYN to 192.0.2.1:7 (closed)" "tcp.flags == 0x002 && ip.dst == 192.0.2.1 && tcp.dstport == 7" \
	"tcp.flags.reset == 1 && ip.src == 192.0.2.1 && tcp.srcport == 7"
check_eq "no TCP reset on BGP from 192.0.2.1" \
	"$(tsh_count ul "tcp.flags.reset == 1 && ip.src == 192.0.2.1 && tcp.port == 179")" 0

# The to-host edges carried them (issue 14: counters, not only answers): every ARP
# request and NS the capture saw, and the pings, SYNs and BGP segments. Not the VTEP
# kernel interface's own: its DAD NS (from ::) or an ARP announce leave through evpnd.
check "arp_input/to_host counted each ARP request" test "$(counter arp_input to_host)" -ge \
	"$(tsh_count ul "arp.opcode == 1 && arp.dst.proto_ipv4 == 192.0.2.1 && arp.src.proto_ipv4 != 192.0.2.1")"
check "nd_input/to_host counted each NS" test "$(counter nd_input to_host)" -ge \
	"$(tsh_count ul "icmpv6.type == 135 && icmpv6.nd.ns.target_address == 2001:db8::1 && ipv6.src != ::")"
check "underlay_input/to_host counted pings, SYNs and BGP" test "$(counter underlay_input to_host)" -ge \
	"$(tsh_count ul "(icmp.type == 8 && ip.dst == 192.0.2.1) || (icmpv6.type == 128) || (tcp && ip.dst == 192.0.2.1)")"

stop_evpnd
it_done
