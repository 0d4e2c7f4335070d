"""The project and the content pack as search documents: one record per article, interpretation, Q&A, case
and glossary term, the same for both engines.

An article's document also carries, in its ``extra`` field, the plain-language words that editors attached to
it: the interpretation's 条旨 and summary and the questions of the Q&A that cite it. That is how 上访以后多久能
给我答复 finds 第三十四条, whose own text never says 上访 or 多久.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.content import ContentPack
from generator.model import Article
from generator.project import Project
from generator.render import article_src, page_url

LABELS = {"article": "条文", "interpretation": "解读", "qa": "问答", "case": "案例", "term": "术语"}


@dataclass(frozen=True, slots=True)
class Passage:
    """A piece of a document's text that a snippet can come from, with its anchor on the page."""

    text: str
    anchor: str = ""


@dataclass(frozen=True, slots=True)
class SearchDocument:
    id: str
    type: str
    """article, interpretation, qa, case or term."""
    title: str
    url: str
    """Site-relative URL of the page (and anchor), without a leading slash: ``tiaoli/xinfang-gongzuo-tiaoli/22/``."""
    body: str
    context: str = ""
    """Where it stands: chapter and section headings for an article, tags for a Q&A."""
    extra: str = ""
    """Plain-language words attached by editors (articles only)."""
    regulation: str | None = None
    article: int | None = None
    chapter: int | None = None
    """The chapter an article stands in (articles only)."""
    passages: tuple[Passage, ...] = ()

    @property
    def label(self) -> str:
        return LABELS[self.type]


def build_documents(project: Project, content: ContentPack, directory_urls: bool = True) -> list[SearchDocument]:
    docs: list[SearchDocument] = []
    for item in project.regulations:
        if item.regulation is None:
            continue
        for article in item.regulation.articles():
            docs.append(_article_document(item.slug, item.title, item.regulation, article, content, directory_urls))
    for (slug, number, suffix), interpretation in content.interpretations.items():
        src = article_src(slug, interpretation.article.target.article_slug)
        docs.append(SearchDocument(
            f"jiedu/{slug}/{interpretation.article.target.article_slug}", "interpretation",
            f"{interpretation.article.label}解读：{interpretation.title}", page_url(src, "jiedu", directory_urls),
            plain_text(interpretation.body), extra=interpretation.summary, regulation=slug, article=number,
            passages=_passages(interpretation.summary + "\n" + plain_text(interpretation.body))))
    for question in content.questions:
        body = plain_text(question.body)
        docs.append(SearchDocument(f"wenda/{question.id}", "qa", question.title,
                                   page_url(question.src_uri, "", directory_urls), body,
                                   context=" ".join((question.audience, *question.tags)), passages=_passages(body)))
    for case in content.cases:
        body = plain_text(case.body)
        docs.append(SearchDocument(f"anli/{case.id}", "case", case.title, page_url(case.src_uri, "", directory_urls),
                                   body, context=" ".join((case.region, case.outcome, *case.tags)),
                                   extra=case.summary, passages=_passages(case.summary + "\n" + body)))
    for term in content.terms:
        docs.append(SearchDocument(f"cidian/{term.term}", "term", term.term,
                                   page_url("cidian.md", term.anchor, directory_urls), term.definition,
                                   context=" ".join(term.aliases), passages=(Passage(term.definition),)))
    return docs


def _article_document(slug: str, title: str, regulation, article: Article, content: ContentPack,
                      directory_urls: bool) -> SearchDocument:
    interpretation = content.interpretation(slug, article.number, article.suffix)
    questions, _ = content.citing((slug, article.number, article.suffix or 0))
    gist = interpretation.title if interpretation else ""
    asked = interpretation.questions if interpretation else ()
    extra = " ".join([gist, interpretation.summary if interpretation else "", *asked, *(q.title for q in questions)])
    headings = " ".join(d.heading for d in regulation.ancestors(article))
    passages = []
    for p_index, paragraph in enumerate(article.paragraphs, 1):
        passages.append(Passage(paragraph.text, f"{article.anchor}-p{p_index}"))
        for i_index, item in enumerate(paragraph.items, 1):
            passages.append(Passage(item.text, f"{article.anchor}-p{p_index}-i{i_index}"))
    return SearchDocument(
        f"{slug}/{article.slug}", "article", f"{article.label} {gist}".strip(),
        page_url(article_src(slug, article.slug), "", directory_urls), article.text,
        context=f"{title} {headings}", extra=extra, regulation=slug, article=article.number,
        chapter=next((d.number for d in regulation.ancestors(article) if d.kind == "chapter"), None),
        passages=tuple(passages))


def library_documents(collection, directory_urls: bool = True) -> list[SearchDocument]:
    """One document per article of every text of a 法规库 (a text without articles: one for the whole text)."""
    from generator.library_pages import article_slugs, text_dir

    docs: list[SearchDocument] = []
    for text in collection.texts:
        regulation = text.regulation
        articles = list(regulation.articles())
        folder = text_dir(text)
        if not articles:
            body = "\n".join(paragraph.text for paragraph in regulation.preamble)
            docs.append(SearchDocument(folder, "article", text.title, _library_url(folder, directory_urls), body,
                                       context=text.title, regulation=text.id,
                                       passages=tuple(Passage(p.text) for p in regulation.preamble)))
            continue
        for article, slug in zip(articles, article_slugs(articles)):
            anchor = f"art-{slug}"
            passages = []
            for p_index, paragraph in enumerate(article.paragraphs, 1):
                passages.append(Passage(paragraph.text, f"{anchor}-p{p_index}"))
                for i_index, item in enumerate(paragraph.items, 1):
                    passages.append(Passage(item.text, f"{anchor}-p{p_index}-i{i_index}"))
            headings = " ".join(d.heading for d in regulation.ancestors(article))
            docs.append(SearchDocument(
                f"{folder}/{slug}", "article", article.label, _library_url(f"{folder}/{slug}", directory_urls),
                article.text, context=f"{text.title} {headings}", regulation=text.id, article=article.number,
                passages=tuple(passages)))
    return docs


def _library_url(folder: str, directory_urls: bool) -> str:
    """Library pages are always folders with an index.html (written outside MkDocs)."""
    return f"{folder}/" if directory_urls else f"{folder}/index.html"


def library_labels(collection) -> dict[str, dict]:
    """text id → its title and status label, as :func:`regulation_labels` gives for configured regulations."""
    return {text.id: {"title": text.title, "label": "已废止" if text.status == "已废止" else "现行", "successor": None}
            for text in collection.texts}


def regulation_labels(project: Project) -> dict[str, dict]:
    """slug → the regulation's short title, its status label (现行 / 已废止 / 地方性法规) for every result, and
    the slug of the regulation that replaced it."""
    return {item.slug: {"title": item.spec.short_titles[0] if item.spec.short_titles else item.title,
                        "label": item.spec.label, "successor": item.spec.repealed_by}
            for item in project.regulations}


_MARKDOWN = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_`>#]+|\{:[^}]*\}|<[^>]+>")


def plain_text(markdown: str) -> str:
    """Markdown → text good enough for indexing and snippets (links keep their text)."""
    text = _MARKDOWN.sub(lambda m: m.group(1) or "", markdown)
    return "\n".join(line.strip(" -") for line in text.splitlines() if line.strip(" -"))


def _passages(text: str) -> tuple[Passage, ...]:
    return tuple(Passage(line) for line in text.splitlines() if line.strip())
