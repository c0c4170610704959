#!/bin/bash
# bum_flood_test: ingress replication and split horizon. evpnd floods BUM frames from
# its access port to the two kernel VTEPs of its flood list, one copy each; a broadcast
# that comes from one VTEP goes to evpnd's local port only, never on to the other VTEP
# (each VTEP replicates to all others itself).
#
#                                     underlay switch (ns ul, 192.0.2.0/24)
#   h1 10.1.0.1 --- [evpnd 192.0.2.1] ---+--- [kernel VTEP kv1 192.0.2.2] --- h2 10.1.0.2
#                                        +--- [kernel VTEP kv2 192.0.2.3] --- h3 10.1.0.3
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

require_root
require_cmd tshark dumpcap
require_scapy
require_build

H1MAC=02:00:00:01:00:01
H2MAC=02:00:00:01:00:02
ns_add ev ul kv1 kv2 h1 h2 h3
ul_switch ul
veth ev ul0 ul p-ev 1600
veth kv1 ul ul p-kv1 1600
veth kv2 ul ul p-kv2 1600
for p in p-ev p-kv1 p-kv2; do ul_plug ul $p; done
veth ev h0 h1 eth0
veth kv1 hk h2 eth0
veth kv2 hk h3 eth0
# Each kernel VTEP floods to evpnd only: evpnd must not relay between them.
kvtep kv1 ul 192.0.2.2/24 100 192.0.2.1
kvtep kv2 ul 192.0.2.3/24 100 192.0.2.1
kvtep_attach kv1 hk 100
kvtep_attach kv2 hk 100
host h1 eth0 10.1.0.1/24 $H1MAC
host h2 eth0 10.1.0.2/24 $H2MAC
host h3 eth0 10.1.0.3/24 02:00:00:01:00:03

evpnd_conf_vtep net_af_packet0,iface=ul0 192.0.2.1/24 h0 <<EOF
bridge-domain 100
 vni 100
 member host0 untagged
 flood-vtep 192.0.2.2
 flood-vtep 192.0.2.3
EOF
start_evpnd ev
wait_until 10 vteps_resolved 2 || die "evpnd did not resolve both VTEPs"

# send NS IF SCAPY_FRAME: one frame with scapy.
send() {
	nsx "$1" "$PY" -c "from scapy.all import *; conf.verb = 0; sendp($3, iface='$2')"
}

# 1. From the access port: one broadcast ARP request and one unknown unicast frame.
cap_start kv1 kv1 ul "udp port 4789"
cap_start kv2 kv2 ul "udp port 4789"
copies0=$(counter bum_flood copies)
encap0=$(counter vxlan_encap to_tx)
send h1 eth0 "[Ether(dst='ff:ff:ff:ff:ff:ff', src='$H1MAC') /
	ARP(op=1, hwsrc='$H1MAC', psrc='10.1.0.1', pdst='10.1.0.99'),
	Ether(dst='02:00:00:00:99:99', src='$H1MAC') / IP(src='10.1.0.1', dst='10.1.0.199') /
	UDP(sport=1234, dport=9) / Raw(b'unknown unicast')]"
wait_until 5 test "$(counter vxlan_encap to_tx)" -ge $((encap0 + 4)) ||
	fail "evpnd encapsulated fewer than 4 frames"
sleep 0.5
cap_stop kv1
cap_stop kv2
for v in kv1 kv2; do
	check_eq "$v received the ARP request from h1 once" \
		"$(tsh_count $v 'ip.src == 192.0.2.1 && vxlan.vni == 100 && arp.dst.proto_ipv4 == 10.1.0.99')" 1
	check_eq "$v received the unknown unicast from h1 once" \
		"$(tsh_count $v 'ip.src == 192.0.2.1 && vxlan.vni == 100 && eth.dst == 02:00:00:00:99:99')" 1
done
check_eq "bum_flood copies (2 frames x 2 VTEPs)" $(($(counter bum_flood copies) - copies0)) 4
check_eq "vxlan_encap to_tx" $(($(counter vxlan_encap to_tx) - encap0)) 4

# 2. A broadcast from h2 reaches evpnd through kv1: h1 gets it, kv2 must not.
cap_start kv1 kv1 ul "udp port 4789"
cap_start kv2 kv2 ul "udp port 4789"
cap_start h1 h1 eth0 arp
copies0=$(counter bum_flood copies)
encap0=$(counter vxlan_encap to_tx)
decap0=$(counter vxlan_decap to_l2)
send h2 eth0 "Ether(dst='ff:ff:ff:ff:ff:ff', src='$H2MAC') /
	ARP(op=1, hwsrc='$H2MAC', psrc='10.1.0.2', pdst='10.1.0.98')"
wait_until 5 test "$(counter vxlan_decap to_l2)" -ge $((decap0 + 1)) ||
	fail "evpnd did not decapsulate the broadcast from kv1"
sleep 0.5
copies=$(($(counter bum_flood copies) - copies0))
encap=$(($(counter vxlan_encap to_tx) - encap0))
# Then a broadcast from h1, which evpnd floods to kv2: kv2's capture must show it, or
# the absence of h2's broadcast there proves nothing.
send h1 eth0 "Ether(dst='ff:ff:ff:ff:ff:ff', src='$H1MAC') /
	ARP(op=1, hwsrc='$H1MAC', psrc='10.1.0.1', pdst='10.1.0.97')"
wait_until 5 test "$(counter vxlan_encap to_tx)" -ge $((encap0 + encap + 2)) ||
	fail "evpnd did not flood h1's second broadcast"
sleep 0.5
cap_stop kv1
cap_stop kv2
cap_stop h1
check_eq "kv2 received h1's later broadcast (its capture works)" \
	"$(tsh_count kv2 'ip.src == 192.0.2.1 && arp.dst.proto_ipv4 == 10.1.0.97')" 1
check_eq "kv1 sent the broadcast to evpnd once" \
	"$(tsh_count kv1 'ip.src == 192.0.2.2 && ip.dst == 192.0.2.1 && arp.dst.proto_ipv4 == 10.1.0.98')" 1
check_eq "h1 received the broadcast once" "$(tsh_count h1 'arp.dst.proto_ipv4 == 10.1.0.98')" 1
check_eq "evpnd sent it back to kv1 (split horizon)" \
	"$(tsh_count kv1 'ip.src == 192.0.2.1 && arp.dst.proto_ipv4 == 10.1.0.98')" 0
check_eq "evpnd sent it on to kv2 (split horizon)" \
	"$(tsh_count kv2 'arp.dst.proto_ipv4 == 10.1.0.98')" 0
check_eq "bum_flood copies (the local port only)" $copies 1
check_eq "vxlan_encap to_tx" $encap 0

check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
