"""A mixed load for loopback only: N client threads with keep-alive connections, bounded in time, each
sending 9 reads to 1 write as people do — a write is its form page read first, then the form posted
back with the page's CSRF token and submission key, as a browser sends it.

Usage (a second process): python -m bench.mixed SPEC.json — SPEC holds base, seconds, threads, seed,
reads [{name, url, cookie}] and writes [{name, url, cookie, fields, mark}] (`mark` is the field that
carries a unique text, so the rows written can be counted afterwards).
Prints one JSON line: for each name the latencies in ms and the errors; for each write the marks that
were answered OK (a redirect after the save).
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import random
import re
import sys
import threading
import time
from typing import Any
from urllib.parse import urlencode, urlsplit

FORM = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", re.S)
HIDDEN = re.compile(r'name="(csrfmiddlewaretoken|submission_key)" value="([^"]+)"')


def _form_keys(html: str, fields: dict[str, str]) -> dict[str, str] | None:
    """The CSRF token and submission key of the page's form that has every field we fill, and for a field
    given as "@first" the first choice its list offers (who may be chosen is the page's to say)."""
    for body in FORM.findall(html):
        if all(f'name="{name}"' in body for name in fields):
            found = dict(HIDDEN.findall(body))
            for name, value in fields.items():
                if value == "@first":
                    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', body, re.S)
                    options = re.findall(r'<option value="([^"]+)"', select.group(1)) if select else []
                    if not options:
                        return None
                    found[name] = options[0]
            return found
    return None


def _a_day(rng: random.Random) -> str:
    """A day of the open year for a work record (dd/mm/พ.ศ.): a day holds at most 24 hours of a member's
    work, so the writes of a run, and of every run on the kept database, are spread over the year."""
    day = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(334))
    return f"{day:%d/%m}/{day.year + 543}"


def main() -> None:
    spec = json.loads(open(sys.argv[1], encoding="utf-8").read())  # noqa: SIM115
    parts = urlsplit(spec["base"])
    if parts.hostname not in ("127.0.0.1", "localhost"):
        raise SystemExit("loopback only")
    reads, writes = spec["reads"], spec["writes"]
    times: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    done: dict[str, list[str]] = {w["name"]: [] for w in writes}
    lock = threading.Lock()
    deadline = time.perf_counter() + spec["seconds"]

    def worker(number: int) -> None:
        rng = random.Random(spec["seed"] * 1000 + number)
        conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
        mine: dict[str, list[float]] = {}
        bad: dict[str, int] = {}
        ok_marks: dict[str, list[str]] = {}
        count = 0

        def send(name: str, method: str, url: str, cookie: str, body: str | None = None) -> tuple[int, str]:
            nonlocal conn
            headers = {"Cookie": cookie}
            if body is not None:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            start = time.perf_counter()
            try:
                conn.request(method, url, body=body, headers=headers)
                response = conn.getresponse()
                text = response.read().decode("utf-8", "replace")
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
                status, text = 0, ""
            mine.setdefault(name, []).append((time.perf_counter() - start) * 1000)
            return status, text

        while time.perf_counter() < deadline:
            count += 1
            if count % 10 == number % 10:  # one request in ten is a write, each client at its own turn
                w = writes[rng.randrange(len(writes))]
                status, page = send(w["form_name"], "GET", w["url"], w["cookie"])
                keys = _form_keys(page, w["fields"]) if status == 200 else None
                if keys is None:
                    bad[w["form_name"]] = bad.get(w["form_name"], 0) + 1
                    continue
                mark = f"bench-{spec['seed']}-{number}-{count}"
                fields = {k: _a_day(rng) if v == "@day" else v for k, v in w["fields"].items()}
                data = {**fields, w["mark"]: mark, **keys}
                status, _text = send(w["name"], "POST", w["url"], w["cookie"], urlencode(data))
                if status == 302:
                    ok_marks.setdefault(w["name"], []).append(mark)
                else:
                    bad[w["name"]] = bad.get(w["name"], 0) + 1
            else:
                r = reads[rng.randrange(len(reads))]
                status, _text = send(r["name"], "GET", r["url"], r["cookie"])
                if status != 200:
                    bad[r["name"]] = bad.get(r["name"], 0) + 1
        with lock:
            for name, got in mine.items():
                times.setdefault(name, []).extend(got)
            for name, n in bad.items():
                errors[name] = errors.get(name, 0) + n
            for name, marks in ok_marks.items():
                done[name].extend(marks)

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(spec["threads"])]
    start = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    out: dict[str, Any] = {
        "elapsed": time.perf_counter() - start,
        "times": times,
        "errors": errors,
        "done": done,
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
