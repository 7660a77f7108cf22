"""One way to show a list: a django-filter form over a django-tables2 table, or its workbook.

Every list page takes `?export=xlsx` on its own querystring and answers with the workbook of
exactly what the page shows: the same filters and the same sort, every page of it.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django_tables2 import RequestConfig

from assessments.spreadsheets.exports import table_workbook, workbook_bytes
from supervision.models import Campaign

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PER_PAGE = 50


def table_page(request, *, filterset, table, template: str, heading: str, context=None):
    """Render `table`, filtered by `filterset`, paginated; or its workbook when asked."""
    if request.GET.get("export") == "xlsx":
        RequestConfig(request, paginate=False).configure(table)
        campaign = Campaign.objects.active()
        title = f"{campaign.title} {heading}" if campaign else str(heading)
        workbook = table_workbook(table=table, heading=title, title=str(heading))
        response = HttpResponse(workbook_bytes(workbook), content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"{heading}.xlsx"
        )
        return response
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render(
        request,
        template,
        {"filter": filterset, "table": table, "heading": heading, **(context or {})},
    )
