"""Search on the shipped site, end to end: ``pufa search`` over the index ``pufa build`` writes, and the /sousuo/
page in headless Chromium, served from 127.0.0.1 and opened from file://."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

import pytest
from click.testing import CliRunner

from generator.cli import cli
from search_index.analysis import normalize
from tests.helpers import CORPUS, DONE_SEARCHING, copy_shipped_config, serve_directory, wait_until

ROOT = Path(__file__).resolve().parent.parent
SLUG = "xinfang-gongzuo-tiaoli"
OFFICIAL = CORPUS / "official" / "xinfang-gongzuo-tiaoli-2022.txt"
QUESTION = "上访以后多久能给我答复"
LABELS = {"条文", "解读", "问答", "案例", "术语"}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The shipped docs/ and mkdocs.yml built once with ``pufa build --strict`` and the official 2022 text."""
    if not OFFICIAL.is_file():
        pytest.skip(f"official text not found at {OFFICIAL} (shared corpus absent)")
    folder = tmp_path_factory.mktemp("search-site") / "project"
    shutil.copytree(ROOT / "docs", folder / "docs")
    copy_shipped_config(folder / "mkdocs.yml")
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.chdir(folder)
        result = CliRunner().invoke(cli, ["build", "--strict", "--source", f"{SLUG}={OFFICIAL}"])
        assert result.exit_code == 0, result.output
    return folder


@pytest.fixture(scope="module")
def site(project) -> Path:
    return project / "site"


@pytest.fixture(scope="module")
def index_dir(project) -> Path:
    return project / ".pufa-index"


def search_json(index_dir: Path, query: str, *options: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["search", query, "--json", "--index", str(index_dir), *options])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


# --- pufa search --------------------------------------------------------------------------------------------------

def test_build_writes_the_index_beside_the_site(project, index_dir):
    """pufa build leaves .pufa-index (a link to a complete generation) beside site/."""
    assert index_dir.is_symlink() and (index_dir / "pufa-index.json").is_file()
    assert (project / "site" / "search" / "index.js").is_file()


@pytest.mark.parametrize("query", ["第35条", "第三十五条", "35条", "第３５条"])
def test_cli_article_number_first(index_dir, query):
    """pufa search 第35条 --json puts article 35 first."""
    first = search_json(index_dir, query)[0]
    assert (first["type"], first["regulation"], first["article"]) == ("article", SLUG, 35)
    assert first["url"] == f"/tiaoli/{SLUG}/35/"
    assert first["label"] == "条文"


def test_cli_item_lookup(index_dir):
    """pufa search 31.6 links to item 6 of article 31."""
    assert search_json(index_dir, "31.6")[0]["url"] == f"/tiaoli/{SLUG}/31/#art-31-p1-i6"


def test_cli_colloquial_question(index_dir):
    """上访以后多久能给我答复 has article 34 or 23 among the top 3."""
    top = search_json(index_dir, QUESTION)[:3]
    assert any(hit["type"] == "article" and hit["article"] in (34, 23) for hit in top), top


def test_cli_results_are_json_with_escaped_snippets(index_dir):
    """Each JSON result has the documented keys, and its snippet has no tags but <mark>."""
    hits = search_json(index_dir, QUESTION)
    assert hits
    for hit in hits:
        assert set(hit) == {"type", "label", "regulation", "regulation_title", "status", "article", "title", "url",
                            "snippet", "score"}
        assert hit["label"] in LABELS and hit["url"].startswith("/")
        assert set(re.findall(r"<[^>]*>", hit["snippet"])) <= {"<mark>", "</mark>"}


def test_cli_type_filter(index_dir):
    """--type qa returns only Q&A."""
    hits = search_json(index_dir, QUESTION, "--type", "qa")
    assert hits and {hit["type"] for hit in hits} == {"qa"}


def test_cli_queries_from_stdin(index_dir):
    """pufa search - reads one query per line and prints one JSON list per line."""
    result = CliRunner().invoke(cli, ["search", "-", "--index", str(index_dir)],
                                input=f"第35条\n{QUESTION}\n复查\n")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 3
    results = [json.loads(line) for line in lines]
    assert results[0][0]["article"] == 35
    assert all(isinstance(hits, list) and hits for hits in results)


def test_cli_missing_index(tmp_path):
    """Without an index, pufa search exits 1 with a one-line error naming the folder and the fix."""
    missing = tmp_path / "nowhere"
    result = CliRunner().invoke(cli, ["search", "第35条", "--index", str(missing)])
    assert result.exit_code == 1
    assert result.output == (f"Error: {missing}: no search index here. Hint: run pufa build or pufa index first, "
                             "or pass --index DIR.\n")


