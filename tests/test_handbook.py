"""学习手册: the printable page per regulation, its A4 PDF (WeasyPrint, the optional extra), and clean printing
of every page (no buttons, navigation, search or font switch)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.handbook import weasyprint_available
from tests.helpers import (CORPUS, build_project, copy_shipped_project, corpus_sources, pufa_environment,
                           small_project)

SLUG = "xinfang-gongzuo-tiaoli"
OFFICIAL = CORPUS / "official" / "xinfang-gongzuo-tiaoli-2022.txt"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = copy_shipped_project(tmp_path_factory.mktemp("handbook"))
    return build_project(project, corpus_sources([SLUG]))


def test_handbook_page_holds_everything(site):
    """Cover, contents, all 50 articles each with its interpretation, key Q&A, the timeline and the glossary."""
    html = (site / "shouce" / SLUG / "index.html").read_text(encoding="utf-8")
    assert "《信访工作条例》学习手册" in html and 'id="mulu"' in html
    for number in range(1, 51):
        assert f'id="art-{number}"' in html
    assert html.count("要点：") >= 50
    assert html.count('class="pufa-handbook-qa"') >= 40
    assert 'id="shixian"' in html and '<div class="pufa-timeline">' in html
    assert 'id="shuyu"' in html and html.count('class="pufa-handbook-term"') >= 40


@pytest.mark.parametrize("page", [f"tiaoli/{SLUG}/22/", f"shouce/{SLUG}/", "wenda/duojiu-dafu/", "anli/"])
def test_pages_print_without_chrome(browser, site, page):
    """Printed, a page shows no navigation, buttons, search box, font switch or header; collapsed boxes open and
    links say where they go."""
    context = browser.new_context()
    tab = context.new_page()
    tab.goto((site / page / "index.html").as_uri())
    tab.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    tab.emulate_media(media="print")
    for selector in (".md-header", ".md-tabs", ".md-sidebar--primary", ".pufa-fontsize", ".md-button",
                     ".pufa-header-search", ".md-footer"):
        hidden = tab.evaluate(f"() => [...document.querySelectorAll('{selector}')].every(e => e.offsetParent === null)")
        assert hidden, selector
    closed = tab.evaluate("() => [...document.querySelectorAll('article details')].filter(d => !d.open).length")
    assert closed == 0
    context.close()


def _pdf(site: Path) -> Path:
    if not weasyprint_available():
        pytest.skip('WeasyPrint is not installed (pip install "pufa[pdf]"; CI installs it)')
    return site / "shouce" / f"{SLUG}.pdf"


def test_pdf_pages_text_bookmarks_fonts(site):
    """The PDF: A4 pages with page numbers, the text of 第一条 and 第五十条 extractable, bookmarks for every
    chapter and article, CJK fonts embedded."""
    import pypdf

    path = _pdf(site)
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) >= 20
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert abs(width - 595) < 2 and abs(height - 842) < 2  # A4 in points
    text = "".join(page.extract_text() for page in reader.pages)
    compact = re.sub(r"\s", "", text)
    official = OFFICIAL.read_text(encoding="utf-8").split("\n")
    first = next(line for line in official if line.startswith("第一条"))
    last = next(line for line in official if line.startswith("第五十条"))
    assert re.sub(r"\s", "", first[4:])[:30] in compact
    assert re.sub(r"\s", "", last[4:]) in compact
    assert "第2页" in compact
    titles = []

    def walk(items):
        for item in items:
            walk(item) if isinstance(item, list) else titles.append(item.title)
    walk(reader.outline)
    assert "第一章 总则" in titles and sum(1 for t in titles if re.match(r"第.+条", t)) == 50
    fonts = [font.get_object() for page in reader.pages[:3] for font in page["/Resources"]["/Font"].values()]
    cjk = [font for font in fonts if "CJK" in str(font["/BaseFont"])]
    assert cjk, [str(font["/BaseFont"]) for font in fonts]
    for font in cjk:  # embedded: the descriptor of the (descendant) font carries the font program
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descendant["/FontDescriptor"].get_object()
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_handbook_page_links_its_pdf(site):
    _pdf(site)
    html = (site / "shouce" / SLUG / "index.html").read_text(encoding="utf-8")
    assert f'href="../{SLUG}.pdf"' in html


def test_without_weasyprint_the_build_says_how(tmp_path):
    """With WeasyPrint unavailable the build succeeds, makes no PDF and says how to get it."""
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "weasyprint.py").write_text("raise ImportError('blocked for this test')\n", encoding="utf-8")
    project = small_project(tmp_path / "project")
    env = pufa_environment()
    env["PYTHONPATH"] = f"{blocker}:{env.get('PYTHONPATH', '')}".rstrip(":")
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert 'pip install "pufa[pdf]"' in result.stderr
    assert not list((project / "site").rglob("*.pdf"))
    assert (project / "site" / "shouce" / "shifan" / "index.html").is_file()


def _broken_weasyprint(folder: Path, error: str) -> Path:
    """A weasyprint package whose import fails the way a missing Pango makes it fail."""
    (folder / "weasyprint").mkdir(parents=True)
    (folder / "weasyprint" / "__init__.py").write_text(f"raise OSError({error!r})\n", encoding="utf-8")
    return folder


def test_a_yes_is_remembered_a_no_is_not(tmp_path, monkeypatch):
    """The check imports WeasyPrint once per interpreter and module file; a failing import is asked again."""
    from generator.handbook import weasyprint_available

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.syspath_prepend(str(_broken_weasyprint(tmp_path / "broken", "cannot load library 'pango-1.0-0'")))
    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)  # the real one, if imported, comes back after
    try:
        assert not weasyprint_available()
        assert not list((tmp_path / "cache").rglob("*.ok"))
        (tmp_path / "broken" / "weasyprint" / "__init__.py").write_text("", encoding="utf-8")  # Pango installed
        sys.modules.pop("weasyprint", None)
        assert weasyprint_available()
        assert len(list((tmp_path / "cache").rglob("*.ok"))) == 1
    finally:  # later tests in this process must not import the stand-in
        sys.modules.pop("weasyprint", None)


def test_a_remembered_yes_that_proves_wrong_is_a_warning_and_forgotten(tmp_path):
    """WeasyPrint checked fine in an earlier build, then Pango went: the build succeeds, says why there is no PDF,
    and the next build asks again."""
    fake = _broken_weasyprint(tmp_path / "fake", "cannot load library 'pango-1.0-0'")
    project = small_project(tmp_path / "project")
    env = pufa_environment()
    env["PYTHONPATH"] = f"{fake}:{env.get('PYTHONPATH', '')}".rstrip(":")
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    remember = ("from generator.handbook import _check_key; from generator.cache import cache_path; "
                "p = cache_path('checks', _check_key(), '.ok'); p.parent.mkdir(parents=True); p.write_bytes(b'')")
    subprocess.run([sys.executable, "-c", remember], env=env, check=True)
    assert len(list((tmp_path / "cache").rglob("*.ok"))) == 1
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "WeasyPrint cannot be loaded (cannot load library 'pango-1.0-0')" in result.stderr
    assert not list((project / "site").rglob("*.pdf"))
    assert not list((tmp_path / "cache").rglob("*.ok"))
