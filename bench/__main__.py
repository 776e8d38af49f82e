"""`make bench`: benchmarks that print figures (never part of `make test`).

For each scale (BENCH_SCALES, default "district,province") it generates a database once under var/
(kept for the next run; BENCH_FRESH=1 regenerates), then measures the main pages and API lists, the
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

ROOT = Path(__file__).resolve().parent.parent


def db_env(scale: str) -> dict[str, str]:
    if os.environ.get("DATABASE_URL"):
        return {"DATABASE_URL": os.environ["DATABASE_URL"]}
    return {"SQLITE_PATH": str(ROOT / "var" / f"bench-{scale}.sqlite3")}


def ensure_generated(scale: str) -> str:
    env = {**os.environ, **db_env(scale), "PYTHAINLP_OFFLINE": "1"}
    marker = ROOT / "var" / f"bench-{scale}.done"
    if os.environ.get("DATABASE_URL") and os.environ.get("BENCH_KEEP"):
        return "an earlier `sammachip generate` run (BENCH_KEEP)"
    if os.environ.get("DATABASE_URL") or os.environ.get("BENCH_FRESH") or not marker.exists():
        if "SQLITE_PATH" in env:
            for suffix in ("", "-wal", "-shm"):
                Path(env["SQLITE_PATH"] + suffix).unlink(missing_ok=True)
        elif os.environ.get("DATABASE_URL"):
            for command in (
                ["migrate", "--no-input"],
                ["flush", "--no-input"],
            ):  # a database from an older release
                subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)  # noqa: S603
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "manage.py", "generate", "--scale", scale], cwd=ROOT, env=env, check=True
        )  # noqa: S603
        took = time.perf_counter() - start
        marker.write_text(f"{took:.0f}")
        return f"{took:.0f} s"
    # A database kept from an earlier run may predate this release's migrations.
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input"], cwd=ROOT, env=env, check=True)  # noqa: S603
    return f"{marker.read_text().strip()} s (kept from an earlier run)"


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
        "`BENCH_KEEP=1` measures a database already filled by `sammachip generate`); `BENCH_SCALES=district` for a quick run.",
        "",
        "## Pages and API lists (server time through Django, 15 requests each after a warm-up)",
        "",
        *page_bench.table(results),
        *page_bench.growth(results),
        "",
        "Where a target is missed, the reason: read pages reach a few percent of `/healthz` under load (the load",
        "tables below), against a target of 40%. `/healthz` runs no SQL, no session and no template. Any page that",
        "knows who is asking first loads the session, the user and their postings and renders the base template:",
        "the smallest such page (`/accounts/tokens/`) is itself a fraction of `/healthz`, and a group page reaches",
        "the share of it printed under each load table. The rest is the page's own 8–17 queries (Django compiles",
        "each in about 0.6 ms) and its translated template. None of it grows with the data: the same query counts",
        "at both scales. Reaching 40% of a view that touches nothing would take whole-page caching per user.",
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
    if not os.environ.get("DATABASE_URL"):
        env["SQLITE_PATH"] = str(ROOT / "var" / "bench-close.sqlite3")
        for suffix in ("", "-wal", "-shm"):
            Path(env["SQLITE_PATH"] + suffix).unlink(missing_ok=True)
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
