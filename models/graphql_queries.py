#!/usr/bin/env python3
"""Real GraphQL operations, as the clients of real apps send them, judged by
rasp at a GraphQL endpoint and elsewhere.

The operations are the GraphQL documents written in the code of published npm
packages (pinned below): storefronts (Magento PWA Studio, Shopify Hydrogen),
admin interfaces (Vendure, Keystone), a CMS source (Gatsby's WordPress). They
are taken from `gql`/`graphql` tagged templates, `#graphql` templates and
`.graphql` files, with the `${Fragment}` interpolations removed (the fragments
are operations of their own in the set). Each is sent as written (with its
line breaks and comments) and, when it has no comment, on one line as a
client's printer may write it.

    python3 models/graphql_queries.py --rasp target/release/rasp [--cache DIR] [--out FILE]

prints, for `rasp scan --json-strings --name query --path P` at `/graphql`
(a path of the default `GRAPHQL_PATHS`) and at `/api/items`, how many
operations are blocked, and the blocked ones at `/graphql`.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import tarfile

PACKAGES = [
    "@magento/venia-ui@11.7.3",
    "@magento/peregrine@15.7.3",
    "@shopify/hydrogen@2026.4.6",
    "@shopify/hydrogen-react@2026.4.4",
    "gatsby-source-wordpress@7.17.0",
    "@vendure/admin-ui@3.7.3",
    "@keystone-6/core@8.1.0",
]

TAGGED = re.compile(r"(?:\bgql|\bgraphql)\s*`(.*?)`", re.S)
HASH_GRAPHQL = re.compile(r"`\s*#graphql(.*?)`", re.S)
START = re.compile(r"^(\{|(query|mutation|subscription|fragment)\b)")


def fetch(cache):
    os.makedirs(cache, exist_ok=True)
    roots = []
    for spec in PACKAGES:
        name, version = spec.rsplit("@", 1)
        tgz = os.path.join(cache, name.lstrip("@").replace("/", "-") + f"-{version}.tgz")
        if not os.path.exists(tgz):
            subprocess.run(["npm", "pack", "--silent", spec], cwd=cache, check=True, capture_output=True)
        root = tgz[: -len(".tgz")]
        if not os.path.isdir(root):
            with tarfile.open(tgz) as t:
                t.extractall(root, filter="data")
        roots.append(root)
    return roots


def documents(roots):
    seen, out = set(), []
    for root in roots:
        for f in sorted(glob.glob(os.path.join(root, "**", "*"), recursive=True)):
            if not os.path.isfile(f) or not re.search(r"\.(js|mjs|cjs|ts|tsx|graphql|gql)$", f):
                continue
            if f.endswith(".map"):
                continue
            text = open(f, encoding="utf-8", errors="replace").read()
            if f.endswith((".graphql", ".gql")):
                bodies = [text]
            else:
                bodies = [m.group(1) for m in TAGGED.finditer(text)]
                bodies += [m.group(1) for m in HASH_GRAPHQL.finditer(text)]
            for b in bodies:
                b = re.sub(r"\$\{[^}]*\}", "", b).replace("\r", "").strip()
                # The first token, past leading comments, starts an
                # operation or a fragment: schema files and code are left out.
                head = re.sub(r"^(\s*#[^\n]*\n)*\s*", "", b)
                if not START.match(head) or "{" not in b:
                    continue
                forms = [b] if "#" in b else [b, re.sub(r"\s+", " ", b)]
                for v in forms:
                    if v not in seen:
                        seen.add(v)
                        out.append(v)
    return out


def scan(rasp, path, file):
    r = subprocess.run(
        [rasp, "scan", "--json-strings", "--name", "query", "--path", path, "--file", file],
        capture_output=True,
        text=True,
        check=True,
    )
    return [json.loads(l) for l in r.stdout.splitlines()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rasp", default="target/release/rasp")
    ap.add_argument("--cache", default="/tmp/rasp-graphql")
    ap.add_argument("--out", default=None, help="also write the operations here, one JSON string a line")
    args = ap.parse_args()
    docs = documents(fetch(args.cache))
    file = args.out or os.path.join(args.cache, "operations.txt")
    with open(file, "w") as f:
        for d in docs:
            f.write(json.dumps(d) + "\n")
    print(f"{len(docs)} operations from {len(PACKAGES)} packages")
    for path in ["/graphql", "/api/items"]:
        rows = scan(args.rasp, path, file)
        blocked = [r for r in rows if r["verdict"] == "block"]
        by = {}
        for r in blocked:
            by[r["check"]] = by.get(r["check"], 0) + 1
        print(f"at {path}: {len(blocked)} blocked of {len(rows)} {by}")
        if path == "/graphql":
            for r in blocked:
                print("   ", r["check"], json.dumps(r["value"])[:160])


if __name__ == "__main__":
    main()
