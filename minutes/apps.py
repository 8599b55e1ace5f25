from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinutesConfig(AppConfig):
    name = "minutes"
    verbose_name = _("Minutes")

    def ready(self):
        from council import audit
        from meetings.oparl import results_protocol
        from meetings.session.services.session import meeting_closed
        from minutes.audit import ACTIONS
        from minutes.oparl import results_protocol_provider
        from minutes.services import start_draft

        audit.register(ACTIONS)
        results_protocol.register(results_protocol_provider())
        meeting_closed.connect(start_draft, dispatch_uid="minutes-draft-on-close")
