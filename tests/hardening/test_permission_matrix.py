"""Who may open or change what: every URL of the product, every role, own and other objects.

The table below is the rule an operator can read. Columns are the personas:

    anon       not logged in
    outsider   logged in, no role
    leader     县领导
    lead       牵头部门 (县民政局; also that department's staff)
    dept       部门工作人员 of 县财政局
    inspector  督查员
    community  社区工作人员 of 二机社区
    admin      系统管理员 (superuser)

Two more personas are not columns: a clerk of 县财政局 and one of 二机社区 whose roles were
withdrawn while their membership stayed. A role is what opens a unit's records, so each must
fare exactly as the outsider does in every row.

Each row is "METHOD object" for one URL. "own" objects belong to 县财政局 (the dept persona's
department) or to 二机社区 (the community persona's community); "other" ones to 县房管局 and
湘赣社区; "missing" is an id nobody has; "gone" is an upload whose file the disk lost;
"last_year" is 二机's task of the previous campaign; "planned" is 西门's task awaiting the
leader; "draft" and "published" are circulars. Orders come in four: one for each department
and one for each community. Outcomes:

    200, 302, 403, 404, 405   that status (302 not to the login page)
    LOGIN                     redirected to the login page
    DONE                      a POST that did its work: redirected, and the database changed

Every request but a DONE one must leave the database and the uploaded files as they were:
a refused POST changes nothing, and reading never writes.

A URL added to the product without a row here fails `test_every_url_is_in_the_matrix`.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models import Q
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from openpyxl import load_workbook
from PIL import Image

from assessments.models import (
    Circular,
    Finding,
    Inspection,
    OrderEvent,
    RectificationOrder,
    ScoringPeriod,
    SpotCheckDraw,
)
from assessments.scoring import circular_generate, scores_compute
from supervision.models import (
    Campaign,
    Community,
    CommunityTrack,
    Evidence,
    Role,
    Town,
)
from tests.builders import PASSWORD, catalogue_of_two_build, departments_build, make_user
from workflows.flows import open_flow_tasks, process_start
from workflows.models import (
    Assignment,
    AssignmentEvent,
    AssignmentRole,
    CreationTask,
    DutyArea,
    DutyRule,
    ExtensionRequest,
    ProgressReport,
    Reminder,
)

pytestmark = pytest.mark.django_db

LOGIN = "LOGIN"
DONE = "DONE"
PERSONAS = ("anon", "outsider", "leader", "lead", "dept", "inspector", "community", "admin")
MISSING_PK = 987_654
# The clerks whose roles were withdrawn: the outsider's column is theirs.
FORMER = ("former_dept", "former_community")

# Not in the matrix, and why.
EXCLUDED = {
    "admin": "Django's admin site: staff only, by Django's own checks (see test_admin_*)",
    "set_language": "Django's language switch: open to everyone by design, changes no data",
}

# fmt: off
#                                        anon   outsider leader lead  dept  inspector community admin
POST_ONLY = {"GET":                     (LOGIN, 405,     405,   405,  405,  405,      405,      405)}
MATRIX = {
    "home": {
        "GET":                          (LOGIN, 200,     200,   200,  200,  200,      200,      200),
    },
    # 待办: everyone's own; it lists what waits for them and nobody else's.
    "inbox": {
        "GET":                          (LOGIN, 200,     200,   200,  200,  200,      200,      200),
    },
    "login": {
        "GET":                          (200,   200,     200,   200,  200,  200,      200,      200),
    },
    "logout": {
        # Logging out is a POST; it always ends on the login page.
        "GET":                          (405,   405,     405,   405,  405,  405,      405,      405),
        "POST":                         (LOGIN, LOGIN,   LOGIN, LOGIN, LOGIN, LOGIN,  LOGIN,    LOGIN),
    },
    "password_change": {
        # Everyone changes their own password, and only their own.
        "GET":                          (LOGIN, 200,     200,   200,  200,  200,      200,      200),
        "POST":                         (LOGIN, DONE,    DONE,  DONE, DONE, DONE,     DONE,     DONE),
    },
    "community_list": {
        "GET":                          (LOGIN, 403,     200,   200,  403,  200,      403,      200),
    },
    # The year's track plan: overseers read it; only the lead department places communities
    # and submits it (报批); the leader decides a submitted one (tests/portal/test_track_plan.py).
    "track_plan": {
        "GET":                          (LOGIN, 403,     200,   200,  403,  200,      403,      200),
    },
    "track_plan_save": {
        **POST_ONLY,
        "POST":                         (LOGIN, 403,     403,   DONE, 403,  403,      403,      403),
    },
    "track_plan_action": {
        **POST_ONLY,
        "POST":                         (LOGIN, 403,     403,   DONE, 403,  403,      403,      403),
    },
    # Creation tasks: overseers see all; a department the tasks it works on; a community its own.
    "workflows:task_list": {
        "GET":                          (LOGIN, 403,     200,   200,  200,  200,      200,      200),
    },
    "workflows:task_detail": {
        "GET own":                      (LOGIN, 403,     200,   200,  200,  200,      200,      200),
        "GET other":                    (LOGIN, 403,     200,   200,  403,  200,      403,      200),
        "GET missing":                  (LOGIN, 403,     404,   404,  404,  404,      404,      404),
        # Last year's task stays readable to those who worked on it.
        "GET last_year":                (LOGIN, 403,     200,   200,  200,  200,      200,      200),
    },
    "workflows:task_action": {
        **POST_ONLY,
        # Approving a plan is the leader's alone; on a task already under construction the
        # leader is sent back with the reason and nothing changes. Submitting a plan (报批) is
        # the lead department's.
        "POST planned":                 (LOGIN, 403,     DONE,  403,  403,  403,      403,      403),
        "POST unsubmitted":             (LOGIN, 403,     403,   DONE, 403,  403,      403,      403),
        "POST own":                     (LOGIN, 403,     302,   403,  403,  403,      403,      403),
        "POST other":                   (LOGIN, 403,     302,   403,  403,  403,      403,      403),
        "POST missing":                 (LOGIN, 403,     404,   404,  404,  404,      404,      404),
    },
    # Departments' assignments: overseers see all, a department only its own, communities none.
    "workflows:assignment_list": {
        "GET":                          (LOGIN, 403,     200,   200,  200,  200,      403,      200),
    },
    "workflows:assignment_detail": {
        "GET own":                      (LOGIN, 403,     200,   200,  200,  200,      403,      200),
        "GET other":                    (LOGIN, 403,     200,   200,  403,  200,      403,      200),
        "GET missing":                  (LOGIN, 403,     404,   404,  404,  404,      403,      404),
    },
    "workflows:assignment_action": {
        **POST_ONLY,
        "POST own":                     (LOGIN, 403,     403,   403,  DONE, 403,      403,      403),
        "POST other":                   (LOGIN, 403,     403,   403,  403,  403,      403,      403),
        "POST missing":                 (LOGIN, 403,     404,   404,  404,  404,      403,      404),
        # Accepting (验收通过) work 财政 submitted; and work the lead persona reported and
        # submitted for its own department, which four eyes keep it from accepting itself.
        "POST submitted":               (LOGIN, 403,     403,   DONE, 403,  403,      403,      403),
        "POST lead_submitted":          (LOGIN, 403,     403,   302,  403,  403,      403,      403),
    },
    "workflows:assignment_report": {
        **POST_ONLY,
        "POST own":                     (LOGIN, 403,     403,   403,  DONE, 403,      403,      403),
        "POST other":                   (LOGIN, 403,     403,   403,  403,  403,      403,      403),
        "POST missing":                 (LOGIN, 403,     404,   404,  404,  404,      403,      404),
    },
    "workflows:assignment_remind": {
        **POST_ONLY,
        "POST own":                     (LOGIN, 403,     403,   DONE, 403,  403,      403,      403),
        "POST other":                   (LOGIN, 403,     403,   DONE, 403,  403,      403,      403),
        "POST missing":                 (LOGIN, 403,     404,   404,  404,  404,      403,      404),
    },
    # Many at once from the 待办: the lead department accepts the submitted work it ticks
    # (after a second step: the confirmed post accepts 财政's and drops the lead's own) and
    # reminds the overdue work it ticks.
    "inbox_accept": {
        **POST_ONLY,
        "POST":                         (LOGIN, 403,     403,   200,  403,  403,      403,      403),
        "POST submitted":               (LOGIN, 403,     403,   DONE, 403,  403,      403,      403),
    },
    "inbox_remind": {
        **POST_ONLY,
        "POST":                         (LOGIN, 403,     403,   DONE, 403,  403,      403,      403),
    },
    # 延期申请: the department asks for its own work; the lead department decides.
    "workflows:assignment_extension": {
        **POST_ONLY,
        "POST extendable":              (LOGIN, 403,     403,   403,  DONE, 403,      403,      403),
        "POST other":                   (LOGIN, 403,     403,   403,  403,  403,      403,      403),
        "POST missing":                 (LOGIN, 403,     404,   404,  404,  404,      403,      404),
    },
    "workflows:extension_action": {
        **POST_ONLY,
        "POST own":                     (LOGIN, 403,     403,   DONE, 403,  403,      403,      403),
        "POST missing":                 (LOGIN, 403,     404,   404,  404,  404,      403,      404),
    },
    # Links from before the one evidence store (/tasks/evidence/<old id>/) still open the file.
    "workflows:evidence_download": {
        "GET own":                      (LOGIN, 403,     200,   200,  200,  200,      403,      200),
        "GET other":                    (LOGIN, 403,     200,   200,  403,  200,      403,      200),
        "GET missing":                  (LOGIN, 404,     404,   404,  404,  404,      404,      404),
        "GET gone":                     (LOGIN, 403,     404,   404,  404,  404,      403,      404),
    },
    # The files of an assignment's progress reports, in the one evidence store.
    "workflows:assignment_evidence": {
        "GET own":                      (LOGIN, 403,     200,   200,  200,  200,      403,      200),
        "GET other":                    (LOGIN, 403,     200,   200,  403,  200,      403,      200),
        "GET missing":                  (LOGIN, 403,     404,   404,  404,  404,      403,      404),
        "GET gone":                     (LOGIN, 403,     404,   404,  404,  404,      403,      404),
    },
    "workflows:reminder_read": {
        **POST_ONLY,
        # A reminder is its department's: another department finds nothing there.
        "POST own":                     (LOGIN, 403,     403,   404,  DONE, 403,      403,      403),
        "POST other":                   (LOGIN, 403,     403,   404,  404,  403,      403,      403),
        "POST missing":                 (LOGIN, 403,     403,   404,  404,  403,      403,      403),
    },
    # The flow: the waiting step is the leader's approval of a plan.
    "workflows:flow_step": {
        "GET":                          (LOGIN, 403,     200,   403,  403,  403,      403,      403),
        "GET missing":                  (LOGIN, 404,     404,   404,  404,  404,      404,      404),
        "POST":                         (LOGIN, 403,     DONE,  403,  403,  403,      403,      403),
    },
    # Spreadsheets: administrators and lead departments import.
    "workbook_import": {
        "GET":                          (LOGIN, 403,     403,   200,  403,  403,      403,      200),
        # No file: the form comes back with its error, nothing written.
        "POST":                         (LOGIN, 403,     403,   200,  403,  403,      403,      200),
    },
    "import_template": {
        "GET":                          (LOGIN, 403,     403,   200,  403,  403,      403,      200),
    },
    "assessments:catalogue": {
        "GET":                          (LOGIN, 403,     200,   200,  200,  200,      200,      200),
    },
    # A community keeps its own data; there is no id to guess another's.
    "assessments:self_report": {
        "GET":                          (LOGIN, 403,     403,   403,  403,  403,      200,      403),
        "POST":                         (LOGIN, 403,     403,   403,  403,  403,      DONE,     403),
    },
    "assessments:evidence_file": {
        "GET own":                      (LOGIN, 403,     200,   200,  403,  200,      200,      200),
        "GET other":                    (LOGIN, 403,     200,   200,  403,  200,      403,      200),
        "GET missing":                  (LOGIN, 404,     404,   404,  404,  404,      404,      404),
        "GET gone":                     (LOGIN, 403,     404,   404,  403,  404,      404,      404),
    },
    "assessments:community_evidence": {
        "GET own":                      (LOGIN, 403,     200,   200,  403,  200,      200,      200),
        "GET other":                    (LOGIN, 403,     200,   200,  403,  200,      403,      200),
        "GET missing":                  (LOGIN, 404,     404,   404,  404,  404,      404,      404),
        "GET gone":                     (LOGIN, 403,     404,   404,  403,  404,      404,      404),
    },
    # Inspections: supervisors see all, a community its own, departments none.
    "assessments:inspection_list": {
        "GET":                          (LOGIN, 403,     200,   200,  403,  200,      200,      200),
    },
    "assessments:inspection_start": {
        # Only forwards to the recording page, which decides.
        "GET":                          (LOGIN, 302,     302,   302,  302,  302,      302,      302),
    },
    "assessments:inspection_new": {
        "GET own":                      (LOGIN, 403,     403,   403,  403,  200,      403,      403),
        "GET other":                    (LOGIN, 403,     403,   403,  403,  200,      403,      403),
        "GET missing":                  (LOGIN, 404,     404,   404,  404,  404,      404,      404),
        "POST own":                     (LOGIN, 403,     403,   403,  403,  DONE,     403,      403),
    },
    "assessments:inspection_detail": {
        "GET own":                      (LOGIN, 403,     200,   200,  403,  200,      200,      200),
        "GET other":                    (LOGIN, 403,     200,   200,  403,  200,      403,      200),
        "GET missing":                  (LOGIN, 404,     404,   404,  404,  404,      404,      404),
    },
    "assessments:finding_list": {
        "GET":                          (LOGIN, 403,     200,   200,  403,  200,      200,      200),
    },
    "assessments:photo_file": {
        "GET own":                      (LOGIN, 403,     200,   200,  403,  200,      200,      200),
        "GET other":                    (LOGIN, 403,     200,   200,  403,  200,      403,      200),
        "GET missing":                  (LOGIN, 404,     404,   404,  404,  404,      404,      404),
        "GET gone":                     (LOGIN, 403,     404,   404,  403,  404,      404,      404),
    },
    "assessments:inspection_photo": {
        "GET own":                      (LOGIN, 403,     200,   200,  403,  200,      200,      200),
        "GET other":                    (LOGIN, 403,     200,   200,  403,  200,      403,      200),
        "GET missing":                  (LOGIN, 403,     404,   404,  403,  404,      404,      404),
        "GET gone":                     (LOGIN, 403,     404,   404,  403,  404,      404,      404),
    },
    "assessments:draw_new": {
        "GET":                          (LOGIN, 403,     403,   200,  403,  200,      403,      403),
        "POST":                         (LOGIN, 403,     403,   DONE, 403,  DONE,     403,      403),
    },
    "assessments:draw_detail": {
        "GET":                          (LOGIN, 403,     200,   200,  403,  200,      403,      200),
        "GET missing":                  (LOGIN, 403,     404,   404,  403,  404,      403,      404),
    },
    # Rectification orders: supervisors see all; a department or community only the orders
    # it must answer, and only it answers them.
    "assessments:order_new": {
        **POST_ONLY,
        "POST own":                     (LOGIN, 403,     403,   DONE, 403,  DONE,     403,      403),
        "POST other":                   (LOGIN, 403,     403,   DONE, 403,  DONE,     403,      403),
        "POST missing":                 (LOGIN, 404,     404,   404,  404,  404,      404,      404),
    },
    "assessments:order_list": {
        "GET":                          (LOGIN, 403,     200,   200,  200,  200,      200,      200),
    },
    "assessments:order_detail": {
        "GET dept_own":                 (LOGIN, 403,     200,   200,  200,  200,      403,      200),
        "GET dept_other":               (LOGIN, 403,     200,   200,  403,  200,      403,      200),
        "GET community_own":            (LOGIN, 403,     200,   200,  403,  200,      200,      200),
        "GET community_other":          (LOGIN, 403,     200,   200,  403,  200,      403,      200),
        "GET missing":                  (LOGIN, 404,     404,   404,  404,  404,      404,      404),
    },
    "assessments:order_file": {
        "GET dept_own":                 (LOGIN, 403,     200,   200,  200,  200,      403,      200),
        "GET dept_other":               (LOGIN, 403,     200,   200,  403,  200,      403,      200),
        "GET community_own":            (LOGIN, 403,     200,   200,  403,  200,      200,      200),
        "GET community_other":          (LOGIN, 403,     200,   200,  403,  200,      403,      200),
        "GET missing":                  (LOGIN, 404,     404,   404,  404,  404,      404,      404),
        "GET gone":                     (LOGIN, 403,     404,   404,  404,  404,      403,      404),
    },
    "assessments:order_action": {
        # Answering (反馈整改情况); the URL's last part names the action.
        **POST_ONLY,
        "POST dept_own":                (LOGIN, 403,     403,   403,  DONE, 403,      403,      403),
        "POST dept_other":              (LOGIN, 403,     403,   403,  403,  403,      403,      403),
        "POST community_own":           (LOGIN, 403,     403,   403,  403,  403,      DONE,     403),
        "POST community_other":         (LOGIN, 403,     403,   403,  403,  403,      403,      403),
        "POST missing":                 (LOGIN, 404,     404,   404,  404,  404,      404,      404),
        # Verifying (核验销号) an answered order; and one the inspector answered themselves,
        # which four eyes keep them from verifying.
        "POST answered":                (LOGIN, 403,     403,   403,  403,  DONE,     403,      403),
        "POST answered_by_inspector":   (LOGIN, 403,     403,   403,  403,  302,      403,      403),
    },
    # Scores are for supervisors; a published circular is for everyone with a role.
    "assessments:period_list": {
        "GET":                          (LOGIN, 403,     200,   200,  403,  200,      403,      200),
    },
    "assessments:period_detail": {
        "GET":                          (LOGIN, 403,     200,   200,  403,  200,      403,      200),
        "GET missing":                  (LOGIN, 403,     404,   404,  403,  404,      403,      404),
    },
    # How a score was made: whoever reads the period's scores; a community or department the
    # period does not know, or a period nobody has, is not found.
    "assessments:community_score": {
        "GET own":                      (LOGIN, 403,     200,   200,  403,  200,      403,      200),
        "GET missing":                  (LOGIN, 403,     404,   404,  403,  404,      403,      404),
    },
    "assessments:department_score": {
        "GET own":                      (LOGIN, 403,     200,   200,  403,  200,      403,      200),
        "GET missing":                  (LOGIN, 403,     404,   404,  403,  404,      403,      404),
    },
    # The list behind one figure of the period page or its circular: whoever reads the scores;
    # a figure the page does not have is not found.
    "assessments:period_items": {
        "GET":                          (LOGIN, 403,     200,   200,  403,  200,      403,      200),
        "GET missing":                  (LOGIN, 403,     404,   404,  403,  404,      403,      404),
    },
    "assessments:period_xlsx": {
        "GET":                          (LOGIN, 403,     200,   200,  403,  200,      403,      200),
        "GET missing":                  (LOGIN, 403,     404,   404,  403,  404,      403,      404),
    },
    "assessments:circular_new": {
        **POST_ONLY,
        # 生成通报 on a period without an unpublished circular drafts one; on a period that has
        # one it opens that draft, and pressing twice never makes two.
        "POST fresh":                   (LOGIN, 403,     DONE,  DONE, 403,  403,      403,      403),
        "POST":                         (LOGIN, 403,     302,   302,  403,  403,      403,      403),
    },
    # 重新计分: leaders and the lead department; a period a published circular rests on keeps
    # its scores (the page says why and nothing changes).
    "assessments:period_recount": {
        **POST_ONLY,
        "POST fresh":                   (LOGIN, 403,     DONE,  DONE, 403,  403,      403,      403),
        "POST":                         (LOGIN, 403,     302,   302,  403,  403,      403,      403),
    },
    # 新建通报 from the circular list: the form, then the period's draft (or the one it has).
    # A period whose circular is published is not offered (the form says so at the field).
    "assessments:circular_start": {
        "GET":                          (LOGIN, 403,     200,   200,  403,  403,      403,      403),
        "POST fresh":                   (LOGIN, 403,     DONE,  DONE, 403,  403,      403,      403),
        "POST":                         (LOGIN, 403,     200,   200,  403,  403,      403,      403),
    },
    "assessments:circular_list": {
        "GET":                          (LOGIN, 403,     200,   200,  200,  200,      200,      200),
    },
    "assessments:circular_detail": {
        "GET draft":                    (LOGIN, 403,     200,   200,  403,  403,      403,      200),
        "GET published":                (LOGIN, 403,     200,   200,  200,  200,      200,      200),
        "GET missing":                  (LOGIN, 403,     404,   404,  404,  404,      404,      404),
    },
    "assessments:circular_print": {
        "GET draft":                    (LOGIN, 403,     200,   200,  403,  403,      403,      200),
        "GET published":                (LOGIN, 403,     200,   200,  200,  200,      200,      200),
    },
    "assessments:circular_xlsx": {
        "GET draft":                    (LOGIN, 403,     200,   200,  403,  403,      403,      200),
        "GET published":                (LOGIN, 403,     200,   200,  200,  200,      200,      200),
    },
    "assessments:circular_edit": {
        "GET draft":                    (LOGIN, 403,     200,   200,  403,  403,      403,      403),
        "GET published":                (LOGIN, 403,     403,   403,  403,  403,      403,      403),
        "POST draft":                   (LOGIN, 403,     DONE,  DONE, 403,  403,      403,      403),
        "POST published":               (LOGIN, 403,     403,   403,  403,  403,      403,      403),
    },
    "assessments:circular_action": {
        # Submitting a draft for approval is the lead department's.
        **POST_ONLY,
        "POST draft":                   (LOGIN, 403,     403,   DONE, 403,  403,      403,      403),
        "POST published":               (LOGIN, 403,     403,   302,  403,  403,      403,      403),
    },
    "assessments:assistance_new": {
        "GET":                          (LOGIN, 403,     403,   200,  403,  403,      403,      403),
        "POST":                         (LOGIN, 403,     403,   DONE, 403,  403,      403,      403),
    },
}
# fmt: on


# The county ----------------------------------------------------------------------------------


@dataclass
class World:
    users: dict = field(default_factory=dict)
    communities: dict = field(default_factory=dict)
    departments: dict = field(default_factory=dict)
    tasks: dict = field(default_factory=dict)
    assignments: dict = field(default_factory=dict)
    # Each file in the one store, and as the row a migration made of an older file: `old`
    # holds, per kind, the old id its old link carries.
    evidence_files: dict = field(default_factory=dict)
    old: dict = field(default_factory=dict)
    reminders: dict = field(default_factory=dict)
    extensions: dict = field(default_factory=dict)
    evidence: dict = field(default_factory=dict)
    inspections: dict = field(default_factory=dict)
    findings: dict = field(default_factory=dict)
    photos: dict = field(default_factory=dict)
    orders: dict = field(default_factory=dict)
    circulars: dict = field(default_factory=dict)
    indicators: dict = field(default_factory=dict)
    flow_step: object = None
    draw: object = None
    period: object = None
    fresh_period: object = None


@dataclass
class OldLink:
    """A file moved into the one store by the migration: its old link carries `pk`."""

    pk: int
    evidence: Evidence


LEGACY_OFFSET = 500


def stored(*, by, name, content, legacy_kind="", **where) -> Evidence:
    """A file in the one evidence store; with a `legacy_kind`, one the migration moved there,
    whose old id differs from its new one."""
    evidence = Evidence.objects.create(
        file=ContentFile(content, name=name),
        original_name=name,
        size=len(content),
        uploaded_by=by,
        **where,
    )
    if legacy_kind:
        Evidence.objects.filter(pk=evidence.pk).update(
            legacy_kind=legacy_kind, legacy_id=evidence.pk + LEGACY_OFFSET
        )
        evidence.refresh_from_db()
    return evidence


def pdf(name="佐证.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")


def png() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def build() -> World:
    w = World()
    town = Town.objects.create(name="禾川镇")
    for key, name in [
        ("own", "二机社区"),
        ("other", "湘赣社区"),
        ("planned", "西门社区"),
        ("unsubmitted", "北门社区"),
    ]:
        w.communities[key] = Community.objects.create(
            town=town, name=name, households=150, premises_area=Decimal("300")
        )
    departments = departments_build()
    mzj = departments["mzj"]
    w.departments = {
        "own": departments["czj"],
        "other": departments["fgj"],
        "lead": mzj,
        "party": departments["zzb"],
    }
    campaign = Campaign.objects.create(year=2015, title="2015年创建工作", is_active=True)
    for community in w.communities.values():
        CommunityTrack.objects.create(campaign=campaign, community=community, track="create")
    DutyRule.objects.create(
        area=DutyArea.FUNDING,
        department=w.departments["own"],
        role=AssignmentRole.LEAD,
        owed="落实社区工作经费",
        days_allowed=30,
    )

    w.users = {
        "outsider": make_user("outsider"),
        "leader": make_user("leader", Role.LEADER),
        "lead": make_user("lead", Role.LEAD_DEPARTMENT, Role.DEPARTMENT_STAFF, department=mzj),
        "dept": make_user("dept", Role.DEPARTMENT_STAFF, department=w.departments["own"]),
        "inspector": make_user("inspector", Role.INSPECTOR),
        "community": make_user("community", Role.COMMUNITY_STAFF, community=w.communities["own"]),
        "admin": make_user("admin", Role.ADMINISTRATOR, is_staff=True, is_superuser=True),
    }
    # Clerks whose role was withdrawn while their membership stayed: they fare as outsiders.
    w.users["former_dept"] = make_user("former-dept", department=w.departments["own"])
    w.users["former_community"] = make_user("former-community", community=w.communities["own"])
    other_clerk = make_user("dept2", Role.DEPARTMENT_STAFF, department=w.departments["other"])
    other_community_clerk = make_user(
        "community2", Role.COMMUNITY_STAFF, community=w.communities["other"]
    )

    catalogue = catalogue_of_two_build(campaign)
    w.indicators = {
        "numeric": catalogue.indicators.get(code="JC-01"),
        "yes_no": catalogue.indicators.get(code="DJ-01"),
    }

    # Tasks: 二机 and 湘赣 under construction, 西门's plan waiting for the leader.
    today = timezone.localdate()
    for key in ("own", "other", "planned", "unsubmitted"):
        w.tasks[key] = CreationTask.objects.create(campaign=campaign, community=w.communities[key])
    CreationTask.objects.filter(pk__in=[w.tasks["own"].pk, w.tasks["other"].pk]).update(
        state=CreationTask.State.UNDER_CONSTRUCTION
    )
    # 西门's plan submitted (报批) by the lead department: it waits for the leader.
    CreationTask.objects.filter(pk=w.tasks["planned"].pk).update(
        state=CreationTask.State.PLAN_SUBMITTED
    )
    process_start(task=w.tasks["planned"])
    w.flow_step = open_flow_tasks(task=w.tasks["planned"]).get()
    assert w.flow_step.flow_task.name == "approve_plan"

    # Each department's work on its own community's task, in progress, with a report and a file.
    for key, area, clerk in [
        ("own", DutyArea.FUNDING, w.users["dept"]),
        ("other", DutyArea.PREMISES, other_clerk),
    ]:
        assignment = Assignment.objects.create(
            task=w.tasks[key],
            department=w.departments[key],
            area=area,
            role=AssignmentRole.LEAD,
            owed=f"{w.departments[key].short_name}的任务",
            deadline=today + datetime.timedelta(days=20),
        )
        Assignment.objects.filter(pk=assignment.pk).update(state=Assignment.State.IN_PROGRESS)
        w.assignments[key] = assignment
        report = ProgressReport.objects.create(
            assignment=assignment, author=clerk, text=f"进展报告-{key}"
        )
        w.evidence_files[key] = stored(
            by=clerk,
            name="进展佐证.pdf",
            content=b"%PDF-1.4\n",
            department=w.departments[key],
            legacy_kind=Evidence.Legacy.PROGRESS,
        )
        report.evidence.add(w.evidence_files[key])
        w.reminders[key] = Reminder.objects.create(
            assignment=assignment,
            sent_by=w.users["lead"],
            day=today - datetime.timedelta(days=1),
            message="请抓紧办理。",
        )

    # Work waiting for the lead department's acceptance: 财政's, and the lead persona's own.
    for key, department, clerk in [
        ("submitted", w.departments["own"], w.users["dept"]),
        ("lead_submitted", mzj, w.users["lead"]),
    ]:
        work = Assignment.objects.create(
            task=w.tasks["own"],
            department=department,
            area=DutyArea.STAFFING,
            role=AssignmentRole.SUPPORT,
            owed=f"{department.short_name}的待验收任务",
            deadline=today + datetime.timedelta(days=20),
        )
        Assignment.objects.filter(pk=work.pk).update(state=Assignment.State.SUBMITTED)
        ProgressReport.objects.create(assignment=work, author=clerk, text="已完成。")
        AssignmentEvent.objects.create(
            assignment=work, action="submit", source="in_progress", target="submitted", actor=clerk
        )
        w.assignments[key] = work

    # 财政's work due inside the campaign year, which it may ask to extend; and a request
    # 财政 made on its other work, waiting for the lead department.
    w.assignments["extendable"] = Assignment.objects.create(
        task=w.tasks["own"],
        department=w.departments["own"],
        area=DutyArea.SUPPORT,
        role=AssignmentRole.SUPPORT,
        owed="财政的可延期任务",
        deadline=datetime.date(2015, 6, 30),
    )
    w.extensions["own"] = ExtensionRequest.objects.create(
        assignment=w.assignments["own"],
        previous_deadline=w.assignments["own"].deadline,
        requested_deadline=w.assignments["own"].deadline + datetime.timedelta(days=30),
        reason="资金待落实",
        requested_by=w.users["dept"],
    )

    # Each community's evidence, a spot-check with a failed finding and its photo, and orders.
    for key, clerk in [("own", w.users["community"]), ("other", other_community_clerk)]:
        community = w.communities[key]
        w.evidence[key] = stored(
            by=clerk,
            name="deed.pdf",
            content=b"%PDF-1.4\n",
            community=community,
            indicator_code="JC-01",
            title=f"用房产权证明-{key}",
            legacy_kind=Evidence.Legacy.SELF_REPORT,
        )
        inspection = Inspection.objects.create(
            campaign=campaign,
            catalogue=catalogue,
            community=community,
            kind=Inspection.Kind.SPOT_CHECK,
            inspector=w.users["inspector"],
            inspected_on=today,
        )
        w.inspections[key] = inspection
        finding = Finding.objects.create(
            inspection=inspection,
            indicator=w.indicators["yes_no"],
            met=False,
            points_awarded=Decimal(0),
            remarks="未达标",
        )
        w.findings[key] = finding
        w.photos[key] = stored(
            by=w.users["inspector"],
            name="site.png",
            content=png(),
            community=community,
            legacy_kind=Evidence.Legacy.PHOTO,
        )
        finding.photos.add(w.photos[key])
        for party, responsible in [
            ("dept", {"responsible_department": w.departments[key]}),
            ("community", {"responsible_community": community}),
        ]:
            w.orders[f"{party}_{key}"] = RectificationOrder.objects.create(
                finding=finding,
                task=w.tasks[key],
                requirement=f"整改要求-{party}_{key}",
                deadline=today + datetime.timedelta(days=10),
                issued_by=w.users["inspector"],
                answer_evidence=stored(
                    by=w.users["inspector"], name="answer.pdf", content=b"%PDF-1.4\n"
                ),
                **responsible,
            )

    # Orders answered and waiting for an inspector: one 财政 answered, one the inspector did.
    for key, answerer in [
        ("answered", w.users["dept"]),
        ("answered_by_inspector", w.users["inspector"]),
    ]:
        order = RectificationOrder.objects.create(
            finding=w.findings["own"],
            task=w.tasks["own"],
            requirement=f"整改要求-{key}",
            deadline=today + datetime.timedelta(days=10),
            issued_by=w.users["lead"],
            responsible_department=w.departments["own"],
            answer="已整改",
        )
        RectificationOrder.objects.filter(pk=order.pk).update(
            state=RectificationOrder.State.ANSWERED, answered_at=timezone.now()
        )
        OrderEvent.objects.create(
            order=order, action="answer", source="issued", target="answered", actor=answerer
        )
        w.orders[key] = order

    w.draw = SpotCheckDraw.objects.create(
        campaign=campaign,
        catalogue=catalogue,
        seed=2015,
        community_count=1,
        indicator_count=1,
        drawn_by=w.users["inspector"],
    )
    w.draw.communities.set([w.communities["other"]])
    w.draw.indicators.set([w.indicators["yes_no"]])

    w.period = ScoringPeriod.objects.create(
        campaign=campaign,
        kind=ScoringPeriod.Kind.MONTH,
        label="本月",
        starts_on=today.replace(day=1),
        ends_on=today,
    )
    scores_compute(period=w.period)
    published = circular_generate(period=w.period, by=w.users["lead"], title="已发布的通报")
    Circular.objects.filter(pk=published.pk).update(
        state=Circular.State.PUBLISHED, serial_number=1, published_at=timezone.now()
    )
    w.circulars["published"] = published
    # A draft left on the period from before its circular was published.
    w.circulars["draft"] = Circular.objects.create(
        campaign=campaign,
        period=w.period,
        title=f"{w.period.label}创建工作进展情况通报",
        figures=published.figures,
        counted_at=published.counted_at,
        created_by=w.users["lead"],
    )
    w.fresh_period = ScoringPeriod.objects.create(
        campaign=campaign,
        kind=ScoringPeriod.Kind.QUARTER,
        label="本季度",
        starts_on=today.replace(day=1),
        ends_on=today,
    )

    # Files the database names but the disk lost (a restore from an older backup, a full disk).
    gone = {
        "evidence_files": stored(
            by=w.users["dept"],
            name="丢失.pdf",
            content=b"%PDF-1.4\n",
            legacy_kind=Evidence.Legacy.PROGRESS,
        ),
        "evidence": stored(
            by=w.users["community"],
            name="lost.pdf",
            content=b"%PDF-1.4\n",
            community=w.communities["own"],
            indicator_code="JC-01",
            title="丢失的佐证",
            legacy_kind=Evidence.Legacy.SELF_REPORT,
        ),
        "photos": stored(
            by=w.users["inspector"],
            name="lost.png",
            content=png(),
            community=w.communities["own"],
            legacy_kind=Evidence.Legacy.PHOTO,
        ),
    }
    w.evidence_files["own"].progress_reports.get().evidence.add(gone["evidence_files"])
    w.findings["own"].photos.add(gone["photos"])
    gone["orders"] = RectificationOrder.objects.create(
        finding=w.findings["own"],
        task=w.tasks["own"],
        responsible_department=w.departments["own"],
        requirement="限期整改",
        deadline=today + datetime.timedelta(days=10),
        issued_by=w.users["inspector"],
        answer_evidence=stored(by=w.users["dept"], name="lost.pdf", content=b"%PDF-1.4\n"),
    )
    for kind, instance in gone.items():
        getattr(w, kind)["gone"] = instance
        (instance.answer_evidence if kind == "orders" else instance).file.delete(save=False)
    # The old links carry the old ids.
    for kind in ("evidence_files", "evidence", "photos"):
        w.old[kind] = {
            key: OldLink(pk=evidence.legacy_id, evidence=evidence)
            for key, evidence in getattr(w, kind).items()
        }

    # Last year's campaign: 二机 worked with 县财政局 then too.
    last_year = Campaign.objects.create(year=2014, title="2014年创建工作")
    w.tasks["last_year"] = CreationTask.objects.create(
        campaign=last_year, community=w.communities["own"]
    )
    Assignment.objects.create(
        task=w.tasks["last_year"],
        department=w.departments["own"],
        area=DutyArea.FUNDING,
        role=AssignmentRole.LEAD,
        owed="落实社区工作经费",
        deadline=datetime.date(2014, 12, 31),
    )
    # The draft's figures counted after everything above: submitting it is not refused as stale.
    Circular.objects.filter(pk=w.circulars["draft"].pk).update(counted_at=timezone.now())
    return w


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The county, built once for the module; each test's changes are rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build()
        transaction.set_rollback(True)


# Requests ------------------------------------------------------------------------------------


def pk_of(objects: dict, obj: str | None) -> int:
    """The object's id; the first one when the row names none (a GET of a POST-only URL)."""
    if obj == "missing":
        return MISSING_PK
    return (objects[obj] if obj else next(iter(objects.values()))).pk