def test_cli_marks_article_numbers_whole(index_dir):
    """In pufa search snippets a highlighted article number is marked whole (第三十一条, not 第三十一)."""
    marks = [mark for hit in search_json(index_dir, "第三十一条规定的事项")
             for mark in re.findall(r"<mark>(.*?)</mark>", hit["snippet"])]
    numbers = [mark for mark in marks if mark.startswith("第")]
    assert numbers, marks
    assert all(re.fullmatch(r"第[〇零一二两三四五六七八九十百千0-9]+[条款项章节编]", mark) for mark in numbers), numbers


def test_cli_human_output(index_dir):
    """Without --json the results are numbered lines with the label, title and URL, and no HTML."""
    result = CliRunner().invoke(cli, ["search", "第35条", "--index", str(index_dir), "--limit", "2"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1. [条文] 第三十五条")
    assert f"/tiaoli/{SLUG}/35/" in result.output.splitlines()[0]
    assert "<mark>" not in result.output and "&lt;" not in result.output


# --- the /sousuo/ page in Chromium ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def served(site):
    """The built site on 127.0.0.1 (an ephemeral port)."""
    with serve_directory(site) as base:
        yield base


class Tab:
    """A page that records every request and every dialog."""

    def __init__(self, browser):
        self.page = browser.new_page()
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def results(self, url: str):
        """Open ``url`` and wait for the results list; return its <li> elements."""
        self.page.goto(url)
        self.page.wait_for_selector("#pufa-results li.pufa-hit", timeout=15_000)
        return self.page.locator("#pufa-results li.pufa-hit").all()

    def hrefs(self, limit: int = 20) -> list[str]:
        """The resolved hrefs of the result links, best first."""
        return self.page.locator("#pufa-results li.pufa-hit > a").evaluate_all(
            f"links => links.slice(0, {limit}).map(a => a.href)")

    def foreign(self, origin: str) -> list[str]:
        return [url for url in self.requests if not url.startswith(origin) and not url.startswith(("data:", "blob:"))]


@pytest.fixture
def tab(browser):
    tab = Tab(browser)
    yield tab
    tab.page.close()


def test_page_lookup_puts_the_article_first(served, tab):
    """/sousuo/?q=第二十二条: the first result links to the article 22 page."""
    tab.results(f"{served}/sousuo/?q={quote('第二十二条')}")
    assert tab.hrefs(1) == [f"{served}/tiaoli/{SLUG}/22/"]
    assert tab.foreign(served) == []


@pytest.mark.parametrize("query", ["第22条", "22条", "第２２条"])
def test_page_lookup_in_other_forms(served, tab, query):
    """第22条, 22条 and full-width 第２２条 also put article 22 first."""
    tab.results(f"{served}/sousuo/?q={quote(query)}")
    assert tab.hrefs(1) == [f"{served}/tiaoli/{SLUG}/22/"]


def test_page_item_lookup(served, tab):
    """/sousuo/?q=31.6 links first to item 6 of article 31."""
    tab.results(f"{served}/sousuo/?q=31.6")
    assert tab.hrefs(1) == [f"{served}/tiaoli/{SLUG}/31/#art-31-p1-i6"]


def test_page_colloquial_question(served, tab):
    """上访以后多久能给我答复: an article 34 or 23 link among the first 3, labels shown, matches highlighted."""
    items = tab.results(f"{served}/sousuo/?q={quote(QUESTION)}")
    top = tab.hrefs(3)
    assert any(re.search(rf"/tiaoli/{SLUG}/(34|23)/", url) for url in top), top
    labels = [item.locator(".pufa-hit__label").inner_text() for item in items]
    assert labels and set(labels) <= LABELS and "条文" in labels
    assert tab.page.locator("#pufa-results mark").count() > 0
    assert tab.page.locator("#pufa-status").inner_text().startswith("找到")
    assert tab.page.locator("#pufa-search-page input[name=q]").input_value() == QUESTION
    assert tab.foreign(served) == []


def test_page_matches_the_cli_for_a_lookup(served, tab, index_dir):
    """The browser and pufa search agree on the first result of an article lookup."""
    tab.results(f"{served}/sousuo/?q={quote('第三十五条')}")
    assert tab.hrefs(1) == [served + search_json(index_dir, "第三十五条")[0]["url"]]


def test_page_marks_article_numbers_whole(served, tab):
    """A highlighted article number is marked whole: 第三十一条, not 第三十一 followed by an unmarked 条."""
    tab.results(f"{served}/sousuo/?q={quote('第三十一条规定的事项')}")
    marks = tab.page.locator("#pufa-results mark").all_inner_texts()
    numbers = [mark for mark in marks if mark.startswith("第")]
    assert numbers, marks
    assert all(re.fullmatch(r"第[〇零一二两三四五六七八九十百千0-9]+[条款项章节编]", mark) for mark in numbers), numbers


def test_page_from_file_url(site, tab):
    """Opened from file://, /sousuo/index.html?q=… shows results whose links end in index.html and exist."""
    base = site.as_uri()
    tab.results(f"{base}/sousuo/index.html?q={quote('第二十二条')}")
    assert tab.hrefs(1) == [f"{base}/tiaoli/{SLUG}/22/index.html"]
    tab.results(f"{base}/sousuo/index.html?q={quote(QUESTION)}")
    hrefs = tab.hrefs()
    assert hrefs and all(urlparse(url).path.endswith("/index.html") for url in hrefs), hrefs
    assert all(Path(unquote(urlparse(url).path)).is_file() for url in hrefs)
    assert any(re.search(rf"/tiaoli/{SLUG}/(34|23)/", url) for url in hrefs[:3])
    assert tab.foreign("file://") == []


def test_page_renders_no_markup_from_the_query(served, tab):
    """A query containing <img src=x onerror=alert(1)> renders no <img> in the results and opens no dialog."""
    payload = "上访 <img src=x onerror=alert(1)>"
    tab.results(f"{served}/sousuo/?q={quote(payload)}")
    tab.page.wait_for_timeout(300)
    assert tab.page.locator("#pufa-results img").count() == 0
    assert tab.page.locator("img[src='x']").count() == 0
    assert tab.dialogs == []
    assert tab.page.locator("#pufa-search-page input[name=q]").input_value() == payload
    assert not any(urlparse(url).path.endswith("/x") for url in tab.requests)
    assert tab.foreign(served) == []


def test_page_markup_only_query(served, tab):
    """A query that is only markup (<script>alert(1)</script>) runs no script and shows only text."""
    tab.page.goto(f"{served}/sousuo/?q={quote('<script>alert(1)</script>')}")
    wait_until(tab.page, DONE_SEARCHING)
    assert tab.dialogs == []
    assert tab.page.locator("#pufa-results script, #pufa-results img").count() == 0


def test_header_search_submits_to_the_search_page(served, tab):
    """On any page, the header search box takes the reader to /sousuo/?q=… with results (an article number goes
    straight to the article instead: tests/test_reading.py)."""
    tab.page.goto(f"{served}/tiaoli/{SLUG}/34/")
    box = tab.page.locator("form.pufa-header-search input[name=q]")
    box.fill("复查期限")
    box.press("Enter")
    tab.page.wait_for_url(re.compile(r"/sousuo/\?q="), timeout=15_000)
    assert tab.page.url == f"{served}/sousuo/?q={quote('复查期限')}"
    tab.page.wait_for_selector("#pufa-results li.pufa-hit", timeout=15_000)
    assert any(f"/tiaoli/{SLUG}/35/" in href for href in tab.hrefs(3))
    assert tab.foreign(served) == []


def test_search_page_form_searches_in_place(served, tab):
    """On /sousuo/ the page's own form shows new results and updates ?q= without leaving the page."""
    tab.results(f"{served}/sousuo/?q={quote('第二十二条')}")
    box = tab.page.locator("#pufa-search-page input[name=q]")
    box.fill("复核听证")
    box.press("Enter")
    # a selector, not a function: the site's CSP forbids the eval a polled function needs
    tab.page.wait_for_selector("#pufa-results li.pufa-hit:first-child > a[href*='/36/']", timeout=15_000)
    assert tab.page.url == f"{served}/sousuo/?q={quote('复核听证')}"


@pytest.mark.parametrize("text", ["六十日", "60天", "六十天内", "第三十一条", "３１条", "依照31条", "五个工作日",
                                  "一百二十日内", "ＡＢＣ１２　三", "信访人应当在十五日内告知", "2022年", "第二十二章"])
def test_browser_normalises_like_python(served, tab, text):
    """The client's normalize() gives the same text and offset map as search_index.analysis.normalize."""
    tab.page.goto(f"{served}/sousuo/")
    tab.page.evaluate("() => new Promise(resolve => window.pufaSearch.ready(resolve))")  # the grammar comes with it
    result = tab.page.evaluate("text => window.pufaSearch.normalize(text)", text)
    expected, mapping = normalize(text)
    assert (result["text"], result["map"]) == (expected, mapping)


# --- odd queries and the links search returns -------------------------------------------------------------------

@pytest.mark.parametrize("query", ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf",
                                   "__defineGetter__", "prototype 上访"])
def test_page_object_property_names_are_ordinary_words(served, tab, query):
    """Words that name JavaScript object properties are searched like any word: no exception, and the query ends
    with a status line."""
    errors = []
    tab.page.on("pageerror", lambda error: errors.append(str(error)))
    tab.page.goto(f"{served}/sousuo/?q={quote(query)}")
    wait_until(tab.page, DONE_SEARCHING)
    status = tab.page.locator("#pufa-status").inner_text()
    assert status.startswith(("找到", "没有找到")), status
    assert errors == []


def _ids(site: Path, url: str, cache: dict) -> set[str]:
    path = url.lstrip("/").split("#")[0]
    page = site / path / "index.html" if path.endswith("/") or not path else site / path
    if page not in cache:
        cache[page] = set(re.findall(r'\bid="([^"]+)"', page.read_text(encoding="utf-8"))) if page.is_file() else None
    return cache[page]


def _broken(site: Path, urls: list[str]) -> list[str]:
    """The URLs whose page does not exist, or whose #anchor is no id on that page."""
    cache: dict = {}
    broken = []
    for url in urls:
        ids = _ids(site, url, cache)
        anchor = unquote(url.split("#", 1)[1]) if "#" in url else None
        if ids is None or (anchor and anchor not in ids):
            broken.append(url)
    return broken


def test_every_link_the_cli_can_return_exists(site, index_dir):
    """Every document in the Whoosh index (articles, Q&A, cases, interpretations, glossary terms) links to an
    existing page and, where it has one, an existing anchor; so do the passage anchors of articles."""
    from search_index.engine import Searcher

    with Searcher(index_dir) as searcher:
        stored = list(searcher.searcher.all_stored_fields())
    urls = [doc["url"] for doc in stored]
    urls += [f"{doc['url'].split('#')[0]}#{passage[1]}" for doc in stored for passage in doc.get("passages", [])
             if passage[1]]
    assert len(stored) > 200 and any("/cidian/#" in "/" + url for url in urls)
    assert _broken(site, ["/" + url for url in urls]) == []


def test_every_link_the_browser_can_return_exists(site):
    """The same for the browser index: every document's URL and every passage anchor resolve."""
    from tests.search_index.test_browser_export import assembled

    index = assembled({path.relative_to(site).as_posix(): path.read_text(encoding="utf-8")
                       for path in (site / "search").rglob("*.js") if "fagui" not in path.parts})
    urls = [doc[2] for doc in index["docs"]]
    urls += [f"{doc[2].split('#')[0]}#{passage[1]}" for doc in index["docs"] for passage in doc[6] if passage[1]]
    assert len(index["docs"]) > 200 and any("cidian/#" in url for url in urls)
    assert _broken(site, ["/" + url for url in urls]) == []


SHARDED_QUERIES = ["上访以后多久能给我答复", "不服信访答复还能找谁", "第二十二条", "31.6", "第三十一条第九项", "复核听证",
                   "网上信访", "拦领导的车递材料行不行", "量子力学", "12345热线", "constructor", "信访条例第21条"]


def test_a_query_fetches_only_its_shards_and_ranks_as_the_whole_index(served, browser):
    """What a fresh page fetches for one query (its characters' vocabulary, its words' postings, its hits'
    passages — or the whole vocabulary for a broad match) gives exactly the results of the whole index loaded."""
    for query in SHARDED_QUERIES:
        page = browser.new_page()
        fetched = []
        page.on("request", lambda request: fetched.append(request.url))
        page.goto(f"{served}/sousuo/")
        sharded = page.evaluate("""q => new Promise(resolve => window.pufaSearch.head(() =>
            window.pufaSearch.prepare(q, 20, "", hits => resolve(hits.map(h => [h.url, h.snippet, h.note])))))""", query)
        shards = len([url for url in fetched if "/search/p/" in url])
        page.evaluate("() => new Promise(resolve => window.pufaSearch.ready(resolve))")
        whole = page.evaluate("q => window.pufaSearch.search(q, 20).map(h => [h.url, h.snippet, h.note])", query)
        assert sharded == whole, query
        assert shards < 128, query  # never the whole postings for one query
        page.close()
