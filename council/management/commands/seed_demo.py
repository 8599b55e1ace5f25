"""Create or update the demo town Musterstadt. Safe to run again: it changes nothing twice."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from council.demo import DEMO_PASSWORD, TOWN


def demo_modules():
    """Each app's `demo` module, lower apps first (as Django's admin finds `admin` modules)."""
    for app in apps.get_app_configs():
        if find_spec(f"{app.name}.demo"):
            yield import_module(f"{app.name}.demo")


class Command(BaseCommand):
    help = "Create the demo town Musterstadt with its council, committees, meetings and accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-passwords",
            action="store_true",
            help="Set the password 'demo' on the demo accounts even when DEBUG is off.",
        )

    def handle(self, *args, demo_passwords=False, **options):
        with_passwords = settings.DEBUG or demo_passwords
        # The demo's invitations must not mail the (made-up) members.
        locmem = "django.core.mail.backends.locmem.EmailBackend"
        with override_settings(EMAIL_BACKEND=locmem), transaction.atomic():
            # A module's `seed` may return a note on what it could not do (say, sign).
            notes = [module.seed(with_passwords=with_passwords) for module in demo_modules()]
        self.report(with_passwords)
        for note in filter(None, notes):
            self.stdout.write(self.style.WARNING(note))

    def report(self, with_passwords):
        if with_passwords:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo town {TOWN} is ready. Accounts (password '{DEMO_PASSWORD}'): "
                    "sekretariat, vorsitz, mitglied01 … mitglied30."
                )
            )
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"Demo town {TOWN} is ready. The accounts have no password: "
                    "run with DEBUG=1 or --demo-passwords to set 'demo'."
                )
            )
