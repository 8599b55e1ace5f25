"""The plain form of the live requests (`/meetings/<id>/live/action/`) takes whatever a browser
can post: it always answers with a redirect back to the live page, never a server error, and
someone without a seat or a staff role changes nothing with it."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.live import protocol
from tests.security.scene import fingerprint, set_the_scene, users_by_role

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FIELDS = sorted({key for request in protocol.REQUESTS.values() for key in request.fields})
# What a form can carry: text without surrogates (a browser sends UTF-8), NUL and markup included.
form_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40) | st.sampled_from(
    ["", "0", "-1", "99999999999999999999", "1e9", "NaN", "\x00", "<script>", "١٢"]
)
posts = st.fixed_dictionaries(
    {"type": st.sampled_from(sorted(protocol.REQUESTS)) | form_text},
    optional={key: form_text for key in FIELDS},
)


@pytest.fixture
def scene(running, clerk, chair, member, others, outsider, secret_item):
    set_the_scene(running=running, clerk=clerk, secret_item=secret_item, others=others)
    return users_by_role(outsider=outsider, member=member, others=others, chair=chair, clerk=clerk)


@pytest.mark.parametrize("role", ["anonymous", "other_body_member"])
def test_form_posts_of_the_public_change_nothing(scene, running, role):
    browser = Client()
    if scene[role]:
        browser.force_login(scene[role])
    url = reverse("meeting-live-action", args=[running.pk])
    before = fingerprint(running.pk)

    @FUZZ
    @given(post=posts)
    def fuzz(post):
        response = browser.post(url, post)

        assert response.status_code == 302, post
        assert fingerprint(running.pk) == before

    fuzz()


@pytest.mark.parametrize("role", ["member", "conflicted_member", "chair", "secretariat"])
def test_form_posts_of_members_and_staff_never_fail_the_server(scene, running, role):
    browser = Client(raise_request_exception=True)
    browser.force_login(scene[role])
    url = reverse("meeting-live-action", args=[running.pk])

    @FUZZ
    @given(post=posts)
    def fuzz(post):
        assert browser.post(url, post).status_code == 302, post

    fuzz()
