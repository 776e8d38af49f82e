"""`make bench`: benchmarks that print figures (never part of `make test`).

Each figure comes with a baseline measured in the same run on the same rows, and the ratio between
them, so the numbers hold on a noisy machine. Results are printed and written to docs/benchmarks.md.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if not os.environ.get("DATABASE_URL"):
        os.environ["SQLITE_PATH"] = str(ROOT / "var" / "bench.sqlite3")
        for suffix in ("", "-wal", "-shm"):
            Path(os.environ["SQLITE_PATH"] + suffix).unlink(missing_ok=True)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from bench import year_close

    groups = int(os.environ.get("BENCH_GROUPS", "1000"))
    lines = year_close.run(groups=groups)
    out = ROOT / "docs" / "benchmarks.md"
    out.write_text(
        "# Benchmarks\n\nWritten by `make bench` (figures from the last run; ratios are what to compare).\n\n"
        + "\n".join(lines)
        + "\n",
        encoding="utf-8",
    )
    print("\n".join(lines))
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    main()
