"""`sammachip backup` and `sammachip restore`: a round trip brings every row and every uploaded file
back, on SQLite and on PostgreSQL; damaged archives, wrong passphrases and non-empty targets are refused."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from sammachip.core import backup

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def data(group, officer, settings, tmp_path):
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


def _run_restore(archive: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "restore", str(archive)], cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "PYTHAINLP_OFFLINE": "1", **env},
    )  # fmt: skip


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "") != "", reason="the SQLite pass")
def test_sqlite_round_trip_brings_every_row_and_file_back(data, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SAMMACHIP_BACKUP_PASSPHRASE", "ลับมาก-123")
    call_command("backup", output=str(tmp_path / "out"))
    archive = next((tmp_path / "out").glob("*.enc"))
    expected = backup.row_counts()
    assert expected["visits_visit"] == 1 and expected["groups_membership"] == 5
    target = tmp_path / "restored.sqlite3"
    env = {
        "SQLITE_PATH": str(target),
        "SAMMACHIP_VAR_DIR": str(tmp_path / "var2"),
        "SAMMACHIP_BACKUP_PASSPHRASE": "ลับมาก-123",
    }
    env.pop("DATABASE_URL", None)
    result = _run_restore(archive, env)
    assert result.returncode == 0, result.stderr[-2000:]
    with sqlite3.connect(target) as db:
        got = {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in expected}  # noqa: S608
        names = sorted(r[0] for r in db.execute("SELECT first_name FROM households_person"))
    assert got == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT first_name FROM households_person")
        assert names == sorted(r[0] for r in cursor.fetchall())
    photos = list((tmp_path / "var2" / "media").rglob("*.jpg"))
    assert len(photos) == 1 and photos[0].read_bytes()[:3] == b"\xff\xd8\xff"
    # a second restore into the now non-empty database is refused
    again = _run_restore(archive, env)
    assert again.returncode != 0 and "not empty" in again.stderr


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "") != "", reason="the SQLite pass")
def test_damaged_archives_and_wrong_passphrases_are_refused(data, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SAMMACHIP_BACKUP_PASSPHRASE", "right")
    call_command("backup", output=str(tmp_path / "out"))
    archive = next((tmp_path / "out").glob("*.enc"))
    env = {
        "SQLITE_PATH": str(tmp_path / "r.sqlite3"),
        "SAMMACHIP_VAR_DIR": str(tmp_path / "v"),
        "SAMMACHIP_BACKUP_PASSPHRASE": "wrong",
    }
    result = _run_restore(archive, env)
    assert result.returncode != 0 and "passphrase" in result.stderr
    raw = bytearray(archive.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    archive.write_bytes(bytes(raw))
    result = _run_restore(archive, {**env, "SAMMACHIP_BACKUP_PASSPHRASE": "right"})
    assert result.returncode != 0 and "checksum" in result.stderr
    assert (
        not (tmp_path / "r.sqlite3").exists()
        or sqlite3.connect(tmp_path / "r.sqlite3")
        .execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'groups_occupationgroup'")
        .fetchone()[0]
        == 0
    )


def test_retention_keeps_the_newest(data, tmp_path, monkeypatch) -> None:
    import datetime as dt

    monkeypatch.delenv("SAMMACHIP_BACKUP_PASSPHRASE", raising=False)
    out = tmp_path / "out"
    for day in range(1, 5):
        backup.create(out, now=dt.datetime(2026, 11, day, 2, 0, tzinfo=dt.UTC))
    call_command("backup", output=str(out), keep=2)
    kept = sorted(p.name for p in out.glob("*.tar.gz"))
    assert len(kept) == 2 and kept[0] == "sammachip-20261104-020000.tar.gz"
    assert len(list(out.glob("*.sha256"))) == 2


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "") == "", reason="the PostgreSQL pass")
def test_postgresql_round_trip(data, tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("SAMMACHIP_BACKUP_PASSPHRASE", raising=False)
    archive = backup.create(tmp_path / "out")
    expected = backup.row_counts()
    s = connection.settings_dict
    target = f"{s['NAME']}_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
        cursor.execute(f'CREATE DATABASE "{target}"')
    url = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{target}"
    try:
        result = _run_restore(archive, {"DATABASE_URL": url, "SAMMACHIP_VAR_DIR": str(tmp_path / "var2")})
        assert result.returncode == 0, result.stderr[-2000:]
        import psycopg

        with psycopg.connect(url.replace("postgres://", "postgresql://")) as db:
            got = {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in expected}  # type: ignore[index]  # noqa: S608
        assert got == expected
        assert len(list((tmp_path / "var2" / "media").rglob("*.jpg"))) == 1
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
