"""The library read stage: a folder of texts → Collection (category, issuer, title, date), published tolerantly."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import ParseError, PufaError
from generator.library import load_collection
from generator.library_pages import article_slugs
from generator.model import TextBlock
from generator.parse import TOLERANT_SEVERITY, parse
from tests.helpers import CORPUS, write_files

LAW = "# 中华人民共和国示范法\n\n2001年8月31日 第九届全国人民代表大会常务委员会第二十三次会议通过\n\n<!-- INFO END -->\n\n" \
      "## 第一章 总则\n\n第一条 为了示范，制定本法。\n\n第二条 本法适用于示范。\n"


def test_folder_gives_category_and_issuer_file_name_gives_title_and_date(tmp_path):
    """The top folder is the category, a second folder the issuing body; ``title(YYYY-MM-DD)`` the title and date."""
    root = write_files(tmp_path, {
        "法律/示范法(2001-08-31).md": LAW,
        "部门规章/示范部/示范办法.md": "# 示范办法\n\n<!-- INFO END -->\n\n第一条 甲。\n",
    })
    law, rule = load_collection(root).texts
    assert (law.category, law.issuer, law.title, law.date) == (
        "法律", "全国人大常委会", "中华人民共和国示范法", dt.date(2001, 8, 31))
    assert (rule.category, rule.issuer, rule.title, rule.date) == ("部门规章", "示范部", "示范办法", None)
    assert law.relpath == "法律/示范法(2001-08-31).md" and len(law.id) == 8 and law.id != rule.id


def test_date_falls_back_to_the_issuing_note_and_a_part_keeps_both_titles(tmp_path):
    """Without a date in the file name the note's 公布/施行/通过 date is used; a file named after a part of the
    law it holds (民法典/人格权编.md) is titled with both."""
    root = write_files(tmp_path, {"民法典/人格权编.md": "# 中华人民共和国民法典\n\n# 人格权编\n\n"
                                  "2020年5月28日 第十三届全国人民代表大会第三次会议通过\n\n<!-- INFO END -->\n\n第一条 甲。\n"})
    text, = load_collection(root).texts
    assert text.title == "中华人民共和国民法典·人格权编"
    assert text.date == dt.date(2020, 5, 28) and text.issuer == "全国人民代表大会"


def test_front_matter_overrides_and_bad_keys_are_warnings_with_their_line(tmp_path):
    root = write_files(tmp_path, {"法律/a.md": "---\ntitle: 示范法（修正）\nissuer: 示范委员会\ndate: 2020-01-02\n"
                                  "status: 已废止\ncolour: red\n---\n" + LAW.split("\n", 1)[1]})
    text, = load_collection(root).texts
    assert (text.title, text.issuer, text.date, text.status) == ("示范法（修正）", "示范委员会", dt.date(2020, 1, 2), "已废止")
    problem, = [p for p in text.problems if p.kind == "front-matter"]
    assert (problem.path, problem.lineno) == ("法律/a.md", 6) and "colour" in problem.message
    # the body keeps its own line numbers: 第一条 is on line 15 of the file
    assert next(text.regulation.articles()).lineno == 15


@pytest.mark.parametrize("front, message", [("date: 2020-13-45", "not a date"), ("status: 有效", "not one of"),
                                            ("title: [a, b]", "one line of text")])
def test_bad_front_matter_values_are_ignored_with_a_warning(tmp_path, front, message):
    root = write_files(tmp_path, {"法律/a.md": f"---\n{front}\n---\n" + LAW})
    text, = load_collection(root).texts
    problem, = [p for p in text.problems if p.kind == "front-matter"]
    assert problem.lineno == 2 and message in problem.message and text.title == "中华人民共和国示范法"


def test_every_defect_is_a_warning_and_the_text_is_published(tmp_path):
    """Gaps, headings out of order, repeated articles and texts without any 第X条 are published, with warnings."""
    root = write_files(tmp_path, {
        "a/gap.md": "# 甲\n\n<!-- INFO END -->\n\n## 第二章 乙\n\n第一条 甲。\n\n第三条 丙。\n\n第三条 丙又一次。\n",
        "a/notice.md": "# 关于示范的通知\n\n<!-- INFO END -->\n\n各单位：\n\n请遵照执行。\n",
        "a/binary.md": b"\x00\x01\x02\xff\xfe" * 40,
    })
    collection = load_collection(root)
    assert [t.relpath for t in collection.texts] == ["a/gap.md", "a/notice.md"]
    kinds = {(p.path, p.kind, p.severity) for p in collection.problems}
    assert ("a/gap.md", "numbering-gap", "warning") in kinds and ("a/gap.md", "division-order", "warning") in kinds
    assert ("a/gap.md", "duplicate-article", "warning") in kinds
    assert ("a/notice.md", "no-articles", "warning") in kinds
    unreadable, = [p for p in collection.problems if p.severity == "error"]
    assert unreadable.path.endswith("binary.md") and unreadable.kind == "unreadable"
    gap, notice = collection.texts
    assert [a.label for a in gap.regulation.articles()] == ["第一条", "第三条", "第三条"]
    assert article_slugs(list(gap.regulation.articles())) == ["1", "3", "3r2"]
    assert [p.text for p in notice.regulation.preamble] == ["各单位：", "请遵照执行。"]


def test_the_campaign_severity_still_refuses_a_text_without_articles():
    with pytest.raises(ParseError, match="no article found"):
        parse("标题\n\n各单位：\n请遵照执行。\n", path="n.txt")


def test_stray_lines_after_articles_stay_in_their_place():
    """An appendix after the last article is not moved into the preamble."""
    result = parse("标题\n\n第一章　甲\n第一条　子。\n第二章　附件\n附表一\n表中内容\n", severity=TOLERANT_SEVERITY)
    assert result.regulation.preamble == ()
    assert result.regulation.body[1].children == (TextBlock("附表一", 6), TextBlock("表中内容", 7))


_LINES = st.lists(st.one_of(
    st.sampled_from(["第一条　甲。", "第二条　乙。", "第三条 丙", "第一章　总则", "第二节 乙", "一、甲", "（一）甲；",
                     "## 第三章 丙", "# 标题", "<!-- INFO END -->", "目录", "", "2020年1月1日 通过", "第十条之一　丁。"]),
    st.text(alphabet="第一二三条章节、（）甲乙。 \n", max_size=12)), min_size=1, max_size=25)


@settings(max_examples=300, deadline=None)
@given(_LINES)
def test_tolerant_parse_publishes_any_text_it_can_read(lines):
    """Whatever the lines, a tolerant parse either builds a tree holding every non-blank body line or says the file
    is empty / cut off inside its 目录 — never another error."""
    text = "\n".join(lines)
    try:
        result = parse(text, path="x.md", severity=TOLERANT_SEVERITY)
    except ParseError as error:
        assert "empty" in error.message or "目录" in error.message
        return
    assert all(problem.severity == "warning" for problem in result.problems)


@pytest.mark.skipif(not (CORPUS / "scale").is_dir(), reason="needs ../shared/corpus/scale (the 1,512 real texts)")
def test_every_text_of_the_national_corpus_is_published():
    files = [p for p in (CORPUS / "scale").rglob("*.md") if p.name.lower() != "readme.md"]
    collection = load_collection(CORPUS / "scale")
    assert len(collection.texts) == len(files) == 1512
    assert not [p for p in collection.problems if p.severity == "error"]
    assert sum(1 for text in collection.texts for _ in text.regulation.articles()) >= 65_000
    assert len({text.id for text in collection.texts}) == 1512


PARSE_CACHE_TEXTS = {
    "法律/甲法(2001-08-31).md": "# 甲法\n\n<!-- INFO END -->\n\n第一条 甲。\n\n第三条 丙。\n",
    "法规/乙条例.md": "---\ntitle: 乙条例\nwrong: 1\n---\n# 乙条例\n\n第一条 乙。\n",
}


def test_parsed_texts_come_back_from_the_cache_exactly(tmp_path, monkeypatch):
    """A second load describes the texts from the cache (same texts, same warnings with their lines) and reads a
    tree only when it is asked for; a changed file, other severities or a damaged entry mean a fresh parse."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = write_files(tmp_path / "texts", PARSE_CACHE_TEXTS)
    first = load_collection(root)
    entries = tmp_path / "cache" / "pufa" / "parsed"
    assert len(list(entries.iterdir())) == 4  # a description and a tree per text
    again = load_collection(root)
    assert again == first and all(text.tree._regulation is None for text in again.texts)
    assert [text.regulation for text in again.texts] == [text.regulation for text in first.texts]
    (root / "法律" / "甲法(2001-08-31).md").write_text("# 甲法\n\n第一条 甲乙。\n", encoding="utf-8")
    changed = load_collection(root)
    assert next(changed.texts[0].regulation.articles()).paragraphs[0].text == "甲乙。"
    assert changed.texts[0].article_count == 1 and changed.texts[1] == first.texts[1]
    strict = load_collection(root, {"numbering-gap": "error"})
    assert strict.texts[1] == first.texts[1] and len(list(entries.iterdir())) == 10
    for entry in entries.iterdir():
        entry.write_bytes(b"not a pickle")
    assert load_collection(root, {"numbering-gap": "error"}) == strict


def test_a_tree_whose_cache_entry_went_is_parsed_again_from_its_file(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = write_files(tmp_path / "texts", PARSE_CACHE_TEXTS)
    expected = [text.regulation for text in load_collection(root).texts]
    described = load_collection(root)
    for entry in (tmp_path / "cache" / "pufa" / "parsed").glob("*.tree.pickle"):
        entry.unlink()
    assert [text.regulation for text in described.texts] == expected
    described = load_collection(root)
    for entry in (tmp_path / "cache" / "pufa" / "parsed").glob("*.tree.pickle"):
        entry.unlink()
    (root / "法律" / "甲法(2001-08-31).md").write_text("# 甲法\n\n第一条 改了。\n", encoding="utf-8")
    with pytest.raises(PufaError, match="the text changed while the site was being built"):
        described.texts[0].regulation  # noqa: B018
