"""The Whoosh engine on a small made-up project: lookups first, filters, escaped snippets, any input, and an
index rebuilt atomically while searches run."""

from __future__ import annotations

import html
import json
import os
import re
import threading
import time
from pathlib import Path

import pytest

from search_index.documents import SearchDocument
from search_index.engine import Searcher, build_index
from tests.helpers import MEDIATION_SLUG, SCRIPT, SERVICE_SLUG, search_documents

ARTICLE_22 = f"tiaoli/{MEDIATION_SLUG}/22/"
_TAG = re.compile(r"<[^>]*>")


def build(index_dir: Path, documents=None) -> Path:
    docs, words, titles, default = search_documents()
    return build_index(docs if documents is None else documents, index_dir, words, titles, default)


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    """The made-up project indexed once for the module."""
    link = tmp_path_factory.mktemp("index") / ".pufa-index"
    build(link)
    return link


@pytest.fixture(scope="module")
def searcher(index_dir):
    with Searcher(index_dir) as searcher:
        yield searcher


# --- lookups ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["第二十二条", "第22条", "22条", "第２２条", "２２条", "示范社区调解条例第22条",
                                   "《示范社区调解条例》第二十二条"])
def test_article_number_puts_the_article_first(searcher, query):
    """Every form of 第二十二条 puts article 22's page first."""
    first = searcher.search(query)[0]
    assert (first.type, first.regulation, first.article, first.url) == ("article", MEDIATION_SLUG, 22, ARTICLE_22)


@pytest.mark.parametrize("query", ["31.6", "３１．６", "第三十一条第六项"])
def test_item_lookup_points_at_the_item_anchor(searcher, query):
    """31.6 and 第三十一条第六项 put article 31 first, linked to item 6's anchor, with the item as snippet."""
    first = searcher.search(query)[0]
    assert first.url == f"tiaoli/{MEDIATION_SLUG}/31/#art-31-p1-i6"
    assert first.snippet == "（六）泄露当事人的隐私或者商业秘密。"


def test_paragraph_lookup_points_at_the_paragraph_anchor(searcher):
    """第三十一条第二款 links to the second paragraph's anchor."""
    first = searcher.search("第三十一条第二款")[0]
    assert first.url == f"tiaoli/{MEDIATION_SLUG}/31/#art-31-p2"


def test_inserted_article_lookup(searcher):
    """第十条之一 puts the inserted article's page (10-1) first."""
    assert searcher.search("第十条之一")[0].url == f"tiaoli/{MEDIATION_SLUG}/10-1/"


def test_lookup_hides_only_its_own_article(searcher):
    """第十条 puts article 10 first and does not drop 第十条之一, a different article that also matches."""
    urls = [hit.url.split("#")[0] for hit in searcher.search("第十条")]
    assert urls[0] == f"tiaoli/{MEDIATION_SLUG}/10/"
    assert f"tiaoli/{MEDIATION_SLUG}/10-1/" in urls


def test_lookup_by_short_title_of_another_regulation(searcher):
    """物业法第2条 names article 2 of the service law, not the default regulation."""
    first = searcher.search("物业法第2条")[0]
    assert (first.regulation, first.article) == (SERVICE_SLUG, 2)


def test_lookup_result_is_not_repeated(searcher):
    """The looked-up article appears once, not again among the word matches."""
    urls = [hit.url.split("#")[0] for hit in searcher.search("第二十二条")]
    assert urls.count(ARTICLE_22) == 1


def test_unknown_article_gives_no_lookup_hit(searcher):
    """第九十九条 (no such article) returns no article 99."""
    assert all(hit.article != 99 for hit in searcher.search("第九十九条"))


def test_lookup_respects_the_regulation_filter(searcher):
    """With --regulation wuye, 第2条 is article 2 of the service law."""
    first = searcher.search("第2条", regulation=SERVICE_SLUG)[0]
    assert (first.regulation, first.article) == (SERVICE_SLUG, 2)


# --- words, filters -----------------------------------------------------------------------------------------------

def test_numerals_match_however_written(searcher):
    """六十天 finds article 22, which says 六十日, and marks the words as written."""
    hits = searcher.search("六十天")
    assert ARTICLE_22 in [hit.url.split("#")[0] for hit in hits]
    assert "<mark>六十日</mark>" in next(h.snippet for h in hits if h.url.startswith(ARTICLE_22))


