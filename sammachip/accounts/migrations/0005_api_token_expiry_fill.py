import datetime as dt

from django.conf import settings
from django.db import migrations
from django.db.models import F


def fill(apps, schema_editor):
    """Tokens made before tokens expired get the set lifetime from when they were made."""
    ApiToken = apps.get_model("accounts", "ApiToken")
    days = dt.timedelta(days=settings.SAMMACHIP_API_TOKEN_DAYS)
    ApiToken.objects.filter(expires_at__isnull=True).update(expires_at=F("created_at") + days)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_api_token_expiry_add'),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
