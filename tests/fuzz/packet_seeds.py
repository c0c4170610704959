#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Seed frames for packet_fuzz: first byte = flags (bit 0: access port, bit 1: force
the destination MAC to the port's), then the frame."""
import os
import sys

from scapy.all import ARP, BOOTP, DHCP, IP, UDP, VXLAN, Dot1Q, Ether, ICMPv6ND_NS, ICMPv6NDOptSrcLLAddr, IPv6, Raw

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
inner = Ether(src="02:00:00:00:00:01", dst="ff:ff:ff:ff:ff:ff") / IP(src="10.1.0.1", dst="10.1.0.2") / Raw(b"x" * 18)
client = "02:00:00:00:00:05"
dhcp_ack = Ether(src="02:00:00:00:00:06", dst="ff:ff:ff:ff:ff:ff") / IP(src="10.1.0.254", dst="255.255.255.255") / \
    UDP(sport=67, dport=68) / BOOTP(op=2, yiaddr="10.1.0.5", chaddr=bytes.fromhex("020000000005")) / \
    DHCP(options=[("message-type", "ack"), ("server_id", "10.1.0.254"), ("lease_time", 3600), "end"])
dhcp_discover = Ether(src=client, dst="ff:ff:ff:ff:ff:ff") / IP(src="0.0.0.0", dst="255.255.255.255") / \
    UDP(sport=68, dport=67) / BOOTP(op=1, chaddr=bytes.fromhex("020000000005")) / DHCP(options=[("message-type", "discover"), "end"])
seeds = {
    "vxlan4": (2, Ether() / IP(src="192.0.2.2", dst="192.0.2.1") / UDP(sport=49152, dport=4789) / VXLAN(vni=100) / inner),
    "vxlan6": (2, Ether() / IPv6(src="2001:db8::2", dst="2001:db8::1") / UDP(sport=49152, dport=4789) / VXLAN(vni=100) / inner),
    "arp": (2, Ether(dst="ff:ff:ff:ff:ff:ff") / ARP(op=1, psrc="192.0.2.2", pdst="192.0.2.1", hwsrc="02:00:00:00:00:22")),
    "ns": (2, Ether() / IPv6(src="2001:db8::2", dst="ff02::1:ff00:1", hlim=255) / ICMPv6ND_NS(tgt="2001:db8::1") / ICMPv6NDOptSrcLLAddr(lladdr="02:00:00:00:00:22")),
    "access": (1, Ether(src="02:00:00:00:00:03", dst="02:00:00:00:00:02") / IP() / Raw(b"y" * 30)),
    "dhcp_discover": (1, dhcp_discover),
    "dhcp_ack_access": (1, dhcp_ack),
    "dhcp_ack_vxlan4": (2, Ether() / IP(src="192.0.2.2", dst="192.0.2.1") / UDP(sport=49152, dport=4789) / VXLAN(vni=100) / dhcp_ack),
    "access_vlan": (1, Ether(src="02:00:00:00:00:04", dst="ff:ff:ff:ff:ff:ff") / Dot1Q(vlan=10) / IP() / Raw(b"z" * 30)),
}
for name, (flags, pkt) in seeds.items():
    with open(os.path.join(out, name), "wb") as f:
        f.write(bytes([flags]) + bytes(pkt))
