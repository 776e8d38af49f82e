"""`make bench`: benchmarks that print figures (never part of `make test`).

For each scale (BENCH_SCALES, default "district,province"; "nation" too when asked) it generates a database
once — a file under var/, or on PostgreSQL a database per scale beside DATABASE_URL's — and keeps it for the
next run (BENCH_FRESH=1 regenerates), then measures the main pages and API lists, the
throughput under load, the import rate and the annual close, each against a baseline measured in the same
run. Results are printed and written to docs/benchmarks.md with the date, the machine and the commands.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def db_env(scale: str) -> dict[str, str]:
    """Each scale has its own database, kept for the next run: a file under var/ on SQLite; on PostgreSQL a
    database named after DATABASE_URL's with the scale appended (sammachip_bench → sammachip_bench_province),
    on the same server. BENCH_KEEP=1 measures DATABASE_URL itself, as it is (one scale)."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return {"SQLITE_PATH": str(ROOT / "var" / f"bench-{scale}.sqlite3")}
    if os.environ.get("BENCH_KEEP"):
        return {"DATABASE_URL": url}
    parts = urlsplit(url)
    return {"DATABASE_URL": urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_{scale}"))}


def _pg_database(url: str, *, fresh: bool) -> bool:
    """Create the scale's PostgreSQL database if missing (dropped first when fresh); True if it was made."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not fresh:
            return False
        if exists:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return True


def ensure_generated(scale: str) -> str:
    env = {**os.environ, **db_env(scale), "PYTHAINLP_OFFLINE": "1"}
    if os.environ.get("DATABASE_URL") and os.environ.get("BENCH_KEEP"):
        return "an earlier `sammachip generate` run (BENCH_KEEP)"
    fresh = bool(os.environ.get("BENCH_FRESH"))
    if "SQLITE_PATH" in env:
        marker = ROOT / "var" / f"bench-{scale}.done"
        if fresh or not marker.exists():
            for suffix in ("", "-wal", "-shm"):
                Path(env["SQLITE_PATH"] + suffix).unlink(missing_ok=True)
            made = True
        else:
            made = False
    else:
        database = urlsplit(env["DATABASE_URL"]).path.lstrip("/")
        marker = ROOT / "var" / f"bench-{database}.done"
        # A database without its marker was left half-generated (or by another checkout): made again.
        made = _pg_database(env["DATABASE_URL"], fresh=fresh or not marker.exists())
    if made:
        marker.unlink(missing_ok=True)
        start = time.perf_counter()
        for command in (["migrate", "--no-input", "-v0"], ["generate", "--scale", scale]):
            subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)  # noqa: S603
        took = time.perf_counter() - start
        marker.write_text(f"{took:.0f}")
        return f"{took:.0f} s"
    # A database kept from an earlier run may predate this release's migrations.
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
    )  # noqa: S603
    kept = marker.read_text().strip()  # seconds, or a sentence about how it was generated
    return f"{kept}{' s' if kept.replace('.', '').isdigit() else ''} (kept from an earlier run)"


def measure_scale(scale: str) -> tuple[dict, list[str]]:
    """Run the page and load measurements in a child process bound to that scale's database."""
    env = {
        **os.environ,
        **db_env(scale),
        "PYTHAINLP_OFFLINE": "1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bench.scale_run", scale],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    import json

    payload = json.loads(out.stdout.strip().splitlines()[-1])
    return payload["pages"], payload["lines"]


def main() -> None:
    scales = [s for s in os.environ.get("BENCH_SCALES", "district,province").split(",") if s]
    (ROOT / "var").mkdir(exist_ok=True)
    results: dict[str, dict] = {}
    sections: list[str] = []
    for scale in scales:
        took = ensure_generated(scale)
        pages, lines = measure_scale(scale)
        results[scale] = {k: tuple(v) for k, v in pages.items()}
        sections += [f"### {scale} scale (generated in {took})", "", *lines, ""]
    sys.path.insert(0, str(ROOT))
    from bench import report as page_bench

    vendor = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    out = [
        "# Benchmarks",
        "",
        f"Run on {dt.date.today().isoformat()} by `make bench` on {os.cpu_count()} cores, "
        f"{_memory_gib():.0f} GiB, {platform.python_implementation()} {platform.python_version()}, {vendor}.",
        "Figures move with the machine; compare the ratios and query counts. Reproduce: `make demo` (installs), then",
        "`make bench` (SQLite) or `DATABASE_URL=postgres://… make bench` (written to benchmarks-postgresql.md;",
        "one database per scale beside DATABASE_URL's, kept between runs; `BENCH_FRESH=1` regenerates them);",
        "`BENCH_SCALES=district,province,nation` adds the nation; `BENCH_SCALES=district BENCH_GROUPS=50` is a quick run.",
        "",
        "## Pages and API lists (server time through Django, 15 requests each after a warm-up)",
        "",
        *page_bench.table(results),
        *page_bench.growth(results),
        "",
        "Server times are of drawing each page through Django's test client, as every page is drawn: there is no",
        "page cache, no session or user kept between requests, and reading writes nothing. Under load (per scale,",
        "below) each group-level page is measured alone against the smallest signed-in page — the session, the user",
        "and the base template — served by the same server in the same run, then all together in a mixed load of",
        "officers and treasurers that also writes (forms posted with their CSRF token and submission key).",
        "",
        "## Per scale",
        "",
        *sections,
    ]
    close_lines = [] if os.environ.get("BENCH_KEEP") else _year_close()
    out += close_lines
    text = "\n".join(out) + "\n"
    name = "benchmarks-postgresql.md" if os.environ.get("DATABASE_URL") else "benchmarks.md"
    (ROOT / "docs" / name).write_text(text, encoding="utf-8")
    print(text)


def _year_close() -> list[str]:
    env = {**os.environ, "PYTHAINLP_OFFLINE": "1", "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.update(db_env("close"))  # its own database, emptied by the child
    if "SQLITE_PATH" in env:
        for suffix in ("", "-wal", "-shm"):
            Path(env["SQLITE_PATH"] + suffix).unlink(missing_ok=True)
    else:
        _pg_database(env["DATABASE_URL"], fresh=False)
    out = subprocess.run(
        [sys.executable, "-m", "bench.close_run"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )  # noqa: S603
    return out.stdout.strip().splitlines()


def _memory_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


if __name__ == "__main__":
    main()
