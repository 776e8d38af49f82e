"""Refuse to serve the public with the development secret key: anyone who has read this repository could sign
sessions and CSRF tokens for it. Called by `sammachip serve` and by the WSGI entry point, so gunicorn run by
hand is covered too."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]", "testserver"}
# The development key of config/settings.py, and any key Django marks as insecure (`check --deploy`: W009).
DEVELOPMENT_KEY_PREFIX = "django-insecure-"


def refuse_development_key() -> None:
    public = [h for h in settings.ALLOWED_HOSTS if h not in LOCAL_HOSTS]
    if settings.DEBUG or not public or not settings.SECRET_KEY.startswith(DEVELOPMENT_KEY_PREFIX):
        return
    raise ImproperlyConfigured(
        "ยังไม่ได้ตั้งรหัสลับของระบบ (DJANGO_SECRET_KEY) จึงไม่เปิดให้บริการที่ "
        f"{', '.join(public)}: ตั้งค่าเป็นข้อความสุ่มยาว เช่น จากคำสั่ง "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(50))' แล้วเริ่มใหม่\n"
        "DJANGO_SECRET_KEY is not set, so Sammachip will not serve "
        f"{', '.join(public)} with the development key: set it to a long random string (for example from "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(50))') and start again."
    )
