"""The shipped content pack in docs/: complete, valid and anonymised, with and without the official text.

The official text of 信访工作条例 comes from the shared corpus (../shared/corpus/official/); tests that need
it are skipped when it is absent. The project is configured from the real mkdocs.yml.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from generator.config import regulation_specs
from generator.model import Chapter
from generator.content import ContentPack, load_content, site_vocabulary
from generator.parse import parse_file
from generator.privacy import scan
from generator.project import Project, load_project
from tests.helpers import CORPUS, load_options

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SLUG = "xinfang-gongzuo-tiaoli"
OFFICIAL = CORPUS / "official" / "xinfang-gongzuo-tiaoli-2022.txt"
ARTICLES = 50
# The six chapters of 信访工作条例 by article range, for the run without the text; checked against the parse below.
CHAPTERS = {1: range(1, 7), 2: range(7, 17), 3: range(17, 27), 4: range(27, 38), 5: range(38, 48), 6: range(48, 51)}
CASE_HEADINGS = ("## 基本案情", "## 办理经过", "## 条例适用", "## 启示")
REQUIRED_TERMS = ("信访人", "信访事项", "信访工作联席会议", "诉访分离", "复查", "复核")


def _options():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    (pufa,) = [entry["pufa"] for entry in config["plugins"] if isinstance(entry, dict) and "pufa" in entry]
    return load_options(**pufa)


def _official_or_skip() -> Path:
    if not OFFICIAL.is_file():
        pytest.skip(f"official text not found at {OFFICIAL} (the shared corpus beside the project)")
    return OFFICIAL


def _load(overrides: dict[str, str]) -> tuple[Project, ContentPack]:
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    options = config.plugins["pufa"].config
    specs = regulation_specs(options, ROOT / "mkdocs.yml", overrides)
    project = load_project(specs)
    return project, load_content(DOCS, project, site_vocabulary(options, _blog_dir(config)),
                                 options.default_regulation)


@pytest.fixture(scope="module")
def with_text() -> tuple[Project, ContentPack]:
    """The shipped pack over the project with the official text of 信访工作条例."""
    return _load({SLUG: str(_official_or_skip())})


@pytest.fixture(scope="module")
def without_text() -> tuple[Project, ContentPack]:
    """The shipped pack over the project with no official text at all (only the article counts)."""
    project, pack = _load({})
    if project.get(SLUG).regulation is not None:
        pytest.skip(f"an official text is configured at {project.get(SLUG).spec.source}; cannot test without it")
    return project, pack


@pytest.fixture(scope="module", params=["with_text", "without_text"])
def loaded(request) -> tuple[Project, ContentPack]:
    return request.getfixturevalue(request.param)


def test_no_problems_with_the_official_text(with_text):
    """With the official text the project and the pack load with no errors and no warnings."""
    project, pack = with_text
    assert project.get(SLUG).regulation is not None
    assert [str(p) for p in project.problems] == []
    assert [str(p) for p in pack.problems] == []


def test_no_problems_without_the_official_text(without_text):
    """Without any official text the pack still loads with no errors and no warnings."""
    _, pack = without_text
    assert [str(p) for p in pack.problems] == []


def test_every_article_has_an_interpretation_with_a_title(loaded):
    """Each of the 50 articles has an interpretation with a non-empty title (条旨)."""
    _, pack = loaded
    assert sorted(key for key in pack.interpretations if key[0] == SLUG) == [(SLUG, n, 0) for n in range(1, 51)]
    assert [n for n in range(1, 51) if not pack.interpretation(SLUG, n).title.strip()] == []
    assert [n for n in range(1, 51) if not pack.interpretation(SLUG, n).body.strip()] == []


def test_question_counts_by_audience(loaded):
    """At least 60 Q&A: at least 30 for 公众 and 20 for 干部."""
    _, pack = loaded
    audiences = Counter(question.audience for question in pack.questions)
    assert len(pack.questions) >= 60
    assert audiences["公众"] >= 30
    assert audiences["干部"] >= 20


def test_chapter_ranges_match_the_official_text():
    """The chapter ranges used without the text are those of the parsed official text."""
    regulation = parse_file(_official_or_skip()).regulation
    assert {chapter.number: [a.number for a in chapter.articles()] for chapter in regulation.divisions(Chapter)} == {
        number: list(span) for number, span in CHAPTERS.items()}


def _chapters(project: Project) -> dict[int, set[int]]:
    regulation = project.get(SLUG).regulation
    if regulation is None:
        return {number: set(span) for number, span in CHAPTERS.items()}
    return {chapter.number: {a.number for a in chapter.articles()} for chapter in regulation.divisions(Chapter)}


def test_questions_cite_every_chapter(loaded):
    """Taken together, the Q&A cite articles in all six chapters."""
    project, pack = loaded
    chapters = _chapters(project)
    assert len(chapters) == 6
    cited = {ref.target.article for q in pack.questions for ref in q.articles if ref.target.regulation == SLUG}
    assert [number for number, articles in chapters.items() if not cited & articles] == []


def test_case_count_and_body_headings(loaded):
    """At least 15 cases, each with the four body sections 基本案情 / 办理经过 / 条例适用 / 启示, in order."""
    _, pack = loaded
    assert len(pack.cases) >= 15
    wrong = {}
    for case in pack.cases:
        headings = [line.strip() for line in (DOCS / case.src_uri).read_text(encoding="utf-8").split("\n")
                    if line.startswith("## ")]
        if [h for h in headings if h in CASE_HEADINGS] != list(CASE_HEADINGS):
            wrong[case.src_uri] = headings
    assert wrong == {}


def test_glossary_terms(loaded):
    """At least 30 glossary terms, including the core ones (an alias such as 诉访分离 counts)."""
    _, pack = loaded
    assert len(pack.terms) >= 30
    names = {term.term for term in pack.terms} | {alias for term in pack.terms for alias in term.aliases}
    assert [term for term in REQUIRED_TERMS if term not in names] == []


def test_every_cited_article_exists_in_the_official_text(with_text):
    """Every article named by a Q&A, case, interpretation or glossary term exists in the official text."""
    project, pack = with_text
    refs = [ref for record in [*pack.questions, *pack.cases, *pack.terms] for ref in record.articles]
    refs += [interpretation.article for interpretation in pack.interpretations.values()]
    assert len(refs) > 100
    missing = [ref.written for ref in refs if project.check_target(ref.target) is not None
               or project.get(ref.target.regulation).regulation.find(ref.target.article, ref.target.suffix) is None]
    assert missing == []


def test_every_cited_article_is_within_the_article_count(without_text):
    """Without the text every cited article still lies within the configured article_count."""
    project, pack = without_text
    refs = [ref for record in [*pack.questions, *pack.cases, *pack.terms] for ref in record.articles]
    assert [ref.written for ref in refs
            if not 1 <= ref.target.article <= project.get(ref.target.regulation).spec.article_count] == []


@pytest.mark.parametrize("section", ["wenda", "anli"])
def test_privacy_guard_finds_nothing(section):
    """The privacy guard finds no ID, phone, e-mail, card number, address or real-looking name in Q&A and cases."""
    allow = frozenset(_options().privacy_allow)
    files = sorted((DOCS / section).glob("*.md"))
    assert files
    findings = [f"docs/{section}/{path.name}:{finding.lineno}: {finding.describe()}"
                for path in files for finding in scan(path.read_text(encoding="utf-8"), allow)]
    assert findings == []


def test_no_docs_file_copies_the_official_text():
    """No file under docs/ shares a run of 20 characters with any line of the official text (whitespace ignored)."""
    official = _official_or_skip().read_text(encoding="utf-8")
    size = 20
    runs = set()
    for line in official.split("\n"):
        line = re.sub(r"\s", "", line)
        runs.update(line[i:i + size] for i in range(len(line) - size + 1))
    copied = {}
    for path in sorted(DOCS.rglob("*")):
        if path.suffix not in (".md", ".yml") or not path.is_file():
            continue
        text = re.sub(r"\s", "", path.read_text(encoding="utf-8"))
        found = [text[i:i + size] for i in range(len(text) - size + 1) if text[i:i + size] in runs]
        if found:
            copied[path.relative_to(ROOT).as_posix()] = found[0]
    assert copied == {}


def test_no_docs_file_contains_a_whole_line_of_any_official_text():
    """No docs/ file contains a whole line (40+ bytes of UTF-8, article label removed) of any official text in the
    corpus — short item lines such as （二）…； included, which the 20-character rule above cannot see."""
    folder = _official_or_skip().parent
    lines = set()
    for text in folder.glob("*.txt"):
        for line in text.read_text(encoding="utf-8").split("\n"):
            line = re.sub(r"^第[^　 ]*条[　 ]", "", line.strip())
            if len(line.encode("utf-8")) >= 40:
                lines.add(line)
    copied = {}
    for path in sorted(DOCS.rglob("*")):
        if path.suffix in (".md", ".yml") and path.is_file():
            text = path.read_text(encoding="utf-8")
            found = sorted(line for line in lines if line in text)
            if found:
                copied[path.relative_to(ROOT).as_posix()] = found[0]
    assert copied == {}


def _blog_dir(config) -> str | None:
    blog = config.plugins.get("material/blog")
    return blog.config.blog_dir if blog is not None else None
