from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.filters import FindingFilter, InspectionFilter, OrderFilter
from assessments.forms import (
    CommunityProfileForm,
    EvidenceForm,
    FindingForm,
    InspectionForm,
    OrderAnswerForm,
    OrderIssueForm,
    OrderReviewForm,
    SpotCheckDrawForm,
)
from assessments.models import (
    ORDER_MACHINE,
    Finding,
    Inspection,
    RectificationOrder,
    SpotCheckDraw,
)
from assessments.selectors import (
    communities_inspectable_by,
    inspections_visible_to,
    orders_visible_to,
)
from assessments.services import (
    FindingInput,
    catalogue_current,
    draw_indicators_for,
    indicators_for,
    inspection_record,
    inspection_refusal_reasons,
    order_issue,
    order_may_answer,
    order_may_verify,
    order_transition,
    spot_check_draw,
)
from assessments.tables import FindingTable, InspectionTable, OrderTable
from supervision.filters import COMMUNITY_CHOICES_LIMIT
from supervision.listing import table_page
from supervision.models import Campaign, Community, Department, Evidence, Role
from supervision.roles import NOT_OWN_COMMUNITY, person_of
from supervision.services import evidence_store
from supervision.transitions import Refused, open_refusal
from supervision.views import confirmation_page, evidence_response
from workflows.models import READY_FOR_ACCEPTANCE, CreationTask


def _active_campaign():
    campaign = Campaign.objects.active()
    if campaign is None:
        raise Http404(_("尚未设置当前创建年度。"))
    return campaign


def _may_see_community(person, community) -> bool:
    return person.is_overseer or (
        person.community is not None and person.community.pk == community.pk
    )


def _get_inspection_for_user(request, pk) -> tuple[Inspection, bool]:
    """The inspection if this user may see it, and whether they may issue orders from it."""
    inspection = get_object_or_404(
        Inspection.objects.select_related("community", "inspector", "catalogue"), pk=pk
    )
    person = person_of(request.user)
    if not _may_see_community(person, inspection.community):
        raise PermissionDenied(_("您无权查看该督查记录。"))
    can_issue = person.has(Role.INSPECTOR, Role.LEAD_DEPARTMENT) and NOT_OWN_COMMUNITY.allows(
        person, inspection.community_id
    )
    return inspection, can_issue


def _get_order_for_user(request, pk) -> tuple[RectificationOrder, bool, bool]:
    """The order if this user may see it, whether they may answer it and whether verify it."""
    get_object_or_404(RectificationOrder, pk=pk)
    order = orders_visible_to(user=request.user).filter(pk=pk).first()
    if order is None:
        raise PermissionDenied(_("您无权查看该整改通知。"))
    return (
        order,
        order_may_answer(order=order, by=request.user),
        order_may_verify(order=order, by=request.user),
    )


def _get_community_for_self_report(request) -> Community:
    person = person_of(request.user)
    if not person.has(Role.COMMUNITY_STAFF) or person.community is None:
        raise PermissionDenied(_("只有社区工作人员可以维护本社区资料。"))
    return person.community


# Catalogue -----------------------------------------------------------------------------------


@login_required
def catalogue_page(request):
    if not person_of(request.user).roles:
        raise PermissionDenied(_("您的账号尚未分配角色。"))
    catalogue = catalogue_current(campaign=_active_campaign())
    indicators = catalogue.indicators.prefetch_related("departments") if catalogue else []
    totals = (
        catalogue.indicators.aggregate(
            create=Sum("points", filter=Q(for_create=True)),
            distinctive=Sum("points", filter=Q(for_distinctive=True)),
            prepare=Sum("points", filter=Q(for_prepare=True)),
        )
        if catalogue
        else {}
    )
    return render(
        request,
        "assessments/catalogue.html",
        {"catalogue": catalogue, "indicators": indicators, "totals": totals},
    )


# Community self-report and evidence ----------------------------------------------------------


