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