def url_for(w: World, name: str, obj: str | None) -> str:
    """The URL of `name` for the object called `obj` in the matrix."""
    by_pk = {
        "workflows:task_detail": w.tasks,
        "workflows:task_action": w.tasks,
        "workflows:assignment_detail": w.assignments,
        "workflows:assignment_action": w.assignments,
        "workflows:assignment_report": w.assignments,
        "workflows:assignment_remind": w.assignments,
        "workflows:assignment_extension": w.assignments,
        "workflows:extension_action": w.extensions,
        "workflows:evidence_download": w.old["evidence_files"],
        "workflows:reminder_read": w.reminders,
        "assessments:evidence_file": w.old["evidence"],
        "assessments:inspection_detail": w.inspections,
        "assessments:photo_file": w.old["photos"],
        "assessments:order_detail": w.orders,
        "assessments:order_file": w.orders,
        "assessments:circular_detail": w.circulars,
        "assessments:circular_print": w.circulars,
        "assessments:circular_xlsx": w.circulars,
        "assessments:circular_edit": w.circulars,
        "assessments:circular_action": w.circulars,
    }
    single = {
        "workflows:flow_step": w.flow_step,
        "assessments:draw_detail": w.draw,
        "assessments:period_detail": w.period,
        "assessments:period_xlsx": w.period,
        "assessments:circular_new": w.fresh_period if obj == "fresh" else w.period,
        "assessments:period_recount": w.fresh_period if obj == "fresh" else w.period,
    }
    if name in by_pk:
        return reverse(name, args=[pk_of(by_pk[name], obj)])
    if name in single:
        return reverse(name, args=[MISSING_PK if obj == "missing" else single[name].pk])
    # A file seen through what it proves: the assignment, the community, the inspection.
    if name == "workflows:assignment_evidence":
        evidence_pk = pk_of(w.evidence_files, obj)
        assignment = w.assignments["other" if obj == "other" else "own"]
        return reverse(name, args=[assignment.pk, evidence_pk])
    if name == "assessments:community_evidence":
        community = w.communities["other" if obj == "other" else "own"]
        return reverse(name, args=[community.pk, pk_of(w.evidence, obj)])
    if name == "assessments:inspection_photo":
        inspection = w.inspections["other" if obj == "other" else "own"]
        return reverse(name, args=[inspection.pk, pk_of(w.photos, obj)])
    if name == "assessments:inspection_new":
        return reverse(name, args=[pk_of(w.communities, obj)])
    if name == "assessments:order_new":
        return reverse(name, args=[pk_of(w.findings, obj)])
    if name == "assessments:order_action":
        action = "verify" if obj and obj.startswith("answered") else "answer"
        return reverse(name, args=[pk_of(w.orders, obj), action])
    if name == "assessments:community_score":
        return reverse(name, args=[w.period.pk, pk_of(w.communities, obj)])
    if name == "assessments:department_score":
        return reverse(name, args=[w.period.pk, pk_of(w.departments, obj)])
    if name == "assessments:period_items":
        what = "no_such_figure" if obj == "missing" else "due"
        return reverse(name, args=[w.period.pk, what]) + f"?department={w.departments['own'].pk}"
    if name == "assessments:inspection_start":
        return reverse(name) + f"?community={w.communities['own'].pk}"
    return reverse(name)


