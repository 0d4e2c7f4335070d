"""Tests for generator.content: editors' Q&A, cases, interpretations and glossary, read and validated.

Every check builds a small ``docs/`` tree in tmp_path over a made-up project: 社区议事规则 (six articles, the
default regulation), 示范调解规定 (three articles, cited as ``slug:N`` or ``title:N``) and 未载条例, whose text
is missing but whose ``article_count`` is 30.
"""

from __future__ import annotations

import datetime as dt

import pytest

from generator.config import RegulationSpec
from generator.content import ContentPack, Vocabulary, load_content
from generator.errors import Problem
from generator.link import Target
from generator.project import load_project
from tests.helpers import make_regulation, write_files

RULES = "yishi-guize"
RULES_TEXT = """社区议事规则

第一章　总　　则

第一条　为了规范社区议事活动，保障居民参与社区事务，制定本规则。
第二条　居民可以通过书面、电话、网络等方式向居民委员会提出议事事项。
居民提出议事事项，应当写明事实和理由。

第二章　议事程序

第三条　居民委员会收到议事事项后，按照下列情形分别处理：
（一）属于本社区公共事务的，列入议事会议议程；
（二）属于物业服务的，转交物业服务人处理；
（三）属于街道职责的，报告街道办事处；
（四）涉及邻里纠纷的，引导当事人申请调解；
（五）涉及违法行为的，告知其向有关部门反映；
（六）其他事项，由居民委员会研究后答复。
对前款第六项所列事项，居民委员会应当在三十日内书面答复。
第四条　议事会议由居民委员会主任召集，每季度至少召开一次。
第五条　居民对答复不服的，可以依照本规则第三条第二款的规定请求复议。

第三章　附　　则

第六条　本规则自2024年1月1日起施行。
"""

MEDIATION = "shifan-tiaojie"
MEDIATION_TEXT = """示范调解规定

第一条　为了规范社区调解工作，制定本规定。
第二条　调解应当遵循自愿、平等的原则。
第三条　本规定自公布之日起施行。
"""

MISSING = "weizai-tiaoli"


@pytest.fixture
def project(tmp_path):
    """The three-regulation project, loaded from files with generator.project.load_project."""
    texts = write_files(tmp_path / "texts", {"yishi.txt": RULES_TEXT, "tiaojie.txt": MEDIATION_TEXT})
    specs = [
        RegulationSpec(RULES, texts / "yishi.txt", "社区议事规则", (), "现行有效", None, 6),
        RegulationSpec(MEDIATION, texts / "tiaojie.txt", "示范调解规定", ("调解规定",), "现行有效", None, 3),
        RegulationSpec(MISSING, texts / "weizai.txt", "未载条例", (), "现行有效", None, 30),
    ]
    loaded = load_project(specs)
    assert loaded.problems == []
    return loaded


@pytest.fixture
def load(tmp_path, project):
    """Write ``{path under docs/: text}`` and load the content pack over the project."""
    def load(files: dict, **options) -> ContentPack:
        docs = write_files(tmp_path / "docs", files)
        return load_content(docs, project, **options)
    return load


def qa(articles: str = "[2]", audience: str = "公众", tags: str = "[办理期限]", body: str = "正文。\n") -> str:
    """A Q&A file: title on line 2, articles on 3, tags on 4, audience on 5; the body starts on line 7."""
    return (f"---\ntitle: 居民怎样提出议事事项？\narticles: {articles}\ntags: {tags}\naudience: {audience}\n"
            f"---\n{body}")


def case(date: str = "2023-04-18", outcome: str = "化解息诉", articles: str = "[3]") -> str:
    """A case file: title 2, date 3, region 4, tags 5, articles 6, outcome 7, summary 8."""
    return (f"---\ntitle: 楼道堆物引发纠纷\ndate: {date}\nregion: 浙江省某市某区\ntags: [矛盾化解]\n"
            f"articles: {articles}\noutcome: {outcome}\nsummary: 居民王某反映楼道堆物，经调解化解。\nbasis: 综合示例\n---\n\n"
            "## 基本案情\n\n王某反映邻居在楼道堆放杂物。\n")


def the_problem(pack: ContentPack) -> Problem:
    assert len(pack.problems) == 1, [str(p) for p in pack.problems]
    return pack.problems[0]


