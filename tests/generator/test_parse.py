"""Tests for generator.parse on small made-up texts (tests/fixtures/) and inline strings."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.errors import ParseError, PufaError
from generator.model import Chapter, Part, Section, TextBlock
from generator.normalize import normalize_text
from generator.parse import DEFAULT_SEVERITY, parse, parse_file
from tests.helpers import fixture_path, make_regulation, without_lines

BANFA_TXT = fixture_path("sheshi-guanli-banfa.txt")
BANFA_MD = fixture_path("sheshi-guanli-banfa.md")

BANFA_EXPECTED = {
    "title": "示范社区公共设施管理办法",
    "meta": {"note": "2021年3月2日示范社区居民代表会议通过 2021年3月9日示范社区居民委员会公布",
             "adopted": "2021-03-02", "published": "2021-03-09", "effective": "2021-04-01"},
    "preamble": [],
    "parts": [{"number": 1, "label": "第一编", "title": "通则"},
              {"number": 2, "label": "第二编", "title": "分则"}],
    "chapters": [{"number": 1, "label": "第一章", "title": "总则", "part": 1},
                 {"number": 2, "label": "第二章", "title": "设施登记", "part": 1},
                 {"number": 3, "label": "第三章", "title": "使用和维护", "part": 2},
                 {"number": 4, "label": "第四章", "title": "附则", "part": 2}],
    "sections": [{"number": 1, "label": "第一节", "title": "登记范围", "chapter": 2},
                 {"number": 2, "label": "第二节", "title": "登记程序", "chapter": 2},
                 {"number": 1, "label": "第一节", "title": "日常使用", "chapter": 3},
                 {"number": 2, "label": "第二节", "title": "维修养护", "chapter": 3}],
    "articles": [
        {"number": 1, "suffix": None, "label": "第一条", "part": 1, "chapter": 1, "section": None,
         "paragraphs": [{"text": "为了管好用好社区公共设施，方便居民生活，制定本办法。", "items": []}]},
        {"number": 2, "suffix": None, "label": "第二条", "part": 1, "chapter": 1, "section": None,
         "paragraphs": [{"text": "本办法所称公共设施，包括下列设施：",
                         "items": ["（一）健身器材、休息座椅；", "（二）照明灯具、指示标牌；",
                                   "（三）其他供居民共同使用的设施。"]},
                        {"text": "公共设施的具体名录由居民委员会公布。", "items": []}]},
        {"number": 3, "suffix": None, "label": "第三条", "part": 1, "chapter": 2, "section": 1,
         "paragraphs": [{"text": "居民委员会应当对公共设施逐项登记，登记内容包括：",
                         "items": ["（一）设施名称和位置；", "（二）设施来源，分为：", "（三）管理责任人。"],
                         "subitems": [[], ["1．政府投入；", "2.居民自筹。"], []]}]},
        {"number": 4, "suffix": None, "label": "第四条", "part": 1, "chapter": 2, "section": 1,
         "paragraphs": [{"text": "新增设施应当在投入使用后三十日内登记。", "items": []}]},
        {"number": 5, "suffix": None, "label": "第五条", "part": 1, "chapter": 2, "section": 2,
         "paragraphs": [{"text": "登记由管理责任人提出，居民委员会审核。", "items": []}]},
        {"number": 6, "suffix": None, "label": "第六条", "part": 1, "chapter": 2, "section": 2,
         "paragraphs": [{"text": "登记信息发生变化的，应当及时更新。", "items": []}]},
        {"number": 7, "suffix": None, "label": "第七条", "part": 2, "chapter": 3, "section": 1,
         "paragraphs": [{"text": "居民应当爱护公共设施，按照用途使用。", "items": []}]},
        {"number": 8, "suffix": None, "label": "第八条", "part": 2, "chapter": 3, "section": 1,
         "paragraphs": [{"text": "禁止下列行为：",
                         "items": ["（一）损坏、拆除公共设施；", "（二）占用公共设施堆放杂物。"]}]},
        {"number": 9, "suffix": None, "label": "第九条", "part": 2, "chapter": 3, "section": 2,
         "paragraphs": [{"text": "管理责任人应当定期检查设施状况。", "items": []},
                        {"text": "发现设施损坏的，应当在三日内报修。", "items": []}]},
        {"number": 10, "suffix": None, "label": "第十条", "part": 2, "chapter": 3, "section": 2,
         "paragraphs": [{"text": "维修费用按照设施来源分担。", "items": []}]},
        {"number": 10, "suffix": 1, "label": "第十条之一", "part": 2, "chapter": 3, "section": 2,
         "paragraphs": [{"text": "紧急情况下，居民委员会可以先行组织维修。", "items": []}]},
        {"number": 11, "suffix": None, "label": "第十一条", "part": 2, "chapter": 4, "section": None,
         "paragraphs": [{"text": "本办法由居民委员会负责解释。", "items": []}]},
        {"number": 12, "suffix": None, "label": "第十二条", "part": 2, "chapter": 4, "section": None,
         "paragraphs": [{"text": "本办法自2021年4月1日起施行。", "items": []}]},
    ],
}


@pytest.fixture(scope="module")
def banfa():
    return parse_file(BANFA_TXT)


@pytest.fixture(scope="module")
def banfa_md():
    return parse_file(BANFA_MD)


# --- the whole tree of the main fixture ---

def test_official_shape_gives_the_expected_tree(banfa):
    """The plain-text fixture (目录, 编, 章, 节, 之一, items, sub-items) parses into exactly the expected tree."""
    assert without_lines(banfa.regulation.as_dict()) == BANFA_EXPECTED


def test_lawrefbook_shape_gives_the_same_tree(banfa, banfa_md):
    """The LawRefBook Markdown of the same text gives the same as_dict() apart from line numbers."""
    assert without_lines(banfa_md.regulation.as_dict()) == without_lines(banfa.regulation.as_dict())


def test_well_formed_fixtures_have_no_problems(banfa, banfa_md):
    """A well-formed text in either shape yields no problems at all."""
    assert banfa.problems == ()
    assert banfa_md.problems == ()


def test_regulation_keeps_its_source_path(banfa):
    """The root node remembers the file it was parsed from."""
    assert banfa.regulation.path == str(BANFA_TXT)


# --- title, issuing note, dates ---

def test_title_and_issuing_note(banfa):
    """The first line is the title; the bracketed line after it is the issuing note, brackets removed."""
    regulation = banfa.regulation
    assert regulation.title == "示范社区公共设施管理办法"
    assert regulation.meta.note == "2021年3月2日示范社区居民代表会议通过 2021年3月9日示范社区居民委员会公布"


def test_adopted_and_published_dates_come_from_the_note(banfa):
    """通过 gives the adoption date and 公布 the publication date."""
    assert banfa.regulation.meta.adopted == dt.date(2021, 3, 2)
    assert banfa.regulation.meta.published == dt.date(2021, 3, 9)


def test_effective_date_from_the_final_article(banfa):
    """With no 施行 date in the note, 本办法自2021年4月1日起施行 in an article sets the effective date."""
    assert banfa.regulation.meta.effective == dt.date(2021, 4, 1)


def test_effective_date_from_the_note():
    """A note listing 通过, 发布 and 施行 events gives all three dates."""
    result = make_regulation("试行规定\n（2019年12月2日某会议通过　2019年12月9日某机关发布　2020年1月1日施行）\n"
                             "第一条　甲。\n")
    meta = result.regulation.meta
    assert (meta.adopted, meta.published, meta.effective) == (
        dt.date(2019, 12, 2), dt.date(2019, 12, 9), dt.date(2020, 1, 1))


def test_issuing_note_over_several_lines():
    """An issuing note broken over two lines is one note, joined by a space."""
    result = make_regulation("试行规定\n\n（2019年12月2日某会议通过\n2019年12月9日某机关公布）\n\n第一条　甲。\n")
    assert result.regulation.meta.note == "2019年12月2日某会议通过 2019年12月9日某机关公布"
    assert result.regulation.meta.published == dt.date(2019, 12, 9)
    assert result.problems == ()


def test_unclosed_issuing_note_does_not_swallow_articles():
    """An issuing note missing its closing ） ends at the first article; no article is lost into the note."""
    result = make_regulation("标题\n（2020年1月1日通过\n第一条　甲。\n第二条　乙（丙）\n第三条　丁。\n")
    assert [a.label for a in result.regulation.articles()] == ["第一条", "第二条", "第三条"]
    assert "第一条" not in result.regulation.meta.note


def test_unclosed_issuing_note_error_has_a_line():
    """If an unclosed issuing note leaves no article, the ParseError still names a line (path:line: …)."""
    try:
        make_regulation("标题\n（2020年1月1日通过\n第一条　甲。\n第二条　乙。\n", path="note.txt")
    except ParseError as error:
        assert error.lineno is not None, str(error)


def test_no_note_means_no_dates():
    """A text without issuing note or 施行 article has empty metadata."""
    meta = make_regulation("试行规定\n\n第一条　甲。\n").regulation.meta
    assert (meta.note, meta.adopted, meta.published, meta.effective) == ("", None, None, None)


# --- divisions ---

def test_spaced_heading_titles_are_compacted(banfa):
    """总　　则 in a heading reads as 总则; the heading label is rebuilt as 第一章 总则."""
    chapter = next(banfa.regulation.divisions(Chapter))
    assert chapter.title == "总则"
    assert chapter.heading == "第一章 总则"


def test_sections_restart_in_every_chapter(banfa):
    """第一节 after a new chapter is not a numbering problem, and each section hangs under its chapter."""
    chapters = list(banfa.regulation.divisions(Chapter))
    assert [[s.number for s in c.children if isinstance(s, Section)] for c in chapters] == [[], [1, 2], [1, 2], []]
    assert not [p for p in banfa.problems if p.kind == "division-order"]


def test_parts_hold_chapters_and_chapter_numbers_run_on(banfa):
    """编 contain their chapters; chapter numbers continue across 编 without a problem."""
    parts = list(banfa.regulation.divisions(Part))
    assert [(p.number, p.title) for p in parts] == [(1, "通则"), (2, "分则")]
    assert [[c.number for c in p.children] for p in parts] == [[1, 2], [3, 4]]


def test_chapters_may_restart_in_each_part():
    """As in 民法典, chapter numbering may restart at 第一章 in each 编."""
    result = make_regulation("法典\n第一编　甲\n第一章　乙\n第一条　丙。\n第二编　丁\n第一章　戊\n第二条　己。\n")
    assert result.problems == ()
    assert [c.number for c in result.regulation.divisions(Chapter)] == [1, 1]


def test_ancestors_of_an_article(banfa):
    """Regulation.ancestors gives (编, 章, 节) outermost first."""
    regulation = banfa.regulation
    article = regulation.find(10, 1)
    assert [(d.kind, d.number) for d in regulation.ancestors(article)] == [("part", 2), ("chapter", 3),
                                                                           ("section", 2)]


def test_toc_block_is_skipped(banfa):
    """The 目录 block is not parsed: each chapter appears once, at its heading in the body."""
    chapters = list(banfa.regulation.divisions(Chapter))
    assert len(chapters) == 4
    assert [c.lineno for c in chapters] == [20, 29, 48, 64]


def test_toc_with_a_single_spaced_label():
    """目　录 (one ideographic space) and 目次 are recognised as tables of contents too."""
    for toc in ("目　录", "目次"):
        result = make_regulation(f"标题\n\n{toc}\n第一章　甲\n第二章　乙\n\n第一章　甲\n第一条　子。\n第二章　乙\n第二条　丑。\n")
        assert [c.lineno for c in result.regulation.divisions(Chapter)] == [7, 9], toc
        assert result.problems == ()


# --- articles ---

def test_article_suffix_zhiyi(banfa):
    """第十条之一 after 第十条 is article (10, 1) with its own slug and anchor, and no problem."""
    article = banfa.regulation.find(10, 1)
    assert (article.number, article.suffix, article.label) == (10, 1, "第十条之一")
    assert (article.slug, article.anchor, article.key) == ("10-1", "art-10-1", (10, 1))
    assert [a.key for a in banfa.regulation.articles()][-4:] == [(10, 0), (10, 1), (11, 0), (12, 0)]


def test_article_without_space_after_its_number():
    """第二条本… with no space still starts article 2 when it is the next article."""
    result = make_regulation("标题\n第一条　甲。\n第二条本规定自公布之日起施行。\n")
    assert [a.label for a in result.regulation.articles()] == ["第一条", "第二条"]
    assert result.regulation.find(2).paragraphs[0].text == "本规定自公布之日起施行。"


def test_citation_at_line_start_is_a_paragraph():
    """A paragraph starting with 第一条规定的… cites an article; it does not start a new one."""
    result = make_regulation("标题\n第一条　甲。\n第二条　乙。\n第一条规定的事项，另行公布。\n")
    article = result.regulation.find(2)
    assert [p.text for p in article.paragraphs] == ["乙。", "第一条规定的事项，另行公布。"]
    assert result.problems == ()


def test_arabic_article_numbers():
    """第1条 and 第2条 (Arabic digits) are articles 1 and 2, labelled in Chinese."""
    result = make_regulation("标题\n第1条 甲。\n第2条 乙。\n")
    assert [(a.number, a.label) for a in result.regulation.articles()] == [(1, "第一条"), (2, "第二条")]


def test_paragraphs_are_the_lines_of_an_article(banfa):
    """The article line's text is paragraph 1; each following non-item line is another paragraph."""
    article = banfa.regulation.find(9)
    assert [p.text for p in article.paragraphs] == ["管理责任人应当定期检查设施状况。", "发现设施损坏的，应当在三日内报修。"]
    assert article.text == "管理责任人应当定期检查设施状况。\n发现设施损坏的，应当在三日内报修。"