def test_synonyms_find_statute_words(searcher):
    """不服 also finds the Q&A and the article that say 复核."""
    hits = searcher.search("不服")
    assert {"qa", "article"} <= {hit.type for hit in hits}
    assert any("<mark>复核</mark>" in hit.snippet for hit in hits)


@pytest.mark.parametrize("kind", ["article", "qa", "case", "term"])
def test_type_filter(searcher, kind):
    """--type keeps only results of that kind."""
    hits = searcher.search("调解", type=kind)
    assert hits and {hit.type for hit in hits} == {kind}


def test_type_filter_drops_the_lookup_hit(searcher):
    """An article lookup with --type qa returns no article."""
    assert all(hit.type == "qa" for hit in searcher.search("第二十二条", type="qa"))


@pytest.mark.parametrize("slug", [MEDIATION_SLUG, SERVICE_SLUG])
def test_regulation_filter(searcher, slug):
    """--regulation keeps only that regulation's results."""
    hits = searcher.search("服务 调解 条例 法", regulation=slug)
    assert hits and {hit.regulation for hit in hits} == {slug}


def test_limit(searcher):
    """limit caps the number of results."""
    assert len(searcher.search("调解", limit=2)) == 2


def test_hit_as_dict_is_json_with_a_site_absolute_url(searcher):
    """as_dict() is JSON-serialisable, with the label and a URL starting with /."""
    data = json.loads(json.dumps([hit.as_dict() for hit in searcher.search("调解协议")], ensure_ascii=False))
    assert data[0]["url"].startswith("/")
    assert {item["label"] for item in data} <= {"条文", "解读", "问答", "案例", "术语"}


# --- snippets -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["调解协议", "script", SCRIPT, "<script>", "网页", "培训", "第五条", "第五条第二款",
                                   "alert"])
def test_snippets_are_escaped(searcher, query):
    """Snippets never contain markup from the text: no <script; the only tags are <mark> and </mark>."""
    for hit in searcher.search(query):
        assert "<script" not in hit.snippet.lower()
        assert set(_TAG.findall(hit.snippet)) <= {"<mark>", "</mark>"}, hit.snippet


def test_script_in_text_comes_back_as_escaped_text(searcher):
    """A passage containing <script>alert(1)</script> is shown as &lt;script&gt; text."""
    snippets = [hit.snippet for hit in searcher.search("调解协议")]
    assert any("&lt;script&gt;" in snippet for snippet in snippets)
    for hit in searcher.search("网页 字样"):
        if hit.article == 5:
            assert "&lt;script&gt;" in hit.snippet and "&lt;/script&gt;" in hit.snippet
            break
    else:
        pytest.fail("article 5 (whose text contains <script>) was not found")


def test_lookup_snippet_is_escaped(searcher):
    """The snippet of a lookup hit (the paragraph as written) is escaped too."""
    first = searcher.search("第五条第二款")[0]
    assert first.article == 5 and "&lt;script&gt;" in first.snippet and "<script" not in first.snippet


def test_snippet_text_is_the_passage(searcher):
    """Without its <mark> tags and entities, a snippet is a piece of one of the document's passages."""
    passages = {doc.url.split("#")[0]: [p.text for p in doc.passages] for doc in search_documents()[0]}
    for hit in searcher.search("调解协议 培训"):
        plain = html.unescape(hit.snippet.replace("<mark>", "").replace("</mark>", "")).strip("…")
        assert plain and any(plain in text for text in passages[hit.url.split("#")[0]]), hit.snippet


# --- any input ----------------------------------------------------------------------------------------------------

NASTY = ["AND", "OR", "NOT", "AND OR NOT", "(", ")", "()", '"', '"调解', "*", "?", "~", "^", ":", "[", "]", "{", "}",
         "title:调解", "调解*", "调?", "调解~2", "调解^3", "[a TO z]", "{1 TO 2}", "调解 AND NOT 协议", "\\", "/", "'",
         "\x00", "\t\n", "😀", "<img src=x onerror=alert(1)>", "第" * 600, "调解" * 5000, "a" * 100_000, "",
         "   ", "第九九九九九九九九九九九九九九九九九九条", "99999999999999999999999条", "31.99999999999999999999",
         "《》第1条", "《" * 100 + "第1条", "第〇条", "第0条", "0.0", "第一条之零"]


