"""Leakage matrix: who sees what of a meeting's non-public part, on every channel it can leave by.

One realistic scenario, built through the services (papers, agenda, documents, invitation, update),
is read by six viewers over some twenty channels: pages, lists, downloads, notice PDFs, calendar
feeds, the live page and the members' e-mail. The table `MATRIX` says for each viewer and channel
whether the viewer sees the secret, does not see it (the channel answers 200 without it), or gets a
404 (never a 403, which would reveal that the thing exists). Both directions are asserted: where the
secret is allowed, its markers must be there; where it is not, no marker of anything non-public (nor
of the draft meeting) may appear anywhere in the answer.

Each case runs twice: with the public page store (config/pages) empty, and with every other
viewer having asked for the same channel first, so that a page stored for the public is there
to be (wrongly) handed out.

The scenario is built once for the module inside a transaction that is rolled back at the end; each
test runs in its own savepoint within it (pytest-django's `db`), so a test cannot change what the
next one reads.
"""

import datetime
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, TestCase, override_settings
from django.utils import timezone
from icalendar import Calendar
from reportlab.platypus import Paragraph

from council.models import Body, Membership
from council.pdf import build_pdf, paragraph_styles
from meetings.models import Meeting, Paper
from meetings.services.agenda import add_item, create_meeting, location_for
from meetings.services.calendar_tokens import renew_calendar_token
from meetings.services.documents import add_document
from meetings.services.invitations import cancel_meeting, send_invitation, send_update
from meetings.services.papers import create_paper
from tests.factories import (
    make_body,
    make_membership,
    make_municipality,
    make_person,
    make_secretariat_user,
    make_user,
)

pytestmark = pytest.mark.django_db

# --- markers: each string occurs in exactly one place of the scenario ----------------------------

PUBLIC_ITEM = "Öffentlicher Punkt Alpha"
PUBLIC_PAPER = "Öffentliche Vorlage Beta"
PUBLIC_DOC = "Anlage Alpha öffentlich"
PUBLIC_DOC_CONTENT = "PDFINHALT Alpha öffentlich"

SECRET_ITEM = "GEHEIM Grundstück Zeta"
SECRET_TEXT = "GEHEIMTEXT Kaufpreis"
SECRET_PAPER = "GEHEIMVORLAGE Omega"
SECRET_ITEM_DOC = "GEHEIMANLAGE Zeta"
SECRET_ITEM_DOC_CONTENT = "PDFINHALT Zeta vertraulich"
SECRET_PAPER_DOC = "GEHEIMANLAGE Omega"
SECRET_PAPER_DOC_CONTENT = "PDFINHALT Omega vertraulich"
# Added after the invitation and sent as an update (Nachtrag): a change in the non-public part.
SECRET_LATE_DOC = "GEHEIMNACHTRAG Ypsilon"
SECRET_LATE_DOC_CONTENT = "PDFINHALT Ypsilon vertraulich"

DRAFT = "ENTWURF Sigma"  # in the draft's room, notes, both items and its document
DRAFT_DOC_CONTENT = "PDFINHALT Sigma Entwurf"

CANCELLED_DRAFT = "ABGESAGT Kappa"  # a draft cancelled before any invitation went out

NON_PUBLIC_NOTICE = "Nichtöffentlicher Teil: nur für Mitglieder"

# --- viewers -------------------------------------------------------------------------------------

ANONYMOUS = "anonymous"
OTHER_BODY_MEMBER = "other_body_member"
MEMBER = "member"
ADVISORY_MEMBER = "advisory_member"
FORMER_MEMBER = "former_member"
SECRETARIAT = "secretariat"

VIEWERS = (ANONYMOUS, OTHER_BODY_MEMBER, MEMBER, ADVISORY_MEMBER, FORMER_MEMBER, SECRETARIAT)
BODY_MEMBERS = frozenset({MEMBER, ADVISORY_MEMBER})

