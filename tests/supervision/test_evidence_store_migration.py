"""The data migration into the one evidence store, run on a county that has files of every kind.

The database goes back to the migrations before the store, gets progress-report files, a
community's self-report file, a finding's photo and an order's answer file (real files on disk,
and one the disk had lost), then migrates forward. Every file must be in the store with what it
proved, under a random name, its bytes unchanged and the old copy gone; every old download link
must still open it for the people who could open it before. Runs on SQLite and PostgreSQL.
"""

import datetime
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from assessments.models import Finding, RectificationOrder
from supervision.models import Evidence
from workflows.models import ProgressReport

BEFORE = [
    ("supervision", "0001_initial"),
    ("workflows", "0004_assignment_list_indexes"),
    ("assessments", "0007_evidence_files_checked_by_content"),
]
PDF = b"%PDF-1.4\n%old county\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def _saved(name: str, content: bytes) -> str:
    return default_storage.save(name, ContentFile(content))


def _old_county(apps) -> dict:
    """A county as the code before the store kept it, with a file of every kind."""
    model = apps.get_model
    group = model("auth", "Group")
    user_model = model("auth", "User")

    def person(username, role, **where):
        user = user_model.objects.create(username=username, password="!")
        user.groups.add(group.objects.get_or_create(name=role)[0])
        if where:
            model("supervision", "Membership").objects.create(user=user, **where)
        return user

    town = model("supervision", "Town").objects.create(name="禾川镇")
    community = model("supervision", "Community").objects.create(town=town, name="二机社区")
    finance = model("supervision", "Department").objects.create(
        code="czj", name="县财政局", short_name="财政", kind="government"
    )
    campaign = model("supervision", "Campaign").objects.create(
        year=2015, title="2015年创建工作", is_active=True
    )
    clerk = person("dept", "部门工作人员", department=finance)
    community_clerk = person("community", "社区工作人员", community=community)
    inspector = person("inspector", "督查员")
    task = model("workflows", "CreationTask").objects.create(
        campaign=campaign, community=community, state="under_construction"
    )
    assignment = model("workflows", "Assignment").objects.create(
        task=task,
        department=finance,
        area="funding",
        role="lead",
        owed="落实社区工作经费",
        deadline=datetime.date(2015, 9, 30),
        state="in_progress",
    )
    report = model("workflows", "ProgressReport").objects.create(
        assignment=assignment, author=clerk, text="已拨付首期经费。"
    )
    progress = model("workflows", "EvidenceFile").objects.create(
        report=report,
        file=_saved("evidence/2015/06/0a1b2c3d.pdf", PDF),
        original_name="拨款文件.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    self_report = model("assessments", "Evidence").objects.create(
        community=community,
        indicator_code="JC-01",
        title="房产证",
        file=_saved(f"evidence/{community.pk}/JC-01/房产证.pdf", PDF),
        uploaded_by=community_clerk,
    )
    lost = model("assessments", "Evidence").objects.create(
        community=community,
        indicator_code="JC-02",
        title="丢失的佐证",
        file=f"evidence/{community.pk}/JC-02/gone.pdf",
        uploaded_by=community_clerk,
    )
    catalogue = model("assessments", "Catalogue").objects.create(campaign=campaign, title="标准")
    indicator = model("assessments", "Indicator").objects.create(
        catalogue=catalogue,
        code="JC-01",
        name="用房",
        work_area="infrastructure",
        measure="yes_no",
        points=40,
    )
    inspection = model("assessments", "Inspection").objects.create(
        campaign=campaign,
        catalogue=catalogue,
        community=community,
        kind="spot_check",
        inspector=inspector,
        inspected_on=datetime.date(2015, 6, 1),
    )
    finding = model("assessments", "Finding").objects.create(
        inspection=inspection, indicator=indicator, met=False, points_awarded=0
    )
    finding.evidence.add(self_report)
    photo = model("assessments", "FindingPhoto").objects.create(
        finding=finding, image=_saved(f"photos/{inspection.pk}/现场.png", PNG)
    )
    order = model("assessments", "RectificationOrder").objects.create(
        finding=finding,
        task=task,
        responsible_department=finance,
        requirement="补足用房",
        deadline=datetime.date(2015, 7, 1),
        issued_by=inspector,
        state="answered",
        answer="已整改",
        answer_file=_saved("rectification/new/整改照片.pdf", PDF),
    )
    model("assessments", "OrderEvent").objects.create(
        order=order, action="answer", source="issued", target="answered", actor=clerk
    )
    return {
        "progress": progress.pk,
        "self_report": self_report.pk,
        "lost": lost.pk,
        "photo": photo.pk,
        "order": order.pk,
        "report": report.pk,
        "finding": finding.pk,
        "assignment": assignment.pk,
        "progress_file": progress.file.name,
        "moved_files": [self_report.file.name, photo.image.name, order.answer_file.name],
    }


