"""Child process of `make bench` for one scale: pages, load and imports on that scale's database."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    from bench import followup, imports, load, pages, preparation, search

    scale = sys.argv[1]
    measured = pages.measure(scale)
    env = {k: v for k, v in os.environ.items() if k in ("SQLITE_PATH", "DATABASE_URL")}
    lines = [
        *load.run(env),
        "",
        *imports.run(),
        "",
        *imports.members(),
        "",
        *preparation.run(),
        "",
        *followup.run(),
        "",
        *search.run(),
    ]
    print(json.dumps({"pages": measured, "lines": lines}))


if __name__ == "__main__":
    main()
