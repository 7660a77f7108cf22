from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("workflows", "0006_progress_evidence_into_the_store")]

    operations = [migrations.DeleteModel(name="EvidenceFile")]
