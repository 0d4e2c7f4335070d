"""Cross-references: find 本条例第X条第Y款第Z项, 前款, 《title》第X条 … in text and resolve them to anchors.

One :class:`Library` knows every configured regulation (slug, parsed tree, full and short titles). Given a piece
of text and where it stands (which regulation; for article text also which article and paragraph),
:func:`find_references` returns :class:`Reference` spans, each resolved to the most precise :class:`Target`
(article, paragraph or item), plus a :class:`~generator.errors.Problem` for every reference that names one of
our regulations but points at nothing. References to laws we do not publish (《行政诉讼法》第二条, 刑法第X条)
are left alone. :class:`LinkGraph` turns all references into "cited by" lists.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from . import ids
from .errors import Problem
from .model import Article, Regulation
from .numerals import CN_NUMERAL, NUMBER, cn_to_int

_NUM = NUMBER
_SELF_PREFIXES = ("本条例", "本法", "本规定", "本办法", "本细则", "本决定", "本规则", "本准则", "本解释")
_REFERENCE = re.compile(
    rf"(?P<prefix>{'|'.join(_SELF_PREFIXES)}|《(?P<title>[^《》\n]{{1,60}})》)?"
    rf"(?:第(?P<art>{_NUM}) ?条(?:之(?P<suffix>{CN_NUMERAL}))?(?:第(?P<para>{_NUM})款)?(?:第(?P<item>{_NUM})项)?"
    rf"|(?P<relative>本条(?!例)|本款|前款|前(?P<previous>[两二三四五六七八九])款)(?:第(?P<rel_item>{_NUM})项)?"
    rf"|第(?P<only_para>{_NUM})款(?:第(?P<para_item>{_NUM})项)?"
    rf"|第(?P<only_item>{_NUM})项)"
)
# A reference directly after one of these continues a list or range and keeps the regulation of the one before.
_CONNECTOR = re.compile(r"^\s*(?:、|，|和|或者|或|及|以及|与|至|到)\s*$")
# Text right before a bare 第X条 naming some other act (刑法第二十条, 行政诉讼法第二条): not ours.
_OTHER_ACT = re.compile(r"(?:法|条例|规定|办法|细则|决定|解释|规则|准则|章程|公约|》)$")


@dataclass(frozen=True, slots=True)
class Target:
    """Where a reference points: an article, or one of its paragraphs or items."""

    regulation: str
    """The slug of the regulation."""
    article: int
    suffix: int | None = None
    paragraph: int | None = None
    item: int | None = None

    @property
    def anchor(self) -> str:
        if self.item is not None:
            return ids.item_anchor(self.article, self.suffix, self.paragraph or 1, self.item)
        if self.paragraph is not None:
            return ids.paragraph_anchor(self.article, self.suffix, self.paragraph)
        return ids.article_anchor(self.article, self.suffix)

    @property
    def article_anchor(self) -> str:
        return ids.article_anchor(self.article, self.suffix)

    @property
    def article_slug(self) -> str:
        return ids.article_slug(self.article, self.suffix)

    @property
    def article_key(self) -> tuple[str, int, int]:
        return (self.regulation, self.article, self.suffix or 0)


@dataclass(frozen=True, slots=True)
class Reference:
    """A span of text that cites one of our regulations."""

    start: int
    end: int
    text: str
    target: Target
    also: tuple[Target, ...] = ()
    """Further articles or paragraphs the span covers: the middle of 第二十条至第二十六条, the first of 前两款."""


@dataclass(frozen=True, slots=True)
class Context:
    """Where a text stands: which regulation 本条例 means, and for article text the article and paragraph."""

    regulation: str | None
    article: Article | None = None
    paragraph: int | None = None
    """1-based index of the paragraph the text belongs to."""
    path: str | None = None
    lineno: int | None = None


@dataclass
class Library:
    """All configured regulations, by slug and by every title a reader may use for them."""

    regulations: dict[str, Regulation | None] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    """Full and short titles → slug."""
    article_counts: dict[str, int] = field(default_factory=dict)
    """For regulations whose text is missing: how many articles they have, so 第X条 can still be linked."""

    def add(self, slug: str, regulation: Regulation | None, titles: list[str] | tuple[str, ...] = (),
            article_count: int | None = None) -> None:
        """Register a regulation; ``regulation`` is None when its source text is missing."""
        self.regulations[slug] = regulation
        if regulation is None and article_count:
            self.article_counts[slug] = article_count
        names = list(titles) + ([regulation.title] if regulation else [])
        for name in names:
            self.titles[name] = slug
            if name.startswith("中华人民共和国"):
                self.titles[name.removeprefix("中华人民共和国")] = slug

    def slug_for_title(self, title: str) -> str | None:
        return self.titles.get(title.strip())


def find_references(text: str, library: Library, context: Context) -> tuple[list[Reference], list[Problem]]:
    """Find and resolve every reference in ``text``.

    Returns the resolved references in text order and one problem per reference to one of our regulations
    that does not resolve (the text is then left as it is).
    """
    references: list[Reference] = []
    problems: list[Problem] = []
    previous_end = None
    previous_regulation: str | None = None
    previous_target: Target | None = None
    for match in _REFERENCE.finditer(text):
        joined = previous_end is not None and bool(_CONNECTOR.match(text[previous_end:match.start()]))
        if joined and previous_regulation is None and not match["prefix"]:
            # The list continues a reference to an act we do not publish (刑法第二十条、第二十一条).
            previous_end = match.end()
            continue
        regulation = _regulation_of(match, text, library, context, previous_regulation if joined else None)
        previous_end, previous_regulation = match.end(), regulation
        if regulation is None:
            previous_target = None
            continue
        try:
            target, error = _resolve(match, regulation, library, context)
        except ValueError:  # 第十十条: a mistyped number; say so instead of guessing
            problems.append(Problem(context.path, context.lineno,
                                    f"unresolved reference {match.group()!r}: the number cannot be read",
                                    "numbers are written 一 … 九十九, 一百零一, or in Arabic digits.",
                                    kind="unresolved-reference"))
            previous_target = None
            continue
        if error:
            problems.append(Problem(context.path, context.lineno, f"unresolved reference {match.group()!r}: {error}",
                                    "check the number; the text is published without a link.",
                                    kind="unresolved-reference"))
            previous_target = None
            continue
        if target is None:
            continue
        also = _covered(match, text, target, previous_target, library, context) if joined else ()
        also += _earlier_paragraphs(match, target)  # its numeral was read by _resolve already
        references.append(Reference(match.start(), match.end(), match.group(), target, also))
        previous_target = target
    return references, problems


def _regulation_of(match: re.Match, text: str, library: Library, context: Context,
                   inherited: str | None) -> str | None:
    if match["title"]:
        return library.slug_for_title(match["title"])
    if match["prefix"]:
        return context.regulation
    if inherited is not None:
        return inherited
    if match["art"] and _OTHER_ACT.search(text[max(0, match.start() - 12):match.start()]):
        return None
    return context.regulation


def _resolve(match: re.Match, slug: str, library: Library, context: Context) -> tuple[Target | None, str]:
    """The target of one match, or an error message; (None, "") for relative references without a context."""
    regulation = library.regulations.get(slug)
    if regulation is None:
        return _without_text(match, slug, library)
    if match["art"]:
        article = regulation.find(cn_to_int(match["art"]), cn_to_int(match["suffix"]) if match["suffix"] else None)
        if article is None:
            label = f"第{match['art']}条" + (f"之{match['suffix']}" if match["suffix"] else "")
            return None, f"{regulation.title} has no {label}"
        return _within(article, slug, match["para"], match["item"])
    here = context.article if slug == context.regulation else None
    if here is None:
        return None, ""
    if match["relative"]:
        return _relative(match, here, slug, context.paragraph or 1)
    if match["only_para"]:
        return _within(here, slug, match["only_para"], match["para_item"])
    paragraph = _paragraph_with_items(here, context.paragraph or 1)
    return _within(here, slug, str(paragraph) if paragraph else None, match["only_item"])


def _without_text(match: re.Match, slug: str, library: Library) -> tuple[Target | None, str]:
    """Without the official text only whole articles can be linked (their pages exist; anchors inside do not)."""
    count = library.article_counts.get(slug)
    if not count or not match["art"] or match["suffix"]:
        return None, ""
    number = cn_to_int(match["art"])
    if not 1 <= number <= count:
        return None, f"it has {count} articles"
    return Target(slug, number), ""


def _relative(match: re.Match, here: Article, slug: str, paragraph: int) -> tuple[Target | None, str]:
    word = match["relative"]
    if word == "本条" and not match["rel_item"]:
        return Target(slug, here.number, here.suffix), ""
    if word == "本条":
        item_paragraph = _paragraph_with_items(here, paragraph)
        return _within(here, slug, str(item_paragraph) if item_paragraph else None, match["rel_item"])
    back = 0 if word == "本款" else cn_to_int(match["previous"]) if match["previous"] else 1
    if paragraph - back < 1:
        return None, f"{word} in the first paragraph of {here.label} has nothing before it"
    return _within(here, slug, str(paragraph - back), match["rel_item"])


def _within(article: Article, slug: str, para: str | None, item: str | None) -> tuple[Target | None, str]:
    """Target an article, or one of its paragraphs/items, checking that it exists."""
    paragraph = cn_to_int(para) if para else None
    item_number = cn_to_int(item) if item else None
    if paragraph == 0 or item_number == 0:
        return None, "paragraphs (款) and items (项) are numbered from 一"
    if item_number is not None and paragraph is None:
        paragraph = next((i for i, p in enumerate(article.paragraphs, 1) if len(p.items) >= item_number), None)
        if paragraph is None:
            return None, f"{article.label} has no item {item_number}"
    if paragraph is not None and paragraph > len(article.paragraphs):
        return None, f"{article.label} has {len(article.paragraphs)} paragraph(s), not {paragraph}"
    if item_number is not None and item_number > len(article.paragraphs[paragraph - 1].items):
        return None, f"paragraph {paragraph} of {article.label} has no item {item_number}"
    return Target(slug, article.number, article.suffix, paragraph, item_number), ""


def _paragraph_with_items(article: Article, paragraph: int) -> int | None:
    """The paragraph whose items a bare 第X项 means: this one if it has items, else the nearest one before."""
    for index in range(min(paragraph, len(article.paragraphs)), 0, -1):
        if article.paragraphs[index - 1].items:
            return index
    return None


def _covered(match: re.Match, text: str, target: Target, previous: Target | None, library: Library,
             context: Context) -> tuple[Target, ...]:
    """For 第X条至第Y条, the articles strictly between X and Y."""
    if previous is None or "至" not in text[:match.start()][-3:] and "到" not in text[:match.start()][-3:]:
        return ()
    if previous.regulation != target.regulation or target.paragraph or previous.paragraph:
        return ()
    regulation = library.regulations[target.regulation]
    if regulation is None:
        return tuple(Target(target.regulation, n) for n in range(previous.article + 1, target.article))
    return tuple(Target(target.regulation, a.number, a.suffix) for a in regulation.articles()
                 if (previous.article, previous.suffix or 0) < a.key < (target.article, target.suffix or 0))


def _earlier_paragraphs(match: re.Match, target: Target) -> tuple[Target, ...]:
    """前两款 links to the first of the two paragraphs and covers the other one too."""
    if not match["previous"] or target.paragraph is None:
        return ()
    count = cn_to_int(match["previous"])
    return tuple(Target(target.regulation, target.article, target.suffix, target.paragraph + offset)
                 for offset in range(1, count))


@dataclass(frozen=True, slots=True)
class Citation:
    """One article citing another: ``source`` (an article key) cites ``target`` through ``text``."""

    source: tuple[str, int, int]
    target: Target
    text: str


class LinkGraph:
    """Article ↔ article references across every regulation of the library, with reverse lookup."""

    def __init__(self) -> None:
        self._cited_by: dict[tuple[str, int, int], list[Citation]] = defaultdict(list)
        self._cites: dict[tuple[str, int, int], list[Citation]] = defaultdict(list)

    def add(self, source: tuple[str, int, int], reference: Reference) -> None:
        for target in (reference.target, *reference.also):
            citation = Citation(source, target, reference.text)
            if target.article_key == source:
                continue
            self._cited_by[target.article_key].append(citation)
            self._cites[source].append(citation)

    def cited_by(self, regulation: str, article: Article) -> list[Citation]:
        """Citations of ``article`` from other articles, in source order, one per citing article and target."""
        seen, result = set(), []
        for citation in self._cited_by.get((regulation, article.number, article.suffix or 0), []):
            key = (citation.source, citation.target)
            if key not in seen:
                seen.add(key)
                result.append(citation)
        return sorted(result, key=lambda c: c.source)

    def cites(self, regulation: str, article: Article) -> list[Citation]:
        return list(self._cites.get((regulation, article.number, article.suffix or 0), []))


def link_regulation(slug: str, regulation: Regulation, library: Library, graph: LinkGraph
                    ) -> tuple[dict[tuple[int, int, int | None], list[Reference]], list[Problem]]:
    """Find the references in every paragraph and item of ``regulation`` and add them to ``graph``.

    Returns the references keyed by (article key…, paragraph, item index or None) — see :func:`text_key` —
    and the problems found.
    """
    found: dict = {}
    problems: list[Problem] = []
    for article in regulation.articles():
        source = (slug, article.number, article.suffix or 0)
        for p_index, paragraph in enumerate(article.paragraphs, 1):
            texts = [(None, paragraph.text, paragraph.lineno)]
            texts += [(i_index, item.text, item.lineno) for i_index, item in enumerate(paragraph.items, 1)]
            for i_index, text, lineno in texts:
                context = Context(slug, article, p_index, regulation.path, lineno)
                references, issues = find_references(text, library, context)
                problems.extend(issues)
                if references:
                    found[text_key(article, p_index, i_index)] = references
                for reference in references:
                    graph.add(source, reference)
    return found, problems


def text_key(article: Article, paragraph: int, item: int | None) -> tuple:
    """Key of one paragraph (item None) or item text in the dict :func:`link_regulation` returns."""
    return (article.number, article.suffix or 0, paragraph, item)
