#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Fails when a configuration error or warning of cp/config has no unit test.

How: every call of an error or warning helper in cp/config/*.c (cfg_perr, lerr,
cfg_check_warn, ...) has a printf format as its first string argument. Each format
becomes a regular expression (each %-conversion matches any text) and must match at
least one string literal of tests/unit/cp/config/*.c, i.e. a message some test
expects. The few messages no test can provoke (out of memory) are listed in
UNTESTABLE with the reason; an entry there that no longer exists in the sources
fails too, so the list stays short and true.

Usage: config_messages_check.py SOURCE_ROOT   (a meson test; -v lists every format)
"""
import glob
import os
import re
import sys

# The helpers are the functions declared with a printf format attribute in
# cp/config (cfg_perr, lerr, ...) and the macros that call them (cerr); their
# format is the first string literal of a call.
DECL = re.compile(r"\b(\w+)\([^;{}()]*\)\s*(?:CFG_PRINTF|__attribute__\(\(format\(printf)")
MACRO = re.compile(r"#define\s+(\w+)\([^)]*\)\s+(\w+)\(")
ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
CONV = re.compile(r"%[-#0 +]*(\d+|\*)?(\.(\d+|\*))?(hh|h|ll|l|z|j|t)?[diouxXcsp%]")

# Formats that no test provokes, with why. Formats that only pass a message on
# ("%s") are wrappers: the message they pass is checked at its own call.
UNTESTABLE = {
    "%s": "wrapper: passes a message formatted by another helper",
    # Matches nearly any message: config_parse_test's missing file covers it.
    "%s: %s": "the file cannot be read (path: strerror)",
    "%s:%u: out of memory": "needs a failing malloc",
    "out of memory": "needs a failing malloc",
}


def literals(text):
    """The string literals of a C file, adjacent ones joined, comments skipped."""
    out, i, n = [], 0, len(text)
    cur = None  # the literal being joined
    while i < n:
        if text.startswith("//", i):
            i = text.find("\n", i) % (n + 1)  # -1 (no newline): the end
            continue
        if text.startswith("/*", i):
            i = text.find("*/", i) + 2
            continue
        if text[i].isspace():
            i += 1
            continue
        if text[i] != '"':
            if cur is not None:
                out.append(cur)
            cur = None
            i += 1
            continue
        j, chars = i + 1, []
        while text[j] != '"':
            if text[j] == "\\":
                chars.append(ESCAPES.get(text[j + 1], "\\" + text[j + 1]))
                j += 2
            else:
                chars.append(text[j])
                j += 1
        cur = (cur or "") + "".join(chars)
        i = j + 1
    if cur is not None:
        out.append(cur)
    return out


def call_args(text, start):
    """The text between the parenthesis that opens at start-1 and its match."""
    depth, j = 1, start
    while depth:
        c = text[j]
        if c == '"':
            j += 1
            while text[j] != '"':
                j += 2 if text[j] == "\\" else 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        j += 1
    return text[start:j - 1]


def helpers(texts):
    names = {m.group(1) for t in texts for m in DECL.finditer(t)}
    names |= {m.group(1) for t in texts for m in MACRO.finditer(t) if m.group(2) in names}
    names = {n for n in names if not n.isupper()}  # CFG_PRINTF itself
    return re.compile(r"\b(" + "|".join(sorted(names)) + r")\s*\(")


def formats(root):
    """(file:line, format) of every helper call whose arguments hold a literal."""
    paths = sorted(glob.glob(os.path.join(root, "cp", "config", "*.[ch]")))
    texts = {p: open(p, encoding="utf-8").read() for p in paths}
    call = helpers(texts.values())
    for path, text in texts.items():
        for m in call.finditer(text):
            lits = literals(call_args(text, m.end()))
            if lits:
                line = text.count("\n", 0, m.start()) + 1
                yield "%s:%d" % (os.path.relpath(path, root), line), lits[0]


# What the helpers put before the format: "FILE:LINE: " or "FILE: ", then the
# context of the section ("bridge-domain 100: ", "router bgp 65000: ", "vrf t1: ").
PREFIX = r"(?:[\w./-]+:(?:\d+:)? )?(?:(?:bridge-domain \d+|router bgp \d+(?: vrf \S+)?|route-map \S+ \d+|port \S+|vrf \S+|mpls|process \S+|metrics|stream \S+|tester): )?"


def conversion(spec, last):
    if spec == "%%":
        return "%"
    if spec[-1] in "diu":
        return r"-?\d+"
    if spec[-1] == "c":
        return "."
    # A %s never spans ": ", so "neighbor X: peer-group Y is not defined" is no
    # message of "neighbor %s is not defined"; only a reason at the end may.
    return ".*" if last else "(?:(?!: ).)*?"


def pattern(fmt):
    """A whole message line of fmt, with what the helpers put before it."""
    parts, pos = [PREFIX], 0
    for m in CONV.finditer(fmt):
        parts.append(re.escape(fmt[pos:m.start()]))
        parts.append(conversion(m.group(0), m.end() == len(fmt)))
        pos = m.end()
    parts.append(re.escape(fmt[pos:]))
    return re.compile("".join(parts))


def covered_formats(fmts, lines):
    """The formats some line is a message of."""
    pats = [(f, pattern(f)) for f in fmts]
    return {f for f, p in pats if any(p.fullmatch(line) for line in lines)}


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    verbose = "-v" in sys.argv
    expected = []
    for path in glob.glob(os.path.join(root, "tests", "unit", "cp", "config", "*.c")):
        for lit in literals(open(path, encoding="utf-8").read()):
            expected += lit.split("\n") # err.all and err.warnings hold several
    sites = list(formats(root))
    found = {fmt for _, fmt in sites}
    covered = covered_formats(found - set(UNTESTABLE), expected)
    missing = [(w, f) for w, f in sites if f not in covered and f not in UNTESTABLE]
    if verbose:
        for where, fmt in sites:
            print("%-32s %-4s %s" % (where, "ok" if fmt in covered else "NONE", fmt))
    for where, fmt in missing:
        print("%s: no test expects the message '%s'" % (where, fmt))
    stale = [f for f in UNTESTABLE if f not in found]
    for fmt in stale:
        print("UNTESTABLE lists '%s', which cp/config no longer has" % fmt)
    n = len(found)
    print("%d formats, %d without a test, %d stale exceptions" % (n, len(missing), len(stale)))
    return 1 if missing or stale or n == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
