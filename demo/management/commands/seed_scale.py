import time

from django.core.management.base import BaseCommand, CommandError

from demo.scale import scale_seed


class Command(BaseCommand):
    help = (
        "生成规模测试数据：指定数量的社区（每100个一个镇）及其创建任务、部门任务、"
        "督查记录、整改通知和考核周期（批量写入）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--communities", type=int, required=True, help="社区总数，最多 100000")
        parser.add_argument("--year", type=int, help="创建年度，默认进行中的创建年度或今年")

    def handle(self, *args, communities, year, **options):
        if not 1 <= communities <= 100_000:
            raise CommandError("社区总数应在 1 到 100000 之间。")
        started = time.perf_counter()
        counts = scale_seed(communities=communities, year=year)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"新增社区 {counts['communities']} 个、创建任务 {counts['tasks']} 个、"
                f"部门任务 {counts['assignments']} 个、督查记录 {counts['inspections']} 次、"
                f"督查发现 {counts['findings']} 条、整改通知 {counts['orders']} 份，"
                f"用时 {elapsed:.1f} 秒。"
            )
        )
