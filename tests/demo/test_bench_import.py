"""The import bench runs and says what it measured; its figures are not checked here."""

from demo.bench_import import import_refusal_rows


def test_the_import_bench_refuses_the_hostile_files_and_imports_the_legitimate_one(db, settings):
    settings.UPLOAD_MAX_BYTES = 256 * 1024
    settings.IMPORT_MAX_ROWS = 300
    settings.IMPORT_MAX_UNPACKED_BYTES = 4 * 1024 * 1024
    rows = import_refusal_rows()
    assert [sorted(row) for row in rows] == [["measure", "memory_mb", "note", "time_ms"]] * 4
    *hostile, legitimate = rows
    assert all(row["measure"].startswith("拒绝") and "已拒绝" in row["note"] for row in hostile)
    assert "超出了导入的上限" in hostile[-1]["note"]
    assert legitimate["measure"].startswith("导入") and "社区新增300行" in legitimate["note"]
    assert all(row["time_ms"] >= 0 for row in rows)
