"""The one Chinese analyzer behind both search engines (Whoosh in the CLI, the in-browser index).

What it does, in order:

1. **normalise** (:func:`normalize`): full-width letters and digits to ASCII, lower case, and numerals in numeric
   contexts to Arabic digits — 六十日 = 60日 = 六十天, 十五日, 5个工作日, 第三十一条 = 第31条 = 31条 — keeping a map
   from every normalised character back to the original, so snippets highlight the text as written;
2. **segment** with jieba (the ``rjieba`` binding, 15× faster than ``jieba``), in search mode (信访工作联席会议 also
   yields 联席会议), with a user dictionary of the regulations' own terms so 信访事项, 联席会议, 诉访分离 stay whole;
3. **drop stop words** (``data/stopwords.txt``);
4. for queries, **expand colloquial words** with the statute's words (``data/synonyms.yml``: 上访 → 信访/走访,
   多久 → 期限/日内, 不服 → 复查/复核 …), at a lower weight.

It does not rank or store anything: that is :mod:`search_index.engine` and the browser client.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import rjieba
import yaml
from whoosh.analysis import Token, Tokenizer

from generator.grammar import NUMERIC, WIDTH
from generator.numerals import cn_to_int

DATA = Path(__file__).parent / "data"
SYNONYM_WEIGHT = 0.5
"""Weight of a word added by the synonym table, relative to a word the user typed."""
BROAD_WEIGHT = 0.3
BROAD_LIMIT = 24
"""A broad match (a query nothing matched) searches at most this many related index terms, at this weight."""

_NUMERIC = re.compile(NUMERIC)
_ORDINAL = re.compile(r"第[0-9]+[条款项章节编]")
_TOKEN = re.compile(r"[0-9]+(?:\.[0-9]+)?|[a-z]+|第[0-9]+[条款项章节编]")


@dataclass(frozen=True, slots=True)
class Term:
    """One token of analysed text: the term and where it stands in the *original* text."""

    text: str
    start: int
    end: int


def normalize(text: str) -> tuple[str, list[int]]:
    """Normalise ``text``; return it with, for each character, its index in the original (plus one end index)."""
    lowered = text.translate(WIDTH).lower()
    out: list[str] = []
    mapping: list[int] = []
    position = 0
    for match in _NUMERIC.finditer(lowered):
        start = match.end("before") if match["bare"] else match.start()
        out.append(lowered[position:start])
        mapping.extend(range(position, start))
        for piece, start, end in _replacement(match):
            out.append(piece)
            mapping.extend(_spread(start, end, len(piece)))
        position = match.end()
    out.append(lowered[position:])
    mapping.extend(range(position, len(lowered)))
    mapping.append(len(lowered))
    return "".join(out), mapping


def _replacement(match: re.Match) -> list[tuple[str, int, int]]:
    """The replacement as pieces, each with the span of the original it stands for: 第 | 31 | 条."""
    if match["ordinal"]:
        number = match.span("ordinal")
        return [("第", match.start(), number[0]), (_arabic(match["ordinal"]), *number),
                (match["kind"], *match.span("kind"))]
    if match["count"]:
        unit = "日" if match["unit"] == "天" else match["unit"]
        return [(_arabic(match["count"]), *match.span("count")), (unit, *match.span("unit"))]
    if match["bare"]:
        return [("第", match.start("bare"), match.start("bare")), (match["bare"], *match.span("bare"))]
    return [(match["day_digit"], *match.span("day_digit")), ("日", match.end() - 1, match.end())]  # 60天 → 60日


def _arabic(numeral: str) -> str:
    try:
        return str(cn_to_int(numeral))
    except ValueError:
        return numeral


def _spread(start: int, end: int, length: int) -> list[int]:
    """Map ``length`` replacement characters onto the original span [start, end) (an empty span: its start)."""
    if end <= start:
        return [start] * length
    return [min(end - 1, start + (i * (end - start)) // length) for i in range(length)]


def load_synonyms(path: Path = DATA / "synonyms.yml") -> dict[str, tuple[str, ...]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(word): tuple(str(t) for t in targets) for word, targets in data.items()}


def load_stopwords(path: Path = DATA / "stopwords.txt") -> frozenset[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


class Analyzer:
    """Normalise, segment and filter Chinese text; expand queries with synonyms.

    Args:
        user_words: terms to keep whole (headings, defined terms, glossary terms of the site).
        synonyms: colloquial word → statute words; defaults to ``data/synonyms.yml``.
        stopwords: defaults to ``data/stopwords.txt``.
    """

    def __init__(self, user_words: Iterable[str] = (), synonyms: dict[str, tuple[str, ...]] | None = None,
                 stopwords: frozenset[str] | None = None):
        self.user_words = tuple(sorted({w for w in user_words if len(w) >= 2}))
        self.synonyms = load_synonyms() if synonyms is None else synonyms
        self.stopwords = load_stopwords() if stopwords is None else stopwords
        self._jieba = _segmenter(self.user_words + tuple(sorted(self.synonyms)))
        self._lock = threading.Lock()
        self.expansions = {word: tuple(dict.fromkeys(w for target in targets for w in self.words(target)))
                           for word, targets in self.synonyms.items()}
        """Synonym targets, analysed once: what a colloquial word adds to a query."""

    def terms(self, text: str) -> list[Term]:
        """Index-time analysis: every searchable term with its span in ``text``."""
        normalized, mapping = normalize(text)
        terms = []
        for word, start, end in self._pieces(normalized):
            word = word.strip()
            if not word or word in self.stopwords or not _searchable(word):
                continue
            terms.append(Term(word, mapping[start], mapping[end]))
        return terms

    def _pieces(self, normalized: str):
        """jieba's tokens, except that 第31条 (an article number) is always one term."""
        position = 0
        for match in _ORDINAL.finditer(normalized):
            yield from self._segment(normalized, position, match.start())
            yield match.group(), match.start(), match.end()
            position = match.end()
        yield from self._segment(normalized, position, len(normalized))

    def _segment(self, text: str, start: int, end: int):
        if start >= end:
            return
        with self._lock:
            pieces = self._jieba.tokenize(text[start:end], "search", True)
        for word, a, b in pieces:
            yield word, start + a, start + b

    def words(self, text: str) -> list[str]:
        return [term.text for term in self.terms(text)]

    def query(self, text: str) -> list[tuple[str, float]]:
        """Query-time analysis: (term, weight) pairs, the user's words at 1.0 and synonyms at a lower weight."""
        weights: dict[str, float] = {}
        for word in self.words(text):
            weights[word] = 1.0
        for word in list(weights):
            for piece in self.expansions.get(word, ()):
                weights.setdefault(piece, SYNONYM_WEIGHT)
        return list(weights.items())

    def broad_terms(self, text: str, vocabulary: Iterable[str]) -> list[tuple[str, float]]:
        """For a query that matched nothing: the index terms and lexicon words sharing a two-character piece with it
        (else one character), shortest first, a lexicon word with its statute words, at a low weight — so that a search box never answers with an empty page when
        the site has something near. The browser client does the same (``broadTerms``)."""
        runs = re.findall(r"[\u4e00-\u9fff]+", normalize(text)[0])
        words = set(vocabulary) | set(self.expansions)  # the lexicon's everyday words count as near, too
        for size in (2, 1):
            pieces = {run[i:i + size] for run in runs for i in range(len(run) - size + 1)} - self.stopwords
            found = sorted((word for word in words if any(piece in word for piece in pieces)),
                           key=lambda word: (len(word), word))[:BROAD_LIMIT]
            if found:
                terms = dict.fromkeys(term for word in found for term in (word, *self.expansions.get(word, ())))
                return [(term, BROAD_WEIGHT) for term in terms]
        return []

    def find(self, text: str, words) -> list[tuple[int, int]]:
        """Spans of ``text`` (as written) where any of ``words`` occurs after normalisation; for highlighting."""
        normalized, mapping = normalize(text)
        spans = []
        for word in words:
            at = normalized.find(word)
            while at >= 0:
                spans.append((mapping[at], mapping[at + len(word)]))
                at = normalized.find(word, at + len(word))
        return sorted(spans)


