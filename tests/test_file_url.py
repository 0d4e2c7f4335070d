"""The site opened from a folder (file://): a USB stick or a shared drive in a training room, no web server.

Links keep their web form in the HTML (``../22/``); under file: the site's script makes every link to a folder
point at its ``index.html``. Checked in chromium by clicking through as a reader does, and by resolving every
link of a sample of pages to a file that exists.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.helpers import build_project, copy_shipped_project, corpus_sources

PAGES = ["index.html", "tiaoli/index.html", "tiaoli/xinfang-gongzuo-tiaoli/index.html",
         "tiaoli/xinfang-gongzuo-tiaoli/22/index.html", "wenda/index.html", "anli/index.html", "cidian/index.html",
         "zhuti/index.html", "sousuo/index.html", "tiaoli/xinfang-tiaoli-2005/9/index.html"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = copy_shipped_project(tmp_path_factory.mktemp("file-url"))
    return build_project(project, corpus_sources())


@pytest.fixture
def tab(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def _landed(tab, site: Path) -> Path:
    """The file the tab shows; fails on a directory listing."""
    url = urlsplit(tab.url)
    assert url.scheme == "file"
    path = Path(unquote(url.path))
    assert path.is_file(), f"{tab.url} is not a file (a directory listing?)"
    assert site in path.parents
    assert tab.locator("article").count() >= 1
    return path


def _follow(tab, locator) -> None:
    with tab.expect_navigation():
        locator.click()


def test_clicking_through_the_site_from_a_folder(site, tab):
    """From site/index.html: every nav tab, an article from the full text, a Q&A, a case, and a cited article
    link on the Q&A page all open their page, never a folder listing."""
    home = (site / "index.html").as_uri()
    tab.goto(home)
    tabs = tab.locator(".md-tabs__link")
    names = [tabs.nth(i).inner_text().strip() for i in range(tabs.count())]
    assert len(names) >= 6
    for name in names:
        tab.goto(home)
        _follow(tab, tab.locator(".md-tabs__link", has_text=name).first)
        tab.wait_for_load_state()
        _landed(tab, site)
    tab.goto((site / "tiaoli" / "xinfang-gongzuo-tiaoli" / "index.html").as_uri())
    _follow(tab, tab.locator(".pufa-article-label a:not(.headerlink)", has_text="第二十二条").first)
    assert _landed(tab, site) == site / "tiaoli" / "xinfang-gongzuo-tiaoli" / "22" / "index.html"
    tab.goto((site / "wenda" / "index.html").as_uri())
    _follow(tab, tab.locator(".pufa-list li a").first)
    question = _landed(tab, site)
    assert question.parent.parent.name == "wenda"
    tab.locator("details summary").first.click()
    _follow(tab, tab.locator("details a", has_text="及解读").first)
    assert _landed(tab, site).parent.parent.parent.name == "tiaoli"
    tab.goto((site / "anli" / "index.html").as_uri())
    _follow(tab, tab.locator(".pufa-list li a").first)
    assert _landed(tab, site).parent.parent.name == "anli"


@pytest.mark.parametrize("page", PAGES)
def test_every_link_of_a_page_resolves_to_a_file(site, tab, page):
    """Every same-site link and asset of the page, as the browser sees it from file://, is a file that exists."""
    tab.goto((site / page).as_uri())
    urls = tab.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
    urls += tab.eval_on_selector_all("script[src], link[rel~=stylesheet], link[rel~=icon]",
                                     "nodes => nodes.map(node => node.src || node.href)")
    local = [urlsplit(url) for url in urls if url.startswith("file:")]
    assert len(local) > 10
    missing = sorted({url.path for url in local if not Path(unquote(url.path)).is_file()})
    assert missing == []
