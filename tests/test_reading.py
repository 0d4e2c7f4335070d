"""Reading and searching for people who never saw the regulation, in headless chromium at phone and desk widths:
the first screen of the home page, previews of cited provisions (hover, keyboard, tap), links to a 款 or 项,
results that say which regulation and whether it is in force, the banner of a repealed regulation, an article
number that jumps straight to the article, and a search box that never answers with an empty page.

The shipped site is built once with the three official texts from the shared corpus and served on 127.0.0.1.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.helpers import (build_project, copy_shipped_project, corpus_sources, pufa_environment, serve_directory,
                           wait_until)

SLUG = "xinfang-gongzuo-tiaoli"
OLD = "xinfang-tiaoli-2005"
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 800}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = copy_shipped_project(tmp_path_factory.mktemp("reading"))
    build_project(project, corpus_sources())
    return project


@pytest.fixture(scope="module")
def served(project):
    with serve_directory(project / "site") as base:
        yield base


def _page(browser, viewport=DESK, touch=False):
    context = browser.new_context(viewport=viewport, has_touch=touch, is_mobile=touch)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return context, page


@pytest.fixture
def desk(browser):
    context, page = _page(browser)
    yield page
    assert page.errors == []
    context.close()


@pytest.fixture
def phone(browser):
    context, page = _page(browser, PHONE, touch=True)
    yield page
    assert page.errors == []
    context.close()


# --- the first screen -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["390", "1280"])
def test_home_first_screen_has_search_and_the_entries(browser, served, viewport):
    """Without scrolling: what the site is (heading and one line), the search box, and 4–6 entries."""
    context, page = _page(browser, viewport)
    page.goto(f"{served}/")
    height = viewport["height"]
    for selector in ("article h1", ".pufa-lead", "form.pufa-searchbox input[name=q]"):
        assert page.locator(selector).first.bounding_box()["y"] + 10 < height, selector
    entries = page.locator(".pufa-entries a")
    assert 4 <= entries.count() <= 6
    for index in range(entries.count()):
        box = entries.nth(index).bounding_box()
        assert box["y"] + box["height"] <= height, entries.nth(index).inner_text()
        assert box["height"] >= 44 and box["width"] >= 44
    title = page.locator(".md-header__topic").first
    assert title.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), "the site title is cut off in the header"
    context.close()


def test_home_timeline_and_cards_are_lists_with_their_class(project):
    """The timeline and the cards are real lists inside their styled containers (an attribute list used to
    attach the class to the last item instead)."""
    html = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<div class="pufa-timeline">\s*<ol>', html)
    assert re.search(r'<div class="pufa-cards">\s*<ul>', html)
    assert "{:" not in html


def test_controls_are_big_enough_to_tap(phone, served):
    """On a phone every search box, button and font-size switch is at least 44 px high, and text inputs use at
    least 16 px type (smaller makes iOS zoom in)."""
    for path in ("/", "/sousuo/", f"/tiaoli/{SLUG}/22/"):
        phone.goto(served + path)
        small = phone.evaluate("""() => [...document.querySelectorAll(
            '.pufa-searchbox input, .pufa-searchbox button, .pufa-searchbox select, .pufa-fontsize button, .pufa-entries a')]
            .filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < 44).map(e => e.outerHTML.slice(0, 80))""")
        assert small == [], path
        fonts = phone.evaluate("""() => [...document.querySelectorAll('input[type=search], select')]
            .filter(e => e.offsetParent !== null).map(e => parseFloat(getComputedStyle(e).fontSize))""")
        assert min(fonts, default=16) >= 16, (path, fonts)
        if path != f"/tiaoli/{SLUG}/22/":
            assert fonts, path


# --- previews and links to a 款 or 项 ---------------------------------------------------------------------------

REFERENCE = "article .pufa-para a[href*='#art-31-p1-i6']:not(.pufa-anchor)"
"""第三十四条 cites 本条例第三十一条第六项."""


def _preview_text(page) -> str:
    page.wait_for_selector("#pufa-preview:not([hidden])", timeout=5000)
    return page.locator("#pufa-preview").inner_text()


def test_preview_on_hover_without_layout_shift(desk, served):
    """Hovering a cross-reference shows the cited item in a tooltip; nothing on the page moves; Esc closes it."""
    desk.goto(f"{served}/tiaoli/{SLUG}/34/")
    before = desk.evaluate("document.querySelector('article').getBoundingClientRect().height")
    link = desk.locator(REFERENCE).first
    link.hover()
    text = _preview_text(desk)
    assert text.startswith("《信访工作条例》第三十一条") and "（六）" in text and "出具信访处理意见书" in text
    assert desk.get_attribute("#pufa-preview", "role") == "tooltip"
    assert link.get_attribute("aria-describedby") == "pufa-preview"
    assert desk.evaluate("document.querySelector('article').getBoundingClientRect().height") == before
    desk.keyboard.press("Escape")
    assert desk.locator("#pufa-preview").is_hidden()


def test_preview_on_keyboard_focus(desk, served):
    """Tabbing to a cross-reference shows its preview too."""
    desk.goto(f"{served}/tiaoli/{SLUG}/34/")
    desk.locator(REFERENCE).first.focus()
    assert "出具信访处理意见书" in _preview_text(desk)


def test_preview_on_tap_then_follow(phone, served):
    """On a touch screen the first tap shows the preview and stays; the second tap follows the link."""
    phone.goto(f"{served}/tiaoli/{SLUG}/34/")
    link = phone.locator(REFERENCE).first
    link.tap()
    assert "出具信访处理意见书" in _preview_text(phone)
    assert phone.url.endswith(f"/tiaoli/{SLUG}/34/")
    with phone.expect_navigation():
        link.tap()
    assert phone.url.endswith(f"/tiaoli/{SLUG}/31/#art-31-p1-i6")


def test_preview_works_from_a_folder(browser, project):
    """Opened from file://, the preview loads its texts from the site folder."""
    context, page = _page(browser)
    page.goto((project / "site" / "tiaoli" / SLUG / "34" / "index.html").as_uri())
    page.locator(REFERENCE).first.hover()
    assert "出具信访处理意见书" in _preview_text(page)
    context.close()


