#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Seed frames for packet_fuzz: first byte = flags (bit 0: access port, bit 1: force
the destination MAC to the port's), then the frame."""
import os
import sys

from scapy.all import (ARP, IPOption, BOOTP, DHCP, ICMP, IP, UDP, ICMPv6EchoRequest, VXLAN, Dot1Q, Ether, ICMPv6ND_NS, ICMPv6NDOptSrcLLAddr, IPv6,
                       IPv6ExtHdrDestOpt, IPv6ExtHdrFragment, IPv6ExtHdrHopByHop, IPv6ExtHdrRouting, PadN, Raw)

from scapy.contrib.mpls import MPLS

out = sys.argv[1]
GW_MAC = "00:00:5e:00:01:01"  # packet_fuzz.c's gateway of bd 100
RMAC1, RMAC2 = "02:00:00:00:50:01", "02:00:00:00:50:02"  # its router MAC (L3VNI 5000), VTEP 1's
os.makedirs(out, exist_ok=True)
inner = Ether(src="02:00:00:00:00:01", dst="ff:ff:ff:ff:ff:ff") / IP(src="10.1.0.1", dst="10.1.0.2") / Raw(b"x" * 18)
client = "02:00:00:00:00:05"
dhcp_ack = Ether(src="02:00:00:00:00:06", dst="ff:ff:ff:ff:ff:ff") / IP(src="10.1.0.254", dst="255.255.255.255") / \
    UDP(sport=67, dport=68) / BOOTP(op=2, yiaddr="10.1.0.5", chaddr=bytes.fromhex("020000000005")) / \
    DHCP(options=[("message-type", "ack"), ("server_id", "10.1.0.254"), ("lease_time", 3600), "end"])
dhcp_discover = Ether(src=client, dst="ff:ff:ff:ff:ff:ff") / IP(src="0.0.0.0", dst="255.255.255.255") / \
    UDP(sport=68, dport=67) / BOOTP(op=1, chaddr=bytes.fromhex("020000000005")) / DHCP(options=[("message-type", "discover"), "end"])


def vx6(*ext, **udp):
    """VXLAN over IPv6 to our VTEP with extension headers `ext` between IPv6 and UDP."""
    p = IPv6(src="2001:db8::2", dst="2001:db8::1")
    for h in ext:
        p = p / h
    return Ether() / p / UDP(sport=49152, dport=4789, **udp) / VXLAN(vni=100)


def pad(n):
    return [PadN(optdata=b"\0" * (n - 2))]


