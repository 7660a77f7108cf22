from django import forms
from django.utils.translation import gettext_lazy as _

from supervision.uploads import evidence_validate


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.doc,.docx,.xls,.xlsx"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            files = [single(item, initial) for item in data if item]
        else:
            files = [single(data, initial)] if data else []
        for uploaded in files:
            evidence_validate(uploaded)
        return files


class ProgressReportForm(forms.Form):
    text = forms.CharField(
        label=_("进展情况"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("请填写进展情况。")},
    )
    files = MultipleFileField(
        label=_("佐证材料"),
        required=False,
        help_text=_("可多选；PDF、JPG、PNG、DOC、DOCX、XLS、XLSX。"),
    )


class TransitionForm(forms.Form):
    action = forms.CharField()
    comment = forms.CharField(required=False, max_length=2000)


class ExtensionRequestForm(forms.Form):
    """延期申请: the later deadline and why; the rules are the service's (extension_problems)."""

    requested_deadline = forms.DateField(
        label=_("申请延至"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={
            "required": _("请选择申请延至的日期。"),
            "invalid": _("请输入正确的日期，例如 2015-09-30。"),
        },
    )
    reason = forms.CharField(
        label=_("延期理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写延期理由，说明为什么不能按期完成。")},
    )
