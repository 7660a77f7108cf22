"""Chinese pages put a full-width colon after a form's labels (户数：), as after every label
the templates write; English pages keep Django's own."""

from django.urls import reverse
from django.utils import translation


def test_form_labels_end_with_a_full_width_colon(client_for, community_clerk):
    page = client_for(community_clerk).get(reverse("assessments:self_report")).content.decode()
    assert "户数：</label>" in page and "户数:</label>" not in page


def test_english_keeps_its_colon(client_for, community_clerk):
    client = client_for(community_clerk)
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        page = client.get(reverse("assessments:self_report")).content.decode()
    assert ":</label>" in page and "：</label>" not in page