def test_items_in_full_and_half_width_brackets(banfa):
    """（一） and (一) both start items; the item keeps its full-width marker and number."""
    items = banfa.regulation.find(2).paragraphs[0].items
    assert [(i.number, i.text) for i in items] == [(1, "（一）健身器材、休息座椅；"), (2, "（二）照明灯具、指示标牌；"),
                                                   (3, "（三）其他供居民共同使用的设施。")]
    assert items[1].body == "照明灯具、指示标牌；"


def test_items_belong_to_the_paragraph_before_them():
    """Items after a second paragraph belong to that paragraph, not the first."""
    result = make_regulation("标题\n第一条　甲：\n（一）子；\n乙：\n（一）丑；\n（二）寅。\n")
    paragraphs = result.regulation.find(1).paragraphs
    assert [[i.text for i in p.items] for p in paragraphs] == [["（一）子；"], ["（一）丑；", "（二）寅。"]]


def test_subitems_with_fullwidth_and_ascii_points(banfa):
    """Sub-items 1． and 2. sit under the item before them, numbered 1 and 2."""
    item = banfa.regulation.find(3).paragraphs[0].items[1]
    assert [(s.number, s.text) for s in item.subitems] == [(1, "1．政府投入；"), (2, "2.居民自筹。")]


def test_decimal_number_is_not_a_subitem():
    """A line starting 1.5 (a decimal) is paragraph text, not a sub-item."""
    result = make_regulation("标题\n第一条　甲：\n（一）乙；\n1.5倍以下罚款。\n")
    paragraphs = result.regulation.find(1).paragraphs
    assert [p.text for p in paragraphs] == ["甲：", "1.5倍以下罚款。"]
    assert paragraphs[0].items[0].subitems == ()


