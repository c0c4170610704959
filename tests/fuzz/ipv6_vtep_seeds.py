#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Crafted seeds for EVPN over an IPv6 underlay (make_corpus.py runs it; alone:
ipv6_vtep_seeds.py CORPUS_DIR). Type 3 with a 128-bit originating IP and an IPv6
PMSI tunnel endpoint, type 2 with an IPv6 next hop, MP_REACH next hops of 16 and
32 octets, and the ones evpnd refuses: a length of 24 (session reset) and
link-local, IPv4-mapped, unspecified next hops (treat-as-withdraw)."""
import os
import struct
import sys

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")

V6 = bytes.fromhex("20010db8000000000000000000000001")
LL = bytes.fromhex("fe800000000000000000000000000001")
MAPPED = bytes.fromhex("00000000000000000000ffffc0000201")
RD = bytes([0, 1, 192, 0, 2, 1, 0, 2])
T3 = b"\x03\x1d" + RD + bytes(4) + b"\x80" + V6
MAC = bytes.fromhex("020000000061")
T2 = b"\x02\x21" + RD + bytes(10) + bytes(4) + b"\x30" + MAC + b"\x00" + b"\x00\x00\x64"
T2IP = (b"\x02\x31" + RD + bytes(10) + bytes(4) + b"\x30" + MAC + b"\x80"
        + bytes.fromhex("20010db8000100000000000000000061") + b"\x00\x00\x64")
ECOMM = bytes([3, 12, 0, 0, 0, 0, 0, 8, 0, 2, 0xfd, 0xe8, 0, 0, 0, 0x64])


def write(target, name, data):
    os.makedirs(os.path.join(out, target), exist_ok=True)
    with open(os.path.join(out, target, name), "wb") as f:
        f.write(data)


def attr(flags, code, value):
    if len(value) > 255:
        return bytes([flags | 0x10, code]) + struct.pack("!H", len(value)) + value
    return bytes([flags, code, len(value)]) + value


def update(nexthop, nlri, pmsi_id=None):
    mp = struct.pack("!HB", 25, 70) + bytes([len(nexthop)]) + nexthop + b"\x00" + nlri
    a = attr(0x40, 1, b"\x00") + attr(0x40, 2, b"") + attr(0x40, 5, struct.pack("!I", 100))
    a += attr(0x80, 14, mp) + attr(0xC0, 16, ECOMM)
    if pmsi_id is not None:
        a += attr(0xC0, 22, b"\x00\x06\x00\x00\x64" + pmsi_id)
    body = struct.pack("!HH", 0, len(a)) + a
    return b"\xff" * 16 + struct.pack("!HB", 19 + len(body), 2) + body


write("evpn_nlri", "crafted_t3_ipv6", T3)
write("evpn_nlri", "crafted_t2_ipv6_host", T2IP)
updates = {
    "ipv6_vtep_t3_nh16": update(V6, T3, V6),
    "ipv6_vtep_t3_nh32": update(V6 + LL, T3, V6),
    "ipv6_vtep_t2_nh16": update(V6, T2 + T2IP),
    "ipv6_vtep_nh24": update(V6 + bytes(8), T3, V6),
    "ipv6_vtep_nh_linklocal": update(LL, T3, V6),
    "ipv6_vtep_nh_mapped": update(MAPPED, T2),
    "ipv6_vtep_nh_unspecified": update(bytes(16), T2),
    "ipv6_vtep_pmsi_id8": update(V6, T3, bytes(8)),
}
for name, m in updates.items():
    write("bgp_decode", name, m)
# bgp_fsm: Established (byte 0 = 2), 1 s between messages, no collision.
write("bgp_fsm", "established_ipv6_vtep", bytes([2, 1, 0]) + b"".join(updates.values()))
