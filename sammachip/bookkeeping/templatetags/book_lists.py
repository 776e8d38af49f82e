"""Lists of the books and work pages drawn here rather than by template loops: a row per member (30 in a
group) and the 30 latest records on the work page, the year and month menus of the daily book. A handful of
tags and filters an item in a template cost more than the rest of the page. The HTML is the one the template
drew, character for character."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from sammachip.core.templatetags.thai import baht, qty, thdate

from ..models import Kind, WorkRecord

register = template.Library()


@register.simple_tag
def work_totals(rows: Iterable[Any]) -> SafeString:
    """The totals table's rows: number, name, confirmed work."""
    no, member, work = gettext("No."), gettext("Member"), gettext("Work")
    return mark_safe(  # noqa: S308 - the labels are the catalogue's; every value is escaped
        "".join(
            f'<tr><td data-label="{no}">{r.number}</td><td data-label="{member}">{escape(r.name)}</td>'
            f'<td class="num" data-label="{work}">{qty(r.work)}</td></tr>'
            for r in rows
        )
    )


@register.simple_tag
def recent_work(records: Iterable[Any], lead: bool, work_url: str) -> SafeString:
    """The latest records: a cancelling record says which it cancels and why, a cancelled one says so, any
    other its status; the production lead may cancel a confirmed one."""
    labels = {value: escape(label) for value, label in WorkRecord.Status.choices}
    # Asked outside the f-strings below: makemessages does not find a gettext inside one.
    cancels, cancelled, cancel = (
        gettext("Cancels record %(id)s"),
        gettext("Cancelled"),
        gettext("Cancel this record"),
    )
    url = escape(work_url)
    items = []
    for r in records:
        if r.reverses_id:
            tail = (
                f'<span class="badge">{cancels % {"id": r.reverses_id}}</span>'
                f' <span class="muted">{escape(r.note)}</span>'
            )
        elif r.cancelled:
            tail = f'<span class="badge">{cancelled}</span> <s class="muted">{labels[r.status]}</s>'
        else:
            tail = f'<span class="badge">{labels[r.status]}</span>'
            if lead and r.status == WorkRecord.Status.CONFIRMED:
                tail += f' <a class="btn secondary small" href="{url}{r.pk}/cancel/">{cancel}</a>'
        items.append(
            f'<li id="work-{r.pk}">{escape(thdate(r.date))} · {escape(r.name)} · {escape(r.task)}'
            f" {qty(r.quantity)} {tail}</li>"
        )
    return mark_safe("".join(items))  # noqa: S308 - built above, every value escaped


@register.simple_tag
def year_options(years: Iterable[Any], year: Any, fiscal_year: str, closed: str) -> SafeString:
    """The daily book's year menu: "Fiscal year 2568 (closed)", the year shown selected."""
    fiscal_year, closed = conditional_escape(fiscal_year), conditional_escape(closed)
    return mark_safe(  # noqa: S308 - every value escaped
        "".join(
            f'<option value="{y.pk}" {"selected" if y.pk == year.pk else ""}>{fiscal_year} {escape(y.label)}'
            f"{f' ({closed})' if y.is_closed else ''}</option>"
            for y in years
        )
    )


@register.simple_tag
def month_options(months: Iterable[dict[str, Any]]) -> SafeString:
    """The daily book's month menu, from the view's (value, label, selected) for each month of the year."""
    return mark_safe(  # noqa: S308 - every value escaped
        "".join(
            f'<option value="{escape(m["value"])}" {"selected" if m["selected"] else ""}>{escape(m["label"])}</option>'
            for m in months
        )
    )


@register.simple_tag
def daybook_rows(days: Iterable[dict[str, Any]], books_url: str) -> SafeString:
    """The daily book's month: each entry (its number opening the entry, a reversal and a reversed entry
    greyed and marked), then the day's totals and the balance after it."""
    # Asked outside the f-strings below: makemessages does not find a gettext inside one.
    no, entry, details, date = (
        gettext("No."),
        gettext("Entry"),
        gettext("details and receipt"),
        gettext("Date"),
    )
    category, reversal, reversed_ = gettext("Category"), gettext("reversal"), gettext("reversed")
    income, expense, note = gettext("Income"), gettext("Expense"), gettext("Note")
    day_total, balance = gettext("Day total"), gettext("balance")
    url = escape(books_url)
    marks = (f' <span class="badge">{reversal}</span>', f' <span class="badge">{reversed_}</span>')
    out = []
    for d in days:
        for e in d["entries"]:
            amount = baht(e.amount)
            muted = ' class="muted"' if e.is_reversal or e.reversal_id else ""
            badges = (marks[0] if e.is_reversal else "") + (marks[1] if e.reversal_id else "")
            doc = f' <span class="muted">#{escape(e.document_no)}</span>' if e.document_no else ""
            out.append(
                f'\n<tr{muted}><td data-label="{no}"><a class="entry-no" href="{url}entries/{e.pk}/"'
                f' aria-label="{entry} {e.number}: {details}">{e.number}</a></td>'
                f'<td data-label="{date}">{escape(thdate(e.date))}</td>\n'
                f'<td data-label="{category}">{escape(e.category)}{badges}</td>\n'
                f'<td class="num" data-label="{income}">{amount if e.kind == Kind.INCOME else ""}</td>'
                f'<td class="num" data-label="{expense}">{amount if e.kind == Kind.EXPENSE else ""}</td>\n'
                f'<td data-label="{note}">{escape(e.note)}{doc}</td></tr>\n'
            )
        out.append(
            f'<tr class="day-total"><td colspan="3" data-label=""><strong>{day_total} {escape(thdate(d["date"]))}'
            f'</strong></td><td class="num" data-label="{income}">{baht(d["income"])}</td>'
            f'<td class="num" data-label="{expense}">{baht(d["expense"])}</td>'
            f'<td data-label="">{balance} ฿{baht(d["balance"])}</td></tr>'
        )
    return mark_safe("".join(out))  # noqa: S308 - built above, every value escaped
