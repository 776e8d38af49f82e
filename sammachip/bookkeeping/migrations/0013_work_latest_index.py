from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("bookkeeping", "0012_open_books"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="workrecord",
            index=models.Index(fields=["group", "date", "id"], name="work_group_latest_idx"),
        ),
    ]
