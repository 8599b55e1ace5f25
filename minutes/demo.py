"""The minutes of the demo: the past Stadtrat meeting (`voting.demo`) drafted with the recorder's
notes, finalized, signed by recorder and chair with keys from the town's keystore, and published;
the past Hauptausschuss meeting (`meetings.demo`) finalized and awaiting its signatures.

Signing needs the keystore's passphrase: SIGNING_PASSPHRASE, else the development passphrase in
DEBUG or with `--demo-passwords`. Without one the Stadtrat minutes stay final and unsigned, and
`seed` says so. Seeding again signs what is still unsigned and changes nothing else.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test.utils import override_settings
from django.utils import timezone

from council.demo import COMMITTEES, TOWN
from meetings.models import Meeting
from minutes import rules, services
from minutes.errors import MinutesError
from minutes.models import Minutes, Version
from minutes.signing import keystore
from minutes.signing.signer import Signer, SigningError
from voting.demo import ELECTION, NON_PUBLIC, PAPERS

NOTES = {
    PAPERS[0][0]: (
        "Die Verwaltung erläuterte die Vorlage. Ratsmitglied Lehmann sprach sich für die "
        "Benennung aus und würdigte Hedwig Dohm als Vorkämpferin der Frauenrechte.",
        "",
    ),
    PAPERS[1][0]: (
        "Die Verwaltung stellte die Kosten und den Förderanteil des Landes dar.",
        "Die Fraktion der Grünen erklärt zu Protokoll, dass sie die Umstellung auf LED begrüßt.",
    ),
    ELECTION: ("Vorgeschlagen wurde Herr Manfred Ostermann.", ""),
    NON_PUBLIC: ("Die Kämmerin erläuterte die Lage des Unternehmens.", ""),
}
OPENING = (
    "Die Vorsitzende eröffnete die Sitzung und stellte die ordnungsgemäße Einladung sowie die "
    "Beschlussfähigkeit fest."
)
AWAITING_BODY = COMMITTEES[0][0]  # the Hauptausschuss, chaired by the mayor


def seed(*, with_passwords: bool) -> str | None:
    """Seed the demo minutes; a note for the command's output when they could not be signed."""
    council = Meeting.objects.filter(state=Meeting.State.CLOSED, ballots__isnull=False).first()
    if council is None:
        return None
    finalize_once(council, notes=NOTES)
    awaiting = Meeting.objects.filter(
        state=Meeting.State.CLOSED, body__name=AWAITING_BODY, ballots__isnull=True
    ).first()
    if awaiting is not None:
        finalize_once(awaiting, notes={})
    minutes = Minutes.objects.get(meeting=council)
    if minutes.state not in (Minutes.State.FINAL, Minutes.State.SIGNED):
        return None
    passphrase = demo_passphrase(with_passwords=with_passwords)
    if passphrase is None:
        return unsigned_note(council, "SIGNING_PASSPHRASE is not set")
    try:
        with override_settings(SIGNING_PASSPHRASE=passphrase):
            sign_all(minutes)
    except (SigningError, MinutesError) as error:
        return unsigned_note(council, str(error))
    services.publish(by=minutes.recorder, minutes=minutes)
    return None


def finalize_once(meeting: Meeting, *, notes: dict[str, tuple[str, str]]) -> None:
    """Draft the meeting's minutes with the secretariat as recorder and finalize them, unless
    they exist already (work done on them in the demo is kept)."""
    if Minutes.objects.filter(meeting=meeting).exists():
        return
    clerk = get_user_model().objects.get(username="sekretariat")
    minutes = services.open_minutes(meeting=meeting)
    items = {item.title: item.pk for item in meeting.agenda_items.all()}
    services.update_minutes(
        by=clerk,
        minutes=minutes,
        recorder=clerk,
        chair=minutes.chair,
        opening=OPENING,
        notes={items[title]: texts for title, texts in notes.items()},
    )
    services.finalize(by=clerk, minutes=minutes)


def demo_passphrase(*, with_passwords: bool) -> str | None:
    """The keystore's passphrase; the development one wherever the demo accounts get 'demo'."""
    if settings.SIGNING_PASSPHRASE:
        return settings.SIGNING_PASSPHRASE
    return keystore.DEVELOPMENT_PASSPHRASE if with_passwords else None


def unsigned_note(meeting: Meeting, reason: str) -> str:
    day = timezone.localdate(meeting.start)
    return (
        f"The minutes of the {meeting.body.name} meeting on {day} are "
        f"final but unsigned ({reason.rstrip('.')}): set SIGNING_PASSPHRASE, or run with DEBUG=1 "
        "or --demo-passwords, to sign and publish them."
    )


def sign_all(minutes: Minutes) -> None:
    """Recorder, then chair, each on the full and the public minutes: what is still unsigned."""
    users = {rules.RECORDER: minutes.recorder, rules.CHAIR: minutes.chair.user}
    signers = signers_for(users.values())
    while (version := services.current_version(minutes)).state == Version.State.FINAL:
        (_document, role), *_rest = rules.next_signatures(services.signed_pairs(version))
        user = users[role]
        services.sign_version(by=user, minutes=minutes, signer=signers[user.pk])


def signers_for(users) -> dict[int, Signer]:
    """The users' signers from the keystore: the town's authority and their keys made if
    missing or about to expire."""
    if keystore.ca_certificate() is None:
        authority = keystore.create_authority(municipality_name=TOWN)
    else:
        authority = keystore.load_authority()
    signers = {}
    for user in users:
        if not keystore.has_current_certificate(authority, user):
            keystore.issue_certificate(authority, user)
        signers[user.pk] = keystore.signer_for_user(user)
    return signers
