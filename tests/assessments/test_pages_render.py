from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from assessments.models import Inspection, RectificationOrder


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=StringIO())


def login(client, username):
    client.force_login(User.objects.get(username=username))
    return client


@pytest.mark.parametrize(
    "username, url_name, text",
    [
        ("leader", "assessments:catalogue", "管理和服务用房"),
        ("inspector", "assessments:inspection_list", "录入督查"),
        ("community", "assessments:self_report", "自报资料"),
        ("inspector", "assessments:draw_new", "随机种子"),
        ("lead", "assessments:order_list", "整改通知"),
    ],
)
def test_pages_render_in_chinese_for_their_users(client, seeded, username, url_name, text):
    response = login(client, username).get(reverse(url_name))
    assert response.status_code == 200
    assert text in response.content.decode()


def test_seeded_inspection_and_order_pages_render(client, seeded):
    inspection = Inspection.objects.get(kind="spot_check")
    order = RectificationOrder.objects.first()
    client = login(client, "inspector")
    page = client.get(reverse("assessments:inspection_detail", args=[inspection.pk]))
    assert "不达标" in page.content.decode()
    other = inspection.community.__class__.objects.exclude(pk=inspection.community_id).first()
    page = client.get(reverse("assessments:inspection_new", args=[other.pk]))
    assert page.status_code == 200 and "保存督查结果" in page.content.decode()
    assert client.get(reverse("assessments:order_detail", args=[order.pk])).status_code == 200


def test_drawing_through_the_page_keeps_the_seed(client, seeded):
    client = login(client, "inspector")
    response = client.post(
        reverse("assessments:draw_new"),
        {"community_count": "2", "indicator_count": "3", "seed": "2015"},
        follow=True,
    )
    page = response.content.decode()
    assert "随机种子 2015 已保存" in page and "录入抽查" in page


def test_a_draw_with_text_for_a_count_is_refused(client, seeded):
    response = login(client, "inspector").post(
        reverse("assessments:draw_new"), {"community_count": "三", "indicator_count": "3"}
    )
    assert "请输入整数。" in response.content.decode()


def test_the_demo_community_sees_its_overdue_order_in_red(client, seeded):
    page = login(client, "community").get(reverse("home")).content.decode()
    assert "份整改通知已逾期" in page and 'class="light red"' in page


def test_catalogue_page_shows_each_tracks_total(client, seeded):
    page = login(client, "dept").get(reverse("assessments:catalogue")).content.decode()
    assert page.count('<span class="n">100</span>') == 2
