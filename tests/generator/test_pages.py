"""Tests for generator.pages: the glossary's tooltips on HTML written outside Markdown."""

from __future__ import annotations

import html

import markdown
from hypothesis import given, settings, strategies as st
from markdown.extensions.abbr import AbbrExtension

from generator.pages import Glossary

DEFINITIONS = {"属地管理": "问题由所在地处理", "属地管理、分级负责": "转送原则", "信访人": "提出信访事项的人", "首办": ""}


def with_abbr_extension(text: str, definitions: dict[str, str]) -> str:
    return markdown.markdown(text, extensions=[AbbrExtension(glossary=definitions)])


def test_glossary_wraps_terms_longest_first_and_never_inside_tags():
    fragment = '<p class="pufa-item">按照“属地管理、分级负责”原则，<a href="#x" title="信访人">信访人</a>可以申诉。</p>'
    assert Glossary(DEFINITIONS).apply(fragment) == (
        '<p class="pufa-item">按照“<abbr title="转送原则">属地管理、分级负责</abbr>”原则，<a href="#x" title="信访人">'
        '<abbr title="提出信访事项的人">信访人</abbr></a>可以申诉。</p>')


def test_glossary_without_terms_changes_nothing():
    assert Glossary({}).apply("<p>属地管理</p>") == "<p>属地管理</p>"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["属地管理", "、分级负责", "信访人", "首办", "“", "，", "A&B", "甲乙", " ", "x", "<", "&"]),
                max_size=12))
def test_glossary_marks_what_the_abbreviation_extension_marks(parts):
    """On any mix of terms and text, the tooltips are those Python-Markdown's abbr extension makes."""
    text = "".join(parts).strip() or "甲"
    expected = with_abbr_extension(html.escape(text, quote=False), DEFINITIONS)
    assert Glossary(DEFINITIONS).apply(f"<p>{html.escape(text, quote=False)}</p>") == expected
