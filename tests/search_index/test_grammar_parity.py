"""One grammar, two implementations: the browser client must read numbers exactly as Python does.

``generator.grammar`` holds the patterns and tables; Python uses them directly, the client gets them through the
search index. Hypothesis generates text from the grammar's own pieces (numerals, 第/条/款/项, units, full-width
digits, spaces, titles) and the same inputs go to both: Python's ``normalize``/``find_lookup``/``cn_to_int`` and
the client's, running in headless chromium on a site we build. Output must be identical.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.grammar import COUNT_UNITS, DEFAULT_TITLES
from generator.numerals import cn_to_int
from search_index.analysis import normalize
from search_index.lookup import find_lookup
from tests.helpers import pufa_environment, small_project

NUMERAL_CHARS = list("〇零○一二两三四五六七八九十百千万")
PIECES = [*NUMERAL_CHARS, *"0123456789", *"０１２３４５６７８９", "第", "条", "款", "项", "章", "节", "编", "之", ".", "．",
          " ", "　", "\t", "《", "》", "示范条例", "信访", "依照", "a", "Ｂ", *COUNT_UNITS, *DEFAULT_TITLES]
TEXT = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
NUMERAL = st.lists(st.sampled_from(NUMERAL_CHARS + list("0123456789")), min_size=1, max_size=8).map("".join)


@pytest.fixture(scope="module")
def client(browser, tmp_path_factory):
    """A chromium page of a small built site with the search client and its index loaded."""
    project = small_project(tmp_path_factory.mktemp("parity") / "project")
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=project, env=pufa_environment(),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    script = (site / "search" / "index.js").read_text(encoding="utf-8")
    index = json.loads(script[script.index("{"):script.rindex("}") + 1])
    page = browser.new_page()
    page.goto((site / "sousuo" / "index.html").as_uri())
    page.evaluate("() => new Promise(resolve => window.pufaSearch.ready(resolve))")
    yield page, index["titles"], index["defaultRegulation"]
    page.close()


def _target(target) -> list | None:
    if target is None:
        return None
    return [target.regulation, target.article, target.suffix, target.paragraph, target.item]


def _python_cn(text: str) -> str | None:
    try:
        return str(cn_to_int(text))
    except ValueError:
        return None


@settings(max_examples=40)
@given(st.lists(TEXT, min_size=25, max_size=25))
def test_normalize_and_lookup_agree(client, texts):
    """For every generated text: the same normalised text, the same character map, the same lookup target."""
    page, titles, default = client
    browser = page.evaluate("""texts => texts.map(t => {
        const n = window.pufaSearch.normalize(t), l = window.pufaSearch.lookup(t);
        return [n.text, n.map, l && [l.regulation, l.article, l.suffix, l.paragraph, l.item]];
    })""", texts)
    python = []
    for text in texts:
        normalised, mapping = normalize(text)
        python.append([normalised, mapping, _target(find_lookup(text, titles, default))])
    assert browser == python


@settings(max_examples=25)
@given(st.lists(NUMERAL, min_size=25, max_size=25))
def test_numerals_agree(client, numerals):
    """cnToInt and cn_to_int agree on every numeral, the malformed ones (十十, 一二十) included."""
    page, _, _ = client
    browser = page.evaluate("texts => texts.map(t => { const v = window.pufaSearch.cnToInt(t); "
                            "return v === null ? null : String(v); })", numerals)
    python = [_python_cn(text) for text in numerals]
    python = [None if value is None else str(int(value)) for value in python]
    assert [None if value is None else str(int(value)) for value in browser] == python


@pytest.mark.parametrize("text", ["第十十条", "十十", "一二十", "万万", "百十", "二〇二二", "一万零一", "十五"])
def test_known_disagreements_stay_fixed(client, text):
    """The cases that once differed (JS read 第十十条 as 第20条) read the same in both."""
    page, titles, default = client
    assert page.evaluate("t => window.pufaSearch.normalize(t).text", text) == normalize(text)[0]
    assert page.evaluate("t => { const v = window.pufaSearch.cnToInt(t); return v === null ? null : String(v); }",
                         text) == _python_cn(text)
