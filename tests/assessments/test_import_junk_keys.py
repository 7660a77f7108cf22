"""Names and keys are matched as they look: invisible characters, a BOM, non-breaking and
full-width spaces or full-width letters never make a look-alike new community, department or
standard; Excel error values (#N/A, #REF!, …) in any column are refused at their cell."""

import re
from decimal import Decimal

import pytest

from assessments.models import Indicator
from supervision.models import Community, Department
from workflows.models import Assignment, CreationTask

from .hostile import CHANNELS, Package, assert_refused, snapshot, written
from .test_catalogue_import import HEADERS as CATALOGUE_HEADERS
from .test_catalogue_import import PREMISES
from .workbooks import ASSIGNMENT_HEADERS, COMMUNITY_HEADERS, xlsx

SHEET = "xl/worksheets/sheet1.xml"
ERROR = "是 Excel 的错误值"


def community_row(town="禾川镇", name="二机社区", households=1234):
    return [town, name, households, 3890, 320, 40]


def assignment_row(department="财政", area="设施建设和工作经费", role="牵头"):
    return [2015, "禾川镇", "二机社区", department, area, role, "落实经费", "2015-06-30"]


@pytest.fixture
def task(county):
    return CreationTask.objects.create(campaign=county.campaign, community=county.community)


LOOK_ALIKE_NAMES = {
    "zero-width-space-at-end": "二机社区\u200b",
    "zero-width-space-inside": "二\u200b机社区",
    "zero-width-joiners": "二\u200c机\u200d社区",
    "byte-order-mark": "\ufeff二机社区",
    "word-joiner": "二机社区\u2060",
    "soft-hyphen": "二机\u00ad社区",
    "non-breaking-space": "二机社区\u00a0",
    "full-width-space": "\u3000二机社区",
    "plain-spaces": "  二机社区 ",
    "tab": "二机社区\t",
}


@pytest.mark.parametrize("name", [pytest.param(v, id=k) for k, v in LOOK_ALIKE_NAMES.items()])
def test_a_look_alike_community_name_updates_the_community(county, importer, name):
    outcome = importer("function", xlsx({"社区": [COMMUNITY_HEADERS, community_row(name=name)]}))
    assert outcome.ok, outcome.text
    assert Community.objects.count() == 2
    county.community.refresh_from_db()
    assert (county.community.name, county.community.households) == ("二机社区", 1234)


@pytest.mark.parametrize("town", ["禾川镇\u200b", "\ufeff禾川镇", "禾川镇\u00a0", "禾川镇\u3000"])
def test_a_look_alike_town_finds_the_town(county, importer, town):
    outcome = importer("function", xlsx({"社区": [COMMUNITY_HEADERS, community_row(town=town)]}))
    assert outcome.ok, outcome.text
    county.community.refresh_from_db()
    assert county.community.households == 1234


@pytest.mark.parametrize(
    "department",
    ["财政\u200b", "县财政局\u00a0", "\ufeff财政", "ｃｚｊ", "县财政局\u3000"],
    ids=["zero-width", "nbsp", "bom", "full-width-code", "full-width-space"],
)
def test_a_look_alike_department_finds_the_department(county, task, importer, department):
    rows = {"部门任务": [ASSIGNMENT_HEADERS, assignment_row(department=department)]}
    outcome = importer("function", xlsx(rows))
    assert outcome.ok, outcome.text
    assert Department.objects.count() == 4
    assert Assignment.objects.get(task=task).department == county.finance


def test_choice_labels_with_junk_are_read_as_seen(county, task, importer):
    rows = {
        "部门任务": [
            ASSIGNMENT_HEADERS,
            assignment_row(area="设施建设和工作经费\u200b", role="\u00a0牵头 "),
        ]
    }
    outcome = importer("function", xlsx(rows))
    assert outcome.ok, outcome.text
    assert Assignment.objects.get(task=task).role == "lead"


@pytest.mark.parametrize(
    "code", ["ＪＣ－０１", "JC-01\u200b", "\ufeffJC-01", "JC-01\u00a0"], ids=repr
)
def test_a_look_alike_code_updates_the_standard(county, catalogue, importer, code):
    row = [2015, code, *PREMISES[2:]]
    outcome = importer("function", xlsx({"创建标准": [CATALOGUE_HEADERS, row]}))
    assert outcome.ok, outcome.text
    codes = sorted(Indicator.objects.values_list("code", flat=True))
    assert codes == ["DJ-01", "JC-01", "JC-02"]
    assert Indicator.objects.get(code="JC-01").points == Decimal("60")


