"""The default scoring rules; administrators change their points in the admin."""

from decimal import Decimal

from django.db import migrations

DEFAULTS = [
    # kind, name, points per unit, at most per case, parameter
    ("late_ack", "超时签收（每小时）", Decimal("-2"), Decimal("48"), None),
    ("overdue_reply", "逾期答复（每天）", Decimal("-5"), Decimal("150"), None),
    ("unsatisfied_rehandled", "重办后仍不满意（每件）", Decimal("-20"), None, None),
    ("skip_level", "越级访（每件）", Decimal("-30"), None, None),
    ("wrongful_return", "退回不当（每件）", Decimal("-10"), None, None),
    ("longstanding", "化解信访积案（每件）", Decimal("30"), None, 180),
]


def create_rules(apps, schema_editor):
    ScoringRule = apps.get_model("assessment", "ScoringRule")
    for kind, name, points, cap, parameter in DEFAULTS:
        ScoringRule.objects.get_or_create(
            kind=kind,
            defaults={"name": name, "points": points, "cap_per_case": cap, "parameter": parameter},
        )


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]

    operations = [migrations.RunPython(create_rules, migrations.RunPython.noop)]
