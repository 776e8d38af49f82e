"""Backups that are safe and whole.

Whole: the database is read at one instant — SQLite's online backup API in one step (one read transaction),
or on PostgreSQL one REPEATABLE READ, READ ONLY transaction whose snapshot pg_dump shares (`--snapshot`) — and
the manifest's row counts are counted in that same snapshot, so an archive taken while the app writes restores
to exactly what it says. A restore is all or nothing: on SQLite the archive's database is checked before it is
copied in (in one write transaction, and put back as it was should the final count disagree); on PostgreSQL the
dump, then the count of every table, run in one transaction that any difference rolls back.

Safe: always encrypted (AES-256-GCM in 1 MiB chunks, each authenticated, numbered and the last one marked, so a
changed, reordered or cut archive is refused) with a random key kept in a file of its own, created mode 0600 on
first use and never inside the backup directory — the archive alone tells nothing. Archives and their
checksums are written mode 0600 under the data directory. Sessions, API tokens and login attempts are left out:
a backup can never sign anyone in.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.db import connection

FORMAT = 2
# Never in an archive: they would let whoever holds a backup act as a signed-in user or API client.
# Live sessions (accounts_session; django_session holds those from before it), API tokens and sign-in attempts.
LEFT_OUT = ("accounts_session", "django_session", "accounts_apitoken", "accounts_loginattempt")

MAGIC = b"SMCBAK\x00\x02"
CHUNK = 1 << 20
TAG = 16
SUFFIX = ".tar.gz.enc"


class BackupError(Exception):
    pass


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def tables() -> list[str]:
    """Every table Django manages (the same list on both engines)."""
    names = {m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.managed}
    return sorted(names)


def _count(cursor: Any) -> dict[str, int]:
    counts = {}
    for table in tables():
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - table names from the models
        counts[table] = cursor.fetchone()[0]
    return counts


def row_counts() -> dict[str, int]:
    """Rows of every table, as the database holds them now."""
    with connection.cursor() as cursor:
        return _count(cursor)


def _private_file(path: Path) -> IO[bytes]:
    """A new file only its owner can read or write (whatever the umask)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, "wb")


def _private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o700)


# --- the key ---------------------------------------------------------------------------------------------


def default_key_file() -> Path:
    return Path(settings.SAMMACHIP_BACKUP_KEY_FILE)


def key_id(key: bytes) -> bytes:
    return hashlib.sha256(b"sammachip backup key\x00" + key).digest()[:8]


def _is_within(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def _read_key(path: Path) -> bytes:
    if path.stat().st_mode & 0o077:
        raise BackupError(f"the key file {path} can be read by others: chmod 600 it")
    try:
        key = base64.b64decode(path.read_text(encoding="ascii").strip(), validate=True)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"the key file {path} is not a Sammachip backup key") from exc
    if len(key) != 32:
        raise BackupError(f"the key file {path} is not a Sammachip backup key")
    return key


def _write_key(path: Path) -> bytes:
    _private_dir(path.parent)
    key = secrets.token_bytes(32)
    with _private_file(path) as f:
        f.write(base64.b64encode(key) + b"\n")
    return key


def encryption_key(path: Path, backups: Path) -> bytes:
    """The backup key, made on first use; refused inside the backup directory (it would travel with the
    archives it opens)."""
    if _is_within(path, backups):
        raise BackupError(f"the key file {path} is inside the backup directory {backups}: keep it apart")
    return _read_key(path) if path.exists() else _write_key(path)


def rotate_key(path: Path, backups: Path) -> Path:
    """A new key for the archives from now on; the old one is kept beside it as <key file>.<id> to open the
    archives made with it. Returns where the old key went."""
    old = encryption_key(path, backups)
    retired = path.with_name(f"{path.name}.{key_id(old).hex()}")
    path.rename(retired)
    _write_key(path)
    return retired


def _keys(path: Path) -> dict[bytes, bytes]:
    """The current key and every retired one beside it, by id."""
    found = {}
    for candidate in [path, *sorted(path.parent.glob(path.name + ".*"))] if path.parent.exists() else []:
        if candidate.is_file():
            key = _read_key(candidate)
            found[key_id(key)] = key
    return found


# --- encryption ------------------------------------------------------------------------------------------


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + counter.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


