"""Tests for generator.link: finding 本条例第X条第Y款第Z项, 前款, 《title》第X条 … and the reverse "cited by" graph.

Most tests run :func:`find_references` on one sentence placed in an article of the made-up regulation in
``tests.helpers.PARKING_TEXT``; the graph tests link that whole regulation.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.link import Context, LinkGraph, Reference, Target, find_references, link_regulation, text_key
from generator.parse import parse_file
from tests.helpers import (PARKING_SLUG, PARKING_TEXT, SERVICE_SLUG, SERVICE_TEXT, make_library, make_regulation,
                           parking_library)

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
XINFANG_2022 = CORPUS / "official" / "xinfang-gongzuo-tiaoli-2022.txt"


@pytest.fixture(scope="module")
def library():
    return parking_library()


@pytest.fixture(scope="module")
def parking(library):
    return library.regulations[PARKING_SLUG]


def found(library, text, article=5, paragraph=1, regulation=PARKING_SLUG, path="tingche.txt", lineno=19):
    """(span, slug, anchor, anchors of ``also``) for every reference in ``text``, plus the problems."""
    here = library.regulations[PARKING_SLUG].find(article) if article else None
    context = Context(regulation, here, paragraph, path, lineno)
    references, problems = find_references(text, library, context)
    return [(r.text, r.target.regulation, r.target.anchor, [t.anchor for t in r.also]) for r in references], problems


def linked(library, text, **where):
    """The references of ``text``, asserting that it raises no problem."""
    references, problems = found(library, text, **where)
    assert problems == []
    return references


# --- the made-up regulation parses as the tests assume ---------------------------------------------------------

def test_sample_regulation_has_the_shape_the_tests_rely_on(parking):
    """PARKING_TEXT parses cleanly into six articles; 第三条 has three paragraphs, the first with three items."""
    result = make_regulation(PARKING_TEXT, path="tingche.txt")
    assert result.problems == ()
    assert [a.label for a in parking.articles()] == ["第一条", "第二条", "第三条", "第四条", "第五条", "第六条"]
    assert [len(p.items) for p in parking.find(3).paragraphs] == [3, 0, 0]


# --- references within one regulation --------------------------------------------------------------------------

def test_self_prefix_and_article(library):
    """本条例第X条 links to the article's anchor."""
    assert linked(library, "依照本条例第二条办理。") == [("本条例第二条", PARKING_SLUG, "art-2", [])]


def test_article_and_paragraph(library):
    """第X条第Y款 links to the paragraph."""
    assert linked(library, "违反第三条第二款规定的") == [("第三条第二款", PARKING_SLUG, "art-3-p2", [])]


def test_article_paragraph_and_item(library):
    """第X条第Y款第Z项 links to the item."""
    assert linked(library, "违反本条例第三条第一款第二项规定的") == [
        ("本条例第三条第一款第二项", PARKING_SLUG, "art-3-p1-i2", [])]


def test_article_and_item_without_paragraph_means_the_paragraph_with_items(library):
    """第X条第Z项 without 款 links to item Z of the paragraph that has the items."""
    assert linked(library, "违反第三条第三项的") == [("第三条第三项", PARKING_SLUG, "art-3-p1-i3", [])]


def test_bare_item_is_relative_to_the_current_article(library):
    """A bare 第X项 in a paragraph without items means the nearest earlier paragraph of the same article with items."""
    assert linked(library, "违反第二项规定的", article=3, paragraph=3) == [
        ("第二项", PARKING_SLUG, "art-3-p1-i2", [])]


def test_bare_paragraph_is_relative_to_the_current_article(library):
    """A bare 第X款 means paragraph X of the current article."""
    assert linked(library, "参照第二款办理。", article=6, paragraph=1) == [("第二款", PARKING_SLUG, "art-6-p2", [])]


def test_previous_paragraph(library):
    """前款 links to the paragraph before the current one."""
    assert linked(library, "决定前款事项", article=4, paragraph=2) == [("前款", PARKING_SLUG, "art-4-p1", [])]


def test_previous_two_paragraphs_link_the_first_and_cover_the_second(library):
    """前两款 links to the first of the two paragraphs and lists the second in ``also``."""
    assert linked(library, "违反前两款规定的", article=3, paragraph=3) == [
        ("前两款", PARKING_SLUG, "art-3-p1", ["art-3-p2"])]


def test_previous_paragraph_in_the_first_paragraph_is_a_problem(library):
    """前款 in an article's first paragraph points at nothing: no link, one problem."""
    references, problems = found(library, "依照前款规定", article=4, paragraph=1)
    assert references == []
    assert len(problems) == 1


def test_this_article(library):
    """本条 links to the current article."""
    assert linked(library, "本条所称停放管理", article=2, paragraph=2) == [("本条", PARKING_SLUG, "art-2", [])]


def test_this_regulation_alone_is_not_a_reference(library):
    """本条例 without an article number is not a reference (本条 must not match inside it)."""
    assert linked(library, "本条例自2024年1月1日起施行。", article=6, paragraph=3) == []


def test_relative_references_need_an_article(library):
    """Outside any article (an editor's page) 前款, 本条 and a bare 第X项 are left alone without a problem."""
    assert linked(library, "前款、本条和第二项", article=None) == []


def test_range_links_both_ends_and_covers_the_middle(library):
    """第X条至第Y条 links both ends; the articles in between are in the second reference's ``also``."""
    assert linked(library, "本条例第二条至第五条规定的事项") == [
        ("本条例第二条", PARKING_SLUG, "art-2", []),
        ("第五条", PARKING_SLUG, "art-5", ["art-3", "art-4"]),
    ]


def test_list_continues_the_regulation_of_its_first_member(library):
    """In 本条例第三条、第四条 both articles are linked to the regulation named first."""
    assert linked(library, "违反本条例第三条、第四条规定") == [
        ("本条例第三条", PARKING_SLUG, "art-3", []),
        ("第四条", PARKING_SLUG, "art-4", []),
    ]


def test_arabic_article_number(library):
    """Arabic numerals work like Chinese ones: 第2条, 第3条第三项."""
    assert linked(library, "依照第2条和第3条第三项") == [
        ("第2条", PARKING_SLUG, "art-2", []),
        ("第3条第三项", PARKING_SLUG, "art-3-p1-i3", []),
    ]


# --- other regulations -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("title", ["中华人民共和国示范物业服务法", "示范物业服务法", "物业法"],
                         ids=["full-title", "without-prc", "short-title"])
def test_other_registered_regulation_by_title(library, title):
    """《title》第X条 links into a second regulation by full title, title without 中华人民共和国, or short title."""
    assert linked(library, f"依照《{title}》第二条处理") == [(f"《{title}》第二条", SERVICE_SLUG, "art-2", [])]


def test_list_after_a_title_stays_in_that_regulation(library):
    """In 《物业法》第二条、第三条 the second article belongs to 物业法 too, not to the current regulation."""
    assert linked(library, "依照《物业法》第二条、第三条") == [
        ("《物业法》第二条", SERVICE_SLUG, "art-2", []),
        ("第三条", SERVICE_SLUG, "art-3", []),
    ]


@pytest.mark.parametrize("text", ["依照《其他法》第九条处理", "依照刑法第二十条处理", "依照行政诉讼法第二条处理"],
                         ids=["unknown-title", "criminal-law", "bare-law-name"])
def test_unknown_acts_are_left_alone(library, text):
    """A reference to an act we do not publish gives neither a link nor a problem."""
    assert found(library, text) == ([], [])


@pytest.mark.parametrize("text", ["依照刑法第二十条、第二十六条处理", "依照《其他法》第二条、第三条处理"],
                         ids=["criminal-law-list", "unknown-title-list"])
def test_list_after_an_unknown_act_is_left_alone(library, text):
    """The later members of a list that starts in an act we do not publish belong to that act: no link, no problem."""
    assert found(library, text) == ([], [])


def test_list_after_an_unknown_act_returns_to_ours_on_a_prefix(library):
    """After 刑法第二十条, a member with its own 本条例 or 《title》 prefix is ours again."""
    assert linked(library, "依照刑法第二十条和本条例第三条、《物业法》第二条处理") == [
        ("本条例第三条", PARKING_SLUG, "art-3", []),
        ("《物业法》第二条", SERVICE_SLUG, "art-2", []),
    ]


def test_regulation_without_source_is_left_alone():
    """A registered regulation whose text is missing is not linked and raises no problem."""
    library = make_library((PARKING_SLUG, PARKING_TEXT, []), (SERVICE_SLUG, None, ["示范物业服务法"]))
    assert found(library, "依照《示范物业服务法》第二条") == ([], [])


# --- problems --------------------------------------------------------------------------------------------------

def test_unknown_article_is_one_problem_with_path_and_line(library):
    """第九十九条 of our regulation: no reference, one warning naming the file, the line and the citation."""
    references, problems = found(library, "依照本条例第九十九条处理", path="tingche.txt", lineno=19)
    assert references == []
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.path, problem.lineno) == ("tingche.txt", 19)
    assert str(problem).startswith("tingche.txt:19: ")
    assert "第九十九条" in problem.message
    assert problem.severity == "warning"
    assert problem.kind == "unresolved-reference"


@pytest.mark.parametrize("text", ["第三条第五项", "第三条第一款第四项", "第三条第四款", "第一条第一项"],
                         ids=["item", "paragraph-item", "paragraph", "article-without-items"])
