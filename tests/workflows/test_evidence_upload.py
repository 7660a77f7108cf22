"""Progress reports with evidence files: validated on the way in, served only to those allowed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from supervision.models import Evidence
from workflows.models import ProgressReport
from workflows.services import assignment_transition

PDF = b"%PDF-1.4\n%demo\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def upload(client, assignment, *files, text="已拨付首期经费。"):
    return client.post(
        reverse("workflows:assignment_report", args=[assignment.pk]),
        {"text": text, "files": list(files)},
    )


@pytest.fixture
def working(finance_work, dept_clerk):
    assignment_transition(assignment=finance_work, action="start_work", by=dept_clerk)
    return finance_work


def test_department_reports_progress_with_evidence_files(client_for, working, dept_clerk):
    response = upload(
        client_for(dept_clerk),
        working,
        SimpleUploadedFile("拨款文件.pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("现场.png", PNG, content_type="image/png"),
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get(assignment=working)
    assert report.text == "已拨付首期经费。" and report.author == dept_clerk
    names = sorted(report.evidence.values_list("original_name", flat=True))
    assert names == ["拨款文件.pdf", "现场.png"]
    stored = report.evidence.get(original_name="拨款文件.pdf")
    assert stored.file.storage.exists(stored.file.name)
    assert "拨款文件" not in stored.file.name


@pytest.mark.parametrize(
    "name, content, content_type, message",
    [
        ("脚本.exe", b"MZ\x90\x00", "application/octet-stream", "文件类型不允许上传"),
        ("伪装.pdf", b"MZ\x90\x00", "application/pdf", "内容与扩展名不符"),
        ("图片.png", PDF, "application/pdf", "内容与扩展名不符"),
    ],
)
def test_wrong_file_type_is_refused_in_chinese_and_nothing_saved(
    client_for, working, dept_clerk, name, content, content_type, message
):
    response = upload(
        client_for(dept_clerk),
        working,
        SimpleUploadedFile(name, content, content_type=content_type),
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProgressReport.objects.exists() and not Evidence.objects.exists()


def test_too_large_file_is_refused(settings, client_for, working, dept_clerk):
    settings.UPLOAD_MAX_BYTES = 1024
    response = upload(
        client_for(dept_clerk),
        working,
        SimpleUploadedFile("大文件.pdf", PDF + b"0" * 2048, content_type="application/pdf"),
    )
    assert response.status_code == 400
    assert "单个文件不能超过" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_report_without_text_is_refused(client_for, working, dept_clerk):
    response = upload(client_for(dept_clerk), working, text="")
    assert response.status_code == 400
    assert "请填写进展情况" in response.content.decode()
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("persona", ["other_dept_clerk", "lead_clerk", "leader", "outsider"])
def test_only_the_assigned_department_reports(request, client_for, working, persona):
    response = upload(client_for(request.getfixturevalue(persona)), working)
    assert response.status_code == 403
    assert not ProgressReport.objects.exists()


@pytest.fixture
def evidence(client_for, working, dept_clerk):
    upload(
        client_for(dept_clerk),
        working,
        SimpleUploadedFile("拨款文件.pdf", PDF, content_type="application/pdf"),
    )
    return Evidence.objects.get()


@pytest.mark.parametrize(
    "persona", ["dept_clerk", "lead_clerk", "leader", "inspector", "administrator"]
)
def test_evidence_is_served_to_those_who_may_see_the_assignment(
    request, client, working, evidence, persona
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("workflows:assignment_evidence", args=[working.pk, evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize("persona", ["other_dept_clerk", "community_clerk", "outsider"])
def test_evidence_is_refused_to_everyone_else(request, client, working, evidence, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("workflows:assignment_evidence", args=[working.pk, evidence.pk]))
    assert response.status_code == 403


def test_anonymous_visitor_is_sent_to_login_for_evidence(client, working, evidence):
    client.logout()
    response = client.get(reverse("workflows:assignment_evidence", args=[working.pk, evidence.pk]))
    assert response.status_code == 302 and "/login/" in response.url


def test_evidence_is_kept_in_private_storage(settings, evidence):
    assert evidence.file.path.startswith(str(settings.MEDIA_ROOT))


def test_evidence_goes_into_the_one_store_under_a_random_name(working, evidence, dept_clerk):
    assert evidence.original_name == "拨款文件.pdf" and "拨款文件" not in evidence.file.name
    assert evidence.department_id == working.department_id
    assert evidence.uploaded_by == dept_clerk
    assert list(evidence.progress_reports.values_list("assignment", flat=True)) == [working.pk]


def test_evidence_of_another_assignment_is_not_served_through_this_one(
    client_for, working, evidence, lead_clerk, county
):
    other = working.task.assignments.exclude(pk=working.pk).get()  # 房管's, on the same task
    url = reverse("workflows:assignment_evidence", args=[other.pk, evidence.pk])
    assert client_for(lead_clerk).get(url).status_code == 404


def test_no_progress_report_once_the_task_has_passed(client_for, working, dept_clerk):
    from workflows.models import CreationTask

    CreationTask.objects.filter(pk=working.task_id).update(state="passed")
    response = upload(client_for(dept_clerk), working)
    assert response.status_code == 400
    assert "部门任务暂不能办理" in response.content.decode()
    assert not ProgressReport.objects.exists()
