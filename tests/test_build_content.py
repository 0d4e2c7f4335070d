"""``pufa build --strict`` of the shipped site: content merged into article pages, cited text on Q&A pages, and
the privacy guard stopping a build without touching the previous site.

Each build copies docs/ and mkdocs.yml into tmp_path and runs the CLI there with click's CliRunner. The official
text of 信访工作条例 comes from the shared corpus; tests that need it are skipped when it is absent.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.helpers import copy_shipped_config, CORPUS

ROOT = Path(__file__).resolve().parent.parent
SLUG = "xinfang-gongzuo-tiaoli"
OFFICIAL = CORPUS / "official" / "xinfang-gongzuo-tiaoli-2022.txt"
CASE = "wangshang-xinfang"
_WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]


def _valid_id(first17: str) -> str:
    """An 18-digit resident ID number with its ISO 7064 MOD 11-2 check character."""
    remainder = (12 - sum(int(d) * w for d, w in zip(first17, _WEIGHTS)) % 11) % 11
    return first17 + ("X" if remainder == 10 else str(remainder))


def _copy_project(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "docs", folder / "docs")
    copy_shipped_config(folder / "mkdocs.yml")
    return folder


def _build(folder: Path, monkeypatch, *sources: str):
    """Run ``pufa build --strict [--source …]`` in ``folder``."""
    monkeypatch.chdir(folder)
    args = ["build", "--strict"]
    for source in sources:
        args += ["--source", source]
    return CliRunner().invoke(cli, args)


def _page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def _section(html: str, section_id: str) -> str:
    """The HTML from the <h2 id=…> heading to the next <h2 (or the end of the article)."""
    start = html.index(f'<h2 id="{section_id}"')
    end = html.find("<h2", start + 1)
    return html[start:end if end != -1 else html.index("</article>", start)]


def _citing(article: int) -> tuple[set[str], set[str]]:
    """Q&A and case ids whose front matter cites ``article``, read with the content model from the real docs/."""
    from generator.config import RegulationSpec
    from generator.content import load_content
    from generator.project import load_project

    project = load_project([RegulationSpec(SLUG, OFFICIAL, "信访工作条例", (), "现行有效", None, 50)])
    pack = load_content(ROOT / "docs", project)
    questions, cases = pack.citing((SLUG, article, 0))
    return {q.id for q in questions}, {c.id for c in cases}


@pytest.fixture(scope="module")
def site_with_text(tmp_path_factory):
    """The shipped site built strictly with the official text of 信访工作条例."""
    if not OFFICIAL.is_file():
        pytest.skip(f"official text not found at {OFFICIAL} (the shared corpus beside the project)")
    folder = _copy_project(tmp_path_factory.mktemp("with-text") / "project")
    with pytest.MonkeyPatch.context() as monkeypatch:
        result = _build(folder, monkeypatch, f"{SLUG}={OFFICIAL}")
    assert result.exit_code == 0, result.output
    return folder / "site"


@pytest.fixture(scope="module")
def site_without_text(tmp_path_factory):
    """The shipped site built strictly with no official text (texts/ is not copied)."""
    folder = _copy_project(tmp_path_factory.mktemp("without-text") / "project")
    with pytest.MonkeyPatch.context() as monkeypatch:
        result = _build(folder, monkeypatch)
    assert result.exit_code == 0, result.output
    return folder / "site"


# --- with the official text ---

def test_article_page_shows_its_interpretation(site_with_text):
    """第三十五条's page has the 条文解读 section (id "jiedu") with the interpretation's summary, and its text."""
    html = _page(site_with_text, f"tiaoli/{SLUG}/35")
    jiedu = _section(html, "jiedu")
    assert "要点：" in jiedu
    assert "复查" in jiedu
    assert "条文原文暂未载入" not in html
    assert 'class="pufa-para"' in html


def test_article_page_lists_citing_questions_and_cases(site_with_text):
    """第三十五条's page links every Q&A and case whose articles name it, and no others."""
    questions, cases = _citing(35)
    assert questions and cases
    html = _page(site_with_text, f"tiaoli/{SLUG}/35")
    linked_questions = set(re.findall(r'href="\.\./\.\./\.\./wenda/([^/"]+)/"', _section(html, "wenda")))
    linked_cases = set(re.findall(r'href="\.\./\.\./\.\./anli/([^/"]+)/"', _section(html, "anli")))
    assert linked_questions == questions
    assert linked_cases == cases
    assert all((site_with_text / "wenda" / q / "index.html").is_file() for q in questions)
    assert all((site_with_text / "anli" / c / "index.html").is_file() for c in cases)