def test_paragraph_or_item_out_of_range_is_a_problem(library, text):
    """A paragraph or item the article does not have: no reference, one problem quoting the span."""
    references, problems = found(library, f"违反{text}规定的")
    assert references == []
    assert len(problems) == 1
    assert repr(text) in problems[0].message


def test_missing_suffixed_article_is_named_in_full(library):
    """For a missing 第三条之一 the problem says 第三条之一 is missing, not 第三条 (which exists)."""
    _, problems = found(library, "依照第三条之一处理")
    assert len(problems) == 1
    assert "has no 第三条之一" in problems[0].message


def test_link_regulation_reports_problems_at_the_citing_line():
    """link_regulation gives each unresolved reference the regulation's path and the line of its paragraph or item."""
    text = "\n".join(["示范规定", "", "第一条　为了示范，制定本规定。", "第二条　违反本规定的，依照第一条处理。",
                      "依照本规定第九十九条处理。", "第三条　下列行为应当纠正：", "（一）违反第二条第五项的；",
                      "（二）其他行为。"]) + "\n"
    regulation = make_regulation(text, path="demo.txt").regulation
    library = make_library(("demo", text, []))
    _, problems = link_regulation("demo", regulation, library, LinkGraph())
    assert [(p.path, p.lineno) for p in problems] == [("demo.txt", 5), ("demo.txt", 7)]


# --- targets ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("target", "anchor"), [
    (Target("x", 31), "art-31"),
    (Target("x", 10, 1), "art-10-1"),
    (Target("x", 31, None, 2), "art-31-p2"),
    (Target("x", 31, None, 1, 6), "art-31-p1-i6"),
    (Target("x", 31, None, None, 6), "art-31-p1-i6"),
    (Target("x", 10, 1, 2, 3), "art-10-1-p2-i3"),
])
def test_target_anchor(target, anchor):
    """Target.anchor is the ids scheme: art-N[-suffix][-pP][-iI]; an item without a paragraph sits in paragraph 1."""
    assert target.anchor == anchor


def test_target_article_slug_and_key():
    """A target's page is its article's: slug 10-1 and key (regulation, 10, 1); no suffix counts as 0."""
    assert Target("x", 10, 1, 2).article_slug == "10-1"
    assert Target("x", 10, 1, 2).article_key == ("x", 10, 1)
    assert Target("x", 22).article_key == ("x", 22, 0)


# --- link_regulation and the graph -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def linked_parking(library, parking):
    graph = LinkGraph()
    references, problems = link_regulation(PARKING_SLUG, parking, library, graph)
    return references, problems, graph


def test_link_regulation_finds_every_reference_of_the_sample(linked_parking, parking):
    """Linking PARKING_TEXT finds its references keyed by (article, suffix, paragraph, item) and no problems."""
    references, problems, _ = linked_parking
    assert problems == []
    spans = {key: [r.text for r in refs] for key, refs in references.items()}
    assert spans == {
        (2, 0, 2, None): ["本条"],
        (3, 0, 3, None): ["前两款", "第二项"],
        (4, 0, 2, None): ["前款"],
        (5, 0, 1, None): ["本条例第三条第一款第二项"],
        (5, 0, 2, None): ["第三条第二款", "第四条第二款", "第3条第三项"],
        (6, 0, 1, None): ["本条例第二条", "第五条"],
        (6, 0, 2, None): ["本条例第三条", "第四条", "第二款"],
    }
    assert text_key(parking.find(5), 2, None) == (5, 0, 2, None)


def test_cited_by_lists_citing_articles_in_order(linked_parking, parking):
    """cited_by gives, per article, the citations from other articles sorted by the citing article."""
    _, _, graph = linked_parking
    cited = graph.cited_by(PARKING_SLUG, parking.find(3))
    assert [(c.source, c.target.anchor, c.text) for c in cited] == [
        ((PARKING_SLUG, 5, 0), "art-3-p1-i2", "本条例第三条第一款第二项"),
        ((PARKING_SLUG, 5, 0), "art-3-p2", "第三条第二款"),
        ((PARKING_SLUG, 5, 0), "art-3-p1-i3", "第3条第三项"),
        ((PARKING_SLUG, 6, 0), "art-3", "第五条"),
    ]


def test_cited_by_counts(linked_parking, parking):
    """Each article is cited as often as distinct (citing article, target) pairs point at it."""
    _, _, graph = linked_parking
    counts = {a.number: len(graph.cited_by(PARKING_SLUG, a)) for a in parking.articles()}
    assert counts == {1: 0, 2: 1, 3: 4, 4: 2, 5: 1, 6: 0}


