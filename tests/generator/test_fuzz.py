"""Fuzzing the reader, parser and linker with regulation-shaped text and random damage, plus the regressions found.

The strategies and invariant checks live in :mod:`tests.helpers` (``fuzz_strategies``, ``check_decode``,
``check_parse``, ``check_links``, ``run_pipeline``) so that ``fuzz/fuzz_pipeline.py`` runs the very same ones for
minutes at a time. Every crash that run finds is saved under ``fuzz/regressions/`` and replayed here.

The properties here do not shrink: shrinking a failing regulation-shaped example takes Hypothesis up to five
minutes, so a failure is reported as drawn. ``fuzz/fuzz_pipeline.py`` shrinks what it finds.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import Phase, given, settings

from generator.errors import ParseError
from generator.link import Context, find_references
from generator.parse import parse
from tests.helpers import (FUZZ_SLUG, TESTS, check_decode, check_links, check_parse, fuzz_library, fuzz_strategies,
                           run_pipeline)

STRATEGIES = fuzz_strategies()
NO_SHRINK = [Phase.explicit, Phase.reuse, Phase.generate]
REGRESSIONS = TESTS.parent / "fuzz" / "regressions"


@given(STRATEGIES["encoded"])
@settings(max_examples=80, phases=NO_SHRINK)
def test_decode_returns_text_or_read_error(case):
    """decode() of damaged text in UTF-8, GB18030 or UTF-16 returns text (UTF-8 unchanged) or raises ReadError."""
    text, encoding, raw = case
    check_decode(raw, text, encoding)


@given(STRATEGIES["regulation"])
@settings(max_examples=60, phases=NO_SHRINK)
def test_clean_regulations_parse_without_errors(text):
    """Undamaged generated regulations parse, keep every invariant, and report no error-level problem."""
    result = check_parse(text)
    assert result is not None
    assert result.errors == (), result.errors


@given(STRATEGIES["damaged"])
@settings(max_examples=150, phases=NO_SHRINK)
def test_parse_raises_only_parse_error_and_keeps_invariants(text):
    """parse() of damaged text raises nothing but ParseError; lines and article order hold on every tree."""
    check_parse(text)


@given(STRATEGIES["damaged"])
@settings(max_examples=100, phases=NO_SHRINK)
def test_find_references_spans_slice_to_their_text(text):
    """find_references over every paragraph and item of a parsed tree never raises; spans slice to their text."""
    try:
        result = parse(text, path="fuzz.txt")
    except ParseError:
        return
    check_links(result.regulation)


MALFORMED = {"self-article-shi-shi": "本条例第十十条", "article-shi-shi": "第十十条",
             "paragraph-shi-shi": "本条例第三条第十十款", "item-shi-shi": "第十十项", "article-wan-wan": "第十万万条",
             "article-yi-yi-wan": "本条例第一一万条", "item-digits": "第三条第一款第二二二项"}


@pytest.mark.parametrize("written", list(MALFORMED.values()), ids=list(MALFORMED))
def test_find_references_survives_malformed_numerals(written):
    """A mistyped numeral in a reference (第十十条) is an unresolved reference at most, never an exception."""
    regulation = parse("示范条例\n\n第一条　总则。\n（一）甲；\n（二）乙。\n第二条　乙。\n第三条　丙。\n").regulation
    references, _ = find_references(f"依照{written}办理。", fuzz_library(regulation),
                                    Context(FUZZ_SLUG, regulation.find(1), 1))
    assert all(reference.text in written for reference in references)


def _regressions() -> list[Path]:
    return sorted(REGRESSIONS.glob("*.txt"))


@pytest.mark.parametrize("path", _regressions(), ids=lambda path: path.stem)
def test_fuzz_regression(path):
    """Each input saved by fuzz/fuzz_pipeline.py goes through decode → parse → link → render without a crash."""
    assert run_pipeline(path.read_bytes()) in ("read-error", "parse-error", "rendered")


def test_regressions_folder_is_not_empty():
    """The fuzz run's findings are kept: fuzz/regressions/ holds at least one saved input."""
    assert _regressions()