def post_data(w: World, name: str, obj: str | None = None) -> dict:
    """What the page's form would send: enough for an allowed user's POST to do its work."""
    # An irreversible action is posted as its confirming second step does.
    if name == "workflows:assignment_action" and obj in ("submitted", "lead_submitted"):
        return {"action": "accept", "comment": "验收通过", "confirmed": "1"}
    if name == "assessments:order_action" and obj and obj.startswith("answered"):
        return {"comment": "已到现场核验", "confirmed": "1"}
    if name == "workflows:task_action" and obj == "unsubmitted":
        return {"action": "submit_plan", "comment": "请审批。"}
    today = timezone.localdate()
    narrative = {
        "title": "新标题",
        "overview": "总体情况",
        "problems": "存在问题",
        "experience": "经验做法",
        "next_steps": "下步要求",
    }
    return {
        "password_change": {
            "old_password": PASSWORD,
            "new_password1": "hechuan-new-2015",
            "new_password2": "hechuan-new-2015",
        },
        "workflows:task_action": {"action": "approve_plan", "comment": ""},
        # 西门's task awaits the leader: no work assigned yet, so its track may still move.
        "track_plan_save": {f"track-{w.tasks['planned'].community_id}": "prepare"},
        "track_plan_action": {"action": "submit", "comment": ""},
        "workflows:assignment_action": {"action": "submit", "comment": "已完成"},
        "workflows:assignment_report": {"text": "已拨付经费。", "files": pdf()},
        "workflows:assignment_remind": {"message": "请抓紧。"},
        "workflows:assignment_extension": {
            "requested_deadline": "2015-07-31",
            "reason": "资金待落实",
        },
        "workflows:extension_action": {"action": "grant", "comment": ""},
        "inbox_accept": {
            "ids": [w.assignments["submitted"].pk, w.assignments["lead_submitted"].pk],
            **({"confirmed": "1"} if obj == "submitted" else {}),
        },
        "inbox_remind": {"ids": [w.assignments[k].pk for k in ("extendable", "own", "other")]},
        "workflows:flow_step": {"comment": "同意"},
        "workbook_import": {"dry_run": "on"},
        "assessments:self_report": {
            "upload": "1",
            "indicator_code": "JC-01",
            "title": "新佐证",
            "file": pdf(),
        },
        "assessments:inspection_new": {
            "kind": Inspection.Kind.SPOT_CHECK,
            "inspected_on": today.isoformat(),
            f"f{w.indicators['numeric'].pk}-measured_value": "320",
            f"f{w.indicators['yes_no'].pk}-met": "1",
        },
        "assessments:draw_new": {"community_count": "1", "indicator_count": "1", "seed": "7"},
        "assessments:order_new": {
            "responsible": "community",
            "requirement": "限期整改",
            "deadline": (today + datetime.timedelta(days=10)).isoformat(),
        },
        "assessments:order_action": {"answer": "已整改"},
        "assessments:circular_edit": narrative,
        "assessments:circular_action": {"action": "submit"},
        "assessments:circular_start": {
            "period": (w.fresh_period if obj == "fresh" else w.period).pk
        },
        "assessments:assistance_new": {
            "department": w.departments["own"].pk,
            "community": w.communities["own"].pk,
            "given_on": today.isoformat(),
            "description": "帮建活动室",
            "points": "2",
        },
    }.get(name, {})


