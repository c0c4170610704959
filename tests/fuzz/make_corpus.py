#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Writes the seed corpus of every fuzz target to tests/fuzz/corpus/TARGET/ from the
reference lab's captures (../shared/labs/frr-evpn/captures/, or $CAPTURES), the
configurations in tests/config/ and crafted inputs. The output is committed: run this
only to change the seeds, then minimise (tests/fuzz/README.md)."""
import os
import struct
import subprocess
import sys

from scapy.all import IP, UDP, rdpcap

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(os.path.dirname(here))
captures = os.environ.get("CAPTURES", os.path.join(top, "..", "shared", "labs", "frr-evpn", "captures"))
out = os.path.join(here, "corpus")
TYPES = {1: "open", 2: "update", 3: "notification", 4: "keepalive", 5: "refresh"}


def write(target, name, data):
    os.makedirs(os.path.join(out, target), exist_ok=True)
    with open(os.path.join(out, target, name), "wb") as f:
        f.write(data)


def bgp_messages(pcap):
    """The BGP messages of each direction of each TCP connection, in sequence order:
    [(frame of the first octet, (src, sport, dst, dport), message)]."""
    streams = {}
    for i, p in enumerate(rdpcap(pcap), 1):
        if IP not in p or p[IP].proto != 6 or not bytes(p["TCP"].payload):
            continue
        key = (p[IP].src, p["TCP"].sport, p[IP].dst, p["TCP"].dport)
        streams.setdefault(key, {})[p["TCP"].seq] = (i, bytes(p["TCP"].payload))
    msgs = []
    for key, segs in streams.items():
        data, starts = b"", []
        for seq in sorted(segs):
            starts.append((len(data), segs[seq][0]))
            data += segs[seq][1]
        off = 0
        while off + 19 <= len(data):
            n = struct.unpack("!H", data[off + 16:off + 18])[0]
            frame = max(f for o, f in starts if o <= off)
            msgs.append((frame, key, data[off:off + n]))
            off += n
    return msgs


def attrs(update):
    """(type, value) of each path attribute of an UPDATE."""
    wl = struct.unpack("!H", update[19:21])[0]
    p = 21 + wl
    al = struct.unpack("!H", update[p:p + 2])[0]
    p, end = p + 2, p + 2 + al
    while p < end:
        flags, t = update[p], update[p + 1]
        if flags & 0x10:
            n, h = struct.unpack("!H", update[p + 2:p + 4])[0], 4
        else:
            n, h = update[p + 2], 3
        yield t, update[p + h:p + h + n]
        p += h + n


def evpn_fields(update):
    """The NLRI fields of MP_REACH/MP_UNREACH (EVPN) and the extended communities."""
    for t, v in attrs(update):
        if t == 14:
            yield "reach", v[5 + v[3]:]
        elif t == 15:
            yield "unreach", v[3:]
        elif t == 16:
            yield "ecomm", v


# ---- bgp_decode and evpn_nlri: every distinct message of the BGP captures
stream_of = {}  # (pcap, direction) -> [messages], for bgp_fsm
seen = set()
for pcap in ("bgp-evpn-frr.pcap", "mac-move-bgp.pcap"):
    cap = pcap.split(".")[0].replace("-", "_")
    for frame, key, m in bgp_messages(os.path.join(captures, pcap)):
        stream_of.setdefault((cap, key), []).append(m)
        if m in seen:
            continue
        seen.add(m)
        name = "%s_f%d_%s_%d" % (cap, frame, TYPES.get(m[18], "type%d" % m[18]), len(m))
        write("bgp_decode", name, m)
        if m[18] == 2:
            for what, v in evpn_fields(m):
                if v:
                    write("evpn_nlri", "%s_%s" % (name, what), v)

# Hand-made EVPN routes of each type (type, length, value) and a community list.
rd = bytes([0, 1, 198, 51, 100, 1, 0, 2])
esi = bytes(10)
crafted = {
    "t1": b"\x01\x19" + rd + esi + b"\xff\xff\xff\xff\x00\x00\x64",
    "t2": b"\x02\x25" + rd + esi + bytes(4) + b"\x30\xaa\xbb\xcc\xdd\xee\xff\x20\x0a\x00\x00\x01\x00\x00\x64",
    "t3": b"\x03\x11" + rd + bytes(4) + b"\x20\xc6\x33\x64\x01",
    "t4": b"\x04\x17" + rd + esi + b"\x20\xc6\x33\x64\x01",
    "t5": b"\x05\x22" + rd + esi + bytes(4) + b"\x18\x0a\x01\x00" + bytes(4) + b"\x00\x00\x13\x88",
    # type 5 over IPv6 with a gateway IP, and IPv4 with both ESI and gateway (a withdrawal)
    "t5v6gw": b"\x05\x3a" + rd + esi + bytes(4) + b"\x40\xfd\x00\x00\x02" + bytes(12)
    + b"\xfd\x00\x00\x02" + bytes(11) + b"\x02\x00\x13\x88",
    "t5esigw": b"\x05\x22" + rd + bytes(9) + b"\x01" + bytes(4) + b"\x10\x0a\x02\x00\x00\x0a\x02\x00\x01\x00\x13\x88",
    "ecomm": bytes([3, 12, 0, 0, 0, 0, 0, 8, 0, 2, 0xfd, 0xe8, 0, 0, 0, 0x64, 6, 0, 1, 0, 0, 0, 0, 3]),
}
for name, v in crafted.items():
    write("evpn_nlri", "crafted_" + name, v)

# ---- bgp_fsm: byte 0 = start state (0 OpenSent, 1 OpenConfirm, 2 Established,
# 3 collision) + 4 * config variant, byte 1 = seconds between messages, byte 2 =
# collision: bit i % 8 sends message i on the second connection; then the messages.
frr = "bgp_evpn_frr"
vtep2 = [m for (cap, key), ms in stream_of.items() if cap == frr and key[0] == "192.0.2.2" for m in ms]
opens = [m for m in vtep2 if m[18] == 1]
keepalive = next(m for m in vtep2 if m[18] == 4)
updates = [m for m in vtep2 if m[18] == 2]
moved = [m for (cap, key), ms in stream_of.items() if cap != frr and key[0] == "192.0.2.2" for m in ms if m[18] == 2]
notif = next(m for m in seen if m[18] == 3)
fsm = {
    "opensent_session": (0, 1, 0, [opens[0], keepalive] + updates + [keepalive]),
    "opensent_keepalive_first": (0, 1, 0, [keepalive]),
    "openconfirm_update_first": (1, 1, 0, updates[:1]),
    "established_updates": (2, 1, 0, updates + [keepalive]),
    "established_move": (2, 1, 0, updates + moved),
    "established_notification": (2, 1, 0, updates + [notif]),
    "established_hold_expiry": (2, 200, 0, updates + [keepalive]),
    "collision_both_open": (3, 1, 0x02, [opens[0], opens[0], keepalive, keepalive] + updates),
    "collision_notification": (3, 1, 0x01, [opens[0], notif]),
    "ebgp_established_updates": (2 + 4, 1, 0, updates),
    "hold0_established": (2 + 8, 30, 0, updates + [keepalive]),
}
for name, (state, step, mask, msgs) in fsm.items():
    write("bgp_fsm", name, bytes([state, step, mask]) + b"".join(msgs))

# ---- config: the checked-in configurations
for name in sorted(os.listdir(os.path.join(top, "tests", "config"))):
    if name.endswith(".conf"):
        with open(os.path.join(top, "tests", "config", name), "rb") as f:
            write("config", name, f.read())

# ---- packet: crafted frames, and the captured VXLAN frames sent to our VTEP
subprocess.run([sys.executable, os.path.join(here, "packet_seeds.py"), os.path.join(out, "packet")], check=True)
# ---- EVPN over an IPv6 underlay: crafted UPDATEs and NLRI (bgp_decode, evpn_nlri, bgp_fsm)
subprocess.run([sys.executable, os.path.join(here, "ipv6_vtep_seeds.py"), out], check=True)
for i, p in enumerate(rdpcap(os.path.join(captures, "vxlan-data.pcap")), 1):
    if UDP in p and p[UDP].dport == 4789 and i in (1, 2, 3, 4):
        p[IP].src, p[IP].dst = "192.0.2.2", "192.0.2.1"
        del p[IP].chksum, p[UDP].chksum
        write("packet", "vxlan_data_f%d" % i, b"\x02" + bytes(p.__class__(bytes(p))))
