"""Build small .xlsx files in memory for import tests."""

from io import BytesIO

from openpyxl import Workbook

COMMUNITY_HEADERS = [
    "镇/街道",
    "社区名称",
    "户数",
    "人口",
    "管理和服务用房面积（平方米）",
    "养老服务用房面积（平方米）",
    "社区工作人员数",
    "持证社工数",
    "备案社区社会组织数",
    "注册登记社会组织数",
    "办公电脑数",
]
ASSIGNMENT_HEADERS = ["年度", "镇/街道", "社区", "部门", "职责事项", "角色", "任务内容", "完成期限"]


def xlsx(sheets: dict[str, list[list]]) -> BytesIO:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer
