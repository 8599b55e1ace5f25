"""The German and English catalogues are complete, compiled and up to date with the sources."""

import shutil

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

LOCALE = settings.BASE_DIR / "locale"
SOURCES = ["config", "council", "meetings", "voting", "minutes", "templates"]


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def test_every_german_message_is_translated():
    po = catalogue("de")
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []


@pytest.mark.parametrize("language", ["de", "en"])
def test_compiled_catalogue_matches_its_source(language):
    po = catalogue(language)
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    compiled = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in mo}
    translated = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in po.translated_entries()}
    assert {key: compiled.get(key) for key in translated} == translated


def test_catalogue_holds_every_message_in_the_sources(tmp_path, settings, monkeypatch):
    # makemessages writes next to the sources it reads, so it reads a copy of them.
    for source in SOURCES:
        shutil.copytree(settings.BASE_DIR / source, tmp_path / source)
    target = tmp_path / "locale" / "de" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(LOCALE / "de" / "LC_MESSAGES" / "django.po", target / "django.po")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["de"], verbosity=0)
    extracted = {entry.msgid for entry in polib.pofile(str(target / "django.po"))}
    committed = {entry.msgid for entry in catalogue("de")}
    assert extracted - committed == set(), "new messages: run `make messages` and translate them"
