from django.core.management.base import BaseCommand, CommandError

from assessments.models import ScoringPeriod
from assessments.scoring import period_find, scores_compute
from supervision.transitions import Refused


class Command(BaseCommand):
    help = "计算（或重新计算）一个考核周期的社区和部门得分快照。已发布通报所用的周期不能重算。"

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="考核周期的编号或名称，如“2015年3月”。")

    def handle(self, *args, period, **options):
        try:
            found = period_find(key=period)
        except ScoringPeriod.DoesNotExist:
            raise CommandError(f"没有考核周期“{period}”。") from None
        try:
            scores_compute(period=found)
        except Refused as refused:
            raise CommandError("；".join(refused.reasons)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{found.label}：已计算 {found.community_scores.count()} 个社区、"
                f"{found.department_scores.count()} 个部门的得分。"
            )
        )
