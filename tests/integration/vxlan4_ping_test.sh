#!/bin/bash
# vxlan4_ping_test: a host behind evpnd pings a host behind a Linux kernel VTEP over
# an IPv4 underlay (VNI 100), both ways and with 1400- and 1472-byte payloads (a full
# 1500-byte inner packet; underlay MTU 1600); the VXLAN packets captured on the
# underlay are checked field by field with tshark.
#
#   h1 10.1.0.1 --- [host0  evpnd  uplink0] 192.0.2.1 ---- 192.0.2.2 [kernel VTEP kv] --- h2 10.1.0.2
# shellcheck disable=SC2016 # awk programs in single quotes
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

require_root
require_cmd tshark dumpcap ping
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

cap_start ul kv ul "udp port 4789"
check "h1 -> h2 ping (evpnd to kernel VTEP)" ping_ok h1 10.1.0.2
check "h2 -> h1 ping (kernel VTEP to evpnd)" ping_ok h2 10.1.0.1
check "h1 -> h2 ping, 1400-byte payload, DF set" ping_ok h1 10.1.0.2 -s 1400 -M "do"
check "h1 -> h2 ping, 1472-byte payload (1500-byte inner IP packet), DF set" \
	ping_ok h1 10.1.0.2 -s 1472 -M "do"
cap_stop ul

# One line per VXLAN packet: direction, lengths, header fields, checksum status.
tsh ul -o ip.check_checksum:TRUE -Y vxlan -T fields -E separator=' ' -E occurrence=f \
	-e ip.src -e frame.len -e ip.len -e ip.hdr_len -e udp.length -e udp.dstport \
	-e vxlan.flags -e vxlan.vni -e ip.checksum.status >"$WORK/vxlan.txt"
n_ev=$(awk '$1 == "192.0.2.1"' "$WORK/vxlan.txt" | wc -l)
n_kv=$(awk '$1 == "192.0.2.2"' "$WORK/vxlan.txt" | wc -l)
check "evpnd sent VXLAN packets ($n_ev)" [ "$n_ev" -ge 6 ]
check "kernel VTEP sent VXLAN packets ($n_kv)" [ "$n_kv" -ge 6 ]

# field_errors AWK_CONDITION: the packets from evpnd for which the condition is false.
field_errors() {
	awk -v ok="$1" '$1 == "192.0.2.1" && !('"$1"')' "$WORK/vxlan.txt" | wc -l
}
check_eq "evpnd packets with UDP dst port != 4789" "$(field_errors '$6 == 4789')" 0
check_eq "evpnd packets with VNI != 100" "$(field_errors '$8 == 100')" 0
check_eq "evpnd packets with VXLAN flags != I only (0x08)" \
	"$(field_errors '$7 == "0x0800"')" 0
check_eq "evpnd packets with IP total length != frame - 14" "$(field_errors '$3 == $2 - 14')" 0
check_eq "evpnd packets with UDP length != IP length - IHL" "$(field_errors '$5 == $3 - $4')" 0
check_eq "evpnd packets with a bad IPv4 header checksum" "$(field_errors '$9 == 1')" 0
big=$(awk '$1 == "192.0.2.1" && $2 >= 1492' "$WORK/vxlan.txt" | wc -l)
check "evpnd carried the 1400-byte pings (frames >= 1492 bytes: $big)" [ "$big" -ge 3 ]

check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
