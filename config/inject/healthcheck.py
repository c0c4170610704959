#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""A route-injection helper of evpnd (README, Route injection): announces routes
while a health check passes and withdraws them while it fails.

  healthcheck.py --check file:/run/svc-ok | tcp:127.0.0.1:80 | ping:10.0.0.5
                 [--interval 1] [--rise 2] [--fall 2]
                 --route "route 192.0.2.10/32 next-hop self" [--route ...]

Each --route is a command of evpnd's API without its first word: it is sent as
"announce ..." when the check has passed --rise times in a row, as "withdraw ..."
when it has failed --fall times. evpnd's events and replies (JSON lines on stdin)
go to stderr with --verbose; the end of stdin (evpnd gone) ends the helper.
Standard library only.
"""
import argparse
import os
import select
import socket
import subprocess
import sys


def check_ok(spec):
    kind, _, arg = spec.partition(":")
    if kind == "file":
        return os.path.exists(arg)
    if kind == "tcp":
        host, _, port = arg.rpartition(":")
        try:
            socket.create_connection((host, int(port)), timeout=1).close()
            return True
        except OSError:
            return False
    if kind == "ping":
        return subprocess.call(["ping", "-c", "1", "-W", "1", arg],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0
    sys.exit("healthcheck: unknown check %r (file:, tcp:, ping:)" % spec)


def send(verb, routes):
    for r in routes:
        print("%s %s" % (verb, r), flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", required=True)
    ap.add_argument("--route", action="append", required=True)
    ap.add_argument("--interval", type=float, default=1.0)
    ap.add_argument("--rise", type=int, default=1)
    ap.add_argument("--fall", type=int, default=1)
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    up, streak = None, 0  # None: nothing said yet
    while True:
        ok = check_ok(a.check)
        streak = streak + 1 if ok != up else 0
        if up is None or streak >= (a.rise if ok else a.fall):
            send("announce" if ok else "withdraw", a.route)
            print("healthcheck: %s" % ("up" if ok else "down"), file=sys.stderr, flush=True)
            up, streak = ok, 0
        # Wait out the interval reading evpnd's lines (so its pipe never fills).
        if select.select([0], [], [], a.interval)[0]:
            data = os.read(0, 65536)
            if not data:
                return 0  # evpnd closed our stdin
            if a.verbose:
                sys.stderr.write(data.decode(errors="replace"))

if __name__ == "__main__":
    sys.exit(main())
