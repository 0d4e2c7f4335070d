"""Tests for the ``pufa`` command line (generator.cli), run in-process with click's CliRunner."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.helpers import PARKING_TEXT

PARKING_OUTLINE = """示范小区停车管理条例
施行：2024-01-01
第一章 总则  第一条—第二条
第二章 停放规则  第三条—第六条
共 6 条，13 款，3 项
"""

GAP_TEXT = "示范规定\n\n第一条　为了示范，制定本规定。\n第二条　本规定自公布之日起施行。\n第四条　附则。\n"
"""第三条 is missing: the article on line 5 is a numbering-gap error."""

MKDOCS_YML = """site_name: Demo
plugins:
  - pufa:
      regulations:
        - slug: {slug}
          source: demo.txt
"""


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """A fresh current folder."""
    monkeypatch.chdir(tmp_path)
    return tmp_path.resolve()


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def make_site(folder, slug="demo", source: str | None = None):
    """A tiny MkDocs site: mkdocs.yml listing one regulation (demo.txt), docs/index.md, and the text if given."""
    (folder / "mkdocs.yml").write_text(MKDOCS_YML.format(slug=slug), encoding="utf-8")
    (folder / "docs").mkdir()
    (folder / "docs" / "index.md").write_text("# Demo\n", encoding="utf-8")
    if source is not None:
        (folder / "demo.txt").write_text(source, encoding="utf-8")


# --- parse -----------------------------------------------------------------------------------------------------

def test_parse_prints_the_outline(workdir):
    """`pufa parse FILE` prints title, dates, one line per chapter with its article span, and the totals."""
    (workdir / "tingche.txt").write_text(PARKING_TEXT, encoding="utf-8")
    result = run("parse", "tingche.txt")
    assert (result.exit_code, result.stdout, result.stderr) == (0, PARKING_OUTLINE, "")


def test_parse_json_has_the_documented_shape(workdir):
    """`pufa parse FILE --json` prints valid JSON with the DESIGN.md keys for the regulation and every article."""
    (workdir / "tingche.txt").write_text(PARKING_TEXT, encoding="utf-8")
    result = run("parse", "tingche.txt", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert {"title", "meta", "parts", "chapters", "sections", "articles"} <= data.keys()
    assert data["title"] == "示范小区停车管理条例"
    assert data["parts"] == [] and data["sections"] == []
    assert [(c["number"], c["label"], c["title"], c["part"]) for c in data["chapters"]] == [
        (1, "第一章", "总则", None), (2, "第二章", "停放规则", None)]
    assert len(data["articles"]) == 6
    for article in data["articles"]:
        assert {"number", "suffix", "label", "part", "chapter", "section", "paragraphs"} <= article.keys()
    third = data["articles"][2]
    assert (third["number"], third["suffix"], third["label"], third["chapter"]) == (3, None, "第三条", 2)
    assert third["paragraphs"][0]["items"] == ["（一）停放在划定的车位内；", "（二）不占用消防通道；", "（三）不妨碍他人通行。"]


def test_parse_missing_file(workdir):
    """A missing file: exit 1 and one `Error: FILE: file not found` line, no traceback."""
    result = run("parse", "nope.txt")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: nope.txt: file not found")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_parse_numbering_gap_names_file_and_line(workdir):
    """A gap in the article numbers: exit 1, the problem at FILE:LINE on stderr, and no outline printed."""
    (workdir / "gap.txt").write_text(GAP_TEXT, encoding="utf-8")
    result = run("parse", "gap.txt")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "error: gap.txt:5: expected 第三条 after 第二条; found 第四条 [numbering-gap] "
        "Hint: is 第三条 missing, or is the number mistyped?",
        "Error: 1 error(s) in gap.txt; nothing printed.",
    ]


def test_parse_binary_file(workdir):
    """A PDF given as the text: exit 1 with one clear `Error:` line saying it is not plain text, no traceback."""
    (workdir / "doc.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    result = run("parse", "doc.pdf")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: doc.pdf:1: this is a PDF document, not a plain-text file")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


# --- check -----------------------------------------------------------------------------------------------------

def test_check_with_missing_source(workdir):
    """`pufa check` with the official text missing: exit 0, the one-line notice on stderr, zero articles."""
    make_site(workdir)
    result = run("check")
    assert result.exit_code == 0
    assert result.stderr == ("pufa: official text of 《demo》 not found: put it at demo.txt "
                             "or pass --source demo=PATH; its pages show a notice meanwhile.\n")
    assert result.stdout == "1 regulation(s), 0 article(s); 0 interpretation(s), 0 Q&A, 0 case(s), 0 glossary term(s): 0 error(s), 0 warning(s)\n"


def test_check_with_source(workdir):
    """`pufa check` with a clean official text: exit 0, nothing on stderr, the summary counts its articles."""
    make_site(workdir, source=PARKING_TEXT)
    result = run("check")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "1 regulation(s), 6 article(s); 0 interpretation(s), 0 Q&A, 0 case(s), 0 glossary term(s): 0 error(s), 0 warning(s)\n", "")


def test_check_with_source_override(workdir):
    """`--source demo=PATH` makes check read that file instead of the configured (missing) one."""
    make_site(workdir)
    (workdir / "elsewhere.txt").write_text(PARKING_TEXT, encoding="utf-8")
    result = run("check", "--source", "demo=elsewhere.txt")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "1 regulation(s), 6 article(s); 0 interpretation(s), 0 Q&A, 0 case(s), 0 glossary term(s): 0 error(s), 0 warning(s)\n", "")


def test_check_resolves_sources_against_the_config_folder(workdir):
    """With -f from another folder, check reads the source beside mkdocs.yml and names it from the cwd."""
    site = workdir / "site"
    site.mkdir()
    make_site(site)
    result = run("check", "-f", "site/mkdocs.yml")
    assert result.stderr == ("pufa: official text of 《demo》 not found: put it at site/demo.txt "
                             "or pass --source demo=PATH; its pages show a notice meanwhile.\n")
    (site / "demo.txt").write_text(PARKING_TEXT, encoding="utf-8")
    result = run("check", "-f", "site/mkdocs.yml")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "1 regulation(s), 6 article(s); 0 interpretation(s), 0 Q&A, 0 case(s), 0 glossary term(s): 0 error(s), 0 warning(s)\n", "")


def test_check_fails_on_parse_errors(workdir):
    """A numbering gap in the official text makes check exit 1 after naming the file and line."""
    make_site(workdir, source=GAP_TEXT)
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: demo.txt:5: expected 第三条 after 第二条")
    assert result.stdout == "1 regulation(s), 3 article(s); 0 interpretation(s), 0 Q&A, 0 case(s), 0 glossary term(s): 1 error(s), 0 warning(s)\n"


def test_check_without_config_file(workdir):
    """No mkdocs.yml: exit 1 with one `Error: mkdocs.yml: configuration file not found` line."""
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr == ("Error: mkdocs.yml: configuration file not found Hint: run pufa in the folder that "
                             "holds mkdocs.yml, or pass -f PATH.\n")


def test_check_unknown_source_slug(workdir):
    """--source for a slug the config does not list: exit 1 naming the slug and the configured ones."""
    make_site(workdir, source=PARKING_TEXT)
    result = run("check", "--source", "other=x.txt")
    assert result.exit_code == 1
    assert result.stderr == ("Error: mkdocs.yml: --source names other, which is not a configured regulation "
                             "Hint: configured slugs: demo.\n")


def test_check_malformed_source_option(workdir):
    """--source without '=': exit 1 with the SLUG=PATH hint."""
    make_site(workdir, source=PARKING_TEXT)
    result = run("check", "--source", "demo")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: --source 'demo' is not SLUG=PATH")


def test_check_config_error_names_the_config_file(workdir):
    """A malformed slug in mkdocs.yml is reported as one `Error: mkdocs.yml…` line, naming the file it is in."""
    make_site(workdir, slug="Demo_1", source=PARKING_TEXT)
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: mkdocs.yml")
    assert "'Demo_1' is not a URL slug" in result.stderr


# --- help ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help(name):
    """Every command has help text with an Example, and `pufa COMMAND --help` exits 0 showing it."""
    command = cli.commands[name]
    assert command.help and command.help.strip()
    assert "Example:" in command.help
    result = run(name, "--help")
    assert result.exit_code == 0
    first_line = command.help.strip().splitlines()[0]
    assert " ".join(first_line.split()) in " ".join(result.stdout.split())


def test_group_help_lists_every_command():
    """`pufa --help` lists every command, each on a line of its own followed by its short help."""
    result = run("--help")
    assert result.exit_code == 0
    listed = re.findall(r"^  (\S+)  +\S", result.stdout.split("Commands:", 1)[1], re.M)
    assert sorted(listed) == sorted(cli.commands)
