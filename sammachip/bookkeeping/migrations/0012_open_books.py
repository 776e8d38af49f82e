"""Every group has its books opened (settings and a cash box) from the day it is made, so reading the books
never writes: the groups made before this opened theirs on a treasurer's first visit; open them now."""

from django.conf import settings
from django.db import migrations
from django.utils import translation


def open_books(apps, schema_editor):  # type: ignore[no-untyped-def]
    group_model = apps.get_model("groups", "OccupationGroup")
    book_settings = apps.get_model("bookkeeping", "BookSettings")
    account = apps.get_model("bookkeeping", "MoneyAccount")
    with translation.override(settings.LANGUAGE_CODE):
        cash = translation.gettext("Cash")
    book_settings.objects.bulk_create(
        book_settings(group_id=gid)
        for gid in group_model.objects.filter(book_settings__isnull=True).values_list("id", flat=True)
    )
    account.objects.bulk_create(
        account(group_id=gid, type="cash", name=cash)
        for gid in group_model.objects.filter(money_accounts__isnull=True).values_list("id", flat=True)
    )


class Migration(migrations.Migration):
    dependencies = [("bookkeeping", "0011_no_delete"), ("groups", "0008_search_text")]

    operations = [migrations.RunPython(open_books, migrations.RunPython.noop)]
