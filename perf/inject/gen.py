#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""A route-injection helper for perf/inject/run.sh: announces N routes (unicast /24s,
or with KIND=evpn MAC-only type-2 routes), as fast as evpnd reads them, reads the
replies meanwhile (a thread writes), and prints to stderr how long the N replies
took from its first line. Then sleeps until evpnd stops it."""
import os
import sys
import threading
import time

n = int(sys.argv[1])
evpn = len(sys.argv) > 2 and sys.argv[2] == "evpn"
fmt = ("announce evpn macip rd 198.51.100.1:100 mac 02:00:00:%02x:%02x:%02x vni 100 rt 65000:100\n"
       if evpn else "announce route %d.%d.%d.0/24 next-hop self\n")
lines = "".join(fmt % (((i >> 16) if evpn else 10 + (i >> 16)), i >> 8 & 255, i & 255)
                for i in range(n)).encode()
t0 = time.time()


def writer():
    v = memoryview(lines)
    while v:
        v = v[os.write(1, v[:65536]):]


threading.Thread(target=writer, daemon=True).start()
left = n
while left > 0:
    d = os.read(0, 1 << 20)
    if not d:
        break
    left -= d.count(b"\n")
sys.stderr.write("inject_gen: %d %s routes, %d replies in %.3f s\n"
                 % (n, "evpn" if evpn else "unicast", n - left, time.time() - t0))
time.sleep(3600)
