from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("督查考核")

    def ready(self):
        # The prepare track's readiness is judged against this app's standards; imported here
        # because models load only once the app registry is ready.
        from assessments.readiness import critical_gaps
        from workflows.models import ReadinessRule

        ReadinessRule.register(critical_gaps)
