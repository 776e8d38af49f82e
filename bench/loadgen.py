"""A load generator for loopback only: N threads with keep-alive connections, bounded in time.

Usage (run as a second process): python -m bench.loadgen URL SECONDS THREADS [METHOD] [BODY] [HEADER=VALUE...]
Prints: requests, errors, requests per second.
"""

from __future__ import annotations

import http.client
import sys
import threading
import time
from urllib.parse import urlsplit


def main() -> None:
    url, seconds, threads = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    method = sys.argv[4] if len(sys.argv) > 4 else "GET"
    body = sys.argv[5].encode() if len(sys.argv) > 5 and sys.argv[5] != "-" else None
    headers = dict(h.split("=", 1) for h in sys.argv[6:])
    parts = urlsplit(url)
    if parts.hostname not in ("127.0.0.1", "localhost"):
        raise SystemExit("loopback only")
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    counts = {"ok": 0, "err": 0}
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker() -> None:
        conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=10)
        ok = err = 0
        while time.perf_counter() < deadline:
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status < 400:
                    ok += 1
                else:
                    err += 1
            except (OSError, http.client.HTTPException):
                err += 1
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=10)
        with lock:
            counts["ok"] += ok
            counts["err"] += err

    start = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - start
    print(f"{counts['ok']} {counts['err']} {counts['ok'] / elapsed:.1f}")


if __name__ == "__main__":
    main()