def assert_error(problem: Problem, kind: str, location: str, message_start: str) -> None:
    assert problem.kind == kind, str(problem)
    assert problem.severity == "error", str(problem)
    assert f"{problem.path}:{problem.lineno}" == location, str(problem)
    assert problem.message.startswith(message_start), str(problem)
    assert str(problem).startswith(f"{location}: {message_start}")
    assert problem.hint


def test_the_made_up_regulation_parses_into_six_articles():
    """The test regulation is well formed: six articles in three chapters, 第三条 has six items in paragraph 1."""
    result = make_regulation(RULES_TEXT, path="yishi.txt")
    assert not result.problems
    articles = list(result.regulation.articles())
    assert [a.number for a in articles] == [1, 2, 3, 4, 5, 6]
    assert [len(p.items) for p in articles[2].paragraphs] == [6, 0]


# --- valid content ---

def test_valid_pack_has_no_problems(load):
    """A Q&A, a case, an interpretation and a glossary that are all valid give records and no problems."""
    pack = load({
        "wenda/tichu.md": qa(),
        "anli/loudao.md": case(),
        f"jiedu/{RULES}/3.md": "---\narticle: 3\ntitle: 议事事项的分类处理\nsummary: 分六种情形处理。\n---\n\n## 说的是什么\n\n见第二条。\n",
        "cidian.yml": "- term: 议事事项\n  definition: 居民提出的事项。\n  articles: [2, 3]\n",
    })
    assert pack.problems == []
    assert [q.id for q in pack.questions] == ["tichu"]
    assert pack.questions[0].src_uri == "wenda/tichu.md"
    assert pack.questions[0].audience == "公众" and pack.questions[0].tags == ("办理期限",)
    assert pack.cases[0].date == dt.date(2023, 4, 18) and pack.cases[0].province == "浙江省"
    interpretation = pack.interpretation(RULES, 3)
    assert interpretation.title == "议事事项的分类处理" and interpretation.summary == "分六种情形处理。"
    assert interpretation.body_lineno == 6 and interpretation.body.startswith("\n## 说的是什么")
    assert [(t.term, t.lineno, [r.target.article for r in t.articles]) for t in pack.terms] == [("议事事项", 1, [2, 3])]


@pytest.mark.parametrize("written, target", [
    ("2", Target(RULES, 2)),
    ("第二条", Target(RULES, 2)),
    ('"3.6"', Target(RULES, 3, item=6)),
    ("3.6", Target(RULES, 3, item=6)),
    ("第三条第六项", Target(RULES, 3, item=6)),
    ("第三条第二款", Target(RULES, 3, paragraph=2)),
    ("第三条第一款第六项", Target(RULES, 3, paragraph=1, item=6)),
    (f"{MEDIATION}:2", Target(MEDIATION, 2)),
    ("示范调解规定:2", Target(MEDIATION, 2)),
    ("《示范调解规定》:第二条", Target(MEDIATION, 2)),
    ("调解规定：2", Target(MEDIATION, 2)),
    (f"{MISSING}:22", Target(MISSING, 22)),
    ("未载条例:30", Target(MISSING, 30)),
])
def test_accepted_reference_forms(load, written, target):
    """Every documented reference form resolves to its article, paragraph or item, without a problem."""
    pack = load({"wenda/x.md": qa(articles=f"[{written}]")})
    assert pack.problems == []
    (ref,) = pack.questions[0].articles
    assert ref.target == target
    assert ref.lineno == 3


def test_reference_keeps_what_the_editor_wrote_and_a_label(load):
    """An ArticleRef keeps the written form, and its label spells out the article, paragraph or item."""
    pack = load({"wenda/x.md": qa(articles='[2, "3.6", 第三条第二款]')})
    assert [(r.written, r.label) for r in pack.questions[0].articles] == [
        ("2", "第二条"), ("3.6", "第三条第六项"), ("第三条第二款", "第三条第二款")]


def test_article_without_text_is_accepted_up_to_article_count(load):
    """While a regulation's text is missing, a plain 22 is accepted when it is within article_count."""
    pack = load({"wenda/x.md": qa(articles="[22, 第三十条]")}, default_regulation=MISSING)
    assert pack.problems == []
    assert [r.target for r in pack.questions[0].articles] == [Target(MISSING, 22), Target(MISSING, 30)]


