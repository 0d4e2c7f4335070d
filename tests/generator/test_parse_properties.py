"""Property tests for the parser: rendered trees parse back to themselves, and no input crashes it."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from generator.errors import ParseError, PufaError
from generator.normalize import normalize_text
from generator.parse import parse
from tests.helpers import expected_dict, render_lawrefbook, render_official, without_lines

# Plain Han text with punctuation, and none of the characters the grammar gives meaning to
# (numerals, 第, 条, 章, 节, 编, brackets, 、), so generated text never looks like structure by accident.
HAN = "甲乙丙丁戊己庚辛壬癸天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏居民社区设施管理应当可以"
PROSE = st.text(alphabet=HAN, min_size=1, max_size=12).map(lambda s: s + "。")
TITLE = st.text(alphabet=HAN, min_size=2, max_size=8)


@st.composite
def paragraphs(draw):
    def paragraph():
        items = draw(st.lists(st.fixed_dictionaries({
            "text": PROSE, "subitems": st.lists(PROSE, max_size=2)}), max_size=3))
        return {"text": draw(PROSE), "items": items}
    return [paragraph() for _ in range(draw(st.integers(1, 3)))]


@st.composite
def regulations(draw):
    """A regulation tree: optional 编, optional 章 with optional 节, articles with occasional 之一/之二."""
    number = 0

    def articles(count):
        nonlocal number
        result = []
        for _ in range(count):
            number += 1
            result.append({"number": number, "suffix": None, "paragraphs": draw(paragraphs())})
            for suffix in range(1, draw(st.sampled_from([0, 0, 0, 1, 2])) + 1):
                result.append({"number": number, "suffix": suffix, "paragraphs": draw(paragraphs())})
        return result

    def chapter(chapter_number):
        section_count = draw(st.integers(0, 2))
        if section_count:
            children = [{"unit": "节", "number": n, "title": draw(TITLE), "children": articles(draw(st.integers(1, 2)))}
                        for n in range(1, section_count + 1)]
        else:
            children = articles(draw(st.integers(1, 3)))
        return {"unit": "章", "number": chapter_number, "title": draw(TITLE), "children": children}

    shape = draw(st.sampled_from(["flat", "chapters", "parts"]))
    if shape == "flat":
        body = articles(draw(st.integers(1, 4)))
    elif shape == "chapters":
        body = [chapter(n) for n in range(1, draw(st.integers(1, 3)) + 1)]
    else:
        body, chapter_number = [], 0
        for part_number in range(1, draw(st.integers(1, 2)) + 1):
            chapters = []
            for _ in range(draw(st.integers(1, 2))):
                chapter_number += 1
                chapters.append(chapter(chapter_number))
            body.append({"unit": "编", "number": part_number, "title": draw(TITLE), "children": chapters})
    return {"title": draw(TITLE), "body": body}


@given(regulations())
def test_official_rendering_parses_back_to_the_tree(regulation):
    """parse(render_official(tree)) gives back the tree, with no problems."""
    result = parse(render_official(regulation))
    assert without_lines(result.regulation.as_dict()) == expected_dict(regulation)
    assert result.problems == ()


@given(regulations())
def test_lawrefbook_rendering_parses_back_to_the_tree(regulation):
    """parse(render_lawrefbook(tree)) gives back the same tree as the official rendering."""
    result = parse(render_lawrefbook(regulation))
    assert without_lines(result.regulation.as_dict()) == expected_dict(regulation)
    assert result.problems == ()


@given(regulations())
def test_rendered_line_numbers_point_at_the_source(regulation):
    """Every article, paragraph and item of a rendered tree records the line that holds its text."""
    text = render_official(regulation)
    lines = normalize_text(text).split("\n")
    for article in parse(text).regulation.articles():
        assert lines[article.lineno - 1].startswith(article.label)
        for paragraph in article.paragraphs:
            assert lines[paragraph.lineno - 1].endswith(paragraph.text)
            for item in paragraph.items:
                assert lines[item.lineno - 1] == item.text
                assert all(lines[sub.lineno - 1] == sub.text for sub in item.subitems)


# Arbitrary text shaped like a regulation: lines that start with the grammar's keywords (well-formed or not)
# followed by prose, mixed with bare prose, blank lines and noise.
LINE_STARTS = ["", "", "第一条　", "第二条　", "第三条", "第十条之一　", "第一条之十十　", "第十十条", "第1条 ",
               "第100000000条　", "第一章　", "第二章　", "第一节　", "第一编　", "第十十章　", "目录", "目　　录",
               "序言", "（一）", "(二)", "（十十）", "（一百零一）", "1．", "2.", "一、", "二、", "十十、", "# ", "## ",
               "<!-- INFO END -->", "（2020年1月1日通过", "自2020年1月1日起施行", "规定的"]
LINE = st.tuples(st.sampled_from(LINE_STARTS), st.text(alphabet=HAN + "，。　 ）", max_size=6)).map("".join)
REGULATION_LIKE = st.lists(LINE, max_size=15).map("\n".join)


def assert_parses_or_raises_parse_error(text: str) -> None:
    try:
        result = parse(text, path="fuzz.txt")
    except ParseError as error:
        assert isinstance(error, PufaError)
        assert str(error).startswith("fuzz.txt")
        return
    lines = normalize_text(text).split("\n")
    for article in result.regulation.articles():
        for paragraph in article.paragraphs:
            assert paragraph.text in lines[paragraph.lineno - 1]
    for problem in result.problems:
        assert str(problem).startswith(f"fuzz.txt:{problem.lineno}: ")


@settings(max_examples=200)
@given(REGULATION_LIKE)
def test_regulation_like_text_never_crashes(text):
    """Lines starting with 第N条/第N章/目录/（一）/一、 and prose either parse or raise ParseError, nothing else."""
    assert_parses_or_raises_parse_error(text)


@settings(max_examples=150)
@given(st.text(max_size=60))
def test_arbitrary_text_never_crashes(text):
    """Any Unicode text either parses or raises ParseError (a PufaError), never another exception."""
    assert_parses_or_raises_parse_error(text)
