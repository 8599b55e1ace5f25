"""A first-time visitor's browser for bench/crowd.py: what Chromium sends to load one page, and
nothing more (bench/README.md, "What a simulated visitor does").

One `Visitor` is one person with a fresh desktop Chromium: no cookies, an empty HTTP cache, a
German (or English) Accept-Language. `Visitor.load(url)` does what Chromium does on the wire:

1. GET the page with a browser's navigation headers (Accept, Accept-Language, Accept-Encoding,
   User-Agent, the Sec-Fetch-* of a typed-in address) and the visitor's cookies.
2. The subresources the HTML references, each once, in document order, through at most six
   keep-alive connections to the host (the HTML's own connection among them): stylesheets,
   scripts (a module script's static imports too), images, preloads. Then what the stylesheets
   need once they are in: their @imports, and the web fonts of the @font-face rules that the
   page's text uses (`Cascade` works out the family, weight and style of every piece of text
   as Chromium's style engine would, for a 1280 px wide window). The icon (the page's
   `<link rel=icon>`, or /favicon.ico) comes last, after the load, as Chromium asks for it.
3. A page with a `data-socket-path` (the live page) opens its websocket once its stylesheets and
   scripts are in (live.js is a module script: it runs after them), as live.js does
   (bench/livepage.py), with the visitor's cookies; it waits for the first snapshot, swaps the
   snapshot's regions into the document as live.js does (a region can bring text in a weight
   not used before: Chromium then loads that font too) and closes the socket.

Cookies are kept per visitor as a browser keeps them. `Visitor.load` again is a repeat visit
with the browser's HTTP cache: a response stored fresh (Cache-Control max-age, immutable,
Expires, or Chromium's heuristic of a tenth of the time since Last-Modified) is used without a
request; a stale one with an ETag or Last-Modified is asked for with If-None-Match /
If-Modified-Since (304: the stored body); anything else is asked for again.

What is requested is a pure function of the HTML, the stylesheets (and, for the live page, the
snapshot): `requests_for_page` composes it for the browser test (tests/e2e/test_crowd_visitor.py),
which compares it with what Chromium asks for. Many visitors get the same HTML but for the CSRF
token: `Renderer` works out a page's requests once per distinct document and shares them.

Left out (none is on the public pages; `Plan.unhandled` lists any that appear): images in
`srcset`'s width descriptors, `loading=lazy` (treated as eager), `<video>`, `<audio>`,
`<object>`, `<embed>`, frames' own subresources, inline `<style>` and `style` attributes (the
site's CSP forbids them), `::first-letter`, list markers, SVG text.
"""

import asyncio
import copy
import hashlib
import re
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import cssselect2
import lxml.html
import tinycss2
from aiohttp import ClientError, ClientSession, ClientTimeout, CookieJar, TCPConnector
from websockets.exceptions import ConnectionClosed, InvalidHandshake
from yarl import URL

from bench.livepage import Page, PagePlan, open_page
from tests.services.liveclient import backoff

USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/156.0.0.0 Safari/537.36"
)
ACCEPT_LANGUAGE = {"de": "de-DE,de;q=0.9", "en": "en-US,en;q=0.9"}
ACCEPT_ENCODING = "gzip, deflate, br"
ACCEPT = {
    "document": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
    "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7",
    "style": "text/css,*/*;q=0.1",
    "image": "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8",
}
CONNECTIONS_PER_HOST = 6  # Chromium's limit for HTTP/1.1
WINDOW = {"width": 1280, "height": 800}  # for media queries: a desktop window
ROOT_FONT_PX = 16
SOCKET_TRIES = 8  # live.js tries for ever; a visitor gives up after this many
JS_TYPES = {"", "module", "text/javascript", "application/javascript", "text/ecmascript"}
IMPORT = re.compile(r"""(?:^|[;\s])(?:import|export)\s*(?:[^'";]*?\sfrom\s*)?["']([^"']+)["']""")
FONT_FORMATS = {"", "woff2", "woff", "truetype", "opentype"}
GENERIC_FAMILIES = {
    "serif",
    "sans-serif",
    "monospace",
    "cursive",
    "fantasy",
    "system-ui",
    "ui-sans-serif",
    "ui-serif",
    "ui-monospace",
    "math",
    "emoji",
    "-apple-system",
}
HEURISTIC_STATUSES = {200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501}


@dataclass(frozen=True)
class Fetch:
    """One request of a page load: the URL, what the browser fetches it as (Fetch's
    destination: document, style, script, image, font; `icon` for the favicon), and what made
    the browser ask for it (html, css, snapshot)."""

    url: str
    destination: str
    initiator: str = "html"


# The HTML ---------------------------------------------------------------------------------------


def parse_html(html: str):
    return lxml.html.document_fromstring(html)


def inert(element) -> bool:
    """Inside a <template> or a <noscript> (with scripting on, its content is text)."""
    return any(ancestor.tag in ("template", "noscript") for ancestor in element.iterancestors())


def html_fetches(root, page_url: str) -> tuple[list[Fetch], list[str]]:
    """What the HTML itself makes the browser fetch, in document order, once each (the icon
    not included: see `icon_fetch`); and the elements with a source it does not handle."""
    base = next((b.get("href") for b in root.iter("base") if b.get("href")), None)
    base_url = urljoin(page_url, base) if base else page_url
    found: dict[str, Fetch] = {}
    unhandled = []

    def add(href: str | None, destination: str) -> None:
        url = absolute(base_url, href)
        if url and url not in found:
            found[url] = Fetch(url, destination)

    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag or inert(element):
            continue
        if tag == "link":
            rel = set((element.get("rel") or "").lower().split())
            if "stylesheet" in rel and "alternate" not in rel and element.get("disabled") is None:
                add(element.get("href"), "style")
            elif "modulepreload" in rel:
                add(element.get("href"), "script")
            elif "preload" in rel and element.get("as"):
                add(element.get("href"), element.get("as"))
        elif tag == "script" and element.get("src") is not None:
            kind = (element.get("type") or "").strip().lower()
            if kind in JS_TYPES and element.get("nomodule") is None:
                add(element.get("src"), "script")
        elif tag == "img" or (tag == "input" and (element.get("type") or "").lower() == "image"):
            add(one_x(element.get("srcset")) or element.get("src"), "image")
        elif tag == "iframe" and element.get("src"):
            add(element.get("src"), "iframe")
        elif tag in ("video", "audio", "source", "object", "embed", "track") and (
            element.get("src") or element.get("data") or element.get("poster")
        ):
            unhandled.append(tag)
    return list(found.values()), unhandled


