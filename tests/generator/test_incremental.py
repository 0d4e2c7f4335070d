"""``pufa build --incremental``: after any edit the site is byte for byte what a full build makes of the same
inputs, written by touching only what changed; anything unexpected (no manifest, another configuration) means a
full build."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.incremental import LibraryOutputs, Manifest, manifest_path, update_site
from tests.helpers import small_project, write_files

LIBRARY = {
    "法律/示范法(2001-08-31).md": "# 中华人民共和国示范法\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n第一条 为了示范，制定本法。"
                              "\n\n第二条 本法适用于示范。\n\n第三条 本法自2002年1月1日起施行。\n",
    "法律/调解法.md": "# 调解法\n\n<!-- INFO END -->\n\n第一条 调解应当自愿。\n\n第二条 调解不收费。\n",
    "部门规章/示范部/关于示范的通知(2019-05-01).md": "# 关于示范的通知\n\n<!-- INFO END -->\n\n各单位：\n\n请遵照执行。\n",
}
QUESTION = "---\ntitle: 示范问答\narticles: [1]\naudience: 公众\n---\n\n**简答：** {answer}\n\n第一条说了什么。\n"


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def _folders(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_dir()}


class Project:
    def __init__(self, root: Path):
        self.root = root
        self.texts = root / "texts"
        small_project(root / "project", {"docs/wenda/shifan.md": QUESTION.format(answer="可以。")})
        write_files(self.texts, LIBRARY)

    def build(self, *extra: str, site: str = "site") -> str:
        """Build; return what the library writer logged ("… pages written (… texts unchanged) …")."""
        records: list[logging.LogRecord] = []
        handler = logging.Handler()
        handler.emit = records.append
        logging.getLogger("mkdocs").addHandler(handler)
        try:
            result = CliRunner().invoke(cli, ["build", "-f", str(self.root / "project" / "mkdocs.yml"),
                                              "-d", str(self.root / "project" / site), "--library", str(self.texts),
                                              *extra])
        finally:
            logging.getLogger("mkdocs").removeHandler(handler)
        assert result.exit_code == 0, result.output
        return "\n".join(record.getMessage() for record in records if "pages written" in record.getMessage())

    def site(self, name: str = "site") -> Path:
        return self.root / "project" / name

    def assert_same_as_a_full_build(self) -> None:
        """The incremental site equals a full build of the same inputs (a fresh folder, no manifest)."""
        shutil.rmtree(self.site("full"), ignore_errors=True)
        self.build(site="full")
        incremental, full = _files(self.site()), _files(self.site("full"))
        assert sorted(incremental) == sorted(full)
        assert [path for path in full if incremental[path] != full[path]] == []
        assert _folders(self.site()) == _folders(self.site("full"))


@pytest.fixture()
def project(tmp_path, monkeypatch):
    project = Project(tmp_path)
    monkeypatch.chdir(project.root / "project")
    project.build("--incremental")  # no manifest yet: a full build, which writes one
    assert manifest_path(project.site()).is_file()
    return project


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_nothing_changed_writes_no_library_page(project):
    output = project.build("--incremental")
    assert "0 pages written (3 texts unchanged)" in output and "browser search index: 0 files written" in output
    project.assert_same_as_a_full_build()


def test_an_edited_question_shows_and_the_library_is_left_alone(project):
    text_pages = {path: path.stat().st_ino for path in (project.site() / "fagui").glob("*/*/index.html")}
    _edit(project.root / "project" / "docs" / "wenda" / "shifan.md", "可以。", "可以，三十日内答复。")
    output = project.build("--incremental")
    assert "三十日内答复" in (project.site() / "wenda" / "shifan" / "index.html").read_text(encoding="utf-8")
    assert "0 pages written" in output
    assert {path: path.stat().st_ino for path in text_pages} == text_pages  # not even replaced
    project.assert_same_as_a_full_build()


@pytest.mark.parametrize("change", ["edit an article", "remove an article", "add a text", "remove a text",
                                    "rename a text"])
def test_library_changes_match_a_full_build(project, change):
    law = project.texts / "法律" / "调解法.md"
    if change == "edit an article":
        _edit(law, "调解不收费。", "调解不收取任何费用。")
    elif change == "remove an article":
        _edit(law, "\n\n第二条 调解不收费。", "")
    elif change == "add a text":
        write_files(project.texts, {"法律/新法.md": "# 新法\n\n<!-- INFO END -->\n\n第一条 新的规定。\n"})
    elif change == "remove a text":
        law.unlink()
    else:
        law.rename(law.with_name("人民调解法.md"))
    output = project.build("--incremental")
    assert "(2 texts unchanged)" in output or change == "add a text" and "(3 texts unchanged)" in output
    project.assert_same_as_a_full_build()


def test_a_template_override_re_renders_every_text(project):
    overrides = project.root / "project" / "overrides"
    (overrides / "pufa" / "library").mkdir(parents=True)
    source = Path(__file__).resolve().parents[2] / "generator" / "templates" / "library" / "article.html.j2"
    (overrides / "pufa" / "library" / "article.html.j2").write_text(
        source.read_text(encoding="utf-8").replace("</nav>", "</nav><p>本站自定义</p>"), encoding="utf-8")
    config = project.root / "project" / "mkdocs.yml"
    _edit(config, "  language: zh\n", "  language: zh\n  custom_dir: overrides\n")
    project.build("--incremental")
    pages = list((project.site() / "fagui").glob("*/1/index.html"))
    assert pages and all("本站自定义" in page.read_text(encoding="utf-8") for page in pages)
    _edit(overrides / "pufa" / "library" / "article.html.j2", "本站自定义", "本站再次自定义")
    output = project.build("--incremental")
    assert "(0 texts unchanged)" in output
    assert all("本站再次自定义" in page.read_text(encoding="utf-8") for page in pages)
    project.assert_same_as_a_full_build()


def test_another_configuration_means_a_full_build(project):
    manifest = json.loads(manifest_path(project.site()).read_text(encoding="utf-8"))
    _edit(project.root / "project" / "mkdocs.yml", "site_name: 示范普法", "site_name: 示范普法站")
    output = project.build("--incremental")
    assert "(0 texts unchanged)" in output
    assert json.loads(manifest_path(project.site()).read_text(encoding="utf-8"))["config"] != manifest["config"]
    project.assert_same_as_a_full_build()


def test_a_missing_manifest_means_a_full_build(project):
    """A build killed while moving files leaves no manifest: the next one cannot trust the site and builds it all."""
    manifest_path(project.site()).unlink()
    (project.site() / "fagui" / "index.html").write_text("half-updated", encoding="utf-8")
    output = project.build("--incremental")
    assert "(0 texts unchanged)" in output
    project.assert_same_as_a_full_build()


def test_update_site_moves_changes_and_deletes_what_nothing_makes(tmp_path):
    """Folder level: changed and new files move in, identical ones stay, stale files and the folders they leave
    empty go; a unit whose key is unchanged is not touched even if the staging folder lacks it."""
    site = write_files(tmp_path / "site", {"a.html": "old", "same.html": "same", "gone/x/index.html": "stale",
                                           "fagui/t1/index.html": "t1", "fagui/t2/index.html": "t2 old",
                                           "fagui/t2/9/index.html": "t2 article 9", "fagui/t3/index.html": "t3",
                                           "CNAME": "kept.example"})
    staging = write_files(tmp_path / "staging", {"a.html": "new", "same.html": "same", "b.html": "added",
                                                 "fagui/t2/index.html": "t2 new"})
    same_inode = (site / "same.html").stat().st_ino
    previous = Manifest("c", frozenset({"a.html", "same.html", "gone/x/index.html"}),
                        LibraryOutputs({"t1": "k1", "t2": "k2", "t3": "k3"}))
    current = Manifest("c", frozenset({"a.html", "same.html", "b.html"}), LibraryOutputs({"t1": "k1", "t2": "k2*"}))
    update_site(staging, site, previous, current, "fagui")
    assert _files(site) == {"CNAME": b"kept.example", "a.html": b"new", "b.html": b"added",
                            "fagui/t1/index.html": b"t1", "fagui/t2/index.html": b"t2 new", "same.html": b"same"}
    assert (site / "same.html").stat().st_ino == same_inode
    assert _folders(site) == {"fagui", "fagui/t1", "fagui/t2"}


def test_a_text_folder_deleted_by_hand_is_made_again(project):
    """The manifest says a text is there; its folder is gone: it is rendered again, not trusted."""
    text_folder = next(path.parent for path in (project.site() / "fagui").glob("*/index.html")
                       if path.parent.name not in ("pinyin", "baogao") and len(path.parent.name) == 8)
    shutil.rmtree(text_folder)
    shutil.rmtree(project.site() / "search" / "fagui")
    output = project.build("--incremental")
    assert "(2 texts unchanged)" in output and "browser search index: 0 files written" not in output
    project.assert_same_as_a_full_build()
