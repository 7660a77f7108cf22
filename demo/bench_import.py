"""What refusing a hostile workbook costs, next to importing the biggest legitimate one.

`import_refusal_rows()` builds the files in memory and runs `workbook_import` on each in a
forked copy of the process (time, and how far peak resident memory rose above the copy's size
when the import started: /proc/self/clear_refs and VmHWM, as demo/bench.py measures),
and returns one row per file: measure, time_ms, memory_mb, note. It asserts nothing.

The legitimate file needs a county to import into: each copy creates one (a town, a campaign,
communities with their tasks, two departments) in a transaction, imports as a dry run, and rolls
it all back, so the database is left as it was. Only the import itself is measured.
"""

import gc
import io
import random
import time
import zipfile
import zlib
from pathlib import Path

from django.conf import settings
from django.db import transaction
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from assessments.spreadsheets.imports import sheet_imports, workbook_import
from demo.measure import apart, status_kb
from supervision.models import Campaign, Community, Department, Town
from workflows.models import CreationTask

TOWN = "导入基准镇"
ASSIGNMENT_HEADERS = ["年度", "镇/街道", "社区", "部门", "职责事项", "角色", "任务内容", "完成期限"]
AREAS = ["社区工作用房", "设施建设和工作经费", "社区工作者招聘和公务员挂职", "职能支持"]
DEPARTMENTS = [("bench-a", "导入基准甲局"), ("bench-b", "导入基准乙局")]
# A common-character pool for text that compresses as Chinese prose does, not as repetition.
HANZI = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 3000))


def _measure(run, prepare=None) -> dict:
    """Time and peak-memory rise of `run()`, after `prepare()`, both in one transaction that
    is rolled back; the report is summed up for the note."""
    with transaction.atomic():
        if prepare:
            prepare()
        gc.collect()
        try:
            Path("/proc/self/clear_refs").write_text("5")
            before = status_kb("VmRSS")
        except OSError:
            before = None
        started = time.perf_counter()
        report = run()
        elapsed = (time.perf_counter() - started) * 1000
        peak = (status_kb("VmHWM") - before) / 1024 if before is not None else None
        transaction.set_rollback(True)
    return {
        "time_ms": elapsed,
        "memory_mb": peak,
        "ok": report.ok,
        "problems": report.problem_count,
        "first": str(report.problems[0]) if report.problems else "",
        "counts": report.counts,
    }


def _apart(run, prepare=None) -> dict:
    """`_measure` in a forked copy: what earlier files left in the heap does not count."""
    return apart(lambda: _measure(run, prepare))


# --- the files -----------------------------------------------------------------------------


def _skeleton(title: str) -> dict[str, bytes]:
    """The parts openpyxl writes for one empty sheet, to put a hand-made sheet into."""
    workbook = Workbook(write_only=True)
    workbook.create_sheet(title)
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.2f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def _unpacked(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sum(info.file_size for info in archive.infolist())


def far_corner() -> bytes:
    """A 3 KB file declaring the whole sheet, with one cell in its last row: openpyxl pads every
    row to 16,384 columns and yields a million of them."""
    parts = _skeleton("社区")
    parts["xl/worksheets/sheet1.xml"] = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<dimension ref="A1:XFD1048576"/><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
        b'<row r="1048576"><c r="A1048576"><v>1</v></c></row></sheetData></worksheet>'
    )
    return _zip(parts)


def zip_bomb(unpacked: int) -> bytes:
    """One part of `unpacked` bytes of spaces inside an XML element, deflated to a thousandth."""
    parts = _skeleton("社区")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if name != "xl/worksheets/sheet1.xml":
                archive.writestr(name, data)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            chunk = b" " * min(unpacked, 16 * 1024 * 1024)
            for _ in range(unpacked // len(chunk)):
                part.write(chunk)
            part.write(b"<sheetData/></worksheet>")
    return buffer.getvalue()


def widest_within_limits(target_bytes: int) -> tuple[bytes, int]:
    """The largest hostile file the upload limit allows that must be read to its end: rows of
    numbers as wide and as many as the limits let through, then in the last row one cell past
    the column limit. The package check reads all of it before it can refuse. Returns the file
    and its number of full rows."""
    limits_columns = settings.IMPORT_MAX_COLUMNS
    budget = settings.IMPORT_MAX_UNPACKED_BYTES - 1024 * 1024
    parts = _skeleton("社区")
    randomness = random.Random(13)
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    head = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    )
    pieces, unpacked, packed = [head], len(head), 0
    for row in range(1, settings.IMPORT_MAX_ROWS + 1):
        cells = "".join(
            f'<c r="{get_column_letter(column)}{row}"><v>{randomness.randrange(1000)}</v></c>'
            for column in range(1, limits_columns + 1)
        )
        piece = f'<row r="{row}">{cells}</row>'.encode()
        packed += len(compressor.compress(piece))
        if packed > target_bytes - 256 * 1024 or unpacked + len(piece) > budget:
            break
        pieces.append(piece)
        unpacked += len(piece)
    last = len(pieces)  # the row after the full ones: the head is pieces[0]
    beyond = get_column_letter(limits_columns + 1)
    pieces.append(f'<row r="{last}"><c r="{beyond}{last}"><v>1</v></c></row>'.encode())
    pieces.append(b"</sheetData></worksheet>")
    parts["xl/worksheets/sheet1.xml"] = b"".join(pieces)
    return _zip(parts), last - 1


