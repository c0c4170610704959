#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""mkpcap.py - traffic files for evpnd's through-ports benchmark (perf/run.sh).

Run with /usr/bin/python3 (it has scapy). Writes into --outdir:

  vxlan4.pcap  VXLAN over IPv4: outer 192.0.2.2 -> 192.0.2.1 (our VTEP), UDP dst 4789,
               UDP checksum 0, VNI 100; inner frame i: L(i) <- R(i)
  vxlan6.pcap  the same over IPv6: 2001:db8::2 -> 2001:db8::1, valid UDP checksum
  inner.pcap   plain frames from an access port: R(i) <- L(i mod S)
  bum.pcap     broadcast frames from an access port: ff:ff:ff:ff:ff:ff <- L(i mod S)

Every file holds N packets (default 1024). Inner frames are 64 bytes on the wire
(60 stored: the FCS is the port's), Ethernet / IPv4 / UDP with N distinct flows.
MAC plan (perf/gen_conf.py and perf/stage_bench.c use the same):
  L(i) = 02:10:ii:ii:ii:ii  hosts on the access port (decap destinations: static local)
  R(i) = 02:20:ii:ii:ii:ii  hosts behind the remote VTEP (encap destinations: static remote)
  S    = min(N, 64) local source hosts for inner/bum (static local in the config)
Outer Ethernet: dst --vtep-mac (the underlay port's MAC: evpnd only takes frames to its
own MAC or multicast), src --nh-mac (the remote VTEP, a static neighbor in the config).

scapy builds (and re-parses, as a check) one template per file; the N packets are that
template with the per-flow fields patched, so 1M packets take seconds, not an hour.
"""
import argparse
import os
import struct
import sys

from scapy.all import IP, UDP, Ether, IPv6, Raw  # noqa: E402
from scapy.layers.vxlan import VXLAN  # noqa: E402

VNI = 100
VXLAN_PORT = 4789
REMOTE4, LOCAL4 = "192.0.2.2", "192.0.2.1"
REMOTE6, LOCAL6 = "2001:db8::2", "2001:db8::1"
N_SRC = 64


def mac_bytes(prefix, i):
    return bytes([0x02, prefix]) + struct.pack("!I", i)


def mac_str(b):
    return ":".join("%02x" % x for x in b)


def csum16(data):
    if len(data) % 2:
        data += b"\x00"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return s


def inner_template(frame_size):
    pkt = (Ether(src="02:10:00:00:00:00", dst="02:20:00:00:00:00") /
           IP(src="10.1.0.0", dst="10.2.0.0", ttl=64) /
           UDP(sport=1024, dport=5000, chksum=0))
    pad = frame_size - len(pkt)
    if pad < 0:
        sys.exit("frame size %d too small" % frame_size)
    return bytearray(bytes(pkt / Raw(b"\x00" * pad)))


def inner_frame(tmpl, dst, src, i):
    """Frame i: MACs, IPv4 addresses 10.1/10.2.(i), UDP sport, IP checksum redone."""
    b = bytearray(tmpl)
    b[0:6] = dst
    b[6:12] = src
    b[26:30] = bytes([10, 1, (i >> 8) & 0xff, i & 0xff])
    b[30:34] = bytes([10, 2, (i >> 16) & 0xff, (i >> 24) & 0xff])
    b[34:36] = struct.pack("!H", 1024 + i % 60000)
    b[24:26] = b"\x00\x00"
    b[24:26] = struct.pack("!H", 0xffff ^ csum16(bytes(b[14:34])))
    return bytes(b)


def outer_template(af, vtep_mac, nh_mac, inner):
    if af == 4:
        pkt = (Ether(src=nh_mac, dst=vtep_mac) /
               IP(src=REMOTE4, dst=LOCAL4, ttl=64, flags="DF") /
               UDP(sport=49153, dport=VXLAN_PORT, chksum=0) /
               VXLAN(flags=0x08, vni=VNI) / Raw(inner))
    else:
        pkt = (Ether(src=nh_mac, dst=vtep_mac) /
               IPv6(src=REMOTE6, dst=LOCAL6, hlim=64) /
               UDP(sport=49153, dport=VXLAN_PORT) /
               VXLAN(flags=0x08, vni=VNI) / Raw(inner))
    b = bytes(pkt)
    # re-parse as a check of the layout the patching below relies on
    p = Ether(b)
    assert p[UDP].dport == VXLAN_PORT and p[VXLAN].vni == VNI, p.summary()
    return bytearray(b)


def outer_frame(af, tmpl, inner, i):
    b = bytearray(tmpl)
    l4 = 14 + (20 if af == 4 else 40)
    b[l4 + 16:] = inner
    b[l4:l4 + 2] = struct.pack("!H", 49153 + i % 16382)
    if af == 6:
        # UDP checksum over the pseudo-header (addresses, length, next header) and UDP
        ulen = len(b) - l4
        b[l4 + 6:l4 + 8] = b"\x00\x00"
        s = csum16(bytes(b[22:54]) + struct.pack("!IxxxB", ulen, 17) + bytes(b[l4:]))
        c = 0xffff ^ s
        b[l4 + 6:l4 + 8] = struct.pack("!H", c if c else 0xffff)
    return bytes(b)


def write_pcap(path, frames):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for i, fr in enumerate(frames):
            f.write(struct.pack("<IIII", i // 1000000, i % 1000000, len(fr), len(fr)))
            f.write(fr)
    os.replace(tmp, path)
    print("%s: %d packets, %d bytes each" % (path, len(frames), len(frames[0])))


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=1024, help="distinct inner MACs/flows (packets per file)")
    ap.add_argument("-o", "--outdir", default=".")
    ap.add_argument("-k", "--kinds", default="vxlan4,vxlan6,inner,bum")
    ap.add_argument("--vtep-mac", default="02:00:00:00:01:01", help="outer destination MAC")
    ap.add_argument("--nh-mac", default="02:00:00:00:02:02", help="outer source MAC")
    ap.add_argument("--frame-size", type=int, default=60, help="inner frame bytes stored (60 = 64 on the wire)")
    args = ap.parse_args()
    if not 1 <= args.n <= (1 << 24):
        sys.exit("N out of range")
    os.makedirs(args.outdir, exist_ok=True)
    tmpl = inner_template(args.frame_size)
    n_src = min(args.n, N_SRC)
    bcast = b"\xff" * 6
    for kind in args.kinds.split(","):
        if kind in ("vxlan4", "vxlan6"):
            af = 4 if kind == "vxlan4" else 6
            inners = (inner_frame(tmpl, mac_bytes(0x10, i), mac_bytes(0x20, i), i)
                      for i in range(args.n))
            otmpl = outer_template(af, args.vtep_mac, args.nh_mac, bytes(tmpl))
            frames = [outer_frame(af, otmpl, inner, i) for i, inner in enumerate(inners)]
        elif kind == "inner":
            frames = [inner_frame(tmpl, mac_bytes(0x20, i), mac_bytes(0x10, i % n_src), i)
                      for i in range(args.n)]
        elif kind == "bum":
            frames = [inner_frame(tmpl, bcast, mac_bytes(0x10, i % n_src), i)
                      for i in range(args.n)]
        else:
            sys.exit("unknown kind %s" % kind)
        write_pcap(os.path.join(args.outdir, kind + ".pcap"), frames)
    if args.n > 0:
        # one packet of each file, re-read by scapy, as a visible check
        from scapy.utils import rdpcap
        for kind in args.kinds.split(","):
            p = rdpcap(os.path.join(args.outdir, kind + ".pcap"), count=1)[0]
            print("  %s[0]: %s" % (kind, p.summary()))


if __name__ == "__main__":
    main()