def test_paragraph_and_item_links_are_named(project):
    """Every 款 and 项 of an article page has a link to itself named in Chinese; heading permalinks too."""
    html = (project / "site" / "tiaoli" / SLUG / "31" / "index.html").read_text(encoding="utf-8")
    assert 'href="#art-31-p1-i6"' in html and 'aria-label="第三十一条第六项的链接"' in html
    assert 'aria-label="第三十一条第一款的链接"' in html
    assert "Permanent link" not in html
    rows = len(re.findall(r'class="pufa-(?:para|item|subitem)" id=', html)) + \
        len(re.findall(r'id="art-[^"]+" class="pufa-(?:para|item|subitem)"', html))
    assert rows and html.count('class="pufa-anchor"') == rows


def test_copy_link_offers_the_row_in_use(browser, served):
    """Pointing at an item turns 复制本条链接 into 复制第…项链接, and the copied URL ends with that item's anchor."""
    context, page = _page(browser)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{served}/tiaoli/{SLUG}/31/")
    page.locator("#art-31-p1-i6").hover()
    button = page.locator("[data-pufa-copy]")
    assert button.inner_text() == "复制第三十一条第六项链接"
    button.click()
    assert page.evaluate("navigator.clipboard.readText()") == f"{served}/tiaoli/{SLUG}/31/#art-31-p1-i6"
    context.close()


# --- current, repealed, local ----------------------------------------------------------------------------------

def test_every_page_of_the_repealed_regulation_has_the_banner(project):
    """The overview and all 51 article pages of 《信访条例》 say it is repealed and link the current regulation."""
    folder = project / "site" / "tiaoli" / OLD
    pages = sorted(folder.rglob("index.html"))
    assert len(pages) == 52
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert 'class="admonition danger pufa-repealed"' in html, page
        assert "《信访条例》已废止" in html and f'/{SLUG}/">《信访工作条例》</a>' in html.replace("../", "/"), page
    current = (project / "site" / "tiaoli" / SLUG / "22" / "index.html").read_text(encoding="utf-8")
    assert "pufa-repealed" not in current