def test_interpretation_of_a_regulation_without_text(load):
    """An interpretation in jiedu/<slug>/ of a regulation without text is accepted within article_count."""
    pack = load({f"jiedu/{MISSING}/22.md": "---\narticle: 22\ntitle: 条旨\n---\n正文\n"})
    assert pack.problems == []
    assert pack.interpretation(MISSING, 22).title == "条旨"


# --- references that fail ---

def test_unknown_article(load):
    """articles: [2, 99] → unknown-article at the line of the 99 element."""
    pack = load({"wenda/x.md": "---\ntitle: 问\narticles:\n  - 2\n  - 99\naudience: 公众\n---\n正文\n"})
    assert_error(the_problem(pack), "unknown-article", "docs/wenda/x.md:5", "'99': 《社区议事规则》 has no such article")
    assert [r.target.article for r in pack.questions[0].articles] == [2]


def test_unknown_article_in_a_flow_list(load):
    """In a flow list [2, 99] the error stands on the articles line."""
    pack = load({"wenda/x.md": qa(articles="[2, 99]")})
    assert_error(the_problem(pack), "unknown-article", "docs/wenda/x.md:3", "'99': ")


def test_article_beyond_article_count_without_text(load):
    """While the text is missing, 99 > article_count is rejected, naming the count."""
    pack = load({"wenda/x.md": qa(articles="[22, 99]")}, default_regulation=MISSING)
    assert_error(the_problem(pack), "unknown-article", "docs/wenda/x.md:3", "'99': 《未载条例》 has 30 articles")


def test_article_of_a_second_regulation_beyond_its_count(load):
    """示范调解规定:5 is checked against that regulation, not the default one."""
    pack = load({"wenda/x.md": qa(articles="[示范调解规定:5]")})
    assert_error(the_problem(pack), "unknown-article", "docs/wenda/x.md:3",
                 "'示范调解规定:5': 《示范调解规定》 has no such article")


def test_unknown_regulation(load):
    """其他条例:3 names no configured regulation."""
    pack = load({"wenda/x.md": "---\ntitle: 问\naudience: 公众\narticles:\n  - 2\n  - 其他条例:3\n---\n"})
    assert_error(the_problem(pack), "unknown-regulation", "docs/wenda/x.md:6",
                 "unknown regulation '其他条例' in '其他条例:3'")


@pytest.mark.parametrize("written", ["第三条款", "三", "3.x", "3.6.1", "第3条第", "art. 3", "第二十二"])
def test_bad_article_reference_syntax(load, written):
    """A reference in none of the accepted forms is a bad-article error quoting it."""
    pack = load({"wenda/x.md": f"---\ntitle: 问\naudience: 公众\narticles:\n  - \"{written}\"\n---\n"})
    assert_error(the_problem(pack), "bad-article", "docs/wenda/x.md:5",
                 f"cannot read the article reference {written!r}")


def test_item_out_of_range(load):
    """3.9: 第三条 has only six items."""
    pack = load({"wenda/x.md": qa(articles='[2, "3.9"]')})
    assert_error(the_problem(pack), "unknown-article", "docs/wenda/x.md:3", "'3.9': 第三条 has no item 9")


def test_paragraph_out_of_range(load):
    """第三条第三款: 第三条 has two paragraphs."""
    pack = load({"wenda/x.md": qa(articles="[第三条第三款]")})
    assert_error(the_problem(pack), "unknown-article", "docs/wenda/x.md:3",
                 "'第三条第三款': 第三条 has 2 paragraph(s)")


def test_unquoted_item_reference_with_two_digits_is_not_misread(load):
    """An unquoted 3.10 (a YAML float) must not silently become item 1 of 第三条."""
    pack = load({"wenda/x.md": qa(articles="[3.10]")})
    targets = [r.target for r in pack.questions[0].articles]
    assert Target(RULES, 3, item=1) not in targets
    assert [p.kind for p in pack.problems] == ["unknown-article"]


# --- front-matter fields ---

