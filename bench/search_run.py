"""`python -m bench.search_run`: the search figures alone, on the database the environment names."""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    settings.SAMMACHIP_PAGE_CACHE = False
    from bench import search

    print("\n".join(search.run()))


if __name__ == "__main__":
    main()
