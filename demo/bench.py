"""Benchmarks on the current database (`manage.py bench`): scoring, the assessment workbook and
the main pages, each next to a bare baseline or a target, in one table.

Run it after `seed_demo` (the demo logins browse the pages) and `seed_scale --communities N`.
Nothing here asserts a speed: the table says what was measured, the targets are printed with it.
"""

import datetime
import gc
import json
import statistics
import tempfile
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from assessments.models import CommunityScore, ScoringPeriod
from assessments.scoring import (
    catalogue_in_force,
    community_points,
    community_rescore,
    department_parts,
    periods_create_for_campaign,
    periods_to_rescore,
    scores_compute,
)
from assessments.spreadsheets.assessment import assessment_workbook_write
from demo.bench_import import import_refusal_rows
from demo.measure import BenchRefused, apart, status_kb
from supervision.models import Campaign, Community, Department

# (label, url name, login, settings): the home pages and each list as the role that works it
# every day. The cockpit twice: as a province's server shows it (kept a while once costly),
# and counted afresh on every request, the cost each expiry pays.
AFRESH = {"COCKPIT_CACHE_SECONDS": 0}
PAGES = [
    ("首页驾驶舱", "home", "leader", {}),
    ("首页驾驶舱（每次重新统计）", "home", "leader", AFRESH),
    ("首页（部门）", "home", "dept", {}),
    ("首页（督查员）", "home", "inspector", {}),
    ("首页（社区）", "home", "community", {}),
    ("社区一览", "community_list", "leader", {}),
    ("创建类别计划（牵头部门编制）", "track_plan", "lead", {}),
    ("创建任务", "workflows:task_list", "leader", {}),
    ("部门任务", "workflows:assignment_list", "dept", {}),
    ("督查记录", "assessments:inspection_list", "inspector", {}),
    ("督查发现", "assessments:finding_list", "inspector", {}),
    ("整改通知", "assessments:order_list", "leader", {}),
    ("通报", "assessments:circular_list", "leader", {}),
    ("新建通报", "assessments:circular_start", "leader", {}),
    ("待办（县领导）", "inbox", "leader", {}),
    ("待办（牵头部门）", "inbox", "lead", {}),
    ("待办（部门）", "inbox", "dept", {}),
    ("待办（督查员）", "inbox", "inspector", {}),
    ("待办（社区）", "inbox", "community", {}),
]
PAGE_TARGET_MS = 150
FRESHNESS_TARGET_MS = 100
RESCORE_TARGET_MS = 50
SCORES_TARGET_RATIO = 2.0
EXPORT_TARGET_RATIO = 1.5


@dataclass
class Row:
    measure: str
    time_ms: float | None = None
    p95_ms: float | None = None
    baseline_ms: float | None = None
    queries: int | None = None
    memory_mb: float | None = None
    baseline_memory_mb: float | None = None
    target: str = ""
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.time_ms is None or not self.baseline_ms:
            return None
        return self.time_ms / self.baseline_ms