def test_bad_date(load):
    """date: 2022-13-45 is a bad-date error at the date line."""
    pack = load({"anli/x.md": case(date="2022-13-45")})
    assert_error(the_problem(pack), "bad-date", "docs/anli/x.md:3", "date '2022-13-45' is not a calendar date")


@pytest.mark.parametrize("date", ["2023/04/18", "2023年4月18日", "20230418x"])
def test_dates_must_be_iso(load, date):
    """Dates are written YYYY-MM-DD; other spellings are bad-date errors."""
    pack = load({"anli/x.md": case(date=f'"{date}"')})
    assert_error(the_problem(pack), "bad-date", "docs/anli/x.md:3", f"date {date!r} is not a calendar date")


@pytest.mark.parametrize("key", ["title", "articles", "audience"])
def test_question_missing_required_field(load, key):
    """A Q&A without title, articles or audience is a missing-field error, and no record is made."""
    lines = {"title": "title: 问", "articles": "articles: [2]", "audience": "audience: 公众"}
    del lines[key]
    pack = load({"wenda/x.md": "---\n" + "\n".join(lines.values()) + "\n---\n正文\n"})
    assert_error(the_problem(pack), "missing-field", "docs/wenda/x.md:1", f"missing required field '{key}'")
    assert pack.questions == []


def test_empty_required_field_is_reported_at_its_line(load):
    """A required key present but empty (articles: []) is missing, reported at the key's line."""
    pack = load({"wenda/x.md": qa(articles="[]")})
    assert_error(the_problem(pack), "missing-field", "docs/wenda/x.md:3", "missing required field 'articles'")


@pytest.mark.parametrize("key", ["date", "region", "outcome", "summary"])
def test_case_missing_required_field(load, key):
    """A case without date, region, outcome or summary is a missing-field error, and no record is made."""
    text = "\n".join(line for line in case().split("\n") if not line.startswith(f"{key}:"))
    pack = load({"anli/x.md": text})
    assert_error(the_problem(pack), "missing-field", "docs/anli/x.md:1", f"missing required field '{key}'")
    assert pack.cases == []


def test_unknown_tag(load):
    """A tag outside the topic vocabulary is an unknown-tag error at its list element's line."""
    pack = load({"wenda/x.md": "---\ntitle: 问\narticles: [2]\ntags:\n  - 办理期限\n  - 乱贴标签\naudience: 公众\n---\n"})
    assert_error(the_problem(pack), "unknown-tag", "docs/wenda/x.md:6", "unknown tag '乱贴标签'")
    assert pack.questions[0].tags == ("办理期限",)


def test_tags_follow_the_configured_vocabulary(load):
    """The vocabulary's topics decide which tags are known."""
    pack = load({"wenda/x.md": qa(tags="[自定义主题]")}, vocabulary=Vocabulary(topics=("自定义主题",)))
    assert pack.problems == []


def test_bad_audience(load):
    """audience must be 公众 or 干部."""
    pack = load({"wenda/x.md": qa(audience="群众")})
    assert_error(the_problem(pack), "bad-audience", "docs/wenda/x.md:5", "audience '群众' is not one of 公众、干部")


def test_bad_outcome(load):
    """A case outcome outside the configured outcomes is a bad-outcome error."""
    pack = load({"anli/x.md": case(outcome="胜诉")})
    assert_error(the_problem(pack), "bad-outcome", "docs/anli/x.md:7", "outcome '胜诉' is not one of 化解息诉、")


# --- interpretations ---

def test_duplicate_interpretation_for_one_article(load):
    """Two interpretations of one article: the second is a duplicate error naming the first file."""
    pack = load({f"jiedu/{RULES}/2.md": "---\narticle: 2\n---\n甲\n",
                 f"jiedu/{RULES}/2b.md": "---\ntitle: 又一篇\narticle: 第二条\n---\n乙\n"})
    assert_error(the_problem(pack), "duplicate", f"docs/jiedu/{RULES}/2b.md:3",
                 f"第二条 already has an interpretation (docs/jiedu/{RULES}/2.md)")
    assert pack.interpretation(RULES, 2).body == "甲\n"


def test_interpretation_in_a_folder_naming_no_regulation(load):
    """jiedu/<folder>/ must be a configured slug."""
    pack = load({"jiedu/nosuch/2.md": "---\narticle: 2\n---\n正文\n"})
    assert_error(the_problem(pack), "unknown-regulation", "docs/jiedu/nosuch/2.md:1",
                 "folder jiedu/nosuch/ names no configured regulation")