@login_required
def self_report(request):
    community = _get_community_for_self_report(request)
    catalogue = catalogue_current(campaign=_active_campaign())
    indicators = list(indicators_for(catalogue=catalogue, community=community)) if catalogue else []
    profile_form = CommunityProfileForm(instance=community)
    evidence_form = EvidenceForm(indicators=indicators)
    if request.method == "POST":
        if "upload" in request.POST:
            evidence_form = EvidenceForm(request.POST, request.FILES, indicators=indicators)
            if evidence_form.is_valid():
                evidence_store(
                    uploaded=evidence_form.cleaned_data["file"],
                    by=request.user,
                    community=community,
                    indicator_code=evidence_form.cleaned_data["indicator_code"],
                    title=evidence_form.cleaned_data["title"],
                )
                messages.success(request, _("佐证材料已上传，督查时将直接引用。"))
                return redirect("assessments:self_report")
            messages.error(request, _("佐证材料未上传，请按提示修改。"))
        else:
            profile_form = CommunityProfileForm(request.POST, instance=community)
            if profile_form.is_valid():
                profile_form.save()
                messages.success(request, _("社区资料已保存。"))
                return redirect("assessments:self_report")
            messages.error(request, _("社区资料未保存，请按提示修改。"))
    return render(
        request,
        "assessments/self_report.html",
        {
            "community": community,
            "profile_form": profile_form,
            "evidence_form": evidence_form,
            "evidence": community.evidence_files.exclude(indicator_code="")
            .select_related("uploaded_by")
            .order_by("indicator_code", "-uploaded_at"),
        },
    )


@login_required
def community_evidence(request, community_pk, pk):
    """A file a community uploaded for a standard, for those who may see that community."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("community"), pk=pk, community_id=community_pk
    )
    if not _may_see_community(person_of(request.user), evidence.community):
        raise PermissionDenied(_("您无权查看该佐证材料。"))
    return evidence_response(evidence)


@login_required
def evidence_file(request, pk):
    """An old link (before the one evidence store) to a community's self-report file."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("community"),
        legacy_kind=Evidence.Legacy.SELF_REPORT,
        legacy_id=pk,
    )
    if not _may_see_community(person_of(request.user), evidence.community):
        raise PermissionDenied(_("您无权查看该佐证材料。"))
    return evidence_response(evidence)


# Inspections ---------------------------------------------------------------------------------


def _inspections_for_person(request):
    """The inspections this user sees and the communities they may choose among, or None."""
    return (
        inspections_visible_to(user=request.user),
        communities_inspectable_by(user=request.user),
    )


@login_required
def inspection_list(request):
    person = person_of(request.user)
    inspections, communities = _inspections_for_person(request)
    if inspections is None:
        raise PermissionDenied(_("您无权查看督查记录。"))
    rows = inspections.select_related("community", "inspector").with_possible()
    picks = person.has(Role.INSPECTOR)
    # Too many communities for a select: the inspector types the name instead.
    pick_by_name = picks and communities.count() > COMMUNITY_CHOICES_LIMIT
    filterset = InspectionFilter(request.GET, queryset=rows, communities=communities)
    return table_page(
        request,
        filterset=filterset,
        table=InspectionTable(filterset.qs),
        template="assessments/inspection_list.html",
        heading=_("督查记录"),
        context={
            "communities": communities if picks and not pick_by_name else [],
            "pick_by_name": pick_by_name,
            "kinds": Inspection.Kind.choices,
        },
    )


@login_required
def finding_list(request):
    inspections, communities = _inspections_for_person(request)
    if inspections is None:
        raise PermissionDenied(_("您无权查看督查发现。"))
    rows = (
        Finding.objects.filter(inspection__in=inspections)
        .select_related("indicator", "inspection__community")
        .order_by("-inspection__inspected_on", "-inspection_id", "indicator__sort_order")
    )
    filterset = FindingFilter(request.GET, queryset=rows, communities=communities)
    return table_page(
        request,
        filterset=filterset,
        table=FindingTable(filterset.qs),
        template="assessments/finding_list.html",
        heading=_("督查发现"),
    )


