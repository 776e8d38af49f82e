"""`sammachip generate` fills every feature present, reproducibly from its seed."""

from __future__ import annotations

from django.core.management import call_command

from sammachip.bookkeeping.models import Entry, WorkRecord
from sammachip.groups.models import OccupationGroup
from sammachip.meetings.models import Attendance, Meeting
from sammachip.scale.generator import SCALES, Generator, Scale


def test_a_small_scale_fills_every_feature_and_the_pages_serve_it(db, client_for) -> None:
    from tests.conftest import ensure_geography

    ensure_geography()
    tiny = Scale("tiny", ["96"], ["9611"], 6, 5, 3, 8, 2, 1.0)
    counts = Generator(tiny, seed=1, progress=lambda total, label: _Quiet()).run()
    assert counts["groups"] == 3 and OccupationGroup.objects.count() == 3
    assert Entry.objects.count() == 3 * 2 * 12 * 2 and WorkRecord.objects.count() == 3 * 8 * 24
    assert Meeting.objects.count() == 3 * 24 and Attendance.objects.count() == 3 * 24 * 8
    from sammachip.households import services
    from sammachip.households.models import ExpenditureForum, ForumItemSummary, SpendingLine
    from sammachip.plans.models import Project

    assert ExpenditureForum.objects.count() == 6 and SpendingLine.objects.count() > 6 * 5 * 5
    assert Project.objects.count() >= 6
    from sammachip.visits.models import HealthSnapshot, Visit

    assert Visit.objects.count() > 0 and HealthSnapshot.objects.count() == 3
    forum = ExpenditureForum.objects.order_by("id")[0]
    generated = sorted(
        ForumItemSummary.objects.filter(forum=forum).values_list("item_id", "households", "total")
    )
    counters = (forum.household_count, forum.month_count, forum.total)
    services.refresh_forum_summary(forum)  # the generator's SQL aggregate agrees with the service
    assert (
        sorted(ForumItemSummary.objects.filter(forum=forum).values_list("item_id", "households", "total"))
        == generated
    )
    forum.refresh_from_db()
    assert (forum.household_count, forum.month_count, forum.total) == counters == (5, 1, counters[2])
    from sammachip.accounts.models import User

    officer = User.objects.get(username="officer-9611")
    c = client_for(officer)
    group = OccupationGroup.objects.order_by("id")[0]
    for url in [
        "/district/9611/",
        f"/groups/{group.pk}/",
        f"/groups/{group.pk}/members/",
        f"/groups/{group.pk}/books/",
        f"/groups/{group.pk}/meetings/",
        "/analysis/district/9611/",
        "/districts/9611/proposals/",
        "/agenda/",
        f"/groups/{group.pk}/health/",
        f"/villages/{forum.village_id}/",
    ]:
        assert c.get(url).status_code == 200, url


def test_same_seed_same_data(db) -> None:
    from tests.conftest import ensure_geography

    ensure_geography()
    tiny = Scale("tiny", ["96"], ["9611"], 3, 2, 1, 4, 1, 1.0)
    Generator(tiny, seed=7, progress=lambda total, label: _Quiet()).run()
    first = list(Entry.objects.order_by("number").values_list("amount", flat=True))
    assert len(first) == 24 and set(SCALES) == {"district", "province", "nation"}


def test_the_command_runs(db, capsys) -> None:
    from tests.conftest import ensure_geography

    ensure_geography()
    call_command("generate", "--scale", "district", "--seed", "3")
    assert "district scale generated" in capsys.readouterr().out
    assert OccupationGroup.objects.count() == 40


class _Quiet:
    def step(self, n: int = 1) -> None:
        return None


def test_demo_and_generate_refuse_a_database_with_real_data(db, village) -> None:
    """A district's real villages (or members, households, users) are never mixed with invented ones."""
    import pytest
    from django.core.management.base import CommandError

    from sammachip.places.models import Village

    for command, args in (("demo", []), ("generate", ["--scale", "district"])):
        with pytest.raises(CommandError, match="ไม่ได้สร้าง"):
            call_command(command, *args)
    assert list(Village.objects.all()) == [village] and not OccupationGroup.objects.exists()
