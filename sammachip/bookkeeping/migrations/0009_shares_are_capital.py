"""Members' share money paid during a year is capital, not income: the standard "shares" category gets the
capital role, which keeps it out of the P&L and the profit split (as shares brought forward already were).
Years already closed keep the statement they stored."""

from django.db import migrations, models


def shares_are_capital(apps, schema_editor):
    Category = apps.get_model("bookkeeping", "Category")
    Category.objects.filter(group__isnull=True, kind="income", code="shares").update(role="capital")


def shares_were_income(apps, schema_editor):
    Category = apps.get_model("bookkeeping", "Category")
    Category.objects.filter(group__isnull=True, kind="income", code="shares").update(role="")


class Migration(migrations.Migration):

    dependencies = [
        ('bookkeeping', '0008_work_five_places'),
    ]

    operations = [
        migrations.AlterField(
            model_name='category',
            name='role',
            field=models.CharField(blank=True, choices=[('', '—'), ('sales', 'own sales'), ('grant', 'grant or support'), ('dividend', 'dividend paid to members'), ('opening', 'balance brought forward'), ('capital', "members' shares")], default='', max_length=10),
        ),
        migrations.RunPython(shares_are_capital, shares_were_income),
    ]