def absolute(base_url: str, href: str | None) -> str | None:
    if not href or not href.strip():
        return None
    url = urljoin(base_url, href.strip()).split("#", 1)[0]
    return url if urlsplit(url).scheme in ("http", "https") else None


def one_x(srcset: str | None) -> str | None:
    """The 1x candidate of a srcset with density descriptors (a window of device pixel ratio 1)."""
    for candidate in (srcset or "").split(","):
        parts = candidate.split()
        if parts and (len(parts) == 1 or parts[1] == "1x"):
            return parts[0]
    return None


def icon_fetch(root, page_url: str) -> Fetch:
    """The favicon Chromium asks for: the first `<link rel=icon>`, else /favicon.ico."""
    for link in root.iter("link"):
        if "icon" in (link.get("rel") or "").lower().split() and link.get("href"):
            return Fetch(absolute(page_url, link.get("href")), "icon")
    return Fetch(urljoin(page_url, "/favicon.ico"), "icon")


def socket_url(root, page_url: str) -> str | None:
    """live.js's socketUrl(): the page's `data-socket-path` on the page's host."""
    for element in root.iter():
        if isinstance(element.tag, str) and element.get("data-socket-path"):
            scheme = "wss" if page_url.startswith("https:") else "ws"
            return f"{scheme}://{urlsplit(page_url).netloc}{element.get('data-socket-path')}"
    return None


def module_imports(script: str, script_url: str) -> list[Fetch]:
    """A module script's static imports (a dynamic import() is the script's business)."""
    return [
        Fetch(url, "script", "script")
        for url in dict.fromkeys(absolute(script_url, spec) for spec in IMPORT.findall(script))
        if url
    ]


def apply_snapshot(root, message: dict):
    """The document after live.js has handled its first snapshot, for a public visitor: the
    regions swapped in by id (applyRegions), the roll call's filter shown
    (showScriptedParts, filterRollCall), and the personal slots filled from their templates for
    `you.person == null` (personalize). A copy; `root` stays as it was."""
    root = copy.deepcopy(root)
    for region_id, html in (message.get("regions") or {}).items():
        old = root.get_element_by_id(region_id, None)
        fragments = lxml.html.fragments_fromstring(html) if html.strip() else []
        fresh = next((f for f in fragments if not isinstance(f, str)), None)
        if old is None or fresh is None:
            continue
        fresh.tail = old.tail
        old.getparent().replace(old, fresh)
    for part in root.xpath("//*[@data-rollcall-filter]"):
        part.attrib.pop("hidden", None)
    for row in root.xpath("//*[contains(@class, 'live-rollcall')]//tbody/tr"):
        row.attrib.pop("hidden", None)
    variant = "" if (message.get("you") or {}).get("person") is None else None
    if variant is not None:
        for slot in root.xpath("//*[@data-personal]"):
            personalize(root, slot, variant)
    return root


def personalize(root, slot, variant: str) -> None:
    if slot.get("data-shown") == variant:
        return
    slot.set("data-shown", variant)
    scope = next((a for a in slot.iterancestors("section")), root)
    name = slot.get("data-personal")
    template = next(
        (
            t
            for t in scope.iter("template")
            if t.get("data-for") == name and t.get("data-variant") == variant
        ),
        None,
    )
    for child in list(slot):
        slot.remove(child)
    slot.text = template.text if template is not None else None
    for child in template if template is not None else ():
        slot.append(copy.deepcopy(child))


# The stylesheets --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FontFace:
    family: str  # lower case
    weights: tuple[float, float]
    style: str  # normal, italic, oblique
    url: str
    ranges: tuple[tuple[int, int], ...] | None  # unicode-range, None for all


@dataclass
class Sheet:
    """One stylesheet, parsed: its @imports (URL, media applies), @font-face rules and style
    rules as (selector list, declarations), in order; rules of a media query that does not
    apply to the window left out."""

    url: str
    imports: list[str] = field(default_factory=list)
    faces: list[FontFace] = field(default_factory=list)
    rules: list[tuple[list, list]] = field(default_factory=list)


# The declarations the fonts and the rendering depend on; the others are dropped when parsing.
STYLE_PROPERTIES = {"font", "font-family", "font-weight", "font-style", "display", "content"}


def parse_sheet(css: str, url: str) -> Sheet:
    sheet = Sheet(url)
    parsed = tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True)
    add_rules(sheet, parsed)
    return sheet


def add_rules(sheet: Sheet, rules) -> None:
    for rule in rules:
        if rule.type == "qualified-rule":
            declarations = relevant_declarations(rule.content, sheet.url)
            if declarations:
                try:
                    selectors = cssselect2.compile_selector_list(rule.prelude)
                except cssselect2.SelectorError:
                    continue  # as in a browser: one selector it does not know drops the rule
                sheet.rules.append((selectors, declarations))
        elif rule.type != "at-rule":
            continue
        elif rule.lower_at_keyword == "import":
            target, media = import_target(rule.prelude)
            if target and media_applies(media):
                sheet.imports.append(urljoin(sheet.url, target))
        elif rule.lower_at_keyword == "font-face" and rule.content is not None:
            face = font_face(rule.content, sheet.url)
            if face is not None:
                sheet.faces.append(face)
        elif rule.lower_at_keyword in ("media", "supports", "layer") and applies(rule):
            add_rules(sheet, parsed_list(rule.content))


def applies(rule) -> bool:
    """A block rule whose content applies: @media for the window, @supports and @layer always."""
    if rule.content is None:
        return False
    return rule.lower_at_keyword != "media" or media_applies(tinycss2.serialize(rule.prelude))


