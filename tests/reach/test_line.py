"""LINE: the Messaging API push and reply checked request by request against a local server (never LINE),
the webhook's signature, linking a person's LINE account with a one-time code, unlinking, `remind --line`
with its e-mail fallback when LINE's quota is spent, and the share links on the pages."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import io
import json
import re
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from sammachip.core.models import AuditEvent
from sammachip.line import client
from sammachip.line.models import LineLink, LinkCode
from sammachip.meetings import services as meetings
from tests.reach import line_server

pytestmark = pytest.mark.django_db

SECRET = "test-channel-secret"
TOKEN = "test-channel-access-token"
LINE_USER = "U" + "4af4980629" * 3 + "ab"
REPLY_TOKEN = "nHuyWiB7yP5Zw52FIkcQobQuGDXCTA"  # noqa: S105 - a reply token from LINE's documentation


@pytest.fixture
def line(settings: Any) -> Iterator[line_server.FakeLine]:
    server, state = line_server.start()
    settings.SAMMACHIP_LINE_CHANNEL_SECRET = SECRET
    settings.SAMMACHIP_LINE_CHANNEL_TOKEN = TOKEN
    settings.SAMMACHIP_LINE_API_BASE = state.url
    yield state
    server.shutdown()
    server.server_close()


def signed(body: bytes, secret: str = SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def webhook_body(text: str, user_id: str = LINE_USER, reply_token: str = REPLY_TOKEN) -> bytes:
    event = {
        "type": "message",
        "mode": "active",
        "timestamp": 1764640000000,
        "source": {"type": "user", "userId": user_id},
        "webhookEventId": "01FZ74A0TDDPYRVKNK77XKC3ZR",
        "deliveryContext": {"isRedelivery": False},
        "replyToken": reply_token,
        "message": {"id": "444573844083572737", "type": "text", "quoteToken": "q3Plxr4AgKd", "text": text},
    }
    return json.dumps({"destination": "Uxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "events": [event]}).encode()


def post_webhook(c: Any, body: bytes, signature: str | None) -> Any:
    headers = {"HTTP_X_LINE_SIGNATURE": signature} if signature is not None else {}
    return c.post("/line/webhook/", body, content_type="application/json", **headers)


def check_push(request: line_server.Received, to: str) -> list[dict]:
    """A push exactly as LINE documents it."""
    assert request.method == "POST" and request.path == "/v2/bot/message/push"
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.headers["content-type"] == "application/json"
    uuid.UUID(request.headers["x-line-retry-key"])  # a UUID
    body = request.json
    assert set(body) == {"to", "messages"} and body["to"] == to
    assert 1 <= len(body["messages"]) <= 5
    for m in body["messages"]:
        assert set(m) == {"type", "text"} and m["type"] == "text" and 0 < len(m["text"]) <= 5000
    return body["messages"]


# ---- the client


def test_push_is_sent_as_line_documents_it(line: line_server.FakeLine) -> None:
    assert client.push(LINE_USER, ["สวัสดี", "นัดประชุมพรุ่งนี้"]) == 1
    assert [m["text"] for m in check_push(line.requests[0], LINE_USER)] == ["สวัสดี", "นัดประชุมพรุ่งนี้"]


def test_push_keeps_to_five_messages_and_5000_characters(line: line_server.FakeLine) -> None:
    long = "\n".join(f"บรรทัด {n} " + "ก" * 90 for n in range(130))  # about 13,000 characters
    texts = [f"ข้อความ {n}" for n in range(6)] + [long]
    requests = client.push(LINE_USER, texts)
    sent = [m for r in line.requests for m in check_push(r, LINE_USER)]
    assert requests == len(line.requests) == 2
    assert [len(check_push(r, LINE_USER)) for r in line.requests] == [5, 4]
    assert "".join(m["text"] for m in sent[6:]).replace("\n", "") == long.replace("\n", "")
    # each retry key is its own
    assert len({r.headers["x-line-retry-key"] for r in line.requests}) == 2


def test_a_spent_quota_is_its_own_refusal(line: line_server.FakeLine) -> None:
    line.status = 429
    with pytest.raises(client.QuotaSpent):
        client.push(LINE_USER, ["x"])
    line.status = 400
    with pytest.raises(client.LineRefused) as refused:
        client.push(LINE_USER, ["x"])
    assert refused.value.status == 400 and not isinstance(refused.value, client.QuotaSpent)


def test_the_api_base_defaults_to_line() -> None:
    from django.conf import settings

    assert settings.SAMMACHIP_LINE_API_BASE == "https://api.line.me"


# ---- linking a LINE account


def test_linking_with_a_one_time_code(client_for: Any, member: Any, line: line_server.FakeLine) -> None:
    c = client_for(member)
    assert c.post(reverse("line:code")).status_code == 302
    code = LinkCode.objects.get(user=member)
    page = c.get(reverse("line:page")).content.decode()
    shown = f"{code.code[:4]} {code.code[4:]}"
    assert shown in page
    # typed into LINE with a space and in Thai digits: still the code
    typed = shown.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    anonymous = type(c)()
    body = webhook_body(typed)
    r = post_webhook(anonymous, body, signed(body))
    assert r.status_code == 200
    link = LineLink.objects.get(user=member)
    assert link.line_user_id == LINE_USER
    code.refresh_from_db()
    assert code.used_at is not None
    assert AuditEvent.objects.filter(verb="line.linked").count() == 1
    # the confirmation goes back through the reply endpoint, as LINE documents it
    (reply,) = line.requests
    assert reply.path == "/v2/bot/message/reply"
    assert reply.headers["authorization"] == f"Bearer {TOKEN}"
    assert reply.headers["content-type"] == "application/json"
    assert reply.json["replyToken"] == REPLY_TOKEN
    assert reply.json["messages"][0]["type"] == "text"
    assert 'id="line-linked"' in c.get(reverse("line:page")).content.decode()
    # the code works once
    other = "U" + "0" * 32
    body = webhook_body(shown, user_id=other)
    assert post_webhook(anonymous, body, signed(body)).status_code == 200
    assert not LineLink.objects.filter(line_user_id=other).exists()
    # unlinking is one tap
    assert c.post(reverse("line:unlink")).status_code == 302
    assert not LineLink.objects.filter(user=member).exists()


def test_the_webhook_refuses_a_wrong_signature(
    client_for: Any, member: Any, line: line_server.FakeLine
) -> None:
    client_for(member).post(reverse("line:code"))
    code = LinkCode.objects.get(user=member).code
    body = webhook_body(code)
    c = type(client_for(member))()
    assert post_webhook(c, body, signed(body, "another-secret")).status_code == 403
    assert post_webhook(c, body, None).status_code == 403
    tampered = webhook_body(code, user_id="U" + "f" * 32)
    assert post_webhook(c, tampered, signed(body)).status_code == 403  # signature of another body
    assert not LineLink.objects.exists()
    assert LinkCode.objects.get(user=member).used_at is None
    assert line.requests == []


def test_an_expired_or_guessed_code_links_nobody(
    client_for: Any, member: Any, line: line_server.FakeLine
) -> None:
    client_for(member).post(reverse("line:code"))
    code = LinkCode.objects.get(user=member).code
    anonymous = type(client_for(member))()
    # a guesser gets ten tries an hour, then even the right code is not read from them
    guesser = "U" + "9" * 32
    for n in range(10):
        body = webhook_body(f"{(int(code) + n + 1) % 10**8:08d}", user_id=guesser)
        assert post_webhook(anonymous, body, signed(body)).status_code == 200
    body = webhook_body(code, user_id=guesser)
    post_webhook(anonymous, body, signed(body))
    assert not LineLink.objects.exists()
    with time_machine.travel(dt.datetime(2026, 11, 25, 10, 16, tzinfo=dt.timezone(dt.timedelta(hours=7)))):
        body = webhook_body(code)
        assert post_webhook(anonymous, body, signed(body)).status_code == 200
    assert not LineLink.objects.exists()


def test_line_pages_refuse_outsiders_and_need_line_set_up(
    client_for: Any, outsider: Any, member: Any, officer: Any, settings: Any
) -> None:
    settings.SAMMACHIP_LINE_CHANNEL_SECRET = SECRET
    settings.SAMMACHIP_LINE_CHANNEL_TOKEN = TOKEN
    assert client_for(outsider).get(reverse("line:page")).status_code == 404
    assert client_for(outsider).post(reverse("line:code")).status_code == 404
    assert not LinkCode.objects.exists()
    assert client_for(officer).get(reverse("line:page")).status_code == 200
    assert client_for(member).get(reverse("line:page")).status_code == 200
    anonymous = type(client_for(member))().get(reverse("line:page"))
    assert anonymous.status_code == 302  # to the sign-in page
    settings.SAMMACHIP_LINE_CHANNEL_TOKEN = ""
    assert client_for(member).get(reverse("line:page")).status_code == 404
    body = webhook_body("12345678")
    assert post_webhook(type(client_for(member))(), body, signed(body)).status_code == 404


# ---- remind --line


@pytest.fixture
def linked(officer: Any, member: Any, chair: Any) -> dict[str, str]:
    ids = {}
    for n, user in enumerate((officer, member, chair)):
        ids[user.username] = f"U{n:032d}"
        LineLink.objects.create(
            user=user, line_user_id=ids[user.username], linked_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
        )
    return ids


def test_remind_line_pushes_agendas_and_meeting_reminders(
    group: Any, officer: Any, chair: Any, linked: dict, line: line_server.FakeLine
) -> None:
    meetings.schedule_meeting(
        group=group, kind="monthly", date=dt.date(2026, 11, 26), place="ศาลาหมู่บ้าน",
        agenda=["ยอดขายเดือนนี้", "ซื้อขวดเพิ่ม"], by=officer,
    )  # fmt: skip
    meetings.schedule_meeting(
        group=group, kind="monthly", date=dt.date(2026, 12, 20), place="ไกลเกินไป", agenda=["x"], by=officer
    )  # not yet: no reminder
    out = io.StringIO()
    call_command("remind", "--line", "--no-snapshots", stdout=out, stderr=io.StringIO())
    by_user: dict[str, list[str]] = {}
    for r in line.requests:
        texts = check_push(r, r.json["to"])
        by_user.setdefault(r.json["to"], []).extend(m["text"] for m in texts)
    # every linked member gets the meeting of tomorrow, with its place and agenda; never the far one
    for who in ("member", "chair"):
        (text,) = by_user[linked[who]]
        assert "ศาลาหมู่บ้าน" in text and "1. ยอดขายเดือนนี้" in text and "2. ซื้อขวดเพิ่ม" in text
        assert "ไกลเกินไป" not in text
    # the officer's morning agenda (the group's weekly visit is due)
    assert group.name in "\n".join(by_user[linked["officer"]])
    assert "LINE messages: 3" in out.getvalue()
    assert mail.outbox == []


def test_remind_line_falls_back_to_email_when_the_quota_is_spent(
    group: Any, officer: Any, linked: dict, line: line_server.FakeLine, caplog: Any
) -> None:
    officer.email = "officer@example.org"
    officer.save()
    line.status = 429
    out, err = io.StringIO(), io.StringIO()
    with caplog.at_level("WARNING", logger="sammachip.line"):
        call_command("remind", "--line", "--no-snapshots", stdout=out, stderr=err)
    assert any(r.json["to"] == linked["officer"] for r in line.requests)  # LINE was asked first
    assert [m.to for m in mail.outbox] == [["officer@example.org"]]
    assert group.name in mail.outbox[0].body
    assert "429" in err.getvalue() and "quota" in caplog.text
    assert "refused by LINE: 1" in out.getvalue()


def test_remind_line_needs_line_set_up(settings: Any, officer: Any) -> None:
    from django.core.management.base import CommandError

    settings.SAMMACHIP_LINE_CHANNEL_TOKEN = ""
    with pytest.raises(CommandError):
        call_command("remind", "--line", stdout=io.StringIO())


# ---- share links (no API)


def shared_text(page: str) -> list[str]:
    links = re.findall(r'href="(https://line\.me/R/share\?text=[^"]+)"', page)
    return [parse_qs(urlsplit(link.replace("&amp;", "&")).query)["text"][0] for link in links]


def test_meeting_and_online_vote_share_to_line(
    client_for: Any, chair: Any, member: Any, outsider: Any, group: Any, officer: Any
) -> None:
    meeting = meetings.schedule_meeting(
        group=group,
        kind="monthly",
        date=dt.date(2026, 12, 5),
        place="ศาลาหมู่บ้าน",
        agenda=["ยอดขาย"],
        by=officer,
    )
    url = reverse("meetings:meeting", args=[group.pk, meeting.pk])
    (text,) = shared_text(client_for(member).get(url).content.decode())
    assert "5 ธ.ค. 2569" in text and "ศาลาหมู่บ้าน" in text and "1. ยอดขาย" in text and text.endswith(url)
    assert client_for(outsider).get(url).status_code == 404
    c = client_for(chair)
    r = c.post(f"/groups/{group.pk}/votes/new/", {
        "question": "ซื้อหม้อต้มใบใหม่", "kind": "general", "mode": "yes_no", "threshold": "majority",
        "closes_at": "09/12/2569 18:00",
    })  # fmt: skip
    assert r.status_code == 302
    page = c.get(r["Location"]).content.decode()
    (text,) = shared_text(page)
    assert "ซื้อหม้อต้มใบใหม่" in text and "9 ธ.ค. 2569 18:00" in text and text.endswith(r["Location"])


def test_public_page_shares_and_opens_a_line_chat(client_for: Any, officer: Any, group: Any) -> None:
    from decimal import Decimal

    from sammachip.market.models import MarketProfile
    from sammachip.market.services import save_product

    MarketProfile.objects.create(
        group=group, slug="soap-sako", story="สบู่สมุนไพร", line_id="@sakosoap", is_published=True
    )
    save_product(group=group, by=officer, name="น้ำยาล้างจานมะกรูด", price=Decimal("35.00"), unit="ขวด")
    page = type(client_for(officer))().get("/g/soap-sako/").content.decode()
    texts = shared_text(page)
    assert any("น้ำยาล้างจานมะกรูด" in t and "฿35.00 / ขวด" in t and "/g/soap-sako/" in t for t in texts)
    assert any(t.startswith(group.name) and "สบู่สมุนไพร" in t for t in texts)
    assert 'href="https://line.me/R/ti/p/@sakosoap"' in page


def test_annual_report_summary_shares_to_line(client_for: Any, chair: Any, outsider: Any, group: Any) -> None:
    from decimal import Decimal

    from sammachip.visits.services import submit_annual_report

    submit_annual_report(
        group=group, fiscal_year_start=dt.date(2025, 1, 1), by=chair, income=Decimal("12500.00"),
        expense=Decimal("8000.50"), own_sales=Decimal("12500.00"), grants=Decimal("0"), dividends_paid=Decimal("0"),
    )  # fmt: skip
    url = reverse("visits:group_reports", args=[group.pk])
    (text,) = shared_text(client_for(chair).get(url).content.decode())
    assert group.name in text and "฿12,500.00" in text and "฿8,000.50" in text and "฿4,499.50" in text
    assert text.endswith(url)
    assert client_for(outsider).get(url).status_code == 404


def test_erasure_takes_the_line_link_and_the_search_text(
    client_for: Any, officer: Any, member: Any, group: Any
) -> None:
    from sammachip.groups import services as group_services
    from sammachip.privacy.services import erase_person

    me = group.memberships.get(person__user=member)
    LineLink.objects.create(
        user=member, line_user_id=LINE_USER, linked_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    )
    old_phone = me.person.phone
    group_services.end_membership(membership=me, on=dt.date(2026, 11, 1), reason="moved", by=officer)
    erase_person(person=me.person, reason="ย้ายออก", by=officer)
    assert not LineLink.objects.filter(user=member).exists()
    me.person.refresh_from_db()
    assert old_phone not in me.person.search_text and "สมาชิก" not in me.person.search_text
