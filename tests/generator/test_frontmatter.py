"""Tests for generator.frontmatter: YAML front matter and the glossary list, with the file line of every key."""

from __future__ import annotations

import pytest

from generator.errors import ContentError
from generator.frontmatter import FrontMatter, glossary_entries, read_front_matter

QUESTION = """---
title: 信访事项多久能办完？
articles:
  - 22
  - "31.6"
  - 第三十四条
tags: [办理期限, 受理转送]
audience: 公众
date: 2022-13-45
published: 2023-04-18
---

正文第一行。
正文第二行。
"""


def test_top_level_keys_keep_their_file_lines():
    """Each top-level key records the line it stands on in the file (the opening --- is line 1)."""
    matter = read_front_matter(QUESTION, "wenda/x.md")
    assert matter.lines == {"title": 2, "articles": 3, "tags": 7, "audience": 8, "date": 9, "published": 10}


def test_block_list_elements_keep_their_own_lines():
    """Each element of a block list records its own line, so an error can point at the one bad reference."""
    matter = read_front_matter(QUESTION, "wenda/x.md")
    assert matter.item_lines["articles"] == [4, 5, 6]
    assert [matter.line_of("articles", i) for i in range(3)] == [4, 5, 6]


def test_flow_list_elements_share_the_key_line():
    """Elements of a flow list ([a, b]) all stand on the key's line."""
    matter = read_front_matter(QUESTION, "wenda/x.md")
    assert matter.item_lines["tags"] == [7, 7]


def test_line_of_falls_back_to_the_key_then_to_line_1():
    """line_of: an index past the list or a scalar key gives the key's line; an absent key gives line 1."""
    matter = read_front_matter(QUESTION, "wenda/x.md")
    assert matter.line_of("articles", 9) == 3
    assert matter.line_of("audience") == 8
    assert matter.line_of("audience", 0) == 8
    assert matter.line_of("summary") == 1


def test_values_are_read_as_yaml():
    """Numbers stay numbers, quoted numbers and Chinese labels stay strings."""
    matter = read_front_matter(QUESTION, "wenda/x.md")
    assert matter.data["articles"] == [22, "31.6", "第三十四条"]
    assert matter.data["tags"] == ["办理期限", "受理转送"]
    assert matter.data["audience"] == "公众"


def test_dates_stay_strings():
    """Dates are not turned into datetime.date (valid or not): the content model validates them with their line."""
    matter = read_front_matter(QUESTION, "wenda/x.md")
    assert matter.data["date"] == "2022-13-45"
    assert matter.data["published"] == "2023-04-18"
    assert isinstance(matter.data["published"], str)


def test_body_and_body_lineno():
    """The body is the text after the closing ---, and body_lineno is the file line it starts on."""
    matter = read_front_matter(QUESTION, "wenda/x.md")
    assert matter.body == "\n正文第一行。\n正文第二行。\n"
    assert matter.body_lineno == 12
    lines = QUESTION.split("\n")
    assert lines[matter.body_lineno - 1:matter.body_lineno + 2] == ["", "正文第一行。", "正文第二行。"]


def test_body_lineno_directly_after_the_fence():
    """Without a blank line after the closing ---, the body starts on the next line."""
    matter = read_front_matter("---\ntitle: 甲\n---\n# 标题\n", "a.md")
    assert matter.body == "# 标题\n"
    assert matter.body_lineno == 4


def test_dots_close_the_front_matter():
    """A YAML document end marker (...) closes the front matter as --- does."""
    matter = read_front_matter("---\ntitle: 甲\n...\n正文\n", "a.md")
    assert matter.data == {"title": "甲"}
    assert matter.body == "正文\n"


def test_no_front_matter():
    """A file without a leading --- has empty data and the whole text as its body, from line 1."""
    matter = read_front_matter("正文\n第二行\n", "a.md")
    assert matter == FrontMatter({}, body="正文\n第二行\n")
    assert matter.body_lineno == 1


def test_empty_front_matter_is_an_empty_mapping():
    """An empty front-matter block (--- then ---) reads as no keys, not as an error."""
    matter = read_front_matter("---\n---\n正文\n", "a.md")
    assert matter.data == {}
    assert matter.body == "正文\n"
    assert matter.body_lineno == 3


@pytest.mark.parametrize("text, lineno", [
    ("---\ntitle: 甲\narticles: [22, 23\n---\n正文\n", 4),
    ("---\ntitle: 甲\naudience: 公众\n  tags: 乙\n---\n", 4),
    ("---\ntitle: 甲\ntitle2: \"未闭合\n---\n", 4),
])
def test_invalid_yaml_names_file_and_line(text, lineno):
    """Invalid YAML raises ContentError with the file and the file line of the problem, and a hint."""
    with pytest.raises(ContentError) as caught:
        read_front_matter(text, "wenda/bad.md")
    error = caught.value
    assert error.path == "wenda/bad.md"
    assert error.lineno == lineno
    assert error.message.startswith("invalid YAML front matter: ")
    assert error.hint
    assert str(error).startswith(f"wenda/bad.md:{lineno}: invalid YAML front matter: ")


