"""Tests for the Markdown helpers of generator.render: escaping official text, relative links, linking references."""

from __future__ import annotations

import html
import re

import markdown
import pytest
from hypothesis import given, settings, strategies as st

from generator.link import Reference, Target
from generator.render import Row, escape_markdown, link_html, link_page_markdown, relative_link, url_between
from tests.helpers import PARKING_SLUG, make_project, parking_library

# The Markdown extensions MkDocs enables by default; escaped text must stay literal under them.
MKDOCS_EXTENSIONS = ["toc", "tables", "fenced_code"]


def rendered_text(markdown_text: str) -> str | None:
    """The text a reader sees when ``markdown_text`` is one paragraph; None if it became anything else."""
    html_text = markdown.markdown(markdown_text, extensions=MKDOCS_EXTENSIONS)
    paragraph = re.fullmatch(r"<p>(.*)</p>", html_text, re.S)
    if paragraph is None or re.search(r"<(?!/?p>)", paragraph.group(1)):
        return None
    return html.unescape(paragraph.group(1))


# --- escape_markdown -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "escaped"), [
    ("*强调*", r"\*强调\*"),
    ("_下划线_", r"\_下划线\_"),
    ("[链接](http://a)", r"\[链接\](http://a)"),
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("甲&乙", "甲&amp;乙"),
    ("1. 第一", r"1\. 第一"),
    ("1) 第一", r"1\) 第一"),
    ("# 标题", r"\# 标题"),
    ("- 列表", r"\- 列表"),
    ("+ 列表", r"\+ 列表"),
    ("> 引用", "&gt; 引用"),
    ("`代码`", r"\`代码\`"),
    ("普通的条文，没有特殊字符。", "普通的条文，没有特殊字符。"),
], ids=["emphasis", "underscore", "brackets", "script", "ampersand", "ordered-list", "ordered-list-paren",
        "heading", "dash-list", "plus-list", "blockquote", "code", "plain"])
def test_escape_markdown_output(text, escaped):
    """escape_markdown backslash-escapes inline markers, turns <, > and & into entities and defuses block markers."""
    assert escape_markdown(text) == escaped


@pytest.mark.parametrize("text", [
    "*强调*", "**加粗**", "_下划线_", "[链接](http://a)", "![图](x.png)", "<script>alert(1)</script>", "<b>粗</b>",
    "甲&乙", "&amp;", "1. 第一", "1986. 年", "1) 第一", "# 标题", "#没有空格", "- 列表", "+ 列表", "* 列表", "> 引用",
    "`代码`", "a\\b", "{属性}", "---", "12.5元", "第1.5条",
])
def test_escaped_text_renders_literally(text):
    """Python-Markdown renders escape_markdown(text) as one paragraph whose visible text is exactly ``text``."""
    assert rendered_text(escape_markdown(text)) == text


# --- relative_link ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("from_src", "to_src", "anchor", "link"), [
    ("wenda/q1.md", "tiaoli/demo/22.md", "art-22", "../tiaoli/demo/22.md#art-22"),
    ("tiaoli/demo/3.md", "tiaoli/demo/4.md", "art-4-p2", "4.md#art-4-p2"),
    ("tiaoli/demo/3.md", "tiaoli/other/4.md", "art-4", "../other/4.md#art-4"),
    ("index.md", "tiaoli/demo/3.md", "", "tiaoli/demo/3.md"),
    ("tiaoli/demo/3.md", "tiaoli/demo/3.md", "art-3-p1-i2", "#art-3-p1-i2"),
    ("tiaoli/demo/3.md", "tiaoli/demo/3.md", "", ""),
], ids=["from-subfolder", "sibling", "other-regulation", "from-root-no-anchor", "same-page", "same-page-no-anchor"])
def test_relative_link(from_src, to_src, anchor, link):
    """relative_link is the docs-relative path plus #anchor; on the same page only the #anchor."""
    assert relative_link(from_src, to_src, anchor) == link


# --- link_html and url_between: official text as HTML fragments -------------------------------------------------

def test_link_html_links_spans_and_escapes_the_rest():
    """link_html escapes the text around and inside each span and wraps the span in <a href="href(target)">."""
    text = "<b>注意</b> & 依照第三条第二款和第五条处理。"
    first, second = text.index("第三条第二款"), text.index("第五条")
    references = [Reference(first, first + 6, "第三条第二款", Target("demo", 3, None, 2)),
                  Reference(second, second + 3, "第五条", Target("demo", 5))]
    assert link_html(text, references, lambda target: f'../{target.article_slug}/"#{target.anchor}') == (
        '&lt;b&gt;注意&lt;/b&gt; &amp; 依照<a href="../3/&quot;#art-3-p2">第三条第二款</a>和'
        '<a href="../5/&quot;#art-5">第五条</a>处理。')


@settings(max_examples=200, deadline=None)
@given(text=st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40))
def test_link_html_text_reads_as_written(text):
    """Whatever the official text holds, the HTML shows exactly that text (nothing becomes markup)."""
    parsed = html.unescape(re.sub(r"<[^>]*>", "", link_html(text, [], lambda target: "x")))
    assert parsed == text


