"""An exported workbook opens in LibreOffice (headless) and converts to CSV and PDF."""

import csv
import datetime
import os
import shutil
import subprocess

import pytest

from spreadsheets.exports import Column, SheetWriter, workbook_new

SOFFICE = shutil.which("soffice")


@pytest.fixture
def soffice():
    if SOFFICE is None:
        if os.environ.get("CI"):
            pytest.fail(
                "LibreOffice not found; `make test` should have installed libreoffice-calc-nogui"
            )
        pytest.skip("LibreOffice not installed (apt-get install libreoffice-calc-nogui)")
    return SOFFICE


def convert(soffice, source, target, outdir):
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{outdir}/profile",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return outdir / f"{source.stem}.{target.split(':')[0]}"


def test_export_opens_in_libreoffice(soffice, tmp_path):
    workbook = workbook_new()
    SheetWriter(
        workbook,
        title="社区",
        heading="禾川县2015年 社区资料",
        columns=[
            Column("社区"),
            Column("户数", kind="int", total=True),
            Column("期限", kind="date"),
            Column("备注"),
        ],
    ).write(
        [
            ["二机社区", 1480, datetime.date(2015, 6, 30), "=1+1"],
            ["湘赣社区", 1620, datetime.date(2015, 7, 31), ""],
        ]
    )
    source = tmp_path / "export.xlsx"
    workbook.save(source)

    rows = list(
        csv.reader(
            convert(soffice, source, "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path).open(
                encoding="utf-8"
            )
        )
    )
    assert rows[0][0] == "禾川县2015年 社区资料"
    assert rows[1] == ["社区", "户数", "期限", "备注"]
    assert rows[2][:2] == ["二机社区", "1480"] and rows[2][3] == "=1+1"
    assert rows[4][:2] == ["合计", "3100"]
    assert convert(soffice, source, "pdf", tmp_path).read_bytes().startswith(b"%PDF")


def test_assessment_workbook_opens_in_libreoffice(soffice, scored_county, tmp_path):
    from assessments.scoring import scores_compute
    from assessments.spreadsheets.assessment import assessment_workbook_write

    _sanqiao, march, _april = scored_county
    scores_compute(period=march)
    source = tmp_path / "assessment.xlsx"
    assessment_workbook_write(period=march, destination=source)
    # CSV conversion writes the first sheet: the community scores.
    rows = list(
        csv.reader(
            convert(soffice, source, "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path).open(
                encoding="utf-8"
            )
        )
    )
    assert rows[0][0].startswith("禾川县") and "2015年3月" in rows[0][0]
    assert rows[1][:3] == ["创建类别", "镇街", "社区"]
    erji = next(row for row in rows[2:] if row[2] == "二机社区")
    assert erji[-4] in {"80", "80.00"}, erji
    assert convert(soffice, source, "pdf", tmp_path).read_bytes().startswith(b"%PDF")