def _prose(randomness: random.Random, length: int) -> str:
    return "".join(randomness.choice(HANZI) for _ in range(length))


def _communities_needed(rows: int) -> int:
    return -(-rows // (len(AREAS) * len(DEPARTMENTS)))


def legitimate(target_bytes: int, year: int) -> tuple[bytes, int]:
    """The biggest filled-in template that fits: the 社区 and 部门任务 sheets at the row limit
    (what openpyxl writes: inline strings, the longest form), their 任务内容 as long as it
    takes to reach `target_bytes`. Returns the file and its number of data rows."""
    rows = settings.IMPORT_MAX_ROWS

    def build(owed_length: int) -> bytes:
        randomness = random.Random(15)
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("社区")
        sheet.append([column.header for column in sheet_imports()[0].columns])
        for number in range(rows):
            sheet.append(
                [
                    TOWN,
                    f"导入社区{number:05d}",
                    randomness.randint(100, 3000),
                    randomness.randint(300, 9000),
                    randomness.randint(100, 900) + 0.5,
                    randomness.randint(10, 300),
                    randomness.randint(1, 20),
                    randomness.randint(0, 5),
                    randomness.randint(0, 9),
                    randomness.randint(0, 5),
                    randomness.randint(0, 20),
                ]
            )
        sheet = workbook.create_sheet("部门任务")
        sheet.append(ASSIGNMENT_HEADERS)
        per_community = len(AREAS) * len(DEPARTMENTS)
        for number in range(rows):
            community, rest = divmod(number, per_community)
            department, area = divmod(rest, len(AREAS))
            sheet.append(
                [
                    year,
                    TOWN,
                    f"任务社区{community:05d}",
                    DEPARTMENTS[department][1],
                    AREAS[area],
                    "牵头" if department == 0 else "配合",
                    _prose(randomness, owed_length),
                    f"{year}-06-30",
                ]
            )
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    plain = build(1)
    longer = build(41)
    per_char = (len(longer) - len(plain)) / 40
    length = max(1, min(300, int(1 + (target_bytes - len(plain)) / per_char)))
    data = build(length)
    while length > 1 and (
        len(data) > target_bytes or _unpacked(data) > settings.IMPORT_MAX_UNPACKED_BYTES
    ):
        length = int(length * 0.95)
        data = build(length)
    return data, 2 * rows


def _county(year: int, communities: int):
    """What the legitimate file refers to; created inside the measuring transaction."""

    def prepare():
        town = Town.objects.create(name=TOWN)
        campaign = Campaign.objects.create(year=year, title=f"{year}年导入基准")
        for code, name in DEPARTMENTS:
            Department.objects.create(code=code, name=name, short_name=name[-3:], kind="government")
        made = Community.objects.bulk_create(
            Community(town=town, name=f"任务社区{number:05d}") for number in range(communities)
        )
        CreationTask.objects.bulk_create(
            CreationTask(campaign=campaign, community=community) for community in made
        )

    return prepare


def _row(measure: str, figures: dict, data: bytes, what: str) -> dict:
    outcome = (
        "已导入（试导入，已回滚）："
        + "；".join(f"{sheet}新增{c['created']}行" for sheet, c in figures["counts"].items())
        if figures["ok"]
        else f"已拒绝（{figures['problems']}处问题）：{figures['first'][:80]}"
    )
    return {
        "measure": measure,
        "time_ms": round(figures["time_ms"], 1),
        "memory_mb": None if figures["memory_mb"] is None else round(figures["memory_mb"], 1),
        "note": f"{what}；文件 {_size(len(data))}，解压 {_size(_unpacked(data))}；{outcome}",
    }


def import_refusal_rows() -> list[dict]:
    """Refusing the hostile files, next to importing the biggest legitimate one of the same
    size as the largest of them (see the module's docstring)."""
    target = settings.UPLOAD_MAX_BYTES
    rows = []

    corner = far_corner()
    figures = _apart(lambda: workbook_import(file=io.BytesIO(corner), dry_run=True))
    rows.append(_row("拒绝：声明整张表并在第1048576行有一格", figures, corner, "改动前约 50 秒"))

    bomb = zip_bomb(10 * settings.IMPORT_MAX_UNPACKED_BYTES)
    figures = _apart(lambda: workbook_import(file=io.BytesIO(bomb), dry_run=True))
    rows.append(_row("拒绝：压缩炸弹", figures, bomb, "一个部件解压到上限的十倍"))

    hostile, full_rows = widest_within_limits(target)
    figures = _apart(lambda: workbook_import(file=io.BytesIO(hostile), dry_run=True))
    rows.append(
        _row(
            "拒绝：上传上限内最大的恶意文件",
            figures,
            hostile,
            f"{full_rows:,}行×{settings.IMPORT_MAX_COLUMNS}列随机数字，最后一行超出列上限，"
            "须读完才能拒绝",
        )
    )

    year = max(Campaign.objects.values_list("year", flat=True), default=2000) + 100
    legit, count = legitimate(len(hostile), year)
    figures = _apart(
        lambda: workbook_import(file=io.BytesIO(legit), dry_run=True),
        prepare=_county(year, _communities_needed(settings.IMPORT_MAX_ROWS)),
    )
    rows.append(
        _row(
            "导入：同样大小的最大合法模板",
            figures,
            legit,
            f"社区、部门任务各{settings.IMPORT_MAX_ROWS:,}行（共{count:,}行）",
        )
    )
    return rows
