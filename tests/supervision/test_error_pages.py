from django.urls import reverse


def test_a_forbidden_page_explains_in_chinese(client_for, outsider):
    response = client_for(outsider).get(reverse("workbook_import"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "无权访问" in page and "返回首页" in page


def test_a_missing_page_explains_in_chinese(client_for, leader):
    response = client_for(leader).get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
