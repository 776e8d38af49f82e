"""PostgreSQL prepares the statements a connection runs again, unless DATABASE_PREPARED=0 (an old pooler)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _options(**env: str) -> dict:
    code = "import json; from config import settings; print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))"
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_PREPARED")}
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("off", ["0", "false", "no"])
def test_postgresql_prepares_statements_unless_turned_off(off: str) -> None:
    url = "postgres://sammachip@db:5432/sammachip"
    on = _options(DATABASE_URL=url)
    assert on["server_side_binding"] is True and on["prepare_threshold"] == 2
    assert "server_side_binding" not in _options(DATABASE_URL=url, DATABASE_PREPARED=off)
    assert "server_side_binding" not in _options()  # SQLite


def test_this_connection_prepares_on_postgresql(db) -> None:
    from django.db import connection

    connection.ensure_connection()
    if connection.vendor == "postgresql":
        assert connection.connection.prepare_threshold == 2
    else:
        assert "prepare_threshold" not in connection.settings_dict.get("OPTIONS", {})
