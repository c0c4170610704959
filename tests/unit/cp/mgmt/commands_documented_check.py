#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Fails when an evpnctl command is not in the README.

How: every command syntax registered in cp/mgmt/*.c (the first string of a
mgmt_register call, or of a {"syntax", handler, "help"} table row) is cut at its first
placeholder, choice or optional part ("show evpn mac vni <VNI>" -> "show evpn mac vni");
that text must appear in README.md inside backquotes, where the evpnctl table and the
sections that document commands write them. A command nobody can find in the README is
a command an operator cannot learn.

Usage: commands_documented_check.py SOURCE_ROOT   (a meson test; -v lists them)
"""
import glob
import os
import re
import sys

REGISTER = re.compile(r'mgmt_register\(\s*"([^"]*)"')
ROW = re.compile(r'\{\s*"((?:show|clear|capture|trace|debug|no|log|inject|tester|help)\b[^"]*)"\s*,\s*\w+\s*,')


GROUP = re.compile(r"[{\[]([^{}\[\]]*)[}\]]")


def expand(text):
    """The forms of a documented command: "{a|b} x" -> "a x", "b x"; "[a|b] x" -> also
    " x" (the README writes choices and optional parts as the syntax does)."""
    m = GROUP.search(text)
    if m is None:
        return [text]
    alts = m.group(1).split("|")
    if m.group(0)[0] == "[":
        alts.append("")
    out = []
    for a in alts:
        out += expand(text[:m.start()] + a + text[m.end():])
        if len(out) >= 256: # enough: a long quote of many groups has 2^k forms
            break
    return out[:256]


def leading_words(syntax):
    words = []
    for w in syntax.split():
        if w[0] in "<[{":
            break
        words.append(w)
    return " ".join(words)


def main():
    root, verbose = sys.argv[1], "-v" in sys.argv[2:]
    syntaxes = set()
    for path in glob.glob(os.path.join(root, "cp", "mgmt", "*.c")):
        text = open(path).read()
        syntaxes.update(REGISTER.findall(text))
        syntaxes.update(ROW.findall(text))
    readme = open(os.path.join(root, "README.md")).read()
    forms = []
    for q in re.findall(r"`([^`]*)`", readme):
        forms += [" ".join(f.split()) for f in expand(q.replace("\\|", "|"))]
    quoted = "\n".join(forms)
    missing = []
    for s in sorted(syntaxes):
        lead = leading_words(s)
        if not lead or len(lead.split()) < 2 and lead not in ("help",):
            # one word ("node"): not a command of its own (a fragment of a longer one)
            continue
        ok = lead in quoted
        if verbose:
            print("%s %s" % ("ok  " if ok else "MISS", s))
        if not ok:
            missing.append(s)
    if len(syntaxes) < 40:
        print("commands_documented_check: only %d commands found: the patterns are stale" % len(syntaxes))
        return 1
    for s in missing:
        print("not in the README: %s" % s)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
