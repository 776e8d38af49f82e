"""`sammachip backup [--output DIR] [--keep N] [--key-file PATH] [--rotate-key]`: a consistent, encrypted
backup while the server runs. Keeps the newest N archives (default 14)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sammachip.core import backup


class Command(BaseCommand):
    help = "Write a consistent, encrypted backup with a manifest and checksum (sessions and tokens left out)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--output", default=str(settings.SAMMACHIP_BACKUP_DIR))
        parser.add_argument("--keep", type=int, default=14, help="archives to keep (older ones are removed)")
        parser.add_argument(
            "--key-file", default=None, help="the backup key (default SAMMACHIP_BACKUP_KEY_FILE)"
        )
        parser.add_argument(
            "--rotate-key", action="store_true",
            help="make a new key for this and later archives; the old one is kept beside it as <key file>.<id>",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["output"])
        key_file = Path(options["key_file"]) if options["key_file"] else backup.default_key_file()
        try:
            if options["rotate_key"]:
                retired = backup.rotate_key(key_file, out)
                self.stdout.write(f"new backup key in {key_file}; the old one is now {retired}")
            archive = backup.create(out, key_file=key_file)
            manifest = backup.verify(archive, key_file)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        archives = sorted(p for p in out.glob(f"sammachip-*{backup.SUFFIX}"))
        for old in archives[: max(0, len(archives) - options["keep"])]:
            old.unlink()
            (old.parent / (old.name + ".sha256")).unlink(missing_ok=True)
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"{archive} · {rows:,} rows in {len(manifest['tables'])} tables · {len(manifest['media'])} files"
            f" · key {backup.archive_key_id(archive).hex()} in {key_file}"
        )
