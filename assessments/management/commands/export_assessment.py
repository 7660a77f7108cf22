from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.models import ScoringPeriod
from assessments.scoring import period_find
from assessments.spreadsheets.assessment import assessment_workbook_write


class Command(BaseCommand):
    help = "导出一个考核周期的考核工作簿（社区得分、部门得分、督查发现、整改台账、逾期任务）。"

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="考核周期的编号或名称，如“2015年3月”。")
        parser.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help="输出文件")

    def handle(self, *args, period, output, **options):
        try:
            found = period_find(key=period)
        except ScoringPeriod.DoesNotExist:
            raise CommandError(f"没有考核周期“{period}”。") from None
        if found.computed_at is None:
            raise CommandError(f"考核周期“{found.label}”尚未计分，请先运行 compute_scores。")
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"目录不存在：{path.parent}")
        assessment_workbook_write(period=found, destination=path)
        self.stdout.write(self.style.SUCCESS(f"{found.label}考核工作簿已导出：{path}"))