SEES = "sees secret"
HIDE = "does not see secret"
GONE = "404"


# --- the scenario --------------------------------------------------------------------------------


@dataclass
class Scenario:
    body: Body
    other_body: Body
    meeting: Meeting
    draft: Meeting
    cancelled_draft: Meeting
    public_paper: Paper
    secret_paper: Paper
    users: dict = field(default_factory=dict)  # viewer name -> user (no entry for anonymous)
    tokens: dict = field(default_factory=dict)  # viewer name -> private calendar token
    documents: dict = field(default_factory=dict)  # marker -> Document
    mails: list = field(default_factory=list)
    media_root: object = None

    @property
    def secrets(self) -> tuple[str, ...]:
        """Everything of the invited meeting that only its body's members and staff may read."""
        return (
            SECRET_ITEM,
            SECRET_TEXT,
            SECRET_PAPER,
            SECRET_ITEM_DOC,
            SECRET_ITEM_DOC_CONTENT,
            SECRET_PAPER_DOC,
            SECRET_PAPER_DOC_CONTENT,
            SECRET_LATE_DOC,
            SECRET_LATE_DOC_CONTENT,
            self.secret_paper.reference,
            self.meeting.jitsi_room,
        )

    @property
    def draft_secrets(self) -> tuple[str, ...]:
        """Everything of the draft meeting, which is the secretariat's alone."""
        return (DRAFT, DRAFT_DOC_CONTENT, link(self.draft), self.draft.jitsi_room)


def link(meeting: Meeting) -> str:
    return f"/meetings/{meeting.pk}/"


def pdf_upload(name: str, text: str) -> SimpleUploadedFile:
    """A real PDF (rendered like every other PDF of Ratssaal) whose page says `text`."""
    content = build_pdf(
        title="Anlage",
        subject="Anlage zur Sitzung",
        story=[Paragraph(text, paragraph_styles()["body"])],
    )
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def berlin(days: int, hour: int = 18) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def plan(clerk, body, *, days: int, room: str, notes: str) -> Meeting:
    start = berlin(days)
    return create_meeting(
        by=clerk,
        body=body,
        start=start,
        planned_end=start + datetime.timedelta(hours=3),
        location=location_for(
            room=room, street_address="Markt 1", postal_code="12345", locality="Musterstadt"
        ),
        public_notes=notes,
    )


def person_user(name: str, body: Body, **membership):
    user = make_user(username=name, email=f"{name}@example.org")
    person = make_person(user=user, email=f"{name}@example.org")
    make_membership(person=person, body=body, **membership)
    return user