# The receiver rules of the underlay (RFC 8200 extension headers, RFC 6935/6936 UDP
# checksum over IPv6, RFC 7042 group source MACs): one seed per case of the unit tests.
underlay_rules = {
    "vxlan6_hbh_dstopts": vx6(IPv6ExtHdrHopByHop(options=pad(6)), IPv6ExtHdrDestOpt(options=pad(14))) / inner,
    "vxlan6_routing_segleft0": vx6(IPv6ExtHdrRouting(addresses=["2001:db8::1"], segleft=0)) / inner,
    "vxlan6_routing_segleft1": vx6(IPv6ExtHdrRouting(addresses=["2001:db8::77"], segleft=1)) / inner,
    "vxlan6_atomic_fragment": vx6(IPv6ExtHdrFragment()) / inner,
    "vxlan6_fragment": vx6(IPv6ExtHdrFragment(m=1)) / inner,
    "vxlan6_hbh_not_first": vx6(IPv6ExtHdrDestOpt(options=pad(6)), IPv6ExtHdrHopByHop(options=pad(6))) / inner,
    "vxlan6_ext_limit": vx6(*[IPv6ExtHdrDestOpt(options=pad(6))] * 9) / inner,
    "vxlan6_ext_truncated": Ether() / IPv6(src="2001:db8::2", dst="2001:db8::1", nh=60) /
    Raw(bytes([17, 7, 1, 4, 0, 0, 0, 0]) + bytes(8)),
    "vxlan6_esp": Ether() / IPv6(src="2001:db8::2", dst="2001:db8::1", nh=50) / Raw(bytes(64)),
    "vxlan6_bad_udp_checksum": vx6(chksum=0x1234) / inner,
    "vxlan6_zero_udp_checksum": vx6(chksum=0) / inner,
    "vxlan4_bcast_inner_src": Ether() / IP(src="192.0.2.2", dst="192.0.2.1") / UDP(sport=49152, dport=4789) /
    VXLAN(vni=100) / Ether(src="ff:ff:ff:ff:ff:ff", dst="02:00:00:00:00:02") / Raw(b"x" * 46),
    "vxlan6_mcast_inner_src": vx6() / Ether(src="33:33:00:00:00:01", dst="02:00:00:00:00:02") / Raw(b"x" * 46),
}
seeds = {
    "vxlan4": (2, Ether() / IP(src="192.0.2.2", dst="192.0.2.1") / UDP(sport=49152, dport=4789) / VXLAN(vni=100) / inner),
    "vxlan6": (2, Ether() / IPv6(src="2001:db8::2", dst="2001:db8::1") / UDP(sport=49152, dport=4789) / VXLAN(vni=100) / inner),
    "arp": (2, Ether(dst="ff:ff:ff:ff:ff:ff") / ARP(op=1, psrc="192.0.2.2", pdst="192.0.2.1", hwsrc="02:00:00:00:00:22")),
    "ns": (2, Ether() / IPv6(src="2001:db8::2", dst="ff02::1:ff00:1", hlim=255) / ICMPv6ND_NS(tgt="2001:db8::1") / ICMPv6NDOptSrcLLAddr(lladdr="02:00:00:00:00:22")),
    "access": (1, Ether(src="02:00:00:00:00:03", dst="02:00:00:00:00:02") / IP() / Raw(b"y" * 30)),
    "dhcp_discover": (1, dhcp_discover),
    "dhcp_ack_access": (1, dhcp_ack),
    "dhcp_ack_vxlan4": (2, Ether() / IP(src="192.0.2.2", dst="192.0.2.1") / UDP(sport=49152, dport=4789) / VXLAN(vni=100) / dhcp_ack),
    # ARP suppression (arp_proxy): a request for the proxied 10.1.0.2, on the untagged
    # and the tagged member
    "arp_proxy": (1, Ether(src="02:00:00:00:00:03", dst="ff:ff:ff:ff:ff:ff") / ARP(op=1, psrc="10.1.0.3", pdst="10.1.0.2", hwsrc="02:00:00:00:00:03")),
    "arp_proxy_vlan": (1, Ether(src="02:00:00:00:00:03", dst="ff:ff:ff:ff:ff:ff") / Dot1Q(vlan=10) / ARP(op=1, psrc="10.1.0.3", pdst="10.1.0.2", hwsrc="02:00:00:00:00:03")),
    "nd_proxy": (1, Ether(src="02:00:00:00:00:03", dst="33:33:ff:00:00:02") / IPv6(src="fd00:1::3", dst="ff02::1:ff00:2", hlim=255) / ICMPv6ND_NS(tgt="fd00:1::2") / ICMPv6NDOptSrcLLAddr(lladdr="02:00:00:00:00:03")),
    # the anycast gateway of bd 100 (gw_input): echo to its addresses, NUD probes sent
    # to its MAC, ARP for it without suppression, to another subnet, its MAC as a source
    "gw_echo4": (1, Ether(src="02:00:00:00:00:03", dst=GW_MAC) / IP(src="10.1.0.3", dst="10.1.0.254") / ICMP(id=1, seq=1) / Raw(b"p" * 32)),
    "gw_echo4_vlan": (1, Ether(src="02:00:00:00:00:03", dst=GW_MAC) / Dot1Q(vlan=10) / IP(src="10.1.0.3", dst="10.1.0.254") / ICMP() / Raw(b"p" * 8)),
    "gw_echo6": (1, Ether(src="02:00:00:00:00:03", dst=GW_MAC) / IPv6(src="fd00:1::3", dst="fd00:1::fe") / ICMPv6EchoRequest(id=1, seq=1, data=b"q" * 16)),
    "gw_arp_unicast": (1, Ether(src="02:00:00:00:00:03", dst=GW_MAC) / ARP(op=1, psrc="10.1.0.3", pdst="10.1.0.254", hwsrc="02:00:00:00:00:03")),
    "gw_ns_unicast": (1, Ether(src="02:00:00:00:00:03", dst=GW_MAC) / IPv6(src="fd00:1::3", dst="fd00:1::fe", hlim=255) / ICMPv6ND_NS(tgt="fd00:1::fe") / ICMPv6NDOptSrcLLAddr(lladdr="02:00:00:00:00:03")),
    "gw_arp_bcast": (1, Ether(src="02:00:00:00:00:03", dst="ff:ff:ff:ff:ff:ff") / ARP(op=1, psrc="10.1.0.3", pdst="10.1.0.254", hwsrc="02:00:00:00:00:03")),
    "gw_not_routed": (1, Ether(src="02:00:00:00:00:03", dst=GW_MAC) / IP(src="10.1.0.3", dst="10.9.0.1") / UDP(sport=1, dport=2) / Raw(b"r" * 8)),
    "gw_udp": (1, Ether(src="02:00:00:00:00:03", dst=GW_MAC) / IP(src="10.1.0.3", dst="10.1.0.254", flags="MF") / UDP(sport=1, dport=2)),
    "gw_src_mac": (1, Ether(src=GW_MAC, dst="02:00:00:00:00:03") / IP() / Raw(b"s" * 30)),
    "gw_echo4_overlay": (2, Ether() / IP(src="192.0.2.2", dst="192.0.2.1") / UDP(sport=49152, dport=4789) / VXLAN(vni=100) /
                         Ether(src="02:00:00:00:00:02", dst=GW_MAC) / IP(src="10.1.0.2", dst="10.1.0.254") / ICMP()),
    # routed at the gateway (ip_forward) into bd 200 and over VXLAN (asymmetric IRB)
    "route4": (1, Ether(src="02:00:00:00:00:03", dst=GW_MAC) / IP(src="10.1.0.3", dst="10.2.0.2") / ICMP() / Raw(b"t" * 16)),
    "route4_options": (1, Ether(src="02:00:00:00:00:03", dst=GW_MAC) / IP(src="10.1.0.3", dst="10.2.0.2", options=[IPOption(b"\x94\x04\x00\x00")]) / UDP()),
    "route4_fragment": (1, Ether(src="02:00:00:00:00:03", dst=GW_MAC) / IP(src="10.1.0.3", dst="10.2.0.2", flags="MF", frag=0) / UDP() / Raw(b"f" * 24)),
    "route4_ttl1": (1, Ether(src="02:00:00:00:00:03", dst=GW_MAC) / IP(src="10.1.0.3", dst="10.2.0.2", ttl=1) / ICMP()),
    "route4_unknown": (1, Ether(src="02:00:00:00:00:03", dst=GW_MAC) / IP(src="10.1.0.3", dst="10.2.0.77") / ICMP()),
    "route4_blackhole": (1, Ether(src="02:00:00:00:00:03", dst=GW_MAC) / IP(src="10.1.0.3", dst="10.99.0.1") / ICMP()),
    "route4_vlan20": (1, Ether(src="02:00:00:00:00:06", dst=GW_MAC) / Dot1Q(vlan=20) / IP(src="10.2.0.6", dst="10.1.0.2") / ICMP()),
    "route6": (1, Ether(src="02:00:00:00:00:03", dst=GW_MAC) / IPv6(src="fd00:1::3", dst="fd00:2::2") / ICMPv6EchoRequest(data=b"u" * 8)),
    "route6_hlim1": (1, Ether(src="02:00:00:00:00:03", dst=GW_MAC) / IPv6(src="fd00:1::3", dst="fd00:2::2", hlim=1) / ICMPv6EchoRequest()),
    "route6_linklocal": (1, Ether(src="02:00:00:00:00:03", dst=GW_MAC) / IPv6(src="fd00:1::3", dst="fe80::2") / ICMPv6EchoRequest()),
    # symmetric IRB: into the L3VNI (ip_forward via an L3 next hop), and from it
    # (vxlan_decap -> l3vni_input -> ip_forward), to our router MAC or not, IP or not
    "sym_route4": (1, Ether(src="02:00:00:00:00:03", dst=GW_MAC) / IP(src="10.1.0.3", dst="10.5.0.7") / ICMP()),
    "sym_route6": (1, Ether(src="02:00:00:00:00:03", dst=GW_MAC) / IPv6(src="fd00:1::3", dst="fd00:5::7") / ICMPv6EchoRequest()),
    "ecmp_route4": (1, Ether(src="02:00:00:00:00:03", dst=GW_MAC) / IP(src="10.1.0.3", dst="10.6.0.7") / ICMP()),
    "ecmp_route6": (1, Ether(src="02:00:00:00:00:03", dst=GW_MAC) / IPv6(src="fd00:1::3", dst="fd00:6::7") / ICMPv6EchoRequest()),
    "sym_l3vni4": (2, Ether() / IP(src="192.0.2.2", dst="192.0.2.1") / UDP(sport=49152, dport=4789) / VXLAN(vni=5000) /
                   Ether(src=RMAC2, dst=RMAC1) / IP(src="10.5.0.7", dst="10.1.0.2") / ICMP()),
    "sym_l3vni6": (2, Ether() / IP(src="192.0.2.2", dst="192.0.2.1") / UDP(sport=49152, dport=4789) / VXLAN(vni=5000) /
                   Ether(src=RMAC2, dst=RMAC1) / IPv6(src="fd00:5::7", dst="fd00:1::2") / ICMPv6EchoRequest()),
    "sym_l3vni_gw": (2, Ether() / IP(src="192.0.2.2", dst="192.0.2.1") / UDP(sport=49152, dport=4789) / VXLAN(vni=5000) /
                     Ether(src=RMAC2, dst=RMAC1) / IP(src="10.5.0.7", dst="10.1.0.254") / ICMP()),
    "sym_l3vni_not_rmac": (2, Ether() / IP(src="192.0.2.2", dst="192.0.2.1") / UDP(sport=49152, dport=4789) / VXLAN(vni=5000) /
                           Ether(src=RMAC2, dst="02:00:00:00:00:02") / IP(src="10.5.0.7", dst="10.1.0.2") / ICMP()),
    "sym_l3vni_arp": (2, Ether() / IP(src="192.0.2.2", dst="192.0.2.1") / UDP(sport=49152, dport=4789) / VXLAN(vni=5000) /
                      Ether(src=RMAC2, dst=RMAC1) / ARP()),
    "access_vlan": (1, Ether(src="02:00:00:00:00:04", dst="ff:ff:ff:ff:ff:ff") / Dot1Q(vlan=10) / IP() / Raw(b"z" * 30)),
}
# MPLS (mpls_input, packet_fuzz.c's label table): swap 16003, PHP 16002, the service
# labels 1000 (bd 100) and 1001 (bd 100, control word), and broken stacks.
mpls_rules = {
    "mpls_swap": Ether() / MPLS(label=16003, s=0, ttl=64) / MPLS(label=1000, s=1, ttl=64) / inner,
    "mpls_php": Ether() / MPLS(label=16002, s=0, ttl=64) / MPLS(label=1000, s=1, ttl=64) / inner,
    "mpls_pop_l2": Ether() / MPLS(label=1000, s=1, ttl=64) / inner,
    "mpls_pop_l2_cw": Ether() / MPLS(label=1001, s=1, ttl=64) / Raw(bytes(4)) / inner,
    "mpls_cw_truncated": Ether() / MPLS(label=1001, s=1, ttl=64) / Raw(bytes(2)),
    "mpls_no_bos": Ether() / MPLS(label=16003, s=0, ttl=64) / MPLS(label=1000, s=0, ttl=64),
    "mpls_deep": Ether() / MPLS(label=16003, s=0) / MPLS(label=16003, s=0) / MPLS(label=16003, s=0) /
    MPLS(label=16003, s=0) / MPLS(label=16003, s=0) / MPLS(label=16003, s=0) / MPLS(label=16003, s=0) /
    MPLS(label=16003, s=0) / MPLS(label=1000, s=1) / inner,
    "mpls_node_label": Ether() / MPLS(label=16009, s=0, ttl=9) / MPLS(label=16009, s=0, ttl=9) / MPLS(label=1000, s=1, ttl=64) / inner,
    "mpls_ttl1": Ether() / MPLS(label=16003, s=1, ttl=1) / inner,
    "mpls_reserved": Ether() / MPLS(label=0, s=0) / MPLS(label=1000, s=1) / inner,
    "mpls_explicit_null": Ether() / MPLS(label=0, s=0, ttl=5) / MPLS(label=1000, s=1, ttl=64) / inner,
    "mpls_eli_el": Ether() / MPLS(label=7, s=0) / MPLS(label=123456, s=0, ttl=0) / MPLS(label=1000, s=1) / inner,
    "mpls_eli_bos": Ether() / MPLS(label=7, s=0) / MPLS(label=123456, s=1, ttl=0) / inner,
    # MPLS-in-UDP (RFC 7510) to our VTEP address
    "mpls_udp4": Ether() / IP(src="192.0.2.2", dst="192.0.2.1") / UDP(sport=49152, dport=6635) / MPLS(label=1000, s=1, ttl=64) / inner,
    "mpls_udp6": Ether() / IPv6(src="2001:db8::2", dst="2001:db8::1") / UDP(sport=49152, dport=6635) / MPLS(label=1001, s=1, ttl=64) / Raw(bytes(4)) / inner,
    "mpls_to_remote_pe": Ether() / MPLS(label=1000, s=1, ttl=64) / Ether(src="02:00:00:00:00:09", dst="02:00:00:00:00:07") / Raw(b"m" * 46),
}
seeds.update({name: (2, pkt) for name, pkt in underlay_rules.items()})
seeds.update({name: (2, pkt) for name, pkt in mpls_rules.items()})
seeds["access_to_mpls_pe"] = (1, Ether(src="02:00:00:00:00:03", dst="02:00:00:00:00:07") / IP() / Raw(b"n" * 30))
for name, (flags, pkt) in seeds.items():
    with open(os.path.join(out, name), "wb") as f:
        f.write(bytes([flags]) + bytes(pkt))
