from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("assessments", "0009_evidence_into_the_store")]

    operations = [
        migrations.RemoveField(model_name="finding", name="evidence"),
        migrations.RemoveField(model_name="rectificationorder", name="answer_file"),
        migrations.DeleteModel(name="FindingPhoto"),
        migrations.DeleteModel(name="Evidence"),
        migrations.RenameField(model_name="finding", old_name="stored_evidence", new_name="evidence"),
        migrations.RenameField(model_name="finding", old_name="stored_photos", new_name="photos"),
    ]
