"""Everyone changes their own password; weak passwords are refused in Chinese."""

from django.urls import reverse

from tests.conftest import PASSWORD


def test_a_person_changes_their_password_and_logs_in_with_the_new_one(client_for, dept_clerk):
    client = client_for(dept_clerk)
    page = client.get(reverse("home")).content.decode()
    assert reverse("password_change") in page
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Hechuan-river-2026",
            "new_password2": "Hechuan-river-2026",
        },
        follow=True,
    )
    assert "密码已修改" in response.content.decode()
    dept_clerk.refresh_from_db()
    assert dept_clerk.check_password("Hechuan-river-2026")


def test_weak_or_wrong_passwords_are_refused_and_nothing_changes(client_for, dept_clerk):
    client = client_for(dept_clerk)
    for old, new, message in [
        ("wrong", "Hechuan-river-2026", "旧密码不正确"),
        (PASSWORD, "12345678", "这个密码太常见了"),
        (PASSWORD, "84729361", "密码只包含数字"),
        (PASSWORD, "short", "密码太短，至少需要8个字符"),
    ]:
        response = client.post(
            reverse("password_change"),
            {"old_password": old, "new_password1": new, "new_password2": new},
        )
        assert response.status_code == 200
        assert message in response.content.decode(), message
    dept_clerk.refresh_from_db()
    assert dept_clerk.check_password(PASSWORD)


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