def watched_tables() -> list[str]:
    labels = ("auth", "supervision", "workflows", "assessments", "viewflow")
    return [
        model._meta.db_table
        for label in labels
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]


def fingerprint() -> tuple:
    """Every row the product keeps and every uploaded file: equal means nothing changed."""
    rows = []
    with connection.cursor() as cursor:
        for table in watched_tables():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
            rows.append(cursor.fetchall())
    root = Path(settings.MEDIA_ROOT)
    files = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    return rows, files


def cases():
    for name, rows in MATRIX.items():
        for key, outcomes in rows.items():
            method, _space, obj = key.partition(" ")
            by_persona = dict(zip(PERSONAS, outcomes, strict=True))
            by_persona.update({former: by_persona["outsider"] for former in FORMER})
            for persona, expected in by_persona.items():
                yield pytest.param(
                    name, method, obj or None, persona, expected, id=f"{key} {name} as {persona}"
                )


@pytest.mark.parametrize("name, method, obj, persona, expected", list(cases()))
def test_permission_matrix(world, client, name, method, obj, persona, expected):
    if persona != "anon":
        client.force_login(world.users[persona])
    url = url_for(world, name, obj)
    before = fingerprint()
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, post_data(world, name, obj))
    if response.streaming:
        # Read a file to its end, as a server would: that closes it. (response.close() would
        # also fire request_finished, whose handler drops a connection inside a transaction.)
        b"".join(response.streaming_content)

    login = reverse("login")
    if expected == LOGIN:
        assert response.status_code == 302 and response.url.startswith(login)
    elif expected == DONE:
        assert response.status_code == 302 and not response.url.startswith(login)
        assert fingerprint() != before, "the POST was accepted but changed nothing"
        return
    else:
        assert response.status_code == expected
        if expected == 302:
            assert not response.url.startswith(login)
    assert fingerprint() == before, "a refused or read-only request changed data"


