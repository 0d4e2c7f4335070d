"""Article-number lookups: every form a reader types names the article, and nothing else does."""

from __future__ import annotations

import pytest

from generator.link import Target
from search_index.lookup import find_lookup

TITLES = {"信访条例": "xinfang-tiaoli-2005", "信访工作条例": "xinfang-gongzuo-tiaoli"}
DEFAULT = "xinfang-gongzuo-tiaoli"


def lookup(text: str, default: str | None = DEFAULT) -> Target | None:
    return find_lookup(text, TITLES, default)


@pytest.mark.parametrize("text", ["第二十二条", "第22条", "22条", "第２２条", "２２条", " 第二十二条 ", "第22 条"])
def test_article_in_every_form(text):
    """第二十二条, 第22条, 22条 and full-width 第２２条 all name article 22 of the default regulation."""
    assert lookup(text) == Target(DEFAULT, 22)


def test_article_lookup_has_the_page_slug_and_article_anchor():
    """A whole-article lookup points at the article page and the article's own anchor."""
    found = lookup("第二十二条")
    assert (found.article_slug, found.anchor) == ("22", "art-22")


@pytest.mark.parametrize("text", ["31.6", "３１．６", "第三十一条第六项", "第31条第6项"])
def test_item_in_every_form(text):
    """31.6 and 第三十一条第六项 name item 6 of article 31 (anchor in its first paragraph)."""
    found = lookup(text)
    assert found == Target(DEFAULT, 31, item=6)
    assert found.anchor == "art-31-p1-i6"


def test_paragraph():
    """第三十一条第二款 names paragraph 2 of article 31."""
    found = lookup("第三十一条第二款")
    assert found == Target(DEFAULT, 31, paragraph=2)
    assert found.anchor == "art-31-p2"


def test_paragraph_and_item():
    """第三十一条第二款第三项 names item 3 of paragraph 2."""
    found = lookup("第三十一条第二款第三项")
    assert found == Target(DEFAULT, 31, paragraph=2, item=3)
    assert found.anchor == "art-31-p2-i3"


def test_inserted_article():
    """第十条之一 names the inserted article 10-1, whose page is 10-1."""
    found = lookup("第十条之一")
    assert found == Target(DEFAULT, 10, suffix=1)
    assert found.article_slug == "10-1"


@pytest.mark.parametrize("text", ["信访条例第21条", "《信访条例》第二十一条", "信访条例第二十一条", "《信访条例》21条",
                                  "信访条例 第21条"])
def test_title_then_article(text):
    """A known title before the number names that regulation, with or without 《》."""
    assert lookup(text) == Target("xinfang-tiaoli-2005", 21)


def test_title_overrides_the_default():
    """信访工作条例第二十一条 names the regulation by its title even when another is the default."""
    assert lookup("信访工作条例第二十一条", default="xinfang-tiaoli-2005") == Target(DEFAULT, 21)


@pytest.mark.parametrize("text", [
    "2022",          # a year
    "22",            # a bare number
    "31.",           # no item
    "信访",           # a word
    "上访以后多久能给我答复",
    "第二十二章",      # a chapter, not an article
    "第二十二条怎么理解",  # more than the number
    "未知条例第3条",    # unknown title
    "《未知条例》第三条",
    "",
    "   ",
])
def test_not_a_lookup(text):
    """Years, bare numbers, words, other units and unknown titles are not article lookups."""
    assert lookup(text) is None


def test_no_default_regulation_means_no_bare_lookup():
    """Without a default regulation, 第22条 names nothing, but a titled reference still does."""
    assert lookup("第22条", default=None) is None
    assert lookup("信访条例第21条", default=None) == Target("xinfang-tiaoli-2005", 21)
