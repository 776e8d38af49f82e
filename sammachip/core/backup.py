"""Backups that restore: a consistent copy of the database taken while the server runs (SQLite's online
backup, or pg_dump), the uploaded files, and a manifest with every table's row count and a SHA-256 of
each file, in one compressed archive — optionally encrypted with a passphrase (openssl AES-256, PBKDF2).
`restore` checks the archive, refuses a database that is not empty, restores, and compares row counts."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection

from . import pagecache

FORMAT = 1


class BackupError(Exception):
    pass


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def row_counts() -> dict[str, int]:
    """Rows of every table Django manages (the same list on both engines)."""
    counts = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if table in counts or not model._meta.managed:
                continue
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - table names from the models
            counts[table] = cursor.fetchone()[0]
    return dict(sorted(counts.items()))


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed (Debian: postgresql-client for pg_dump, openssl for encryption)"
        )
    return path


def _dump_database(work: Path) -> str:
    if connection.vendor == "sqlite":
        target = work / "database.sqlite3"
        connection.ensure_connection()
        source = connection.connection
        dest = sqlite3.connect(target)
        with dest:
            source.backup(dest)  # a consistent copy while other connections keep writing
        dest.close()
        return target.name
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        target = work / "database.pgdump"
        env = {**os.environ, "PGPASSWORD": s.get("PASSWORD") or ""}
        subprocess.run(  # noqa: S603
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "-h", s["HOST"] or "127.0.0.1",
             "-p", str(s["PORT"] or 5432), "-U", s["USER"] or "postgres", "-f", str(target), s["NAME"]],  # fmt: skip
            check=True, env=env, capture_output=True,
        )  # fmt: skip
        return target.name
    raise BackupError(f"unsupported database: {connection.vendor}")


def _openssl(args: list[str], data_in: Path, data_out: Path, passphrase: str) -> None:
    result = subprocess.run(  # noqa: S603
        [_tool("openssl"), "enc", *args, "-aes-256-cbc", "-pbkdf2", "-iter", "200000", "-salt",
         "-in", str(data_in), "-out", str(data_out), "-pass", "env:SAMMACHIP_BACKUP_PASSPHRASE"],  # fmt: skip
        env={**os.environ, "SAMMACHIP_BACKUP_PASSPHRASE": passphrase}, capture_output=True,
    )  # fmt: skip
    if result.returncode != 0:
        raise BackupError("the passphrase is wrong or the archive is damaged")


def create(output_dir: Path, *, passphrase: str | None = None, now: dt.datetime | None = None) -> Path:
    now = now or dt.datetime.now(dt.UTC)
    output_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        database = _dump_database(work)
        counts = row_counts()
        media_root = Path(settings.MEDIA_ROOT)
        media = sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "engine": connection.vendor,
            "database": {"file": database, "sha256": sha256(work / database)},
            "tables": counts,
            "media": {str(p.relative_to(media_root)): sha256(p) for p in media},
        }
        (work / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        name = f"sammachip-{now:%Y%m%d-%H%M%S}.tar.gz"
        archive = work / name
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(work / "manifest.json", arcname="manifest.json")
            tar.add(work / database, arcname=database)
            for p in media:
                tar.add(p, arcname=f"media/{p.relative_to(media_root)}")
        final = output_dir / (name + (".enc" if passphrase else ""))
        if passphrase:
            _openssl([], archive, final, passphrase)
        else:
            shutil.copyfile(archive, final)
    (final.parent / (final.name + ".sha256")).write_text(f"{sha256(final)}  {final.name}\n", encoding="utf-8")
    return final


def _database_is_empty() -> bool:
    """No users and no groups (a fresh `migrate` is allowed: it only loads reference data)."""
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        for table in ("auth_user", "accounts_user", "groups_occupationgroup"):
            if table in tables:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - fixed names
                if cursor.fetchone()[0]:
                    return False
    return True


def restore(archive: Path, *, passphrase: str | None = None) -> dict[str, Any]:
    """Check and restore an archive into an empty database; returns the manifest."""
    checksum_file = archive.parent / (archive.name + ".sha256")
    if checksum_file.exists():
        expected = checksum_file.read_text(encoding="utf-8").split()[0]
        if sha256(archive) != expected:
            raise BackupError("the archive does not match its checksum")
    if not _database_is_empty():
        raise BackupError("the database is not empty: restore only into a new, empty database")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        plain = archive
        if archive.name.endswith(".enc"):
            if not passphrase:
                raise BackupError("this archive is encrypted: give the passphrase")
            plain = work / "archive.tar.gz"
            _openssl(["-d"], archive, plain, passphrase)
        try:
            with tarfile.open(plain, "r:gz") as tar:
                tar.extractall(work / "x", filter="data")
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise BackupError("the archive cannot be read") from exc
        root = work / "x"
        manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            raise BackupError("unknown archive format")
        db_file = root / manifest["database"]["file"]
        if sha256(db_file) != manifest["database"]["sha256"]:
            raise BackupError("the database file in the archive is damaged")
        for rel, digest in manifest["media"].items():
            if sha256(root / "media" / rel) != digest:
                raise BackupError(f"an uploaded file is damaged: {rel}")
        if manifest["engine"] != connection.vendor:
            raise BackupError(
                f"this archive is from {manifest['engine']}, the database here is {connection.vendor}"
            )
        # The restored database brings back its own page-cache stamp, which may be behind the one pages were
        # kept under until now: it is moved past both once the data is in.
        stamp_before = pagecache.read_stamp() if pagecache.stamp_exists(connection) else 0
        connection.close()
        if connection.vendor == "sqlite":
            target = Path(connection.settings_dict["NAME"])
            for suffix in ("-wal", "-shm"):
                Path(str(target) + suffix).unlink(missing_ok=True)
            shutil.copyfile(db_file, target)
        else:
            s = connection.settings_dict
            result = subprocess.run(  # noqa: S603
                [_tool("pg_restore"), "--no-owner", "--no-privileges", "--clean", "--if-exists", "-h", s["HOST"] or "127.0.0.1",
                 "-p", str(s["PORT"] or 5432), "-U", s["USER"] or "postgres", "-d", s["NAME"], str(db_file)],  # fmt: skip
                env={**os.environ, "PGPASSWORD": s.get("PASSWORD") or ""}, capture_output=True, text=True,
            )  # fmt: skip
            if result.returncode != 0:
                raise BackupError("pg_restore failed: " + result.stderr[-500:])
        media_root = Path(settings.MEDIA_ROOT)
        for rel in manifest["media"]:
            dest = media_root / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(root / "media" / rel, dest)
    connection.close()
    pagecache.move_past(stamp_before)
    counts = row_counts()
    wrong = {t: (n, counts.get(t)) for t, n in manifest["tables"].items() if counts.get(t) != n}
    if wrong:
        raise BackupError(f"row counts differ after the restore: {dict(list(wrong.items())[:5])}")
    return manifest


def verify(archive: Path, passphrase: str | None = None) -> dict[str, Any]:
    """Read an archive's manifest after checking its checksum (no restore)."""
    checksum_file = archive.parent / (archive.name + ".sha256")
    if checksum_file.exists() and sha256(archive) != checksum_file.read_text(encoding="utf-8").split()[0]:
        raise BackupError("the archive does not match its checksum")
    with tempfile.TemporaryDirectory() as tmp:
        plain = archive
        if archive.name.endswith(".enc"):
            plain = Path(tmp) / "a.tar.gz"
            _openssl(["-d"], archive, plain, passphrase or "")
        with tarfile.open(plain, "r:gz") as tar:
            member = tar.extractfile("manifest.json")
            if member is None:
                raise BackupError("no manifest")
            return json.load(io.TextIOWrapper(member, encoding="utf-8"))
