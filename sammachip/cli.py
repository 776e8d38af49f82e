"""The `sammachip` console command: `sammachip serve`, `sammachip demo`, or any manage.py command."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:] or ["help"]
    if args[0] == "serve":
        address = args[1] if len(args) > 1 else "127.0.0.1:8000"
        execute_from_command_line(["sammachip", "migrate", "--verbosity", "0"])
        execute_from_command_line(
            ["sammachip", "runserver", address, "--noreload"]
            if os.environ.get("CI")
            else ["sammachip", "runserver", address]
        )
        return
    execute_from_command_line(["sammachip", *args])


if __name__ == "__main__":
    main()
