"""The LINE Messaging API, as LINE documents it (developers.line.biz/en/reference/messaging-api/):

- push: POST {base}/v2/bot/message/push, `Authorization: Bearer <channel access token>`, JSON
  {"to": userId, "messages": [{"type": "text", "text": …}]} — at most 5 message objects a request, a text at
  most 5000 characters; `X-Line-Retry-Key` (a UUID) lets a retried request be refused as a duplicate instead
  of sent twice; 429 when the month's message quota (or the rate limit) is spent.
- reply: POST {base}/v2/bot/message/reply with {"replyToken": …, "messages": […]} (free, within a minute).
- webhook signature: header X-Line-Signature = base64(HMAC-SHA256(channel secret, the raw request body)).

The base URL is a setting (SAMMACHIP_LINE_API_BASE) so the tests talk to a local server, never to LINE."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterable

from django.conf import settings

MAX_MESSAGES = 5
MAX_TEXT = 5000
TIMEOUT = 10


class LineRefused(Exception):
    def __init__(self, status: int, body: str) -> None:
        super().__init__(f"LINE answered {status}: {body[:300]}")
        self.status = status
        self.body = body


class QuotaSpent(LineRefused):
    """429: the Official Account's messages for the month (or its rate) are used up."""


def configured() -> bool:
    return bool(settings.SAMMACHIP_LINE_CHANNEL_SECRET and settings.SAMMACHIP_LINE_CHANNEL_TOKEN)


def signature_ok(body: bytes, signature: str) -> bool:
    secret = settings.SAMMACHIP_LINE_CHANNEL_SECRET
    if not secret or not signature:
        return False
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return hmac.compare_digest(base64.b64encode(digest), signature.encode())


def text_messages(texts: Iterable[str]) -> list[dict[str, str]]:
    """Text message objects, a long text cut into parts of at most 5000 characters (at a line end when one
    is near)."""
    out = []
    for text in texts:
        text = text.strip()
        while text:
            part = text[:MAX_TEXT]
            if len(text) > MAX_TEXT and "\n" in part[MAX_TEXT // 2 :]:
                part = part[: part.rindex("\n")]
            out.append({"type": "text", "text": part})
            text = text[len(part) :].lstrip("\n")
    return out


def _post(path: str, payload: dict, *, retry_key: str | None = None) -> None:
    headers = {
        "Authorization": f"Bearer {settings.SAMMACHIP_LINE_CHANNEL_TOKEN}",
        "Content-Type": "application/json",
    }
    if retry_key:
        headers["X-Line-Retry-Key"] = retry_key
    request = urllib.request.Request(  # noqa: S310 - the base URL is a setting, https in production
        settings.SAMMACHIP_LINE_API_BASE.rstrip("/") + path,
        data=json.dumps(payload, ensure_ascii=False).encode(),
        headers=headers,
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            response.read()
    except urllib.error.HTTPError as exc:
        body = exc.read().decode(errors="replace")
        # 409 on a retry key already accepted: LINE sent it the first time.
        if exc.code == 409 and retry_key and exc.headers.get("x-line-accepted-request-id"):
            return
        raise (QuotaSpent if exc.code == 429 else LineRefused)(exc.code, body) from None


def push(to: str, texts: Iterable[str]) -> int:
    """Send the texts to one LINE user, 5 message objects a request; the number of requests made.
    Raises QuotaSpent (429) or LineRefused (any other refusal)."""
    messages = text_messages(texts)
    requests = 0
    for start in range(0, len(messages), MAX_MESSAGES):
        _post(
            "/v2/bot/message/push",
            {"to": to, "messages": messages[start : start + MAX_MESSAGES]},
            retry_key=str(uuid.uuid4()),
        )
        requests += 1
    return requests


def reply(reply_token: str, texts: Iterable[str]) -> None:
    _post(
        "/v2/bot/message/reply", {"replyToken": reply_token, "messages": text_messages(texts)[:MAX_MESSAGES]}
    )
