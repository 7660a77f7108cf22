from django import template

from supervision.roles import display_name

register = template.Library()


@register.filter
def person_name(user) -> str:
    """A person's name in Chinese order (family name first), or the username."""
    return display_name(user)
