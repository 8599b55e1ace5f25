"""`config.env.flag`: a clear yes or no, or a configuration error."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import strategies as st

from config.env import FALSE_WORDS, TRUE_WORDS, flag


@pytest.mark.parametrize("raw", ["1", "true", "True", "YES", "on", " yes "])
def test_yes_words_are_true(raw):
    assert flag({"DEBUG": raw}, "DEBUG", default=False) is True


@pytest.mark.parametrize("raw", ["0", "false", "FALSE", "No", "off", "", "  "])
def test_no_words_are_false(raw):
    assert flag({"DEBUG": raw}, "DEBUG", default=True) is False


@pytest.mark.parametrize("default", [True, False])
def test_missing_variable_takes_the_default(default):
    assert flag({}, "DEBUG", default=default) is default


@pytest.mark.parametrize("raw", ["maybe", "2", "ja", "nein", "y", "true!"])
def test_garbage_is_refused(raw):
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        flag({"DEBUG": raw}, "DEBUG", default=False)


@given(st.text())
def test_anything_but_a_known_word_is_refused(raw):
    known = raw.strip().lower() in TRUE_WORDS | FALSE_WORDS
    try:
        flag({"EMAIL_USE_TLS": raw}, "EMAIL_USE_TLS", default=False)
        refused = False
    except ImproperlyConfigured:
        refused = True

    assert refused != known
