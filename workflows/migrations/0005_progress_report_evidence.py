from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0002_evidence"),
        ("workflows", "0004_assignment_list_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="progressreport",
            name="evidence",
            field=models.ManyToManyField(
                blank=True,
                related_name="progress_reports",
                to="supervision.evidence",
                verbose_name="佐证材料",
            ),
        ),
    ]
