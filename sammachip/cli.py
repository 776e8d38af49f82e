"""The `sammachip` console command: `sammachip serve [addr:port] [--dev]`, `sammachip demo`, or any manage.py
command.

`sammachip serve` is what a district office runs: the database migrated, the static files collected, and
gunicorn (two workers per core plus one, a three-minute timeout for long imports) — a production server, no
development warning on the path the README gives. `--dev` is Django's auto-reloading development server."""

from __future__ import annotations

import os
import sys

DEFAULT_ADDRESS = "127.0.0.1:8000"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:] or ["help"]
    if args[0] == "serve":
        dev = "--dev" in args
        rest = [a for a in args[1:] if a != "--dev"]
        serve(rest[0] if rest else DEFAULT_ADDRESS, dev=dev)
        return
    execute_from_command_line(["sammachip", *args])


def serve(address: str, *, dev: bool) -> None:
    import django
    from django.core.management import call_command, execute_from_command_line

    django.setup()
    from config.production import refuse_development_key

    refuse_development_key()
    call_command("migrate", verbosity=0)
    if dev:
        reload = ["--noreload"] if os.environ.get("CI") else []
        execute_from_command_line(["sammachip", "runserver", address, *reload])
        return
    call_command("collectstatic", interactive=False, verbosity=0)
    workers = int(os.environ.get("SAMMACHIP_WORKERS", "0")) or 2 * (os.cpu_count() or 1) + 1
    argv = [
        "gunicorn", "config.wsgi", "--bind", address, "--workers", str(workers), "--timeout", "180",
        "--access-logfile", "-", "--forwarded-allow-ips", os.environ.get("SAMMACHIP_PROXY_IPS", "127.0.0.1"),
    ]  # fmt: skip
    print(f"Sammachip: http://{address}/ ({workers} workers; Ctrl+C stops it)", flush=True)  # noqa: T201
    from gunicorn.app.wsgiapp import run

    sys.argv = argv
    run()


if __name__ == "__main__":
    main()
