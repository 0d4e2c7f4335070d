"""End to end: a 法规库 folder published with ``pufa build --library`` and with ``library:`` under ``mkdocs build``."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import expect

from generator.cli import cli
from tests.helpers import serve_directory, small_project, write_files

LIBRARY = {
    "法律/示范法(2001-08-31).md": "# 中华人民共和国示范法\n\n2001年8月31日 第九届全国人民代表大会常务委员会第二十三次会议通过"
                              "\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n第一条 为了示范，制定本法。\n\n第二条 本法适用于示范。"
                              "\n\n## 第二章 附则\n\n第三条 本法自2002年1月1日起施行。\n",
    "法律/缺条法.md": "# 缺条法\n\n<!-- INFO END -->\n\n第一条 甲。\n\n第三条 丙<script>alert(1)</script>。\n",
    "部门规章/示范部/关于示范的通知(2019-05-01).md": "# 关于示范的通知\n\n<!-- INFO END -->\n\n各单位：\n\n请遵照执行。\n",
}


def _build(project: Path, *extra: str) -> CliRunner:
    result = CliRunner().invoke(cli, ["build", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site"), *extra])
    return result


@pytest.fixture()
def library_site(tmp_path, monkeypatch):
    project = small_project(tmp_path / "project")
    write_files(tmp_path / "texts", LIBRARY)
    monkeypatch.chdir(project)
    result = _build(project, "--library", str(tmp_path / "texts"))
    assert result.exit_code == 0, result.output
    return project / "site"


def _text_page(site: Path, title: str) -> Path:
    for page in (site / "fagui").glob("*/index.html"):
        if f"<h1>{title}</h1>" in page.read_text(encoding="utf-8"):
            return page.parent
    raise AssertionError(f"no page for {title}")


def test_every_text_and_article_has_a_page(library_site):
    law = _text_page(library_site, "中华人民共和国示范法")
    assert sorted(p.name for p in law.iterdir() if p.is_dir()) == ["1", "2", "3"]
    page = (law / "2" / "index.html").read_text(encoding="utf-8")
    assert "本法适用于示范。" in page and 'rel="prev" href="../1/"' in page and 'rel="next" href="../3/"' in page
    assert 'href="../#chp-1">第一章 总则</a>' in page  # where the article stands
    notice = _text_page(library_site, "关于示范的通知")
    assert "请遵照执行。" in (notice / "index.html").read_text(encoding="utf-8")
    gap = _text_page(library_site, "缺条法")
    assert sorted(p.name for p in gap.iterdir() if p.is_dir()) == ["1", "3"]


def test_source_text_is_escaped(library_site):
    page = (_text_page(library_site, "缺条法") / "3" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert（1）&lt;/script&gt;" in page


def test_browse_pages_and_report(library_site):
    index = (library_site / "fagui" / "index.html").read_text(encoding="utf-8")
    for name in ("法律", "部门规章", "全国人大常委会", "示范部", "2001", "2019"):
        assert f">{name}</a>" in index
    category = (library_site / "fagui" / "fenlei" / "falv" / "index.html").read_text(encoding="utf-8")
    assert "中华人民共和国示范法" in category and "缺条法" in category and "关于示范的通知" not in category
    issuer = (library_site / "fagui" / "jiguan" / "shifanbu" / "index.html").read_text(encoding="utf-8")
    assert "关于示范的通知" in issuer
    az = (library_site / "fagui" / "pinyin" / "index.html").read_text(encoding="utf-8")
    assert az.index('id="letter-g"') < az.index("关于示范的通知") < az.index('id="letter-q"') < az.index("缺条法") \
        < az.index('id="letter-s"') < az.index("中华人民共和国示范法")
    report = (library_site / "fagui" / "baogao" / "index.html").read_text(encoding="utf-8")
    assert "法律/缺条法.md:7" in report and "numbering-gap" in report
    assert "部门规章/示范部/关于示范的通知(2019-05-01).md:5" in report and "no-articles" in report
    home = (library_site / "index.html").read_text(encoding="utf-8")
    assert 'href="fagui/"' in home  # the library is one entry of the navigation, not thousands


def test_library_pages_use_the_theme_stylesheets_and_nothing_from_elsewhere(library_site):
    folder = _text_page(library_site, "中华人民共和国示范法") / "1"
    page = (folder / "index.html").read_text(encoding="utf-8")
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    assert any("assets/stylesheets/main." in sheet for sheet in sheets)
    for url in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert "://" not in url or url.startswith("https://pufa.test/")
        if "://" not in url and not url.startswith("#"):
            target = (folder / url.split("#")[0]).resolve()
            assert target.exists() or (target / "index.html").exists(), url
    assert 'http-equiv="Content-Security-Policy"' in page


def test_strict_fails_on_the_defects_and_names_them(tmp_path, monkeypatch):
    project = small_project(tmp_path / "project")
    write_files(tmp_path / "texts", LIBRARY)
    monkeypatch.chdir(project)
    result = _build(project, "--strict", "--library", str(tmp_path / "texts"))
    assert result.exit_code == 1
    assert "法律/缺条法.md:7: expected 第二条 after 第一条; found 第三条 [numbering-gap]" in result.output
    assert not (project / "site").exists()


def test_an_unreadable_file_fails_the_build_with_its_name(tmp_path, monkeypatch):
    project = small_project(tmp_path / "project")
    write_files(tmp_path / "texts", {**LIBRARY, "法律/坏文件.md": b"\x00\xff\xfe\x00" * 50})
    monkeypatch.chdir(project)
    result = _build(project, "--library", str(tmp_path / "texts"))
    assert result.exit_code == 1 and "坏文件.md" in result.output and "Traceback" not in result.output


def test_mkdocs_build_with_library_option_makes_the_same_pages(tmp_path, library_site):
    """The plugin option and the CLI flag are one code path: ``mkdocs build`` writes byte-identical library pages."""
    project = library_site.parent
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    library = tmp_path / "texts"
    (project / "mkdocs.yml").write_text(text.replace("          title: 示范条例\n",
                                                     f"          title: 示范条例\n      library: {library}\n"),
                                        encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "plain")], cwd=project,
                   check=True, capture_output=True)
    ours = sorted(p.relative_to(library_site) for p in (library_site / "fagui").rglob("*.html"))
    theirs = sorted(p.relative_to(tmp_path / "plain") for p in (tmp_path / "plain" / "fagui").rglob("*.html"))
    assert ours == theirs and len(ours) > 10
    law = _text_page(library_site, "中华人民共和国示范法").relative_to(library_site)
    assert (library_site / law / "2" / "index.html").read_bytes() == \
        (tmp_path / "plain" / law / "2" / "index.html").read_bytes()


def test_article_page_in_chromium(library_site, browser):
    """A reader steps from an article to the next and back to the full text, with no failed request."""
    law = _text_page(library_site, "中华人民共和国示范法").relative_to(library_site).as_posix()
    with serve_directory(library_site) as base:
        page = browser.new_page()
        failed = []
        page.on("requestfailed", lambda request: failed.append(request.url))
        page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
        page.goto(f"{base}/{law}/1/")
        page.click("a[rel=next]")
        expect(page.locator("h1")).to_have_text("第二条")  # waits for the next page (clicks do not)
        page.click("text=全文")
        expect(page.locator("h1")).to_have_text("中华人民共和国示范法")
        expect(page.locator("#art-3-p1")).to_have_text("本法自2002年1月1日起施行。")
        page.close()
    assert not failed


def test_index_and_search_the_library(tmp_path, monkeypatch):
    """``pufa index --library`` indexes every article; a hit names its text and links to the article's page."""
    import json

    project = small_project(tmp_path / "project")
    write_files(tmp_path / "texts", LIBRARY)
    monkeypatch.chdir(project)
    runner = CliRunner()
    result = runner.invoke(cli, ["index", "--library", str(tmp_path / "texts"), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["search", "示范 适用", "--index", str(tmp_path / "ix"), "--json"])
    hits = json.loads(result.output)
    top = hits[0]
    assert top["title"] == "第二条" and top["regulation_title"] == "中华人民共和国示范法"
    assert re.fullmatch(r"/fagui/[0-9a-f]{8}/2/#art-2-p1", top["url"]) and "<mark>" in top["snippet"]
    notice = json.loads(runner.invoke(cli, ["search", "遵照执行", "--index", str(tmp_path / "ix"), "--json"]).output)
    assert notice[0]["regulation_title"] == "关于示范的通知" and re.fullmatch(r"/fagui/[0-9a-f]{8}/", notice[0]["url"])


def test_check_reports_the_library(tmp_path, monkeypatch):
    project = small_project(tmp_path / "project")
    write_files(tmp_path / "texts", LIBRARY)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(cli, ["check", "--library", str(tmp_path / "texts")])
    assert result.exit_code == 0, result.output
    assert "法规库 3 text(s)" in result.output and "法律/缺条法.md:7" in result.output
    assert CliRunner().invoke(cli, ["check", "--strict", "--library", str(tmp_path / "texts")]).exit_code == 1


def test_theme_overrides_replace_pufa_templates(tmp_path, monkeypatch):
    """``overrides/pufa/`` (the theme's custom_dir) shadows pufa's page templates, the library's included."""
    project = small_project(tmp_path / "project", {
        "overrides/pufa/library/article.html.j2": '{% extends "_base.html.j2" %}{% block content %}'
                                                  '<p class="mine">{{ article.label }}</p>{% endblock %}',
        "overrides/pufa/regulations.md.j2": "本站自定义的条例列表。\n",
    })
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  font: false\n", "  font: false\n  custom_dir: overrides\n"),
                      encoding="utf-8")
    write_files(tmp_path / "texts", LIBRARY)
    monkeypatch.chdir(project)
    result = _build(project, "--library", str(tmp_path / "texts"))
    assert result.exit_code == 0, result.output
    law = _text_page(project / "site", "中华人民共和国示范法")
    assert '<p class="mine">第二条</p>' in (law / "2" / "index.html").read_text(encoding="utf-8")
    assert "本站自定义的条例列表。" in (project / "site" / "tiaoli" / "index.html").read_text(encoding="utf-8")


