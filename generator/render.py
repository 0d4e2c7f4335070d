"""Regulation tree + references → Markdown for the generated pages, through Jinja2 templates.

Rendering is a pure function of the project and the templates (``generator/templates/``): no file or config
access here. Text from the official source is escaped for Markdown, and every resolved reference becomes a
Markdown link to the generated page, so MkDocs resolves and validates it like any other link.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml

from . import ids
from .cache import template_cache
from .link import Context, Reference, Target, find_references, text_key
from .model import Article, Division, Regulation, article_label
from .numerals import int_to_cn
from .content import ContentPack
from .project import LoadedRegulation, Project

TEMPLATES = Path(__file__).parent / "templates"
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]{}<>&])")
_BLOCK_MARKER = re.compile(r"^([#>+\-]|[0-9]+(?=[.)]))")
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


class Markdown(str):
    """Text that is Markdown already (escaped, or links pufa built): templates print it as it is. Every other
    value a template prints is escaped first, so no text from content files or official texts can become
    markup, whatever template prints it."""


def _finalize(value):
    if value is None or isinstance(value, (Markdown, int)):
        return value
    return escape_markdown(str(value))


def attribute(value) -> Markdown:
    """A value safe inside a quoted attribute of an attribute list (``{: data-x="…" }``)."""
    return Markdown(" ".join(str(value).split()).translate(_ATTRIBUTE))


_ATTRIBUTE = str.maketrans({'"': "”", "'": "’", "{": "｛", "}": "｝", "<": "＜", ">": "＞", "&": "＆", "\\": "＼"})


def front_matter(meta: dict) -> str:
    """A YAML front-matter block, written by the dumper: no value can end the block or add a key."""
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"


@dataclass(frozen=True, slots=True)
class Row:
    """One paragraph (款), item (项) or sub-item (目) of an article as a page shows it."""

    anchor: str
    css: str
    html: str
    """The text, escaped, with its references as links to the built pages."""
    label: str
    """第三十一条第六项: what the row's link is called for screen readers and in tooltips."""

    def paragraph(self, css_extra: str = "", permalink: bool = True) -> str:
        """The row as the HTML paragraph Markdown would make of it, optionally with its ¶ link."""
        if not permalink:
            return f'<p class="{self.css}{css_extra}">{self.html}</p>'
        label = html.escape(f"{self.label}的链接")
        link = f'<a aria-label="{label}" class="pufa-anchor" href="#{self.anchor}" title="{label}">¶</a>'
        return f'<p class="{self.css}{css_extra}" id="{self.anchor}">{self.html} {link}</p>'


def rows_html(rows: list[Row]) -> str:
    """An article's paragraphs with their ¶ links: HTML put in after Markdown has run (see GeneratedPage)."""
    return "\n".join(row.paragraph() for row in rows)


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    """A virtual file for MkDocs: where it goes and what it holds."""

    src_uri: str
    content: str
    fragments: tuple[str, ...] = ()
    """HTML put in place of ``fragment_marker(n)`` after Markdown has run: what needs no Markdown, such as
    official text (escaped, its links made here) and long lists (thousands of links on the library's browse pages
    cost Python-Markdown's HTML parser a second). Python-Markdown takes about 1.5 ms per article page of rows."""


def fragment_marker(number: int, indent: str = "") -> str:
    """A line Markdown passes through untouched (an HTML comment), replaced by the page's fragment ``number``;
    ``indent`` places it inside a block (an admonition's body)."""
    return f"\n{indent}<!-- pufa-fragment {number} -->\n\n"


def insert_fragments(html: str, fragments: tuple[str, ...]) -> str:
    for number, fragment in enumerate(fragments):
        html = html.replace(f"<!-- pufa-fragment {number} -->", fragment, 1)
    return html


def regulation_dir(slug: str) -> str:
    return f"tiaoli/{slug}"


def article_src(slug: str, article_slug: str) -> str:
    return f"{regulation_dir(slug)}/{article_slug}.md"


