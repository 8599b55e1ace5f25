import pytest
from django.utils import translation

from tests.factories import make_body, make_secretariat_user
from tests.meetings.factories import make_emailed_member, make_meeting


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Notices and documents the services store go to a fresh folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def english():
    """Messages in English, so that tests can read them; German is the project's default."""
    with translation.override("en"):
        yield


@pytest.fixture
def clerk(db):
    return make_secretariat_user()


@pytest.fixture
def body(db):
    return make_body(name="Stadtrat", short_name="SR")


@pytest.fixture
def meeting(clerk, body):
    """A draft meeting of the Stadtrat 30 days ahead, with an empty agenda."""
    return make_meeting(by=clerk, body=body)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a service and then what it left for after the commit (the e-mails), as in production:
    tests run inside a transaction that never commits."""

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


@pytest.fixture
def members(body):
    """The addresses of the Stadtrat's three members, each of whom gets the mails."""
    addresses = ["anna@example.org", "bernd@example.org", "carla@example.org"]
    for address in addresses:
        make_emailed_member(body, address)
    return addresses


@pytest.fixture
def clerk_client(client, clerk):
    """A browser logged in as the secretariat."""
    client.force_login(clerk)
    return client
