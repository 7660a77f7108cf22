import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0002_evidence"),
        ("assessments", "0007_evidence_files_checked_by_content"),
    ]

    operations = [
        migrations.AddField(
            model_name="finding",
            name="stored_evidence",
            field=models.ManyToManyField(
                blank=True,
                related_name="findings",
                to="supervision.evidence",
                verbose_name="引用的佐证材料",
            ),
        ),
        migrations.AddField(
            model_name="finding",
            name="stored_photos",
            field=models.ManyToManyField(
                blank=True,
                related_name="photo_of",
                to="supervision.evidence",
                verbose_name="现场照片",
            ),
        ),
        migrations.AddField(
            model_name="rectificationorder",
            name="answer_evidence",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="answers",
                to="supervision.evidence",
                verbose_name="整改佐证",
            ),
        ),
    ]
