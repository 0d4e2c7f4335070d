"""Corpus tests: the parser on the real official texts kept in ../shared/corpus (never copied into the repo).

The expected counts were taken from the texts independently of the parser (grep and a separate line counter):
articles are lines starting 第N条, items lines starting （N） or (N), paragraphs the article lines plus every
following line that is neither heading nor item, headings counted in the body only (not in the 目录).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.model import Chapter, Section
from generator.parse import parse_file
from tests.helpers import CORPUS, without_lines

# stem: (chapters, sections, articles, paragraphs, items)
COUNTS = {
    "xinfang-gongzuo-tiaoli-2022": (6, 0, 50, 98, 62),
    "xinfang-tiaoli-2005": (7, 0, 51, 78, 42),
    "zhejiang-xinfang-tiaoli-2016": (6, 0, 36, 60, 52),
    "renmin-tiaojie-fa-2010": (6, 0, 35, 46, 17),
    "xingzheng-fuyi-fa-2023": (7, 9, 90, 155, 95),
    "xingzheng-chufa-fa-2021": (8, 4, 86, 141, 61),
}
SOURCES = [(stem, "official", f"{stem}.txt") for stem in COUNTS] + [
    (stem, "lawrefbook", f"{stem}.md") for stem in COUNTS]
VARIANTS = ["xinfang-gongzuo-tiaoli-2022.gb18030.txt", "xinfang-gongzuo-tiaoli-2022.bom-crlf.txt",
            "xinfang-gongzuo-tiaoli-2022.halfwidth.txt"]

_cache: dict[Path, object] = {}


def corpus_file(folder: str, name: str) -> Path:
    if not (CORPUS / folder).is_dir():
        pytest.skip(f"shared corpus folder {CORPUS / folder} not found (expected ../shared/corpus beside the project)")
    return CORPUS / folder / name


def parsed(folder: str, name: str):
    """Parse a corpus file once per session; the texts are read-only."""
    path = corpus_file(folder, name)
    if path not in _cache:
        _cache[path] = parse_file(path)
    return _cache[path]


def counts(regulation) -> tuple[int, int, int, int, int]:
    articles = list(regulation.articles())
    paragraphs = [p for a in articles for p in a.paragraphs]
    return (len(list(regulation.divisions(Chapter))), len(list(regulation.divisions(Section))), len(articles),
            len(paragraphs), sum(len(p.items) for p in paragraphs))


@pytest.mark.parametrize(("stem", "folder", "name"), SOURCES, ids=[f"{f}/{n}" for _, f, n in SOURCES])
def test_structure_counts(stem, folder, name):
    """Each corpus text has exactly the known numbers of chapters, sections, articles, paragraphs and items."""
    assert counts(parsed(folder, name).regulation) == COUNTS[stem]


@pytest.mark.parametrize(("stem", "folder", "name"), SOURCES, ids=[f"{f}/{n}" for _, f, n in SOURCES])
def test_articles_are_numbered_one_to_n(stem, folder, name):
    """Articles run 第一条 … 第N条 without gaps or suffixes in every corpus text."""
    keys = [a.key for a in parsed(folder, name).regulation.articles()]
    assert keys == [(n, 0) for n in range(1, COUNTS[stem][2] + 1)]


@pytest.mark.parametrize(("stem", "folder", "name"), SOURCES, ids=[f"{f}/{n}" for _, f, n in SOURCES])
def test_no_problems(stem, folder, name):
    """The official and LawRefBook texts parse without a single problem."""
    assert [str(p) for p in parsed(folder, name).problems] == []


@pytest.mark.parametrize("stem", list(COUNTS))
def test_official_and_lawrefbook_shapes_agree(stem):
    """The official text and its LawRefBook Markdown give identical as_dict() apart from line numbers."""
    official = parsed("official", f"{stem}.txt").regulation.as_dict()
    lawrefbook = parsed("lawrefbook", f"{stem}.md").regulation.as_dict()
    assert without_lines(lawrefbook) == without_lines(official)


@pytest.mark.parametrize("variant", VARIANTS)
def test_variants_give_the_official_tree(variant):
    """The GB18030/CRLF, BOM/CRLF and half-width variants give the official tree, line numbers included."""
    official = parsed("official", "xinfang-gongzuo-tiaoli-2022.txt").regulation
    other = parsed("variants", variant)
    assert other.problems == ()
    assert other.regulation.as_dict() == official.as_dict()
    assert (other.regulation.title, other.regulation.meta, other.regulation.preamble, other.regulation.body) == (
        official.title, official.meta, official.preamble, official.body)


# --- 信访工作条例 (2022) in detail ---

@pytest.fixture(scope="module")
def xinfang():
    return parsed("official", "xinfang-gongzuo-tiaoli-2022.txt").regulation


def test_xinfang_title_and_chapters(xinfang):
    """信访工作条例 has six chapters, the first 总则 (from 总　则) and the last 附则."""
    assert xinfang.title == "信访工作条例"
    chapters = list(xinfang.divisions(Chapter))
    assert [c.number for c in chapters] == [1, 2, 3, 4, 5, 6]
    assert (chapters[0].title, chapters[-1].title) == ("总则", "附则")


def test_xinfang_has_50_articles(xinfang):
    """信访工作条例 has 50 articles, 第一条 … 第五十条."""
    articles = list(xinfang.articles())
    assert len(articles) == 50
    assert (articles[0].label, articles[-1].label) == ("第一条", "第五十条")


def test_xinfang_article_31_has_six_items(xinfang):
    """第三十一条 has six items (（一）…（六）) in its first paragraph."""
    paragraph = xinfang.find(31).paragraphs[0]
    assert [i.number for i in paragraph.items] == [1, 2, 3, 4, 5, 6]
    assert paragraph.items[5].text.startswith("（六）")


def test_xinfang_dates(xinfang):
    """Approved 2022-01-24, issued 2022-02-25, and 第五十条 sets the effective date 2022-05-01."""
    assert xinfang.meta.adopted == dt.date(2022, 1, 24)
    assert xinfang.meta.published == dt.date(2022, 2, 25)
    assert xinfang.meta.effective == dt.date(2022, 5, 1)
    assert "2022年5月1日起施行" in xinfang.find(50).text


def test_chapters_with_sections_in_xingzheng_fuyi_fa():
    """行政复议法 (2023): sections restart in chapters 2 and 4 (4 and 5 sections) without problems."""
    regulation = parsed("official", "xingzheng-fuyi-fa-2023.txt").regulation
    per_chapter = {c.number: [s.number for s in c.children if isinstance(s, Section)]
                   for c in regulation.divisions(Chapter)}
    assert per_chapter == {1: [], 2: [1, 2, 3, 4], 3: [], 4: [1, 2, 3, 4, 5], 5: [], 6: [], 7: []}
