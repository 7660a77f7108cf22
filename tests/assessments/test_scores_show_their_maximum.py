"""Every inspection's score is shown with its maximum (得分/满分): a spot-check of two standards
is out of their points, and never sits beside 100-point acceptances as if it were one."""

from django.urls import reverse

from tests.assessments.scoring_county import inspect


def test_a_spot_check_is_out_of_the_standards_it_recorded(
    client_for, county, catalogue, inspector, leader
):
    spot = inspect(county, catalogue, inspector, county.community, "2015-03-05", JC_02=True)
    full = inspect(
        county,
        catalogue,
        inspector,
        county.other_community,
        "2015-03-06",
        kind="acceptance",
        JC_01=True,
        JC_02=True,
        DJ_01=True,
    )
    assert spot.possible_points == 20 and full.possible_points == 100
    client = client_for(leader)
    listing = client.get(reverse("assessments:inspection_list")).content.decode()
    assert "满分" in listing
    table = listing[listing.index("<tbody") :]
    assert ">20</td>" in table and ">100</td>" in table
    detail = client.get(reverse("assessments:inspection_detail", args=[spot.pk])).content.decode()
    assert "得分/满分" in detail and "/ 20" in detail
