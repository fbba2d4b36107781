#!/usr/bin/env python3
"""Where the time rasp adds to a request goes, by function, in nanoseconds
of CPU per request: each demo app runs unprotected and protected, pinned to
CPU 0, under wrk on CPU 1 (as in bench/e2e.py), while `perf record`
samples the server's CPU clock; the samples of each function per request,
protected minus unprotected, are printed, largest first.

    python3 bench/perf_diff.py   # FRAMEWORKS=actix KINDS=get_small DURATION=4 ROUNDS=2 ROWS=40

This sees what instruction counts (bench/instructions.py) cannot: the cost
of a call into the C library (`memcmp`, `memcpy`, `memchr`), of an atomic
operation or a cache miss. It found `memcmp` at +183 ns a GET on actix,
for some ten calls on short names that callgrind counted as 170
instructions in all. Sampling makes each figure noisy (one sample is
1e6/FREQ ns, here 200 ns, spread over the requests of the run), and the
machine drifts: each server runs ROUNDS times, taking turns, and the
samples are summed. Read the large rows, and run again before trusting a
small one. Needs `perf` (Debian package `linux-perf`; installed when
missing) and permission to record (`kernel.perf_event_paranoid` at most 1,
or root).
"""
import collections, os, re, signal, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e  # noqa: E402  (request kinds, demo start-up, wrk)

DURATION = int(os.environ.get("DURATION", "4"))
FREQ = int(os.environ.get("FREQ", "5000"))
ROWS = int(os.environ.get("ROWS", "40"))
ROUNDS = int(os.environ.get("ROUNDS", "2"))
FRAMEWORKS = os.environ.get("FRAMEWORKS", "actix").split(",")
ONLY = [k for k in os.environ.get("KINDS", "get_small").split(",") if k]


def ensure_perf():
    e2e.ensure_package("linux-perf", "perf")


def record(fw, protected, script, data):
    """Serves under wrk while perf samples the server; returns the requests served."""
    port = e2e.free_port()
    p = e2e.start(fw, protected, port, wrapper=["taskset", "-c", "0"])
    try:
        url = f"http://127.0.0.1:{port}"
        load = ["taskset", "-c", "1", "wrk", "-t1", f"-c{e2e.CONNECTIONS}", "-s", script]
        subprocess.run([*load, "-d1s", url], capture_output=True, check=True)
        rec = subprocess.Popen(
            ["perf", "record", "-e", "cpu-clock", "-F", str(FREQ), "-o", data, "-p", str(p.pid)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.5)
        out = subprocess.run([*load, f"-d{DURATION}s", url], capture_output=True, text=True, check=True).stdout
        rec.send_signal(signal.SIGINT)
        rec.wait()
        return int(re.search(r"(\d+) requests in", out).group(1))
    finally:
        p.kill()
        p.wait()


def samples(data):
    """Samples per function (user-space and kernel), from a perf data file."""
    out = subprocess.run(
        ["perf", "report", "-i", data, "--no-children", "--sort", "sym", "-F", "sample,sym", "--stdio"],
        capture_output=True, text=True, check=True).stdout
    d = collections.Counter()
    for line in out.splitlines():
        m = re.match(r"\s*(\d+)\s+\[(.)\]\s+(.*)", line)
        if m:
            d[(m.group(2), m.group(3).strip()[:100])] += int(m.group(1))
    return d


def main():
    e2e.ensure_wrk()
    ensure_perf()
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "rasp-examples"], cwd=e2e.ROOT, check=True)
    ns_per_sample = 1e9 / FREQ
    with tempfile.TemporaryDirectory() as tmp:
        for fw in FRAMEWORKS:
            for kind in [k for k in e2e.KINDS if k[0] in ONLY]:
                script = e2e.lua(tmp, kind)
                # Samples and requests summed over the rounds, the two servers
                # taking turns in an order that alternates, so that the
                # machine's drift weighs on both alike.
                runs = {False: [0, collections.Counter()], True: [0, collections.Counter()]}
                for r in range(ROUNDS):
                    for protected in ((False, True) if r % 2 == 0 else (True, False)):
                        data = os.path.join(tmp, f"{fw}-{kind[0]}-{int(protected)}-{r}.data")
                        runs[protected][0] += record(fw, protected, script, data)
                        runs[protected][1] += samples(data)
                (n0, s0), (n1, s1) = runs[False], runs[True]
                per = lambda s, n, k: s[k] * ns_per_sample / n  # noqa: E731
                rows = sorted(set(s0) | set(s1), key=lambda k: per(s1, n1, k) - per(s0, n0, k), reverse=True)
                total = lambda s, n, space: sum(v for k, v in s.items() if k[0] in space) * ns_per_sample / n  # noqa: E731
                print(f"\n{fw} {kind[0]}: {n0} requests unprotected, {n1} protected, "
                      f"{ROUNDS} rounds of {DURATION} s each, one sample = {ns_per_sample:.0f} ns")
                for name, space in (("user", "."), ("kernel", "k")):
                    a, b = total(s0, n0, space), total(s1, n1, space)
                    print(f"  {name:6} {a:7.0f} ns/request -> {b:7.0f} ({b - a:+.0f})")
                print("  added ns/request  function")
                for k in rows[:ROWS]:
                    d = per(s1, n1, k) - per(s0, n0, k)
                    print(f"  {d:+10.0f}        [{k[0]}] {k[1]}")


if __name__ == "__main__":
    main()
