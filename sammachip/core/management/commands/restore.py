"""`sammachip restore ARCHIVE [--key-file PATH]`: check an archive and restore it into an empty database (and
its uploaded files), all or nothing: the row count of every table must match the manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sammachip.core import backup


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an empty database, all or nothing, checking every table's row count."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive")
        parser.add_argument(
            "--key-file", default=None,
            help="the backup key (default SAMMACHIP_BACKUP_KEY_FILE; retired keys beside it are found by id)",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        key_file = Path(options["key_file"]) if options["key_file"] else None
        try:
            manifest = backup.restore(Path(options["archive"]), key_file=key_file)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"restored {rows:,} rows in {len(manifest['tables'])} tables and {len(manifest['media'])} files"
            f" from {manifest['created_at']} (left out: {', '.join(manifest['left_out'])})"
        )
