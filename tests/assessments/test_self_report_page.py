from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from supervision.models import Evidence
from tests.builders import inspection_form_data

URL = "assessments:self_report"


def profile(**changes):
    data = {
        "households": "150",
        "population": "420",
        "premises_area": "300",
        "elderly_care_area": "30",
        "staff_count": "7",
        "certified_social_workers": "1",
        "filed_social_organisations": "3",
        "registered_social_organisations": "0",
        "office_computers": "7",
    }
    data.update(changes)
    return data


def test_community_clerk_keeps_the_profile_facts(client_for, county, community_clerk):
    response = client_for(community_clerk).post(
        reverse(URL), profile(premises_area="320.5"), follow=True
    )
    assert "社区资料已保存" in response.content.decode()
    county.community.refresh_from_db()
    assert county.community.premises_area == Decimal("320.5")
    assert county.community.office_computers == 7


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("premises_area", "-1", "不能为负数。"),
        ("elderly_care_area", "很大", "请输入数字。"),
        ("households", "1.5", "请输入整数。"),
        ("certified_social_workers", "-2", "不能为负数。"),
    ],
)
def test_bad_profile_values_save_nothing(
    client_for, county, community_clerk, field, value, message
):
    response = client_for(community_clerk).post(reverse(URL), profile(**{field: value}))
    page = response.content.decode()
    assert message in page and "社区资料未保存" in page
    county.community.refresh_from_db()
    assert county.community.premises_area == Decimal("300")
    assert county.community.population == 0


def test_evidence_is_uploaded_once_and_served_to_inspectors(
    client_for, county, catalogue, community_clerk, inspector, dept_clerk, outsider
):
    upload = SimpleUploadedFile("premises.pdf", b"%PDF-1.4 deed", content_type="application/pdf")
    client_for(community_clerk).post(
        reverse(URL), {"upload": "1", "indicator_code": "JC-01", "title": "房产证", "file": upload}
    )
    evidence = Evidence.objects.get()
    assert evidence.community == county.community and evidence.uploaded_by == community_clerk
    file_url = reverse("assessments:community_evidence", args=[county.community.pk, evidence.pk])
    assert client_for(inspector).get(file_url).status_code == 200
    assert client_for(dept_clerk).get(file_url).status_code == 403
    assert client_for(outsider).get(file_url).status_code == 403


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        ("run.exe", b"MZ", "application/octet-stream", "文件类型不允许上传"),
        # A program renamed to .pdf: the extension passes, the first bytes do not.
        ("房产证.pdf", b"MZ\x90\x00", "application/pdf", "内容与扩展名不符"),
        ("照片.jpg", b"%PDF-1.4", "image/jpeg", "内容与扩展名不符"),
    ],
)
def test_evidence_of_a_wrong_type_is_refused(
    client_for, county, catalogue, community_clerk, name, content, content_type, message
):
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    response = client_for(community_clerk).post(
        reverse(URL), {"upload": "1", "indicator_code": "JC-01", "title": "x", "file": upload}
    )
    assert message in response.content.decode()
    assert not Evidence.objects.exists()


def test_recorded_findings_reference_the_communitys_evidence(
    client_for, county, catalogue, community_clerk, inspector, task_under_construction
):
    upload = SimpleUploadedFile("deed.pdf", b"%PDF-1.4", content_type="application/pdf")
    client_for(community_clerk).post(
        reverse(URL), {"upload": "1", "indicator_code": "JC-01", "title": "房产证", "file": upload}
    )
    client_for(inspector).post(
        reverse("assessments:inspection_new", args=[county.community.pk]),
        inspection_form_data(catalogue),
    )
    evidence = Evidence.objects.get()
    assert list(evidence.findings.values_list("indicator__code", flat=True)) == ["JC-01"]


@pytest.mark.parametrize("persona", ["inspector", "dept_clerk", "outsider"])
def test_only_community_staff_keep_the_self_report(request, client_for, county, persona):
    user = request.getfixturevalue(persona)
    response = client_for(user).post(reverse(URL), profile(premises_area="999"))
    assert response.status_code == 403
    county.community.refresh_from_db()
    assert county.community.premises_area == Decimal("300")


def test_the_inspector_sees_each_standards_evidence_while_recording_it(
    client_for, county, catalogue, community_clerk, inspector
):
    upload = SimpleUploadedFile("deed.pdf", b"%PDF-1.4", content_type="application/pdf")
    client_for(community_clerk).post(
        reverse(URL), {"upload": "1", "indicator_code": "JC-01", "title": "房产证", "file": upload}
    )
    evidence = Evidence.objects.get()
    client = client_for(inspector)
    page = client.get(reverse("assessments:inspection_new", args=[county.community.pk]))
    html = page.content.decode()
    premises = html[html.index("JC-01") : html.index("JC-02")]
    link = reverse("assessments:community_evidence", args=[county.community.pk, evidence.pk])
    assert f'href="{link}"' in premises and "房产证" in premises and "deed.pdf" in premises
    elderly = html[html.index("JC-02") :]
    assert "社区尚未报送该项佐证材料。" in elderly.split('class="card finding"')[0]
    # The link opens it for the inspector (the same permission-checked view as elsewhere).
    assert client.get(link).status_code == 200