@pytest.mark.parametrize("query", NASTY)
def test_any_string_is_a_valid_query(searcher, query):
    """No user string raises: nothing in a query is query syntax."""
    hits = searcher.search(query)
    assert isinstance(hits, list)


@pytest.mark.parametrize("kind", [None, "article", "qa", "case", "term", "interpretation"])
def test_any_string_with_filters(searcher, kind):
    """Odd strings with a --type filter do not raise either."""
    for query in NASTY[:25]:
        searcher.search(query, type=kind, regulation=MEDIATION_SLUG)


def test_empty_query_returns_nothing(searcher):
    """An empty or blank query returns no results."""
    assert searcher.search("") == [] and searcher.search("  \n ") == []


def test_long_query_is_answered_quickly(searcher):
    """A 100,000-character query is cut and answered within a second."""
    start = time.monotonic()
    searcher.search("调解协议" * 25_000)
    assert time.monotonic() - start < 1.0


def test_missing_index(tmp_path):
    """Opening a folder without an index raises FileNotFoundError naming it."""
    with pytest.raises(FileNotFoundError, match="no search index"):
        Searcher(tmp_path / ".pufa-index")


# --- atomic rebuild -----------------------------------------------------------------------------------------------

def _generations(link: Path) -> set[int]:
    return {int(p.name.rsplit(".", 1)[1]) for p in link.parent.glob(f"{link.name}.*")
            if p.name.rsplit(".", 1)[1].isdigit()}


def _complete(link: Path) -> bool:
    target = link.parent / os.readlink(link)
    return (target / "pufa-index.json").is_file() and any(target.glob("*.toc"))


def test_index_is_a_link_to_a_generation(tmp_path):
    """build_index writes .pufa-index.1 and makes .pufa-index a relative link to it."""
    link = tmp_path / ".pufa-index"
    target = build(link)
    assert link.is_symlink() and os.readlink(link) == ".pufa-index.1" == target.name
    assert _complete(link)
    meta = json.loads((target / "pufa-index.json").read_text(encoding="utf-8"))
    assert meta["generation"] == 1 and meta["default_regulation"] == MEDIATION_SLUG


def test_old_generations_are_pruned(tmp_path):
    """After several rebuilds only the current and the previous generation remain, and no temporary link."""
    link = tmp_path / ".pufa-index"
    for _ in range(4):
        build(link)
    assert _generations(link) == {3, 4}
    assert os.readlink(link) == ".pufa-index.4"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".pufa-index", ".pufa-index.3", ".pufa-index.4",
                                                          ".pufa.lock"]


def test_index_path_that_is_a_folder_is_refused(tmp_path):
    """If .pufa-index is a real folder (not a link), build_index refuses to replace it."""
    (tmp_path / ".pufa-index").mkdir()
    with pytest.raises(Exception, match="not a pufa index link"):
        build(tmp_path / ".pufa-index")
    assert (tmp_path / ".pufa-index").is_dir()


def test_failed_build_keeps_the_previous_index(tmp_path):
    """A build that fails half-way leaves the link on the last complete generation, still searchable."""
    link = tmp_path / ".pufa-index"
    build(link)
    broken = [SearchDocument("x/1", "article", "第一条", "x/1/", body=12345)]  # not text: the analyzer fails on it
    with pytest.raises(Exception):
        build(link, broken)
    assert os.readlink(link) == ".pufa-index.1" and _complete(link)
    with Searcher(link) as searcher:
        assert searcher.search("第二十二条")[0].url == ARTICLE_22


def test_open_searcher_survives_rebuilds(tmp_path):
    """A searcher opened before a rebuild keeps returning results after it."""
    link = tmp_path / ".pufa-index"
    build(link)
    with Searcher(link) as searcher:
        build(link)
        assert searcher.search("第二十二条")[0].url == ARTICLE_22
        assert searcher.search("调解协议")


