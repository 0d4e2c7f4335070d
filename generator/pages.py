"""What the editors' pages gain at build time: a fact line, the text of the articles they cite, and glossary
tooltips. Pure functions of the project and the content pack, returning Markdown (and the official text as HTML
fragments, see :attr:`~generator.render.GeneratedPage.fragments`).
"""

from __future__ import annotations

import html
import re

from markdown.extensions.abbr import AbbrExtension

from .content import ArticleRef, Case, ContentPack, GlossaryTerm, Question
from .project import Project
from .render import (GeneratedPage, RegulationView, Renderer, article_src, escape_markdown, format_date,
                     fragment_marker, relative_link)


def decorate_content_page(markdown: str, src_uri: str, project: Project, content: ContentPack,
                          definitions: dict[str, str] | None = None, directory_urls: bool = True) -> GeneratedPage:
    """Add the fact line on top and the cited articles below a Q&A or case page; other pages are unchanged.

    The cited articles' text comes as fragments, with the glossary's tooltips (``definitions``) as on the rest
    of the page."""
    record = content.record(src_uri)
    if record is None:
        return GeneratedPage(src_uri, markdown)
    cited, fragments = cited_articles(record.articles, src_uri, project, content, definitions or {}, directory_urls)
    return GeneratedPage(src_uri, f"{_facts(record)}\n\n{markdown}\n\n{cited}", fragments)


def _facts(record: Question | Case) -> str:
    if isinstance(record, Question):
        facts = [f"适用对象：{record.audience}"]
    else:
        facts = [f"时间：{format_date(record.date)}", f"地区：{record.region}", f"结果：{record.outcome}",
                 f"案例性质：{record.basis}"]
    line = " · ".join(escape_markdown(fact) for fact in facts) + "\n{: .pufa-facts }"
    if isinstance(record, Case):
        line += "\n\n" + escape_markdown(_basis_note(record)) + "\n{: .pufa-basis }"
    return line


def _basis_note(case: Case) -> str:
    """What the case rests on, in words a reader cannot miss: the report it retells, or that it is a composite."""
    if case.basis == "公开报道":
        return f"本案例依据公开报道整理（来源：{case.source}），只写报道中提到的事实。"
    return "本案例是综合多起同类事项写成的示例，人物、地点和情节不对应任何真实的个人或具体地方。"


def cited_articles(refs: tuple[ArticleRef, ...], page_src: str, project: Project, content: ContentPack,
                   definitions: dict[str, str], directory_urls: bool = True) -> tuple[str, tuple[str, ...]]:
    """A collapsible box per cited article with its official text (or, without the text, its summary): the
    Markdown, and the text of the articles as HTML fragments."""
    if not refs:
        return "", ()
    renderer = Renderer(project, content, directory_urls=directory_urls)
    glossary = Glossary(definitions)
    blocks = ["## 依据条文 { #yiju }", ""]
    fragments: list[str] = []
    seen = set()
    for ref in refs:
        if ref.target in seen:
            continue
        seen.add(ref.target)
        blocks.append(_cited_article(ref, page_src, project, content, renderer, glossary, fragments))
    return "\n".join(blocks) + "\n", tuple(fragments)


def _cited_article(ref: ArticleRef, page_src: str, project: Project, content: ContentPack, renderer: Renderer,
                   glossary: "Glossary", fragments: list[str]) -> str:
    item = project.get(ref.target.regulation)
    article = item.regulation.find(ref.target.article, ref.target.suffix) if item.regulation else None
    interpretation = content.interpretation(item.slug, ref.target.article, ref.target.suffix)
    title = f"《{item.title}》{ref.label}"
    if interpretation and interpretation.title:
        title += f" {interpretation.title}"
    lines = [f'??? quote "{escape_markdown(title).replace(chr(34), "”")}"', ""]
    if article is not None:
        view = RegulationView(item, renderer)
        rows = []
        for row in view.paragraphs(article, page_src):
            anchor = row.anchor
            highlighted = " pufa-cited" if anchor == ref.target.anchor or anchor.startswith(ref.target.anchor + "-") \
                and ref.target.anchor != ref.target.article_anchor else ""
            rows.append(glossary.apply(row.paragraph(highlighted, permalink=False)))
        fragments.append("\n".join(rows))
        lines += [fragment_marker(len(fragments) - 1, indent="    ").strip("\n"), ""]
    elif interpretation and interpretation.summary:
        lines += [f"    {escape_markdown(interpretation.summary)}（条文原文暂未载入，此为解读要点）", ""]
    if article is not None or item.spec.article_count:
        anchor = ref.target.anchor if article is not None else ""
        href = relative_link(page_src, article_src(item.slug, ref.target.article_slug), anchor)
        lines += [f"    [查看{ref.label}及解读]({href})", ""]
    return "\n".join(lines)


_NO_MARKUP = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "”"})


def glossary_definitions(terms: list[GlossaryTerm]) -> dict[str, str]:
    """Every glossary term and alias with its definition, for Python-Markdown's abbreviations (tooltips).

    Material's tooltips show the definition as HTML, so it goes out with no markup characters at all.
    """
    definitions = {}
    for term in terms:
        definition = " ".join(term.definition.split()).translate(_NO_MARKUP)
        for name in (term.term, *term.aliases):
            definitions[name] = definition
    return definitions


class Glossary:
    """The glossary's tooltips for HTML written outside Markdown, matched as the abbreviation extension matches
    them (longest term first, at word boundaries), in text only (never inside a tag)."""

    _TAG = re.compile(r"(<[^>]*>)")

    def __init__(self, definitions: dict[str, str]):
        self.definitions = {html.escape(term, quote=False): html.escape(definition)
                            for term, definition in definitions.items() if definition}
        terms = sorted(self.definitions, key=len, reverse=True)
        self.pattern = re.compile(rf"\b(?:{'|'.join(map(re.escape, terms))})\b") if terms else None

    def apply(self, fragment: str) -> str:
        if self.pattern is None:
            return fragment
        parts = self._TAG.split(fragment)
        for index in range(0, len(parts), 2):
            parts[index] = self.pattern.sub(self._abbr, parts[index])
        return "".join(parts)

    def _abbr(self, match: re.Match) -> str:
        return f'<abbr title="{self.definitions[match[0]]}">{match[0]}</abbr>'


class PageGlossary(AbbrExtension):
    """The abbreviation extension with a glossary chosen page by page.

    Appending ``*[term]: definition`` lines to every editor page made Python-Markdown's block parser re-test the
    remaining definitions once per line (quadratic: half the Markdown time of a build). The glossary is given
    to the extension instead; MkDocs builds a new Markdown instance for every page right after
    ``on_page_markdown``, and that instance starts from the glossary set by :meth:`use` for the page.
    """

    def use(self, definitions: dict[str, str]) -> None:
        """The abbreviations of the next page rendered: ``definitions`` (a glossary set in ``mdx_configs`` is
        merged in by Python-Markdown)."""
        self.glossary = dict(definitions)
