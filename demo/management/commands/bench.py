from django.core.management.base import BaseCommand, CommandError

from assessments.models import ScoringPeriod
from assessments.scoring import period_find
from demo.bench import PARTS, BenchRefused, bench_run, bench_table


class Command(BaseCommand):
    help = (
        "在当前数据库上测量计分、考核工作簿导出和主要页面的用时、SQL 数和内存，打印一张表。"
        "先运行 seed_demo 和 seed_scale。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20, help="每个页面请求次数，默认 20")
        parser.add_argument(
            "--scoring-repeat", type=int, default=3, help="计分重复次数（取最好一次），默认 3"
        )
        parser.add_argument("--period", help="考核周期的编号或名称，默认本年度的年度周期")
        parser.add_argument(
            "--only", choices=PARTS, action="append", help="只测这一部分（可重复），默认全部"
        )

    def handle(self, *args, repeat, scoring_repeat, period, only, **options):
        found = None
        if period:
            try:
                found = period_find(key=period)
            except ScoringPeriod.DoesNotExist:
                raise CommandError(f"没有考核周期“{period}”。") from None
        try:
            context, rows = bench_run(
                repeat=max(repeat, 1),
                scoring_repeat=max(scoring_repeat, 1),
                period=found,
                parts=only or PARTS,
            )
        except BenchRefused as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(bench_table(context, rows))