def test_reimporting_a_junk_file_changes_nothing(county, importer):
    sheets = {"社区": [COMMUNITY_HEADERS, community_row(name="\ufeff二机社区\u200b")]}
    assert importer("function", xlsx(sheets)).ok
    before = snapshot()
    outcome = importer("function", xlsx(sheets))
    assert outcome.ok and "未变1行" in outcome.text
    assert snapshot() == before


def error_cell(package: Package, reference: str, code: str) -> Package:
    """The cell at `reference` turned into an Excel error value, as Excel writes it."""
    xml = package.parts[SHEET].decode()
    cell = re.compile(rf'<c r="{reference}"[^>]*?(/>|>.*?</c>)')
    assert cell.search(xml), reference
    return package.put(
        SHEET, cell.sub(f'<c r="{reference}" t="e"><v>{code}</v></c>', xml, count=1).encode()
    )


def community_sheet(**changes):
    row = community_row()
    for header, value in changes.items():
        row[COMMUNITY_HEADERS.index(header)] = value
    return written({"社区": [COMMUNITY_HEADERS, row]})


REFUSED = [
    (
        "na-as-community-name",
        lambda: error_cell(community_sheet(), "B2", "#N/A"),
        [("社区", 2, "B", ERROR + "“#N/A”")],
    ),
    (
        "ref-as-town",
        lambda: error_cell(community_sheet(), "A2", "#REF!"),
        [("社区", 2, "A", ERROR + "“#REF!”")],
    ),
    (
        "div0-as-households",
        lambda: error_cell(community_sheet(), "C2", "#DIV/0!"),
        [("社区", 2, "C", ERROR + "“#DIV/0!”")],
    ),
    (
        "num-as-population",
        lambda: error_cell(community_sheet(), "D2", "#NUM!"),
        [("社区", 2, "D", ERROR + "“#NUM!”")],
    ),
    (
        "value-as-department",
        lambda: error_cell(
            written({"部门任务": [ASSIGNMENT_HEADERS, assignment_row()]}), "D2", "#VALUE!"
        ),
        [("部门任务", 2, "D", ERROR + "“#VALUE!”")],
    ),
    (
        "null-as-community",
        lambda: error_cell(
            written({"部门任务": [ASSIGNMENT_HEADERS, assignment_row()]}), "C2", "#NULL!"
        ),
        [("部门任务", 2, "C", ERROR + "“#NULL!”")],
    ),
    (
        "name-as-code",
        lambda: error_cell(written({"创建标准": [CATALOGUE_HEADERS, PREMISES]}), "B2", "#NAME?"),
        [("创建标准", 2, "B", ERROR + "“#NAME?”")],
    ),
    (
        "na-typed-as-text",
        lambda: community_sheet(社区名称="#N/A"),
        [("社区", 2, "B", ERROR + "“#N/A”")],
    ),
    (
        "ref-typed-with-junk",
        lambda: community_sheet(社区名称=" #ref!\u200b"),
        [("社区", 2, "B", ERROR + "“#REF!”")],
    ),
    (
        "two-rows-that-only-look-different",
        lambda: written(
            {
                "社区": [
                    COMMUNITY_HEADERS,
                    community_row(name="西门社区"),
                    community_row(name="西门社区\u200b"),
                    community_row(name="\ufeff西门\u3000社区".replace("\u3000", "")),
                ]
            }
        ),
        [("社区", 3, None, "与第2行重复"), ("社区", 4, None, "与第2行重复")],
    ),
]


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("build, expected", [pytest.param(*c[1:], id=c[0]) for c in REFUSED])
def test_error_values_and_look_alike_duplicates_are_refused(
    county, task, catalogue, importer, channel, build, expected
):
    before = snapshot()
    outcome = importer(channel, build().file())
    assert_refused(outcome, channel, expected, before)


def test_look_alikes_already_in_the_database_are_not_guessed_between(county, importer):
    Community.objects.create(town=county.town, name="二机社区\u200b", households=1)
    before = snapshot()
    outcome = importer("function", xlsx({"社区": [COMMUNITY_HEADERS, community_row()]}))
    assert_refused(outcome, "function", [("社区", 2, "B", "看起来相同的社区“二机社区”")], before)
