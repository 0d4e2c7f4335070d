"""Accessibility and 适老化 in Debian's chromium: axe-core on the main page types in light and dark, the font-size
switch (标准/大/超大) across pages, line height, contrast, keyboard use, no pop-ups, and screenshots at 390 px."""

from __future__ import annotations

import hashlib
import struct
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.helpers import (AXE_PATH, ROOT, build_project, copy_shipped_project, corpus_sources,
                           serve_directory)

SLUG = "xinfang-gongzuo-tiaoli"
ARTICLE = f"/tiaoli/{SLUG}/34/"
FULL_TEXT = f"/tiaoli/{SLUG}/"
QA = "/wenda/duojiu-dafu/"
PAGES = {
    "home": "/",
    "article": ARTICLE,
    "full-text": FULL_TEXT,
    "qa": QA,
    "case": "/anli/wangshang-xinfang/",
    "search": f"/sousuo/?q={quote('复查')}",
    "glossary": "/cidian/",
    "repealed-article": "/tiaoli/xinfang-tiaoli-2005/9/",
    "quiz": "/ceshi/?paper=a11y&audience=干部&n=10",
    "compare": "/duizhao/xinfang-tiaoli-2005/xinfang-gongzuo-tiaoli/",
    "handbook": "/shouce/xinfang-gongzuo-tiaoli/",
    "posters": "/haibao/",
    "news": "/dongtai/",
    "search-repealed": f"/sousuo/?q={quote('信访条例第二十三条')}",
}
SIZES = ["normal", "large", "xlarge"]
LABELS = {"normal": "标准", "large": "大", "xlarge": "超大"}
SCREENSHOTS = ROOT / "build" / "screenshots"
WIDTH = 390


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The shipped docs/ built once, strictly, with all three official texts."""
    sources = corpus_sources()
    return build_project(copy_shipped_project(tmp_path_factory.mktemp("a11y")), sources)


@pytest.fixture(scope="module")
def served(site):
    with serve_directory(site) as base:
        yield base


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE_PATH.is_file():
        pytest.skip(f"axe-core not installed at {AXE_PATH} (run npm ci)")
    return _Source(AXE_PATH.read_text(encoding="utf-8"))


class _Source(str):
    """axe.min.js, shown by name (not its 500 kB of text) in a failure report."""

    def __repr__(self):
        return f"<{AXE_PATH.relative_to(ROOT)}>"


def open_page(page, url: str):
    page.goto(url, wait_until="load")
    if "/sousuo/?q=" in url:
        page.wait_for_selector("#pufa-results li.pufa-hit", timeout=15_000)
    page.wait_for_selector(".pufa-fontsize button", timeout=10_000)


def summary(items) -> list[str]:
    return [f"{item['id']} ({item['impact']}, {len(item['nodes'])} nodes: "
            f"{', '.join(' '.join(node['target']) for node in item['nodes'][:4])})" for item in items]


# --- axe-core ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("width", [WIDTH, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_no_serious_or_critical(served, browser, axe_source, name, scheme, width):
    """axe-core finds no serious or critical violation (colour contrast included) on the page in this scheme."""
    # bypass_csp only so that axe itself can be injected; the page's own scripts run as usual
    context = browser.new_context(viewport={"width": width, "height": 844}, color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    try:
        open_page(page, served + PAGES[name])
        expected = "slate" if scheme == "dark" else "default"
        assert page.get_attribute("body", "data-md-color-scheme") == expected
        page.add_script_tag(content=axe_source)
        results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations', 'incomplete']})")
    finally:
        context.close()
    violations = results["violations"]
    severe = [v for v in violations if v["impact"] in ("serious", "critical")]
    others = [v for v in violations if v["impact"] not in ("serious", "critical")]
    contrast_incomplete = [v for v in results["incomplete"] if v["id"] == "color-contrast"]
    print(f"\naxe {name} {scheme} {width}px: {len(severe)} serious/critical, moderate/minor: {summary(others) or 'none'}"
          f"; colour contrast needing review: {sum(len(v['nodes']) for v in contrast_incomplete)} nodes")
    details = [f"{v['id']}: {node['target']} {(node.get('any') or node.get('all') or [{}])[0].get('message', '')}"
               for v in severe for node in v["nodes"][:2]]
    assert severe == [], f"{name} {scheme} {width}px:\n" + "\n".join(summary(severe) + details)
    assert "color-contrast" not in {v["id"] for v in violations}
    assert any(rule["id"] == "color-contrast" for rule in results["passes"]), "axe's contrast rule did not run"


def test_axe_with_a_preview_open(served, browser, axe_source):
    """With a cited provision's preview open, axe-core still finds no serious or critical violation."""
    context = browser.new_context(viewport={"width": 1280, "height": 844}, bypass_csp=True)
    page = context.new_page()
    try:
        open_page(page, served + "/tiaoli/xinfang-gongzuo-tiaoli/34/")
        page.locator("article .pufa-para a[href*='#art-31-p1-i6']:not(.pufa-anchor)").first.focus()
        page.wait_for_selector("#pufa-preview:not([hidden])")
        page.add_script_tag(content=axe_source)
        results = page.evaluate("async () => await axe.run(document)")
    finally:
        context.close()
    severe = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert severe == [], summary(severe)


