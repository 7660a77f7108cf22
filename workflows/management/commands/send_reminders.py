from django.core.management.base import BaseCommand

from workflows.services import reminders_send_due


class Command(BaseCommand):
    help = "向临期（黄灯）和逾期（红灯）部门任务的承办部门发送催办，每项任务每天最多一次（供定时任务调用）。"

    def handle(self, *args, **options):
        sent = reminders_send_due()
        self.stdout.write(f"已发送催办 {sent} 条。")
