from functools import partial

from portal.inbox import inbox_count


def inbox(request):
    """The count of what waits for the person, for the top bar: counted only when a page shows
    it (templates call it), so a file download or a redirect pays nothing."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_count": partial(inbox_count, user=user)}
