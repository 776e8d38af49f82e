"""Child process of `make bench`: the annual close of 1,000 groups against one SQL aggregate."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    if os.environ.get("DATABASE_URL"):
        call_command("flush", interactive=False, verbosity=0)
        call_command("migrate", verbosity=0, interactive=False)
    from sammachip.scale.generator import ensure_reference_data

    ensure_reference_data()  # a flushed database has lost the geography the groups are placed in
    from bench import year_close

    print("\n".join(year_close.run(groups=int(os.environ.get("BENCH_GROUPS", "1000")))))


if __name__ == "__main__":
    main()
