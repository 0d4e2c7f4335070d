"""The plugin in an existing MkDocs site, and its serve hook."""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator.plugin import PufaPlugin

SITES = Path(__file__).resolve().parent.parent / "sites"


def test_existing_site_with_default_theme_builds_strictly(tmp_path, monkeypatch):
    """Adding '- pufa' to a plain MkDocs site (mkdocs theme, no extensions) gives anchored, linked pages."""
    monkeypatch.delenv("PUFA_SOURCES", raising=False)
    config = load_config(str(SITES / "existing" / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True)
    build(config)
    article = (tmp_path / "site" / "tiaoli" / "shequ" / "3" / "index.html").read_text(encoding="utf-8")
    assert 'id="art-3-p1-i2"' in article
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="tiaoli/shequ/3/#art-3-p1-i2"' in home
    assert 'href="tiaoli/shequ/4/#art-4"' in home


class _Server:
    def __init__(self):
        self.watched = []

    def watch(self, path):
        self.watched.append(path)


def test_serve_watches_the_official_texts(tmp_path, monkeypatch):
    """Under mkdocs serve, a change to a configured source text triggers a rebuild (the file is watched)."""
    monkeypatch.delenv("PUFA_SOURCES", raising=False)
    site = tmp_path / "existing"
    shutil.copytree(SITES / "existing", site)
    shutil.copy(SITES.parent / "golden" / "shequ-tiaoli.txt", tmp_path / "shequ.txt")
    (site / "mkdocs.yml").write_text((site / "mkdocs.yml").read_text(encoding="utf-8").replace(
        "../../golden/shequ-tiaoli.txt", "../shequ.txt"), encoding="utf-8")
    config = load_config(str(site / "mkdocs.yml"))
    plugin = config.plugins["pufa"]
    assert isinstance(plugin, PufaPlugin)
    plugin.on_config(config)
    server = _Server()
    plugin.on_serve(server, config=config, builder=None)
    assert server.watched == [str((tmp_path / "shequ.txt").resolve())]


def test_a_reference_problem_names_the_real_line_of_the_file(tmp_path, monkeypatch):
    """A page's problems count its front matter and the blank lines after it: the line is the file's own, even
    when the body's first line also appears in the front matter."""
    from click.testing import CliRunner

    from generator.cli import cli
    from tests.helpers import small_project

    page = "---\ntitle: 见第一条\ndescription: 见第一条\n---\n\n\n见第一条\n\n第二段。\n\n本条例第九十九条。\n"
    project = small_project(tmp_path / "project", {"docs/shuoming.md": page})
    monkeypatch.chdir(project)
    result = CliRunner().invoke(cli, ["build", "-d", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert "docs/shuoming.md:11: unresolved reference '本条例第九十九条'" in result.output


def test_glossary_tooltips_on_editor_pages_only(tmp_path, monkeypatch):
    """Glossary terms get tooltips on editors' pages, not on the generated article pages (whose text is the law's
    own); a glossary configured for ``abbr`` in mkdocs.yml still applies, to every page."""
    from click.testing import CliRunner

    from generator.cli import cli
    from tests.helpers import SMALL_MKDOCS_YML, small_project

    glossary = "- term: 示范事项\n  definition: 本示范条例列举的事项。\n  articles: [1]\n"
    extensions = "markdown_extensions:\n  - abbr:\n      glossary:\n        HTML: 超文本标记语言\n"
    project = small_project(tmp_path / "project", {
        "mkdocs.yml": SMALL_MKDOCS_YML + extensions, "docs/cidian.yml": glossary,
        "docs/shuoming.md": "# 说明\n\n什么是「示范事项」？HTML 是什么？\n"})
    monkeypatch.chdir(project)
    result = CliRunner().invoke(cli, ["build", "-d", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "site" / "shuoming" / "index.html").read_text(encoding="utf-8")
    assert '<abbr title="本示范条例列举的事项。">示范事项</abbr>' in page
    assert '<abbr title="超文本标记语言">HTML</abbr>' in page
    article = (tmp_path / "site" / "tiaoli" / "shifan" / "1" / "index.html").read_text(encoding="utf-8")
    assert "示范事项" in article and "本示范条例列举的事项" not in article
