#!/usr/bin/env python3
"""End-to-end overhead of rasp: each demo app served unprotected and protected
(every check on, flood thresholds out of reach), hit by wrk on loopback with a
mix of requests. Both servers run side by side and each request kind is
measured on both back to back, in alternating order, so that machine noise
cancels in the ratios.

    python3 bench/e2e.py            # DURATION=5 ROUNDS=2 FRAMEWORKS=axum,actix,rocket KINDS=get_small,...

Prints, per framework and request kind, requests per second and p50/p99
latency protected vs unprotected and their ratio (the medians', and each
round's, whose spread shows how far the host moved), the server's CPU time per
request (user + system, all threads, from /proc: what the app pays, whatever
share of the two cores the load generator takes; the added time split into
user time, where rasp's code runs, and system time, the kernel's network
work, which moves with how many requests each wake-up serves), and the peak memory
(VmHWM) of each server. Installs wrk (Debian package) when it is missing.

CONNECTIONS (8 by default) is wrk's number of open connections: with 8 the
server core is saturated and the latencies hold queueing; CONNECTIONS=1
sends one request at a time, so p50 and p99 are what one request costs.

With PIN=1 (the default on a machine of two cores or more) each server runs
on CPU 0 and wrk on CPU 1 (taskset), so that the load generator does not take
the server's CPU time from one run to the next: the ratios then measure what
rasp costs one core serving the app. PIN=0 lets the scheduler place them.

PROTECT=null serves the "protected" side through a middleware that does
nothing instead of rasp (the demos' --null-middleware: axum's Identity
layer, actix-web's Identity, a rocket fairing with empty hooks), added
where rasp is: the ratios are then what being a middleware at all costs on
each framework, the floor under rasp's. With BUSY_NS=N as well, that
middleware spins N nanoseconds on each request (--busy-middleware N): what a
cost of that size does to the ratios on this machine, the scale against
which rasp's cost is read (each nanosecond of work costs the server more
than a nanosecond here: the load generator, waiting longer, is woken more
often, and the kernel charges that to the server).

RASP_BENCH_CONF names another configuration for the protected runs than
bench/load-rasp.json (every check on): with every check at 0
(bench/checks-off-rasp.json), the ratio is what the adapter and the
engine's scaffolding cost alone.
"""
import os, re, shutil, signal, socket, statistics, subprocess, sys, tempfile, time, json

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DURATION = int(os.environ.get("DURATION", "5"))
ROUNDS = int(os.environ.get("ROUNDS", "2"))
FRAMEWORKS = os.environ.get("FRAMEWORKS", "axum,actix,rocket").split(",")
# A comma-separated subset of the request kinds below (all by default).
ONLY = [k for k in os.environ.get("KINDS", "").split(",") if k]
CONNECTIONS = int(os.environ.get("CONNECTIONS", "8"))
CONF = os.environ.get("RASP_BENCH_CONF", os.path.join(ROOT, "bench", "load-rasp.json"))
PROTECT = os.environ.get("PROTECT", "rasp")
if PROTECT not in ("rasp", "null"):
    raise SystemExit(f"PROTECT is rasp or null, not {PROTECT!r}")
BUSY_NS = int(os.environ.get("BUSY_NS", "0"))
if BUSY_NS and PROTECT != "null":
    raise SystemExit("BUSY_NS goes with PROTECT=null")
# What the "on" side serves through, in words (for the scripts' headers).
ON = ("rasp" if PROTECT == "rasp"
      else f"a middleware that spins {BUSY_NS} ns a request" if BUSY_NS
      else "a middleware that does nothing")
PIN = os.environ.get("PIN", "1" if (os.cpu_count() or 1) >= 2 else "0") == "1" and shutil.which("taskset")
SERVER_CPU = ["taskset", "-c", "0"] if PIN else []
LOAD_CPU = ["taskset", "-c", "1"] if PIN else []


def json_body(size):
    items, i = [], 0
    while True:
        items.append({"id": i, "name": f"Widget {i}", "note": "Ships in 2-3 days, O'Brien's choice", "price": 19.99})
        s = json.dumps({"customer": {"email": "jane.doe@example.com", "city": "Lyon"}, "items": items})
        if len(s) >= size:
            return s
        i += 1


