#!/usr/bin/env python3
"""What sqlmap sends, scored by rasp: Debian's sqlmap (1.7.2 on bookworm) is
run against a local page that logs every value of its `id` parameter, with
every test it has (`--level=5 --risk=3`), and the values it sent are scored
with `rasp eval --format lines --type sqli`.

    cargo build --release -p rasp-cli && python3 models/sqlmap_payloads.py
    python3 models/sqlmap_payloads.py --tamper space2comment --level 3 --risk 2

The page answers the same to every value, so sqlmap finds nothing and goes
through all of its boundaries and techniques (about 8,000 distinct values,
a minute or two). Among them are a few values that are not injections
(the original `1`, a negative number): they are listed with the misses.
Nothing is committed; the package and the values go to `--cache` (default
/tmp/rasp-sqlmap), and the values to `values.txt` there, which
`models/compare.py` scores too when it finds it. With `--tamper`, sqlmap
rewrites its payloads with its tamper scripts (its filter evasions) and the
values go to `values-<tamper>.txt`.
"""

import argparse
import glob
import http.server
import json
import os
import subprocess
import threading
import urllib.parse


def serve(log_path, port):
    log = open(log_path, "w")
    lock = threading.Lock()

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            query = urllib.parse.urlsplit(self.path).query
            for k, v in urllib.parse.parse_qsl(query, keep_blank_values=True):
                if k == "id":
                    # One value a line: a line break is logged as the URL
                    # escape it came in (space2dash puts `--` and a line
                    # break where a space was), which rasp decodes.
                    v = v.replace("\r", "%0D").replace("\n", "%0A")
                    with lock:
                        log.write(v + "\n")
                        log.flush()
            body = b"<html><body>item</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rasp", default="target/release/rasp")
    ap.add_argument("--cache", default="/tmp/rasp-sqlmap")
    ap.add_argument("--port", type=int, default=8099)
    ap.add_argument("--level", default="5")
    ap.add_argument("--risk", default="3")
    ap.add_argument(
        "--tamper",
        default="",
        help="sqlmap tamper scripts, comma-separated (`space2comment,randomcase`): its evasions",
    )
    args = ap.parse_args()
    os.makedirs(args.cache, exist_ok=True)
    root = os.path.join(args.cache, "root")
    if not glob.glob(os.path.join(args.cache, "sqlmap_*.deb")):
        subprocess.run(["apt-get", "download", "sqlmap"], cwd=args.cache, check=True, capture_output=True)
    deb = glob.glob(os.path.join(args.cache, "sqlmap_*.deb"))[0]
    subprocess.run(["dpkg-deb", "-x", deb, root], check=True)
    suffix = "-" + args.tamper.replace(",", "+") if args.tamper else ""
    sent = os.path.join(args.cache, f"sent{suffix}.log")
    server = serve(sent, args.port)
    subprocess.run(
        [
            "python3",
            os.path.join(root, "usr/share/sqlmap/sqlmap.py"),
            "-u",
            f"http://127.0.0.1:{args.port}/item?id=1",
            "-p",
            "id",
            "--batch",
            f"--level={args.level}",
            f"--risk={args.risk}",
            "--flush-session",
            "--threads=4",
            "--output-dir=" + os.path.join(args.cache, "out"),
        ]
        + ([f"--tamper={args.tamper}"] if args.tamper else []),
        check=True,
        capture_output=True,
        timeout=900,
    )
    server.shutdown()
    # split("\n"): str.splitlines() also splits at \x0b, \x0c, \x1c-\x1e
    # and \x85, which space2mssqlblank puts where spaces were.
    values = sorted(set(open(sent, newline="\n").read().split("\n")) - {""})
    path = os.path.join(args.cache, f"values{suffix}.txt")
    with open(path, "w") as f:
        f.write("\n".join(values) + "\n")
    r = subprocess.run([args.rasp, "eval", "--format", "lines", "--type", "sqli", path], capture_output=True, text=True, check=True)
    print(r.stdout.strip().splitlines()[-1])
    r = subprocess.run([args.rasp, "scan", "--file", path], capture_output=True, text=True, check=True)
    print("passed:")
    for line in r.stdout.splitlines():
        d = json.loads(line)
        if d["verdict"] == "allow":
            print(f"  {d['sqli']:.4f} {d['value'][:120]!r}")


if __name__ == "__main__":
    main()