# --- preamble and decisions ---

def test_preamble_xuyan():
    """Lines under 序言 before the first chapter are the preamble; the 序言 heading itself is not kept."""
    result = parse_file(fixture_path("shequ-gongyue.txt"))
    regulation = result.regulation
    assert [(p.text, p.lineno) for p in regulation.preamble] == [
        ("本社区由几个老小区合并而成，居民来自各地。", 5), ("为了共同维护良好的居住环境，全体居民议定本公约。", 6)]
    assert [a.label for a in regulation.articles()] == ["第一条", "第二条", "第三条"]
    assert [c.title for c in regulation.divisions(Chapter)] == ["总则", "附则"]
    assert result.problems == ()


def test_decision_with_numbered_points():
    """A decision numbered 一、二、三、 with no 第X条 parses into articles labelled 一、 二、 三、."""
    result = parse_file(fixture_path("puchai-jueding.txt"))
    regulation = result.regulation
    assert [(a.number, a.label, a.lineno) for a in regulation.articles()] == [
        (1, "一、", 7), (2, "二、", 8), (3, "三、", 12)]
    second = regulation.find(2)
    assert [p.text for p in second.paragraphs] == ["普查由各楼栋长具体负责，内容包括：", "普查表格由居民委员会统一印制。"]
    assert [i.text for i in second.paragraphs[0].items] == ["（一）设施数量；", "（二）设施完好程度。"]
    assert [p.text for p in regulation.preamble] == ["为了摸清公共设施底数，居民委员会决定："]
    assert regulation.meta.adopted == dt.date(2021, 5, 6)
    assert result.problems == ()


