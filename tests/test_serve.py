"""`sammachip serve` is a production server (gunicorn, static files collected), `--dev` the development one;
and nothing serves a public host name with the development secret key."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.test_stateless_servers import _port

ROOT = Path(__file__).resolve().parent.parent
SAMMACHIP = str(Path(sys.executable).parent / "sammachip")


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SECRET_KEY")}
    return {**env, "SQLITE_PATH": str(tmp_path / "serve.sqlite3"), "DJANGO_DEBUG": "0", **extra}


def test_the_wsgi_entry_refuses_a_public_host_with_the_development_key(tmp_path: Path) -> None:
    code = "import config.wsgi"
    public = _env(tmp_path, DJANGO_ALLOWED_HOSTS="sammachip.example.go.th")
    refused = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=public, capture_output=True, text=True
    )  # noqa: S603
    assert refused.returncode != 0
    assert "DJANGO_SECRET_KEY" in refused.stderr and "รหัสลับ" in refused.stderr
    with_key = {**public, "DJANGO_SECRET_KEY": "a-long-random-production-key-" + "y" * 30}
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=with_key).returncode == 0  # noqa: S603
    local = _env(tmp_path, DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost")  # an office machine, on itself
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=local).returncode == 0  # noqa: S603


def test_serve_runs_gunicorn_with_the_static_files(tmp_path: Path) -> None:
    port = _port()
    server = subprocess.Popen(  # noqa: S603 - our own app on loopback
        [SAMMACHIP, "serve", f"127.0.0.1:{port}"], cwd=ROOT,
        env=_env(tmp_path, SAMMACHIP_WORKERS="1", SAMMACHIP_VAR_DIR=str(tmp_path)),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        for _ in range(600):
            try:
                health = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # noqa: S310
                break
            except OSError:
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                time.sleep(0.2)
        else:
            raise AssertionError("the server did not start")
        assert health.status == 200 and "gunicorn" in health.headers.get("Server", "")
        css = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/core/app.css", timeout=5)  # noqa: S310
        assert css.status == 200
        # the page names the hashed copy, sent brotli-compressed (gzip to a browser without brotli) for ten years
        login = urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5).read().decode()  # noqa: S310
        hashed = re.search(r'href="(/static/core/app\.[0-9a-f]{12}\.css)"', login)
        assert hashed, login[:600]
        for encoding in ("br", "gzip"):
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{hashed.group(1)}",
                headers={"Accept-Encoding": f"{encoding}, identity"},
            )
            answer = urllib.request.urlopen(request, timeout=5)  # noqa: S310
            assert answer.headers["Content-Encoding"] == encoding
            assert "max-age=315360000" in answer.headers["Cache-Control"]
            assert "immutable" in answer.headers["Cache-Control"]
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "development server" not in output.lower()