def test_cli_results_name_regulation_and_status(project):
    """pufa search: --json carries regulation_title and status; the human output shows them."""
    def search(*args):
        result = subprocess.run([sys.executable, "-m", "generator", "search", *args], cwd=project,
                                env=pufa_environment(), capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        return result.stdout

    hits = json.loads(search("信访条例第二十三条", "--json"))
    assert [(h["regulation_title"], h["status"], h["article"]) for h in hits[:2]] == [
        ("信访条例", "已废止", 23), ("信访工作条例", "现行", 23)]
    assert all(h["status"] in ("现行", "已废止", "地方性法规") for h in hits if h["regulation"])
    local = json.loads(search("浙江省信访条例第十条", "--json"))
    assert local[0]["status"] == "地方性法规"
    assert "《信访条例》·已废止" in search("信访条例第二十三条")
    assert "（第三十一条没有第九项，显示整条）" in search("第三十一条第九项")


def test_browser_marks_a_repealed_hit(desk, served):
    """On /sousuo/ every result of a regulation names it; a repealed one says 已废止 in words and is marked."""
    desk.goto(f"{served}/sousuo/?q={quote('信访条例第二十三条')}")
    desk.wait_for_selector("#pufa-results li")
    first, second = desk.locator("#pufa-results li").nth(0), desk.locator("#pufa-results li").nth(1)
    assert "pufa-hit--repealed" in first.get_attribute("class")
    assert first.locator(".pufa-hit__source").inner_text() == "《信访条例》· 已废止"
    assert second.locator(".pufa-hit__source").inner_text() == "《信访工作条例》· 现行"


def test_browser_filter_by_regulation(desk, served):
    """The regulation filter keeps that regulation's results (and those of no regulation)."""
    desk.goto(f"{served}/sousuo/?q={quote('复查')}&r={OLD}")
    desk.wait_for_selector("#pufa-results li")
    sources = desk.locator("#pufa-results .pufa-hit__source").all_inner_texts()
    assert sources and set(sources) == {"《信访条例》· 已废止"}


# --- article numbers on Enter ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "expected"), [
    ("第二十二条", f"/tiaoli/{SLUG}/22/"),
    ("条例第三十一条第六项", f"/tiaoli/{SLUG}/31/#art-31-p1-i6"),
    ("31.6", f"/tiaoli/{SLUG}/31/#art-31-p1-i6"),
    ("第三十六条第三款", f"/tiaoli/{SLUG}/36/#art-36-p3"),
])
def test_enter_on_an_article_number_goes_to_the_article(desk, served, query, expected):
    """From the header box of any page, Enter on an article number opens the article at its 款/项."""
    desk.goto(f"{served}/wenda/")
    box = desk.locator(".pufa-header-search input[name=q]")
    box.fill(query)
    with desk.expect_navigation():
        box.press("Enter")
    assert desk.url == served + expected
    if "#" in expected:
        target = desk.evaluate("document.querySelector(':target') && document.querySelector(':target').id")
        assert target == expected.split("#")[1]


def test_a_missing_item_is_said_not_jumped(desk, served):
    """第三十一条第九项 does not exist: the search page says so and lists article 31 first."""
    desk.goto(f"{served}/sousuo/")
    box = desk.locator("#pufa-search-page input[name=q]")
    box.fill("第三十一条第九项")
    box.press("Enter")
    desk.wait_for_selector("#pufa-results li")
    assert desk.url.startswith(f"{served}/sousuo/")
    assert desk.locator("#pufa-status").inner_text().startswith("第三十一条没有第九项，显示整条。")
    assert desk.locator("#pufa-results li a").first.get_attribute("href").endswith(f"/tiaoli/{SLUG}/31/")


# --- a search box that never answers with nothing ----------------------------------------------------------------

@pytest.mark.parametrize("query", ["嚷嚷闹闹", "吵吵闹闹咋办", "冤", "踢皮"])
def test_no_query_with_a_known_character_is_answered_with_nothing(desk, served, project, query):
    """When no word matches, both engines answer with a broad match and say that it is one."""
    result = subprocess.run([sys.executable, "-m", "generator", "search", query, "--json"], cwd=project,
                            env=pufa_environment(), capture_output=True, text=True, timeout=120)
    hits = json.loads(result.stdout)
    assert hits and all(hit.get("broad") for hit in hits) == bool(hits[0].get("broad"))
    desk.goto(f"{served}/sousuo/?q={quote(query)}")
    desk.wait_for_selector("#pufa-results li")
    broad = desk.evaluate("q => window.pufaSearch.search(q, 20)[0].broad", query)
    assert ("宽泛匹配" in desk.locator("#pufa-status").inner_text()) == broad
    assert desk.locator("#pufa-results li").count() > 0


def test_topic_page_labels_each_entry(desk, served):
    """On the topic page each listed page says what it is."""
    desk.goto(f"{served}/zhuti/")
    labels = desk.locator("article h2[id^='tag:'] + ul > li .pufa-kind").all_inner_texts()
    entries = desk.locator("article h2[id^='tag:'] + ul > li").count()
    assert entries > 20 and len(labels) == entries
    assert set(labels) <= {"问答", "案例", "条文", "动态", "测试"} and {"问答", "案例"} <= set(labels)