# --- line numbers ---

def assert_linenos_point_at_source(result, source: str) -> None:
    lines = normalize_text(source).split("\n")
    regulation = result.regulation

    def line(n):
        return lines[n - 1].lstrip("#").strip()

    for division in regulation.divisions():
        assert line(division.lineno).replace(" ", "") == division.heading.replace(" ", ""), division
    for article in regulation.articles():
        assert line(article.lineno).startswith(article.label), article.label
        for paragraph in article.paragraphs:
            assert line(paragraph.lineno).endswith(paragraph.text), (article.label, paragraph.text)
            for item in paragraph.items:
                assert line(item.lineno) == item.text
                for sub in item.subitems:
                    assert line(sub.lineno) == sub.text
        assert article.lineno <= article.endlineno
    for paragraph in regulation.preamble:
        assert line(paragraph.lineno) == paragraph.text


@pytest.mark.parametrize("path", [BANFA_TXT, BANFA_MD, fixture_path("shequ-gongyue.txt"),
                                  fixture_path("puchai-jueding.txt")], ids=lambda p: p.name)
def test_every_node_lineno_points_at_its_source_line(path):
    """Every division, article, paragraph, item and sub-item records the file line it was read from."""
    assert_linenos_point_at_source(parse_file(path), path.read_text(encoding="utf-8"))


