"""Work on the organisation's records that more than one app needs."""

from supervision.models import Evidence
from supervision.uploads import evidence_validate


def evidence_store(
    *,
    uploaded,
    by,
    community=None,
    department=None,
    indicator_code: str = "",
    title: str = "",
) -> Evidence:
    """Keep one uploaded file in the evidence store, after the one check every upload passes.

    Raises ValidationError (a Chinese message) for a file of the wrong type or size. Call it
    inside the transaction that links the file to what it proves.
    """
    evidence_validate(uploaded)
    name = (uploaded.name or "").rsplit("/", 1)[-1]
    return Evidence.objects.create(
        file=uploaded,
        original_name=name[:200],
        content_type=(getattr(uploaded, "content_type", "") or "")[:100],
        size=uploaded.size,
        title=title[:200],
        community=community,
        department=department,
        indicator_code=indicator_code,
        uploaded_by=by,
    )
