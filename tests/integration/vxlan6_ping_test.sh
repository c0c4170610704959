#!/bin/bash
# vxlan6_ping_test: as vxlan4_ping_test, over an IPv6 underlay: evpnd resolves the
# kernel VTEP by neighbour discovery and answers it for its own address; the outer
# UDP checksum (mandatory over IPv6, RFC 8200) must be valid in every packet it sends.
#
#   h1 10.1.0.1 --- [host0  evpnd  uplink0] 2001:db8::1 ---- 2001:db8::2 [kernel VTEP kv] --- h2 10.1.0.2
# shellcheck disable=SC2016 # awk programs in single quotes
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

require_root
require_cmd tshark dumpcap ping
require_build

lab_ev_kv 2001:db8::2/64 2001:db8::1

evpnd_conf_vtep net_af_packet0,iface=ul0 2001:db8::1/64 h0 <<EOF
bridge-domain 100
 vni 100
 member host0 untagged
 flood-vtep 2001:db8::2
EOF
start_evpnd ev
wait_until 10 vteps_resolved 1 || die "evpnd did not resolve VTEP 2001:db8::2"

cap_start ul kv ul "udp port 4789"
check "h1 -> h2 ping (evpnd to kernel VTEP)" ping_ok h1 10.1.0.2
check "h2 -> h1 ping (kernel VTEP to evpnd)" ping_ok h2 10.1.0.1
check "h1 -> h2 ping, 1400-byte payload, DF set" ping_ok h1 10.1.0.2 -s 1400 -M "do"
check "h1 -> h2 ping, 1472-byte payload (1500-byte inner IP packet), DF set" \
	ping_ok h1 10.1.0.2 -s 1472 -M "do"
cap_stop ul

tsh ul -o udp.check_checksum:TRUE -Y vxlan -T fields -E separator=' ' -E occurrence=f \
	-e ipv6.src -e frame.len -e ipv6.plen -e udp.length -e udp.dstport \
	-e vxlan.flags -e vxlan.vni -e udp.checksum -e udp.checksum.status >"$WORK/vxlan.txt"
n_ev=$(awk '$1 == "2001:db8::1"' "$WORK/vxlan.txt" | wc -l)
n_kv=$(awk '$1 == "2001:db8::2"' "$WORK/vxlan.txt" | wc -l)
check "evpnd sent VXLAN packets ($n_ev)" [ "$n_ev" -ge 6 ]
check "kernel VTEP sent VXLAN packets ($n_kv)" [ "$n_kv" -ge 6 ]

field_errors() {
	awk '$1 == "2001:db8::1" && !('"$1"')' "$WORK/vxlan.txt" | wc -l
}
check_eq "evpnd packets with UDP dst port != 4789" "$(field_errors '$5 == 4789')" 0
check_eq "evpnd packets with VNI != 100" "$(field_errors '$7 == 100')" 0
check_eq "evpnd packets with VXLAN flags != I only (0x08)" "$(field_errors '$6 == "0x0800"')" 0
check_eq "evpnd packets with payload length != frame - 54" "$(field_errors '$3 == $2 - 54')" 0
check_eq "evpnd packets with UDP length != payload length" "$(field_errors '$4 == $3')" 0
check_eq "evpnd packets with a zero UDP checksum" "$(field_errors '$8 != "0x0000"')" 0
check_eq "evpnd packets with a bad UDP checksum" "$(field_errors '$9 == 1')" 0
big=$(awk '$1 == "2001:db8::1" && $2 >= 1512' "$WORK/vxlan.txt" | wc -l)
check "evpnd carried the 1400-byte pings (frames >= 1512 bytes: $big)" [ "$big" -ge 3 ]

check "evpnd is alive" evpnd_alive
stop_evpnd
it_done
