#!/usr/bin/env python3
"""What rasp adds to each request, in CPU instructions: each demo app runs
unprotected and protected under valgrind's callgrind, and the instructions
the whole server process executes for N requests of each kind (after a
warm-up) are counted and divided by N.

    python3 bench/instructions.py      # N=300 FRAMEWORKS=axum,actix,rocket KINDS=get_small,...

Instruction counts do not move with the machine's load, its clock or the
load generator's share of the cores, as requests per second do on a shared
two-core machine (bench/e2e.py); they miss cache and branch effects, so they
complement the wall-clock benchmark rather than replace it. Requests are
sent one at a time on one keep-alive connection. Uses the same demos,
configuration and request kinds as bench/e2e.py. Installs valgrind (Debian
package) when it is missing.
"""
import glob, http.client, os, shutil, signal, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e  # noqa: E402  (the request kinds, demo start-up and configuration)

N = int(os.environ.get("N", "300"))
WARMUP = 30


def ensure_valgrind():
    e2e.ensure_package("valgrind", "valgrind", "callgrind_control")


def send(conn, kind, n):
    _, method, path, ctype, body = kind
    headers = {"Content-Type": ctype} if ctype else {}
    for _ in range(n):
        conn.request(method, path, body=body, headers=headers)
        r = conn.getresponse()
        r.read()
        if r.status >= 400:
            raise SystemExit(f"{kind[0]}: answered {r.status}: the load was blocked")


def control(pid, flag):
    subprocess.run(["callgrind_control", flag, str(pid)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def total_of_last_dump(outdir, pid):
    dumps = [f for f in glob.glob(f"{outdir}/cg.{pid}.*") if f.rsplit(".", 1)[1].isdigit()]
    last = max(dumps, key=lambda f: int(f.rsplit(".", 1)[1]))
    with open(last) as f:
        for line in f:
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    raise SystemExit(f"no totals in {last}")


def measure(fw, protected, kinds):
    outdir = tempfile.mkdtemp()
    port = e2e.free_port()
    # Start-up under valgrind takes seconds.
    p = e2e.start(fw, protected, port,
                  wrapper=["valgrind", "--tool=callgrind", f"--callgrind-out-file={outdir}/cg.%p"],
                  wait_s=120)
    per_request = {}
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        for k in kinds:
            send(conn, k, WARMUP)
            control(p.pid, "-z")
            send(conn, k, N)
            control(p.pid, "-d")
            per_request[k[0]] = total_of_last_dump(outdir, p.pid) / N
        conn.close()
    finally:
        p.send_signal(signal.SIGKILL)
        p.wait()
        shutil.rmtree(outdir, ignore_errors=True)
    return per_request


def main():
    ensure_valgrind()
    subprocess.run(["cargo", "build", "--release", "-p", "rasp-examples"], cwd=e2e.ROOT, check=True)
    print(f"instructions per request, whole server process; {N} requests per kind after {WARMUP} of warm-up")
    for fw in e2e.FRAMEWORKS:
        off = measure(fw, False, e2e.KINDS)
        on = measure(fw, True, e2e.KINDS)
        print(f"\n### {fw}\n")
        print(f"| request | unprotected | protected | added by {e2e.ON} | added |")
        print("| --- | --- | --- | --- | --- |")
        for k in e2e.KINDS:
            a, b = off[k[0]], on[k[0]]
            print(f"| {k[0]} | {a / 1000:.1f}K | {b / 1000:.1f}K | {(b - a) / 1000:+.1f}K | {(b - a) / a * 100:+.0f} % |")


if __name__ == "__main__":
    main()