def test_known_line_numbers(banfa):
    """Spot check: 第十条之一 is on line 62 and its chapter heading on line 48 of the fixture."""
    regulation = banfa.regulation
    assert regulation.find(10, 1).lineno == 62
    assert regulation.ancestors(regulation.find(10, 1))[1].lineno == 48
    assert regulation.find(3).paragraphs[0].items[1].subitems[1].lineno == 37
    assert regulation.find(9).endlineno == 60


def test_crlf_input_keeps_line_numbers():
    """Parsing Windows text (CRLF) reports the same line numbers as the LF original."""
    text = BANFA_TXT.read_text(encoding="utf-8")
    assert parse(text.replace("\n", "\r\n")).regulation.as_dict() == parse(text).regulation.as_dict()


# --- problems ---

def only_problem(result, kind: str):
    problems = [p for p in result.problems if p.kind == kind]
    assert len(problems) == 1, [str(p) for p in result.problems]
    return problems[0]


# (kind, text, line of the problem, severity, words the message must contain)
PROBLEM_CASES = [
    ("numbering-gap", "标题\n\n第一条　甲。\n第三条　乙。\n", 4, "error", ["第二条", "第三条"]),
    ("duplicate-article", "标题\n\n第一条　甲。\n第二条　乙。\n第二条　丙。\n", 5, "error", ["第二条", "line 4"]),
    ("article-order", "标题\n\n第一条　甲。\n第二条　乙。\n第三条　丙。\n第二条之一　丁。\n", 6, "error", ["第二条之一"]),
    ("empty-article", "标题\n\n第一条　甲。\n第二条\n第三条　丙。\n", 4, "error", ["第二条"]),
    ("division-order", "标题\n\n第一章　甲\n第一条　子。\n第三章　乙\n第二条　丑。\n", 5, "error", ["第二章", "第三章"]),
    ("missing-title", "第一条　甲。\n第二条　乙。\n", 1, "warning", ["title"]),
    ("stray-text", "标题\n\n第一章　甲\n这一行没有条号。\n第一条　子。\n", 4, "warning", []),
]


@pytest.mark.parametrize(("kind", "text", "lineno", "severity", "words"), PROBLEM_CASES,
                         ids=[case[0] for case in PROBLEM_CASES])
def test_problem_is_reported_with_kind_severity_and_location(kind, text, lineno, severity, words):
    """Each anomaly is one Problem of its kind, with the default severity, located file:line in str()."""
    result = make_regulation(text, path="banfa.txt")
    problem = only_problem(result, kind)
    assert problem.severity == severity == DEFAULT_SEVERITY[kind]
    assert (problem.path, problem.lineno) == ("banfa.txt", lineno)
    assert str(problem).startswith(f"banfa.txt:{lineno}: ")
    assert problem.hint and f"Hint: {problem.hint}" in str(problem)
    for word in words:
        assert word in problem.message
    assert (problem in result.errors) == (severity == "error")
    assert (problem in result.warnings) == (severity != "error")


def test_problem_kind_is_the_machine_name():
    """Problem.kind is the short machine name (numbering-gap), as errors.Problem documents, not the severity."""
    problem = make_regulation("标题\n第一条　甲。\n第三条　乙。\n").problems[0]
    assert problem.kind == "numbering-gap"


def test_article_order_message_names_both_articles():
    """An article out of order says which article it follows."""
    result = make_regulation("标题\n第一条　甲。\n第三条　乙。\n第二条　丙。\n", path="a.txt")
    problem = only_problem(result, "article-order")
    assert problem.lineno == 4 and "第二条" in problem.message and "第三条" in problem.message


