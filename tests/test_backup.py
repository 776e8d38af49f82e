"""`sammachip backup` and `sammachip restore`, on SQLite and on PostgreSQL: a round trip brings every row and
every uploaded file back; an archive is encrypted with a key kept apart, private to its owner, and carries no
session, token or login attempt; a backup taken while the app writes restores whole; a restore that fails
leaves the database as it was; damaged archives, wrong keys and non-empty targets are refused."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import threading
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from sammachip.core import backup

ROOT = Path(__file__).resolve().parent.parent
PG = bool(os.environ.get("DATABASE_URL"))
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def key_file(settings, tmp_path) -> Path:
    settings.SAMMACHIP_BACKUP_KEY_FILE = tmp_path / "keys" / "backup.key"
    settings.SAMMACHIP_BACKUP_DIR = tmp_path / "var" / "backups"
    return settings.SAMMACHIP_BACKUP_KEY_FILE


@pytest.fixture
def data(group, officer, settings, tmp_path, key_file):
    """A group with members, books, a visit photo in the uploaded files."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from sammachip.visits import services

    settings.MEDIA_ROOT = str(tmp_path / "media")
    out = io.BytesIO()
    Image.new("RGB", (30, 30), (10, 200, 10)).save(out, "PNG")
    services.record_visit(
        group=group,
        by=officer,
        visited_on=group.founded_on,
        purpose="follow_up",
        photos=[SimpleUploadedFile("a.png", out.getvalue())],
    )
    return group


class Target:
    """A new, empty database of the engine under test, restored into by `sammachip restore` in a process of
    its own (as on the spare machine of the drill)."""

    def __init__(self, tmp_path: Path, key_file: Path) -> None:
        self.var = tmp_path / "var2"
        self.env = {"SAMMACHIP_VAR_DIR": str(self.var), "SAMMACHIP_BACKUP_KEY_FILE": str(key_file)}
        if PG:
            s = connection.settings_dict
            self.name = f"{s['NAME']}_restore"
            self._sql(f'DROP DATABASE IF EXISTS "{self.name}"', f'CREATE DATABASE "{self.name}"')
            self.url = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{self.name}"
            self.env["DATABASE_URL"] = self.url
        else:
            self.path = tmp_path / "restored.sqlite3"
            self.env |= {"SQLITE_PATH": str(self.path), "DATABASE_URL": ""}

    @staticmethod
    def _sql(*statements: str) -> None:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True,
            env={**os.environ, "PYTHAINLP_OFFLINE": "1", **self.env},
        )  # fmt: skip

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        if PG:
            import psycopg

            with psycopg.connect(self.url.replace("postgres://", "postgresql://")) as db:
                return db.execute(sql).fetchall()  # type: ignore[arg-type]
        if not self.path.exists():
            return []
        with sqlite3.connect(self.path) as db:
            return db.execute(sql).fetchall()

    def counts(self, tables: list[str]) -> dict[str, int]:
        return {t: self.query(f'SELECT COUNT(*) FROM "{t}"')[0][0] for t in tables}  # noqa: S608

    def drop(self) -> None:
        if PG:
            self._sql(f'DROP DATABASE IF EXISTS "{self.name}"')


@pytest.fixture
def target(tmp_path, key_file):
    made = Target(tmp_path, key_file)
    yield made
    made.drop()


def expected_counts() -> dict[str, int]:
    return backup.row_counts() | dict.fromkeys(backup.LEFT_OUT, 0)


def test_round_trip_brings_every_row_and_file_back(data, target, settings) -> None:
    call_command("backup")
    (archive,) = Path(settings.SAMMACHIP_BACKUP_DIR).glob("*.enc")
    expected = expected_counts()
    assert expected["visits_visit"] == 1 and expected["groups_membership"] == 5
    result = target.run("restore", str(archive))
    assert result.returncode == 0, result.stderr[-2000:]
    assert target.counts(list(expected)) == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT first_name, national_id FROM households_person ORDER BY id")
        assert (
            target.query("SELECT first_name, national_id FROM households_person ORDER BY id")
            == cursor.fetchall()
        )
    photos = list((target.var / "media").rglob("*.jpg"))
    assert len(photos) == 1 and photos[0].read_bytes()[:3] == b"\xff\xd8\xff"
    again = target.run("restore", str(archive))  # into the now non-empty database: refused
    assert again.returncode != 0 and "not empty" in again.stderr


