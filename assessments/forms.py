from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import (
    Assistance,
    Circular,
    Indicator,
    Inspection,
    ScoringPeriod,
)
from supervision.models import Community, Department
from supervision.uploads import evidence_validate

NUMBER_MESSAGES = {
    "invalid": gettext_lazy("请输入数字。"),
    "required": gettext_lazy("请填写此项。"),
    "min_value": gettext_lazy("不能为负数。"),
    "max_digits": gettext_lazy("数值过大。"),
    "max_decimal_places": gettext_lazy("最多保留两位小数。"),
}
WHOLE_NUMBER_MESSAGES = {**NUMBER_MESSAGES, "invalid": gettext_lazy("请输入整数。")}
IMAGE_MESSAGES = {
    "invalid_image": gettext_lazy("照片须为图片文件（JPG、PNG 等），所传文件不是有效图片。"),
}


class CommunityProfileForm(forms.ModelForm):
    """The profile facts a community keeps itself; inspections start from these values."""

    class Meta:
        model = Community
        fields = [
            "households",
            "population",
            "premises_area",
            "elderly_care_area",
            "staff_count",
            "certified_social_workers",
            "filed_social_organisations",
            "registered_social_organisations",
            "office_computers",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            decimal = isinstance(field, forms.DecimalField)
            field.error_messages.update(NUMBER_MESSAGES if decimal else WHOLE_NUMBER_MESSAGES)


class EvidenceForm(forms.Form):
    """A file a community uploads once for a standard; inspections refer to it."""

    indicator_code = forms.ChoiceField(label=gettext_lazy("指标"))
    title = forms.CharField(label=gettext_lazy("说明"), max_length=200)
    file = forms.FileField(
        label=gettext_lazy("文件"),
        validators=[evidence_validate],
        error_messages={"required": gettext_lazy("请选择要上传的文件。")},
    )

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator_code"].choices = [(i.code, str(i)) for i in indicators]


class InspectionForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("督查类型"), choices=Inspection.Kind.choices)
    inspected_on = forms.DateField(
        label=gettext_lazy("督查日期"),
        initial=timezone.localdate,
        # ISO whatever the language: a date input shows nothing for "2015年9月30日".
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={
            "invalid": gettext_lazy("请输入有效日期，例如 2015-09-30。"),
            "required": gettext_lazy("请填写督查日期。"),
        },
    )
    remarks = forms.CharField(
        label=gettext_lazy("督查意见"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_inspected_on(self):
        day = self.cleaned_data["inspected_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("督查日期不能晚于今天。"))
        return day


class FindingForm(forms.Form):
    """One standard on the recording page: value pre-filled from the community's self-report."""

    measured_value = forms.DecimalField(
        label=gettext_lazy("实测值"),
        min_value=0,
        max_digits=9,
        decimal_places=2,
        required=False,
        error_messages=NUMBER_MESSAGES,
    )
    met = forms.TypedChoiceField(
        label=gettext_lazy("是否达标"),
        choices=[("1", gettext_lazy("达标")), ("0", gettext_lazy("不达标"))],
        coerce=lambda v: v == "1",
        required=False,
        widget=forms.RadioSelect,
    )
    points_awarded = forms.DecimalField(
        label=gettext_lazy("得分"),
        min_value=0,
        max_digits=5,
        decimal_places=1,
        required=False,
        error_messages=NUMBER_MESSAGES,
        help_text=gettext_lazy("留空则达标得满分、不达标不得分。"),
    )
    remarks = forms.CharField(label=gettext_lazy("备注"), required=False)
    photo = forms.ImageField(
        label=gettext_lazy("现场照片"),
        required=False,
        validators=[evidence_validate],
        error_messages=IMAGE_MESSAGES,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )

    def __init__(self, *args, indicator: Indicator, community: Community, **kwargs):
        self.indicator = indicator
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("measured_value", indicator.self_reported_value(community))
        super().__init__(*args, prefix=f"f{indicator.pk}", **kwargs)
        if indicator.is_numeric:
            del self.fields["met"]
            self.fields["measured_value"].required = True
        else:
            del self.fields["measured_value"]
            self.fields["met"].required = True
            self.fields["met"].error_messages["required"] = _("请选择是否达标。")

    def clean_points_awarded(self):
        points = self.cleaned_data["points_awarded"]
        if points is not None and points > self.indicator.points:
            raise forms.ValidationError(
                _("得分不能超过该指标分值 %(points)s。") % {"points": self.indicator.points}
            )
        return points


class OrderIssueForm(forms.Form):
    responsible = forms.ChoiceField(label=gettext_lazy("责任方"))
    requirement = forms.CharField(
        label=gettext_lazy("整改要求"), widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = forms.DateField(
        label=gettext_lazy("整改期限"),
        # ISO whatever the language: a date input shows nothing for "2015年9月30日".
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={
            "invalid": gettext_lazy("请输入有效日期，例如 2015-09-30。"),
            "required": gettext_lazy("请填写整改期限。"),
        },
    )

    def __init__(self, *args, finding, **kwargs):
        super().__init__(*args, **kwargs)
        community = finding.inspection.community
        departments = list(finding.indicator.departments.all()) or list(Department.objects.all())
        self.fields["responsible"].choices = [
            ("community", _("%(name)s（社区）") % {"name": community.name})
        ] + [(f"department:{d.pk}", d.name) for d in departments]
        self.community = community

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("整改期限不能早于今天。"))
        return deadline

    def responsible_party(self) -> dict:
        value = self.cleaned_data["responsible"]
        if value == "community":
            return {"responsible_community": self.community}
        return {"responsible_department": Department.objects.get(pk=value.split(":", 1)[1])}


class OrderAnswerForm(forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("整改情况"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("请填写整改情况。")},
    )
    answer_file = forms.FileField(
        label=gettext_lazy("整改佐证"), required=False, validators=[evidence_validate]
    )


class OrderReviewForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("核验意见（退回重改时必须填写理由）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SpotCheckDrawForm(forms.Form):
    community_count = forms.IntegerField(
        label=gettext_lazy("抽取社区数"),
        min_value=1,
        max_value=50,
        initial=3,
        error_messages={**WHOLE_NUMBER_MESSAGES, "min_value": gettext_lazy("至少抽取1个。")},
    )
    indicator_count = forms.IntegerField(
        label=gettext_lazy("抽取指标数"),
        min_value=1,
        max_value=50,
        initial=5,
        error_messages={**WHOLE_NUMBER_MESSAGES, "min_value": gettext_lazy("至少抽取1个。")},
    )
    seed = forms.IntegerField(
        label=gettext_lazy("随机种子（留空自动生成）"),
        required=False,
        min_value=0,
        max_value=10**15,
        error_messages=WHOLE_NUMBER_MESSAGES,
    )


class CircularNarrativeForm(forms.ModelForm):
    """The words of a draft circular; its numbers come from the snapshot and are not here."""

    class Meta:
        model = Circular
        fields = ["title", "overview", "problems", "experience", "next_steps"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 5})
            for name in ["overview", "problems", "experience", "next_steps"]
        }


class CircularStartForm(forms.Form):
    """新建通报: which period the circular reports on (the current month is offered first)."""

    period = forms.ModelChoiceField(
        label=gettext_lazy("考核周期"),
        queryset=ScoringPeriod.objects.none(),
        empty_label=None,
        error_messages={
            "required": gettext_lazy("请选择考核周期。"),
            "invalid_choice": gettext_lazy("请选择本年度的一个考核周期。"),
        },
        help_text=gettext_lazy(
            "生成草稿时按当前数据重新计分；本期已有未发布的通报时打开那一份；"
            "通报已发布的周期不再列出。"
        ),
    )

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        # A period whose circular is published takes no new draft.
        periods = (
            ScoringPeriod.objects.filter(campaign=campaign)
            .exclude(circulars__state=Circular.State.PUBLISHED)
            .order_by("ends_on", "kind")
        )
        self.fields["period"].queryset = periods
        today = timezone.localdate()
        current = (
            periods.filter(starts_on__lte=today, ends_on__gte=today).order_by("ends_on").first()
        )
        if current is not None:
            self.fields["period"].initial = current.pk


class AssistanceForm(forms.ModelForm):
    """Co-construction assistance the lead department records for a department."""

    class Meta:
        model = Assistance
        fields = ["department", "community", "given_on", "description", "points"]
        widgets = {"given_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})}
        error_messages = {"points": NUMBER_MESSAGES}

    def clean_points(self):

        points = self.cleaned_data["points"]
        if points is not None and points > Assistance.MAX_POINTS:
            raise forms.ValidationError(_("每条帮扶记录不超过5分。"))
        return points
