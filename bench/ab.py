#!/usr/bin/env python3
"""Two builds of the protected demos against each other: what a change did to
the time of a real server, where bench/e2e.py compares protected with
unprotected and its ratios move with the host from one run to the next.

    python3 bench/ab.py A_TARGET B_TARGET   # FRAMEWORKS=axum KINDS=get_small,... ROUNDS=4 DURATION=4

A_TARGET and B_TARGET are cargo target directories holding release builds
of the demos (`CARGO_TARGET_DIR=DIR cargo build --release -p rasp-examples`,
for instance in a `git worktree` of the older commit). Both protected
servers run side by side, pinned to CPU 0 with wrk on CPU 1 as in e2e.py,
and each request kind is measured on one then the other, in an order that
alternates between rounds; the requests per second and the server CPU time
per request of each are the means of the rounds, and B/A is printed. Both
run the configuration e2e.py uses (bench/load-rasp.json, or
RASP_BENCH_CONF). Nothing is built here: the script compares what it is
given.
"""
import os, signal, statistics, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e  # noqa: E402  (request kinds, demo start-up, wrk)

ROUNDS = int(os.environ.get("ROUNDS", "4"))


def exe_root(target):
    """A directory laid out as the checkout e2e.start expects
    (ROOT/target/release/FW-demo), pointing at `target`."""
    root = tempfile.mkdtemp()
    os.symlink(os.path.abspath(target), os.path.join(root, "target"))
    return root


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    e2e.ensure_wrk()
    roots = {"A": exe_root(sys.argv[1]), "B": exe_root(sys.argv[2])}
    for m, r in roots.items():
        for fw in e2e.FRAMEWORKS:
            exe = os.path.join(r, "target", "release", f"{fw}-demo")
            if not os.path.exists(exe):
                raise SystemExit(f"{m}: no {exe}: build the demos in release mode there first")
    tmp = tempfile.mkdtemp()
    scripts = {k[0]: e2e.lua(tmp, k) for k in e2e.KINDS}
    print(f"A = {sys.argv[1]}, B = {sys.argv[2]}; both protected; wrk -t1 -c{e2e.CONNECTIONS} "
          f"-d{e2e.DURATION}s, {ROUNDS} alternating rounds")
    print("\n| framework | request | req/s A | req/s B | B/A | CPU/req A | CPU/req B |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for fw in e2e.FRAMEWORKS:
        procs, ports = {}, {}
        try:
            for m, r in roots.items():
                # e2e.start finds the demo under its ROOT.
                e2e.ROOT = r
                ports[m] = e2e.free_port()
                procs[m] = e2e.start(fw, True, ports[m], wrapper=e2e.SERVER_CPU)
            for k in e2e.KINDS:
                res = {"A": [], "B": []}
                for m in roots:
                    subprocess.run([*e2e.LOAD_CPU, "wrk", "-t1", "-c2", "-d1s", "-s", scripts[k[0]],
                                    f"http://127.0.0.1:{ports[m]}"], capture_output=True)
                for rnd in range(ROUNDS):
                    for m in ("A", "B") if rnd % 2 == 0 else ("B", "A"):
                        res[m].append(e2e.wrk(ports[m], scripts[k[0]], procs[m].pid))
                rps = {m: statistics.mean(x[0] for x in res[m]) for m in res}
                cpu = {m: statistics.mean(x[3] for x in res[m]) for m in res}
                print(f"| {fw} | {k[0]} | {rps['A']:.0f} | {rps['B']:.0f} | {rps['B'] / rps['A']:.3f} "
                      f"| {cpu['A']:.2f} µs | {cpu['B']:.2f} µs |", flush=True)
        finally:
            for p in procs.values():
                p.send_signal(signal.SIGKILL)
                p.wait()


if __name__ == "__main__":
    main()