def encrypt(source: IO[bytes], dest: IO[bytes], key: bytes) -> None:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    aead = AESGCM(key)
    header = MAGIC + key_id(key) + secrets.token_bytes(7)
    dest.write(header)
    block, counter = source.read(CHUNK), 0
    while True:
        following = source.read(CHUNK)
        dest.write(aead.encrypt(_nonce(header[-7:], counter, not following), block, header))
        if not following:
            return
        block, counter = following, counter + 1


def archive_key_id(path: Path) -> bytes:
    with path.open("rb") as f:
        header = f.read(len(MAGIC) + 15)
    if header.startswith(b"Salted__"):
        raise BackupError(
            "this archive was made by an older Sammachip (passphrase): restore it with that version"
        )
    if len(header) != len(MAGIC) + 15 or not header.startswith(MAGIC):
        raise BackupError("this is not a Sammachip backup archive")
    return header[len(MAGIC) : len(MAGIC) + 8]


def decrypt(source: IO[bytes], dest: IO[bytes], key: bytes) -> None:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    aead = AESGCM(key)
    header = source.read(len(MAGIC) + 15)
    block, counter = source.read(CHUNK + TAG), 0
    while True:
        following = source.read(CHUNK + TAG)
        try:
            dest.write(aead.decrypt(_nonce(header[-7:], counter, not following), block, header))
        except InvalidTag as exc:
            raise BackupError("the archive is damaged or was changed (it does not decrypt)") from exc
        if not following:
            return
        block, counter = following, counter + 1


# --- taking a backup -------------------------------------------------------------------------------------


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: postgresql-client)")
    return path


def _pg_args(tool: str) -> tuple[list[str], dict[str, str]]:
    s = connection.settings_dict
    args = [
        _tool(tool),
        "-h",
        s["HOST"] or "127.0.0.1",
        "-p",
        str(s["PORT"] or 5432),
        "-U",
        s["USER"] or "postgres",
    ]
    return args, {**os.environ, "PGPASSWORD": s.get("PASSWORD") or ""}


def _sqlite(path: Path) -> sqlite3.Connection:
    """A plain connection with the SQL functions Django's own have (constraints call REGEXP: VACUUM and
    integrity_check evaluate them)."""
    from django.db.backends.sqlite3._functions import register

    db = sqlite3.connect(path, timeout=20)
    register(db)
    return db


def _snapshot_sqlite(work: Path) -> tuple[str, dict[str, int]]:
    target = work / "database.sqlite3"
    connection.ensure_connection()
    copy = _sqlite(target)
    try:
        # One step: the whole database read in one read transaction, while other connections keep writing.
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")
        copy.execute("PRAGMA secure_delete = ON")
        with copy:
            for table in LEFT_OUT:
                copy.execute(f'DELETE FROM "{table}"')  # noqa: S608 - fixed names
        copy.execute("VACUUM")  # what was deleted is gone from the file, not left in its free pages
        counts = _count(copy.cursor())
    finally:
        copy.close()
    return target.name, counts


def _snapshot_postgresql(work: Path) -> tuple[str, dict[str, int]]:
    target = work / "database.pgdump"
    reader = connection.copy()  # a connection of its own, for one transaction held while pg_dump reads
    try:
        with reader.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _count(cursor) | dict.fromkeys(LEFT_OUT, 0)
            args, env = _pg_args("pg_dump")
            left_out = [f"--exclude-table-data={t}" for t in LEFT_OUT]
            result = subprocess.run(  # noqa: S603
                [*args, f"--snapshot={snapshot}", "--format=custom", "--no-owner", "--no-privileges", *left_out,
                 "-f", str(target), connection.settings_dict["NAME"]],  # fmt: skip
                env=env, capture_output=True, text=True,
            )  # fmt: skip
            cursor.execute("COMMIT")
    finally:
        reader.close()
    if result.returncode != 0:
        raise BackupError("pg_dump failed: " + result.stderr[-500:])
    return target.name, counts


def _check_output(output_dir: Path) -> None:
    """Under the data directory or anywhere private; never the checkout's top, nor a folder the server
    serves (uploaded files, static files)."""
    for folder in (settings.MEDIA_ROOT, settings.STATIC_ROOT):
        if _is_within(output_dir, Path(folder)):
            raise BackupError(f"{output_dir} is served by the web server: write backups elsewhere")
    if output_dir.resolve() == Path(settings.BASE_DIR).resolve():
        raise BackupError(
            "backups do not go in the checkout's top folder: use the data directory (var/backups)"
        )