def parsed_list(content) -> list:
    return tinycss2.parse_rule_list(content, skip_whitespace=True, skip_comments=True)


def parsed_declarations(content) -> list:
    return tinycss2.parse_blocks_contents(content, skip_whitespace=True, skip_comments=True)


def relevant_declarations(content, sheet_url: str) -> list[tuple[str, str, bool]]:
    """(name, value, important) of the declarations that matter here: the font properties,
    display, content, custom properties, and any whose value loads an image (a url())."""
    found = []
    for item in parsed_declarations(content):
        if item.type != "declaration":
            continue
        name = item.lower_name if not item.name.startswith("--") else item.name
        images = [
            urljoin(sheet_url, token.value)
            for token in item.value
            if token.type == "url" and not token.value.startswith("data:")
        ]
        if name in STYLE_PROPERTIES or name.startswith("--") or images:
            value = tinycss2.serialize(item.value).strip()
            found.append((name, value, item.important))
    return found


def import_target(prelude) -> tuple[str | None, str]:
    tokens = [token for token in prelude if token.type not in ("whitespace", "comment")]
    if not tokens:
        return None, ""
    first = tokens[0]
    if first.type in ("url", "string"):
        target = first.value
    elif first.type == "function" and first.lower_name == "url":
        target = next((t.value for t in first.arguments if t.type == "string"), None)
    else:
        return None, ""
    return target, tinycss2.serialize(tokens[1:])


def font_face(content, sheet_url: str) -> FontFace | None:
    descriptors = {
        item.lower_name: item.value
        for item in parsed_declarations(content)
        if item.type == "declaration"
    }
    family = unquote(tinycss2.serialize(descriptors.get("font-family", [])).strip()).lower()
    url = face_source(descriptors.get("src", []), sheet_url)
    if not family or url is None:
        return None
    weights = [
        weight_number(str(token.value), 400)
        for token in descriptors.get("font-weight", [])
        if token.type in ("number", "ident")
    ] or [400.0]
    style = next(
        (t.lower_value for t in descriptors.get("font-style", []) if t.type == "ident"), "normal"
    )
    ranges = unicode_ranges(tinycss2.serialize(descriptors.get("unicode-range", [])))
    return FontFace(family, (min(weights), max(weights)), style, url, ranges)


def face_source(tokens, sheet_url: str) -> str | None:
    """The first url() of `src` in a format Chromium takes (a local() font is not on a visitor's
    computer, as far as a benchmark can know)."""
    for part in split_commas(tokens):
        url = next((t.value for t in part if t.type == "url"), None)
        if url is None:
            url = next(
                (
                    a.value
                    for t in part
                    if t.type == "function" and t.lower_name == "url"
                    for a in t.arguments
                    if a.type == "string"
                ),
                None,
            )
        formats = [
            a.value.lower()
            for t in part
            if t.type == "function" and t.lower_name == "format"
            for a in t.arguments
            if a.type in ("string", "ident")
        ]
        if url and (not formats or formats[0] in FONT_FORMATS):
            return urljoin(sheet_url, url)
    return None


def split_commas(tokens) -> list[list]:
    parts, current = [], []
    for token in tokens:
        if token.type == "literal" and token.value == ",":
            parts.append(current)
            current = []
        elif token.type not in ("whitespace", "comment"):
            current.append(token)
    return [*parts, current]


def unicode_ranges(text: str) -> tuple[tuple[int, int], ...] | None:
    ranges = []
    for part in text.replace("U+", "u+").split(","):
        part = part.strip().lower().removeprefix("u+")
        if not part:
            continue
        if "?" in part:
            ranges.append((int(part.replace("?", "0"), 16), int(part.replace("?", "f"), 16)))
        elif "-" in part:
            low, high = part.split("-", 1)
            ranges.append((int(low, 16), int(high, 16)))
        else:
            ranges.append((int(part, 16), int(part, 16)))
    return tuple(ranges) or None


MEDIA_FEATURES = {
    "prefers-color-scheme": "light",
    "forced-colors": "none",
    "prefers-reduced-motion": "no-preference",
    "prefers-contrast": "no-preference",
    "hover": "hover",
    "any-hover": "hover",
    "pointer": "fine",
    "any-pointer": "fine",
    "orientation": "landscape",
    "scripting": "enabled",
    "color": "",
}


def media_applies(media: str) -> bool:
    """Whether a media query list applies to a desktop Chromium window of WINDOW's size."""
    media = media.strip().lower()
    return not media or any(one_query(query.strip()) for query in media.split(","))


def one_query(query: str) -> bool:
    negated = query.startswith("not ")
    query = query.removeprefix("not ").removeprefix("only ").strip()
    features = re.findall(r"\(([^()]*)\)", query)
    media_type = re.sub(r"\([^()]*\)|\band\b", " ", query).split()
    matched = (not media_type or media_type[0] in ("all", "screen")) and all(
        feature_applies(feature) for feature in features
    )
    return matched != negated


def feature_applies(feature: str) -> bool:
    name, _, value = (part.strip() for part in feature.partition(":"))
    range_form = re.fullmatch(r"(width|height)\s*(<=|>=|<|>)\s*(.+)", feature.strip())
    if range_form:
        size, operator, length = range_form.groups()
        actual, limit = WINDOW[size], pixels(length)
        return {"<=": actual <= limit, ">=": actual >= limit, "<": actual < limit}.get(
            operator, actual > limit
        )
    for size in ("width", "height"):
        if name == f"min-{size}":
            return WINDOW[size] >= pixels(value)
        if name == f"max-{size}":
            return WINDOW[size] <= pixels(value)
    if name in MEDIA_FEATURES:
        return not value or value == MEDIA_FEATURES[name] or (name == "color" and value != "0")
    return False


def pixels(length: str) -> float:
    match = re.fullmatch(r"([\d.]+)\s*(px|rem|em)?", length.strip())
    if not match:
        return float("nan")
    number, unit = float(match[1]), match[2] or "px"
    return number * (ROOT_FONT_PX if unit in ("rem", "em") else 1)