def _timed(function, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return (time.perf_counter() - started) * 1000, result


def _best(function, repeat: int) -> float:
    return min(_timed(function)[0] for _ in range(repeat))


# --- scoring -----------------------------------------------------------------------------

# The community half of scores_compute in one statement: per community and indicator code the
# finding of the latest inspection by the period's end, points of the version in force when
# the standard applies to the community's track.
COMMUNITY_POINTS_SQL = """
SELECT found.community_id, in_force.work_area, SUM(in_force.points) FROM (
    SELECT i.community_id, f.met, ind.code,
           ROW_NUMBER() OVER (
               PARTITION BY i.community_id, ind.code
               ORDER BY i.inspected_on DESC, i.recorded_at DESC, i.id DESC
           ) AS latest
    FROM assessments_finding f
    JOIN assessments_inspection i ON i.id = f.inspection_id
    JOIN assessments_indicator ind ON ind.id = f.indicator_id
    WHERE i.campaign_id = %s AND i.inspected_on <= %s
) found
JOIN assessments_indicator in_force ON in_force.catalogue_id = %s AND in_force.code = found.code
LEFT JOIN supervision_communitytrack t
    ON t.campaign_id = %s AND t.community_id = found.community_id
WHERE found.latest = 1 AND found.met
  AND CASE COALESCE(t.track, 'create')
      WHEN 'create' THEN in_force.for_create
      WHEN 'distinctive' THEN in_force.for_distinctive
      ELSE in_force.for_prepare END
GROUP BY found.community_id, in_force.work_area
"""

TRACKS_SQL = """
SELECT t.community_id, c.name, t.track FROM supervision_communitytrack t
JOIN supervision_community c ON c.id = t.community_id WHERE t.campaign_id = %s
"""

# The department half: assignments due with their first acceptance, returns, orders, assistance.
DEPARTMENT_SQL = [
    """
    SELECT a.department_id, COUNT(*),
           SUM(CASE WHEN acc.at IS NOT NULL AND acc.at <= %s THEN 1 ELSE 0 END)
    FROM workflows_assignment a
    JOIN workflows_creationtask t ON t.id = a.task_id
    LEFT JOIN (
        SELECT assignment_id, MIN(at) AS at FROM workflows_assignmentevent
        WHERE target = 'accepted' AND at <= %s GROUP BY assignment_id
    ) acc ON acc.assignment_id = a.id
    WHERE t.campaign_id = %s AND a.deadline <= %s
    GROUP BY a.department_id
    """,
    """
    SELECT a.department_id, COUNT(*) FROM workflows_assignmentevent e
    JOIN workflows_assignment a ON a.id = e.assignment_id
    JOIN workflows_creationtask t ON t.id = a.task_id
    WHERE t.campaign_id = %s AND e.target = 'returned' AND e.at <= %s
    GROUP BY a.department_id
    """,
    """
    SELECT o.responsible_department_id, COUNT(*),
           SUM(CASE WHEN o.state = 'verified' AND o.verified_at <= %s THEN 1 ELSE 0 END)
    FROM assessments_rectificationorder o
    JOIN assessments_finding f ON f.id = o.finding_id
    JOIN assessments_inspection i ON i.id = f.inspection_id
    WHERE i.campaign_id = %s AND o.responsible_department_id IS NOT NULL AND o.issued_at <= %s
    GROUP BY o.responsible_department_id
    """,
    """
    SELECT department_id, SUM(points) FROM assessments_assistance
    WHERE campaign_id = %s AND given_on <= %s GROUP BY department_id
    """,
]


def scores_bare_sql(*, period: ScoringPeriod) -> tuple[dict, dict]:
    """The figures scores_compute aggregates, fetched by hand-written SQL."""

    campaign, on = period.campaign, period.ends_on
    end = timezone.make_aware(datetime.datetime.combine(on, datetime.time.max))
    catalogue = catalogue_in_force(campaign=campaign, on=on)
    points: dict[int, dict] = {}
    with connection.cursor() as cursor:
        cursor.execute(COMMUNITY_POINTS_SQL, [campaign.pk, on, catalogue.pk, campaign.pk])
        for community_id, area, total in cursor.fetchall():
            points.setdefault(community_id, {})[area] = Decimal(total)
        cursor.execute(TRACKS_SQL, [campaign.pk])
        tracks = cursor.fetchall()
        due, returns, orders, assistance = DEPARTMENT_SQL
        parts = {}
        cursor.execute(due, [end, end, campaign.pk, on])
        parts["due"] = cursor.fetchall()
        cursor.execute(returns, [campaign.pk, end])
        parts["returns"] = cursor.fetchall()
        cursor.execute(orders, [end, campaign.pk, end])
        parts["orders"] = cursor.fetchall()
        cursor.execute(assistance, [campaign.pk, on])
        parts["assistance"] = cursor.fetchall()
    return {"points": points, "tracks": tracks}, parts


def scores_bare_write(*, period: ScoringPeriod, community: dict) -> None:
    """The snapshot rows written by hand-built INSERTs, then rolled back."""
    rows = [
        (
            period.pk,
            community_id,
            track,
            json.dumps({a: str(v) for a, v in community["points"].get(community_id, {}).items()}),
            sum(community["points"].get(community_id, {}).values(), Decimal(0)),
            1,
        )
        for community_id, _name, track in community["tracks"]
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM assessments_communityscore WHERE period_id = %s", [period.pk])
        for start in range(0, len(rows), 1000):
            chunk = rows[start : start + 1000]
            cursor.execute(
                "INSERT INTO assessments_communityscore"
                " (period_id, community_id, track, by_area, total, rank) VALUES "
                + ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(chunk)),
                [value for row in chunk for value in row],
            )
        transaction.set_rollback(True)


def scoring_rows(*, period: ScoringPeriod, repeat: int) -> list[Row]:

    campaign, on = period.campaign, period.ends_on
    bare = _best(lambda: scores_bare_sql(period=period), repeat)

    def bare_with_write():
        community, _parts = scores_bare_sql(period=period)
        scores_bare_write(period=period, community=community)

    bare_total = _best(bare_with_write, repeat)

    def aggregates():
        community_points(campaign=campaign, on=on)
        department_parts(campaign=campaign, on=on)

    with CaptureQueriesContext(connection) as captured:
        scores_compute(period=period)
    queries = len(captured)
    compute = _best(lambda: scores_compute(period=period), repeat)
    with CaptureQueriesContext(connection) as captured:
        period.data_changed_at()
    freshness_queries = len(captured)
    rescore_ms, rescore_queries = rescore_measure(period=period, repeat=repeat)
    return [
        Row(
            f"scores_compute（{period.label}，含写入快照）",
            time_ms=compute,
            baseline_ms=bare_total,
            queries=queries,
            target=f"≤{SCORES_TARGET_RATIO:g}×",
        ),
        Row(
            "计分聚合（community_points + department_parts）",
            time_ms=_best(aggregates, repeat),
            baseline_ms=bare,
            target=f"≤{SCORES_TARGET_RATIO:g}×",
        ),
        Row(
            "录入督查后单社区重新计分（本期最高分社区从0分回到最高，含新鲜度检查）",
            time_ms=rescore_ms,
            baseline_ms=compute,
            queries=rescore_queries,
            target=f"<{RESCORE_TARGET_MS} ms",
            note="基线为整期重新计分",
        ),
        Row(
            "数据变化检查（data_changed_at：周期页、通报页、发布前）",
            time_ms=_best(period.data_changed_at, repeat),
            queries=freshness_queries,
            target=f"<{FRESHNESS_TARGET_MS} ms",
        ),
    ]


def rescore_measure(*, period: ScoringPeriod, repeat: int) -> tuple[float, int]:
    """What recording an inspection adds for scoring: the freshness check of the periods it
    changes and one community scored again. The worst move is measured: the best community of
    the largest track put back to 0 first, so the rescore lifts it over every other rank."""
    best = (
        CommunityScore.objects.filter(period=period, total__gt=0)
        .order_by("-total", "community_id")
        .select_related("community")
        .first()
    )
    if best is None:
        return None, None

    class Undo(Exception):
        pass

    def rescore():
        # Undone afterwards: the bench leaves the scores as it found them.
        try:
            with transaction.atomic():
                CommunityScore.objects.filter(pk=best.pk).update(total=0, by_area={})
                community_rescore(
                    periods=periods_to_rescore(campaign=period.campaign, on=period.starts_on),
                    community=best.community,
                )
                raise Undo
        except Undo:
            pass

    rescore()
    with CaptureQueriesContext(connection) as captured:
        rescore()
    return _best(rescore, repeat), len(captured)


# --- the assessment workbook -------------------------------------------------------------


def _timed_with_peak(function) -> tuple[float, float | None]:
    """(milliseconds, how far the process's peak resident memory rose above its size before the
    call, in MB). Linux resets the peak through /proc/self/clear_refs, so one run gives both
    figures at full speed (tracemalloc slowed the 20,000-community export past half an hour).
    None where the kernel offers no such reset."""
    gc.collect()
    clear_refs = Path("/proc/self/clear_refs")
    try:
        clear_refs.write_text("5")
        before = status_kb("VmRSS")
    except OSError:
        return _timed(function)[0], None
    elapsed, _result = _timed(function)
    return elapsed, (status_kb("VmHWM") - before) / 1024


def _apart(function) -> tuple[float, float | None]:
    """`_timed_with_peak` in a forked copy of this process (`demo.measure.apart`)."""
    elapsed, peak = apart(lambda: _timed_with_peak(function))
    return elapsed, peak


def _cells_of(path: Path) -> list[tuple[str, list[list]]]:

    workbook = load_workbook(path, read_only=True)
    sheets = [(ws.title, [list(row) for row in ws.iter_rows(values_only=True)]) for ws in workbook]
    workbook.close()
    return sheets


def _bare_write(sheets, destination: Path) -> None:

    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        worksheet = workbook.create_sheet(title)
        for row in rows:
            worksheet.append(row)
    workbook.save(destination)


def export_row(*, period: ScoringPeriod) -> Row:
    with tempfile.TemporaryDirectory() as folder:
        ours = Path(folder) / "assessment.xlsx"
        bare = Path(folder) / "bare.xlsx"
        elapsed, peak = _apart(lambda: assessment_workbook_write(period=period, destination=ours))
        sheets = _cells_of(ours)
        bare_elapsed, bare_peak = _apart(lambda: _bare_write(sheets, bare))
    cells = sum(len(row) for _title, rows in sheets for row in rows)
    return Row(
        f"export_assessment（{cells:,} 格）",
        time_ms=elapsed,
        baseline_ms=bare_elapsed,
        memory_mb=peak,
        baseline_memory_mb=bare_peak,
        target=f"≤{EXPORT_TARGET_RATIO:g}×",
    )


# --- pages -------------------------------------------------------------------------------


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _host() -> str:
    """A host this deployment accepts, for the test client to ask as."""
    host = next((h for h in settings.ALLOWED_HOSTS if h not in {"*", ""} and h[0] != "."), None)
    return host or "testserver"


def _page_row(*, label: str, url: str, user, repeat: int, overrides=None) -> Row:
    """p50, p95 and the SQL count of one page as `user` sees it."""
    client = Client(SERVER_NAME=_host())
    client.force_login(user)

    def get():
        with override_settings(**(overrides or {})):
            response = client.get(url, secure=True)
        if response.status_code != 200:
            raise BenchRefused(f"{url} 以 {user.username} 身份打开得到 {response.status_code}")
        return response

    get()  # warm caches and the session
    with CaptureQueriesContext(connection) as captured:
        get()
    # Counted now: the next request empties the connection's query log.
    queries = len(captured)
    times = [_timed(get)[0] for _ in range(repeat)]
    return Row(
        f"{label} {url}（{user.username}）",
        time_ms=statistics.median(times),
        p95_ms=_percentile(times, 0.95),
        queries=queries,
        target=f"p95 <{PAGE_TARGET_MS} ms",
    )


def breakdown_rows(*, period: ScoringPeriod, repeat: int) -> list[Row]:
    """The score breakdowns of the community and the department with the most to explain."""
    leader = User.objects.filter(username="leader").first()
    if leader is None:
        raise BenchRefused("缺少演示账号 leader：请先运行 seed_demo。")
    community = (
        Community.objects.filter(inspections__campaign=period.campaign)
        .annotate(n=Count("inspections"))
        .order_by("-n", "pk")
        .first()
    )
    department = (
        Department.objects.filter(assignments__task__campaign=period.campaign)
        .annotate(n=Count("assignments"))
        .order_by("-n", "pk")
        .first()
    )
    pages = [
        ("社区得分明细", reverse("assessments:community_score", args=[period.pk, community.pk])),
        ("部门得分明细", reverse("assessments:department_score", args=[period.pk, department.pk])),
    ]
    # The lists behind the figures, for the department with the most work: its due work, and
    # the largest state of the county as of the period's end.
    items = lambda what: reverse("assessments:period_items", args=[period.pk, what])  # noqa: E731
    pages += [
        ("数字明细·到期任务", f"{items('due')}?department={department.pk}"),
        ("数字明细·逾期任务", f"{items('late')}?department={department.pk}"),
        ("数字明细·社区状态", f"{items('state')}?state=under_construction"),
    ]
    return [_page_row(label=label, url=url, user=leader, repeat=repeat) for label, url in pages]


def page_rows(*, repeat: int) -> list[Row]:
    users = {u.username: u for u in User.objects.filter(username__in={p[2] for p in PAGES})}
    missing = sorted({p[2] for p in PAGES} - set(users))
    if missing:
        raise BenchRefused(f"缺少演示账号 {', '.join(missing)}：请先运行 seed_demo。")
    return [
        _page_row(
            label=label, url=reverse(name), user=users[username], repeat=repeat, overrides=overrides
        )
        for label, name, username, overrides in PAGES
    ]


# --- the table ---------------------------------------------------------------------------


PARTS = ("scores", "export", "pages", "imports")


def bench_run(
    *,
    repeat: int = 20,
    scoring_repeat: int = 3,
    period: ScoringPeriod | None = None,
    parts=PARTS,
):
    """Measure `parts` (all by default); returns (context, rows) for `bench_table`."""

    campaign = Campaign.objects.active()
    if campaign is None:
        raise BenchRefused("没有进行中的创建年度：请先运行 seed_demo 或 seed_scale。")
    if period is None:
        periods_create_for_campaign(campaign=campaign)
        period = ScoringPeriod.objects.get(campaign=campaign, kind=ScoringPeriod.Kind.YEAR)
    if period.is_frozen:
        raise BenchRefused(f"{period.label} 的通报已发布，不能重算：请另选周期。")
    context = {
        "N": Community.objects.count(),
        "database": connection.vendor,
        "period": period.label,
    }
    rows = []
    if "scores" in parts:
        rows += scoring_rows(period=period, repeat=scoring_repeat)
    if "export" in parts:
        if period.computed_at is None:
            scores_compute(period=period)
        rows.append(export_row(period=period))
    if "pages" in parts:
        rows += page_rows(repeat=repeat)
        if period.computed_at is None:
            scores_compute(period=period)
        rows += breakdown_rows(period=period, repeat=repeat)
    if "imports" in parts:
        rows += [
            Row(
                row["measure"],
                time_ms=row["time_ms"],
                memory_mb=row["memory_mb"],
                target="秒级拒绝，内存有界",
                note=row["note"],
            )
            for row in import_refusal_rows()
        ]
    return context, rows


def _cell(value, digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def bench_table(context: dict, rows: list[Row]) -> str:
    header = [
        "N",
        "项目",
        "用时 ms（p50）",
        "p95 ms",
        "基准 ms",
        "倍数",
        "SQL 数",
        "峰值内存 MB",
        "基准内存 MB",
        "目标",
        "说明",
    ]
    lines = [
        f"数据库 {context['database']}，社区 N = {context['N']:,}，考核周期 {context['period']}。"
        "计分行：最好一次，基准为手写 SQL（含写入快照的一行，基准也写入同样的行后回滚）；导出行：基准为 openpyxl 只写模式写同样的单元格，"
        "各在一个复制出的进程里运行，内存为其常驻内存峰值比开始时多出的部分；页面行：测试客户端，SQL 数为一次请求。",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
    ]
    for row in rows:
        cells = [
            f"{context['N']:,}",
            row.measure,
            _cell(row.time_ms),
            _cell(row.p95_ms),
            _cell(row.baseline_ms),
            "—" if row.ratio is None else f"{row.ratio:.2f}×",
            "—" if row.queries is None else str(row.queries),
            _cell(row.memory_mb),
            _cell(row.baseline_memory_mb),
            row.target,
            row.note,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
