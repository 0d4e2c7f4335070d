"""The parsed regulation: an immutable tree of small dataclasses.

``Regulation → Part(编) → Chapter(章) → Section(节) → Article(条) → Paragraph(款) → Item(项) → SubItem(目)``.
Any level above Article may be missing (many regulations have no 编 or 节; a short one has no 章). Every node keeps
the line of the source file it starts on. Nodes hold no parent pointers (they are frozen); the
:class:`Regulation` answers "where does this article stand" through :meth:`Regulation.ancestors`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar, Iterator, Union

from . import ids


def article_label(number: int, suffix: int | None = None) -> str:
    """第二十二条, 第十条之一: an article's number as the text writes it."""
    from .numerals import int_to_cn

    return f"第{int_to_cn(number)}条" + (f"之{int_to_cn(suffix)}" if suffix else "")


@dataclass(frozen=True, slots=True)
class SubItem:
    """目: ``1．…`` under an item."""

    number: int
    text: str
    """The whole line, marker included: ``1．国家机关…``."""
    lineno: int


@dataclass(frozen=True, slots=True)
class Item:
    """项: ``（一）…`` inside a paragraph, kept with its marker."""

    number: int
    text: str
    """The whole line, marker included: ``（六）不属于以上情形的…``."""
    lineno: int
    subitems: tuple[SubItem, ...] = ()

    @property
    def body(self) -> str:
        """The text after the marker."""
        return self.text.split("）", 1)[1] if self.text.startswith("（") else self.text


@dataclass(frozen=True, slots=True)
class Paragraph:
    """款: the article line's text, or one of the lines that follow it, with the items listed under it."""

    text: str
    lineno: int
    items: tuple[Item, ...] = ()

    @property
    def endlineno(self) -> int:
        last = self.items[-1] if self.items else None
        if last is None:
            return self.lineno
        return last.subitems[-1].lineno if last.subitems else last.lineno


@dataclass(frozen=True, slots=True)
class Article:
    """条."""

    number: int
    suffix: int | None
    """1 for 第十条之一, 2 for 之二; None for an ordinary article."""
    label: str
    """The number as written in the text, normalised: ``第二十二条``, ``第十条之一``."""
    paragraphs: tuple[Paragraph, ...]
    lineno: int

    @property
    def key(self) -> tuple[int, int]:
        """Sort key: 第十条 < 第十条之一 < 第十一条."""
        return (self.number, self.suffix or 0)

    @property
    def slug(self) -> str:
        """The URL segment of the article's page: ``22``, ``10-1``."""
        return ids.article_slug(self.number, self.suffix)

    @property
    def anchor(self) -> str:
        return ids.article_anchor(self.number, self.suffix)

    @property
    def endlineno(self) -> int:
        return self.paragraphs[-1].endlineno if self.paragraphs else self.lineno

    @property
    def text(self) -> str:
        """All paragraphs, items and sub-items, one per line, without the label."""
        return "\n".join(line for paragraph in self.paragraphs for line in _paragraph_lines(paragraph))


def _paragraph_lines(paragraph: Paragraph) -> Iterator[str]:
    yield paragraph.text
    for item in paragraph.items:
        yield item.text
        yield from (sub.text for sub in item.subitems)


@dataclass(frozen=True, slots=True)
class TextBlock:
    """A line of the body that belongs to no article (an appendix list, a table row after the last article),
    kept where it stands so that a tolerant parse publishes the text in its order."""

    text: str
    lineno: int


@dataclass(frozen=True, slots=True)
class Division:
    """A heading that groups articles: 编, 章 or 节."""

    kind: ClassVar[str] = "division"
    unit: ClassVar[str] = ""

    number: int
    title: str
    """The heading's title with its spacing removed: ``总则`` for ``总　　则``."""
    lineno: int
    children: tuple[Union["Division", Article, "TextBlock"], ...] = ()

    @property
    def label(self) -> str:
        from .numerals import int_to_cn

        return f"第{int_to_cn(self.number)}{self.unit}"

    @property
    def heading(self) -> str:
        return f"{self.label} {self.title}".strip()

    def articles(self) -> Iterator[Article]:
        for child in self.children:
            if isinstance(child, Article):
                yield child
            elif isinstance(child, Division):
                yield from child.articles()