# The cascade: which text is set in which font ---------------------------------------------------

# The part of Chromium's own stylesheet (html.css) that decides what is shown and in which
# weight and style; form controls are set in the system's font, not inherited.
USER_AGENT_CSS = """
head, script, style, template, title, meta, link, base, noscript, datalist, area, param,
input[type=hidden], [hidden] { display: none }
b, strong, optgroup { font-weight: bolder }
th, h1, h2, h3, h4, h5, h6 { font-weight: bold }
i, em, cite, var, dfn, address { font-style: italic }
input, textarea, select, button { font-family: system-ui; font-weight: normal; font-style: normal }
"""
TEXT_INPUTS = {"", "text", "search", "email", "url", "tel", "password", "number"}
BUTTON_INPUTS = {"submit": "Senden", "reset": "Zurücksetzen", "button": ""}
SYSTEM_FONTS = {"caption", "icon", "menu", "message-box", "small-caption", "status-bar"}


@dataclass(frozen=True)
class Style:
    """The computed values that decide the font of an element's text."""

    families: tuple[str, ...]
    weight: float
    style: str
    display: str
    variables: dict = field(hash=False, compare=False)


ROOT_STYLE = Style(("serif",), 400.0, "normal", "inline", {})


class Cascade:
    """Chromium's cascade, for what decides fonts: Chromium's own rules (above), then the
    author's stylesheets in order; `!important` above both; specificity and order within each.
    Custom properties are inherited and var() resolved."""

    def __init__(self, sheets: list[Sheet]):
        self.matcher = cssselect2.Matcher()
        self.faces: dict[str, list[FontFace]] = {}
        self.order = 0
        self.add(parse_sheet(USER_AGENT_CSS, "about:user-agent"), origin=0)
        for sheet in sheets:
            self.add(sheet, origin=1)

    def add(self, sheet: Sheet, origin: int) -> None:
        for face in sheet.faces:
            self.faces.setdefault(face.family, []).append(face)
        for selectors, declarations in sheet.rules:
            for selector in selectors:
                self.matcher.add_selector(selector, (origin, declarations))

    def declared(self, element, pseudo: str | None) -> dict[str, str]:
        """The winning declared value of each relevant property."""
        ranked = []
        for specificity, order, pseudo_element, (origin, declarations) in self.matcher.match(
            element
        ):
            if pseudo_element != pseudo:
                continue
            for name, value, important in declarations:
                rank = (3 - origin) if important else origin  # UA !important wins over all
                ranked.append(((rank, specificity, order), name, value))
        ranked.sort(key=lambda entry: entry[0])
        return {name: value for _key, name, value in ranked}

    def style(self, element, parent: Style, pseudo: str | None = None) -> tuple[Style, dict]:
        declared = self.declared(element, pseudo)
        variables = parent.variables
        custom = {name: value for name, value in declared.items() if name.startswith("--")}
        if custom:
            variables = {**variables, **custom}
        values = {
            name: resolve_variables(value, variables)
            for name, value in declared.items()
            if not name.startswith("--")
        }
        families, weight, style = parent.families, parent.weight, parent.style
        if values.get("font"):
            families, weight, style = font_shorthand(values["font"], parent)
        if values.get("font-family"):
            families = font_families(values["font-family"], parent)
        if values.get("font-weight"):
            weight = weight_number(values["font-weight"], parent.weight)
        if values.get("font-style"):
            style = font_style(values["font-style"], parent)
        display = (values.get("display") or "inline").split()[0].lower()
        return Style(families, weight, style, display, variables), values

    def fonts_used(self, root) -> dict[tuple, set[str]]:
        """(families, weight, style) → the characters set in it, for every rendered text of the
        document: element text, form controls' text, ::before and ::after with content."""
        used: dict[tuple, set[str]] = {}
        wrapper = cssselect2.ElementWrapper.from_html_root(root)
        self.walk(wrapper, ROOT_STYLE, used)
        return used

    def walk(self, wrapper, parent: Style, used: dict) -> None:
        element = wrapper.etree_element
        if element.tag in ("svg", "math"):
            return
        style, _values = self.style(wrapper, parent)
        if style.display == "none":
            return
        for pseudo in ("before", "after"):
            pseudo_style, values = self.style(wrapper, style, pseudo)
            text = content_text(values.get("content", ""), element)
            if text and pseudo_style.display != "none":
                note(used, pseudo_style, text)
        note(used, style, own_text(element))
        if element.tag == "select":
            return  # its options' text is drawn in the select's font (own_text)
        for child in wrapper.iter_children():
            self.walk(child, style, used)

    def font_fetches(self, root) -> list[Fetch]:
        """The web fonts Chromium loads for this document, in the order of first use."""
        fetches: dict[str, Fetch] = {}
        for (families, weight, style), characters in self.fonts_used(root).items():
            for face in self.faces_for(families, weight, style, characters):
                fetches.setdefault(face.url, Fetch(face.url, "font", "css"))
        return list(fetches.values())

    def faces_for(self, families, weight: float, style: str, characters: set[str]):
        """CSS Fonts 4 font matching: the first family in the list that is a web font (a
        generic family ends the search), its faces of the nearest style and weight, those
        whose unicode-range covers some of the characters; on to the next family for the
        characters left."""
        left = {ord(c) for c in characters}
        for family in families:
            if family in GENERIC_FAMILIES or not left:
                return
            faces = self.faces.get(family)
            if not faces:
                continue
            for face in nearest_faces(faces, weight, style):
                covered = left if face.ranges is None else {c for c in left if in_ranges(c, face)}
                if covered:
                    left -= covered
                    yield face


def note(used: dict, style: Style, text: str) -> None:
    if text.strip():
        used.setdefault((style.families, style.weight, style.style), set()).update(text.strip())


