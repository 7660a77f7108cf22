"""Before a period may hold only one unpublished circular: where pressing 生成通报 twice made
several, the one furthest along (approved, then submitted, then the newest draft) stays, takes
any paragraph it lacks from the others, and the others go with their history."""

from django.db import migrations

NARRATIVE = ("overview", "problems", "experience", "next_steps")
FURTHEST = {"approved": 0, "submitted": 1, "draft": 2}


def forward(apps, schema_editor):
    Circular = apps.get_model("assessments", "Circular")
    CircularEvent = apps.get_model("assessments", "CircularEvent")
    unpublished = Circular.objects.exclude(state="published")
    periods = {}
    for circular in unpublished.order_by("period_id", "pk"):
        periods.setdefault(circular.period_id, []).append(circular)
    for circulars in periods.values():
        if len(circulars) < 2:
            continue
        circulars.sort(key=lambda c: (FURTHEST.get(c.state, 3), -c.created_at.timestamp(), -c.pk))
        kept, *others = circulars
        for name in NARRATIVE:
            if not getattr(kept, name):
                setattr(kept, name, next((getattr(o, name) for o in others if getattr(o, name)), ""))
        kept.save(update_fields=list(NARRATIVE))
        CircularEvent.objects.filter(circular__in=others).delete()
        Circular.objects.filter(pk__in=[o.pk for o in others]).delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0010_old_evidence_tables_gone")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
