"""End to end: ``pufa build`` of the shipped site, read back as HTML and loaded in headless Chromium."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.helpers import copy_shipped_config, CORPUS, serve_directory

ROOT = Path(__file__).resolve().parent.parent
SLUG = "xinfang-gongzuo-tiaoli"
SOURCES = {
    SLUG: "official/xinfang-gongzuo-tiaoli-2022.txt",
    "xinfang-tiaoli-2005": "official/xinfang-tiaoli-2005.txt",
    "zhejiang-xinfang-tiaoli": "lawrefbook/zhejiang-xinfang-tiaoli-2016.md",
}
_RESOURCE = re.compile(r"<(?:script|img|link(?![^>]*rel=\"canonical\")|iframe|source|audio|video)\b[^>]*?\b(?:src|href)="
                       r"\"([^\"]+)\"", re.I)
"""Tags that load something; the canonical <link> (the page's own public address, from site_url) loads nothing."""


def _build(tmp: Path, sources: dict[str, str], monkeypatch) -> Path:
    project = tmp / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    copy_shipped_config(project / "mkdocs.yml")
    monkeypatch.chdir(project)
    args = ["build", "--strict"]
    for slug, path in sources.items():
        args += ["--source", f"{slug}={path}"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return project / "site"


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    """The shipped site built strictly with the three official texts from the shared corpus."""
    if not (CORPUS / "official").is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    with pytest.MonkeyPatch.context() as monkeypatch:
        yield _build(tmp_path_factory.mktemp("site"), {s: str(CORPUS / p) for s, p in SOURCES.items()}, monkeypatch)


def test_every_article_has_a_page(built_site):
    """/tiaoli/xinfang-gongzuo-tiaoli/1/ … /50/ exist, and no 51st."""
    base = built_site / "tiaoli" / SLUG
    assert all((base / str(n) / "index.html").is_file() for n in range(1, 51))
    assert not (base / "51").exists()


def test_data_json_has_50_articles(built_site):
    """/data/<slug>.json is the parse JSON with all 50 articles."""
    data = json.loads((built_site / "data" / f"{SLUG}.json").read_text(encoding="utf-8"))
    assert data["title"] == "信访工作条例"
    assert [a["number"] for a in data["articles"]] == list(range(1, 51))


def test_reference_links_to_item_anchor(built_site):
    """第三十四条's 本条例第三十一条第六项 links to the item anchor on 第三十一条's page, and that anchor exists."""
    page = (built_site / "tiaoli" / SLUG / "34" / "index.html").read_text(encoding="utf-8")
    assert 'href="../31/#art-31-p1-i6"' in page
    target = (built_site / "tiaoli" / SLUG / "31" / "index.html").read_text(encoding="utf-8")
    assert 'id="art-31-p1-i6"' in target


def test_full_text_links_stay_on_the_page(built_site):
    """On the full-text page a reference jumps to the anchor on the same page."""
    page = (built_site / "tiaoli" / SLUG / "index.html").read_text(encoding="utf-8")
    assert 'href="#art-31-p1-i6"' in page and 'id="art-31-p1-i6"' in page
    assert page.count('class="pufa-article-label"') == 50


def test_article_page_parts(built_site):
    """An article page shows its chapter, provenance, cited-by list and prev/next."""
    page = (built_site / "tiaoli" / SLUG / "31" / "index.html").read_text(encoding="utf-8")
    assert "第四章 信访事项的办理" in page
    assert "以正式公布的文本为准" in page
    assert 'href="../34/"' in page and 'href="../36/"' in page  # cited by
    assert 'href="../30/"' in page and 'href="../32/"' in page  # prev / next


def test_repealed_regulation_has_badge(built_site):
    """信访条例 (2005) is shown as 已废止."""
    page = (built_site / "tiaoli" / "xinfang-tiaoli-2005" / "index.html").read_text(encoding="utf-8")
    assert "pufa-badge--repealed" in page and "已废止" in page


def test_editor_pages_are_linked(built_site):
    """A bare 第X条 in a Q&A page becomes a link to the article page's anchor."""
    page = (built_site / "wenda" / "duojiu-dafu" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../tiaoli/xinfang-gongzuo-tiaoli/34/#art-34"' in page


def test_no_resource_from_another_host(built_site):
    """No page loads a script, style, image or frame from any other host."""
    for html in built_site.rglob("*.html"):
        for url in _RESOURCE.findall(html.read_text(encoding="utf-8")):
            assert not re.match(r"(?i)^(https?:)?//", url), f"{html}: {url}"


def test_build_without_official_text(tmp_path, monkeypatch):
    """Without any official text the strict build succeeds and the regulation page shows the notice."""
    site = _build(tmp_path, {}, monkeypatch)
    page = (site / "tiaoli" / SLUG / "index.html").read_text(encoding="utf-8")
    assert "暂未提供正式文本" in page
    article = (site / "tiaoli" / SLUG / "35" / "index.html").read_text(encoding="utf-8")
    assert "条文原文暂未载入" in article and "条文解读" in article
    assert not (site / "tiaoli" / SLUG / "51").exists()
    assert (site / "wenda" / "index.html").is_file()


@pytest.fixture(scope="module")
def served(built_site):
    with serve_directory(built_site) as base:
        yield base


def test_article_page_in_browser_makes_no_foreign_request(served, browser):
    """Loading an article page requests only localhost, gets no error, and the reference link jumps to the item."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    requests, failures = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("response", lambda response: response.status >= 400 and failures.append(response.url))
    page.goto(f"{served}/tiaoli/{SLUG}/34/", wait_until="networkidle")
    assert requests and all(url.startswith(served) for url in requests), requests
    assert failures == []
    page.click("a[href='../31/#art-31-p1-i6']")
    page.wait_for_url(f"{served}/tiaoli/{SLUG}/31/#art-31-p1-i6")
    assert page.locator("#art-31-p1-i6").is_visible()
    page.close()
