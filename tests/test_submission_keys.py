"""Nothing doubled on a weak signal: every page form carries a one-time submission key and API clients send
an Idempotency-Key; the same key again — a retry, a double tap, two at the same moment — creates nothing new
and answers with the first answer. On SQLite and PostgreSQL."""

from __future__ import annotations

import re
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client

from sammachip.accounts.models import ApiToken
from sammachip.bookkeeping.models import Entry
from sammachip.core.models import Submission
from tests.bookkeeping.conftest import category


def _key(page: str) -> str:
    found = re.search(r'name="submission_key" value="([^"]+)"', page)
    assert found, "the form carries no submission key"
    return found.group(1)


def _income(cash) -> dict:  # type: ignore[no-untyped-def]
    return {"date": "20/11/2569", "category": category("income", "sales").pk, "amount": "1,250.50",
            "account": cash.pk, "note": "ขายน้ำยาล้างจาน"}  # fmt: skip


def test_every_post_form_carries_a_fresh_key(client_for, treasurer, group, cash) -> None:
    c = client_for(treasurer)
    first = c.get(f"/groups/{group.pk}/books/").content.decode()
    second = c.get(f"/groups/{group.pk}/books/").content.decode()
    assert _key(first) != _key(second)
    assert len(re.findall(r'name="csrfmiddlewaretoken"', first)) == len(
        re.findall(r'name="submission_key"', first)
    )


def test_the_same_entry_form_sent_twice_books_once(client_for, treasurer, group, cash) -> None:
    c = client_for(treasurer)
    key = _key(c.get(f"/groups/{group.pk}/books/").content.decode())
    data = {**_income(cash), "submission_key": key}
    first = c.post(f"/groups/{group.pk}/books/", data)
    again = c.post(f"/groups/{group.pk}/books/", data)
    assert first.status_code == again.status_code == 302 and first["Location"] == again["Location"]
    assert again["X-Submission-Replayed"] == "1"
    assert Entry.objects.filter(group=group, amount=Decimal("1250.50")).count() == 1
    # a new form (a new key) books a second, as the person meant
    data["submission_key"] = _key(c.get(f"/groups/{group.pk}/books/").content.decode())
    assert c.post(f"/groups/{group.pk}/books/", data).status_code == 302
    assert Entry.objects.filter(group=group, amount=Decimal("1250.50")).count() == 2


def test_a_refused_form_keeps_nothing_so_the_corrected_one_goes_in(
    client_for, treasurer, group, cash
) -> None:
    c = client_for(treasurer)
    key = _key(c.get(f"/groups/{group.pk}/books/").content.decode())
    bad = {**_income(cash), "amount": "สิบบาท", "submission_key": key}
    assert c.post(f"/groups/{group.pk}/books/", bad).status_code in (200, 422)
    assert not Submission.objects.filter(key=key).exists()
    assert c.post(f"/groups/{group.pk}/books/", {**bad, "amount": "10.20"}).status_code == 302
    assert Entry.objects.filter(group=group, amount=Decimal("10.20")).count() == 1


def test_another_person_cannot_replay_a_key(client_for, treasurer, group, cash, officer) -> None:
    key = "k" * 24
    assert (
        client_for(treasurer)
        .post(f"/groups/{group.pk}/books/", {**_income(cash), "submission_key": key})
        .status_code
        == 302
    )
    r = client_for(officer).post(f"/groups/{group.pk}/books/", {**_income(cash), "submission_key": key})
    assert r.status_code == 404 and "X-Submission-Replayed" not in r  # the officer does not write books
    assert Entry.objects.filter(group=group, amount=Decimal("1250.50")).count() == 1


def test_the_api_answers_a_repeated_key_with_the_first_answer(treasurer, group, cash) -> None:
    sale = category("income", "sales")
    _token, secret = ApiToken.issue(user=treasurer, name="phone")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_IDEMPOTENCY_KEY="outbox-0001-aaaaaaaaaaaa")
    body = {"date": "2026-11-20", "category_id": sale.pk, "amount": "1250.50", "account_id": cash.pk}
    first = api.post(f"/api/v1/groups/{group.pk}/entries", body, content_type="application/json")
    again = api.post(f"/api/v1/groups/{group.pk}/entries", body, content_type="application/json")
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert Entry.objects.filter(group=group).count() == 1


@pytest.mark.django_db(transaction=True)
def test_five_identical_posts_at_once_book_once(treasurer, group, cash) -> None:
    """Five taps of one payment form reaching the server at the same moment (the assessment saw five
    entries): one entry, and every answer the same redirect."""
    key = "tap-tap-tap-tap-tap-1"
    data = {**_income(cash), "submission_key": key}
    answers: list[tuple[int, str]] = []
    barrier = threading.Barrier(5)

    def send() -> None:
        c = Client()
        c.force_login(treasurer)
        barrier.wait()
        r = c.post(f"/groups/{group.pk}/books/", data)
        answers.append((r.status_code, r.get("Location", "")))
        connection.close()

    threads = [threading.Thread(target=send) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Entry.objects.filter(group=group, amount=Decimal("1250.50")).count() == 1
    assert len(answers) == 5 and len(set(answers)) == 1 and answers[0][0] == 302


def test_the_daily_job_forgets_old_keys(client_for, treasurer, group, cash) -> None:
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    client_for(treasurer).post(
        f"/groups/{group.pk}/books/", {**_income(cash), "submission_key": "old-key-0000000001"}
    )
    client_for(treasurer).post(
        f"/groups/{group.pk}/books/", {**_income(cash), "submission_key": "new-key-0000000001"}
    )
    Submission.objects.filter(key="old-key-0000000001").update(at=timezone.now() - dt.timedelta(days=91))
    call_command("remind", "--no-snapshots")
    assert list(Submission.objects.values_list("key", flat=True)) == ["new-key-0000000001"]
