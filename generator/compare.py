"""新旧对照: which articles of an old regulation each article of its successor continues, and what changed.

The alignment is computed from the two texts, then corrected by the editors where the computation is wrong:

1. every article becomes a vector of character bigrams weighted by tf-idf over both texts (bigrams need no
   dictionary and capture legal phrases: 信访, 复查, 受理);
2. the cosine similarity of every new/old pair is computed;
3. each new article's primary predecessor is the most similar old article, with a small bonus for the one an
   order-preserving alignment (dynamic programming, as for sequences) picks, which settles near ties; none (新增)
   where no old article is similar enough;
4. further predecessors are old articles almost as similar (two old articles merged into one new one);
5. an override file ``docs/duizhao/<old>--<new>.yml`` sets the predecessors of the articles it lists.

Old articles that no new article continues are 删除/未保留. :func:`word_diff` gives the inline, word-level
difference of two article texts. Nothing here imports MkDocs.
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .errors import ContentError
from .frontmatter import glossary_entries
from .model import Article, Regulation

MATCH = 0.15
"""Least similarity for an old article to count as a predecessor at all."""
MERGED = 0.6
"""A second predecessor must be at least this share of the primary's similarity (and above MATCH)."""
IN_ORDER = 0.05
"""Bonus for the old article the order-preserving alignment chose: it settles near ties, never overrules a clearly
more similar article elsewhere (revisions move articles: 2005's 第二十条 is 2022's 第二十六条)."""
_HAN = re.compile(r"[\u4e00-\u9fff]+")


@dataclass(frozen=True, slots=True)
class Pair:
    """One article of the new regulation and its predecessors (primary first); ``new`` None for a removed one."""

    new: int | None
    old: tuple[int, ...]
    score: float
    overridden: bool = False

    def as_dict(self) -> dict:
        return {"new": self.new, "old": list(self.old), "score": round(self.score, 3)}


@dataclass(frozen=True, slots=True)
class Alignment:
    old_slug: str
    new_slug: str
    pairs: tuple[Pair, ...]
    """Every new article in order, then every old article no new one continues (``new`` None)."""

    def for_new(self, number: int) -> Pair | None:
        return next((pair for pair in self.pairs if pair.new == number), None)

    def successors(self, old_number: int) -> list[int]:
        return [pair.new for pair in self.pairs if pair.new is not None and old_number in pair.old]

    @property
    def added(self) -> list[int]:
        return [pair.new for pair in self.pairs if pair.new is not None and not pair.old]

    @property
    def removed(self) -> list[int]:
        return [pair.old[0] for pair in self.pairs if pair.new is None]


def _bigrams(text: str) -> Counter:
    return Counter(run[i:i + 2] for run in _HAN.findall(text) for i in range(len(run) - 1))