def own_text(element) -> str:
    """The text an element draws in its own font: its text and its children's tails, or a form
    control's value, placeholder or label."""
    tag = element.tag
    if tag == "input":
        kind = (element.get("type") or "").lower()
        if kind in TEXT_INPUTS:
            return (element.get("value") or "") + (element.get("placeholder") or "")
        if kind in BUTTON_INPUTS:
            return element.get("value") or BUTTON_INPUTS[kind]
        return ""
    if tag == "select":
        options = list(element.iter("option"))
        chosen = next((o for o in options if o.get("selected") is not None), None)
        chosen = chosen if chosen is not None else (options[0] if options else None)
        return chosen.text_content() if chosen is not None else ""
    if tag == "textarea":
        return (element.text or "") + (element.get("placeholder") or "")
    return (element.text or "") + "".join(child.tail or "" for child in element)


def content_text(value: str, element) -> str:
    """The text a ::before or ::after with this `content` draws."""
    text = ""
    for token in tinycss2.parse_component_value_list(value):
        if token.type == "string":
            text += token.value
        elif token.type == "function" and token.lower_name == "attr":
            name = next((t.value for t in token.arguments if t.type == "ident"), "")
            text += element.get(name) or ""
        elif token.type == "function" and token.lower_name in ("counter", "counters"):
            text += "0"
        elif token.type == "ident" and token.lower_value in ("open-quote", "close-quote"):
            text += '"'
    return text


def resolve_variables(value: str, variables: dict, depth: int = 0) -> str:
    """var(--name, fallback) replaced, recursively; an unknown one without a fallback makes the
    value invalid (""), as at computed-value time."""
    start = value.find("var(")
    if start < 0 or depth > 20:
        return value
    end, level = start + 4, 1
    while end < len(value) and level:
        level += {"(": 1, ")": -1}.get(value[end], 0)
        end += 1
    inner = value[start + 4 : end - 1]
    name, _, fallback = inner.partition(",")
    replacement = variables.get(name.strip())
    if replacement is None:
        replacement = fallback.strip() if _ else None
    if replacement is None:
        return ""
    return resolve_variables(
        value[:start] + resolve_variables(replacement, variables, depth + 1) + value[end:],
        variables,
        depth + 1,
    )


def unquote(text: str) -> str:
    return text.strip().strip("'\"").strip()


def font_families(value: str, parent: Style) -> tuple[str, ...]:
    if value.lower() in ("inherit", "unset"):
        return parent.families
    if value.lower() == "initial":
        return ROOT_STYLE.families
    return tuple(unquote(part).lower() for part in value.split(",") if unquote(part))


def weight_number(value: str, parent: float) -> float:
    value = value.strip().lower()
    if value in ("normal", "initial"):
        return 400.0
    if value == "bold":
        return 700.0
    if value in ("inherit", "unset", ""):
        return parent
    if value == "bolder":
        return 400.0 if parent < 350 else 700.0 if parent < 550 else 900.0
    if value == "lighter":
        return 100.0 if parent < 550 else 400.0 if parent < 750 else 700.0
    try:
        return float(value)
    except ValueError:
        return parent


def font_style(value: str, parent: Style) -> str:
    value = value.split()[0].lower()
    if value in ("inherit", "unset"):
        return parent.style
    return value if value in ("italic", "oblique") else "normal"


def font_shorthand(value: str, parent: Style) -> tuple[tuple[str, ...], float, str]:
    """`font`: [style] [variant] [weight] [stretch] size[/line-height] family, or a keyword."""
    keyword = value.strip().lower()
    if keyword in ("inherit", "unset"):
        return parent.families, parent.weight, parent.style
    if keyword == "initial":
        return ROOT_STYLE.families, 400.0, "normal"
    if keyword in SYSTEM_FONTS or keyword.startswith("-webkit-"):
        return ("system-ui",), 400.0, "normal"
    weight, style = 400.0, "normal"
    words = value.split()
    for index, word in enumerate(words):
        lower = word.lower()
        if lower in ("italic", "oblique"):
            style = lower
        elif lower in ("bold", "bolder", "lighter") or re.fullmatch(r"\d{1,4}", lower):
            weight = weight_number(lower, parent.weight)
        elif lower in ("normal", "small-caps") or lower.endswith(("condensed", "expanded")):
            continue
        else:
            family = " ".join(words[index + 1 :])
            return font_families(family, parent) if family else parent.families, weight, style
    return parent.families, weight, style


def nearest_faces(faces: list[FontFace], weight: float, style: str) -> list[FontFace]:
    """The faces of a family that CSS font matching picks for a weight and style."""
    order = {"italic": ("italic", "oblique", "normal"), "oblique": ("oblique", "italic", "normal")}
    for wanted in order.get(style, ("normal", "oblique", "italic")):
        candidates = [face for face in faces if face.style == wanted]
        if candidates:
            break
    best = min(candidates, key=lambda face: weight_distance(face.weights, weight))
    return [face for face in candidates if face.weights == best.weights]


def weight_distance(weights: tuple[float, float], wanted: float) -> tuple[int, float]:
    """Sort key of CSS Fonts 4's weight matching: exact, then the preferred direction."""
    low, high = weights
    if low <= wanted <= high:
        return 0, 0.0
    if 400 <= wanted <= 500:
        if wanted < low <= 500:
            return 1, low - wanted
        if high < wanted:
            return 2, wanted - high
        return 3, low - wanted
    if wanted < 400:
        return (1, wanted - high) if high < wanted else (2, low - wanted)
    return (1, low - wanted) if low > wanted else (2, wanted - high)


def in_ranges(code: int, face: FontFace) -> bool:
    return any(low <= code <= high for low, high in face.ranges)


# What a page asks for, as a whole ----------------------------------------------------------------


@dataclass
class Plan:
    """What the HTML makes a browser request (its icon apart), its socket, and what it did not
    handle."""

    fetches: list[Fetch]
    icon: Fetch
    socket: str | None
    unhandled: list[str]


def plan_for(root, page_url: str) -> Plan:
    fetches, unhandled = html_fetches(root, page_url)
    return Plan(fetches, icon_fetch(root, page_url), socket_url(root, page_url), unhandled)


