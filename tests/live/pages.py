"""Reading a live page as its user sees it."""

import re
from html.parser import HTMLParser

TEMPLATE = re.compile(r"<template\b.*?</template>", re.DOTALL)


def shown(html: str) -> str:
    """The page without its inert `<template>`s: the variants of the user's own part that the
    page's script may show instead (a vote form, "your vote is recorded") are not on screen."""
    return TEMPLATE.sub("", html)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Elements(HTMLParser):
    """Where each element with an `id` or a `data-personal` slot starts and ends in the text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=False)
        self.html = html
        self.line_starts = [0]
        for line in html.splitlines(keepends=True):
            self.line_starts.append(self.line_starts[-1] + len(line))
        self.open: list[tuple[str, dict, int, int]] = []
        self.found: list[tuple[dict, int, int, int]] = []
        self.feed(html)

    def position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        start = self.position()
        if tag in VOID:
            return
        self.open.append((tag, dict(attrs), start, start + len(self.get_starttag_text())))

    def handle_endtag(self, tag):
        while self.open:
            name, attrs, start, inner = self.open.pop()
            if name == tag:
                end = self.html.index(">", self.position()) + 1
                self.found.append((attrs, start, inner, end))
                return


def element(html: str, element_id: str) -> str:
    """The element with that id, as it stands in the text."""
    for attrs, start, _inner, end in Elements(html).found:
        if attrs.get("id") == element_id:
            return html[start:end]
    raise AssertionError(f"no element #{element_id}")


def shared_part(html: str) -> str:
    """A region as every page of its audience shares it: no one's CSRF token or request id, and
    its slots for the user's own part empty."""
    slots = sorted(
        (
            (inner, end)
            for attrs, _start, inner, end in Elements(html).found
            if "data-personal" in attrs
        ),
        reverse=True,
    )
    for inner, end in slots:
        closing = html.rindex("</", inner, end)
        html = html[:inner] + html[closing:]
    html = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]*"', r'\1"', html)
    return re.sub(r'(name="request_id" value=")[^"]*"', r'\1"', html)