def _vectors(articles: list[Article], idf: dict[str, float]) -> list[dict[str, float]]:
    vectors = []
    for article in articles:
        weights = {gram: (1 + math.log(count)) * idf[gram] for gram, count in _bigrams(article.text).items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors.append({gram: w / norm for gram, w in weights.items()})
    return vectors


def similarities(old: list[Article], new: list[Article]) -> list[list[float]]:
    """``result[i][j]``: cosine similarity of new article i and old article j (tf-idf over character bigrams)."""
    documents = [_bigrams(article.text) for article in [*old, *new]]
    frequency = Counter(gram for document in documents for gram in document)
    idf = {gram: math.log((1 + len(documents)) / (1 + count)) + 1 for gram, count in frequency.items()}
    old_vectors, new_vectors = _vectors(old, idf), _vectors(new, idf)
    return [[sum(w * o.get(g, 0.0) for g, w in n.items()) for o in old_vectors] for n in new_vectors]


def _monotone(scores: list[list[float]]) -> dict[int, int]:
    """The order-preserving matching of new to old articles with the largest total similarity (pairs below MATCH
    are never matched): new index → old index."""
    rows, cols = len(scores), len(scores[0]) if scores else 0
    best = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(1, rows + 1):
        for j in range(1, cols + 1):
            match = best[i - 1][j - 1] + scores[i - 1][j - 1] if scores[i - 1][j - 1] >= MATCH else -1.0
            best[i][j] = max(best[i - 1][j], best[i][j - 1], match)
    pairs, i, j = {}, rows, cols
    while i and j:
        score = scores[i - 1][j - 1]
        if score >= MATCH and best[i][j] == best[i - 1][j - 1] + score:
            pairs[i - 1] = j - 1
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return pairs


def align(old_slug: str, old: Regulation, new_slug: str, new: Regulation,
          overrides: dict[int, tuple[int, ...]] | None = None) -> Alignment:
    """The alignment of ``new``'s articles to ``old``'s (see the module docstring)."""
    old_articles, new_articles = list(old.articles()), list(new.articles())
    scores = similarities(old_articles, new_articles)
    primary = _monotone(scores)
    overrides = overrides or {}
    pairs = []
    for i, article in enumerate(new_articles):
        if article.number in overrides:
            chosen = overrides[article.number]
            index = {a.number: k for k, a in enumerate(old_articles)}
            score = max((scores[i][index[n]] for n in chosen if n in index), default=0.0)
            pairs.append(Pair(article.number, chosen, score, overridden=True))
            continue
        adjusted = [score + (IN_ORDER if primary.get(i) == j else 0.0) for j, score in enumerate(scores[i])]
        best = max(range(len(adjusted)), key=lambda j: adjusted[j], default=None)
        if best is None or scores[i][best] < MATCH:
            pairs.append(Pair(article.number, (), max(scores[i], default=0.0)))
            continue
        top = scores[i][best]
        others = sorted((j for j, score in enumerate(scores[i])
                         if j != best and score >= MATCH and score >= MERGED * top),
                        key=lambda j: -scores[i][j])
        pairs.append(Pair(article.number, tuple(old_articles[j].number for j in [best, *others]), top))
    continued = {number for pair in pairs for number in pair.old}
    pairs += [Pair(None, (article.number,), 0.0) for article in old_articles if article.number not in continued]
    return Alignment(old_slug, new_slug, tuple(pairs))


def override_path(docs_dir: Path, old_slug: str, new_slug: str) -> Path:
    return docs_dir / "duizhao" / f"{old_slug}--{new_slug}.yml"


def read_overrides(path: Path, old: Regulation | None, new: Regulation | None) -> dict[int, tuple[int, ...]]:
    """The editors' corrections: a YAML list of ``- new: 7`` / ``  old: []`` (新增) or ``old: [17, 19]``.

    Raises:
        ContentError: naming the file and line of an entry that is malformed or names an article that does not exist.
    """
    if not path.is_file():
        return {}
    overrides: dict[int, tuple[int, ...]] = {}
    old_numbers = {a.number for a in old.articles()} if old else None
    new_numbers = {a.number for a in new.articles()} if new else None
    for entry, lines, _ in glossary_entries(path.read_text(encoding="utf-8"), path):
        lineno = lines.get("", 1)
        if not isinstance(entry, dict) or set(entry) - {"new", "old", "note"} or "new" not in entry \
                or not isinstance(entry.get("old", []), list):
            raise ContentError("expected an entry 'new: <number>' with 'old: [<numbers>]' (and an optional note)",
                               path=path, lineno=lineno, hint="- new: 19\n  old: [17, 19]")
        number, previous = entry["new"], entry.get("old") or []
        if not isinstance(number, int) or (new_numbers is not None and number not in new_numbers):
            raise ContentError(f"the new regulation has no article {number!r}", path=path,
                               lineno=lines.get("new", lineno), hint="write the article's number, e.g. new: 19.")
        for value in previous:
            if not isinstance(value, int) or (old_numbers is not None and value not in old_numbers):
                raise ContentError(f"the old regulation has no article {value!r}", path=path,
                                   lineno=lines.get("old", lineno), hint="write article numbers, e.g. old: [17, 19].")
        overrides[number] = tuple(previous)
    return overrides


def word_diff(old_text: str, new_text: str) -> list[tuple[str, str]]:
    """The word-level difference as ``(op, text)`` pieces, op one of ``same``, ``del``, ``ins``."""
    import rjieba

    old_words, new_words = rjieba.cut(old_text), rjieba.cut(new_text)
    pieces: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("same", "".join(old_words[a0:a1])))
            continue
        if a1 > a0:
            pieces.append(("del", "".join(old_words[a0:a1])))
        if b1 > b0:
            pieces.append(("ins", "".join(new_words[b0:b1])))
    return pieces


def word_diffs(pairs: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """:func:`word_diff` of every ``(old text, new text)``, kept in the cache: segmenting needs rjieba, whose
    dictionary takes a tenth of a second to load, as long as the rest of a comparison page."""
    from .cache import cache_path, code_fingerprint, read_pickled, store_pickled

    key = "\0".join([code_fingerprint(), *(f"{old}\0{new}" for old, new in pairs)])
    found = read_pickled(cache_path("diffs", key, ".pickle"))
    if isinstance(found, list) and len(found) == len(pairs):
        return found
    diffs = [word_diff(old, new) for old, new in pairs]
    store_pickled("diffs", key, ".pickle", diffs)
    return diffs


def load_alignments(project, pairs: list[tuple[str, str]], docs_dir: Path) -> tuple[list[Alignment], list]:
    """The configured comparisons whose two texts are both loaded, and the problems of their override files.

    ``pairs`` are ``(old slug, new slug)``; a pair naming an unconfigured regulation is a problem, a pair whose text
    is missing is simply skipped (its pages say the text is missing).
    """
    from .errors import Problem, PufaError

    alignments, problems = [], []
    for old_slug, new_slug in pairs:
        old, new = project.get(old_slug), project.get(new_slug)
        if old is None or new is None:
            problems.append(Problem("mkdocs.yml", None, f"compare: {old_slug} → {new_slug} names a regulation that "
                                    "is not configured", "use slugs from plugins.pufa.regulations.",
                                    "compare", "error"))
            continue
        try:
            overrides = read_overrides(override_path(docs_dir, old_slug, new_slug), old.regulation, new.regulation)
        except PufaError as error:
            problems.append(Problem(error.path, error.lineno, error.message, error.hint, "compare", "error"))
            continue
        if old.regulation is not None and new.regulation is not None:
            alignments.append(align(old_slug, old.regulation, new_slug, new.regulation, overrides))
    return alignments, problems
