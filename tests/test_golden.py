"""Golden files: one parsed tree and the rendered pages of a small regulation written for these tests.

Regenerate after an intended change with ``PUFA_UPDATE_GOLDEN=1 pytest tests/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.config import RegulationSpec
from generator.project import load_project
from generator.render import Renderer, insert_fragments

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def update_golden() -> bool:
    return os.environ.get("PUFA_UPDATE_GOLDEN") == "1"


def _project():
    spec = RegulationSpec("shequ", GOLDEN / "shequ-tiaoli.txt", "社区图书角管理办法", (), "现行有效", "居民议事会公告")
    return load_project([spec])


def _check(name: str, actual: str, update: bool) -> None:
    path = GOLDEN / name
    if update:
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run once with PUFA_UPDATE_GOLDEN=1 and review it"
    assert actual == path.read_text(encoding="utf-8")


def test_parse_tree_matches_golden(update_golden):
    """The parsed tree (pufa parse --json) of the sample regulation is exactly the reviewed one."""
    project = _project()
    data = project.regulations[0].regulation.as_dict()
    _check("shequ-tiaoli.json", json.dumps(data, ensure_ascii=False, indent=2) + "\n", update_golden)


@pytest.mark.parametrize("src_uri", ["tiaoli/shequ/4.md", "tiaoli/shequ/index.md"])
def test_rendered_page_matches_golden(src_uri, update_golden):
    """An article page and the full-text page render to exactly the reviewed Markdown, with the official text's
    HTML fragments in place."""
    pages = {page.src_uri: insert_fragments(page.content, page.fragments) for page in Renderer(_project()).pages()}
    _check(src_uri.replace("/", "_"), pages[src_uri], update_golden)
