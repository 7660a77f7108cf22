from django.core.management.base import BaseCommand

from demo.seeding import demo_seed


class Command(BaseCommand):
    help = (
        "建立演示县：禾川镇10个城区社区、各部门、2015年创建年度和每个角色的演示账号（可重复运行）。"
    )

    def handle(self, *args, **options):
        logins = demo_seed()
        self.stdout.write(
            self.style.SUCCESS("演示数据已就绪。演示账号（用户名 / 密码 / 角色 / 单位）：")
        )
        for login in logins:
            self.stdout.write(
                f"  {login.username:<10} {login.password:<12} {login.role}  {login.where}"
            )