def test_rebuilding_while_searching(tmp_path):
    """Eight rebuilds while two threads search: no search fails or comes back empty; the link stays complete."""
    link = tmp_path / ".pufa-index"
    build(link)
    done, errors, searches, incomplete = threading.Event(), [], [0], []

    def search_loop(query: str, expected: str | None):
        deadline = time.monotonic() + 60
        while not done.is_set() and time.monotonic() < deadline:
            try:
                if not _complete(link):
                    incomplete.append(os.readlink(link))
                with Searcher(link) as searcher:
                    hits = searcher.search(query)
                assert hits, f"no results for {query}"
                if expected:
                    assert hits[0].url == expected
                searches[0] += 1
            except BaseException as error:  # noqa: BLE001 - collected and reported from the main thread
                errors.append(error)
                return

    threads = [threading.Thread(target=search_loop, args=("第二十二条", ARTICLE_22)),
               threading.Thread(target=search_loop, args=("调解协议", None))]
    for thread in threads:
        thread.start()
    try:
        for _ in range(8):
            build(link)
    finally:
        done.set()
        for thread in threads:
            thread.join(60)
    assert errors == []
    assert incomplete == []
    assert searches[0] >= 2
    assert _generations(link) == {8, 9}


# --- bad input on the command line and damaged indexes ------------------------------------------------------------

def _pufa_search(index_dir: Path, *args: str, stdin: bytes = b""):
    import subprocess
    import sys

    from tests.helpers import pufa_environment

    return subprocess.run([sys.executable, "-m", "generator", "search", *args, "--index", str(index_dir)],
                          input=stdin, capture_output=True, env=pufa_environment(), timeout=120)


def test_every_stdin_line_gets_one_output_line(index_dir):
    """``pufa search -``: invalid UTF-8 or GBK bytes on a line give an error object for that line; the lines after
    it are still answered, one output line per input line."""
    lines = ["第22条".encode(), b"\xff\xfe\x00bad", "复查".encode("gbk"), b"", "调解".encode(), "a\udcffb".encode(
        "utf-8", "surrogateescape")]
    result = _pufa_search(index_dir, "-", stdin=b"\n".join(lines) + b"\n")
    assert result.returncode == 0, result.stderr
    output = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert len(output) == len(lines)
    assert output[0][0]["article"] == 22
    assert output[1] == {"error": "line 2: not valid UTF-8 (byte 0xff at position 0)", "line": 2}
    assert output[2]["line"] == 3 and "not valid UTF-8" in output[2]["error"]
    assert output[3] == []
    assert isinstance(output[4], list) and output[4]
    assert output[5]["line"] == 6


def test_an_argument_that_is_not_utf8_is_a_clear_error(index_dir):
    """A query argument with invalid bytes: exit 1 with one line, no traceback."""
    import os

    result = _pufa_search(index_dir, os.fsdecode(b"a\xffb"))
    assert result.returncode == 1
    assert result.stderr.decode() == ("Error: the query is not valid UTF-8 text. Hint: type it again, or check the "
                                      "terminal's encoding (LANG=zh_CN.UTF-8).\n")


@pytest.mark.parametrize("damage", ["metadata-garbled", "metadata-empty", "toc-truncated", "segment-zeroed",
                                    "segment-deleted"])
def test_a_damaged_index_says_so(tmp_path, damage):
    """Any damaged part of an index gives ``the index is damaged … run pufa index``, never a traceback."""
    link = tmp_path / ".pufa-index"
    build(link)
    generation = link.resolve()
    if damage == "metadata-garbled":
        (generation / "pufa-index.json").write_text("{not json", encoding="utf-8")
    elif damage == "metadata-empty":
        (generation / "pufa-index.json").write_text("{}", encoding="utf-8")
    elif damage == "toc-truncated":
        toc = next(generation.glob("*.toc"))
        toc.write_bytes(toc.read_bytes()[:20])
    else:
        for segment in generation.glob("*.seg"):
            if damage == "segment-zeroed":
                segment.write_bytes(b"\0" * segment.stat().st_size)
            else:
                segment.unlink()
    result = _pufa_search(link, "调解 第22条")
    stderr = result.stderr.decode()
    assert result.returncode == 1, stderr
    assert "Traceback" not in stderr
    assert stderr.startswith(f"Error: {link}: the index is damaged")
    assert stderr.rstrip().endswith("Hint: run pufa index (or pufa build) to write it again.")
