"""`sammachip backup [--output DIR] [--keep N]`: a consistent, compressed backup while the server runs.
Set SAMMACHIP_BACKUP_PASSPHRASE to encrypt it. Keeps the newest N archives (default 14)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from sammachip.core import backup


class Command(BaseCommand):
    help = "Write a consistent, compressed (optionally encrypted) backup with a manifest and checksum."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "var" / "backups"))
        parser.add_argument("--keep", type=int, default=14, help="archives to keep (older ones are removed)")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["output"])
        archive = backup.create(out, passphrase=os.environ.get("SAMMACHIP_BACKUP_PASSPHRASE") or None)
        archives = sorted(p for p in out.glob("sammachip-*.tar.gz*") if not p.name.endswith(".sha256"))
        for old in archives[: max(0, len(archives) - options["keep"])]:
            old.unlink()
            (old.parent / (old.name + ".sha256")).unlink(missing_ok=True)
        manifest = backup.verify(archive, os.environ.get("SAMMACHIP_BACKUP_PASSPHRASE") or None)
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"{archive} · {rows:,} rows in {len(manifest['tables'])} tables · {len(manifest['media'])} files"
        )