@pytest.mark.parametrize("yaml_text", ["- 22\n- 23\n", "只是一行文字\n", "42\n"])
def test_front_matter_that_is_not_a_mapping(yaml_text):
    """A list or a scalar between the fences raises ContentError at line 2 (the first YAML line)."""
    with pytest.raises(ContentError) as caught:
        read_front_matter(f"---\n{yaml_text}---\n正文\n", "anli/x.md")
    assert caught.value.message == "front matter must be a mapping of keys to values"
    assert caught.value.path == "anli/x.md"
    assert caught.value.lineno == 2


GLOSSARY = """- term: 信访人
  definition: 反映情况的一方。
  articles: [17, 19]
  aliases: [来访人]

- term: 复查
  definition: 对处理意见不服时请上一级机关再看一遍。
  articles:
    - 35
    - "第三十六条"
"""


def test_glossary_entries_key_lines():
    """Each glossary entry gives its data, the line of each key ("" → the entry's first line)."""
    entries = list(glossary_entries(GLOSSARY, "cidian.yml"))
    assert [entry for entry, _, _ in entries] == [
        {"term": "信访人", "definition": "反映情况的一方。", "articles": [17, 19], "aliases": ["来访人"]},
        {"term": "复查", "definition": "对处理意见不服时请上一级机关再看一遍。", "articles": [35, "第三十六条"]},
    ]
    assert entries[0][1] == {"": 1, "term": 1, "definition": 2, "articles": 3, "aliases": 4}
    assert entries[1][1] == {"": 6, "term": 6, "definition": 7, "articles": 8}


def test_glossary_entries_list_element_lines():
    """List values inside an entry record each element's line (flow lists share the key's line)."""
    entries = list(glossary_entries(GLOSSARY, "cidian.yml"))
    assert entries[0][2] == {"articles": [3, 3], "aliases": [4]}
    assert entries[1][2] == {"articles": [9, 10]}


def test_glossary_non_mapping_entry_is_yielded_with_its_line():
    """A list element that is not a mapping is still yielded, with its line, for the content model to report."""
    entries = list(glossary_entries("- term: 甲\n  definition: 乙\n- 只是一句话\n", "cidian.yml"))
    assert entries[1] == ("只是一句话", {"": 3}, {})


def test_glossary_dates_stay_strings():
    """Dates in the glossary are strings too."""
    (entry, _, _), = glossary_entries("- term: 甲\n  definition: 乙\n  since: 2022-05-01\n", "cidian.yml")
    assert entry["since"] == "2022-05-01"


def test_glossary_invalid_yaml_names_file_and_line():
    """Invalid YAML in the glossary raises ContentError with the file line (the file has no fence to skip)."""
    with pytest.raises(ContentError) as caught:
        list(glossary_entries("- term: 甲\n  definition: [乙\n- term: 丙\n", "cidian.yml"))
    assert caught.value.path == "cidian.yml"
    assert caught.value.lineno == 3
    assert caught.value.message.startswith("invalid YAML: ")


@pytest.mark.parametrize("text", ["term: 甲\ndefinition: 乙\n", "只是文字\n"])
def test_glossary_that_is_not_a_list(text):
    """A glossary that is a mapping or a scalar raises ContentError at line 1."""
    with pytest.raises(ContentError) as caught:
        list(glossary_entries(text, "cidian.yml"))
    assert caught.value.message == "expected a list of terms"
    assert caught.value.lineno == 1


# Text with a '*' is read by the pure-Python loader (which can name an alias's line), the rest by libyaml's:
# both must read every front matter alike, a '*' in a value must change nothing.
SAME_EITHER_WAY = [
    "title: 信访事项多久办结\narticles: [32, 31.10]\ndate: 2022-05-01\n",
    "title: x\ncount: 0x1F\nflag: yes\nnothing: ~\nlist:\n  - 一\n  - 二: 三\n",
    "summary: |\n  第一行\n  第二行\nlevel: 1_000\n",
]


@pytest.mark.parametrize("yaml_text", SAME_EITHER_WAY)
def test_both_loaders_read_alike(yaml_text):
    fast = read_front_matter(f"---\n{yaml_text}---\n正文\n", "p.md")
    starred = read_front_matter(f"---\n{yaml_text}note: 带*号的值\n---\n正文\n", "p.md")
    assert {key: value for key, value in starred.data.items() if key != "note"} == fast.data
    assert starred.data["note"] == "带*号的值"
    assert {key: line for key, line in starred.lines.items() if key != "note"} == fast.lines
    assert starred.item_lines == fast.item_lines
    assert isinstance(fast.data.get("date", ""), str) and fast.data.get("articles", [0, "31.10"])[1] == "31.10"


@pytest.mark.parametrize("star", ["", "# *\n"])
def test_long_numbers_are_refused_by_either_loader(star):
    with pytest.raises(ContentError, match="more than 18 digits") as error:
        read_front_matter(f"---\n{star}title: x\nn: {'9' * 40}\n---\n", "p.md")
    assert error.value.lineno == (4 if star else 3)
