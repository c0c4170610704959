#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Fails when a folder reaches into another one it must not know (README, How it works).

- cp/bgp knows nothing of EVPN: no file of cp/bgp names cp/evpn (an include, or a
  comment pointing there). The EVPN module sees the speaker through its public API
  only: cp/evpn includes from cp/bgp nothing but PUBLIC_BGP. So there is no include
  cycle between the two folders.
- cp includes only dp/dp_api.h of the dataplane, and dp includes nothing of cp.

Each rule first proves it reads something: the folders have sources, and the
include pattern finds the includes that must be there.

Usage: layers_check.py SOURCE_ROOT   (a meson test)
"""
import glob
import os
import re
import sys

# cp/bgp's public API: the family table, the RIB and attribute sets, the wire
# constants, the speaker (start, originate, globals).
PUBLIC_BGP = {"bgp_family.h", "bgp_rib.h", "bgp_pattr.h", "bgp_msg.h", "bgp_speaker.h"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def sources(root, folder):
    files = []
    for ext in ("c", "h"):
        files += glob.glob(os.path.join(root, folder, "**", "*." + ext), recursive=True)
    if not files:
        sys.exit("layers_check: no sources under %s: wrong root?" % folder)
    return sorted(files)


def includes(path):
    with open(path, encoding="utf-8") as f:
        return INCLUDE.findall(f.read())


def main():
    root = sys.argv[1]
    bad = []
    assert INCLUDE.findall('#include "cp/evpn/evpn_local.h"\n') == ["cp/evpn/evpn_local.h"]

    for path in sources(root, "cp/bgp"):
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if "cp/evpn" in line:
                    bad.append("%s:%d: cp/bgp names cp/evpn: %s" % (path, n, line.strip()))
    seen_bgp = 0
    for path in sources(root, "cp/evpn"):
        for inc in includes(path):
            if inc.startswith("cp/bgp/"):
                seen_bgp += 1
                if os.path.basename(inc) not in PUBLIC_BGP:
                    bad.append("%s: includes %s, not a public header of cp/bgp (%s)"
                               % (path, inc, ", ".join(sorted(PUBLIC_BGP))))
    if seen_bgp == 0:
        bad.append("cp/evpn includes nothing of cp/bgp: the include pattern is broken")
    seen_api = 0
    for path in sources(root, "cp"):
        for inc in includes(path):
            if inc == "dp/dp_api.h":
                seen_api += 1
            elif inc.startswith("dp/"):
                bad.append("%s: includes %s (cp sees only dp/dp_api.h)" % (path, inc))
    if seen_api == 0:
        bad.append("cp includes no dp/dp_api.h: the include pattern is broken")
    for path in sources(root, "dp"):
        for inc in includes(path):
            if inc.startswith("cp/"):
                bad.append("%s: includes %s (dp includes nothing of cp)" % (path, inc))
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
