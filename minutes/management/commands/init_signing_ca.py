"""Set up the town's certificate authority and issue signing keys. Safe to run again."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from council.models import Municipality
from minutes.signing import keystore
from minutes.signing.signer import SigningError


class Command(BaseCommand):
    help = (
        "Create the town's signing certificate authority if it is missing and issue signing "
        "keys for people (kept encrypted with SIGNING_PASSPHRASE under SIGNING_KEYSTORE_DIR)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--user",
            action="append",
            default=[],
            metavar="USERNAME",
            help="Issue a signing key for this user (repeatable).",
        )
        parser.add_argument(
            "--all-signers",
            action="store_true",
            help="Issue signing keys for the secretariat and for chairs and deputy chairs.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace an existing authority and reissue every key it issued.",
        )

    def handle(self, *args, user, all_signers, force, **options):
        try:
            self._handle(usernames=user, all_signers=all_signers, force=force)
        except SigningError as error:
            raise CommandError(str(error)) from error

    def _handle(self, *, usernames, all_signers, force):
        users = self._users(usernames, all_signers=all_signers)
        keystore.passphrase()  # no half-made keystore when the passphrase is missing
        if keystore.ca_certificate() is None or force:
            users += keystore.key_holders()
            authority = keystore.create_authority(
                municipality_name=self._municipality_name(), force=force
            )
            self.stdout.write(f"Created the certificate authority in {keystore.keystore_dir()}.")
        else:
            authority = keystore.load_authority()
            self.stdout.write(f"The certificate authority in {keystore.keystore_dir()} is kept.")
        for person in dict.fromkeys(users):
            if keystore.has_current_certificate(authority, person):
                self.stdout.write(f"{person.get_username()}: current signing key kept.")
            else:
                keystore.issue_certificate(authority, person)
                self.stdout.write(f"{person.get_username()}: signing key issued.")

    def _users(self, usernames, *, all_signers):
        users = list(get_user_model().objects.filter(username__in=usernames))
        unknown = set(usernames) - {user.get_username() for user in users}
        if unknown:
            raise CommandError(f"No such user: {', '.join(sorted(unknown))}.")
        if all_signers:
            users += list(keystore.signing_users())
        return users

    def _municipality_name(self) -> str:
        municipality = Municipality.objects.first()
        if municipality is None:
            raise CommandError("Set up the municipality first (admin or seed_demo).")
        return municipality.name
