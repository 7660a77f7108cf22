"""A small file that would cost a worker minutes or gigabytes is refused before its cells are
read: a declared range or a row far wider or longer than the templates, a huge text, a zip
bomb, too much unpacked, too many parts or elements. The limits are settings."""

import zipfile

import pytest

from tests.supervision.test_settings import run_settings

from .hostile import CHANNELS, Package, assert_refused, snapshot, written, zipped
from .workbooks import COMMUNITY_HEADERS

SHEET, STRINGS = "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"
GOOD = [COMMUNITY_HEADERS, ["禾川镇", "西门社区", 1350, 3890, 298.5, 270]]
STORED = zipfile.ZIP_STORED
TOO_BIG = "文件超出了导入的上限"
DAMAGED = "文件已损坏或被改动过"


def good(**options) -> Package:
    return written({"社区": GOOD}, **options)


def stored(package: Package):
    """Without compression: the file is as big as it unpacks, no ratio to refuse."""
    return package.file(compression=STORED)


def with_rows(count: int) -> Package:
    rows = [GOOD[0]] + [["禾川镇", f"第{i}社区", 1, 1, 1, 1] for i in range(count)]
    return written({"社区": rows})


def padded(part: str, size: int) -> Package:
    package = good()
    return package.put(part, package.parts[part] + b" " * size)


def bombed() -> object:
    """A sheet part of 20 MB of spaces after its XML: a few kilobytes once zipped."""
    return padded(SHEET, 20 * 1024 * 1024).file()


def many_parts() -> object:
    package = good()
    entries = [(name, data, zipfile.ZIP_DEFLATED) for name, data in package.parts.items()]
    entries += [(f"customXml/item{i}.xml", b"<a/>", zipfile.ZIP_DEFLATED) for i in range(1_000)]
    return zipped(entries)


def twice_named() -> object:
    package = good()
    entries = [(name, data, zipfile.ZIP_DEFLATED) for name, data in package.parts.items()]
    return zipped([*entries, (SHEET, package.parts[SHEET], zipfile.ZIP_DEFLATED)])


# (id, build, [(sheet, row, column, text)], settings)
REFUSED = [
    (
        "declared-range-the-whole-sheet",
        lambda: good().replace(SHEET, b'ref="A1:K2"', b'ref="A1:XFD1048576"').file(),
        [("社区", None, None, "使用范围是A1:XFD1048576（1048576行、16384列），超过了导入的上限")],
        {},
    ),
    (
        "declared-range-thousands-of-columns",
        lambda: good().replace(SHEET, b'ref="A1:K2"', b'ref="A1:WZZ2"').file(),
        [("社区", None, None, "（2行、16250列）")],
        {},
    ),
    (
        "declared-range-a-million-rows",
        lambda: good().replace(SHEET, b'ref="A1:K2"', b'ref="A1:K1000000"').file(),
        [("社区", None, None, "（1000000行、11列）")],
        {},
    ),
    (
        "declared-range-beyond-excel",
        lambda: good().replace(SHEET, b'ref="A1:K2"', b'ref="A1:ZZZ9"').file(),
        [("社区", None, None, "工作表的范围“A1:ZZZ9”无效")],
        {},
    ),
    (
        "a-row-of-forty-thousand-cells",
        lambda: stored(good().replace(SHEET, b"</row>", b"<c/>" * 40_000 + b"</row>")),
        [("社区", 1, "AY", "每个工作表最多50列")],
        {},
    ),
    (
        "one-styled-cell-at-the-last-column",
        lambda: good().replace(SHEET, b"</row>", b'<c r="XFD1" s="0"/></row>').file(),
        [("社区", 1, "XFD", "每个工作表最多50列")],
        {},
    ),
    (
        "more-rows-than-allowed",
        lambda: with_rows(25).file(),
        [("社区", None, None, "A1:K26（26行、11列），超过了导入的上限（20行数据加1行标题")],
        {"IMPORT_MAX_ROWS": 20},
    ),
    (
        "more-rows-than-allowed-and-no-range",
        lambda: with_rows(25).replace(SHEET, b'<dimension ref="A1:K26"/>', b"").file(),
        [("社区", 22, None, "行数超过上限20行")],
        {"IMPORT_MAX_ROWS": 20},
    ),
    (
        "one-far-away-empty-row",
        lambda: good().replace(SHEET, b"</sheetData>", b'<row r="1048576"/></sheetData>').file(),
        [("社区", 1048576, None, "行数超过上限50000行")],
        {},
    ),
    (
        "a-huge-shared-string",
        lambda: stored(good().replace(STRINGS, "西门社区".encode(), b"A" * 3_000_000)),
        [(None, None, None, "超过了每格最多2000个字的上限，它的开头是“AAAAAAAAAAAAAAAAAAAA”")],
        {},
    ),
    (
        "a-long-inline-string",
        lambda: (
            good(shared=False).replace(SHEET, "西门社区".encode(), ("长" * 2_001).encode()).file()
        ),
        [("社区", 2, "B", "每格最多2000个字")],
        {},
    ),
    (
        "a-zip-bomb",
        bombed,
        [(None, None, None, "压缩比超过100倍")],
        {},
    ),
    (
        "too-much-unpacked",
        lambda: stored(padded(SHEET, 2 * 1024 * 1024)),
        [(None, None, None, TOO_BIG + "：解压后超过1 MB")],
        {"IMPORT_MAX_UNPACKED_BYTES": 1024 * 1024},
    ),
    (
        "a-bloated-style-part",
        lambda: stored(padded("xl/styles.xml", 3 * 1024 * 1024)),
        [(None, None, None, "“xl/styles.xml”解压后有3 MB，这类部件最多2 MB")],
        {},
    ),
    (
        "more-shared-strings-than-cells",
        lambda: (
            good().replace(STRINGS, b"</sst>", b"<si><t>x</t></si>" * 20_000 + b"</sst>").file()
        ),
        [(None, None, None, "共享文字表的条目")],
        {},
    ),
    (
        "a-hundred-thousand-elements-outside-the-rows",
        lambda: stored(good().replace(SHEET, b"<sheetData>", b"<x/>" * 100_001 + b"<sheetData>")),
        [("社区", None, None, "工作表中行以外的元素过多")],
        {},
    ),
    (
        "a-cell-of-many-elements",
        lambda: (
            good().replace(SHEET, b"</row>", b'<c r="L1">' + b"<x/>" * 1_001 + b"</c></row>").file()
        ),
        [("社区", 1, None, "一行中的元素过多")],
        {},
    ),
    ("a-thousand-parts", many_parts, [(None, None, None, "压缩包中有1007个部件")], {}),
    ("a-part-twice", twice_named, [(None, None, None, "重名的部件")], {}),
    (
        "a-compression-excel-does-not-use",
        lambda: good().file(compression=zipfile.ZIP_BZIP2),
        [(None, None, None, "使用了 Excel 不用的压缩方式")],
        {},
    ),
]


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(
    "build, expected, overrides", [pytest.param(*c[1:], id=c[0]) for c in REFUSED]
)
def test_a_file_over_a_limit_is_refused_before_it_is_read(
    county, importer, settings, channel, build, expected, overrides
):
    for name, value in overrides.items():
        setattr(settings, name, value)
    before = snapshot()
    outcome = importer(channel, build())
    assert_refused(outcome, channel, expected, before)


