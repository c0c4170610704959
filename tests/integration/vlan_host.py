#!/usr/bin/python3
# vlan_host.py IF VLAN TAP: an 802.1Q subinterface in user space, for kernels built
# without 8021q (no "ip link add ... type vlan"). Creates the tap interface TAP; the
# frames the kernel sends on TAP leave IF tagged with VLAN, and the frames that arrive
# on IF tagged with VLAN come out of TAP untagged. Give TAP the host's MAC and IP
# address. Runs until killed.
import fcntl
import os
import select
import socket
import struct
import sys

ETH_P_ALL = 0x0003
ETH_P_8021Q = 0x8100
SOL_PACKET = 263
PACKET_AUXDATA = 8
TP_STATUS_VLAN_VALID = 1 << 4
TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000
AUXDATA = struct.Struct("IIIHHHH")  # struct tpacket_auxdata


def open_tap(name):
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TAP | IFF_NO_PI))
    return fd


def vlan_of(frame, ancdata):
    """The VLAN of a received frame and the frame without its tag (None: untagged)."""
    for level, kind, data in ancdata:
        if level == SOL_PACKET and kind == PACKET_AUXDATA and len(data) >= AUXDATA.size:
            status, _, _, _, _, tci, _ = AUXDATA.unpack_from(data)
            if status & TP_STATUS_VLAN_VALID:  # the kernel took the tag off already
                return tci & 0xFFF, frame
    if len(frame) >= 18 and struct.unpack_from("!H", frame, 12)[0] == ETH_P_8021Q:
        return struct.unpack_from("!H", frame, 14)[0] & 0xFFF, frame[:12] + frame[16:]
    return None, frame


def main():
    ifname, vlan, tapname = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    tap = open_tap(tapname)
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    sock.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
    sock.bind((ifname, 0))
    tag = struct.pack("!HH", ETH_P_8021Q, vlan)
    print("vlan_host: %s vlan %d <-> %s" % (ifname, vlan, tapname), flush=True)
    while True:
        ready, _, _ = select.select([sock, tap], [], [])
        if tap in ready:
            frame = os.read(tap, 65536)
            sock.send(frame[:12] + tag + frame[12:])
        if sock in ready:
            frame, anc, _, addr = sock.recvmsg(65536, socket.CMSG_SPACE(AUXDATA.size))
            if addr[2] == socket.PACKET_OUTGOING:
                continue
            vid, frame = vlan_of(frame, anc)
            if vid == vlan:
                os.write(tap, frame)


if __name__ == "__main__":
    main()