def test_search_page_finds_library_articles_in_chromium(library_site, browser):
    """/sousuo/?q=… lists the library's articles under the campaign's results, fetched shard by shard; the
    article link opens the right paragraph."""
    with serve_directory(library_site) as base:
        page = browser.new_page()
        requested = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(f"{base}/sousuo/?q=" + "本法适用于哪里")
        page.wait_for_selector(".pufa-library-hits li")
        first = page.locator(".pufa-library-hits li").first
        assert first.locator("a").inner_text() == "第二条"
        assert "《中华人民共和国示范法》" in first.inner_text()
        assert first.locator("mark").count() >= 1
        fetched = [url for url in requested if "/search/fagui/" in url]
        assert any("/v/" in url for url in fetched) and any("/p/" in url for url in fetched)
        assert any("/d/" in url for url in fetched) and all(url.startswith(base) for url in requested)
        first.locator("a").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "第二条" and page.url.endswith("/2/#art-2-p1")
        page.close()


def test_library_search_from_a_folder(library_site, browser):
    """Opened from file:// (a USB stick), the shards load as scripts all the same."""
    page = browser.new_page()
    page.goto((library_site / "sousuo" / "index.html").as_uri() + "?q=" + "遵照执行")
    page.wait_for_selector(".pufa-library-hits li")
    assert "关于示范的通知" in page.locator(".pufa-library-hits li").first.inner_text()
    page.close()


@pytest.mark.parametrize("query, first", [("遵照执行", True), ("示范事项", False), ("第一条", False)])
def test_library_results_come_first_when_they_answer_more_of_the_query(library_site, browser, query, first):
    """遵照执行 is only in a library text: its results lead. 示范事项 is the campaign regulation's own wording and
    第一条 a lookup in it: the campaign's results lead, the library's follow."""
    with serve_directory(library_site) as base:
        page = browser.new_page()
        page.goto(f"{base}/sousuo/?q={query}")
        page.wait_for_selector("#pufa-library-results[data-placed]")
        placed = page.locator("#pufa-library-results").get_attribute("data-placed")
        assert placed == ("first" if first else "after")
        expect(page.locator("#pufa-library-results ~ #pufa-status")).to_have_count(1 if first else 0)
        expect(page.locator("#pufa-results ~ #pufa-library-results")).to_have_count(0 if first else 1)
        page.close()