def requests_for_page(
    html: str, page_url: str, get: Callable[[str], str], snapshot: dict | None = None
) -> list[Fetch]:
    """Every request the visitor makes for this HTML, the websocket included (destination
    `websocket`): `get(url)` gives a stylesheet's or script's text. With the live page's first
    `snapshot`, the fonts its regions add too. For the browser test."""
    root = parse_html(html)
    plan = plan_for(root, page_url)
    fetches = list(plan.fetches)
    for fetch in plan.fetches:
        if fetch.destination == "script":
            fetches += [f for f in module_imports(get(fetch.url), fetch.url) if f not in fetches]
    sheets = load_sheets([f.url for f in plan.fetches if f.destination == "style"], get)
    fetches += [Fetch(url, "style", "css") for sheet in sheets[1] for url in sheet.imports]
    cascade = Cascade(sheets[0])
    fonts = cascade.font_fetches(root)
    if snapshot is not None:
        fonts += [f for f in cascade.font_fetches(apply_snapshot(root, snapshot)) if f not in fonts]
    fetches += fonts
    if plan.socket:
        fetches.append(Fetch(plan.socket, "websocket", "script"))
    return [*fetches, plan.icon]


def load_sheets(urls: list[str], get: Callable[[str], str]) -> tuple[list[Sheet], list[Sheet]]:
    """The stylesheets in cascade order (each @import before the sheet that imports it), and
    the sheets that import others."""
    ordered, importing = [], []

    def load(url: str, depth: int) -> None:
        sheet = parse_sheet(get(url), url)
        if sheet.imports:
            importing.append(sheet)
        for imported in sheet.imports if depth < 10 else ():
            load(imported, depth + 1)
        ordered.append(sheet)

    for url in urls:
        load(url, 0)
    return ordered, importing


# Sharing the work between visitors ---------------------------------------------------------------

CSRF_VALUES = re.compile(rb'((?:name="csrfmiddlewaretoken" value|data-csrf|nonce)=")[^"]*"')


class Renderer:
    """A page's plan and fonts, worked out once per distinct document: visitors who get the same
    HTML (but for the CSRF token) ask for the same things. Counts the documents it parsed."""

    def __init__(self):
        self.plans: dict[bytes, tuple] = {}
        self.fonts: dict[tuple, list[Fetch]] = {}
        self.sheets: dict[tuple, Sheet] = {}
        self.imports: dict[tuple, list[Fetch]] = {}
        self.cascades: dict[tuple, Cascade] = {}
        self.parsed = Counter()

    def plan(self, document: "Content", page_url: str) -> tuple[bytes, Plan, object]:
        html = document.decoded()
        key = hashlib.blake2b(CSRF_VALUES.sub(rb'\1"', html) + page_url.encode()).digest()
        if key not in self.plans:
            root = parse_html(html.decode("utf-8", "replace"))
            self.plans[key] = (plan_for(root, page_url), root)
            self.parsed["documents"] += 1
        plan, root = self.plans[key]
        return key, plan, root

    def sheet(self, url: str, css: "Content") -> Sheet:
        key = (url, css.digest)
        if key not in self.sheets:
            self.sheets[key] = parse_sheet(css.text(), url)
            self.parsed["stylesheets"] += 1
        return self.sheets[key]

    def module_imports(self, url: str, script: "Content") -> list[Fetch]:
        key = (url, script.digest)
        if key not in self.imports:
            self.imports[key] = module_imports(script.text(), url)
            self.parsed["scripts"] += 1
        return self.imports[key]

    def font_fetches(self, key, root, sheets: list[Sheet], snapshot: dict | None = None):
        sheet_key = tuple(id(sheet) for sheet in sheets)  # the sheets are kept: ids stay unique
        cache_key = (key, sheet_key, snapshot_key(snapshot))
        if cache_key not in self.fonts:
            if sheet_key not in self.cascades:
                self.cascades[sheet_key] = Cascade(sheets)
            document = root if snapshot is None else apply_snapshot(root, snapshot)
            self.fonts[cache_key] = self.cascades[sheet_key].font_fetches(document)
            self.parsed["font sets"] += 1
        return self.fonts[cache_key]


def snapshot_key(snapshot: dict | None):
    if snapshot is None:
        return None
    regions = snapshot.get("regions") or {}
    text = "".join(f"{k}\0{v}\0" for k, v in sorted(regions.items()))
    return hashlib.blake2b(text.encode()).digest(), (snapshot.get("you") or {}).get("person")


# The HTTP cache ---------------------------------------------------------------------------------


@dataclass
class Stored:
    """A response in the visitor's HTTP cache."""

    body: bytes
    headers: dict
    received: float  # monotonic
    date: float  # the response's Date (or when it came), epoch seconds
    varied: dict = field(default_factory=dict)  # the request's headers named in Vary

    def matches(self, sent: dict) -> bool:
        """Whether a request with these headers may use it (its Vary)."""
        return all(sent.get(name, "") == value for name, value in self.varied.items())


def cache_control(headers: dict) -> dict[str, str | None]:
    directives = {}
    for part in headers.get("cache-control", "").split(","):
        name, _, value = part.strip().partition("=")
        if name:
            directives[name.lower()] = value.strip('"') or None
    return directives


def http_date(text: str | None) -> float | None:
    try:
        return parsedate_to_datetime(text).timestamp() if text else None
    except (TypeError, ValueError):
        return None


def freshness_lifetime(stored: Stored, status: int = 200) -> float:
    """RFC 9111 as Chromium applies it: max-age, else Expires − Date, else a tenth of the time
    since Last-Modified (its heuristic)."""
    directives = cache_control(stored.headers)
    if "no-cache" in directives or "no-store" in directives:
        return 0.0
    if "max-age" in directives:
        try:
            return float(directives["max-age"])
        except (TypeError, ValueError):
            return 0.0
    expires = http_date(stored.headers.get("expires"))
    if "expires" in stored.headers:
        return max(0.0, (expires or 0.0) - stored.date)
    modified = http_date(stored.headers.get("last-modified"))
    if modified is not None and status in HEURISTIC_STATUSES:
        return max(0.0, (stored.date - modified) / 10)
    return 0.0


