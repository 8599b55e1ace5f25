import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import secret_key


def test_secret_key_is_required_when_not_debug():
    with pytest.raises(ImproperlyConfigured):
        secret_key({}, debug=False)


def test_empty_secret_key_counts_as_missing():
    with pytest.raises(ImproperlyConfigured):
        secret_key({"SECRET_KEY": ""}, debug=False)


def test_debug_uses_a_fixed_insecure_development_key():
    first, second = secret_key({}, debug=True), secret_key({}, debug=True)

    assert first == second
    assert first.startswith("django-insecure")


@pytest.mark.parametrize("debug", [True, False])
def test_given_secret_key_is_used(debug):
    assert secret_key({"SECRET_KEY": "s3cr3t-aus-der-umgebung"}, debug=debug) == (
        "s3cr3t-aus-der-umgebung"
    )