def test_missing_title_falls_back_to_the_file_name():
    """Without a title line, the regulation is named after its file."""
    result = make_regulation("第一条　甲。\n", path="docs/shifan-banfa.txt")
    assert result.regulation.title == "shifan-banfa"


def test_stray_text_is_kept_where_it_stands():
    """Text between a heading and the first article, or after an article's heading, stays in place in the tree."""
    result = make_regulation("标题\n\n第一章　甲\n这一行没有条号。\n第一条　子。\n第二章　乙\n附表一\n")
    chapters = result.regulation.body
    assert result.regulation.preamble == ()
    assert chapters[0].children[0] == TextBlock("这一行没有条号。", 4)
    assert chapters[1].children == (TextBlock("附表一", 7),)
    assert [a.label for a in result.regulation.articles()] == ["第一条"]


def test_empty_article_is_kept():
    """An empty article is still in the tree, with no paragraphs."""
    result = make_regulation("标题\n第一条　甲。\n第二条\n第三条　丙。\n")
    assert result.regulation.find(2).paragraphs == ()


# --- fatal errors ---

@pytest.mark.parametrize("text", ["", "\n\n", "　　\n\t\n", "\ufeff"])
def test_empty_file_raises_parse_error(text):
    """An empty (or white-space-only) text raises ParseError at line 1 saying the file is empty."""
    with pytest.raises(ParseError) as info:
        parse(text, path="kong.txt")
    assert info.value.lineno == 1
    assert str(info.value).startswith("kong.txt:1: the file is empty")


def test_text_without_articles_raises_parse_error():
    """A title and prose with no 第X条 (and no 一、 points) raises ParseError at the first body line."""
    with pytest.raises(ParseError) as info:
        parse("一篇文章\n\n这里只有一段说明文字。\n", path="wen.txt")
    error = info.value
    assert (error.path, error.lineno) == ("wen.txt", 3)
    assert "no article found" in str(error)
    assert "第一条" in error.hint


def test_toc_without_body_raises_parse_error():
    """A 目录 that runs to the end of the file raises ParseError at the 目录 line (a truncated paste)."""
    with pytest.raises(ParseError) as info:
        parse("标题\n\n目　　录\n\n第一章　总　　则\n第二章　附　　则\n", path="mulu.txt")
    assert info.value.lineno == 3
    assert str(info.value).startswith("mulu.txt:3: the text ends inside the 目录 block")


def test_toc_whose_headings_never_return_raises_parse_error():
    """A 目录 followed by articles but no repeated heading raises ParseError at the first article."""
    with pytest.raises(ParseError) as info:
        parse("标题\n目录\n第一章　总则\n第二章　附则\n第一条　甲。\n", path="mulu.txt")
    assert info.value.lineno == 5
    assert "目录" in str(info.value) and "line 2" in str(info.value)


def test_unreadable_division_number_raises_parse_error():
    """A heading number that is not a numeral (第十十章) raises ParseError at its line."""
    with pytest.raises(ParseError) as info:
        parse("标题\n第十十章　甲\n第一条　乙。\n", path="x.txt")
    assert info.value.lineno == 2


BAD_NUMBER_CASES = [
    "标题\n第一条　甲：\n（十十）乙。\n",               # malformed item number
    "标题\n第一条　甲。\n第十十条乙。\n",               # malformed article number, no space after 条
    "决定\n一、甲。\n十十、乙。\n",                     # malformed point number in a decision
    "标题\n第100000000条　甲。\n",                      # article number beyond 10^8
    "标题\n第一条　甲。\n第100000000条　乙。\n",
    "标题\n第100000000章　甲\n第一条　乙。\n",          # chapter number beyond 10^8
]


@pytest.mark.parametrize("text", BAD_NUMBER_CASES, ids=["item-shishi", "article-shishi-no-space", "point-shishi",
                                                        "first-article-1e8", "later-article-1e8", "chapter-1e8"])
def test_bad_numbers_raise_only_parse_error(text):
    """Malformed or huge numbers raise ParseError (a PufaError) or parse; never a bare ValueError."""
    try:
        parse(text, path="x.txt")
    except PufaError:
        pass


def test_parse_error_is_a_pufa_error():
    """ParseError is a PufaError, so callers catch one base class."""
    assert issubclass(ParseError, PufaError)