def is_fresh(stored: Stored) -> bool:
    age = float(stored.headers.get("age", "0") or 0) + time.monotonic() - stored.received
    return age < freshness_lifetime(stored)


def vary(headers: dict) -> list[str]:
    return [name.strip().lower() for name in headers.get("vary", "").split(",") if name.strip()]


def storable(status: int, headers: dict) -> bool:
    directives = cache_control(headers)
    return status == 200 and "no-store" not in directives and "*" not in vary(headers)


def decoded(body: bytes, headers: dict) -> bytes:
    """The body as the page sees it (the visitor reads the wire's bytes undecoded)."""
    encoding = headers.get("content-encoding", "").strip().lower()
    if encoding == "gzip":
        return zlib.decompress(body, 16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        try:
            return zlib.decompress(body)
        except zlib.error:
            return zlib.decompress(body, -zlib.MAX_WBITS)
    if encoding == "br":
        import brotli  # only if a server sends it; not in the requirements

        return brotli.decompress(body)
    return body


# One visitor -------------------------------------------------------------------------------------


@dataclass
class Content:
    """A response's body as it came over the wire; decoded only when something reads it."""

    body: bytes
    headers: dict

    @property
    def digest(self) -> bytes:
        return hashlib.blake2b(self.body, digest_size=16).digest()

    def decoded(self) -> bytes:
        return decoded(self.body, self.headers)

    def text(self) -> str:
        return self.decoded().decode("utf-8", "replace")


@dataclass
class Answer:
    """One request of a page load, as the visitor saw it."""

    url: str
    destination: str
    status: int | str  # the HTTP status, "cache" (not asked for), or "error: …"
    bytes: int = 0
    done: float = 0.0  # seconds after the load started
    conditional: bool = False


@dataclass
class Load:
    """One page load: what it asked for and when it had it (seconds from its start)."""

    visitor: int
    wave: str
    answers: list[Answer] = field(default_factory=list)
    answered: float | None = None  # the HTML is complete
    loaded: float | None = None  # the HTML and everything it and its stylesheets need
    snapshot: float | None = None  # the live page's socket has its snapshot
    socket_retries: int = 0
    socket_error: str | None = None
    closed_by_server: int | None = None

    @property
    def html(self) -> Answer | None:
        return self.answers[0] if self.answers else None


class Visitor:
    """One person's browser: its cookies, its HTTP cache, its language; `load(url, wave)` is one
    page load (see the module's docstring). `renderer` is shared between visitors."""

    def __init__(self, number: int, renderer: Renderer, *, language: str = "de", timeout=60.0):
        self.number, self.renderer, self.language = number, renderer, language
        self.cookies = CookieJar(unsafe=True)  # unsafe: cookies of a host given by IP address
        self.cache: dict[str, Stored] = {}
        self.timeout = timeout

    async def load(self, page_url: str, wave: str) -> Load:
        """One page load through a fresh set of connections (a visit, not a reload)."""
        load = Load(self.number, wave)
        started = time.perf_counter()
        connector = TCPConnector(limit=CONNECTIONS_PER_HOST, limit_per_host=CONNECTIONS_PER_HOST)
        async with ClientSession(
            connector=connector,
            cookie_jar=self.cookies,
            auto_decompress=False,
            timeout=ClientTimeout(total=self.timeout),
            headers={
                "User-Agent": USER_AGENT,
                "Accept-Language": ACCEPT_LANGUAGE[self.language],
                "Accept-Encoding": ACCEPT_ENCODING,
            },
        ) as session:
            try:
                await asyncio.wait_for(self.page(session, page_url, load, started), self.timeout)
            except TimeoutError:
                for answer in load.answers:
                    if answer.status == 0:
                        answer.status = "error: timeout"
        return load

    async def page(self, session, page_url: str, load: Load, started: float) -> None:
        html = await self.fetch(session, Fetch(page_url, "document"), load, started, page_url)
        if isinstance(load.answers[0].status, int) or load.answers[0].status == "cache":
            load.answered = load.answers[0].done
        if html is None:
            return
        key, plan, root = self.renderer.plan(html, page_url)
        fetched = {
            fetch.url: asyncio.ensure_future(self.fetch(session, fetch, load, started, page_url))
            for fetch in plan.fetches
        }
        sheets = await self.stylesheets(session, plan, fetched, load, started, page_url)
        fonts = self.renderer.font_fetches(key, root, sheets)
        font_tasks = [self.fetch(session, font, load, started, page_url) for font in fonts]
        fonts_loading = asyncio.ensure_future(asyncio.gather(*font_tasks))
        scripts = [fetched[f.url] for f in plan.fetches if f.destination == "script"]
        imports = await self.module_imports(session, plan, scripts, load, started, page_url)
        imported = [asyncio.ensure_future(request) for request in imports]
        await asyncio.gather(*imported)  # a module script runs once all it imports is in
        socket = None
        if plan.socket:
            socket = asyncio.ensure_future(self.socket(plan.socket, page_url, load, started))
        await asyncio.gather(*fetched.values(), fonts_loading)
        load.loaded = time.perf_counter() - started
        icon = asyncio.ensure_future(self.fetch(session, plan.icon, load, started, page_url))
        snapshot = await socket if socket is not None else None
        if snapshot is not None:
            more = self.renderer.font_fetches(key, root, sheets, snapshot)
            await asyncio.gather(
                *(
                    self.fetch(session, from_snapshot(f), load, started, page_url)
                    for f in more
                    if f not in fonts
                )
            )
        await icon

    async def stylesheets(self, session, plan, fetched, load, started, page_url) -> list[Sheet]:
        """The page's stylesheets in cascade order, @imports fetched as they are found."""
        ordered = []

        async def sheet_of(url: str, depth: int) -> None:
            css = await fetched[url] if url in fetched else None
            if css is None:
                return
            sheet = self.renderer.sheet(url, css)
            for imported in sheet.imports if depth < 10 else ():
                if imported not in fetched:
                    request = Fetch(imported, "style", "css")
                    fetched[imported] = asyncio.ensure_future(
                        self.fetch(session, request, load, started, page_url)
                    )
                await sheet_of(imported, depth + 1)
            ordered.append(sheet)

        for fetch in plan.fetches:
            if fetch.destination == "style":
                await sheet_of(fetch.url, 0)
        return ordered

    async def module_imports(self, session, plan, scripts, load, started, page_url) -> list:
        contents = await asyncio.gather(*scripts)
        urls = [f.url for f in plan.fetches if f.destination == "script"]
        known = {f.url for f in plan.fetches}
        more = []
        for url, content in zip(urls, contents, strict=True):
            for fetch in self.renderer.module_imports(url, content) if content else ():
                if fetch.url not in known:
                    known.add(fetch.url)
                    more.append(self.fetch(session, fetch, load, started, page_url))
        return more

    async def fetch(self, session, fetch: Fetch, load, started, page_url) -> Content | None:
        """One request, through the cache; its content (None if it failed or was not a 200)."""
        headers = request_headers(fetch, page_url)
        sent = self.sent_headers(fetch.url, headers)
        stored = self.cache.get(fetch.url)
        if stored is not None and not stored.matches(sent):
            stored = None  # stored for other request headers: as if not stored
        if stored is not None and is_fresh(stored):
            load.answers.append(
                Answer(fetch.url, fetch.destination, "cache", 0, time.perf_counter() - started)
            )
            return Content(stored.body, stored.headers)
        if stored is not None:
            if "etag" in stored.headers:
                headers["If-None-Match"] = stored.headers["etag"]
            if "last-modified" in stored.headers:
                headers["If-Modified-Since"] = stored.headers["last-modified"]
        answer = Answer(fetch.url, fetch.destination, 0, conditional=conditional(headers))
        load.answers.append(answer)
        try:
            async with session.get(fetch.url, headers=headers, allow_redirects=True) as response:
                body = await response.read()
                answer.status, answer.bytes = response.status, len(body)
                received = {k.lower(): v for k, v in response.headers.items()}
        except (ClientError, OSError, TimeoutError) as error:
            answer.status = f"error: {type(error).__name__}"
            answer.done = time.perf_counter() - started
            return None
        answer.done = time.perf_counter() - started
        if answer.status == 304 and stored is not None:
            stored.headers.update(
                {k: v for k, v in received.items() if k not in ("content-length",)}
            )
            stored.received, stored.date = time.monotonic(), response_date(received)
            return Content(stored.body, stored.headers)
        if storable(answer.status, received):
            varied = {name: sent.get(name, "") for name in vary(received)}
            self.cache[fetch.url] = Stored(
                body, received, time.monotonic(), response_date(received), varied
            )
        if answer.status == 200 or (fetch.destination == "document" and body):
            return Content(body, received)  # Chromium shows an error page's HTML too
        return None

    def sent_headers(self, url: str, headers: dict) -> dict[str, str]:
        """Every header of a request to `url` by name in lower case, its cookies included."""
        return {
            "user-agent": USER_AGENT,
            "accept-language": ACCEPT_LANGUAGE[self.language],
            "accept-encoding": ACCEPT_ENCODING,
            "cookie": self.cookie_header(url),
            **{name.lower(): value for name, value in headers.items()},
        }

    def cookie_header(self, url: str) -> str:
        cookies = self.cookies.filter_cookies(URL(url))
        return "; ".join(f"{name}={morsel.value}" for name, morsel in cookies.items())

    async def socket(self, url: str, page_url: str, load: Load, started: float) -> dict | None:
        """live.js's connect(): the socket with the visitor's cookies; tried again after
        live.js's backoff if it cannot open; the first snapshot's message, then closed."""
        headers = {"User-Agent": USER_AGENT, "Accept-Language": ACCEPT_LANGUAGE[self.language]}
        if cookies := self.cookie_header(page_url):
            headers["Cookie"] = cookies
        origin = f"{urlsplit(page_url).scheme}://{urlsplit(page_url).netloc}"
        plan = PagePlan(origin, 0, f"visitor-{self.number}", socket=url, headers=headers)
        snapshot: dict = {}

        def keep_snapshot(_page: Page, _arrived: float, message: dict, _text: str) -> None:
            if message.get("type") == "snapshot" and not snapshot:
                snapshot.update(message)

        for tries in range(SOCKET_TRIES):
            try:
                page = await open_page(plan, on_message=keep_snapshot)
                break
            except (OSError, TimeoutError, InvalidHandshake, ConnectionClosed) as error:
                if tries == SOCKET_TRIES - 1:
                    load.socket_error = type(error).__name__
                    return None
                load.socket_retries += 1
                await asyncio.sleep(backoff(tries))
        load.snapshot = time.perf_counter() - started
        load.answers.append(Answer(url, "websocket", 101, 0, load.snapshot))
        load.closed_by_server = page.closed_by_server
        await page.close()
        return snapshot


def conditional(headers: dict) -> bool:
    return "If-None-Match" in headers or "If-Modified-Since" in headers


def from_snapshot(fetch: Fetch) -> Fetch:
    return Fetch(fetch.url, fetch.destination, "snapshot")


def response_date(headers: dict) -> float:
    return http_date(headers.get("date")) or time.time()


def request_headers(fetch: Fetch, page_url: str) -> dict[str, str]:
    """The headers Chromium adds for this kind of request (beside User-Agent, Accept-Language,
    Accept-Encoding and the cookies, which every request has)."""
    if fetch.destination == "document":
        return {
            "Accept": ACCEPT["document"],
            "Upgrade-Insecure-Requests": "1",
            "Sec-Fetch-Dest": "document",
            "Sec-Fetch-Mode": "navigate",
            "Sec-Fetch-Site": "none",
            "Sec-Fetch-User": "?1",
        }
    destination = {"icon": "image"}.get(fetch.destination, fetch.destination)
    return {
        "Accept": ACCEPT.get(destination, "*/*"),
        "Referer": page_url,
        "Sec-Fetch-Dest": destination,
        "Sec-Fetch-Mode": "cors" if destination in ("font", "script") else "no-cors",
        "Sec-Fetch-Site": "same-origin",
    }
