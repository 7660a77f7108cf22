"""A period holds one circular not yet published: pressing 生成通报 again, or twice at once,
opens that one; the database refuses a second; once it is published, the period's scores are
final and it takes no new draft (one could never be counted afresh, so never published)."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from assessments.models import Circular
from assessments.scoring import circular_generate, circular_transition
from supervision.transitions import Refused


@pytest.fixture
def march(scored_county):
    _sanqiao, march, _april = scored_county
    return march


def test_pressing_generate_twice_opens_the_same_draft(client_for, march, lead_clerk):
    client = client_for(lead_clerk)
    url = reverse("assessments:circular_new", args=[march.pk])
    first = client.post(url, follow=True)
    second = client.post(url, follow=True)
    draft = Circular.objects.get()
    assert first.redirect_chain[-1][0] == second.redirect_chain[-1][0]
    assert reverse("assessments:circular_detail", args=[draft.pk]) in second.redirect_chain[-1][0]
    assert "重新计分并生成通报草稿" in first.content.decode()
    assert "本期已有一份未发布的通报，已为您打开。" in second.content.decode()


def test_a_submitted_or_approved_circular_is_opened_too(march, lead_clerk, leader):
    circular = circular_generate(period=march, by=lead_clerk)
    circular_transition(circular=circular, action="submit", by=lead_clerk)
    assert circular_generate(period=march, by=lead_clerk) == circular
    circular_transition(circular=circular, action="approve", by=leader)
    assert circular_generate(period=march, by=lead_clerk) == circular
    assert Circular.objects.count() == 1


def test_the_database_refuses_a_second_unpublished_circular(march, lead_clerk):
    first = circular_generate(period=march, by=lead_clerk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Circular.objects.create(
            campaign=first.campaign, period=march, title="第二份", figures={}, created_by=lead_clerk
        )
    assert Circular.objects.count() == 1


def test_after_publication_the_period_takes_no_new_draft(client_for, march, lead_clerk, leader):
    circular = circular_generate(period=march, by=lead_clerk)
    for action, actor in [("submit", lead_clerk), ("approve", leader), ("publish", leader)]:
        circular_transition(circular=circular, action=action, by=actor)
    with pytest.raises(Refused) as refused:
        circular_generate(period=march, by=lead_clerk)
    assert "请选择下一个考核周期" in refused.value.reasons[0]
    url = reverse("assessments:circular_new", args=[march.pk])
    response = client_for(lead_clerk).post(url, follow=True)
    assert "请选择下一个考核周期" in response.content.decode()
    assert Circular.objects.filter(period=march).count() == 1
    # 新建通报 no longer offers the period.
    form = client_for(lead_clerk).get(reverse("assessments:circular_start")).context["form"]
    assert march not in form.fields["period"].queryset


def test_a_returned_draft_never_meets_another_draft(march, lead_clerk, leader):
    circular = circular_generate(period=march, by=lead_clerk)
    circular_transition(circular=circular, action="submit", by=lead_clerk)
    circular_generate(period=march, by=lead_clerk)  # opens the submitted one, makes none
    circular_transition(
        circular=circular, action="send_back", by=leader, comment="请补充数据说明。"
    )
    circular.refresh_from_db()
    assert circular.state == Circular.State.DRAFT
    assert Circular.objects.filter(period=march).count() == 1
