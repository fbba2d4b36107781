#!/usr/bin/env python3
"""Passwords as password generators make them, scored by rasp: a benign set
that nobody wrote for rasp, made with the symbol sets of four generators.

    cargo build --release -p rasp-cli && python3 models/generated_passwords.py
    python3 models/generated_passwords.py --seed 20261128 --name password

Each of the four alphabets (Faker's `!@#$%^&*()_+`, Bitwarden's `!@#$%^&*`,
LastPass's `!#$%&*@^`, a browser's `-_.:!`) gives `--count` passwords
(2,500 by default) of 10, 12, 14, 16 or 20 characters from letters, digits
and its symbols, each with at least one symbol and one digit, drawn with
Python's `random.Random(--seed)`: the same draw on every machine. The draw
goes to `--out` (default /tmp/rasp-passwords.txt, never committed) and is
scored with `rasp scan`; `--name` judges each line as the value of that
query parameter (`--name password`: as a password field, see the README).
"""

import argparse
import collections
import json
import random
import string
import subprocess

ALPHABETS = [
    ("faker", "!@#$%^&*()_+"),
    ("bitwarden", "!@#$%^&*"),
    ("lastpass", "!#$%&*@^"),
    ("browser", "-_.:!"),
]


def draw(seed, count):
    r = random.Random(seed)
    out = []
    for _, symbols in ALPHABETS:
        alphabet = string.ascii_letters + string.digits + symbols
        for _ in range(count):
            n = r.choice([10, 12, 14, 16, 20])
            while True:
                pw = "".join(r.choice(alphabet) for _ in range(n))
                if any(c in symbols for c in pw) and any(c.isdigit() for c in pw):
                    break
            out.append(pw)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=20261128)
    ap.add_argument("--count", type=int, default=2500)
    ap.add_argument("--out", default="/tmp/rasp-passwords.txt")
    ap.add_argument("--rasp", default="target/release/rasp")
    ap.add_argument("--name", help="judge each line as the value of this query parameter")
    a = ap.parse_args()
    values = draw(a.seed, a.count)
    with open(a.out, "w") as f:
        f.write("\n".join(values) + "\n")
    cmd = [a.rasp, "scan", "--file", a.out] + (["--name", a.name] if a.name else [])
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    blocked = collections.Counter()
    shown = []
    for i, line in enumerate(out.splitlines()):
        o = json.loads(line)
        if o["verdict"] == "block":
            blocked[(ALPHABETS[i // a.count][0], o["check"])] += 1
            shown.append(f"  {o['check']}: {values[i]}")
    print(f"{sum(blocked.values())} of {len(values)} blocked"
          + (f" as the value of `{a.name}`" if a.name else ""))
    for (alphabet, check), n in sorted(blocked.items()):
        print(f"  {alphabet}: {n} {check}")
    print("\n".join(shown))


if __name__ == "__main__":
    main()