def test_a_slow_first_search_says_so_at_once(browser, served):
    """On a slow connection (about 3G) the search page says 正在检索… as soon as it is shown, then the results."""
    context, page = _page(browser, PHONE)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 300,
                                                  "downloadThroughput": 60 * 1024, "uploadThroughput": 30 * 1024})
    page.goto(f"{served}/sousuo/?q={quote('复查')}", wait_until="domcontentloaded")
    wait_until(page, "document.getElementById('pufa-status') && "
                     "document.getElementById('pufa-status').textContent.length > 0", timeout=5)
    first = page.locator("#pufa-status").inner_text()
    assert first == "正在检索…", first
    page.wait_for_selector("#pufa-results li", timeout=60_000)
    assert page.locator("#pufa-status").inner_text().startswith("找到")
    context.close()


# --- 新旧对照 ----------------------------------------------------------------------------------------------------

COMPARE = f"duizhao/{OLD}/{SLUG}"


def test_comparison_page(project):
    """/duizhao/<old>/<new>/: a summary, a section for every 2022 article and every removed 2005 one, both texts
    with links to both articles, and word-level changes marked in words as well as by line style."""
    html = (project / "site" / COMPARE / "index.html").read_text(encoding="utf-8")
    counts = [int(n) for n in re.findall(r"(?:基本保留|修改|新增|删除/未保留)：(\d+) 条", html)]
    assert len(counts) == 4 and counts[0] + counts[1] + counts[2] == 50
    for number in range(1, 51):
        assert f'id="new-{number}"' in html
    assert len(re.findall(r'id="old-\d+"', html)) == counts[3]
    assert '<del><span class="pufa-sr">删去：</span>' in html and '<ins><span class="pufa-sr">新增：</span>' in html
    assert f'href="../../../tiaoli/{SLUG}/22/"' in html and f'href="../../../tiaoli/{OLD}/21/"' in html


def test_article_pages_link_the_comparison_both_ways(project):
    """Every 2022 article page links its row of the comparison; every 2005 article page names its successor
    article(s) in the banner, or says it was not kept."""
    site = project / "site"
    for number in range(1, 51):
        html = (site / "tiaoli" / SLUG / str(number) / "index.html").read_text(encoding="utf-8")
        assert f'href="../../../{COMPARE}/#new-{number}"' in html and "与2005年《信访条例》对照" in html
    kept = 0
    for number in range(1, 52):
        html = (site / "tiaoli" / OLD / str(number) / "index.html").read_text(encoding="utf-8")
        banner = html[html.index("pufa-repealed"):html.index("</div>", html.index("pufa-repealed"))]
        assert "本条的内容现见" in banner or "本条的内容在新规定中没有保留" in banner
        if "本条的内容现见" in banner:
            kept += 1
            assert re.search(rf'href="\.\./\.\./{SLUG}/\d+/">《信访工作条例》第', banner)
    assert kept > 40


def test_comparison_is_one_column_on_a_phone(phone, served):
    phone.goto(f"{served}/{COMPARE}/#new-22")
    columns = phone.eval_on_selector("#new-22 ~ .pufa-compare-cols", "e => getComputedStyle(e).gridTemplateColumns")
    assert len(columns.split()) == 1


# --- 投影 -----------------------------------------------------------------------------------------------------------

def test_projector_mode_with_the_keyboard(browser, served):
    """On a 1280×720 projector: the 投影 button shows the article alone in ≥ 40 px type across the screen; arrows
    step through its 款/项, PageDown opens the next article still projected, Esc returns to the normal page."""
    context, page = _page(browser, {"width": 1280, "height": 720})
    page.goto(f"{served}/tiaoli/{SLUG}/31/")
    page.click("[data-pufa-present]")
    assert "mode=present" in page.url
    current = lambda: page.eval_on_selector(".pufa-present-current", "e => e.id")  # noqa: E731
    assert current() == "art-31-p1"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert current() == "art-31-p1-i2"
    page.keyboard.press("ArrowUp")
    assert current() == "art-31-p1-i1"
    size, width = page.eval_on_selector(".pufa-present-current", "e => [parseFloat(getComputedStyle(e).fontSize), "
                                        "e.getBoundingClientRect().width]")
    assert size >= 40 and width >= 1100
    assert page.locator(".md-header").is_hidden() and page.locator(".pufa-fontsize").first.is_hidden()
    with page.expect_navigation():
        page.keyboard.press("PageDown")
    assert page.url == f"{served}/tiaoli/{SLUG}/32/?mode=present"
    assert current() == "art-32-p1"
    with page.expect_navigation():
        page.keyboard.press("PageUp")
    assert page.url == f"{served}/tiaoli/{SLUG}/31/?mode=present"
    page.keyboard.press("Escape")
    assert "mode=present" not in page.url
    assert "pufa-present" not in page.evaluate("document.documentElement.className")
    assert page.locator(".md-header").is_visible()
    context.close()
