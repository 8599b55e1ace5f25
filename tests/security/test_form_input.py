"""Bad input through the secretariat's forms: markup in every text field is shown as text on
every page, in the notice PDFs and in calendar files; path tricks in file names stay data;
impossible dates are refused with a message and create nothing."""

import datetime
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from meetings.calendar import invitation_calendar
from meetings.models import AgendaItem, Document, Meeting, Paper
from meetings.notice_pdf import render_notice
from meetings.services.documents import add_document
from tests.meetings.factories import make_item, make_meeting, pdf_bytes, set_state, upload

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
# reportlab's Paragraph reads mini-HTML: unescaped, this would load a file from the server's disk,
# turn into a link or blow the page up.
PDF_MARKUP = '<img src="/etc/passwd"/><a href="javascript:alert(1)">x</a><font size="90">y</font>'
SHORT = "<b>9</b>"  # fits the postal code
# Upcoming, so that the start page and the list of meetings show it.
IN_A_MONTH = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()


@pytest.fixture
def hostile_meeting(clerk_client, clerk, body):
    """A meeting, an item, a document and a paper, all made through the forms with markup in
    every text field."""
    response = clerk_client.post(
        reverse("meeting-create"),
        {
            "body": body.pk,
            "date": IN_A_MONTH,
            "start_time": "18:00",
            "end_time": "21:00",
            "room": f"{SCRIPT} {PDF_MARKUP}",
            "street_address": SCRIPT,
            "postal_code": SHORT,
            "locality": SCRIPT,
            "is_hybrid": "on",
            "public_notes": f"{SCRIPT}\n{PDF_MARKUP}",
        },
    )
    assert response.status_code == 302, response.content
    meeting = Meeting.objects.get()
    clerk_client.post(
        reverse("paper-create"),
        {
            "kind": "resolution_proposal",
            "title": SCRIPT,
            "resolution_text": SCRIPT,
            "originator_department": SCRIPT,
            "is_public": "on",
            "path": [body.pk],
        },
    )
    paper = Paper.objects.get()
    clerk_client.post(
        reverse("agenda-edit", args=[meeting.pk]),
        {"title": f"{SCRIPT} {PDF_MARKUP}", "is_public": "1", "paper": paper.pk, "text": SCRIPT},
    )
    item = AgendaItem.objects.get(title__startswith="<script>")
    clerk_client.post(
        reverse("agenda-item-edit", args=[meeting.pk, item.pk]),
        {
            "action": "document",
            "title": SCRIPT,
            "file": SimpleUploadedFile(
                f"{SCRIPT}.pdf", pdf_bytes(), content_type="application/pdf"
            ),
        },
    )
    assert Document.objects.filter(title=SCRIPT).exists()
    return set_state(meeting, "invited"), item, paper


def pages(meeting, item, paper):
    return [
        reverse("home"),
        reverse("meeting-list"),
        reverse("meeting-detail", args=[meeting.pk]),
        reverse("meeting-live", args=[meeting.pk]),
        reverse("meeting-display", args=[meeting.pk]),
        reverse("agenda-edit", args=[meeting.pk]),
        reverse("agenda-item-edit", args=[meeting.pk, item.pk]),
        reverse("meeting-edit", args=[meeting.pk]),
        reverse("paper-list"),
        reverse("paper-detail", args=[paper.pk]),
        reverse("paper-edit", args=[paper.pk]),
    ]


def test_markup_in_every_text_field_is_escaped_on_every_page(clerk_client, hostile_meeting):
    shown = []
    for url in pages(*hostile_meeting):
        html = clerk_client.get(url).content.decode()

        assert "<script>alert" not in html, url
        assert "<img src=x" not in html, url
        shown.append(ESCAPED in html)
    # The hall display shows only the item under discussion, and none is.
    assert shown == [True] * 4 + [False] + [True] * 6


def test_markup_in_every_text_field_is_text_in_the_notice_pdf(hostile_meeting, tmp_path):
    meeting, _item, _paper = hostile_meeting
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(render_notice(meeting, include_non_public=True, version=1))

    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout

    assert '<img src="/etc/passwd"/>' in text
    assert '<a href="javascript:alert(1)">x</a>' in text
    assert '<script>alert("x")</script>' in text
    assert b"/URI" not in pdf.read_bytes()  # no link was made


def test_line_breaks_in_texts_cannot_add_calendar_properties(clerk, hostile_meeting):
    meeting, item, _paper = hostile_meeting
    injected = "Ratssaal\r\nATTENDEE:mailto:mallory@example.org\r\nEND:VEVENT\r\nBEGIN:VEVENT"
    meeting.location.room = injected
    meeting.location.save()
    AgendaItem.objects.filter(pk=item.pk).update(title=injected)

    ics = invitation_calendar(
        meeting, method="REQUEST", sequence=0, include_non_public=False, url="https://x/"
    )

    (event,) = Calendar.from_ical(ics).walk("VEVENT")
    assert "ATTENDEE" not in event
    # The line breaks are escaped into the text (iCalendar keeps them as \n).
    assert event["LOCATION"].startswith("Ratssaal\nATTENDEE:mailto:mallory@example.org")
    assert "ATTENDEE:mailto:mallory@example.org" in event["DESCRIPTION"]