def test_question_page_shows_cited_articles_official_text(site_with_text):
    """wenda/duojiu-dafu/ shows each cited article's official text in a <details> box linking its page."""
    from generator.parse import parse_file

    regulation = parse_file(OFFICIAL).regulation
    html = _page(site_with_text, "wenda/duojiu-dafu")
    blocks = re.findall(r"<details class=\"quote\".*?</details>", html, re.S)
    assert len(blocks) == 4
    for number in (23, 34, 22, 31):
        article = regulation.find(number)
        (block,) = [b for b in blocks if f"{article.label} " in b.split("</summary>")[0]]
        text = re.sub(r"<[^>]+>", "", block)
        assert article.paragraphs[0].text[:30] in text
        assert article.paragraphs[-1].text[-15:] in text
        assert f'href="../../tiaoli/{SLUG}/{number}/#art-{number}"' in block


def test_article_page_lists_citing_articles(site_with_text):
    """第三十一条's page lists the articles that cite it: 第三十四条 and 第三十六条."""
    cited_by = _section(_page(site_with_text, f"tiaoli/{SLUG}/31"), "cited-by")
    assert re.findall(r'<a href="\.\./(\d+)/">(第[^<]+条)</a>', cited_by) == [("34", "第三十四条"), ("36", "第三十六条")]


# --- without the official text ---

def test_article_pages_without_text_show_interpretation_and_notice(site_without_text):
    """Without the text every article page shows the notice 条文原文暂未载入 and the interpretation."""
    for number in range(1, 51):
        html = _page(site_without_text, f"tiaoli/{SLUG}/{number}")
        assert "条文原文暂未载入" in html, number
        assert '<h2 id="jiedu"' in html, number
    assert "要点：" in _section(_page(site_without_text, f"tiaoli/{SLUG}/35"), "jiedu")


def test_article_page_without_text_still_lists_citing_content(site_without_text):
    """Without the text 第三十五条's page still links the Q&A and cases that cite it."""
    html = _page(site_without_text, f"tiaoli/{SLUG}/35")
    assert re.search(r'href="\.\./\.\./\.\./wenda/fucha-fuhe-zhao-shei/"', _section(html, "wenda"))
    assert re.search(r'href="\.\./\.\./\.\./anli/[^"]+/"', _section(html, "anli"))


def test_question_page_without_text_shows_the_summary(site_without_text):
    """Without the text a Q&A page's boxes show the interpretation summary, marked as such, and link the article."""
    html = _page(site_without_text, "wenda/duojiu-dafu")
    blocks = re.findall(r"<details class=\"quote\".*?</details>", html, re.S)
    assert len(blocks) == 4
    assert all("条文原文暂未载入，此为解读要点" in block for block in blocks)
    assert f'href="../../tiaoli/{SLUG}/34/"' in html


# --- the privacy guard stops the build ---

@pytest.fixture
def built_once(tmp_path, monkeypatch):
    """A copied project with a site already built (strictly, without the official text)."""
    folder = _copy_project(tmp_path / "project")
    result = _build(folder, monkeypatch)
    assert result.exit_code == 0, result.output
    return folder


def _plant(folder: Path, sentence: str) -> int:
    """Insert ``sentence`` as its own line after the case's 基本案情 heading; returns its line in the file."""
    path = folder / "docs" / "anli" / f"{CASE}.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    index = lines.index("## 基本案情") + 2
    lines.insert(index, sentence)
    path.write_text("\n".join(lines), encoding="utf-8")
    return index + 1


PLANTED = {
    "id-number": (f"吴某的身份证号码为{_valid_id('32010219800101123')}。", "身份证号"),
    "mobile": ("吴某留下的联系电话是13912345678。", "手机号"),
}


@pytest.fixture(params=sorted(PLANTED))
def planted(request, built_once, monkeypatch):
    """Plant an identifier in a built project's case file and build again strictly.

    Returns (result, line of the planted text, kind of finding, {site file: bytes before the second build}).
    """
    sentence, kind = PLANTED[request.param]
    site = built_once / "site"
    before = {path: path.read_bytes() for path in (site / "anli" / CASE / "index.html", site / "index.html")}
    lineno = _plant(built_once, sentence)
    return _build(built_once, monkeypatch), lineno, kind, before


def test_planted_identifier_fails_the_strict_build(planted):
    """A valid ID number or a mobile number in a case fails the strict build with exit code 1, no traceback."""
    result, _, _, _ = planted
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output


def test_planted_identifier_is_named_with_file_and_line(planted):
    """The failing strict build's output names docs/anli/<file>.md:<line> and what was found."""
    result, lineno, kind, _ = planted
    assert f"docs/anli/{CASE}.md:{lineno}: published content reveals a {kind}" in result.output


def test_planted_identifier_leaves_the_previous_site_untouched(planted):
    """After the failed build, site/ is byte for byte the previous one and no staging folder is left behind."""
    result, _, _, before = planted
    assert result.exit_code != 0
    assert {path: path.read_bytes() for path in before} == before
    project = next(iter(before)).parents[3]
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []


def test_planted_identifier_is_named_without_strict(built_once):
    """Without --strict (run as a process) a privacy finding still fails the build, naming file and line."""
    lineno = _plant(built_once, PLANTED["mobile"][0])
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=built_once,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"docs/anli/{CASE}.md:{lineno}: published content reveals a 手机号" in result.stdout + result.stderr
