"""`/healthz`: does the database answer, and does a message go round the channel layer?"""

import pytest
from channels.layers import channel_layers

from config import health

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
        "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]},
    }
}


@pytest.fixture
def fresh_channel_layers():
    """Channels caches one layer per alias; a test that swaps the settings needs a new one."""
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


def test_healthy_installation_answers_200(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "channel_layer": "ok"}


def test_health_is_never_cached(client):
    response = client.get("/healthz")

    assert "no-cache" in response["Cache-Control"]


def test_health_answers_twice_in_a_row(client):
    codes = [client.get("/healthz").status_code for _ in range(2)]

    assert codes == [200, 200]


def test_unreachable_redis_answers_503(client, settings, fresh_channel_layers, monkeypatch):
    monkeypatch.setattr(health, "TIMEOUT_SECONDS", 1)
    settings.CHANNEL_LAYERS = UNREACHABLE_REDIS

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "down", "database": "ok", "channel_layer": "down"}


def test_failing_database_answers_503(client, monkeypatch):
    def database_is_gone():
        raise ConnectionError("database is gone")

    monkeypatch.setattr(health, "check_database", database_is_gone)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "down", "database": "down", "channel_layer": "ok"}