# --- font size (适老化) -------------------------------------------------------------------------------------------------

FONT = """() => {
    const body = document.querySelector('article.md-typeset');
    const size = parseFloat(getComputedStyle(body).fontSize);
    const pressed = {};
    document.querySelectorAll('.pufa-fontsize button').forEach(b => pressed[b.dataset.size] = b.getAttribute('aria-pressed'));
    const labels = [...document.querySelectorAll('.pufa-fontsize button')].map(b => b.textContent.trim());
    return {size, pressed, labels, attr: document.documentElement.getAttribute('data-pufa-font'),
            stored: localStorage.getItem('pufa-font-size')};
}"""

LINE_HEIGHTS = """() => [...document.querySelectorAll(
        'article.md-typeset p, article.md-typeset li, article.md-typeset dd, article.md-typeset .pufa-para')]
    .filter(e => e.offsetParent !== null && e.textContent.trim().length > 8 && !e.closest('.pufa-fontsize'))
    .map(e => { const s = getComputedStyle(e);
                return {text: e.textContent.trim().slice(0, 20), size: parseFloat(s.fontSize), line: s.lineHeight}; })"""


@pytest.fixture
def context(browser):
    """A normal browser context (the page's CSP active) at 390 px."""
    context = browser.new_context(viewport={"width": WIDTH, "height": 844})
    yield context
    context.close()


def test_font_size_switch_persists_across_pages(served, context):
    """Clicking 大 on the article page makes the text larger there and on the next page; 超大 is larger still."""
    page = context.new_page()
    open_page(page, served + QA)
    qa_normal = page.evaluate(FONT)
    assert qa_normal["labels"] == ["标准", "大", "超大"]
    assert qa_normal["attr"] == "normal" and qa_normal["pressed"]["normal"] == "true"
    open_page(page, served + ARTICLE)
    article_normal = page.evaluate(FONT)["size"]
    page.click(".pufa-fontsize button[data-size=large]")
    large = page.evaluate(FONT)
    assert large["attr"] == "large" and large["stored"] == "large"
    assert large["size"] > article_normal
    assert large["pressed"] == {"normal": "false", "large": "true", "xlarge": "false"}

    open_page(page, served + QA)  # a new page load: the choice is remembered
    qa_large = page.evaluate(FONT)
    assert qa_large["attr"] == "large" and qa_large["pressed"]["large"] == "true"
    assert qa_large["size"] > qa_normal["size"]
    page.click(".pufa-fontsize button[data-size=xlarge]")
    qa_xlarge = page.evaluate(FONT)
    assert qa_xlarge["size"] > qa_large["size"] and qa_xlarge["pressed"]["xlarge"] == "true"

    open_page(page, served + ARTICLE)
    back = page.evaluate(FONT)
    assert back["attr"] == "xlarge" and back["pressed"]["xlarge"] == "true" and back["size"] > large["size"]
    print(f"\nfont sizes: 标准 {article_normal}px, 大 {large['size']}px, 超大 {back['size']}px")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", [ARTICLE, QA, FULL_TEXT])
def test_body_line_height_at_least_1_5(served, context, size, path):
    """Body text (paragraphs, list items, article paragraphs) has line-height ≥ 1.5 × font-size at every size."""
    page = context.new_page()
    open_page(page, served + ARTICLE)
    page.click(f".pufa-fontsize button[data-size={size}]")
    open_page(page, served + path)
    assert page.get_attribute("html", "data-pufa-font") == size
    measured = page.evaluate(LINE_HEIGHTS)
    assert len(measured) > 5
    low = [m for m in measured if m["line"] == "normal" or float(m["line"].removesuffix("px")) / m["size"] < 1.5]
    assert low == [], f"{path} at {size}: line height below 1.5 for {low[:10]}"


# --- keyboard -----------------------------------------------------------------------------------------------------------