def create(output_dir: Path, *, key_file: Path | None = None, now: dt.datetime | None = None) -> Path:
    """Write one encrypted archive (and its .sha256) into `output_dir`; returns the archive's path."""
    now = now or dt.datetime.now(dt.UTC)
    _check_output(output_dir)
    key = encryption_key(key_file or default_key_file(), output_dir)
    _private_dir(output_dir)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if connection.vendor == "sqlite":
            database, counts = _snapshot_sqlite(work)
        elif connection.vendor == "postgresql":
            database, counts = _snapshot_postgresql(work)
        else:
            raise BackupError(f"unsupported database: {connection.vendor}")
        media_root = Path(settings.MEDIA_ROOT)
        media = sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "engine": connection.vendor,
            "database": {"file": database, "sha256": sha256(work / database)},
            "tables": counts,
            "left_out": list(LEFT_OUT),
            "media": {str(p.relative_to(media_root)): sha256(p) for p in media},
        }
        (work / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        plain = work / "archive.tar.gz"
        # gzip's default level 9 spent 14 s of a 15 s backup of a district (28 MB); level 6 is the usual trade.
        with tarfile.open(plain, "w:gz", compresslevel=6) as tar:
            tar.add(work / "manifest.json", arcname="manifest.json")
            tar.add(work / database, arcname=database)
            for p in media:
                tar.add(p, arcname=f"media/{p.relative_to(media_root)}")
        final = output_dir / f"sammachip-{now:%Y%m%d-%H%M%S}{SUFFIX}"
        part = output_dir / (final.name + ".part")
        part.unlink(missing_ok=True)
        with plain.open("rb") as source, _private_file(part) as dest:
            encrypt(source, dest, key)
        part.rename(final)  # a half-written archive never lies there under an archive's name
    checksum = final.parent / (final.name + ".sha256")
    checksum.unlink(missing_ok=True)
    with _private_file(checksum) as f:
        f.write(f"{sha256(final)}  {final.name}\n".encode())
    return final


# --- restoring -------------------------------------------------------------------------------------------


def _database_is_empty() -> bool:
    """No users and no groups (a fresh `migrate` is allowed: it only loads reference data)."""
    existing = connection.introspection.table_names()
    with connection.cursor() as cursor:
        for table in ("accounts_user", "groups_occupationgroup"):
            if table in existing:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - fixed names
                if cursor.fetchone()[0]:
                    return False
    return True


def _check_checksum(archive: Path) -> None:
    checksum_file = archive.parent / (archive.name + ".sha256")
    if checksum_file.exists() and sha256(archive) != checksum_file.read_text(encoding="utf-8").split()[0]:
        raise BackupError("the archive does not match its checksum")


@contextmanager
def opened(archive: Path, key_file: Path | None = None) -> Iterator[tuple[Path, dict[str, Any]]]:
    """The archive checked, decrypted and unpacked into a private temporary folder: (folder, manifest)."""
    _check_checksum(archive)
    wanted = archive_key_id(archive)
    path = key_file or default_key_file()
    key = _keys(path).get(wanted)
    if key is None:
        raise BackupError(
            f"this archive was encrypted with the backup key {wanted.hex()}, which is not at {path} "
            "(nor retired beside it): give its key file"
        )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        plain = work / "archive.tar.gz"
        with archive.open("rb") as source, _private_file(plain) as dest:
            decrypt(source, dest, key)
        try:
            with tarfile.open(plain, "r:gz") as tar:
                tar.extractall(work / "x", filter="data")
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise BackupError("the archive cannot be read") from exc
        plain.unlink()
        root = work / "x"
        manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            raise BackupError("unknown archive format")
        if sha256(root / manifest["database"]["file"]) != manifest["database"]["sha256"]:
            raise BackupError("the database file in the archive is damaged")
        for rel, digest in manifest["media"].items():
            if sha256(root / "media" / rel) != digest:
                raise BackupError(f"an uploaded file is damaged: {rel}")
        yield root, manifest


def _differences(counts: dict[str, int], expected: dict[str, int]) -> dict[str, tuple[int, int | None]]:
    return {t: (n, counts.get(t)) for t, n in expected.items() if counts.get(t) != n}


def _restore_sqlite(db_file: Path, expected: dict[str, int], work: Path) -> None:
    source = _sqlite(db_file)
    try:
        if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("the database in the archive is damaged")
        wrong = _differences(_count(source.cursor()), expected)
        if wrong:  # found before anything is written
            raise BackupError(f"row counts differ in the archive: {dict(list(wrong.items())[:5])}")
        connection.close()
        target = _sqlite(Path(connection.settings_dict["NAME"]))
        try:
            before = sqlite3.connect(work / "before.sqlite3")
            target.backup(before)  # as the database is now, to put back should anything below fail
            try:
                source.backup(target)  # one step: one write transaction, in whole or not at all
                wrong = _differences(_count(target.cursor()), expected)
                if wrong:
                    raise BackupError(f"row counts differ after the restore: {dict(list(wrong.items())[:5])}")
            except BaseException:
                before.backup(target)
                raise
            finally:
                before.close()
        finally:
            target.close()
    finally:
        source.close()


def _count_check_sql(expected: dict[str, int]) -> str:
    checks = "".join(
        f'IF (SELECT COUNT(*) FROM "{table}") <> {int(n)} THEN '  # noqa: S608 - names from the models
        f"RAISE EXCEPTION 'row counts differ after the restore: {table}'; END IF;\n"
        for table, n in expected.items()
        if table in tables()
    )
    # The dump's script empties the search path for its session: the tables are found where Django finds them.
    return f"RESET search_path;\nDO $check$ BEGIN\n{checks}END $check$;\n"


def _restore_postgresql(db_file: Path, expected: dict[str, int], work: Path) -> None:
    """pg_restore writes the SQL, psql runs it with the count check in one transaction: any error, and any
    table whose rows differ from the manifest, rolls the whole restore back."""
    connection.close()
    restore_args, env = _pg_args("pg_restore")
    psql_args, _env = _pg_args("psql")
    errors = work / "psql.err"
    with errors.open("wb") as err:
        script = subprocess.Popen(  # noqa: S603
            [*restore_args[:1], "--no-owner", "--no-privileges", "--clean", "--if-exists", "-f", "-", str(db_file)],
            stdout=subprocess.PIPE, stderr=err, env=env,
        )  # fmt: skip
        psql = subprocess.Popen(  # noqa: S603
            [*psql_args, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", connection.settings_dict["NAME"], "-f", "-"],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=err, env=env,
        )  # fmt: skip
        assert script.stdout is not None and psql.stdin is not None  # noqa: S101
        try:
            psql.stdin.write(b"BEGIN;\n")
            shutil.copyfileobj(script.stdout, psql.stdin, 1 << 20)
            if script.wait() != 0:
                psql.stdin.write(
                    b"\\echo 'pg_restore failed'\nSELECT 1/0;\n"
                )  # roll back: the dump is incomplete
            psql.stdin.write(_count_check_sql(expected).encode() + b"COMMIT;\n")
            psql.stdin.close()
        except BrokenPipeError:
            pass  # psql stopped at an error: its transaction is rolled back
        script.wait()
        code = psql.wait()
    if code != 0 or script.returncode != 0:
        raise BackupError(
            "the restore failed and was rolled back: " + errors.read_text(errors="replace")[-500:]
        )


def restore(archive: Path, *, key_file: Path | None = None) -> dict[str, Any]:
    """Check and restore an archive into an empty database, all or nothing; returns the manifest."""
    if not _database_is_empty():
        raise BackupError("the database is not empty: restore only into a new, empty database")
    with opened(archive, key_file) as (root, manifest):
        if manifest["engine"] != connection.vendor:
            raise BackupError(
                f"this archive is from {manifest['engine']}, the database here is {connection.vendor}"
            )
        db_file = root / manifest["database"]["file"]
        if connection.vendor == "sqlite":
            _restore_sqlite(db_file, manifest["tables"], root.parent)
        else:
            _restore_postgresql(db_file, manifest["tables"], root.parent)
        media_root = Path(settings.MEDIA_ROOT)
        for rel in manifest["media"]:
            dest = media_root / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(root / "media" / rel, dest)
    connection.close()
    return manifest


def verify(archive: Path, key_file: Path | None = None) -> dict[str, Any]:
    """An archive's manifest after checking its checksum, decrypting it and every file's digest (no restore)."""
    with opened(archive, key_file) as (_root, manifest):
        return manifest
