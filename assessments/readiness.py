"""A prepare-track community's readiness review (明年达标): how far it stands from each of the
create track's standards, and who owes closing each gap by when.

A measured standard (premises 300 m², certified social workers ≥ 1) is read from the
community's own figures; a yes/no standard from its latest inspection finding, if any. Each
standard's owners are the task's assignments to the departments responsible for it
(`Indicator.departments`); a gap nobody was assigned says so.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from assessments.models import Finding, Indicator, Measure
from assessments.services import catalogue_current
from supervision.models import Community


def plain(number) -> str:
    """180.00 → "180", 20.50 → "20.5"."""
    return f"{Decimal(number).normalize():f}"


def standard_gap(indicator: Indicator, community: Community) -> str | None:
    """ "JC-01 自报180，标准300" when the community's own figure falls short of a measured
    standard; None when it meets it or the standard is not measured from its figures."""
    value = indicator.self_reported_value(community)
    if value is None or indicator.is_met_by(value=value, households=community.households):
        return None
    return _("%(code)s 自报%(value)s，标准%(threshold)s") % {
        "code": indicator.code,
        "value": plain(value),
        "threshold": plain(indicator.threshold),
    }


def critical_measured(catalogue) -> list[Indicator]:
    """The create track's critical standards measured from a community's figures: the base a
    community needs before it is created (the seed's rule for the create track)."""
    if catalogue is None:
        return []
    return list(
        catalogue.indicators.filter(for_create=True, is_critical=True)
        .exclude(fact="")
        .order_by("sort_order", "code")
    )


def critical_gaps(task) -> list[str]:
    """The gaps of the task's community in the create track's critical measured standards."""
    community = task.community
    gaps = (
        standard_gap(indicator, community)
        for indicator in critical_measured(catalogue_current(campaign=task.campaign))
    )
    return [gap for gap in gaps if gap]


@dataclass(frozen=True)
class Owner:
    department: str
    deadline: datetime.date
    state: str
    assignment_id: int


@dataclass(frozen=True)
class ReadinessRow:
    indicator: Indicator
    # The community's own figure for a measured standard; None for a yes/no one.
    value: Decimal | None
    # Met, short, or None when not known yet (a yes/no standard nobody has inspected).
    met: bool | None
    gap: str | None
    owners: tuple[Owner, ...]
    responsible: str

    @property
    def unowned(self) -> bool:
        """A gap with nobody assigned to close it (no owner, no date)."""
        return self.met is False and not self.owners


def readiness_review(task) -> list[ReadinessRow]:
    """Each create-track standard against the community, with the work that closes it: a few
    queries whatever the catalogue's size."""
    catalogue = catalogue_current(campaign=task.campaign)
    if catalogue is None:
        return []
    community = task.community
    indicators = list(
        catalogue.indicators.filter(for_create=True)
        .prefetch_related("departments")
        .order_by("sort_order", "code")
    )
    latest = Finding.objects.filter(
        inspection__community=community, indicator__code=OuterRef("code")
    ).order_by("-inspection__inspected_on", "-inspection_id")
    found = dict(
        catalogue.indicators.filter(for_create=True, measure=Measure.YES_NO)
        .annotate(last_met=Subquery(latest.values("met")[:1]))
        .values_list("pk", "last_met")
    )
    assignments = list(task.assignments.select_related("department").order_by("deadline", "pk"))
    rows = []
    for indicator in indicators:
        value = indicator.self_reported_value(community)
        if value is not None:
            met = indicator.is_met_by(value=value, households=community.households)
        else:
            met = found.get(indicator.pk)
        responsible = {department.pk for department in indicator.departments.all()}
        owners = tuple(
            Owner(
                department=work.department.short_name,
                deadline=work.deadline,
                state=work.get_state_display(),
                assignment_id=work.pk,
            )
            for work in assignments
            if work.department_id in responsible
        )
        rows.append(
            ReadinessRow(
                indicator=indicator,
                value=value,
                met=met,
                gap=standard_gap(indicator, community),
                owners=owners,
                responsible=_("、").join(d.short_name for d in indicator.departments.all()),
            )
        )
    return rows