def test_an_archive_is_encrypted_private_and_opens_only_with_its_key(
    data, key_file, settings, tmp_path
) -> None:
    from sammachip.groups.models import Membership

    archive = backup.create(Path(settings.SAMMACHIP_BACKUP_DIR))
    backups = Path(settings.SAMMACHIP_BACKUP_DIR)
    assert archive.parent == backups and backups.is_relative_to(tmp_path / "var")  # the data directory
    checksum = archive.parent / (archive.name + ".sha256")
    for path in (archive, checksum, key_file):
        assert path.stat().st_mode & 0o777 == 0o600, path
    assert not key_file.is_relative_to(backups)
    raw = archive.read_bytes()
    assert not raw.startswith(b"\x1f\x8b")  # not a bare .tar.gz
    ids = [m.person.national_id for m in Membership.objects.select_related("person")]
    assert ids and all(i and i.encode() not in raw for i in ids)
    assert backup.verify(archive)["tables"]["groups_membership"] == 5
    # Another key does not open it; neither does a changed byte (with its checksum made to match).
    other = tmp_path / "other" / "backup.key"
    backup.encryption_key(other, backups)
    with pytest.raises(backup.BackupError, match="key"):
        backup.verify(archive, other)
    damaged = bytearray(raw)
    damaged[len(raw) // 2] ^= 0xFF
    archive.write_bytes(bytes(damaged))
    with pytest.raises(backup.BackupError, match="checksum"):
        backup.verify(archive)
    checksum.write_text(f"{backup.sha256(archive)}  {archive.name}\n")
    with pytest.raises(backup.BackupError, match="damaged"):
        backup.verify(archive)
    # The key is never kept with the archives, backups never go where the web server serves files or in the
    # checkout's top folder, and a key file others can read is refused.
    with pytest.raises(CommandError, match="keep it apart"):
        call_command("backup", output=str(key_file.parent))
    for folder in (settings.MEDIA_ROOT, settings.BASE_DIR):
        with pytest.raises(CommandError):
            call_command("backup", output=str(folder))
    key_file.chmod(0o644)
    with pytest.raises(backup.BackupError, match="chmod 600"):
        backup.create(backups)


def test_sessions_tokens_and_login_attempts_are_left_out(data, target, client, settings) -> None:
    from sammachip.accounts.models import ApiToken, LoginAttempt, Session, User

    chair = User.objects.create_user(username="someone", password="pw-123456")
    assert (
        client.post("/accounts/login/", {"username": "someone", "password": "pw-123456"}).status_code == 302
    )
    ApiToken.issue(user=chair, name="ระบบจังหวัด")
    session_key = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=session_key).exists() and LoginAttempt.objects.exists()
    archive = backup.create(Path(settings.SAMMACHIP_BACKUP_DIR))
    manifest = backup.verify(archive)
    assert set(manifest["left_out"]) == {
        "accounts_session", "django_session", "accounts_apitoken", "accounts_loginattempt",
    }  # fmt: skip
    assert all(manifest["tables"][t] == 0 for t in backup.LEFT_OUT)
    with backup.opened(archive) as (root, _manifest):
        database = (root / manifest["database"]["file"]).read_bytes()
    assert session_key.encode() not in database
    result = target.run("restore", str(archive))
    assert result.returncode == 0, result.stderr[-2000:]
    assert target.counts(list(backup.LEFT_OUT)) == dict.fromkeys(backup.LEFT_OUT, 0)
    assert target.counts(["accounts_user"]) == {"accounts_user": User.objects.count()}