def build_scenario() -> Scenario:
    make_municipality(name="Musterstadt")
    clerk = make_secretariat_user(username="sekretariat", email="sekretariat@example.org")
    body = make_body(name="Stadtrat", short_name="SR")
    other_body = make_body(name="Bauausschuss", kind=Body.Kind.COMMITTEE, legal_member_count=9)
    today = timezone.localdate()
    users = {
        OTHER_BODY_MEMBER: person_user("bauausschuss", other_body),
        MEMBER: person_user("mitglied", body),
        ADVISORY_MEMBER: person_user(
            "beratend", body, role=Membership.Role.ADVISORY, voting_right=False
        ),
        # Left the body a month ago: before today and before the meeting.
        FORMER_MEMBER: person_user(
            "ehemalig",
            body,
            start_date=today - datetime.timedelta(days=400),
            end_date=today - datetime.timedelta(days=30),
        ),
        SECRETARIAT: clerk,
    }

    meeting = plan(clerk, body, days=21, room="Ratssaal", notes="Einlass ab 17:30 Uhr.")
    public_paper = create_paper(
        by=clerk, kind=Paper.Kind.REPORT, title=PUBLIC_PAPER, path=[body], is_public=True
    )
    secret_paper = create_paper(
        by=clerk,
        kind=Paper.Kind.RESOLUTION_PROPOSAL,
        title=SECRET_PAPER,
        path=[body],
        is_public=False,
    )
    public_item = add_item(
        by=clerk, meeting=meeting, title=PUBLIC_ITEM, is_public=True, paper=public_paper
    )
    secret_item = add_item(
        by=clerk,
        meeting=meeting,
        title=SECRET_ITEM,
        is_public=False,
        text=SECRET_TEXT,
        paper=secret_paper,
    )
    documents = {
        PUBLIC_DOC: add_document(
            by=clerk,
            upload=pdf_upload("alpha.pdf", PUBLIC_DOC_CONTENT),
            title=PUBLIC_DOC,
            agenda_item=public_item,
        ),
        SECRET_ITEM_DOC: add_document(
            by=clerk,
            upload=pdf_upload("zeta.pdf", SECRET_ITEM_DOC_CONTENT),
            title=SECRET_ITEM_DOC,
            agenda_item=secret_item,
        ),
        SECRET_PAPER_DOC: add_document(
            by=clerk,
            upload=pdf_upload("omega.pdf", SECRET_PAPER_DOC_CONTENT),
            title=SECRET_PAPER_DOC,
            paper=secret_paper,
        ),
    }
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        send_invitation(by=clerk, meeting=meeting)
    documents[SECRET_LATE_DOC] = add_document(
        by=clerk,
        upload=pdf_upload("ypsilon.pdf", SECRET_LATE_DOC_CONTENT),
        title=SECRET_LATE_DOC,
        agenda_item=secret_item,
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        send_update(by=clerk, meeting=meeting)
    mails = list(mail.outbox)

    draft = plan(clerk, body, days=28, room=f"Sitzungszimmer {DRAFT}", notes=f"Hinweis {DRAFT}")
    draft_item = add_item(
        by=clerk, meeting=draft, title=f"{DRAFT} Punkt", is_public=True, paper=public_paper
    )
    add_item(by=clerk, meeting=draft, title=f"{DRAFT} Geheimpunkt", is_public=False)
    documents[DRAFT] = add_document(
        by=clerk,
        upload=pdf_upload("sigma.pdf", DRAFT_DOC_CONTENT),
        title=f"{DRAFT} Anlage",
        agenda_item=draft_item,
    )

    cancelled_draft = plan(
        clerk,
        body,
        days=35,
        room=f"Sitzungszimmer {CANCELLED_DRAFT}",
        notes=f"Hinweis {CANCELLED_DRAFT}",
    )
    add_item(by=clerk, meeting=cancelled_draft, title=f"{CANCELLED_DRAFT} Punkt", is_public=True)
    cancel_meeting(by=clerk, meeting=cancelled_draft, reason=f"Grund {CANCELLED_DRAFT}")

    for meeting_ in (meeting, draft, cancelled_draft):
        meeting_.refresh_from_db()
    return Scenario(
        body=body,
        other_body=other_body,
        meeting=meeting,
        draft=draft,
        cancelled_draft=cancelled_draft,
        public_paper=public_paper,
        secret_paper=secret_paper,
        users=users,
        tokens={
            viewer: renew_calendar_token(user=user).token
            for viewer, user in users.items()
            if viewer != ANONYMOUS
        },
        documents=documents,
        mails=mails,
    )


@pytest.fixture(scope="module")
def scenario(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module in a transaction that is rolled back when the module is done."""
    media = tmp_path_factory.mktemp("leakage-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        built = build_scenario()
        built.media_root = media
        yield built
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def media_root(settings, scenario):
    """The scenario's files stay where it stored them (overrides any per-test media folder)."""
    settings.MEDIA_ROOT = scenario.media_root
    return settings.MEDIA_ROOT


# --- reading answers -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Seen:
    status: int
    text: str


def pdf_text(content: bytes) -> str:
    """What a reader of the PDF gets: its text (whitespace joined) and its metadata."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(content)
        file.flush()
        text = subprocess.run(
            ["/usr/bin/pdftotext", file.name, "-"], capture_output=True, check=True, text=True
        ).stdout
        info = subprocess.run(
            ["pdfinfo", file.name], capture_output=True, check=True, text=True
        ).stdout
    return " ".join(text.split()) + "\n" + info


def ics_text(content: bytes) -> str:
    """The feed as sent, with folded lines joined, and every event's values as parsed."""
    raw = content.decode()
    unfolded = raw.replace("\r\n ", "").replace("\r\n\t", "")
    values = [
        str(event.get(name, ""))
        for event in Calendar.from_ical(content).events
        for name in ("SUMMARY", "DESCRIPTION", "LOCATION", "URL")
    ]
    return "\n".join([raw, unfolded, *values])


def read(response) -> Seen:
    # Reading a download to its end closes the file; the client's wrapper does that without
    # firing the `request_finished` that would close the test's database connection.
    content = b"".join(response.streaming_content) if response.streaming else response.content
    content_type = response.get("Content-Type", "")
    if response.status_code == 200 and content_type.startswith("application/pdf"):
        return Seen(200, pdf_text(content))
    if response.status_code == 200 and content_type.startswith("text/calendar"):
        return Seen(200, ics_text(content))
    return Seen(response.status_code, content.decode(errors="replace"))


def get(path: Callable[["Scenario"], str]):
    def fetch(s: Scenario, client: Client, viewer: str) -> Seen:
        address = path(s)
        seen = read(client.get(address))
        # Every page (the 404 page too) echoes the requested address in its language switch
        # (`next`): that tells the viewer only what they asked for, so it does not count.
        return Seen(seen.status, seen.text.replace(f'value="{address}"', 'value="(echo)"'))

    return fetch


def private_feed(s: Scenario, client: Client, viewer: str) -> Seen:
    # The anonymous viewer has no account, so no token: an address nobody was given is a 404.
    token = s.tokens.get(viewer, "kein-gueltiges-token-0000000000000000000000")
    return read(client.get(f"/calendar/{token}.ics"))


def mail_text(message) -> str:
    """A mail as its reader gets it: subject, text, calendar file and PDF."""
    parts = [message.subject, message.body]
    for _name, content, mimetype in message.attachments:
        data = content if isinstance(content, bytes) else content.encode()
        if mimetype.startswith("application/pdf"):
            parts.append(pdf_text(data))
        elif mimetype.startswith("text/calendar"):
            parts.append(ics_text(data))
    return "\n".join(parts)


def mailbox(s: Scenario, client: Client, viewer: str) -> Seen:
    """Every mail addressed to the viewer (none for the anonymous viewer, who has no address)."""
    user = s.users.get(viewer)
    return Seen(
        200,
        "\n".join(
            mail_text(message)
            for message in s.mails
            if user is not None and user.email in message.recipients()
        ),
    )


@dataclass(frozen=True)
class Channel:
    fetch: Callable[[Scenario, Client, str], Seen]
    # What "sees secret" means on this channel: every one of these must be in the answer.
    shown: Callable[[Scenario], tuple[str, ...]]
    # What every viewer who gets a 200 must find there (proves the answer is the real thing).
    baseline: Callable[[Scenario], tuple[str, ...]] = lambda s: ()
    # Whether "does not see secret" means nothing non-public at all (the default), or only the
    # `shown` markers for viewers who may read the rest of the meeting elsewhere on the page.
    only_shown_for_insiders: bool = False


def meeting_secrets(s: Scenario) -> tuple[str, ...]:
    return (SECRET_ITEM, SECRET_TEXT, s.secret_paper.reference, SECRET_ITEM_DOC, SECRET_LATE_DOC)


def draft_in_list(s: Scenario) -> tuple[str, ...]:
    return (link(s.draft), f"Sitzungszimmer {DRAFT}")


def calendar_baseline(s: Scenario) -> tuple[str, ...]:
    return ("BEGIN:VCALENDAR", PUBLIC_ITEM)


CHANNELS: dict[str, Channel] = {
    "meeting_page": Channel(
        get(lambda s: link(s.meeting)),
        meeting_secrets,
        lambda s: (PUBLIC_ITEM, PUBLIC_DOC, s.public_paper.reference),
    ),
    "meeting_list": Channel(
        get(lambda s: "/meetings/"), draft_in_list, lambda s: (link(s.meeting),)
    ),
    "start_page": Channel(get(lambda s: "/"), draft_in_list, lambda s: (link(s.meeting),)),
    "paper_list": Channel(
        get(lambda s: "/papers/"), lambda s: (SECRET_PAPER,), lambda s: (PUBLIC_PAPER,)
    ),
    "public_paper_page": Channel(
        get(lambda s: f"/papers/{s.public_paper.pk}/"),
        lambda s: (link(s.draft),),  # its consultation on the draft's agenda
        lambda s: (PUBLIC_PAPER, link(s.meeting)),
    ),
    "secret_paper_page": Channel(
        get(lambda s: f"/papers/{s.secret_paper.pk}/"),
        lambda s: (SECRET_PAPER, SECRET_PAPER_DOC),
    ),
    "public_item_document": Channel(
        get(lambda s: f"/documents/{s.documents[PUBLIC_DOC].pk}/"),
        lambda s: (),
        lambda s: (PUBLIC_DOC_CONTENT,),
    ),
    "secret_item_document": Channel(
        get(lambda s: f"/documents/{s.documents[SECRET_ITEM_DOC].pk}/"),
        lambda s: (SECRET_ITEM_DOC_CONTENT,),
    ),
    "secret_paper_document": Channel(
        get(lambda s: f"/documents/{s.documents[SECRET_PAPER_DOC].pk}/"),
        lambda s: (SECRET_PAPER_DOC_CONTENT,),
    ),
    "public_notice": Channel(
        get(lambda s: f"{link(s.meeting)}bekanntmachung.pdf"),
        lambda s: (),
        lambda s: (PUBLIC_ITEM, s.public_paper.reference, NON_PUBLIC_NOTICE, "Fassung 2"),
    ),
    "invitation_pdf": Channel(
        get(lambda s: f"{link(s.meeting)}einladung.pdf"),
        lambda s: (SECRET_ITEM, s.secret_paper.reference),
        lambda s: (PUBLIC_ITEM, "Fassung 2"),
    ),
    "public_feed": Channel(get(lambda s: "/calendar.ics"), lambda s: (), calendar_baseline),
    "body_feed": Channel(
        get(lambda s: f"/council/{s.body.pk}/calendar.ics"), lambda s: (), calendar_baseline
    ),
    "private_feed": Channel(
        private_feed,
        lambda s: (SECRET_ITEM, s.secret_paper.reference),
        lambda s: ("BEGIN:VCALENDAR",),
    ),
    "live_page": Channel(
        get(lambda s: f"{link(s.meeting)}live/"),
        lambda s: (SECRET_ITEM,),
        lambda s: (s.body.name, PUBLIC_ITEM),
    ),
    "live_remote": Channel(
        get(lambda s: f"{link(s.meeting)}live/?teilnahme=remote"),
        lambda s: (s.meeting.jitsi_room,),
        lambda s: (s.body.name,),
        only_shown_for_insiders=True,  # the page itself is `live_page`; here: the room
    ),
    "live_display": Channel(
        get(lambda s: f"{link(s.meeting)}display/"), lambda s: (), lambda s: (s.body.name,)
    ),
    "event_log": Channel(
        get(lambda s: f"{link(s.meeting)}events.json"), lambda s: (), lambda s: ('"events"',)
    ),
    "mail": Channel(mailbox, lambda s: (SECRET_ITEM, s.secret_paper.reference, SECRET_LATE_DOC)),
    "draft_page": Channel(
        get(lambda s: link(s.draft)),
        lambda s: (f"{DRAFT} Punkt", f"{DRAFT} Geheimpunkt", f"Hinweis {DRAFT}"),
    ),
    "draft_live_page": Channel(
        get(lambda s: f"{link(s.draft)}live/"), lambda s: (f'href="{link(s.draft)}"',)
    ),
    "draft_document": Channel(
        get(lambda s: f"/documents/{s.documents[DRAFT].pk}/"), lambda s: (DRAFT_DOC_CONTENT,)
    ),
    "cancelled_draft_page": Channel(
        get(lambda s: link(s.cancelled_draft)),
        lambda s: (f"{CANCELLED_DRAFT} Punkt", f"Grund {CANCELLED_DRAFT}"),
    ),
    "cancelled_draft_in_public_feed": Channel(
        get(lambda s: "/calendar.ics"),
        lambda s: (CANCELLED_DRAFT,),
        calendar_baseline,
    ),
}

# Who gets what. The draft lives in lists, feeds and the public paper's consultation path only for
# the secretariat; the private feed lists the meetings of the viewer's own bodies, and the
# secretariat, a member of none, gets an empty one. The public feeds are the same for everyone.
# fmt: off
MATRIX: dict[str, tuple[str, ...]] = {
    #                                 anonym  other   member  advis.  former  secretariat
    "meeting_page":                   (HIDE,  HIDE,   SEES,   SEES,   HIDE,   SEES),
    "meeting_list":                   (HIDE,  HIDE,   HIDE,   HIDE,   HIDE,   SEES),
    "start_page":                     (HIDE,  HIDE,   HIDE,   HIDE,   HIDE,   SEES),
    # Members may open the non-public paper (secret_paper_page), but the list shows it to the
    # secretariat only (`queries.papers_for`): stricter than needed, not a leak.
    "paper_list":                     (HIDE,  HIDE,   HIDE,   HIDE,   HIDE,   SEES),
    "public_paper_page":              (HIDE,  HIDE,   HIDE,   HIDE,   HIDE,   SEES),
    "secret_paper_page":              (GONE,  GONE,   SEES,   SEES,   GONE,   SEES),
    "public_item_document":           (HIDE,  HIDE,   HIDE,   HIDE,   HIDE,   HIDE),
    "secret_item_document":           (GONE,  GONE,   SEES,   SEES,   GONE,   SEES),
    "secret_paper_document":          (GONE,  GONE,   SEES,   SEES,   GONE,   SEES),
    "public_notice":                  (HIDE,  HIDE,   HIDE,   HIDE,   HIDE,   HIDE),
    "invitation_pdf":                 (GONE,  GONE,   SEES,   SEES,   GONE,   SEES),
    "public_feed":                    (HIDE,  HIDE,   HIDE,   HIDE,   HIDE,   HIDE),
    "body_feed":                      (HIDE,  HIDE,   HIDE,   HIDE,   HIDE,   HIDE),
    "private_feed":                   (GONE,  HIDE,   SEES,   SEES,   HIDE,   HIDE),
    "live_page":                      (HIDE,  HIDE,   SEES,   SEES,   HIDE,   SEES),
    # The Jitsi room is for those with a seat; staff without one run the meeting from the panel.
    "live_remote":                    (HIDE,  HIDE,   SEES,   SEES,   HIDE,   HIDE),
    # The hall display is the public view, whoever opens it.
    "live_display":                   (HIDE,  HIDE,   HIDE,   HIDE,   HIDE,   HIDE),
    "event_log":                      (GONE,  GONE,   GONE,   GONE,   GONE,   SEES),
    "mail":                           (HIDE,  HIDE,   SEES,   SEES,   HIDE,   HIDE),
    "draft_page":                     (GONE,  GONE,   GONE,   GONE,   GONE,   SEES),
    "draft_live_page":                (GONE,  GONE,   GONE,   GONE,   GONE,   SEES),
    "draft_document":                 (GONE,  GONE,   GONE,   GONE,   GONE,   SEES),
    "cancelled_draft_page":           (GONE,  GONE,   GONE,   GONE,   GONE,   SEES),
    "cancelled_draft_in_public_feed": (HIDE,  HIDE,   HIDE,   HIDE,   HIDE,   HIDE),
}
# fmt: on


def cases():
    assert set(MATRIX) == set(CHANNELS)
    for channel, row in MATRIX.items():
        for viewer, expected in zip(VIEWERS, row, strict=True):
            yield pytest.param(viewer, channel, expected, id=f"{viewer}-{channel}")


def present(markers, text: str) -> list[str]:
    return [marker for marker in markers if marker and marker in text]


def warm_the_stored_pages(s: Scenario, channel: str, viewer: str) -> None:
    """Every other viewer asks for the channel first (insiders before the public, then the
    public again), so that whatever the public page store keeps is there when `viewer` asks."""
    others = [other for other in VIEWERS if other != viewer]
    for other in (*sorted(others, key=lambda name: name == ANONYMOUS), ANONYMOUS):
        client = Client()
        if user := s.users.get(other):
            client.force_login(user)
        CHANNELS[channel].fetch(s, client, other)


@pytest.mark.parametrize("stored_pages", ["cold", "warm"])
@pytest.mark.parametrize(("viewer", "channel", "expected"), list(cases()))
def test_leakage_matrix(scenario, client, viewer, channel, expected, stored_pages):
    if stored_pages == "warm":
        warm_the_stored_pages(scenario, channel, viewer)
    if user := scenario.users.get(viewer):
        client.force_login(user)
    spec = CHANNELS[channel]

    seen = spec.fetch(scenario, client, viewer)

    shown = spec.shown(scenario)
    if expected == SEES:
        assert seen.status == 200
        assert present(shown, seen.text) == list(shown), "the viewer must see the secret here"
        assert present(spec.baseline(scenario), seen.text) == list(spec.baseline(scenario))
        if viewer in BODY_MEMBERS:
            assert present(scenario.draft_secrets, seen.text) == []
        return
    assert seen.status == (404 if expected == GONE else 200)
    if expected == HIDE:
        assert present(spec.baseline(scenario), seen.text) == list(spec.baseline(scenario))
    insider = viewer in BODY_MEMBERS or viewer == SECRETARIAT
    secrets = () if insider and spec.only_shown_for_insiders else scenario.secrets
    forbidden = (*shown, *secrets, *scenario.draft_secrets)
    assert present(forbidden, seen.text) == []


# --- the members' e-mail -------------------------------------------------------------------------


def member_addresses(s: Scenario) -> set[str]:
    return {s.users[MEMBER].email, s.users[ADVISORY_MEMBER].email}


def test_invitation_and_update_go_to_each_member_of_the_body_and_to_no_one_else(scenario):
    invitations = [m for m in scenario.mails if m.subject.startswith("Einladung")]
    updates = [m for m in scenario.mails if m.subject.startswith("Geänderte Einladung")]

    assert len(invitations) == len(updates) == 2
    for messages in (invitations, updates):
        assert {address for m in messages for address in m.recipients()} == member_addresses(
            scenario
        )
    for message in scenario.mails:
        assert message.to and len(message.recipients()) == 1, "addresses stay private"
        assert not message.cc and not message.bcc


def test_every_mail_with_the_secret_is_addressed_to_a_member_of_the_body(scenario):
    members = member_addresses(scenario)
    for message in scenario.mails:
        text = mail_text(message)

        assert SECRET_ITEM in text
        assert set(message.recipients()) <= members
