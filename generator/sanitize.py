"""Safe HTML for pages written by editors: an allow-list sanitiser applied to a page's rendered content.

Raw HTML in an editor's Markdown reaches the page only through this filter. Allowed tags keep only allowed
attributes; ``on*`` handlers and ``style`` never pass; ``href``/``src`` must be relative, ``#…``, ``http(s):``,
``mailto:`` or ``tel:`` (never ``javascript:`` or ``data:``), and ``src`` must stay on this site. Any other tag is
shown as text, so an editor sees what was removed. Pages whose front matter says ``trusted: true`` (the home page's
search form) and pages pufa generates are not filtered.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt", "em", "h1",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "s", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
VOID_TAGS = {"br", "hr", "img"}
GLOBAL_ATTRIBUTES = {"id", "class", "title", "lang", "dir"}
TAG_ATTRIBUTES = {
    "a": {"href"}, "img": {"src", "alt", "width", "height"}, "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"}, "details": {"open"}, "ol": {"start"},
}
_SAFE_URL = re.compile(r"^(?:https?:|mailto:|tel:|#|/|\.|[^:/?#]*(?:[/?#]|$))", re.I)
_LOCAL_URL = re.compile(r"^(?:#|/(?!/)|\.|[^:/?#]*(?:[/?#]|$))", re.I)


def sanitize(content: str) -> str:
    """Return ``content`` with every disallowed tag escaped and every disallowed attribute removed."""
    cleaner = _Cleaner()
    cleaner.feed(content)
    cleaner.close()
    return "".join(cleaner.out)


def _url_ok(attribute: str, value: str) -> bool:
    value = re.sub(r"[\x00-\x20]+", "", html.unescape(value))
    pattern = _LOCAL_URL if attribute == "src" else _SAFE_URL
    return bool(pattern.match(value))


class _Cleaner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.open_tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, self.get_starttag_text(), closed=False)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, self.get_starttag_text(), closed=True)

    def _start(self, tag, attrs, raw, closed):
        if tag not in ALLOWED_TAGS:
            self.out.append(html.escape(raw))
            return
        kept = []
        for name, value in attrs:
            name = name.lower()
            if name not in GLOBAL_ATTRIBUTES and name not in TAG_ATTRIBUTES.get(tag, set()):
                continue
            if name in ("href", "src") and not _url_ok(name, value or ""):
                continue
            kept.append(f' {name}="{html.escape(value or "", quote=True)}"' if value is not None else f" {name}")
        self.out.append(f"<{tag}{''.join(kept)}{' /' if closed and tag in VOID_TAGS else ''}>")
        if not closed and tag not in VOID_TAGS:
            self.open_tags.append(tag)

    def handle_endtag(self, tag):
        if tag in ALLOWED_TAGS and tag not in VOID_TAGS:
            if tag in self.open_tags:
                while self.open_tags:
                    last = self.open_tags.pop()
                    if last == tag:
                        break
                self.out.append(f"</{tag}>")
            return
        self.out.append(html.escape(f"</{tag}>"))

    def handle_data(self, data):
        self.out.append(html.escape(data, quote=False))

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_comment(self, data):
        pass

    def handle_decl(self, decl):
        pass

    def handle_pi(self, data):
        pass

    def unknown_decl(self, data):
        pass


UNTRUSTED_START = "<!-- pufa:untrusted -->"
UNTRUSTED_END = "<!-- /pufa:untrusted -->"
_UNTRUSTED = re.compile(re.escape(UNTRUSTED_START) + r"(.*?)" + re.escape(UNTRUSTED_END), re.S)


def sanitize_marked(content: str) -> str:
    """Sanitise only the editor-written regions that a generated page marks with UNTRUSTED_START/END
    (an interpretation merged into an article page); the rest of the page is pufa's own."""
    return _UNTRUSTED.sub(lambda match: sanitize(match.group(1)), content)