def test_interpretation_of_an_unknown_article(load):
    """An interpretation's article must exist in its folder's regulation."""
    pack = load({f"jiedu/{RULES}/9.md": "---\ntitle: 条旨\narticle: 9\n---\n正文\n",
                 f"jiedu/{MISSING}/99.md": "---\narticle: 99\n---\n正文\n"})
    by_file = {problem.path: problem for problem in pack.problems}
    assert len(pack.problems) == 2
    assert_error(by_file[f"docs/jiedu/{RULES}/9.md"], "unknown-article", f"docs/jiedu/{RULES}/9.md:3",
                 "'9': 《社区议事规则》 has no such article")
    assert_error(by_file[f"docs/jiedu/{MISSING}/99.md"], "unknown-article", f"docs/jiedu/{MISSING}/99.md:2",
                 "'99': 《未载条例》 has 30 articles")


def test_interpretation_without_article(load):
    """An interpretation needs its article."""
    pack = load({f"jiedu/{RULES}/2.md": "---\ntitle: 条旨\n---\n正文\n"})
    assert_error(the_problem(pack), "missing-field", f"docs/jiedu/{RULES}/2.md:1", "missing required field 'article'")


# --- glossary ---

def test_duplicate_glossary_term(load):
    """A term defined twice is a duplicate error at the second entry, naming the first line."""
    pack = load({"cidian.yml": "- term: 议事事项\n  definition: 甲。\n- term: 居民\n  definition: 乙。\n"
                               "- term: 议事事项\n  definition: 丙。\n"})
    assert_error(the_problem(pack), "duplicate", "docs/cidian.yml:5", "'议事事项' is already a term or alias on line 1")
    assert [t.term for t in pack.terms] == ["议事事项", "居民"]


def test_glossary_unknown_article_at_its_element_line(load):
    """A glossary entry's article references are checked at their own lines."""
    pack = load({"cidian.yml": "- term: 议事事项\n  definition: 甲。\n  articles:\n    - 2\n    - 99\n"})
    assert_error(the_problem(pack), "unknown-article", "docs/cidian.yml:5", "'99': ")


def test_glossary_entry_without_definition(load):
    """A glossary entry without a definition is a missing-field error at the entry."""
    pack = load({"cidian.yml": "- term: 甲乙\n  definition: 乙。\n- term: 丙丁\n"})
    assert_error(the_problem(pack), "missing-field", "docs/cidian.yml:3",
                 "a glossary entry needs 'term' and 'definition'")


# --- whole-file problems ---

def test_invalid_yaml(load):
    """Invalid YAML front matter is a front-matter error at the YAML's line."""
    pack = load({"wenda/x.md": "---\ntitle: 问\narticles: [2, 3\naudience: 公众\n---\n正文\n"})
    problem = the_problem(pack)
    assert_error(problem, "front-matter", f"docs/wenda/x.md:{problem.lineno}", "invalid YAML front matter: ")
    assert problem.lineno in (4, 5)
    assert pack.questions == []


def test_front_matter_that_is_not_a_mapping(load):
    """A list as front matter is a front-matter error at line 2."""
    pack = load({"anli/x.md": "---\n- 甲\n- 乙\n---\n正文\n"})
    assert_error(the_problem(pack), "front-matter", "docs/anli/x.md:2", "front matter must be a mapping")


def test_invalid_glossary_yaml(load):
    """Invalid YAML in cidian.yml is reported with its line."""
    pack = load({"cidian.yml": "- term: 甲\n  definition: [乙\n- term: 丙\n"})
    assert_error(the_problem(pack), "front-matter", "docs/cidian.yml:3", "invalid YAML: ")


def test_non_utf8_file(load):
    """A file that is not UTF-8 is an encoding error at the line of the first bad byte."""
    pack = load({"wenda/x.md": qa().replace("正文。\n", "正文。\n第二行。\n").encode("utf-8")
                 + "第三行是GBK编码。\n".encode("gb18030")})
    assert_error(the_problem(pack), "encoding", "docs/wenda/x.md:9", "not valid UTF-8")
    assert pack.questions == []


