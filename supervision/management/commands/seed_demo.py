from django.core.management.base import BaseCommand

from assessments.scoring import demo_scoring_seed
from assessments.services import demo_assessments_seed
from supervision.models import Campaign
from supervision.services import demo_county_seed
from workflows.services import demo_workflow_seed, duty_matrix_seed, tasks_create_for_campaign


class Command(BaseCommand):
    help = (
        "建立演示县：禾川镇10个城区社区、各部门、2015年创建年度和每个角色的演示账号（可重复运行）。"
    )

    def handle(self, *args, **options):
        logins = demo_county_seed()
        # Each app adds its demo data after the county exists; every seeder is idempotent.
        duty_matrix_seed()
        tasks_create_for_campaign(campaign=Campaign.objects.active())
        demo_assessments_seed()
        demo_workflow_seed()
        demo_scoring_seed()
        self.stdout.write(
            self.style.SUCCESS("演示数据已就绪。演示账号（用户名 / 密码 / 角色 / 单位）：")
        )
        for login in logins:
            self.stdout.write(
                f"  {login.username:<10} {login.password:<12} {login.role}  {login.where}"
            )