def _searchable(word: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in word) or bool(_TOKEN.fullmatch(word))


@lru_cache(maxsize=8)
def _segmenter(words: tuple[str, ...]) -> rjieba.Jieba:
    jieba = rjieba.Jieba()
    for word in words:
        jieba.add_word(word, 200_000, None)
    return jieba


class ChineseTokenizer(Tokenizer):
    """Whoosh tokenizer over :class:`Analyzer`, honouring positions/chars so highlighting and phrases work.

    Pickled into the index's schema: only the user words travel, the segmenter is rebuilt on load.
    """

    def __init__(self, user_words: Iterable[str] = ()):
        self.user_words = tuple(user_words)

    def __getstate__(self):
        return {"user_words": self.user_words}

    def __setstate__(self, state):
        self.user_words = state["user_words"]

    def __eq__(self, other):
        return isinstance(other, ChineseTokenizer) and other.user_words == self.user_words

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True, start_pos=0,
                 start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for position, term in enumerate(analyzer_for(self.user_words).terms(value)):
            token.text = term.text
            token.boost = 1.0
            if keeporiginal:
                token.original = token.text
            token.stopped = False
            if positions:
                token.pos = start_pos + position
            if chars:
                token.startchar = start_char + term.start
                token.endchar = start_char + term.end
            yield token


@lru_cache(maxsize=8)
def analyzer_for(user_words: tuple[str, ...]) -> Analyzer:
    return Analyzer(user_words)
