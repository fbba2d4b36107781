#!/usr/bin/env python3
"""The adapters under malformed and mutated HTTP, on loopback.

`python3 bench/http_soak.py target/release/axum-demo PORT SECONDS SEED`
(build the demos first: `cargo build --release -p rasp-examples`) starts the
demo protected with `bench/load-rasp.json` and sends it, one connection
each, requests built from the attack lists and hand-written sets and
mutated at the HTTP level: raw and invalid percent-encoding in the path and
query, bytes 0x80-0xff and control characters in header values, an empty
or foreign Host, cookies of many pairs, JSON cut short, 100,000 `[`,
UTF-16 JSON, multipart without a boundary or cut, GraphQL bodies, chunked
bodies (some malformed), Content-Length longer than the body or not a
number, methods the app does not route. It fails (exit 1) when the server
exits, stops answering a clean GET (asked every 500 requests), leaves a
complete request unanswered for 5 s, or writes `panicked` to its standard
error. Requests whose body is announced longer than sent are not counted
as hangs: the server waits for the body, as HTTP says.
"""
import os, random, socket, subprocess, sys, time, glob

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

binary, port, seconds, seed = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
rng = random.Random(seed)
seeds = []
for f in glob.glob(os.path.join(ROOT, "../shared/data/payloads/*/*")) + glob.glob(os.path.join(ROOT, "models/handwritten/*.txt")):
    try:
        seeds += [l for l in open(f, encoding="utf-8", errors="replace").read().split("\n") if l]
    except IsADirectoryError:
        pass
err = open(f"/tmp/http-soak-{os.path.basename(binary)}.err", "wb")
dead = False
srv = subprocess.Popen([binary, "--addr", f"127.0.0.1:{port}", "--conf", os.path.join(ROOT, "bench/load-rasp.json")],
                       stdout=subprocess.DEVNULL, stderr=err)
time.sleep(1.5)

SHARDS = [b"%", b"%zz", b"%%", b"%u", b"%ff", b"\xff", b"\xc3", b"\x00", b"\r", b"\n", b";", b"=", b"&", b"\"",
          b"'", b"<", b"\\", b"/../", b"//", b"?", b"#", b" ", b"\t", "é".encode(), b"%C3%A9", b"%2e%2e%2f"]

def val(n=512):
    v = rng.choice(seeds).encode()
    for _ in range(rng.randrange(4)):
        at = rng.randrange(len(v) + 1)
        v = v[:at] + rng.choice(SHARDS + [rng.choice(seeds).encode()]) + v[at:]
    if rng.random() < 0.05:
        v = v * rng.randrange(2, 200)
    return v[:n if rng.random() < 0.9 else 100000]

def pct(b):
    return b"".join(bytes([c]) if chr(c).isalnum() else b"%%%02X" % c for c in b)

