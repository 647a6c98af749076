"""Give the cases that were running before deadlines had their own table one row per
running clock, so the next action finds them (the legal defaults that set them)."""

from django.db import migrations

DEFAULTS = {
    # status: the deadline kind the case's own due_at stands for
    "registered": "decide",
    "accepted": "decide",
    "assigned": "acknowledge",
    "handling": "reply",
    "returned": "reply",
    "reviewing": "review",
    "rereviewing": "review",
}
BASIS = {
    "decide": "信访工作条例第二十二条",
    "acknowledge": "信访工作条例第二十三条",
    "reply": "信访工作条例第三十四条",
    "review": "信访工作条例第三十五、三十六条",
}


def backfill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    CaseDeadline = apps.get_model("cases", "CaseDeadline")
    rows = []
    running = Case.objects.filter(status__in=DEFAULTS, due_at__isnull=False).values_list(
        "pk", "status", "due_at", "due_started_at", "due_warn_at", "reply_due_at", "accepted_at"
    )
    for pk, status, due, started, warn, reply_due, accepted in running.iterator(2000):
        kind = DEFAULTS[status]
        start = started or due
        rows.append(
            CaseDeadline(
                case_id=pk, kind=kind, started_at=start, due_at=due, warn_at=warn or due,
                basis=BASIS[kind], amount=max(1, (due - start).days), unit="calendar_days",
                remind_before=[], next_alert_at=due,
            )
        )
        if kind in ("decide", "acknowledge") and reply_due and accepted:
            rows.append(
                CaseDeadline(
                    case_id=pk, kind="reply", started_at=accepted, due_at=reply_due,
                    warn_at=reply_due, basis=BASIS["reply"],
                    amount=max(1, (reply_due - accepted).days), unit="calendar_days",
                    remind_before=[], next_alert_at=reply_due,
                )
            )
        if len(rows) >= 2000:
            CaseDeadline.objects.bulk_create(rows)
            rows = []
    CaseDeadline.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_case_deadlines")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
