#!/bin/bash
# malformed_test: broken frames from the underlay are dropped, each under its own
# counter, by exactly the number sent; only the valid VXLAN over IPv6 with extension
# headers gets through; evpnd stays up and still forwards afterwards. Frames are
# crafted with scapy in the kernel VTEP's namespace.
# The uplink is a net_tap port bridged to the veth, not af_packet: af_packet sockets
# would have the kernel reassemble IPv4 fragments before evpnd sees them.
#
#   h1 10.1.0.1 --- [host0  evpnd  uplink0 (tap)] 192.0.2.1 ---- 192.0.2.2 [kernel VTEP kv + scapy] --- h2 10.1.0.2
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

require_root
require_cmd ping
require_scapy
require_build

lab_ev_kv 192.0.2.2/24 192.0.2.1

evpnd_conf_vtep net_tap0,iface=evtap0 192.0.2.1/24 h0 <<EOF
 vtep-address 2001:db8::1
bridge-domain 100
 vni 100
 member host0 untagged
 flood-vtep 192.0.2.2
EOF
start_evpnd ev
tap_uplink ev evtap0 ul0
wait_until 10 vteps_resolved 1 || die "evpnd did not resolve VTEP 192.0.2.2"
check "ping before the garbage" ping_ok h1 10.1.0.2
# From now on the hosts send nothing by themselves (no ARP refresh): whatever
# vxlan_decap passes on to the bridge domain must have come from the garbage.
nsx h1 ip neigh replace 10.1.0.2 lladdr 02:00:00:01:00:02 dev eth0 nud permanent
nsx h2 ip neigh replace 10.1.0.1 lladdr 02:00:00:01:00:01 dev eth0 nud permanent

# One scapy run sends every kind, NAME COUNT frames each; it prints "NAME COUNT" lines.
cat >"$WORK/garbage.py" <<'EOF'
import os, sys
from scapy.all import (Ether, IP, IPv6, IPv6ExtHdrDestOpt, IPv6ExtHdrFragment, IPv6ExtHdrHopByHop,
    IPv6ExtHdrRouting, PadN, UDP, Raw, VXLAN, conf, sendp)

conf.verb = 0
dst, src, iface = os.environ["EVMAC"], os.environ["KVMAC"], os.environ["IFACE"]
eth = Ether(dst=dst, src=src)
inner = Ether(dst="02:00:00:01:00:01", src="02:00:00:01:00:02") / IP(
    src="10.1.0.2", dst="10.1.0.1") / Raw(b"x" * 32)


def outer(**ip):
    return IP(src="192.0.2.2", dst="192.0.2.1", **ip) / UDP(sport=40000, dport=4789)


def vx(**kw):
    return eth / outer() / VXLAN(**kw)


def bad_ihl():  # IHL 4 (16 bytes): below the 20-byte minimum
    p = bytearray(bytes(vx(vni=100) / inner))
    p[14] = 0x44
    return Raw(bytes(p))


def vx6(*ext, **udp):  # VXLAN over IPv6 to our VTEP, `ext` headers before UDP
    p = IPv6(src="2001:db8::2", dst="2001:db8::1")
    for h in ext:
        p = p / h
    return eth / p / UDP(sport=40000, dport=4789, **udp) / VXLAN(vni=100)


def ext_opts(n):  # n bytes of padding options
    return [PadN(optdata=b"\0" * (n - 2))]


def inner_from(src):
    return Ether(dst="02:00:00:01:00:01", src=src) / IP(src="10.1.0.2", dst="10.1.0.1") / Raw(b"m" * 32)


