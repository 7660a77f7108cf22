import pytest
from django.urls import reverse
from freezegun import freeze_time

from assessments.models import RectificationOrder


@freeze_time("2015-09-01")
def test_inspector_issues_an_order_from_a_failed_finding(
    client_for, county, failed_finding, inspector
):
    response = client_for(inspector).post(
        reverse("assessments:order_new", args=[failed_finding.pk]),
        {
            "responsible": f"department:{county.housing.pk}",
            "requirement": "补足用房",
            "deadline": "2015-09-30",
        },
        follow=True,
    )
    assert "整改通知已下发" in response.content.decode()
    order = RectificationOrder.objects.get()
    assert order.responsible_department == county.housing and order.is_critical


@freeze_time("2015-09-01")
def test_a_deadline_in_the_past_is_refused(client_for, county, failed_finding, inspector):
    response = client_for(inspector).post(
        reverse("assessments:order_new", args=[failed_finding.pk]),
        {"responsible": "community", "requirement": "补足用房", "deadline": "2015-08-01"},
        follow=True,
    )
    assert "整改期限不能早于今天" in response.content.decode()
    assert not RectificationOrder.objects.exists()


@pytest.mark.parametrize("persona", ["community_clerk", "dept_clerk", "outsider"])
def test_only_inspectors_issue_orders(request, client_for, failed_finding, persona):
    user = request.getfixturevalue(persona)
    response = client_for(user).post(
        reverse("assessments:order_new", args=[failed_finding.pk]),
        {"responsible": "community", "requirement": "x", "deadline": "2099-01-01"},
    )
    assert response.status_code == 403
    assert not RectificationOrder.objects.exists()


def test_responsible_department_answers_and_inspector_verifies(
    client_for, order, other_dept_clerk, inspector
):
    client_for(other_dept_clerk).post(
        reverse("assessments:order_action", args=[order.pk, "answer"]), {"answer": "已协调用房"}
    )
    order.refresh_from_db()
    assert order.state == RectificationOrder.State.ANSWERED
    response = client_for(inspector).post(
        reverse("assessments:order_action", args=[order.pk, "verify"]),
        {"comment": "现场核实", "confirmed": "1"},
        follow=True,
    )
    assert "整改已核验销号" in response.content.decode()
    order.refresh_from_db()
    assert order.state == RectificationOrder.State.VERIFIED


def test_an_answer_needs_words(client_for, order, other_dept_clerk):
    response = client_for(other_dept_clerk).post(
        reverse("assessments:order_action", args=[order.pk, "answer"]), {"answer": ""}, follow=True
    )
    assert "请填写整改情况" in response.content.decode()
    order.refresh_from_db()
    assert order.state == RectificationOrder.State.ISSUED


def test_other_departments_and_outsiders_cannot_touch_the_order(
    client_for, order, dept_clerk, outsider
):
    answer = reverse("assessments:order_action", args=[order.pk, "answer"])
    assert client_for(dept_clerk).post(answer, {"answer": "x"}).status_code == 403
    assert client_for(outsider).post(answer, {"answer": "x"}).status_code == 403
    detail = reverse("assessments:order_detail", args=[order.pk])
    assert client_for(outsider).get(detail).status_code == 403
    order.refresh_from_db()
    assert order.state == RectificationOrder.State.ISSUED


def test_overdue_order_shows_red_on_the_responsible_home_page_and_in_the_list(
    client_for, order, other_dept_clerk, dept_clerk
):
    with freeze_time("2015-10-01"):
        home = client_for(other_dept_clerk).get(reverse("home")).content.decode()
        assert "份整改通知已逾期" in home and 'class="light red"' in home
        listing = client_for(other_dept_clerk).get(reverse("assessments:order_list"))
        assert "已逾期" in listing.content.decode()
        other_home = client_for(dept_clerk).get(reverse("home")).content.decode()
        assert "份整改通知已逾期" not in other_home
    with freeze_time("2015-09-30"):
        home = client_for(other_dept_clerk).get(reverse("home")).content.decode()
        assert "份整改通知已逾期" not in home


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        ("fix.sh", b"rm -rf /", "text/x-sh", "文件类型不允许上传"),
        ("整改照片.png", b"rm -rf /", "image/png", "内容与扩展名不符"),
    ],
)
def test_an_answer_with_a_file_of_a_wrong_type_saves_nothing(
    client_for, order, other_dept_clerk, name, content, content_type, message
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(name, content, content_type=content_type)
    response = client_for(other_dept_clerk).post(
        reverse("assessments:order_action", args=[order.pk, "answer"]),
        {"answer": "已整改", "answer_file": upload},
        follow=True,
    )
    assert message in response.content.decode()
    order.refresh_from_db()
    assert order.state == RectificationOrder.State.ISSUED and order.answer_evidence is None
