"""码上知: QR codes on article, Q&A and case pages and on the /haibao/ posters and labels, decoded back with
Debian's zbarimg from chromium screenshots and compared with the pages' absolute URLs; without site_url there are
none, and the build says once which setting is missing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers import TEST_SITE_URL, build_project, copy_shipped_project, corpus_sources, pufa_environment

SLUG = "xinfang-gongzuo-tiaoli"
ROOT = Path(__file__).resolve().parent.parent


def zbarimg() -> str:
    path = shutil.which("zbarimg")
    if not path:
        pytest.skip("zbarimg (Debian's zbar-tools) is not installed; CI installs it")
    return path


def decode(image: Path) -> set[str]:
    result = subprocess.run([zbarimg(), "-q", "--raw", str(image)], capture_output=True, text=True)
    return {line for line in result.stdout.splitlines() if line}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = copy_shipped_project(tmp_path_factory.mktemp("qr"))
    return build_project(project, corpus_sources([SLUG]))


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1000, "height": 1200})
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("page", [f"tiaoli/{SLUG}/22/", f"tiaoli/{SLUG}/31/", "wenda/duojiu-dafu/",
                                  "anli/wangshang-xinfang/"])
def test_page_qr_decodes_to_its_address(site, tab, tmp_path, page):
    """The page has one QR code, behind a 二维码 toggle, and it decodes to the page's own absolute URL."""
    tab.goto((site / page / "index.html").as_uri())
    assert tab.locator(".pufa-qr svg").count() == 1
    assert tab.locator(".pufa-qr").is_hidden()
    tab.locator(".pufa-qr-box > summary").click()
    tab.locator(".pufa-qr svg").screenshot(path=str(tmp_path / "qr.png"))
    assert decode(tmp_path / "qr.png") == {TEST_SITE_URL + page}


def test_qr_shows_in_print(site, tab):
    tab.goto((site / "wenda" / "duojiu-dafu" / "index.html").as_uri())
    tab.emulate_media(media="print")
    tab.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    assert tab.locator(".pufa-qr svg").is_visible()


def test_posters_decode_to_their_targets(site, tab, tmp_path):
    """Every poster's QR code opens the page its file names (absolute, with the anchor)."""
    posters = yaml.safe_load((ROOT / "docs" / "haibao" / "posters.yml").read_text(encoding="utf-8"))
    assert len(posters) >= 9
    tab.goto((site / "haibao" / "index.html").as_uri())
    for poster in posters:
        path, _, anchor = poster["target"].partition("#")
        stem = path[:-len(".md")]
        url = TEST_SITE_URL + ("" if stem == "index" else stem[:-len("index")] if stem.endswith("/index")
                               else stem + "/") + (f"#{anchor}" if anchor else "")
        tab.locator(f"#{poster['id']} .pufa-poster-qr svg").screenshot(path=str(tmp_path / "poster.png"))
        assert decode(tmp_path / "poster.png") == {url}, poster["id"]


def test_article_labels_decode_to_every_article(site, tab, tmp_path):
    """The sheet of small labels has one QR code per article; all 50 decode to the articles' pages."""
    tab.goto((site / "haibao" / "index.html").as_uri())
    found = set()
    labels = tab.locator(".pufa-qr-label svg")
    assert labels.count() == 50
    for index in range(labels.count()):
        labels.nth(index).screenshot(path=str(tmp_path / "label.png"))
        found |= decode(tmp_path / "label.png")
    assert found == {f"{TEST_SITE_URL}tiaoli/{SLUG}/{n}/" for n in range(1, 51)}


def test_without_site_url_no_qr_and_one_warning(tmp_path):
    """The shipped mkdocs.yml has no site_url: the build warns once, naming the setting, and makes no QR code."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=project, env=pufa_environment(),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("site_url is not set in mkdocs.yml") == 1
    pages = [path.read_text(encoding="utf-8") for path in (project / "site").rglob("*.html")]
    assert not any("pufa-qr-svg" in page for page in pages)
    assert "还不能生成二维码" in (project / "site" / "haibao" / "index.html").read_text(encoding="utf-8")