def overview_src(slug: str) -> str:
    return f"{regulation_dir(slug)}/index.md"


def data_src(slug: str) -> str:
    return f"data/{slug}.json"


def page_url(src_uri: str, anchor: str = "", directory_urls: bool = True) -> str:
    """The built page's URL relative to the site root: ``tiaoli/x/22.md`` → ``tiaoli/x/22/`` (or
    ``tiaoli/x/22.html``), plus ``#anchor``."""
    stem = src_uri[:-3]
    if stem == "index" or stem.endswith("/index"):
        url = stem[:-5] if directory_urls else stem + ".html"
    else:
        url = stem + "/" if directory_urls else stem + ".html"
    return url + (f"#{anchor}" if anchor else "")


def escape_markdown(text: str) -> Markdown:
    """Make official text literal in Markdown: no emphasis, link, HTML, heading or list can arise from it."""
    return Markdown(_escape_markdown(text))


def _escape_markdown(text: str) -> str:
    escaped = _INLINE_SPECIAL.sub(lambda m: _ENTITIES.get(m[1], "\\" + m[1]), text)
    marker = _BLOCK_MARKER.match(text)
    if marker is None:
        return escaped
    if marker[1][0].isdigit():  # 1. at the start would open an ordered list: escape the dot
        return re.sub(r"^([0-9]+)([.)])", r"\1\\\2", escaped)
    return "\\" + escaped if marker[1] != ">" else escaped  # '>' is already an entity
def relative_link(from_src: str, to_src: str, anchor: str = "") -> Markdown:
    """A Markdown link path from one docs file to another (MkDocs rewrites it for the built site)."""
    if from_src == to_src:
        return Markdown(f"#{anchor}" if anchor else "")
    path = posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")
    return Markdown(f"{path}#{anchor}" if anchor else path)


def url_between(from_src: str, to_src: str, anchor: str = "", directory_urls: bool = True) -> str:
    """The href from one built page to another (what MkDocs makes of ``relative_link`` in Markdown)."""
    if from_src == to_src:
        return f"#{anchor}" if anchor else "./"
    source, target = page_url(from_src, "", directory_urls), page_url(to_src, "", directory_urls)
    base = source.rstrip("/") if source.endswith("/") or not source else posixpath.dirname(source)
    path = posixpath.relpath(target or ".", base or ".")
    if target.endswith("/") or not target:
        path = "./" if path == "." else path + "/"
    return f"{path}#{anchor}" if anchor else path


def link_html(text: str, references: list[Reference], href) -> str:
    """Escape ``text`` for HTML and turn each reference span into ``<a href="href(target)">span</a>``."""
    parts, position = [], 0
    for reference in references:
        parts.append(html.escape(text[position:reference.start], quote=False))
        parts.append(f'<a href="{html.escape(href(reference.target))}">{html.escape(reference.text, quote=False)}</a>')
        position = reference.end
    parts.append(html.escape(text[position:], quote=False))
    return "".join(parts)