def url_names(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = pattern.namespace
            if namespace in EXCLUDED:
                continue
            yield from url_names(
                pattern.url_patterns, f"{prefix}{namespace}:" if namespace else prefix
            )
        elif pattern.name not in EXCLUDED:
            yield f"{prefix}{pattern.name}"


def test_every_url_is_in_the_matrix():
    names = list(url_names(get_resolver().url_patterns))
    assert "workflows:task_detail" in names
    assert sorted(set(names) - set(MATRIX)) == [], "add these URLs to MATRIX"
    assert sorted(set(MATRIX) - set(names)) == [], "these MATRIX rows name no URL"


# What a list shows ---------------------------------------------------------------------------


def text_of(response) -> str:
    """The page's HTML, or every cell of the exported workbook."""
    if response["Content-Type"].startswith("text/html"):
        return response.content.decode()
    workbook = load_workbook(BytesIO(response.getvalue()), read_only=True)
    return "\n".join(
        str(cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )


# persona, URL name, what they must see, what they must not: another's rows.
OWN_ROWS_ONLY = [
    ("dept", "home", "财政的任务", ["房管的任务"]),
    ("dept", "workflows:assignment_list", "财政的任务", ["房管的任务"]),
    ("dept", "workflows:task_list", "二机社区", ["湘赣社区", "西门社区"]),
    ("dept", "assessments:order_list", "县财政局", ["县房管局", "湘赣社区"]),
    ("community", "workflows:task_list", "二机社区", ["湘赣社区", "西门社区"]),
    ("community", "assessments:inspection_list", "二机社区", ["湘赣社区"]),
    ("community", "assessments:finding_list", "二机社区", ["湘赣社区"]),
    ("community", "assessments:order_list", "二机社区", ["县财政局", "湘赣社区"]),
    ("community", "assessments:self_report", "用房产权证明-own", ["用房产权证明-other"]),
    ("community", "home", "二机社区", ["湘赣社区"]),
]
EXPORTABLE = {
    "workflows:assignment_list",
    "workflows:task_list",
    "assessments:order_list",
    "assessments:inspection_list",
    "assessments:finding_list",
}


def list_cases():
    for persona, name, own, others in OWN_ROWS_ONLY:
        yield pytest.param(persona, name, own, others, False, id=f"{name} as {persona}")
        if name in EXPORTABLE:
            yield pytest.param(persona, name, own, others, True, id=f"{name} xlsx as {persona}")


@pytest.mark.parametrize("persona, name, own, others, export", list(list_cases()))
def test_lists_show_only_ones_own_rows(world, client, persona, name, own, others, export):
    if export and name not in EXPORTABLE:
        pytest.skip("this page has no export")
    client.force_login(world.users[persona])
    text = text_of(client.get(reverse(name), {"export": "xlsx"} if export else {}))
    assert own in text
    assert [other for other in others if other in text] == []


def test_a_department_cannot_widen_its_list_by_choosing_another_department(world, client):
    client.force_login(world.users["dept"])
    other = world.departments["other"].pk
    for name, parameter in [
        ("workflows:assignment_list", "department"),
        ("assessments:order_list", "responsible_department"),
    ]:
        text = text_of(client.get(reverse(name), {parameter: other, "export": "xlsx"}))
        assert "房管" not in text, name


@pytest.mark.parametrize(
    "persona, party", [("dept", "县财政局"), ("community", "二机社区"), ("lead", None)]
)
def test_order_list_holds_only_the_orders_one_must_answer(world, client, persona, party):
    client.force_login(world.users[persona])
    response = client.get(reverse("assessments:order_list"), {"export": "xlsx"})
    rows = list(load_workbook(BytesIO(response.getvalue())).active.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if "责任方" in row)
    parties = [row[rows[header].index("责任方")] for row in rows[header + 1 :] if any(row)]
    if party is None:  # a lead department sees every order
        assert len(parties) == RectificationOrder.objects.count()
    else:
        assert parties and set(parties) == {party}
        assert (
            len(parties)
            == RectificationOrder.objects.filter(
                Q(responsible_department__name=party) | Q(responsible_community__name=party)
            ).count()
        )