@pytest.mark.parametrize(
    "name", ["../../etc/passwd.pdf", "..\\..\\windows\\system32\\x.pdf", "/etc/cron.d/x.pdf"]
)
def test_path_in_an_uploaded_file_name_stays_data(clerk_client, clerk, body, media_root, name):
    meeting = make_meeting(by=clerk, body=body)
    item = make_item(by=clerk, meeting=meeting)

    clerk_client.post(
        reverse("agenda-item-edit", args=[meeting.pk, item.pk]),
        {
            "action": "document",
            "title": "Anlage",
            "file": SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf"),
        },
    )

    document = Document.objects.get()
    assert "/" not in document.original_name and "\\" not in document.original_name
    stored = (media_root / document.file.name).resolve()
    assert stored.is_relative_to((media_root / "documents").resolve())
    assert [p.name for p in media_root.rglob("*") if p.is_file()] == [stored.name]


def test_download_header_cannot_be_split_by_the_file_name(clerk_client, clerk, body):
    meeting = make_meeting(by=clerk, body=body)
    item = make_item(by=clerk, meeting=meeting)
    document = add_document(
        by=clerk,
        upload=upload(pdf_bytes(), name='a"\r\nSet-Cookie: x=1\x00.pdf'),
        title="Anlage",
        agenda_item=item,
    )

    response = clerk_client.get(reverse("document-download", args=[document.pk]))

    assert "Set-Cookie" not in response.cookies and "x" not in response.cookies
    disposition = response["Content-Disposition"]
    assert "\n" not in disposition and "\r" not in disposition
    # The quote in the name is escaped: the quoted file name ends where it should.
    assert disposition == 'inline; filename="a\\"Set-Cookie: x=1.pdf"'


@pytest.mark.parametrize(
    ("date", "start", "end"),
    [
        ("2026-02-30", "18:00", "20:00"),
        ("2026-13-01", "18:00", "20:00"),
        ("0000-01-01", "18:00", "20:00"),
        ("99999-01-01", "18:00", "20:00"),
        ("2026-12-01", "25:00", "26:00"),
        ("2026-12-01", "18:00", "18:60"),
        ("1.12.2026<script>", "18:00", "20:00"),
        ("", "", ""),
    ],
)
def test_impossible_date_or_time_is_refused_and_creates_nothing(
    clerk_client, body, date, start, end
):
    response = clerk_client.post(
        reverse("meeting-create"),
        {
            "body": body.pk,
            "date": date,
            "start_time": start,
            "end_time": end,
            "room": "Saal",
            "street_address": "Markt 1",
            "postal_code": "12345",
            "locality": "Musterstadt",
        },
    )

    assert response.status_code == 200
    assert 'class="kern-error"' in response.content.decode() or "kern-error" in response.text
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("year", ["0001", "9999"])
def test_meeting_at_the_edge_of_the_calendar_is_refused(clerk_client, body, year):
    response = clerk_client.post(
        reverse("meeting-create"),
        {
            "body": body.pk,
            "date": f"{year}-12-31",
            "start_time": "18:00",
            "end_time": "20:00",
            "room": "Saal",
            "street_address": "Markt 1",
            "postal_code": "12345",
            "locality": "Musterstadt",
        },
    )

    assert response.status_code == 200
    assert "Geben Sie ein Datum zwischen 2000 und 2199 an." in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("query", ["?month=99999-99", "?month=<script>", "?body=abc", "?body=-1"])
def test_bad_filter_of_the_meeting_list_is_a_message_not_an_error(client, query):
    response = client.get(reverse("meeting-list") + query)

    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[-1]


def test_markup_in_the_cancellation_reason_is_escaped(clerk_client, hostile_meeting):
    meeting, _item, _paper = hostile_meeting

    clerk_client.post(reverse("meeting-cancel", args=[meeting.pk]), {"reason": SCRIPT})

    html = Client().get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
    assert Meeting.objects.get().state == "cancelled"
    assert "<script>alert" not in html and ESCAPED in html


def test_markup_in_standard_items_is_escaped(clerk_client, body):
    clerk_client.post(
        reverse("standard-items-edit", args=[body.pk]), {"public": SCRIPT, "non_public": ""}
    )

    html = clerk_client.get(reverse("standard-items-edit", args=[body.pk])).content.decode()
    assert body.standard_items.get().title == SCRIPT
    assert "<script>alert" not in html


def test_markup_in_live_texts_is_escaped_for_staff_and_public(clerk_client, running):
    clerk_client.post(
        reverse("meeting-live-action", args=[running.pk]),
        {"type": "meeting.interrupt", "reason": SCRIPT},
    )

    for browser in (clerk_client, Client()):
        html = browser.get(reverse("meeting-live", args=[running.pk])).content.decode()
        assert "<script>alert" not in html and ESCAPED in html


def test_nul_character_in_a_text_field_is_a_form_error(clerk_client, body):
    response = clerk_client.post(
        reverse("meeting-create"),
        {
            "body": body.pk,
            "date": IN_A_MONTH,
            "start_time": "18:00",
            "end_time": "20:00",
            "room": "Saal\x00",
            "street_address": "Markt 1",
            "postal_code": "12345",
            "locality": "Musterstadt",
        },
    )

    assert response.status_code == 200
    assert "Nullzeichen sind nicht erlaubt." in response.content.decode()
    assert not Meeting.objects.exists()