def format_date(value: dt.date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


class Renderer:
    """Renders the generated pages of a project; templates can be shadowed by a folder of the user's."""

    def __init__(self, project: Project, content: ContentPack | None = None,
                 template_dirs: list[Path] | None = None, alignments=(), compared=(), directory_urls: bool = True):
        self.project = project
        self.directory_urls = directory_urls
        """How the built pages are addressed (MkDocs' ``use_directory_urls``), for links in HTML fragments."""
        self.content = content or ContentPack()
        self.alignments = list(alignments)
        """新旧对照 (:class:`generator.compare.Alignment`) to publish and to link from article pages."""
        self.compared = list(compared)
        """Every configured (old slug, new slug) pair: its page exists even while a text is missing."""
        loader = jinja2.FileSystemLoader([*(template_dirs or []), TEMPLATES])
        # auto_reload off: templates do not change during a build, and checking them costs a stat per page
        self.env = jinja2.Environment(loader=loader, autoescape=False, keep_trailing_newline=True, auto_reload=False,
                                      trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                                      finalize=_finalize, bytecode_cache=template_cache("pages"))
        self.env.filters["date"] = format_date
        self.env.filters["attr"] = attribute
        self.env.globals["cn"] = int_to_cn
        self.env.globals["heading_marks"] = lambda level: Markdown("#" * level)
        self.env.filters["rows_html"] = rows_html

    def render(self, template: str, **context) -> str:
        return self.env.get_template(template).render(**context)

    def page(self, src_uri: str, kind: str, title: str, template: str, **context) -> GeneratedPage:
        """A generated page: front matter from the dumper, the body from ``template``. The template's
        ``fragment(html)`` puts HTML in after Markdown has run (see :attr:`GeneratedPage.fragments`)."""
        meta = {"title": " ".join(str(title).split()), "pufa_generated": kind}
        context.setdefault("relative", lambda slug: relative_link(src_uri, overview_src(slug)))
        fragments: list[str] = []

        def fragment(html: str) -> Markdown:
            fragments.append(html)
            return Markdown(fragment_marker(len(fragments) - 1))

        body = self.render(template, fragment=fragment, **context)
        return GeneratedPage(src_uri, front_matter(meta) + body, tuple(fragments))

    def pages(self) -> list[GeneratedPage]:
        pages = [self.page("tiaoli/index.md", "regulations", "条例", "regulations.md.j2", regulations=[
            RegulationView(item, self) for item in self.project.regulations])]
        for item in self.project.regulations:
            pages.extend(self.regulation_pages(item))
        return pages

    def content_pages(self, regulation: str | None, has_index=lambda src_uri: False) -> list[GeneratedPage]:
        """The Q&A and case indexes (unless an editor wrote one) and the /cidian/ glossary page."""
        pages = []
        order = lambda record: (record.articles[0].target.article if record.articles else 9999, record.title)  # noqa: E731
        if self.content.questions and not has_index("wenda/index.md"):
            questions = sorted(self.content.questions, key=order)
            pages.append(self.page("wenda/index.md", "questions", "问答", "questions.md.j2",
                                   questions=questions, articles=self.article_labels))
        if self.content.cases and not has_index("anli/index.md"):
            cases = sorted(self.content.cases, key=lambda case: case.date, reverse=True)
            pages.append(self.page("anli/index.md", "cases", "以案释法", "cases.md.j2",
                                   cases=cases, articles=self.article_labels))
        if self.content.terms:
            pages.append(self.page("cidian.md", "glossary", "术语词典", "glossary.md.j2", terms=self.content.terms,
                                   article_links=lambda refs: self.article_links("cidian.md", refs)))
        return pages

    def article_labels(self, refs) -> str:
        return "、".join(ref.label for ref in refs)

    def article_links(self, page_src: str, refs) -> Markdown:
        """Markdown links to the pages of the cited articles (plain labels where no page exists)."""
        links = []
        for ref in refs:
            item = self.project.get(ref.target.regulation)
            if item.regulation is None and not item.spec.article_count:
                links.append(ref.label)
                continue
            anchor = ref.target.anchor if item.regulation is not None else ""
            href = relative_link(page_src, article_src(item.slug, ref.target.article_slug), anchor)
            links.append(f"[{ref.label}]({href})")
        return Markdown("、".join(links))

    def regulation_pages(self, item: LoadedRegulation) -> list[GeneratedPage]:
        view = RegulationView(item, self)
        src = overview_src(item.slug)
        if item.regulation is None:
            articles = [ArticleView.placeholder(view, number) for number in range(1, (item.spec.article_count or 0) + 1)]
            pages = [self.page(src, "missing", view.title, "missing.md.j2", regulation=view, articles=articles)]
        else:
            pages = [self.page(src, "regulation", view.title, "regulation.md.j2", regulation=view, page_src=src)]
            articles = [ArticleView(view, article, article_src(item.slug, article.slug))
                        for article in item.regulation.articles()]
        for index, article in enumerate(articles):
            pages.append(self.article_page(view, article, articles[index - 1] if index else None,
                                           articles[index + 1] if index + 1 < len(articles) else None))
        return pages

    def article_page(self, view: RegulationView, article: ArticleView, previous, next) -> GeneratedPage:
        page_src = article.page_src
        key = (view.slug, article.number, article.suffix or 0)
        questions, cases = self.content.citing(key)
        interpretation = self.content.interpretations.get(key)
        cited_by = self.project.graph.cited_by(view.slug, article.article) if article.article else []
        gist = f" {interpretation.title}" if interpretation and interpretation.title else ""
        return self.page(
            page_src, "article", f"{article.label}{gist} · {view.title}",
            "article.md.j2", regulation=view, article=article, previous=previous, next=next, page_src=page_src,
            interpretation=interpretation,
            interpretation_body=self.merged_markdown(interpretation, page_src, view.slug) if interpretation else "",
            questions=[(q, relative_link(page_src, q.src_uri)) for q in questions],
            cases=[(c, relative_link(page_src, c.src_uri)) for c in cases],
            cited_by=cited_by, citation_label=self.citation_label(view.slug),
            citation_href=lambda citation: self.citation_href(page_src, citation),
            comparisons=self.comparison_links(view.slug, article, page_src),
            successor_articles=self.successor_articles(view.slug, article, page_src))

    def comparison_src(self, alignment) -> str:
        return f"duizhao/{alignment.old_slug}/{alignment.new_slug}/index.md"

    def handbook_pages(self, timeline: str, has_pdf: bool) -> list[GeneratedPage]:
        """学习手册: /shouce/<slug>/ for every regulation whose text is loaded."""
        from .handbook import handbook_src, key_questions, pdf_path, short_answer

        pages = []
        for item in self.project.regulations:
            view = RegulationView(item, self)
            src = handbook_src(item.slug)
            if item.regulation is None:
                pages.append(self.page(src, "handbook", f"《{view.title}》学习手册", "handbook-missing.md.j2",
                                       regulation=view))
                continue
            entries = []
            for kind, node in view.full_text(src):
                if kind == "article":
                    key = (item.slug, node.number, node.suffix or 0)
                    interpretation = self.content.interpretations.get(key)
                    questions = [(q, short_answer(q), relative_link(src, q.src_uri))
                                 for q in key_questions(self.content, key)]
                    body = self.merged_markdown(interpretation, src, item.slug) if interpretation else ""
                    entries.append((kind, node, interpretation, Markdown(re.sub(r"(?m)^(#{1,4}) ", r"###\1 ", body)),
                                    questions))
                else:
                    entries.append((kind, node, None, None, ()))
            pages.append(self.page(src, "handbook", f"《{view.title}》学习手册", "handbook.md.j2", regulation=view,
                                   entries=entries, timeline=Markdown(timeline), terms=self.content.terms,
                                   pdf=posixpath.relpath(pdf_path(item.slug), posixpath.dirname(src)) if has_pdf else ""))
        return pages

    def missing_comparisons(self) -> list[GeneratedPage]:
        """A page for each configured comparison whose texts are not both loaded, saying what is needed."""
        done = {(a.old_slug, a.new_slug) for a in self.alignments}
        pages = []
        for old_slug, new_slug in self.compared:
            if (old_slug, new_slug) in done:
                continue
            old, new = self.project.get(old_slug), self.project.get(new_slug)
            src = f"duizhao/{old_slug}/{new_slug}/index.md"
            pages.append(self.page(src, "comparison", f"新旧对照：《{old.title}》与《{new.title}》",
                                   "compare-missing.md.j2", old=old, new=new))
        return pages

    def comparison_links(self, slug: str, article: ArticleView, page_src: str) -> list[tuple[str, Markdown]]:
        """(label, link) to the 新旧对照 of this article, on the pages of a regulation that replaced another."""
        links = []
        for alignment in self.alignments:
            if alignment.new_slug == slug:
                old = RegulationView(self.project.get(alignment.old_slug), self)
                year = old.tree.meta.published.year if old.tree.meta.published else ""
                links.append((f"与{year}{'年' if year else ''}《{old.title}》对照",
                              relative_link(page_src, self.comparison_src(alignment), f"new-{article.slug}")))
        return links

    def successor_articles(self, slug: str, article: ArticleView, page_src: str):
        """On a replaced regulation's article page: links to the articles that continue it, or [] if none does;
        None where no comparison covers the regulation."""
        for alignment in self.alignments:
            if alignment.old_slug == slug:
                new = self.project.get(alignment.new_slug)
                return [(f"《{new.title}》{article_label(number)}",
                         relative_link(page_src, article_src(new.slug, str(number))))
                        for number in alignment.successors(article.number)]
        return None

    def comparison_pages(self) -> list[GeneratedPage]:
        from .duizhao import rows

        pages = []
        for alignment in self.alignments:
            old, new = self.project.get(alignment.old_slug), self.project.get(alignment.new_slug)
            src = self.comparison_src(alignment)
            href = lambda slug, article, src=src: relative_link(src, article_src(slug, article.slug))  # noqa: E731
            table = rows(alignment, old.regulation, new.regulation, f"《{old.title}》", f"《{new.title}》", href)
            counts = {kind: sum(1 for row in table if row.status == kind) for kind in ("基本保留", "修改", "新增", "删除")}
            pages.append(self.page(src, "comparison", f"新旧对照：《{old.title}》与《{new.title}》", "compare.md.j2",
                                   old=old, new=new, rows=table, counts=counts,
                                   added=[row for row in table if row.status == "新增"],
                                   removed=[row for row in table if row.status == "删除"]))
        return pages + self.missing_comparisons()

    def merged_markdown(self, interpretation, page_src: str, slug: str) -> Markdown:
        """An interpretation's body as shown inside the article page: links made, headings one level down.
        It is an editor's Markdown: the page sanitises it (it sits between UNTRUSTED_START and _END)."""
        # Unresolved references in the body were reported by the content check; here they just stay text.
        body, _ = link_page_markdown(interpretation.body, page_src, self.project, slug)
        return Markdown(re.sub(r"(?m)^(#{1,5}) ", r"#\1 ", body).strip())

    def citation_label(self, slug: str):
        """A function naming a citing article: 第三十四条, or 《信访条例》第九条 from another regulation."""
        def label(citation) -> str:
            source_slug, number, suffix = citation.source
            source = self.project.get(source_slug)
            article = source.regulation.find(number, suffix or None)
            return article.label if source_slug == slug else f"《{source.title}》{article.label}"
        return label

    def citation_href(self, from_src: str, citation) -> Markdown:
        source_slug, number, suffix = citation.source
        return relative_link(from_src, article_src(source_slug, ids.article_slug(number, suffix or None)))

    def href(self, from_src: str, target: Target) -> Markdown:
        """Link to the most precise anchor: same page if the target is on it, else the article's page."""
        to_src = article_src(target.regulation, target.article_slug)
        if from_src == overview_src(target.regulation):
            return Markdown(f"#{target.anchor}")
        return relative_link(from_src, to_src, target.anchor)

    def html_href(self, from_src: str, target: Target) -> str:
        """:meth:`href` as the built page's link: same page if the target is on it, else the article's page."""
        if from_src == overview_src(target.regulation):
            return f"#{target.anchor}"
        return url_between(from_src, article_src(target.regulation, target.article_slug), target.anchor,
                           self.directory_urls)


def regulation_json(regulation: Regulation) -> str:
    return json.dumps(regulation.as_dict(), ensure_ascii=False, indent=1)


def preview_src(slug: str) -> str:
    return f"data/{slug}.js"


def preview_script(slug: str, regulation: Regulation) -> str:
    """The text of every article as a script (not JSON, so that it loads from file:// too), for the previews of
    cited provisions: ``{article slug: [label, [[paragraph, [items]], …]]}``, fetched on the first hover."""
    articles = {article.slug: [article.label, [[p.text, [item.text for item in p.items]] for p in article.paragraphs]]
                for article in regulation.articles()}
    body = json.dumps({"title": regulation.title, "articles": articles}, ensure_ascii=False, separators=(",", ":"))
    return f"(window.PUFA_TEXTS=window.PUFA_TEXTS||{{}})[{json.dumps(slug)}]={body};\n"


class RegulationView:
    """What templates see of a regulation: the tree plus links and rendered text."""

    def __init__(self, item: LoadedRegulation, renderer: Renderer):
        self.item = item
        self.renderer = renderer
        self.slug = item.slug
        self.title = item.title
        self.spec = item.spec
        self.tree = item.regulation
        self.anchors: dict[int, str] = {}
        self.depths: dict[int, int] = {}
        if self.tree is not None:
            for key, (anchor, depth) in ids.division_anchors(self.tree.body).items():
                self.anchors[key] = anchor
                self.depths[key] = depth

    def heading_anchor(self, division: Division) -> str:
        return self.anchors[id(division)]

    def heading_level(self, division: Division) -> int:
        """Markdown heading level in the full text: 2 for the outermost division."""
        return 2 + self.depths[id(division)]

    def trail(self, article: Article) -> list[tuple[str, str]]:
        """(heading, anchor) of the 编/章/节 above an article."""
        return [(d.heading, self.heading_anchor(d)) for d in self.tree.ancestors(article)]

    def paragraphs(self, article: Article, page_src: str) -> list[Row]:
        """A :class:`Row` for every paragraph, item and sub-item of ``article``."""
        refs = self.item.references
        href = lambda target: self.renderer.html_href(page_src, target)  # noqa: E731
        rows = []
        n, s = article.number, article.suffix
        for p_index, paragraph in enumerate(article.paragraphs, 1):
            rows.append(Row(ids.paragraph_anchor(n, s, p_index), "pufa-para",
                            link_html(paragraph.text, refs.get(text_key(article, p_index, None), []), href),
                            f"{article.label}第{int_to_cn(p_index)}款"))
            for i_index, item in enumerate(paragraph.items, 1):
                rows.append(Row(ids.item_anchor(n, s, p_index, i_index), "pufa-item",
                                link_html(item.text, refs.get(text_key(article, p_index, i_index), []), href),
                                f"{article.label}第{int_to_cn(i_index)}项"))
                for sub in item.subitems:
                    rows.append(Row(ids.subitem_anchor(n, s, p_index, i_index, sub.number), "pufa-subitem",
                                    html.escape(sub.text, quote=False), f"{article.label}第{int_to_cn(i_index)}项第{sub.number}目"))
        return rows

    def outline(self) -> list[tuple[int, str, str, str]]:
        """(depth, heading, anchor, article range) for every 编/章/节."""
        rows = []
        for division in self.tree.divisions():
            articles = list(division.articles())
            span = _span(articles)
            rows.append((self.depths[id(division)], division.heading, self.heading_anchor(division), span))
        return rows

    def full_text(self, page_src: str) -> list[tuple[str, object]]:
        """The body in reading order: ("heading", division), ("article", ArticleView) and ("text", TextBlock)."""
        entries: list[tuple[str, object]] = []

        def walk(nodes):
            for node in nodes:
                if isinstance(node, Division):
                    entries.append(("heading", node))
                    walk(node.children)
                elif isinstance(node, Article):
                    entries.append(("article", ArticleView(self, node, page_src)))
                else:
                    entries.append(("text", node))

        walk(self.tree.body)
        return entries

    def status_class(self) -> str:
        return {"现行有效": "current", "已废止": "repealed"}.get(self.spec.status, "other")

    def successor(self) -> "RegulationView | None":
        """The configured regulation that replaced this one, for the banner of a repealed regulation's pages."""
        item = self.renderer.project.get(self.spec.repealed_by) if self.spec.repealed_by else None
        return RegulationView(item, self.renderer) if item else None

    def effective(self):
        return self.tree.meta.effective if self.tree is not None else None


def _span(articles: list[Article]) -> str:
    """第一条至第六条, or just 第一条 for a one-article heading."""
    if not articles:
        return ""
    if len(articles) == 1:
        return articles[0].label
    return f"{articles[0].label}至{articles[-1].label}"


class ArticleView:
    """What templates see of one article; a placeholder (no text) while the official text is missing."""

    def __init__(self, regulation: RegulationView | None, article: Article | None, page_src: str,
                 number: int | None = None):
        self.article = article
        self.number = article.number if article else number
        self.suffix = article.suffix if article else None
        self.label = article.label if article else article_label(number)
        self.slug = ids.article_slug(self.number, self.suffix)
        self.anchor = ids.article_anchor(self.number, self.suffix)
        self.page_src = page_src
        self.trail = regulation.trail(article) if article else []
        self.rows = regulation.paragraphs(article, page_src) if article else []

    @classmethod
    def placeholder(cls, regulation: RegulationView, number: int) -> "ArticleView":
        return cls(None, None, article_src(regulation.slug, str(number)), number)


# Regions of an editor's Markdown that must not get links: code, existing links and images, raw HTML tags,
# headings (they feed the table of contents), abbreviation definitions and URLs.
_PROTECTED = re.compile(
    r"(?ms)^(?P<fence>```|~~~).*?^(?P=fence)[^\n]*$"
    r"|`[^`\n]+`"
    r"|!?\[[^\]\n]*\]\([^)\n]*\)|!?\[[^\]\n]*\]\[[^\]\n]*\]"
    r"|<a\b[^>]*>.*?</a>"
    r"|<[^>\n]+>"
    r"|^#{1,6} [^\n]*$"
    r"|^\*\[[^\]\n]+\]:[^\n]*$"
    r"|https?://\S+"
)


def link_page_markdown(markdown: str, page_src: str, project: Project, regulation: str | None,
                       path: str | None = None) -> tuple[str, list]:
    """Link the article references in an editor's page (Q&A, case, interpretation …).

    ``regulation`` is the slug a bare 第X条 refers to on this page. Returns the new Markdown and the problems
    (references to one of our regulations that point at nothing), each with the page's file and line.
    """
    out, problems, position = [], [], 0
    for protected in [*_PROTECTED.finditer(markdown), None]:
        end = protected.start() if protected else len(markdown)
        lineno = markdown.count("\n", 0, position) + 1
        out.append(_link_chunk(markdown[position:end], page_src, project, regulation, path, lineno, problems))
        if protected:
            out.append(protected.group())
            position = protected.end()
    return "".join(out), problems


def _link_chunk(chunk: str, page_src: str, project: Project, regulation: str | None, path: str | None,
                lineno: int, problems: list) -> str:
    result = []
    for line_offset, line in enumerate(chunk.split("\n")):
        context = Context(regulation, path=path, lineno=lineno + line_offset)
        references, found = find_references(line, project.library, context)
        problems.extend(found)
        parts, position = [], 0
        for reference in references:
            parts.append(line[position:reference.start])
            to_src = article_src(reference.target.regulation, reference.target.article_slug)
            # Without the official text an article page has no paragraph or item anchors to point at.
            has_text = project.get(reference.target.regulation).regulation is not None
            anchor = reference.target.anchor if has_text else ""
            parts.append(f"[{reference.text}]({relative_link(page_src, to_src, anchor)})")
            position = reference.end
        parts.append(line[position:])
        result.append("".join(parts))
    return "\n".join(result)
