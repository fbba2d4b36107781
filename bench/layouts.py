#!/usr/bin/env python3
"""User time of the core's `profile` example in three code layouts, so that a
change is not judged by where the linker happened to put a hot loop.

    python3 bench/layouts.py build LABEL          # the working tree's profile example, three layouts
    python3 bench/layouts.py time KIND N LABEL... # e.g. time json64k 20001 before after

The same source built twice with unrelated code moved ran `profile json64k
20001` in 0.66 s and 0.73 s: the JSON walker's byte loop (30 bytes of code)
sat inside one 64-byte line of code in the first build and across two in
the second. A comparison of two single builds mixes what a change did with
where it moved such loops. `build` makes the example three times, with
functions aligned as rustc does by default (16 bytes), to 32 and to 64
bytes (`-C llvm-args=-align-all-functions=N`, each in its own target
directory under RASP_LAYOUTS_DIR, /tmp/rasp-layouts by default), which
moves every loop relative to the lines; `time` runs each label's three
builds in turn, RUNS times (3 by default), and prints the user times per
layout and the median of each label over all of them. A change that wins in
every layout is a change; one that wins in one is layout.

Callgrind's instruction counts (bench/instructions.py) do not see this at
all: both builds execute the same instructions.
"""
import os, shutil, statistics, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIR = os.environ.get("RASP_LAYOUTS_DIR", "/tmp/rasp-layouts")
RUNS = int(os.environ.get("RUNS", "3"))
# Function alignment as log2 bytes; None is rustc's default.
LAYOUTS = {"default": None, "align32": 5, "align64": 6}


def build(label):
    os.makedirs(DIR, exist_ok=True)
    for name, log2 in LAYOUTS.items():
        env = dict(os.environ, CARGO_TARGET_DIR=os.path.join(DIR, f"target-{name}"))
        if log2 is not None:
            env["RUSTFLAGS"] = f"-C llvm-args=-align-all-functions={log2}"
        else:
            env.pop("RUSTFLAGS", None)
        subprocess.run(["cargo", "build", "--release", "-p", "rasp-core", "--example", "profile"],
                       cwd=ROOT, env=env, check=True)
        shutil.copy(os.path.join(env["CARGO_TARGET_DIR"], "release", "examples", "profile"),
                    os.path.join(DIR, f"{label}-{name}"))
    print(f"built {label} in {', '.join(LAYOUTS)} under {DIR}")


def user_seconds(exe, kind, n):
    before = os.times()
    subprocess.run([exe, kind, str(n)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    after = os.times()
    return after.children_user - before.children_user


def time(kind, n, labels):
    times = {(label, name): [] for label in labels for name in LAYOUTS}
    for _ in range(RUNS):
        for name in LAYOUTS:
            for label in labels:
                times[(label, name)].append(user_seconds(os.path.join(DIR, f"{label}-{name}"), kind, n))
    print(f"profile {kind} {n}: user seconds, {RUNS} runs per build, taken in turns\n")
    print("| layout | " + " | ".join(labels) + " |")
    print("| --- |" + " --- |" * len(labels))
    for name in LAYOUTS:
        cells = [" ".join(f"{t:.2f}" for t in sorted(times[(label, name)])) for label in labels]
        print(f"| {name} | " + " | ".join(cells) + " |")
    medians = [statistics.median(t for name in LAYOUTS for t in times[(label, name)]) for label in labels]
    print("| median | " + " | ".join(f"{m:.2f}" for m in medians) + " |")


def main():
    args = sys.argv[1:]
    if len(args) == 2 and args[0] == "build":
        build(args[1])
    elif len(args) >= 4 and args[0] == "time":
        time(args[1], int(args[2]), args[3:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