ACTIVE = """() => { const e = document.activeElement; const s = getComputedStyle(e); const r = e.getBoundingClientRect();
    return {tag: e.tagName, cls: String(e.className), text: (e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 30),
            style: s.outlineStyle, width: parseFloat(s.outlineWidth), inArticle: !!e.closest('article'),
            visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight, hash: location.hash,
            size: e.getAttribute('data-size')}; }"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_skip_link_is_first_and_moves_to_content(served, browser, scheme):
    """The first Tab focuses the visible 跳转至 skip link; Enter jumps to the content, where the next Tab lands."""
    context = browser.new_context(viewport={"width": WIDTH, "height": 844}, color_scheme=scheme)
    page = context.new_page()
    try:
        open_page(page, served + ARTICLE)
        page.keyboard.press("Tab")
        first = page.evaluate(ACTIVE)
        assert first["tag"] == "A" and "md-skip" in first["cls"] and first["text"] == "跳转至", first
        assert first["visible"] and first["style"] != "none" and first["width"] >= 2, first
        page.keyboard.press("Enter")
        page.wait_for_timeout(200)
        assert page.evaluate("location.hash") == "#art-34"
        assert page.evaluate("() => { const r = document.getElementById('art-34').getBoundingClientRect();"
                             " return r.top >= 0 && r.top < innerHeight; }")
        page.keyboard.press("Tab")
        after = page.evaluate(ACTIVE)
        assert after["inArticle"], f"after the skip link, Tab went to {after}"
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [ARTICLE, "/", f"/sousuo/?q={quote('复查')}"])
def test_focus_is_always_visible(served, browser, scheme, path):
    """Every element Tab reaches shows an outline ≥ 2 px; the 大 button is reachable and works by keyboard."""
    context = browser.new_context(viewport={"width": WIDTH, "height": 844}, color_scheme=scheme)
    page = context.new_page()
    try:
        open_page(page, served + path)
        seen, hidden, font_button = [], [], None
        for _ in range(80):
            page.keyboard.press("Tab")
            active = page.evaluate(ACTIVE)
            if active["tag"] == "BODY":
                break
            seen.append(active)
            if active["style"] == "none" or active["width"] < 2:
                hidden.append(active)
            if active["size"] == "large" and font_button is None:
                font_button = active
                page.keyboard.press("Enter")
                assert page.get_attribute("html", "data-pufa-font") == "large"
                page.keyboard.press("Space")  # a button also answers Space
                assert page.get_attribute("html", "data-pufa-font") == "large"
        assert len(seen) >= 10
        assert hidden == [], f"{path} ({scheme}): focus without a visible outline on {hidden}"
        assert font_button is not None, f"{path}: the 大 button was never reached by Tab"
    finally:
        context.close()


# --- no pop-ups ---------------------------------------------------------------------------------------------------------

def test_no_popups_on_load(served, browser):
    """Loading the main pages opens no dialog, no window (window.open), and shows no modal or overlay."""
    context = browser.new_context(viewport={"width": WIDTH, "height": 844})
    context.add_init_script("window.__opened = []; window.open = function () {"
                            " window.__opened.push(Array.from(arguments).map(String)); return null; };")
    page = context.new_page()
    dialogs, popups = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("popup", lambda popup: popups.append(popup.url))
    try:
        for name, path in PAGES.items():
            open_page(page, served + path)
            page.wait_for_timeout(700)
            opened = page.evaluate("window.__opened")
            modal = page.evaluate("""() => [...document.querySelectorAll('dialog[open], [role=dialog], [role=alertdialog], [aria-modal=true]')]
                .filter(e => e.offsetParent !== null && getComputedStyle(e).visibility !== 'hidden').map(e => e.outerHTML.slice(0, 100))""")
            assert opened == [], f"{name}: window.open called with {opened}"
            assert modal == [], f"{name}: a visible dialog/modal: {modal}"
        assert dialogs == [] and popups == [] and len(context.pages) == 1
    finally:
        context.close()


# --- screenshots --------------------------------------------------------------------------------------------------------

def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def test_screenshots_at_390(served, browser):
    """Article page at 390 px in 标准/大/超大 and full text in dark mode: screenshots written, all different."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    files = []
    context = browser.new_context(viewport={"width": WIDTH, "height": 844}, device_scale_factor=1)
    try:
        page = context.new_page()
        for size in SIZES:
            open_page(page, served + ARTICLE)
            page.click(f".pufa-fontsize button[data-size={size}]")
            page.evaluate("window.scrollTo(0, 0)")
            overflow = page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= WIDTH, f"at {size} the article page scrolls sideways ({overflow}px wide)"
            target = SCREENSHOTS / f"article-34-{size}.png"
            page.screenshot(path=str(target), full_page=True)
            files.append(target)
    finally:
        context.close()
    context = browser.new_context(viewport={"width": WIDTH, "height": 844}, device_scale_factor=1,
                                  color_scheme="dark")
    try:
        page = context.new_page()
        open_page(page, served + FULL_TEXT)
        assert page.get_attribute("body", "data-md-color-scheme") == "slate"
        target = SCREENSHOTS / "fulltext-dark.png"
        page.screenshot(path=str(target))
        files.append(target)
    finally:
        context.close()
    digests = set()
    for file in files:
        assert file.is_file() and file.stat().st_size > 10_000, file
        width, height = _png_size(file)
        assert width == WIDTH, (file, width)
        digests.add(hashlib.sha256(file.read_bytes()).hexdigest())
    assert len(digests) == len(files), "screenshots should all differ"
    heights = [_png_size(file)[1] for file in files[:3]]
    assert heights[0] < heights[1] < heights[2], f"larger text should make a longer page: {heights}"
    print("\nscreenshots: " + ", ".join(f"{file.relative_to(ROOT)} {_png_size(file)}" for file in files))