PAGES = ["index.md", "guanyu.md", "tiaoli/index.md", "tiaoli/x/index.md", "tiaoli/x/22.md", "tiaoli/y/3.md",
         "wenda/a.md", "dongtai/posts/b.md", "duizhao/x/y/index.md"]


@pytest.mark.parametrize("directory_urls", [True, False])
def test_url_between_is_what_mkdocs_makes_of_the_markdown_link(directory_urls):
    """For every pair of pages, url_between gives the href MkDocs writes for a Markdown link between them."""
    from mkdocs.structure.files import File

    def file(src):
        return File(src, "/docs", "/site", directory_urls)

    for source in PAGES:
        for target in PAGES:
            if source != target:
                assert url_between(source, target, "", directory_urls) == file(target).url_relative_to(file(source))
                assert url_between(source, target, "art-3", directory_urls).endswith("#art-3")
    assert url_between("tiaoli/x/22.md", "tiaoli/x/22.md", "art-22-p1", directory_urls) == "#art-22-p1"


def test_row_paragraph_is_the_paragraph_markdown_made_of_a_row():
    """A row's HTML is the paragraph (with its ¶ link) that Python-Markdown made of the row's Markdown."""
    row = Row("art-2-p1", "pufa-para", "甲 &amp; <a href=\"../3/#art-3\">第三条</a>", "第二条第一款")
    markdown_row = ('甲 &amp; <a href="../3/#art-3">第三条</a> [¶](#art-2-p1){: .pufa-anchor title="第二条第一款的链接" '
                    'aria-label="第二条第一款的链接" }\n{: #art-2-p1 .pufa-para }')
    assert row.paragraph() == markdown.markdown(markdown_row, extensions=["attr_list"])
    assert row.paragraph(" pufa-cited", permalink=False) == markdown.markdown(
        '甲 &amp; <a href="../3/#art-3">第三条</a>\n{: .pufa-para .pufa-cited }', extensions=["attr_list"])


# --- link_page_markdown ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def project():
    return make_project(parking_library())


def link_page(project, markdown_text, page="wenda/q1.md"):
    return link_page_markdown(markdown_text, page, project, PARKING_SLUG, path=f"docs/{page}")


def test_link_page_links_plain_text_from_a_subfolder(project):
    """A bare 第二条 on a page under wenda/ links to ../tiaoli/<slug>/2.md#art-2; the rest is unchanged."""
    out, problems = link_page(project, "问：依照第二条，停车管理包括什么？\n")
    assert out == "问：依照[第二条](../tiaoli/tingche/2.md#art-2)，停车管理包括什么？\n"
    assert problems == []


def test_link_page_links_the_most_precise_anchor(project):
    """本条例第三条第一款第二项 links to the item's anchor on 第三条's page."""
    out, _ = link_page(project, "见本条例第三条第一款第二项。")
    assert out == "见[本条例第三条第一款第二项](../tiaoli/tingche/3.md#art-3-p1-i2)。"


@pytest.mark.parametrize("markdown_text", [
    "以及`第四条`的规定。",
    "```\n第六条 不应链接\n```\n",
    "~~~text\n第六条 不应链接\n~~~\n",
    "见[第五条](../other.md)。",
    "见[第五条][ref]。",
    "# 第二条怎么理解\n",
    "### 关于第二条\n",
    "详见 https://example.com/第二条 的说明。",
    "详见 <https://example.com/第二条>。",
], ids=["code-span", "fenced-code", "tilde-fence", "inline-link", "reference-link", "heading", "heading-3", "url",
        "autolink"])
def test_link_page_leaves_protected_regions_alone(project, markdown_text):
    """Code spans, fenced code, existing links, headings and URLs are left exactly as written."""
    out, problems = link_page(project, markdown_text)
    assert out == markdown_text
    assert problems == []


def test_link_page_does_not_link_inside_an_html_link(project):
    """The text of an HTML <a> link is an existing link too: no Markdown link is nested inside it."""
    markdown_text = '详见<a href="../x/">第一条</a>。'
    out, _ = link_page(project, markdown_text)
    assert out == markdown_text


def test_link_page_links_around_protected_regions(project):
    """Text before and after a protected region on the same line is still linked."""
    out, _ = link_page(project, "第一条和`第二条`及第四条")
    assert out == ("[第一条](../tiaoli/tingche/1.md#art-1)和`第二条`及"
                   "[第四条](../tiaoli/tingche/4.md#art-4)")


def test_link_page_reports_unresolved_reference_with_its_line(project):
    """An unknown 第九十九条 stays plain text and gives one problem at the page's path and line."""
    markdown_text = "# 标题\n\n```\n代码\n```\n\n又如`第一条`和第九十九条。\n"
    out, problems = link_page(project, markdown_text)
    assert out == markdown_text
    assert len(problems) == 1
    assert (problems[0].path, problems[0].lineno) == ("docs/wenda/q1.md", 7)
    assert "第九十九条" in problems[0].message


def test_link_page_leaves_other_acts_alone(project):
    """刑法第二十条 on an editor's page is neither linked nor reported."""
    markdown_text = "依照刑法第二十条处理。"
    assert link_page(project, markdown_text) == (markdown_text, [])
