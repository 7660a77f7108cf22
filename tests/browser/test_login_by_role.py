import pytest

from tests.conftest import PASSWORD

from .conftest import PHONE, login

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "persona, role_text",
    [
        ("leader", "县领导"),
        ("lead_clerk", "牵头部门"),
        ("dept_clerk", "部门工作人员"),
        ("inspector", "督查员"),
        ("community_clerk", "社区工作人员"),
        ("administrator", "系统管理员"),
    ],
)
def test_each_role_logs_in_and_is_greeted(
    request, live_server, open_page, screenshot, persona, role_text
):
    user = request.getfixturevalue(persona)
    page = open_page()
    login(page, live_server, user.username, PASSWORD)
    assert page.url == f"{live_server.url}/"
    assert f"您的身份：{role_text}" in page.locator("main").inner_text()
    screenshot(page, f"home-{persona}")


def test_wrong_password_stays_on_login_with_a_chinese_message(live_server, open_page, dept_clerk):
    page = open_page()
    login(page, live_server, dept_clerk.username, "wrong")
    assert "/login/" in page.url
    assert "用户名或密码不正确" in page.locator("main").inner_text()


def test_home_fits_a_phone_screen(live_server, open_page, screenshot, community_clerk):
    page = open_page(viewport=PHONE)
    login(page, live_server, community_clerk.username, PASSWORD)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"page is {width}px wide on a {PHONE['width']}px phone"
    screenshot(page, "home-community-phone")


def test_logout_returns_to_login(live_server, open_page, leader):
    page = open_page()
    login(page, live_server, leader.username, PASSWORD)
    page.get_by_role("button", name="退出").click()
    page.wait_for_load_state()
    assert "/login/" in page.url
