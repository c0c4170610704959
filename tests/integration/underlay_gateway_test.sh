#!/bin/bash
# underlay_gateway_test: a routed underlay. evpnd's VTEP is behind a gateway (a Linux
# router, ip_forward on, between two underlay subnets); the kernel VTEP kv is on the
# other side (static flood lists, no BGP):
#
#   h1 --- [evpnd] 192.0.2.1 ul0 --- g0 [gw] g1 --- ul [kv] 198.51.100.2 --- h2
#                                192.0.2.254   198.51.100.254
#
# evpnd: `route 198.51.100.0/24 via 192.0.2.254`. Checks: the VTEP's next hop is
# resolved by ARP for the gateway (`show vtep`: the gateway's MAC); h1 and h2 ping;
# every VXLAN packet evpnd sends on the link carries the gateway's MAC as outer
# destination (tshark). Then the gateway's interface gets a new MAC and sends a
# gratuitous ARP (arp_notify), with no traffic toward evpnd that would make it ARP
# for evpnd's address: evpnd re-programs the next hop within a few seconds (not at its
# 30 s refresh), and the packets it sends after go to the new MAC.
# underlay_gateway6_test.sh runs the same over IPv6 (2001:db8:1::/64 and
# 2001:db8:2::/64): ND instead of ARP, an unsolicited NA (ndisc_notify) for the change.
# shellcheck disable=SC2016 # eval'd checks in single quotes
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

require_root
require_cmd tshark dumpcap ping
require_build

GW_MAC=02:00:00:00:fe:01
GW_MAC2=02:00:00:00:fe:02
if [ "${UNDERLAY_GW_V6:-0}" = 1 ]; then
	EV_UL=2001:db8:1::1 GW0=2001:db8:1::fe GW1=2001:db8:2::fe KV_UL=2001:db8:2::2 PL=64
	NET_EV=2001:db8:1::/64 NET_KV=2001:db8:2::/64 IP=ipv6
	# The gateway's announcement: an unsolicited NA of its address with its new MAC.
	ANNOUNCE="icmpv6.type == 136 && icmpv6.nd.na.target_address == $GW0 && icmpv6.opt.linkaddr == $GW_MAC2"
	ns_add -6 gw kv
else
	EV_UL=192.0.2.1 GW0=192.0.2.254 GW1=198.51.100.254 KV_UL=198.51.100.2 PL=24
	NET_EV=192.0.2.0/24 NET_KV=198.51.100.0/24 IP=ip
	ANNOUNCE="arp.src.proto_ipv4 == $GW0 && arp.dst.proto_ipv4 == $GW0 && arp.src.hw_mac == $GW_MAC2"
	ns_add gw kv
fi
ns_add ev h1 h2
veth ev ul0 gw g0 1600
veth gw g1 kv ul 1600
veth ev h0 h1 eth0
veth kv hk h2 eth0
nsx gw ip link set g0 address $GW_MAC
nsx gw ip addr add $GW0/$PL dev g0 nodad
nsx gw ip addr add $GW1/$PL dev g1 nodad
nsx gw sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.g0.arp_notify=1
[ "$IP" = ip ] || nsx gw sysctl -qw net.ipv6.conf.all.forwarding=1 net.ipv6.conf.g0.ndisc_notify=1
kvtep kv ul $KV_UL/$PL 100 $EV_UL
nsx kv ip route add $NET_EV via $GW1
kvtep_attach kv hk 100
host h1 eth0 10.1.0.1/24 02:00:00:01:00:01
host h2 eth0 10.1.0.2/24 02:00:00:01:00:02

evpnd_conf_vtep net_af_packet0,iface=ul0 $EV_UL/$PL h0 <<EOF
 route $NET_KV via $GW0
bridge-domain 100
 vni 100
 member host0 untagged
 flood-vtep $KV_UL
EOF
start_evpnd ev

# vtep_mac: the next hop of VTEP KV_UL as "resolved neighborMac".
vtep_mac() {
	evctl show vtep json |
		json_q "' '.join('%s %s' % (v['resolved'], v['neighborMac']) for v in d if v['remoteVtep'] == '$KV_UL')"
}
vtep_mac_is() { [ "$(vtep_mac)" = "$1" ]; }
check "VTEP $KV_UL resolved through the gateway $GW0 (its MAC $GW_MAC)" \
	wait_until 10 vtep_mac_is "True $GW_MAC"
check_eq "the gateway learned evpnd's address (ARP or ND)" \
	"$(nsx gw ip neigh show $EV_UL dev g0 | grep -c lladdr)" 1

# out_dst NAME: the outer destination MACs of the VXLAN packets evpnd sent in the
# capture NAME, one line "COUNT MAC" each.
out_dst() {
	tsh "$1" -Y "vxlan && $IP.src == $EV_UL" -T fields -E occurrence=f -e eth.dst | sort | uniq -c |
		awk '{ print $1, $2 }'
}
# only_to MAC MIN: the capture out_dst read ($dst) has MIN packets or more, all to MAC.
only_to() { [ "$(wc -l <<<"$dst")" = 1 ] && [ "${dst#* }" = "$1" ] && [ "${dst%% *}" -ge "$2" ]; }
cap_start before gw g0 "udp port 4789"
check "h1 -> h2 ping through the gateway" ping_ok h1 10.1.0.2
check "h2 -> h1 ping through the gateway" ping_ok h2 10.1.0.1
cap_stop before
dst=$(out_dst before)
log "outer destination MACs of evpnd's VXLAN packets: ${dst:-none}"
check "evpnd's VXLAN packets all went to the gateway's MAC" only_to $GW_MAC 6

# The gateway's MAC changes; it announces it with a gratuitous ARP (arp_notify) and
# flushes its neighbours. Nothing goes toward evpnd (h1 and h2 quiet), so the
# gateway has no reason to ARP for evpnd's address: only its announcement tells.
nsx h1 ip neigh replace 10.1.0.2 lladdr 02:00:00:01:00:02 dev eth0 nud permanent
nsx h2 ip neigh replace 10.1.0.1 lladdr 02:00:00:01:00:01 dev eth0 nud permanent
cap_start garp gw g0 "arp or icmp6"
t0=$(date +%s%N)
nsx gw ip link set g0 address $GW_MAC2
if wait_until 8 vtep_mac_is "True $GW_MAC2"; then
	pass "evpnd re-programmed the next hop with the gateway's new MAC," \
		"$((($(date +%s%N) - t0) / 1000000)) ms after the change"
else
	fail "evpnd did not re-program the next hop with the gateway's new MAC in 8 s: $(vtep_mac)"
fi
cap_stop garp
# Only said: dumpcap reports "Capturing on" before its socket sees every frame, and
# once missed the announcement that evpnd did act on (IPv4: counted just below).
log "announcements of the new MAC seen on g0: $(tsh garp -Y "$ANNOUNCE" -T fields -e frame.number | grep -c . || true)"
[ "$IP" = ipv6 ] ||
	check "evpnd counted it (arp_input/gratuitous)" test "$(counter arp_input gratuitous)" -ge 1

cap_start after gw g0 "udp port 4789"
check "h1 -> h2 ping after the change" ping_ok h1 10.1.0.2
cap_stop after
dst=$(out_dst after)
log "outer destination MACs after the change: ${dst:-none}"
check "evpnd's VXLAN packets all went to the gateway's new MAC" only_to $GW_MAC2 3

check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
