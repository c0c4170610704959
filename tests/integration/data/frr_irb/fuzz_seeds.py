#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Writes the fuzz seeds of frr-irb-bgp.pcap (README.md here) into tests/fuzz/corpus/:
every BGP message of both directions to bgp_decode/, and to evpn_nlri/ the
EVPN NLRI field of each UPDATE (its NLRI one after the other) and its extended
communities; each unless the target has its octets already. tshark splits the messages and fields (-T json -x: the octets of each);
names as tests/fuzz/make_corpus.py gives them. Run it again after a new capture."""
import json
import os
import subprocess

here = os.path.dirname(os.path.abspath(__file__))
corpus = os.path.join(here, "..", "..", "..", "fuzz", "corpus")
TYPES = {1: "open", 2: "update", 3: "notification", 4: "keepalive", 5: "refresh"}


def raws(v):
    """The octets of a tshark "_raw" value: one [hex, offset, length, ...] or a list of them."""
    if isinstance(v[0], str):
        return [bytes.fromhex(v[0])]
    return [bytes.fromhex(r[0]) for r in v]


def find(tree, key):
    """Every value of key in a tshark JSON tree, in order."""
    if isinstance(tree, dict):
        for k, v in tree.items():
            if k == key:
                yield from raws(v)
            else:
                yield from find(v, key)
    elif isinstance(tree, list):
        for v in tree:
            yield from find(v, key)


def contents(target):
    """What the seeds of target not written here hold."""
    d = os.path.join(corpus, target)
    return {open(os.path.join(d, n), "rb").read() for n in os.listdir(d) if not n.startswith("frr_irb_")}


have = {t: contents(t) for t in ("bgp_decode", "evpn_nlri")}


def write(target, name, data):
    """A seed, unless one of target already holds the same octets."""
    if data in have[target]:
        return
    have[target].add(data)
    with open(os.path.join(corpus, target, name), "wb") as f:
        f.write(data)


pcap = os.path.join(here, "frr-irb-bgp.pcap")
out = subprocess.run(["tshark", "-r", pcap, "-Y", "bgp", "-T", "json", "-x", "--no-duplicate-keys"],
                     check=True, capture_output=True).stdout
for pkt in json.loads(out):
    layers = pkt["_source"]["layers"]
    frame = int(layers["frame"]["frame.number"])
    bgps = layers["bgp"] if isinstance(layers["bgp"], list) else [layers["bgp"]]
    for m, tree in zip(raws(layers["bgp_raw"]), bgps):
        name = "frr_irb_f%d_%s_%d" % (frame, TYPES.get(m[18], "type%d" % m[18]), len(m))
        write("bgp_decode", name, m)
        nlri = b"".join(find(tree, "bgp.evpn.nlri_raw"))
        if nlri:
            write("evpn_nlri", name + "_nlri", nlri)
        for ec in find(tree, "bgp.ext_communities_raw"):
            write("evpn_nlri", name + "_ecomm", ec)