def test_a_backup_taken_while_entries_are_written_restores_whole(data, officer, target, settings) -> None:
    """A thread writes entries through the ORM all the while the backup runs; the archive is one instant of
    the database, its manifest counted in that instant, so it restores and every count matches."""
    from sammachip.bookkeeping import services
    from sammachip.bookkeeping.models import Category, Entry

    services.ensure_books(data)
    account = data.money_accounts.get()
    sales = Category.objects.get(group__isnull=True, kind="income", code="sales")
    stop, written, failed = threading.Event(), [], []

    def write() -> None:
        try:
            while not stop.is_set():
                services.record_entry(
                    group=data, by=officer, date=dt.date(2026, 11, 1), kind="income", category=sales,
                    amount=Decimal("1.00"), account=account,
                )  # fmt: skip
                written.append(1)
        except Exception as exc:  # noqa: BLE001 - reported below
            failed.append(exc)
        finally:
            connection.close()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        while len(written) < 5 and writer.is_alive():
            time.sleep(0.01)
        before = len(written)
        archive = backup.create(Path(settings.SAMMACHIP_BACKUP_DIR))
        during = len(written) - before
        time.sleep(0.2)
    finally:
        stop.set()
        writer.join()
    assert not failed, failed
    assert during > 0  # entries were written while the backup ran
    kept = backup.verify(archive)["tables"]["bookkeeping_entry"]
    assert before <= kept <= before + during + 1 and kept < Entry.objects.count()
    result = target.run("restore", str(archive))
    assert result.returncode == 0, result.stderr[-2000:]
    assert target.counts(["bookkeeping_entry"]) == {"bookkeeping_entry": kept}
    numbers = [n for (n,) in target.query("SELECT number FROM bookkeeping_entry ORDER BY number")]
    assert numbers == list(range(1, kept + 1))  # no gap: no half-written write in the copy


def _tampered(archive: Path, key_file: Path, table: str) -> Path:
    """The same archive with one table's count in the manifest one higher, sealed again with the key (so only
    the restore's own count can find it)."""
    with backup.opened(archive, key_file) as (root, manifest):
        manifest["tables"][table] += 1
        (root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        plain = root.parent / "t.tar.gz"
        with tarfile.open(plain, "w:gz") as tar:
            for p in sorted(root.rglob("*")):
                if p.is_file():
                    tar.add(p, arcname=str(p.relative_to(root)))
        out = archive.parent / ("sammachip-20990101-000000" + backup.SUFFIX)
        with plain.open("rb") as source, out.open("wb") as dest:
            backup.encrypt(source, dest, backup.encryption_key(key_file, archive.parent))
    return out


def test_a_failed_restore_leaves_the_database_as_it_was(data, target, key_file, settings) -> None:
    archive = backup.create(Path(settings.SAMMACHIP_BACKUP_DIR))
    bad = _tampered(archive, key_file, "groups_membership")
    assert (
        target.run("migrate", "--verbosity", "0").returncode == 0
    )  # a new database, as `sammachip serve` leaves it
    names = backup.tables()
    before = target.counts(names)
    assert before["groups_occupationgroup"] == 0 and before["places_district"] > 0
    result = target.run("restore", str(bad))
    assert result.returncode != 0 and "row counts differ" in result.stderr
    assert target.counts(names) == before
    assert not (target.var / "media").exists() or not any((target.var / "media").rglob("*.jpg"))
    good = target.run("restore", str(archive))  # and the archive as it was still restores
    assert good.returncode == 0, good.stderr[-2000:]
    assert target.counts(["groups_membership"]) == {"groups_membership": 5}


def test_a_rotated_key_still_opens_the_archives_made_before(data, target, key_file, settings) -> None:
    call_command("backup")
    (old,) = Path(settings.SAMMACHIP_BACKUP_DIR).glob("*.enc")
    old_key = key_file.read_bytes()
    time.sleep(1.1)  # archives are named by the second
    call_command("backup", rotate_key=True)
    assert key_file.read_bytes() != old_key and key_file.stat().st_mode & 0o777 == 0o600
    (retired,) = key_file.parent.glob("backup.key.*")
    assert retired.read_bytes() == old_key
    new = max(Path(settings.SAMMACHIP_BACKUP_DIR).glob("*.enc"))
    assert backup.archive_key_id(new) != backup.archive_key_id(old)
    assert backup.verify(new)["format"] == backup.FORMAT
    result = target.run("restore", str(old))  # found by its id among the retired keys
    assert result.returncode == 0, result.stderr[-2000:]


def test_retention_keeps_the_newest(data, settings) -> None:
    out = Path(settings.SAMMACHIP_BACKUP_DIR)
    for day in range(1, 5):
        backup.create(out, now=dt.datetime(2026, 11, day, 2, 0, tzinfo=dt.UTC))
    call_command("backup", keep=2)
    kept = sorted(p.name for p in out.glob("*.enc"))
    assert len(kept) == 2 and kept[0] == "sammachip-20261104-020000.tar.gz.enc"
    assert len(list(out.glob("*.sha256"))) == 2