def request():
    method = rng.choice([b"GET", b"POST"] * 4 + [b"PUT", b"DELETE", b"PATCH", b"OPTIONS", b"HEAD", b"G\xc3\xa9T", b"TRACE"])
    path = rng.choice([b"/", b"/search", b"/api/items", b"/api/orders", b"/graphql", b"/form", b"/upload",
                       b"/api/items/" + pct(val(40)), b"/" + pct(val(60)), b"/" + val(60).replace(b" ", b"").replace(b"\r", b"").replace(b"\n", b"")])
    if rng.random() < 0.7:
        q = b"&".join((pct(val(20)) if rng.random() < 0.3 else b"q") + b"=" + (pct(val()) if rng.random() < 0.6 else val().replace(b" ", b"+").replace(b"\r", b"").replace(b"\n", b"").replace(b"#", b""))
                      for _ in range(rng.randrange(1, 5)))
        path += b"?" + (q if rng.random() < 0.2 else bytes(c for c in q if 0x20 < c < 0x7f))
    headers = [(b"Host", rng.choice([b"127.0.0.1"] * 8 + [b"127.0.0.1:%d" % port, b"evil", b"", b"\xff"]))]
    for _ in range(rng.randrange(6)):
        name = rng.choice([b"User-Agent", b"Referer", b"Cookie", b"X-Forwarded-For", b"Accept", b"X-Y", b"Content-Type"])
        v = val(300)
        if rng.random() < 0.9:
            v = bytes(c for c in v if c >= 0x20 and c != 0x7f)
        v = v.replace(b"\r", b"").replace(b"\n", b"")
        if name == b"Cookie":
            v = b"; ".join(b"a%d=%s" % (i, pct(val(50))) for i in range(rng.randrange(1, 6)))
        headers.append((name, v))
    kind = rng.randrange(7)
    body = b""
    if kind == 0:
        ct = b"application/json"
        body = ("{\"q\": %s, \"query\": %s, \"items\": [%s]}" % (
            repr(val().decode("utf-8", "replace")).replace("'", '"'), "\"query { a }\"",
            ",".join("1" for _ in range(rng.randrange(5))))).encode()
        if rng.random() < 0.3:
            body = body[:rng.randrange(len(body) + 1)]
        if rng.random() < 0.05:
            body = b"[" * 100000
    elif kind == 1:
        ct = b"application/x-www-form-urlencoded"
        body = b"q=" + pct(val()) + b"&body=" + val()
    elif kind == 2:
        ct = rng.choice([b"multipart/form-data; boundary=x", b"multipart/form-data", b"multipart/form-data; boundary="])
        body = b"--x\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\n" + val() + b"\r\n--x--\r\n"
        if rng.random() < 0.3:
            body = body[:rng.randrange(len(body) + 1)]
    elif kind == 3:
        ct = b"application/graphql"
        body = val()
    elif kind == 4:
        ct = b"application/json; charset=utf-16"
        body = val().decode("utf-8", "replace").encode("utf-16")
    else:
        ct = None
    if ct:
        headers.append((b"Content-Type", ct))
    framing = rng.randrange(10)
    incomplete = False
    if framing == 0:
        # chunked, sometimes malformed
        chunks = b""
        for i in range(0, len(body), 37):
            piece = body[i:i + 37]
            chunks += b"%x\r\n" % len(piece) + piece + b"\r\n"
        end = rng.choice([b"0\r\n\r\n", b"zz\r\n", b"", b"5\r\nab"])
        incomplete = end in (b"", b"5\r\nab")
        chunks += end
        headers.append((b"Transfer-Encoding", b"chunked"))
        body = chunks
    elif framing == 1:
        headers.append((b"Content-Length", b"%d" % (len(body) + rng.randrange(1, 50))))
        incomplete = True
    elif framing == 2:
        headers.append((b"Content-Length", rng.choice([b"-1", b"abc", b"99999999999999999999", b"1, 2"])))
    elif body or method in (b"POST", b"PUT"):
        headers.append((b"Content-Length", b"%d" % len(body)))
    head = method + b" " + path + b" HTTP/1.1\r\n" + b"".join(k + b": " + v + b"\r\n" for k, v in headers) + b"Connection: close\r\n\r\n"
    return head + body, incomplete

def send(data, timeout=5.0):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        s.sendall(data)
        out = b""
        while True:
            try:
                b = s.recv(65536)
            except socket.timeout:
                return out, True
            except ConnectionResetError:
                return out, False
            if not b:
                return out, False
            out += b
    finally:
        s.close()

until = time.time() + seconds
n = hung = slow = 0
statuses = {}
worst = 0.0
while time.time() < until:
    data, incomplete = request()
    t = time.time()
    try:
        out, timed_out = send(data, 0.3 if incomplete else 5.0)
    except (ConnectionRefusedError, BrokenPipeError, ConnectionResetError) as e:
        print("connection error", e, data[:200]); out, timed_out = b"", False
    dt = time.time() - t
    if incomplete:
        n += 1
        continue
    worst = max(worst, dt)
    if timed_out:
        hung += 1
        open(f"/tmp/http-soak-hung-{hung}.bin", "wb").write(data)
    code = out[9:12].decode("ascii", "replace") if out.startswith(b"HTTP/") else "none"
    statuses[code] = statuses.get(code, 0) + 1
    n += 1
    if n % 500 == 0:
        ok, _ = send(b"GET /search?q=red+shoes HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        if not ok.startswith(b"HTTP/1.1 200"):
            print("server not answering a clean GET after", n, ok[:100])
            dead = True
            break
    if srv.poll() is not None:
        print("SERVER EXITED", srv.returncode)
        dead = True
        open("/tmp/http-soak-crash.bin", "wb").write(data)
        break
srv.terminate(); srv.wait()
err.close()
panics = open(err.name, "rb").read().count(b"panicked")
print(f"{os.path.basename(binary)}: {n} requests, statuses {sorted(statuses.items())}, timed out {hung}, slowest {worst*1000:.0f} ms, panics in stderr {panics}")
sys.exit(1 if dead or hung or panics else 0)
