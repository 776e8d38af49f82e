"""Shared personas: officer, other_district_officer, district_head, chair, treasurer, member, outsider."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client

from sammachip.accounts.models import StaffPosting, User
from sammachip.core.thaiid import check_digit
from sammachip.groups import services
from sammachip.groups.models import Membership, OccupationGroup, Role
from sammachip.households.models import OccupationType
from sammachip.places.models import District, Village

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
FOUNDED = dt.date(2024, 1, 15)
# Every test runs at this moment, whatever the day it is run: a test that once added 30 days to "today"
# and kept today's year failed every December. The clock ticks on from here, so expiries and timeouts work.
CLOCK = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def _flush_past_the_delete_guards() -> None:
    """A transactional test ends with a flush, which on SQLite is a DELETE of every table — refused by the
    triggers that keep entries, work records, dividend shares and votes (PostgreSQL's flush is a TRUNCATE,
    which fires no row trigger). The test runner alone lifts them for its flush, in the flush's own
    transaction, and puts them back as they were; the app has no such way."""
    from django.db.backends.base.operations import BaseDatabaseOperations
    from django.db.backends.sqlite3.base import DatabaseWrapper  # (not .operations: it imports .base)

    ops = DatabaseWrapper.ops_class
    original = ops.execute_sql_flush

    def execute_sql_flush(self: BaseDatabaseOperations, sql_list: Any) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%no_delete'"
            )
            guards = cursor.fetchall()
        original(
            self,
            [*(f'DROP TRIGGER "{name}"' for name, _sql in guards), *sql_list, *(sql for _n, sql in guards)],
        )

    ops.execute_sql_flush = execute_sql_flush  # type: ignore[method-assign]


_flush_past_the_delete_guards()


@pytest.fixture(autouse=True, scope="session")
def _plain_static_files() -> Any:
    """Tests name the static files as they are in the apps: never hashed copies that a `sammachip serve` of this
    checkout collected earlier, which may be older than the files under test."""
    from django.test import override_settings

    plain = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=plain):
        yield


@pytest.fixture(autouse=True)
def _fixed_clock() -> Any:
    with time_machine.travel(CLOCK, tick=True):
        yield


def make_national_id(seed: int) -> str:
    first = f"1{seed:011d}"
    return first + str(check_digit(first))


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Any, tmp_path_factory: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path_factory.getbasetemp() / "media")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "th"


def ensure_geography() -> None:
    """Data migrations load every area and the standard categories; a transactional test flushes them,
    so load them again then."""
    from sammachip.bookkeeping.models import Category
    from sammachip.bookkeeping.standard import ensure_standard_categories

    if not Category.objects.filter(group__isnull=True).exists():
        ensure_standard_categories(Category)
    from sammachip.households.models import OccupationType, SpendingItem
    from sammachip.households.standard_items import ensure_standard_items

    if not SpendingItem.objects.exists():
        ensure_standard_items(SpendingItem, OccupationType)
    if not District.objects.filter(code="9611").exists():
        from sammachip.places.geography import load_geography
        from sammachip.places.models import Province, Subdistrict

        load_geography(Province, District, Subdistrict)


@pytest.fixture
def sungai_padi(db: None) -> District:
    ensure_geography()
    return District.objects.get(code="9611")


@pytest.fixture
def village(sungai_padi: District) -> Village:
    return Village.objects.create(
        subdistrict=sungai_padi.subdistricts.get(code="961104"), moo=2, name="บ้านสากอ"
    )


@pytest.fixture
def other_village(db: None) -> Village:
    ensure_geography()
    district = District.objects.get(code="9610")  # สุไหงโก-ลก, another district
    return Village.objects.create(subdistrict=district.subdistricts.order_by("code")[0], moo=1, name="บ้านอื่น")


def _staff(username: str, role: str, district: District | None, province_id: int) -> User:
    user = User.objects.create_user(username=username, password="pw-123456", first_name=username)
    StaffPosting.objects.create(
        user=user, role=role, district=district, province_id=province_id, starts_on=dt.date(2020, 1, 1)
    )
    return user


@pytest.fixture
def officer(sungai_padi: District) -> User:
    return _staff("officer", "officer", sungai_padi, sungai_padi.province_id)


@pytest.fixture
def district_head(sungai_padi: District) -> User:
    return _staff("head", "district_head", sungai_padi, sungai_padi.province_id)


@pytest.fixture
def other_district_officer(db: None) -> User:
    ensure_geography()
    other = District.objects.get(code="9610")
    return _staff("other", "officer", other, other.province_id)


@pytest.fixture
def outsider(db: None) -> User:
    return User.objects.create_user(username="outsider", password="pw-123456")


@pytest.fixture
def occupation(db: None) -> OccupationType:
    return OccupationType.objects.create(name="ทำน้ำยาล้างจาน")


@pytest.fixture
def add_members(officer: User) -> Callable[..., list[Membership]]:
    counter = {"n": 0}

    def add(group: OccupationGroup, count: int) -> list[Membership]:
        made = []
        for _ in range(count):
            counter["n"] += 1
            n = counter["n"] + group.pk * 1000
            made.append(
                services.add_member(
                    group=group,
                    by=officer,
                    joined_on=FOUNDED,
                    is_founding=True,
                    chosen_occupations=[group.occupation],
                    person_data={
                        "first_name": f"สมาชิก{n}",
                        "last_name": "ทดสอบ",
                        "national_id": make_national_id(n),
                        "phone": f"08{n:08d}",
                    },
                )
            )
        return made

    return add


@pytest.fixture
def group(
    village: Village, occupation: OccupationType, officer: User, add_members: Callable
) -> OccupationGroup:
    group = services.create_group(
        name="กลุ่มน้ำยาล้างจาน", village=village, occupation=occupation, founded_on=FOUNDED, by=officer
    )
    add_members(group, 5)
    return group


def _login_member(membership: Membership, username: str) -> User:
    user = User.objects.create_user(username=username, password="pw-123456", phone=membership.person.phone)
    membership.person.user = user
    membership.person.save()
    return user


@pytest.fixture
def chair(group: OccupationGroup, officer: User) -> User:
    m = group.memberships.order_by("number")[0]
    services.appoint_committee_member(
        group=group, membership=m, role=Role.CHAIR, starts_on=FOUNDED, by=officer
    )
    return _login_member(m, "chair")


@pytest.fixture
def treasurer(group: OccupationGroup, officer: User) -> User:
    m = group.memberships.order_by("number")[1]
    services.appoint_committee_member(
        group=group, membership=m, role=Role.TREASURER, starts_on=FOUNDED, by=officer
    )
    return _login_member(m, "treasurer")


@pytest.fixture
def member(group: OccupationGroup) -> User:
    return _login_member(group.memberships.order_by("number")[2], "member")


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    def make(user: User) -> Client:
        c = Client()
        c.force_login(user)
        return c

    return make


def pass_resolution(
    group: OccupationGroup, by: User, *, on: dt.date | None = None, kind: str = "general", **kwargs
):  # type: ignore[no-untyped-def]
    """Hold a general meeting with everyone present, put a resolution, record a unanimous show of hands
    and have a second person witness it — the only way a decision takes effect."""
    from sammachip.meetings import services as meetings

    on = on or dt.date(2024, 2, 1)
    meeting = meetings.schedule_meeting(
        group=group, kind="general", date=on, place="ศาลาหมู่บ้าน", agenda=["วาระ"], by=by
    )
    meetings.open_meeting(meeting=meeting, by=by)
    marks = {m.pk: ("present", None) for m in meetings.eligible_members(meeting)}
    meetings.record_attendance(meeting=meeting, marks=marks, by=by)
    resolution = meetings.propose_resolution(
        group=group,
        meeting=meeting,
        question=kwargs.pop("question", "เห็นชอบหรือไม่"),
        kind=kind,
        by=by,
        **kwargs,
    )
    for m in meetings.eligible_members(meeting):
        meetings.cast_vote(resolution=resolution, membership=m, choice="yes", by=by)
    witness = User.objects.get_or_create(username="witness-" + str(group.pk))[0]
    meetings.witness_tally(resolution=resolution, by=witness)
    resolution = meetings.close_resolution(resolution=resolution, by=by)
    meetings.close_meeting(meeting=meeting, by=by)
    return resolution


from tests.bookkeeping.conftest import cash, production, task  # noqa: F401, E402 - shared fixtures
from tests.preparation.conftest import forum, houses  # noqa: F401, E402 - shared fixtures


@pytest.fixture
def other_group_chair(
    village: Village, occupation: OccupationType, officer: User, add_members: Callable
) -> User:
    """The chair of another group in the same village: a group role, but not in the group under test."""
    other = services.create_group(
        name="กลุ่มอื่นในหมู่บ้านเดียวกัน", village=village, occupation=occupation, founded_on=FOUNDED, by=officer
    )
    m = add_members(other, 1)[0]
    services.appoint_committee_member(
        group=other, membership=m, role=Role.CHAIR, starts_on=FOUNDED, by=officer
    )
    return _login_member(m, "otherchair")
