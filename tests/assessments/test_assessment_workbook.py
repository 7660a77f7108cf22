"""A period's assessment workbook: every sheet read back and checked against the database.

The county is the hand-scored one of tests/assessments/scoring_county.py (March 2015).
"""

import datetime
from io import BytesIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import RectificationOrder
from assessments.scoring import scores_compute
from assessments.spreadsheets.assessment import assessment_workbook_write

SHEETS = ["社区得分", "部门得分", "督查发现", "整改台账", "逾期任务", "计分说明"]


@pytest.fixture
def march_workbook(scored_county, tmp_path):
    _sanqiao, march, _april = scored_county
    scores_compute(period=march)
    path = tmp_path / "march.xlsx"
    assessment_workbook_write(period=march, destination=path)
    return march, load_workbook(path)


def body(sheet, width=None):
    """Rows under the title and header rows, as values."""
    return [list(row[:width]) for row in sheet.iter_rows(min_row=3, values_only=True)]


def by_name(rows, column):
    return {row[column]: row for row in rows if row[0] != "合计"}


def test_every_sheet_has_the_title_header_print_setup_a_reader_expects(march_workbook):
    march, workbook = march_workbook
    assert workbook.sheetnames == SHEETS
    for sheet in workbook.worksheets:
        title = sheet["A1"].value
        assert title.startswith("禾川县") and "2015年创建工作" in title and "2015年3月" in title
        assert any(str(r).startswith("A1:") for r in sheet.merged_cells.ranges)
        assert sheet.freeze_panes == "A3"
        assert sheet.page_setup.orientation == "landscape"
        assert sheet["A2"].font.bold


def test_community_scores_by_area_total_rank_and_state(march_workbook):
    _march, workbook = march_workbook
    sheet = workbook["社区得分"]
    header = [c.value for c in sheet[2]]
    rows = by_name(body(sheet), header.index("社区"))
    erji, sanqiao, xianggan = rows["二机社区"], rows["三桥社区"], rows["湘赣社区"]
    total, rank = header.index("总分"), header.index("类别内排名")
    assert (erji[total], erji[rank]) == (80, 1)
    assert (sanqiao[total], sanqiao[rank]) == (0, 2)
    assert (xianggan[total], xianggan[rank]) == (40, 1)
    # By work area: 二机 met JC-01 (40, infrastructure) and DJ-01 (40, party building).
    assert erji[header.index("基础设施建设和运行")] == 40
    assert erji[header.index("社区党建")] == 40
    assert erji[header.index("居民自治")] is None
    assert sheet.cell(row=3, column=total + 1).data_type == "n"
    assert erji[header.index("创建类别")] == "今年创建"
    assert xianggan[header.index("创建类别")] == "创出特色"
    assert erji[header.index("创建状态")] == "列入计划"


def test_department_scores_show_every_part_of_the_formula(march_workbook):
    _march, workbook = march_workbook
    sheet = workbook["部门得分"]
    header = [c.value for c in sheet[2]]
    rows = body(sheet)
    named = by_name(rows, header.index("部门"))
    finance, housing = named["县财政局"], named["县房管局"]
    assert finance[header.index("总分")] == pytest.approx(69.5)
    assert housing[header.index("总分")] == pytest.approx(29.5)
    assert finance[header.index("排名")] == 1
    assert finance[header.index("按时完成率")] == pytest.approx(0.5)
    assert sheet.cell(row=3 + rows.index(finance), column=5).number_format == "0.0%"
    assert housing[header.index("逾期天数")] == 21
    assert housing[header.index("整改销号率")] == pytest.approx(0.5)
    assert finance[header.index("帮扶分值")] == 4
    totals = rows[-1]
    assert totals[0] == "合计"
    assert totals[header.index("到期任务数")] == 3


def test_findings_of_the_period_only(march_workbook):
    _march, workbook = march_workbook
    sheet = workbook["督查发现"]
    header = [c.value for c in sheet[2]]
    rows = [r for r in body(sheet) if r[0] != "合计"]
    # Five findings in March (three at 二机 on 3-05, two at 湘赣 on 3-20); April's is out.
    assert len(rows) == 5
    dates = {r[header.index("督查日期")] for r in rows}
    assert dates == {datetime.datetime(2015, 3, 5), datetime.datetime(2015, 3, 20)}
    unmet = [r for r in rows if r[header.index("达标")] == "否"]
    assert {(r[header.index("社区")], r[header.index("指标编号")]) for r in unmet} == {
        ("二机社区", "JC-02"),
        ("湘赣社区", "JC-01"),
    }


def test_rectification_ledger_states_as_of_the_period_end(march_workbook):
    _march, workbook = march_workbook
    sheet = workbook["整改台账"]
    header = [c.value for c in sheet[2]]
    rows = [r for r in body(sheet) if r[0] != "合计"]
    assert len(rows) == RectificationOrder.objects.count() == 2
    states = sorted(r[header.index("状态")] for r in rows)
    assert states == ["已下发", "已销号"]
    open_row = next(r for r in rows if r[header.index("状态")] == "已下发")
    # Deadline 3-25, still open on 3-31: six days overdue.
    assert open_row[header.index("逾期天数")] == 6
    assert open_row[header.index("责任单位")] == "县房管局"
    assert open_row[header.index("整改期限")] == datetime.datetime(2015, 3, 25)


def test_overdue_assignments_are_the_unaccepted_ones_past_deadline(march_workbook):
    _march, workbook = march_workbook
    sheet = workbook["逾期任务"]
    header = [c.value for c in sheet[2]]
    rows = [r for r in body(sheet) if r[0] != "合计"]
    assert [(r[header.index("部门")], r[header.index("逾期天数")]) for r in rows] == [
        ("县房管局", 21)
    ]


def test_text_that_looks_like_a_formula_is_written_as_text(scored_county, tmp_path):
    from assessments.models import Finding

    _sanqiao, march, _april = scored_county
    Finding.objects.filter(met=False).update(remarks='=HYPERLINK("http://x")')
    scores_compute(period=march)
    path = tmp_path / "march.xlsx"
    assessment_workbook_write(period=march, destination=path)
    sheet = load_workbook(path)["督查发现"]
    remarks = [row[-1] for row in sheet.iter_rows(min_row=3) if row[-1].value]
    assert remarks and all(cell.data_type == "s" for cell in remarks)


def test_command_writes_the_workbook_and_refuses_bad_periods(scored_county, tmp_path):
    _sanqiao, march, _april = scored_county
    out = tmp_path / "out.xlsx"
    with pytest.raises(CommandError, match="尚未计分"):
        call_command("export_assessment", period="2015年3月", output=str(out))
    with pytest.raises(CommandError, match="没有考核周期"):
        call_command("export_assessment", period="2099年1月", output=str(out))
    scores_compute(period=march)
    call_command("export_assessment", period="2015年3月", output=str(out))
    assert load_workbook(out).sheetnames == SHEETS


def test_period_page_offers_the_download_to_score_readers_only(
    scored_county, client_for, leader, dept_clerk
):
    _sanqiao, march, _april = scored_county
    url = reverse("assessments:period_xlsx", args=[march.pk])
    assert client_for(leader).get(url).status_code == 404  # not scored yet
    scores_compute(period=march)
    page = client_for(leader).get(reverse("assessments:period_detail", args=[march.pk]))
    assert url in page.content.decode()
    response = client_for(leader).get(url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert response.streaming  # streamed from a temporary file, not held in memory
    assert load_workbook(BytesIO(response.getvalue())).sheetnames == SHEETS
    assert client_for(dept_clerk).get(url).status_code == 403
