"""The local day each case was received on, stored for counting per day, week and month."""

from django.db import migrations, models
from django.utils import timezone


def backfill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    batch = []
    for pk, received_at in Case.objects.values_list("pk", "received_at").iterator(5000):
        batch.append(Case(pk=pk, received_on=timezone.localdate(received_at)))
        if len(batch) == 5000:
            Case.objects.bulk_update(batch, ["received_on"])
            batch = []
    Case.objects.bulk_update(batch, ["received_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_alter_casedeadline_kind_alter_caseevent_action_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="received_on",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="received on"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
