"""`config.env.channel_layers`: in-memory for one process, Redis pub/sub when REDIS_URL is set."""

from urllib.parse import urlsplit

import pytest

from config.env import channel_layers, layer_prefix


@pytest.mark.parametrize("url", [None, ""])
def test_without_redis_it_is_the_in_memory_layer(url):
    layer = {"BACKEND": "config.channel_layer.InMemoryChannelLayer"}

    assert channel_layers(url) == {"default": layer}


def test_redis_url_selects_the_pubsub_layer():
    layer = channel_layers("redis://cache.example:6380/2")["default"]

    assert layer["BACKEND"] == "config.channel_layer.RedisPubSubChannelLayer"


def test_redis_layer_connects_to_the_given_host():
    hosts = channel_layers("redis://cache.example:6380/2")["default"]["CONFIG"]["hosts"]

    assert [(urlsplit(h).hostname, urlsplit(h).port) for h in hosts] == [("cache.example", 6380)]


def test_redis_channel_names_carry_the_installation_prefix():
    config = channel_layers("redis://cache.example:6379/0", prefix="ratssaal-musterstadt")

    assert config["default"]["CONFIG"]["prefix"] == "ratssaal-musterstadt"


def test_prefix_comes_from_the_environment_or_the_database_name():
    assert layer_prefix({"REDIS_PREFIX": "staging"}, {"NAME": "ratssaal"}) == "staging"
    assert layer_prefix({}, {"NAME": "ratssaal_e2e"}) == "ratssaal-ratssaal_e2e"
    assert layer_prefix({}, {"NAME": "/srv/ratssaal/db.sqlite3"}) == "ratssaal-db"
