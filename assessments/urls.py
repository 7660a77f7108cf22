from django.urls import path

from assessments.spreadsheets import views as spreadsheet_views

app_name = "assessments"

urlpatterns = [
    path("import/", spreadsheet_views.workbook_import_page, name="workbook_import"),
    path(
        "import/template.xlsx", spreadsheet_views.import_template_download, name="import_template"
    ),
]
