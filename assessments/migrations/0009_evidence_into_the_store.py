"""A community's self-report files, the photos of findings and the files answering orders move
into the one evidence store (supervision.Evidence), under random names.

Each file is copied to its new name in this migration and the old copy deleted once it has
committed, so a failed migration leaves every old file where it was. A file the disk had
already lost keeps its name (its download answers 404, as before). Each row keeps its old id:
the old links (/assessments/evidence/<id>/, /assessments/photos/<id>/, an order's file) still
open it.
"""

import mimetypes
import posixpath
import uuid

from django.core.files.storage import default_storage
from django.db import migrations, transaction
from django.utils import timezone


def _moved(name: str) -> tuple[str, int]:
    """The file's name in the store and its size; the old copy goes after commit."""
    if not name or not default_storage.exists(name):
        return name, 0
    extension = name.rsplit(".", 1)[-1].lower() if "." in posixpath.basename(name) else "bin"
    wanted = f"evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"
    with default_storage.open(name, "rb") as handle:
        stored = default_storage.save(wanted, handle)
    size = default_storage.size(stored)
    transaction.on_commit(lambda: default_storage.delete(name))
    return stored, size


def _content_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or ""


def forward(apps, schema_editor):
    Evidence = apps.get_model("supervision", "Evidence")
    OldEvidence = apps.get_model("assessments", "Evidence")
    FindingPhoto = apps.get_model("assessments", "FindingPhoto")
    Order = apps.get_model("assessments", "RectificationOrder")
    OrderEvent = apps.get_model("assessments", "OrderEvent")

    for old in OldEvidence.objects.order_by("pk"):
        stored, size = _moved(old.file.name)
        new = Evidence.objects.create(
            file=stored,
            original_name=posixpath.basename(old.file.name)[:200],
            content_type=_content_type(old.file.name),
            size=size,
            title=old.title,
            community_id=old.community_id,
            indicator_code=old.indicator_code,
            uploaded_by_id=old.uploaded_by_id,
            uploaded_at=old.uploaded_at,
            legacy_kind="self_report",
            legacy_id=old.pk,
        )
        for finding in old.findings.all():
            finding.stored_evidence.add(new)

    for old in FindingPhoto.objects.select_related("finding__inspection").order_by("pk"):
        inspection = old.finding.inspection
        stored, size = _moved(old.image.name)
        new = Evidence.objects.create(
            file=stored,
            original_name=posixpath.basename(old.image.name)[:200],
            content_type=_content_type(old.image.name),
            size=size,
            community_id=inspection.community_id,
            uploaded_by_id=inspection.inspector_id,
            uploaded_at=old.uploaded_at,
            legacy_kind="photo",
            legacy_id=old.pk,
        )
        old.finding.stored_photos.add(new)

    for order in Order.objects.exclude(answer_file="").order_by("pk"):
        answered = (
            OrderEvent.objects.filter(order=order, action="answer").order_by("-at", "-pk").first()
        )
        stored, size = _moved(order.answer_file.name)
        order.answer_evidence = Evidence.objects.create(
            file=stored,
            original_name=posixpath.basename(order.answer_file.name)[:200],
            content_type=_content_type(order.answer_file.name),
            size=size,
            community_id=order.responsible_community_id,
            department_id=order.responsible_department_id,
            uploaded_by_id=answered.actor_id if answered else order.issued_by_id,
            uploaded_at=order.answered_at or order.issued_at,
            legacy_kind="order_answer",
            legacy_id=order.pk,
        )
        order.save(update_fields=["answer_evidence"])


def backward(apps, schema_editor):
    # Going back points the old rows at the files where the store keeps them.
    Evidence = apps.get_model("supervision", "Evidence")
    OldEvidence = apps.get_model("assessments", "Evidence")
    FindingPhoto = apps.get_model("assessments", "FindingPhoto")
    Order = apps.get_model("assessments", "RectificationOrder")
    for new in Evidence.objects.filter(findings__isnull=False).distinct().order_by("pk"):
        old = OldEvidence.objects.create(
            pk=new.legacy_id if new.legacy_kind == "self_report" else None,
            community_id=new.community_id,
            indicator_code=new.indicator_code,
            title=new.title,
            file=new.file.name,
            uploaded_by_id=new.uploaded_by_id,
        )
        for finding in new.findings.all():
            finding.evidence.add(old)
    for new in Evidence.objects.filter(photo_of__isnull=False).distinct().order_by("pk"):
        for finding in new.photo_of.all():
            FindingPhoto.objects.create(
                pk=new.legacy_id if new.legacy_kind == "photo" else None,
                finding=finding,
                image=new.file.name,
            )
    for order in Order.objects.exclude(answer_evidence=None).select_related("answer_evidence"):
        order.answer_file = order.answer_evidence.file.name
        order.answer_evidence = None
        order.save(update_fields=["answer_file", "answer_evidence"])


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0008_evidence_store_links"),
        ("workflows", "0006_progress_evidence_into_the_store"),
    ]

    operations = [migrations.RunPython(forward, backward)]
