#!/usr/bin/python3
# bgp_speaker.py SRC DST AS ID HOLD [VERSION] [SECONDS]: a BGP speaker of a few
# lines on a plain TCP socket, for OPENs no real BGP daemon would send. Connects
# from SRC to DST port 179 (until DST answers, 10 s at most), sends an OPEN of
# version VERSION (default 4) with AS, BGP identifier ID and hold time HOLD (IPv4
# unicast), then a KEEPALIVE once the other side's OPEN came, and listens for
# SECONDS (default 0: until the first NOTIFICATION or the end of the stream).
# Prints one line per message received: "OPEN hold=H", "KEEPALIVE t=SECONDS"
# (since the first KEEPALIVE; each is answered with one), "NOTIFICATION C/S", other types by number; then
# "closed" or "timeout". Environment: BGP_TTL, the TTL of what it sends (the
# kernel's default else); BGP_CONNECT_S, how long it tries to connect (10): then
# it prints "no connection" and exits 1.
import os
import socket
import struct
import sys
import time

MARKER = b"\xff" * 16


def message(mtype, body):
    return MARKER + struct.pack("!HB", 19 + len(body), mtype) + body


def open_msg(version, asn, bgp_id, hold):
    mp = bytes([1, 4, 0, 1, 0, 1])  # capability 1, AFI 1 SAFI 1
    params = bytes([2, len(mp)]) + mp
    body = struct.pack("!BHH4sB", version, asn, hold, socket.inet_aton(bgp_id), len(params))
    return message(1, body + params)


def connect(src, dst):
    end = time.monotonic() + float(os.environ.get("BGP_CONNECT_S", 10))
    while True:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if "BGP_TTL" in os.environ:
            s.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, int(os.environ["BGP_TTL"]))
        s.bind((src, 0))
        s.settimeout(max(end - time.monotonic(), 0.1))
        try:
            s.connect((dst, 179))
            return s
        except OSError:
            s.close()
            if time.monotonic() > end:
                print("no connection")
                sys.exit(1)
            time.sleep(0.2)


def read_exact(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def main():
    src, dst, asn, bgp_id, hold = sys.argv[1:6]
    version = int(sys.argv[6]) if len(sys.argv) > 6 else 4
    seconds = float(sys.argv[7]) if len(sys.argv) > 7 else 0
    s = connect(src, dst)
    s.sendall(open_msg(version, int(asn), bgp_id, int(hold)))
    end = time.monotonic() + (seconds or 10)
    t0 = None
    while True:
        s.settimeout(max(end - time.monotonic(), 0.01))
        try:
            hdr = read_exact(s, 19)
        except socket.timeout:
            print("timeout")
            break
        if hdr is None:
            print("closed")
            break
        length, mtype = struct.unpack("!HB", hdr[16:19])
        body = read_exact(s, length - 19) or b""
        if mtype == 1:
            print("OPEN hold=%d" % struct.unpack("!H", body[3:5]))
            s.sendall(message(4, b""))
        elif mtype == 4:
            now = time.monotonic()
            t0 = t0 or now
            print("KEEPALIVE t=%.3f" % (now - t0))
            s.sendall(message(4, b""))  # keeps the hold timer of the other side going
        elif mtype == 3:
            print("NOTIFICATION %d/%d" % (body[0], body[1]))
            if not seconds:
                break
        else:
            print(mtype)
        sys.stdout.flush()
    s.close()


main()
