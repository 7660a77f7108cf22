from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from freezegun import freeze_time
from PIL import Image

from assessments.models import Inspection
from supervision.models import Evidence, Role
from tests.builders import inspection_form_data
from tests.conftest import make_user
from workflows.models import CreationTask


def png(size=(4, 4)) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", size, "red").save(buffer, format="PNG")
    return SimpleUploadedFile("site.png", buffer.getvalue(), content_type="image/png")


form_data = inspection_form_data


def url(county):
    return reverse("assessments:inspection_new", args=[county.community.pk])


def test_page_is_prefilled_from_the_self_report(client_for, county, catalogue, inspector):
    page = client_for(inspector).get(url(county)).content.decode()
    assert 'value="300.00"' in page
    assert "已按社区自报资料预填" in page


def test_recording_saves_the_inspection_and_moves_the_task(
    client_for, county, catalogue, inspector, task_under_construction
):
    response = client_for(inspector).post(url(county), form_data(catalogue), follow=True)
    inspection = Inspection.objects.get()
    assert inspection.score == 100 and inspection.findings.count() == 3
    assert "督查结果已保存：得分 100" in response.content.decode()
    task_under_construction.refresh_from_db()
    assert task_under_construction.state == CreationTask.State.INSPECTED


@pytest.mark.parametrize(
    "premises, message", [("-5", "不能为负数。"), ("三百", "请输入数字。"), ("", "请填写此项。")]
)
def test_bad_numbers_are_refused_in_chinese_and_save_nothing(
    client_for, county, catalogue, inspector, task_under_construction, premises, message
):
    response = client_for(inspector).post(url(county), form_data(catalogue, premises=premises))
    page = response.content.decode()
    assert message in page and "督查结果未保存" in page
    assert not Inspection.objects.exists()
    task_under_construction.refresh_from_db()
    assert task_under_construction.state == CreationTask.State.UNDER_CONSTRUCTION


def test_yes_no_standard_must_be_chosen(client_for, county, catalogue, inspector):
    response = client_for(inspector).post(url(county), form_data(catalogue, party=""))
    assert "请选择是否达标。" in response.content.decode()
    assert not Inspection.objects.exists()


def test_a_photo_that_is_not_an_image_is_refused(client_for, county, catalogue, inspector):
    jc01 = catalogue.indicators.get(code="JC-01").pk
    fake = SimpleUploadedFile("site.jpg", b"not an image at all", content_type="image/jpeg")
    response = client_for(inspector).post(
        url(county), form_data(catalogue, **{f"f{jc01}-photo": fake})
    )
    assert "所传文件不是有效图片" in response.content.decode()
    assert not Inspection.objects.exists() and not Evidence.objects.exists()


def test_a_photo_over_the_size_limit_is_refused(client_for, county, catalogue, inspector, settings):
    settings.UPLOAD_MAX_BYTES = 100
    jc01 = catalogue.indicators.get(code="JC-01").pk
    response = client_for(inspector).post(
        url(county), form_data(catalogue, **{f"f{jc01}-photo": png((200, 200))})
    )
    # The one message every evidence upload gets when too large.
    assert "单个文件不能超过" in response.content.decode()
    assert not Inspection.objects.exists()


def test_photo_is_kept_privately_and_served_only_to_those_who_may_see(
    client_for,
    county,
    catalogue,
    inspector,
    community_clerk,
    outsider,
    dept_clerk,
    task_under_construction,
):
    jc01 = catalogue.indicators.get(code="JC-01").pk
    client_for(inspector).post(url(county), form_data(catalogue, **{f"f{jc01}-photo": png()}))
    photo = Evidence.objects.get()
    assert photo.file.storage.exists(photo.file.name)
    assert list(photo.photo_of.values_list("indicator__code", flat=True)) == ["JC-01"]
    photo_url = reverse(
        "assessments:inspection_photo", args=[photo.photo_of.get().inspection_id, photo.pk]
    )
    assert client_for(inspector).get(photo_url).status_code == 200
    assert client_for(community_clerk).get(photo_url).status_code == 200
    assert client_for(dept_clerk).get(photo_url).status_code == 403
    assert client_for(outsider).get(photo_url).status_code == 403


def test_inspector_of_own_community_gets_403(client_for, county, catalogue):
    local = make_user("local", Role.INSPECTOR, community=county.community)
    client = client_for(local)
    assert client.get(url(county)).status_code == 403
    assert client.post(url(county), form_data(catalogue)).status_code == 403
    assert not Inspection.objects.exists()


@pytest.mark.parametrize("persona", ["community_clerk", "leader", "outsider"])
def test_only_inspectors_open_the_recording_page(request, client_for, county, catalogue, persona):
    user = request.getfixturevalue(persona)
    assert client_for(user).post(url(county), form_data(catalogue)).status_code == 403
    assert not Inspection.objects.exists()


def test_picking_a_community_on_the_list_opens_its_recording_page(
    client_for, county, catalogue, inspector, task_under_construction
):
    response = client_for(inspector).get(
        reverse("assessments:inspection_start"),
        {"community": county.community.pk, "kind": "acceptance"},
        follow=True,
    )
    page = response.content.decode()
    assert "录入督查：二机社区" in page
    assert "只能录入抽查或复查" not in page


def test_recording_page_warns_when_the_task_is_not_under_construction(
    client_for, county, catalogue, inspector
):
    CreationTask.objects.create(campaign=county.campaign, community=county.community)
    page = client_for(inspector).get(url(county)).content.decode()
    assert "该社区创建任务当前为“列入计划”，只能录入抽查或复查。" in page
    assert '<option value="spot_check" selected>' in page


@freeze_time("2015-09-01")
def test_inspection_date_is_prefilled_as_iso_so_a_chinese_browser_shows_it(
    client_for, county, catalogue, inspector
):
    page = client_for(inspector).get(url(county)).content.decode()
    assert 'type="date" name="inspected_on" value="2015-09-01"' in page
