#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""A route-injection helper of evpnd (README, Route injection): a DCI controller
that stretches chosen MACs to the other site by announcing EVPN type-2 routes.

  dci_macs.py --file /etc/evpnd/stretched-macs --rd 192.0.2.1:100 --rt 65000:100
              [--rt ...] [--next-hop self|ADDR] [--interval 1]

The file holds one MAC a line: "MAC VNI [IP] [seq N]" ('#' starts a comment). It is
read again every --interval seconds: new or changed lines are announced, lines gone
are withdrawn. evpnd's replies go to stderr. Standard library only.
"""
import argparse
import os
import select
import sys


def read_macs(path):
    """{(mac, ip): (vni, seq)} from the file; an unreadable file is empty."""
    macs = {}
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                w = line.split("#")[0].split()
                if len(w) < 2:
                    continue
                ip = w[2] if len(w) > 2 and w[2] != "seq" else None
                seq = w[w.index("seq") + 1] if "seq" in w[:-1] else "0"
                macs[(w[0].lower(), ip)] = (w[1], seq)
    except OSError:
        pass
    return macs


def route(a, key, val=None):
    mac, ip = key
    s = "evpn macip rd %s mac %s" % (a.rd, mac) + (" ip %s" % ip if ip else "")
    if val is not None:
        s += " vni %s %s next-hop %s seq %s" % (
            val[0], " ".join("rt " + rt for rt in a.rt), a.next_hop, val[1])
    return s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--file", required=True)
    ap.add_argument("--rd", required=True)
    ap.add_argument("--rt", action="append", required=True)
    ap.add_argument("--next-hop", default="self")
    ap.add_argument("--interval", type=float, default=1.0)
    a = ap.parse_args()
    announced = {}
    while True:
        want = read_macs(a.file)
        for key in set(announced) - set(want):
            print("withdraw " + route(a, key), flush=True)
        for key, val in want.items():
            if announced.get(key) != val:
                print("announce " + route(a, key, val), flush=True)
        announced = want
        if select.select([0], [], [], a.interval)[0]:
            data = os.read(0, 65536)
            if not data:
                return 0  # evpnd closed our stdin
            sys.stderr.write(data.decode(errors="replace"))


if __name__ == "__main__":
    sys.exit(main())
