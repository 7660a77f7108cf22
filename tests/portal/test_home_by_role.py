import pytest
from django.urls import reverse


def test_anonymous_visitor_is_sent_to_the_chinese_login_page(client, county):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    page = client.get(response.url).content.decode()
    assert "登录" in page and "用户名" in page and "密码" in page


def test_wrong_password_says_so_in_chinese(client, dept_clerk):
    response = client.post(reverse("login"), {"username": "dept", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_login_with_password_lands_on_home(client, dept_clerk):
    from tests.conftest import PASSWORD

    response = client.post(
        reverse("login"), {"username": "dept", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "您的身份：部门工作人员" in response.content.decode()


@pytest.mark.parametrize(
    "persona, role_text, also_shown",
    [
        ("leader", "县领导", "三个三分之一"),
        ("lead_clerk", "牵头部门", "参与部门"),
        ("dept_clerk", "部门工作人员", "本部门职责"),
        ("inspector", "督查员", "待办督查"),
        ("community_clerk", "社区工作人员", "二机社区资料"),
        ("administrator", "系统管理员", "进入后台"),
    ],
)
def test_home_greets_each_role(request, client_for, persona, role_text, also_shown):
    user = request.getfixturevalue(persona)
    page = client_for(user).get(reverse("home")).content.decode()
    assert f"您的身份：{role_text}" in page
    assert also_shown in page


def test_greeting_uses_the_chinese_name_order(client_for, leader):
    page = client_for(leader).get(reverse("home")).content.decode()
    assert "李建国，您好" in page


def test_person_without_a_role_is_told_to_ask_the_administrator(client_for, outsider):
    page = client_for(outsider).get(reverse("home")).content.decode()
    assert "尚未分配角色" in page
    assert "三个三分之一" not in page and "社区一览" not in page


def test_community_clerk_sees_own_community_track(client_for, community_clerk):
    page = client_for(community_clerk).get(reverse("home")).content.decode()
    assert "今年创建" in page


def test_admin_pages_are_in_chinese(client_for, administrator):
    page = client_for(administrator).get(reverse("admin:supervision_community_changelist"))
    assert page.status_code == 200
    assert "社区" in page.content.decode() and "搜索" in page.content.decode()


def test_english_is_available_through_the_language_switch(client_for, leader):
    client = client_for(leader)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    page = response.content.decode()
    assert 'lang="en"' in page
    assert "Your role: County leadership" in page
    assert "您的身份" not in page


def test_pages_stay_chinese_on_an_english_language_browser(client_for, leader):
    client = client_for(leader)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="zh-hans"' in page
    assert "您的身份" in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "Your role: County leadership" in page


def test_department_home_shows_its_work_by_traffic_light(client_for, county, dept_clerk):
    from workflows.models import Assignment, CreationTask

    task = CreationTask.objects.create(campaign=county.campaign, community=county.community)
    Assignment.objects.create(
        task=task,
        department=county.finance,
        area="funding",
        role="lead",
        owed="落实社区工作经费",
        deadline="2000-01-01",
    )
    Assignment.objects.create(
        task=task,
        department=county.housing,
        area="premises",
        role="lead",
        owed="协调社区用房",
        deadline="2000-01-01",
    )
    page = client_for(dept_clerk).get(reverse("home")).content.decode()
    assert "本部门任务" in page and "落实社区工作经费" in page and "红灯" in page
    assert "协调社区用房" not in page


def test_leader_home_lists_tasks_waiting_for_approval(client_for, county, leader):
    from workflows.models import CreationTask

    CreationTask.objects.create(campaign=county.campaign, community=county.community)
    page = client_for(leader).get(reverse("home")).content.decode()
    assert "待我审批" in page and "二机社区" in page and "列入计划" in page


def test_lead_department_home_lists_overdue_work(client_for, county, lead_clerk):
    from workflows.models import Assignment, CreationTask

    task = CreationTask.objects.create(campaign=county.campaign, community=county.community)
    Assignment.objects.create(
        task=task,
        department=county.housing,
        area="premises",
        role="lead",
        owed="协调社区用房",
        deadline="2000-01-01",
    )
    page = client_for(lead_clerk).get(reverse("home")).content.decode()
    assert "逾期部门任务" in page and "协调社区用房" in page


def test_outsider_home_shows_no_campaign_work(client_for, county, outsider):
    page = client_for(outsider).get(reverse("home")).content.decode()
    assert "本部门任务" not in page and "待我审批" not in page and "逾期部门任务" not in page
    assert "部门任务" not in page
