"""`sammachip restore ARCHIVE`: check an archive and restore it into an empty database (and its uploaded
files); the row count of every table is compared with the manifest. SAMMACHIP_BACKUP_PASSPHRASE decrypts."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sammachip.core import backup


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database, then check every table's row count."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup.restore(
                Path(options["archive"]), passphrase=os.environ.get("SAMMACHIP_BACKUP_PASSPHRASE") or None
            )
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"restored {rows:,} rows in {len(manifest['tables'])} tables and {len(manifest['media'])} files from {manifest['created_at']}"
        )
