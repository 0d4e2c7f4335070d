"""What the editors' pages gain at build time: a fact line, the text of the articles they cite, and glossary
tooltips. Pure functions of the project and the content pack, returning Markdown.
"""

from __future__ import annotations

from markdown.extensions.abbr import AbbrExtension

from .content import ArticleRef, Case, ContentPack, GlossaryTerm, Question
from .project import Project
from .render import RegulationView, Renderer, article_src, escape_markdown, format_date, relative_link


def decorate_content_page(markdown: str, src_uri: str, project: Project, content: ContentPack) -> str:
    """Add the fact line on top and the cited articles below a Q&A or case page; other pages are unchanged."""
    record = next((r for r in [*content.questions, *content.cases] if r.src_uri == src_uri), None)
    if record is None:
        return markdown
    return f"{_facts(record)}\n\n{markdown}\n\n{cited_articles(record.articles, src_uri, project, content)}"


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


def cited_articles(refs: tuple[ArticleRef, ...], page_src: str, project: Project, content: ContentPack) -> str:
    """A collapsible box per cited article with its official text (or, without the text, its summary)."""
    if not refs:
        return ""
    renderer = Renderer(project, content)
    blocks = ["## 依据条文 { #yiju }", ""]
    seen = set()
    for ref in refs:
        if ref.target in seen:
            continue
        seen.add(ref.target)
        blocks.append(_cited_article(ref, page_src, project, content, renderer))
    return "\n".join(blocks) + "\n"


def _cited_article(ref: ArticleRef, page_src: str, project: Project, content: ContentPack, renderer: Renderer) -> str:
    item = project.get(ref.target.regulation)
    article = item.regulation.find(ref.target.article, ref.target.suffix) if item.regulation else None
    interpretation = content.interpretation(item.slug, ref.target.article, ref.target.suffix)
    title = f"《{item.title}》{ref.label}"
    if interpretation and interpretation.title:
        title += f" {interpretation.title}"
    lines = [f'??? quote "{escape_markdown(title).replace(chr(34), "”")}"', ""]
    if article is not None:
        view = RegulationView(item, renderer)
        for row in view.paragraphs(article, page_src):
            anchor = row.anchor
            highlighted = " .pufa-cited" if anchor == ref.target.anchor or anchor.startswith(ref.target.anchor + "-") \
                and ref.target.anchor != ref.target.article_anchor else ""
            lines += [f"    {row.text}", f"    {{: .{row.css}{highlighted} }}", ""]
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