@login_required
def inspection_start(request):
    """The community picker on the list posts here by GET; the recording page has its own URL."""
    community_pk = request.GET.get("community", "")
    name = request.GET.get("community_name", "").strip()
    if name and not community_pk:
        found = list(Community.objects.filter(name=name).values_list("pk", flat=True)[:2])
        if len(found) != 1:
            messages.error(
                request,
                _("没有找到名为“%(name)s”的社区。") % {"name": name}
                if not found
                else _("有多个社区名为“%(name)s”，请在社区一览中选择。") % {"name": name},
            )
            return redirect("assessments:inspection_list")
        community_pk = str(found[0])
    if not community_pk.isdigit():
        messages.error(request, _("请选择社区。"))
        return redirect("assessments:inspection_list")
    url = reverse("assessments:inspection_new", args=[int(community_pk)])
    kind = request.GET.get("kind", "")
    return redirect(f"{url}?kind={kind}" if kind in Inspection.Kind.values else url)


def _finding_forms(request, *, indicators, community):
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    return [
        FindingForm(data, files, indicator=indicator, community=community)
        for indicator in indicators
    ]


@login_required
def inspection_new(request, community_pk):
    community = get_object_or_404(Community, pk=community_pk)
    reasons = inspection_refusal_reasons(community=community, by=request.user)
    if reasons:
        raise PermissionDenied(reasons[0])
    campaign = _active_campaign()
    draw = None
    draw_pk = request.GET.get("draw", "")
    if draw_pk:
        if not draw_pk.isdigit():
            raise Http404
        draw = get_object_or_404(SpotCheckDraw, pk=draw_pk, communities=community)
        indicators = list(draw_indicators_for(draw=draw, community=community))
        initial_kind = Inspection.Kind.SPOT_CHECK
    else:
        catalogue = catalogue_current(campaign=campaign)
        if catalogue is None:
            messages.error(request, _("本年度尚无创建标准，请先由系统管理员录入。"))
            return redirect("assessments:inspection_list")
        indicators = list(indicators_for(catalogue=catalogue, community=community))
        initial_kind = request.GET.get("kind") or Inspection.Kind.ACCEPTANCE
        task = CreationTask.objects.filter(campaign=campaign, community=community).first()
        under_construction = task and task.state == CreationTask.State.UNDER_CONSTRUCTION
        if request.method == "GET" and not under_construction:
            if initial_kind == Inspection.Kind.ACCEPTANCE:
                initial_kind = Inspection.Kind.SPOT_CHECK
            messages.warning(
                request,
                _("该社区创建任务当前为“%(state)s”，只能录入抽查或复查。")
                % {"state": task.get_state_display() if task else _("无")},
            )
        elif request.method == "GET" and not READY_FOR_ACCEPTANCE(task):
            if initial_kind == Inspection.Kind.ACCEPTANCE:
                initial_kind = Inspection.Kind.SPOT_CHECK
            messages.warning(request, READY_FOR_ACCEPTANCE.message)
    form = InspectionForm(request.POST or None, initial={"kind": initial_kind})
    rows = _finding_forms(request, indicators=indicators, community=community)
    # What the community already gave for each standard: shown while inspecting it and kept
    # with its finding, so nothing is asked twice.
    evidence = {}
    for item in community.evidence_files.exclude(indicator_code="").order_by("-uploaded_at"):
        evidence.setdefault(item.indicator_code, []).append(item)
    for row in rows:
        row.evidence_given = evidence.get(row.indicator.code, [])
    if request.method == "POST":
        if form.is_valid() and all(row.is_valid() for row in rows):
            findings = [
                FindingInput(
                    indicator=row.indicator,
                    measured_value=row.cleaned_data.get("measured_value"),
                    met=row.cleaned_data.get("met"),
                    points_awarded=row.cleaned_data.get("points_awarded"),
                    remarks=row.cleaned_data.get("remarks", ""),
                    photos=[row.cleaned_data["photo"]] if row.cleaned_data.get("photo") else [],
                    evidence=evidence.get(row.indicator.code, []),
                )
                for row in rows
            ]
            try:
                inspection = inspection_record(
                    community=community,
                    # A drawn spot-check stays a spot-check whatever the form says.
                    kind=Inspection.Kind.SPOT_CHECK if draw else form.cleaned_data["kind"],
                    by=request.user,
                    findings=findings,
                    campaign=campaign,
                    draw=draw,
                    inspected_on=form.cleaned_data["inspected_on"],
                    remarks=form.cleaned_data["remarks"],
                )
            except Refused as refused:
                for reason in refused.reasons:
                    messages.error(request, reason)
            else:
                messages.success(
                    request,
                    _(
                        "督查结果已保存：得分 %(score)s / %(possible)s，关键指标不合格 %(critical)s 项。"
                    )
                    % {
                        "score": inspection.score,
                        "possible": inspection.possible_points,
                        "critical": inspection.critical_failures,
                    },
                )
                return redirect("assessments:inspection_detail", pk=inspection.pk)
        else:
            messages.error(request, _("督查结果未保存，请按提示修改。"))
    return render(
        request,
        "assessments/inspection_form.html",
        {"community": community, "form": form, "rows": rows, "draw": draw},
    )


