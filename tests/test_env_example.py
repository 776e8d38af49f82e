"""Every variable Sammachip reads from the environment is in .env.example, so whoever deploys it sees them all."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READ = re.compile(
    r"""(?:environ\.get|env_bool|env_int|getenv|environ\.setdefault)\(\s*["']([A-Z][A-Z0-9_]+)["']|environ\[["']([A-Z][A-Z0-9_]+)["']\]"""
)
# Set by the process that runs us, not by whoever deploys: CI's flag, Django's own, PyThaiNLP's (Makefile).
NOT_SETTINGS = {"CI", "DJANGO_SETTINGS_MODULE", "PYTHAINLP_OFFLINE"}


def test_every_variable_read_is_in_env_example() -> None:
    read: set[str] = set()
    for path in [*ROOT.joinpath("config").rglob("*.py"), *ROOT.joinpath("sammachip").rglob("*.py")]:
        for match in READ.finditer(path.read_text(encoding="utf-8")):
            read.add(match.group(1) or match.group(2))
    listed = set(
        re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", ROOT.joinpath(".env.example").read_text(), re.MULTILINE)
    )
    assert len(read) > 20
    assert read - NOT_SETTINGS - listed == set()
