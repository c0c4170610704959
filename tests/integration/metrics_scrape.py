#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""metrics_scrape.py URL: scrapes evpnd's metrics endpoint and parses the answer with
Prometheus' own parser (Debian's python3-prometheus-client). Prints one JSON object:
"samples", each sample as "name{k=v,...}" (labels sorted) -> value, and "errors",
what breaks the conventions: a family without HELP or TYPE, given twice, a name
without the evpnd_ prefix, a counter sample not ending in _total, a wrong
Content-Type."""
import json
import re
import sys
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

with urllib.request.urlopen(sys.argv[1], timeout=5) as r:
    ctype = r.headers.get("Content-Type", "")
    text = r.read().decode("utf-8")

errors = []
if not ctype.startswith("text/plain; version=0.0.4"):
    errors.append("Content-Type %r" % ctype)
for kind in ("HELP", "TYPE"):
    names = re.findall(r"^# %s (\S+) " % kind, text, re.M)
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        errors.append("%s given twice: %s" % (kind, dup))
helps = set(re.findall(r"^# HELP (\S+) ", text, re.M))
types = dict(re.findall(r"^# TYPE (\S+) (\S+)$", text, re.M))
samples = {}
for fam in text_string_to_metric_families(text):
    for s in fam.samples:
        key = s.name + "{" + ",".join("%s=%s" % kv for kv in sorted(s.labels.items())) + "}"
        samples[key] = s.value
        if not s.name.startswith("evpnd_"):
            errors.append("name without evpnd_: " + s.name)
        if fam.type == "counter" and not s.name.endswith("_total"):
            errors.append("counter sample without _total: " + s.name)
        if s.name not in helps or s.name not in types:
            errors.append("sample without its family's HELP and TYPE: " + s.name)
print(json.dumps({"samples": samples, "errors": errors, "families": len(types)}))