@login_required
def inspection_detail(request, pk):
    inspection, can_issue = _get_inspection_for_user(request, pk)
    findings = inspection.findings.select_related("indicator").prefetch_related(
        "photos", "evidence", "orders", "indicator__departments"
    )
    issue_forms = {
        finding.pk: OrderIssueForm(finding=finding)
        for finding in findings
        if can_issue and not finding.met and not finding.orders.all()
    }
    return render(
        request,
        "assessments/inspection_detail.html",
        {
            "inspection": inspection,
            "task": CreationTask.objects.filter(
                campaign=inspection.campaign_id, community=inspection.community_id
            ).first(),
            "rows": [(finding, issue_forms.get(finding.pk)) for finding in findings],
        },
    )


@login_required
def inspection_photo(request, pk, evidence_pk):
    """A photo of one of the inspection's findings, shown in the page."""
    inspection, _can_issue = _get_inspection_for_user(request, pk)
    photo = get_object_or_404(Evidence, pk=evidence_pk, photo_of__inspection=inspection)
    return evidence_response(photo, attachment=False)


@login_required
def photo_file(request, pk):
    """An old link (before the one evidence store) to a finding's photo."""
    photo = get_object_or_404(
        Evidence.objects.prefetch_related("photo_of"),
        legacy_kind=Evidence.Legacy.PHOTO,
        legacy_id=pk,
    )
    finding = photo.photo_of.first()
    if finding is None:
        raise Http404
    _get_inspection_for_user(request, finding.inspection_id)
    return evidence_response(photo, attachment=False)


# Spot-check draws ----------------------------------------------------------------------------


@login_required
def draw_new(request):
    if not person_of(request.user).has(Role.INSPECTOR, Role.LEAD_DEPARTMENT):
        raise PermissionDenied(_("只有督查员或牵头部门可以抽签。"))
    form = SpotCheckDrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            draw = spot_check_draw(
                campaign=_active_campaign(), by=request.user, **form.cleaned_data
            )
        except Refused as refused:
            for reason in refused.reasons:
                messages.error(request, reason)
        else:
            messages.success(
                request, _("抽签完成，随机种子 %(seed)s 已保存。") % {"seed": draw.seed}
            )
            return redirect("assessments:draw_detail", pk=draw.pk)
    return render(
        request,
        "assessments/draw_form.html",
        {"form": form, "draws": SpotCheckDraw.objects.select_related("drawn_by")[:20]},
    )


@login_required
def draw_detail(request, pk):
    if not person_of(request.user).is_overseer:
        raise PermissionDenied(_("您无权查看抽查抽签。"))
    draw = get_object_or_404(SpotCheckDraw, pk=pk)
    return render(
        request,
        "assessments/draw_detail.html",
        {
            "draw": draw,
            "communities": [
                (community, draw_indicators_for(draw=draw, community=community))
                for community in draw.communities.order_by("pk")
            ],
        },
    )


# Rectification orders ------------------------------------------------------------------------