def test_privacy_finding_is_an_error_at_its_line(load):
    """A Q&A revealing a phone number is a privacy error at the number's line."""
    pack = load({"wenda/x.md": qa(body="\n第一段。\n可拨打王某的手机13812345678联系。\n")})
    assert_error(the_problem(pack), "privacy", "docs/wenda/x.md:9", "published content reveals a 手机号 '13812345678'")


def test_index_pages_are_not_content(load):
    """wenda/index.md and anli/index.md are ordinary pages, not Q&A or cases."""
    pack = load({"wenda/index.md": "# 问答\n", "anli/index.md": "# 案例\n"})
    assert pack.problems == [] and pack.questions == [] and pack.cases == []


# --- body references ---

def test_unresolved_article_in_a_question_body_is_a_warning(load):
    """第九十九条 in a Q&A body does not exist: a warning (not an error) at the body line."""
    pack = load({"wenda/x.md": qa(body="\n依照第二条提出。\n另见第九十九条的规定。\n")})
    problem = the_problem(pack)
    assert problem.kind == "unresolved-reference"
    assert problem.severity == "warning"
    assert f"{problem.path}:{problem.lineno}" == "docs/wenda/x.md:9"
    assert problem.message.startswith("unresolved reference '第九十九条'")
    assert pack.errors == []
    assert len(pack.questions) == 1


def test_unresolved_reference_in_an_interpretation_body(load):
    """An interpretation's body is checked against its own regulation."""
    pack = load({f"jiedu/{MEDIATION}/2.md": "---\narticle: 2\n---\n\n见第三条。\n另见第五条。\n"})
    problem = the_problem(pack)
    assert (problem.kind, problem.severity, problem.path, problem.lineno) == (
        "unresolved-reference", "warning", f"docs/jiedu/{MEDIATION}/2.md", 6)
    assert "第五条" in problem.message


def test_references_to_other_acts_in_a_body_are_not_checked(load):
    """第九十九条 of an act we do not publish (刑法第九十九条) is left alone."""
    pack = load({"wenda/x.md": qa(body="依照刑法第九十九条、《行政诉讼法》第九十九条处理。\n")})
    assert pack.problems == []


# --- reverse links ---

def test_citing_lists_questions_and_cases_of_an_article(load):
    """citing(article) gives the Q&A and cases whose articles name it, through any paragraph or item."""
    pack = load({
        "wenda/a.md": qa(articles='[2, "3.6"]'),
        "wenda/b.md": qa(articles="[第三条第二款]"),
        "wenda/c.md": qa(articles="[4]"),
        "wenda/d.md": qa(articles=f"[{MEDIATION}:3]"),
        "anli/e.md": case(articles="[3]"),
        "anli/f.md": case(articles="[5]"),
    })
    assert pack.problems == []
    questions, cases = pack.citing((RULES, 3, 0))
    assert [q.id for q in questions] == ["a", "b"]
    assert [c.id for c in cases] == ["e"]
    assert [len(part) for part in pack.citing((RULES, 2, 0))] == [1, 0]
    assert [len(part) for part in pack.citing((RULES, 6, 0))] == [0, 0]
    assert [len(part) for part in pack.citing((MEDIATION, 3, 0))] == [1, 0]


def test_citing_keeps_the_precision_of_the_reference(load):
    """A 3.6 reference counts for 第三条 while its target keeps item 6."""
    pack = load({"wenda/a.md": qa(articles='["3.6"]')})
    (question,), _ = pack.citing((RULES, 3, 0))
    (ref,) = question.articles
    assert ref.target.article == 3 and ref.target.item == 6 and ref.target.paragraph is None
    assert ref.target.article_key == (RULES, 3, 0)


def test_content_ids_are_lowercase(load):
    """Names that differ only in case would share a URL on some servers: content ids are lowercase, so a page named
    with capitals is an error naming the rule (and two such pages cannot collide)."""
    pack = load({"wenda/Ab.md": qa(), "wenda/ok-1.md": qa()})
    assert [q.id for q in pack.questions] == ["ok-1"]
    assert_error(the_problem(pack), "bad-id", "docs/wenda/Ab.md:1", "the file name 'Ab' is not a content id")
