"""The templates keep the Content-Security-Policy strict and every form protected against CSRF:
no inline script, style or event handler, and a `{% csrf_token %}` in every POST form."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import resolve

TEMPLATES = sorted(Path(settings.BASE_DIR, "templates").rglob("*.html"))
TEMPLATE_TAGS = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.DOTALL)
TAG = re.compile(r"<[a-zA-Z][^>]*>")


def html_tags(path: Path) -> list[str]:
    """The HTML tags of a template, its template tags and variables taken out."""
    return TAG.findall(TEMPLATE_TAGS.sub("", path.read_text()))


def name(path: Path) -> str:
    return str(path.relative_to(Path(settings.BASE_DIR, "templates")))


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 20


@pytest.mark.parametrize("path", TEMPLATES, ids=name)
def test_no_inline_script_or_style(path):
    tags = html_tags(path)

    inline_scripts = [
        tag
        for tag in tags
        if tag.lower().startswith("<script")
        and "src=" not in tag
        and 'type="application/json"' not in tag  # data for scripts, never run (json_script)
    ]
    assert inline_scripts == []
    assert [tag for tag in tags if tag.lower().startswith("<style")] == []
    assert [tag for tag in tags if re.search(r"\sstyle\s*=", tag)] == []
    assert [tag for tag in tags if re.search(r"\son[a-z]+\s*=", tag, re.IGNORECASE)] == []
    assert [tag for tag in tags if "javascript:" in tag.lower()] == []


# The one form that posts to a view exempt from CSRF on purpose: the language switch is on every
# page, and a page for every visitor carries no one's token (config/pages).
TOKENLESS_FORM = "action=\"{% url 'set_language' %}\""
POST_FORM = re.compile(
    r"(<form\b[^>]*method=\"post\"[^>]*>)(.*?)</form>", re.DOTALL | re.IGNORECASE
)


@pytest.mark.parametrize("path", TEMPLATES, ids=name)
def test_every_post_form_has_a_csrf_token(path):
    forms = POST_FORM.findall(path.read_text())

    assert [
        body for tag, body in forms if TOKENLESS_FORM not in tag and "{% csrf_token %}" not in body
    ] == []


def test_only_the_language_switch_posts_without_a_token():
    view = resolve("/i18n/setlang/").func

    assert getattr(view, "csrf_exempt", False)
    exempt = [name(p) for p in TEMPLATES if TOKENLESS_FORM in p.read_text()]
    assert exempt == ["base.html"]


def test_json_script_is_the_only_inline_script_and_holds_data():
    """`json_script` writes <script type="application/json">: CSP does not run it."""
    users = [p for p in TEMPLATES if "json_script" in p.read_text()]

    assert sorted(name(p) for p in users) == [
        "meetings/live/display.html",
        "meetings/live/page.html",
    ]
