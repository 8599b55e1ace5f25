"""Read a rendered page the way a visitor sees it: section headings and table rows as text."""

from html.parser import HTMLParser


class _Rows(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sections = []  # [(heading, [[cell, ...], ...])]
        self._in = None
        self._text = ""
        self._row = None

    def handle_starttag(self, tag, attrs):
        if tag in ("h2", "td"):
            self._in, self._text = tag, ""
        elif tag == "th" and ("scope", "row") in attrs:
            # A row header (the member's name) is a cell of its row like any other.
            self._in, self._text = "td", ""
        elif tag == "tr":
            self._row = []

    def handle_endtag(self, tag):
        if tag == "h2" and self._in == "h2":
            self.sections.append((self._text.strip(), []))
            self._in = None
        elif tag in ("td", "th") and self._in == "td":
            self._row.append(" ".join(self._text.split()))
            self._in = None
        elif tag == "tr" and self._row:
            if not self.sections:
                self.sections.append(("", []))
            self.sections[-1][1].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._in:
            self._text += data


def table_rows_by_heading(html: str) -> dict[str, list[list[str]]]:
    """{h2 text: rows of cell texts of the tables that follow it}."""
    parser = _Rows()
    parser.feed(html)
    return dict(parser.sections)