def test_cited_by_deduplicates_the_same_target_from_one_article(linked_parking, parking):
    """第六条 covers 第四条 twice (inside 第二条至第五条 and in 第三条、第四条): it is listed once."""
    _, _, graph = linked_parking
    sources = [c.source for c in graph.cited_by(PARKING_SLUG, parking.find(4))]
    assert sources == [(PARKING_SLUG, 5, 0), (PARKING_SLUG, 6, 0)]


def test_cited_by_ignores_self_citation(linked_parking, parking):
    """本条, 前款, 前两款 and a bare 第二款 point into their own article and never make it cite itself."""
    _, _, graph = linked_parking
    for article in parking.articles():
        assert all(c.source[1] != article.number for c in graph.cited_by(PARKING_SLUG, article))
        assert all(c.target.article != article.number for c in graph.cites(PARKING_SLUG, article))


def test_graph_add_deduplicates_repeated_references():
    """Adding the same citation twice still lists it once in cited_by."""
    library = make_library((PARKING_SLUG, PARKING_TEXT, []))
    parking = library.regulations[PARKING_SLUG]
    graph = LinkGraph()
    reference = Reference(0, 6, "本条例第一条", Target(PARKING_SLUG, 1))
    graph.add((PARKING_SLUG, 2, 0), reference)
    graph.add((PARKING_SLUG, 2, 0), reference)
    assert [c.source for c in graph.cited_by(PARKING_SLUG, parking.find(1))] == [(PARKING_SLUG, 2, 0)]


def test_graph_spans_regulations():
    """A citation of 《物业法》第二条 from the parking regulation shows under the service law's 第二条."""
    library = make_library((PARKING_SLUG, PARKING_TEXT.replace("制定本条例。", "依照《物业法》第二条，制定本条例。"), []),
                           (SERVICE_SLUG, SERVICE_TEXT, ["物业法"]))
    graph = LinkGraph()
    link_regulation(PARKING_SLUG, library.regulations[PARKING_SLUG], library, graph)
    cited = graph.cited_by(SERVICE_SLUG, library.regulations[SERVICE_SLUG].find(2))
    assert [(c.source, c.target.regulation, c.target.anchor) for c in cited] == [
        ((PARKING_SLUG, 1, 0), SERVICE_SLUG, "art-2")]


# --- the 2022 信访工作条例 from the shared corpus -------------------------------------------------------------------

@pytest.fixture(scope="module")
def xinfang():
    if not XINFANG_2022.is_file():
        pytest.skip(f"official text not found at {XINFANG_2022} (the shared corpus lives beside the project)")
    regulation = parse_file(XINFANG_2022).regulation
    library = make_library()
    library.add("xinfang", regulation)
    graph = LinkGraph()
    references, problems = link_regulation("xinfang", regulation, library, graph)
    return regulation, library, references, problems, graph


def _targets(references, regulation, number):
    article = regulation.find(number)
    return [(r.text, r.target.anchor) for p in range(1, len(article.paragraphs) + 1)
            for r in references.get(text_key(article, p, None), [])]


def test_corpus_xinfang_links_without_problems(xinfang):
    """Every reference in the official 信访工作条例 2022 resolves."""
    _, _, _, problems, _ = xinfang
    assert problems == []


def test_corpus_xinfang_articles_34_and_36_cite_31_item_6(xinfang):
    """第三十四条 and 第三十六条 cite 本条例第三十一条第六项 (anchor art-31-p1-i6)."""
    regulation, _, references, _, _ = xinfang
    assert ("本条例第三十一条第六项", "art-31-p1-i6") in _targets(references, regulation, 34)
    assert ("本条例第三十一条第六项", "art-31-p1-i6") in _targets(references, regulation, 36)


def test_corpus_xinfang_article_47_cites_a_list(xinfang):
    """第四十七条's 本条例第二十条、第二十六条 links both articles."""
    regulation, _, references, _, _ = xinfang
    assert _targets(references, regulation, 47) == [("本条例第二十条", "art-20"), ("第二十六条", "art-26")]


def test_corpus_xinfang_article_31_is_cited_by_34_and_36(xinfang):
    """cited_by(第三十一条) is exactly 第三十四条 and 第三十六条."""
    regulation, _, _, _, graph = xinfang
    assert [c.source for c in graph.cited_by("xinfang", regulation.find(31))] == [
        ("xinfang", 34, 0), ("xinfang", 36, 0)]


def test_corpus_xinfang_arabic_reference(xinfang):
    """第22条 in an editor's sentence links to the 2022 条例's 第二十二条."""
    _, library, _, _, _ = xinfang
    references, problems = find_references("依照第22条", library, Context("xinfang"))
    assert problems == []
    assert [(r.text, r.target.anchor) for r in references] == [("第22条", "art-22")]
