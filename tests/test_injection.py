"""Every value an editor or an official text puts on a page is text, wherever it lands — not only Markdown bodies.

A payload that would close a tag, break out of an attribute, open a ``javascript:`` link, refresh the page off-site
or add a front-matter key is planted in every free-text field of every content type (titles, descriptions,
summaries, regions, sources, 常见问法, glossary definitions) and in the official text (title line, chapter
heading, article text). The site must build strictly and show the payload as text: in the HTML no element,
attribute or URL comes from it, and in chromium nothing runs and nothing navigates away.

Fields that are not free text (tags, audience, outcome, glossary terms and aliases, file names, theme keys such as
``template``/``location``/``trusted``) refuse such values: ``pufa check`` and ``pufa build`` report the same
``file:line`` error.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.helpers import pufa_environment, serve_directory, small_project

MARK = "__pwned"


def payload(tag: str) -> str:
    """One line that tries every way out of text: tags, attribute quotes, a Markdown link, a meta refresh."""
    return (f'</title><script>window.{MARK}="{tag}"</script><img src=x onerror="window.{MARK}=\'{tag}\'">'
            f'<meta http-equiv="refresh" content="0;url=https://evil.example/">'
            f'[点我](javascript:window.{MARK}=\'{tag}\') *强调* " onmouseover="window.{MARK}=\'{tag}\'" x="'
            f"' autofocus onfocus='window.{MARK}=1' {{: onclick=\"window.{MARK}=1\" }}")


QUOTES_ONLY = f'某县" onmouseover="window.{MARK}=\'quote\'" data-x="'
"""For fields that refuse < and > (regions, glossary definitions): an attribute breakout with quotes alone."""


def _yaml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def official_text() -> str:
    return "\n".join([
        payload("reg-title"),
        "",
        f"第一章　{payload('chapter')}",
        "",
        f"第一条　{payload('article')}本条例自公布之日起施行。",
        "",
        "第二条　本条例第一条所称事项，依照本条例办理。",
        "",
        f"第二章　附则{payload('chapter2')}",
        "",
        "第三条　本条例自2022年5月1日起施行。",
        "",
    ])


def planted_files() -> dict[str, str]:
    return {
        "shifan.txt": official_text(),
        "docs/wenda/zhuru-wenda.md": (
            f"---\ntitle: {_yaml(payload('qa-title'))}\ndescription: {_yaml(payload('qa-description'))}\n"
            "articles: [1, \"2\"]\ntags: [信访渠道]\naudience: 公众\n---\n\n正文。见第一条。\n"),
        "docs/anli/zhuru-anli.md": (
            f"---\ntitle: {_yaml(payload('case-title'))}\ndate: 2023-04-18\nregion: {_yaml(QUOTES_ONLY)}\n"
            f"tags: [信访渠道]\narticles: [1]\noutcome: 化解息诉\nsummary: {_yaml(payload('case-summary'))}\n"
            f"basis: 公开报道\nsource: {_yaml(payload('case-source'))}\n"
            f"description: {_yaml(payload('case-description'))}\n---\n\n## 基本案情\n\n正文。\n"),
        "docs/jiedu/shifan/1.md": (
            f"---\narticle: 1\ntitle: {_yaml(payload('gist') + ' trusted: true')}\n"
            f"summary: {_yaml(payload('summary'))}\nquestions:\n  - {_yaml(payload('question'))}\n---\n\n"
            f"解读正文。\n"),
        "docs/cidian.yml": (
            f"- term: 示范事项\n  definition: {_yaml(QUOTES_ONLY + ' *强调* [链接](javascript:alert(1)) &amp;')}\n"
            "  articles: [1]\n  aliases: [示范的事项]\n"),
    }


class Elements(HTMLParser):
    """Every start tag of a page with its attributes, and the text of inline scripts."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.inline_scripts: list[str] = []
        self._in_script = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        self._in_script = tag == "script" and "src" not in attributes

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.inline_scripts.append(data)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = small_project(tmp_path_factory.mktemp("injection") / "project", planted_files())
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--strict"], cwd=project,
                            env=pufa_environment(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_the_planted_site_has_every_page(site):
    """The payloads are in the pages this module inspects (a guard against testing an empty site)."""
    built = {path.relative_to(site).as_posix() for path in pages(site)}
    assert {"wenda/zhuru-wenda/index.html", "anli/zhuru-anli/index.html", "tiaoli/shifan/1/index.html",
            "tiaoli/shifan/index.html", "cidian/index.html", "wenda/index.html", "anli/index.html"} <= built
    text = (site / "wenda" / "zhuru-wenda" / "index.html").read_text(encoding="utf-8")
    assert "&lt;/title&gt;&lt;script&gt;" in text


def test_no_element_attribute_or_url_comes_from_a_payload(site):
    """In every built page: no event-handler attribute, no javascript: URL, no meta refresh, no <img src=x>, no
    autofocus, and no inline script mentioning the payload's marker."""
    findings = []
    for path in pages(site):
        scan = Elements(path.read_text(encoding="utf-8"))
        for tag, attributes in scan.tags:
            for name, value in attributes.items():
                if name.startswith("on") or name in ("autofocus", "x", "data-x"):
                    findings.append((path.name, tag, name))
                if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                    findings.append((path, tag, value))
            if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
                findings.append((path, tag, "refresh"))
            if tag == "img" and attributes.get("src") == "x":
                findings.append((path, tag, "img"))
        findings += [(path, "script", body) for body in scan.inline_scripts if MARK in body]
    assert findings == []


def test_titles_are_text_in_the_head_and_the_header(site):
    """The Q&A title shows as text in <title>, in the header and in the page heading."""
    text = (site / "wenda" / "zhuru-wenda" / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", text, re.S).group(1)
    assert title.startswith("&lt;/title&gt;&lt;script&gt;window.__pwned")
    description = re.search(r'<meta name="description" content="([^"]*)"', text).group(1)
    assert description.startswith("&lt;/title&gt;")


def test_generated_article_page_is_still_sanitised(site):
    """An interpretation title that tries to add ``trusted: true`` to the generated page's front matter adds
    nothing: the page's editor-written parts are still sanitised."""
    text = (site / "tiaoli" / "shifan" / "1" / "index.html").read_text(encoding="utf-8")
    assert "trusted: true" in text  # shown as part of the title text
    assert f'<script>window.{MARK}' not in text


@pytest.fixture(scope="module")
def served(site):
    with serve_directory(site) as base:
        yield base


@pytest.mark.parametrize("page", ["wenda/zhuru-wenda/", "anli/zhuru-anli/", "tiaoli/shifan/1/", "tiaoli/shifan/",
                                  "cidian/", "wenda/", "anli/", ""])
def test_nothing_runs_and_nothing_navigates_away(browser, served, page):
    """In chromium: no dialog, the marker is never set, the page stays on this host after hovering and focusing
    everything."""
    context = browser.new_context()
    tab = context.new_page()
    dialogs = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    response = tab.goto(f"{served}/{page}")
    assert response.status == 200
    for element in tab.locator("article a, article abbr, article [title], article h1, article h2").all()[:80]:
        if element.is_visible():
            element.hover(timeout=2000)
    tab.keyboard.press("Tab")
    tab.wait_for_timeout(1500)
    assert tab.evaluate(f"window.{MARK}") is None
    assert dialogs == []
    assert tab.url.startswith(served)
    context.close()


# --- fields that refuse such values: check and build agree ------------------------------------------------------

QA_HEAD = "---\ntitle: 问题\narticles: [1]\naudience: 公众\n"
REFUSED = {
    "template": ({"docs/wenda/tiaozhuan.md": QA_HEAD + "template: redirect.html\nlocation: https://evil.example/\n"
                  "---\n\n正文\n"}, "docs/wenda/tiaozhuan.md:5: front-matter key 'template' is not allowed"),
    "trusted": ({"docs/wenda/xinren.md": QA_HEAD + "trusted: true\n---\n\n<script>x</script>\n"},
                "docs/wenda/xinren.md:5: front-matter key 'trusted' is not allowed"),
    "theme key on a page": ({"docs/about.md": "---\ntitle: 关于\nlocation: https://evil.example/\n---\n\n# 关于\n"},
                            "docs/about.md:3: front-matter key 'location' is not allowed"),
    "tag": ({"docs/wenda/biaoqian.md": QA_HEAD + "tags: ['<script>x</script>']\n---\n\n正文\n"},
            "docs/wenda/biaoqian.md:5: unknown tag"),
    "region markup": ({"docs/anli/diqu.md": "---\ntitle: 案例\ndate: 2023-01-01\nregion: '<b>某县</b>'\n"
                       "articles: [1]\noutcome: 化解息诉\nsummary: 摘要\nbasis: 综合示例\n---\n\n正文\n"},
                      "docs/anli/diqu.md:4: region contains markup"),
    "file name": ({"docs/wenda/javascript:alert(1).md": QA_HEAD + "---\n\n正文\n"},
                  "docs/wenda/javascript:alert(1).md:1: the file name 'javascript:alert(1)' is not a content id"),
    "term markup": ({"docs/cidian.yml": "- term: <h1>大</h1>\n  definition: 说明\n"},
                    "docs/cidian.yml:1: '<h1>大</h1>' cannot be a glossary term"),
    "term punctuation": ({"docs/cidian.yml": "- term: '，'\n  definition: 说明\n"},
                         "docs/cidian.yml:1: '，' cannot be a glossary term"),
    "term one character": ({"docs/cidian.yml": "- term: 访\n  definition: 说明\n"},
                           "docs/cidian.yml:1: '访' cannot be a glossary term"),
    "alias of another term": ({"docs/cidian.yml": "- term: 信访人\n  definition: 说明\n"
                               "- term: 来访者\n  definition: 说明\n  aliases: [信访人]\n"},
                              "docs/cidian.yml:5: '信访人' is already a term or alias on line 1"),
    "definition markup": ({"docs/cidian.yml": "- term: 信访人\n  definition: <h1>说明</h1>\n"},
                          "docs/cidian.yml:2: the definition contains markup"),
    "title on two lines": ({"docs/wenda/liangxing.md": "---\ntitle: \"第一行\\n第二行\"\narticles: [1]\n"
                            "audience: 公众\n---\n\n正文\n"}, "docs/wenda/liangxing.md:2: the title must be one line"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_values_are_errors_in_check_and_build(tmp_path, case):
    """``pufa check`` and ``pufa build`` both fail with the same ``file:line`` message; no traceback."""
    files, expected = REFUSED[case]
    project = small_project(tmp_path / "project", files)
    for command in ("check", "build"):
        result = subprocess.run([sys.executable, "-m", "generator", command], cwd=project, env=pufa_environment(),
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 1, (command, result.stdout + result.stderr)
        assert expected in result.stderr, (command, result.stderr)
        assert "Traceback" not in result.stderr
    assert not (project / "site").exists()


def test_an_inline_script_that_is_not_the_themes_fails_the_build(tmp_path):
    """Even on a page the operator trusts with raw HTML, an inline <script> is not allowed by the policy: the build
    names the page and fails, instead of hashing the script into the CSP."""
    project = small_project(tmp_path / "project", {"docs/huodong.md": "# 活动\n\n<script>window.__pwned = 1</script>\n"})
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "      trusted_pages: [huodong.md]\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=project, env=pufa_environment(),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "docs/huodong.md: an inline script that is not the theme's: <script>window.__pwned = 1</script>" in \
        result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "site").exists()
