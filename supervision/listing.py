"""One way to show a list: a django-filter form over a django-tables2 table, or its workbook.

Every list page takes `?export=xlsx` on its own querystring and answers with the workbook of
exactly what the page shows: the same filters and the same sort, every page of it.
"""

from django.shortcuts import render
from django_tables2 import RequestConfig

from spreadsheets.exports import table_workbook, workbook_response
from supervision.models import Campaign

PER_PAGE = 50


def table_page(request, *, filterset, table, template: str, heading: str, context=None):
    """Render `table`, filtered by `filterset`, paginated; or its workbook when asked."""
    if request.GET.get("export") == "xlsx":
        RequestConfig(request, paginate=False).configure(table)
        campaign = Campaign.objects.active()
        title = f"{campaign.title} {heading}" if campaign else str(heading)
        workbook = table_workbook(table=table, heading=title, title=str(heading))
        return workbook_response(workbook, filename=f"{heading}.xlsx")
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render(
        request,
        template,
        {"filter": filterset, "table": table, "heading": heading, **(context or {})},
    )
