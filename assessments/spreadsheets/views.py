from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.spreadsheets.exports import workbook_response
from assessments.spreadsheets.imports import import_template_build, workbook_import
from supervision.models import Role
from supervision.roles import person_of


def _require_importer(request):
    if not person_of(request.user).has(Role.ADMINISTRATOR, Role.LEAD_DEPARTMENT):
        raise PermissionDenied(_("只有系统管理员或牵头部门可以导入数据。"))


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel 工作簿（.xlsx）"))
    dry_run = forms.BooleanField(label=gettext_lazy("只校验，不写入"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                _("请上传 .xlsx 格式的工作簿（可用 Excel 或 WPS 另存为 .xlsx）。")
            )
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("文件过大：不能超过 %(mb)s MB。")
                % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
            )
        return upload


@login_required
def workbook_import_page(request):
    _require_importer(request)
    report = None
    form = WorkbookUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        report = workbook_import(
            file=form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"]
        )
        if report.ok:
            prefix = _("（仅校验，未写入）") if form.cleaned_data["dry_run"] else ""
            messages.success(request, prefix + report.summary())
        else:
            messages.error(request, report.summary())
    return render(request, "assessments/workbook_import.html", {"form": form, "report": report})


@login_required
def import_template_download(request):
    _require_importer(request)
    return workbook_response(import_template_build(), filename=_("导入模板.xlsx"))
