"""Every progress report's file moves into the one evidence store (supervision.Evidence).

Its file stays where it is (already under a random name); the row keeps its old id so the old
download link (/tasks/evidence/<id>/) still opens it.
"""

from django.db import migrations


def forward(apps, schema_editor):
    EvidenceFile = apps.get_model("workflows", "EvidenceFile")
    Evidence = apps.get_model("supervision", "Evidence")
    for old in EvidenceFile.objects.select_related("report__assignment").order_by("pk"):
        report = old.report
        new = Evidence.objects.create(
            file=old.file.name,
            original_name=old.original_name,
            content_type=old.content_type,
            size=old.size,
            department_id=report.assignment.department_id,
            uploaded_by_id=report.author_id,
            uploaded_at=report.created_at,
            legacy_kind="progress",
            legacy_id=old.pk,
        )
        report.evidence.add(new)


def backward(apps, schema_editor):
    # Every progress report's file goes back to its own table (an old one under its old id);
    # the files never moved.
    EvidenceFile = apps.get_model("workflows", "EvidenceFile")
    Evidence = apps.get_model("supervision", "Evidence")
    for new in Evidence.objects.filter(progress_reports__isnull=False).distinct().order_by("pk"):
        for report in new.progress_reports.all():
            EvidenceFile.objects.create(
                pk=new.legacy_id if new.legacy_kind == "progress" else None,
                report=report,
                file=new.file.name,
                original_name=new.original_name,
                content_type=new.content_type,
                size=new.size,
            )
        new.progress_reports.clear()
        new.delete()


class Migration(migrations.Migration):
    dependencies = [("workflows", "0005_progress_report_evidence")]

    operations = [migrations.RunPython(forward, backward)]
