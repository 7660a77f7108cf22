from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.spreadsheets.imports import import_template_build, workbook_import


class Command(BaseCommand):
    help = "导入 Excel 工作簿（社区资料、部门任务、创建标准）：全部校验通过才写入，有任何问题则不写入并逐条报告。"

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="要导入的 .xlsx 文件")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不写入")
        parser.add_argument("--template", metavar="OUT.xlsx", help="写出空白导入模板后退出")

    def handle(self, *args, file=None, dry_run=False, template=None, **options):
        if template:
            import_template_build().save(template)
            self.stdout.write(self.style.SUCCESS(f"导入模板已写出：{template}"))
            return
        if not file:
            raise CommandError("请指定要导入的 .xlsx 文件，或用 --template 写出空白模板。")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        with path.open("rb") as handle:
            report = workbook_import(file=handle, dry_run=dry_run)
        for problem in report.problems:
            self.stderr.write(str(problem))
        if not report.ok:
            raise CommandError(report.summary())
        prefix = "（仅校验，未写入）" if dry_run else ""
        self.stdout.write(self.style.SUCCESS(prefix + report.summary()))