frames = {
    # RFC 8200 extension headers are walked to UDP: forwarded to h1. scapy sets the UDP
    # checksum, which evpnd verifies over IPv6.
    "vxlan_decap/to_l2": [vx6(IPv6ExtHdrHopByHop(options=ext_opts(6)),
        IPv6ExtHdrDestOpt(options=ext_opts(14))) / inner] * 3,
    "underlay_input/ip6_routing_not_final": [vx6(IPv6ExtHdrRouting(
        addresses=["2001:db8::77"], segleft=1)) / inner],
    "underlay_input/ip6_hop_by_hop_not_first": [vx6(IPv6ExtHdrDestOpt(options=ext_opts(6)),
        IPv6ExtHdrHopByHop(options=ext_opts(6))) / inner],
    "underlay_input/ip6_ext_limit": [vx6(*[IPv6ExtHdrDestOpt(options=ext_opts(6))] * 9) / inner],
    # A Destination Options header claiming 64 bytes in a 16-byte payload.
    "underlay_input/ip6_ext_truncated": [eth / IPv6(src="2001:db8::2", dst="2001:db8::1", nh=60) /
        Raw(bytes([17, 7, 1, 4, 0, 0, 0, 0]) + b"\0" * 8)],
    # RFC 6935/6936: zero is accepted for a tunnel, a wrong non-zero value is not.
    "vxlan_decap/bad_udp_checksum": [vx6(chksum=0x1234) / inner] * 2,
    # RFC 7042: a group source (I/G bit) is no host's; from a tunnel as from an access port.
    "vxlan_decap/bad_inner_src_mac": [vx(vni=100) / inner_from("ff:ff:ff:ff:ff:ff"),
        vx(vni=100) / inner_from("01:00:5e:00:00:01"), vx6() / inner_from("33:33:00:00:00:01")],

    # 14 to 20 bytes: an Ethernet header and at most 6 bytes of an IPv4 header
    "underlay_input/runt": [Ether(dst=dst, src=src, type=0x0800) / Raw(b"\x45" * k)
        for k in (0, 3, 6)] + [Ether(dst=dst, src=src, type=0x86DD) / Raw(b"\x60" * 20)],
    "underlay_input/bad_ip_header": [bad_ihl(), bad_ihl(),
        eth / IP(src="192.0.2.2", dst="192.0.2.1", len=1400) / UDP(dport=4789) / Raw(b"short"),
        eth / IP(src="192.0.2.2", dst="192.0.2.1", len=1400) / UDP(dport=4789) / Raw(b"short"),
        eth / IPv6(src="2001:db8::2", dst="2001:db8::1", plen=1000) / UDP(dport=4789)],
    "underlay_input/bad_ip_checksum": [eth / outer(chksum=0x1234) / VXLAN(vni=100) / inner] * 2,
    "underlay_input/ip_fragment": [eth / outer(flags="MF") / VXLAN(vni=100) / inner,
        eth / outer(frag=100) / VXLAN(vni=100) / inner, vx6(IPv6ExtHdrFragment(m=1)) / inner],
    "underlay_input/not_local_address": [eth / IP(src="192.0.2.2", dst="192.0.2.99") /
        UDP(dport=4789) / VXLAN(vni=100) / inner],
    "underlay_input/not_our_mac": [Ether(dst="02:00:00:00:00:77", src=src) / outer() /
        VXLAN(vni=100) / inner],
    "vxlan_decap/bad_udp_length": [eth / IP(src="192.0.2.2", dst="192.0.2.1") /
        UDP(sport=40000, dport=4789, len=200) / VXLAN(vni=100) / inner] * 2,
    "vxlan_decap/bad_flags": [vx(flags=0x00, vni=100) / inner] * 3,
    "vxlan_decap/unknown_vni": [vx(vni=999) / inner] * 2,
    "vxlan_decap/inner_runt": [vx(vni=100), vx(vni=100) / Raw(b"\x02" * 10)],
}
for name, pkts in frames.items():
    sendp(pkts, iface=iface)
    print(name, len(pkts))
EOF

evmac=$(port_mac uplink0)
kvmac=$(mac_of kv ul)
counters_snapshot "$WORK/before.txt"
nsx kv env EVMAC="$evmac" KVMAC="$kvmac" IFACE=ul "$PY" "$WORK/garbage.py" >"$WORK/sent.txt" ||
	die "scapy failed"
counter_delta() { # NAME: how much node/counter NAME grew since before.txt
	local before
	before=$(awk -v k="$1" '$1 == k { print $2 }' "$WORK/before.txt")
	echo $(($(counter "${1%/*}" "${1#*/}") - ${before:-0}))
}
all_arrived() {
	local name n
	while read -r name n; do
		[ "$(counter_delta "$name")" -ge "$n" ] || return 1
	done <"$WORK/sent.txt"
}
wait_until 10 all_arrived || { fail "not all garbage frames were counted in 10 s"; evctl show stats >&2; }
sleep 0.5 # and no more than that
while read -r name n; do
	check_eq "$name after $n such frames" "$(counter_delta "$name")" "$n"
done <"$WORK/sent.txt"
check_eq "l2_fwd/to_access (only the good IPv6 ones got through)" \
	"$(counter_delta l2_fwd/to_access)" "$(awk '$1 == "vxlan_decap/to_l2" { print $2 }' "$WORK/sent.txt")"

check "evpnd is alive after the garbage" evpnd_alive
check "h1 -> h2 ping after the garbage" ping_ok h1 10.1.0.2
check "h2 -> h1 ping after the garbage" ping_ok h2 10.1.0.1
stop_evpnd
it_done
