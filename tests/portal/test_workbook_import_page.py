from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from supervision.models import Community
from tests.assessments.workbooks import COMMUNITY_HEADERS, xlsx

URL = "workbook_import"


def upload(client, content, name="社区.xlsx", **extra):
    return client.post(reverse(URL), {"file": SimpleUploadedFile(name, content), **extra})


def test_lead_department_imports_a_good_file(client_for, lead_clerk):
    content = xlsx(
        {"社区": [COMMUNITY_HEADERS, ["禾川镇", "西门社区", 1350, 3890, 300, 270, 7, 1, 2, 0, 5]]}
    )
    response = upload(client_for(lead_clerk), content.getvalue())
    assert "导入完成。社区：新增1行" in response.content.decode()
    assert Community.objects.filter(name="西门社区").exists()


def test_bad_file_shows_every_problem_and_writes_nothing(client_for, administrator):
    content = xlsx(
        {"社区": [COMMUNITY_HEADERS, ["禾川镇", "西门社区", "很多", 3890, 300, 270, 7, 1, 2, 0, 5]]}
    )
    page = upload(client_for(administrator), content.getvalue()).content.decode()
    assert "未写入任何数据" in page and "“户数”应为数字" in page
    assert not Community.objects.filter(name="西门社区").exists()


def test_a_file_that_is_not_xlsx_gets_a_chinese_message(client_for, administrator):
    page = upload(client_for(administrator), b"a,b", name="社区.csv").content.decode()
    assert "请上传 .xlsx 格式的工作簿" in page


def test_dry_run_writes_nothing(client_for, administrator):
    content = xlsx(
        {"社区": [COMMUNITY_HEADERS, ["禾川镇", "西门社区", 1350, 3890, 300, 270, 7, 1, 2, 0, 5]]}
    )
    page = upload(client_for(administrator), content.getvalue(), dry_run="on").content.decode()
    assert "仅校验，未写入" in page
    assert not Community.objects.filter(name="西门社区").exists()


def test_template_downloads_as_xlsx(client_for, lead_clerk):
    from io import BytesIO

    response = client_for(lead_clerk).get(reverse("import_template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(BytesIO(response.getvalue()))
    assert workbook.sheetnames == ["社区", "部门任务", "创建标准"]


def test_other_roles_and_outsiders_may_not_import(request, client):
    for persona in ["leader", "dept_clerk", "inspector", "community_clerk", "outsider"]:
        user = request.getfixturevalue(persona)
        client.force_login(user)
        assert client.get(reverse(URL)).status_code == 403, persona
        assert client.get(reverse("import_template")).status_code == 403, persona
    client.logout()
    assert client.get(reverse(URL)).status_code == 302