@dataclass(frozen=True, slots=True)
class Part(Division):
    kind: ClassVar[str] = "part"
    unit: ClassVar[str] = "编"


@dataclass(frozen=True, slots=True)
class Chapter(Division):
    kind: ClassVar[str] = "chapter"
    unit: ClassVar[str] = "章"


@dataclass(frozen=True, slots=True)
class Section(Division):
    kind: ClassVar[str] = "section"
    unit: ClassVar[str] = "节"


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the issuing note and the final articles say about the regulation's history."""

    note: str = ""
    """The issuing note as written, without its brackets; several lines joined by a space."""
    adopted: dt.date | None = None
    published: dt.date | None = None
    effective: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Regulation:
    """The root of the tree."""

    title: str
    meta: Metadata
    preamble: tuple[Paragraph, ...]
    """序言 (constitution-style texts), or the unnumbered lines before the first article of a short text."""
    body: tuple[Union[Division, Article, TextBlock], ...]
    path: str = ""
    """The source file the tree was parsed from."""
    _ancestry: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ancestry: dict[tuple[int, int], tuple[Division, ...]] = {}

        def walk(nodes, trail):
            for node in nodes:
                if isinstance(node, Article):
                    ancestry.setdefault(node.key, trail)
                elif isinstance(node, Division):
                    walk(node.children, trail + (node,))

        walk(self.body, ())
        object.__setattr__(self, "_ancestry", ancestry)

    def articles(self) -> Iterator[Article]:
        for node in self.body:
            if isinstance(node, Article):
                yield node
            elif isinstance(node, Division):
                yield from node.articles()

    def divisions(self, kind: type[Division] = Division) -> Iterator[Division]:
        """Every 编/章/节 in reading order, or those of one kind."""
        def walk(nodes):
            for node in nodes:
                if isinstance(node, Division):
                    if isinstance(node, kind):
                        yield node
                    yield from walk(node.children)
        yield from walk(self.body)

    def ancestors(self, article: Article) -> tuple[Division, ...]:
        """The headings above ``article``, outermost first: (Part?, Chapter?, Section?)."""
        return self._ancestry[article.key]

    def find(self, number: int, suffix: int | None = None) -> Article | None:
        for article in self.articles():
            if article.number == number and article.suffix == suffix:
                return article
        return None

    def as_dict(self) -> dict:
        """The JSON shape of ``pufa parse --json`` (see DESIGN.md)."""
        return _as_dict(self)


def _as_dict(regulation: Regulation) -> dict:
    def number_of(trail, kind):
        return next((d.number for d in trail if d.kind == kind), None)

    def chapter_of(division):
        return next((number_of(regulation._ancestry.get(a.key, ()), "chapter") for a in division.articles()), None)

    def part_of(division):
        return next((number_of(regulation._ancestry.get(a.key, ()), "part") for a in division.articles()), None)

    articles = []
    for article in regulation.articles():
        trail = regulation.ancestors(article)
        articles.append({
            "number": article.number, "suffix": article.suffix, "label": article.label,
            "part": number_of(trail, "part"), "chapter": number_of(trail, "chapter"),
            "section": number_of(trail, "section"), "line": article.lineno,
            "paragraphs": [_paragraph_dict(p) for p in article.paragraphs],
        })
    meta = {"note": regulation.meta.note}
    for name in ("adopted", "published", "effective"):
        value = getattr(regulation.meta, name)
        meta[name] = value.isoformat() if value else None
    return {
        "title": regulation.title,
        "meta": meta,
        "preamble": [p.text for p in regulation.preamble],
        "parts": [{"number": d.number, "label": d.label, "title": d.title, "line": d.lineno}
                  for d in regulation.divisions(Part)],
        "chapters": [{"number": d.number, "label": d.label, "title": d.title, "part": part_of(d), "line": d.lineno}
                     for d in regulation.divisions(Chapter)],
        "sections": [{"number": d.number, "label": d.label, "title": d.title, "chapter": chapter_of(d),
                      "line": d.lineno} for d in regulation.divisions(Section)],
        "articles": articles,
    }


def _paragraph_dict(paragraph: Paragraph) -> dict:
    data: dict = {"text": paragraph.text, "items": [item.text for item in paragraph.items]}
    if any(item.subitems for item in paragraph.items):
        data["subitems"] = [[sub.text for sub in item.subitems] for item in paragraph.items]
    return data
