"""Who someone is in the campaign: their roles (groups) and where they work."""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from supervision.models import Community, Department, Membership, Role

# The order in which a person's roles are named when they hold several.
ROLE_PRIORITY = [
    Role.ADMINISTRATOR,
    Role.LEADER,
    Role.LEAD_DEPARTMENT,
    Role.INSPECTOR,
    Role.DEPARTMENT_STAFF,
    Role.COMMUNITY_STAFF,
]


# A membership says where someone works; it opens that place's records only together with a
# role that works there. An inspector's community is kept to refuse them their own community.
DEPARTMENT_ROLES = frozenset({Role.DEPARTMENT_STAFF, Role.LEAD_DEPARTMENT})
COMMUNITY_ROLES = frozenset({Role.COMMUNITY_STAFF, Role.INSPECTOR})
# Who oversees the whole campaign: they see every task, assignment, inspection and order.
OVERSEERS = (Role.LEADER, Role.LEAD_DEPARTMENT, Role.INSPECTOR, Role.ADMINISTRATOR)


class NotOwnCommunity:
    """An inspector never inspects their own community, nor verifies its rectification."""

    message = _("督查员不能督查本人所在的社区。")

    def allows(self, person, community_id) -> bool:
        return person.community is None or person.community.pk != community_id

    def exclude(self, queryset, person, *, field: str = "community"):
        """`queryset` without the rows of the person's own community (at `field`)."""
        if person.community is None:
            return queryset
        return queryset.exclude(**{field: person.community})


NOT_OWN_COMMUNITY = NotOwnCommunity()


@dataclass(frozen=True)
class Person:
    roles: frozenset = field(default_factory=frozenset)
    department: Department | None = None
    community: Community | None = None
    user_id: int | None = None

    def has(self, *roles: Role) -> bool:
        return any(role in self.roles for role in roles)

    @property
    def is_overseer(self) -> bool:
        return self.has(*OVERSEERS)

    # For templates, which cannot call has() with arguments.
    @property
    def is_leader(self) -> bool:
        return self.has(Role.LEADER)

    @property
    def is_lead_department(self) -> bool:
        return self.has(Role.LEAD_DEPARTMENT)

    @property
    def is_inspector(self) -> bool:
        return self.has(Role.INSPECTOR)

    @property
    def is_administrator(self) -> bool:
        return self.has(Role.ADMINISTRATOR)

    @property
    def primary_role(self) -> Role | None:
        for role in ROLE_PRIORITY:
            if role in self.roles:
                return role
        return None


def person_of(user) -> Person:
    """The roles and workplace of a user, read once per request and cached on the user."""
    if not user.is_authenticated:
        return Person()
    cached = getattr(user, "_person", None)
    if cached is not None:
        return cached
    names = user.groups.values_list("name", flat=True)
    roles = {Role(name) for name in names if name in Role.values}
    if user.is_superuser:
        roles.add(Role.ADMINISTRATOR)
    membership = (
        Membership.objects.select_related("department", "community").filter(user=user).first()
    )
    person = Person(
        roles=frozenset(roles),
        department=membership.department if membership and roles & DEPARTMENT_ROLES else None,
        community=membership.community if membership and roles & COMMUNITY_ROLES else None,
        user_id=user.pk,
    )
    user._person = person
    return person


def groups_ensure() -> dict[Role, Group]:
    """Create the role groups if missing; idempotent."""
    return {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}


def display_name(user) -> str:
    """A person's name in Chinese order (family name first), or the username."""
    name = f"{user.last_name}{user.first_name}".strip()
    return name or user.username