@pytest.fixture
def migrated(transactional_db):
    old = _old_county(_migrate(BEFORE))
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    return old


def test_every_file_is_in_the_store_with_what_it_proves(migrated):
    report = ProgressReport.objects.get(pk=migrated["report"])
    progress = report.evidence.get()
    assert (progress.legacy_kind, progress.legacy_id) == ("progress", migrated["progress"])
    assert progress.original_name == "拨款文件.pdf" and progress.department.code == "czj"
    assert progress.uploaded_by.username == "dept"

    finding = Finding.objects.get(pk=migrated["finding"])
    self_report = finding.evidence.get()
    assert (self_report.legacy_kind, self_report.legacy_id) == (
        "self_report",
        migrated["self_report"],
    )
    assert (self_report.title, self_report.indicator_code) == ("房产证", "JC-01")
    assert self_report.community.name == "二机社区" and self_report.original_name == "房产证.pdf"
    photo = finding.photos.get()
    assert photo.uploaded_by.username == "inspector" and photo.community.name == "二机社区"

    order = RectificationOrder.objects.get(pk=migrated["order"])
    answer = order.answer_evidence
    assert answer.original_name == "整改照片.pdf" and answer.department.code == "czj"
    assert answer.uploaded_by.username == "dept"
    assert Evidence.objects.count() == 5  # the lost self-report file has its row too


def test_moved_files_have_random_names_the_same_bytes_and_no_old_copy(migrated):
    for evidence in Evidence.objects.exclude(legacy_kind="progress").exclude(size=0):
        name = Path(evidence.file.name)
        assert name.parts[0] == "evidence" and len(name.stem) == 32, name
        assert evidence.original_name not in evidence.file.name
        with evidence.file.open("rb") as handle:
            assert handle.read() in (PDF, PNG)
    for old in migrated["moved_files"]:
        assert not default_storage.exists(old), old
    # Progress files were already under random names: they stay where they were.
    progress = Evidence.objects.get(legacy_kind="progress")
    assert progress.file.name == migrated["progress_file"]
    assert default_storage.exists(progress.file.name)


def test_a_file_the_disk_had_lost_keeps_its_row_and_still_answers_404(migrated, client):
    lost = Evidence.objects.get(legacy_kind="self_report", legacy_id=migrated["lost"])
    assert lost.size == 0 and not default_storage.exists(lost.file.name)
    client.force_login(lost.uploaded_by)
    response = client.get(reverse("assessments:evidence_file", args=[migrated["lost"]]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("username", "url_name", "kind", "content"),
    [
        ("dept", "workflows:evidence_download", "progress", PDF),
        ("community", "assessments:evidence_file", "self_report", PDF),
        ("inspector", "assessments:evidence_file", "self_report", PDF),
        ("community", "assessments:photo_file", "photo", PNG),
        ("dept", "assessments:order_file", "order", PDF),
    ],
)
def test_old_links_still_open_the_file_for_those_who_could_open_it(
    migrated, client, django_user_model, username, url_name, kind, content
):
    client.force_login(django_user_model.objects.get(username=username))
    response = client.get(reverse(url_name, args=[migrated[kind]]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content


def test_old_links_stay_closed_to_those_who_could_not_open_them(
    migrated, client, django_user_model
):
    client.force_login(django_user_model.objects.get(username="community"))
    response = client.get(reverse("workflows:evidence_download", args=[migrated["progress"]]))
    assert response.status_code == 403
    client.force_login(django_user_model.objects.get(username="dept"))
    response = client.get(reverse("assessments:evidence_file", args=[migrated["self_report"]]))
    assert response.status_code == 403


def test_the_new_link_of_a_moved_file_opens_it_too(migrated, client, django_user_model):
    progress = Evidence.objects.get(legacy_kind="progress")
    client.force_login(django_user_model.objects.get(username="dept"))
    url = reverse("workflows:assignment_evidence", args=[migrated["assignment"], progress.pk])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
