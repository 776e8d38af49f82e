"""The rules the database itself enforces are all in place after every migration (SQLite rebuilds a
table to change it, and a rebuild silently drops that table's triggers)."""

from __future__ import annotations

from django.db import connection

TRIGGERS = {
    "groups_committeeseat": {"committee_seat_member"},
    "groups_membership": {"membership_leave_with_seat"},
    "bookkeeping_entry": {"entry_no_update", "entry_not_in_closed_year", "entry_no_delete"},
    "bookkeeping_workrecord": {"work_not_in_closed_year", "work_no_delete"},
    "bookkeeping_yearclose": {"yearclose_no_update"},
    "bookkeeping_dividendshare": {"share_frozen", "share_no_delete"},
    "bookkeeping_fiscalyear": {"year_stays_closed"},
    "meetings_minutesversion": {"minutes_locked"},
    "meetings_vote": {"vote_locked", "vote_no_delete"},
    "meetings_resolution": {"resolution_locked"},
}


def _triggers() -> dict[str, set[str]]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT event_object_table, trigger_name FROM information_schema.triggers")
        else:
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        found: dict[str, set[str]] = {}
        for table, name in cursor.fetchall():
            found.setdefault(table, set()).add(name)
    return found


def test_every_trigger_is_in_place(db) -> None:
    found = _triggers()
    for table, names in TRIGGERS.items():
        have = found.get(table, set())
        # SQLite names one trigger per event (…_insert/_update); PostgreSQL one per table.
        for name in names:
            assert any(t == name or t.startswith(name + "_") for t in have), (table, name, have)