@login_required
@require_POST
def order_new(request, finding_pk):
    finding = get_object_or_404(Finding.objects.select_related("inspection"), pk=finding_pk)
    inspection, can_issue = _get_inspection_for_user(request, finding.inspection_id)
    if not can_issue:
        raise PermissionDenied(_("只有督查员或牵头部门可以下发整改通知。"))
    form = OrderIssueForm(request.POST, finding=finding)
    if form.is_valid():
        try:
            order = order_issue(
                finding=finding,
                by=request.user,
                requirement=form.cleaned_data["requirement"],
                deadline=form.cleaned_data["deadline"],
                **form.responsible_party(),
            )
        except Refused as refused:
            for reason in refused.reasons:
                messages.error(request, reason)
        else:
            messages.success(request, _("整改通知已下发。"))
            return redirect("assessments:order_detail", pk=order.pk)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("assessments:inspection_detail", pk=inspection.pk)


@login_required
def order_list(request):
    person = person_of(request.user)
    if not person.roles:
        raise PermissionDenied(_("您的账号尚未分配角色。"))
    if person.is_overseer:
        departments, communities = Department.objects.all(), Community.objects.all()
    else:
        own = person.department.pk if person.department else None
        departments = Department.objects.filter(pk=own)
        communities = Community.objects.filter(pk=person.community.pk if person.community else None)
    filterset = OrderFilter(
        request.GET,
        queryset=orders_visible_to(user=request.user),
        departments=departments,
        communities=communities,
    )
    if not person.is_overseer:
        # Their own share only: the responsible party is always themselves.
        filterset.filters.pop("responsible_department")
        filterset.filters.pop("responsible_community")
    return table_page(
        request,
        filterset=filterset,
        table=OrderTable(filterset.qs),
        template="assessments/order_list.html",
        heading=_("整改通知"),
    )


@login_required
def order_detail(request, pk):
    order, can_answer, can_verify = _get_order_for_user(request, pk)
    return render(
        request,
        "assessments/order_detail.html",
        {
            "order": order,
            "answer_form": (
                OrderAnswerForm(initial={"answer": order.answer})
                if can_answer and order.state in RectificationOrder.OPEN_STATES
                else None
            ),
            "review_form": (
                OrderReviewForm()
                if can_verify and order.state == RectificationOrder.State.ANSWERED
                else None
            ),
            "events": order.events.select_related("actor"),
            "refusal": (refusal := open_refusal(ORDER_MACHINE, order)),
            "refusal_label": ORDER_MACHINE.actions[refusal.action] if refusal else "",
        },
    )


@login_required
@require_POST
def order_action(request, pk, action):
    order, can_answer, can_verify = _get_order_for_user(request, pk)
    if action == "answer":
        if not can_answer:
            raise PermissionDenied(_("只有责任部门或责任社区可以反馈整改情况。"))
        form = OrderAnswerForm(request.POST, request.FILES)
        kwargs = {}
        if form.is_valid():
            kwargs = {
                "answer": form.cleaned_data["answer"],
                "answer_file": form.cleaned_data.get("answer_file"),
            }
    elif action in ("verify", "reopen"):
        if not can_verify:
            raise PermissionDenied(_("只有督查员可以核验整改，且不能核验本人所在社区。"))
        form = OrderReviewForm(request.POST)
        kwargs = {}
    else:
        raise Http404
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("assessments:order_detail", pk=order.pk)
    comment = form.cleaned_data.get("comment", "")
    back = reverse("assessments:order_detail", args=[order.pk])
    page = confirmation_page(
        request, machine=ORDER_MACHINE, instance=order, action=action, back=back
    )
    if page is not None:
        return page
    try:
        order_transition(order=order, action=action, by=request.user, comment=comment, **kwargs)
    except Refused as refused:
        for reason in refused.reasons:
            messages.error(request, reason)
    else:
        done = {
            "answer": _("整改情况已反馈。"),
            "verify": _("整改已核验销号。"),
            "reopen": _("已退回重改。"),
        }
        messages.success(request, done[action])
    return redirect("assessments:order_detail", pk=order.pk)


@login_required
def order_file(request, pk):
    order, _answer, _verify = _get_order_for_user(request, pk)
    if order.answer_evidence is None:
        raise Http404
    return evidence_response(order.answer_evidence)
