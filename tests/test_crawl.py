"""Nothing from other hosts, nothing broken: every page of the shipped site (with all three official texts),
served on 127.0.0.1 and opened in headless Chromium, then every internal link and #anchor checked statically."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

from tests.helpers import (build_project, copy_shipped_project, corpus_sources, page_url,
                           serve_directory)

HOST = "127.0.0.1"
ORIGIN = "http://site"  # a stand-in origin for resolving links statically


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The shipped docs/ built once, strictly, with all three official texts from the shared corpus."""
    sources = corpus_sources()
    return build_project(copy_shipped_project(tmp_path_factory.mktemp("crawl")), sources)


@pytest.fixture(scope="module")
def pages(site) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.fixture(scope="module")
def crawl(site, pages, browser):
    """Every .html page opened once in one reused Chromium page; every request, bad response and console
    error recorded."""
    record = {"pages": 0, "requests": [], "foreign": [], "bad": [], "failed": [], "csp": [], "dialogs": [],
              "popups": [], "errors": []}
    with serve_directory(site) as base:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        current = {"url": ""}

        def on_request(request):
            record["requests"].append(request.url)
            parsed = urlparse(request.url)
            if parsed.scheme not in ("data", "blob") and parsed.hostname != HOST:
                record["foreign"].append((current["url"], request.url))

        def on_response(response):
            if response.status >= 400:
                record["bad"].append((current["url"], response.url, response.status))

        def on_console(message):
            if message.type == "error":
                bucket = "csp" if "Content Security Policy" in message.text else "errors"
                record[bucket].append((current["url"], message.text[:300]))

        def on_dialog(dialog):
            record["dialogs"].append((current["url"], dialog.message))
            dialog.dismiss()

        page.on("request", on_request)
        page.on("response", on_response)
        page.on("requestfailed", lambda request: record["failed"].append(
            (current["url"], request.url, request.failure)))
        page.on("console", on_console)
        page.on("dialog", on_dialog)
        page.on("popup", lambda popup: record["popups"].append((current["url"], popup.url)))
        for html_file in pages:
            url = base + page_url(site, html_file)
            current["url"] = url
            response = page.goto(url, wait_until="load")
            record["pages"] += 1
            # 404.html is served with 200 here (it is fetched by name); any page fetched by its own URL must be 200
            assert response is not None and response.status == 200, (url, response and response.status)
        context.close()
    print(f"\ncrawl: {record['pages']} pages, {len(record['requests'])} requests "
          f"({len(set(record['requests']))} distinct URLs)")
    return record


def test_crawl_visits_every_page(crawl, pages):
    """The crawl opened every built .html page (with three regulations, well over 200)."""
    assert crawl["pages"] == len(pages) > 200


def test_crawl_requests_only_localhost(crawl):
    """No page requests anything from a host other than 127.0.0.1."""
    assert crawl["foreign"] == [], crawl["foreign"][:20]


def test_crawl_no_error_responses(crawl):
    """No request of any page gets a 4xx/5xx response or fails outright."""
    assert crawl["bad"] == [], crawl["bad"][:20]
    failed = [entry for entry in crawl["failed"] if "ERR_ABORTED" not in (entry[2] or "")]
    assert failed == [], failed[:20]


def test_crawl_no_csp_violation_or_script_error(crawl):
    """No page logs a Content Security Policy violation or another console error, opens a dialog or a popup."""
    assert crawl["csp"] == [], crawl["csp"][:10]
    assert crawl["errors"] == [], crawl["errors"][:10]
    assert crawl["dialogs"] == [] and crawl["popups"] == []


# --- links and anchors, statically ------------------------------------------------------------------------------------

class Links(HTMLParser):
    """The ids (and <a name>s) of a page and the hrefs of its <a> elements."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        if tag == "a" and attrs.get("href") is not None:
            self.hrefs.append(attrs["href"])


def _target_file(site: Path, path: str) -> Path | None:
    """The file a served path resolves to, as http.server would serve it (a folder means its index.html)."""
    candidate = site / unquote(path).lstrip("/")
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


@pytest.fixture(scope="module")
def link_check(site, pages):
    parsed = {html_file: Links(html_file.read_text(encoding="utf-8")) for html_file in pages}
    stats = Counter()
    broken_links, broken_anchors = [], []
    for html_file, links in parsed.items():
        here = ORIGIN + page_url(site, html_file)
        for href in links.hrefs:
            if re.match(r"(?i)^(https?:)?//", href) or re.match(r"(?i)^(mailto|tel):", href):
                stats["external"] += 1
                continue
            if re.match(r"(?i)^[a-z][a-z0-9+.-]*:", href):
                broken_links.append((here, href, "non-http scheme"))
                continue
            stats["links"] += 1
            target_url = urlparse(urljoin(here, href))
            target = _target_file(site, target_url.path)
            if target is None:
                broken_links.append((here, href, "no such file"))
                continue
            fragment = unquote(target_url.fragment)
            if not fragment:
                continue
            stats["anchors"] += 1
            if re.match(r"^art-\d+", fragment):
                stats["article anchors"] += 1
                if "-p" in fragment:
                    stats["paragraph/item anchors"] += 1
            ids = parsed[target].ids if target in parsed else set()
            if target.suffix == ".html" and fragment not in ids:
                broken_anchors.append((here, href, f"no id {fragment!r} in {target.relative_to(site)}"))
    print(f"\nlinks: {stats['links']} internal links on {len(parsed)} pages, {stats['anchors']} with #anchors "
          f"({stats['article anchors']} article, {stats['paragraph/item anchors']} paragraph/item), "
          f"{stats['external']} external links skipped; broken: {len(broken_links)} links, "
          f"{len(broken_anchors)} anchors")
    return stats, broken_links, broken_anchors


def test_every_internal_link_resolves(link_check):
    """Every internal <a href> on every page points at a file of the built site (0 broken)."""
    stats, broken_links, _ = link_check
    assert stats["links"] > 5000
    assert broken_links == [], f"{len(broken_links)} broken links, e.g. {broken_links[:20]}"


def test_every_anchor_exists(link_check):
    """Every #fragment of an internal link is an id on the target page, article/paragraph/item anchors included."""
    stats, _, broken_anchors = link_check
    assert stats["anchors"] > 1000 and stats["paragraph/item anchors"] > 50
    assert broken_anchors == [], f"{len(broken_anchors)} broken anchors, e.g. {broken_anchors[:20]}"
