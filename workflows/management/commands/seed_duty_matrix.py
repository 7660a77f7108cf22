from django.core.management.base import BaseCommand, CommandError

from supervision.models import Department
from workflows.duty_matrix import DUTY_MATRIX
from workflows.services import duty_matrix_seed


class Command(BaseCommand):
    help = "载入原文的职责矩阵（今年创建、创出特色、明年达标各自的部门任务）；可重复运行，保留管理员的修改。"

    def handle(self, *args, **options):
        codes = {code for _track, _area, code, *_rest in DUTY_MATRIX}
        missing = sorted(codes - set(Department.objects.values_list("code", flat=True)))
        if missing:
            raise CommandError(f"缺少部门：{'、'.join(missing)}。请先录入这些部门（代码）。")
        added = duty_matrix_seed()
        self.stdout.write(f"职责矩阵已载入：新增 {added} 条规则。")