@pytest.mark.parametrize("channel", ["function", "command"])
def test_a_file_over_the_upload_limit_is_refused(county, importer, settings, channel):
    settings.UPLOAD_MAX_BYTES = 4096
    before = snapshot()
    outcome = importer(channel, stored(good().put("docProps/custom.bin", bytes(12_000))))
    assert_refused(outcome, channel, [(None, None, None, "，最多4 KB")], before)


def test_the_page_refuses_a_file_over_the_upload_limit_as_a_form_error(county, importer, settings):
    settings.UPLOAD_MAX_BYTES = 4096
    before = snapshot()
    outcome = importer("page", stored(good().put("docProps/custom.bin", bytes(12_000))))
    assert not outcome.ok and outcome.shows("文件过大")
    assert snapshot() == before


def test_the_largest_file_within_the_limits_imports(county, importer, settings):
    settings.IMPORT_MAX_ROWS = 300
    outcome = importer("function", with_rows(300).file())
    assert outcome.ok, outcome.text[-1000:]
    assert "新增300行" in outcome.text


@pytest.mark.parametrize("name", ["IMPORT_MAX_ROWS", "IMPORT_MAX_COLUMNS", "IMPORT_MAX_CELL_CHARS"])
def test_limits_are_read_from_the_environment_and_bad_values_refused(name):
    result = run_settings(name, SECRET_KEY="x", **{name: "123"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "123"
    for bad in ("lots", "0", "-5"):
        result = run_settings(name, SECRET_KEY="x", **{name: bad})
        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr and name in result.stderr


def test_defaults_are_what_the_readme_says():
    names = [
        "IMPORT_MAX_ROWS",
        "IMPORT_MAX_COLUMNS",
        "IMPORT_MAX_CELL_CHARS",
        "IMPORT_MAX_UNPACKED_BYTES",
        "IMPORT_MAX_PART_BYTES",
        "IMPORT_MAX_COMPRESSION_RATIO",
    ]
    result = run_settings(", settings.".join(names), SECRET_KEY="x")
    assert result.stdout.split() == [
        "50000",
        "50",
        "2000",
        str(100 * 1024 * 1024),
        str(2 * 1024 * 1024),
        "100",
    ]


@pytest.mark.parametrize("channel", ["function", "page"])
def test_a_report_lists_the_first_problems_and_counts_the_rest(county, importer, channel):
    """A file of many bad rows must not make a page of a million lines."""
    rows = [GOOD[0]] + [["禾川镇", f"第{i}社区", "很多", 1, 1, 1] for i in range(600)]
    before = snapshot()
    outcome = importer(channel, written({"社区": rows}).file())
    assert not outcome.ok and snapshot() == before
    if channel == "function":
        assert len(outcome.problems) == 500
    else:
        assert outcome.shows("发现 600 处问题", "下表只列出前 500 处，另有 100 处未列出")
        assert outcome.text.count("“户数”应为数字") == 500
