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


def test_pufa_serve_keeps_source_through_rebuilds(tmp_path):
    """``pufa serve --source`` serves the text it names, and after an edit of that text the rebuilt page shows
    the edit: the override reaches every rebuild without any environment variable."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    from tests.helpers import pufa_environment

    site = tmp_path / "existing"
    shutil.copytree(SITES / "existing", site)
    (site / "mkdocs.yml").write_text((site / "mkdocs.yml").read_text(encoding="utf-8").replace(
        "../../golden/shequ-tiaoli.txt", "texts/not-here.txt"), encoding="utf-8")
    source = tmp_path / "elsewhere.txt"
    shutil.copy(SITES.parent / "golden" / "shequ-tiaoli.txt", source)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {key: value for key, value in pufa_environment().items() if not key.startswith("PUFA_")}
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--source", f"shequ={source}",
                               "-a", f"127.0.0.1:{port}"], cwd=site, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def page_shows(text: str, timeout: float = 60) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/tiaoli/shequ/1/", timeout=5) as response:
                    if text in response.read().decode("utf-8"):
                        return True
            except OSError:
                pass
            time.sleep(0.3)
        return False

    try:
        assert page_shows("为了让居民方便地借阅图书"), "the served article page lacks the --source text"
        source.write_text(source.read_text(encoding="utf-8").replace("方便地借阅图书", "方便地借阅和交换图书"),
                          encoding="utf-8")
        assert page_shows("为了让居民方便地借阅和交换图书"), "the rebuild lost --source or missed the edit"
    finally:
        server.terminate()
        try:
            server.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