KINDS = [
    ("get_small", "GET", "/search?q=red+shoes&page=2&sort=price&size=42", None, None),
    ("form_post", "POST", "/form", "application/x-www-form-urlencoded",
     "name=Jane+O%27Brien&email=jane.doe%40example.com&comment=Great+shop%2C+thanks%21&rating=5"),
    # The same form to a handler that parses it (`/signup`: a typed form,
    # a short answer), as a form endpoint does; `/form` echoes it back.
    ("form_signup", "POST", "/signup", "application/x-www-form-urlencoded",
     "name=Jane+O%27Brien&email=jane.doe%40example.com&comment=Great+shop%2C+thanks%21&rating=5"),
    ("json_1k", "POST", "/api/items", "application/json", json_body(1024)),
    # The 1 KiB body to the endpoint that parses it (see api_64k).
    ("api_1k", "POST", "/api/orders", "application/json", json_body(1024)),
    ("json_64k", "POST", "/api/items", "application/json", json_body(64 * 1024)),
    # The same body to a handler that parses it into typed structs, as a
    # JSON API does, and answers a short summary.
    ("api_64k", "POST", "/api/orders", "application/json", json_body(64 * 1024)),
    ("resp_1k", "GET", "/", None, None),
    ("resp_256k", "GET", "/big", None, None),
]


KINDS = [k for k in KINDS if not ONLY or k[0] in ONLY]


def ensure_package(package, *commands):
    """Installs a Debian package when one of its commands is missing (the
    benchmarks' tools: wrk, valgrind, perf)."""
    if all(shutil.which(c) for c in commands):
        return
    print(f"installing {package} (Debian package)...", file=sys.stderr)
    subprocess.run(["apt-get", "update"], check=False, stdout=subprocess.DEVNULL)
    subprocess.run(["apt-get", "install", "-y", package], check=True, stdout=subprocess.DEVNULL)


def ensure_wrk():
    ensure_package("wrk", "wrk")


def lua(tmp, kind):
    name, method, path, ctype, body = kind
    p = os.path.join(tmp, name + ".lua")
    with open(p, "w") as f:
        f.write(f'wrk.method = "{method}"\nwrk.path = "{path}"\n')
        if body is not None:
            f.write(f'wrk.headers["Content-Type"] = "{ctype}"\nwrk.body = [==[{body}]==]\n')
    return p


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start(fw, protected, port, wrapper=(), wait_s=10):
    """Starts the demo of `fw` on `port` (under `wrapper`, e.g. valgrind) and
    waits up to `wait_s` seconds for it to accept connections."""
    exe = os.path.join(ROOT, "target", "release", f"{fw}-demo")
    args = [*wrapper, exe, "--addr", f"127.0.0.1:{port}", "--conf", CONF]
    if not protected:
        args.append("--unprotected")
    elif BUSY_NS:
        args += ["--busy-middleware", str(BUSY_NS)]
    elif PROTECT == "null":
        args.append("--null-middleware")
    env = dict(os.environ, RUST_LOG="error", ROCKET_LOG_LEVEL="off", ROCKET_CLI_COLORS="false")
    for v in ("PYRASP_CONF", "RASP_CONF", "PYRASP_CLOUD_URL", "RASP_CLOUD_URL"):
        env.pop(v, None)
    p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return p
        except OSError:
            time.sleep(0.05)
    p.kill()
    raise SystemExit(f"{fw} did not start")


def hwm_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def to_ms(v):
    m = re.match(r"([\d.]+)(us|ms|s)", v)
    return float(m.group(1)) * UNITS[m.group(2)]


TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """User and system CPU time of the whole server process (all threads)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) / TICK, int(fields[12]) / TICK


def wrk(port, script, pid):
    before = cpu_seconds(pid)
    out = subprocess.run(
        [*LOAD_CPU, "wrk", "-t1", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency", "-s", script, f"http://127.0.0.1:{port}"],
        capture_output=True, text=True, check=True).stdout
    after = cpu_seconds(pid)
    user, system = after[0] - before[0], after[1] - before[1]
    count = int(re.search(r"(\d+) requests in", out).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = to_ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = to_ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        raise SystemExit(f"{non2xx.group(1)} non-2xx answers: the load was blocked\n{out}")
    per = 1e6 / max(count, 1)
    return rps, p50, p99, (user + system) * per, user * per, system * per


def main():
    ensure_wrk()
    subprocess.run(["cargo", "build", "--release", "-p", "rasp-examples"], cwd=ROOT, check=True)
    tmp = tempfile.mkdtemp()
    scripts = {k[0]: lua(tmp, k) for k in KINDS}
    pin = "servers on CPU 0, wrk on CPU 1" if PIN else "not pinned"
    on = ON if PROTECT == "rasp" else f"{ON} (PROTECT=null), not rasp"
    print(f"machine: {os.cpu_count()} cores; wrk -t1 -c{CONNECTIONS} -d{DURATION}s, {ROUNDS} interleaved rounds; {pin}; \"on\" is {on}")
    for fw in FRAMEWORKS:
        res = {(m, k[0]): [] for m in ("off", "on") for k in KINDS}
        # Both servers run side by side (idle when not under load), and each
        # request kind is measured off and on back to back, in an order that
        # alternates between rounds: drift in the machine's speed hits both
        # sides of a ratio alike.
        ports = {m: free_port() for m in ("off", "on")}
        procs = {m: start(fw, m == "on", ports[m], wrapper=SERVER_CPU) for m in ("off", "on")}
        try:
            for rnd in range(ROUNDS):
                for k in KINDS:
                    order = ("off", "on") if rnd % 2 == 0 else ("on", "off")
                    for mode in order:
                        subprocess.run([*LOAD_CPU, "wrk", "-t1", "-c2", "-d1s", "-s", scripts[k[0]],
                                        f"http://127.0.0.1:{ports[mode]}"], capture_output=True)
                        res[(mode, k[0])].append(wrk(ports[mode], scripts[k[0]], procs[mode].pid))
            mem = {m: [hwm_kib(procs[m].pid)] for m in procs}
        finally:
            for p in procs.values():
                p.send_signal(signal.SIGKILL)
                p.wait()
        print(f"\n### {fw}\n")
        print("| request | req/s off | req/s on | ratio | ratio by round | p50 off | p50 on | p99 off | p99 on "
              "| p99 added | server CPU/req off | on | added | of which user | of which system |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for k in KINDS:
            off = res[("off", k[0])]
            on = res[("on", k[0])]
            r_off = statistics.median(x[0] for x in off)
            r_on = statistics.median(x[0] for x in on)
            p50_off = statistics.median(x[1] for x in off)
            p50_on = statistics.median(x[1] for x in on)
            p99_off = statistics.median(x[2] for x in off)
            p99_on = statistics.median(x[2] for x in on)
            cpu_off = statistics.median(x[3] for x in off)
            cpu_on = statistics.median(x[3] for x in on)
            user_added = statistics.median(x[4] for x in on) - statistics.median(x[4] for x in off)
            sys_added = statistics.median(x[5] for x in on) - statistics.median(x[5] for x in off)
            # Each round's two runs were back to back: how far their ratios
            # spread says how much the host moved the median.
            by_round = " ".join(f"{b[0] / a[0]:.2f}" for a, b in zip(off, on))
            print(f"| {k[0]} | {r_off:.0f} | {r_on:.0f} | {r_on / r_off:.2f} | {by_round} "
                  f"| {p50_off * 1000:.0f} µs | {p50_on * 1000:.0f} µs "
                  f"| {p99_off * 1000:.0f} µs | {p99_on * 1000:.0f} µs | {(p99_on - p99_off) * 1000:+.0f} µs "
                  f"| {cpu_off:.1f} µs | {cpu_on:.1f} µs | {cpu_on - cpu_off:+.1f} µs "
                  f"| {user_added:+.1f} µs | {sys_added:+.1f} µs |")
        m_off, m_on = max(mem["off"]), max(mem["on"])
        print(f"\npeak memory (VmHWM): unprotected {m_off / 1024:.1f} MiB, protected {m_on / 1024:.1f} MiB, "
              f"difference {(m_on - m_off) / 1024:+.1f} MiB")


if __name__ == "__main__":
    main()
